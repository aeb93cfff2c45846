//! Generated object names are injective in (namespace, account): two custom accounts never
//! share an object (a second team's manifest never replaces the first's binding), every name
//! is a DNS-1123 subdomain of at most 253 characters, and the audit's patch is named per
//! subject (the patch for `team2/sky-sa` never replaces the one for `ml/sky-sa`).

use std::collections::BTreeSet;

use proptest::prelude::*;
use skyauth::audit::{patch_name, Subject};
use skyauth::catalogue::{FeatureSet, PermissionProfile};
use skyauth::generate::generate;
use skyauth::setup::names::is_rfc1123_subdomain;
use skyauth::setup::{validate, AuthMethod, CustomAccount, Setup};

/// Every object of the account's manifest with every feature, as (kind, namespace, name);
/// Namespace objects are shared on purpose and left out.
fn objects(
    namespace: &str,
    name: &str,
    profile: PermissionProfile,
) -> BTreeSet<(String, String, String)> {
    let setup = Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            namespace: namespace.into(),
            name: name.into(),
            profile,
            token_secret: true,
            ..CustomAccount::default()
        },
        features: FeatureSet::all_optional(),
        ..Setup::default()
    };
    assert!(validate(&setup).is_empty(), "{namespace}/{name}");
    generate(&setup)
        .unwrap()
        .objects
        .iter()
        .filter(|o| o.kind() != "Namespace")
        .map(|o| {
            (
                o.kind().to_owned(),
                o.namespace().unwrap_or_default().to_owned(),
                o.name().to_owned(),
            )
        })
        .collect()
}

fn shared(
    a: (&str, &str),
    b: (&str, &str),
    profile: PermissionProfile,
) -> Vec<(String, String, String)> {
    let first = objects(a.0, a.1, profile);
    let second = objects(b.0, b.1, profile);
    first.intersection(&second).cloned().collect()
}

#[test]
fn team_a_sky_and_a_sky_team_share_no_object() {
    for profile in PermissionProfile::ALL {
        let both = shared(("team-a", "sky"), ("a", "sky-team"), profile);
        assert!(both.is_empty(), "{profile:?}: {both:?}");
    }
    let names: Vec<String> = objects("team-a", "sky", PermissionProfile::Minimal)
        .into_iter()
        .filter(|(kind, _, _)| kind.starts_with("Cluster"))
        .map(|(_, _, name)| name)
        .collect();
    assert_eq!(
        names,
        ["sky.team-a.cluster-role", "sky.team-a.cluster-role-binding"]
    );
}

#[test]
fn patches_of_two_accounts_of_the_same_name_differ() {
    let ml = Subject::ServiceAccount {
        namespace: "ml".into(),
        name: "sky-sa".into(),
    };
    let team2 = Subject::ServiceAccount {
        namespace: "team2".into(),
        name: "sky-sa".into(),
    };
    assert_ne!(patch_name(&ml, false), patch_name(&team2, false));
    assert_eq!(patch_name(&ml, false), "sky-sa.ml.patch");
    assert_eq!(patch_name(&ml, true), "sky-sa.ml.patch-binding");
    // A user and a group of the same name, and names that differ only in what is not a
    // label character, get patches of their own.
    let user = Subject::User("alice".into());
    let group = Subject::Group("alice".into());
    assert_ne!(patch_name(&user, false), patch_name(&group, false));
    assert_ne!(
        patch_name(&Subject::User("alice@x".into()), false),
        patch_name(&Subject::User("alice/x".into()), false)
    );
}

/// Names made of few letters, `-` and `.`, so that structural collisions are likely.
fn namespace() -> impl Strategy<Value = String> {
    "[ab]([ab-]{0,4}[ab])?"
}

fn account() -> impl Strategy<Value = String> {
    "[ab]([ab.-]{0,5}[ab])?".prop_filter("a subdomain", |name| is_rfc1123_subdomain(name))
}

fn subject() -> impl Strategy<Value = Subject> {
    prop_oneof![
        (namespace(), account())
            .prop_map(|(namespace, name)| Subject::ServiceAccount { namespace, name }),
        "[ab@./ -]{1,6}".prop_map(Subject::User),
        "[ab@./ -]{1,6}".prop_map(Subject::Group),
        namespace().prop_map(Subject::User),
        account().prop_map(Subject::Group),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn distinct_accounts_never_share_an_object(
        a in (namespace(), account()),
        b in (namespace(), account()),
        profile in proptest::sample::select(PermissionProfile::ALL.to_vec()),
    ) {
        prop_assume!(a != b);
        let both = shared((&a.0, &a.1), (&b.0, &b.1), profile);
        prop_assert!(both.is_empty(), "{a:?} and {b:?} share {both:?}");
    }

    /// Two accounts whose name and namespace are one text split at two different `-`: the
    /// pairs a separator-joined naming confuses (`team-a/sky` and `a/sky-team`).
    #[test]
    fn accounts_split_from_the_same_words_never_share_an_object(
        words in proptest::collection::vec("[ab]{1,2}", 2..5),
        first in any::<proptest::sample::Index>(),
        second in any::<proptest::sample::Index>(),
        profile in proptest::sample::select(PermissionProfile::ALL.to_vec()),
    ) {
        let split = |index: &proptest::sample::Index| {
            let at = 1 + index.index(words.len() - 1);
            (words[at..].join("-"), words[..at].join("-"))
        };
        let (a, b) = (split(&first), split(&second));
        prop_assume!(a != b);
        let both = shared((&a.0, &a.1), (&b.0, &b.1), profile);
        prop_assert!(both.is_empty(), "{a:?} and {b:?} share {both:?}");
    }

    #[test]
    fn every_name_is_a_dns_subdomain_within_253_characters(
        namespace in "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
        name in "[a-z0-9]([a-z0-9.-]{0,150}[a-z0-9])?"
            .prop_filter("a subdomain", |name| is_rfc1123_subdomain(name)),
    ) {
        for (kind, _, object) in objects(&namespace, &name, PermissionProfile::Minimal) {
            prop_assert!(is_rfc1123_subdomain(&object), "{kind} {object}");
        }
        let subject = Subject::ServiceAccount { namespace, name };
        for binding in [false, true] {
            let patch = patch_name(&subject, binding);
            prop_assert!(is_rfc1123_subdomain(&patch), "{patch}");
        }
    }

    #[test]
    fn distinct_subjects_get_distinct_patch_names(a in subject(), b in subject()) {
        prop_assume!(a != b);
        for binding in [false, true] {
            prop_assert_ne!(patch_name(&a, binding), patch_name(&b, binding));
            let name = patch_name(&a, binding);
            prop_assert!(is_rfc1123_subdomain(&name) && name.len() <= 253, "{name}");
        }
    }
}
