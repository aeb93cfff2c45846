//! Kubernetes' RBAC evaluation over the objects read: which rules the subject holds and where
//! (RoleBindings grant in their namespace, also for a ClusterRole; ClusterRoleBindings grant
//! everywhere), aggregated ClusterRoles, and each feature's permissions checked against them.
//!
//! Big exports stay cheap (issue #17): rules are never copied, only referred to by the role
//! that holds them; an aggregated ClusterRole is resolved once, however many bindings use it;
//! the rules held in a scope are collected once per scope, each role once; and aggregation
//! stops, with a note, after [`MAX_AGGREGATION_STEPS`] steps in all.
//!
//! Kept in one file on purpose: the role index, the aggregation resolver and the per-scope
//! collection share one borrowed index and its lifetimes; split, they would need it crate-wide.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

use super::excess::{rule_excess, ExcessKind, Warning};
use super::input::{BindingDef, LabelSelector, RbacSet, RoleDef, RoleKind, Rule};
use super::permission::{rule_allows, Permission, Scope};
use super::requirement::{permissions, Namespaces};
use super::subject::Subject;
use crate::catalogue::Feature;

/// How many selector checks and graph steps aggregation may take for one audit: real
/// clusters need thousands (`admin` picks `edit`, which picks `view`'s parts, plus a few
/// hundred CRD roles); a hostile export could ask for billions.
pub const MAX_AGGREGATION_STEPS: usize = 20_000_000;

/// How many source roles an aggregation note names.
const NOTE_SOURCES: usize = 20;

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
fn builtin_cluster_admin() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
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
    })
}

/// A role's number: ClusterRoles first (in name order), then Roles, then the built-in
/// `cluster-admin`.
type RoleId = usize;

/// One binding naming the subject, resolved: where it grants, which roles' own rules it
/// stands for (one, or an aggregated ClusterRole's sources), and how to name it.
struct Held {
    scope: Scope,
    role: RoleId,
    leaves: Rc<[RoleId]>,
    via: Rc<str>,
}

/// Every role in the set, numbered, with what aggregation needs.
struct Roles<'a> {
    cluster: Vec<&'a RoleDef>,
    cluster_ids: HashMap<&'a str, RoleId>,
    namespaced: Vec<&'a RoleDef>,
    namespaced_ids: HashMap<(&'a str, &'a str), RoleId>,
    /// ClusterRoles by label, for selectors with `matchLabels`.
    by_label: HashMap<(&'a str, &'a str), Vec<RoleId>>,
}

impl<'a> Roles<'a> {
    fn new(set: &'a RbacSet) -> Roles<'a> {
        let cluster: Vec<&RoleDef> = set.cluster_roles.values().collect();
        let cluster_ids = set
            .cluster_roles
            .keys()
            .enumerate()
            .map(|(id, name)| (name.as_str(), id))
            .collect();
        let namespaced_ids = set
            .roles
            .keys()
            .enumerate()
            .map(|(index, (namespace, name))| {
                ((namespace.as_str(), name.as_str()), cluster.len() + index)
            })
            .collect();
        let mut by_label: HashMap<(&str, &str), Vec<RoleId>> = HashMap::new();
        for (id, role) in cluster.iter().enumerate() {
            for (key, value) in &role.labels {
                by_label.entry((key, value)).or_default().push(id);
            }
        }
        Roles {
            cluster,
            cluster_ids,
            namespaced: set.roles.values().collect(),
            namespaced_ids,
            by_label,
        }
    }

    fn builtin(&self) -> RoleId {
        self.cluster.len() + self.namespaced.len()
    }

    /// The role's own rules.
    fn rules(&self, id: RoleId) -> &'a [Rule] {
        if let Some(role) = self.cluster.get(id) {
            &role.rules
        } else if let Some(role) = self.namespaced.get(id - self.cluster.len()) {
            &role.rules
        } else {
            builtin_cluster_admin()
        }
    }

    /// An aggregated ClusterRole whose rules the controller has not filled in.
    fn is_open_aggregate(&self, id: RoleId) -> bool {
        self.cluster
            .get(id)
            .is_some_and(|role| role.aggregation.is_some() && role.rules.is_empty())
    }
}

/// Per scope, each role's rules once, with the first binding (an index into `held`) that
/// holds them.
type ScopeRoles = HashMap<Scope, Rc<[(RoleId, usize)]>>;

/// Everything the subject holds, with remarks on what could not be evaluated.
pub struct Holdings<'a> {
    /// The bindings that name the subject, described.
    pub bindings: Vec<String>,
    pub notes: Vec<String>,
    roles: Roles<'a>,
    held: Vec<Held>,
    /// Per scope, each role's rules once, with the first binding that holds them.
    in_scope: RefCell<ScopeRoles>,
}

/// Collects what `subject` holds from the bindings in `set` that name it.
pub fn holdings<'a>(set: &'a RbacSet, subject: &Subject) -> Holdings<'a> {
    holdings_within(set, subject, MAX_AGGREGATION_STEPS)
}

/// [`holdings`], with aggregation stopping after `budget` steps.
fn holdings_within<'a>(set: &'a RbacSet, subject: &Subject, budget: usize) -> Holdings<'a> {
    let roles = Roles::new(set);
    let mut resolver = Resolver {
        roles: &roles,
        notes: Notes::default(),
        resolved: HashMap::new(),
        selections: HashMap::new(),
        steps: 0,
        budget,
    };
    let mut bindings = Vec::new();
    let mut held = Vec::new();
    let named = set
        .role_bindings
        .iter()
        .chain(&set.cluster_role_bindings)
        .filter(|binding| {
            binding
                .subjects
                .iter()
                .any(|s| subject.is_named_by(s, binding.namespace.as_deref()))
        });
    for binding in named {
        let described = binding.describe();
        let Some((role, leaves)) = resolver.resolve(binding, &described) else {
            bindings.push(described);
            continue;
        };
        let via = format!(
            "{described} -> {} {}",
            match binding.role_kind {
                RoleKind::Role => "Role",
                RoleKind::ClusterRole => "ClusterRole",
            },
            binding.role_name
        );
        bindings.push(described);
        held.push(Held {
            scope: match &binding.namespace {
                Some(namespace) => Scope::Namespace(namespace.clone()),
                None => Scope::Cluster,
            },
            role,
            leaves,
            via: via.into(),
        });
    }
    let mut notes = resolver.notes.list;
    notes.dedup();
    Holdings {
        bindings,
        notes,
        roles,
        held,
        in_scope: RefCell::new(HashMap::new()),
    }
}

/// Notes without repeats, in order.
#[derive(Default)]
struct Notes {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl Notes {
    fn add(&mut self, text: String) {
        if self.seen.insert(text.clone()) {
            self.list.push(text);
        }
    }
}

/// Resolves roleRefs to the roles whose own rules they stand for, each role once.
struct Resolver<'r, 'a> {
    roles: &'r Roles<'a>,
    notes: Notes,
    /// Per role, its leaves (`None`: not evaluated).
    resolved: HashMap<RoleId, Option<Rc<[RoleId]>>>,
    /// Per open aggregate, the ClusterRoles its selectors pick, in name order.
    selections: HashMap<RoleId, Rc<[RoleId]>>,
    /// Selector checks and walk steps so far, and how many are allowed.
    steps: usize,
    budget: usize,
}

impl Resolver<'_, '_> {
    /// The role a binding's roleRef stands for and its leaves, or `None` (with a note) when
    /// its rules are unknown.
    fn resolve(&mut self, binding: &BindingDef, described: &str) -> Option<(RoleId, Rc<[RoleId]>)> {
        let name = binding.role_name.as_str();
        let id = match binding.role_kind {
            RoleKind::Role => {
                let namespace = binding.namespace.as_deref().unwrap_or_default();
                match self.roles.namespaced_ids.get(&(namespace, name)) {
                    Some(&id) => id,
                    None => {
                        self.notes.add(format!(
                            "{described} refers to Role {name} in {namespace}, which is not in the input; its rules are not counted \
                             (add it: kubectl get role {name} -n {namespace} -o yaml)."
                        ));
                        return None;
                    }
                }
            }
            RoleKind::ClusterRole => match self.roles.cluster_ids.get(name) {
                Some(&id) => id,
                None if name == "cluster-admin" => {
                    self.notes.add("ClusterRole cluster-admin is not in the input; it is read as the built-in one, which allows everything.".into());
                    self.roles.builtin()
                }
                None => {
                    self.notes.add(format!(
                        "{described} refers to ClusterRole {name}, which is not in the input; its rules are not counted \
                         (add it: kubectl get clusterrole {name} -o yaml)."
                    ));
                    return None;
                }
            },
        };
        if let Some(known) = self.resolved.get(&id) {
            return known.clone().map(|leaves| (id, leaves));
        }
        let leaves = if self.roles.is_open_aggregate(id) {
            self.aggregate(id)
        } else {
            Some(Rc::from([id]))
        };
        self.resolved.insert(id, leaves.clone());
        leaves.map(|leaves| (id, leaves))
    }

    /// An aggregated ClusterRole whose rules the controller has not filled in (a
    /// hand-written manifest, or Kubernetes' own bootstrap policy) is aggregated here from the
    /// ClusterRoles in the input it selects, through aggregated ones in turn (`admin` selects
    /// `edit`, which selects `view`'s parts); with none, it is not evaluated.
    fn aggregate(&mut self, id: RoleId) -> Option<Rc<[RoleId]>> {
        let name = self.roles.cluster[id].name.as_str();
        let mut visited = vec![false; self.roles.cluster.len()];
        visited[id] = true;
        let mut sources = Vec::new();
        let mut leaves = Vec::new();
        // A depth-first walk in name order, as the recursive definition reads, without
        // recursion: each frame is a role's selection and how far it has been read.
        let mut stack = vec![(self.selection(id), 0)];
        while let Some((selection, next)) = stack.last_mut() {
            let Some(&other) = selection.get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            self.steps += 1;
            if self.steps > self.budget {
                self.notes.add(format!(
                    "ClusterRole {name} is aggregated, and resolving the aggregation in this input takes more than \
                     {} steps, so it was not evaluated (audit a smaller export).",
                    self.budget
                ));
                return None;
            }
            if visited[other] {
                continue;
            }
            visited[other] = true;
            sources.push(other);
            if self.roles.is_open_aggregate(other) {
                let selection = self.selection(other);
                stack.push((selection, 0));
            } else {
                leaves.push(other);
            }
        }
        if sources.is_empty() {
            self.notes.add(format!(
                "ClusterRole {name} is aggregated (aggregationRule) and neither its aggregated rules nor the ClusterRoles \
                 it selects are in the input, so it was not evaluated (add it as the cluster has it: kubectl get clusterrole {name} -o yaml)."
            ));
            return None;
        }
        let mut named: Vec<&str> = sources
            .iter()
            .take(NOTE_SOURCES)
            .map(|&source| self.roles.cluster[source].name.as_str())
            .collect();
        let more = sources.len().saturating_sub(NOTE_SOURCES);
        let more_text = format!("{more} more");
        if more > 0 {
            named.push(&more_text);
        }
        self.notes.add(format!(
            "ClusterRole {name} is aggregated; its rules were collected from {} in the input, as the aggregation controller would.",
            named.join(", ")
        ));
        Some(leaves.into())
    }

    /// The ClusterRoles an open aggregate's selectors pick, in name order, computed once.
    fn selection(&mut self, id: RoleId) -> Rc<[RoleId]> {
        if let Some(known) = self.selections.get(&id) {
            return known.clone();
        }
        let roles = self.roles;
        let selectors = roles.cluster[id].aggregation.as_deref().unwrap_or_default();
        let mut picked = Vec::new();
        for selector in selectors {
            // Only roles carrying one of its labels can match a selector with `matchLabels`.
            let candidates: Box<dyn Iterator<Item = RoleId>> =
                match selector.match_labels.iter().next() {
                    Some((key, value)) => Box::new(
                        roles
                            .by_label
                            .get(&(key.as_str(), value.as_str()))
                            .into_iter()
                            .flatten()
                            .copied(),
                    ),
                    None => Box::new(0..roles.cluster.len()),
                };
            for other in candidates {
                self.steps += 1;
                if selects(selector, &roles.cluster[other].labels) {
                    picked.push(other);
                }
            }
        }
        picked.sort_unstable();
        picked.dedup();
        let picked: Rc<[RoleId]> = picked.into();
        self.selections.insert(id, picked.clone());
        picked
    }
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

impl Holdings<'_> {
    /// Each role held in `scope` exactly (not through a cluster-wide binding), once, with the
    /// first binding (in input order) that holds it.
    fn in_scope(&self, scope: &Scope) -> Rc<[(RoleId, usize)]> {
        if let Some(known) = self.in_scope.borrow().get(scope) {
            return known.clone();
        }
        let mut roles_seen = HashSet::new();
        let mut leaves_seen = HashSet::new();
        let mut out = Vec::new();
        for (index, held) in self.held.iter().enumerate() {
            if held.scope != *scope || !roles_seen.insert(held.role) {
                continue;
            }
            for &leaf in held.leaves.iter() {
                if leaves_seen.insert(leaf) {
                    out.push((leaf, index));
                }
            }
        }
        let out: Rc<[(RoleId, usize)]> = out.into();
        self.in_scope
            .borrow_mut()
            .insert(scope.clone(), out.clone());
        out
    }

    /// The binding allowing `permission`, if any, described: a cluster-wide grant covers
    /// every scope, a namespace grant only a permission in that namespace. Like the grants in
    /// input order (RoleBindings before ClusterRoleBindings), the first binding that allows it.
    pub fn granting(&self, permission: &Permission) -> Option<&str> {
        let mut scopes = vec![Scope::Cluster];
        if let Scope::Namespace(_) = permission.scope {
            scopes.insert(0, permission.scope.clone());
        }
        scopes.iter().find_map(|scope| {
            self.in_scope(scope).iter().find_map(|&(leaf, index)| {
                self.roles
                    .rules(leaf)
                    .iter()
                    .any(|rule| rule_allows(rule, permission))
                    .then(|| &*self.held[index].via)
            })
        })
    }

    /// The grants far beyond SkyPilot's needs, one per kind and binding, in input order.
    pub fn excess_warnings(&self) -> Vec<Warning> {
        let mut kinds_of: HashMap<(RoleId, Scope), Rc<[ExcessKind]>> = HashMap::new();
        let mut seen = HashSet::new();
        let mut warnings = Vec::new();
        for held in &self.held {
            // Only these three kinds of scope differ in what is excessive.
            let class = match &held.scope {
                Scope::Cluster => Scope::Cluster,
                Scope::Namespace(namespace) if namespace == "kube-system" => held.scope.clone(),
                Scope::Namespace(_) => Scope::Namespace(String::new()),
            };
            let kinds = kinds_of
                .entry((held.role, class))
                .or_insert_with(|| {
                    let mut kinds = Vec::new();
                    for &leaf in held.leaves.iter() {
                        for rule in self.roles.rules(leaf) {
                            for kind in rule_excess(rule, &held.scope) {
                                if !kinds.contains(&kind) {
                                    kinds.push(kind);
                                }
                            }
                        }
                    }
                    kinds.into()
                })
                .clone();
            for &kind in kinds.iter() {
                if seen.insert((kind, held.via.clone(), held.scope.clone())) {
                    warnings.push(Warning {
                        kind,
                        via: held.via.to_string(),
                        scope: held.scope.clone(),
                    });
                }
            }
        }
        warnings
    }
}

/// Checks every permission of `feature` (for the launching identity of the keyword modes
/// when `launcher`).
pub fn check_feature(
    feature: Feature,
    selected: bool,
    held: &Holdings<'_>,
    namespaces: &Namespaces,
    launcher: bool,
    version: crate::release::SkyPilotVersion,
) -> FeatureReport {
    let mut granted = Vec::new();
    let mut missing = Vec::new();
    for permission in permissions(feature, namespaces, launcher, version) {
        match held.granting(&permission) {
            Some(via) => granted.push((permission, via.to_owned())),
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

#[cfg(test)]
mod tests;
