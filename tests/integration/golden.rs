//! Golden files: the generated manifest and config of a representative matrix of setups,
//! checked byte for byte against tests/golden/.
//!
//! After an intended change, rewrite them with
//! `SKYAUTH_UPDATE_GOLDEN=1 cargo test --features ssr --test integration golden` and review the diff.

use crate::support::fixtures;

use std::fs;
use std::path::PathBuf;

use skyauth::generate::generate;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn generated_output_matches_the_golden_files() {
    let update = std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (name, setup) in fixtures::golden_cases()
        .into_iter()
        .chain(fixtures::cloud_identity_cases())
    {
        let output =
            generate(&setup).unwrap_or_else(|errors| panic!("{name} is invalid: {errors:?}"));
        let files = [
            (format!("{name}.rbac.yaml"), output.manifest.clone()),
            (format!("{name}.config.yaml"), Some(output.config.clone())),
        ];
        for (file, expected) in files {
            let path = golden_dir().join(&file);
            match (expected, update) {
                (Some(text), true) => fs::write(&path, text).expect("write golden file"),
                (None, true) => {
                    let _ = fs::remove_file(&path);
                }
                (expected, false) => {
                    let actual = fs::read_to_string(&path).ok();
                    if actual != expected {
                        mismatches.push(file);
                    }
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated output differs from tests/golden/ for {mismatches:?}; if intended, run \
         SKYAUTH_UPDATE_GOLDEN=1 cargo test --features ssr --test integration golden and review the diff"
    );
}

#[test]
fn there_are_no_stale_golden_files() {
    let expected: Vec<String> = fixtures::golden_cases()
        .into_iter()
        .chain(fixtures::cloud_identity_cases())
        .flat_map(|(name, _)| [format!("{name}.rbac.yaml"), format!("{name}.config.yaml")])
        .collect();
    for entry in fs::read_dir(golden_dir()).expect("tests/golden exists") {
        let file = entry
            .expect("dir entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        // Helm values are checked by tests/helm.rs, the teams' files by tests/teams.rs.
        if file.starts_with("helm-") || file.starts_with("teams-") {
            continue;
        }
        // `verify-*.sh` are tests/verify_script.rs's, `explain-*` tests/explain.rs's.
        assert!(
            expected.contains(&file) || file.starts_with("verify-") || file.starts_with("explain-"),
            "tests/golden/{file} belongs to no case"
        );
    }
}
