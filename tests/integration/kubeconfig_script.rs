//! The generated kubeconfig script (`generate-kubeconfig.sh`), run by bash against a stand-in
//! `kubectl` that logs its arguments: the token is on no command line (issue #17, item 15),
//! and the kubeconfig it writes reads back, to the exact strings, with the real kubectl
//! (`/usr/bin/kubectl`, when present) and with serde_yaml. Also `bash -n` and, when
//! installed, shellcheck.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use skyauth::generate::kubeconfig_script::render;
use skyauth::setup::Setup;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.sig_-";
const CLUSTER: &str = "prod 'east' #1";
const CONTEXT: &str = "admin@prod: on";
const SERVER: &str = "https://10.0.0.1:6443";
const CA_DATA: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skyauth-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A `kubectl` that appends its arguments to `argv.log` and answers what the script asks; a
/// `--kubeconfig=` call goes to the real kubectl when there is one.
fn fake_kubectl(dir: &Path) {
    let script = format!(
        r#"#!/bin/sh
printf '%s\n' "$*" >> "{log}"
case "$*" in
  --kubeconfig=*) if [ -x /usr/bin/kubectl ]; then exec /usr/bin/kubectl "$@"; fi; exit 0 ;;
  "config current-context") printf '%s\n' "{CONTEXT}" ;;
  *"{{.clusters[0].name}}"*) printf '%s' "{CLUSTER}" ;;
  *"{{.clusters[0].cluster.server}}"*) printf '%s' "{SERVER}" ;;
  *"certificate-authority-data"*) printf '%s' "{CA_DATA}" ;;
  *"create token"*) printf '%s\n' "{TOKEN}" ;;
  *"get secret"*) printf '%s' "{encoded}" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
"#,
        log = dir.join("argv.log").display(),
        encoded = base64(TOKEN),
    );
    let path = dir.join("kubectl");
    std::fs::write(&path, script).expect("write fake kubectl");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn base64(text: &str) -> String {
    let output = Command::new("base64")
        .arg("-w0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .expect("base64 runs");
    String::from_utf8(output.stdout).unwrap()
}

fn script(token_secret: bool) -> String {
    let mut setup = Setup::default();
    setup.account.namespace = "ml".into();
    setup.account.name = "sky-sa".into();
    setup.account.token_secret = token_secret;
    render(
        &setup.account,
        &skyauth::generate::manifest::file_name(&setup),
    )
}

#[test]
fn the_script_writes_a_kubeconfig_without_the_token_on_any_command_line() {
    for token_secret in [false, true] {
        let dir = temp_dir(&format!("kubeconfig-script-{token_secret}"));
        fake_kubectl(&dir);
        let script_path = dir.join("generate-kubeconfig.sh");
        std::fs::write(&script_path, script(token_secret)).unwrap();
        let output_path = dir.join("kubeconfig-out");
        let path = format!(
            "{}:{}",
            dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let run = Command::new("bash")
            .arg(&script_path)
            .arg(&output_path)
            .env("PATH", path)
            .output()
            .expect("bash runs");
        assert!(
            run.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );

        let argv = std::fs::read_to_string(dir.join("argv.log")).unwrap();
        assert!(
            !argv.contains(TOKEN),
            "the token was on a command line:\n{argv}"
        );
        assert!(!argv.contains("c2VjcmV0LXRva2Vu"), "{argv}");

        let mode = std::fs::metadata(&output_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the kubeconfig is private");
        let written = std::fs::read_to_string(&output_path).unwrap();
        let config: serde_yaml::Value = serde_yaml::from_str(&written).expect("YAML");
        assert_eq!(config["users"][0]["user"]["token"].as_str(), Some(TOKEN));
        assert_eq!(config["users"][0]["name"].as_str(), Some("sky-sa"));
        assert_eq!(config["clusters"][0]["name"].as_str(), Some(CLUSTER));
        assert_eq!(
            config["clusters"][0]["cluster"]["server"].as_str(),
            Some(SERVER)
        );
        assert_eq!(
            config["clusters"][0]["cluster"]["certificate-authority-data"].as_str(),
            Some(CA_DATA)
        );
        assert_eq!(config["contexts"][0]["name"].as_str(), Some(CONTEXT));
        assert_eq!(
            config["contexts"][0]["context"]["namespace"].as_str(),
            Some("ml")
        );
        assert_eq!(config["current-context"].as_str(), Some(CONTEXT));

        // The real kubectl reads the same token and names.
        if Path::new("/usr/bin/kubectl").exists() {
            let view = Command::new("/usr/bin/kubectl")
                .arg(format!("--kubeconfig={}", output_path.display()))
                .args(["config", "view", "--raw", "-o"])
                .arg("jsonpath={.users[0].user.token}|{.current-context}|{.clusters[0].name}|{.contexts[0].context.user}")
                .output()
                .expect("kubectl runs");
            assert!(
                view.status.success(),
                "{}",
                String::from_utf8_lossy(&view.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&view.stdout),
                format!("{TOKEN}|{CONTEXT}|{CLUSTER}|sky-sa")
            );
        } else {
            eprintln!("\n*** SKIPPED the kubectl check: /usr/bin/kubectl is missing ***\n");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_script_passes_bash_n_and_shellcheck() {
    let dir = temp_dir("kubeconfig-script-lint");
    for token_secret in [false, true] {
        let path = dir.join(format!("script-{token_secret}.sh"));
        std::fs::write(&path, script(token_secret)).unwrap();
        let syntax = Command::new("bash").arg("-n").arg(&path).output().unwrap();
        assert!(
            syntax.status.success(),
            "{}",
            String::from_utf8_lossy(&syntax.stderr)
        );
        match Command::new("shellcheck").arg(&path).output() {
            Ok(check) => assert!(
                check.status.success(),
                "{}",
                String::from_utf8_lossy(&check.stdout)
            ),
            Err(_) => eprintln!("\n*** SKIPPED shellcheck: not installed ***\n"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
