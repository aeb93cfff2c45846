//! The CLI in a CI step (#26 item 3, in part): `-o`/`--output` say what `--format` says, and
//! `--fail-on error|warning|note` and `--exit-zero` decide the exit status of `doctor` and
//! `audit` (2 stays "could not read").

use crate::support::cli::skyauth;

fn code(args: &[&str]) -> Option<i32> {
    skyauth(args, b"").status.code()
}

#[test]
fn output_is_an_alias_of_format() {
    let file = "tests/kubeconfigs/gke-plugin.yaml";
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    let long = skyauth(&["doctor", &path, "--format", "json"], b"").stdout;
    assert!(long.starts_with(b"{"));
    for flag in ["-o", "--output"] {
        assert_eq!(
            skyauth(&["doctor", &path, flag, "json"], b"").stdout,
            long,
            "{flag}"
        );
    }
    let audit = format!(
        "{}/tests/golden/custom-minimal.rbac.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let patch = skyauth(&["audit", &audit, "-o", "json"], b"").stdout;
    assert_eq!(
        patch,
        skyauth(&["audit", &audit, "--format", "json"], b"").stdout
    );
}

/// The gke-plugin kubeconfig has one note on the default journey and a warning when it is
/// copied into pods; an API server's secret makes it an error.
#[test]
fn doctor_fails_at_the_level_asked_for() {
    let path = format!(
        "{}/tests/kubeconfigs/gke-plugin.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let doctor = |extra: &[&str]| {
        let mut args = vec!["doctor", path.as_str()];
        args.extend(extra);
        code(&args)
    };
    // A note only.
    assert_eq!(doctor(&[]), Some(0));
    assert_eq!(doctor(&["--fail-on", "warning"]), Some(0));
    assert_eq!(doctor(&["--fail-on", "note"]), Some(1));
    // A warning.
    let copied = ["--remote-identity", "LOCAL_CREDENTIALS"];
    assert_eq!(doctor(&copied), Some(0));
    assert_eq!(
        doctor(&[&copied[..], &["--fail-on", "warning"]].concat()),
        Some(1)
    );
    // An error, unless --exit-zero.
    assert_eq!(doctor(&["--api-server"]), Some(1));
    assert_eq!(doctor(&["--api-server", "--exit-zero"]), Some(0));
    // Unreadable input stays 2, and a level that is not one is refused.
    assert_eq!(code(&["doctor", "/nonexistent", "--exit-zero"]), Some(2));
    let refused = skyauth(&["doctor", &path, "--fail-on", "info"], b"");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("use error, warning or note"));
}

/// Cluster-admin is granted with a far-beyond warning and a note; minimal is granted with
/// neither, and misses gpu-metrics when it is asked for.
#[test]
fn audit_fails_at_the_level_asked_for() {
    let file = |name: &str| {
        format!(
            "{}/tests/golden/{name}.rbac.yaml",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let (admin, minimal) = (file("custom-cluster-admin"), file("custom-minimal"));
    assert_eq!(code(&["audit", &admin]), Some(0));
    assert_eq!(code(&["audit", &admin, "--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["audit", &admin, "--fail-on", "note"]), Some(1));
    assert_eq!(code(&["audit", &minimal, "--fail-on", "note"]), Some(0));
    let missing = ["audit", minimal.as_str(), "--features", "core,gpu-metrics"];
    assert_eq!(code(&missing), Some(1));
    assert_eq!(code(&[&missing[..], &["--exit-zero"]].concat()), Some(0));
}
