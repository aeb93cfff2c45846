//! The RBAC rules SkyPilot's calls need (reference §4, restated in `docs/skypilot-facts.md`),
//! each with the one-line reason printed above it in the manifest. Which feature needs a rule,
//! and where it applies, is said by the groups and profiles that use it.

/// One RBAC rule and why SkyPilot needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSpec {
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub resource_names: &'static [&'static str],
    pub why: &'static str,
}

pub(crate) const READ: &[&str] = &["get", "list", "watch"];
pub(crate) const ALL: &[&str] = &["*"];
pub(crate) const CORE: &[&str] = &[""];
pub(crate) const RBAC: &[&str] = &["rbac.authorization.k8s.io"];
const MANAGE: &[&str] = &[
    "get", "list", "watch", "create", "update", "patch", "delete",
];

pub(crate) const fn rule(
    api_groups: &'static [&'static str],
    resources: &'static [&'static str],
    verbs: &'static [&'static str],
    why: &'static str,
) -> RuleSpec {
    RuleSpec {
        api_groups,
        resources,
        verbs,
        resource_names: &[],
        why,
    }
}

/// Node reads.
pub const NODES_READ: RuleSpec = rule(
    CORE,
    &["nodes"],
    READ,
    "Node resources: GPU discovery and capacity checks.",
);
/// Runtime class reads.
pub const RUNTIME_CLASSES_READ: RuleSpec = rule(
    &["node.k8s.io"],
    &["runtimeclasses"],
    READ,
    "Detects the nvidia runtime class.",
);
/// Ingress class reads.
pub const INGRESS_CLASSES_READ: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingressclasses"],
    READ,
    "Exposing services: finds the ingress class.",
);
/// Storage class reads.
pub const STORAGE_CLASSES_READ: RuleSpec = rule(
    &["storage.k8s.io"],
    &["storageclasses"],
    READ,
    "Finds storage classes for volumes.",
);
/// Everything in the launch namespace (the namespace-wide profile).
pub const EVERYTHING_IN_NAMESPACE: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "Everything in the namespace: SkyPilot creates pods, services, secrets and more here.",
);
/// Cluster role and binding reads: SkyPilot inspects its own permissions.
pub const CLUSTER_RBAC_READ: RuleSpec = rule(
    RBAC,
    &["clusterroles", "clusterrolebindings"],
    READ,
    "SkyPilot inspects its own permissions; needed to launch clusters from inside a pod.",
);
/// Pods with their subresources.
pub const PODS_ALL: RuleSpec = rule(
    CORE,
    &["pods", "pods/status", "pods/exec", "pods/portforward"],
    ALL,
    "Runs the cluster's pods, execs into them and forwards ports for SSH.",
);
/// Services.
pub const SERVICES_ALL: RuleSpec = rule(
    CORE,
    &["services"],
    ALL,
    "Services for SSH jump hosts and exposed ports.",
);
/// Secrets.
pub const SECRETS_ALL: RuleSpec = rule(
    CORE,
    &["secrets"],
    ALL,
    "Secrets holding SSH keys and credentials for the pods.",
);
/// Event reads.
pub const EVENTS_READ: RuleSpec = rule(
    CORE,
    &["events"],
    READ,
    "Reads pod events to explain scheduling failures.",
);
/// `sky gpus list` shows free GPUs.
pub const PODS_READ_EVERYWHERE: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list"],
    "`sky gpus list`: counts GPUs in use by pods across the cluster.",
);
/// GPU metrics federation.
pub const KUBE_SYSTEM_GET: RuleSpec = RuleSpec {
    api_groups: CORE,
    resources: &["namespaces"],
    verbs: &["get"],
    resource_names: &["kube-system"],
    why: "GPU metrics federation: identifies the cluster by its kube-system namespace.",
};
/// In the ingress controller's namespace: its service.
pub const INGRESS_SERVICES_READ: RuleSpec = rule(
    CORE,
    &["services"],
    &["list", "get", "watch"],
    "Finds the ingress controller's service to build endpoints (`ports: ingress`).",
);
/// In the ingress controller's namespace: its roles.
pub const INGRESS_RBAC_READ: RuleSpec = rule(
    RBAC,
    &["roles", "rolebindings"],
    &["list", "get", "watch"],
    "Checks its own access in the ingress controller's namespace.",
);
/// Object-store mounting, least privilege.
pub const FUSE_DAEMONSETS: RuleSpec = rule(
    &["apps"],
    &["daemonsets"],
    ALL,
    "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
);
/// Object-store mounting, namespace-wide.
pub const EVERYTHING_IN_SKYPILOT_SYSTEM: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "Object-store mounting: runs the FUSE device manager in skypilot-system.",
);
/// The launcher in its namespace.
pub const LAUNCHER_EVERYTHING: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "SkyPilot creates skypilot-service-account, its role (everything in the namespace) and the pods.",
);
/// The launcher: namespaces.
pub const LAUNCHER_NAMESPACES: RuleSpec = rule(
    CORE,
    &["namespaces"],
    &["get", "list", "watch", "create"],
    "Creates skypilot-system and checks namespaces.",
);
/// The launcher: SkyPilot's cluster role and binding.
pub const LAUNCHER_CLUSTER_RBAC: RuleSpec = rule(
    RBAC,
    &["clusterroles", "clusterrolebindings"],
    MANAGE,
    "Creates and reconciles skypilot-service-account-cluster-role and its binding.",
);
