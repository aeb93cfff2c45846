//! Differential test against kubectl: for every corpus file, the doctor loads exactly the files
//! that `kubectl config view` loads, and finds the same contexts.
//!
//! "Loads" for the doctor means: it parses the file and reports no `duplicate-name` or
//! `invalid-base64` finding (kubectl refuses such files outright; the doctor diagnoses the file
//! and says why).
//! Dangling references are loadable by both: kubectl only fails when one is used, and the
//! doctor reports them as findings. Needs kubectl (`SKYAUTH_KUBECTL` or on PATH); without it
//! the test fails when `SKYAUTH_REQUIRE_ORACLES=1` and otherwise says loudly that it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use skyauth::doctor::{diagnose, FindingCode, KubeconfigJourney};

fn kubectl() -> Option<PathBuf> {
    let candidate = std::env::var_os("SKYAUTH_KUBECTL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("kubectl"));
    let works = Command::new(&candidate)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    match (works, std::env::var("SKYAUTH_REQUIRE_ORACLES").as_deref()) {
        (true, _) => Some(candidate),
        (false, Ok("1")) => {
            panic!("kubectl not found (SKYAUTH_KUBECTL or PATH) but SKYAUTH_REQUIRE_ORACLES=1")
        }
        (false, _) => {
            eprintln!("\n*** SKIPPED kubectl differential test: install kubectl or set SKYAUTH_KUBECTL ***\n");
            None
        }
    }
}

/// The context names kubectl sees, or `None` when it refuses the file.
fn kubectl_contexts(kubectl: &Path, file: &Path) -> Option<Vec<String>> {
    let output = Command::new(kubectl)
        .args(["config", "view", "-o", "json", "--kubeconfig"])
        .arg(file)
        .env_remove("KUBECONFIG")
        .output()
        .expect("run kubectl");
    if !output.status.success() {
        return None;
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("kubectl prints JSON");
    let mut names: Vec<String> = json["contexts"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    Some(names)
}

/// The context names the doctor sees, or `None` when it would not load the file.
fn doctor_contexts(file: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    let diagnosis = diagnose(&text, &KubeconfigJourney::LocalCredentials).ok()?;
    if diagnosis.findings.iter().any(|f| {
        matches!(
            f.code,
            FindingCode::DuplicateName | FindingCode::InvalidBase64
        )
    }) {
        return None;
    }
    let mut names: Vec<String> = diagnosis.contexts.into_iter().map(|c| c.name).collect();
    names.sort();
    Some(names)
}

#[test]
fn the_doctor_loads_what_kubectl_loads_and_sees_the_same_contexts() {
    let Some(kubectl) = kubectl() else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kubeconfigs");
    let mut checked = 0;
    let mut rejected = 0;
    for entry in std::fs::read_dir(dir).expect("corpus dir") {
        let file = entry.expect("entry").path();
        let expected = kubectl_contexts(&kubectl, &file);
        let actual = doctor_contexts(&file);
        assert_eq!(actual, expected, "{}: doctor vs kubectl", file.display());
        checked += 1;
        rejected += usize::from(expected.is_none());
    }
    assert!(
        checked >= 20 && rejected >= 5,
        "corpus too small: {checked} files, {rejected} rejected"
    );
}

/// What a kubeconfig resolves to, field by field: each context's cluster, user and namespace,
/// each cluster's server and TLS setting, each user's token and exec command.
type Resolved = Vec<String>;

fn kubectl_resolved(kubectl: &Path, file: &Path) -> Option<Resolved> {
    let output = Command::new(kubectl)
        .args(["config", "view", "--raw", "-o", "json", "--kubeconfig"])
        .arg(file)
        .env_remove("KUBECONFIG")
        .output()
        .expect("run kubectl");
    if !output.status.success() {
        return None;
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("kubectl prints JSON");
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    let mut out = Vec::new();
    for context in json["contexts"].as_array().into_iter().flatten() {
        let c = &context["context"];
        out.push(format!(
            "context {} {} {} {}",
            text(&context["name"]),
            text(&c["cluster"]),
            text(&c["user"]),
            text(&c["namespace"])
        ));
    }
    for cluster in json["clusters"].as_array().into_iter().flatten() {
        let c = &cluster["cluster"];
        out.push(format!(
            "cluster {} {} {}",
            text(&cluster["name"]),
            text(&c["server"]),
            c["insecure-skip-tls-verify"].as_bool().unwrap_or(false)
        ));
    }
    for user in json["users"].as_array().into_iter().flatten() {
        let u = &user["user"];
        out.push(format!(
            "user {} {} {}",
            text(&user["name"]),
            text(&u["token"]),
            text(&u["exec"]["command"])
        ));
    }
    out.sort();
    Some(out)
}

fn doctor_resolved(text: &str) -> Option<Resolved> {
    let config = skyauth::doctor::parse(text).ok()?;
    let mut out = Vec::new();
    for context in &config.contexts {
        let c = &context.context;
        out.push(format!(
            "context {} {} {} {}",
            context.name,
            c.cluster,
            c.user,
            c.namespace.as_deref().unwrap_or_default()
        ));
    }
    for cluster in &config.clusters {
        let c = &cluster.cluster;
        out.push(format!(
            "cluster {} {} {}",
            cluster.name,
            c.server.as_deref().unwrap_or_default(),
            c.insecure_skip_tls_verify.unwrap_or(false)
        ));
    }
    for user in &config.users {
        let u = &user.user;
        out.push(format!(
            "user {} {} {}",
            user.name,
            u.token.as_deref().unwrap_or_default(),
            u.exec
                .as_ref()
                .map(|e| e.command.as_str())
                .unwrap_or_default()
        ));
    }
    out.sort();
    Some(out)
}

/// #22 item 14: merge keys read as kubectl reads them (Go yaml.v2): keys and merges in the
/// order written (a merge after a key overrides it), the earlier mapping of a list winning,
/// inline and nested merges, in contexts, clusters and users; and refused where kubectl
/// refuses them.
#[test]
fn merge_keys_resolve_as_kubectl_resolves_them() {
    let Some(kubectl) = kubectl() else { return };
    let head = "apiVersion: v1\nkind: Config\ncurrent-context: a\n\
        defaults:\n  c: &ctx {cluster: k, user: u, namespace: ml}\n  c2: &ctx2 {cluster: k2, user: v, namespace: two}\n  \
        k: &k {server: 'https://k.example.com', insecure-skip-tls-verify: true}\n  \
        exec: &exec {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin}}\n";
    let cases = [
        // A merged context, cluster and user.
        "clusters:\n- name: k\n  cluster: {<<: *k}\n- name: k2\n  cluster:\n    <<: *k\n    server: 'https://k2.example.com'\n\
         users:\n- name: u\n  user: {<<: *exec}\n- name: v\n  user: {token: abc}\n\
         contexts:\n- name: a\n  context: *ctx\n- name: b\n  context: {<<: *ctx, namespace: other}\n",
        // A key before the merge is overridden by it (yaml.v2's order).
        "clusters:\n- name: k\n  cluster: {server: 'https://k'}\nusers:\n- name: u\n  user: {token: t}\n\
         contexts:\n- name: a\n  context:\n    namespace: mine\n    <<: *ctx\n",
        // A list: the earlier mapping wins; an inline mapping; a merge inside a merged mapping.
        "clusters:\n- name: k2\n  cluster: {server: 'https://k2'}\nusers:\n- name: v\n  user: {token: t}\n\
         contexts:\n- name: a\n  context: {<<: [*ctx2, *ctx]}\n- name: b\n  context: {<<: {<<: *ctx2, namespace: inner}}\n",
        // What kubectl refuses: a scalar, a list holding a scalar, an empty value.
        "contexts:\n- name: a\n  context: {<<: 3}\n",
        "contexts:\n- name: a\n  context: {<<: [*ctx, x]}\n",
        "contexts:\n- name: a\n  context:\n    <<:\n",
    ];
    let dir = std::env::temp_dir().join(format!("skyauth-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut refused = 0;
    for (index, case) in cases.iter().enumerate() {
        let text = format!("{head}{case}");
        let file = dir.join(format!("merge-{index}.yaml"));
        std::fs::write(&file, &text).expect("write");
        let expected = kubectl_resolved(&kubectl, &file);
        assert_eq!(doctor_resolved(&text), expected, "case {index}:\n{text}");
        refused += usize::from(expected.is_none());
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(refused, 3);
}
