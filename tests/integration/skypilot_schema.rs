//! Oracle: every generated `~/.sky/config.yaml` snippet passes SkyPilot's own config schema in
//! strict API-server mode (unknown keys are errors): the golden matrix and a few hundred random
//! setups from a fixed seed. The schema comes from PyPI's `skypilot` package, run by
//! `scripts/skypilot-schema.py`, which reads the files with PyYAML as SkyPilot does.
//!
//! Needs `SKYAUTH_SKYPILOT_PYTHON` (a Python with `skypilot` installed; the test command points
//! it at build/venv); without it the test fails when `SKYAUTH_REQUIRE_ORACLES=1`, and otherwise
//! says loudly that it skipped.

use crate::support::fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use skyauth::generate::generate;

const RANDOM_SETUPS: usize = 200;

fn python() -> Option<PathBuf> {
    fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "SkyPilot schema")
}

/// One run of scripts/skypilot-schema.py over `files`.
fn run_schema(python: &Path, files: &[PathBuf]) -> std::process::Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/skypilot-schema.py");
    Command::new(python)
        .arg(script)
        .args(files)
        .output()
        .expect("run scripts/skypilot-schema.py")
}

/// Runs the oracle over `files`; panics with its report when one fails.
fn check(python: &Path, files: &[PathBuf]) {
    let output = run_schema(python, files);
    assert!(
        output.status.success(),
        "SkyPilot's strict schema refused generated configs:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_configs_pass_skypilots_strict_schema() {
    let Some(python) = python() else { return };
    let dir = std::env::temp_dir().join(format!("skyauth-sky-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut setups = fixtures::golden_cases();
    setups.extend(fixtures::cloud_identity_cases());
    let mut runner = TestRunner::deterministic();
    let strategy = fixtures::valid_setup();
    for index in 0..RANDOM_SETUPS {
        let setup = strategy.new_tree(&mut runner).expect("a setup").current();
        setups.push((format!("random-{index:03}"), setup));
    }
    let files: Vec<PathBuf> = setups
        .iter()
        .map(|(name, setup)| {
            let output = generate(setup).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let path = dir.join(format!("{name}.yaml"));
            std::fs::write(&path, output.config).expect("write config");
            path
        })
        .collect();
    check(&python, &files);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The doctor's whole-file recommendation (`skyauth doctor --format config`) for every corpus
/// kubeconfig on each journey passes the strict schema too.
#[test]
fn the_doctors_recommendations_pass_skypilots_strict_schema() {
    use skyauth::doctor::{diagnose, KubeconfigJourney, Recommendation};
    use skyauth::setup::RemoteIdentity;

    let Some(python) = python() else { return };
    let dir = std::env::temp_dir().join(format!("skyauth-sky-doctor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/kubeconfigs");
    let journeys = [
        ("default", KubeconfigJourney::default()),
        (
            "no-upload",
            KubeconfigJourney::Launcher(RemoteIdentity::NoUpload),
        ),
        (
            "custom",
            KubeconfigJourney::Launcher(RemoteIdentity::Custom("sky-sa".into())),
        ),
        ("local", KubeconfigJourney::LocalCredentials),
        ("api-server", KubeconfigJourney::ApiServer),
    ];
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("corpus dir") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (label, journey) in &journeys {
            // Files the doctor refuses (reject-*) have no recommendation.
            let Ok(diagnosis) = diagnose(&text, journey) else {
                continue;
            };
            if let Some(config) = Recommendation::of(&diagnosis).config() {
                let file = dir.join(format!("{name}-{label}.yaml"));
                std::fs::write(&file, config).expect("write config");
                files.push(file);
            }
        }
    }
    assert!(files.len() > 50, "only {} recommendations", files.len());
    check(&python, &files);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The keys the doctor knows (`config-unknown-key`, `config-misplaced-key`,
/// `config-workspace-unknown-key`) are the schema's.
#[test]
fn the_doctors_known_keys_are_skypilots() {
    let Some(python) = python() else { return };
    let output = Command::new(&python)
        .env("IS_SKYPILOT_SERVER", "1")
        .args([
            "-c",
            "from sky.utils import schemas as s; \
             print(','.join(sorted(s._CONTEXT_CONFIG_SCHEMA_KUBERNETES))); \
             print(','.join(sorted(s.get_config_schema()['properties']))); \
             ws = s.get_config_schema()['properties']['workspaces']['additionalProperties']; \
             clouds = [c for p in ws['patternProperties'] for c in p[2:-2].split('|')]; \
             print(','.join(sorted(list(ws['properties']) + clouds))); \
             k = ws['properties']['kubernetes']['properties']; \
             print(','.join(sorted(k))); \
             print(','.join(sorted(k['context_configs']['additionalProperties']['properties'])))",
        ])
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let mut ours = skyauth::doctor::SKY_CONTEXT_KEYS.to_vec();
    ours.sort();
    assert_eq!(lines.next().unwrap(), ours.join(","), "kubernetes keys");
    let mut ours = skyauth::doctor::SKY_TOP_LEVEL_KEYS.to_vec();
    ours.sort();
    assert_eq!(lines.next().unwrap(), ours.join(","), "top-level keys");
    for (keys, what) in [
        (skyauth::doctor::SKY_WORKSPACE_KEYS, "workspace keys"),
        (
            skyauth::doctor::SKY_WORKSPACE_KUBERNETES_KEYS,
            "workspace kubernetes keys",
        ),
        (
            skyauth::doctor::SKY_WORKSPACE_CONTEXT_KEYS,
            "workspace context keys",
        ),
    ] {
        let mut ours = keys.to_vec();
        ours.sort();
        assert_eq!(lines.next().unwrap(), ours.join(","), "{what}");
    }
}

/// The SkyPilot configs of tests/sky-configs/: the traps the doctor reports although the
/// strict schema accepts them, and those an API server refuses (a client ignores the
/// misspelt key; the doctor reports all of them).
#[test]
fn the_sky_config_traps_are_as_the_schema_sees_them() {
    let Some(python) = python() else { return };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sky-configs");
    let cases = [
        ("clean.yaml", true),
        ("no-upload.yaml", true),
        ("identity-mapping.yaml", true),
        ("keyword-case.yaml", true),
        ("missing-context.yaml", true),
        ("nodeport.yaml", false),
        ("misspelt-key.yaml", false),
        ("misplaced-key.yaml", false),
        ("workspace-traps.yaml", false),
    ];
    // One run for all (importing SkyPilot takes seconds): the script prints `FAIL PATH: ...`
    // for each file the schema refuses.
    let paths: Vec<PathBuf> = cases.iter().map(|(file, _)| dir.join(file)).collect();
    let failed = refused(&python, &paths);
    for ((file, passes), path) in cases.iter().zip(&paths) {
        assert_eq!(!failed.contains(path), *passes, "{file}");
    }
}

/// The files among `paths` that skypilot-schema.py refuses, from one run of it.
fn refused(python: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    let output = run_schema(python, paths);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let refused: Vec<PathBuf> = paths
        .iter()
        .filter(|path| {
            let line = format!("FAIL {}: ", path.display());
            stdout.lines().any(|l| l.starts_with(&line))
        })
        .cloned()
        .collect();
    assert_eq!(
        output.status.success(),
        refused.is_empty(),
        "the exit status disagrees with the FAIL lines:\n{stdout}"
    );
    refused
}

/// The oracle itself can fail: a misspelt key and the old per-context mapping's wrong value
/// types are refused (a test that cannot fail would prove nothing).
#[test]
fn the_oracle_refuses_what_a_server_refuses() {
    let Some(python) = python() else { return };
    let dir = std::env::temp_dir().join(format!("skyauth-sky-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut paths = Vec::new();
    for (name, text) in [
        (
            "misspelt",
            "kubernetes:\n  remote_identiy: SERVICE_ACCOUNT\n",
        ),
        ("nodeport", "kubernetes:\n  ports: nodeport\n"),
    ] {
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, text).expect("write");
        paths.push(path);
    }
    assert_eq!(
        refused(&python, &paths),
        paths,
        "each must fail the strict schema"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
