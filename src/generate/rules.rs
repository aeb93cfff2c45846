//! The permission catalogue of reference §4 as data: every rule SkyPilot needs, per profile and
//! feature, with the one-line reason printed above it in the manifest.

/// One RBAC rule and why SkyPilot needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSpec {
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub resource_names: &'static [&'static str],
    pub why: &'static str,
}

const READ: &[&str] = &["get", "list", "watch"];
const ALL: &[&str] = &["*"];
const CORE: &[&str] = &[""];
const RBAC: &[&str] = &["rbac.authorization.k8s.io"];
const MANAGE: &[&str] = &[
    "get", "list", "watch", "create", "update", "patch", "delete",
];

const fn rule(
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

/// Node reads, shared by several profiles.
pub const NODES_READ: RuleSpec = rule(
    CORE,
    &["nodes"],
    READ,
    "Node resources: GPU discovery and capacity checks.",
);
/// Runtime class reads, shared by several profiles.
pub const RUNTIME_CLASSES_READ: RuleSpec = rule(
    &["node.k8s.io"],
    &["runtimeclasses"],
    READ,
    "Detects the nvidia runtime class.",
);
/// Ingress class reads, shared by several profiles.
pub const INGRESS_CLASSES_READ: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingressclasses"],
    READ,
    "Exposing services: finds the ingress class.",
);

/// §4a: the account's namespace, documented profile.
pub const DOCUMENTED_NAMESPACE: &[RuleSpec] = &[rule(
    ALL,
    ALL,
    ALL,
    "Everything in the namespace: SkyPilot creates pods, services, secrets and more here.",
)];

/// Cluster role and binding reads: SkyPilot inspects its own permissions.
pub const CLUSTER_RBAC_READ: RuleSpec = rule(
    RBAC,
    &["clusterroles", "clusterrolebindings"],
    READ,
    "SkyPilot inspects its own permissions; needed to launch clusters from inside a pod.",
);

/// §4a: cluster-wide, documented profile.
pub const DOCUMENTED_CLUSTER: &[RuleSpec] = &[
    NODES_READ,
    CLUSTER_RBAC_READ,
    RUNTIME_CLASSES_READ,
    INGRESS_CLASSES_READ,
];

/// §4b: the account's namespace, minimal profile.
pub const MINIMAL_NAMESPACE: &[RuleSpec] = &[
    rule(
        CORE,
        &["pods", "pods/status", "pods/exec", "pods/portforward"],
        ALL,
        "Runs the cluster's pods, execs into them and forwards ports for SSH.",
    ),
    rule(
        CORE,
        &["services"],
        ALL,
        "Services for SSH jump hosts and exposed ports.",
    ),
    rule(
        CORE,
        &["secrets"],
        ALL,
        "Secrets holding SSH keys and credentials for the pods.",
    ),
    rule(
        CORE,
        &["events"],
        READ,
        "Reads pod events to explain scheduling failures.",
    ),
];

/// §4b: cluster-wide, minimal profile.
pub const MINIMAL_CLUSTER: &[RuleSpec] = &[
    NODES_READ,
    RUNTIME_CLASSES_READ,
    rule(
        &["storage.k8s.io"],
        &["storageclasses"],
        READ,
        "Finds storage classes for volumes.",
    ),
];

/// §4d: `sky gpus list` shows free GPUs.
pub const GPU_LIST: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list"],
    "`sky gpus list`: counts GPUs in use by pods across the cluster.",
);

/// §4d: GPU metrics federation.
pub const GPU_METRICS: RuleSpec = RuleSpec {
    api_groups: CORE,
    resources: &["namespaces"],
    verbs: &["get"],
    resource_names: &["kube-system"],
    why: "GPU metrics federation: identifies the cluster by its kube-system namespace.",
};

/// §4d: in the ingress controller's namespace.
pub const INGRESS: &[RuleSpec] = &[
    rule(
        CORE,
        &["services"],
        &["list", "get", "watch"],
        "Finds the ingress controller's service to build endpoints (`ports: ingress`).",
    ),
    rule(
        RBAC,
        &["roles", "rolebindings"],
        &["list", "get", "watch"],
        "Checks its own access in the ingress controller's namespace.",
    ),
];

/// §4d: object-store mounting, documented profile.
pub const OBJECT_STORE_DOCUMENTED: &[RuleSpec] = &[rule(
    ALL,
    ALL,
    ALL,
    "Object-store mounting: runs the FUSE device manager in skypilot-system.",
)];

/// §4d: object-store mounting, minimal profile.
pub const OBJECT_STORE_MINIMAL: &[RuleSpec] = &[rule(
    &["apps"],
    &["daemonsets"],
    ALL,
    "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
)];

/// §4e: what the launcher needs in its namespace so SkyPilot can create its account and role.
pub const LAUNCHER_NAMESPACE: &[RuleSpec] = &[rule(
    ALL,
    ALL,
    ALL,
    "SkyPilot creates skypilot-service-account, its role (everything in the namespace) and the pods.",
)];

/// §4e: what the launcher needs cluster-wide: what SkyPilot's own ClusterRole holds, and the
/// right to manage that ClusterRole and its binding.
pub const LAUNCHER_CLUSTER: &[RuleSpec] = &[
    NODES_READ,
    rule(
        CORE,
        &["namespaces"],
        &["get", "list", "watch", "create"],
        "Creates skypilot-system and checks namespaces.",
    ),
    rule(
        RBAC,
        &["clusterroles", "clusterrolebindings"],
        MANAGE,
        "Creates and reconciles skypilot-service-account-cluster-role and its binding.",
    ),
    RUNTIME_CLASSES_READ,
    INGRESS_CLASSES_READ,
];
