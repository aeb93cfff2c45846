//! The fuller live check (#25 item 4), run for real with `sh` against the kubectl stand-in:
//! a missing namespace or service account is named with the command that creates it; one
//! that may not be read is unknown, not missing; several contexts are checked in one script,
//! each with its own identity, an unreachable one not stopping the others, with a matrix at
//! the end; `--format json` prints one object per line that passes
//! `schemas/verify-lines.schema.json` and agrees with the exit status; and
//! `skyauth verify --config` checks each of a config's `allowed_contexts` as SkyPilot
//! resolves it.

use std::fs;
use std::path::PathBuf;

use skyauth::audit::verify_script::{render, render_plan, Identity, VerifyPlan, VerifyRequest};
use skyauth::audit::{permissions, Subject};
use skyauth::catalogue::Feature;

use crate::support::cli::skyauth;
use crate::support::fixtures;
use crate::support::standin::{self, Bench, Cluster, Mode, Objects};

fn sa(namespace: &str, name: &str) -> VerifyRequest {
    VerifyRequest::new(
        Identity::Subject(Subject::ServiceAccount {
            namespace: namespace.into(),
            name: name.into(),
        }),
        vec![Feature::Core, Feature::Ingress],
    )
}

/// The stand-in's answers for `request`: every permission granted but those `denied`.
fn table(request: &VerifyRequest, denied: &[&str]) -> String {
    let mut out = String::new();
    for feature in request.features() {
        for permission in permissions(
            feature,
            &request.namespaces,
            request.is_for_launcher(),
            request.skypilot_version,
        ) {
            let answer = if denied.contains(&permission.to_string().as_str()) {
                "no"
            } else {
                "yes"
            };
            out += &format!("{answer} {}\n", standin::key(&permission));
        }
    }
    out
}

fn cluster(context: &str, request: &VerifyRequest, denied: &[&str]) -> Cluster {
    Cluster {
        context: context.into(),
        table: table(request, denied),
        mode: Mode::Answer,
        objects: Objects::All,
        impersonation: request.identity.impersonation(),
        labels: Vec::new(),
    }
}

fn text(output: &std::process::Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The status a row of the script's text gives `label`: a matrix row's cells joined by two
/// spaces, whatever their width.
fn row(stdout: &str, label: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix(label))
        .filter(|rest| rest.starts_with(' '))
        .map(|rest| {
            let cells: Vec<&str> = rest
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            cells.join("  ")
        })
        .collect()
}

#[test]
fn a_missing_namespace_and_account_are_named_with_the_command_that_creates_them() {
    let bench = Bench::new("exists");
    let request = sa("ml", "sky-sa");
    let script = render(&request);
    for (objects, namespace, account, code) in [
        (Objects::Only(vec![]), "missing", "missing", 1),
        (
            Objects::Only(vec!["namespace ml".into()]),
            "exists",
            "missing",
            1,
        ),
        (
            Objects::Only(vec![
                "namespace ml".into(),
                "serviceaccount ml sky-sa".into(),
            ]),
            "exists",
            "exists",
            0,
        ),
        // Another namespace's account of that name is not it.
        (
            Objects::Only(vec![
                "namespace ml".into(),
                "serviceaccount team sky-sa".into(),
            ]),
            "exists",
            "missing",
            1,
        ),
    ] {
        let cluster = Cluster {
            objects: objects.clone(),
            ..cluster("", &request, &[])
        };
        let (status, stdout, stderr) = text(&bench.run_clusters(&script, &[cluster], &[]));
        assert_eq!(status, Some(code), "{objects:?}\n{stdout}{stderr}");
        assert_eq!(row(&stdout, "namespace"), [namespace], "{stdout}");
        assert_eq!(row(&stdout, "service account"), [account], "{stdout}");
        assert_eq!(
            stdout.contains("    create it: kubectl create namespace ml\n"),
            namespace == "missing",
            "{stdout}"
        );
        assert_eq!(
            stdout.contains("    create it: kubectl create serviceaccount sky-sa -n ml\n"),
            account == "missing",
            "{stdout}"
        );
        // The permissions are still checked: they are what the account will need.
        assert_eq!(row(&stdout, "Core launch"), ["granted"], "{stdout}");
    }
}

#[test]
fn what_you_may_not_read_is_unknown_not_missing() {
    let bench = Bench::new("forbidden");
    let request = sa("ml", "sky-sa");
    let cluster = Cluster {
        objects: Objects::Forbidden,
        ..cluster("", &request, &[])
    };
    let (status, stdout, stderr) = text(&bench.run_clusters(&render(&request), &[cluster], &[]));
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert_eq!(row(&stdout, "namespace"), ["unknown"], "{stdout}");
    assert_eq!(row(&stdout, "service account"), ["unknown"], "{stdout}");
    assert!(
        stdout.contains("you may not read namespaces here"),
        "{stdout}"
    );
    assert!(stdout.contains("Every feature is granted."), "{stdout}");
}

/// A plan over two contexts, each with its own account and namespace.
fn two_contexts() -> (VerifyRequest, VerifyRequest, String) {
    let prod = sa("ml", "sky-sa");
    let dev = sa("ml-dev", "dev-sa");
    let mut plan = VerifyPlan::in_contexts(prod.clone(), &["gke-prod".into()]);
    plan.push(Some("my eks".into()), dev.clone());
    (prod, dev, render_plan(&plan))
}

#[test]
fn each_context_is_checked_as_its_own_identity_with_a_matrix_at_the_end() {
    let bench = Bench::new("contexts");
    let (prod, dev, script) = two_contexts();
    let clusters = [
        cluster("gke-prod", &prod, &[]),
        cluster("my eks", &dev, &["list nodes cluster-wide"]),
    ];
    let (status, stdout, stderr) = text(&bench.run_clusters(&script, &clusters, &[]));
    assert_eq!(status, Some(1), "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let prod_at = stdout
        .find("In context gke-prod: checking service account ml/sky-sa, launching in ml,")
        .expect("the first context's heading");
    let dev_at = stdout
        .find("In context my eks: checking service account ml-dev/dev-sa, launching in ml-dev,")
        .expect("the second context's heading");
    assert!(prod_at < dev_at);
    assert!(
        stdout.contains("    missing: list nodes cluster-wide\n"),
        "{stdout}"
    );
    // The per-context rows, then the matrix's: a cell per context, in order.
    assert_eq!(
        row(&stdout, "Core launch"),
        ["granted", "partly granted", "granted  partly"],
        "{stdout}"
    );
    assert_eq!(
        row(&stdout, "Ingress"),
        ["granted", "granted", "granted  granted"]
    );
    // The matrix's heading: a blank label, then each context in its cell, in order.
    let heading = stdout
        .lines()
        .find(|line| line.trim_start().starts_with("gke-prod"))
        .expect("the matrix's heading");
    let cells: Vec<&str> = heading
        .split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect();
    assert_eq!(cells, ["gke-prod", "my eks"], "{stdout}");

    let granted = [
        cluster("gke-prod", &prod, &[]),
        cluster("my eks", &dev, &[]),
    ];
    let (status, stdout, _) = text(&bench.run_clusters(&script, &granted, &[]));
    assert_eq!(status, Some(0), "{stdout}");
    assert!(stdout.contains("Every feature is granted in every context."));
}

#[test]
fn a_context_named_in_any_script_lines_up_with_its_column() {
    // printf pads by bytes: `zü-prod` (8 bytes, 7 characters) would pull the next
    // column one place left of its cells. The script pads by characters.
    let bench = Bench::new("multibyte");
    let prod = sa("ml", "sky-sa");
    let mut plan = VerifyPlan::in_contexts(prod.clone(), &["zü-prod".into()]);
    plan.push(Some("dev".into()), prod.clone());
    let script = render_plan(&plan);
    let clusters = [
        cluster("zü-prod", &prod, &["list nodes cluster-wide"]),
        cluster("dev", &prod, &[]),
    ];
    let (status, stdout, stderr) = text(&bench.run_clusters(&script, &clusters, &[]));
    assert_eq!(status, Some(1), "{stdout}{stderr}");
    let column = |line: &str, word: &str| {
        let at = line.rfind(word).expect("the word");
        line[..at].chars().count()
    };
    let heading = stdout
        .lines()
        .find(|line| line.trim_start().starts_with("zü-prod"))
        .expect("the matrix's heading");
    let matrix_row = stdout
        .lines()
        .rfind(|line| line.starts_with("Core launch"))
        .expect("the matrix's Core row");
    assert!(
        matrix_row.trim_end().ends_with("partly      granted"),
        "{stdout}"
    );
    assert_eq!(
        column(heading, "dev"),
        column(matrix_row, "granted"),
        "{heading}\n{matrix_row}"
    );
    assert_eq!(
        column(heading, "zü-prod"),
        column(matrix_row, "partly"),
        "{heading}\n{matrix_row}"
    );
}

#[test]
fn an_unreachable_context_does_not_stop_the_others() {
    let bench = Bench::new("unreachable");
    let (prod, dev, script) = two_contexts();
    for mode in [Mode::Unreachable, Mode::RefuseImpersonation] {
        let clusters = [
            Cluster {
                mode,
                ..cluster("gke-prod", &prod, &[])
            },
            cluster("my eks", &dev, &["list nodes cluster-wide"]),
        ];
        let (status, stdout, stderr) = text(&bench.run_clusters(&script, &clusters, &[]));
        // 2 wins over 1: not everything could be asked.
        assert_eq!(status, Some(2), "{mode:?}\n{stdout}{stderr}");
        let reason = match mode {
            Mode::Unreachable => "cluster unreachable",
            _ => "impersonation refused",
        };
        assert!(
            stdout.contains(&format!("(not checked further in gke-prod: {reason})")),
            "{stdout}"
        );
        // The second context was still checked, and found short.
        assert!(
            stdout.contains("    missing: list nodes cluster-wide\n"),
            "{stdout}"
        );
        let expected = match mode {
            // Unreachable before the existence checks; refused impersonation after them.
            Mode::Unreachable => "unknown  exists",
            _ => "exists  exists",
        };
        assert_eq!(
            row(&stdout, "namespace").last().map(String::as_str),
            Some(expected),
            "{stdout}"
        );
        assert_eq!(
            row(&stdout, "Core launch").last().map(String::as_str),
            Some("unknown  partly"),
            "{stdout}"
        );
    }
}

#[test]
fn a_script_with_its_own_contexts_refuses_a_context_flag() {
    let bench = Bench::new("context-flag");
    let (prod, dev, script) = two_contexts();
    let clusters = [
        cluster("gke-prod", &prod, &[]),
        cluster("my eks", &dev, &[]),
    ];
    for args in [&["--context", "other"][..], &["--context=other"]] {
        let (status, stdout, stderr) = text(&bench.run_clusters(&script, &clusters, args));
        assert_eq!(status, Some(2), "{args:?}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            stderr.contains("checks its contexts itself (gke-prod, my eks): drop --context"),
            "{stderr}"
        );
    }
    let (status, _, stderr) = text(&bench.run_clusters(&script, &clusters, &["--format", "xml"]));
    assert_eq!(status, Some(2));
    assert!(stderr.contains("--format is text or json"), "{stderr}");
}

/// The JSON lines of a run, parsed.
fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn json_lines_say_what_the_text_says_and_pass_their_schema() {
    let bench = Bench::new("json");
    let (prod, dev, script) = two_contexts();
    let dir = std::env::temp_dir().join(format!("skyauth-verify-json-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let mut files: Vec<PathBuf> = Vec::new();
    let scenarios = [
        (
            "granted",
            vec![
                cluster("gke-prod", &prod, &[]),
                cluster("my eks", &dev, &[]),
            ],
            0,
        ),
        (
            "short",
            vec![
                Cluster {
                    objects: Objects::Only(vec!["namespace ml".into()]),
                    labels: vec!["ml baseline".into()],
                    ..cluster("gke-prod", &prod, &[])
                },
                Cluster {
                    labels: vec!["ml-dev restricted".into()],
                    ..cluster("my eks", &dev, &["create pods in ml-dev"])
                },
            ],
            1,
        ),
        (
            "unreachable",
            vec![
                cluster("gke-prod", &prod, &[]),
                Cluster {
                    mode: Mode::Unreachable,
                    ..cluster("my eks", &dev, &[])
                },
            ],
            2,
        ),
        (
            "forbidden",
            vec![
                Cluster {
                    objects: Objects::Forbidden,
                    ..cluster("gke-prod", &prod, &[])
                },
                Cluster {
                    mode: Mode::RefuseImpersonation,
                    ..cluster("my eks", &dev, &[])
                },
            ],
            2,
        ),
    ];
    for (name, clusters, code) in scenarios {
        let output = bench.run_clusters(&script, &clusters, &["--format", "json"]);
        let (status, stdout, stderr) = text(&output);
        assert_eq!(status, Some(code), "{name}\n{stdout}{stderr}");
        let lines = json_lines(&stdout);
        let kinds: Vec<&str> = lines
            .iter()
            .map(|line| line["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == "context").count(),
            2,
            "{name}"
        );
        assert_eq!(lines.last().unwrap()["status"], code, "{name}");
        // A line per permission asked, each in a feature a feature line closes.
        for request_context in ["gke-prod", "my eks"] {
            let of_context = |kind: &str| {
                lines
                    .iter()
                    .filter(|line| line["kind"] == kind && line["context"] == request_context)
                    .count()
            };
            let features = of_context("feature");
            assert_eq!(
                features, 2,
                "{name}: a line per feature in {request_context}"
            );
            if of_context("error") == 0 {
                let request = if request_context == "gke-prod" {
                    &prod
                } else {
                    &dev
                };
                let asked: usize = request
                    .features()
                    .into_iter()
                    .map(|f| {
                        permissions(f, &request.namespaces, false, request.skypilot_version).len()
                    })
                    .sum();
                assert_eq!(of_context("permission"), asked, "{name} {request_context}");
            }
        }
        if name == "short" {
            let missing: Vec<&serde_json::Value> = lines
                .iter()
                .filter(|line| line["status"] == "missing" || line["status"] == "partly granted")
                .collect();
            assert_eq!(missing.len(), 2, "{stdout}");
            let refused: Vec<&serde_json::Value> = lines
                .iter()
                .filter(|line| line["kind"] == "pod-security")
                .collect();
            assert_eq!(refused.len(), 2);
            assert_eq!(refused[0]["status"], "admits");
            assert_eq!(refused[1]["status"], "refuses");
            assert_eq!(refused[1]["enforced"], "restricted");
            assert_eq!(missing[0]["kind"], "service-account");
            assert_eq!(
                missing[0]["fix"],
                "kubectl create serviceaccount sky-sa -n ml --context gke-prod"
            );
            assert_eq!(missing[1]["kind"], "feature");
            assert!(lines
                .iter()
                .any(|line| line["permission"] == "create pods in ml-dev"
                    && line["granted"] == false));
        }
        let path = dir.join(format!("{name}.jsonl"));
        fs::write(&path, &output.stdout).expect("write");
        files.push(path);
    }

    // Hostile names stay one valid JSON string each.
    let hostile = VerifyRequest::new(
        Identity::Subject(Subject::User("o\"brien \\ \t $(id)".into())),
        vec![Feature::Core],
    );
    let context = "ctx \"q\" \\ end";
    let script = render_plan(&VerifyPlan::in_contexts(hostile.clone(), &[context.into()]));
    let output = bench.run_clusters(
        &script,
        &[cluster(context, &hostile, &[])],
        &["--format=json"],
    );
    let (status, stdout, stderr) = text(&output);
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    let lines = json_lines(&stdout);
    assert_eq!(lines[0]["context"], context);
    assert_eq!(lines[0]["identity"], "user o\"brien \\   $(id)");
    let path = dir.join("hostile.jsonl");
    fs::write(&path, &output.stdout).expect("write");
    files.push(path);

    // The schema knows each feature id the catalogue has, and no other.
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/verify-lines.schema.json"),
        )
        .expect("the schema"),
    )
    .expect("JSON");
    let ids: Vec<&str> = Feature::ALL.iter().map(|feature| feature.id()).collect();
    assert_eq!(schema["$defs"]["feature"]["enum"], serde_json::json!(ids));

    if let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "JSON Schema") {
        let run = std::process::Command::new(python)
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/json-schema-check.py"))
            .arg("--lines")
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/verify-lines.schema.json"))
            .args(&files)
            .output()
            .expect("run the schema oracle");
        assert!(
            run.status.success(),
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        // The oracle can fail: a line of an unknown kind does not pass.
        let bad = dir.join("bad.jsonl");
        fs::write(&bad, "{\"kind\":\"permission\",\"context\":null}\n").expect("write");
        let run = std::process::Command::new(std::env::var_os("SKYAUTH_SKYPILOT_PYTHON").unwrap())
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/json-schema-check.py"))
            .arg("--lines")
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/verify-lines.schema.json"))
            .arg(&bad)
            .output()
            .expect("run the schema oracle");
        assert!(!run.status.success());
    }
    let _ = fs::remove_dir_all(&dir);
}

/// `skyauth verify --config`: each allowed context with its own identity and namespace from
/// `context_configs`, run on a stand-in that expects exactly that impersonation per context.
#[test]
fn verify_config_checks_each_allowed_context_as_skypilot_resolves_it() {
    let config: &[u8] =
        b"kubernetes:\n  allowed_contexts: [gke-prod, eks-dev]\n  remote_identity: sky-sa\n  \
         namespace: ml\n  context_configs:\n    eks-dev:\n      namespace: ml-dev\n      \
         remote_identity: dev-sa\n";
    let output = skyauth(&["verify", "--config", "-", "--features", "core"], config);
    let (status, script, stderr) = text(&output);
    assert_eq!(status, Some(0), "{stderr}");
    let mut prod = sa("ml", "sky-sa");
    let mut dev = sa("ml-dev", "dev-sa");
    prod.selected = vec![Feature::Core];
    dev.selected = vec![Feature::Core];
    let bench = Bench::new("config");
    let clusters = [
        cluster("gke-prod", &prod, &[]),
        cluster("eks-dev", &dev, &[]),
    ];
    let (status, stdout, stderr) = text(&bench.run_clusters(&script, &clusters, &[]));
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("In context eks-dev: checking service account ml-dev/dev-sa"));

    // --context keeps some of them; one the config does not use is refused.
    let output = skyauth(&["verify", "--config", "-", "--context", "eks-dev"], config);
    let (status, script, _) = text(&output);
    assert_eq!(status, Some(0));
    assert!(script.contains("\nin_context eks-dev ' --context eks-dev' eks-dev\n"));
    assert!(!script.contains("\nin_context gke-prod"));
    let output = skyauth(&["verify", "--config", "-", "--context", "kind"], config);
    let (status, stdout, stderr) = text(&output);
    assert_eq!(status, Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--context: the `kubernetes:` section does not launch in context kind"),
        "{stderr}"
    );

    // Without a config, each --context checks the one identity named.
    let output = skyauth(
        &[
            "verify",
            "--service-account",
            "ml/sky-sa",
            "--context",
            "a",
            "--context",
            "b",
        ],
        b"",
    );
    let (status, script, _) = text(&output);
    assert_eq!(status, Some(0));
    assert_eq!(script.matches("\nin_context ").count(), 2);
    assert_eq!(
        script.matches("\ntarget_1 \"$@\"\n").count(),
        2,
        "one target, run twice"
    );
    assert!(!script.contains("target_2"));
    let output = skyauth(&["verify", "--as-me", "--context", ""], b"");
    assert_eq!(output.status.code(), Some(2));
}

/// Pod Security (#25 item 3): the level each namespace enforces, read from its label, against
/// what SkyPilot's pods need there: `baseline` for plain pods, `privileged` with object-store
/// mounting (a hostPath volume), and `privileged` in `skypilot-system` for the FUSE daemonset.
#[test]
fn a_namespace_enforcing_a_stricter_pod_security_level_is_named_with_the_label_to_set() {
    let bench = Bench::new("pod-security");
    let plain = sa("ml", "sky-sa");
    let mut buckets = sa("ml", "sky-sa");
    buckets.selected = vec![Feature::Core, Feature::ObjectStore];
    for (request, labels, code, rows) in [
        (
            &plain,
            vec![],
            0,
            vec![("pod security ml", "not enforced here")],
        ),
        (
            &plain,
            vec!["ml baseline"],
            0,
            vec![("pod security ml", "admits (enforces baseline;")],
        ),
        (
            &plain,
            vec!["ml privileged"],
            0,
            vec![("pod security ml", "admits (enforces privileged;")],
        ),
        (
            &plain,
            vec!["ml restricted"],
            1,
            vec![(
                "pod security ml",
                "refuses (enforces restricted; SkyPilot's pods need baseline)",
            )],
        ),
        // Not a level at all: the namespace refuses until it is one.
        (
            &plain,
            vec!["ml Baseline"],
            1,
            vec![("pod security ml", "refuses (enforces Baseline;")],
        ),
        (
            &buckets,
            vec!["ml baseline", "skypilot-system restricted"],
            1,
            vec![
                (
                    "pod security ml",
                    "refuses (enforces baseline; SkyPilot's pods need privileged)",
                ),
                (
                    "pod security skypilot-system",
                    "refuses (enforces restricted;",
                ),
            ],
        ),
        (
            &buckets,
            vec!["ml privileged", "skypilot-system privileged"],
            0,
            vec![
                ("pod security ml", "admits"),
                ("pod security skypilot-system", "admits"),
            ],
        ),
    ] {
        let cluster = Cluster {
            labels: labels.iter().map(|line| (*line).to_owned()).collect(),
            ..cluster("", request, &[])
        };
        let (status, stdout, stderr) = text(&bench.run_clusters(&render(request), &[cluster], &[]));
        assert_eq!(status, Some(code), "{labels:?}\n{stdout}{stderr}");
        for (label, start) in rows {
            let shown = row(&stdout, label);
            assert!(
                shown.len() == 1 && shown[0].starts_with(start),
                "{labels:?}: {label}: {shown:?}\n{stdout}"
            );
        }
        if labels == ["ml restricted"] {
            assert!(stdout.contains(
                "    SkyPilot's pods need baseline there: kubectl label --overwrite namespace ml \
                 pod-security.kubernetes.io/enforce=baseline\n"
            ));
        }
    }
    // JSON: the same judgement, with the label read and the command.
    let cluster = Cluster {
        labels: vec!["ml restricted".into()],
        ..cluster("gke-prod", &plain, &[])
    };
    let script = render_plan(&VerifyPlan::in_contexts(
        plain.clone(),
        &["gke-prod".into()],
    ));
    let output = bench.run_clusters(&script, &[cluster], &["--format", "json"]);
    let lines = json_lines(&String::from_utf8_lossy(&output.stdout));
    let line = lines
        .iter()
        .find(|line| line["kind"] == "pod-security")
        .expect("a pod-security line");
    assert_eq!(
        *line,
        serde_json::json!({
            "kind": "pod-security", "context": "gke-prod", "namespace": "ml",
            "enforced": "restricted", "needed": "baseline", "status": "refuses",
            "fix": "kubectl label --overwrite namespace ml pod-security.kubernetes.io/enforce=baseline --context gke-prod"
        })
    );
    assert_eq!(output.status.code(), Some(1));
}
