//! Where admins already work (#26): `--version` names the commit and the SkyPilot releases;
//! the binary answers as `kubectl skyauth` under the plugin's name; `doctor` takes kubectl's
//! `--kubeconfig`, and on a terminal with no file reads the kubeconfig kubectl reads
//! (`$KUBECONFIG`, else `~/.kube/config`), which `script` gives it here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::cli::skyauth;

const KUBECONFIG: &str = "tests/kubeconfigs/gke-plugin.yaml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skyauth-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn version_names_the_commit_and_the_skypilot_releases() {
    let run = skyauth(&["--version"], b"");
    assert!(run.status.success());
    let out = text(&run);
    assert!(
        out.starts_with(&format!("skyauth {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert!(
        out.contains("writes for SkyPilot 0.14.1 by default"),
        "{out}"
    );
    assert!(out.contains("releases 0.10.0 to 0.14.1"), "{out}");
    assert!(
        !out.contains("(commit unknown)"),
        "built in a git checkout: {out}"
    );
}

/// The binary under the plugin's name, as `kubectl skyauth` runs it.
fn plugin(dir: &Path) -> PathBuf {
    let path = dir.join("kubectl-skyauth");
    let _ = std::fs::remove_file(&path);
    std::fs::copy(env!("CARGO_BIN_EXE_skyauth"), &path).expect("copy the binary");
    path
}

#[test]
fn under_the_plugin_name_it_answers_as_kubectl_skyauth() {
    let dir = temp_dir("plugin");
    let plugin = plugin(&dir);
    let help = Command::new(&plugin).arg("--help").output().expect("run");
    assert!(help.status.success());
    assert!(
        text(&help).contains("Usage: kubectl skyauth [OPTIONS] <COMMAND>"),
        "{}",
        text(&help)
    );
    let error = Command::new(&plugin)
        .arg("no-such-command")
        .output()
        .expect("run");
    assert_eq!(error.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&error.stderr).contains("kubectl skyauth"));
    // `--kubeconfig FILE` is FILE, under either name.
    let file = root().join(KUBECONFIG);
    let by_flag = Command::new(&plugin)
        .args(["doctor", "--kubeconfig"])
        .arg(&file)
        .output()
        .expect("run");
    let by_file = skyauth(&["doctor", file.to_str().unwrap()], b"");
    assert_eq!(by_flag.status.code(), by_file.status.code());
    assert_eq!(text(&by_flag), text(&by_file));
    assert!(text(&by_flag).contains("context "), "{}", text(&by_flag));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `command` run with a terminal as standard input (`script`, util-linux), in `env`.
fn on_a_terminal(command: &str, env: &[(&str, &Path)]) -> Output {
    let mut script = Command::new("script");
    script
        .args(["-qec", command, "/dev/null"])
        .env_remove("KUBECONFIG");
    for (key, value) in env {
        script.env(key, value);
    }
    script.output().expect("script (util-linux) runs")
}

#[test]
fn on_a_terminal_doctor_reads_kubectls_kubeconfig() {
    let dir = temp_dir("terminal");
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".kube")).expect("home");
    let binary = env!("CARGO_BIN_EXE_skyauth");
    // No kubeconfig anywhere: the usage, exit 2.
    let none = on_a_terminal(&format!("{binary} doctor"), &[("HOME", &home)]);
    assert_eq!(none.status.code(), Some(2), "{}", text(&none));
    assert!(text(&none).contains("no input"), "{}", text(&none));
    // ~/.kube/config.
    std::fs::copy(root().join(KUBECONFIG), home.join(".kube/config")).expect("copy");
    let from_home = on_a_terminal(&format!("{binary} doctor"), &[("HOME", &home)]);
    let out = text(&from_home);
    assert!(
        out.contains("note: reading") && out.contains(".kube/config"),
        "{out}"
    );
    assert!(out.contains("context "), "{out}");
    // $KUBECONFIG's first file beats it.
    let other = dir.join("other.yaml");
    std::fs::copy(root().join("tests/kubeconfigs/eks-aws-cli.yaml"), &other).expect("copy");
    let list = std::env::join_paths([other.as_path(), Path::new("/nonexistent")]).unwrap();
    let list = PathBuf::from(list);
    let from_env = on_a_terminal(
        &format!("{binary} doctor"),
        &[("HOME", &home), ("KUBECONFIG", &list)],
    );
    let out = text(&from_env);
    assert!(
        out.contains(&format!("note: reading {}", other.display())),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// kubectl's `-n` is `--namespace` wherever skyauth takes one.
#[test]
fn dash_n_is_the_namespace_as_in_kubectl() {
    for command in [
        &["rbac", "--service-account", "sky-sa"][..],
        &["config"][..],
        &["helm"][..],
        &["verify", "--service-account", "ml/sky-sa"][..],
    ] {
        let long: Vec<&str> = command
            .iter()
            .copied()
            .chain(["--namespace", "team-a"])
            .collect();
        let short: Vec<&str> = command.iter().copied().chain(["-n", "team-a"]).collect();
        let (long, short) = (skyauth(&long, b""), skyauth(&short, b""));
        assert!(
            long.status.success(),
            "{command:?}: {}",
            String::from_utf8_lossy(&long.stderr)
        );
        assert_eq!(long.stdout, short.stdout, "{command:?}");
        assert!(
            String::from_utf8_lossy(&short.stdout).contains("team-a"),
            "{command:?}"
        );
    }
}
