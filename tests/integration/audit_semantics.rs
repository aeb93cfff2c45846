//! Hand-written RBAC cases, one per evaluation rule, including those where a naive evaluator is
//! wrong: a ClusterRole bound by a RoleBinding, subject namespace defaulting, resourceNames,
//! subresources without their parent, group subjects and aggregated ClusterRoles.

use skyauth::audit::{audit, Audit, AuditError, AuditRequest, ExcessKind, Status, Subject};

use skyauth::catalogue::Feature;
use Feature::*;

fn run_for(subject: &str, yaml: &str) -> Audit {
    let request = AuditRequest::new(subject.parse().unwrap(), Feature::ALL.to_vec());
    audit(yaml, &request).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

fn run(yaml: &str) -> Audit {
    run_for("team/sky-sa", yaml)
}

fn status(audit: &Audit, feature: Feature) -> Status {
    audit
        .features
        .iter()
        .find(|r| r.feature == feature)
        .unwrap()
        .status
}

fn missing(audit: &Audit, feature: Feature) -> Vec<String> {
    let report = audit
        .features
        .iter()
        .find(|r| r.feature == feature)
        .unwrap();
    report.missing.iter().map(ToString::to_string).collect()
}

/// True when the audit found `permission` (`get namespaces kube-system cluster-wide`) granted.
fn holds(audit: &Audit, permission: &str) -> bool {
    audit
        .features
        .iter()
        .flat_map(|report| &report.granted)
        .any(|(p, _)| p.to_string() == permission)
}

const KUBE_SYSTEM: &str = "get namespaces kube-system cluster-wide";
const ALL_PODS: &str = "list pods cluster-wide";

const POD_RUNNER: &str = "
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: pod-runner}
rules:
- apiGroups: ['']
  resources: [pods, pods/status, pods/exec, pods/portforward, services, secrets]
  verbs: ['*']
- apiGroups: ['']
  resources: [events]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list]
- apiGroups: ['']
  resources: [nodes]
  verbs: [get, list, watch]
- apiGroups: [node.k8s.io]
  resources: [runtimeclasses]
  verbs: [get, list, watch]
";

#[test]
fn a_cluster_role_bound_by_a_role_binding_grants_only_in_that_namespace() {
    let yaml = format!(
        "{POD_RUNNER}---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: rb, namespace: team}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-runner}}
subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: team}}]
"
    );
    let result = run(&yaml);
    assert_eq!(status(&result, Core), Status::Partial);
    // Nodes are cluster-scoped: a RoleBinding cannot grant them, whatever its role says.
    assert_eq!(
        missing(&result, Core),
        [
            "get nodes cluster-wide",
            "list nodes cluster-wide",
            "watch nodes cluster-wide",
            "get node.k8s.io/runtimeclasses cluster-wide",
            "list node.k8s.io/runtimeclasses cluster-wide",
            "watch node.k8s.io/runtimeclasses cluster-wide",
        ]
    );
    assert_eq!(
        status(&result, GpuList),
        Status::Missing,
        "pods in every namespace need a ClusterRoleBinding"
    );
    // The same binding in another namespace grants nothing where SkyPilot launches.
    let elsewhere = run_for(
        "team/sky-sa",
        &yaml.replace("namespace: team}", "namespace: other}"),
    );
    assert_eq!(status(&elsewhere, Core), Status::Missing);
    assert!(
        elsewhere.bindings.is_empty(),
        "the subject's namespace is explicit: team, not other"
    );
    // Bound cluster-wide, everything it lists is granted.
    let cluster = run(&format!(
        "{POD_RUNNER}---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: crb}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-runner}}
subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: team}}]
"
    ));
    assert_eq!(status(&cluster, Core), Status::Granted);
    assert!(holds(&cluster, ALL_PODS));
    assert!(
        cluster
            .warnings
            .iter()
            .any(|w| w.kind == ExcessKind::ClusterSecrets),
        "{:?}",
        cluster.warnings
    );
}

fn role_binding(namespace: &str, subject: &str) -> String {
    format!(
        "---
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: all, namespace: {namespace}}}
rules: [{{apiGroups: ['*'], resources: ['*'], verbs: ['*']}}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: rb, namespace: {namespace}}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: all}}
subjects: [{subject}]
"
    )
}

#[test]
fn a_service_account_subject_without_namespace_means_the_binding_namespace() {
    let in_team = run(&role_binding(
        "team",
        "{kind: ServiceAccount, name: sky-sa}",
    ));
    assert_eq!(in_team.bindings, ["RoleBinding rb in team"]);
    assert!(missing(&in_team, Core)
        .iter()
        .all(|m| m.ends_with("cluster-wide")));
    // In another namespace the same subject is that namespace's sky-sa, not team's.
    let in_other = run(&role_binding(
        "other",
        "{kind: ServiceAccount, name: sky-sa}",
    ));
    assert!(in_other.bindings.is_empty());
    // A ClusterRoleBinding has no namespace to default to: the subject matches nobody.
    let crb = run("kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: sky-sa}]
");
    assert!(crb.bindings.is_empty());
    assert_eq!(status(&crb, Core), Status::Missing);
}

#[test]
fn group_and_user_subjects_follow_the_service_account_identity() {
    for (subject, applies) in [
        ("{kind: Group, name: system:serviceaccounts}", true),
        ("{kind: Group, name: 'system:serviceaccounts:team'}", true),
        ("{kind: Group, name: 'system:serviceaccounts:other'}", false),
        ("{kind: Group, name: system:authenticated}", true),
        (
            "{kind: User, name: 'system:serviceaccount:team:sky-sa'}",
            true,
        ),
        ("{kind: User, name: sky-sa}", false),
    ] {
        let result = run(&role_binding("team", subject));
        assert_eq!(!result.bindings.is_empty(), applies, "{subject}");
    }
    let for_user = run_for(
        "user:alice",
        &role_binding("team", "{kind: Group, name: system:authenticated}"),
    );
    assert_eq!(for_user.bindings.len(), 1);
    let for_user = run_for(
        "user:alice",
        &role_binding("team", "{kind: Group, name: system:serviceaccounts}"),
    );
    assert!(for_user.bindings.is_empty());
    let for_group = run_for("group:ml", &role_binding("team", "{kind: Group, name: ml}"));
    assert_eq!(for_group.bindings.len(), 1);
}

#[test]
fn resource_names_only_cover_the_named_objects() {
    let yaml = |names: &str| {
        format!(
            "kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: ns-reader}}
rules: [{{apiGroups: [''], resources: [namespaces, pods], verbs: [get, list], resourceNames: {names}}}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: ns-reader}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-reader}}
subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: team}}]
"
        )
    };
    let kube_system = run(&yaml("[kube-system]"));
    assert!(holds(&kube_system, KUBE_SYSTEM));
    // A rule limited to names never covers listing every pod.
    assert!(!holds(&kube_system, ALL_PODS));
    assert!(!holds(&run(&yaml("[default]")), KUBE_SYSTEM));
    let unrestricted = run(&yaml("[]"));
    assert!(holds(&unrestricted, KUBE_SYSTEM));
    assert!(holds(&unrestricted, ALL_PODS));
}

#[test]
fn subresources_and_their_parents_are_separate_permissions() {
    let rule = |resources: &str| {
        role_binding("team", "{kind: ServiceAccount, name: sky-sa}")
            .replace("resources: ['*']", &format!("resources: {resources}"))
            .replace("apiGroups: ['*']", "apiGroups: ['']")
    };
    let only_subresources = run(&rule(
        "[pods/exec, pods/portforward, pods/status, services, secrets, events]",
    ));
    let gaps = missing(&only_subresources, Core);
    assert!(gaps.contains(&"create pods in team".to_owned()), "{gaps:?}");
    assert!(!gaps.iter().any(|g| g.contains("pods/")), "{gaps:?}");
    let only_parent = run(&rule("[pods, services, secrets, events]"));
    let gaps = missing(&only_parent, Core);
    assert!(
        gaps.contains(&"create pods/exec in team".to_owned()),
        "{gaps:?}"
    );
    assert!(
        gaps.contains(&"patch pods/status in team".to_owned()),
        "{gaps:?}"
    );
    assert!(!gaps.contains(&"create pods in team".to_owned()));
    // `*/exec` covers every resource's exec subresource.
    let any_exec = run(&rule(
        "[pods, '*/exec', '*/portforward', '*/status', services, secrets, events]",
    ));
    // (The rule is in the core group: teardown's deployments list is the one other gap.)
    assert!(missing(&any_exec, Core)
        .iter()
        .all(|m| m.ends_with("cluster-wide") || m == "list apps/deployments in team"));
}

const AGGREGATED: &str = "
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: sky-aggregate}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {skypilot/aggregate: 'true'}
rules: RULES
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: sky-aggregate}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sky-aggregate}
subjects: [{kind: ServiceAccount, name: sky-sa, namespace: team}]
";

#[test]
fn aggregated_cluster_roles_are_evaluated_only_with_their_rules() {
    let empty = run(&AGGREGATED.replace("RULES", "[]"));
    assert!(!holds(&empty, KUBE_SYSTEM));
    assert!(
        empty
            .notes
            .iter()
            .any(|n| n.contains("sky-aggregate is aggregated") && n.contains("not evaluated")),
        "{:?}",
        empty.notes
    );

    let filled = run(&AGGREGATED.replace(
        "RULES",
        "[{apiGroups: [''], resources: [namespaces], verbs: [get]}]",
    ));
    assert!(holds(&filled, KUBE_SYSTEM));
    assert!(filled.notes.is_empty(), "{:?}", filled.notes);

    let with_source = run(&format!(
        "{}---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: metrics-part
  labels: {{skypilot/aggregate: 'true'}}
rules: [{{apiGroups: [''], resources: [namespaces], verbs: [get], resourceNames: [kube-system]}}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: unrelated
  labels: {{skypilot/aggregate: 'false'}}
rules: [{{apiGroups: ['*'], resources: ['*'], verbs: ['*']}}]
",
        AGGREGATED.replace("RULES", "null")
    ));
    assert!(holds(&with_source, KUBE_SYSTEM));
    assert_eq!(
        status(&with_source, Core),
        Status::Missing,
        "the unrelated role is not selected"
    );
    assert!(with_source
        .notes
        .iter()
        .any(|n| n.contains("collected from metrics-part")));
}

/// The shape of Kubernetes' bootstrap policy: `admin` and `edit` are aggregated with no rules
/// of their own, `edit` is selected by `admin`, and the parts carry the rules.
#[test]
fn aggregation_follows_aggregated_roles_like_admin_selecting_edit() {
    let yaml = "
apiVersion: v1
kind: List
items:
- kind: ClusterRole
  metadata: {name: admin}
  aggregationRule: {clusterRoleSelectors: [{matchLabels: {rbac.authorization.k8s.io/aggregate-to-admin: 'true'}}]}
  rules: null
- kind: ClusterRole
  metadata:
    name: edit
    labels: {rbac.authorization.k8s.io/aggregate-to-admin: 'true'}
  aggregationRule: {clusterRoleSelectors: [{matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: 'true'}}]}
  rules: null
- kind: ClusterRole
  metadata:
    name: system:aggregate-to-edit
    labels: {rbac.authorization.k8s.io/aggregate-to-edit: 'true'}
  rules:
  - {apiGroups: [''], resources: [pods, pods/exec, pods/portforward, pods/status, services, secrets], verbs: ['*']}
  - {apiGroups: [''], resources: [events], verbs: [get, list, watch]}
  - {apiGroups: [apps], resources: [deployments], verbs: ['*']}
- kind: ClusterRole
  metadata:
    name: system:aggregate-to-admin
    labels: {rbac.authorization.k8s.io/aggregate-to-admin: 'true', rbac.authorization.k8s.io/aggregate-to-edit: 'true'}
  rules:
  - {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [get, list, watch]}
- kind: RoleBinding
  metadata: {name: team-admin, namespace: team}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
  subjects: [{kind: ServiceAccount, name: sky-sa}]
";
    let result = run(yaml);
    // Everything in the namespace is granted through admin -> edit -> its parts; nodes are not
    // (a RoleBinding), so core launch is partial with only cluster-wide gaps.
    let gaps = missing(&result, Core);
    assert!(
        !gaps.is_empty() && gaps.iter().all(|g| g.ends_with("cluster-wide")),
        "{gaps:?}"
    );
    let note = result
        .notes
        .iter()
        .find(|n| n.starts_with("ClusterRole admin is aggregated"))
        .expect("a note");
    assert!(
        note.contains("edit")
            && note.contains("system:aggregate-to-edit")
            && note.contains("system:aggregate-to-admin"),
        "{note}"
    );
    // Two empty aggregated roles selecting each other: the walk ends, nothing is evaluated.
    let cycle = run("
kind: List
items:
- kind: ClusterRole
  metadata: {name: a, labels: {x: 'a'}}
  aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: 'b'}}]}
- kind: ClusterRole
  metadata: {name: b, labels: {x: 'b'}}
  aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: 'a'}}]}
- kind: ClusterRoleBinding
  metadata: {name: a}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: a}
  subjects: [{kind: ServiceAccount, name: sky-sa, namespace: team}]
");
    assert_eq!(status(&cycle, Core), Status::Missing);
}

#[test]
fn excess_grants_are_warned_about_but_namespace_wildcards_are_not() {
    let namespace_star = run(&role_binding(
        "team",
        "{kind: ServiceAccount, name: sky-sa}",
    ));
    assert!(
        namespace_star.warnings.is_empty(),
        "{:?}",
        namespace_star.warnings
    );

    let admin = run("kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: sky-sa, namespace: team}]
");
    assert!(admin.all_selected_granted());
    assert_eq!(admin.warnings.len(), 1);
    assert_eq!(admin.warnings[0].kind, ExcessKind::ClusterAdmin);
    assert!(
        admin.warnings[0]
            .message()
            .starts_with("Cluster-wide every verb"),
        "{}",
        admin.warnings[0].message()
    );
    assert!(admin.notes.iter().any(|n| n.contains("built-in")));

    let dangerous = run(
        &role_binding("team", "{kind: ServiceAccount, name: sky-sa}").replace(
            "rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]",
            "rules:
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate, bind]}
- {apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}",
        ),
    );
    let kinds: Vec<ExcessKind> = dangerous.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            ExcessKind::Escalate,
            ExcessKind::Bind,
            ExcessKind::Impersonate
        ]
    );
    assert!(dangerous.warnings[0]
        .message()
        .contains("via RoleBinding rb in team -> Role all"));
}

#[test]
fn lists_json_and_mixed_streams_read_alike() {
    let list = "apiVersion: v1
kind: List
items:
- kind: Role
  apiVersion: rbac.authorization.k8s.io/v1
  metadata: {name: all, namespace: team}
  rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]
- kind: RoleBinding
  apiVersion: rbac.authorization.k8s.io/v1
  metadata: {name: rb, namespace: team}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: all}
  subjects: [{kind: ServiceAccount, name: sky-sa}]
- kind: ServiceAccount
  apiVersion: v1
  metadata: {name: sky-sa, namespace: team}
";
    let from_list = run(list);
    let from_stream = run(&role_binding(
        "team",
        "{kind: ServiceAccount, name: sky-sa}",
    ));
    assert_eq!(from_list.features, from_stream.features);
    assert_eq!(from_list.skipped, [("ServiceAccount".to_owned(), 1)]);

    let json = r#"{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBindingList", "items": [
      {"metadata": {"name": "rb", "namespace": "team"},
       "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "all"},
       "subjects": [{"kind": "ServiceAccount", "name": "sky-sa"}]}]}
---
{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleList", "items": [
      {"metadata": {"name": "all", "namespace": "team"},
       "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}]}"#;
    assert_eq!(
        run(json).features,
        from_stream.features,
        "typed JSON lists leave the item kind off"
    );
}

#[test]
fn missing_roles_are_noted_not_guessed() {
    let result = run("kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: rb, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: sky-sa}]
");
    assert_eq!(status(&result, Core), Status::Missing);
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("ClusterRole edit, which is not in the input")),
        "{:?}",
        result.notes
    );
}

fn error(yaml: &str) -> String {
    let request = AuditRequest::new(Subject::User("alice".into()), vec![Core]);
    match audit(yaml, &request) {
        Err(error) => error.to_string(),
        Ok(audit) => panic!("read {yaml}: {audit:?}"),
    }
}

#[test]
fn bad_input_names_the_document_and_the_field() {
    assert_eq!(
        audit(
            "  \n# nothing\n",
            &AuditRequest::new(Subject::User("a".into()), vec![])
        )
        .unwrap_err(),
        AuditError::Empty
    );
    let type_error = error("kind: ServiceAccount\nmetadata: {name: a}\n---\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n- verbs: get\n");
    assert_eq!(
        type_error,
        "document 2 (Role r): rules[0].verbs: expected a list, found a string"
    );
    let in_list_type =
        error("kind: List\nitems:\n- kind: ClusterRole\n  metadata: {name: c, labels: {a: [1]}}\n");
    assert_eq!(in_list_type, "document 1 (items[0]: ClusterRole c): metadata.labels: expected a mapping of strings to strings");
    assert!(error("- a\n- b\n").starts_with("document 1: expected a mapping, found a list"));
    let in_list = error("kind: List\nitems:\n- kind: Role\n  metadata: {name: r}\n  rules: [{apiGroups: [''], resources: [pods]}]\n");
    assert_eq!(in_list, "document 1 (items[0]: Role r): rules[0].verbs is missing or empty: every rule names its verbs");
    let no_ref = error("kind: RoleBinding\nmetadata: {name: rb, namespace: n}\nsubjects: []\n");
    assert_eq!(no_ref, "document 1 (RoleBinding rb): roleRef is missing");
    let cluster_to_role =
        error("kind: ClusterRoleBinding\nmetadata: {name: crb}\nroleRef: {kind: Role, name: r}\n");
    assert!(
        cluster_to_role.contains("a ClusterRoleBinding can only refer to a ClusterRole"),
        "{cluster_to_role}"
    );
    let bad_subject = error("kind: RoleBinding\nmetadata: {name: rb, namespace: n}\nroleRef: {kind: Role, name: r}\nsubjects: [{kind: Robot, name: x}]\n");
    assert!(
        bad_subject.contains("subjects[0].kind is `Robot`"),
        "{bad_subject}"
    );
    assert!(error("metadata: {name: x}\n").contains("kind is missing"));
    let syntax = error("kind: Role\nmetadata: {name: r\n");
    assert!(syntax.starts_with("document 1: line"), "{syntax}");
}

#[test]
fn a_role_without_namespace_is_read_as_default_with_a_note() {
    let result = run_for(
        "default/sky-sa",
        &role_binding("team", "{kind: ServiceAccount, name: sky-sa}")
            .replace(", namespace: team}", "}"),
    );
    assert!(result
        .notes
        .iter()
        .any(|n| n.contains("Role all has no metadata.namespace")));
    assert_eq!(result.bindings, ["RoleBinding rb in default"]);
}

/// An export of one ClusterRole with `rule`, bound cluster-wide to `team/sky-sa`.
fn cluster_role_bound_to_sky_sa(rule: &str) -> String {
    format!(
        "kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: r}}
rules: [{rule}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: crb}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}}
subjects: [{{kind: ServiceAccount, name: sky-sa, namespace: team}}]
"
    )
}

/// The takeover paths #22 item 16 found unwarned: through a RoleBinding in kube-system (pods
/// and workload controllers, Secret reads, ConfigMap writes, `pods/exec`), and cluster-wide
/// (workload controllers, entering other pods, PersistentVolume create, node writes). Each
/// is named, alone, with what it allows; the same rules in the team's own namespace are what
/// SkyPilot's profiles grant there and stay quiet.
#[test]
fn takeover_paths_through_kube_system_and_cluster_wide_are_warned_about() {
    let in_namespace = |namespace: &str, rule: &str| {
        role_binding(
            namespace,
            "{kind: ServiceAccount, name: sky-sa, namespace: team}",
        )
        .replace(
            "rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]",
            &format!("rules: [{rule}]"),
        )
    };
    let cluster_wide = cluster_role_bound_to_sky_sa;
    let kube_system = [
        (
            "{apiGroups: [''], resources: [pods], verbs: [create]}",
            ExcessKind::KubeSystemWorkloads,
            "any service account of kube-system",
        ),
        (
            "{apiGroups: [apps], resources: [deployments], verbs: [create]}",
            ExcessKind::KubeSystemWorkloads,
            "takes over the cluster",
        ),
        (
            "{apiGroups: [batch], resources: ['*'], verbs: [create]}",
            ExcessKind::KubeSystemWorkloads,
            "Jobs",
        ),
        (
            "{apiGroups: [''], resources: [secrets], verbs: [list]}",
            ExcessKind::KubeSystemSecrets,
            "bootstrap tokens",
        ),
        (
            "{apiGroups: [''], resources: [configmaps], verbs: [patch]}",
            ExcessKind::KubeSystemConfigMapWrite,
            "aws-auth",
        ),
        (
            "{apiGroups: [''], resources: [pods/exec], verbs: [create]}",
            ExcessKind::PodExec,
            "each pod's service account",
        ),
    ];
    for (rule, kind, says) in kube_system {
        let result = run(&in_namespace("kube-system", rule));
        let kinds: Vec<ExcessKind> = result.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [kind], "kube-system: {rule}");
        let message = result.warnings[0].message();
        assert!(message.starts_with("In kube-system "), "{message}");
        assert!(message.contains(says), "{message}");
        assert!(
            message.contains("via RoleBinding rb in kube-system"),
            "{message}"
        );
        // In the team's own namespace: what SkyPilot's profiles grant, no warning.
        let own = run(&in_namespace("team", rule));
        assert!(own.warnings.is_empty(), "team: {rule}: {:?}", own.warnings);
    }
    let cluster = [
        (
            "{apiGroups: [apps], resources: [daemonsets], verbs: [create]}",
            ExcessKind::ClusterWorkloadCreate,
            "in every namespace",
        ),
        (
            "{apiGroups: [''], resources: [replicationcontrollers], verbs: ['*']}",
            ExcessKind::ClusterWorkloadCreate,
            "kube-system",
        ),
        (
            "{apiGroups: [''], resources: [pods/exec], verbs: [get]}",
            ExcessKind::PodExec,
            "reads the Secrets mounted",
        ),
        (
            "{apiGroups: [''], resources: [pods/attach], verbs: [create]}",
            ExcessKind::PodExec,
            "attaches",
        ),
        (
            "{apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch]}",
            ExcessKind::PodExec,
            "ephemeral containers",
        ),
        (
            "{apiGroups: [''], resources: [persistentvolumes], verbs: [create]}",
            ExcessKind::PersistentVolumeCreate,
            "hostPath",
        ),
        (
            "{apiGroups: [''], resources: [nodes], verbs: [patch]}",
            ExcessKind::NodeWrite,
            "taints",
        ),
        (
            "{apiGroups: [''], resources: [nodes/status], verbs: [update]}",
            ExcessKind::NodeWrite,
            "only reads nodes",
        ),
    ];
    for (rule, kind, says) in cluster {
        let result = run(&cluster_wide(rule));
        let kinds: Vec<ExcessKind> = result.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [kind], "cluster-wide: {rule}");
        let message = result.warnings[0].message();
        assert!(message.starts_with("Cluster-wide "), "{message}");
        assert!(message.contains(says), "{message}");
    }
    // What SkyPilot itself needs cluster-wide stays quiet: reading nodes and listing volumes.
    let reads = run(&cluster_wide(
        "{apiGroups: [''], resources: [nodes, persistentvolumes], verbs: [get, list, watch]}",
    ));
    assert!(reads.warnings.is_empty(), "{:?}", reads.warnings);
}

/// Each grant known to lead to cluster takeover is named, alone, with what it allows.
#[test]
fn takeover_grants_are_each_warned_about() {
    let cluster_rule = cluster_role_bound_to_sky_sa;
    for (rule, kind, says) in [
        ("{apiGroups: [''], resources: [pods], verbs: [create]}", ExcessKind::ClusterPodCreate, "kube-system"),
        ("{apiGroups: [''], resources: [serviceaccounts/token], verbs: [create]}", ExcessKind::TokenCreate, "act as"),
        ("{apiGroups: [''], resources: [nodes/proxy], verbs: [get]}", ExcessKind::NodeProxy, "kubelet"),
        (
            "{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}",
            ExcessKind::CertificateApproval,
            "system:masters",
        ),
        (
            "{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch]}",
            ExcessKind::WebhookWrite,
            "every object",
        ),
    ] {
        let result = run(&cluster_rule(rule));
        let kinds: Vec<ExcessKind> = result.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [kind], "{rule}");
        assert!(result.warnings[0].message().contains(says), "{}", result.warnings[0].message());
    }
    // Everything in kube-system is cluster-admin in all but name; in the team's own
    // namespace it is SkyPilot's namespace-admin profile and not flagged.
    let kube_system = run(&role_binding(
        "kube-system",
        "{kind: ServiceAccount, name: sky-sa, namespace: team}",
    ));
    let kinds: Vec<ExcessKind> = kube_system.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [ExcessKind::KubeSystemAdmin]);
    let own = run(&role_binding(
        "team",
        "{kind: ServiceAccount, name: sky-sa}",
    ));
    assert!(own.warnings.is_empty(), "{:?}", own.warnings);
    // Cluster-wide `*` says what it means in practice.
    let admin = run(&cluster_rule(
        "{apiGroups: ['*'], resources: ['*'], verbs: ['*']}",
    ));
    assert!(admin.warnings[0]
        .message()
        .contains("every Secret in the cluster"));
}

/// #22 item 12 for the audit: a rule list repeated by aliases until the export, expanded, is
/// over 8 MiB is refused before parsing, naming the alias, its place and the limit.
#[test]
fn an_export_repeated_by_aliases_past_8_mib_is_refused_with_the_place() {
    // 2,000 long names: few nodes (78,000 expanded, within the node bound), many bytes.
    let resources: Vec<String> = (0..2_000)
        .map(|i| format!("r{i}-{}", "x".repeat(140)))
        .collect();
    // One List (anchors do not cross documents): the first role's rules, then 39 aliases.
    let mut text = format!(
        "apiVersion: v1\nkind: List\nitems:\n- kind: ClusterRole\n  apiVersion: rbac.authorization.k8s.io/v1\n  metadata: {{name: r0}}\n  rules: &rules [{{apiGroups: [''], verbs: [get], resources: [{}]}}]\n",
        resources.join(", ")
    );
    for i in 1..40 {
        text.push_str(&format!(
            "- kind: ClusterRole\n  apiVersion: rbac.authorization.k8s.io/v1\n  metadata: {{name: r{i}}}\n  rules: *rules\n"
        ));
    }
    assert!(text.len() < 512 * 1024, "{}", text.len());
    let error = skyauth::audit::parse_rbac(&text).unwrap_err().to_string();
    assert!(error.contains("the alias `*rules`"), "{error}");
    assert!(error.contains("larger than 8 MiB"), "{error}");
    assert!(error.contains("line "), "{error}");
}

/// #22 item 14 for the audit: a binding that takes its roleRef and subjects through a merge
/// key (`<<: *binding`) grants as kubectl would apply it.
#[test]
fn merge_keys_in_an_export_are_read_as_kubectl_reads_them() {
    let export = "apiVersion: v1
kind: List
items:
- kind: Role
  apiVersion: rbac.authorization.k8s.io/v1
  metadata: {name: all, namespace: team}
  rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]
- &binding
  kind: RoleBinding
  apiVersion: rbac.authorization.k8s.io/v1
  metadata: {name: other, namespace: team}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: all}
  subjects: [{kind: ServiceAccount, name: someone-else}]
- <<: *binding
  metadata: {name: rb, namespace: team}
  subjects: [{kind: ServiceAccount, name: sky-sa}]
";
    let result = run(export);
    // Granted in the namespace (the cluster-wide reads of core are not in this export).
    assert_eq!(status(&result, Feature::Core), Status::Partial);
    // Read with `<<` as a plain key (as before), the binding had no roleRef and the export
    // was refused.
    assert!(
        result
            .bindings
            .iter()
            .any(|b| b == "RoleBinding rb in team"),
        "{:?}",
        result.bindings
    );
    let refused = skyauth::audit::parse_rbac("kind: Role\n<<: [x]\n")
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("a merge key (`<<`) takes a mapping"),
        "{refused}"
    );
}
