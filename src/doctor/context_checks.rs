//! Checks of one context: its cluster and user resolved, its credentials classified, and what
//! it has that matters on some journey (`docs/skypilot-facts.md` §7), as observations the
//! journey rules ([`super::journey`]) then weigh.

use std::collections::HashMap;

use super::auth::{classify, command_basename, exec_provider, is_path, AuthKind, ExecProvider};
use super::finding::FindingCode;
use super::model::{AuthInfo, Cluster, Kubeconfig, NamedContext};
use super::redact::{displayable_url, redact};
use super::severity::{controllers_cloud, Check};

/// Something a context has, in words, for the journey rules to weigh.
pub(super) struct Observation {
    pub check: Check,
    /// What the context has ("Context `x` logs in through ...").
    pub what: String,
    /// The cloud to enable so SkyPilot's controllers run its exec plugin.
    pub cloud: Option<&'static str>,
}

/// One context, examined.
pub(super) struct Examined<'a> {
    pub cluster: Option<&'a Cluster>,
    pub user: &'a AuthInfo,
    pub auth: AuthKind,
    pub exec: Option<(String, ExecProvider)>,
    /// References that do not resolve: always errors.
    pub dangling: Vec<(FindingCode, String)>,
    pub observations: Vec<Observation>,
    /// One of SkyPilot's own SSH Node Pool contexts (`ssh-<pool>`).
    pub ssh_node_pool: bool,
}

/// The clusters and users by name, the first of duplicates as kubectl's lookup would (a list
/// scan per context made thousands of contexts quadratic).
pub(super) struct Lookup<'a> {
    clusters: HashMap<&'a str, &'a Cluster>,
    users: HashMap<&'a str, &'a AuthInfo>,
}

impl<'a> Lookup<'a> {
    pub fn new(config: &'a Kubeconfig) -> Lookup<'a> {
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
        Lookup { clusters, users }
    }
}

static NO_USER: AuthInfo = AuthInfo {
    client_certificate: None,
    client_certificate_data: None,
    client_key: None,
    client_key_data: None,
    token: None,
    token_file: None,
    username: None,
    password: None,
    auth_provider: None,
    exec: None,
};

/// Examines one context.
pub(super) fn examine<'a>(named: &NamedContext, lookup: &Lookup<'a>) -> Examined<'a> {
    let name = &named.name;
    let context = &named.context;
    let cluster = lookup.clusters.get(context.cluster.as_str()).copied();
    let user = lookup.users.get(context.user.as_str()).copied();
    let mut dangling = Vec::new();
    if cluster.is_none() {
        dangling.push((
            FindingCode::DanglingCluster,
            format!(
                "Context `{name}` refers to cluster `{}`, which is not in the file.",
                context.cluster
            ),
        ));
    }
    if user.is_none() && !context.user.is_empty() {
        dangling.push((
            FindingCode::DanglingUser,
            format!(
                "Context `{name}` refers to user `{}`, which is not in the file.",
                context.user
            ),
        ));
    }
    let user = user.unwrap_or(&NO_USER);
    let auth = classify(user);
    let mut observations = Vec::new();
    let mut observe = |check, what: String| {
        observations.push(Observation {
            check,
            what,
            cloud: None,
        })
    };
    if context.namespace.as_deref().is_none_or(str::is_empty) {
        observe(
            Check::NoNamespace,
            format!("Context `{name}` sets no namespace."),
        );
    }
    if name == "in-cluster" {
        observe(
            Check::InClusterName,
            "A context is named `in-cluster`.".to_owned(),
        );
    }
    if let Some(cluster) = cluster {
        cluster_observations(name, cluster, &mut observe);
    }
    if let Some(provider) = &user.auth_provider {
        let removed = !provider.name.eq_ignore_ascii_case("oidc");
        observe(
            if removed {
                Check::RemovedAuthProvider
            } else {
                Check::OidcAuthProvider
            },
            format!(
                "Context `{name}` uses the legacy `{}` auth-provider.",
                provider.name
            ),
        );
    }
    for (key, value) in [
        ("client-certificate", &user.client_certificate),
        ("client-key", &user.client_key),
        ("tokenFile", &user.token_file),
    ] {
        if let Some(path) = value.as_deref().filter(|v| !v.is_empty()) {
            observe(
                Check::FileReference,
                format!("The user of context `{name}` reads `{key}` from the file `{path}`."),
            );
        }
    }
    let exec = match (&user.exec, auth) {
        (Some(exec), AuthKind::Exec) => {
            let provider = exec_provider(&exec.command, &exec.args);
            let base = command_basename(&exec.command).to_owned();
            let cloud = controllers_cloud(provider, &base);
            observations.push(Observation {
                check: if cloud.is_some() {
                    Check::ExecControllersRun
                } else {
                    Check::ExecOther
                },
                what: format!(
                    "Context `{name}` logs in through the exec plugin `{base}` ({}).",
                    provider.needs()
                ),
                cloud,
            });
            if is_path(&exec.command) {
                observations.push(Observation {
                    check: Check::ExecPath,
                    what: format!(
                        "The exec command of context `{name}` is a path (`{}`).",
                        exec.command
                    ),
                    cloud: None,
                });
            }
            Some((base, provider))
        }
        _ => None,
    };
    Examined {
        cluster,
        user,
        auth,
        exec,
        dangling,
        observations,
        ssh_node_pool: is_ssh_node_pool(name),
    }
}

/// SkyPilot names its SSH Node Pool contexts `ssh-<pool>` (`sky ssh up`).
fn is_ssh_node_pool(name: &str) -> bool {
    name.strip_prefix("ssh-")
        .is_some_and(|pool| !pool.is_empty())
}

/// The checks an SSH Node Pool context's own setup trips, which are SkyPilot's doing.
pub(super) fn is_ssh_node_pool_own(check: Check) -> bool {
    matches!(
        check,
        Check::ExecControllersRun
            | Check::ExecOther
            | Check::ExecPath
            | Check::LocalhostServer
            | Check::InsecureTls
            | Check::FileReference
            | Check::NoNamespace
    )
}

fn cluster_observations(name: &str, cluster: &Cluster, observe: &mut impl FnMut(Check, String)) {
    if let Some(server) = cluster.server.as_deref().filter(|s| is_localhost(s)) {
        let server = displayable_url(server);
        observe(
            Check::LocalhostServer,
            format!("Context `{name}` talks to `{server}` (kind, minikube, k3d)."),
        );
    }
    if cluster.insecure_skip_tls_verify == Some(true) {
        observe(
            Check::InsecureTls,
            format!("Context `{name}` skips TLS verification."),
        );
    }
    if let Some(path) = cluster
        .certificate_authority
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        observe(
            Check::FileReference,
            format!("The cluster of context `{name}` reads its CA from the file `{path}`."),
        );
    }
}

/// True for servers on the local machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0.
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

/// The credential, redacted: its length only.
pub(super) fn credential_summary(user: &AuthInfo, auth: AuthKind) -> Option<String> {
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

    #[test]
    fn ssh_node_pools_by_name() {
        assert!(is_ssh_node_pool("ssh-mypool"));
        assert!(!is_ssh_node_pool("ssh-") && !is_ssh_node_pool("gke-ssh-x"));
    }
}
