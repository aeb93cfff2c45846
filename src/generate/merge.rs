//! Each object once: the entries several owners need (teams, a context's own account beside
//! the section's) merged into one object with every subject, rule, label and annotation each
//! asked for, in apply order. Teams' files, the section's manifest and the API server's other
//! clusters' RBAC all merge through here.

use std::collections::BTreeMap;

use super::rbac::Entry;
use super::Object;
use crate::catalogue::pod_security::{PodSecurityLevel, MODE_LABELS};

/// An object's identity in a cluster.
pub(super) type Key = (&'static str, Option<String>, String);

pub(super) fn key(object: &Object) -> Key {
    (
        object.kind(),
        object.namespace().map(str::to_owned),
        object.name().to_owned(),
    )
}

/// Each object once (two teams may share a namespace or an account), in apply order:
/// namespaces, accounts and secrets first, then roles before the bindings to them.
pub(super) fn merge(entries: impl IntoIterator<Item = Entry>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for entry in entries {
        let key = key(&entry.object);
        match out.iter_mut().find(|kept| self::key(&kept.object) == key) {
            Some(kept) => absorb(kept, entry),
            None => out.push(entry),
        }
    }
    // A stable sort by stage, earliest first, without a sort's code for `Entry` on the page.
    let mut sorted = Vec::with_capacity(out.len());
    while let Some(next) = out.iter().map(|entry| stage(&entry.object)).min() {
        let (now, later): (Vec<Entry>, Vec<Entry>) = out
            .into_iter()
            .partition(|entry| stage(&entry.object) == next);
        sorted.extend(now);
        out = later;
    }
    sorted
}

/// One object two owners need, written once for both (on the cluster the same name is one
/// object: the file applied last would win): a binding binds every subject either binds (two
/// teams' launchers on one shared account), a role grants every rule either grants, and the
/// object carries every label and annotation either asked for (one team's cloud identity on a
/// shared account, the Pod Security level each team's pods need on a shared namespace).
fn absorb(kept: &mut Entry, other: Entry) {
    fn union<T: PartialEq>(into: &mut Option<Vec<T>>, from: Option<Vec<T>>) -> Vec<usize> {
        let mut added = Vec::new();
        for (index, item) in from.into_iter().flatten().enumerate() {
            // An absent list stays absent unless something is added to it.
            let into = into.get_or_insert_with(Vec::new);
            if !into.contains(&item) {
                into.push(item);
                added.push(index);
            }
        }
        added
    }
    // Labels and annotations: what either asked for. Two teams launching in one namespace
    // need the Pod Security level that admits both teams' pods: the more permissive one.
    let (into, from) = (kept.object.metadata_mut(), other.object.metadata());
    union_map(&mut into.labels, &from.labels, |key, have, value| {
        MODE_LABELS.contains(&key)
            && PodSecurityLevel::from_label(value) > PodSecurityLevel::from_label(have)
    });
    union_map(&mut into.annotations, &from.annotations, |_, _, _| false);
    let added_rules = match (&mut kept.object, other.object) {
        (Object::RoleBinding(a), Object::RoleBinding(b)) if a.role_ref == b.role_ref => {
            union(&mut a.subjects, b.subjects);
            Vec::new()
        }
        (Object::ClusterRoleBinding(a), Object::ClusterRoleBinding(b))
            if a.role_ref == b.role_ref =>
        {
            union(&mut a.subjects, b.subjects);
            Vec::new()
        }
        (Object::Role(a), Object::Role(b)) => union(&mut a.rules, b.rules),
        (Object::ClusterRole(a), Object::ClusterRole(b)) => union(&mut a.rules, b.rules),
        (a, b) => {
            // Bindings of one name bind one role (a binding's roleRef cannot change): the
            // property tests hold generation to it.
            debug_assert!(
                !matches!(a, Object::RoleBinding(_) | Object::ClusterRoleBinding(_)),
                "two bindings named {} bind different roles",
                b.name()
            );
            Vec::new()
        }
    };
    // A rule's reason is its comment, by position: an added rule brings its own (when every
    // rule before it has one, so the comments stay on their rules).
    let rules = match &kept.object {
        Object::Role(role) => role.rules.as_ref().map_or(0, Vec::len),
        Object::ClusterRole(role) => role.rules.as_ref().map_or(0, Vec::len),
        _ => 0,
    };
    if kept.reasons.len() + added_rules.len() == rules {
        for index in added_rules {
            kept.reasons.extend(other.reasons.get(index));
        }
    }
}

/// Adds `from`'s entries to `into`; where both have a key with different values, `replace`
/// says whether `from`'s value wins (`replace(key, kept, offered)`).
fn union_map(
    into: &mut Option<BTreeMap<String, String>>,
    from: &Option<BTreeMap<String, String>>,
    replace: fn(&str, &str, &str) -> bool,
) {
    for (key, value) in from.iter().flatten() {
        let into = into.get_or_insert_with(BTreeMap::new);
        match into.get(key) {
            Some(have) if have == value || !replace(key, have, value) => {}
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

fn stage(object: &Object) -> u8 {
    match object {
        Object::Namespace(_) => 0,
        Object::ServiceAccount(_) => 1,
        Object::Secret(_) => 2,
        Object::Role(_) | Object::ClusterRole(_) => 3,
        Object::RoleBinding(_) | Object::ClusterRoleBinding(_) => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn entry(object: Object) -> Entry {
        Entry {
            object,
            reasons: Vec::new(),
        }
    }

    fn meta(name: &str, namespace: Option<&str>, pairs: &[(&str, &str)]) -> ObjectMeta {
        let map = (!pairs.is_empty()).then(|| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        });
        ObjectMeta {
            name: Some(name.into()),
            namespace: namespace.map(Into::into),
            labels: map.clone(),
            annotations: map,
            ..ObjectMeta::default()
        }
    }

    fn namespace(level: Option<&str>) -> Entry {
        let labels: Vec<(&str, &str)> = level
            .map(|level| MODE_LABELS.iter().map(|label| (*label, level)).collect())
            .unwrap_or_default();
        let mut metadata = meta("ml", None, &labels);
        metadata.annotations = None;
        entry(Object::Namespace(Namespace {
            metadata,
            ..Namespace::default()
        }))
    }

    fn account(annotations: &[(&str, &str)]) -> Entry {
        let mut metadata = meta("pods", Some("ml"), annotations);
        metadata.labels = None;
        entry(Object::ServiceAccount(ServiceAccount {
            metadata,
            ..ServiceAccount::default()
        }))
    }

    fn merged_pair(a: Entry, b: Entry) -> [ObjectMeta; 2] {
        let forward = merge([a.clone(), b.clone()]);
        let backward = merge([b, a]);
        assert_eq!(forward.len(), 1);
        assert_eq!(backward.len(), 1);
        [
            forward[0].object.metadata().clone(),
            backward[0].object.metadata().clone(),
        ]
    }

    #[test]
    fn a_shared_namespace_admits_every_owners_pods_whatever_the_order() {
        for metadata in merged_pair(namespace(Some("baseline")), namespace(Some("privileged"))) {
            for label in MODE_LABELS {
                assert_eq!(metadata.labels.as_ref().unwrap()[label], "privileged");
            }
        }
        for metadata in merged_pair(namespace(None), namespace(Some("baseline"))) {
            assert_eq!(
                metadata.labels.as_ref().unwrap()[MODE_LABELS[0]],
                "baseline"
            );
        }
    }

    #[test]
    fn a_shared_account_keeps_the_cloud_identity_whatever_the_order() {
        let role = [("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/r")];
        for metadata in merged_pair(account(&[]), account(&role)) {
            assert_eq!(
                metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"],
                "arn:aws:iam::1:role/r"
            );
            assert_eq!(metadata.labels, None);
        }
    }
}
