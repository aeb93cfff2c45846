//! The `kubectl auth can-i` script (`skyauth verify`): golden scripts for a matrix of subjects
//! and features (each passing `sh -n` and `shellcheck -s sh`), and the script run for real
//! with `sh` against a stand-in `kubectl` that answers what the project's RBAC evaluator
//! decides for a manifest: granted for every golden manifest, the exact gap when a rule is
//! removed, exit 2 when impersonation is refused or the cluster cannot be reached.
//!
//! After an intended change: `SKYAUTH_UPDATE_GOLDEN=1 cargo test --features ssr --test integration verify_script`.
//! shellcheck is an oracle: without it the test says SKIPPED, and fails when
//! `SKYAUTH_REQUIRE_ORACLES=1`.

use crate::support::fixtures;
use crate::support::standin;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use skyauth::audit::verify_script::{render, render_plan, Identity, VerifyPlan, VerifyRequest};
use skyauth::audit::{audit, Audit, AuditRequest, Subject};
use skyauth::catalogue::Feature;
use skyauth::generate::generate;
use standin::{Bench, Mode};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn sa() -> Identity {
    Identity::Subject(Subject::ServiceAccount {
        namespace: "ml".into(),
        name: "sky-sa".into(),
    })
}

/// The golden matrix: each kind of identity, with a few feature selections.
fn golden_requests() -> Vec<(&'static str, VerifyRequest)> {
    let optional: Vec<Feature> = std::iter::once(Feature::Core)
        .chain(Feature::optional())
        .collect();
    let in_namespace = |identity, namespace: &str, selected: &[Feature]| {
        let mut request = VerifyRequest::new(identity, selected.to_vec());
        request.namespaces.launch = namespace.into();
        request
    };
    vec![
        (
            "verify-service-account-core",
            VerifyRequest::new(sa(), vec![Feature::Core]),
        ),
        (
            "verify-service-account-all-optional",
            VerifyRequest::new(sa(), optional),
        ),
        (
            "verify-user-launcher-ingress",
            in_namespace(
                Identity::Subject(Subject::User("alice@example.com".into())),
                "default",
                &[Feature::Core, Feature::Ingress, Feature::ManagedAccount],
            ),
        ),
        (
            "verify-group-launcher-all",
            in_namespace(
                Identity::Subject(Subject::Group("ml-engineers".into())),
                "ml",
                Feature::ALL,
            ),
        ),
        (
            "verify-me-core-gpu-list",
            in_namespace(Identity::Me, "team", &[Feature::Core, Feature::GpuList]),
        ),
        (
            "verify-user-hostile-name",
            VerifyRequest::new(
                Identity::Subject(Subject::User("o'brien $(id) `id`\nx".into())),
                vec![Feature::Volumes],
            ),
        ),
    ]
}

/// The golden scripts: each request in the current context, then plans over several
/// contexts (one identity in two; a team-like pair of identities, one a hostile context name).
fn golden_scripts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = golden_requests()
        .into_iter()
        .map(|(name, request)| (name.to_owned(), render(&request)))
        .collect();
    let core = VerifyRequest::new(sa(), vec![Feature::Core, Feature::GpuList]);
    out.push((
        "verify-service-account-two-contexts".into(),
        render_plan(&VerifyPlan::in_contexts(
            core.clone(),
            &["gke-prod".into(), "eks-prod".into()],
        )),
    ));
    let mut plan = VerifyPlan::in_contexts(core, &["gke-prod".into()]);
    let mut dev = VerifyRequest::new(
        Identity::Subject(Subject::User("alice@example.com".into())),
        vec![Feature::Core, Feature::ManagedAccount],
    );
    dev.namespaces.launch = "ml-dev".into();
    dev.about = Some("A launcher in a keyword mode.".into());
    plan.push(Some("kind 'dev'\n$(id)".into()), dev);
    out.push(("verify-per-context-identities".into(), render_plan(&plan)));
    out
}

fn shellcheck_available() -> bool {
    let found = Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    match (found, std::env::var("SKYAUTH_REQUIRE_ORACLES").as_deref()) {
        (true, _) => true,
        (false, Ok("1")) => panic!("shellcheck not found but SKYAUTH_REQUIRE_ORACLES=1"),
        (false, _) => {
            eprintln!("\n*** SKIPPED shellcheck oracle: install shellcheck (scripts/bootstrap.sh does) ***\n");
            false
        }
    }
}

#[test]
fn golden_scripts_match_and_pass_sh_n_and_shellcheck() {
    let update = std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some();
    let shellcheck = shellcheck_available();
    let mut mismatches = Vec::new();
    for (name, script) in golden_scripts() {
        let path = golden_dir().join(format!("{name}.sh"));
        if update {
            fs::write(&path, &script).expect("write golden file");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(script.as_str()) {
            mismatches.push(name.clone());
        }
        let parse = Command::new("sh")
            .arg("-n")
            .arg(&path)
            .output()
            .expect("sh");
        assert!(
            parse.status.success(),
            "sh -n {name}: {}",
            String::from_utf8_lossy(&parse.stderr)
        );
        if shellcheck {
            let lint = Command::new("shellcheck")
                .args(["-s", "sh"])
                .arg(&path)
                .output()
                .expect("shellcheck");
            assert!(
                lint.status.success(),
                "shellcheck {name}:\n{}",
                String::from_utf8_lossy(&lint.stdout)
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated scripts differ from tests/golden/ for {mismatches:?}; if intended, run \
         SKYAUTH_UPDATE_GOLDEN=1 cargo test --features ssr --test integration verify_script and review the diff"
    );
}

#[test]
fn there_are_no_stale_golden_scripts() {
    let expected: Vec<String> = golden_scripts()
        .iter()
        .map(|(name, _)| format!("{name}.sh"))
        .collect();
    for entry in fs::read_dir(golden_dir()).expect("tests/golden exists") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if file.starts_with("verify-") {
            assert!(
                expected.contains(&file),
                "tests/golden/{file} belongs to no case"
            );
        }
    }
}

/// The features' rows and missing permissions the script printed.
#[derive(Debug, Default, PartialEq, Eq)]
struct Printed {
    rows: Vec<(String, String)>,
    missing: BTreeSet<String>,
}

fn printed(stdout: &str) -> Printed {
    let mut out = Printed::default();
    for line in stdout.lines() {
        if let Some(permission) = line.strip_prefix("    missing: ") {
            out.missing.insert(permission.to_owned());
        } else if let Some(feature) = Feature::ALL
            .iter()
            .find(|f| line.starts_with(&format!("{} ", f.label())))
        {
            let status = line[feature.label().len()..].trim().to_owned();
            out.rows.push((feature.label().to_owned(), status));
        }
    }
    out
}

/// What the audit says the script must print.
fn expected(audit: &Audit) -> Printed {
    let selected = audit.features.iter().filter(|report| report.selected);
    Printed {
        rows: selected
            .clone()
            .map(|r| (r.feature.label().to_owned(), r.status.label().to_owned()))
            .collect(),
        missing: selected
            .flat_map(|r| r.missing.iter().map(ToString::to_string))
            .collect(),
    }
}

/// Runs the script for `request` against the stand-in answering as the audit of `manifest`
/// does, and checks the exit status, the rows and the missing permissions against the audit.
fn check_against_audit(bench: &Bench, name: &str, manifest: &str, request: &AuditRequest) -> bool {
    let audit = audit(manifest, request).unwrap_or_else(|e| panic!("{name}: {e}"));
    let verify = VerifyRequest::from_audit(request);
    let output = bench.run(
        &render(&verify),
        &standin::table(&audit),
        Mode::Answer,
        verify.identity.impersonation(),
        &["--context", "gke-prod"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let granted = audit.all_selected_granted();
    assert_eq!(
        output.status.code(),
        Some(if granted { 0 } else { 1 }),
        "{name}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(printed(&stdout), expected(&audit), "{name}\n{stdout}");
    granted
}

/// Each golden manifest with the identity of each account it is for: the section's, and each
/// context's with its own namespace or identity (`Setup::context_setups`).
fn golden_manifests() -> Vec<(String, String, AuditRequest)> {
    let mut out = Vec::new();
    for (name, setup) in fixtures::golden_cases() {
        let Some(manifest) = generate(&setup).expect("golden setups are valid").manifest else {
            continue;
        };
        let own = std::iter::once(setup.clone()).filter(skyauth::setup::Setup::generates_rbac);
        for (index, identity) in own.chain(setup.context_setups()).enumerate() {
            let request = AuditRequest::for_setup(&identity);
            let case = match index {
                0 => name.clone(),
                _ => format!("{name} (context account {index})"),
            };
            out.push((case, manifest.clone(), request));
        }
    }
    out
}

#[test]
fn every_golden_manifest_checks_as_granted_on_the_stand_in() {
    let bench = Bench::new("granted");
    let manifests = golden_manifests();
    assert!(manifests.len() > 15);
    for (name, manifest, request) in &manifests {
        assert!(
            check_against_audit(&bench, name, manifest, request),
            "{name}"
        );
    }
}

/// `manifest` with the `index`-th rule (counting through every object's rules) removed, or
/// `None` past the last rule.
fn without_rule(manifest: &str, index: usize) -> Option<String> {
    use serde::Deserialize;
    let mut documents: Vec<serde_yaml::Value> = serde_yaml::Deserializer::from_str(manifest)
        .map(|document| serde_yaml::Value::deserialize(document).expect("YAML"))
        .collect();
    let mut seen = 0;
    for document in &mut documents {
        let Some(rules) = document
            .get_mut("rules")
            .and_then(serde_yaml::Value::as_sequence_mut)
        else {
            continue;
        };
        if index < seen + rules.len() {
            rules.remove(index - seen);
            let texts: Vec<String> = documents
                .iter()
                .map(|d| serde_yaml::to_string(d).expect("YAML"))
                .collect();
            return Some(texts.join("---\n"));
        }
        seen += rules.len();
    }
    None
}

#[test]
fn a_removed_rule_is_named_exactly_as_the_audit_names_it() {
    let bench = Bench::new("removed");
    let mut gaps = 0;
    // Every rule of a few manifests, including the launcher's `*` on `*`.
    let picked = [
        "custom-minimal-all-features",
        "custom-namespace-admin",
        "custom-workload",
        "no-upload-launcher-group",
        "service-account-launcher-api-server-all-features",
    ];
    for (name, manifest, request) in golden_manifests() {
        if !picked.contains(&name.as_str()) {
            continue;
        }
        for index in 0.. {
            let Some(reduced) = without_rule(&manifest, index) else {
                break;
            };
            let case = format!("{name} without rule {index}");
            if !check_against_audit(&bench, &case, &reduced, &request) {
                gaps += 1;
            }
        }
    }
    assert!(gaps > 20, "only {gaps} removals opened a gap");
}

#[test]
fn one_permission_denied_is_the_one_named() {
    let bench = Bench::new("one");
    let request = AuditRequest::new(
        Subject::ServiceAccount {
            namespace: "ml".into(),
            name: "sky-sa".into(),
        },
        std::iter::once(Feature::Core)
            .chain(Feature::optional())
            .collect(),
    );
    let verify = VerifyRequest::from_audit(&request);
    let permissions: Vec<_> = verify
        .features()
        .into_iter()
        .flat_map(|f| {
            skyauth::audit::permissions(f, &verify.namespaces, false, verify.skypilot_version)
        })
        .collect();
    let all_yes: Vec<String> = permissions
        .iter()
        .map(|p| format!("yes {}", standin::key(p)))
        .collect();
    // Every third permission in turn, so each feature and form is covered in a few seconds.
    for (at, permission) in permissions.iter().enumerate().step_by(3) {
        let key = standin::key(permission);
        let table: String = std::iter::once(format!("no {key}"))
            .chain(all_yes.iter().cloned())
            .map(|line| line + "\n")
            .collect();
        let output = bench.run(
            &render(&verify),
            &table,
            Mode::Answer,
            verify.identity.impersonation(),
            &[],
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{at}: {stdout}");
        let named = printed(&stdout).missing;
        let expected: BTreeSet<String> = permissions
            .iter()
            .filter(|p| standin::key(p) == key)
            .map(ToString::to_string)
            .collect();
        assert_eq!(named, expected, "{stdout}");
        assert!(named.contains(&permission.to_string()));
    }
}

fn run_failing(mode: Mode, identity: Identity) -> (Option<i32>, String, String) {
    let bench = Bench::new(&format!("{mode:?}"));
    let verify = VerifyRequest::new(identity, vec![Feature::Core]);
    let output = bench.run(
        &render(&verify),
        "",
        mode,
        verify.identity.impersonation(),
        &["--context", "gke-prod"],
    );
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn refused_impersonation_exits_2_and_says_so() {
    let (code, stdout, stderr) = run_failing(Mode::RefuseImpersonation, sa());
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("impersonation refused") && stderr.contains("service account ml/sky-sa"),
        "{stderr}"
    );
    assert!(stderr.contains("cannot impersonate resource"), "{stderr}");
    assert!(
        !stdout.contains("Core launch"),
        "stops before the table: {stdout}"
    );
}

#[test]
fn an_unreachable_cluster_exits_2_and_says_so() {
    for identity in [sa(), Identity::Me] {
        let (code, stdout, stderr) = run_failing(Mode::Unreachable, identity);
        assert_eq!(code, Some(2), "{stdout}{stderr}");
        assert!(stderr.contains("cannot reach the cluster"), "{stderr}");
        assert!(!stderr.contains("impersonation"), "{stderr}");
    }
}

#[test]
fn hostile_names_are_passed_as_data() {
    // A user whose name would run `touch` if it reached the shell as code.
    let bench = Bench::new("hostile");
    let name = "o'brien $(touch PWNED) `touch PWNED2`\n; touch PWNED3";
    let verify = VerifyRequest::new(
        Identity::Subject(Subject::User(name.into())),
        vec![Feature::Core],
    );
    let table: String = skyauth::audit::permissions(
        Feature::Core,
        &verify.namespaces,
        false,
        verify.skypilot_version,
    )
    .iter()
    .map(|p| format!("yes {}\n", standin::key(p)))
    .collect();
    let output = bench.run(
        &render(&verify),
        &table,
        Mode::Answer,
        verify.identity.impersonation(),
        &[],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for marker in ["PWNED", "PWNED2", "PWNED3"] {
        assert!(!bench.dir.join(marker).exists(), "{marker} was created");
    }
}

#[test]
fn the_cli_prints_the_same_script_and_refuses_bad_input() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_skyauth"))
            .args(args)
            .output()
            .expect("run skyauth")
    };
    let output = run(&[
        "verify",
        "--service-account",
        "ml/sky-sa",
        "--features",
        "core,gpu-list,gpu-metrics,ingress,object-store,volumes,ha-controllers,host-network",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let (_, all_optional) = &golden_requests()[1];
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        render(all_optional)
    );

    let output = run(&["verify", "--group", "-ml", "--namespace", "team"]);
    assert_eq!(output.status.code(), Some(0));
    let expected = {
        let mut request = VerifyRequest::new(
            Identity::Subject(Subject::Group("-ml".into())),
            vec![Feature::Core],
        );
        request.namespaces.launch = "team".into();
        render(&request)
    };
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);

    let output = run(&["verify", "--as-me"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("\n  NAMESPACE=default\n") && stdout.contains("\n  AS_USER=''\n"));

    for bad in [
        &["verify"][..],
        &["verify", "--as-me", "--user", "alice"],
        &["verify", "--as-me", "--features", "nope"],
        &["verify", "--as-me", "--features", ","],
        &["verify", "--service-account", "sky-sa"],
        &[
            "verify",
            "--user",
            "alice",
            "--namespace",
            "Not_A_Namespace",
        ],
    ] {
        let output = run(bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        assert!(output.stdout.is_empty(), "{bad:?}");
        assert!(!output.stderr.is_empty(), "{bad:?}");
    }
}
