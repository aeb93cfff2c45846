//! The permission profiles of a custom account: what each grants besides the optional groups,
//! and which features that base already covers.

use serde::{Deserialize, Serialize};

use super::groups::{Feature, Grant, Place};
use super::rules;

/// How much a custom account may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermissionProfile {
    /// SkyPilot's current documented minimum, plus what the selected features need.
    Minimal,
    /// Everything in the namespace, and SkyPilot's cluster-wide reads.
    #[default]
    #[serde(alias = "documented")]
    NamespaceAdmin,
    /// The built-in `cluster-admin` ClusterRole (SkyPilot's kubeconfig script default).
    ClusterAdmin,
    /// SkyPilot's hardening for the account inside the head pod: autodown only.
    Workload,
}

/// A profile's catalogue entry.
#[derive(Debug)]
pub struct ProfileEntry {
    /// The CLI and share-link spelling.
    pub id: &'static str,
    pub label: &'static str,
    /// One or two sentences for the page and the CLI help.
    pub description: &'static str,
    /// What it grants before any optional group.
    pub base: &'static [Grant],
    /// True when `base` holds everything in the launch namespace, so the groups' rules there
    /// are already granted.
    pub namespace_wide: bool,
    /// False for a profile that cannot launch, so optional groups make no sense with it.
    pub can_launch: bool,
}

const fn at(place: Place, rule: rules::RuleSpec) -> Grant {
    Grant { place, rule }
}

/// SkyPilot's cluster-wide reads, shared by the minimum and namespace-admin profiles.
const CLUSTER_READS: [Grant; 3] = [
    at(Place::Cluster, rules::NODES_READ),
    at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
    at(Place::Cluster, rules::STORAGE_CLASSES_READ),
];

static MINIMAL: ProfileEntry = ProfileEntry {
    id: "minimal",
    label: "Minimum",
    description: "SkyPilot's documented minimum: pods, services, secrets and events in the namespace; nodes, runtime and storage classes cluster-wide; plus what each feature below needs.",
    base: &[
        at(Place::Launch, rules::PODS_ALL),
        at(Place::Launch, rules::SERVICES_ALL),
        at(Place::Launch, rules::SECRETS_ALL),
        at(Place::Launch, rules::EVENTS_READ),
        CLUSTER_READS[0],
        CLUSTER_READS[1],
        CLUSTER_READS[2],
    ],
    namespace_wide: false,
    can_launch: true,
};

static NAMESPACE_ADMIN: ProfileEntry = ProfileEntry {
    id: "namespace-admin",
    label: "Namespace admin",
    description: "Everything in the namespace, and read access to nodes, runtime and storage classes: what SkyPilot's example and its kubeconfig script (SUPER_USER=0) grant.",
    base: &[
        at(Place::Launch, rules::EVERYTHING_IN_NAMESPACE),
        CLUSTER_READS[0],
        CLUSTER_READS[1],
        CLUSTER_READS[2],
    ],
    namespace_wide: true,
    can_launch: true,
};

static CLUSTER_ADMIN: ProfileEntry = ProfileEntry {
    id: "cluster-admin",
    label: "Cluster admin",
    description: "Binds the built-in cluster-admin role: everything, everywhere, including every Secret in the cluster. Simple, and far more than SkyPilot needs.",
    base: &[],
    namespace_wide: true,
    can_launch: true,
};

static WORKLOAD: ProfileEntry = ProfileEntry {
    id: "workload",
    label: "Workload account",
    description: "SkyPilot's hardening for the account inside a cluster's head pod: autodown only. It cannot launch anything: use it as the pods' account while the launcher has more.",
    base: &[
        at(Place::Launch, rules::WORKLOAD_PODS),
        at(Place::Launch, rules::WORKLOAD_SERVICES),
        at(Place::Launch, rules::WORKLOAD_DEPLOYMENTS),
        at(Place::Launch, rules::WORKLOAD_EVENTS),
    ],
    namespace_wide: false,
    can_launch: false,
};

impl PermissionProfile {
    /// The profile that grants the least a launching account needs.
    pub const LEAST_PRIVILEGE: PermissionProfile = PermissionProfile::Minimal;

    /// All profiles, in the order the wizard shows them.
    pub const ALL: [PermissionProfile; 4] = [
        PermissionProfile::Minimal,
        PermissionProfile::NamespaceAdmin,
        PermissionProfile::ClusterAdmin,
        PermissionProfile::Workload,
    ];

    /// The profile's catalogue entry.
    pub fn entry(self) -> &'static ProfileEntry {
        match self {
            PermissionProfile::Minimal => &MINIMAL,
            PermissionProfile::NamespaceAdmin => &NAMESPACE_ADMIN,
            PermissionProfile::ClusterAdmin => &CLUSTER_ADMIN,
            PermissionProfile::Workload => &WORKLOAD,
        }
    }

    /// The CLI and link spelling.
    pub fn as_str(self) -> &'static str {
        self.entry().id
    }

    /// Reads a CLI or link spelling; `documented` is the namespace-admin profile's old name.
    pub fn from_id(id: &str) -> Option<PermissionProfile> {
        if id == "documented" {
            return Some(PermissionProfile::NamespaceAdmin);
        }
        PermissionProfile::ALL
            .into_iter()
            .find(|profile| profile.as_str() == id)
    }

    /// True when the profile binds `cluster-admin` and so grants every feature.
    pub fn is_cluster_admin(self) -> bool {
        self == PermissionProfile::ClusterAdmin
    }

    /// The features an account with this profile and the `enabled` optional groups is built
    /// for: everything under cluster-admin; none for an account that cannot launch; else
    /// core and the groups.
    pub fn features(self, enabled: &super::FeatureSet) -> Vec<Feature> {
        if !self.entry().can_launch {
            return Vec::new();
        }
        Feature::ALL
            .iter()
            .copied()
            .filter(|&feature| {
                self.is_cluster_admin() || feature == Feature::Core || enabled.contains(feature)
            })
            .collect()
    }
}
