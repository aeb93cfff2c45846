//! The SkyPilot features the audit checks, and the permissions each needs, taken from the same
//! catalogue the generator uses (reference §4), so the two cannot disagree.

use std::fmt;
use std::str::FromStr;

use super::permission::{verbs_of, Permission, Scope};
use crate::generate::rbac::SKYPILOT_SYSTEM;
use crate::generate::rules::{self, RuleSpec};
use crate::setup::{CustomAccount, PermissionProfile};

/// A SkyPilot feature that needs its own permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditFeature {
    /// Launching clusters: pods (with exec, port-forward, status), services, secrets and
    /// events in the namespace; node and runtime class reads.
    CoreLaunch,
    /// `sky gpus list` shows free GPUs: pod reads in every namespace.
    GpuListing,
    /// GPU metrics federation: get the kube-system namespace.
    GpuMetrics,
    /// `ports: ingress`: reads in the ingress controller's namespace.
    Ingress,
    /// Object-store mounting: the FUSE device manager daemonset in skypilot-system.
    ObjectStore,
    /// Launching further clusters from inside a pod (controllers): cluster role reads.
    LaunchFromPod,
    /// `SERVICE_ACCOUNT` (or `NO_UPLOAD`) mode, for the launching identity: SkyPilot creates
    /// its own service account and roles with it (reference §4e), so it needs everything in
    /// the namespace and the right to manage SkyPilot's cluster role.
    ManagedAccount,
}

/// Where the features' namespaced permissions apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespaces {
    /// Where SkyPilot's pods run.
    pub launch: String,
    /// The ingress controller's namespace.
    pub ingress: String,
}

impl AuditFeature {
    /// Every feature, in report order.
    pub const ALL: [AuditFeature; 7] = [
        AuditFeature::CoreLaunch,
        AuditFeature::GpuListing,
        AuditFeature::GpuMetrics,
        AuditFeature::Ingress,
        AuditFeature::ObjectStore,
        AuditFeature::LaunchFromPod,
        AuditFeature::ManagedAccount,
    ];

    /// The short name used by the CLI and JSON.
    pub fn id(self) -> &'static str {
        match self {
            AuditFeature::CoreLaunch => "core",
            AuditFeature::GpuListing => "gpu-list",
            AuditFeature::GpuMetrics => "gpu-metrics",
            AuditFeature::Ingress => "ingress",
            AuditFeature::ObjectStore => "object-store",
            AuditFeature::LaunchFromPod => "in-pod-launch",
            AuditFeature::ManagedAccount => "managed-account",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AuditFeature::CoreLaunch => "Core launch",
            AuditFeature::GpuListing => "GPU listing (sky gpus list)",
            AuditFeature::GpuMetrics => "GPU metrics",
            AuditFeature::Ingress => "Ingress (ports: ingress)",
            AuditFeature::ObjectStore => "Object-store mounting",
            AuditFeature::LaunchFromPod => "Launching from inside a pod",
            AuditFeature::ManagedAccount => "SkyPilot-managed account (launcher)",
        }
    }

    /// Why SkyPilot needs the feature's permissions (the patch's comment).
    pub fn why(self) -> &'static str {
        match self {
            AuditFeature::CoreLaunch => "Core launch: pods, exec, port-forward, services, secrets, events; node and runtime class reads.",
            AuditFeature::GpuListing => "sky gpus list: counts GPUs in use by pods across the cluster.",
            AuditFeature::GpuMetrics => "GPU metrics federation: identifies the cluster by its kube-system namespace.",
            AuditFeature::Ingress => "ports: ingress: finds the ingress controller's service and checks access there.",
            AuditFeature::ObjectStore => "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
            AuditFeature::LaunchFromPod => "Launching from inside a pod: SkyPilot inspects its own cluster roles.",
            AuditFeature::ManagedAccount => "SERVICE_ACCOUNT mode: SkyPilot creates skypilot-service-account and its roles with the launcher's rights.",
        }
    }

    /// The catalogue rules behind the feature, with their scope.
    fn rule_specs(self, namespaces: &Namespaces) -> Vec<(Scope, RuleSpec)> {
        let launch = Scope::Namespace(namespaces.launch.clone());
        let cluster = |spec: RuleSpec| (Scope::Cluster, spec);
        match self {
            AuditFeature::CoreLaunch => rules::MINIMAL_NAMESPACE
                .iter()
                .map(|spec| (launch.clone(), *spec))
                .chain([
                    cluster(rules::NODES_READ),
                    cluster(rules::RUNTIME_CLASSES_READ),
                ])
                .collect(),
            AuditFeature::GpuListing => vec![cluster(rules::GPU_LIST)],
            AuditFeature::GpuMetrics => vec![cluster(rules::GPU_METRICS)],
            AuditFeature::Ingress => rules::INGRESS
                .iter()
                .map(|spec| (Scope::Namespace(namespaces.ingress.clone()), *spec))
                .collect(),
            AuditFeature::ObjectStore => rules::OBJECT_STORE_MINIMAL
                .iter()
                .map(|spec| (Scope::Namespace(SKYPILOT_SYSTEM.into()), *spec))
                .collect(),
            AuditFeature::LaunchFromPod => vec![cluster(rules::CLUSTER_RBAC_READ)],
            AuditFeature::ManagedAccount => rules::LAUNCHER_NAMESPACE
                .iter()
                .map(|spec| (launch.clone(), *spec))
                .chain(rules::LAUNCHER_CLUSTER.iter().map(|spec| cluster(*spec)))
                .collect(),
        }
    }

    /// Every permission the feature needs, one verb on one resource each, in a stable order.
    pub fn permissions(self, namespaces: &Namespaces) -> Vec<Permission> {
        let mut out = Vec::new();
        for (scope, spec) in self.rule_specs(namespaces) {
            let names: Vec<Option<&'static str>> = if spec.resource_names.is_empty() {
                vec![None]
            } else {
                spec.resource_names.iter().copied().map(Some).collect()
            };
            for &group in spec.api_groups {
                for &resource in spec.resources {
                    // `*` on `*` stays one permission: granting a role that holds it takes
                    // holding it (or `escalate`), not each verb on each resource.
                    let verbs = if spec.verbs == ["*"] && resource != "*" {
                        verbs_of(resource)
                    } else {
                        spec.verbs
                    };
                    for &verb in verbs {
                        for &resource_name in &names {
                            out.push(Permission {
                                scope: scope.clone(),
                                group,
                                resource,
                                verb,
                                resource_name,
                            });
                        }
                    }
                }
            }
        }
        out.dedup();
        out
    }

    /// The features the launcher RBAC generated for `SERVICE_ACCOUNT` mode is for.
    pub fn for_launcher() -> Vec<AuditFeature> {
        vec![AuditFeature::ManagedAccount]
    }

    /// The features a generated custom account was built for: core launch always, in-pod
    /// launch with the documented and cluster-admin profiles, the optional groups when on
    /// (cluster-admin covers all).
    pub fn for_account(account: &CustomAccount) -> Vec<AuditFeature> {
        let features = &account.features;
        AuditFeature::ALL
            .into_iter()
            .filter(|feature| match (account.profile, feature) {
                (PermissionProfile::ClusterAdmin, _) | (_, AuditFeature::CoreLaunch) => true,
                (profile, AuditFeature::LaunchFromPod) => profile == PermissionProfile::Documented,
                (_, AuditFeature::ManagedAccount) => false,
                (_, AuditFeature::GpuListing) => features.gpu_list,
                (_, AuditFeature::GpuMetrics) => features.gpu_metrics,
                (_, AuditFeature::Ingress) => features.ingress,
                (_, AuditFeature::ObjectStore) => features.object_store,
            })
            .collect()
    }
}

impl fmt::Display for AuditFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for AuditFeature {
    type Err = String;

    fn from_str(text: &str) -> Result<AuditFeature, String> {
        AuditFeature::ALL
            .into_iter()
            .find(|feature| feature.id() == text.trim())
            .ok_or_else(|| {
                let ids: Vec<&str> = AuditFeature::ALL.iter().map(|f| f.id()).collect();
                format!("`{text}` is not a feature; use one of {}", ids.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn namespaces() -> Namespaces {
        Namespaces {
            launch: "team".into(),
            ingress: "ingress-nginx".into(),
        }
    }

    #[test]
    fn all_verbs_means_the_verbs_a_subresource_supports() {
        let core = AuditFeature::CoreLaunch.permissions(&namespaces());
        let exec: Vec<&str> = core
            .iter()
            .filter(|p| p.resource == "pods/exec")
            .map(|p| p.verb)
            .collect();
        assert_eq!(exec, ["get", "create"]);
        assert_eq!(core.iter().filter(|p| p.resource == "pods").count(), 8);
        assert!(core
            .iter()
            .any(|p| p.to_string() == "list nodes cluster-wide"));
        assert!(core.iter().any(|p| p.to_string() == "watch events in team"));
    }

    #[test]
    fn gpu_metrics_names_kube_system() {
        let metrics = AuditFeature::GpuMetrics.permissions(&namespaces());
        assert_eq!(metrics.len(), 1);
        assert_eq!(
            metrics[0].to_string(),
            "get namespaces kube-system cluster-wide"
        );
    }

    #[test]
    fn ids_parse_back() {
        for feature in AuditFeature::ALL {
            assert_eq!(feature.id().parse::<AuditFeature>(), Ok(feature));
            assert!(!feature.permissions(&namespaces()).is_empty());
        }
        assert!("gpu"
            .parse::<AuditFeature>()
            .unwrap_err()
            .contains("gpu-list"));
    }
}
