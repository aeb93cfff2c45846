//! Grants far beyond what SkyPilot needs: cluster-admin equivalents (also inside
//! kube-system), Secrets readable in every namespace, the privilege-escalation verbs
//! `escalate`, `bind` and `impersonate`, and the grants known to lead to cluster takeover:
//! creating pods anywhere, minting service-account tokens, the kubelet proxy, approving
//! certificate requests and writing admission webhooks.
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
