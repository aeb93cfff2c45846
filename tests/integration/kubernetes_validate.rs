//! Oracle: generated manifests pass `kubernetes-validate --strict` against the Kubernetes 1.33
//! schemas (the version of our k8s-openapi feature): the golden matrix plus a few hundred
//! random setups from a fixed seed, and the RBAC audit's patch for each custom account.
//!
//! Needs `SKYAUTH_KUBERNETES_VALIDATE` (the test command points it at build/venv); without it
//! the test fails when `SKYAUTH_REQUIRE_ORACLES=1`, and otherwise says loudly that it skipped.

use crate::support::fixtures;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use skyauth::audit::{audit, AuditRequest, Subject};
use skyauth::generate::generate;

const RANDOM_SETUPS: usize = 200;

#[test]
fn generated_manifests_pass_kubernetes_validate_strict() {
    if fixtures::oracle("SKYAUTH_KUBERNETES_VALIDATE", "kubernetes-validate").is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("skyauth-kv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    let mut setups: Vec<(String, skyauth::setup::Setup)> = fixtures::golden_cases()
        .into_iter()
        .chain(fixtures::cloud_identity_cases())
        .map(|(name, setup)| (name.to_owned(), setup))
        .collect();
    let mut runner = TestRunner::deterministic();
    let strategy = fixtures::valid_setup();
    for index in 0..RANDOM_SETUPS {
        let setup = strategy.new_tree(&mut runner).expect("a setup").current();
        setups.push((format!("random-{index:03}"), setup));
    }

    let mut files = Vec::new();
    let mut patches = 0;
    for (name, setup) in &setups {
        let output = generate(setup).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        if let Some(manifest) = output.manifest {
            // The audit's patch for every feature is written like the generator's output and
            // must pass the same schema check.
            if setup.auth == skyauth::setup::AuthMethod::Custom {
                let subject = Subject::ServiceAccount {
                    namespace: setup.account.namespace.clone(),
                    name: setup.account.name.clone(),
                };
                let request = AuditRequest::new(subject, skyauth::catalogue::Feature::ALL.to_vec());
                let result = audit(&manifest, &request).expect("generated manifests are readable");
                if let Some(patch) = result.patch {
                    let path = dir.join(format!("{name}-patch.yaml"));
                    std::fs::write(&path, patch).expect("write patch");
                    files.push(path);
                    patches += 1;
                }
            }
            let path = dir.join(format!("{name}.yaml"));
            std::fs::write(&path, manifest).expect("write manifest");
            files.push(path);
        }
    }
    assert!(
        files.len() > 100,
        "only {} manifests to validate",
        files.len()
    );

    assert!(patches > 20, "only {patches} audit patches to validate");

    fixtures::assert_kubernetes_valid("generated manifests", &files);
    let _ = std::fs::remove_dir_all(&dir);
}
