//! A team's own values in single contexts (`workspaces.<ws>.kubernetes.context_configs.<ctx>`,
//! SkyPilot's highest precedence): research uses gke-prod and eks-prod, as `research-sa` in
//! `ml-research`, except on eks-prod, where it runs with `NO_UPLOAD` in `ml-research-eks`
//! through the launcher's rights. The config and the team's RBAC match golden files; the CLI's
//! flags give what the page's edits give; the config read back (`rbac --workspace-config`)
//! writes the same file; each target audits as granted; the oracles accept both files.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::support::{cli::skyauth, fixtures};

use skyauth::audit::{audit, AuditRequest};
use skyauth::generate::{generate, Output};
use skyauth::setup::{AllowedContexts, RemoteIdentity, Setup, SetupEdit, TeamEdit};

/// Its golden files (`teams.rs` counts them as known when it looks for stale ones).
pub(crate) const GOLDEN_FILES: [&str; 2] = [
    "teams-per-context.config.yaml",
    "teams-per-context.team-research-rbac.yaml",
];

/// The setup as the page builds it: one edit per control.
fn setup() -> Setup {
    let mut setup = Setup::default();
    let team = || "research".to_owned();
    let edits = [
        SetupEdit::AllowedContexts(AllowedContexts::List),
        SetupEdit::ContextNames(vec!["gke-prod".into(), "eks-prod".into()]),
        SetupEdit::LauncherEnabled(true),
        SetupEdit::LauncherSubject("alice@example.com".into()),
        SetupEdit::Team(TeamEdit::Add),
        SetupEdit::Team(TeamEdit::Rename {
            from: "team-1".into(),
            to: team(),
        }),
        SetupEdit::Team(TeamEdit::Namespace {
            team: team(),
            value: "ml-research".into(),
        }),
        SetupEdit::Team(TeamEdit::Identity {
            team: team(),
            value: "research-sa".into(),
        }),
        SetupEdit::Team(TeamEdit::ContextNamespace {
            team: team(),
            context: "eks-prod".into(),
            value: "ml-research-eks".into(),
        }),
        SetupEdit::Team(TeamEdit::ContextIdentity {
            team: team(),
            context: "eks-prod".into(),
            value: "NO_UPLOAD".into(),
        }),
    ];
    for edit in edits {
        setup.apply(edit);
    }
    setup
}

/// The same setup as CLI flags (the config does not depend on the launcher).
const FLAGS: &[&str] = &[
    "config",
    "--allowed-context",
    "gke-prod",
    "--allowed-context",
    "eks-prod",
    "--workspace",
    "research",
    "--workspace-namespace",
    "research=ml-research",
    "--workspace-identity",
    "research=research-sa",
    "--workspace-context-namespace",
    "research:eks-prod=ml-research-eks",
    "--workspace-context-identity",
    "research:eks-prod=NO_UPLOAD",
];

fn output() -> Output {
    generate(&setup()).unwrap_or_else(|errors| panic!("{errors:?}"))
}

fn team_file(output: &Output) -> String {
    let team = output
        .teams
        .iter()
        .find(|team| team.team() == Some("research"))
        .expect("research's file");
    team.manifest.clone().expect("research has RBAC")
}

fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skyauth-{what}-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_context_value_beats_the_teams_own_in_that_context_only() {
    let setup = setup();
    let targets = setup.team_targets(&setup.teams["research"]);
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert_eq!(targets[0].contexts, ["gke-prod"]);
    assert_eq!(
        targets[0].identity,
        RemoteIdentity::Custom("research-sa".into())
    );
    assert_eq!(targets[0].namespace, "ml-research");
    assert_eq!(targets[1].contexts, ["eks-prod"]);
    assert_eq!(targets[1].identity, RemoteIdentity::NoUpload);
    assert_eq!(targets[1].namespace, "ml-research-eks");
}

#[test]
fn the_config_and_rbac_match_the_golden_files() {
    let output = output();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let files = [
        (GOLDEN_FILES[0], output.config.clone()),
        (GOLDEN_FILES[1], team_file(&output)),
    ];
    for (file, text) in files {
        let path = dir.join(file);
        if std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some() {
            fs::write(&path, &text).expect("write golden file");
        }
        let golden = fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            golden, text,
            "{file} differs; if intended, run SKYAUTH_UPDATE_GOLDEN=1 cargo test --test \
             integration teams_per_context and review the diff"
        );
    }
}

#[test]
fn the_cli_flags_give_what_the_pages_edits_give() {
    let run = skyauth(FLAGS, b"");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), output().config);
}

#[test]
fn the_config_read_back_writes_the_same_team_file() {
    let output = output();
    let dir = temp_dir("per-context-rbac");
    let config = dir.join("config.yaml");
    fs::write(&config, &output.config).expect("write config");
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
    let written = fs::read_to_string(dir.join("team-research-rbac.yaml")).expect("file");
    assert_eq!(written, team_file(&output));
    let _ = fs::remove_dir_all(&dir);
}

/// Each target's subject (the account in gke-prod, the launcher in eks-prod) holds what
/// SkyPilot needs there, from the team's file alone.
#[test]
fn each_target_audits_as_granted_from_the_teams_file() {
    let setup = setup();
    let file = team_file(&output());
    let team = &setup.teams["research"];
    for target in setup.team_targets(team) {
        let single = setup.target_setup(team, &target).expect("a known launcher");
        let request = AuditRequest::for_setup(&single);
        let report = audit(&file, &request).expect("audit reads the file");
        assert!(
            report.all_selected_granted(),
            "{:?} in {}: {}",
            target.contexts,
            target.namespace,
            skyauth::audit::text_report(&report, &request)
        );
    }
}

#[test]
fn bad_per_context_flags_exit_2_naming_the_field() {
    let base = [
        "config",
        "--allowed-context",
        "gke-prod",
        "--workspace",
        "a",
    ];
    let cases: [(&[&str], &str); 4] = [
        (
            &["--workspace-context-namespace", "a:gke-prod=Bad_NS"],
            "workspace_namespace[a][gke-prod]",
        ),
        (
            &["--workspace-context-identity", "a:gke-prod=no_upload"],
            "workspace_identity[a][gke-prod]",
        ),
        // A context the team cannot use: SkyPilot would never read the value.
        (
            &["--workspace-context-namespace", "a:eks-prod=ml"],
            "workspace_namespace[a][eks-prod]",
        ),
        (
            &["--workspace-context-namespace", "a=ml"],
            "workspace_contexts[a]",
        ),
    ];
    for (extra, field) in cases {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let run = skyauth(&args, b"");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
}

/// SkyPilot's strict schema for the config, `kubernetes-validate --strict` for the RBAC.
#[test]
fn the_outputs_pass_the_oracles() {
    let output = output();
    let dir = temp_dir("per-context-oracles");
    let (config, rbac) = (dir.join("config.yaml"), dir.join("rbac.yaml"));
    fs::write(&config, &output.config).expect("write");
    fs::write(&rbac, team_file(&output)).expect("write");
    let run = |program: PathBuf, args: Vec<PathBuf>| {
        let out = Command::new(&program)
            .args(&args)
            .output()
            .expect("run oracle");
        assert!(
            out.status.success(),
            "{} refused {args:?}:\n{}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    if let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "per-context config") {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/skypilot-schema.py");
        run(python, vec![script, config]);
    }
    fixtures::assert_kubernetes_valid("per-context RBAC", &[rbac]);
    let _ = fs::remove_dir_all(&dir);
}
