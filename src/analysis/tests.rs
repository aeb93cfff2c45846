//! Unit tests of `analysis`.

use super::*;

fn ask(id: usize, body: Query) -> Message<Answer> {
    let reply = handle(&codec::encode(&Message { id, body })).expect("a valid message");
    codec::decode(&reply).expect("a valid answer")
}

#[test]
fn the_doctor_answers_through_the_wire() {
    let kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: k, cluster: {server: 'https://10.0.0.1'}}]\nusers: [{name: u, user: {exec: {command: /opt/gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n";
    let answer = ask(
        7,
        Query::Doctor(DoctorQuery {
            text: kubeconfig.into(),
            journey: crate::doctor::KubeconfigJourney::LocalCredentials,
            sky_config: String::new(),
            skypilot_version: Default::default(),
        }),
    );
    assert_eq!(answer.id, 7);
    let Answer::Doctor(view) = answer.body else {
        panic!("a doctor answer")
    };
    assert_eq!(view.contexts.len(), 1);
    assert_eq!(view.contexts[0].auth, "exec: gke-gcloud-auth-plugin (gke)");
    assert!(view.can_rewrite);
    assert!(view.findings.iter().any(|f| f.code == "exec-absolute-path"));
    // LOCAL_CREDENTIALS: the controllers run GKE's plugin once GCP is enabled.
    assert_eq!(
        view.contexts[0].recommended,
        Some(crate::setup::RemoteIdentity::LocalCredentials)
    );
    let Answer::Verify(Some(script)) = ask(9, Query::Verify("auth=custom".into())).body else {
        panic!("a custom account has a check script");
    };
    assert!(script.contains("kubectl auth can-i"), "{script}");
    assert_eq!(
        ask(10, Query::Verify(String::new())).body,
        Answer::Verify(None)
    );
    let Answer::Rewrite(Some(rewritten)) = ask(8, Query::Rewrite(kubeconfig.into())).body else {
        panic!("a rewrite")
    };
    assert!(rewritten.contains("command: gke-gcloud-auth-plugin"));
}

#[test]
fn the_journey_the_sky_config_and_the_recommendation_cross_the_wire() {
    let kubeconfig = "apiVersion: v1\ncurrent-context: c\nclusters: [{name: k, cluster: {server: 'https://10.0.0.1'}}]\nusers: [{name: u, user: {exec: {command: gke-gcloud-auth-plugin}}}, {name: t, user: {token: abc}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}, {name: ssh-pool, context: {cluster: k, user: t}}]\n";
    let query = |api_server, sky_config: &str| {
        Query::Doctor(DoctorQuery {
            text: kubeconfig.into(),
            journey: match api_server {
                true => crate::doctor::KubeconfigJourney::ApiServer,
                false => crate::doctor::KubeconfigJourney::Launcher(
                    crate::setup::RemoteIdentity::ServiceAccount,
                ),
            },
            sky_config: sky_config.into(),
            skypilot_version: Default::default(),
        })
    };
    let Answer::Doctor(view) = ask(1, query(false, "kubernetes:\n  portz: ingress\n")).body else {
        panic!("a doctor answer")
    };
    assert!(view.findings.iter().any(|f| f.code == "config-unknown-key"));
    assert_eq!(
        view.contexts[1].recommended, None,
        "an SSH Node Pool: nothing to set"
    );
    let recommendation = view.recommendation.expect("a recommendation");
    assert!(
        recommendation.config.contains("- c\n"),
        "{}",
        recommendation.config
    );
    let mut setup = crate::setup::Setup::default();
    for edit in recommendation.recommendation().edits() {
        setup.apply(edit);
    }
    assert_eq!(setup.contexts.names, ["c"]);
    let Answer::Doctor(view) = ask(2, query(true, "")).body else {
        panic!("a doctor answer")
    };
    assert!(view
        .findings
        .iter()
        .any(|f| f.severity == crate::doctor::Severity::Error
            && f.fix.contains("“Long-lived token secret”")
            && !f.fix.contains("skyauth rbac")));
    assert!(
        view.recommendation.is_none(),
        "no context an API server can use"
    );
    let Answer::Doctor(view) = ask(3, query(false, "kubernetes: [\n")).body else {
        panic!("a doctor answer")
    };
    assert!(view
        .error
        .unwrap()
        .starts_with("The SkyPilot config: line "));
}

#[test]
fn the_audit_answers_through_the_wire() {
    let query = AuditQuery {
        text: "kind: List\nitems: []\n".into(),
        subject: "user:alice".into(),
        features: vec![Feature::Core, Feature::GpuMetrics],
        launch_namespace: "ml".into(),
        metrics_namespace: "monitoring".into(),
        skypilot_version: Default::default(),
    };
    let Answer::Audit(view) = ask(1, Query::Audit(query.clone())).body else {
        panic!("an audit answer")
    };
    assert!(!view.all_granted);
    assert!(view.features[0]
        .missing
        .contains(&"create pods/exec in ml".to_owned()));
    let metrics = view
        .features
        .iter()
        .find(|f| f.feature == crate::catalogue::Feature::GpuMetrics)
        .unwrap();
    assert!(
        metrics
            .missing
            .contains(&"get services in monitoring".to_owned()),
        "the Prometheus namespace crosses the wire: {:?}",
        metrics.missing
    );
    assert!(view.patch.unwrap().contains("name: alice"));
    assert_eq!(
        view.unbound.as_deref(),
        Some("`user:alice` is not bound by any binding in this export. It binds no service account, user or group.")
    );
    assert!(view.offered_subjects.is_empty(), "the export binds no one");
    let bad = AuditQuery {
        subject: "nobody".into(),
        ..query
    };
    let Answer::Audit(view) = ask(2, Query::Audit(bad)).body else {
        panic!("an audit answer")
    };
    assert!(view.subject_error.unwrap().contains("NAMESPACE/NAME"));
    assert_eq!(view.error, None, "the subject is read before the text");
}

#[test]
fn the_exports_subjects_cross_the_wire_when_the_audited_one_is_not_bound() {
    let mut text = String::new();
    for i in 0..25 {
        text += &format!(
            "---\nkind: RoleBinding\nmetadata: {{name: rb{i}, namespace: sky-system}}\nroleRef: {{kind: ClusterRole, name: edit}}\nsubjects: [{{kind: ServiceAccount, name: sky-sa}}, {{kind: User, name: user-{i:02}}}]\n"
        );
    }
    let query = |subject: &str| {
        Query::Audit(AuditQuery {
            text: text.clone(),
            subject: subject.into(),
            features: vec![Feature::Core],
            launch_namespace: "ml".into(),
            metrics_namespace: String::new(),
            skypilot_version: Default::default(),
        })
    };
    let Answer::Audit(view) = ask(1, query("team/sky-sa")).body else {
        panic!("an audit answer")
    };
    assert_eq!(
        view.unbound.as_deref(),
        Some("`team/sky-sa` is not bound by any binding in this export. The first 20 of the 26 subjects it binds (type another in the field):")
    );
    assert_eq!(view.offered_subjects.len(), MAX_OFFERED_SUBJECTS);
    assert_eq!(
        view.offered_subjects[0],
        SubjectChoice {
            field_text: "sky-system/sky-sa".into(),
            label: "Audit sky-system/sky-sa (25 bindings)".into()
        }
    );
    assert_eq!(
        view.offered_subjects[1].label,
        "Audit user:user-00 (1 binding)"
    );
    let Answer::Audit(view) = ask(2, query("sky-system/sky-sa")).body else {
        panic!("an audit answer")
    };
    assert_eq!(view.unbound, None);
    assert!(view.offered_subjects.is_empty());
}

#[test]
fn garbage_is_refused_not_a_panic() {
    for message in ["", "x", "1;", "1;5;", "1;1;99:abc"] {
        assert_eq!(handle(message), Err(WireError), "{message:?}");
    }
}

#[test]
fn journeys_and_features_cross_the_wire_typed() {
    use crate::doctor::KubeconfigJourney;
    use crate::setup::RemoteIdentity;
    for journey in [
        KubeconfigJourney::ApiServer,
        KubeconfigJourney::LocalCredentials,
        KubeconfigJourney::Launcher(RemoteIdentity::NoToken),
        KubeconfigJourney::Launcher(RemoteIdentity::Custom("local-credentials".into())),
    ] {
        let query = Query::Doctor(DoctorQuery {
            text: "x".into(),
            journey: journey.clone(),
            sky_config: String::new(),
            skypilot_version: crate::release::SkyPilotVersion::NIGHTLY,
        });
        let message = codec::encode(&Message {
            id: 1,
            body: query.clone(),
        });
        let back: Message<Query> = codec::decode(&message).unwrap();
        assert_eq!(back.body, query, "{journey:?}");
    }
}

#[test]
fn an_explanation_crosses_the_wire() {
    let text = "pods is forbidden: User \"system:serviceaccount:ml:sky-sa\" cannot list resource \"pods\" in API group \"\" at the cluster scope\nserviceaccount \"x\" not found";
    let query = |text: &str| {
        Query::Explain(ExplainQuery {
            text: text.into(),
            metrics_namespace: String::new(),
            skypilot_version: Default::default(),
        })
    };
    let Answer::Explain(view) = ask(3, query(text)).body else {
        panic!("an explanation")
    };
    assert_eq!(view.exit_code, 1);
    assert_eq!(view.rows.len(), 2);
    let first = &view.rows[0];
    assert_eq!(first.verdict, crate::explain::Verdict::SkyPilotPermission);
    assert!(
        first.lines.contains(&"Where: cluster scope".to_owned()),
        "{first:?}"
    );
    assert!(first
        .lines
        .iter()
        .any(|line| line.starts_with("Needed by GPU listing (`gpu-list`)")));
    assert_eq!(first.docs[0].title, "SkyPilot docs: Kubernetes permissions");
    assert!(first.docs[0].url.starts_with("https://docs.skypilot.co/"));
    assert!(view
        .patch
        .as_deref()
        .unwrap_or_default()
        .contains("kind: ClusterRole"));
    assert!(view.rows[1].lines[0].starts_with("What to do: Create it"));
    assert_eq!(view.status, "Explained 2 refusals: 1 SkyPilot permission.");
    let Answer::Explain(nothing) = ask(4, query("hello")).body else {
        panic!("an explanation")
    };
    assert_eq!((nothing.exit_code, nothing.rows.len()), (2, 0));
    assert!(nothing
        .status
        .starts_with("No Kubernetes refusal recognised"));
}

/// A keyword section whose only RBAC is a context's own account gets a check script that
/// checks that account in its context (the page offers the script for it too:
/// `VerifyPlan::applies_to`); before 2026-12-06 the worker answered with none and the page
/// waited.
#[test]
fn a_contexts_own_account_has_a_check_script() {
    use crate::setup::{AllowedContexts, Setup, SetupEdit};
    let mut setup = Setup::default();
    for edit in [
        SetupEdit::AllowedContexts(AllowedContexts::List),
        SetupEdit::ContextNames(vec!["gke-prod".into(), "eks-prod".into()]),
        SetupEdit::PerContext(true),
        SetupEdit::ContextIdentity {
            context: "gke-prod".into(),
            value: "sky-sa".into(),
        },
        SetupEdit::ContextNamespace {
            context: "gke-prod".into(),
            value: "ml".into(),
        },
    ] {
        setup.apply(edit);
    }
    assert!(!setup.generates_rbac());
    assert!(crate::audit::verify_script::VerifyPlan::applies_to(&setup));
    let answer = ask(1, Query::Verify(crate::share::to_fragment(&setup)));
    let Answer::Verify(Some(script)) = answer.body else {
        panic!("a check script")
    };
    assert!(
        script.contains("AS_USER=system:serviceaccount:ml:sky-sa"),
        "{script}"
    );
}
