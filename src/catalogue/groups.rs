//! The permission groups: one entry per SkyPilot feature that needs its own permissions, with
//! its id (CLI, audit, share links), label, reason and rules, each rule with where it applies.
//! The generator, the audit, the page's checkboxes, the CLI flags and the tests all iterate
//! over [`Feature::ALL`]; adding a group is one variant and one entry here.

use std::fmt;
use std::str::FromStr;

use super::rules::{self, RuleSpec};

/// Where a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The namespace SkyPilot launches into (the account's, or the launcher's).
    Launch,
    /// Cluster-wide (a ClusterRole).
    Cluster,
    /// The ingress controller's namespace.
    IngressController,
    /// A namespace SkyPilot fixes by name.
    Fixed(&'static str),
}

/// A rule and where it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub place: Place,
    pub rule: RuleSpec,
}

const fn at(place: Place, rule: RuleSpec) -> Grant {
    Grant { place, rule }
}

/// The namespace of SkyPilot's object-store components (and its own roles).
pub const SKYPILOT_SYSTEM: &str = "skypilot-system";

/// How a group comes to be required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// Every launch needs it.
    Always,
    /// A switch the user turns on (a checkbox, a CLI flag).
    Optional,
    /// Part of some profiles, never a switch of its own.
    ProfileOnly,
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
    /// What a namespace-wide profile grants for it instead, where that differs.
    pub wide_grants: Option<&'static [Grant]>,
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
    /// Launching clusters: pods with exec, port-forward and status, services, secrets and
    /// events in the namespace; node and runtime class reads.
    Core => CORE,
    /// `sky gpus list` shows free GPUs.
    GpuList => GPU_LIST,
    /// GPU metrics federation.
    GpuMetrics => GPU_METRICS,
    /// `ports: ingress`.
    Ingress => INGRESS,
    /// Object-store mounting.
    ObjectStore => OBJECT_STORE,
    /// Launching further clusters from inside a pod.
    InPodLaunch => IN_POD_LAUNCH,
    /// The launching identity when SkyPilot creates its own account.
    ManagedAccount => MANAGED_ACCOUNT,
}

static CORE: FeatureGroup = FeatureGroup {
    id: "core",
    label: "Core launch",
    why: "Core launch: pods, exec, port-forward, services, secrets, events; node and runtime class reads.",
    kind: GroupKind::Always,
    grants: &[
        at(Place::Launch, rules::PODS_ALL),
        at(Place::Launch, rules::SERVICES_ALL),
        at(Place::Launch, rules::SECRETS_ALL),
        at(Place::Launch, rules::EVENTS_READ),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
    ],
    wide_grants: None,
};

static GPU_LIST: FeatureGroup = FeatureGroup {
    id: "gpu-list",
    label: "GPU listing",
    why: "`sky gpus list` shows free GPUs: reads pods cluster-wide.",
    kind: GroupKind::Optional,
    grants: &[at(Place::Cluster, rules::PODS_READ_EVERYWHERE)],
    wide_grants: None,
};

static GPU_METRICS: FeatureGroup = FeatureGroup {
    id: "gpu-metrics",
    label: "GPU metrics",
    why: "GPU metrics federation: identifies the cluster by its kube-system namespace.",
    kind: GroupKind::Optional,
    grants: &[at(Place::Cluster, rules::KUBE_SYSTEM_GET)],
    wide_grants: None,
};

static INGRESS: FeatureGroup = FeatureGroup {
    id: "ingress",
    label: "Ingress",
    why: "Exposes ports through ingress-nginx (`ports: ingress`): reads the controller's service.",
    kind: GroupKind::Optional,
    grants: &[
        at(Place::IngressController, rules::INGRESS_SERVICES_READ),
        at(Place::IngressController, rules::INGRESS_RBAC_READ),
    ],
    wide_grants: None,
};

static OBJECT_STORE: FeatureGroup = FeatureGroup {
    id: "object-store",
    label: "Object-store mounting",
    why: "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
    kind: GroupKind::Optional,
    grants: &[at(Place::Fixed(SKYPILOT_SYSTEM), rules::FUSE_DAEMONSETS)],
    wide_grants: Some(&[at(
        Place::Fixed(SKYPILOT_SYSTEM),
        rules::EVERYTHING_IN_SKYPILOT_SYSTEM,
    )]),
};

static IN_POD_LAUNCH: FeatureGroup = FeatureGroup {
    id: "in-pod-launch",
    label: "Launching from inside a pod",
    why: "Launching from inside a pod: SkyPilot inspects its own cluster roles.",
    kind: GroupKind::ProfileOnly,
    grants: &[at(Place::Cluster, rules::CLUSTER_RBAC_READ)],
    wide_grants: None,
};

static MANAGED_ACCOUNT: FeatureGroup = FeatureGroup {
    id: "managed-account",
    label: "SkyPilot-managed account (launcher)",
    why: "SERVICE_ACCOUNT mode: SkyPilot creates skypilot-service-account and its roles with the launcher's rights.",
    kind: GroupKind::Launcher,
    grants: &[
        at(Place::Launch, rules::LAUNCHER_EVERYTHING),
        at(Place::Cluster, rules::NODES_READ),
        at(Place::Cluster, rules::LAUNCHER_NAMESPACES),
        at(Place::Cluster, rules::LAUNCHER_CLUSTER_RBAC),
        at(Place::Cluster, rules::RUNTIME_CLASSES_READ),
        at(Place::Cluster, rules::INGRESS_CLASSES_READ),
    ],
    wide_grants: None,
};

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

    /// What a profile grants for the feature: its wide grants under a namespace-wide profile.
    pub fn grants(self, namespace_wide: bool) -> &'static [Grant] {
        let group = self.group();
        match group.wide_grants {
            Some(wide) if namespace_wide => wide,
            _ => group.grants,
        }
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
        write!(
            f,
            "`{}` is not a feature; use one of {}",
            self.0,
            Feature::id_list(Feature::ALL.iter().copied())
        )
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
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_distinct_id_a_label_a_reason_and_rules() {
        let mut ids: Vec<&str> = Feature::ALL.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Feature::ALL.len());
        for &feature in Feature::ALL {
            assert_eq!(feature.id().parse::<Feature>(), Ok(feature));
            assert!(!feature.label().is_empty() && feature.why().ends_with('.'));
            assert!(
                !feature.group().grants.is_empty(),
                "{feature:?} grants nothing"
            );
            let id = feature.id();
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
        }
        assert!("gpu"
            .parse::<Feature>()
            .unwrap_err()
            .to_string()
            .contains("gpu-list"));
    }

    #[test]
    fn all_lists_every_variant_once_in_declaration_order() {
        let mut sorted = Feature::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, Feature::ALL);
    }
}
