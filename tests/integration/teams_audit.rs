//! `skyauth audit` and `skyauth verify` for one team (`--workspace NAME --config FILE`, issue
//! #24): the two-team files written by the CLI itself (`skyauth config` with the
//! team flags, then `skyauth rbac --workspace-config ... --out-dir`), each team audited
//! against its own file, the other team's and the file of all teams; the refusals (a team
//! the config lacks, a keyword team without its launcher) with nothing on stdout; and the
//! check script of each team run on the kubectl stand-in.

use std::fs;
use std::path::{Path, PathBuf};

use skyauth::audit::verify_script::Identity;
use skyauth::audit::{audit, Purpose, Subject, TeamChoice, TeamRequest};
use skyauth::release::SkyPilotVersion;
use skyauth::setup::Deployment;

use crate::support::cli::skyauth;
use crate::support::standin::{self, Bench, Mode};

/// A directory holding the files of the two-team setup, as the CLI writes them.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn write(name: &str) -> Files {
        let dir =
            std::env::temp_dir().join(format!("skyauth-teams-audit-{}-{name}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let config = skyauth(&crate::teams::flags(Deployment::Cli), b"");
        assert!(
            config.status.success(),
            "{}",
            String::from_utf8_lossy(&config.stderr)
        );
        fs::write(dir.join("teams-cli.config.yaml"), &config.stdout).expect("write config");
        let files = Files { dir };
        let rbac = skyauth(
            &[
                "rbac",
                "--workspace-config",
                files.path("teams-cli.config.yaml").as_str(),
                "--launcher",
                "user:alice@example.com",
                "--out-dir",
                files.dir.to_str().unwrap(),
            ],
            b"",
        );
        assert!(
            rbac.status.success(),
            "{}",
            String::from_utf8_lossy(&rbac.stderr)
        );
        fs::write(files.dir.join("all-teams-rbac.yaml"), &rbac.stdout).expect("write all");
        for file in [
            "team-research-rbac.yaml",
            "team-prod-rbac.yaml",
            "all-teams-rbac.yaml",
        ] {
            assert!(files.dir.join(file).is_file(), "{file} was not written");
        }
        // The files are the golden ones.
        let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        for file in [
            "config.yaml",
            "team-research-rbac.yaml",
            "team-prod-rbac.yaml",
            "all-teams-rbac.yaml",
        ] {
            let ours = if file == "config.yaml" {
                format!("teams-cli.{file}")
            } else {
                file.to_owned()
            };
            assert_eq!(
                fs::read_to_string(files.dir.join(&ours)).unwrap(),
                fs::read_to_string(golden.join(format!("teams-cli.{file}"))).unwrap(),
                "{file}"
            );
        }
        files
    }

    fn path(&self, file: &str) -> String {
        self.dir.join(file).to_string_lossy().into_owned()
    }

    /// `skyauth audit --workspace TEAM --config CONFIG RBAC EXTRA...`.
    fn audit(&self, team: &str, rbac: &str, extra: &[&str]) -> (Option<i32>, String, String) {
        let config = self.path("teams-cli.config.yaml");
        let rbac = self.path(rbac);
        let mut args = vec!["audit", "--workspace", team, "--config", &config, &rbac];
        args.extend(extra);
        let output = skyauth(&args, b"");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn feature<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|feature| feature["id"] == id)
        .unwrap_or_else(|| panic!("no feature {id}"))
}

#[test]
fn each_team_audits_as_granted_against_its_own_file_and_the_file_of_all_teams() {
    let files = Files::write("granted");
    for rbac in ["team-research-rbac.yaml", "all-teams-rbac.yaml"] {
        let (status, stdout, stderr) = files.audit("research", rbac, &[]);
        assert_eq!(status, Some(0), "{rbac}: {stdout}{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
        assert!(
            stdout.starts_with(
                "Team `research` (workspaces.research), context gke-prod: its pods run as its \
                 own service account research-sa in ml-research.\n\nRBAC audit for service \
                 account ml-research/research-sa (launching in ml-research)\n"
            ),
            "{stdout}"
        );
        assert!(!stdout.contains("no RBAC was made"), "{stdout}");
    }
    for rbac in ["team-prod-rbac.yaml", "all-teams-rbac.yaml"] {
        let (status, stdout, stderr) = files.audit(
            "prod",
            rbac,
            &["--user", "alice@example.com", "--format", "json"],
        );
        assert_eq!(status, Some(0), "{rbac}: {stdout}{stderr}");
        let report = json(&stdout);
        assert_eq!(report["subject"], "user alice@example.com");
        assert_eq!(report["launch_namespace"], "ml-prod");
        assert_eq!(report["all_selected_granted"], true);
        let managed = feature(&report, "managed-account");
        assert_eq!(
            (&managed["selected"], &managed["status"]),
            (&true.into(), &"granted".into())
        );
        assert_eq!(report["workspace"]["name"], "prod");
        assert_eq!(
            report["workspace"]["contexts"],
            serde_json::json!(["eks-prod"])
        );
        assert_eq!(report["workspace"]["remote_identity"], "SERVICE_ACCOUNT");
        assert!(report["workspace"]["missing_rbac"].is_null());
    }
}

#[test]
fn a_team_audited_against_another_teams_file_is_told_no_rbac_was_made() {
    let files = Files::write("missing");
    let config = files.path("teams-cli.config.yaml");
    let (status, stdout, _) = files.audit("research", "team-prod-rbac.yaml", &[]);
    assert_eq!(status, Some(1), "{stdout}");
    let expected = format!(
        "note: no RBAC was made for research-sa in ml-research: generate it with `skyauth rbac \
         --workspace-config {config}` (with --out-dir DIR it also writes \
         team-research-rbac.yaml, and teams-shared-rbac.yaml when teams share objects: audit \
         the two together), and apply it in gke-prod.\n"
    );
    assert!(stdout.contains(&expected), "{stdout}");
    let (status, stdout, _) = files.audit("research", "team-prod-rbac.yaml", &["--format", "json"]);
    assert_eq!(status, Some(1));
    let report = json(&stdout);
    assert_eq!(report["subject_bindings"], 0);
    assert!(
        report["workspace"]["missing_rbac"]
            .as_str()
            .is_some_and(|note| note.starts_with("no RBAC was made for research-sa in ml-research")),
        "{stdout}"
    );
    // The patch goes to stdout, the note to stderr.
    let (status, stdout, stderr) =
        files.audit("research", "team-prod-rbac.yaml", &["--format", "patch"]);
    assert_eq!(status, Some(1));
    assert!(stdout.contains("kind: RoleBinding"), "{stdout}");
    assert!(
        stderr.starts_with("note: no RBAC was made for research-sa"),
        "{stderr}"
    );
    // The prod team's launcher in the research file (bound there to research-sa's roles,
    // not in ml-prod): what it misses, and no word of a team account.
    let (status, stdout, _) = files.audit(
        "prod",
        "team-research-rbac.yaml",
        &["--user", "alice@example.com"],
    );
    assert_eq!(status, Some(1));
    assert!(!stdout.contains("no RBAC was made"), "{stdout}");
    assert!(
        stdout.contains("missing: create pods in ml-prod"),
        "{stdout}"
    );
}

#[test]
fn a_team_the_config_lacks_or_a_missing_launcher_exits_2_with_nothing_on_stdout() {
    let files = Files::write("refused");
    let cases: [(&str, &[&str], &str); 4] = [
        (
            "ml-team",
            &[],
            "the config has no team `ml-team`; its teams: prod, research",
        ),
        (
            "prod",
            &[],
            "name it with --user NAME, --group NAME or --service-account NS/NAME",
        ),
        (
            "research",
            &["--namespace", "ml-prod"],
            "--namespace: team `research` does not launch in ml-prod",
        ),
        ("research", &["--features", "core,gpus"], "gpus"),
    ];
    for (team, extra, expected) in cases {
        let (status, stdout, stderr) = files.audit(team, "team-research-rbac.yaml", extra);
        assert_eq!(status, Some(2), "{team} {extra:?}: {stderr}");
        assert!(stdout.is_empty(), "{team} {extra:?}: {stdout}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{team} {extra:?}: {stderr}"
        );
    }
    // --workspace and --config go together; a config that cannot be read names its flag.
    let output = skyauth(&["audit", "--workspace", "prod", "-"], b"kind: List\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let output = skyauth(
        &[
            "audit",
            "--workspace",
            "prod",
            "--config",
            "/nonexistent/config.yaml",
            "-",
        ],
        b"kind: List\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: --config: cannot open"));
    // Standard input is the export's.
    let output = skyauth(
        &["audit", "--workspace", "prod", "--config", "-", "-"],
        b"kind: List\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--config -"));
}

/// `skyauth verify --workspace`: the script checks the team's subject in its namespace, and,
/// run on the stand-in answering as the audit of the team's file does, finds it granted.
#[test]
fn verifys_script_checks_each_teams_subject_in_its_namespace() {
    let files = Files::write("verify");
    let config_path = files.path("teams-cli.config.yaml");
    let settings =
        skyauth::doctor::read_settings(&fs::read_to_string(&config_path).unwrap()).unwrap();
    let bench = Bench::new("teams");
    // (team, flags, its RBAC file, its namespace, the user the script impersonates)
    type Case<'a> = (&'a str, &'a [&'a str], &'a str, &'a str, &'a str);
    let cases: [Case; 2] = [
        (
            "research",
            &[],
            "team-research-rbac.yaml",
            "ml-research",
            "system:serviceaccount:ml-research:research-sa",
        ),
        (
            "prod",
            &["--user", "alice@example.com"],
            "team-prod-rbac.yaml",
            "ml-prod",
            "alice@example.com",
        ),
    ];
    for (team, extra, rbac, namespace, as_user) in cases {
        let mut args = vec!["verify", "--workspace", team, "--config", &config_path];
        args.extend(extra);
        let output = skyauth(&args, b"");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.contains(&format!("\n  NAMESPACE={namespace}\n")),
            "{team}: {script}"
        );
        assert!(
            script.contains(&format!("\n  AS_USER={}\n", as_user)),
            "{team}: {script}"
        );
        // The stand-in answers as the audit of the team's own file.
        let launcher = extra
            .get(1)
            .map(|user| Identity::Subject(Subject::User((*user).to_owned())));
        let team_request = TeamRequest::resolve(
            &settings,
            &TeamChoice {
                purpose: Purpose::Audit,
                workspace: team.into(),
                launcher,
                namespace: None,
                features: Vec::new(),
                metrics_namespace: "skypilot".into(),
                skypilot_version: SkyPilotVersion::LATEST,
            },
        )
        .unwrap();
        let request = team_request.audit_request();
        let result = audit(&fs::read_to_string(files.path(rbac)).unwrap(), &request).unwrap();
        assert!(result.all_selected_granted(), "{team}");
        // The team's context is the script's own: it passes --context itself.
        let [context] = team_request.target.contexts.as_slice() else {
            panic!("{team}: one context expected")
        };
        assert!(
            script.contains(&format!(
                "\nin_context {context} ' --context {context}' {context}\n"
            )),
            "{script}"
        );
        let cluster = standin::Cluster {
            context: context.clone(),
            table: standin::table(&result),
            mode: Mode::Answer,
            objects: standin::Objects::All,
            impersonation: (Some(as_user.to_owned()), None),
            labels: Vec::new(),
        };
        let run = bench.run_clusters(&script, &[cluster], &[]);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{team}: {stdout}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            stdout.contains(&format!(
                "launching in {namespace}, with kubectl auth can-i"
            )),
            "{stdout}"
        );
        assert!(stdout.contains("Every feature is granted."), "{stdout}");
        if team == "prod" {
            assert!(
                stdout.contains("SkyPilot-managed account (launcher) granted"),
                "{stdout}"
            );
        }
    }
    // A keyword team's launcher may be the kubeconfig's own identity; unnamed, it is refused.
    let output = skyauth(
        &[
            "verify",
            "--workspace",
            "prod",
            "--config",
            &config_path,
            "--as-me",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    let script = String::from_utf8_lossy(&output.stdout);
    assert!(
        script.contains("\n  NAMESPACE=ml-prod\n") && script.contains("\n  AS_USER=''\n"),
        "{script}"
    );
    let output = skyauth(
        &["verify", "--workspace", "prod", "--config", &config_path],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--as-me"));
    let output = skyauth(
        &["verify", "--workspace", "ghost", "--config", &config_path],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("its teams: prod, research"));
}

/// A team whose values are not tied to a context is checked in the current context; named
/// with --context, the script says it checks that context, not "the current context".
#[test]
fn a_teams_unpinned_values_checked_in_a_named_context_are_headed_with_it() {
    let dir = std::env::temp_dir().join(format!("skyauth-unpinned-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("config.yaml");
    fs::write(
        &config,
        "kubernetes:\n  remote_identity: SERVICE_ACCOUNT\nworkspaces:\n  dev:\n    kubernetes:\n      remote_identity: dev-sa\n",
    )
    .expect("write config");
    let config = config.to_str().unwrap();
    let verify = |extra: &[&str]| {
        let output = skyauth(
            &[&["verify", "--workspace", "dev", "--config", config], extra].concat(),
            b"",
        );
        assert_eq!(output.status.code(), Some(0), "{extra:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let current = verify(&[]);
    assert!(
        current.contains("# Team `dev` (workspaces.dev), the current context: its pods run as"),
        "{current}"
    );
    assert!(
        current.contains("It checks the current context"),
        "{current}"
    );
    let named = verify(&["--context", "gke-dev", "--context", "eks-dev"]);
    for context in ["gke-dev", "eks-dev"] {
        assert!(
            named.contains(&format!(
                "# Team `dev` (workspaces.dev), context {context}: its pods run as"
            )),
            "{named}"
        );
    }
    assert!(!named.contains("the current context:"), "{named}");
    let _ = fs::remove_dir_all(&dir);
}
