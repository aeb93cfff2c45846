//! The audit on a big, valid RBAC export (issue #17, item 3): before rules were shared by
//! reference and aggregation was computed once per ClusterRole, a 5 MB export like this one
//! took gigabytes (every binding cloned its role's rules) and minutes (aggregation recomputed
//! per binding, with a linear `visited` list).
//!
//! `SKYAUTH_WRITE_BIG_EXPORT=/tmp/big-rbac.yaml cargo test --features ssr --test integration audit_scale -- --ignored`
//! writes the export (6 MB), for measuring the release CLI with `/usr/bin/time -v` (docs/performance.md).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use skyauth::audit::{audit_set, parse_rbac, AuditRequest, Subject};
use skyauth::catalogue::Feature;

const LEAF_ROLES: usize = 2_000;
const RULES_PER_ROLE: usize = 10;
const AGGREGATED_ROLES: usize = 100;
const TOP_ROLES: usize = 10;
const BINDINGS: usize = 20_000;
const NAMESPACES: usize = 400;

/// About 6 MB of RBAC, as `kubectl get ... -o yaml` prints it: 2,000 ClusterRoles of 10 rules,
/// 100 aggregated ClusterRoles selecting 200 of them each, 10 aggregated ones selecting those
/// 100, and 20,000 bindings (RoleBindings in 400 namespaces and ClusterRoleBindings) naming
/// `ml/sky-sa` among others, to every kind of role. The leaf roles grant nothing SkyPilot
/// needs but pods in `ml`, so the evaluation cannot stop early.
fn big_export() -> String {
    let mut out = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..LEAF_ROLES {
        let _ = write!(
            out,
            "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    name: leaf-{i}\n    labels:\n      group: g{}\n  rules:\n",
            i % 10
        );
        for k in 0..RULES_PER_ROLE {
            let _ = write!(
                out,
                "  - apiGroups: [example-{k}.io]\n    resources: [things-{i}]\n    verbs: [get, list]\n"
            );
        }
    }
    for j in 0..AGGREGATED_ROLES {
        let _ = write!(
            out,
            "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    name: agg-{j}\n    labels:\n      level: middle\n  aggregationRule:\n    clusterRoleSelectors:\n    - matchLabels:\n        group: g{}\n  rules: []\n",
            j % 10
        );
    }
    for t in 0..TOP_ROLES {
        let _ = write!(
            out,
            "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    name: top-{t}\n  aggregationRule:\n    clusterRoleSelectors:\n    - matchLabels:\n        level: middle\n    - matchExpressions:\n      - key: group\n        operator: In\n        values: [g{t}]\n  rules: []\n"
        );
    }
    // Pods in `ml`, granted by one Role at the very end of the bindings.
    out.push_str("- apiVersion: rbac.authorization.k8s.io/v1\n  kind: Role\n  metadata:\n    name: pods\n    namespace: ml\n  rules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get, list]\n");
    for b in 0..BINDINGS {
        let role = match b % 4 {
            0 | 1 => format!("leaf-{}", b % LEAF_ROLES),
            2 => format!("agg-{}", b % AGGREGATED_ROLES),
            _ => format!("top-{}", b % TOP_ROLES),
        };
        let (kind, namespace) = if b % 5 == 0 {
            ("ClusterRoleBinding", String::new())
        } else {
            ("RoleBinding", format!(", namespace: ns-{}", b % NAMESPACES))
        };
        let _ = writeln!(
            out,
            "- {{kind: {kind}, metadata: {{name: b-{b}{namespace}}}, roleRef: {{kind: ClusterRole, name: {role}}}, \
             subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: ml}}, {{kind: User, name: u-{b}}}]}}"
        );
    }
    out.push_str("- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata:\n    name: pods\n    namespace: ml\n  roleRef:\n    apiGroup: rbac.authorization.k8s.io\n    kind: Role\n    name: pods\n  subjects:\n  - kind: ServiceAccount\n    name: sky-sa\n");
    out
}

fn request() -> AuditRequest {
    AuditRequest::new(
        Subject::ServiceAccount {
            namespace: "ml".into(),
            name: "sky-sa".into(),
        },
        Feature::ALL.to_vec(),
    )
}

#[test]
fn a_big_export_audits_quickly() {
    let text = big_export();
    assert!(
        (4_000_000..=skyauth::audit::MAX_INPUT_BYTES).contains(&text.len()),
        "the export is {} bytes",
        text.len()
    );
    let started = Instant::now();
    let set = parse_rbac(&text).expect("the export reads");
    let parsed = started.elapsed();
    assert_eq!(
        set.object_count(),
        LEAF_ROLES + AGGREGATED_ROLES + TOP_ROLES + BINDINGS + 2
    );

    let started = Instant::now();
    let audit = audit_set(&set, &request());
    let evaluated = started.elapsed();
    eprintln!("parsed in {parsed:?}, evaluated in {evaluated:?}");

    // Debug build, on a loaded 2-core machine: the evaluation took minutes before the fix and
    // takes under a second (debug) after it.
    assert!(
        evaluated < Duration::from_secs(20),
        "the evaluation took {evaluated:?}"
    );
    assert_eq!(audit.bindings.len(), BINDINGS + 1);
    // Every aggregated role was evaluated from what it selects.
    assert!(
        audit
            .notes
            .iter()
            .all(|note| !note.contains("not evaluated")),
        "{:?}",
        audit.notes
    );
    assert!(
        audit.notes.iter().any(|note| note
            .starts_with("ClusterRole top-3 is aggregated; its rules were collected from agg-0, ")),
        "{:?}",
        &audit.notes[..3.min(audit.notes.len())]
    );
    // Pods are read through the last binding; nothing else SkyPilot needs is granted.
    let core = &audit.features[0];
    assert_eq!(core.feature, Feature::Core);
    assert!(core
        .granted
        .iter()
        .any(
            |(permission, via)| permission.to_string() == "get pods in ml"
                && via == "RoleBinding pods in ml -> Role pods"
        ));
    assert!(!audit.all_selected_granted());
}

/// Writes the export for measuring the CLI (see the module's comment).
#[test]
#[ignore = "writes a file for measurements"]
fn write_big_export() {
    if let Ok(path) = std::env::var("SKYAUTH_WRITE_BIG_EXPORT") {
        std::fs::write(path, big_export()).expect("the export is written");
    }
}
