//! Grants far beyond what SkyPilot needs: cluster-admin equivalents, Secrets readable in every
//! namespace, and the privilege-escalation verbs `escalate`, `bind` and `impersonate`.
//!
//! `*` inside one namespace is what SkyPilot's own documented profile grants, so it is not
//! flagged; the same wildcard cluster-wide is.

use super::evaluate::Grant;
use super::permission::{rule_allows, Permission, Scope};

/// What kind of excess a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcessKind {
    ClusterAdmin,
    ClusterSecrets,
    Escalate,
    Bind,
    Impersonate,
}

impl ExcessKind {
    /// The short name used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            ExcessKind::ClusterAdmin => "cluster-admin",
            ExcessKind::ClusterSecrets => "cluster-secrets",
            ExcessKind::Escalate => "escalate",
            ExcessKind::Bind => "bind",
            ExcessKind::Impersonate => "impersonate",
        }
    }

    fn explain(self) -> &'static str {
        match self {
            ExcessKind::ClusterAdmin => "every verb on every resource in every namespace (cluster-admin or equal); SkyPilot needs `*` in one namespace at most",
            ExcessKind::ClusterSecrets => "reads Secrets in every namespace; SkyPilot only needs the Secrets of its own namespace",
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

/// The warnings for `grants`, one per kind and binding.
pub fn excess_warnings(grants: &[Grant]) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = Vec::new();
    for grant in grants {
        let rule = &grant.rule;
        let cluster = grant.scope == Scope::Cluster;
        let has = |field: &[String]| field.iter().any(|v| v == "*");
        let allows = |group, resource, verb| {
            rule_allows(rule, &probe(grant.scope.clone(), group, resource, verb))
        };
        // An explicit verb anywhere, or `*` verbs cluster-wide.
        let names_verb =
            |verb: &str| rule.verbs.iter().any(|v| v == verb) || (cluster && has(&rule.verbs));
        let rbac_roles = |verb| {
            allows("rbac.authorization.k8s.io", "roles", verb)
                || allows("rbac.authorization.k8s.io", "clusterroles", verb)
        };

        let mut kinds = Vec::new();
        if cluster && has(&rule.verbs) && has(&rule.api_groups) && has(&rule.resources) {
            kinds.push(ExcessKind::ClusterAdmin);
        } else {
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
        for kind in kinds {
            let warning = Warning {
                kind,
                via: grant.via.clone(),
                scope: grant.scope.clone(),
            };
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    warnings
}
