//! Shared links round-trip every valid setup exactly, and are short for common ones.

use crate::support::fixtures;

use proptest::prelude::*;
use skyauth::analysis::codec::{decode, encode};
use skyauth::analysis::{handle, Answer, LinkView, Message, Query};
use skyauth::setup::{AuthMethod, Feature, PermissionProfile, Setup};
use skyauth::share::{from_fragment, read_link, to_fragment};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_setup_round_trips_through_its_link(setup in fixtures::valid_setup()) {
        let fragment = to_fragment(&setup);
        prop_assert!(!fragment.contains([' ', '#', '\n']), "{}", fragment);
        prop_assert_eq!(from_fragment::<Setup>(&fragment).expect("readable"), setup);
    }

    #[test]
    fn any_text_reads_back_or_fails_cleanly(fragment in "[ -~]{0,80}") {
        let _ = from_fragment::<Setup>(&fragment);
    }

    /// The page reads a link through the worker: the fragment crosses as a query, the setup
    /// comes back as the edits that make it, applied to the defaults by the reducer's `apply`.
    #[test]
    fn every_setup_reaches_the_page_through_the_worker(setup in fixtures::valid_setup()) {
        prop_assert_eq!(through_the_worker(&to_fragment(&setup)).setup(), setup);
    }

    /// Links with values a field does not take (or no link at all) read on the page as they
    /// read in the core: the same setup (but for empty per-context values, which an emptied
    /// field removes too) and the same settings left out.
    #[test]
    fn any_link_reads_on_the_page_as_in_the_core(
        pairs in proptest::collection::vec(
            (proptest::sample::select(LINK_PATHS), "[-a-zA-Z0-9._%\\[\\]\"]{0,12}"),
            0..8,
        ),
    ) {
        let fragment = pairs
            .iter()
            .map(|(path, value)| format!("{path}={value}"))
            .collect::<Vec<_>>()
            .join("&");
        let core = read_link::<Setup>(&fragment);
        let page = through_the_worker(&fragment);
        prop_assert_eq!(&page.left_out, &core.left_out);
        prop_assert_eq!(page.setup(), core.value.without_cleared_values());
    }
}

/// Settings a link may hold, with values random text gives some of.
const LINK_PATHS: &[&str] = &[
    "auth",
    "journey",
    "skypilot_version",
    "account.namespace",
    "account.profile",
    "account.token_secret",
    "launcher.enabled",
    "launcher.subject_kind",
    "contexts.allowed",
    "contexts.names",
    "contexts.identities.a",
    "features.ingress",
    "ports",
    "teams.team-1.namespace",
    "teams.team-2.contexts",
    "teams.x.context_identities.c",
    "teams.x.profile",
    "server.identity",
    "cloud_identity.provider",
    "cloud_identity.role_arn",
];

/// What the page gets for `fragment`: the worker's answer to the link query, decoded.
fn through_the_worker(fragment: &str) -> LinkView {
    let query = encode(&Message {
        id: 7,
        body: Query::Link(fragment.to_owned()),
    });
    let answer = handle(&query).expect("the query decodes");
    let message: Message<Answer> = decode(&answer).expect("the answer decodes");
    assert_eq!(message.id, 7);
    message.body.link().expect("a link's answer")
}

#[test]
fn a_typical_custom_setup_has_a_short_readable_link() {
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    };
    setup.account.namespace = "ml".into();
    setup.features.set(Feature::Ingress, true);
    assert_eq!(
        to_fragment(&setup),
        "auth=custom&account.namespace=ml&features.ingress=true"
    );
}

#[test]
fn links_from_before_the_catalogue_still_open() {
    // Written by the page of 2026-11-29, when features lived under the account.
    let old = "auth=custom&account.namespace=ml&account.profile=minimal\
               &account.features.ingress=true&account.features.ingress_namespace=nginx-system\
               &account.features.gpu_list=true&account.features.gpu_metrics=true\
               &account.features.object_store=true&account.features.create_namespace=true\
               &account.features.token_secret=true";
    let setup: Setup = from_fragment(old).expect("an old link opens");
    assert_eq!(setup.auth, AuthMethod::Custom);
    assert_eq!(setup.account.profile, PermissionProfile::Minimal);
    // The ingress controller's namespace is fixed now: the old setting is dropped.
    assert!(setup.account.create_namespace && setup.account.token_secret);
    let on: Vec<Feature> = setup.features.iter().collect();
    assert_eq!(
        on,
        [
            Feature::GpuList,
            Feature::GpuMetrics,
            Feature::Ingress,
            Feature::ObjectStore
        ]
    );
}

#[test]
fn the_documented_profile_of_old_links_is_namespace_admin() {
    let setup: Setup = from_fragment("auth=custom&account.profile=documented").unwrap();
    assert_eq!(setup.account.profile, PermissionProfile::NamespaceAdmin);
}
