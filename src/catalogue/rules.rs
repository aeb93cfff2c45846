//! The RBAC rules SkyPilot's calls need (`docs/skypilot-facts.md` §4-5),
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
/// Storage class reads (SkyPilot's documented minimum).
pub const STORAGE_CLASSES_READ: RuleSpec = rule(
    &["storage.k8s.io"],
    &["storageclasses"],
    READ,
    "Finds storage classes for volumes (in SkyPilot's documented minimum).",
);
/// Everything in the launch namespace (the namespace-admin profile).
pub const EVERYTHING_IN_NAMESPACE: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "Everything in the namespace: pods, services, ingresses, volumes and whatever SkyPilot adds next.",
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
    "Services for the head pod's SSH and for exposed ports.",
);
/// Secrets: in the documented minimum, unused by SkyPilot's code.
pub const SECRETS_ALL: RuleSpec = rule(
    CORE,
    &["secrets"],
    ALL,
    "Listed by SkyPilot's documented minimum; SkyPilot's code no longer uses secrets (since 2025-10): kept for parity, safe to remove.",
);
/// Event reads.
pub const EVENTS_READ: RuleSpec = rule(
    CORE,
    &["events"],
    READ,
    "Reads pod events to explain scheduling failures.",
);
/// `sky gpus list`: pods everywhere.
pub const PODS_READ_EVERYWHERE: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list"],
    "`sky gpus list`: counts GPUs in use by pods across the cluster (a 403 shows totals only).",
);
/// `sky gpus list` with dynamic resource allocation.
pub const DRA_READ: RuleSpec = rule(
    &["resource.k8s.io"],
    &["deviceclasses", "resourceslices", "resourceclaims"],
    &["list"],
    "`sky gpus list` on Kubernetes 1.34+ with DRA: reads device classes, slices and claims.",
);
/// GPU metrics: the cluster's identity.
pub const KUBE_SYSTEM_GET: RuleSpec = RuleSpec {
    api_groups: CORE,
    resources: &["namespaces"],
    verbs: &["get"],
    resource_names: &["kube-system"],
    why: "GPU metrics: identifies the cluster by its kube-system namespace (optional).",
};
/// GPU metrics: the Prometheus service.
pub const PROMETHEUS_SERVICE_GET: RuleSpec = rule(
    CORE,
    &["services"],
    &["get"],
    "GPU metrics: finds the skypilot-prometheus-server service to port-forward to.",
);
/// GPU metrics: the port-forward.
pub const PROMETHEUS_PODS_FORWARD: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list"],
    "GPU metrics: `kubectl port-forward service/skypilot-prometheus-server` picks its pod.",
);
/// GPU metrics: the port-forward itself.
pub const PROMETHEUS_PORT_FORWARD: RuleSpec = rule(
    CORE,
    &["pods/portforward"],
    &["create"],
    "GPU metrics: opens the port-forward to Prometheus.",
);
/// `ports: ingress`: the ingress class.
pub const INGRESS_CLASSES_LIST: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingressclasses"],
    &["list"],
    "`ports: ingress`: checks that ingress class nginx exists (a 403 aborts the launch).",
);
/// `ports: ingress`: the Ingress objects.
pub const INGRESSES: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingresses"],
    &["get", "create", "update", "delete"],
    "`ports: ingress`: one Ingress object per cluster with exposed ports.",
);
/// `ports: ingress`: the controller's service.
pub const INGRESS_CONTROLLER_SERVICES: RuleSpec = rule(
    CORE,
    &["services"],
    READ,
    "`ports: ingress`: reads service ingress-nginx-controller for the endpoint.",
);
/// Object-store mounting.
pub const FUSE_DAEMONSETS: RuleSpec = rule(
    &["apps"],
    &["daemonsets"],
    ALL,
    "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
);
/// `sky volumes`: claims.
pub const VOLUME_CLAIMS: RuleSpec = rule(
    CORE,
    &["persistentvolumeclaims"],
    &["get", "list", "create", "delete"],
    "`sky volumes`: creates, lists and deletes PersistentVolumeClaims.",
);
/// `sky volumes`: storage classes.
pub const VOLUME_STORAGE_CLASSES: RuleSpec = rule(
    &["storage.k8s.io"],
    &["storageclasses"],
    &["get", "list"],
    "`sky volumes`: picks the storage class.",
);
/// `sky volumes`: persistent volumes.
pub const PERSISTENT_VOLUMES_LIST: RuleSpec = rule(
    CORE,
    &["persistentvolumes"],
    &["list"],
    "`sky volumes`: shows the volumes behind claims (best effort).",
);
/// HA controllers: deployments.
pub const CONTROLLER_DEPLOYMENTS: RuleSpec = rule(
    &["apps"],
    &["deployments", "deployments/status"],
    &["get", "list", "create", "delete"],
    "HA controllers: runs the jobs and serve controllers as deployments.",
);
/// HA controllers: their volumes.
pub const CONTROLLER_CLAIMS: RuleSpec = rule(
    CORE,
    &["persistentvolumeclaims"],
    &["create", "delete"],
    "HA controllers: keep their state on a PersistentVolumeClaim.",
);
/// The workload account: autodown's pod reads and deletes.
pub const WORKLOAD_PODS: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list", "delete"],
    "Autodown: finds and deletes the cluster's pods.",
);
/// The workload account: autodown's services.
pub const WORKLOAD_SERVICES: RuleSpec = rule(
    CORE,
    &["services"],
    &["get", "list", "delete", "deletecollection"],
    "Autodown: deletes the cluster's services.",
);
/// The workload account: controller deployments.
pub const WORKLOAD_DEPLOYMENTS: RuleSpec = rule(
    &["apps"],
    &["deployments"],
    &["get", "list"],
    "Autodown: checks for controller deployments.",
);
/// The workload account: the autodown record.
pub const WORKLOAD_EVENTS: RuleSpec = rule(
    CORE,
    &["events"],
    &["create"],
    "Autodown: records why the cluster went down.",
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
    "Creates and reconciles skypilot-service-account-cluster-role and its binding (and holds what it grants).",
);
/// The launcher: ingress classes, as SkyPilot's cluster role grants them.
pub const LAUNCHER_INGRESS_CLASSES: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingressclasses"],
    READ,
    "Held so SkyPilot's cluster role can grant it: exposing services finds the ingress class.",
);
/// The launcher in `skypilot-system`, on every launch.
pub const LAUNCHER_SKYPILOT_SYSTEM: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "On every launch SkyPilot creates skypilot-system-service-account-role (everything here) and binds its account to it.",
);
/// The launcher in `ingress-nginx`, with `ports: ingress`.
pub const LAUNCHER_INGRESS_RBAC: RuleSpec = rule(
    RBAC,
    &["roles", "rolebindings"],
    &["get", "list", "watch", "create", "patch"],
    "`ports: ingress`: SkyPilot creates skypilot-service-account-ingress-role and its binding here.",
);
