//! The permission profiles of a custom account: what each grants besides the core group
//! (every launching profile gets it) and the optional groups, which features that base already
//! covers, and the rules a profile offers only as a visible choice (SkyPilot's documented
//! Secrets).

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
    /// What it grants besides the core group (for a profile that can launch) and the optional
    /// groups.
    pub base: &'static [Grant],
    /// Rules granted only when the setup asks for them (`account.docs_secrets`): in SkyPilot's
    /// documented minimum, but never called by its code (each rule says why it is kept).
    pub docs_parity: &'static [Grant],
    /// True when `base` holds everything in the launch namespace, so the groups' rules there
    /// are already granted.
    pub namespace_wide: bool,
    /// False for a profile that cannot launch, so optional groups make no sense with it.
    pub can_launch: bool,
}

const fn at(place: Place, rule: rules::RuleSpec) -> Grant {
    Grant {
        place,
        rule,
        releases: super::Releases::All,
    }
}

static MINIMAL: ProfileEntry = ProfileEntry {
    id: "minimal",
    label: "Minimum",
    description: "What SkyPilot's code calls: pods, services and events in the namespace, deployments listed at teardown; nodes, runtime and storage classes cluster-wide; plus what each feature below needs. The Secrets of SkyPilot's documented minimum only if you ask for them.",
    base: &[at(Place::Cluster, rules::STORAGE_CLASSES_READ)],
    docs_parity: &[at(Place::Launch, rules::SECRETS_ALL)],
    namespace_wide: false,
    can_launch: true,
};

static NAMESPACE_ADMIN: ProfileEntry = ProfileEntry {
    id: "namespace-admin",
    label: "Namespace admin",
    description: "Everything in the namespace, and read access to nodes, runtime and storage classes: what SkyPilot's example and its kubeconfig script (SUPER_USER=0) grant.",
    base: &[
        at(Place::Launch, rules::EVERYTHING_IN_NAMESPACE),
        at(Place::Cluster, rules::STORAGE_CLASSES_READ),
    ],
    docs_parity: &[],
    namespace_wide: true,
    can_launch: true,
};

static CLUSTER_ADMIN: ProfileEntry = ProfileEntry {
    id: "cluster-admin",
    label: "Cluster admin",
    description: "Binds the built-in cluster-admin role: everything, everywhere, including every Secret in the cluster. Simple, and far more than SkyPilot needs.",
    base: &[],
    docs_parity: &[],
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
    docs_parity: &[],
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

    /// The grants of an account with this profile before the optional groups, in manifest
    /// order: the core group's (when it can launch; in a namespace-wide profile the base's
    /// `*` stands for its namespaced ones), the base, and the documented Secrets when
    /// `docs_secrets` asks for them; those SkyPilot `version` needs.
    pub fn grants(
        self,
        docs_secrets: bool,
        version: crate::release::SkyPilotVersion,
    ) -> impl Iterator<Item = &'static Grant> {
        let entry = self.entry();
        let core: &'static [Grant] = if entry.can_launch && !self.is_cluster_admin() {
            Feature::Core.group().grants
        } else {
            &[]
        };
        let parity: &'static [Grant] = if docs_secrets { entry.docs_parity } else { &[] };
        let namespace_wide = entry.namespace_wide;
        entry
            .base
            .iter()
            .filter(move |grant| namespace_wide && grant.place == Place::Launch)
            .chain(
                core.iter()
                    .filter(move |grant| !(namespace_wide && grant.place == Place::Launch)),
            )
            .chain(
                entry
                    .base
                    .iter()
                    .filter(move |grant| !(namespace_wide && grant.place == Place::Launch)),
            )
            .chain(parity)
            .filter(move |grant| grant.applies_to(version))
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
