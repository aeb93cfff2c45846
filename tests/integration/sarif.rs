//! `doctor` and `audit` as SARIF 2.1.0 (#26 item 3): every log of the kubeconfig corpus (with
//! the SkyPilot config traps beside one) and of the golden manifests passes the official SARIF
//! schema (the one the `serde-sarif` crate ships, under `jsonschema`) and reads as SARIF's
//! object model; each result points where its finding is: a context's entry, the key a config
//! finding names, the binding an audit warning is about.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{cli::skyauth, fixtures};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `skyauth ARGS` run from the repository root (so URIs are the relative paths given).
fn sarif(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_skyauth"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run skyauth");
    assert!(
        output.status.code().is_some_and(|code| code < 2),
        "{args:?}"
    );
    let log: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let typed: Result<serde_sarif::sarif::Sarif, _> = serde_json::from_value(log.clone());
    assert!(
        typed.is_ok(),
        "{args:?}: not SARIF's object model: {typed:?}"
    );
    log
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

/// (uri, line, column, ruleId) of each result.
fn places(log: &Value) -> Vec<(String, u64, u64, String)> {
    results(log)
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["region"]["startLine"].as_u64().unwrap(),
                location["region"]["startColumn"].as_u64().unwrap(),
                result["ruleId"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn line(file: &str, number: u64) -> String {
    let text = fs::read_to_string(root().join(file)).expect("file");
    text.lines()
        .nth(number as usize - 1)
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_context_finding_points_at_the_contexts_entry_and_a_config_finding_at_its_key() {
    let log = sarif(&[
        "doctor",
        "tests/kubeconfigs/multi-context-mixed.yaml",
        "--sky-config",
        "tests/sky-configs/workspace-traps.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(log["version"], "2.1.0");
    let places = places(&log);
    let config = "tests/sky-configs/workspace-traps.yaml";
    let at = |rule: &str| {
        places
            .iter()
            .filter(|(uri, _, _, id)| uri == config && id == rule)
            .map(|(_, line, column, _)| (*line, *column))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        line(config, at("config-workspace-keyword-case")[0].0).trim(),
        "remote_identity: service_account"
    );
    let unknown = at("config-workspace-unknown-key");
    assert_eq!(line(config, unknown[0].0).trim(), "namspace: ml-research");
    assert_eq!(line(config, unknown[1].0).trim(), "kubernets:");
    assert_eq!(unknown[1].1, 5, "the column of `kubernets`");
    // Every kubeconfig finding about a context points at a `- ` entry of `contexts:`.
    let kubeconfig = "tests/kubeconfigs/multi-context-mixed.yaml";
    let context_results: Vec<_> = places
        .iter()
        .filter(|(uri, line, ..)| uri == kubeconfig && *line > 1)
        .collect();
    assert!(!context_results.is_empty());
    for (_, number, _, rule) in context_results {
        assert!(
            line(kubeconfig, *number).trim_start().starts_with("- "),
            "{rule} at line {number}"
        );
    }
    // Each rule once, with its title.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count);
    assert!(rules
        .iter()
        .all(|r| !r["shortDescription"]["text"].as_str().unwrap().is_empty()));
}

#[test]
fn an_audit_warning_points_at_its_binding() {
    let file = "tests/golden/custom-cluster-admin.rbac.yaml";
    let log = sarif(&["audit", file, "--format", "sarif"]);
    let places = places(&log);
    let warning = places
        .iter()
        .find(|(.., rule)| rule.starts_with("far-beyond-"))
        .expect("a warning");
    assert_eq!(line(file, warning.1), "kind: ClusterRoleBinding");
    let missing = sarif(&[
        "audit",
        "tests/golden/custom-minimal.rbac.yaml",
        "--features",
        "core,gpu-metrics",
        "-o",
        "sarif",
    ]);
    let levels: Vec<&str> = results(&missing)
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error"]);
    assert_eq!(results(&missing)[0]["ruleId"], "missing-gpu-metrics");
}

/// The schema `serde-sarif` ships (the OASIS one), found through `cargo metadata` for this
/// host only: offline, a fresh machine has no manifests of other platforms' crates
/// (`anstyle-wincon`), which an unfiltered `cargo metadata` needs.
fn sarif_schema() -> PathBuf {
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("rustc -vV");
    let rustc = String::from_utf8_lossy(&rustc.stdout);
    let host = rustc
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host");
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            host,
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dev-dependency");
    let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap());
    manifest.parent().unwrap().join("src/schema.json")
}

#[test]
fn every_log_passes_the_sarif_schema() {
    let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "SARIF schema") else {
        return;
    };
    let schema = sarif_schema();
    assert!(schema.is_file(), "{}", schema.display());
    let dir = std::env::temp_dir().join(format!("skyauth-sarif-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let mut logs = Vec::new();
    let mut write = |name: String, log: Value| {
        let path = dir.join(format!("{name}.sarif"));
        fs::write(&path, serde_json::to_vec(&log).unwrap()).expect("write");
        logs.push(path);
    };
    let mut kubeconfigs: Vec<PathBuf> = fs::read_dir(root().join("tests/kubeconfigs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    kubeconfigs.sort();
    for (index, path) in kubeconfigs.iter().enumerate() {
        let file = path.to_str().unwrap();
        if skyauth(&["doctor", file], b"").status.code() == Some(2) {
            continue;
        }
        write(
            format!("doctor-{index}"),
            sarif(&["doctor", file, "--api-server", "-o", "sarif"]),
        );
    }
    for trap in fs::read_dir(root().join("tests/sky-configs")).unwrap() {
        let trap = trap.unwrap().path();
        let name = trap.file_stem().unwrap().to_string_lossy().into_owned();
        let args = [
            "doctor",
            "tests/kubeconfigs/multi-context-mixed.yaml",
            "--sky-config",
            trap.to_str().unwrap(),
            "-o",
            "sarif",
        ];
        write(format!("sky-{name}"), sarif(&args));
    }
    for name in [
        "custom-cluster-admin",
        "custom-minimal",
        "custom-namespace-admin-all-features",
    ] {
        let file = format!("tests/golden/{name}.rbac.yaml");
        write(
            format!("audit-{name}"),
            sarif(&["audit", &file, "--features", "all", "-o", "sarif"]),
        );
    }
    let check = |files: &[PathBuf]| {
        Command::new(&python)
            .arg(root().join("scripts/json-schema-check.py"))
            .arg(&schema)
            .args(files)
            .output()
            .expect("run the schema oracle")
    };
    let output = check(&logs);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // The oracle can fail: a level SARIF does not have.
    let bad = dir.join("bad.sarif");
    let text = fs::read_to_string(&logs[0]).unwrap();
    fs::write(&bad, text.replacen("\"level\":\"", "\"level\":\"fatal-", 1)).unwrap();
    assert!(text.contains("\"level\":\""), "the first log has a result");
    assert!(!check(std::slice::from_ref(&bad)).status.success());
    let _ = fs::remove_dir_all(Path::new(&dir));
}
