//! The doctor on a corpus of realistic kubeconfigs (tests/kubeconfigs/): expected findings,
//! verdicts and recommendations per file, rejections with clear messages, no secret echoed.

use std::path::{Path, PathBuf};

use skyauth::doctor::{
    diagnose, diagnose_bytes, diagnose_config, parse, pathless_kubeconfig, read_sky_config,
    ContextReport, Diagnosis, DoctorError, KubeconfigJourney, Recommendation, Severity, Verdict,
};
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

/// `verdict>recommendation` of one context (`-`: nothing recommended).
fn verdict(context: &ContextReport) -> String {
    format!(
        "{}>{}",
        context.verdict.as_str(),
        context
            .recommended_remote_identity
            .as_ref()
            .map_or("-".to_owned(), ToString::to_string)
    )
}

/// `context=verdict>recommendation` strings, in file order.
fn verdicts(diagnosis: &Diagnosis) -> Vec<String> {
    diagnosis
        .contexts
        .iter()
        .map(|c| format!("{}={}", c.name, verdict(c)))
        .collect()
}

const GKE: &str = "gke_my-project_us-central1_prod";
const EKS: &str = "arn:aws:eks:us-west-2:123456789012:cluster/training";

/// The three journeys, in the order of the expectations' columns: the default (the
/// kubeconfig stays with the launcher, SERVICE_ACCOUNT), LOCAL_CREDENTIALS, an API server.
fn journeys() -> [KubeconfigJourney; 3] {
    [
        KubeconfigJourney::default(),
        KubeconfigJourney::LocalCredentials,
        KubeconfigJourney::ApiServer,
    ]
}

/// Per corpus file: its findings as `code@context:D/L/A` (the severity on each journey, `-`
/// when not reported there; one line per occurrence), and its contexts as
/// `name=D | L | A`, each `verdict>recommended remote_identity`.
type Expectation = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

#[rustfmt::skip]
const EXPECTATIONS: &[Expectation] = &[
    (
        "aks-kubelogin.yaml",
        &[
            "exec-auth@aks-gpu:i/e/e",
        ],
        &[
            "aks-gpu=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "broken-references.yaml",
        &[
            "dangling-cluster@no-cluster:e/e/e",
            "dangling-user@no-user:e/e/e",
            "unknown-current-context@-:e/e/e",
        ],
        &[
            "ok=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
            "no-cluster=broken>- | broken>- | broken>-",
            "no-user=broken>- | broken>- | broken>-",
        ],
    ),
    (
        "client-cert-files.yaml",
        &[
            "file-reference@admin@kubeadm:i/e/e",
            "file-reference@admin@kubeadm:i/e/e",
            "file-reference@admin@kubeadm:i/e/e",
        ],
        &[
            "admin@kubeadm=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "client-cert-inline.yaml",
        &[
        ],
        &[
            "admin@bare-metal=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
    (
        "duplicate-names.yaml",
        &[
            "dangling-cluster@no-cluster:e/e/e",
            "dangling-user@no-user:e/e/e",
            "duplicate-name@-:e/e/e",
        ],
        &[
            "ok=broken>- | broken>- | broken>-",
            "no-cluster=broken>- | broken>- | broken>-",
            "no-user=broken>- | broken>- | broken>-",
        ],
    ),
    (
        "eks-aws-cli.yaml",
        &[
            "exec-auth@arn:aws:eks:us-west-2:123456789012:cluster/training:i/w/e",
        ],
        &[
            "arn:aws:eks:us-west-2:123456789012:cluster/training=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "eks-iam-authenticator.yaml",
        &[
            "exec-auth@eks-legacy:i/e/e",
        ],
        &[
            "eks-legacy=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "empty-config.yaml",
        &[
            "no-contexts@-:e/e/e",
        ],
        &[
        ],
    ),
    (
        "gke-absolute-path.yaml",
        &[
            "exec-absolute-path@gke_my-project_us-central1_prod:i/i/e",
            "exec-auth@gke_my-project_us-central1_prod:i/w/e",
        ],
        &[
            "gke_my-project_us-central1_prod=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "gke-plugin.yaml",
        &[
            "exec-auth@gke_my-project_us-central1_prod:i/w/e",
        ],
        &[
            "gke_my-project_us-central1_prod=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "in-cluster-name.yaml",
        &[
            "in-cluster-name@in-cluster:-/-/w",
        ],
        &[
            "in-cluster=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready-with-warnings>SERVICE_ACCOUNT",
        ],
    ),
    (
        "invalid-base64.yaml",
        &[
            "invalid-base64@-:e/e/e",
        ],
        &[
            "prod=broken>- | broken>- | broken>-",
        ],
    ),
    (
        "kubectl-view-redacted.yaml",
        &[
            "redacted@-:e/e/e",
        ],
        &[
            "prod=broken>- | broken>- | broken>-",
        ],
    ),
    (
        "json-form.json",
        &[
            "exec-auth@gke-dev:i/w/e",
            "localhost-server@kind-local:i/e/e",
            "no-namespace@kind-local:i/i/i",
        ],
        &[
            "prod-sa=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
            "gke-dev=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
            "kind-local=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "kind-localhost.yaml",
        &[
            "localhost-server@kind-dev:i/e/e",
            "no-namespace@kind-dev:i/i/i",
        ],
        &[
            "kind-dev=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "legacy-auth-provider.yaml",
        &[
            "legacy-auth-provider@old-aks:e/e/e",
            "legacy-auth-provider@old-gke:e/e/e",
            "legacy-auth-provider@old-oidc:w/w/w",
        ],
        &[
            "old-gke=broken>- | broken>- | broken>-",
            "old-aks=broken>- | broken>- | broken>-",
            "old-oidc=ready-with-warnings>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | ready-with-warnings>SERVICE_ACCOUNT",
        ],
    ),
    (
        "minikube-files.yaml",
        &[
            "file-reference@minikube:i/e/e",
            "file-reference@minikube:i/e/e",
            "file-reference@minikube:i/e/e",
            "insecure-tls@k3d:w/w/w",
            "localhost-server@k3d:i/e/e",
            "no-namespace@k3d:i/i/i",
        ],
        &[
            "minikube=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
            "k3d=ready-with-warnings>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "multi-context-mixed.yaml",
        &[
            "exec-auth@gke-dev:i/w/e",
            "localhost-server@kind-local:i/e/e",
            "no-namespace@kind-local:i/i/i",
        ],
        &[
            "prod-sa=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
            "gke-dev=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
            "kind-local=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "multi-document.yaml",
        &[
            "extra-documents@-:w/w/w",
        ],
        &[
            "first=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
    (
        "nebius-exec.yaml",
        &[
            "exec-absolute-path@nebius-mk8s-training:i/i/e",
            "exec-auth@nebius-mk8s-training:i/w/e",
        ],
        &[
            "nebius-mk8s-training=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "no-current-context.yaml",
        &[
            "missing-current-context@-:w/w/w",
        ],
        &[
            "only=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
    (
        "null-list-item.yaml",
        &[
            "missing-current-context@-:w/w/w",
            "no-namespace@a:i/i/i",
        ],
        &[
            "a=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
    (
        "null-values.yaml",
        &[
            "no-namespace@nulls:i/i/i",
        ],
        &[
            "nulls=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
    (
        "oci-and-nebius.yaml",
        &[
            "exec-auth@nebius:i/w/e",
            "exec-auth@oke:i/e/e",
        ],
        &[
            "oke=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
            "nebius=ready>SERVICE_ACCOUNT | ready-with-warnings>LOCAL_CREDENTIALS | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "oidc-login.yaml",
        &[
            "exec-auth@oidc@onprem:i/e/e",
        ],
        &[
            "oidc@onprem=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "ssh-node-pool.yaml",
        &[
            "ssh-node-pool@ssh-mypool:i/i/i",
        ],
        &[
            "prod=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
            "ssh-mypool=ssh-node-pool>- | ssh-node-pool>- | ssh-node-pool>-",
        ],
    ),
    (
        "token-file.yaml",
        &[
            "file-reference@tf:i/e/e",
            "file-reference@tf:i/e/e",
        ],
        &[
            "tf=ready>SERVICE_ACCOUNT | use-service-account>SERVICE_ACCOUNT | needs-static-credentials>SERVICE_ACCOUNT",
        ],
    ),
    (
        "token.yaml",
        &[
        ],
        &[
            "sa-token=ready>SERVICE_ACCOUNT | ready>LOCAL_CREDENTIALS | ready>SERVICE_ACCOUNT",
        ],
    ),
];

/// The expected finding keys and verdicts of one file on the journey in column `column`.
fn expected(expectation: &Expectation, column: usize) -> (Vec<String>, Vec<String>) {
    let (_, findings, contexts) = expectation;
    let mut keys: Vec<String> = findings
        .iter()
        .filter_map(|line| {
            let (key, severities) = line.rsplit_once(':').expect("code@context:D/L/A");
            let severity = severities.split('/').nth(column).expect("three severities");
            (severity != "-").then(|| format!("{key}:{severity}"))
        })
        .collect();
    keys.sort();
    let verdicts = contexts
        .iter()
        .map(|line| {
            let (name, columns) = line.split_once('=').expect("name=D | L | A");
            let verdict = columns.split(" | ").nth(column).expect("three verdicts");
            format!("{name}={verdict}")
        })
        .collect();
    (keys, verdicts)
}

#[test]
fn every_corpus_file_has_its_expected_findings_and_verdicts_on_each_journey() {
    for expectation in EXPECTATIONS {
        let file = expectation.0;
        for (column, journey) in journeys().iter().enumerate() {
            let diagnosis =
                diagnose(&corpus(file), journey).unwrap_or_else(|e| panic!("{file}: {e}"));
            let (findings, expected_verdicts) = expected(expectation, column);
            assert_eq!(finding_keys(&diagnosis), findings, "{file} on {journey:?}");
            assert_eq!(
                verdicts(&diagnosis),
                expected_verdicts,
                "{file} on {journey:?}"
            );
        }
    }
    // Every accepted corpus file is covered by the table.
    for entry in std::fs::read_dir(corpus_path("")).expect("corpus dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("reject-") || EXPECTATIONS.iter().any(|(file, ..)| *file == name),
            "{name} has no expectation"
        );
    }
}

/// The exit code `skyauth doctor` gives a plain GKE kubeconfig on each journey, as docs/doctor.md
/// says: 0 by default, 0 with warnings for LOCAL_CREDENTIALS, 1 for an API server.
#[test]
fn a_gke_kubeconfig_on_each_journey() {
    let text = corpus("gke-plugin.yaml");
    let [default, local, api] = journeys().map(|journey| diagnose(&text, &journey).unwrap());
    assert!(!default.has_errors());
    assert!(!local.has_errors());
    assert!(local
        .findings
        .iter()
        .any(|f| f.severity == Severity::Warning && f.fix.contains("Enable GCP in `sky check`")));
    assert!(api.has_errors());
    assert!(
        api.findings[0].fix.contains("--token-secret"),
        "{}",
        api.findings[0].fix
    );
    // Nothing installs aws-iam-authenticator: no cloud to enable, use a service account.
    let iam = diagnose(
        &corpus("eks-iam-authenticator.yaml"),
        &KubeconfigJourney::LocalCredentials,
    )
    .unwrap();
    assert!(
        !iam.findings[0].fix.contains("sky check"),
        "{}",
        iam.findings[0].fix
    );
}

fn sky_config(file: &str) -> skyauth::doctor::SkyConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sky-configs")
        .join(file);
    read_sky_config(&std::fs::read_to_string(path).expect("sky config file"))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The kubeconfig `file` diagnosed on `journey` beside the SkyPilot config `sky`.
fn beside(file: &str, journey: &KubeconfigJourney, sky: &str) -> Diagnosis {
    let config = parse(&corpus(file)).expect("a kubeconfig");
    diagnose_config(&config, journey, Some(&sky_config(sky)))
}

#[test]
fn with_allowed_contexts_the_launchers_kubeconfig_still_travels_unless_no_upload() {
    let key = format!("exec-auth@{GKE}");
    let travels = beside(
        "gke-plugin.yaml",
        &KubeconfigJourney::default(),
        "clean.yaml",
    );
    assert_eq!(finding_keys(&travels), [format!("{key}:w")]);
    let finding = &travels.findings[0];
    assert!(
        finding.message.contains("controllers"),
        "{}",
        finding.message
    );
    assert!(
        finding.fix.contains("Enable GCP") && finding.fix.contains("NO_UPLOAD"),
        "{}",
        finding.fix
    );
    let stays = beside(
        "gke-plugin.yaml",
        &KubeconfigJourney::Launcher(RemoteIdentity::NoUpload),
        "no-upload.yaml",
    );
    assert_eq!(finding_keys(&stays), [format!("{key}:i")]);
    assert!(!stays.has_errors() && !travels.has_errors());
}

/// Every trap of tests/sky-configs/, beside the mixed kubeconfig (contexts prod-sa, gke-dev,
/// kind-local; current prod-sa), on the default journey.
#[test]
fn each_sky_config_trap_is_reported_with_its_code_and_severity() {
    let cases: &[(&str, &[&str])] = &[
        (
            "clean.yaml",
            &["config-missing-context@gke_my-project_us-central1_prod:w"],
        ),
        (
            "identity-mapping.yaml",
            // The mapping holds a keyword (error), and misses gke-dev, an allowed context.
            &[
                "config-identity-mapping@-:e",
                "config-identity-mapping@gke-dev:e",
            ],
        ),
        (
            "keyword-case.yaml",
            &[
                "config-keyword-case@-:e",
                "config-keyword-case@kind-local:e",
            ],
        ),
        (
            "missing-context.yaml",
            &["config-missing-context@staging:w"],
        ),
        ("nodeport.yaml", &["config-nodeport@-:e"]),
        (
            "misspelt-key.yaml",
            &["config-unknown-key@-:w", "config-unknown-key@prod-sa:w"],
        ),
        (
            "misplaced-key.yaml",
            &["config-misplaced-key@-:e", "config-misplaced-key@-:e"],
        ),
        (
            "workspace-traps.yaml",
            &[
                "config-workspace-keyword-case@-:e",
                "config-workspace-missing-context@staging:w",
                "config-workspace-unknown-key@-:e",
                "config-workspace-unknown-key@-:w",
            ],
        ),
    ];
    let kubeconfig_only = finding_keys(
        &diagnose(
            &corpus("multi-context-mixed.yaml"),
            &KubeconfigJourney::default(),
        )
        .unwrap(),
    );
    for (file, expected) in cases {
        let diagnosis = beside(
            "multi-context-mixed.yaml",
            &KubeconfigJourney::default(),
            file,
        );
        let keys: Vec<String> = finding_keys(&diagnosis)
            .into_iter()
            .filter(|key| key.starts_with("config-"))
            .collect();
        assert_eq!(keys, *expected, "{file}");
        for finding in diagnosis
            .findings
            .iter()
            .filter(|f| f.code.as_str().starts_with("config-"))
        {
            assert!(
                !finding.fix.is_empty() && !finding.message.is_empty(),
                "{file}"
            );
        }
        // The kubeconfig's own findings are the same, but where allowed_contexts sends the
        // kubeconfig to the controllers.
        if ![
            "clean.yaml",
            "identity-mapping.yaml",
            "missing-context.yaml",
            "misplaced-key.yaml",
        ]
        .contains(file)
        {
            let own: Vec<String> = finding_keys(&diagnosis)
                .into_iter()
                .filter(|key| !key.starts_with("config-"))
                .collect();
            assert_eq!(own, kubeconfig_only, "{file}");
        }
    }
    let misspelt = beside(
        "multi-context-mixed.yaml",
        &KubeconfigJourney::default(),
        "misspelt-key.yaml",
    );
    assert!(misspelt
        .findings
        .iter()
        .any(|f| f.message.contains("Did you mean `remote_identity`?")));
    assert!(misspelt
        .findings
        .iter()
        .any(|f| f.message.contains("Did you mean `namespace`?")));
}

/// A context whose credentials work is not "ready" while the SkyPilot config has an error
/// about it or about every context; the config's warnings and other contexts' errors leave
/// the verdict alone.
#[test]
fn a_sky_config_error_stands_between_a_context_and_ready() {
    let verdicts = |sky: &str| -> Vec<(String, Verdict)> {
        beside(
            "multi-context-mixed.yaml",
            &KubeconfigJourney::default(),
            sky,
        )
        .contexts
        .into_iter()
        .map(|c| (c.name, c.verdict))
        .collect()
    };
    let clean = verdicts("clean.yaml");
    assert!(
        clean.iter().all(|(_, v)| *v != Verdict::FixSkyConfig),
        "a warning blocks nothing: {clean:?}"
    );
    // `ports: nodeport` breaks the whole config: every usable context waits on it.
    let nodeport = verdicts("nodeport.yaml");
    assert!(
        nodeport
            .iter()
            .filter(|(_, v)| !matches!(v, Verdict::Broken | Verdict::UseServiceAccount))
            .all(|(_, v)| *v == Verdict::FixSkyConfig),
        "{nodeport:?}"
    );
    assert!(nodeport.iter().any(|(_, v)| *v == Verdict::FixSkyConfig));
    // A per-context error blocks that context (and the top-level one blocks the rest).
    let case = verdicts("keyword-case.yaml");
    let kind = case
        .iter()
        .find(|(name, _)| name == "kind-local")
        .expect("kind-local");
    assert_eq!(kind.1, Verdict::FixSkyConfig, "{case:?}");
    assert_eq!(
        Verdict::FixSkyConfig.as_str(),
        "fix-sky-config",
        "the JSON name"
    );
}

#[test]
fn the_whole_file_recommendation_uses_the_usable_contexts() {
    let mixed = diagnose(
        &corpus("multi-context-mixed.yaml"),
        &KubeconfigJourney::LocalCredentials,
    )
    .unwrap();
    let recommendation = Recommendation::of(&mixed);
    assert_eq!(
        recommendation.default_identity,
        RemoteIdentity::LocalCredentials
    );
    assert_eq!(
        recommendation.contexts,
        [
            ("prod-sa".to_owned(), RemoteIdentity::LocalCredentials),
            ("gke-dev".to_owned(), RemoteIdentity::LocalCredentials),
            ("kind-local".to_owned(), RemoteIdentity::ServiceAccount),
        ]
    );
    let config: serde_yaml::Value =
        serde_yaml::from_str(&recommendation.config().expect("a snippet")).unwrap();
    assert_eq!(config["kubernetes"]["remote_identity"], "LOCAL_CREDENTIALS");
    assert_eq!(config["kubernetes"]["allowed_contexts"][2], "kind-local");
    assert_eq!(
        config["kubernetes"]["context_configs"]["kind-local"]["remote_identity"],
        "SERVICE_ACCOUNT"
    );
    // SSH Node Pools are SkyPilot's own (allowed through `ssh:`), broken contexts unusable,
    // and an API server cannot use the contexts that need static credentials.
    let ssh = Recommendation::of(
        &diagnose(&corpus("ssh-node-pool.yaml"), &KubeconfigJourney::default()).unwrap(),
    );
    assert_eq!(
        ssh.contexts,
        [("prod".to_owned(), RemoteIdentity::ServiceAccount)]
    );
    let broken = Recommendation::of(
        &diagnose(
            &corpus("broken-references.yaml"),
            &KubeconfigJourney::default(),
        )
        .unwrap(),
    );
    assert_eq!(broken.contexts.len(), 1);
    let api = Recommendation::of(
        &diagnose(
            &corpus("multi-context-mixed.yaml"),
            &KubeconfigJourney::ApiServer,
        )
        .unwrap(),
    );
    assert_eq!(
        api.contexts,
        [("prod-sa".to_owned(), RemoteIdentity::ServiceAccount)]
    );
    let none = Recommendation::of(
        &diagnose(&corpus("aks-kubelogin.yaml"), &KubeconfigJourney::ApiServer).unwrap(),
    );
    assert_eq!(none.config(), None);
}

#[test]
fn the_current_context_is_marked_and_exec_details_are_reported() {
    let diagnosis = diagnose(
        &corpus("eks-aws-cli.yaml"),
        &KubeconfigJourney::LocalCredentials,
    )
    .unwrap();
    let context = &diagnosis.contexts[0];
    assert!(context.is_current);
    assert_eq!(diagnosis.current_context.as_deref(), Some(EKS));
    assert_eq!(context.exec_command.as_deref(), Some("aws"));
    // `aws eks get-token` runs on the controllers once AWS is enabled.
    assert_eq!(
        context.recommended_remote_identity,
        Some(RemoteIdentity::LocalCredentials)
    );
    assert!(diagnosis.findings[0].fix.contains("Enable AWS"));
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
        let error = diagnose(&corpus(file), &KubeconfigJourney::LocalCredentials).unwrap_err();
        assert!(error.to_string().starts_with(expected), "{file}: {error}");
    }
    assert_eq!(
        diagnose_bytes(
            b"\x89PNG\r\n\x1a\n\0\0",
            &KubeconfigJourney::LocalCredentials
        )
        .unwrap_err(),
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
            &KubeconfigJourney::LocalCredentials,
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
    let diagnosis = diagnose(&corpus("token.yaml"), &KubeconfigJourney::LocalCredentials).unwrap();
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
    let diagnosis = diagnose(&rewritten, &KubeconfigJourney::ApiServer).unwrap();
    assert_eq!(finding_keys(&diagnosis), [format!("exec-auth@{GKE}:e")]);
    let original: serde_yaml::Value = serde_yaml::from_str(&corpus("gke-plugin.yaml")).unwrap();
    let rewritten: serde_yaml::Value = serde_yaml::from_str(&rewritten).unwrap();
    assert_eq!(original, rewritten, "only the command changed");
    assert_eq!(pathless_kubeconfig(&corpus("gke-plugin.yaml")), None);
}

#[test]
fn the_pathless_rewrite_sets_nebius_profiles_to_sky_as_skypilot_does() {
    let rewritten = pathless_kubeconfig(&corpus("nebius-exec.yaml")).expect("a rewrite");
    let value: serde_yaml::Value = serde_yaml::from_str(&rewritten).unwrap();
    let exec = &value["users"][0]["user"]["exec"];
    assert_eq!(exec["command"], "nebius");
    assert_eq!(exec["args"][7], "sky");
    assert_eq!(exec["interactiveMode"], "Never", "the rest is kept");
    assert_eq!(pathless_kubeconfig(&rewritten), None);
}

#[test]
fn the_rewrite_of_empty_sections_reads_back() {
    // Found by the fuzzer: `cluster:` with no value reads as an empty cluster, and the
    // rewrite writes it as `cluster: null`, which must read back too (kubectl accepts both).
    // The same for an empty list item (`- `), written back as `- null`.
    let text = "apiVersion: v1\nclusters:\n- name: c\n  cluster:\nusers:\n- name: u\n  user:\n    exec:\n      command: /opt/bin/aws\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n";
    let rewritten = pathless_kubeconfig(text).expect("a rewrite");
    assert!(rewritten.contains("cluster: null"), "{rewritten}");
    let diagnosis = diagnose(&rewritten, &KubeconfigJourney::LocalCredentials).expect("reads back");
    assert_eq!(diagnosis.contexts[0].exec_command.as_deref(), Some("aws"));
    let text = "clusters:\n- \nusers:\n- name: u\n  user: {exec: {command: /bin/oci}}\n";
    let rewritten = pathless_kubeconfig(text).expect("a rewrite");
    assert!(
        diagnose(&rewritten, &KubeconfigJourney::LocalCredentials).is_ok(),
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
        let error = diagnose(&text, &KubeconfigJourney::LocalCredentials).unwrap_err();
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
        let error = diagnose(&text, &KubeconfigJourney::LocalCredentials).unwrap_err();
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
    let once = diagnose(&text, &KubeconfigJourney::LocalCredentials).unwrap();
    for boms in ["\u{feff}", "\u{feff}\u{feff}", "\u{feff}\u{feff}\u{feff}"] {
        let marked = format!("{boms}{text}");
        assert_eq!(
            diagnose(&marked, &KubeconfigJourney::LocalCredentials).unwrap(),
            once,
            "{} BOMs",
            boms.chars().count()
        );
        assert_eq!(
            diagnose_bytes(marked.as_bytes(), &KubeconfigJourney::LocalCredentials).unwrap(),
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
        let error = diagnose(text, &KubeconfigJourney::LocalCredentials).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn server_urls_are_shown_without_user_info_or_query_values() {
    let text = "apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: \"https://admin:PASSWORD1@127.0.0.1:6443/k8s?token=TOKEN1&x=1\"}\ncontexts:\n- name: k\n  context: {cluster: c, user: \"\"}\ncurrent-context: k\n";
    let diagnosis = diagnose(text, &KubeconfigJourney::LocalCredentials).unwrap();
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

/// #22.8: the doctor's own recommendation raises nothing new when it is used. For every corpus
/// file and journey, the kubeconfig diagnosed again beside the recommended `kubernetes:`
/// snippet (on the journey that snippet sets) has no finding, or no worse one, that the first
/// diagnosis did not have; where no identity can avoid it (a custom account), the
/// recommendation says why instead.
#[test]
fn the_recommendation_adds_no_finding_when_used() {
    let journeys = [
        KubeconfigJourney::default(),
        KubeconfigJourney::Launcher(RemoteIdentity::NoUpload),
        KubeconfigJourney::LocalCredentials,
        KubeconfigJourney::ApiServer,
        KubeconfigJourney::Launcher(RemoteIdentity::Custom("sky-sa".into())),
    ];
    let mut travelled = 0;
    let mut entries: Vec<_> = std::fs::read_dir(corpus_path(""))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("read");
        let Ok(config) = parse(&text) else { continue };
        for journey in &journeys {
            let before = diagnose_config(&config, journey, None);
            let recommendation = Recommendation::of(&before);
            let Some(snippet) = recommendation.config() else {
                continue;
            };
            let sky = read_sky_config(&snippet).expect("the snippet reads back");
            let again = match journey {
                KubeconfigJourney::ApiServer => KubeconfigJourney::ApiServer,
                _ => KubeconfigJourney::for_identity(sky.default_identity().expect("an identity")),
            };
            let after = diagnose_config(&config, &again, Some(&sky));
            let worse: Vec<String> = after
                .findings
                .iter()
                .filter(|f| {
                    !before.findings.iter().any(|b| {
                        // `Severity` orders the most severe first.
                        b.code == f.code && b.context == f.context && b.severity <= f.severity
                    })
                })
                .map(|f| format!("{}@{:?}:{:?}", f.code, f.context, f.severity))
                .collect();
            let name = path.file_name().unwrap().to_string_lossy();
            if recommendation.caveat.is_some() {
                assert!(
                    matches!(
                        journey,
                        KubeconfigJourney::Launcher(RemoteIdentity::Custom(_))
                    ),
                    "{name} {journey:?}: a caveat where NO_UPLOAD would do"
                );
                continue;
            }
            assert!(
                worse.is_empty(),
                "{name} on {journey:?}: the recommendation\n{snippet}\nadds {worse:?}"
            );
            travelled += usize::from(recommendation.default_identity == RemoteIdentity::NoUpload);
        }
    }
    assert!(
        travelled > 0,
        "some file needs NO_UPLOAD to keep its kubeconfig home"
    );
    // The GKE kubeconfig of a laptop: NO_UPLOAD, because allowed_contexts would send it on.
    let gke = diagnose(&corpus("gke-plugin.yaml"), &KubeconfigJourney::default()).unwrap();
    let recommendation = Recommendation::of(&gke);
    assert_eq!(recommendation.default_identity, RemoteIdentity::NoUpload);
    let custom = diagnose(
        &corpus("gke-plugin.yaml"),
        &KubeconfigJourney::Launcher(RemoteIdentity::Custom("sky-sa".into())),
    )
    .unwrap();
    let caveat = Recommendation::of(&custom)
        .caveat
        .expect("a caveat for a custom account");
    assert!(caveat.contains("only NO_UPLOAD prevents that"), "{caveat}");
}
