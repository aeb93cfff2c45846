//! Shared fixtures of the generation tests: the golden matrix of setups and a proptest
//! strategy over valid setups (with hostile context names).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use skyauth::setup::{
    AllowedContexts, AuthMethod, Contexts, CustomAccount, Feature, FeatureSet, Launcher, Metrics,
    PermissionProfile, PortsSetting, Prometheus, Setup, SubjectKind,
};
use skyauth::setup::{ApiServer, Deployment, ServerIdentity};
use skyauth::setup::{CloudIdentity, CloudProvider};

use skyauth::release::SkyPilotVersion;

fn custom(profile: PermissionProfile, features: FeatureSet) -> Setup {
    Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            profile,
            ..CustomAccount::default()
        },
        features,
        ..Setup::default()
    }
}

/// A custom account with every optional group and both extras.
fn with_everything(profile: PermissionProfile) -> Setup {
    let mut setup = custom(profile, FeatureSet::all_optional());
    setup.account.create_namespace = true;
    setup.account.token_secret = true;
    setup
}

/// A least-privilege custom account with one optional group.
fn one(feature: Feature) -> Setup {
    custom(PermissionProfile::Minimal, FeatureSet::from_iter([feature]))
}

/// Launcher RBAC for `auth`.
fn launcher(auth: AuthMethod, subject_kind: SubjectKind, subject: &str, namespace: &str) -> Setup {
    Setup {
        auth,
        launcher: Launcher {
            enabled: true,
            subject_kind,
            subject: subject.into(),
            namespace: namespace.into(),
        },
        ..Setup::default()
    }
}

/// The golden matrix: each profile, each feature, each auth method, the launcher of each
/// keyword mode and subject kind, per-context settings.
pub fn golden_cases() -> Vec<(String, Setup)> {
    let mut cases: Vec<(String, Setup)> = Vec::new();
    for profile in PermissionProfile::ALL {
        let id = profile.as_str();
        cases.push((format!("custom-{id}"), custom(profile, FeatureSet::new())));
        cases.push((
            format!("custom-{id}-all-features"),
            with_everything(profile),
        ));
    }
    for feature in Feature::optional() {
        cases.push((format!("custom-{}", feature.id()), one(feature)));
    }
    let mut team = custom(PermissionProfile::Minimal, FeatureSet::new());
    team.account.create_namespace = true;
    team.account.namespace = "ml-team".into();
    team.account.name = "ml-runner".into();
    cases.push(("custom-create-namespace-team".into(), team));
    // The documented Secrets, asked for (Minimum leaves them out otherwise).
    let mut docs_secrets = custom(PermissionProfile::Minimal, FeatureSet::new());
    docs_secrets.account.docs_secrets = true;
    cases.push(("custom-minimal-docs-secrets".into(), docs_secrets));
    // SkyPilot's Prometheus in a namespace of its own (`metrics.prometheus.namespace`).
    let mut metrics = one(Feature::GpuMetrics);
    metrics.metrics.prometheus.namespace = "monitoring".into();
    cases.push(("custom-gpu-metrics-monitoring".into(), metrics));
    let mut token_secret = custom(PermissionProfile::NamespaceAdmin, FeatureSet::new());
    token_secret.account.token_secret = true;
    cases.push(("custom-token-secret".into(), token_secret));
    // Hardened namespaces (#25 item 3): Pod Security labels on the created namespaces, and
    // OpenShift's SCC bindings (buckets need hostmount-anyuid, the FUSE daemonset privileged).
    let mut hardened = one(Feature::ObjectStore);
    hardened.account.namespace = "ml".into();
    hardened.account.create_namespace = true;
    hardened.hardening.pod_security_labels = true;
    hardened.hardening.openshift = true;
    cases.push(("custom-hardened-object-store".into(), hardened));
    let mut openshift = custom(PermissionProfile::Minimal, FeatureSet::new());
    openshift.hardening.openshift = true;
    cases.push(("custom-openshift".into(), openshift));

    for (name, auth) in [
        ("service-account", AuthMethod::ServiceAccount),
        ("local-credentials", AuthMethod::LocalCredentials),
        ("no-upload", AuthMethod::NoUpload),
    ] {
        cases.push((
            name.into(),
            Setup {
                auth,
                ..Setup::default()
            },
        ));
    }
    cases.push((
        "service-account-launcher-user".into(),
        launcher(
            AuthMethod::ServiceAccount,
            SubjectKind::User,
            "alice@example.com",
            "default",
        ),
    ));
    cases.push((
        "no-upload-launcher-group".into(),
        launcher(
            AuthMethod::NoUpload,
            SubjectKind::Group,
            "ml-engineers",
            "ml",
        ),
    ));
    let mut keyword_openshift = launcher(
        AuthMethod::ServiceAccount,
        SubjectKind::User,
        "alice@example.com",
        "ml",
    );
    keyword_openshift.hardening.openshift = true;
    keyword_openshift.hardening.pod_security_labels = true;
    cases.push((
        "service-account-launcher-openshift".into(),
        keyword_openshift,
    ));
    cases.push((
        "local-credentials-launcher-user".into(),
        launcher(
            AuthMethod::LocalCredentials,
            SubjectKind::User,
            "bob",
            "default",
        ),
    ));
    let mut server = launcher(
        AuthMethod::ServiceAccount,
        SubjectKind::ServiceAccount,
        "skypilot/skypilot-api-sa",
        "default",
    );
    server.features = FeatureSet::all_optional();
    cases.push((
        "service-account-launcher-api-server-all-features".into(),
        server,
    ));

    cases.push((
        "per-context-settings".into(),
        Setup {
            auth: AuthMethod::ServiceAccount,
            contexts: Contexts {
                allowed: AllowedContexts::List,
                names: vec![
                    "gke-prod".into(),
                    "kind-dev".into(),
                    "arn:aws:eks:us-east-1:123:cluster/x".into(),
                ],
                per_context: true,
                identities: BTreeMap::from([
                    ("gke-prod".into(), "sky-sa".into()),
                    (
                        "arn:aws:eks:us-east-1:123:cluster/x".into(),
                        "LOCAL_CREDENTIALS".into(),
                    ),
                ]),
                namespaces: BTreeMap::from([("gke-prod".into(), "ml".into())]),
            },
            ..Setup::default()
        },
    ));
    cases.push((
        "all-contexts-podip".into(),
        Setup {
            auth: AuthMethod::NoUpload,
            contexts: Contexts {
                allowed: AllowedContexts::All,
                names: vec!["in-cluster".into()],
                per_context: true,
                identities: BTreeMap::from([("in-cluster".into(), "sky-sa".into())]),
                namespaces: BTreeMap::new(),
            },
            ports: PortsSetting::Podip,
            ..Setup::default()
        },
    ));

    // The versions: what a release lacks is left out or refused; the nightly's own rules.
    let mut older = custom(PermissionProfile::Minimal, FeatureSet::new());
    older.skypilot_version = SkyPilotVersion::OLDER;
    older.account.namespace = "ml".into();
    older.contexts = Contexts {
        allowed: AllowedContexts::List,
        names: vec!["gke-prod".into(), "kind-dev".into()],
        per_context: true,
        identities: BTreeMap::new(),
        namespaces: BTreeMap::from([("kind-dev".into(), "dev".into())]),
    };
    cases.push(("older-release-custom-namespaces".into(), older));
    let mut nightly = custom(PermissionProfile::Minimal, FeatureSet::new());
    nightly.skypilot_version = SkyPilotVersion::NIGHTLY;
    cases.push(("nightly-custom-minimal".into(), nightly));
    let mut nightly_launcher = launcher(
        AuthMethod::ServiceAccount,
        SubjectKind::User,
        "alice@example.com",
        "ml",
    );
    nightly_launcher.skypilot_version = SkyPilotVersion::NIGHTLY;
    cases.push(("nightly-launcher-user".into(), nightly_launcher));
    let mut none = launcher(AuthMethod::NoToken, SubjectKind::Group, "ml-team", "ml");
    none.skypilot_version = SkyPilotVersion::NIGHTLY;
    cases.push(("nightly-none-launcher-group".into(), none));
    cases
}

/// A cloud identity: mostly none, else one provider with valid values (the validator's
/// unit tests cover the invalid ones).
pub fn cloud_identity() -> impl Strategy<Value = CloudIdentity> {
    let arn = (
        "[0-9]{12}",
        "(service-role/)?[A-Za-z0-9+=,.@_-]{1,20}",
        0..3usize,
    )
        .prop_map(|(account, name, partition)| {
            let partition = ["aws", "aws-cn", "aws-us-gov"][partition];
            format!("arn:{partition}:iam::{account}:role/{name}")
        });
    let gsa = (
        "[a-z][a-z0-9-]{4,20}[a-z0-9]",
        "[a-z][a-z0-9-]{4,20}[a-z0-9]",
    )
        .prop_map(|(name, project)| format!("{name}@{project}.iam.gserviceaccount.com"));
    let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    let provider = prop_oneof![
        4 => Just(CloudProvider::None),
        1 => Just(CloudProvider::EksIrsa),
        1 => Just(CloudProvider::EksPodIdentity),
        1 => Just(CloudProvider::Gke),
        1 => Just(CloudProvider::Azure),
    ];
    (
        provider,
        arn,
        "[a-zA-Z0-9][a-zA-Z0-9_-]{0,20}",
        gsa,
        uuid,
        proptest::option::of(uuid),
    )
        .prop_map(
            |(provider, role_arn, eks_cluster, gcp_service_account, client, tenant)| {
                CloudIdentity {
                    provider,
                    role_arn,
                    eks_cluster,
                    gcp_service_account,
                    azure_client_id: client,
                    azure_tenant_id: tenant.unwrap_or_default(),
                }
            },
        )
}

/// The cloud identity cases: each provider, on a custom account and on SkyPilot's own
/// (their manifests, configs and Helm values are golden files, and pass the oracles).
pub fn cloud_identity_cases() -> Vec<(String, Setup)> {
    let arn = "arn:aws:iam::123456789012:role/skypilot-s3";
    let mut irsa = custom(PermissionProfile::Minimal, FeatureSet::new());
    irsa.account.namespace = "ml".into();
    irsa.cloud_identity = CloudIdentity {
        provider: CloudProvider::EksIrsa,
        role_arn: arn.into(),
        eks_cluster: "prod".into(),
        ..CloudIdentity::default()
    };
    let pod_identity = Setup {
        auth: AuthMethod::NoUpload,
        cloud_identity: CloudIdentity {
            provider: CloudProvider::EksPodIdentity,
            role_arn: arn.into(),
            eks_cluster: "prod".into(),
            ..CloudIdentity::default()
        },
        ..Setup::default()
    };
    let mut gke = launcher(
        AuthMethod::ServiceAccount,
        SubjectKind::User,
        "alice@example.com",
        "ml",
    );
    gke.cloud_identity = CloudIdentity {
        provider: CloudProvider::Gke,
        gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
        ..CloudIdentity::default()
    };
    let mut azure = custom(PermissionProfile::NamespaceAdmin, FeatureSet::new());
    azure.contexts = Contexts {
        allowed: AllowedContexts::List,
        names: vec!["aks-prod".into(), "kind-dev".into()],
        per_context: true,
        identities: BTreeMap::from([("kind-dev".into(), "SERVICE_ACCOUNT".into())]),
        namespaces: BTreeMap::new(),
    };
    azure.cloud_identity = CloudIdentity {
        provider: CloudProvider::Azure,
        azure_client_id: "00000000-1111-2222-3333-444444444444".into(),
        azure_tenant_id: "55555555-6666-7777-8888-999999999999".into(),
        ..CloudIdentity::default()
    };
    let own_irsa = Setup {
        cloud_identity: irsa.cloud_identity.clone(),
        ..Setup::default()
    };
    // The nightly's controllers run as their own account: it gets the identity too.
    let nightly_irsa = Setup {
        skypilot_version: SkyPilotVersion::NIGHTLY,
        ..own_irsa.clone()
    };
    let nightly_gke = Setup {
        skypilot_version: SkyPilotVersion::NIGHTLY,
        ..gke.clone()
    };
    vec![
        ("cloud-eks-irsa-custom".into(), irsa),
        ("cloud-eks-irsa-service-account".into(), own_irsa),
        (
            "nightly-cloud-eks-irsa-service-account".into(),
            nightly_irsa,
        ),
        (
            "nightly-cloud-gke-service-account-launcher".into(),
            nightly_gke,
        ),
        ("cloud-eks-pod-identity-no-upload".into(), pod_identity),
        ("cloud-gke-service-account-launcher".into(), gke),
        ("cloud-azure-custom-per-context".into(), azure),
    ]
}

/// Valid Kubernetes label names.
pub fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?"
}

/// Context names, including ones that look like YAML.
pub fn context_name() -> impl Strategy<Value = String> {
    prop_oneof![
        label(),
        Just("default\nkind: Secret".replace('\n', " ")),
        Just("x: y".to_owned()),
        Just("- item".to_owned()),
        Just("'quoted' \"double\" #hash".to_owned()),
        Just("gke_proj_us-central1_c".to_owned()),
        Just("arn:aws:eks:eu-west-1:1234:cluster/prod".to_owned()),
        Just("ctx: {a: [1, 2]}".to_owned()),
        Just("&anchor *alias !tag".to_owned()),
        Just("üñí¢ødé".to_owned()),
        "[ -~]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty()),
    ]
}

fn profile() -> impl Strategy<Value = PermissionProfile> {
    proptest::sample::select(PermissionProfile::ALL.to_vec())
}

fn auth() -> impl Strategy<Value = AuthMethod> {
    prop_oneof![
        Just(AuthMethod::ServiceAccount),
        Just(AuthMethod::LocalCredentials),
        Just(AuthMethod::NoUpload),
        Just(AuthMethod::Custom),
        Just(AuthMethod::Custom),
        Just(AuthMethod::NoToken),
    ]
}

/// Each SkyPilot version the page offers, the latest most often.
fn skypilot_version() -> impl Strategy<Value = skyauth::release::SkyPilotVersion> {
    use skyauth::release::SkyPilotVersion;
    prop_oneof![
        3 => Just(SkyPilotVersion::LATEST),
        1 => Just(SkyPilotVersion::PREVIOUS),
        1 => Just(SkyPilotVersion::NIGHTLY),
        1 => Just(SkyPilotVersion::OLDER),
    ]
}

fn identity_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("SERVICE_ACCOUNT".to_owned()),
        Just("LOCAL_CREDENTIALS".to_owned()),
        Just("NO_UPLOAD".to_owned()),
        label(),
    ]
}

/// Valid setups of every shape.
pub fn valid_setup() -> impl Strategy<Value = Setup> {
    let optional: Vec<Feature> = Feature::optional().collect();
    let features = proptest::sample::subsequence(optional.clone(), 0..=optional.len())
        .prop_map(FeatureSet::from_iter);
    let account = (label(), label(), profile(), any::<[bool; 3]>()).prop_map(
        |(namespace, name, profile, extras)| CustomAccount {
            namespace,
            name,
            profile,
            create_namespace: extras[0],
            token_secret: extras[1],
            docs_secrets: extras[2],
        },
    );
    // The Prometheus namespace: mostly the default, sometimes a label of its own.
    let metrics = prop_oneof![
        2 => Just(skyauth::catalogue::SKYPILOT_METRICS.to_owned()),
        1 => label(),
    ]
    .prop_map(|namespace| Metrics {
        prometheus: Prometheus { namespace },
    });
    let launcher = (
        any::<bool>(),
        0..3u8,
        "[a-zA-Z0-9@._:-][a-zA-Z0-9@._: -]{0,12}[a-z]",
        (label(), label()),
        label(),
    )
        .prop_map(|(enabled, kind, subject, (sa_ns, sa_name), namespace)| {
            let (subject_kind, subject) = match kind {
                0 => (SubjectKind::User, subject),
                1 => (SubjectKind::Group, subject),
                _ => (SubjectKind::ServiceAccount, format!("{sa_ns}/{sa_name}")),
            };
            Launcher {
                enabled,
                subject_kind,
                subject,
                namespace,
            }
        });
    let contexts = (
        0..3u8,
        proptest::collection::btree_set(context_name(), 1..4),
        any::<bool>(),
        proptest::collection::vec(proptest::option::of(identity_value()), 4),
        proptest::collection::vec(proptest::option::of(label()), 4),
    )
        .prop_map(|(allowed, names, per_context, values, namespaces)| {
            let names: Vec<String> = names.into_iter().collect();
            let pick = |values: Vec<Option<String>>| -> BTreeMap<String, String> {
                names
                    .iter()
                    .zip(values)
                    .filter(|_| per_context)
                    .filter_map(|(name, value)| Some((name.clone(), value?)))
                    .collect()
            };
            Contexts {
                allowed: [
                    AllowedContexts::Current,
                    AllowedContexts::All,
                    AllowedContexts::List,
                ][allowed as usize],
                identities: pick(values),
                namespaces: pick(namespaces),
                names,
                per_context,
            }
        });
    let ports = prop_oneof![
        Just(PortsSetting::Unset),
        Just(PortsSetting::Loadbalancer),
        Just(PortsSetting::Ingress),
        Just(PortsSetting::Podip)
    ];
    let server = (
        label(),
        label(),
        0..3u8,
        label(),
        any::<[bool; 3]>(),
        label(),
    )
        .prop_map(
            |(release, namespace, identity, existing_account, flags, secret_name)| ApiServer {
                release,
                namespace,
                identity: [
                    ServerIdentity::ChartManaged,
                    ServerIdentity::Minimal,
                    ServerIdentity::Existing,
                ][identity as usize],
                existing_account,
                object_store: flags[0],
                in_cluster: flags[1],
                other_clusters: flags[2],
                secret_name,
            },
        );
    // One setup in four is an API server's.
    let journey = prop_oneof![3 => Just(Deployment::Cli), 1 => Just(Deployment::Helm)];
    (
        (journey, server),
        auth(),
        account,
        launcher,
        features,
        contexts,
        (
            ports,
            metrics,
            skypilot_version(),
            teams(),
            ((any::<bool>(), any::<bool>()), cloud_identity()),
        ),
    )
        .prop_map(
            |(
                (journey, server),
                auth,
                account,
                launcher,
                features,
                contexts,
                (
                    ports,
                    metrics,
                    skypilot_version,
                    teams,
                    ((pod_security_labels, openshift), cloud_identity),
                ),
            )| {
                let mut setup = Setup {
                    skypilot_version,
                    deployment: journey,
                    server,
                    auth,
                    account,
                    launcher,
                    features,
                    contexts,
                    ports,
                    metrics,
                    allow_kube_system: false,
                    teams,
                    hardening: skyauth::setup::Hardening {
                        pod_security_labels,
                        openshift,
                    },
                    cloud_identity,
                };
                // NONE is the nightly's; the other versions' limits are the validator's.
                if setup.auth == AuthMethod::NoToken {
                    setup.skypilot_version = skyauth::release::SkyPilotVersion::NIGHTLY;
                    // Pods without a token have no identity to federate.
                    setup.cloud_identity = CloudIdentity::default();
                }
                // Before 0.14 Prometheus' namespace is fixed.
                if !setup
                    .skypilot_version
                    .has(skyauth::release::Change::MetricsPrometheus)
                {
                    setup.metrics = Default::default();
                }
                if skyauth::setup::effective_setup(&setup).wants_ingress()
                    && matches!(
                        setup.ports,
                        PortsSetting::Loadbalancer | PortsSetting::Podip
                    )
                {
                    setup.ports = PortsSetting::Unset;
                }
                // An API server's other clusters are named in a list (#22 item 3).
                if setup.reaches_other_clusters() {
                    setup.contexts.allowed = AllowedContexts::List;
                }
                // A team's contexts are among the setup's (an API server has no others), its
                // own namespace and identity need SkyPilot 0.13.0.
                let names = setup.contexts.names.clone();
                let helm = setup.deployment == Deployment::Helm;
                let old = !setup
                    .skypilot_version
                    .has(skyauth::release::Change::WorkspaceIdentity);
                for team in setup.teams.values_mut() {
                    team.contexts
                        .retain(|context| !helm && names.contains(context));
                    if old {
                        team.namespace.clear();
                        team.identity.clear();
                        team.context_namespaces.clear();
                        team.context_identities.clear();
                    }
                    // A value in a context the team cannot use is an error: keep the values
                    // of the contexts it keeps.
                    let usable = team.contexts.clone();
                    team.context_namespaces
                        .retain(|context, _| usable.contains(context));
                    team.context_identities
                        .retain(|context, _| usable.contains(context));
                }
                setup
            },
        )
}

/// Zero to two teams, each with some of the contexts (kept only where the setup lists them),
/// maybe its own namespace, and an inherited, keyword or own account identity, and maybe a
/// namespace and an identity of its own in its first context.
fn teams() -> impl Strategy<Value = skyauth::setup::Teams> {
    let team = (
        proptest::collection::vec(context_name(), 0..2),
        proptest::option::of(label()),
        0..3u8,
        0..PermissionProfile::ALL.len(),
        any::<bool>(),
        (proptest::option::of(label()), 0..3u8),
    );
    proptest::collection::vec(team, 0..3).prop_map(|teams| {
        ["research", "prod"]
            .iter()
            .zip(teams)
            .map(
                |(name, (contexts, namespace, identity, profile, own_launcher, context_values))| {
                    let (context_namespace, context_identity) = context_values;
                    let first = contexts.first().cloned();
                    let context_namespaces =
                        first.clone().zip(context_namespace).into_iter().collect();
                    let context_identity = match context_identity {
                        0 => None,
                        1 => Some("NO_UPLOAD".to_owned()),
                        _ => Some(format!("{name}-ctx-sa")),
                    };
                    let context_identities = first.zip(context_identity).into_iter().collect();
                    let identity = match identity {
                        0 => String::new(),
                        1 => "SERVICE_ACCOUNT".to_owned(),
                        _ => format!("{name}-sa"),
                    };
                    let team = skyauth::setup::Team {
                        contexts,
                        namespace: namespace.unwrap_or_default(),
                        identity,
                        profile: PermissionProfile::ALL[profile],
                        context_namespaces,
                        context_identities,
                        launcher_kind: SubjectKind::Group,
                        launcher_subject: if own_launcher {
                            format!("{name}-users")
                        } else {
                            String::new()
                        },
                    };
                    (name.to_string(), team)
                },
            )
            .collect()
    })
}

/// The oracle program that `variable` names (the test command sets each to a tool under
/// build/), or `None` with a loud SKIPPED line; a missing oracle fails the run when
/// `SKYAUTH_REQUIRE_ORACLES=1`, as `make test` sets it.
pub fn oracle(variable: &str, what: &str) -> Option<PathBuf> {
    match std::env::var_os(variable) {
        Some(path) if Path::new(&path).exists() => Some(PathBuf::from(path)),
        _ if std::env::var("SKYAUTH_REQUIRE_ORACLES").as_deref() == Ok("1") => {
            panic!("{variable} is not set (or missing) but SKYAUTH_REQUIRE_ORACLES=1")
        }
        _ => {
            eprintln!("\n*** SKIPPED the {what} oracle: set {variable} (make test does) ***\n");
            None
        }
    }
}

/// The Kubernetes release whose schemas `kubernetes-validate` checks against: our k8s-openapi
/// feature's (`v1_33`).
pub const KUBERNETES_VERSION: &str = "1.33.0";

/// `kubernetes-validate --strict --quiet -k 1.33.0 FILES` (the oracle `SKYAUTH_KUBERNETES_VALIDATE`
/// names), or `None` when it is skipped (see [`oracle`]). When the program is a Python script,
/// it runs under that script's own Python through `kubernetes_validate_once.py`, which reads
/// each schema file once per run instead of once per document: the same validation, several
/// times faster.
fn kubernetes_validate(what: &str, files: &[PathBuf]) -> Option<Output> {
    let validator = oracle("SKYAUTH_KUBERNETES_VALIDATE", what)?;
    let python = std::fs::read_to_string(&validator).ok().and_then(|text| {
        let shebang = text.lines().next()?.strip_prefix("#!")?.trim().to_owned();
        shebang.contains("python").then_some(shebang)
    });
    let mut command = match python {
        Some(shebang) => {
            let mut words = shebang.split_whitespace();
            let mut command = Command::new(words.next().unwrap_or("python3"));
            command.args(words).arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/integration/support/kubernetes_validate_once.py"),
            );
            command
        }
        None => Command::new(&validator),
    };
    let output = command
        .args(["--strict", "--quiet", "-k", KUBERNETES_VERSION])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", validator.display()));
    Some(output)
}

/// Asserts that `kubernetes-validate --strict` accepts every one of `files` (`what` names
/// them in the failure and in the SKIPPED line when the oracle is missing).
pub fn assert_kubernetes_valid(what: &str, files: &[PathBuf]) {
    if let Some(output) = kubernetes_validate(what, files) {
        assert!(
            output.status.success(),
            "kubernetes-validate rejected {what}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The commands of every next step `output` gives, in order (teams' steps included).
pub fn step_commands(output: &skyauth::generate::Output) -> Vec<String> {
    output
        .steps()
        .filter_map(|step| step.command.clone())
        .collect()
}

/// Every line of every step's command, in order (a step in several contexts has one line
/// per context).
pub fn step_lines(output: &skyauth::generate::Output) -> Vec<String> {
    step_commands(output)
        .iter()
        .flat_map(|command| command.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// The next steps' line that sets namespace `namespace`'s Pod Security level in `context`
/// (the current one when `None`).
pub fn label_command(context: Option<&str>, namespace: &str, level: &str) -> String {
    let context = context
        .map(|c| format!(" --context {c}"))
        .unwrap_or_default();
    format!("kubectl{context} label --overwrite namespace {namespace} pod-security.kubernetes.io/enforce={level}")
}
