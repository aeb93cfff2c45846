//! The setups the Helm journey generates from: the server's own (its config and the RBAC of
//! the hosting cluster) and, for clusters reached through a kubeconfig secret, the custom
//! account each of them needs.

use super::server::{ApiServer, Deployment, ServerIdentity, IN_CLUSTER};
use crate::setup::{AllowedContexts, AuthMethod, SubjectKind};
use crate::setup::{CustomAccount, Setup};

/// The Helm repository and chart of SkyPilot's API server (`helm repo add skypilot URL`).
pub const HELM_REPO: &str = "https://helm.skypilot.co";

/// The setup whose output is generated, without the choices it hides ([`Setup::applied`]):
/// the server's own for an API server, else `setup`.
pub fn effective_setup(setup: &Setup) -> std::borrow::Cow<'_, Setup> {
    match setup.deployment {
        Deployment::Cli => setup.applied(),
        Deployment::Helm => std::borrow::Cow::Owned(hosting_setup(&setup.applied())),
    }
}

/// The setup the server runs with: `auth`, `account` and `launcher` describe the hosting
/// cluster; the contexts are `in-cluster` and the other clusters, each of those with the
/// custom account as its identity.
pub fn hosting_setup(setup: &Setup) -> Setup {
    let server = &setup.server;
    let mut out = setup.clone();
    // The server launches in its own namespace (the in-cluster context's), whoever launches:
    // its config and the launcher RBAC of an existing account say so, as the CLI's
    // `--namespace` does.
    out.launcher.namespace = server.namespace.clone();
    match server.identity {
        ServerIdentity::ChartManaged => {}
        ServerIdentity::Minimal => {
            // Pods run as the server's own account, which the chart grants what they need.
            out.auth = AuthMethod::Custom;
            out.account = CustomAccount {
                namespace: server.namespace.clone(),
                name: server.service_account(),
                ..setup.account.clone()
            };
        }
        ServerIdentity::Existing if setup.auth == AuthMethod::Custom => {
            out.account.name = server.existing_account.clone();
            out.account.namespace = server.namespace.clone();
        }
        ServerIdentity::Existing => {
            out.launcher.enabled = true;
            out.launcher.subject_kind = SubjectKind::ServiceAccount;
            out.launcher.subject = format!("{}/{}", server.namespace, server.existing_account);
        }
    }
    if server.other_clusters {
        let others: Vec<String> = setup
            .contexts
            .names
            .iter()
            .filter(|name| name.as_str() != IN_CLUSTER)
            .cloned()
            .collect();
        let account = &setup.account;
        out.contexts.allowed = AllowedContexts::List;
        out.contexts.per_context = true;
        out.contexts.names = server
            .in_cluster
            .then(|| IN_CLUSTER.to_owned())
            .into_iter()
            .chain(others.iter().cloned())
            .collect();
        for context in &others {
            out.contexts
                .identities
                .entry(context.clone())
                .or_insert_with(|| account.name.clone());
            out.contexts
                .namespaces
                .entry(context.clone())
                .or_insert_with(|| account.namespace.clone());
        }
    } else {
        // Only the hosting cluster: SkyPilot's current context is `in-cluster`.
        out.contexts.allowed = AllowedContexts::Current;
        out.contexts.names.clear();
        out.contexts.per_context = false;
        out.contexts.identities.clear();
        out.contexts.namespaces.clear();
    }
    out
}

/// The custom account each other cluster needs, with a long-lived token for the kubeconfig
/// in the secret (a kubeconfig used inside the server's pod must hold static credentials).
pub fn other_cluster_setup(setup: &Setup) -> Option<Setup> {
    setup.server.other_clusters.then(|| {
        let mut account = setup.account.clone();
        account.token_secret = true;
        Setup {
            auth: AuthMethod::Custom,
            account,
            features: setup.features,
            server: ApiServer::default(),
            deployment: Deployment::Cli,
            ..Setup::default()
        }
    })
}
