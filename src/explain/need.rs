//! Which SkyPilot features need a denied request: every catalogue grant of every feature
//! ([`Feature::ALL`]), expanded into permissions by the audit's own expansion
//! ([`grant_permissions`]) and matched by its own rule semantics ([`Permission::covers`]),
//! in the place the denial happened. Nothing here lists a permission of its own.

use crate::audit::{grant_permissions, Namespaces, Permission, Scope};
use crate::catalogue::{Feature, GroupKind};
use crate::release::SkyPilotVersion;

use super::parse::Denial;

/// Who needs a permission, in which `remote_identity` modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Holder {
    /// The identity SkyPilot's calls run as: a custom account named by `remote_identity`, or
    /// in the keyword modes the launcher (which SkyPilot's own account gets it from).
    Account,
    /// Only the launching identity, in the keyword modes (`SERVICE_ACCOUNT`, the default,
    /// `LOCAL_CREDENTIALS`, `NO_UPLOAD`), where SkyPilot creates its own account and roles.
    Launcher,
}

impl Holder {
    /// The sentence the reports print.
    pub fn sentence(self) -> &'static str {
        match self {
            Holder::Account => "the account SkyPilot runs as: a custom `remote_identity` service account, or in the keyword modes (SERVICE_ACCOUNT, the default; LOCAL_CREDENTIALS; NO_UPLOAD) the launcher, from which SkyPilot's own account gets it",
            Holder::Launcher => "the launcher (your kubeconfig's identity, or an API server's account) in the keyword modes of `remote_identity` (SERVICE_ACCOUNT, the default; LOCAL_CREDENTIALS; NO_UPLOAD), where SkyPilot creates its own account and roles",
        }
    }

    /// The id the JSON report writes.
    pub fn id(self) -> &'static str {
        match self {
            Holder::Account => "account",
            Holder::Launcher => "launcher",
        }
    }
}

/// One feature that needs the denied request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    pub feature: Feature,
    pub holder: Holder,
    /// The catalogue rule's reason.
    pub why: &'static str,
    /// Why the rule is kept although SkyPilot's code makes no such call, if so.
    pub kept_because: Option<&'static str>,
    /// Where the permission is granted (a Role's namespace, or a ClusterRole).
    pub scope: Scope,
    /// The object the catalogue's rule is restricted to, if it is.
    pub resource_name: Option<&'static str>,
    /// Matched through a rule for every resource (`*`), not one for this request.
    pub broad: bool,
}

/// Where the request applies, as the catalogue places permissions. A request for a
/// namespace itself (`get namespaces kube-system`) is read by Kubernetes "in the namespace"
/// it names, but the catalogue grants it cluster-wide, on that object.
fn request_scope(denial: &Denial) -> (Scope, Option<&str>) {
    let name = denial.name.as_deref();
    match &denial.namespace {
        Some(namespace)
            if denial.group.is_empty()
                && denial.resource == "namespaces"
                && denial.subresource.is_none() =>
        {
            (Scope::Cluster, name.or(Some(namespace)))
        }
        Some(namespace) => (Scope::Namespace(namespace.clone()), name),
        None => (Scope::Cluster, name),
    }
}

/// Every feature that needs `denial` in SkyPilot `version`, in catalogue order, each once
/// per holder. `metrics` is the namespace of SkyPilot's Prometheus
/// (`metrics.prometheus.namespace`).
pub fn needs(denial: &Denial, metrics: &str, version: SkyPilotVersion) -> Vec<Need> {
    let (scope, name) = request_scope(denial);
    // The launch namespace is wherever the request was made: SkyPilot launches anywhere.
    let launch = match &scope {
        Scope::Namespace(namespace) => namespace.clone(),
        Scope::Cluster => String::new(),
    };
    let namespaces = Namespaces {
        launch,
        metrics: metrics.to_owned(),
    };
    let resource = denial.full_resource();
    let mut out: Vec<Need> = Vec::new();
    for &feature in Feature::ALL {
        let group = feature.group();
        for grant in feature.grants_for(true, version) {
            let launcher_only = group.launcher_grants.iter().any(|g| g == grant)
                && !group.grants.iter().any(|g| g == grant);
            let holder = if group.kind == GroupKind::Launcher || launcher_only {
                Holder::Launcher
            } else {
                Holder::Account
            };
            let matched = grant_permissions(grant, &namespaces).into_iter().find(
                |permission: &Permission| {
                    permission.scope == scope
                        && permission.covers(&denial.verb, &denial.group, &resource, name)
                },
            );
            let Some(permission) = matched else { continue };
            if out
                .iter()
                .any(|need| need.feature == feature && need.holder == holder)
            {
                continue;
            }
            out.push(Need {
                feature,
                holder,
                why: grant.rule.why,
                kept_because: grant.rule.kept_because,
                scope: permission.scope,
                resource_name: permission.resource_name,
                broad: grant.rule.resources.contains(&"*"),
            });
        }
    }
    // A rule for everything (the launcher's `*` on `*`) says nothing more once a rule for
    // this very request does.
    if out.iter().any(|need| !need.broad) {
        out.retain(|need| !need.broad);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::parse::{refusals, Refusal};

    fn denial(text: &str) -> Denial {
        match refusals(text).0.into_iter().next() {
            Some(Refusal::Rbac(denial)) => denial,
            other => panic!("{other:?}"),
        }
    }

    fn features(text: &str) -> Vec<(&'static str, Holder)> {
        needs(
            &denial(text),
            crate::catalogue::SKYPILOT_METRICS,
            SkyPilotVersion::LATEST,
        )
        .iter()
        .map(|need| (need.feature.id(), need.holder))
        .collect()
    }

    #[test]
    fn pods_listed_cluster_wide_are_gpu_listing() {
        assert_eq!(
            features(
                r#"User "system:serviceaccount:ml:sky-sa" cannot list resource "pods" in API group "" at the cluster scope"#
            ),
            [("gpu-list", Holder::Account)]
        );
    }

    #[test]
    fn exec_in_a_namespace_is_core() {
        assert_eq!(
            features(
                r#"User "alice" cannot create resource "pods/exec" in API group "" in the namespace "ml""#
            ),
            [("core", Holder::Account)]
        );
    }

    #[test]
    fn ingress_nginx_roles_are_the_launchers_only() {
        assert_eq!(
            features(
                r#"User "alice" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "ingress-nginx""#
            ),
            [("ingress", Holder::Launcher)]
        );
    }

    #[test]
    fn the_kube_system_namespace_read_is_cluster_wide_on_that_object() {
        let text = r#"namespaces "kube-system" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "kube-system""#;
        assert_eq!(
            features(text),
            [
                ("gpu-metrics", Holder::Account),
                ("managed-account", Holder::Launcher)
            ]
        );
        // The nightly reads it on every launch.
        let nightly: Vec<&str> = needs(&denial(text), "skypilot", SkyPilotVersion::NIGHTLY)
            .iter()
            .map(|need| need.feature.id())
            .collect();
        assert_eq!(nightly, ["core", "gpu-metrics", "managed-account"]);
        // Another namespace is no SkyPilot feature's read but the launcher's namespaces get.
        let other = features(
            r#"namespaces "prod" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "prod""#,
        );
        assert_eq!(other, [("managed-account", Holder::Launcher)]);
    }

    #[test]
    fn the_prometheus_namespace_is_the_setups() {
        let text = r#"User "bob" cannot create resource "pods/portforward" in API group "" in the namespace "monitoring""#;
        let found: Vec<&str> = needs(&denial(text), "monitoring", SkyPilotVersion::LATEST)
            .iter()
            .map(|need| need.feature.id())
            .collect();
        assert_eq!(found, ["core", "gpu-metrics"]);
        // Only the launcher's everything-in-its-namespace covers creating roles there.
        assert_eq!(
            features(
                r#"User "alice" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "ml""#
            ),
            [("managed-account", Holder::Launcher)]
        );
    }

    #[test]
    fn requests_no_feature_makes() {
        assert!(features(
            r#"User "bob" cannot delete resource "nodes" in API group "" at the cluster scope"#
        )
        .is_empty());
        assert!(features(
            r#"User "bob" cannot list resource "secrets" in API group "" at the cluster scope"#
        )
        .is_empty());
    }
}
