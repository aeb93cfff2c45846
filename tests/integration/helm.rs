//! The API-server journey: golden `values.yaml` files for a matrix of choices, checked by the
//! oracles (the chart's value types, `tests/helm/values.schema.json`; SkyPilot's strict server
//! schema for `apiService.config`), and the RBAC of an existing server account audits as
//! granted for what it launches.

use crate::support::fixtures;
use skyauth::release::SkyPilotVersion;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use skyauth::audit::{audit, AuditRequest};
use skyauth::generate::generate;
use skyauth::setup::{hosting_setup, Deployment, ServerIdentity};
use skyauth::setup::{AllowedContexts, AuthMethod, Choice, Feature, Setup};

fn helm(change: impl FnOnce(&mut Setup)) -> Setup {
    let mut setup = Setup {
        deployment: Deployment::Helm,
        ..Setup::default()
    };
    change(&mut setup);
    setup
}

/// The matrix: each server identity, with and without other clusters and object stores.
fn cases() -> Vec<(&'static str, Setup)> {
    vec![
        ("helm-chart-managed", helm(|_| {})),
        (
            "helm-minimal-rbac",
            helm(|s| s.server.identity = ServerIdentity::Minimal),
        ),
        (
            "helm-existing-launcher",
            helm(|s| {
                s.server.identity = ServerIdentity::Existing;
                s.server.existing_account = "skypilot-server".into();
                s.features.set(Feature::Ingress, true);
            }),
        ),
        (
            "helm-existing-runs-pods",
            helm(|s| {
                s.server.identity = ServerIdentity::Existing;
                s.server.existing_account = "skypilot-server".into();
                s.auth = AuthMethod::Custom;
                s.server.object_store = false;
            }),
        ),
        (
            "helm-other-clusters",
            helm(|s| {
                s.server.other_clusters = true;
                s.contexts.allowed = AllowedContexts::List;
                s.contexts.names = vec!["gke-prod".into(), "eks-ml".into()];
                s.account.namespace = "ml".into();
            }),
        ),
        (
            "helm-only-other-clusters",
            helm(|s| {
                s.server.in_cluster = false;
                s.server.other_clusters = true;
                s.server.secret_name = "clusters".into();
                s.contexts.allowed = AllowedContexts::List;
                s.contexts.names = vec!["gke-prod".into()];
            }),
        ),
        // The nightly's chart (`--devel`), and an older release's (no `namespace` key).
        (
            "helm-nightly-existing-launcher",
            helm(|s| {
                s.skypilot_version = SkyPilotVersion::NIGHTLY;
                s.server.identity = ServerIdentity::Existing;
                s.server.existing_account = "skypilot-server".into();
            }),
        ),
        (
            "helm-older-release",
            helm(|s| s.skypilot_version = SkyPilotVersion::OLDER),
        ),
        // Cloud identity: on the chart's own account (minimum permissions: pods run as it),
        // and on SkyPilot's own account, which the chart does not make.
        (
            "helm-minimal-rbac-azure",
            helm(|s| {
                s.server.identity = ServerIdentity::Minimal;
                s.cloud_identity = skyauth::setup::CloudIdentity {
                    provider: skyauth::setup::CloudProvider::Azure,
                    azure_client_id: "00000000-1111-2222-3333-444444444444".into(),
                    ..Default::default()
                };
            }),
        ),
        (
            "helm-chart-managed-irsa",
            helm(|s| {
                s.cloud_identity = skyauth::setup::CloudIdentity {
                    provider: skyauth::setup::CloudProvider::EksIrsa,
                    role_arn: "arn:aws:iam::123456789012:role/skypilot-s3".into(),
                    ..Default::default()
                };
            }),
        ),
    ]
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn values_match_the_golden_files() {
    let update = std::env::var_os("SKYAUTH_UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (name, setup) in cases() {
        let output = generate(&setup).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let values = output.helm.expect("Helm output").values;
        let path = golden_dir().join(format!("{name}.values.yaml"));
        if update {
            fs::write(&path, &values).expect("write golden");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(values.as_str()) {
            mismatches.push(name);
        }
    }
    for entry in fs::read_dir(golden_dir()).expect("tests/golden") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(name) = file.strip_prefix("helm-") {
            let case = format!("helm-{}", name.trim_end_matches(".values.yaml"));
            assert!(
                cases().iter().any(|(n, _)| *n == case),
                "tests/golden/{file} belongs to no case"
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "values differ from tests/golden/ for {mismatches:?}; if intended, run \
         SKYAUTH_UPDATE_GOLDEN=1 cargo test --features ssr --test integration helm and review the diff"
    );
}

/// Every golden values file passes the chart's value types, and its `apiService.config`
/// SkyPilot's strict server schema.
#[test]
fn values_pass_the_chart_and_skypilot_schemas() {
    let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "Helm values") else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("skyauth-helm-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let files: Vec<PathBuf> = cases()
        .into_iter()
        .map(|(name, setup)| {
            let values = generate(&setup).unwrap().helm.unwrap().values;
            let path = dir.join(format!("{name}.yaml"));
            fs::write(&path, values).expect("write");
            path
        })
        .collect();
    let run = |script: &str, args: &[PathBuf]| {
        let output = Command::new(&python)
            .arg(root.join(script))
            .args(args)
            .output()
            .expect("run the oracle");
        assert!(
            output.status.success(),
            "{script} refused generated values:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let schema = root.join("tests/helm/values.schema.json");
    run(
        "scripts/helm-values-schema.py",
        &[vec![schema], files.clone()].concat(),
    );
    let configs: Vec<PathBuf> = files
        .iter()
        .map(|f| PathBuf::from(format!("{}.config.yaml", f.display())))
        .collect();
    run("scripts/skypilot-schema.py", &configs);
    let _ = fs::remove_dir_all(&dir);
}

/// The RBAC generated for an existing server account (launcher RBAC with a ServiceAccount
/// subject, or the custom-account RBAC) audits as granted for what the server needs.
#[test]
fn an_existing_server_accounts_rbac_audits_as_granted() {
    for (name, setup) in cases() {
        if setup.server.identity != ServerIdentity::Existing {
            continue;
        }
        let output = generate(&setup).unwrap();
        let manifest = output.manifest.unwrap_or_else(|| panic!("{name}: no RBAC"));
        let request = AuditRequest::for_setup(&hosting_setup(&setup));
        assert_eq!(
            request.subject.to_field_text(),
            "skypilot/skypilot-server",
            "{name}"
        );
        let result = audit(&manifest, &request).unwrap();
        assert!(
            result.all_selected_granted(),
            "{name}: {:?}",
            result.features
        );
    }
}

#[test]
fn the_cli_prints_the_values_and_refuses_bad_names() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_skyauth"))
            .arg("helm")
            .args(args)
            .output()
            .expect("run skyauth helm")
    };
    let ok = run(&["--release", "sky", "--namespace", "ops", "--minimal-rbac"]);
    assert!(ok.status.success());
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(text.contains("manageRbacPolicies: false"), "{text}");
    assert!(text.contains("remote_identity: sky-api-sa"), "{text}");
    for (args, field) in [
        (vec!["--release", &"x".repeat(54)], "release"),
        (vec!["--release", "Sky"], "release"),
        (vec!["--namespace", "-ops"], "server_namespace"),
        (
            vec!["--service-account", "SERVICE_ACCOUNT"],
            "server_service_account",
        ),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("error: {field}")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn other_clusters_get_a_custom_account_with_a_static_token() {
    let setup = cases()
        .into_iter()
        .find(|(name, _)| *name == "helm-other-clusters")
        .unwrap()
        .1;
    let helm = generate(&setup).unwrap().helm.unwrap();
    let manifest = helm
        .other_clusters_manifest
        .expect("RBAC for other clusters");
    assert!(manifest.contains("type: kubernetes.io/service-account-token"));
    let script = helm.other_clusters_script.expect("a kubeconfig script");
    assert!(
        !script.contains("create token"),
        "a bound token expires: {script}"
    );
    let _ = fixtures::golden_cases();
}

/// The launcher choice belongs to the laptop journey: a chart-managed server keeps none of it
/// (the chart grants its own account), and the page does not offer it on this journey.
#[test]
fn a_chart_managed_server_keeps_no_launcher_choice_from_the_laptop_journey() {
    let setup = helm(|s| {
        s.launcher.enabled = true;
        s.launcher.subject = "alice".into();
    });
    assert!(!setup.launcher_is_a_choice());
    assert!(!hosting_setup(&setup).wants_launcher_rbac());
    let output = generate(&setup).expect("valid");
    assert!(output.manifest.is_none(), "{:?}", output.manifest);
    let laptop = Setup {
        deployment: Deployment::Cli,
        ..setup
    };
    assert!(laptop.launcher_is_a_choice() && laptop.wants_launcher_rbac());
}

/// #22.2: an existing server account launches in the server's namespace. The page's setup
/// (launch namespace left at its default, its field hidden on this journey) and the CLI's
/// flags give the same values, the launcher RBAC lives in that namespace, and it audits as
/// granted there.
#[test]
fn an_existing_server_account_launches_in_the_servers_namespace_on_page_and_cli() {
    for custom in [false, true] {
        let page = helm(|s| {
            s.server.namespace = "ops".into();
            s.server.identity = ServerIdentity::Existing;
            s.server.existing_account = "srv".into();
            if custom {
                s.auth = AuthMethod::Custom;
            }
        });
        assert_eq!(
            hosting_setup(&page).launch_namespace(),
            "ops",
            "custom: {custom}"
        );
        let output = generate(&page).expect("valid");
        let manifest = output
            .manifest
            .clone()
            .expect("RBAC for the existing account");
        let request = AuditRequest::for_setup(&page);
        assert_eq!(request.namespaces.launch, "ops", "custom: {custom}");
        assert_eq!(request.subject.to_field_text(), "ops/srv");
        let result = audit(&manifest, &request).unwrap();
        assert!(result.all_selected_granted(), "{:?}", result.features);
        assert!(
            !manifest.contains("namespace: default"),
            "custom: {custom}\n{manifest}"
        );
        let mut args = vec!["helm", "--namespace", "ops", "--service-account", "srv"];
        if custom {
            args.extend(["--remote-identity", "srv"]);
        }
        let cli = Command::new(env!("CARGO_BIN_EXE_skyauth"))
            .args(&args)
            .output()
            .expect("run skyauth helm");
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&cli.stdout),
            output.helm.unwrap().values,
            "custom: {custom}"
        );
    }
}

/// #22.3: other clusters need their contexts listed. The current context alone (`in-cluster`
/// on the server) and `all` (no context could get its account) are refused with the reason,
/// on the page's setup and in the CLI; a list is written as listed, and the account the
/// clusters are reached as is said.
#[test]
fn other_clusters_without_a_list_of_contexts_are_refused_with_the_reason() {
    for allowed in [AllowedContexts::Current, AllowedContexts::All] {
        let setup = helm(|s| {
            s.server.other_clusters = true;
            s.contexts.allowed = allowed;
        });
        let errors = generate(&setup).expect_err("refused");
        assert!(
            errors
                .iter()
                .any(|e| e.field.to_string() == "allowed_contexts[0]"
                    && e.message
                        .contains("Reaching other clusters needs their context names")),
            "{allowed:?}: {errors:?}"
        );
    }
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_skyauth"))
            .arg("helm")
            .args(["--kubeconfig-secret", "kc"])
            .args(args)
            .output()
            .expect("run skyauth helm")
    };
    for args in [vec!["--allowed-context", "all"], vec![]] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("error: allowed_contexts[0]: Reaching other clusters"),
            "{args:?}: {stderr}"
        );
    }
    let output = run(&["--allowed-context", "gke-prod"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("reached as service account `default/sky-sa`"),
        "{stderr}"
    );
    let values = String::from_utf8_lossy(&output.stdout);
    assert!(
        values.contains("- in-cluster\n") && values.contains("- gke-prod\n"),
        "{values}"
    );
}

/// #22.4: a choice the page hides does not shape an output. With other clusters and a keyword
/// auth, the profile and the custom account's extras are hidden: a cluster-admin profile left
/// from earlier (or set by a link) gives the same outputs as none, and is named as ignored.
#[test]
fn hidden_choices_do_not_shape_outputs_and_are_named() {
    let shown = helm(|s| {
        s.server.other_clusters = true;
        s.contexts.allowed = AllowedContexts::List;
        s.contexts.names = vec!["gke-prod".into()];
    });
    let mut hidden = shown.clone();
    hidden.account.profile = skyauth::setup::PermissionProfile::ClusterAdmin;
    hidden.account.create_namespace = true;
    assert!(!hidden.shows(Choice::Profile) && !hidden.shows(Choice::Extras));
    assert_eq!(hidden.ignored(), vec![Choice::Profile, Choice::Extras]);
    assert_eq!(generate(&hidden), generate(&shown));
    let others = generate(&hidden).unwrap().helm.unwrap();
    let manifest = others
        .other_clusters_manifest
        .expect("RBAC for other clusters");
    assert!(!manifest.contains("cluster-admin"), "{manifest}");
    let note = skyauth::setup::ignored_note(&hidden.ignored()).expect("a note");
    assert!(note.contains("the permission profile"), "{note}");
    // The features shape the other clusters' RBAC, so they show there.
    assert!(shown.shows(Choice::Features));
    assert!(shown.ignored().is_empty());
    // On a laptop a custom account's profile shows and applies.
    let laptop = Setup {
        deployment: Deployment::Cli,
        auth: AuthMethod::Custom,
        ..hidden.clone()
    };
    assert!(laptop.shows(Choice::Profile) && !laptop.ignored().contains(&Choice::Profile));
    assert_ne!(
        generate(&laptop).unwrap().manifest,
        generate(&Setup {
            deployment: Deployment::Cli,
            auth: AuthMethod::Custom,
            ..shown.clone()
        })
        .unwrap()
        .manifest
    );
}

/// #22.9: with minimum permissions pods run as `<release>-api-sa`, whatever the auth method:
/// the auth choice is fixed (the page shows it so) and a custom one changes nothing.
#[test]
fn minimum_permissions_fix_the_auth_method() {
    let minimal = helm(|s| s.server.identity = ServerIdentity::Minimal);
    assert!(!minimal.shows(Choice::Auth));
    for auth in [
        AuthMethod::LocalCredentials,
        AuthMethod::NoUpload,
        AuthMethod::Custom,
    ] {
        let chosen = Setup {
            auth,
            ..minimal.clone()
        };
        assert_eq!(generate(&chosen), generate(&minimal), "{auth:?}");
        assert_eq!(chosen.ignored(), vec![Choice::Auth], "{auth:?}");
        let config = generate(&chosen).unwrap().config;
        assert!(
            config.contains("remote_identity: skypilot-api-sa"),
            "{config}"
        );
    }
}

/// #22.11: the other clusters' files agree: the RBAC's header names the file it is downloaded
/// as, the kubeconfig script names that file and writes a kubeconfig named after the account,
/// and the steps apply, write and merge per context, the secret made from the merged file.
#[test]
fn the_other_clusters_files_and_steps_agree() {
    let setup = helm(|s| {
        s.server.other_clusters = true;
        s.contexts.allowed = AllowedContexts::List;
        s.contexts.names = vec![
            "gke-prod".into(),
            "arn:aws:eks:eu-west-1:1:cluster/ml".into(),
        ];
        s.account.name = "research".into();
        s.account.namespace = "ml".into();
    });
    let output = generate(&setup).expect("valid");
    let helm = output.helm.clone().unwrap();
    let file = skyauth::generate::OTHER_CLUSTERS_FILE;
    let manifest = helm.other_clusters_manifest.unwrap();
    assert!(
        manifest.contains(&format!("kubectl apply -f {file}")),
        "{manifest}"
    );
    assert!(!manifest.contains("create-research.yaml"), "{manifest}");
    let script = helm.other_clusters_script.unwrap();
    assert!(
        script.contains(&format!("kubectl apply -f {file}`")),
        "{script}"
    );
    assert!(script.contains("${1:-./kubeconfig-research}"), "{script}");
    let commands: Vec<String> = output
        .next_steps
        .iter()
        .filter_map(|step| step.command.clone())
        .collect();
    let all = commands.join("\n");
    assert!(
        all.contains(&format!("kubectl --context gke-prod apply -f {file}")),
        "{all}"
    );
    assert!(
        all.contains("kubectl --context arn:aws:eks:eu-west-1:1:cluster/ml apply"),
        "{all}"
    );
    assert!(all.contains("kubectl config use-context gke-prod && bash generate-kubeconfig.sh kubeconfig-gke-prod"), "{all}");
    let merge = commands
        .iter()
        .find(|c| c.contains("kubectl config view --raw --flatten"))
        .expect("a merge command");
    assert!(
        merge.starts_with("KUBECONFIG=kubeconfig-gke-prod:kubeconfig-arn-aws-eks"),
        "{merge}"
    );
    assert!(merge.ends_with("> kube-credentials.yaml"), "{merge}");
    assert!(
        all.contains("--from-file=config=kube-credentials.yaml"),
        "{all}"
    );
    assert!(
        !all.contains("KUBECONFIG --api-server") && !all.contains("CONTEXT"),
        "{all}"
    );
    for command in &commands {
        let check = Command::new("sh")
            .args(["-n", "-c", command])
            .status()
            .expect("sh");
        assert!(check.success(), "sh -n refused {command}");
    }
}

/// Hardened namespaces on the API-server journey: where the server's RBAC is generated, the
/// namespace its pods run in gets the same label step and OpenShift check as on the CLI
/// journey (before 2026-12-04 the Helm journey's next steps had none).
#[test]
fn the_servers_pod_namespace_gets_its_hardening_steps() {
    let mut generated = 0;
    for identity in [
        ServerIdentity::ChartManaged,
        ServerIdentity::Minimal,
        ServerIdentity::Existing,
    ] {
        let setup = helm(|setup| {
            setup.server.identity = identity;
            setup.server.existing_account = "skypilot-server".into();
            setup.hardening.pod_security_labels = true;
            setup.hardening.openshift = true;
        });
        let hosting = hosting_setup(&setup);
        let output = generate(&setup).expect("valid");
        let commands = fixtures::step_lines(&output);
        let labels = commands
            .iter()
            .filter(|c| c.starts_with("kubectl label --overwrite namespace "))
            .count();
        if hosting.generates_rbac() {
            let (namespace, _) = hosting.pods_account();
            let label = fixtures::label_command(None, namespace, "baseline");
            assert!(
                commands.contains(&label),
                "{identity:?}: {label}\n{commands:#?}"
            );
            assert!(
                commands
                    .iter()
                    .any(|c| c.contains("securitycontextconstraints.security.openshift.io/anyuid")),
                "{identity:?}\n{commands:#?}"
            );
            generated += 1;
        } else {
            assert_eq!(labels, 0, "{identity:?}\n{commands:#?}");
        }
    }
    assert!(
        generated > 0,
        "no server identity generates RBAC: the test checks nothing"
    );
}
