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
