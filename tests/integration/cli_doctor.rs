//! `skyauth doctor` as a user runs it: exit codes, JSON shape, stdin, errors on stderr.

use crate::support;

use std::process::Output;

fn doctor(args: &[&str], stdin: &[u8]) -> Output {
    support::cli::skyauth(&[&["doctor"], args].concat(), stdin)
}

fn corpus(file: &str) -> String {
    format!("{}/tests/kubeconfigs/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn exit_status_is_0_without_errors_1_with_errors_2_when_unreadable() {
    assert_eq!(doctor(&[&corpus("token.yaml")], b"").status.code(), Some(0));
    // A plain GKE kubeconfig on each journey, as docs/doctor.md says: 0 by default
    // (SERVICE_ACCOUNT), 0 with warnings for LOCAL_CREDENTIALS, 1 for an API server.
    let gke = corpus("gke-plugin.yaml");
    for (args, code) in [
        (vec![gke.as_str()], 0),
        (
            vec![gke.as_str(), "--remote-identity", "SERVICE_ACCOUNT"],
            0,
        ),
        (
            vec![gke.as_str(), "--remote-identity", "LOCAL_CREDENTIALS"],
            0,
        ),
        (vec![gke.as_str(), "--api-server"], 1),
        (
            vec![
                &corpus("aks-kubelogin.yaml"),
                "--remote-identity",
                "LOCAL_CREDENTIALS",
            ],
            1,
        ),
    ] {
        let output = doctor(&args, b"");
        assert_eq!(output.status.code(), Some(code), "{args:?}");
    }
    let local = doctor(&[&gke, "--remote-identity", "LOCAL_CREDENTIALS"], b"");
    let text = String::from_utf8_lossy(&local.stdout);
    assert!(text.contains("0 errors, 1 warnings"), "{text}");
    assert!(text.contains("Enable GCP in `sky check`"), "{text}");
    for (args, input) in [
        (vec![corpus("reject-pod.yaml")], &b""[..]),
        (vec!["-".to_owned()], &b"}{ not yaml"[..]),
        (vec!["-".to_owned()], &b""[..]),
        (vec!["/nonexistent/kubeconfig".to_owned()], &b""[..]),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = doctor(&args, input);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
}

#[test]
fn json_has_the_documented_shape() {
    let text = std::fs::read(corpus("multi-context-mixed.yaml")).unwrap();
    let output = doctor(
        &[
            "-",
            "--format",
            "json",
            "--remote-identity",
            "LOCAL_CREDENTIALS",
        ],
        &text,
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["current_context"], "prod-sa");
    let keys = |value: &serde_json::Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&json), ["contexts", "current_context", "findings"]);
    assert_eq!(
        keys(&json["contexts"][0]),
        [
            "auth",
            "cluster",
            "exec_command",
            "exec_provider",
            "name",
            "recommended_remote_identity",
            "user",
            "verdict"
        ]
    );
    assert_eq!(
        keys(&json["findings"][0]),
        ["code", "context", "fix", "message", "severity"]
    );
    let gke = &json["contexts"][1];
    assert_eq!(
        (
            gke["auth"].as_str(),
            gke["exec_command"].as_str(),
            gke["exec_provider"].as_str()
        ),
        (Some("exec"), Some("gke-gcloud-auth-plugin"), Some("gke"))
    );
    assert_eq!(gke["recommended_remote_identity"], "LOCAL_CREDENTIALS");
    assert_eq!(gke["verdict"], "ready-with-warnings");
    // SkyPilot's SSH Node Pool contexts: nothing recommended.
    let output = doctor(&[&corpus("ssh-node-pool.yaml"), "--format", "json"], b"");
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["contexts"][1]["verdict"], "ssh-node-pool");
    assert!(json["contexts"][1]["recommended_remote_identity"].is_null());
    assert_eq!(json["findings"][0]["code"], "ssh-node-pool");
}

fn sky_config(file: &str) -> String {
    format!("{}/tests/sky-configs/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn format_config_prints_the_snippet_for_the_usable_contexts() {
    let output = doctor(
        &[
            &corpus("multi-context-mixed.yaml"),
            "--format",
            "config",
            "--remote-identity",
            "LOCAL_CREDENTIALS",
        ],
        b"",
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit codes as for the report"
    );
    let config: serde_json::Value = serde_yaml::from_slice(&output.stdout).expect("YAML");
    assert_eq!(config["kubernetes"]["remote_identity"], "LOCAL_CREDENTIALS");
    assert_eq!(
        config["kubernetes"]["allowed_contexts"],
        serde_json::json!(["prod-sa", "gke-dev", "kind-local"])
    );
    assert_eq!(
        config["kubernetes"]["context_configs"]["kind-local"]["remote_identity"],
        "SERVICE_ACCOUNT"
    );
    let output = doctor(
        &[
            &corpus("aks-kubelogin.yaml"),
            "--format",
            "config",
            "--api-server",
        ],
        b"",
    );
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("note: "));
}

#[test]
fn sky_config_traps_are_findings_and_an_unreadable_one_exits_2() {
    let output = doctor(
        &[
            &corpus("multi-context-mixed.yaml"),
            "--sky-config",
            &sky_config("keyword-case.yaml"),
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"config-keyword-case"), "{codes:?}");
    // The config's own identity is the journey unless --remote-identity says otherwise:
    // NO_UPLOAD keeps the kubeconfig with the launcher although allowed_contexts is set.
    let output = doctor(
        &[
            &corpus("gke-plugin.yaml"),
            "--sky-config",
            &sky_config("no-upload.yaml"),
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("recommended remote_identity: NO_UPLOAD"),
        "{text}"
    );
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    let output = doctor(
        &[
            &corpus("gke-plugin.yaml"),
            "--sky-config",
            &sky_config("clean.yaml"),
        ],
        b"",
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 errors, 1 warnings"));
    for path in [
        "/nonexistent/config.yaml".to_owned(),
        corpus("reject-unclosed.yaml"),
    ] {
        let output = doctor(&[&corpus("token.yaml"), "--sky-config", &path], b"");
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert!(output.stdout.is_empty());
        assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: --sky-config: "));
    }
    // --api-server and --remote-identity contradict each other.
    let output = doctor(
        &[
            &corpus("token.yaml"),
            "--api-server",
            "--remote-identity",
            "NO_UPLOAD",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn text_output_never_shows_secrets() {
    let output = doctor(&[&corpus("minikube-files.yaml")], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("context k3d"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("redacted ("), "{text}");
}

#[test]
fn pathless_prints_the_rewritten_kubeconfig() {
    let output = doctor(&[&corpus("gke-absolute-path.yaml"), "--pathless"], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("command: gke-gcloud-auth-plugin\n"), "{text}");
    assert!(!text.contains("/Users/me"), "{text}");
}

#[test]
fn names_cannot_drive_the_terminal() {
    // A context named with a clipboard write (OSC 52), a screen clear and a bidi override.
    let kubeconfig = "apiVersion: v1\nclusters:\n- name: \"c\\e[2J\"\n  cluster: {server: https://example.com}\nusers:\n- name: u\n  user: {token: t0ken-value}\ncontexts:\n- name: \"evil\\e]52;c;SGVsbG8=\\a\\u202Eok\"\n  context: {cluster: \"c\\e[2J\", user: u}\ncurrent-context: \"missing\\e[31m\"\n";
    let output = doctor(&["-"], kubeconfig.as_bytes());
    let text = String::from_utf8(output.stdout).unwrap();
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(raw), "{raw:?} in {text}");
    }
    assert!(
        text.contains("context evil\\u{1b}]52;c;SGVsbG8=\\u{7}\\u{202e}ok"),
        "{text}"
    );
    assert!(text.contains("cluster c\\u{1b}[2J, user u"), "{text}");
    assert!(text.contains("`missing\\u{1b}[31m`"), "{text}");
    // Errors on stderr too: the kind of a document that is not a kubeconfig.
    let output = doctor(&["-"], b"apiVersion: v1\nkind: \"Pod\\e]0;pwned\\a\"\n");
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        !error.contains('\u{1b}') && !error.contains('\u{7}'),
        "{error}"
    );
    assert!(error.contains("Pod\\u{1b}]0;pwned\\u{7}"), "{error}");
}

#[test]
fn remote_identity_is_validated_as_config_does() {
    for value in [
        "local_credentials",
        "service_account",
        "",
        "Sky_SA",
        "sa name",
    ] {
        let output = doctor(
            &[&corpus("gke-plugin.yaml"), "--remote-identity", value],
            b"",
        );
        assert_eq!(output.status.code(), Some(2), "{value:?}");
        assert!(output.stdout.is_empty(), "{value:?}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.starts_with("error: --remote-identity: "), "{error}");
    }
    let output = doctor(
        &[
            &corpus("gke-plugin.yaml"),
            "--remote-identity",
            "local_credentials",
        ],
        b"",
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("`LOCAL_CREDENTIALS`"),
        "names the keyword"
    );
    // A valid account name and the keywords are accepted.
    for value in ["sky-sa", "NO_UPLOAD", "LOCAL_CREDENTIALS"] {
        let output = doctor(
            &[&corpus("gke-plugin.yaml"), "--remote-identity", value],
            b"",
        );
        assert_ne!(output.status.code(), Some(2), "{value:?}");
    }
}

#[test]
fn type_errors_on_stderr_do_not_echo_the_value() {
    let output = doctor(
        &["-"],
        b"users:\n- name: u\n  user:\n    exec: {command: x, args: \"--token=SECRET-ARG\"}\n",
    );
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(!error.contains("SECRET-ARG"), "{error}");
    assert!(
        error.contains("users[0].user.exec.args: invalid type: a string"),
        "{error}"
    );
}

#[test]
fn the_text_report_of_15000_contexts_is_linear() {
    let mut kubeconfig = String::from("apiVersion: v1\ncurrent-context: c0\nclusters:\n");
    let count = 15_000;
    for i in 0..count {
        kubeconfig.push_str(&format!(
            "- {{name: k{i}, cluster: {{server: https://10.0.0.1}}}}\n"
        ));
    }
    kubeconfig.push_str("users:\n");
    for i in 0..count {
        kubeconfig.push_str(&format!("- {{name: u{i}, user: {{token: t{i}}}}}\n"));
    }
    kubeconfig.push_str("contexts:\n");
    for i in 0..count {
        kubeconfig.push_str(&format!(
            "- {{name: c{i}, context: {{cluster: k{i}, user: u{i}}}}}\n"
        ));
    }
    let start = std::time::Instant::now();
    let output = doctor(&["-"], kubeconfig.as_bytes());
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches("\ncontext c").count(), count);
    assert!(text.contains("\ncontext c14999\n  cluster k14999, user u14999, auth token\n"));
    assert!(
        text.ends_with("\n0 errors, 0 warnings, 15000 notes\n"),
        "{}",
        &text[text.len() - 100..]
    );
    // Quadratic, this took 13 s in a release build; linear, well under a second.
    assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
    eprintln!("15,000 contexts as text: {elapsed:?}");
}

/// One decoding rule for the CLI and the page (`skyauth::text_encoding`): UTF-16 with a
/// byte-order mark reads as its UTF-8 does (kubectl reads it too); Latin-1 is refused with the
/// byte offset and the command that converts it; the same for `doctor`, `--sky-config` and
/// `audit`, from a file or standard input.
#[test]
fn utf16_with_a_mark_is_read_and_latin1_is_refused_with_what_to_do() {
    let utf8 = std::fs::read(corpus("token.yaml")).unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap();
    let mut utf16_le = vec![0xff, 0xfe];
    utf16_le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16_be = vec![0xfe, 0xff];
    utf16_be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let expected = doctor(&["-", "--format", "json"], &utf8);
    assert_eq!(expected.status.code(), Some(0));
    for utf16 in [&utf16_le, &utf16_be] {
        let output = doctor(&["-", "--format", "json"], utf16);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.stdout, expected.stdout);
    }

    let latin1 = text.replacen("name: ", "name: caf\u{e9}", 1);
    let latin1: Vec<u8> = latin1.chars().map(|c| c as u8).collect();
    let offset = latin1.iter().position(|&byte| byte == 0xe9).unwrap();
    let path = std::env::temp_dir().join(format!("skyauth-latin1-{}.yaml", std::process::id()));
    std::fs::write(&path, &latin1).unwrap();
    let file = path.to_str().unwrap();
    for (output, named) in [
        (doctor(&["-"], &latin1), "standard input"),
        (doctor(&[file], b""), file),
        (
            doctor(&[&corpus("token.yaml"), "--sky-config", file], b""),
            file,
        ),
        (
            support::cli::skyauth(&["audit", "-", "--service-account", "ml/sky"], &latin1),
            "standard input",
        ),
    ] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(output.stdout.is_empty());
        assert!(
            stderr.contains(&format!(
                "{named}: it is not UTF-8 text: byte {offset} (0xE9)"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("iconv -f latin1 -t utf-8"), "{stderr}");
    }
    std::fs::remove_file(&path).unwrap();
}

/// `skyauth ARGS` with a terminal as standard input (util-linux `script` gives it one) kept
/// open and silent, as when a user types the command without a file; stopped after
/// `seconds`. `None` where `script` is missing.
fn on_a_terminal(args: &str, seconds: u32) -> Option<(Option<i32>, String)> {
    use std::process::{Command, Stdio};
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_skyauth"));
    let mut child = match Command::new("timeout")
        .args([
            &seconds.to_string(),
            "script",
            "-qec",
            &command,
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            eprintln!("SKIPPED: no `timeout`/`script` to give skyauth a terminal: {error}");
            return None;
        }
    };
    // Standard input stays open (the pipe into `script`) until the child is done.
    let stdin = child.stdin.take();
    let output = child.wait_with_output().expect("wait");
    drop(stdin);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    Some((output.status.code(), text))
}

#[test]
fn no_file_on_a_terminal_prints_the_usage_instead_of_waiting() {
    for subcommand in ["doctor", "audit"] {
        let Some((status, text)) = on_a_terminal(subcommand, 20) else {
            return;
        };
        // 124 would be `timeout` stopping a command that waited for a paste.
        assert_eq!(status, Some(2), "{subcommand}: {text}");
        assert!(text.contains("error: no input"), "{subcommand}: {text}");
        assert!(
            text.contains(&format!("skyauth {subcommand} [OPTIONS]")),
            "{subcommand}: {text}"
        );
    }
    // `-` still reads the terminal: it waits, so `timeout` stops it.
    if let Some((status, text)) = on_a_terminal("doctor -", 2) {
        assert_eq!(status, Some(124), "{text}");
    }
}

#[test]
fn no_file_reads_a_pipe() {
    let kubeconfig = std::fs::read(corpus("token.yaml")).expect("corpus");
    let output = doctor(&[], &kubeconfig);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("context sa-token (current)"));
}

#[test]
fn a_value_repeated_by_aliases_past_4_mib_exits_2_naming_the_limit_and_the_place() {
    // #22 item 12: one certificate and 31 aliases of it wrote 800 MB; now nothing is written.
    let ca = "LS0t".repeat(100_000);
    let mut text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c0\n  cluster: {{server: 'https://k', certificate-authority-data: &ca {ca}}}\n"
    );
    for i in 1..32 {
        text.push_str(&format!(
            "- name: c{i}\n  cluster: {{server: 'https://k', certificate-authority-data: *ca}}\n"
        ));
    }
    for flags in [&[][..], &["--pathless"], &["--format", "json"]] {
        let output = doctor(&[&["-"], flags].concat(), text.as_bytes());
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        assert!(output.stdout.is_empty(), "{flags:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("error: line 25, column 62: the alias `*ca`")
                && stderr.contains("larger than 4 MiB"),
            "{stderr}"
        );
    }
}

/// #22 item 15: names with control, bidirectional or zero-width characters. Typed, they are
/// refused (verify, config); read from a kubeconfig, no output holds them raw (text, JSON,
/// `--format config`, `--pathless`) and the doctor flags them.
#[test]
fn names_with_invisible_characters_are_refused_typed_and_escaped_everywhere_read() {
    use skyauth::terminal_text::has_unsafe_chars;
    let raw = |bytes: &[u8]| has_unsafe_chars(&String::from_utf8_lossy(bytes).replace('\n', ""));
    for args in [
        vec!["verify", "--user", "alice\u{1b}]52;c;SGk=\u{7}"],
        vec!["verify", "--group", "dev\u{202e}sppa"],
        vec!["verify", "--user", "bob\u{200b}"],
        vec![
            "config",
            "--remote-identity",
            "SERVICE_ACCOUNT",
            "--allowed-context",
            "prod\u{200b}",
        ],
        vec![
            "config",
            "--remote-identity",
            "SERVICE_ACCOUNT",
            "--allowed-context",
            "prod\u{202e}ved",
        ],
    ] {
        let output = support::cli::skyauth(&args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            !raw(&output.stderr),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let bad = "prod\u{202e}ved\u{200b}";
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: ok\nclusters:\n- name: k\n  cluster: {{server: 'https://k.example.com'}}\n\
         users:\n- name: u\n  user:\n    exec: {{apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/bin/kubelogin}}\n\
         contexts:\n- name: ok\n  context: {{cluster: k, user: u}}\n- name: \"{bad}\"\n  context: {{cluster: k, user: u}}\n"
    );
    for flags in [
        vec![],
        vec!["--format", "json"],
        vec!["--format", "config"],
        vec!["--pathless"],
    ] {
        let output = doctor(&[&["-"], &flags[..]].concat(), kubeconfig.as_bytes());
        assert!(
            !raw(&output.stdout),
            "{flags:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        match flags.as_slice() {
            [] => assert!(
                stdout.contains("[unsafe-name]") && stdout.contains("prod\\u{202e}ved\\u{200b}"),
                "{stdout}"
            ),
            [_, "json"] => {
                let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
                assert_eq!(json["contexts"][1]["name"], bad, "the value is kept");
                assert!(json["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["code"] == "unsafe-name"));
            }
            [_, "config"] => {
                assert!(
                    stdout.contains("- ok\n") && !stdout.contains("prod"),
                    "{stdout}"
                );
            }
            _ => {
                // The rewrite escapes the name and reads back to the same one.
                let config = skyauth::doctor::parse(&stdout).expect("reads back");
                assert_eq!(config.contexts[1].name, bad);
            }
        }
    }
}

#[test]
fn context_judges_only_the_named_contexts_in_every_format_and_the_exit_status() {
    let mixed = corpus("multi-context-mixed.yaml");
    let local = ["--remote-identity", "LOCAL_CREDENTIALS"];
    // The whole file fails for LOCAL_CREDENTIALS (an exec plugin, a localhost server)...
    assert_eq!(
        doctor(&[&[mixed.as_str()], &local[..]].concat(), b"")
            .status
            .code(),
        Some(1)
    );
    // ...its one static-token context does not, and the report names nothing else.
    let output = doctor(
        &[&[mixed.as_str(), "--context", "prod-sa"], &local[..]].concat(),
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("context prod-sa (current)"), "{text}");
    assert!(
        !text.contains("gke-dev") && !text.contains("kind-local"),
        "{text}"
    );
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
    // JSON: the named contexts in the file's order, and only their findings.
    let output = doctor(
        &[
            &[mixed.as_str(), "-o", "json", "--context", "kind-local"],
            &["--context", "gke-dev"][..],
            &local[..],
        ]
        .concat(),
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let contexts: Vec<&str> = json["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(contexts, ["gke-dev", "kind-local"]);
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["context"] == "gke-dev" || f["context"] == "kind-local"));
    // --format config recommends only the named contexts.
    let output = doctor(
        &[
            &[mixed.as_str(), "-o", "config", "--context", "prod-sa"],
            &local[..],
        ]
        .concat(),
        b"",
    );
    let config: serde_json::Value = serde_yaml::from_slice(&output.stdout).expect("YAML");
    assert_eq!(
        config["kubernetes"]["allowed_contexts"],
        serde_json::json!(["prod-sa"])
    );
    // SARIF: the results are the named context's.
    let output = doctor(&[&mixed, "-o", "sarif", "--context", "kind-local"], b"");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let message = result["message"]["text"].as_str().unwrap_or_default();
        assert!(!message.contains("gke-dev"), "{message}");
    }
    // The gate judges only the named context: the file's notes are kind-local's.
    let output = doctor(&[&mixed, "--fail-on", "note"], b"");
    assert_eq!(output.status.code(), Some(1));
    let output = doctor(&[&mixed, "--fail-on", "note", "--context", "prod-sa"], b"");
    assert_eq!(output.status.code(), Some(0));
    let output = doctor(
        &[&mixed, "--fail-on", "note", "--context", "kind-local"],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_unknown_or_empty_context_exits_2_saying_which_contexts_there_are() {
    let mixed = corpus("multi-context-mixed.yaml");
    let output = doctor(
        &[&mixed, "--context", "prod-sa", "--context", "staging"],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: --context: no context `staging` in this kubeconfig; its contexts: `prod-sa`, \
         `gke-dev`, `kind-local`\n"
    );
    for empty in ["", "  "] {
        let output = doctor(&[&mixed, "--context", empty], b"");
        assert_eq!(output.status.code(), Some(2), "{empty:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be empty"));
    }
    // --pathless rewrites the whole file: a context there is a usage error.
    assert_eq!(
        doctor(&[&mixed, "--pathless", "--context", "prod-sa"], b"")
            .status
            .code(),
        Some(2)
    );
}
