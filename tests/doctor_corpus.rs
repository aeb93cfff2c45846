//! The doctor on a corpus of realistic kubeconfigs (tests/kubeconfigs/): expected findings,
//! verdicts and recommendations per file, rejections with clear messages, no secret echoed.

use std::path::{Path, PathBuf};

use skyauth::doctor::{diagnose, diagnose_bytes, pathless_kubeconfig, Diagnosis, DoctorError};
use skyauth::setup::RemoteIdentity;

fn corpus(file: &str) -> String {
    std::fs::read_to_string(corpus_path(file)).expect("corpus file")
}

fn corpus_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/kubeconfigs")
        .join(file)
}

/// `code@context:s` strings (s = e/w/i), sorted.
fn finding_keys(diagnosis: &Diagnosis) -> Vec<String> {
    let mut keys: Vec<String> = diagnosis
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}@{}:{}",
                f.code,
                f.context.as_deref().unwrap_or("-"),
                &f.severity.as_str()[..1]
            )
        })
        .collect();
    keys.sort();
    keys
}

/// `context=verdict>recommendation` strings, in file order.
fn verdicts(diagnosis: &Diagnosis) -> Vec<String> {
    diagnosis
        .contexts
        .iter()
        .map(|c| {
            format!(
                "{}={}>{}",
                c.name,
                c.verdict.as_str(),
                c.recommended_remote_identity
            )
        })
        .collect()
}

const GKE: &str = "gke_my-project_us-central1_prod";
const EKS: &str = "arn:aws:eks:us-west-2:123456789012:cluster/training";

/// (file, expected findings, expected verdicts) for LOCAL_CREDENTIALS, the doctor's default intent.
fn expectations() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let s = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>();
    let mixed_findings = s(&[
        "exec-auth@gke-dev:e",
        "localhost-server@kind-local:e",
        "no-namespace@kind-local:i",
    ]);
    let mixed_verdicts = s(&[
        "prod-sa=ready>LOCAL_CREDENTIALS",
        "gke-dev=use-service-account>SERVICE_ACCOUNT",
        "kind-local=use-service-account>SERVICE_ACCOUNT",
    ]);
    vec![
        (
            "gke-plugin.yaml",
            s(&[&format!("exec-auth@{GKE}:e")]),
            s(&[&format!("{GKE}=use-service-account>SERVICE_ACCOUNT")]),
        ),
        (
            "gke-absolute-path.yaml",
            s(&[
                &format!("exec-absolute-path@{GKE}:w"),
                &format!("exec-auth@{GKE}:e"),
            ]),
            s(&[&format!("{GKE}=use-service-account>SERVICE_ACCOUNT")]),
        ),
        (
            "eks-aws-cli.yaml",
            s(&[&format!("exec-auth@{EKS}:e")]),
            s(&[&format!("{EKS}=use-service-account>SERVICE_ACCOUNT")]),
        ),
        (
            "eks-iam-authenticator.yaml",
            s(&["exec-auth@eks-legacy:e"]),
            s(&["eks-legacy=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "aks-kubelogin.yaml",
            s(&["exec-auth@aks-gpu:e"]),
            s(&["aks-gpu=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "oidc-login.yaml",
            s(&["exec-auth@oidc@onprem:e"]),
            s(&["oidc@onprem=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "oci-and-nebius.yaml",
            s(&["exec-auth@nebius:e", "exec-auth@oke:e"]),
            s(&[
                "oke=use-service-account>SERVICE_ACCOUNT",
                "nebius=use-service-account>SERVICE_ACCOUNT",
            ]),
        ),
        (
            "token.yaml",
            s(&[]),
            s(&["sa-token=ready>LOCAL_CREDENTIALS"]),
        ),
        (
            "invalid-base64.yaml",
            s(&["invalid-base64@-:e"]),
            s(&["prod=broken>LOCAL_CREDENTIALS"]),
        ),
        (
            "multi-document.yaml",
            s(&["extra-documents@-:w"]),
            s(&["first=ready>LOCAL_CREDENTIALS"]),
        ),
        (
            "token-file.yaml",
            s(&["file-reference@tf:e", "file-reference@tf:e"]),
            s(&["tf=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "client-cert-inline.yaml",
            s(&[]),
            s(&["admin@bare-metal=ready>LOCAL_CREDENTIALS"]),
        ),
        (
            "client-cert-files.yaml",
            s(&[
                "file-reference@admin@kubeadm:e",
                "file-reference@admin@kubeadm:e",
                "file-reference@admin@kubeadm:e",
            ]),
            s(&["admin@kubeadm=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "kind-localhost.yaml",
            s(&["localhost-server@kind-dev:e", "no-namespace@kind-dev:i"]),
            s(&["kind-dev=use-service-account>SERVICE_ACCOUNT"]),
        ),
        (
            "minikube-files.yaml",
            s(&[
                "file-reference@minikube:e",
                "file-reference@minikube:e",
                "file-reference@minikube:e",
                "insecure-tls@k3d:w",
                "localhost-server@k3d:e",
                "no-namespace@k3d:i",
            ]),
            s(&[
                "minikube=use-service-account>SERVICE_ACCOUNT",
                "k3d=use-service-account>SERVICE_ACCOUNT",
            ]),
        ),
        (
            "legacy-auth-provider.yaml",
            s(&[
                "legacy-auth-provider@old-aks:e",
                "legacy-auth-provider@old-gke:e",
            ]),
            s(&[
                "old-gke=use-service-account>SERVICE_ACCOUNT",
                "old-aks=use-service-account>SERVICE_ACCOUNT",
            ]),
        ),
        (
            "multi-context-mixed.yaml",
            mixed_findings.clone(),
            mixed_verdicts.clone(),
        ),
        // The same kubeconfig as JSON.
        ("json-form.json", mixed_findings, mixed_verdicts),
        (
            "broken-references.yaml",
            s(&[
                "dangling-cluster@no-cluster:e",
                "dangling-user@no-user:e",
                "unknown-current-context@-:e",
            ]),
            s(&[
                "ok=ready>LOCAL_CREDENTIALS",
                "no-cluster=broken>LOCAL_CREDENTIALS",
                "no-user=broken>LOCAL_CREDENTIALS",
            ]),
        ),
        (
            "duplicate-names.yaml",
            s(&[
                "dangling-cluster@no-cluster:e",
                "dangling-user@no-user:e",
                "duplicate-name@-:e",
            ]),
            s(&[
                // kubectl refuses the whole file: no context is usable.
                "ok=broken>LOCAL_CREDENTIALS",
                "no-cluster=broken>LOCAL_CREDENTIALS",
                "no-user=broken>LOCAL_CREDENTIALS",
            ]),
        ),
        (
            "no-current-context.yaml",
            s(&["missing-current-context@-:w"]),
            s(&["only=ready>LOCAL_CREDENTIALS"]),
        ),
        ("empty-config.yaml", s(&["no-contexts@-:e"]), s(&[])),
        (
            "null-list-item.yaml",
            s(&["missing-current-context@-:w", "no-namespace@a:i"]),
            s(&["a=ready>LOCAL_CREDENTIALS"]),
        ),
        (
            "null-values.yaml",
            s(&["no-namespace@nulls:i"]),
            s(&["nulls=ready>LOCAL_CREDENTIALS"]),
        ),
    ]
}

#[test]
fn every_corpus_file_has_its_expected_findings_and_verdicts() {
    let expectations = expectations();
    for (file, findings, expected_verdicts) in &expectations {
        let diagnosis = diagnose(&corpus(file), &RemoteIdentity::LocalCredentials)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(&finding_keys(&diagnosis), findings, "{file}");
        assert_eq!(&verdicts(&diagnosis), expected_verdicts, "{file}");
    }
    // Every accepted corpus file is covered by the table.
    for entry in std::fs::read_dir(corpus_path("")).expect("corpus dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("reject-") || expectations.iter().any(|(file, ..)| *file == name),
            "{name} has no expectation"
        );
    }
}

#[test]
fn with_a_service_account_exec_auth_only_concerns_the_launcher() {
    let diagnosis = diagnose(
        &corpus("multi-context-mixed.yaml"),
        &RemoteIdentity::ServiceAccount,
    )
    .unwrap();
    assert_eq!(
        finding_keys(&diagnosis),
        [
            "exec-auth@gke-dev:i",
            "localhost-server@kind-local:i",
            "no-namespace@kind-local:i"
        ]
    );
    assert!(
        verdicts(&diagnosis)
            .iter()
            .all(|v| v.ends_with("=ready>SERVICE_ACCOUNT")),
        "{:?}",
        verdicts(&diagnosis)
    );
    assert!(!diagnosis.has_errors());
}

#[test]
fn the_current_context_is_marked_and_exec_details_are_reported() {
    let diagnosis = diagnose(
        &corpus("eks-aws-cli.yaml"),
        &RemoteIdentity::LocalCredentials,
    )
    .unwrap();
    let context = &diagnosis.contexts[0];
    assert!(context.is_current);
    assert_eq!(diagnosis.current_context.as_deref(), Some(EKS));
    assert_eq!(context.exec_command.as_deref(), Some("aws"));
    assert_eq!(
        context.recommended_remote_identity,
        RemoteIdentity::ServiceAccount
    );
}

#[test]
fn rejected_files_give_one_clear_error() {
    let cases = [
        (
            "reject-pod.yaml",
            "This is a Kubernetes Pod, not a kubeconfig",
        ),
        ("reject-list.yaml", "This is a YAML list, not a kubeconfig"),
        ("reject-bad-indent.yaml", "line 5, column"),
        ("reject-unclosed.yaml", "line "),
        (
            "reject-wrong-type.yaml",
            "line 4, column 3: clusters: invalid type",
        ),
    ];
    for (file, expected) in cases {
        let error = diagnose(&corpus(file), &RemoteIdentity::LocalCredentials).unwrap_err();
        assert!(error.to_string().starts_with(expected), "{file}: {error}");
    }
    assert_eq!(
        diagnose_bytes(b"\x89PNG\r\n\x1a\n\0\0", &RemoteIdentity::LocalCredentials).unwrap_err(),
        DoctorError::NotText
    );
}

/// Secret values in the corpus.
const SECRETS: &[&str] = &[
    "c2lnbmF0dXJlLXNlY3JldA",
    "U0VDUkVUS0VZREFUQQ",
    "S0VZREFUQQ",
    "hunter2-secret",
    "ya29.secret-access-token",
    "prod-token-1234567890",
    "abc123secret",
    "t0ken",
];

#[test]
fn no_secret_is_echoed_in_any_report() {
    for entry in std::fs::read_dir(corpus_path("")).expect("corpus dir") {
        let path = entry.expect("entry").path();
        let Ok(diagnosis) = diagnose(
            &std::fs::read_to_string(&path).unwrap(),
            &RemoteIdentity::LocalCredentials,
        ) else {
            continue;
        };
        let shown = format!(
            "{diagnosis:?}{}",
            serde_json::to_string(&diagnosis).unwrap()
        );
        for secret in SECRETS {
            assert!(
                !shown.contains(secret),
                "{} echoes {secret}",
                path.display()
            );
        }
    }
    let diagnosis = diagnose(&corpus("token.yaml"), &RemoteIdentity::LocalCredentials).unwrap();
    let credential = diagnosis.contexts[0].credential.as_deref().unwrap();
    // The length only: even a short hash of a token lets anyone with the report test
    // guesses offline.
    assert!(
        credential.starts_with("redacted (") && credential.ends_with(" chars)"),
        "{credential}"
    );
    assert!(!credential.contains("fingerprint"), "{credential}");
}

#[test]
fn the_pathless_rewrite_keeps_the_rest_and_clears_the_finding() {
    let rewritten = pathless_kubeconfig(&corpus("gke-absolute-path.yaml")).expect("a rewrite");
    let diagnosis = diagnose(&rewritten, &RemoteIdentity::LocalCredentials).unwrap();
    assert_eq!(finding_keys(&diagnosis), [format!("exec-auth@{GKE}:e")]);
    let original: serde_yaml::Value = serde_yaml::from_str(&corpus("gke-plugin.yaml")).unwrap();
    let rewritten: serde_yaml::Value = serde_yaml::from_str(&rewritten).unwrap();
    assert_eq!(original, rewritten, "only the command changed");
    assert_eq!(pathless_kubeconfig(&corpus("gke-plugin.yaml")), None);
}

#[test]
fn the_rewrite_of_empty_sections_reads_back() {
    // Found by the fuzzer: `cluster:` with no value reads as an empty cluster, and the
    // rewrite writes it as `cluster: null`, which must read back too (kubectl accepts both).
    // The same for an empty list item (`- `), written back as `- null`.
    let text = "apiVersion: v1\nclusters:\n- name: c\n  cluster:\nusers:\n- name: u\n  user:\n    exec:\n      command: /opt/bin/aws\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n";
    let rewritten = pathless_kubeconfig(text).expect("a rewrite");
    assert!(rewritten.contains("cluster: null"), "{rewritten}");
    let diagnosis = diagnose(&rewritten, &RemoteIdentity::LocalCredentials).expect("reads back");
    assert_eq!(diagnosis.contexts[0].exec_command.as_deref(), Some("aws"));
    let text = "clusters:\n- \nusers:\n- name: u\n  user: {exec: {command: /bin/oci}}\n";
    let rewritten = pathless_kubeconfig(text).expect("a rewrite");
    assert!(
        diagnose(&rewritten, &RemoteIdentity::LocalCredentials).is_ok(),
        "{rewritten}"
    );
}

/// A kubeconfig whose `clusters` is a billion-laughs bomb, every alias after `sep`.
fn laughing_kubeconfig(sep: &str) -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: Config\ncontexts: [{name: a, context: {cluster: c, user: u}}]\nx0: &x0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for level in 1..=9 {
        let items = vec![format!("{sep}*x{}", level - 1); 9].join(",");
        text.push_str(&format!("x{level}: &x{level} [{items}]\n"));
    }
    text + "clusters: *x9\n"
}

#[test]
fn aliases_hidden_behind_any_line_break_are_refused_quickly() {
    for sep in ["\r", "\u{2028}", "\u{2029}", "\u{85}", "\r\n"] {
        let text = laughing_kubeconfig(sep);
        let start = std::time::Instant::now();
        let error = diagnose(&text, &RemoteIdentity::LocalCredentials).unwrap_err();
        assert_eq!(error, DoctorError::TooManyAliases { count: 82 }, "{sep:?}");
        assert!(error.to_string().contains("YAML aliases"), "{error}");
        assert_eq!(pathless_kubeconfig(&text), None);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{sep:?}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn hostile_nesting_behind_quotes_and_hashes_in_plain_scalars_is_refused_quickly() {
    // 200 KB; before the preflight followed the scanner, such input took 83 s to parse.
    let deep = "[".repeat(200_000);
    for prefix in ["clusters: [a', ", "clusters: [a#, ", "clusters: [a \", "] {
        let text = format!("apiVersion: v1\n{prefix}{deep}");
        let start = std::time::Instant::now();
        let error = diagnose(&text, &RemoteIdentity::LocalCredentials).unwrap_err();
        assert_eq!(error, DoctorError::TooDeep, "{prefix}");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{prefix}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn every_leading_byte_order_mark_is_ignored() {
    let text = corpus("token.yaml");
    let once = diagnose(&text, &RemoteIdentity::LocalCredentials).unwrap();
    for boms in ["\u{feff}", "\u{feff}\u{feff}", "\u{feff}\u{feff}\u{feff}"] {
        let marked = format!("{boms}{text}");
        assert_eq!(
            diagnose(&marked, &RemoteIdentity::LocalCredentials).unwrap(),
            once,
            "{} BOMs",
            boms.chars().count()
        );
        assert_eq!(
            diagnose_bytes(marked.as_bytes(), &RemoteIdentity::LocalCredentials).unwrap(),
            once
        );
    }
}

#[test]
fn type_errors_name_the_type_and_path_but_never_the_value() {
    for (text, expected) in [
        (
            "users:\n- name: u\n  user:\n    exec: {command: x, args: \"--token=SECRET-ONE\"}\n",
            "line 4, column 30: users[0].user.exec.args: invalid type: a string, expected a sequence",
        ),
        (
            "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: SECRET-TWO}\n",
            "line 3, column 39: clusters[0].cluster.insecure-skip-tls-verify: invalid type: a string, expected a boolean",
        ),
        (
            "users:\n- name: u\n  user: {token: {secret: SECRET-THREE}}\n",
            "line 3, column 17: users[0].user.token: invalid type: map, expected a string",
        ),
        (
            "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: 123456}\n",
            "line 3, column 39: clusters[0].cluster.insecure-skip-tls-verify: invalid type: a number, expected a boolean",
        ),
    ] {
        let error = diagnose(text, &RemoteIdentity::LocalCredentials).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn server_urls_are_shown_without_user_info_or_query_values() {
    let text = "apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: \"https://admin:PASSWORD1@127.0.0.1:6443/k8s?token=TOKEN1&x=1\"}\ncontexts:\n- name: k\n  context: {cluster: c, user: \"\"}\ncurrent-context: k\n";
    let diagnosis = diagnose(text, &RemoteIdentity::LocalCredentials).unwrap();
    let shown = format!(
        "{diagnosis:?}{}",
        serde_json::to_string(&diagnosis).unwrap()
    );
    for secret in ["PASSWORD1", "admin", "TOKEN1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let localhost = diagnosis
        .findings
        .iter()
        .find(|f| f.code.as_str() == "localhost-server")
        .expect("a localhost finding");
    assert!(
        localhost
            .message
            .contains("`https://127.0.0.1:6443/k8s?token=…&x=…`"),
        "{}",
        localhost.message
    );
    assert_eq!(
        diagnosis.contexts[0].server.as_deref(),
        Some("https://127.0.0.1:6443/k8s?token=…&x=…")
    );
}
