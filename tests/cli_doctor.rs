//! `skyauth doctor` as a user runs it: exit codes, JSON shape, stdin, errors on stderr.

mod support;

use std::process::Output;

fn doctor(args: &[&str], stdin: &[u8]) -> Output {
    support::cli::skyauth(&[&["doctor"], args].concat(), stdin)
}

fn corpus(file: &str) -> String {
    format!("{}/tests/kubeconfigs/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn exit_status_is_0_without_errors_1_with_errors_2_when_unreadable() {
    assert_eq!(doctor(&[&corpus("token.yaml")], b"").status.code(), Some(0));
    assert_eq!(
        doctor(&[&corpus("gke-plugin.yaml")], b"").status.code(),
        Some(1)
    );
    assert_eq!(
        doctor(
            &[
                &corpus("gke-plugin.yaml"),
                "--remote-identity",
                "SERVICE_ACCOUNT"
            ],
            b""
        )
        .status
        .code(),
        Some(0)
    );
    for (args, input) in [
        (vec![corpus("reject-pod.yaml")], &b""[..]),
        (vec!["-".to_owned()], &b"}{ not yaml"[..]),
        (vec!["-".to_owned()], &b""[..]),
        (vec!["/nonexistent/kubeconfig".to_owned()], &b""[..]),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = doctor(&args, input);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
}

#[test]
fn json_has_the_documented_shape() {
    let text = std::fs::read(corpus("multi-context-mixed.yaml")).unwrap();
    let output = doctor(&["-", "--format", "json"], &text);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["current_context"], "prod-sa");
    let keys = |value: &serde_json::Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&json), ["contexts", "current_context", "findings"]);
    assert_eq!(
        keys(&json["contexts"][0]),
        [
            "auth",
            "cluster",
            "exec_command",
            "exec_provider",
            "name",
            "recommended_remote_identity",
            "user",
            "verdict"
        ]
    );
    assert_eq!(
        keys(&json["findings"][0]),
        ["code", "context", "fix", "message", "severity"]
    );
    let gke = &json["contexts"][1];
    assert_eq!(
        (
            gke["auth"].as_str(),
            gke["exec_command"].as_str(),
            gke["exec_provider"].as_str()
        ),
        (Some("exec"), Some("gke-gcloud-auth-plugin"), Some("gke"))
    );
    assert_eq!(gke["recommended_remote_identity"], "SERVICE_ACCOUNT");
}

#[test]
fn text_output_never_shows_secrets() {
    let output = doctor(&[&corpus("minikube-files.yaml")], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("context k3d"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("redacted ("), "{text}");
}

#[test]
fn pathless_prints_the_rewritten_kubeconfig() {
    let output = doctor(&[&corpus("gke-absolute-path.yaml"), "--pathless"], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("command: gke-gcloud-auth-plugin\n"), "{text}");
    assert!(!text.contains("/Users/me"), "{text}");
}
