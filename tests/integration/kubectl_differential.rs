//! Differential test against kubectl: for every corpus file, the doctor loads exactly the files
//! that `kubectl config view` loads, and finds the same contexts.
//!
//! "Loads" for the doctor means: it parses the file and reports no `duplicate-name` or
//! `invalid-base64` finding (kubectl refuses such files outright; the doctor diagnoses the file
//! and says why).
//! Dangling references are loadable by both: kubectl only fails when one is used, and the
//! doctor reports them as findings. Needs kubectl (`SKYAUTH_KUBECTL` or on PATH); without it
//! the test fails when `SKYAUTH_REQUIRE_ORACLES=1` and otherwise says loudly that it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use skyauth::doctor::{diagnose, FindingCode, Journey};

fn kubectl() -> Option<PathBuf> {
    let candidate = std::env::var_os("SKYAUTH_KUBECTL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("kubectl"));
    let works = Command::new(&candidate)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    match (works, std::env::var("SKYAUTH_REQUIRE_ORACLES").as_deref()) {
        (true, _) => Some(candidate),
        (false, Ok("1")) => {
            panic!("kubectl not found (SKYAUTH_KUBECTL or PATH) but SKYAUTH_REQUIRE_ORACLES=1")
        }
        (false, _) => {
            eprintln!("\n*** SKIPPED kubectl differential test: install kubectl or set SKYAUTH_KUBECTL ***\n");
            None
        }
    }
}

/// The context names kubectl sees, or `None` when it refuses the file.
fn kubectl_contexts(kubectl: &Path, file: &Path) -> Option<Vec<String>> {
    let output = Command::new(kubectl)
        .args(["config", "view", "-o", "json", "--kubeconfig"])
        .arg(file)
        .env_remove("KUBECONFIG")
        .output()
        .expect("run kubectl");
    if !output.status.success() {
        return None;
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("kubectl prints JSON");
    let mut names: Vec<String> = json["contexts"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    Some(names)
}

/// The context names the doctor sees, or `None` when it would not load the file.
fn doctor_contexts(file: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    let diagnosis = diagnose(&text, &Journey::LocalCredentials).ok()?;
    if diagnosis.findings.iter().any(|f| {
        matches!(
            f.code,
            FindingCode::DuplicateName | FindingCode::InvalidBase64
        )
    }) {
        return None;
    }
    let mut names: Vec<String> = diagnosis.contexts.into_iter().map(|c| c.name).collect();
    names.sort();
    Some(names)
}

#[test]
fn the_doctor_loads_what_kubectl_loads_and_sees_the_same_contexts() {
    let Some(kubectl) = kubectl() else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kubeconfigs");
    let mut checked = 0;
    let mut rejected = 0;
    for entry in std::fs::read_dir(dir).expect("corpus dir") {
        let file = entry.expect("entry").path();
        let expected = kubectl_contexts(&kubectl, &file);
        let actual = doctor_contexts(&file);
        assert_eq!(actual, expected, "{}: doctor vs kubectl", file.display());
        checked += 1;
        rejected += usize::from(expected.is_none());
    }
    assert!(
        checked >= 20 && rejected >= 5,
        "corpus too small: {checked} files, {rejected} rejected"
    );
}
