//! The GitHub Action (#26 item 4): `action/run.sh`, as `action.yml` runs it, installs a
//! release from a local copy of the release page (archives made by `scripts/release.sh` from
//! the built binary), checks it against SHA256SUMS, audits two files into one SARIF log with a
//! run per file, and fails the step as `--fail-on` says; a tampered archive is refused.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_action(releases: &Path, sarif: &Path, args: &str) -> Output {
    Command::new("bash")
        .arg(root().join("action/run.sh"))
        .current_dir(root())
        .env("SKYAUTH_ACTION_VERSION", "v9.8.7")
        .env("SKYAUTH_ACTION_COMMAND", "audit")
        .env(
            "SKYAUTH_ACTION_FILES",
            "tests/golden/custom-minimal.rbac.yaml\ntests/golden/custom-cluster-admin.rbac.yaml",
        )
        .env("SKYAUTH_ACTION_ARGS", args)
        .env("SKYAUTH_ACTION_SARIF", sarif)
        .env("SKYAUTH_RELEASES", format!("file://{}", releases.display()))
        .output()
        .expect("run action/run.sh")
}

#[test]
fn the_action_installs_a_checked_release_and_writes_one_sarif_log() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        eprintln!("SKIPPED: the test's local release is a Linux x86_64 archive");
        return;
    }
    let dir = std::env::temp_dir().join(format!("skyauth-action-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let release = dir.join("releases/v9.8.7");
    fs::create_dir_all(&release).unwrap();
    let pack = |args: &[&str]| {
        let out = Command::new("bash")
            .arg(root().join("scripts/release.sh"))
            .args(args)
            .env("SKYAUTH_VERSION", "v9.8.7")
            .env("SKYAUTH_BINARY", env!("CARGO_BIN_EXE_skyauth"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let release_dir = release.to_str().unwrap();
    pack(&["binary", "x86_64-unknown-linux-musl", release_dir]);
    pack(&["sums", release_dir]);

    let sarif = dir.join("skyauth.sarif");
    let passed = run_action(&dir.join("releases"), &sarif, "");
    assert_eq!(
        passed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&passed.stderr)
    );
    let log: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    let typed: Result<serde_sarif::sarif::Sarif, _> = serde_json::from_value(log.clone());
    assert!(typed.is_ok(), "{typed:?}");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    let uri = &runs[1]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "tests/golden/custom-cluster-admin.rbac.yaml");
    // Cluster-admin's far-beyond warning fails the step at --fail-on warning.
    let failed = run_action(&dir.join("releases"), &sarif, "--fail-on warning");
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );

    // A tampered archive is refused before it runs.
    let archive = release.join("skyauth-v9.8.7-x86_64-unknown-linux-musl.tar.gz");
    let mut bytes = fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tampered");
    fs::write(&archive, bytes).unwrap();
    let refused = run_action(&dir.join("releases"), &sarif, "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("does not match its SHA-256"));
    let _ = fs::remove_dir_all(&dir);
}
