//! One permission (`verb group/resource in namespace`) and Kubernetes' rule-matching semantics:
//! `*` in apiGroups, resources and verbs, `*/subresource`, and `resourceNames`.

use std::fmt;

use super::input::Rule;

/// Where a permission applies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// In one namespace: granted by a RoleBinding there or any ClusterRoleBinding.
    Namespace(String),
    /// Cluster-scoped resources, or a namespaced resource across all namespaces: granted only
    /// by a ClusterRoleBinding.
    Cluster,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Namespace(namespace) => write!(f, "in {namespace}"),
            Scope::Cluster => f.write_str("cluster-wide"),
        }
    }
}

/// One request SkyPilot makes, the unit the audit checks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission {
    pub scope: Scope,
    /// The API group; `""` is the core group.
    pub group: &'static str,
    /// The resource, with its subresource: `pods/exec`.
    pub resource: &'static str,
    pub verb: &'static str,
    /// The one object the request names, when the rule only needs that object.
    pub resource_name: Option<&'static str>,
}

impl Permission {
    /// `group/resource` as kubectl writes it: the core group is left out.
    pub fn resource_path(&self) -> String {
        if self.group.is_empty() {
            self.resource.to_owned()
        } else {
            format!("{}/{}", self.group, self.resource)
        }
    }
}

impl fmt::Display for Permission {
    /// `create pods/exec in team`, `get namespaces kube-system cluster-wide`, `* */* in team`
    /// (every verb on every resource).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.verb, self.resource_path())?;
        if let Some(name) = self.resource_name {
            write!(f, " {name}")?;
        }
        write!(f, " {}", self.scope)
    }
}

/// The verbs a resource supports, which is what "all verbs" means for it.
pub fn verbs_of(resource: &str) -> &'static [&'static str] {
    match resource {
        "pods/exec" | "pods/portforward" | "pods/attach" | "pods/proxy" | "services/proxy" => {
            &["get", "create"]
        }
        "pods/status" | "services/status" => &["get", "update", "patch"],
        "pods/log" => &["get"],
        _ => &[
            "get",
            "list",
            "watch",
            "create",
            "update",
            "patch",
            "delete",
            "deletecollection",
        ],
    }
}

/// Whether `rule` allows `permission`, exactly as Kubernetes' RBAC authorizer decides
/// (`RuleAllows` in k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go).
pub fn rule_allows(rule: &Rule, permission: &Permission) -> bool {
    request_allowed(
        rule,
        permission.verb,
        permission.group,
        permission.resource,
        permission.resource_name,
    )
}

/// Whether `rule` allows one request (`verb` on `group`/`resource`, with its subresource,
/// naming `name`), by [`rule_allows`]'s semantics: for requests read from elsewhere (an
/// error message), whose strings are not the catalogue's.
pub fn request_allowed(
    rule: &Rule,
    verb: &str,
    group: &str,
    resource: &str,
    name: Option<&str>,
) -> bool {
    verb_matches(rule, verb)
        && group_matches(rule, group)
        && resource_matches(rule, resource)
        && name_matches(rule, name)
}

impl Permission {
    /// Whether this permission, read as an RBAC rule (its `*` matching anything, its
    /// resource name restricting the request to that object), allows a request.
    pub fn covers(&self, verb: &str, group: &str, resource: &str, name: Option<&str>) -> bool {
        let own = |item: &str| vec![item.to_owned()];
        let rule = Rule {
            api_groups: own(self.group),
            resources: own(self.resource),
            verbs: own(self.verb),
            resource_names: self.resource_name.map(own).unwrap_or_default(),
            non_resource_urls: Vec::new(),
        };
        request_allowed(&rule, verb, group, resource, name)
    }
}

fn verb_matches(rule: &Rule, verb: &str) -> bool {
    rule.verbs.iter().any(|v| v == "*" || v == verb)
}

fn group_matches(rule: &Rule, group: &str) -> bool {
    rule.api_groups.iter().any(|g| g == "*" || g == group)
}

/// `*` matches everything, `pods/exec` only itself, `*/exec` any resource's `exec`. A rule for
/// `pods` does not cover `pods/exec`, and `pods/exec` does not cover `pods`.
fn resource_matches(rule: &Rule, resource: &str) -> bool {
    let subresource = resource.split_once('/').map(|(_, sub)| sub);
    rule.resources.iter().any(|r| {
        r == "*"
            || r == resource
            || subresource.is_some_and(|sub| r.strip_prefix("*/") == Some(sub))
    })
}

/// A rule without resourceNames covers every object; with them, only requests naming one.
fn name_matches(rule: &Rule, name: Option<&str>) -> bool {
    rule.resource_names.is_empty()
        || name.is_some_and(|name| rule.resource_names.iter().any(|n| n == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str], names: &[&str]) -> Rule {
        let own = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        Rule {
            api_groups: own(groups),
            resources: own(resources),
            verbs: own(verbs),
            resource_names: own(names),
            non_resource_urls: Vec::new(),
        }
    }

    fn permission(group: &'static str, resource: &'static str, verb: &'static str) -> Permission {
        Permission {
            scope: Scope::Namespace("ns".into()),
            group,
            resource,
            verb,
            resource_name: None,
        }
    }

    #[test]
    fn wildcards_match_everything_of_their_field() {
        let all = rule(&["*"], &["*"], &["*"], &[]);
        assert!(rule_allows(
            &all,
            &permission("apps", "daemonsets", "delete")
        ));
        assert!(rule_allows(&all, &permission("", "pods/exec", "create")));
    }

    #[test]
    fn a_resource_does_not_cover_its_subresources_nor_the_reverse() {
        let pods = rule(&[""], &["pods"], &["*"], &[]);
        assert!(rule_allows(&pods, &permission("", "pods", "create")));
        assert!(!rule_allows(&pods, &permission("", "pods/exec", "create")));
        let exec = rule(&[""], &["pods/exec"], &["*"], &[]);
        assert!(!rule_allows(&exec, &permission("", "pods", "get")));
        let any_exec = rule(&[""], &["*/exec"], &["create"], &[]);
        assert!(rule_allows(
            &any_exec,
            &permission("", "pods/exec", "create")
        ));
        assert!(!rule_allows(&any_exec, &permission("", "pods", "create")));
    }

    #[test]
    fn groups_must_match_the_core_group_is_empty() {
        let apps_pods = rule(&["apps"], &["pods"], &["get"], &[]);
        assert!(!rule_allows(&apps_pods, &permission("", "pods", "get")));
        assert!(rule_allows(
            &rule(&[""], &["pods"], &["get"], &[]),
            &permission("", "pods", "get")
        ));
    }

    #[test]
    fn resource_names_restrict_to_named_requests() {
        let kube_system = rule(&[""], &["namespaces"], &["get"], &["kube-system"]);
        let mut named = permission("", "namespaces", "get");
        assert!(
            !rule_allows(&kube_system, &named),
            "an unnamed request is not covered"
        );
        named.resource_name = Some("kube-system");
        assert!(rule_allows(&kube_system, &named));
        named.resource_name = Some("default");
        assert!(!rule_allows(&kube_system, &named));
        named.resource_name = Some("kube-system");
        assert!(rule_allows(
            &rule(&[""], &["namespaces"], &["get"], &[]),
            &named
        ));
    }

    #[test]
    fn permissions_read_like_kubectl() {
        let mut p = permission("apps", "daemonsets", "create");
        assert_eq!(p.to_string(), "create apps/daemonsets in ns");
        p = Permission {
            scope: Scope::Cluster,
            group: "",
            resource: "namespaces",
            verb: "get",
            resource_name: Some("kube-system"),
        };
        assert_eq!(p.to_string(), "get namespaces kube-system cluster-wide");
    }
}
