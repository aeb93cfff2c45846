//! Generated inputs of a chosen size: a kubeconfig of mixed auth kinds and an RBAC export, the
//! one source of the big inputs the benchmarks (`benches/core.rs`, `scripts/browser-bench.cjs`)
//! and the scale tests (the e2e tier's 4 MiB paste) use; the scripts get them from the hidden
//! `skyauth sample` command.

use std::fmt::Write as _;

/// Certificate-authority data to pad with (base64 of a PEM header, repeated).
const PADDING: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t";

/// How contexts of the sample kubeconfig authenticate, in turn: a token, GKE's and EKS's exec
/// plugins, client certificate files, a removed auth provider, an exec plugin by path.
fn user(i: usize) -> String {
    match i % 6 {
        0 => format!("  user: {{token: tok-{i}-abcdefghijklmnopqrstuvwxyz0123456789}}\n"),
        1 => "  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin, provideClusterInfo: true}\n".to_owned(),
        2 => format!("  user:\n    exec: {{apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, c{i}]}}\n"),
        3 => format!("  user: {{client-certificate: /home/me/.kube/c{i}.crt, client-key: /home/me/.kube/c{i}.key}}\n"),
        4 => "  user:\n    auth-provider: {name: oidc, config: {idp-issuer-url: \"https://login.example.com\"}}\n".to_owned(),
        _ => "  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/local/bin/kubelogin, args: [get-token]}\n".to_owned(),
    }
}

/// A kubeconfig of about `bytes` bytes whose contexts are named `{prefix}0`, `{prefix}1`, ...:
/// with `contexts`, exactly that many, padded with certificate data to the size; without, as
/// many as fit with a short certificate each. Every fifth server is on localhost.
pub fn kubeconfig(contexts: Option<usize>, bytes: usize, prefix: &str) -> String {
    let padding = |length: usize| PADDING.repeat(length / PADDING.len() + 1)[..length].to_owned();
    let (mut clusters, mut users, mut named) = (String::new(), String::new(), String::new());
    let add = |i: usize, users: &mut String, named: &mut String| {
        let _ = write!(users, "- name: u{i}\n{}", user(i));
        let _ = writeln!(
            named,
            "- name: {prefix}{i}\n  context: {{cluster: c{i}, user: u{i}, namespace: ns{}}}",
            i % 7
        );
    };
    let cluster = |i: usize, ca: &str| {
        let server = if i % 5 == 0 {
            format!("https://127.0.0.1:{}", 6443 + i)
        } else {
            format!("https://10.0.{}.{}:6443", i % 250, i % 200)
        };
        format!(
            "- name: c{i}\n  cluster: {{server: \"{server}\", certificate-authority-data: {ca}}}\n"
        )
    };
    match contexts {
        Some(count) => {
            let count = count.max(1);
            for i in 0..count {
                add(i, &mut users, &mut named);
            }
            let fixed = users.len() + named.len() + 200;
            let ca = padding((bytes.saturating_sub(fixed) / count).saturating_sub(120));
            for i in 0..count {
                clusters.push_str(&cluster(i, &ca));
            }
        }
        None => {
            let ca = padding(PADDING.len() * 8);
            let mut i = 0;
            while clusters.len() + users.len() + named.len() < bytes {
                add(i, &mut users, &mut named);
                clusters.push_str(&cluster(i, &ca));
                i += 1;
            }
        }
    }
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {prefix}0\nclusters:\n{clusters}users:\n{users}contexts:\n{named}"
    )
}

/// A `kind: List` of `objects` Roles, RoleBindings, ClusterRoles and ClusterRoleBindings in
/// turn, the shape `kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml`
/// prints; the RoleBindings bind `subject_namespace/sky-sa`.
pub fn rbac_export(objects: usize, subject_namespace: &str) -> String {
    let mut items = String::new();
    for n in 0..objects {
        let (i, ns) = (n / 4, n / 4 % 20);
        let _ = match n % 4 {
            0 => write!(items, "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: Role\n  metadata: {{name: r{i}, namespace: ns{ns}}}\n  rules:\n  - apiGroups: [\"\"]\n    resources: [pods, pods/exec, services]\n    verbs: [get, list, watch, create]\n"),
            1 => write!(items, "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {{name: rb{i}, namespace: ns{ns}}}\n  roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: r{i}}}\n  subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: {subject_namespace}}}]\n"),
            2 => write!(items, "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata: {{name: cr{i}}}\n  rules:\n  - apiGroups: [\"\"]\n    resources: [nodes]\n    verbs: [get, list]\n"),
            _ => write!(items, "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRoleBinding\n  metadata: {{name: crb{i}}}\n  roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr{i}}}\n  subjects: [{{kind: Group, name: team-{i}}}]\n"),
        };
    }
    format!("apiVersion: v1\nkind: List\nitems:\n{items}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kubeconfig_has_the_contexts_and_size_asked_for() {
        let text = kubeconfig(Some(500), 1024 * 1024, "a-");
        let size = text.len() as f64 / (1024.0 * 1024.0);
        assert!((0.97..1.01).contains(&size), "{size} MiB");
        let diagnosis =
            crate::doctor::diagnose(&text, &crate::doctor::KubeconfigJourney::LocalCredentials)
                .expect("it reads");
        assert_eq!(diagnosis.contexts.len(), 500);
        assert_eq!(diagnosis.contexts[499].name, "a-499");

        let grown = kubeconfig(None, 64 * 1024, "ctx-");
        assert!(
            (64 * 1024..70 * 1024).contains(&grown.len()),
            "{}",
            grown.len()
        );
    }

    #[test]
    fn an_export_has_the_objects_asked_for() {
        let text = rbac_export(1000, "ns0");
        let set = crate::audit::parse_rbac(&text).expect("it reads");
        assert_eq!(set.object_count(), 1000);
        assert!(text.contains("namespace: ns0}]"));
    }
}
