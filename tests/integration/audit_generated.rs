//! The generator and the audit check each other: every generated custom-account manifest audits
//! as fully granted for the features it was generated for, and any manifest plus the audit's
//! patch audits as fully granted for every feature.

use crate::support::fixtures;

use proptest::prelude::*;
use skyauth::audit::{audit, AuditRequest, Status, Subject};
use skyauth::catalogue::Feature;
use skyauth::generate::generate;
use skyauth::setup::{AuthMethod, Setup};

/// The audit request matching a setup, with `selected` instead of what its RBAC is for.
fn request_for(setup: &Setup, selected: Vec<Feature>) -> AuditRequest {
    AuditRequest {
        selected,
        ..AuditRequest::for_setup(setup)
    }
}

/// What applying the `kubernetes:` section's RBAC applies: with teams, the shared file first
/// (what the section shares with them is left there), then its own manifest.
fn section_rbac(output: &skyauth::generate::Output) -> String {
    let parts: Vec<&str> = output
        .section_shared_file()
        .and_then(|file| file.manifest.as_deref())
        .into_iter()
        .chain(output.manifest.as_deref())
        .collect();
    assert!(!parts.is_empty(), "a custom account has RBAC to apply");
    parts.join("\n")
}

fn assert_generated_output_is_granted(name: &str, setup: &Setup) {
    let output = generate(setup).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let manifest = section_rbac(&output);
    let request = AuditRequest::for_setup(setup);
    let expected = request.selected.clone();
    let result = audit(&manifest, &request)
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
    for (name, setup) in fixtures::golden_cases() {
        if setup.auth == AuthMethod::Custom {
            assert_generated_output_is_granted(&name, &setup);
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} custom golden cases");
}

fn custom_setup() -> impl Strategy<Value = Setup> {
    fixtures::valid_setup().prop_map(|mut setup| {
        // The API-server journey's RBAC is checked in tests/helm.rs.
        setup.deployment = skyauth::setup::Deployment::Cli;
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
        let manifest = section_rbac(&generate(&setup).unwrap());
        let request = request_for(&setup, Feature::ALL.to_vec());
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

/// The launcher RBAC generated for a keyword mode audits as granted for the managed account,
/// core launch and its features, for its user, group or service account, in its namespace.
fn assert_launcher_rbac_is_granted(name: &str, setup: &Setup) {
    let manifest = generate(setup).unwrap().manifest.expect("launcher RBAC");
    let request = AuditRequest::for_setup(setup);
    assert!(
        request.selected.contains(&Feature::ManagedAccount),
        "{name}"
    );
    assert!(request.selected.contains(&Feature::Core), "{name}");
    for feature in setup.features.iter() {
        assert!(request.selected.contains(&feature), "{name}: {feature:?}");
    }
    let result = audit(&manifest, &request).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        result.all_selected_granted(),
        "{name}: {:?}\n{manifest}",
        result.features
    );
    assert!(result.warnings.is_empty(), "{name}: {:?}", result.warnings);
}

#[test]
fn every_golden_launcher_rbac_audits_as_granted() {
    let mut checked = 0;
    for (name, setup) in fixtures::golden_cases() {
        if setup.wants_launcher_rbac() {
            assert_launcher_rbac_is_granted(&name, &setup);
            checked += 1;
        }
    }
    assert!(checked >= 2, "only {checked} launcher golden cases");
}

#[test]
fn the_managed_account_needs_everything_in_the_namespace_as_one_permission() {
    let request = AuditRequest::new(Subject::User("alice".into()), vec![Feature::ManagedAccount]);
    // Each verb listed on each resource is not `*` on `*`: such a role cannot grant SkyPilot's.
    let listed = "kind: List
items:
- kind: Role
  metadata: {name: r, namespace: default}
  rules: [{apiGroups: [''], resources: [pods, services, secrets, serviceaccounts], verbs: [get, list, watch, create, update, patch, delete]}]
- kind: RoleBinding
  metadata: {name: rb, namespace: default}
  roleRef: {kind: Role, name: r}
  subjects: [{kind: User, name: alice}]
";
    let result = audit(listed, &request).unwrap();
    let report = result
        .features
        .iter()
        .find(|r| r.feature == Feature::ManagedAccount)
        .unwrap();
    let missing: Vec<String> = report.missing.iter().map(ToString::to_string).collect();
    assert!(
        missing.contains(&"* */* in default".to_owned()),
        "{missing:?}"
    );
    assert!(
        missing.contains(&"create rbac.authorization.k8s.io/clusterroles cluster-wide".to_owned())
    );
    // The patch grants the wildcard as one rule, in the launcher's namespace.
    let patch = result.patch.expect("a patch");
    assert!(
        patch.contains("apiGroups:\n  - '*'\n  resources:\n  - '*'\n  verbs:\n  - '*'"),
        "{patch}"
    );
}

fn launcher_setup() -> impl Strategy<Value = Setup> {
    fixtures::valid_setup().prop_map(|mut setup| {
        setup.deployment = skyauth::setup::Deployment::Cli;
        setup.auth = AuthMethod::ServiceAccount;
        setup.launcher.enabled = true;
        setup
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn generated_launcher_rbac_audits_as_granted(setup in launcher_setup()) {
        prop_assume!(skyauth::setup::validate(&setup).is_empty());
        assert_launcher_rbac_is_granted("random launcher setup", &setup);
    }
}

#[test]
fn an_empty_cluster_gets_a_patch_for_every_selected_feature_and_nothing_else() {
    let request = AuditRequest::new(
        "team/sky-sa".parse().unwrap(),
        vec![Feature::Core, Feature::GpuMetrics],
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

/// Launcher RBAC as skyauth wrote it before 2026-12 (nothing in skypilot-system) fails the
/// managed-account audit: every launch creates a Role there with the launcher's rights.
#[test]
fn launcher_rbac_without_skypilot_system_fails_the_managed_account_audit() {
    let mut setup = Setup {
        auth: AuthMethod::ServiceAccount,
        ..Setup::default()
    };
    setup.launcher.enabled = true;
    setup.launcher.subject = "alice@example.com".into();
    let manifest = generate(&setup).unwrap().manifest.unwrap();
    let old: Vec<&str> = manifest
        .split("\n---\n")
        .filter(|document| !document.contains("namespace: skypilot-system"))
        .collect();
    assert!(
        old.len() < manifest.split("\n---\n").count(),
        "the skypilot-system part exists"
    );
    let request = AuditRequest::for_setup(&setup);
    let result = audit(&old.join("\n---\n"), &request).unwrap();
    assert!(!result.all_selected_granted());
    let managed = result
        .features
        .iter()
        .find(|report| report.feature == Feature::ManagedAccount)
        .unwrap();
    assert!(managed
        .missing
        .iter()
        .any(|permission| permission.to_string().ends_with("in skypilot-system")));
}

/// #22.10: a custom account's launcher gets its RBAC too: bound to the account's roles, it
/// audits as granted for what the account's RBAC is for, in the account's namespace (what a
/// launch needs, since SkyPilot creates the pods with the launcher's rights); the account
/// itself stays granted. From the page's setup and from `skyauth rbac --bind-launcher`.
#[test]
fn a_custom_accounts_launcher_is_bound_and_audits_as_granted() {
    use skyauth::catalogue::PermissionProfile;
    use skyauth::setup::{Launcher, SubjectKind};
    for (profile, kind, subject) in [
        (
            PermissionProfile::Minimal,
            SubjectKind::User,
            "alice@example.com",
        ),
        (
            PermissionProfile::NamespaceAdmin,
            SubjectKind::Group,
            "ml-team",
        ),
        (
            PermissionProfile::Minimal,
            SubjectKind::ServiceAccount,
            "ci/runner",
        ),
    ] {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            launcher: Launcher {
                enabled: true,
                subject_kind: kind,
                subject: subject.into(),
                ..Launcher::default()
            },
            ..Setup::default()
        };
        setup.account.namespace = "ml".into();
        setup.account.profile = profile;
        for feature in Feature::optional() {
            setup.features.set(feature, true);
        }
        assert!(setup.wants_custom_launcher());
        let output = generate(&setup).expect("valid");
        let manifest = output.manifest.expect("a manifest");
        let selected = AuditRequest::for_setup(&setup).selected;
        let launcher = match kind {
            SubjectKind::User => Subject::User(subject.into()),
            SubjectKind::Group => Subject::Group(subject.into()),
            SubjectKind::ServiceAccount => Subject::ServiceAccount {
                namespace: "ci".into(),
                name: "runner".into(),
            },
        };
        let mut request = AuditRequest::new(launcher, selected.clone());
        request.namespaces.launch = "ml".into();
        let result = audit(&manifest, &request).unwrap();
        assert!(
            result.all_selected_granted(),
            "{subject}: {:?}",
            result.features
        );
        let account = audit(&manifest, &AuditRequest::for_setup(&setup)).unwrap();
        assert!(account.all_selected_granted());
        assert!(
            output
                .notes
                .iter()
                .any(|n| n.contains("is bound to the same roles")),
            "{:?}",
            output.notes
        );
    }
    // The CLI writes the same manifest.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_skyauth"))
        .args(["rbac", "--namespace", "ml", "--profile", "minimal"])
        .args(["--bind-launcher", "user:alice@example.com"])
        .output()
        .expect("run skyauth rbac");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let mut page = Setup {
        auth: AuthMethod::Custom,
        launcher: skyauth::setup::Launcher {
            enabled: true,
            subject: "alice@example.com".into(),
            ..skyauth::setup::Launcher::default()
        },
        ..Setup::default()
    };
    page.account.namespace = "ml".into();
    page.account.profile = PermissionProfile::Minimal;
    assert_eq!(
        String::from_utf8_lossy(&cli.stdout),
        generate(&page).unwrap().manifest.unwrap()
    );
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_skyauth"))
        .args([
            "rbac",
            "--profile",
            "cluster-admin",
            "--bind-launcher",
            "user:alice",
        ])
        .output()
        .expect("run skyauth rbac");
    assert_eq!(refused.status.code(), Some(2));
}
