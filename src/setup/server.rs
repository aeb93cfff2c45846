//! Where SkyPilot runs ([`Deployment`]) and, for an API server deployed with SkyPilot's Helm
//! chart, the deployment's choices ([`ApiServer`]; `docs/skypilot-facts.md` §8). Plain values
//! with the chart's defaults.

use serde::{Deserialize, Serialize};

/// Where SkyPilot runs: the `sky` CLI on a laptop, or an API server deployed with Helm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deployment {
    /// `~/.sky/config.yaml` on the user's machine.
    #[default]
    Cli,
    /// The chart's `values.yaml` (`apiService.config` holds the same `kubernetes:` section).
    Helm,
}

/// How the API server authenticates in its own cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerIdentity {
    /// The chart creates `<release>-api-sa` and lets it manage SkyPilot's account and roles
    /// (`rbac.manageRbacPolicies`, the chart's default).
    #[default]
    ChartManaged,
    /// Minimum permissions: pods run as `<release>-api-sa` itself
    /// (`remote_identity: <release>-api-sa`, `rbac.manageRbacPolicies=false`).
    Minimal,
    /// An account the admin prepared (`rbac.create=false`, `rbac.serviceAccountName`).
    Existing,
}

/// The Helm deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct ApiServer {
    /// The Helm release name (`helm upgrade --install RELEASE`).
    pub release: String,
    /// The namespace the server is deployed in.
    pub namespace: String,
    pub identity: ServerIdentity,
    /// The existing service account, with [`ServerIdentity::Existing`].
    pub existing_account: String,
    /// Object-store mounting (`rbac.manageSystemComponents`).
    pub object_store: bool,
    /// Use the hosting cluster, as context `in-cluster` (`useApiServerCluster`).
    pub in_cluster: bool,
    /// Reach other clusters through a kubeconfig in a secret (`useKubeconfig`).
    pub other_clusters: bool,
    /// That secret's name (`kubeconfigSecretName`).
    pub secret_name: String,
}

impl Default for ApiServer {
    fn default() -> Self {
        ApiServer {
            release: "skypilot".into(),
            namespace: "skypilot".into(),
            identity: ServerIdentity::ChartManaged,
            existing_account: String::new(),
            object_store: true,
            in_cluster: true,
            other_clusters: false,
            secret_name: "kube-credentials".into(),
        }
    }
}

impl ApiServer {
    /// The service account the server runs as: the chart's `<release>-api-sa`, or the
    /// existing one.
    pub fn service_account(&self) -> String {
        match self.identity {
            ServerIdentity::Existing => self.existing_account.clone(),
            _ => format!("{}-api-sa", self.release),
        }
    }
}

/// The context name SkyPilot gives the hosting cluster.
pub const IN_CLUSTER: &str = "in-cluster";
