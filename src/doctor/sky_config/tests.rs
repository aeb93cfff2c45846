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

/// Findings as `code@context:severity`.
fn keys(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let context = f.context.as_deref().unwrap_or("-");
            format!("{}@{context}:{}", f.code, f.severity)
        })
        .collect()
}

/// The findings of a config with teams, as [`keys`], for `version`.
fn team_codes(text: &str, version: &str) -> Vec<String> {
    keys(
        &read_sky_config_for(text, version.parse().unwrap())
            .unwrap()
            .findings,
    )
}

fn team_messages(text: &str, version: &str) -> Vec<String> {
    read_sky_config_for(text, version.parse().unwrap())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.message)
        .collect()
}

const TEAMS_CLI: &str = include_str!("../../../tests/golden/teams-cli.config.yaml");

#[test]
fn the_generated_two_team_config_has_no_finding() {
    assert_eq!(team_codes(TEAMS_CLI, "0.14.1"), Vec::<String>::new());
    assert_eq!(team_codes(TEAMS_CLI, "nightly"), Vec::<String>::new());
    let config = read_sky_config(TEAMS_CLI).unwrap();
    assert_eq!(
        config.workspace_contexts,
        [
            ("prod".to_owned(), vec!["eks-prod".to_owned()]),
            ("research".to_owned(), vec!["gke-prod".to_owned()]),
        ]
    );
    // Beside a kubeconfig with both contexts, nothing either.
    let kubeconfig = crate::doctor::parse(
        "apiVersion: v1\nkind: Config\ncurrent-context: gke-prod\nclusters:\n- name: c\n  cluster: {server: 'https://1.2.3.4'}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: gke-prod\n  context: {cluster: c, user: u}\n- name: eks-prod\n  context: {cluster: c, user: u}\n",
    )
    .unwrap();
    assert!(config.findings_against(&kubeconfig).is_empty());
}

#[test]
fn an_unknown_key_directly_under_a_workspace_refuses_the_config() {
    let text = "workspaces:\n  research:\n    kubernetse:\n      namespace: ml\n";
    assert_eq!(
        team_codes(text, "0.14.1"),
        ["config-workspace-unknown-key@-:error"]
    );
    let message = &team_messages(text, "0.14.1")[0];
    assert!(
        message.contains("`workspaces.research.kubernetse`")
            && message.contains("on a client too")
            && message.contains("Did you mean `kubernetes`?"),
        "{message}"
    );
    // A Kubernetes key one level too high is told where it goes.
    let message = &team_messages("workspaces:\n  research:\n    namespace: ml\n", "0.14.1")[0];
    assert!(
        message.contains("move it to `workspaces.research.kubernetes.namespace`"),
        "{message}"
    );
    // Every cloud is a workspace key, and the nightly's display name only there.
    assert!(team_codes("workspaces:\n  a:\n    azure: {disabled: true}\n", "0.14.1").is_empty());
    let named = "workspaces:\n  a:\n    name: Research\n";
    assert!(team_codes(named, "nightly").is_empty());
    assert_eq!(
        team_codes(named, "0.14.1"),
        ["config-workspace-needs-newer-skypilot@-:error"]
    );
}

#[test]
fn an_unknown_key_in_a_workspaces_kubernetes_or_context_is_named_with_the_nearest() {
    let text = "workspaces:\n  research:\n    kubernetes:\n      namspace: ml\n      context_configs:\n        gke-prod:\n          remote_identiy: sa\n";
    assert_eq!(
        team_codes(text, "0.14.1"),
        [
            "config-workspace-unknown-key@-:warning",
            "config-workspace-unknown-key@gke-prod:warning"
        ]
    );
    let messages = team_messages(text, "0.14.1");
    assert!(
        messages[0].contains("`workspaces.research.kubernetes.namspace`")
            && messages[0].contains("Did you mean `namespace`?")
            && messages[0].contains("an API server refuses the config"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1]
            .contains("`workspaces.research.kubernetes.context_configs.gke-prod.remote_identiy`")
            && messages[1].contains("Did you mean `remote_identity`?"),
        "{}",
        messages[1]
    );
    // A setting of the top-level section only is said to be one.
    let message = &team_messages(
        "workspaces:\n  research:\n    kubernetes:\n      pod_config: {}\n",
        "0.14.1",
    )[0];
    assert!(message.contains("a workspace does not take"), "{message}");
}

#[test]
fn a_workspaces_namespace_and_identity_need_0_13() {
    let text = "workspaces:\n  research:\n    kubernetes:\n      namespace: ml-research\n      remote_identity: research-sa\n      context_configs:\n        gke-prod:\n          namespace: gke-ns\n";
    assert!(team_codes(text, "0.13.0").is_empty());
    assert_eq!(
        team_codes(text, "0.12.3"),
        [
            "config-workspace-needs-newer-skypilot@-:error",
            "config-workspace-needs-newer-skypilot@-:error",
            "config-workspace-needs-newer-skypilot@gke-prod:error"
        ]
    );
    let messages = team_messages(text, "0.12.3");
    assert!(
        messages[0].starts_with("`workspaces.research.kubernetes.namespace`: ")
            && messages[0].contains("needs SkyPilot 0.13.0 or later; the chosen version is 0.12.3")
            && messages[0].contains("an API server of that release refuses the config")
            && messages[0].contains("set-context"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("kubernetes.remote_identity"),
        "{}",
        messages[1]
    );
    // allowed_contexts and disabled are read by every release.
    assert!(team_codes(
        "workspaces:\n  a:\n    kubernetes:\n      allowed_contexts: [x]\n      disabled: false\n",
        "0.10.5"
    )
    .is_empty());
}

/// Each release's workspace schema, as validating against the schemas of 0.10.0 to 0.14.1
/// showed: `context_configs`, `kueue` and `slurm` from 0.11.2, `quota` (and a client passing
/// unknown keys) from 0.12.1, `read_access` and `slurm` settings from 0.14.0.
#[test]
fn workspace_keys_are_judged_by_the_chosen_releases_schema() {
    let error = ["config-workspace-needs-newer-skypilot@-:error"];
    let read_access = "workspaces:\n  a:\n    read_access: all\n";
    assert_eq!(team_codes(read_access, "0.13.0"), error);
    assert!(team_codes(read_access, "0.14.0").is_empty());
    let message = &team_messages(read_access, "0.13.0")[0];
    assert!(
        message.starts_with("`workspaces.a.read_access`: ")
            && message.contains("0.14.0 or later; the chosen version is 0.13.0")
            && message.contains("on a client too"),
        "{message}"
    );
    let slurm = "workspaces:\n  a:\n    slurm:\n      allowed_clusters: [x]\n";
    assert_eq!(team_codes(slurm, "0.13.0"), error);
    assert!(team_codes(slurm, "0.14.1").is_empty());
    let slurm_off = "workspaces:\n  a:\n    slurm: {disabled: true}\n";
    assert_eq!(team_codes(slurm_off, "0.11.1"), error);
    assert!(team_codes(slurm_off, "0.11.2").is_empty());
    let kueue = "workspaces:\n  a:\n    kubernetes:\n      kueue: {local_queue_name: q}\n      context_configs:\n        c:\n          kueue: {local_queue_name: q}\n";
    assert_eq!(team_codes(kueue, "0.11.1"), [error[0], error[0]]);
    assert!(team_codes(kueue, "0.11.2").is_empty());
    let quota = "workspaces:\n  a:\n    kubernetes:\n      context_configs:\n        c:\n          quota: {queue: q}\n";
    assert_eq!(
        team_codes(quota, "0.12.0"),
        ["config-workspace-needs-newer-skypilot@c:error"]
    );
    assert!(team_codes(quota, "0.12.1").is_empty());
    // Before 0.12.1 an unknown key under a workspace's `kubernetes:` fails a client too.
    let unknown = "workspaces:\n  a:\n    kubernetes:\n      namspace: ml\n";
    assert_eq!(
        team_codes(unknown, "0.12.0"),
        ["config-workspace-unknown-key@-:error"]
    );
    assert_eq!(
        team_codes(unknown, "0.12.1"),
        ["config-workspace-unknown-key@-:warning"]
    );
    // A workspace's namespace before 0.13.0: a 0.12.1+ client ignores it, 0.12.0 refuses it.
    let namespace = "workspaces:\n  a:\n    kubernetes:\n      namespace: ml\n";
    assert!(team_messages(namespace, "0.12.3")[0].contains("a client ignores the key"));
    assert!(team_messages(namespace, "0.12.0")[0].contains("on a client too"));
}

#[test]
fn a_miscased_keyword_in_a_workspace_is_an_account_name() {
    let text = "workspaces:\n  prod:\n    kubernetes:\n      remote_identity: service_account\n      context_configs:\n        eks-prod:\n          remote_identity: No_Upload\n";
    assert_eq!(
        team_codes(text, "0.14.1"),
        [
            "config-workspace-keyword-case@-:error",
            "config-workspace-keyword-case@eks-prod:error"
        ]
    );
    let messages = team_messages(text, "0.14.1");
    assert!(
        messages[0].starts_with("workspaces.prod.kubernetes.remote_identity is `service_account`")
            && messages[0].contains("not `SERVICE_ACCOUNT`"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with(
            "workspaces.prod.kubernetes.context_configs.eks-prod.remote_identity is `No_Upload`"
        ),
        "{}",
        messages[1]
    );
}

#[test]
fn none_in_a_workspace_needs_the_nightly_as_on_the_kubernetes_section() {
    let text = "workspaces:\n  prod:\n    kubernetes:\n      remote_identity: none\n";
    assert!(team_codes(text, "nightly").is_empty());
    assert_eq!(
        team_codes(text, "0.14.1"),
        ["config-workspace-needs-newer-skypilot@-:error"]
    );
    let message = &team_messages(text, "0.14.1")[0];
    assert!(
        message.starts_with("`workspaces.prod.kubernetes.remote_identity`: `remote_identity: NONE` needs a SkyPilot nightly")
            && message.contains("Kubernetes rejects the pods"),
        "{message}"
    );
}

#[test]
fn a_teams_context_the_kubeconfig_lacks_is_reported_against_it() {
    let config = read_sky_config(
        "workspaces:\n  research:\n    kubernetes:\n      allowed_contexts: [gke-prod, gke-old]\n  prod:\n    kubernetes:\n      allowed_contexts: [eks-prod]\n  off:\n    kubernetes:\n      disabled: true\n      allowed_contexts: [gone]\n",
    )
    .unwrap();
    assert!(config.findings.is_empty(), "{:?}", config.findings);
    let kubeconfig = crate::doctor::parse(
        "apiVersion: v1\nkind: Config\ncurrent-context: gke-prod\nclusters:\n- name: c\n  cluster: {server: 'https://1.2.3.4'}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: gke-prod\n  context: {cluster: c, user: u}\n",
    )
    .unwrap();
    let findings = config.findings_against(&kubeconfig);
    assert_eq!(
        keys(&findings),
        [
            "config-workspace-missing-context@gke-old:warning",
            "config-workspace-missing-context@eks-prod:warning"
        ]
    );
    assert!(
        findings[0]
            .message
            .contains("workspaces.research.kubernetes.allowed_contexts lists `gke-old`")
            && !findings[0].message.contains("cannot launch"),
        "{}",
        findings[0].message
    );
    assert!(
        findings[1].message.contains("team `prod`")
            && findings[1].message.contains("cannot launch on Kubernetes"),
        "{}",
        findings[1].message
    );
    assert!(
        findings[1]
            .fix
            .contains("that workspace's allowed_contexts"),
        "{}",
        findings[1].fix
    );
}
