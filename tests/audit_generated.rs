//! The generator and the audit check each other: every generated custom-account manifest audits
//! as fully granted for the features it was generated for, and any manifest plus the audit's
//! patch audits as fully granted for every feature.

mod common;

use proptest::prelude::*;
use skyauth::audit::{audit, AuditFeature, AuditRequest, Namespaces, Status, Subject};
use skyauth::generate::generate;
use skyauth::setup::{AuthMethod, Setup};

/// The audit request matching a custom-account setup.
fn request_for(setup: &Setup, selected: Vec<AuditFeature>) -> AuditRequest {
    let account = &setup.account;
    AuditRequest {
        subject: Subject::ServiceAccount {
            namespace: account.namespace.clone(),
            name: account.name.clone(),
        },
        namespaces: Namespaces {
            launch: account.namespace.clone(),
            ingress: account.features.ingress_namespace.clone(),
        },
        selected,
    }
}

fn assert_generated_output_is_granted(name: &str, setup: &Setup) {
    let output = generate(setup).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let manifest = output.manifest.expect("a custom account has a manifest");
    let expected = AuditFeature::for_account(&setup.account);
    let result = audit(&manifest, &request_for(setup, expected.clone()))
        .unwrap_or_else(|e| panic!("{name}: the generated manifest is unreadable: {e}"));
    for report in &result.features {
        if expected.contains(&report.feature) {
            assert_eq!(
                report.status,
                Status::Granted,
                "{name}: {} is not granted; missing {:?}\n{manifest}",
                report.feature,
                report
                    .missing
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            );
        }
    }
    assert!(result.all_selected_granted(), "{name}");
    assert!(result.patch.is_none(), "{name}: nothing to patch");
    // Only cluster-admin is flagged as beyond SkyPilot's needs.
    let admin = setup.account.profile == skyauth::setup::PermissionProfile::ClusterAdmin;
    assert_eq!(
        !result.warnings.is_empty(),
        admin,
        "{name}: {:?}",
        result.warnings
    );
}

#[test]
fn every_golden_custom_account_audits_as_granted() {
    let mut checked = 0;
    for (name, setup) in common::golden_cases() {
        if setup.auth == AuthMethod::Custom {
            assert_generated_output_is_granted(name, &setup);
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} custom golden cases");
}

fn custom_setup() -> impl Strategy<Value = Setup> {
    common::valid_setup().prop_map(|mut setup| {
        setup.auth = AuthMethod::Custom;
        setup
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn generated_manifests_audit_as_granted_for_their_features(setup in custom_setup()) {
        prop_assume!(skyauth::setup::validate(&setup).is_empty());
        assert_generated_output_is_granted("random setup", &setup);
    }

    /// Whatever profile was generated, the patch for every feature closes every gap.
    #[test]
    fn the_patch_grants_exactly_what_was_missing(setup in custom_setup()) {
        prop_assume!(skyauth::setup::validate(&setup).is_empty());
        let manifest = generate(&setup).unwrap().manifest.unwrap();
        let request = request_for(&setup, AuditFeature::ALL.to_vec());
        let before = audit(&manifest, &request).unwrap();
        let after = match &before.patch {
            Some(patch) => audit(&format!("{manifest}\n{patch}"), &request).unwrap(),
            None => before.clone(),
        };
        prop_assert!(after.all_selected_granted(), "{:?}", after.features);
        prop_assert!(after.patch.is_none());
        // The patch adds no excess of its own.
        prop_assert_eq!(&after.warnings, &before.warnings);
        // And it grants nothing already held: its permissions are the missing ones only.
        let missing: usize = before.features.iter().map(|r| r.missing.len()).sum();
        prop_assert_eq!(missing == 0, before.patch.is_none());
    }
}

#[test]
fn an_empty_cluster_gets_a_patch_for_every_selected_feature_and_nothing_else() {
    let request = AuditRequest::new(
        "team/sky-sa".parse().unwrap(),
        vec![AuditFeature::CoreLaunch, AuditFeature::GpuMetrics],
    );
    let result = audit("kind: List\nitems: []\n", &request).unwrap();
    assert!(!result.all_selected_granted());
    let patch = result.patch.expect("a patch");
    let again = audit(&patch, &request).unwrap();
    assert!(again.all_selected_granted());
    for report in &again.features {
        if !report.selected {
            assert_ne!(
                report.status,
                Status::Granted,
                "{} was not asked for",
                report.feature
            );
        }
    }
    assert!(patch.contains("resourceNames:\n  - kube-system"), "{patch}");
}
