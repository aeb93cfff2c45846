//! The three journeys a kubeconfig takes with SkyPilot (`docs/skypilot-facts.md` §2, §7);
//! how much each pitfall matters on each is the table in `severity.rs`.

use crate::setup::RemoteIdentity;

/// Where the kubeconfig is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KubeconfigJourney {
    /// It stays with whoever launches: `SERVICE_ACCOUNT` (SkyPilot's default), `NO_UPLOAD` or
    /// a custom service account. Pods run under a service account.
    Launcher(RemoteIdentity),
    /// `LOCAL_CREDENTIALS`: copied into SkyPilot's pods and controllers.
    LocalCredentials,
    /// The kube-credentials secret of a Helm-deployed API server, used as it is in its pod.
    ApiServer,
}

/// A journey without its identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JourneyKind {
    Launcher,
    LocalCredentials,
    ApiServer,
}

impl KubeconfigJourney {
    /// The journey of a `remote_identity` value.
    pub fn for_identity(identity: RemoteIdentity) -> KubeconfigJourney {
        match identity {
            RemoteIdentity::LocalCredentials => KubeconfigJourney::LocalCredentials,
            other => KubeconfigJourney::Launcher(other),
        }
    }

    pub fn kind(&self) -> JourneyKind {
        match self {
            KubeconfigJourney::Launcher(_) => JourneyKind::Launcher,
            KubeconfigJourney::LocalCredentials => JourneyKind::LocalCredentials,
            KubeconfigJourney::ApiServer => JourneyKind::ApiServer,
        }
    }

    /// The journey in words, for reports.
    pub fn describe(&self) -> String {
        match self {
            KubeconfigJourney::Launcher(identity) => format!(
                "launching with remote_identity {identity}: the kubeconfig stays on the machine that launches"
            ),
            KubeconfigJourney::LocalCredentials => {
                "LOCAL_CREDENTIALS: the kubeconfig is copied into SkyPilot's pods and controllers"
                    .to_owned()
            }
            KubeconfigJourney::ApiServer => {
                "an API server's kube-credentials secret, used as it is in the server's pod"
                    .to_owned()
            }
        }
    }

    /// The identity the journey's pods use, recommended for a usable context.
    pub fn identity(&self) -> RemoteIdentity {
        match self {
            KubeconfigJourney::Launcher(identity) => identity.clone(),
            KubeconfigJourney::LocalCredentials => RemoteIdentity::LocalCredentials,
            KubeconfigJourney::ApiServer => RemoteIdentity::ServiceAccount,
        }
    }
}

impl Default for KubeconfigJourney {
    /// SkyPilot's default: `SERVICE_ACCOUNT`, the kubeconfig stays with the launcher.
    fn default() -> Self {
        KubeconfigJourney::Launcher(RemoteIdentity::ServiceAccount)
    }
}

impl From<RemoteIdentity> for KubeconfigJourney {
    fn from(identity: RemoteIdentity) -> KubeconfigJourney {
        KubeconfigJourney::for_identity(identity)
    }
}
