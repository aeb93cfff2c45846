//! The explanation end to end in the core: verdicts, exit codes, the avoiding setting, the
//! reports; and that no input makes it panic.

use proptest::prelude::*;

use super::*;

fn run(text: &str) -> Explanation {
    explain(text, &ExplainRequest::default()).unwrap()
}

#[test]
fn a_skypilot_permission_is_explained_with_a_patch() {
    let e = run(
        r#"pods is forbidden: User "system:serviceaccount:ml:sky-sa" cannot list resource "pods" in API group "" at the cluster scope"#,
    );
    assert_eq!(e.exit_code(), 0);
    assert_eq!(e.items[0].needs[0].feature, Feature::GpuList);
    assert_eq!(
        e.items[0].patch.as_deref(),
        Some(e.patch_parts[0].describe().as_str())
    );
    let patch = e.patch.unwrap();
    assert!(patch.contains("kind: ClusterRoleBinding"), "{patch}");
    assert!(
        patch.contains("- kind: ServiceAccount\n  name: sky-sa\n  namespace: ml"),
        "{patch}"
    );
}

#[test]
fn ingress_rights_are_avoided_by_loadbalancer_ports() {
    let e = run(
        r#"User "system:serviceaccount:ml:sky-sa" cannot list resource "ingressclasses" in API group "networking.k8s.io" at the cluster scope"#,
    );
    assert_eq!(e.exit_code(), 0);
    let (feature, setting) = e.items[0].avoided_by[0];
    assert_eq!(feature, Feature::Ingress);
    assert!(
        setting.contains("kubernetes.ports: loadbalancer"),
        "{setting}"
    );
}

#[test]
fn non_rbac_and_unneeded_denials_exit_1_nothing_exits_2() {
    let missing =
        run(r#"error looking up service account ml/sky-sa: serviceaccount "sky-sa" not found"#);
    assert_eq!(missing.exit_code(), 1);
    assert_eq!(missing.items[0].verdict, Verdict::NotRbac);
    assert!(missing.patch.is_none());
    let unneeded =
        run(r#"User "bob" cannot delete resource "nodes" in API group "" at the cluster scope"#);
    assert_eq!(unneeded.items[0].verdict, Verdict::NotSkyPilot);
    assert_eq!(unneeded.exit_code(), 1);
    assert!(unneeded.patch.is_none());
    let anonymous = run(
        r#"User "system:anonymous" cannot list resource "nodes" in API group "" at the cluster scope"#,
    );
    assert_eq!(anonymous.items[0].verdict, Verdict::Anonymous);
    assert!(anonymous.patch.is_none());
    assert_eq!(run("all good").exit_code(), 2);
    assert_eq!(run("").exit_code(), 2);
}

#[test]
fn a_mix_is_1_and_patches_only_what_skypilot_needs() {
    let e = run("User \"alice\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"ml\"\n\
                 admission webhook \"deny.example.com\" denied the request: no\n");
    assert_eq!(e.exit_code(), 1);
    assert_eq!(e.patch_parts.len(), 1);
}

#[test]
fn the_version_decides_what_is_needed() {
    let text = r#"namespaces "kube-system" is forbidden: User "system:serviceaccount:ml:sky-sa" cannot get resource "namespaces" in API group "" in the namespace "kube-system""#;
    let features = |version| -> Vec<Feature> {
        let request = ExplainRequest {
            skypilot_version: version,
            ..ExplainRequest::default()
        };
        explain(text, &request).unwrap().items[0]
            .needs
            .iter()
            .map(|need| need.feature)
            .collect()
    };
    assert!(!features(SkyPilotVersion::LATEST).contains(&Feature::Core));
    assert!(features(SkyPilotVersion::NIGHTLY).contains(&Feature::Core));
}

#[test]
fn too_large_an_input_is_refused_with_what_to_do() {
    let error = explain(&"x".repeat(MAX_INPUT_BYTES + 1), &ExplainRequest::default()).unwrap_err();
    assert!(error.0.contains("paste only the error"), "{error}");
}

#[test]
fn reports_escape_the_input() {
    let e = run("User \"a\u{1b}[31m\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
    let text = text_report(&e, &ExplainRequest::default());
    assert!(!text.contains('\u{1b}'), "{text}");
    let json = json_report(&e, &ExplainRequest::default()).unwrap();
    assert!(!json.contains('\u{1b}'));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["exit_code"], 0);
    assert_eq!(value["refusals"][0]["needed_by"][0]["feature"], "core");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_input_panics(text in "\\PC{0,400}") {
        let e = run(&text);
        let _ = text_report(&e, &ExplainRequest::default());
        let _ = json_report(&e, &ExplainRequest::default());
    }

    #[test]
    fn no_near_miss_panics(
        user in "[a-z:\"\\\\&;<> é]{0,20}",
        verb in "[a-z\"]{0,8}",
        resource in "[a-z/.\"*é]{0,16}",
        tail in "[a-z \"\\\\]{0,30}",
    ) {
        let text = format!(
            "{resource} \"{verb}\" is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{tail}\" in the namespace \"{tail}\n\
             error looking up service account {user}: serviceaccount \"{verb}\" not found\n\
             exceeded quota: {tail}\nviolates PodSecurity \"{user}\": {tail}\n\
             User \"{user}\" cannot {verb} {resource} at the cluster scope"
        );
        let e = run(&text);
        let _ = text_report(&e, &ExplainRequest::default());
        let _ = json_report(&e, &ExplainRequest::default());
        prop_assert!(e.exit_code() <= 2);
        if let Some(patch) = &e.patch {
            prop_assert!(crate::audit::parse_rbac(patch).is_ok(), "{}", patch);
        }
    }
}
