//! The permission profiles of a custom account: what each grants besides the optional groups,
//! and which features that base already covers.

use serde::{Deserialize, Serialize};

use super::groups::{Feature, Grant, Place};
use super::rules;

/// How much a custom account may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermissionProfile {
    /// SkyPilot's example file: everything in the namespace, read access to a few cluster kinds.
    #[default]
    Documented,
    /// SkyPilot's documented minimum.
    Minimal,
    /// The built-in `cluster-admin` ClusterRole (SkyPilot's kubeconfig script default).
    ClusterAdmin,
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
}

const fn at(place: Place, rule: rules::RuleSpec) -> Grant {
    Grant { place, rule }
}

static DOCUMENTED: ProfileEntry = ProfileEntry {
    id: "documented",
    label: "Documented",
    description: "SkyPilot's example: everything in the namespace (including secrets), read access to nodes, runtime and ingress classes, and its own cluster roles.",
    base: &[
        at(Place::Launch, rules::EVERYTHING_IN_NAMESPACE),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::CLUSTER_RBAC_READ),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
        at(Place::Cluster, rules::INGRESS_CLASSES_READ),
    ],
    namespace_wide: true,
};

static MINIMAL: ProfileEntry = ProfileEntry {
    id: "minimal",
    label: "Minimal",
    description: "SkyPilot's documented minimum: pods, services, secrets and events in the namespace; nodes, runtime and storage classes cluster-wide.",
    base: &[
        at(Place::Launch, rules::PODS_ALL),
        at(Place::Launch, rules::SERVICES_ALL),
        at(Place::Launch, rules::SECRETS_ALL),
        at(Place::Launch, rules::EVENTS_READ),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
        at(Place::Cluster, rules::STORAGE_CLASSES_READ),
    ],
    namespace_wide: false,
};

static CLUSTER_ADMIN: ProfileEntry = ProfileEntry {
    id: "cluster-admin",
    label: "Cluster admin",
    description: "Binds the built-in cluster-admin role: everything, everywhere. Simple, and far more than SkyPilot needs.",
    base: &[],
    namespace_wide: true,
};

impl PermissionProfile {
    /// All profiles, in the order the wizard shows them.
    pub const ALL: [PermissionProfile; 3] = [
        PermissionProfile::Documented,
        PermissionProfile::Minimal,
        PermissionProfile::ClusterAdmin,
    ];

    /// The profile's catalogue entry.
    pub fn entry(self) -> &'static ProfileEntry {
        match self {
            PermissionProfile::Documented => &DOCUMENTED,
            PermissionProfile::Minimal => &MINIMAL,
            PermissionProfile::ClusterAdmin => &CLUSTER_ADMIN,
        }
    }

    /// The CLI and link spelling.
    pub fn as_str(self) -> &'static str {
        self.entry().id
    }

    /// True when the profile binds `cluster-admin` and so grants every feature.
    pub fn is_cluster_admin(self) -> bool {
        self == PermissionProfile::ClusterAdmin
    }

    /// The features an account with this profile and the `enabled` optional groups is built
    /// for: everything under cluster-admin; else core, what the base covers, and the groups.
    pub fn features(self, enabled: &super::FeatureSet) -> Vec<Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(|&feature| {
                self.is_cluster_admin()
                    || feature == Feature::Core
                    || enabled.contains(feature)
                    || (!feature.is_optional() && self.covers(feature))
            })
            .collect()
    }

    /// True when the base grants every rule `feature` needs.
    fn covers(self, feature: Feature) -> bool {
        let base = self.entry().base;
        feature.group().grants.iter().all(|grant| {
            base.contains(grant) || (grant.place == Place::Launch && self.entry().namespace_wide)
        })
    }
}
