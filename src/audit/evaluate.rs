//! Kubernetes' RBAC evaluation over the objects read: which rules the subject holds and where
//! (RoleBindings grant in their namespace, also for a ClusterRole; ClusterRoleBindings grant
//! everywhere), aggregated ClusterRoles, and each feature's permissions checked against them.

use std::collections::BTreeMap;

use super::input::{BindingDef, LabelSelector, RbacSet, RoleDef, RoleKind, Rule};
use super::permission::{rule_allows, Permission, Scope};
use super::requirement::{permissions, Namespaces};
use super::subject::Subject;
use crate::catalogue::Feature;

/// A rule the subject holds, where it applies and which binding grants it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// A namespace for a RoleBinding, cluster-wide for a ClusterRoleBinding.
    pub scope: Scope,
    pub rule: Rule,
    /// `ClusterRoleBinding x -> ClusterRole y`.
    pub via: String,
}

/// Everything the subject holds, with remarks on what could not be evaluated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    pub grants: Vec<Grant>,
    /// The bindings that name the subject, described.
    pub bindings: Vec<String>,
    pub notes: Vec<String>,
}

/// How much of a feature is granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Granted,
    Partial,
    Missing,
}

impl Status {
    /// `granted`, `partly granted`, `missing`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Granted => "granted",
            Status::Partial => "partly granted",
            Status::Missing => "missing",
        }
    }
}

/// One feature's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureReport {
    pub feature: Feature,
    /// Whether the user asked for this feature (the exit status and the patch count only these).
    pub selected: bool,
    pub status: Status,
    /// Each permission held, with the binding that grants it.
    pub granted: Vec<(Permission, String)>,
    pub missing: Vec<Permission>,
}

/// The rules of the built-in `cluster-admin`, assumed when the input does not define it.
fn builtin_cluster_admin() -> Vec<Rule> {
    let all = vec!["*".to_owned()];
    vec![
        Rule {
            api_groups: all.clone(),
            resources: all.clone(),
            verbs: all.clone(),
            ..Rule::default()
        },
        Rule {
            non_resource_urls: all.clone(),
            verbs: all,
            ..Rule::default()
        },
    ]
}

/// Collects what `subject` holds from the bindings in `set` that name it.
pub fn holdings(set: &RbacSet, subject: &Subject) -> Holdings {
    let mut out = Holdings::default();
    let bindings = set
        .role_bindings
        .iter()
        .chain(&set.cluster_role_bindings)
        .filter(|binding| {
            binding
                .subjects
                .iter()
                .any(|s| subject.is_named_by(s, binding.namespace.as_deref()))
        });
    for binding in bindings {
        out.bindings.push(binding.describe());
        let via = format!(
            "{} -> {} {}",
            binding.describe(),
            match binding.role_kind {
                RoleKind::Role => "Role",
                RoleKind::ClusterRole => "ClusterRole",
            },
            binding.role_name
        );
        let Some(rules) = resolve(set, binding, &mut out.notes) else {
            continue;
        };
        let scope = match &binding.namespace {
            Some(namespace) => Scope::Namespace(namespace.clone()),
            None => Scope::Cluster,
        };
        for rule in rules {
            out.grants.push(Grant {
                scope: scope.clone(),
                rule,
                via: via.clone(),
            });
        }
    }
    out.notes.dedup();
    out
}

/// The rules a binding's roleRef stands for, or `None` (with a note) when they are unknown.
fn resolve(set: &RbacSet, binding: &BindingDef, notes: &mut Vec<String>) -> Option<Vec<Rule>> {
    match binding.role_kind {
        RoleKind::Role => {
            let namespace = binding.namespace.clone().unwrap_or_default();
            let key = (namespace.clone(), binding.role_name.clone());
            match set.roles.get(&key) {
                Some(role) => Some(role.rules.clone()),
                None => {
                    note(notes, format!(
                        "{} refers to Role {} in {namespace}, which is not in the input; its rules are not counted \
                         (add it: kubectl get role {} -n {namespace} -o yaml).",
                        binding.describe(), binding.role_name, binding.role_name
                    ));
                    None
                }
            }
        }
        RoleKind::ClusterRole => match set.cluster_roles.get(&binding.role_name) {
            Some(role) => cluster_role_rules(set, role, notes),
            None if binding.role_name == "cluster-admin" => {
                note(notes, "ClusterRole cluster-admin is not in the input; it is read as the built-in one, which allows everything.".into());
                Some(builtin_cluster_admin())
            }
            None => {
                note(notes, format!(
                    "{} refers to ClusterRole {}, which is not in the input; its rules are not counted \
                     (add it: kubectl get clusterrole {} -o yaml).",
                    binding.describe(), binding.role_name, binding.role_name
                ));
                None
            }
        },
    }
}

/// A ClusterRole's rules. An aggregated one whose rules the controller has not filled in (a
/// hand-written manifest, or Kubernetes' own bootstrap policy) is aggregated here from the
/// ClusterRoles in the input it selects, through aggregated ones in turn (`admin` selects
/// `edit`, which selects `view`'s parts); with none, it is not evaluated.
fn cluster_role_rules(set: &RbacSet, role: &RoleDef, notes: &mut Vec<String>) -> Option<Vec<Rule>> {
    if role.aggregation.is_none() || !role.rules.is_empty() {
        return Some(role.rules.clone());
    }
    let mut visited = vec![role.name.as_str()];
    let mut sources = Vec::new();
    let rules = aggregated_rules(set, role, &mut visited, &mut sources);
    if sources.is_empty() {
        note(notes, format!(
            "ClusterRole {} is aggregated (aggregationRule) and neither its aggregated rules nor the ClusterRoles \
             it selects are in the input, so it was not evaluated (add it as the cluster has it: kubectl get clusterrole {} -o yaml).",
            role.name, role.name
        ));
        return None;
    }
    note(notes, format!(
        "ClusterRole {} is aggregated; its rules were collected from {} in the input, as the aggregation controller would.",
        role.name,
        sources.join(", ")
    ));
    Some(rules)
}

/// The rules of the ClusterRoles `role` selects, following selected roles that are aggregated
/// and empty themselves; `visited` stops cycles, `sources` collects the names used.
fn aggregated_rules<'a>(
    set: &'a RbacSet,
    role: &RoleDef,
    visited: &mut Vec<&'a str>,
    sources: &mut Vec<&'a str>,
) -> Vec<Rule> {
    let selectors = role.aggregation.as_deref().unwrap_or_default();
    let mut rules = Vec::new();
    for other in set.cluster_roles.values() {
        if visited.contains(&other.name.as_str())
            || !selectors.iter().any(|s| selects(s, &other.labels))
        {
            continue;
        }
        visited.push(&other.name);
        sources.push(&other.name);
        if other.aggregation.is_some() && other.rules.is_empty() {
            rules.extend(aggregated_rules(set, other, visited, sources));
        } else {
            rules.extend(other.rules.iter().cloned());
        }
    }
    rules
}

/// Kubernetes label selector semantics: every `matchLabels` pair and every expression holds.
fn selects(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    selector
        .match_labels
        .iter()
        .all(|(key, value)| labels.get(key) == Some(value))
        && selector.match_expressions.iter().all(|requirement| {
            let value = labels.get(&requirement.key);
            match requirement.operator.as_str() {
                "In" => value.is_some_and(|v| requirement.values.contains(v)),
                "NotIn" => value.is_none_or(|v| !requirement.values.contains(v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

fn note(notes: &mut Vec<String>, text: String) {
    if !notes.contains(&text) {
        notes.push(text);
    }
}

/// The grant allowing `permission`, if any: a cluster-wide grant covers every scope, a
/// namespace grant only a permission in that namespace.
pub fn granting<'a>(grants: &'a [Grant], permission: &Permission) -> Option<&'a Grant> {
    grants.iter().find(|grant| {
        let in_scope = match (&grant.scope, &permission.scope) {
            (Scope::Cluster, _) => true,
            (Scope::Namespace(held), Scope::Namespace(needed)) => held == needed,
            (Scope::Namespace(_), Scope::Cluster) => false,
        };
        in_scope && rule_allows(&grant.rule, permission)
    })
}

/// Checks every permission of `feature` (for the launching identity of the keyword modes
/// when `launcher`).
pub fn check_feature(
    feature: Feature,
    selected: bool,
    grants: &[Grant],
    namespaces: &Namespaces,
    launcher: bool,
) -> FeatureReport {
    let mut granted = Vec::new();
    let mut missing = Vec::new();
    for permission in permissions(feature, namespaces, launcher) {
        match granting(grants, &permission) {
            Some(grant) => granted.push((permission, grant.via.clone())),
            None => missing.push(permission),
        }
    }
    let status = match (granted.is_empty(), missing.is_empty()) {
        (_, true) => Status::Granted,
        (true, false) => Status::Missing,
        (false, false) => Status::Partial,
    };
    FeatureReport {
        feature,
        selected,
        status,
        granted,
        missing,
    }
}
