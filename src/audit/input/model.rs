//! What the audit reads RBAC into: roles with their rules and aggregation selectors, bindings
//! with their subjects, and the errors that name the document and field that failed.

use std::collections::BTreeMap;
use std::fmt;

use super::MAX_INPUT_BYTES;

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
    /// Aliases that repeat their anchors' values until the input, expanded, would be larger
    /// than [`MAX_INPUT_BYTES`]: the alias that crosses it, and where it is.
    AliasExpansion {
        alias: String,
        line: u64,
        column: u64,
    },
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
            AuditError::AliasExpansion { alias, line, column } => write!(
                f,
                "The input was not read: line {line}, column {column}: the alias `*{alias}` repeats its anchor's value until the input, expanded, is larger than {}, the most the audit reads (an alias counts at the size it expands to); RBAC exports use no aliases: pass the output of `kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml`.",
                crate::yaml::guard::size_in_units(MAX_INPUT_BYTES)
            ),
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
