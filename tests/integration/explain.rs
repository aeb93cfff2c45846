//! `skyauth explain` as a user runs it: the issue's errors (the API server's line, kubectl's,
//! a JSON `Status`, the Python client's block, a subresource, several at once, the 403s that
//! are not RBAC) with their exit codes 0/1/2 and golden text and JSON reports
//! (`tests/golden/explain-*`, rewritten with `SKYAUTH_UPDATE_GOLDEN=1`); every permission of
//! the catalogue, refused, explained as its feature, with a patch the audit finds granting
//! it; and every such patch passing `kubernetes-validate --strict`.

use std::fs;
use std::path::PathBuf;

use crate::support::cli::skyauth;
use crate::support::fixtures;

use skyauth::audit::{audit, permissions, AuditRequest, Namespaces, Scope, Subject};
use skyauth::catalogue::Feature;
use skyauth::explain::{explain, ExplainRequest, Verdict};
use skyauth::release::SkyPilotVersion;

const SA_CLUSTER: &str = r#"pods is forbidden: User "system:serviceaccount:ml:sky-sa" cannot list resource "pods" in API group "" at the cluster scope"#;
const KUBECTL_ROLES: &str = r#"Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "ml""#;
const STATUS: &str = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"sky-head\" is forbidden: User \"system:serviceaccount:ml:sky-sa\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"ml\"","reason":"Forbidden","details":{"name":"sky-head","kind":"pods"},"code":403}"#;
const INGRESS_CLASSES: &str = r#"ingressclasses.networking.k8s.io is forbidden: User "system:serviceaccount:ml:sky-sa" cannot list resource "ingressclasses" in API group "networking.k8s.io" at the cluster scope"#;

fn python_block() -> String {
    format!(
        "sky.exceptions.ResourcesUnavailableError: Failed to list ingress classes.\n\
         kubernetes.client.exceptions.ApiException: (403)\nReason: Forbidden\n\
         HTTP response headers: HTTPHeaderDict({{'Audit-Id': '5b2c', 'Content-Type': 'application/json'}})\n\
         HTTP response body: {}\n",
        INGRESS_CLASSES.replace('"', "\\\"").replacen(
            "ingressclasses.networking.k8s.io",
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"ingressclasses.networking.k8s.io",
            1
        ) + "\",\"reason\":\"Forbidden\",\"details\":{\"group\":\"networking.k8s.io\",\"kind\":\"ingressclasses\"},\"code\":403}"
    )
}

fn mixed() -> String {
    [
        SA_CLUSTER,
        SA_CLUSTER,
        r#"Error creating pod: pods "sky-head" is forbidden: error looking up service account ml/sky-sa: serviceaccount "sky-sa" not found"#,
        r#"Error from server (Forbidden): admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged] Privileged container is not allowed: ray-node"#,
        r#"pods "sky-head" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=0, limited: requests.nvidia.com/gpu=4"#,
        r#"pods "sky-head" is forbidden: violates PodSecurity "restricted:latest": privileged (container "ray-node" must not set securityContext.privileged=true)"#,
        r#"Error from server (Forbidden): nodes "n1" is forbidden: User "alice" cannot delete resource "nodes" in API group "" at the cluster scope"#,
        r#"Error from server (Forbidden): error when creating "create-sky-sa.yaml": clusterroles.rbac.authorization.k8s.io "sky-sa.ml.cluster-role" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:"#,
        r#"{APIGroups:[""], Resources:["nodes"], Verbs:["get" "list" "watch"]}"#,
    ]
    .join("\n")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Checks (or with `SKYAUTH_UPDATE_GOLDEN`, writes) `tests/golden/explain-NAME.EXT`.
fn golden(name: &str, ext: &str, actual: &str) {
    let path = golden_dir().join(format!("explain-{name}.{ext}"));
    if std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "skyauth explain's output differs from {}; if intended, run SKYAUTH_UPDATE_GOLDEN=1 cargo test --test integration explain and review the diff\n{actual}",
        path.display()
    );
}

/// The golden cases: name, input, exit status.
fn cases() -> Vec<(&'static str, String, i32)> {
    vec![
        ("service-account-cluster-scope", SA_CLUSTER.to_owned(), 0),
        ("kubectl-user-roles", KUBECTL_ROLES.to_owned(), 0),
        ("status-subresource", STATUS.to_owned(), 0),
        ("python-client-ingress", python_block(), 0),
        ("mixed", mixed(), 1),
        ("unreadable", "Error: something went wrong\n".to_owned(), 2),
    ]
}

#[test]
fn the_issues_errors_give_golden_reports_and_exit_codes() {
    for (name, input, code) in cases() {
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            let output = skyauth(&["explain", "--format", format, "-"], input.as_bytes());
            assert_eq!(
                output.status.code(),
                Some(code),
                "{name} {format}: {}{}",
                text(&output.stdout),
                text(&output.stderr)
            );
            golden(name, ext, &text(&output.stdout));
        }
    }
}

#[test]
fn the_error_is_an_argument_or_standard_input() {
    let argument = skyauth(&["explain", SA_CLUSTER], b"");
    let piped = skyauth(&["explain"], SA_CLUSTER.as_bytes());
    assert_eq!(argument.status.code(), Some(0));
    assert_eq!(argument.stdout, piped.stdout);
    let report = text(&argument.stdout);
    assert!(
        report.contains("needed by GPU listing (gpu-list)"),
        "{report}"
    );
    assert!(report.contains("kind: ClusterRoleBinding"), "{report}");
}

#[test]
fn the_patch_format_prints_only_the_patch_and_nothing_without_one() {
    let output = skyauth(&["explain", "--format", "patch", STATUS], b"");
    assert_eq!(output.status.code(), Some(0));
    let patch = text(&output.stdout);
    assert!(
        patch.starts_with("# Generated by skyauth explain"),
        "{patch}"
    );
    assert!(
        patch.contains("- pods/exec") && patch.contains("namespace: ml"),
        "{patch}"
    );
    let none = skyauth(
        &[
            "explain",
            "--format",
            "patch",
            r#"serviceaccount "x" not found"#,
        ],
        b"",
    );
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    assert!(text(&none.stderr).contains("nothing to grant"));
}

#[test]
fn flags_and_inputs_that_cannot_be_read_exit_2() {
    let bad = skyauth(
        &["explain", "--metrics-namespace", "Bad_NS", SA_CLUSTER],
        b"",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("--metrics-namespace"));
    let huge = vec![b'x'; skyauth::explain::MAX_INPUT_BYTES + 10];
    let output = skyauth(&["explain", "-"], &huge);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("paste only the error"));
}

#[test]
fn the_skypilot_version_decides() {
    let read = r#"namespaces "kube-system" is forbidden: User "system:serviceaccount:ml:sky-sa" cannot get resource "namespaces" in API group "" in the namespace "kube-system""#;
    let latest = text(&skyauth(&["explain", read], b"").stdout);
    let nightly = text(&skyauth(&["--skypilot-version", "nightly", "explain", read], b"").stdout);
    assert!(!latest.contains("(core)"), "{latest}");
    assert!(
        nightly.contains("needed by Core launch (core)"),
        "{nightly}"
    );
}

/// The API server's message for a refused permission, as Kubernetes writes it.
fn message(
    subject: &Subject,
    group: &str,
    resource: &str,
    verb: &str,
    name: Option<&str>,
    scope: &Scope,
) -> String {
    let user = subject.user_name().expect("a user");
    let object = name.map(|name| format!(" \"{name}\"")).unwrap_or_default();
    let place = match scope {
        Scope::Namespace(namespace) => format!("in the namespace \"{namespace}\""),
        // Kubernetes reads a request for a namespace "in" that namespace.
        Scope::Cluster if resource == "namespaces" => {
            format!("in the namespace \"{}\"", name.unwrap_or("default"))
        }
        Scope::Cluster => "at the cluster scope".to_owned(),
    };
    format!(
        "{resource}{object} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" {place}"
    )
}

/// Every permission the catalogue holds for each feature (but `*` on `*`), refused for a
/// service account: explained as that feature, and the audit finds the patch granting it.
/// Returns the patches.
fn every_permission_refused() -> Vec<(String, String)> {
    let subject = Subject::ServiceAccount {
        namespace: "ml".into(),
        name: "sky-sa".into(),
    };
    let namespaces = Namespaces::new("ml");
    let mut patches = Vec::new();
    for version in [SkyPilotVersion::LATEST, SkyPilotVersion::NIGHTLY] {
        let request = ExplainRequest {
            skypilot_version: version,
            ..ExplainRequest::default()
        };
        for &feature in Feature::ALL {
            for permission in permissions(feature, &namespaces, true, version) {
                if permission.resource.contains('*') || permission.verb == "*" {
                    continue;
                }
                let text = message(
                    &subject,
                    permission.group,
                    permission.resource,
                    permission.verb,
                    permission.resource_name,
                    &permission.scope,
                );
                let explanation = explain(&text, &request).expect("readable");
                let item = &explanation.items[0];
                assert_eq!(item.verdict, Verdict::SkyPilotPermission, "{text}");
                assert!(
                    item.needs.iter().any(|need| need.feature == feature),
                    "{text}: {:?}",
                    item.needs
                );
                let patch = explanation.patch.clone().expect("a patch");
                let audited = audit(
                    &patch,
                    &AuditRequest {
                        namespaces: namespaces.clone(),
                        skypilot_version: version,
                        ..AuditRequest::new(subject.clone(), vec![feature])
                    },
                )
                .expect("the patch is readable RBAC");
                let report = audited
                    .features
                    .iter()
                    .find(|report| report.feature == feature)
                    .expect("reported");
                assert!(
                    !report.missing.contains(&permission),
                    "{text}: the patch does not grant it\n{patch}"
                );
                patches.push((
                    format!("{version}-{}-{}", feature.id(), patches.len()),
                    patch,
                ));
            }
        }
    }
    patches
}

#[test]
fn every_refused_catalogue_permission_is_explained_and_patched() {
    assert!(every_permission_refused().len() > 80);
}

#[test]
fn explain_patches_pass_kubernetes_validate_strict() {
    if fixtures::oracle("SKYAUTH_KUBERNETES_VALIDATE", "kubernetes-validate").is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("skyauth-explain-kv-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let mut files = Vec::new();
    let mut inputs: Vec<(String, String)> = every_permission_refused();
    for (name, input, _) in cases() {
        if let Some(patch) = explain(&input, &ExplainRequest::default())
            .expect("readable")
            .patch
        {
            inputs.push((name.to_owned(), patch));
        }
    }
    for (name, patch) in inputs.iter().step_by(3).chain(inputs.iter().rev().take(5)) {
        let path = dir.join(format!("{}.yaml", name.replace(['/', '.'], "-")));
        fs::write(&path, patch).expect("write patch");
        files.push(path);
    }
    fixtures::assert_kubernetes_valid("explain patches", &files);
    let _ = fs::remove_dir_all(&dir);
}
