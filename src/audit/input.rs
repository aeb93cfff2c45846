//! Reading existing RBAC: YAML or JSON documents, `kind: List`s (what `kubectl get ... -o yaml`
//! prints) or any mix, into an [`RbacSet`]. Errors name the document and the field.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_yaml::Value;

use crate::yaml_guard::{admit, as_text, Limits, Refusal};
use crate::yaml_walk::{Node, WalkError};

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
        Refusal::TooManyAliases { .. } => AuditError::Hostile {
            why: "it uses many YAML aliases (`*name`), which RBAC exports never do and which can expand without bound",
        },
    }
}

/// Why the input could not be read as RBAC objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditError {
    /// Nothing but whitespace, comments and document markers.
    Empty,
    /// Over [`MAX_INPUT_BYTES`].
    TooLarge { bytes: usize },
    /// Not UTF-8 text.
    NotText,
    /// Too many aliases or too deep: not what an RBAC export looks like.
    Hostile { why: &'static str },
    /// A document that is not valid YAML, or a field of the wrong type or missing.
    Document {
        /// 1-based position of the document in the stream.
        document: usize,
        /// `kind name` when known, and where in a List (`items[3]`).
        object: Option<String>,
        /// The field and what is wrong with it.
        message: String,
    },
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::Empty => f.write_str(
                "The input is empty: paste Roles, ClusterRoles and their bindings, for example \
                 the output of `kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml`.",
            ),
            AuditError::TooLarge { bytes } => write!(
                f,
                "The input is {} KiB; the audit reads at most {} MiB. Export only RBAC objects.",
                bytes / 1024,
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            AuditError::NotText => f.write_str("The input is not UTF-8 text: paste YAML or JSON."),
            AuditError::Hostile { why } => write!(f, "The input was not read: {why}."),
            AuditError::Document {
                document,
                object,
                message,
            } => {
                write!(f, "document {document}")?;
                if let Some(object) = object {
                    write!(f, " ({object})")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for AuditError {}

/// A rule as written in a Role or ClusterRole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub verbs: Vec<String>,
    pub resource_names: Vec<String>,
    pub non_resource_urls: Vec<String>,
}

/// A label selector of an aggregation rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
    pub match_expressions: Vec<LabelRequirement>,
}

/// One `matchExpressions` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelRequirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

/// A Role or ClusterRole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleDef {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub rules: Vec<Rule>,
    /// The selectors of an aggregated ClusterRole.
    pub aggregation: Option<Vec<LabelSelector>>,
}

/// What a binding refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleKind {
    Role,
    ClusterRole,
}

/// One subject of a binding, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingSubject {
    pub kind: SubjectKindName,
    pub name: String,
    pub namespace: Option<String>,
}

/// The three kinds of binding subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectKindName {
    User,
    Group,
    ServiceAccount,
}

/// A RoleBinding (with its namespace) or ClusterRoleBinding (namespace `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingDef {
    pub name: String,
    pub namespace: Option<String>,
    pub role_kind: RoleKind,
    pub role_name: String,
    pub subjects: Vec<BindingSubject>,
}

impl BindingDef {
    /// `RoleBinding x in ns` or `ClusterRoleBinding x`, for reports.
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("RoleBinding {} in {namespace}", self.name),
            None => format!("ClusterRoleBinding {}", self.name),
        }
    }
}

/// Every RBAC object read, by kind; later definitions of a name replace earlier ones, as
/// `kubectl apply` would.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RbacSet {
    /// Roles by (namespace, name).
    pub roles: BTreeMap<(String, String), RoleDef>,
    pub cluster_roles: BTreeMap<String, RoleDef>,
    pub role_bindings: Vec<BindingDef>,
    pub cluster_role_bindings: Vec<BindingDef>,
    /// Objects of other kinds that were read and skipped, by kind.
    pub skipped: BTreeMap<String, usize>,
    /// Remarks on how the input was read (defaults applied, duplicates replaced).
    pub notes: Vec<String>,
}

impl RbacSet {
    /// How many RBAC objects were read.
    pub fn object_count(&self) -> usize {
        self.roles.len()
            + self.cluster_roles.len()
            + self.role_bindings.len()
            + self.cluster_role_bindings.len()
    }
}

/// Reads `bytes` (UTF-8 YAML or JSON) into an [`RbacSet`].
pub fn parse_rbac_bytes(bytes: &[u8]) -> Result<RbacSet, AuditError> {
    parse_rbac(as_text(bytes, LIMITS).map_err(refused)?)
}

/// Reads `text` (YAML or JSON documents) into an [`RbacSet`].
pub fn parse_rbac(text: &str) -> Result<RbacSet, AuditError> {
    let text = admit(text, LIMITS).map_err(refused)?;
    let mut set = RbacSet::default();
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let number = index + 1;
        let value = Value::deserialize(document).map_err(|error| AuditError::Document {
            document: number,
            object: None,
            message: yaml_message(&error),
        })?;
        if !value.is_null() {
            read_object(&mut set, Node::root(&value, String::new()), number, None)?;
        }
    }
    Ok(set)
}

/// serde_yaml's message with its location moved to the front: `line 4, column 3: ...`.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match (error.location(), message.find(" at line ")) {
        (Some(location), Some(at)) => format!(
            "line {}, column {}: {}",
            location.line(),
            location.column(),
            &message[..at]
        ),
        _ => message,
    }
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
