//! Unit tests of `audit::team`, on the generated two-team config and RBAC files.

use super::*;
use crate::audit::audit;

const CONFIG: &str = include_str!("../../../tests/golden/teams-cli.config.yaml");
const RESEARCH_RBAC: &str = include_str!("../../../tests/golden/teams-cli.team-research-rbac.yaml");
const PROD_RBAC: &str = include_str!("../../../tests/golden/teams-cli.team-prod-rbac.yaml");

fn settings(text: &str) -> Mapping {
    crate::doctor::read_settings(text).expect("a config")
}

fn choice(workspace: &str) -> TeamChoice {
    TeamChoice {
        purpose: Purpose::Audit,
        workspace: workspace.into(),
        launcher: None,
        namespace: None,
        features: Vec::new(),
        metrics_namespace: "skypilot".into(),
        skypilot_version: SkyPilotVersion::LATEST,
    }
}

fn alice() -> Option<Identity> {
    Some(Identity::Subject(Subject::User("alice@example.com".into())))
}

fn resolve(text: &str, choice: &TeamChoice) -> Result<TeamRequest, TeamError> {
    TeamRequest::resolve(&settings(text), choice)
}

#[test]
fn a_custom_team_is_audited_as_its_own_account_in_its_namespace() {
    let team = resolve(CONFIG, &choice("research")).expect("research");
    let request = team.audit_request();
    assert_eq!(request.subject.to_field_text(), "ml-research/research-sa");
    assert_eq!(request.namespaces.launch, "ml-research");
    assert_eq!(request.selected, [Feature::Core]);
    assert_eq!(team.target.contexts, ["gke-prod"]);
    assert_eq!(
        team.heading(),
        "Team `research` (workspaces.research), context gke-prod: its pods run as its own \
         service account research-sa in ml-research."
    );
    let result = audit(RESEARCH_RBAC, &request).expect("readable");
    assert!(result.all_selected_granted());
    assert_eq!(team.missing_rbac(&result, "teams.yaml"), None);
    // A launcher named anyway changes nothing: the pods run as the team's account.
    let with_alice = resolve(
        CONFIG,
        &TeamChoice {
            launcher: alice(),
            ..choice("research")
        },
    )
    .expect("research");
    assert_eq!(with_alice.audit_request(), request);
}

#[test]
fn a_custom_account_without_any_binding_is_said_to_have_no_rbac() {
    let team = resolve(CONFIG, &choice("research")).expect("research");
    let result = audit(PROD_RBAC, &team.audit_request()).expect("readable");
    assert!(!result.all_selected_granted());
    assert_eq!(
        team.missing_rbac(&result, "my config.yaml").as_deref(),
        Some(
            "no RBAC was made for research-sa in ml-research: generate it with `skyauth rbac \
             --workspace-config 'my config.yaml'` (with --out-dir DIR it also writes \
             team-research-rbac.yaml, and teams-shared-rbac.yaml when teams share objects: \
             audit the two together), and apply it in gke-prod."
        )
    );
}

#[test]
fn a_keyword_team_is_audited_as_the_launcher_with_managed_account() {
    let error = resolve(CONFIG, &choice("prod")).unwrap_err();
    assert!(
        matches!(error, TeamError::NeedsLauncher { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("team `prod` uses remote_identity SERVICE_ACCOUNT")
            && message.contains("--user NAME, --group NAME or --service-account NS/NAME")
            && !message.contains("--as-me"),
        "{message}"
    );
    // verify can also run as the kubeconfig's own identity, and says so.
    let verify = TeamChoice {
        purpose: Purpose::Verify,
        ..choice("prod")
    };
    assert!(resolve(CONFIG, &verify)
        .unwrap_err()
        .to_string()
        .contains("--as-me"));
    // The audit reads an export, where the kubeconfig's identity has no name.
    let me = TeamChoice {
        launcher: Some(Identity::Me),
        ..choice("prod")
    };
    assert!(matches!(
        resolve(CONFIG, &me),
        Err(TeamError::NeedsLauncher {
            purpose: Purpose::Audit,
            ..
        })
    ));

    let team = resolve(
        CONFIG,
        &TeamChoice {
            launcher: alice(),
            features: vec![Feature::GpuList],
            ..choice("prod")
        },
    )
    .expect("prod");
    let request = team.audit_request();
    assert_eq!(request.subject.to_field_text(), "user:alice@example.com");
    assert_eq!(request.namespaces.launch, "ml-prod");
    assert_eq!(
        request.selected,
        [Feature::Core, Feature::GpuList, Feature::ManagedAccount]
    );
    assert!(team
        .heading()
        .contains("the launcher is checked, with managed-account"));
    let result = audit(PROD_RBAC, &team.audit_request()).unwrap();
    assert!(result
        .features
        .iter()
        .filter(|f| f.feature != Feature::GpuList && f.selected)
        .all(|f| f.status == crate::audit::Status::Granted));
    // A launcher's missing RBAC is the audit's usual note, not the team account's.
    assert_eq!(team.missing_rbac(&result, "c.yaml"), None);
}

#[test]
fn the_check_script_runs_as_the_teams_subject_in_its_namespace() {
    let verify = |launcher| TeamChoice {
        purpose: Purpose::Verify,
        launcher,
        ..choice("prod")
    };
    let request = resolve(CONFIG, &verify(Some(Identity::Me)))
        .unwrap()
        .verify_request();
    assert_eq!(request.identity, Identity::Me);
    assert_eq!(request.namespaces.launch, "ml-prod");
    assert!(request.is_for_launcher());
    let request = resolve(CONFIG, &verify(alice())).unwrap().verify_request();
    assert_eq!(
        request.identity,
        Identity::Subject(Subject::User("alice@example.com".into()))
    );
    let research = resolve(
        CONFIG,
        &TeamChoice {
            purpose: Purpose::Verify,
            ..choice("research")
        },
    )
    .unwrap()
    .verify_request();
    assert_eq!(
        research.identity,
        Identity::Subject(Subject::ServiceAccount {
            namespace: "ml-research".into(),
            name: "research-sa".into()
        })
    );
    assert_eq!(research.namespaces.launch, "ml-research");
}

#[test]
fn a_team_the_config_lacks_is_refused_with_the_teams_it_has() {
    let error = resolve(CONFIG, &choice("reserch")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "--workspace: the config has no team `reserch`; its teams: prod, research"
    );
    let plain = "kubernetes:\n  remote_identity: sky-sa\n  namespace: ml\n";
    assert_eq!(
        resolve(plain, &choice("research")).unwrap_err(),
        TeamError::NoTeams
    );
    // `default` is SkyPilot's default workspace: the `kubernetes:` section itself.
    let default = resolve(plain, &choice("default")).unwrap().audit_request();
    assert_eq!(default.subject.to_field_text(), "ml/sky-sa");
    // A value of the wrong type names its key.
    let bad = "workspaces:\n  a:\n    kubernetes:\n      namespace: [x]\n";
    let error = resolve(bad, &choice("a")).unwrap_err().to_string();
    assert!(
        error.starts_with("--config: ") && error.contains("workspaces.a.kubernetes.namespace"),
        "{error}"
    );
}

/// A team that inherits per-context identities launches differently per context: the
/// caller picks one by namespace.
#[test]
fn a_team_with_several_targets_is_checked_one_namespace_at_a_time() {
    let config = "kubernetes:\n  allowed_contexts: [gke-prod, eks-prod, kind-dev]\n  remote_identity: SERVICE_ACCOUNT\n  namespace: base\n  context_configs:\n    eks-prod:\n      remote_identity: eks-sa\n      namespace: eks-ns\n    kind-dev:\n      namespace: eks-ns\nworkspaces:\n  shared: {}\n";
    let error = resolve(config, &choice("shared")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "--workspace: team `shared` launches differently per context (gke-prod: \
         SERVICE_ACCOUNT in base; eks-prod: eks-sa in eks-ns; kind-dev: SERVICE_ACCOUNT in \
         eks-ns); RBAC is per cluster, so check one: pass --namespace with one of base, eks-ns"
    );
    let pick = |namespace: &str| TeamChoice {
        namespace: Some(namespace.into()),
        launcher: alice(),
        ..choice("shared")
    };
    let base = resolve(config, &pick("base")).unwrap();
    assert_eq!(base.target.contexts, ["gke-prod"]);
    assert_eq!(
        base.audit_request().subject.to_field_text(),
        "user:alice@example.com"
    );
    assert!(matches!(
        resolve(config, &pick("eks-ns")),
        Err(TeamError::SeveralInNamespace { .. })
    ));
    let error = resolve(config, &pick("elsewhere")).unwrap_err().to_string();
    assert!(
        error.starts_with("--namespace: team `shared` does not launch in elsewhere"),
        "{error}"
    );
    // One target: --namespace must be the team's.
    let wrong = TeamChoice {
        namespace: Some("ml-prod".into()),
        ..choice("research")
    };
    assert!(matches!(
        resolve(CONFIG, &wrong),
        Err(TeamError::NotTheTeamsNamespace { .. })
    ));
}
