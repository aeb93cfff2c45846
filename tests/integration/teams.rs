//! Teams (SkyPilot workspaces, issue #24): the two-team setup of the issue (research on
//! gke-prod in `ml-research` as `research-sa`; prod on eks-prod in `ml-prod` as
//! SERVICE_ACCOUNT through the API server's account), on both journeys. Its config and Helm
//! values match golden files and pass SkyPilot's strict schema, each team's RBAC audits as
//! granted for that team's subject in its namespace and passes `kubernetes-validate --strict`,
//! and the CLI's flags give byte for byte what the page's edits give.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::support::{cli::skyauth, fixtures};

use skyauth::audit::{audit, AuditRequest};
use skyauth::generate::{generate, Output};
use skyauth::setup::{
    AllowedContexts, Deployment, ServerEdit, ServerIdentity, Setup, SetupEdit, TeamEdit,
};

/// The setup as the page builds it: one edit per control.
fn two_teams(deployment: Deployment) -> Setup {
    let mut setup = Setup::default();
    let edits = [
        SetupEdit::Deployment(deployment),
        SetupEdit::AllowedContexts(AllowedContexts::List),
        SetupEdit::ContextNames(vec!["gke-prod".into(), "eks-prod".into()]),
        SetupEdit::Team(TeamEdit::Add),
        SetupEdit::Team(TeamEdit::Rename {
            from: "team-1".into(),
            to: "research".into(),
        }),
        SetupEdit::Team(TeamEdit::Contexts {
            team: "research".into(),
            contexts: vec!["gke-prod".into()],
        }),
        SetupEdit::Team(TeamEdit::Namespace {
            team: "research".into(),
            value: "ml-research".into(),
        }),
        SetupEdit::Team(TeamEdit::Identity {
            team: "research".into(),
            value: "research-sa".into(),
        }),
        SetupEdit::Team(TeamEdit::Add),
        SetupEdit::Team(TeamEdit::Rename {
            from: "team-1".into(),
            to: "prod".into(),
        }),
        SetupEdit::Team(TeamEdit::Contexts {
            team: "prod".into(),
            contexts: vec!["eks-prod".into()],
        }),
        SetupEdit::Team(TeamEdit::Namespace {
            team: "prod".into(),
            value: "ml-prod".into(),
        }),
        SetupEdit::Team(TeamEdit::Identity {
            team: "prod".into(),
            value: "SERVICE_ACCOUNT".into(),
        }),
    ];
    for edit in edits {
        setup.apply(edit);
    }
    match deployment {
        Deployment::Cli => {
            // The laptop's launcher: the user's own identity, so the keyword team gets RBAC.
            setup.apply(SetupEdit::LauncherEnabled(true));
            setup.apply(SetupEdit::LauncherSubject("alice@example.com".into()));
        }
        Deployment::Helm => {
            // The server reaches both clusters through a kubeconfig secret, as `default/sky-sa`.
            setup.apply(SetupEdit::Server(ServerEdit::InCluster(false)));
            setup.apply(SetupEdit::Server(ServerEdit::OtherClusters(true)));
            setup.apply(SetupEdit::Server(ServerEdit::Identity(
                ServerIdentity::ChartManaged,
            )));
        }
    }
    setup
}

/// The same setups as CLI flags (also used by `teams_audit`, which writes the files with them).
pub(crate) fn flags(deployment: Deployment) -> Vec<&'static str> {
    let mut args = match deployment {
        Deployment::Cli => vec!["config"],
        Deployment::Helm => vec![
            "helm",
            "--no-in-cluster",
            "--kubeconfig-secret",
            "kube-credentials",
        ],
    };
    args.extend([
        "--allowed-context",
        "gke-prod",
        "--allowed-context",
        "eks-prod",
        "--workspace",
        "research",
        "--workspace-context",
        "research=gke-prod",
        "--workspace-namespace",
        "research=ml-research",
        "--workspace-identity",
        "research=research-sa",
        "--workspace",
        "prod",
        "--workspace-context",
        "prod=eks-prod",
        "--workspace-namespace",
        "prod=ml-prod",
        "--workspace-identity",
        "prod=SERVICE_ACCOUNT",
    ]);
    args
}

fn output(deployment: Deployment) -> Output {
    generate(&two_teams(deployment)).unwrap_or_else(|errors| panic!("{errors:?}"))
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Every file of both journeys: the config or values, and each team's RBAC.
fn files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (journey, deployment) in [("cli", Deployment::Cli), ("helm", Deployment::Helm)] {
        let output = output(deployment);
        let config = match &output.helm {
            Some(helm) => helm.values.clone(),
            None => output.config.clone(),
        };
        files.push((format!("teams-{journey}.config.yaml"), config));
        for team in &output.teams {
            if let Some(manifest) = &team.manifest {
                files.push((format!("teams-{journey}.{}", team.file), manifest.clone()));
            }
        }
    }
    files
}

#[test]
fn the_two_team_outputs_match_the_golden_files() {
    let update = std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    let expected = files();
    for (file, text) in &expected {
        let path = golden_dir().join(file);
        if update {
            fs::write(&path, text).expect("write golden file");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            mismatches.push(file.clone());
        }
    }
    for entry in fs::read_dir(golden_dir()).expect("tests/golden") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let known = expected.iter().any(|(file, _)| *file == name)
            || crate::teams_per_context::GOLDEN_FILES.contains(&name.as_str());
        if name.starts_with("teams-") && !known {
            mismatches.push(format!("{name} (stale)"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "teams output differs from tests/golden/ for {mismatches:?}; if intended, run \
         SKYAUTH_UPDATE_GOLDEN=1 cargo test --test integration teams and review the diff"
    );
}

#[test]
fn each_team_gets_its_own_file_and_one_for_all() {
    for deployment in [Deployment::Cli, Deployment::Helm] {
        let files: Vec<String> = output(deployment)
            .teams
            .into_iter()
            .map(|t| t.file)
            .collect();
        assert_eq!(
            files,
            [
                "team-prod-rbac.yaml",
                "team-research-rbac.yaml",
                "all-teams-rbac.yaml"
            ],
            "{deployment:?}"
        );
        let steps: Vec<String> = output(deployment)
            .team_steps
            .into_iter()
            .filter_map(|step| step.command)
            .collect();
        assert_eq!(
            steps,
            [
                "kubectl --context eks-prod apply -f team-prod-rbac.yaml",
                "kubectl --context gke-prod apply -f team-research-rbac.yaml",
                "sky check kubernetes --workspace prod",
            ],
            "{deployment:?}"
        );
    }
}

/// Each team's file, audited for each of the team's subjects in its namespace (the team's
/// account with its profile's features; in a keyword mode the launcher with SkyPilot's
/// managed account), grants everything they need.
#[test]
fn each_teams_rbac_audits_as_granted_for_its_subject() {
    for deployment in [Deployment::Cli, Deployment::Helm] {
        let setup = two_teams(deployment);
        let output = generate(&setup).expect("valid");
        for (file, (name, team)) in output.teams.iter().zip(&setup.teams) {
            let manifest = file.manifest.as_deref().unwrap_or_else(|| {
                panic!(
                    "{deployment:?}: team {name} has nothing to apply: {:?}",
                    file.note
                )
            });
            let team_setups = setup.team_setups(team);
            assert!(!team_setups.is_empty(), "{name}");
            for team_setup in &team_setups {
                let request = AuditRequest::for_setup(team_setup);
                let result = audit(manifest, &request).expect("readable");
                assert!(
                    result.all_selected_granted(),
                    "{deployment:?}: team {name}, {:?} in {}: {:?}\n{manifest}",
                    request.subject,
                    team_setup.launch_namespace(),
                    result
                        .features
                        .iter()
                        .filter(|f| request.selected.contains(&f.feature))
                        .map(|f| (
                            f.feature,
                            f.missing
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                        ))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn the_cli_flags_give_what_the_pages_edits_give() {
    for deployment in [Deployment::Cli, Deployment::Helm] {
        let run = skyauth(&flags(deployment), b"");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let page = output(deployment);
        let expected = match &page.helm {
            Some(helm) => helm.values.clone(),
            None => page.config.clone(),
        };
        assert_eq!(
            String::from_utf8_lossy(&run.stdout),
            expected,
            "{deployment:?}"
        );
    }
}

/// `--out-dir` makes its directory when it is missing, as `mkdir -p` would.
#[test]
fn rbac_out_dir_is_made_when_missing() {
    let page = output(Deployment::Cli);
    let root = std::env::temp_dir().join(format!("skyauth-out-dir-{}", std::process::id()));
    let dir = root.join("rbac").join("teams");
    let run = skyauth(
        &[
            "rbac",
            "--workspace-config",
            "-",
            "--launcher",
            "user:alice@example.com",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        page.config.as_bytes(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for team in page.teams.iter().filter(|team| team.manifest.is_some()) {
        assert!(dir.join(&team.file).is_file(), "{}", team.file);
    }
    let _ = fs::remove_dir_all(&root);
}

/// `skyauth rbac --workspace-config` reads the generated config back and writes the same
/// team files the page offers.
#[test]
fn rbac_from_a_workspace_config_writes_every_teams_file() {
    let page = output(Deployment::Cli);
    let dir = std::env::temp_dir().join(format!("skyauth-teams-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("config.yaml");
    fs::write(&config, &page.config).expect("write config");
    let run = skyauth(
        &[
            "rbac",
            "--workspace-config",
            config.to_str().unwrap(),
            "--launcher",
            "user:alice@example.com",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let all = page.teams.last().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        all.manifest.clone().unwrap()
    );
    for team in &page.teams {
        let written = fs::read_to_string(dir.join(&team.file)).expect("file written");
        assert_eq!(Some(written), team.manifest.clone(), "{}", team.file);
    }
    let _ = fs::remove_dir_all(&dir);
}

/// On a laptop each team may have its own launcher (its users' group): that team's RBAC binds
/// it, the other teams keep the setup's.
#[test]
fn a_teams_own_launcher_is_bound_in_its_file() {
    let dir = std::env::temp_dir().join(format!("skyauth-teams-launcher-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("config.yaml");
    fs::write(&config, output(Deployment::Cli).config).expect("write config");
    let run = skyauth(
        &[
            "rbac",
            "--workspace-config",
            config.to_str().unwrap(),
            "--launcher",
            "user:alice@example.com",
            "--workspace-launcher",
            "prod=group:prod-users",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let prod = fs::read_to_string(dir.join("team-prod-rbac.yaml")).expect("prod's file");
    assert!(prod.contains("kind: Group\n  name: prod-users"), "{prod}");
    assert!(!prod.contains("alice@example.com"), "{prod}");
    let research =
        fs::read_to_string(dir.join("team-research-rbac.yaml")).expect("research's file");
    assert!(research.contains("alice@example.com") && !research.contains("prod-users"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bad_team_flags_exit_2_naming_the_field_with_nothing_on_stdout() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["config", "--workspace", "Research"],
            "workspace[Research]",
        ),
        (&["config", "--workspace", "default"], "workspace[default]"),
        (
            &[
                "config",
                "--workspace",
                "a",
                "--workspace-namespace",
                "a=Bad_NS",
            ],
            "workspace_namespace[a]",
        ),
        (
            &[
                "config",
                "--workspace",
                "a",
                "--workspace-identity",
                "a=service_account",
            ],
            "workspace_identity[a]",
        ),
        (
            &["config", "--workspace-context", "ghost=gke-prod"],
            "workspace[ghost]",
        ),
    ];
    for (args, field) in cases {
        let run = skyauth(args, b"");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
    // A team's namespace needs SkyPilot 0.13.0.
    let run = skyauth(
        &[
            "--skypilot-version",
            "0.12.3",
            "config",
            "--workspace",
            "a",
            "--workspace-namespace",
            "a=ml",
        ],
        b"",
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("0.13.0"));
}

/// The oracles: SkyPilot's strict schema for the config and the values' `apiService.config`,
/// and `kubernetes-validate --strict` for every team file.
#[test]
fn the_two_team_outputs_pass_the_oracles() {
    let dir = std::env::temp_dir().join(format!("skyauth-teams-oracles-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let written: Vec<PathBuf> = files()
        .into_iter()
        .map(|(file, text)| {
            let path = dir.join(file);
            fs::write(&path, text).expect("write");
            path
        })
        .collect();
    let (configs, manifests): (Vec<PathBuf>, Vec<PathBuf>) = written
        .into_iter()
        .partition(|path| path.to_string_lossy().ends_with(".config.yaml"));
    let run = |program: &PathBuf, args: Vec<PathBuf>| {
        let output = Command::new(program)
            .args(&args)
            .output()
            .expect("run oracle");
        assert!(
            output.status.success(),
            "{} refused {args:?}:\n{}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    if let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "teams' config") {
        let (values, config): (Vec<PathBuf>, Vec<PathBuf>) = configs
            .into_iter()
            .partition(|path| path.to_string_lossy().contains("teams-helm"));
        // The chart's value types, which also writes each `apiService.config` beside it.
        let schema = root.join("tests/helm/values.schema.json");
        let mut args = vec![root.join("scripts/helm-values-schema.py"), schema];
        args.extend(values.iter().cloned());
        run(&python, args);
        let mut args = vec![root.join("scripts/skypilot-schema.py")];
        args.extend(config);
        args.extend(
            values
                .iter()
                .map(|v| PathBuf::from(format!("{}.config.yaml", v.display()))),
        );
        run(&python, args);
    }
    fixtures::assert_kubernetes_valid("teams' RBAC", &manifests);
    let _ = fs::remove_dir_all(&dir);
}

/// A team whose pods run as the section's annotated account writes that account with the
/// cloud identity's annotations (applying the team's file never takes them off); a team with
/// its own account gets none.
#[test]
fn a_team_on_the_cloud_identitys_account_keeps_its_annotations() {
    use skyauth::generate::{Object, ALL_TEAMS_FILE};
    use skyauth::setup::{AuthMethod, CloudIdentity, CloudProvider};
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        cloud_identity: CloudIdentity {
            provider: CloudProvider::Gke,
            gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
            ..CloudIdentity::default()
        },
        ..Setup::default()
    };
    setup.apply(SetupEdit::Team(TeamEdit::Add)); // team-1 inherits the account
    setup.apply(SetupEdit::Team(TeamEdit::Add));
    setup.apply(SetupEdit::Team(TeamEdit::Identity {
        team: "team-2".into(),
        value: "team-2-sa".into(),
    }));
    let output = generate(&setup).expect("valid");
    // The accounts of a team's file, and of the shared file when the section (or another team)
    // has the team's account too.
    let annotations = |team: &str, with_shared: bool| -> Vec<Option<String>> {
        let file = output
            .teams
            .iter()
            .find(|file| file.team() == Some(team))
            .expect("the team's file");
        let shared = output
            .teams
            .iter()
            .filter(|file| with_shared && file.team().is_none() && file.file != ALL_TEAMS_FILE);
        file.objects
            .iter()
            .chain(shared.flat_map(|file| &file.objects))
            .filter_map(|object| match object {
                Object::ServiceAccount(account) => Some(
                    account
                        .metadata
                        .annotations
                        .as_ref()
                        .and_then(|a| a.get("iam.gke.io/gcp-service-account").cloned()),
                ),
                _ => None,
            })
            .collect()
    };
    // team-1's account is the section's own: it is in the shared file, not team-1's.
    assert_eq!(annotations("team-1", false), []);
    assert_eq!(
        annotations("team-1", true),
        [Some(
            "skypilot-pods@my-project.iam.gserviceaccount.com".to_owned()
        )]
    );
    assert_eq!(annotations("team-2", false), [None]);
}

/// What two teams both need (OpenShift's SCC role, the account and namespace a second team
/// shares) is in neither team's file but in the shared file, applied first: `kubectl delete -f`
/// of one team's file, when that team leaves, deletes nothing another team uses.
#[test]
fn what_teams_share_is_in_no_teams_file() {
    use skyauth::generate::{TeamFileScope, SHARED_FILE};
    let mut setup = two_teams(Deployment::Cli);
    setup.apply(SetupEdit::OpenShift(true));
    for edit in [
        TeamEdit::Add,
        TeamEdit::Rename {
            from: "team-1".into(),
            to: "research-2".into(),
        },
        TeamEdit::Contexts {
            team: "research-2".into(),
            contexts: vec!["gke-prod".into()],
        },
        TeamEdit::Namespace {
            team: "research-2".into(),
            value: "ml-research".into(),
        },
        TeamEdit::Identity {
            team: "research-2".into(),
            value: "research-sa".into(),
        },
    ] {
        setup.apply(SetupEdit::Team(edit));
    }
    let output = generate(&setup).expect("valid");
    let shared = &output.teams[0];
    assert_eq!(shared.file, SHARED_FILE);
    let TeamFileScope::Shared { teams, section } = &shared.scope else {
        panic!("the first file is {}", shared.file)
    };
    assert_eq!(teams, &["prod", "research", "research-2"], "{teams:?}");
    // The section's own account needs OpenShift's anyuid role too.
    assert!(section);
    assert_eq!(shared.contexts, ["eks-prod", "gke-prod"]);
    let names = |objects: &[skyauth::generate::Object]| -> Vec<String> {
        objects
            .iter()
            .map(|o| format!("{} {}", o.kind(), o.name()))
            .collect()
    };
    let shared_names = names(&shared.objects);
    for expected in [
        "ClusterRole skypilot-scc-anyuid",
        "ServiceAccount research-sa",
        "Role research-sa-role",
        "RoleBinding research-sa-scc-anyuid",
    ] {
        assert!(
            shared_names.iter().any(|name| name == expected),
            "{expected} not shared: {shared_names:?}"
        );
    }
    let manifest = shared.manifest.as_deref().expect("a manifest");
    assert!(
        manifest.contains("Deleting one team's file leaves these"),
        "{manifest}"
    );
    for file in output.teams.iter().filter(|file| file.team().is_some()) {
        for object in names(&file.objects) {
            assert!(
                !shared_names.contains(&object),
                "{object} is shared but in {}",
                file.file
            );
        }
    }
    // research and research-2 need the same objects: nothing of their own is left.
    let research_2 = output
        .teams
        .iter()
        .find(|file| file.team() == Some("research-2"))
        .expect("research-2's file");
    assert_eq!(research_2.manifest, None);
    assert!(
        research_2
            .note
            .as_deref()
            .unwrap_or("")
            .contains(SHARED_FILE),
        "{:?}",
        research_2.note
    );
    // The shared file is applied first, in every context of the teams sharing it.
    let first = &output.team_steps[0];
    assert!(first.text.contains(SHARED_FILE), "{}", first.text);
    assert_eq!(
        first.command.as_deref(),
        Some(
            "kubectl --context eks-prod apply -f teams-shared-rbac.yaml\n\
             kubectl --context gke-prod apply -f teams-shared-rbac.yaml"
        )
    );
    // Every team still audits as granted from its own file and the shared one together.
    let both = |team: &str| -> String {
        let own = output
            .teams
            .iter()
            .find(|file| file.team() == Some(team))
            .and_then(|file| file.manifest.clone())
            .unwrap_or_default();
        format!("{}---\n{own}", shared.manifest.clone().unwrap_or_default())
    };
    for (name, team) in &setup.teams {
        let manifest = both(name);
        for team_setup in setup.team_setups(team) {
            let request = AuditRequest::for_setup(&team_setup);
            let result = audit(&manifest, &request).expect("readable");
            assert!(result.all_selected_granted(), "team {name}: {result:?}");
        }
    }
}

/// Two teams on the section's one account, each launched by its own group: the account's
/// bindings are one object each on the cluster (one name), so the shared file and the file of
/// all teams bind both groups (and the account) in it. Written once per team, the file applied
/// last would have unbound the other team's launchers.
#[test]
fn two_teams_on_one_account_bind_both_teams_launchers() {
    use skyauth::generate::{Object, TeamFileScope, ALL_TEAMS_FILE};
    use skyauth::setup::{AuthMethod, SubjectKind};
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    };
    setup.account.namespace = "ml".into();
    for (team, group) in [("team-1", "research-users"), ("team-2", "prod-users")] {
        setup.apply(SetupEdit::Team(TeamEdit::Add));
        setup.apply(SetupEdit::Team(TeamEdit::Launcher {
            team: team.into(),
            kind: SubjectKind::Group,
            subject: group.into(),
        }));
    }
    let output = generate(&setup).expect("valid");
    let subjects = |objects: &[Object], kind: &str, name: &str| -> Vec<String> {
        let found = objects
            .iter()
            .find(|object| object.kind() == kind && object.name() == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"));
        let subjects = match found {
            Object::RoleBinding(binding) => binding.subjects.clone(),
            Object::ClusterRoleBinding(binding) => binding.subjects.clone(),
            _ => None,
        };
        let mut names: Vec<String> = subjects
            .unwrap_or_default()
            .into_iter()
            .map(|subject| format!("{} {}", subject.kind, subject.name))
            .collect();
        names.sort();
        names
    };
    let shared = output
        .teams
        .iter()
        .find(|file| matches!(file.scope, TeamFileScope::Shared { .. }))
        .expect("the teams share the account");
    let all = output
        .teams
        .iter()
        .find(|file| file.file == ALL_TEAMS_FILE)
        .expect("the file of all teams");
    let expected = [
        "Group prod-users",
        "Group research-users",
        "ServiceAccount sky-sa",
    ];
    for (file, objects) in [("shared", &shared.objects), ("all teams", &all.objects)] {
        for (kind, name) in [
            ("RoleBinding", "sky-sa-rb"),
            ("ClusterRoleBinding", "sky-sa.ml.cluster-role-binding"),
        ] {
            assert_eq!(
                subjects(objects, kind, name),
                expected,
                "{file}: {kind} {name}"
            );
        }
    }
    // Each team's launchers audit as granted through the shared file (where the account's
    // roles and bindings are).
    let manifest = shared.manifest.as_deref().expect("a manifest");
    for group in ["research-users", "prod-users"] {
        let mut request = AuditRequest::for_setup(&setup);
        request.subject = format!("group:{group}").parse().expect("a subject");
        request.namespaces.launch = "ml".into();
        let result = audit(manifest, &request).expect("reads");
        assert!(
            result.all_selected_granted(),
            "{group}: {:?}",
            result.features
        );
    }
}

/// A team on the section's own account and namespace: everything the section's manifest held
/// is needed by the team too, so it is in the shared file and the section has nothing of its
/// own (`kubectl delete -f` of the section's manifest would have deleted the namespace the
/// team's pods run in). With another account of its own, the section keeps that, and its
/// manifest says to apply the shared file first, which the steps do.
#[test]
fn deleting_the_sections_manifest_deletes_nothing_a_team_uses() {
    use skyauth::generate::{TeamFileScope, SHARED_FILE};
    use skyauth::setup::{AuthMethod, Extra};
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    };
    setup.account.namespace = "ml".into();
    setup.apply(SetupEdit::Extra(Extra::CreateNamespace, true));
    setup.apply(SetupEdit::Team(TeamEdit::Add));
    let output = generate(&setup).expect("valid");
    let shared = &output.teams[0];
    assert!(
        matches!(shared.scope, TeamFileScope::Shared { section: true, .. }),
        "{}",
        shared.file
    );
    assert!(shared
        .objects
        .iter()
        .any(|object| object.kind() == "Namespace" && object.name() == "ml"));
    assert!(output.objects.is_empty() && output.manifest.is_none());
    let note = output.manifest_note.as_deref().expect("a note");
    assert!(note.contains(SHARED_FILE), "{note}");
    let steps: Vec<_> = output.steps().collect();
    assert!(steps[0].text.contains(SHARED_FILE), "{:?}", steps[0]);
    assert!(
        steps
            .iter()
            .all(|step| step.command.as_deref() != Some("kubectl apply -f create-sky-sa.yaml")),
        "no step applies a manifest that is not offered: {steps:?}"
    );

    // The team with an account of its own: the section keeps its account, the namespace both
    // use is shared.
    setup.apply(SetupEdit::Team(TeamEdit::Identity {
        team: "team-1".into(),
        value: "team-sa".into(),
    }));
    let output = generate(&setup).expect("valid");
    let manifest = output
        .manifest
        .as_deref()
        .expect("the section's own account");
    assert!(
        manifest.contains(&format!("# Apply {SHARED_FILE} first")),
        "{manifest}"
    );
    assert!(!output
        .objects
        .iter()
        .any(|object| object.kind() == "Namespace"));
    assert!(output
        .objects
        .iter()
        .any(|object| object.kind() == "ServiceAccount" && object.name() == "sky-sa"));
    let steps: Vec<_> = output.steps().collect();
    assert!(steps[0].text.contains(SHARED_FILE), "{:?}", steps[0]);
    let apply = steps
        .iter()
        .position(|step| step.command.as_deref() == Some("kubectl apply -f create-sky-sa.yaml"))
        .expect("the section's own manifest is applied");
    assert!(apply > 0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 150, ..Default::default() })]

    /// Over random setups with teams: each team's own file with the shared file (what stays
    /// when every other team's file is deleted) audits as granted for each of the team's
    /// subjects, in each of its contexts' namespaces.
    #[test]
    fn each_teams_file_with_the_shared_one_grants_what_the_team_needs(
        setup in fixtures::valid_setup()
    ) {
        let setup = skyauth::setup::effective_setup(&setup).into_owned();
        proptest::prop_assume!(setup.has_teams());
        let output = generate(&setup).expect("valid");
        let shared = output
            .teams
            .iter()
            .find(|f| matches!(f.scope, skyauth::generate::TeamFileScope::Shared { .. }))
            .and_then(|f| f.manifest.clone())
            .unwrap_or_default();
        let team_files = output.teams.iter().filter(|f| f.team().is_some());
        for (file, (name, team)) in team_files.zip(&setup.teams) {
            proptest::prop_assert_eq!(file.team(), Some(name.as_str()));
            let manifest = format!("{shared}\n---\n{}", file.manifest.as_deref().unwrap_or_default());
            for team_setup in setup.team_setups(team) {
                if !team_setup.generates_rbac() {
                    continue;
                }
                let request = AuditRequest::for_setup(&team_setup);
                let result = audit(&manifest, &request).expect("readable");
                let missing: Vec<_> = result
                    .features
                    .iter()
                    .filter(|f| request.selected.contains(&f.feature) && !f.missing.is_empty())
                    .map(|f| (f.feature, f.missing.iter().map(ToString::to_string).collect::<Vec<_>>()))
                    .collect();
                proptest::prop_assert!(
                    result.all_selected_granted(),
                    "team {}, {:?} in {}: {:?}\n{}",
                    name,
                    request.subject,
                    team_setup.launch_namespace(),
                    missing,
                    manifest
                );
            }
        }
    }
}

/// Hardened namespaces with teams: the namespace each team's pods run in gets its Pod Security
/// label step and its OpenShift check as the section's own does, once each, in the team's
/// contexts (research is on gke-prod, prod on eks-prod).
#[test]
fn each_teams_namespace_gets_its_hardening_steps() {
    for deployment in [Deployment::Cli, Deployment::Helm] {
        let mut setup = two_teams(deployment);
        setup.hardening.pod_security_labels = true;
        setup.hardening.openshift = true;
        let output = generate(&setup).expect("valid");
        let lines = fixtures::step_lines(&output);
        for (context, namespace) in [("gke-prod", "ml-research"), ("eks-prod", "ml-prod")] {
            let label = fixtures::label_command(Some(context), namespace, "baseline");
            assert_eq!(
                lines.iter().filter(|c| **c == label).count(),
                1,
                "{deployment:?}: {label}\n{lines:#?}"
            );
            assert!(
                !lines
                    .iter()
                    .any(|line| line.contains(&format!("namespace {namespace} "))
                        && !line.contains(context)),
                "{deployment:?}: {namespace} outside {context}\n{lines:#?}"
            );
        }
        let scc = "kubectl --context gke-prod auth can-i use \
                   securitycontextconstraints.security.openshift.io/anyuid \
                   --as=system:serviceaccount:ml-research:research-sa -n ml-research";
        assert_eq!(
            lines.iter().filter(|c| *c == scc).count(),
            1,
            "{deployment:?}\n{lines:#?}"
        );
    }
}

/// Hardened namespaces with teams: one check of the levels, after every file is applied, that
/// lists in each context every namespace a label step or an SCC check names there (the
/// section's and the teams'); a team in the section's namespace under another account adds
/// its SCC check, not a second label step.
#[test]
fn teams_and_the_section_share_one_check_of_the_levels() {
    for deployment in [Deployment::Cli, Deployment::Helm] {
        let mut setup = two_teams(deployment);
        setup.hardening.pod_security_labels = true;
        setup.hardening.openshift = true;
        let section_namespace = setup
            .team_targets(&skyauth::setup::Team::default())
            .first()
            .map(|target| target.namespace.clone())
            .expect("the section has a target");
        setup.apply(SetupEdit::Team(TeamEdit::Namespace {
            team: "prod".into(),
            value: section_namespace.clone(),
        }));
        setup.apply(SetupEdit::Team(TeamEdit::Identity {
            team: "prod".into(),
            value: "prod-sa".into(),
        }));
        let output = generate(&setup).expect("valid");
        let commands = fixtures::step_commands(&output);
        let checks: Vec<usize> = (0..commands.len())
            .filter(|&i| commands[i].contains(" get namespace "))
            .collect();
        assert_eq!(checks.len(), 1, "{deployment:?}\n{commands:#?}");
        let last_apply = commands
            .iter()
            .rposition(|c| c.contains(" apply -f "))
            .expect("files to apply");
        assert!(checks[0] > last_apply, "{deployment:?}\n{commands:#?}");
        // (context, namespace) of a line: `kubectl [--context C] ... NAMESPACE` as each names it.
        let context_of = |line: &str| -> String {
            line.strip_prefix("kubectl --context ")
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or("")
                .to_owned()
        };
        let lines = fixtures::step_lines(&output);
        let mut named: Vec<(String, String)> = Vec::new();
        for line in &lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(at) = words.iter().position(|w| *w == "--overwrite") {
                named.push((context_of(line), words[at + 2].to_owned()));
            } else if line.contains("securitycontextconstraints") {
                named.push((context_of(line), (*words.last().unwrap()).to_owned()));
            }
        }
        assert!(
            named
                .iter()
                .any(|(_, namespace)| *namespace == section_namespace),
            "{deployment:?}\n{lines:#?}"
        );
        for (context, namespace) in &named {
            let checked = commands[checks[0]].lines().any(|line| {
                context_of(line) == *context
                    && line.split_whitespace().any(|word| word == namespace)
            });
            assert!(
                checked,
                "{deployment:?}: {namespace} in `{context}` is not checked\n{lines:#?}"
            );
        }
        for context in ["gke-prod", "eks-prod"] {
            let label = fixtures::label_command(Some(context), &section_namespace, "baseline");
            let labels = lines.iter().filter(|line| **line == label).count();
            assert!(labels <= 1, "{deployment:?}\n{lines:#?}");
        }
        let prod_scc = format!("--as=system:serviceaccount:{section_namespace}:prod-sa");
        let prod_lines: Vec<&String> = lines.iter().filter(|c| c.contains(&prod_scc)).collect();
        assert_eq!(prod_lines.len(), 1, "{deployment:?}\n{lines:#?}");
        assert!(
            prod_lines[0].starts_with("kubectl --context eks-prod "),
            "{prod_lines:?}"
        );
    }
}

/// Hardened namespaces per context: a context's own namespace gets its label step, in that
/// context (labelling `ml-eks` in the current context would label another cluster's, or
/// fail), and each context's check lists its own namespaces.
#[test]
fn each_contexts_namespace_gets_its_pod_security_step() {
    let mut setup = Setup::default();
    for edit in [
        SetupEdit::Auth(skyauth::setup::AuthMethod::Custom),
        SetupEdit::AllowedContexts(AllowedContexts::List),
        SetupEdit::ContextNames(vec!["gke-prod".into(), "eks-prod".into()]),
        SetupEdit::PerContext(true),
        SetupEdit::ContextNamespace {
            context: "eks-prod".into(),
            value: "ml-eks".into(),
        },
    ] {
        setup.apply(edit);
    }
    setup.hardening.pod_security_labels = true;
    let output = generate(&setup).expect("valid");
    let lines = fixtures::step_lines(&output);
    let default = setup.account.namespace.clone();
    for (context, namespace) in [("gke-prod", default.as_str()), ("eks-prod", "ml-eks")] {
        let label = fixtures::label_command(Some(context), namespace, "baseline");
        assert!(lines.contains(&label), "{label}\n{lines:#?}");
        let check = format!(
            "kubectl --context {context} get namespace {namespace} -L pod-security.kubernetes.io/enforce"
        );
        assert!(lines.contains(&check), "{check}\n{lines:#?}");
    }
}

/// Hardened namespaces show (and apply) when the section generates RBAC or there are teams
/// (each team's namespaces get their steps): a keyword section without launcher RBAC offers
/// them once it has a team, and without one hides them, ignores them and names them so.
#[test]
fn hardening_is_offered_with_teams_and_ignored_when_hidden() {
    use skyauth::setup::Choice;
    let mut setup = Setup::default();
    setup.hardening.pod_security_labels = true;
    assert!(!setup.shows(Choice::Hardening));
    assert_eq!(setup.ignored(), vec![Choice::Hardening]);
    assert_eq!(generate(&setup), generate(&Setup::default()));
    let note = skyauth::setup::ignored_note(&setup.ignored()).expect("a note");
    assert!(note.contains("the hardened namespaces"), "{note}");
    setup.apply(SetupEdit::Team(TeamEdit::Add));
    assert!(setup.shows(Choice::Hardening));
    assert!(setup.ignored().is_empty());
    let output = generate(&setup).expect("valid");
    let label = fixtures::label_command(None, "default", "baseline");
    let commands = fixtures::step_lines(&output);
    assert!(commands.contains(&label), "{label}\n{commands:#?}");
}
