//! The `skyauth rbac` and `skyauth config` commands, run as a user would.

use std::process::{Command, Output};

fn skyauth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skyauth"))
        .args(args)
        .output()
        .expect("run skyauth")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn rbac_prints_the_same_manifest_as_the_golden_file() {
    let output = skyauth(&[
        "rbac",
        "--service-account",
        "sky-sa",
        "--namespace",
        "default",
        "--profile",
        "minimal",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/custom-minimal.rbac.yaml"
    ))
    .unwrap();
    assert_eq!(stdout(&output), golden);
}

#[test]
fn rbac_feature_flags_reach_the_manifest() {
    let output = skyauth(&[
        "rbac",
        "--service-account",
        "runner",
        "--namespace",
        "ml",
        "--ingress",
        "--ingress-namespace",
        "nginx",
        "--gpu-list",
        "--gpu-metrics",
        "--object-store",
        "--create-namespace",
        "--token-secret",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "name: runner-role-ingress-nginx",
        "namespace: nginx",
        "- kube-system",
        "name: runner-skypilot-system-role-binding-ml",
        "type: kubernetes.io/service-account-token",
        "kind: Namespace",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn invalid_input_names_the_field_exits_2_and_prints_nothing() {
    for (args, field) in [
        (vec!["rbac", "--namespace", "Bad_NS"], "namespace"),
        (
            vec!["rbac", "--service-account", "default\nkind: Secret"],
            "service_account",
        ),
        (
            vec!["rbac", "--ingress", "--ingress-namespace", "x: y"],
            "ingress_namespace",
        ),
        (
            vec!["config", "--remote-identity", "service_account"],
            "service_account",
        ),
        (
            vec![
                "config",
                "--allowed-context",
                "a",
                "--context-identity",
                "b=sky-sa",
            ],
            "remote_identity[a]",
        ),
        (
            vec!["config", "--context-identity", "no-equals-sign"],
            "remote_identity[no-equals-sign]",
        ),
    ] {
        let output = skyauth(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            output.stdout.is_empty(),
            "{args:?} printed {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains(&format!("error: {field}")),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn config_prints_the_snippet() {
    let output = skyauth(&[
        "config",
        "--remote-identity",
        "sky-sa",
        "--allowed-context",
        "gke-prod",
        "--allowed-context",
        "x: y",
        "--context-identity",
        "gke-prod=sky-sa",
        "--context-identity",
        "x: y=SERVICE_ACCOUNT",
        "--ports",
        "ingress",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "kubernetes:\n  allowed_contexts:\n  - gke-prod\n  - 'x: y'\n  remote_identity:\n    gke-prod: sky-sa\n    'x: y': SERVICE_ACCOUNT\n  ports: ingress\n"
    );
    let all = skyauth(&[
        "config",
        "--remote-identity",
        "LOCAL_CREDENTIALS",
        "--allowed-context",
        "all",
    ]);
    assert_eq!(
        stdout(&all),
        "kubernetes:\n  allowed_contexts: all\n  remote_identity: LOCAL_CREDENTIALS\n"
    );
}

#[test]
fn help_documents_every_flag_and_version_works() {
    let help = stdout(&skyauth(&["rbac", "--help"]));
    for flag in [
        "--service-account",
        "--namespace",
        "--profile",
        "--ingress",
        "--ingress-namespace",
        "--gpu-list",
        "--gpu-metrics",
        "--object-store",
        "--create-namespace",
        "--token-secret",
    ] {
        assert!(help.contains(flag), "rbac --help lacks {flag}");
    }
    let help = stdout(&skyauth(&["config", "--help"]));
    for flag in [
        "--remote-identity",
        "--allowed-context",
        "--context-identity",
        "--ports",
    ] {
        assert!(help.contains(flag), "config --help lacks {flag}");
    }
    let version = skyauth(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        stdout(&version).trim(),
        format!("skyauth {}", env!("CARGO_PKG_VERSION"))
    );
}
