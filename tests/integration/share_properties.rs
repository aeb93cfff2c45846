//! Shared links round-trip every valid setup exactly, and are short for common ones.

use crate::support::fixtures;

use proptest::prelude::*;
use skyauth::setup::{AuthMethod, Feature, PermissionProfile, Setup};
use skyauth::share::{from_fragment, to_fragment};

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
