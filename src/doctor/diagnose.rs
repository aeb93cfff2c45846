//! The diagnosis: every context resolved to its cluster and user, classified, checked for the
//! pitfalls of `docs/skypilot-facts.md` §7, given a verdict and a recommended `remote_identity`.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::auth::{classify, command_basename, exec_provider, is_path, AuthKind, ExecProvider};
use super::finding::{Finding, FindingCode, Severity};
use super::model::{AuthInfo, Cluster, Kubeconfig};
use super::parse::{parse, parse_bytes, DoctorError};
use super::redact::{displayable_url, redact};
use crate::setup::RemoteIdentity;

/// The doctor's answer for one kubeconfig.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    pub current_context: Option<String>,
    pub contexts: Vec<ContextReport>,
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// True when some finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings about one context.
    pub fn findings_for<'a>(&'a self, context: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.context.as_deref() == Some(context))
    }

    /// The findings of every context, by context name, in order: one pass for a whole report
    /// ([`Diagnosis::findings_for`] per context is quadratic in the number of contexts).
    pub fn findings_by_context(&self) -> HashMap<&str, Vec<&Finding>> {
        let mut by_context: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for finding in &self.findings {
            if let Some(context) = finding.context.as_deref() {
                by_context.entry(context).or_default().push(finding);
            }
        }
        by_context
    }
}

/// One context, resolved and judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextReport {
    pub name: String,
    pub cluster: String,
    pub user: String,
    pub namespace: Option<String>,
    pub is_current: bool,
    pub server: Option<String>,
    pub auth: AuthKind,
    pub exec_command: Option<String>,
    pub exec_provider: Option<ExecProvider>,
    /// The credential, redacted (never the secret itself).
    pub credential: Option<String>,
    pub verdict: Verdict,
    pub recommended_remote_identity: RemoteIdentity,
}

/// Whether SkyPilot can use a context as the user intends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Works with the intended remote identity.
    Ready,
    /// Works, with warnings worth reading.
    ReadyWithWarnings,
    /// The credentials will not work inside pods: use a service account.
    UseServiceAccount,
    /// The context cannot even be loaded (dangling references, or a file kubectl refuses).
    Broken,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithWarnings => "ready-with-warnings",
            Verdict::UseServiceAccount => "use-service-account",
            Verdict::Broken => "broken",
        }
    }

    /// The verdict in words.
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready: SkyPilot can use this context as intended.",
            Verdict::ReadyWithWarnings => "Usable, but read the warnings.",
            Verdict::UseServiceAccount => {
                "Its credentials break inside pods: use a service account."
            }
            Verdict::Broken => {
                "Broken: the context does not resolve, or kubectl cannot load the file; fix the kubeconfig first."
            }
        }
    }
}

/// Diagnoses kubeconfig bytes, for `intended` remote identity.
pub fn diagnose_bytes(bytes: &[u8], intended: &RemoteIdentity) -> Result<Diagnosis, DoctorError> {
    Ok(diagnose_config(&parse_bytes(bytes)?, intended))
}

/// Diagnoses kubeconfig text, for `intended` remote identity (the doctor's default intent is
/// `LOCAL_CREDENTIALS`, where the kubeconfig itself travels into the pods).
pub fn diagnose(text: &str, intended: &RemoteIdentity) -> Result<Diagnosis, DoctorError> {
    Ok(diagnose_config(&parse(text)?, intended))
}

/// Diagnoses a parsed kubeconfig.
pub fn diagnose_config(config: &Kubeconfig, intended: &RemoteIdentity) -> Diagnosis {
    let mut findings = Vec::new();
    let copies_kubeconfig = !intended.uses_service_account();
    // Pitfalls that break copied credentials: errors when the kubeconfig is copied, otherwise
    // they concern only the launcher.
    let portability = if copies_kubeconfig {
        Severity::Error
    } else {
        Severity::Info
    };

    file_level_findings(config, &mut findings);
    // kubectl refuses the whole file, so no context of it can be used.
    let file_refused = findings.iter().any(|f| {
        matches!(
            f.code,
            FindingCode::DuplicateName | FindingCode::InvalidBase64
        )
    });

    // By name, the first of duplicates as kubectl's lookup would (a list scan per context
    // made thousands of contexts quadratic).
    let mut clusters = HashMap::new();
    for named in &config.clusters {
        clusters
            .entry(named.name.as_str())
            .or_insert(&named.cluster);
    }
    let mut users = HashMap::new();
    for named in &config.users {
        users.entry(named.name.as_str()).or_insert(&named.user);
    }

    let mut contexts = Vec::new();
    for named in &config.contexts {
        let first_finding = findings.len();
        let name = &named.name;
        let context = &named.context;
        let mut push = |code, severity, message: String, fix: &str| {
            findings.push(Finding {
                code,
                severity,
                context: Some(name.clone()),
                message,
                fix: fix.to_owned(),
            })
        };
        let cluster = clusters.get(context.cluster.as_str()).copied();
        let user = users.get(context.user.as_str()).copied();
        let mut broken = false;
        if cluster.is_none() {
            broken = true;
            push(
                FindingCode::DanglingCluster,
                Severity::Error,
                format!(
                    "Context `{name}` refers to cluster `{}`, which is not in the file.",
                    context.cluster
                ),
                "Add that cluster under `clusters:`, or point the context at an existing one.",
            );
        }
        if user.is_none() && !context.user.is_empty() {
            broken = true;
            push(
                FindingCode::DanglingUser,
                Severity::Error,
                format!(
                    "Context `{name}` refers to user `{}`, which is not in the file.",
                    context.user
                ),
                "Add that user under `users:`, or point the context at an existing one.",
            );
        }
        if context.namespace.as_deref().is_none_or(str::is_empty) {
            push(
                FindingCode::NoNamespace,
                Severity::Info,
                format!("Context `{name}` sets no namespace, so SkyPilot uses `default`."),
                "Set one if SkyPilot should launch elsewhere: kubectl config set-context NAME --namespace=NS.",
            );
        }

        let default_user = AuthInfo::default();
        let user = user.unwrap_or(&default_user);
        let auth = classify(user);
        let mut portable = true;

        if let Some(cluster) = cluster {
            portable &= cluster_findings(name, cluster, portability, &mut push);
        }
        let (exec_command, exec_provider) = match (&user.exec, auth) {
            (Some(exec), AuthKind::Exec) => {
                portable = false;
                let provider = exec_provider(&exec.command, &exec.args);
                let base = command_basename(&exec.command).to_owned();
                push(
                    FindingCode::ExecAuth,
                    portability,
                    format!(
                        "Context `{name}` logs in through the exec plugin `{base}` ({}); the plugin and its login are not in SkyPilot's pods.",
                        provider.needs()
                    ),
                    exec_fix(provider),
                );
                if is_path(&exec.command) {
                    push(
                        FindingCode::ExecAbsolutePath,
                        if copies_kubeconfig { Severity::Warning } else { Severity::Info },
                        format!("The exec command of context `{name}` is a path (`{}`) that does not exist in a pod.", exec.command),
                        "Use a path-less kubeconfig (exec command by name only), as SkyPilot's converter writes it: the page's download, or `skyauth doctor --pathless FILE`.",
                    );
                }
                (Some(base), Some(provider))
            }
            _ => (None, None),
        };
        if let Some(provider) = &user.auth_provider {
            portable = false;
            push(
                FindingCode::LegacyAuthProvider,
                if copies_kubeconfig { Severity::Error } else { Severity::Warning },
                format!(
                    "Context `{name}` uses the legacy `{}` auth-provider, removed from kubectl 1.26 and dependent on local tooling.",
                    provider.name
                ),
                "Switch to the provider's exec plugin (e.g. gke-gcloud-auth-plugin, kubelogin) or a token, or use a service account.",
            );
        }
        for (key, value) in [
            ("client-certificate", &user.client_certificate),
            ("client-key", &user.client_key),
            ("tokenFile", &user.token_file),
        ] {
            if let Some(path) = value.as_deref().filter(|v| !v.is_empty()) {
                portable = false;
                push(
                    FindingCode::FileReference,
                    portability,
                    format!("The user of context `{name}` reads `{key}` from the file `{path}`, which is not copied into pods."),
                    "Inline it as data: kubectl config view --raw --flatten > flat-kubeconfig.",
                );
            }
        }

        findings[first_finding..].sort_by_key(|finding| finding.severity);
        let recommended = recommend(intended, portable);
        let verdict = if broken || file_refused {
            Verdict::Broken
        } else if copies_kubeconfig && !portable {
            Verdict::UseServiceAccount
        } else if findings[first_finding..]
            .iter()
            .any(|f| f.severity != Severity::Info)
        {
            Verdict::ReadyWithWarnings
        } else {
            Verdict::Ready
        };
        contexts.push(ContextReport {
            name: name.clone(),
            cluster: context.cluster.clone(),
            user: context.user.clone(),
            namespace: context.namespace.clone().filter(|n| !n.is_empty()),
            is_current: config.current_context.as_deref() == Some(name.as_str()),
            server: cluster.and_then(|c| c.server.as_deref().map(displayable_url)),
            auth,
            exec_command,
            exec_provider,
            credential: credential_summary(user, auth),
            verdict,
            recommended_remote_identity: recommended,
        });
    }

    Diagnosis {
        current_context: config.current_context.clone().filter(|c| !c.is_empty()),
        contexts,
        findings,
    }
}

fn file_level_findings(config: &Kubeconfig, findings: &mut Vec<Finding>) {
    let mut push = |code, severity, message: String, fix: &str| {
        findings.push(Finding {
            code,
            severity,
            context: None,
            message,
            fix: fix.to_owned(),
        })
    };
    if config.extra_documents > 0 {
        push(
            FindingCode::ExtraDocuments,
            Severity::Warning,
            format!(
                "The file holds {} more YAML document{} after the first; kubectl and SkyPilot read only the first, and so does this diagnosis.",
                config.extra_documents,
                if config.extra_documents == 1 { "" } else { "s" }
            ),
            "Keep one kubeconfig per file; to combine several, merge them: `KUBECONFIG=a:b kubectl config view --flatten`.",
        );
    }
    let data_fields = config
        .clusters
        .iter()
        .map(|c| {
            (
                "cluster",
                &c.name,
                "certificate-authority-data",
                &c.cluster.certificate_authority_data,
            )
        })
        .chain(config.users.iter().flat_map(|u| {
            [
                (
                    "user",
                    &u.name,
                    "client-certificate-data",
                    &u.user.client_certificate_data,
                ),
                ("user", &u.name, "client-key-data", &u.user.client_key_data),
            ]
        }));
    for (what, name, field, value) in data_fields {
        if let Some(at) = value.as_deref().and_then(base64_error) {
            push(
                FindingCode::InvalidBase64,
                Severity::Error,
                format!(
                    "The {what} `{name}` has `{field}` that is not valid base64 (at character {at}): kubectl refuses to load this kubeconfig, and so does SkyPilot."
                ),
                "Paste the value as `base64 -w0` prints the PEM file, or export a working kubeconfig again: `kubectl config view --raw --flatten`.",
            );
        }
    }
    if config.contexts.is_empty() {
        push(
            FindingCode::NoContexts,
            Severity::Error,
            "The kubeconfig has no contexts, so SkyPilot has nothing to connect to.".into(),
            "Add a context: kubectl config set-context NAME --cluster=CLUSTER --user=USER.",
        );
    }
    match config.current_context.as_deref().filter(|c| !c.is_empty()) {
        None if !config.contexts.is_empty() => push(
            FindingCode::MissingCurrentContext,
            Severity::Warning,
            "No current-context is set; SkyPilot uses the current context unless allowed_contexts lists others.".into(),
            "Pick one: kubectl config use-context NAME.",
        ),
        Some(current) if !config.contexts.iter().any(|c| c.name == current) => push(
            FindingCode::UnknownCurrentContext,
            Severity::Error,
            format!("current-context is `{current}`, but no context has that name."),
            "Pick an existing one: kubectl config use-context NAME.",
        ),
        _ => {}
    }
    let names = [
        (
            "cluster",
            config
                .clusters
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "user",
            config.users.iter().map(|u| u.name.as_str()).collect(),
        ),
        (
            "context",
            config.contexts.iter().map(|c| c.name.as_str()).collect(),
        ),
    ];
    for (what, list) in names {
        let mut seen = HashSet::new();
        let mut reported = HashSet::new();
        for name in list {
            if !seen.insert(name) && reported.insert(name) {
                push(
                    FindingCode::DuplicateName,
                    Severity::Error,
                    format!("Two {what}s are named `{name}`: kubectl refuses to load a kubeconfig with duplicate names."),
                    "Rename or remove one of them.",
                );
            }
        }
    }
}

/// Cluster pitfalls; returns false when the cluster entry does not work from inside a pod.
fn cluster_findings(
    name: &str,
    cluster: &Cluster,
    portability: Severity,
    push: &mut impl FnMut(FindingCode, Severity, String, &str),
) -> bool {
    let mut portable = true;
    if let Some(server) = cluster.server.as_deref().filter(|s| is_localhost(s)) {
        portable = false;
        let server = displayable_url(server);
        push(
            FindingCode::LocalhostServer,
            portability,
            format!("Context `{name}` talks to `{server}`; inside a pod, localhost is the pod itself (kind, minikube, k3d)."),
            "Use the cluster's in-cluster address (https://kubernetes.default.svc), or a service account.",
        );
    }
    if cluster.insecure_skip_tls_verify == Some(true) {
        push(
            FindingCode::InsecureTls,
            Severity::Warning,
            format!("Context `{name}` skips TLS verification: it works, but anyone on the path can impersonate the API server."),
            "Set certificate-authority-data to the cluster's CA and remove insecure-skip-tls-verify.",
        );
    }
    if let Some(path) = cluster
        .certificate_authority
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        portable = false;
        push(
            FindingCode::FileReference,
            portability,
            format!("The cluster of context `{name}` reads its CA from the file `{path}`, which is not copied into pods."),
            "Inline it as data: kubectl config view --raw --flatten > flat-kubeconfig.",
        );
    }
    portable
}

/// True for servers on the local machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0.
/// Where `data` stops being base64 as Go's decoder reads kubeconfig bytes (standard alphabet,
/// `=` padding to a multiple of 4, line breaks ignored): the 1-based character, or `None`.
fn base64_error(data: &str) -> Option<usize> {
    let mut count = 0;
    let mut padding = 0;
    for (index, byte) in data.bytes().enumerate() {
        match byte {
            b'\r' | b'\n' => continue,
            b'=' if count % 4 >= 2 => padding += 1,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if padding == 0 => {}
            _ => return Some(index + 1),
        }
        count += 1;
    }
    (count % 4 != 0 || padding > 2).then_some(data.len().max(1))
}

fn is_localhost(server: &str) -> bool {
    let rest = server.split_once("://").map_or(server, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
}

fn exec_fix(provider: ExecProvider) -> &'static str {
    match provider {
        ExecProvider::Gke => "Use remote_identity: SERVICE_ACCOUNT (or a custom service account); or enable GCP in `sky check` so SkyPilot ships GCP credentials.",
        ExecProvider::Eks => "Use remote_identity: SERVICE_ACCOUNT (or a custom service account); or enable AWS in `sky check` so SkyPilot ships AWS credentials.",
        ExecProvider::Nebius => "Use remote_identity: SERVICE_ACCOUNT (SkyPilot rewrites nebius --profile to `sky`, but the CLI and login must still exist in the pod).",
        _ => "Use remote_identity: SERVICE_ACCOUNT, or a custom service account created with the RBAC generator.",
    }
}

/// The identity to use: the intended one when the credentials travel, else a service account.
fn recommend(intended: &RemoteIdentity, portable: bool) -> RemoteIdentity {
    match intended {
        RemoteIdentity::LocalCredentials if !portable => RemoteIdentity::ServiceAccount,
        other => other.clone(),
    }
}

fn credential_summary(user: &AuthInfo, auth: AuthKind) -> Option<String> {
    let secret = match auth {
        AuthKind::Token => user.token.as_deref(),
        AuthKind::ClientCertificate => user
            .client_key_data
            .as_deref()
            .or(user.client_certificate_data.as_deref()),
        AuthKind::Basic => user.password.as_deref(),
        _ => None,
    }?;
    Some(redact(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_servers() {
        for server in [
            "https://127.0.0.1:6443",
            "https://localhost:8443",
            "https://[::1]:6443",
            "http://0.0.0.0",
            "https://api.localhost",
        ] {
            assert!(is_localhost(server), "{server}");
        }
        for server in [
            "https://10.0.0.1:6443",
            "https://example.com",
            "https://localhost.example.com",
            "https://1270.0.0.1",
        ] {
            assert!(!is_localhost(server), "{server}");
        }
    }
}

#[cfg(test)]
mod base64_tests {
    use super::base64_error;

    #[test]
    fn base64_is_checked_as_go_decodes_kubeconfig_bytes() {
        for valid in [
            "",
            "TWFu",
            "TWE=",
            "TQ==",
            "TWFu\nTWFu\r\n",
            "LS0tLS1CRUdJTg==",
        ] {
            assert_eq!(base64_error(valid), None, "{valid:?}");
        }
        assert_eq!(base64_error("TWF"), Some(3), "not a multiple of 4");
        assert_eq!(base64_error("TW-u"), Some(3), "URL alphabet");
        assert_eq!(base64_error("T==="), Some(2), "padding too early");
        assert_eq!(base64_error("TQ==TWFu"), Some(5), "data after padding");
        assert_eq!(
            base64_error("/path/to/ca.crt"),
            Some(12),
            "a path, not data"
        );
    }
}
