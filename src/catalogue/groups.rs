//! The permission groups: one entry per SkyPilot feature that needs its own permissions, with
//! its id (CLI, audit, share links), label, reason and rules, each rule with where it applies.
//! The generator, the audit, the page's checkboxes, the CLI flags and the tests all iterate
//! over [`Feature::ALL`]; adding a group is one variant and one entry here.
//!
//! Its length is the catalogue's: one static entry per group.

use std::fmt;
use std::str::FromStr;

use super::rules::{self, RuleSpec};
use crate::release::{Change, SkyPilotVersion};

/// Where a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The namespace SkyPilot launches into (the account's, or the launcher's).
    Launch,
    /// Cluster-wide (a ClusterRole).
    Cluster,
    /// A namespace SkyPilot fixes by name.
    Fixed(&'static str),
    /// The namespace of SkyPilot's Prometheus, `metrics.prometheus.namespace` (SkyPilot
    /// 0.14.0+; default [`SKYPILOT_METRICS`]): a field of the setup.
    Metrics,
}

/// A rule, where it applies, and which SkyPilot releases need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub place: Place,
    pub rule: RuleSpec,
    pub releases: Releases,
}

/// Which SkyPilot releases need a grant, by a [`Change`] (`crate::release`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Releases {
    /// Every release skyauth writes for.
    All,
    /// The releases with the change (a call it brought).
    With(Change),
    /// The releases without it (a call it removed).
    Without(Change),
    /// The releases with the first change and without the second.
    Between(Change, Change),
}

impl Grant {
    /// Whether SkyPilot `version` needs this grant.
    pub fn applies_to(&self, version: SkyPilotVersion) -> bool {
        match self.releases {
            Releases::All => true,
            Releases::With(change) => version.has(change),
            Releases::Without(change) => !version.has(change),
            Releases::Between(first, removed) => version.has(first) && !version.has(removed),
        }
    }
}

const fn at(place: Place, rule: RuleSpec) -> Grant {
    Grant {
        place,
        rule,
        releases: Releases::All,
    }
}

const fn since(change: Change, grant: Grant) -> Grant {
    Grant {
        releases: Releases::With(change),
        ..grant
    }
}

const fn before(change: Change, grant: Grant) -> Grant {
    Grant {
        releases: Releases::Without(change),
        ..grant
    }
}

const fn between(first: Change, removed: Change, grant: Grant) -> Grant {
    Grant {
        releases: Releases::Between(first, removed),
        ..grant
    }
}

/// The namespace of SkyPilot's object-store components (and its own roles).
pub const SKYPILOT_SYSTEM: &str = "skypilot-system";
/// The only ingress controller namespace SkyPilot reads (service `ingress-nginx-controller`).
pub const INGRESS_NGINX: &str = "ingress-nginx";
/// Where SkyPilot's GPU metrics stack runs by default (service `skypilot-prometheus-server`;
/// `sky/metrics/utils.py` `_DEFAULT_PROMETHEUS_NAMESPACE`), unless
/// `metrics.prometheus.namespace` says otherwise.
pub const SKYPILOT_METRICS: &str = "skypilot";

/// SkyPilot's page on the permissions it needs on Kubernetes and on `remote_identity`.
pub const SKYPILOT_PERMISSIONS_DOCS: &str =
    "https://docs.skypilot.co/en/latest/cloud-setup/cloud-permissions/kubernetes.html";
/// SkyPilot's page on exposing ports on Kubernetes (LoadBalancer services, ingress-nginx).
pub const SKYPILOT_PORTS_DOCS: &str =
    "https://docs.skypilot.co/en/latest/reference/kubernetes/kubernetes-ports.html";

/// How a group comes to be required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// Every launch needs it.
    Always,
    /// A switch the user turns on (a checkbox, a CLI flag).
    Optional,
    /// What the launching identity needs when SkyPilot manages its own account.
    Launcher,
}

/// One permission group of the catalogue.
#[derive(Debug)]
pub struct FeatureGroup {
    /// The id used by the CLI (`--gpu-list`, `--features gpu-list`), JSON and share links.
    pub id: &'static str,
    /// The name shown to people.
    pub label: &'static str,
    /// One sentence: why SkyPilot needs it (page, CLI help, the audit's patch).
    pub why: &'static str,
    pub kind: GroupKind,
    /// The rules the feature needs: the audit's requirement, and what a least-privilege
    /// account gets for it.
    pub grants: &'static [Grant],
    /// What the launching identity needs besides, in the keyword modes, where SkyPilot's own
    /// account gets the feature's rules from it (RBAC lets it grant only what it holds).
    pub launcher_grants: &'static [Grant],
}

macro_rules! features {
    ($($(#[$doc:meta])* $variant:ident => $entry:ident,)*) => {
        /// A SkyPilot feature that needs its own permissions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Feature {
            $($(#[$doc])* $variant,)*
        }

        impl Feature {
            /// Every feature, in catalogue (and report) order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant,)*];

            /// The feature's catalogue entry.
            pub fn group(self) -> &'static FeatureGroup {
                match self {
                    $(Feature::$variant => &$entry,)*
                }
            }
        }
    };
}

features! {
    /// Launching clusters: pods with exec, port-forward and status, services and events in
    /// the namespace; node and runtime class reads.
    Core => CORE,
    /// `sky gpus list` shows free GPUs.
    GpuList => GPU_LIST,
    /// GPU metrics in the API server's dashboard.
    GpuMetrics => GPU_METRICS,
    /// `ports: ingress`.
    Ingress => INGRESS,
    /// Object-store mounting.
    ObjectStore => OBJECT_STORE,
    /// `sky volumes`.
    Volumes => VOLUMES,
    /// High-availability controllers.
    HaControllers => HA_CONTROLLERS,
    /// Pods on the host's network (`hostNetwork: true`, OCI RoCE).
    HostNetwork => HOST_NETWORK,
    /// The launching identity when SkyPilot creates its own account.
    ManagedAccount => MANAGED_ACCOUNT,
}

static CORE: FeatureGroup = FeatureGroup {
    id: "core",
    label: "Core launch",
    why: "Core launch: pods with exec, port-forward and status, services and events in the namespace, deployments listed at teardown; node and runtime class reads.",
    kind: GroupKind::Always,
    grants: &[
        at(Place::Launch, rules::PODS_ALL),
        since(
            Change::PodFailureLog,
            at(Place::Launch, rules::PODS_LOG_ON_FAILURE),
        ),
        at(Place::Launch, rules::SERVICES_ALL),
        at(Place::Launch, rules::EVENTS_READ),
        at(Place::Launch, rules::TEARDOWN_DEPLOYMENTS_LIST),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
        since(
            Change::ClusterIdentityRead,
            at(Place::Cluster, rules::CLUSTER_IDENTITY_READ),
        ),
    ],
    launcher_grants: &[],
};

static GPU_LIST: FeatureGroup = FeatureGroup {
    id: "gpu-list",
    label: "GPU listing",
    why: "`sky gpus list`: reads pods cluster-wide to count GPUs in use; without it `sky gpus list` fails (SkyPilot 0.14.1 raises on the 403).",
    kind: GroupKind::Optional,
    grants: &[at(Place::Cluster, rules::PODS_READ_EVERYWHERE)],
    launcher_grants: &[],
};

static GPU_METRICS: FeatureGroup = FeatureGroup {
    id: "gpu-metrics",
    label: "GPU metrics",
    why: "GPU metrics in the API server's dashboard: port-forwards to skypilot-prometheus-server in the Prometheus namespace (metrics.prometheus.namespace, default skypilot).",
    kind: GroupKind::Optional,
    grants: &[
        since(
            Change::MetricsLocalContext,
            at(Place::Cluster, rules::KUBE_SYSTEM_GET),
        ),
        at(Place::Metrics, rules::PROMETHEUS_SERVICE_GET),
        at(Place::Metrics, rules::PROMETHEUS_PODS_FORWARD),
        at(Place::Metrics, rules::PROMETHEUS_PORT_FORWARD),
    ],
    launcher_grants: &[],
};

static INGRESS: FeatureGroup = FeatureGroup {
    id: "ingress",
    label: "Ingress",
    why: "Exposes ports through ingress-nginx (`ports: ingress`): Ingress objects in the namespace, the nginx ingress class and the controller's service.",
    kind: GroupKind::Optional,
    grants: &[
        at(Place::Launch, rules::INGRESSES),
        at(Place::Cluster, rules::INGRESS_CLASSES_LIST),
        at(Place::Fixed(INGRESS_NGINX), rules::INGRESS_CONTROLLER_SERVICES),
    ],
    launcher_grants: &[at(Place::Fixed(INGRESS_NGINX), rules::LAUNCHER_INGRESS_RBAC)],
};

static OBJECT_STORE: FeatureGroup = FeatureGroup {
    id: "object-store",
    label: "Object-store mounting",
    why: "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
    kind: GroupKind::Optional,
    grants: &[at(Place::Fixed(SKYPILOT_SYSTEM), rules::FUSE_DAEMONSETS)],
    launcher_grants: &[],
};

static VOLUMES: FeatureGroup = FeatureGroup {
    id: "volumes",
    label: "Volumes",
    why: "`sky volumes`: PersistentVolumeClaims in the namespace, and the cleanup daemonset of a k8s-hostpath volume; storage classes and persistent volumes read cluster-wide.",
    kind: GroupKind::Optional,
    grants: &[
        at(Place::Launch, rules::VOLUME_CLAIMS),
        at(Place::Launch, rules::HOSTPATH_CLEANUP_DAEMONSETS),
        at(Place::Cluster, rules::VOLUME_STORAGE_CLASSES),
        at(Place::Cluster, rules::PERSISTENT_VOLUMES_LIST),
    ],
    launcher_grants: &[],
};

static HA_CONTROLLERS: FeatureGroup = FeatureGroup {
    id: "ha-controllers",
    label: "HA controllers",
    why: "High-availability controllers: deployments and their volume claims (read, created, deleted) in the namespace.",
    kind: GroupKind::Optional,
    grants: &[
        at(Place::Launch, rules::CONTROLLER_DEPLOYMENTS),
        at(Place::Launch, rules::CONTROLLER_CLAIMS),
    ],
    launcher_grants: &[],
};

static HOST_NETWORK: FeatureGroup = FeatureGroup {
    id: "host-network",
    label: "Host network",
    why: "Pods on the host's network (pod_config hostNetwork: true, or OCI RoCE; SkyPilot 0.13.0+): each pod publishes its probed ports in a ConfigMap in the namespace, and the launch reads it.",
    kind: GroupKind::Optional,
    grants: &[
        between(
            Change::HostNetworkProbe,
            Change::HostNetworkPortsInSpec,
            at(Place::Launch, rules::HOST_NETWORK_CONFIGMAPS),
        ),
        since(
            Change::HostNetworkPortsInSpec,
            at(Place::Launch, rules::HOST_NETWORK_CONFIGMAP_READ),
        ),
    ],
    launcher_grants: &[],
};

static MANAGED_ACCOUNT: FeatureGroup = FeatureGroup {
    id: "managed-account",
    label: "SkyPilot-managed account (launcher)",
    why: "Keyword modes (SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD): SkyPilot creates skypilot-service-account and its roles with the launcher's rights, in the namespace, cluster-wide and in skypilot-system.",
    kind: GroupKind::Launcher,
    grants: &[
        at(Place::Launch, rules::LAUNCHER_EVERYTHING),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::LAUNCHER_NAMESPACES),
        before(
            Change::ControllerAccount,
            at(Place::Cluster, rules::LAUNCHER_CLUSTER_RBAC),
        ),
        since(
            Change::ControllerAccount,
            at(Place::Cluster, rules::LAUNCHER_CONTROLLER_CLUSTER_RBAC),
        ),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
        at(Place::Cluster, rules::LAUNCHER_INGRESS_CLASSES),
        at(Place::Fixed(SKYPILOT_SYSTEM), rules::LAUNCHER_SKYPILOT_SYSTEM),
    ],
    launcher_grants: &[],
};

/// Ids that no longer name a feature, and why (so old scripts get an answer, not a shrug).
const RETIRED: &[(&str, &str)] = &[(
    "in-pod-launch",
    "it checked cluster-role reads that SkyPilot does not make for a custom account; a \
     launch from inside a pod needs what `core` and `managed-account` check",
)];

impl Feature {
    /// The id used by the CLI, JSON and share links.
    pub fn id(self) -> &'static str {
        self.group().id
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        self.group().label
    }

    /// Why SkyPilot needs the feature's permissions.
    pub fn why(self) -> &'static str {
        self.group().why
    }

    /// True for the features a user switches on.
    pub fn is_optional(self) -> bool {
        self.group().kind == GroupKind::Optional
    }

    /// The features a user switches on, in catalogue order.
    pub fn optional() -> impl Iterator<Item = Feature> {
        Feature::ALL.iter().copied().filter(|f| f.is_optional())
    }

    /// What the feature needs in SkyPilot `version`, for the launching identity (`launcher`:
    /// its own grants and the launcher's extra ones) or for an account.
    pub fn grants_for(
        self,
        launcher: bool,
        version: SkyPilotVersion,
    ) -> impl Iterator<Item = &'static Grant> {
        self.every_grant(launcher)
            .filter(move |grant| grant.applies_to(version))
    }

    /// The SkyPilot setting that makes the feature's calls unnecessary, when one exists
    /// (`docs/skypilot-facts.md` §2-3): what `skyauth explain` offers beside the patch. (A
    /// match, not a field of the entry, so the page, which reads the entries, does not carry
    /// these sentences.)
    pub fn avoided_by(self) -> Option<&'static str> {
        match self {
            Feature::Ingress => Some("`kubernetes.ports: loadbalancer` (SkyPilot's default) or `podip` exposes ports without Ingress objects, so none of these rights is needed."),
            Feature::ManagedAccount => Some("`kubernetes.remote_identity` naming an existing service account (its RBAC from `skyauth rbac`): SkyPilot then creates no account and no roles, so the launcher needs none of these rights."),
            Feature::Core
            | Feature::GpuList
            | Feature::GpuMetrics
            | Feature::ObjectStore
            | Feature::Volumes
            | Feature::HaControllers
            | Feature::HostNetwork => None,
        }
    }

    /// SkyPilot's documentation page about the feature's permissions.
    pub fn docs(self) -> &'static str {
        match self {
            Feature::Ingress => SKYPILOT_PORTS_DOCS,
            Feature::Core
            | Feature::GpuList
            | Feature::GpuMetrics
            | Feature::ObjectStore
            | Feature::Volumes
            | Feature::HaControllers
            | Feature::HostNetwork
            | Feature::ManagedAccount => SKYPILOT_PERMISSIONS_DOCS,
        }
    }

    /// Every grant of the feature, whichever releases need it.
    pub fn every_grant(self, launcher: bool) -> impl Iterator<Item = &'static Grant> {
        let group = self.group();
        let extra: &'static [Grant] = if launcher { group.launcher_grants } else { &[] };
        group.grants.iter().chain(extra)
    }

    /// The ids, comma-separated (for help texts and error messages).
    pub fn id_list(features: impl IntoIterator<Item = Feature>) -> String {
        features
            .into_iter()
            .map(Feature::id)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A feature id that is not in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFeature(pub String);

impl fmt::Display for UnknownFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids = Feature::id_list(Feature::ALL.iter().copied());
        match RETIRED.iter().find(|(id, _)| *id == self.0) {
            Some((id, why)) => write!(f, "`{id}` is no longer a feature: {why}; use one of {ids}"),
            None => write!(f, "`{}` is not a feature; use one of {ids}", self.0),
        }
    }
}

impl std::error::Error for UnknownFeature {}

impl FromStr for Feature {
    type Err = UnknownFeature;

    fn from_str(text: &str) -> Result<Feature, UnknownFeature> {
        let text = text.trim();
        Feature::ALL
            .iter()
            .copied()
            .find(|feature| feature.id() == text)
            .ok_or_else(|| UnknownFeature(text.to_owned()))
    }
}

#[cfg(test)]
mod tests;
