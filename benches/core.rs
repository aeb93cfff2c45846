//! Benchmarks of the core: generation for a full-featured setup, and the doctor on a generated
//! 1 MiB kubeconfig with 500 contexts of mixed auth kinds (written to
//! target/bench-kubeconfig.yaml so `scripts/bench-pyyaml.py` can time PyYAML on the same file),
//! and the audit of a 1000-object RBAC export.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use skyauth::audit::{audit, AuditRequest};
use skyauth::doctor::{diagnose, Journey};
use skyauth::generate::generate;
use skyauth::setup::{AuthMethod, FeatureSet, Setup};

/// A kubeconfig of `contexts` contexts, padded to about `bytes` with certificate data.
fn kubeconfig(contexts: usize, bytes: usize) -> String {
    let padding = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo".repeat(bytes / contexts / 34 / 2);
    let (mut clusters, mut users, mut named) = (String::new(), String::new(), String::new());
    for i in 0..contexts {
        clusters.push_str(&format!(
            "- name: c{i}\n  cluster:\n    server: https://10.0.{}.{}:6443\n    certificate-authority-data: {padding}\n",
            i / 250,
            i % 250
        ));
        users.push_str(&match i % 4 {
            0 => format!("- name: u{i}\n  user:\n    token: token-{i}-{padding}\n"),
            1 => format!("- name: u{i}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n"),
            2 => format!("- name: u{i}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, c{i}]\n"),
            _ => format!("- name: u{i}\n  user:\n    client-certificate-data: {padding}\n    client-key-data: {padding}\n"),
        });
        named.push_str(&format!(
            "- name: ctx-{i}\n  context:\n    cluster: c{i}\n    user: u{i}\n    namespace: ns{}\n",
            i % 9
        ));
    }
    format!("apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\nclusters:\n{clusters}users:\n{users}contexts:\n{named}")
}

fn benches(c: &mut Criterion) {
    let setup = Setup {
        auth: AuthMethod::Custom,
        account: skyauth::setup::CustomAccount {
            create_namespace: true,
            token_secret: true,
            ..Default::default()
        },
        features: FeatureSet::all_optional(),
        ..Setup::default()
    };
    c.bench_function("generate: custom account, all features", |b| {
        b.iter(|| generate(black_box(&setup)))
    });

    let text = kubeconfig(500, 1024 * 1024);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-kubeconfig.yaml");
    std::fs::write(path, &text).expect("write the bench kubeconfig");
    eprintln!(
        "bench kubeconfig: {} bytes, 500 contexts, {path}",
        text.len()
    );
    c.bench_function("diagnose: 1 MiB kubeconfig, 500 contexts", |b| {
        b.iter(|| diagnose(black_box(&text), &Journey::LocalCredentials))
    });

    let export = rbac_export(1000);
    let request = AuditRequest::new(
        "default/sky-sa".parse().expect("a service account"),
        skyauth::catalogue::Feature::ALL.to_vec(),
    );
    let checked = audit(&export, &request).expect("the export reads");
    eprintln!(
        "bench RBAC export: {} bytes, {} objects",
        export.len(),
        checked.objects_read
    );
    c.bench_function("audit: 1000-object RBAC export, every feature", |b| {
        b.iter(|| audit(black_box(&export), &request))
    });
}

/// A `kind: List` of `count` Roles, RoleBindings, ClusterRoles and ClusterRoleBindings, the
/// shape `kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml` prints.
fn rbac_export(count: usize) -> String {
    let mut out = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..count / 4 {
        let ns = i % 20;
        out += &format!(
            "- {{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {{name: r{i}, namespace: ns{ns}}}, \
             rules: [{{apiGroups: [''], resources: [pods, pods/exec, services], verbs: [get, list, watch, create]}}]}}\n\
             - {{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {{name: rb{i}, namespace: ns{ns}}}, \
             roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: r{i}}}, \
             subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: default}}]}}\n\
             - {{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {{name: cr{i}}}, \
             rules: [{{apiGroups: [''], resources: [nodes], verbs: [get, list]}}]}}\n\
             - {{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: {{name: crb{i}}}, \
             roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr{i}}}, \
             subjects: [{{kind: Group, name: team-{i}}}]}}\n"
        );
    }
    out
}

criterion_group!(core, benches);
criterion_main!(core);
