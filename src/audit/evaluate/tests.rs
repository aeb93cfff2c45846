//! Unit tests of `evaluate`.
use super::*;
use crate::audit::parse_rbac;

const AGGREGATED: &str = "
kind: ClusterRole
metadata: {name: top}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {part: 'yes'}}]
---
kind: ClusterRole
metadata: {name: a, labels: {part: 'yes'}}
rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
---
kind: ClusterRole
metadata: {name: b, labels: {part: 'yes'}}
rules: [{apiGroups: [''], resources: [services], verbs: [get]}]
---
kind: ClusterRoleBinding
metadata: {name: one}
roleRef: {kind: ClusterRole, name: top}
subjects: [{kind: User, name: alice}]
---
kind: ClusterRoleBinding
metadata: {name: two}
roleRef: {kind: ClusterRole, name: top}
subjects: [{kind: User, name: alice}]
";

fn get(resource: &'static str) -> Permission {
    Permission {
        scope: Scope::Namespace("ml".into()),
        group: "",
        resource,
        verb: "get",
        resource_name: None,
    }
}

#[test]
fn aggregation_is_resolved_once_and_within_its_budget() {
    let set = parse_rbac(AGGREGATED).unwrap();
    let alice = Subject::User("alice".into());
    let held = holdings(&set, &alice);
    assert_eq!(held.bindings.len(), 2);
    let collected: Vec<&String> = held
        .notes
        .iter()
        .filter(|note| note.contains("collected from a, b"))
        .collect();
    assert_eq!(collected.len(), 1, "{:?}", held.notes);
    // The first binding is reported, as when every binding had its own copy.
    assert_eq!(
        held.granting(&get("services")),
        Some("ClusterRoleBinding one -> ClusterRole top")
    );

    let starved = holdings_within(&set, &alice, 2);
    assert_eq!(starved.granting(&get("pods")), None);
    assert!(
        starved
            .notes
            .iter()
            .any(|note| note.contains("more than 2 steps")
                && note.contains("ClusterRole top")
                && note.contains("not evaluated")),
        "{:?}",
        starved.notes
    );
}
