//! The identity being audited (a service account, a user or a group) and Kubernetes' rule for
//! whether a binding's subject applies to it.

use std::fmt;
use std::str::FromStr;

use super::input::{BindingSubject, SubjectKindName};
use crate::setup::names;

/// Who the audit is for. Ordered service accounts first, then users, then groups, each by
/// name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// A service account: user name `system:serviceaccount:NS:NAME`, in the groups
    /// `system:serviceaccounts`, `system:serviceaccounts:NS` and `system:authenticated`.
    ServiceAccount { namespace: String, name: String },
    /// A user, in the group `system:authenticated`.
    User(String),
    /// Any member of a group (who is also in `system:authenticated`).
    Group(String),
}

/// Why a subject could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectError(pub String);

impl fmt::Display for SubjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SubjectError {}

impl Subject {
    /// The form a user types and [`FromStr`] reads: `NS/NAME`, `user:NAME`, `group:NAME`.
    pub fn to_field_text(&self) -> String {
        match self {
            Subject::ServiceAccount { namespace, name } => format!("{namespace}/{name}"),
            Subject::User(name) => format!("user:{name}"),
            Subject::Group(name) => format!("group:{name}"),
        }
    }

    /// Reads a service account written `NS/NAME` or `system:serviceaccount:NS:NAME`.
    pub fn service_account(text: &str) -> Result<Subject, SubjectError> {
        let text = text.trim();
        let (namespace, name) = text
            .strip_prefix("system:serviceaccount:")
            .and_then(|rest| rest.split_once(':'))
            .or_else(|| text.split_once('/'))
            .ok_or_else(|| {
                SubjectError(format!(
                    "`{text}` is not a service account: write it as NAMESPACE/NAME, for example default/sky-sa"
                ))
            })?;
        if !names::is_rfc1123_label(namespace) {
            return Err(SubjectError(format!(
                "the namespace `{namespace}` is not a valid namespace: use {}",
                names::LABEL_RULE
            )));
        }
        if !names::is_rfc1123_subdomain(name) {
            return Err(SubjectError(format!(
                "the service account name `{name}` is not valid: use {}",
                names::SUBDOMAIN_RULE
            )));
        }
        Ok(Subject::ServiceAccount {
            namespace: namespace.into(),
            name: name.into(),
        })
    }

    /// The user name Kubernetes authenticates this subject as (none for a group).
    pub fn user_name(&self) -> Option<String> {
        match self {
            Subject::ServiceAccount { namespace, name } => {
                Some(format!("system:serviceaccount:{namespace}:{name}"))
            }
            Subject::User(name) => Some(name.clone()),
            Subject::Group(_) => None,
        }
    }

    /// The groups this subject is in.
    pub fn groups(&self) -> Vec<String> {
        let mut groups = vec!["system:authenticated".to_owned()];
        match self {
            Subject::ServiceAccount { namespace, .. } => {
                groups.push("system:serviceaccounts".into());
                groups.push(format!("system:serviceaccounts:{namespace}"));
            }
            Subject::User(_) => {}
            Subject::Group(group) => groups.push(group.clone()),
        }
        groups
    }

    /// The namespace SkyPilot's pods run in by default for this subject.
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Subject::ServiceAccount { namespace, .. } => Some(namespace),
            _ => None,
        }
    }

    /// Whether a binding's `subject` names this identity. `binding_namespace` is the
    /// RoleBinding's namespace (`None` for a ClusterRoleBinding): a service account subject
    /// without a namespace means the binding's own namespace, and matches nothing in a
    /// ClusterRoleBinding.
    pub fn is_named_by(&self, subject: &BindingSubject, binding_namespace: Option<&str>) -> bool {
        match subject.kind {
            SubjectKindName::User => self.user_name().as_deref() == Some(subject.name.as_str()),
            SubjectKindName::Group => self.groups().contains(&subject.name),
            SubjectKindName::ServiceAccount => {
                // Kubernetes compares the account's user name, so `user:system:serviceaccount:
                // NS:NAME` is named by it too.
                let namespace = subject.namespace.as_deref().or(binding_namespace);
                match (self.user_name(), namespace) {
                    (Some(user), Some(namespace)) => {
                        user == format!("system:serviceaccount:{namespace}:{}", subject.name)
                    }
                    _ => false,
                }
            }
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::ServiceAccount { namespace, name } => {
                write!(f, "service account {namespace}/{name}")
            }
            Subject::User(name) => write!(f, "user {name}"),
            Subject::Group(name) => write!(f, "group {name}"),
        }
    }
}

impl FromStr for Subject {
    type Err = SubjectError;

    /// `NS/NAME` or `system:serviceaccount:NS:NAME` (a service account), `user:NAME` or
    /// `group:NAME`.
    fn from_str(text: &str) -> Result<Subject, SubjectError> {
        let text = text.trim();
        let non_empty = |name: &str, what: &str| {
            if name.trim().is_empty() {
                Err(SubjectError(format!("the {what} name is empty")))
            } else if crate::terminal_text::has_unsafe_chars(name) {
                // The one rule for names (`terminal_text`): a name typed with a control,
                // bidirectional or zero-width character would reach the check script and
                // every report; no real user or group name has one.
                Err(SubjectError(format!(
                    "the {what} name `{}` contains a control, bidirectional or zero-width character: type it as `kubectl auth whoami` prints it",
                    crate::terminal_text::escape_controls(name.trim())
                )))
            } else {
                Ok(name.trim().to_owned())
            }
        };
        if let Some(name) = text.strip_prefix("user:") {
            return non_empty(name, "user").map(Subject::User);
        }
        if let Some(name) = text.strip_prefix("group:") {
            return non_empty(name, "group").map(Subject::Group);
        }
        Subject::service_account(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(kind: SubjectKindName, name: &str, namespace: Option<&str>) -> BindingSubject {
        BindingSubject {
            kind,
            name: name.into(),
            namespace: namespace.map(Into::into),
        }
    }

    fn sa() -> Subject {
        "team/sky-sa".parse().unwrap()
    }

    #[test]
    fn service_account_forms_read_alike() {
        assert_eq!(sa(), "system:serviceaccount:team:sky-sa".parse().unwrap());
        assert_eq!(
            "user:alice@example.com".parse::<Subject>().unwrap(),
            Subject::User("alice@example.com".into())
        );
        assert!("sky-sa"
            .parse::<Subject>()
            .unwrap_err()
            .0
            .contains("NAMESPACE/NAME"));
        assert!("Team/x".parse::<Subject>().is_err());
        assert!("user: ".parse::<Subject>().is_err());
    }

    #[test]
    fn service_account_subject_namespace_defaults_to_the_role_bindings() {
        let named = subject(SubjectKindName::ServiceAccount, "sky-sa", None);
        assert!(sa().is_named_by(&named, Some("team")));
        assert!(!sa().is_named_by(&named, Some("other")));
        // A ClusterRoleBinding has no namespace to default to.
        assert!(!sa().is_named_by(&named, None));
        let explicit = subject(SubjectKindName::ServiceAccount, "sky-sa", Some("team"));
        assert!(sa().is_named_by(&explicit, Some("other")));
        assert!(sa().is_named_by(&explicit, None));
    }

    #[test]
    fn service_accounts_are_users_and_group_members() {
        let as_user = subject(
            SubjectKindName::User,
            "system:serviceaccount:team:sky-sa",
            None,
        );
        assert!(sa().is_named_by(&as_user, None));
        for group in [
            "system:serviceaccounts",
            "system:serviceaccounts:team",
            "system:authenticated",
        ] {
            assert!(
                sa().is_named_by(&subject(SubjectKindName::Group, group, None), None),
                "{group}"
            );
        }
        assert!(!sa().is_named_by(
            &subject(SubjectKindName::Group, "system:serviceaccounts:other", None),
            None
        ));
        assert!(!Subject::User("bob".into()).is_named_by(
            &subject(SubjectKindName::Group, "system:serviceaccounts", None),
            None
        ));
    }
}
