//! The subjects an RBAC export binds: every service account, user and group its RoleBindings
//! and ClusterRoleBindings name, with how many bindings name each. When the subject being
//! audited is not among them, the audit offers these instead (the page's and the CLI's hint),
//! since an account the export never names gets nothing but what its groups get.
//!
//! Only subjects named directly count: membership in a group a binding names (such as
//! `system:authenticated`, which every real export binds) is the evaluator's business, not a
//! reason to call a subject bound here.

use std::collections::BTreeMap;

use super::input::{BindingDef, RbacSet, SubjectKindName};
use super::subject::Subject;

/// Namespaces whose service accounts are Kubernetes' own controllers: listed after the rest.
const SYSTEM_NAMESPACES: [&str; 3] = ["kube-system", "kube-public", "kube-node-lease"];

/// One subject the export binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundSubject {
    pub subject: Subject,
    /// How many bindings name it (a binding naming it twice counts once).
    pub bindings: usize,
}

/// Every subject an export binds, in the order they are offered: the cluster's own users
/// (service accounts, then users, then groups), then Kubernetes' built-in ones (`system:`
/// names and the service accounts of `kube-system` and its kin), each by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundSubjects {
    bindings: BTreeMap<Subject, usize>,
    ordered: Vec<BoundSubject>,
}

impl BoundSubjects {
    /// The subjects `set`'s bindings name.
    pub fn of(set: &RbacSet) -> BoundSubjects {
        let mut bindings: BTreeMap<Subject, usize> = BTreeMap::new();
        for binding in set.role_bindings.iter().chain(&set.cluster_role_bindings) {
            let mut named = named_by(binding);
            named.sort();
            named.dedup();
            for subject in named {
                *bindings.entry(subject).or_default() += 1;
            }
        }
        let mut ordered: Vec<BoundSubject> = bindings
            .iter()
            .map(|(subject, &count)| BoundSubject {
                subject: subject.clone(),
                bindings: count,
            })
            .collect();
        // Stable: the map is already by subject, so sorting on "built-in" alone keeps each
        // half in kind-then-name order.
        ordered.sort_by_key(|bound| is_built_in(&bound.subject));
        BoundSubjects { bindings, ordered }
    }

    /// How many bindings name `subject` itself (not one of its groups).
    pub fn bindings_of(&self, subject: &Subject) -> usize {
        self.bindings
            .get(&canonical(subject.clone()))
            .copied()
            .unwrap_or(0)
    }

    /// How many distinct subjects the export binds.
    pub fn len(&self) -> usize {
        self.ordered.len()
    }

    /// True when no binding names anyone (or only subjects that cannot be audited).
    pub fn is_empty(&self) -> bool {
        self.ordered.is_empty()
    }

    /// All of them, in the order they are offered.
    pub fn all(&self) -> &[BoundSubject] {
        &self.ordered
    }

    /// The first `limit` of them, and how many more there are.
    pub fn first(&self, limit: usize) -> (&[BoundSubject], usize) {
        let shown = &self.ordered[..self.ordered.len().min(limit)];
        (shown, self.ordered.len() - shown.len())
    }
}

/// The subjects one binding names, as the audit reads them; those that cannot be audited
/// (a service account without a namespace in a ClusterRoleBinding, which Kubernetes refuses,
/// or a name the subject field cannot hold) are left out.
fn named_by(binding: &BindingDef) -> Vec<Subject> {
    binding
        .subjects
        .iter()
        .filter_map(|subject| {
            let read = match subject.kind {
                SubjectKindName::ServiceAccount => {
                    let namespace = subject
                        .namespace
                        .as_deref()
                        .filter(|namespace| !namespace.is_empty())
                        .or(binding.namespace.as_deref())?;
                    Subject::ServiceAccount {
                        namespace: namespace.to_owned(),
                        name: subject.name.clone(),
                    }
                }
                SubjectKindName::User => Subject::User(subject.name.clone()),
                SubjectKindName::Group => Subject::Group(subject.name.clone()),
            };
            let read = canonical(read);
            // Offered subjects are chosen by their field text: keep only those it reads back.
            (read.to_field_text().parse::<Subject>().as_ref() == Ok(&read)).then_some(read)
        })
        .collect()
}

/// A user named `system:serviceaccount:NS:NAME` is that service account, as Kubernetes
/// authenticates it.
fn canonical(subject: Subject) -> Subject {
    match &subject {
        Subject::User(name) if name.starts_with("system:serviceaccount:") => {
            Subject::service_account(name).unwrap_or(subject)
        }
        _ => subject,
    }
}

/// Kubernetes' own subjects: `system:` users and groups, and the service accounts of its
/// system namespaces.
fn is_built_in(subject: &Subject) -> bool {
    match subject {
        Subject::ServiceAccount { namespace, .. } => {
            SYSTEM_NAMESPACES.contains(&namespace.as_str())
        }
        Subject::User(name) | Subject::Group(name) => name.starts_with("system:"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::parse_rbac;

    fn binding(kind: &str, name: &str, namespace: Option<&str>, subjects: &str) -> String {
        let namespace = namespace.map_or(String::new(), |ns| format!(", namespace: {ns}"));
        format!(
            "---\nkind: {kind}\nmetadata: {{name: {name}{namespace}}}\nroleRef: {{kind: ClusterRole, name: view}}\nsubjects: {subjects}\n"
        )
    }

    fn bound(text: &str) -> BoundSubjects {
        BoundSubjects::of(&parse_rbac(text).expect("valid RBAC"))
    }

    fn listed(subjects: &BoundSubjects) -> Vec<(String, usize)> {
        subjects
            .all()
            .iter()
            .map(|b| (b.subject.to_field_text(), b.bindings))
            .collect()
    }

    #[test]
    fn service_accounts_then_users_then_groups_then_built_in_ones_with_their_counts() {
        let text = [
            binding(
                "ClusterRoleBinding",
                "c1",
                None,
                "[{kind: Group, name: system:authenticated}, {kind: User, name: bob}, {kind: ServiceAccount, name: sky-sa, namespace: sky-system}]",
            ),
            binding(
                "RoleBinding",
                "r1",
                Some("sky-system"),
                "[{kind: ServiceAccount, name: sky-sa}, {kind: Group, name: devs}]",
            ),
            binding(
                "RoleBinding",
                "r2",
                Some("kube-system"),
                "[{kind: ServiceAccount, name: coredns}, {kind: User, name: alice}]",
            ),
            binding(
                "RoleBinding",
                "r3",
                Some("ml"),
                "[{kind: User, name: 'system:serviceaccount:sky-system:sky-sa'}, {kind: User, name: system:kube-scheduler}]",
            ),
        ]
        .concat();
        let subjects = bound(&text);
        assert_eq!(
            listed(&subjects),
            [
                ("sky-system/sky-sa".to_owned(), 3),
                ("user:alice".to_owned(), 1),
                ("user:bob".to_owned(), 1),
                ("group:devs".to_owned(), 1),
                ("kube-system/coredns".to_owned(), 1),
                ("user:system:kube-scheduler".to_owned(), 1),
                ("group:system:authenticated".to_owned(), 1),
            ]
        );
        let sky_sa: Subject = "sky-system/sky-sa".parse().unwrap();
        assert_eq!(subjects.bindings_of(&sky_sa), 3);
        assert_eq!(
            subjects.bindings_of(&Subject::User(
                "system:serviceaccount:sky-system:sky-sa".into()
            )),
            3,
            "the user name of an account is the account"
        );
        // Bound only through `system:authenticated`: not named, so not bound here.
        assert_eq!(subjects.bindings_of(&"team/sky-sa".parse().unwrap()), 0);
    }

    #[test]
    fn a_binding_naming_a_subject_twice_counts_once_and_unauditable_subjects_are_left_out() {
        let text = [
            binding(
                "RoleBinding",
                "twice",
                Some("team"),
                "[{kind: ServiceAccount, name: sky-sa}, {kind: ServiceAccount, name: sky-sa, namespace: team}]",
            ),
            binding(
                "ClusterRoleBinding",
                "no-namespace",
                None,
                "[{kind: ServiceAccount, name: orphan}, {kind: User, name: ' padded '}, {kind: ServiceAccount, name: Bad_Name, namespace: team}]",
            ),
        ]
        .concat();
        let subjects = bound(&text);
        assert_eq!(listed(&subjects), [("team/sky-sa".to_owned(), 1)]);
    }

    #[test]
    fn the_list_is_capped_and_counts_the_rest() {
        let text: String = (0..30)
            .map(|i| {
                binding(
                    "RoleBinding",
                    &format!("rb{i}"),
                    Some("team"),
                    &format!("[{{kind: ServiceAccount, name: sa-{i:02}}}]"),
                )
            })
            .collect();
        let subjects = bound(&text);
        assert_eq!(subjects.len(), 30);
        let (shown, more) = subjects.first(20);
        assert_eq!((shown.len(), more), (20, 10));
        assert_eq!(shown[0].subject.to_field_text(), "team/sa-00");
        assert_eq!(subjects.first(100), (subjects.all(), 0));
        assert!(bound("kind: List\nitems: []\n").is_empty());
    }

    #[test]
    fn the_audit_says_when_its_subject_is_not_bound() {
        use crate::audit::{audit, AuditRequest};
        let everyone = binding(
            "ClusterRoleBinding",
            "everyone",
            None,
            "[{kind: Group, name: system:authenticated}]",
        );
        let sky = binding(
            "RoleBinding",
            "sky",
            Some("sky-system"),
            "[{kind: ServiceAccount, name: sky-sa}]",
        );
        let note = |text: &str, subject: &str| {
            let request = AuditRequest::new(subject.parse().unwrap(), vec![]);
            audit(text, &request).expect("valid RBAC").unbound_note()
        };
        assert_eq!(note(&sky, "sky-system/sky-sa"), None);
        assert_eq!(
            note(&sky, "team/sky-sa").as_deref(),
            Some("`team/sky-sa` is not bound by any binding in this export.")
        );
        assert_eq!(
            note(&format!("{sky}{everyone}"), "user:alice").as_deref(),
            Some("`user:alice` is not bound by any binding in this export; it gets only what its groups get.")
        );
    }
}
