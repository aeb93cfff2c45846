//! Grants far beyond what SkyPilot needs: cluster-admin equivalents (also inside
//! kube-system), Secrets readable in every namespace, the privilege-escalation verbs
//! `escalate`, `bind` and `impersonate`, and the grants known to lead to cluster takeover:
//! creating pods or workload controllers anywhere, in kube-system pods, Secret reads and
//! ConfigMap writes, running commands in other pods (`pods/exec`, `attach`, ephemeral
//! containers), minting service-account tokens, the kubelet proxy, creating PersistentVolumes,
//! changing nodes, approving certificate requests and writing admission webhooks.
//!
//! `*` inside one namespace is what SkyPilot's own documented profile grants, so it is not
//! flagged; the same wildcard cluster-wide is.

use super::input::Rule;
use super::permission::{rule_allows, Permission, Scope};

/// What kind of excess a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcessKind {
    ClusterAdmin,
    KubeSystemAdmin,
    ClusterSecrets,
    ClusterPodCreate,
    ClusterWorkloadCreate,
    KubeSystemWorkloads,
    KubeSystemSecrets,
    KubeSystemConfigMapWrite,
    PodExec,
    PersistentVolumeCreate,
    NodeWrite,
    TokenCreate,
    NodeProxy,
    CertificateApproval,
    WebhookWrite,
    Escalate,
    Bind,
    Impersonate,
}

impl ExcessKind {
    /// The short name used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            ExcessKind::ClusterAdmin => "cluster-admin",
            ExcessKind::KubeSystemAdmin => "kube-system-admin",
            ExcessKind::ClusterSecrets => "cluster-secrets",
            ExcessKind::ClusterPodCreate => "cluster-pod-create",
            ExcessKind::ClusterWorkloadCreate => "cluster-workload-create",
            ExcessKind::KubeSystemWorkloads => "kube-system-workloads",
            ExcessKind::KubeSystemSecrets => "kube-system-secrets",
            ExcessKind::KubeSystemConfigMapWrite => "kube-system-configmap-write",
            ExcessKind::PodExec => "pod-exec",
            ExcessKind::PersistentVolumeCreate => "persistent-volume-create",
            ExcessKind::NodeWrite => "node-write",
            ExcessKind::TokenCreate => "token-create",
            ExcessKind::NodeProxy => "node-proxy",
            ExcessKind::CertificateApproval => "certificate-approval",
            ExcessKind::WebhookWrite => "webhook-write",
            ExcessKind::Escalate => "escalate",
            ExcessKind::Bind => "bind",
            ExcessKind::Impersonate => "impersonate",
        }
    }

    fn explain(self) -> &'static str {
        match self {
            ExcessKind::ClusterAdmin => "every verb on every resource in every namespace (cluster-admin or equal): in practice it reads every Secret in the cluster and can do anything; SkyPilot needs `*` in one namespace at most",
            ExcessKind::KubeSystemAdmin => "everything in kube-system: the control plane's service accounts and DaemonSets live there, so this is cluster-admin in all but name",
            ExcessKind::ClusterSecrets => "reads Secrets in every namespace, every service-account token included; SkyPilot's code reads no Secrets",
            ExcessKind::ClusterPodCreate => "creates pods in every namespace: a pod in kube-system runs as any service account there, which takes over the cluster; SkyPilot creates pods in its own namespace only",
            ExcessKind::ClusterWorkloadCreate => "creates workload controllers (Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs or ReplicationControllers) in every namespace: their pods run in kube-system as any service account there, which takes over the cluster; SkyPilot's HA controllers need Deployments in its own namespace only",
            ExcessKind::KubeSystemWorkloads => "creates pods or the controllers that make them (Deployments, DaemonSets, Jobs, ...): they run as any service account of kube-system, the control plane's cluster-wide ones included, which takes over the cluster",
            ExcessKind::KubeSystemSecrets => "reads Secrets: the tokens of the control plane's service accounts and the bootstrap tokens that join nodes, which act cluster-wide; SkyPilot's code reads no Secrets",
            ExcessKind::KubeSystemConfigMapWrite => "writes ConfigMaps: `aws-auth` on EKS maps any IAM role to system:masters, and CoreDNS's and kube-proxy's settings redirect the cluster's traffic",
            ExcessKind::PodExec => "runs commands in other pods, attaches to them or adds ephemeral containers to them (`pods/exec`, `pods/attach`, `pods/ephemeralcontainers`): it acts as each pod's service account and reads the Secrets mounted in it; SkyPilot execs into its own pods, in its own namespace only",
            ExcessKind::PersistentVolumeCreate => "creates PersistentVolumes: a `hostPath` volume that a pod claims mounts a node's filesystem (the kubelet's credentials, every pod's Secrets on it); SkyPilot only lists them",
            ExcessKind::NodeWrite => "changes nodes (`patch` or `update` on nodes or their status): labels and taints steer pods, the control plane's included, onto a node it controls; SkyPilot only reads nodes",
            ExcessKind::TokenCreate => "mints tokens for service accounts (`serviceaccounts/token`): it can act as any of them",
            ExcessKind::NodeProxy => "`nodes/proxy`: it reaches every kubelet's API and can run commands in any pod",
            ExcessKind::CertificateApproval => "approves certificate signing requests: it can mint client certificates for any user, system:masters included",
            ExcessKind::WebhookWrite => "writes admission webhooks: it can see and change every object sent to the API server",
            ExcessKind::Escalate => "`escalate` on roles: it can give itself any permission",
            ExcessKind::Bind => "`bind` on roles: it can bind any role to anyone, cluster-admin included",
            ExcessKind::Impersonate => "`impersonate`: it can act as other users, groups or service accounts",
        }
    }
}

/// One grant beyond SkyPilot's needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: ExcessKind,
    /// The binding and role that grant it.
    pub via: String,
    pub scope: Scope,
}

impl Warning {
    /// The sentence shown to people.
    pub fn message(&self) -> String {
        format!(
            "{} {}, via {}.",
            capitalized(&self.scope.to_string()),
            self.kind.explain(),
            self.via
        )
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The resources whose objects create pods: creating one runs a pod with any service account
/// of its namespace.
const WORKLOAD_CONTROLLERS: [(&str, &str); 7] = [
    ("apps", "deployments"),
    ("apps", "daemonsets"),
    ("apps", "statefulsets"),
    ("apps", "replicasets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
    ("", "replicationcontrollers"),
];

/// Probe requests whose grant reveals an excess.
fn probe(
    scope: Scope,
    group: &'static str,
    resource: &'static str,
    verb: &'static str,
) -> Permission {
    Permission {
        scope,
        group,
        resource,
        verb,
        resource_name: None,
    }
}

/// The kinds of excess one rule grants in `scope` (only whether it is cluster-wide, in
/// kube-system or elsewhere matters).
pub fn rule_excess(rule: &Rule, scope: &Scope) -> Vec<ExcessKind> {
    let cluster = *scope == Scope::Cluster;
    let has = |field: &[String]| field.iter().any(|v| v == "*");
    let allows =
        |group, resource, verb| rule_allows(rule, &probe(scope.clone(), group, resource, verb));
    // An explicit verb anywhere, or `*` verbs cluster-wide.
    let names_verb =
        |verb: &str| rule.verbs.iter().any(|v| v == verb) || (cluster && has(&rule.verbs));
    let rbac_roles = |verb| {
        allows("rbac.authorization.k8s.io", "roles", verb)
            || allows("rbac.authorization.k8s.io", "clusterroles", verb)
    };

    let mut kinds = Vec::new();
    let everything = has(&rule.verbs) && has(&rule.api_groups) && has(&rule.resources);
    let kube_system = *scope == Scope::Namespace("kube-system".into());
    if cluster && everything {
        kinds.push(ExcessKind::ClusterAdmin);
    } else if kube_system && everything {
        kinds.push(ExcessKind::KubeSystemAdmin);
    } else {
        if cluster && allows("", "pods", "create") {
            kinds.push(ExcessKind::ClusterPodCreate);
        }
        let creates_workloads = WORKLOAD_CONTROLLERS
            .iter()
            .any(|&(group, resource)| allows(group, resource, "create"));
        if cluster && creates_workloads {
            kinds.push(ExcessKind::ClusterWorkloadCreate);
        }
        if kube_system {
            if allows("", "pods", "create") || creates_workloads {
                kinds.push(ExcessKind::KubeSystemWorkloads);
            }
            if ["get", "list", "watch"]
                .iter()
                .any(|verb| allows("", "secrets", verb))
            {
                kinds.push(ExcessKind::KubeSystemSecrets);
            }
            if ["create", "update", "patch"]
                .iter()
                .any(|verb| allows("", "configmaps", verb))
            {
                kinds.push(ExcessKind::KubeSystemConfigMapWrite);
            }
        }
        // `kubectl exec` and `attach` ask `create` (`get` over the older websocket protocol);
        // `kubectl debug` patches `ephemeralcontainers`.
        let enters_pods = [
            ("pods/exec", "create"),
            ("pods/exec", "get"),
            ("pods/attach", "create"),
            ("pods/attach", "get"),
            ("pods/ephemeralcontainers", "patch"),
            ("pods/ephemeralcontainers", "update"),
        ]
        .iter()
        .any(|&(resource, verb)| allows("", resource, verb));
        if (cluster || kube_system) && enters_pods {
            kinds.push(ExcessKind::PodExec);
        }
        if cluster && allows("", "persistentvolumes", "create") {
            kinds.push(ExcessKind::PersistentVolumeCreate);
        }
        let writes_nodes = ["nodes", "nodes/status"].iter().any(|resource| {
            ["patch", "update"]
                .iter()
                .any(|verb| allows("", resource, verb))
        });
        if cluster && writes_nodes {
            kinds.push(ExcessKind::NodeWrite);
        }
        if (cluster || kube_system) && allows("", "serviceaccounts/token", "create") {
            kinds.push(ExcessKind::TokenCreate);
        }
        if cluster && (allows("", "nodes/proxy", "get") || allows("", "nodes/proxy", "create")) {
            kinds.push(ExcessKind::NodeProxy);
        }
        let certificates = "certificates.k8s.io";
        if cluster
            && (allows(
                certificates,
                "certificatesigningrequests/approval",
                "update",
            ) || allows(certificates, "signers", "approve"))
        {
            kinds.push(ExcessKind::CertificateApproval);
        }
        let admission = "admissionregistration.k8s.io";
        if cluster
            && [
                "mutatingwebhookconfigurations",
                "validatingwebhookconfigurations",
            ]
            .iter()
            .any(|resource| {
                ["create", "update", "patch"]
                    .iter()
                    .any(|verb| allows(admission, resource, verb))
            })
        {
            kinds.push(ExcessKind::WebhookWrite);
        }
        if cluster
            && ["get", "list", "watch"]
                .iter()
                .any(|verb| allows("", "secrets", verb))
        {
            kinds.push(ExcessKind::ClusterSecrets);
        }
        if names_verb("escalate") && rbac_roles("escalate") {
            kinds.push(ExcessKind::Escalate);
        }
        if names_verb("bind") && rbac_roles("bind") {
            kinds.push(ExcessKind::Bind);
        }
        let impersonates = ["users", "groups", "serviceaccounts"]
            .iter()
            .any(|resource| allows("", resource, "impersonate"))
            || allows("authentication.k8s.io", "userextras", "impersonate")
            || allows("authentication.k8s.io", "uids", "impersonate");
        if names_verb("impersonate") && impersonates {
            kinds.push(ExcessKind::Impersonate);
        }
    }
    kinds
}
