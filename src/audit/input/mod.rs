//! Reading existing RBAC: YAML or JSON documents, `kind: List`s (what `kubectl get ... -o yaml`
//! prints) or any mix, into an [`RbacSet`]. Errors name the document and the field.
//!
//! `read_object` is one match over the RBAC kinds and List forms; the read types are in
//! `model.rs`.
//!
//! Kept in one file on purpose: the readers of each kind share the path-naming error helpers.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_yaml::Value;

mod model;

pub use model::{
    AuditError, BindingDef, BindingSubject, LabelRequirement, LabelSelector, RbacSet, RoleDef,
    RoleKind, Rule, SubjectKindName,
};

use crate::yaml::guard::{admit, as_text, Limits, Refusal};
use crate::yaml::merge::{self, MergeRules};
use crate::yaml::walk::{Node, WalkError};

/// The largest input the audit reads (`kubectl get clusterrole -o yaml` on a large cluster is
/// a few MiB).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// The most YAML aliases read: RBAC exports use none.
const MAX_ALIASES: usize = 64;
/// The deepest nesting read: RBAC objects nest about 6 levels, Lists one more.
const MAX_NESTING: usize = 64;

const LIMITS: Limits = Limits {
    max_bytes: MAX_INPUT_BYTES,
    max_aliases: MAX_ALIASES,
    max_nesting: MAX_NESTING,
};

/// The audit's wording of a refusal before parsing.
fn refused(refusal: Refusal) -> AuditError {
    match refusal {
        Refusal::TooLarge { bytes } => AuditError::TooLarge { bytes },
        Refusal::NotText => AuditError::NotText,
        Refusal::Empty => AuditError::Empty,
        Refusal::TooDeep => AuditError::Hostile {
            why: "it nests far deeper than any RBAC object",
        },
        Refusal::ExpandsPastLimit {
            alias,
            line,
            column,
            ..
        } => AuditError::AliasExpansion {
            alias,
            line,
            column,
        },
        Refusal::TooManyAliases { .. } => AuditError::Hostile {
            why: "it uses many YAML aliases (`*name`), which RBAC exports never do and which can expand without bound",
        },
    }
}

/// Reads `bytes` (YAML or JSON: UTF-8, or UTF-16 with a byte-order mark) into an [`RbacSet`].
pub fn parse_rbac_bytes(bytes: &[u8]) -> Result<RbacSet, AuditError> {
    parse_rbac(&as_text(bytes, LIMITS).map_err(refused)?)
}

/// Reads `text` (YAML or JSON documents) into an [`RbacSet`].
pub fn parse_rbac(text: &str) -> Result<RbacSet, AuditError> {
    let text = admit(text, LIMITS).map_err(refused)?;
    let mut set = RbacSet::default();
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let number = index + 1;
        let mut value = Value::deserialize(document).map_err(|error| AuditError::Document {
            document: number,
            object: None,
            message: crate::yaml::message_with_location(&error),
        })?;
        // Merge keys (`<<: *base`) as kubectl reads them.
        merge::resolve(&mut value, MergeRules::Kubectl).map_err(|message| {
            AuditError::Document {
                document: number,
                object: None,
                message,
            }
        })?;
        if !value.is_null() {
            read_object(&mut set, Node::root(&value, String::new()), number, None)?;
        }
    }
    Ok(set)
}

/// Where a List item sits: its index, and the kind a typed List (`RoleList`) gives items that
/// leave theirs off.
type ListItem<'a> = (usize, Option<&'a str>);

/// Reads one document, or one List item.
fn read_object(
    set: &mut RbacSet,
    node: Node<'_>,
    number: usize,
    item: Option<ListItem<'_>>,
) -> Result<(), AuditError> {
    let walk = |error: WalkError| AuditError::Document {
        document: number,
        object: None,
        message: error.to_string(),
    };
    node.expect_mapping()
        .map_err(|error| AuditError::Document {
            document: number,
            object: None,
            message: format!("{error} (a Kubernetes object)"),
        })?;
    let kind = node
        .string("kind")
        .map_err(walk)?
        .or(item.and_then(|(_, kind)| kind))
        .unwrap_or_default();
    let metadata = node.get("metadata");
    let name = match &metadata {
        Some(metadata) => {
            metadata.expect_mapping().map_err(walk)?;
            metadata.string("name").map_err(walk)?.unwrap_or_default()
        }
        None => "",
    };
    let object = {
        let what = format!("{kind} {name}");
        let what = what.trim();
        Some(match item {
            None => what.to_owned(),
            Some((index, _)) => format!("items[{index}]: {what}"),
        })
    };
    let fail = |message: String| AuditError::Document {
        document: number,
        object: object.clone(),
        message,
    };
    let field = |error: WalkError| fail(error.to_string());

    match kind {
        "List" | "RoleList" | "ClusterRoleList" | "RoleBindingList" | "ClusterRoleBindingList" => {
            if item.is_some() {
                return Err(fail("a List inside a List is not an RBAC export".into()));
            }
            let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
            for (index, entry) in node.list("items").map_err(field)?.iter().enumerate() {
                read_object(set, entry.rebased(), number, Some((index, item_kind)))?;
            }
        }
        "Role" | "ClusterRole" => {
            if name.is_empty() {
                return Err(fail("metadata.name is missing".into()));
            }
            let mut rules = Vec::new();
            for rule in node.list("rules").map_err(field)? {
                rule.expect_mapping().map_err(field)?;
                let rule_value = Rule {
                    api_groups: rule.strings("apiGroups").map_err(field)?,
                    resources: rule.strings("resources").map_err(field)?,
                    verbs: rule.strings("verbs").map_err(field)?,
                    resource_names: rule.strings("resourceNames").map_err(field)?,
                    non_resource_urls: rule.strings("nonResourceURLs").map_err(field)?,
                };
                if rule_value.verbs.is_empty() {
                    return Err(fail(format!(
                        "{}.verbs is missing or empty: every rule names its verbs",
                        rule.path_text()
                    )));
                }
                rules.push(rule_value);
            }
            let aggregation = match node.get("aggregationRule") {
                None => None,
                Some(aggregation) => Some(selectors(&aggregation).map_err(field)?),
            };
            let labels = match &metadata {
                Some(metadata) => metadata.string_map("labels").map_err(field)?,
                None => BTreeMap::new(),
            };
            let namespace = match &metadata {
                Some(metadata) => metadata.string("namespace").map_err(field)?,
                None => None,
            };
            let role = RoleDef {
                name: name.to_owned(),
                labels,
                rules,
                aggregation,
            };
            if kind == "Role" {
                let namespace = namespace_or_default(set, namespace, kind, name);
                let key = (namespace.clone(), name.to_owned());
                if set.roles.insert(key, role).is_some() {
                    set.notes.push(format!(
                        "Role {name} in {namespace} appears more than once; the last one is used."
                    ));
                }
            } else if set.cluster_roles.insert(name.to_owned(), role).is_some() {
                set.notes.push(format!(
                    "ClusterRole {name} appears more than once; the last one is used."
                ));
            }
        }
        "RoleBinding" | "ClusterRoleBinding" => {
            if name.is_empty() {
                return Err(fail("metadata.name is missing".into()));
            }
            let role_ref = node
                .get("roleRef")
                .ok_or_else(|| fail("roleRef is missing".into()))?;
            role_ref.expect_mapping().map_err(field)?;
            let role_kind = match role_ref.string("kind").map_err(field)? {
                Some("Role") if kind == "RoleBinding" => RoleKind::Role,
                Some("ClusterRole") => RoleKind::ClusterRole,
                Some("Role") => {
                    return Err(fail(
                        "roleRef.kind is Role, but a ClusterRoleBinding can only refer to a ClusterRole".into(),
                    ))
                }
                Some(other) => {
                    return Err(fail(format!(
                        "roleRef.kind is `{other}`; it must be Role or ClusterRole"
                    )))
                }
                None => return Err(fail("roleRef.kind is missing".into())),
            };
            let role_name = role_ref
                .string("name")
                .map_err(field)?
                .filter(|n| !n.is_empty())
                .ok_or_else(|| fail("roleRef.name is missing".into()))?;
            let mut subjects = Vec::new();
            for (i, subject) in node.list("subjects").map_err(field)?.iter().enumerate() {
                subject.expect_mapping().map_err(field)?;
                let subject_kind = match subject.string("kind").map_err(field)? {
                    Some("User") => SubjectKindName::User,
                    Some("Group") => SubjectKindName::Group,
                    Some("ServiceAccount") => SubjectKindName::ServiceAccount,
                    Some(other) => {
                        return Err(fail(format!(
                            "subjects[{i}].kind is `{other}`; it must be User, Group or ServiceAccount"
                        )))
                    }
                    None => return Err(fail(format!("subjects[{i}].kind is missing"))),
                };
                let subject_name = subject
                    .string("name")
                    .map_err(field)?
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| fail(format!("subjects[{i}].name is missing")))?;
                subjects.push(BindingSubject {
                    kind: subject_kind,
                    name: subject_name.to_owned(),
                    namespace: subject
                        .string("namespace")
                        .map_err(field)?
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned),
                });
            }
            let namespace = match &metadata {
                Some(metadata) => metadata.string("namespace").map_err(field)?,
                None => None,
            };
            let binding = BindingDef {
                name: name.to_owned(),
                namespace: (kind == "RoleBinding")
                    .then(|| namespace_or_default(set, namespace, kind, name)),
                role_kind,
                role_name: role_name.to_owned(),
                subjects,
            };
            if kind == "RoleBinding" {
                set.role_bindings.push(binding);
            } else {
                set.cluster_role_bindings.push(binding);
            }
        }
        "" => {
            return Err(fail(
                "kind is missing: every object names its kind (Role, ClusterRole, RoleBinding, ClusterRoleBinding or List)".into(),
            ))
        }
        other => *set.skipped.entry(other.to_owned()).or_default() += 1,
    }
    Ok(())
}

/// The selectors of an aggregation rule.
fn selectors(aggregation: &Node<'_>) -> Result<Vec<LabelSelector>, WalkError> {
    aggregation.expect_mapping()?;
    let mut out = Vec::new();
    for selector in aggregation.list("clusterRoleSelectors")? {
        selector.expect_mapping()?;
        let mut match_expressions = Vec::new();
        for requirement in selector.list("matchExpressions")? {
            requirement.expect_mapping()?;
            match_expressions.push(LabelRequirement {
                key: requirement.string("key")?.unwrap_or_default().to_owned(),
                operator: requirement
                    .string("operator")?
                    .unwrap_or_default()
                    .to_owned(),
                values: requirement.strings("values")?,
            });
        }
        out.push(LabelSelector {
            match_labels: selector.string_map("matchLabels")?,
            match_expressions,
        });
    }
    Ok(out)
}

/// A namespaced object's namespace; `default` (with a note) when it has none.
fn namespace_or_default(
    set: &mut RbacSet,
    namespace: Option<&str>,
    kind: &str,
    name: &str,
) -> String {
    match namespace.filter(|n| !n.is_empty()) {
        Some(namespace) => namespace.to_owned(),
        None => {
            set.notes.push(format!(
                "{kind} {name} has no metadata.namespace; it is read as in `default` (kubectl \
                 apply would use your context's namespace)."
            ));
            "default".into()
        }
    }
}
