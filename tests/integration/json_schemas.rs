//! The JSON Schemas shipped for machines (`schemas/`, #26 item 3): every `doctor --format json`
//! of the kubeconfig corpus on each journey, and every `audit --format json` of the golden
//! manifests (the default subject, a user with every feature, a team), pass them under
//! `jsonschema` (`scripts/json-schema-check.py`, which checks each schema itself first); a
//! report with a verdict it does not know, or a key it does not list, fails (the oracle can
//! fail).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{cli::skyauth, fixtures};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `json-schema-check.py SCHEMA FILES`: whether they all pass, and what it printed.
fn check(python: &Path, schema: &str, files: &[PathBuf]) -> (bool, String) {
    let output = Command::new(python)
        .arg(root().join("scripts/json-schema-check.py"))
        .arg(root().join("schemas").join(schema))
        .args(files)
        .output()
        .expect("run the schema oracle");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Runs `skyauth ARGS` and writes its JSON to `dir/NAME.json`.
fn write_json(dir: &Path, name: String, args: &[&str]) -> PathBuf {
    let run = skyauth(args, b"");
    assert!(
        run.status.code().is_some_and(|code| code < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let path = dir.join(format!("{name}.json"));
    fs::write(&path, &run.stdout).expect("write");
    path
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

#[test]
fn the_doctor_and_audit_json_pass_their_schemas() {
    let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "JSON Schema") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("skyauth-json-schemas-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let mut doctor = Vec::new();
    for (index, kubeconfig) in sorted_files(&root().join("tests/kubeconfigs"), ".yaml")
        .iter()
        .enumerate()
    {
        let file = kubeconfig.to_str().unwrap();
        for (journey, flags) in [
            ("launcher", &[][..]),
            ("local", &["--remote-identity", "LOCAL_CREDENTIALS"][..]),
            ("server", &["--api-server"][..]),
        ] {
            let mut args = vec!["doctor", file, "-o", "json"];
            args.extend(flags);
            let run = skyauth(&args, b"");
            // An unreadable corpus file (exit 2) has no report.
            if run.status.code() == Some(2) {
                continue;
            }
            let path = dir.join(format!("doctor-{index}-{journey}.json"));
            fs::write(&path, &run.stdout).expect("write");
            doctor.push(path);
        }
    }
    assert!(doctor.len() > 40, "{} doctor reports", doctor.len());
    let (ok, text) = check(&python, "doctor-report.schema.json", &doctor);
    assert!(ok, "{text}");

    let mut audit = Vec::new();
    for (index, manifest) in sorted_files(&root().join("tests/golden"), "rbac.yaml")
        .iter()
        .enumerate()
    {
        let file = manifest.to_str().unwrap();
        audit.push(write_json(
            &dir,
            format!("audit-{index}"),
            &["audit", file, "-o", "json"],
        ));
        let every = [
            "audit",
            file,
            "-o",
            "json",
            "--features",
            "all",
            "--user",
            "alice@example.com",
        ];
        audit.push(write_json(&dir, format!("audit-{index}-all"), &every));
    }
    let (all, config) = (
        root().join("tests/golden/teams-cli.all-teams-rbac.yaml"),
        root().join("tests/golden/teams-cli.config.yaml"),
    );
    let team = [
        "audit",
        all.to_str().unwrap(),
        "--workspace",
        "research",
        "--config",
        config.to_str().unwrap(),
        "-o",
        "json",
    ];
    let team = write_json(&dir, "audit-team".into(), &team);
    assert!(fs::read_to_string(&team)
        .unwrap()
        .contains("\"workspace\": {"));
    audit.push(team);
    let (ok, text) = check(&python, "audit-report.schema.json", &audit);
    assert!(ok, "{text}");

    // The schemas refuse what they do not describe.
    let report = fs::read_to_string(&doctor[0]).expect("a report");
    let bogus = dir.join("bogus-verdict.json");
    fs::write(
        &bogus,
        report.replacen("\"verdict\": \"", "\"verdict\": \"bogus-", 1),
    )
    .expect("write");
    let extra = dir.join("extra-key.json");
    fs::write(&extra, report.replacen('{', "{\"surprise\": 1,", 1)).expect("write");
    for file in [bogus, extra] {
        let (ok, _) = check(
            &python,
            "doctor-report.schema.json",
            std::slice::from_ref(&file),
        );
        assert!(!ok, "{} passed", file.display());
    }
    let _ = fs::remove_dir_all(&dir);
}
