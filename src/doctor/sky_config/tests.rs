//! Unit tests of `doctor::sky_config`.

use super::*;

fn codes(text: &str) -> Vec<String> {
    read_sky_config(text)
        .unwrap()
        .findings
        .iter()
        .map(|f| format!("{}:{}", f.code, f.severity))
        .collect()
}

#[test]
fn each_trap_is_found() {
    assert_eq!(
        codes("remote_identity: SERVICE_ACCOUNT\n"),
        ["config-misplaced-key:error"]
    );
    assert_eq!(
        codes("kubernetes:\n  remote_identity: service_account\n"),
        ["config-keyword-case:error"]
    );
    assert_eq!(
        codes("kubernetes:\n  ports: NodePort\n"),
        ["config-nodeport:error"]
    );
    let config = read_sky_config("kubernetes:\n  allowed_context: [a]\n").unwrap();
    assert_eq!(config.findings[0].code, FindingCode::ConfigUnknownKey);
    assert!(
        config.findings[0].message.contains("`allowed_contexts`"),
        "{}",
        config.findings[0].message
    );
    assert_eq!(
        codes("kubernetes:\n  remote_identity:\n    a: sky-sa\n"),
        ["config-identity-mapping:warning"]
    );
    assert_eq!(
        codes("kubernetes:\n  remote_identity:\n    a: LOCAL_CREDENTIALS\n"),
        ["config-identity-mapping:error"]
    );
    assert!(codes("kubernetes:\n  remote_identity: SERVICE_ACCOUNT\n  allowed_contexts: all\n  context_configs:\n    a: {namespace: ml}\n").is_empty());
}

#[test]
fn patterns_match_as_fnmatch_does() {
    assert!(pattern_matches("gke-*", "gke-prod"));
    assert!(pattern_matches("a?c", "abc"));
    assert!(!pattern_matches("gke-*", "eks-prod"));
    assert!(pattern_matches("*", ""));
}

fn codes_for(text: &str, version: &str) -> Vec<String> {
    read_sky_config_for(text, version.parse().unwrap())
        .unwrap()
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}{}",
                f.code,
                f.context
                    .as_deref()
                    .map(|c| format!("@{c}"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn keys_and_keywords_follow_the_version() {
    let namespaced =
        "kubernetes:\n  namespace: ml\n  context_configs:\n    kind-dev:\n      namespace: dev\n";
    assert!(codes_for(namespaced, "0.13.0").is_empty());
    assert_eq!(
        codes_for(namespaced, "0.12.3"),
        [
            "config-needs-newer-skypilot",
            "config-needs-newer-skypilot@kind-dev"
        ]
    );
    let message = read_sky_config_for(namespaced, "0.12.3".parse().unwrap())
        .unwrap()
        .findings[0]
        .message
        .clone();
    assert!(
        message.contains("rejects the whole config") && message.contains("set-context"),
        "{message}"
    );

    let none = "kubernetes:\n  remote_identity: none\n";
    assert!(
        codes_for(none, "nightly").is_empty(),
        "the nightly reads NONE in any case"
    );
    assert_eq!(codes_for(none, "0.14.1"), ["config-needs-newer-skypilot"]);
    assert_eq!(
        codes_for("kubernetes:\n  remote_identity: NO_UPLOAD\n", "0.11.1"),
        ["config-needs-newer-skypilot"]
    );
    assert_eq!(
        codes_for("kubernetes:\n  allowed_contexts: all\n", "0.10.3"),
        ["config-needs-newer-skypilot"]
    );
    assert_eq!(
        codes_for("metrics:\n  prometheus:\n    namespace: mon\n", "0.13.0"),
        ["config-needs-newer-skypilot"]
    );
    let port_range =
        "kubernetes:\n  context_configs:\n    oci:\n      host_network_port_range: 30000-31000\n";
    assert!(codes_for(port_range, "nightly").is_empty());
    assert_eq!(codes_for(port_range, "0.14.1"), ["config-unknown-key@oci"]);
}
