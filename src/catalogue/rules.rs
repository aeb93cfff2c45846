//! The RBAC rules SkyPilot's calls need (`docs/skypilot-facts.md` §4-5, §8),
//! each with the one-line reason printed above it in the manifest and, in its doc comment, the
//! SkyPilot 0.14.1 function that makes the call. A rule SkyPilot's code does not call is
//! marked with [`RuleSpec::kept_because`]. Which feature needs a rule, and where it applies,
//! is said by the groups and profiles that use it.

/// One RBAC rule and why SkyPilot needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSpec {
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub resource_names: &'static [&'static str],
    pub why: &'static str,
    /// `None` when SkyPilot 0.14.1's own code makes this call (the function is named in the
    /// rule's doc comment); otherwise why the rule is kept although no call needs it (docs
    /// parity, RBAC escalation prevention, an error path only). The conformance tier reads it:
    /// removing a rule marked `None` must show a denial in its feature's scenario.
    pub kept_because: Option<&'static str>,
}

impl RuleSpec {
    /// True when SkyPilot's code makes this call (no [`RuleSpec::kept_because`]).
    pub const fn is_observed(&self) -> bool {
        self.kept_because.is_none()
    }
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
        kept_because: None,
    }
}

/// `rule`, marked as kept although SkyPilot's code makes no such call, with the reason.
pub(crate) const fn kept(rule: RuleSpec, because: &'static str) -> RuleSpec {
    RuleSpec {
        kept_because: Some(because),
        ..rule
    }
}

/// Node reads: `utils.py` `get_kubernetes_nodes` (`list_node`).
pub const NODES_READ: RuleSpec = rule(
    CORE,
    &["nodes"],
    READ,
    "Node resources: GPU discovery and capacity checks.",
);
/// Runtime class reads: `utils.py` `check_nvidia_runtime_class` (`list_runtime_class`).
pub const RUNTIME_CLASSES_READ: RuleSpec = rule(
    &["node.k8s.io"],
    &["runtimeclasses"],
    READ,
    "Detects the nvidia runtime class.",
);
/// Storage class reads (SkyPilot's documented minimum). A launch makes no such call; `sky
/// volumes` does (`volume.py` `_check_cluster_has_default_storage_class`), and the volumes
/// group grants that itself.
pub const STORAGE_CLASSES_READ: RuleSpec = kept(
    rule(
        &["storage.k8s.io"],
        &["storageclasses"],
        READ,
        "Finds storage classes for volumes (in SkyPilot's documented minimum).",
    ),
    "SkyPilot's documented minimum lists it; a launch makes no storage-class call (the volumes group grants its own)",
);
/// Everything in the launch namespace (the namespace-admin profile).
pub const EVERYTHING_IN_NAMESPACE: RuleSpec = rule(
    ALL,
    ALL,
    ALL,
    "Everything in the namespace: pods, services, ingresses, volumes and whatever SkyPilot adds next.",
);
/// Pods with their subresources: `instance.py` `_create_pods`, `terminate_instances`,
/// `pre_init` (exec), and the SSH port-forward.
pub const PODS_ALL: RuleSpec = rule(
    CORE,
    &["pods", "pods/status", "pods/exec", "pods/portforward"],
    ALL,
    "Runs the cluster's pods, execs into them and forwards ports for SSH.",
);
/// A failed pod's log, nightly from dev20261008: `utils.py` `diagnose_terminated_pod` →
/// `_self_exit_output` (`read_namespaced_pod_log`, the last 50 lines), when an exec or attach
/// finds its pod gone after the container exited with an error. Best effort: a refusal only
/// drops the container's own output from the error message.
pub const PODS_LOG_ON_FAILURE: RuleSpec = kept(
    rule(
        CORE,
        &["pods/log"],
        &["get"],
        "Reads a failed pod's last log lines, to say why it exited (best effort).",
    ),
    "called only on an error path (a pod whose container exited with an error; nightly `utils.py` `diagnose_terminated_pod`), best effort",
);
/// Services, `deletecollection` included: `instance.py` `_create_pods`, `_delete_services`
/// and, at teardown in every mode, `_delete_cluster_services`
/// (`delete_collection_namespaced_service`; a 403 leaves the services behind).
pub const SERVICES_ALL: RuleSpec = rule(
    CORE,
    &["services"],
    ALL,
    "Services for the head pod's SSH and for exposed ports; teardown deletes them by collection.",
);
/// Teardown: `instance.py` `terminate_instances` calls `is_high_availability_cluster_by_kubectl`
/// (`list_namespaced_deployment`) for every cluster, HA or not; a 403 reads as "not HA".
pub const TEARDOWN_DEPLOYMENTS_LIST: RuleSpec = rule(
    &["apps"],
    &["deployments"],
    &["list"],
    "Teardown: checks whether the cluster is an HA controller deployment (every cluster, not only HA).",
);
/// Secrets: in the documented minimum, unused by SkyPilot's launch code since PR #7454
/// (2025-10; only `sky` debug dumps list them). Granted by choice only (the setup's
/// `docs_secrets`).
pub const SECRETS_ALL: RuleSpec = kept(
    rule(
        CORE,
        &["secrets"],
        ALL,
        "Listed by SkyPilot's documented minimum; SkyPilot's code no longer uses secrets (since 2025-10): granted by choice for parity, safe to remove.",
    ),
    "parity with SkyPilot's documented minimum; SkyPilot 0.14.1 launches without reading any Secret",
);
/// Event reads: `instance.py` `_raise_pod_scheduling_errors` (`list_namespaced_event`).
pub const EVENTS_READ: RuleSpec = kept(
    rule(
        CORE,
        &["events"],
        READ,
        "Reads pod events to explain scheduling failures.",
    ),
    "read only when a launch fails (`instance.py` `_raise_pod_scheduling_errors`, \
     `get_cluster_failure_reason_from_events`): the happy paths the conformance tier drives never call it",
);
/// `sky gpus list`: pods everywhere, `utils.py` `get_allocated_gpu_qty_by_node`
/// (`list_pod_for_all_namespaces`). Its `_retry_on_error` decorator turns a 403 into
/// `KubeAPIUnreachableError`, which `kubernetes_catalog.py` `_list_accelerators` does not
/// catch: without this rule the command fails. (DRA reads, `resource.k8s.io`, are in no
/// published release up to 1.0.0.dev20261027, so none is granted.)
pub const PODS_READ_EVERYWHERE: RuleSpec = rule(
    CORE,
    &["pods"],
    &["get", "list"],
    "`sky gpus list`: counts GPUs in use by pods across the cluster (without it the command fails).",
);
/// GPU metrics: the cluster's identity, `sky/metrics/utils.py` `_read_cluster_identity_uid`
/// (`read_namespace`).
pub const KUBE_SYSTEM_GET: RuleSpec = RuleSpec {
    api_groups: CORE,
    resources: &["namespaces"],
    verbs: &["get"],
    resource_names: &["kube-system"],
    why: "GPU metrics: identifies the cluster by its kube-system namespace (optional).",
    kept_because: None,
};
/// Every launch (nightly dev20261027): the cluster's identity, `utils.py` `get_cluster_uid`
/// (`read_namespace`), recorded at launch and compared later; a 403 is tolerated, and then
/// SkyPilot cannot tell that a context was pointed at another cluster.
pub const CLUSTER_IDENTITY_READ: RuleSpec = RuleSpec {
    why: "Records which cluster a context points at (the kube-system namespace's UID); without it SkyPilot cannot tell a context was repointed.",
    ..KUBE_SYSTEM_GET
};
/// GPU metrics: the Prometheus service, in the namespace `metrics.prometheus.namespace` names
/// (`sky/metrics/utils.py` `_get_prometheus_target`, `start_svc_port_forward`).
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
/// `ports: ingress`: the ingress class, `network_utils.py` (`list_ingress_class`).
pub const INGRESS_CLASSES_LIST: RuleSpec = rule(
    &["networking.k8s.io"],
    &["ingressclasses"],
    &["list"],
    "`ports: ingress`: checks that ingress class nginx exists (a 403 aborts the launch).",
);
/// `ports: ingress`: the Ingress objects, `network.py` (`_open_ports_using_ingress`,
/// `_cleanup_ports_for_ingress`).
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
/// Object-store mounting: `config.py` `_configure_fuse_mounting` (the daemonset in
/// `skypilot-system`).
pub const FUSE_DAEMONSETS: RuleSpec = rule(
    &["apps"],
    &["daemonsets"],
    ALL,
    "Object-store mounting: runs the FUSE device manager daemonset in skypilot-system.",
);
/// `sky volumes`: claims, `volume.py` `create_persistent_volume_claim` (get, then create),
/// `_delete_pvc_volume`, `get_all_volumes_state` (list).
pub const VOLUME_CLAIMS: RuleSpec = rule(
    CORE,
    &["persistentvolumeclaims"],
    &["get", "list", "create", "delete"],
    "`sky volumes`: creates, lists and deletes PersistentVolumeClaims.",
);
/// `sky volumes`: storage classes, `volume.py` `_check_cluster_has_default_storage_class`
/// (list) and `_validate_explicit_storage_class` (get).
pub const VOLUME_STORAGE_CLASSES: RuleSpec = rule(
    &["storage.k8s.io"],
    &["storageclasses"],
    &["get", "list"],
    "`sky volumes`: picks the storage class.",
);
/// `sky volumes`: persistent volumes, `volume.py` `_check_pvc_access_mode_error`: only when a
/// claim is stuck Pending, to explain why.
pub const PERSISTENT_VOLUMES_LIST: RuleSpec = kept(
    rule(
        CORE,
        &["persistentvolumes"],
        &["list"],
        "`sky volumes`: shows the volumes behind claims (best effort).",
    ),
    "called only on an error path (a claim stuck Pending, `volume.py` `_check_pvc_access_mode_error`), best effort",
);
/// `sky volumes delete` of a `k8s-hostpath` volume with `cleanup_on_deletion`: `volume.py`
/// `_delete_hostpath_volume` creates a cleanup DaemonSet in the namespace (deleting and
/// recreating it on a 409), `_wait_for_daemonset_ready` gets it, then it is deleted.
pub const HOSTPATH_CLEANUP_DAEMONSETS: RuleSpec = rule(
    &["apps"],
    &["daemonsets"],
    &["get", "create", "delete"],
    "`sky volumes delete` of a k8s-hostpath volume: runs a cleanup daemonset that empties the host directory.",
);
/// HA controllers: deployments, `instance.py` `_create_pods` (a deployment for an HA
/// controller), `_terminate_deployment`.
pub const CONTROLLER_DEPLOYMENTS: RuleSpec = rule(
    &["apps"],
    &["deployments", "deployments/status"],
    &["get", "list", "create", "delete"],
    "HA controllers: runs the jobs and serve controllers as deployments.",
);
/// HA controllers: their volumes, `volume.py` `create_persistent_volume_claim` (called by
/// `instance.py` `_create_pods`): it gets the claim first and fails on anything but 404.
pub const CONTROLLER_CLAIMS: RuleSpec = rule(
    CORE,
    &["persistentvolumeclaims"],
    &["get", "create", "delete"],
    "HA controllers: keep their state on a PersistentVolumeClaim (read first, then created).",
);
/// hostNetwork pods (`pod_config` `hostNetwork: true`, OCI RoCE by default; since 0.13.0):
/// the pod's own token gets, creates and updates ConfigMap `<cluster>-ray-ports`
/// (`host_network_probe.py` `_publish_configmap`, `_merge_sshd_port`), and the launcher reads
/// it, failing on anything but 404 (`instance.py` `_read_host_network_sshd_ports`).
pub const HOST_NETWORK_CONFIGMAPS: RuleSpec = rule(
    CORE,
    &["configmaps"],
    &["get", "create", "update"],
    "hostNetwork pods: publish and read their probed ports in ConfigMap <cluster>-ray-ports.",
);
/// hostNetwork pods, nightly: ports are declared in the pod spec, so no ConfigMap is written;
/// the launcher reads the old one to recover a head an older SkyPilot created, failing on
/// anything but 404 (`instance.py` `_head_block_from_configmap`).
pub const HOST_NETWORK_CONFIGMAP_READ: RuleSpec = kept(
    rule(
        CORE,
        &["configmaps"],
        &["get"],
        "hostNetwork pods: reads the ports an older SkyPilot published in ConfigMap <cluster>-ray-ports, to recover its head.",
    ),
    "read only when recovering a head pod an older SkyPilot created (`instance.py` `_head_block_from_configmap`); a fresh launch declares its ports in the pod spec",
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
/// The launcher, nightly: the controller account's cluster role and binding, which no longer
/// grants `delete` (`sky/templates/kubernetes-ray.yml.j2`): SkyPilot never deletes them.
pub const LAUNCHER_CONTROLLER_CLUSTER_RBAC: RuleSpec = rule(
    RBAC,
    &["clusterroles", "clusterrolebindings"],
    &["get", "list", "watch", "create", "update", "patch"],
    "Creates and reconciles skypilot-controller-service-account-cluster-role and its binding (and holds what it grants).",
);
/// The launcher: ingress classes, as SkyPilot's cluster role grants them
/// (`sky/templates/kubernetes-ray.yml.j2`).
pub const LAUNCHER_INGRESS_CLASSES: RuleSpec = kept(
    rule(
        &["networking.k8s.io"],
        &["ingressclasses"],
        READ,
        "Held so SkyPilot's cluster role can grant it: exposing services finds the ingress class.",
    ),
    "held, not called, without `ports: ingress`: RBAC lets the launcher create SkyPilot's cluster role, which grants it, only if it holds it (escalation prevention)",
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
