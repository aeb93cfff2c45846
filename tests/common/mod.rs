//! Shared fixtures of the generation tests: the golden matrix of setups and a proptest
//! strategy over valid setups (with hostile context names).
#![allow(dead_code)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use skyauth::setup::{
    AllowedContexts, AuthMethod, Contexts, CustomAccount, Features, Launcher, PermissionProfile,
    PortsSetting, Setup, SubjectKind,
};

fn custom(profile: PermissionProfile, features: Features) -> Setup {
    Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            profile,
            features,
            ..CustomAccount::default()
        },
        ..Setup::default()
    }
}

fn all_features() -> Features {
    Features {
        ingress: true,
        ingress_namespace: "ingress-nginx".into(),
        gpu_list: true,
        gpu_metrics: true,
        object_store: true,
        create_namespace: true,
        token_secret: true,
    }
}

/// The golden matrix: each profile, each feature, each auth method, launcher RBAC, contexts.
pub fn golden_cases() -> Vec<(&'static str, Setup)> {
    let one = |f: fn(&mut Features)| {
        let mut features = Features::default();
        f(&mut features);
        custom(PermissionProfile::Documented, features)
    };
    let mut team = custom(
        PermissionProfile::Minimal,
        Features {
            create_namespace: true,
            ..Features::default()
        },
    );
    team.account.namespace = "ml-team".into();
    team.account.name = "ml-runner".into();
    let mut custom_ingress_ns = one(|f| f.ingress = true);
    custom_ingress_ns.account.features.ingress_namespace = "nginx-system".into();

    let launcher = |auth, subject_kind, subject: &str| Setup {
        auth,
        launcher: Launcher {
            enabled: true,
            subject_kind,
            subject: subject.into(),
            namespace: "default".into(),
        },
        ..Setup::default()
    };
    let per_context = Setup {
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
                ("kind-dev".into(), "SERVICE_ACCOUNT".into()),
                (
                    "arn:aws:eks:us-east-1:123:cluster/x".into(),
                    "LOCAL_CREDENTIALS".into(),
                ),
            ]),
        },
        ..Setup::default()
    };
    let all_contexts_podip = Setup {
        auth: AuthMethod::NoUpload,
        contexts: Contexts {
            allowed: AllowedContexts::All,
            ..Contexts::default()
        },
        ports: PortsSetting::Podip,
        ..Setup::default()
    };

    vec![
        (
            "custom-documented",
            custom(PermissionProfile::Documented, Features::default()),
        ),
        (
            "custom-minimal",
            custom(PermissionProfile::Minimal, Features::default()),
        ),
        (
            "custom-cluster-admin",
            custom(PermissionProfile::ClusterAdmin, Features::default()),
        ),
        (
            "custom-documented-all-features",
            custom(PermissionProfile::Documented, all_features()),
        ),
        (
            "custom-minimal-all-features",
            custom(PermissionProfile::Minimal, all_features()),
        ),
        (
            "custom-cluster-admin-all-features",
            custom(PermissionProfile::ClusterAdmin, all_features()),
        ),
        ("custom-ingress", custom_ingress_ns),
        ("custom-gpu-list", one(|f| f.gpu_list = true)),
        ("custom-gpu-metrics", one(|f| f.gpu_metrics = true)),
        ("custom-object-store", one(|f| f.object_store = true)),
        ("custom-create-namespace-team", team),
        ("custom-token-secret", one(|f| f.token_secret = true)),
        ("service-account", Setup::default()),
        (
            "local-credentials",
            Setup {
                auth: AuthMethod::LocalCredentials,
                ..Setup::default()
            },
        ),
        (
            "no-upload",
            Setup {
                auth: AuthMethod::NoUpload,
                ..Setup::default()
            },
        ),
        (
            "service-account-launcher-user",
            launcher(
                AuthMethod::ServiceAccount,
                SubjectKind::User,
                "alice@example.com",
            ),
        ),
        (
            "no-upload-launcher-group",
            launcher(AuthMethod::NoUpload, SubjectKind::Group, "ml-engineers"),
        ),
        ("per-context-identities", per_context),
        ("all-contexts-podip", all_contexts_podip),
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
    prop_oneof![
        Just(PermissionProfile::Documented),
        Just(PermissionProfile::Minimal),
        Just(PermissionProfile::ClusterAdmin)
    ]
}

fn auth() -> impl Strategy<Value = AuthMethod> {
    prop_oneof![
        Just(AuthMethod::ServiceAccount),
        Just(AuthMethod::LocalCredentials),
        Just(AuthMethod::NoUpload),
        Just(AuthMethod::Custom),
        Just(AuthMethod::Custom),
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
    let features = (any::<[bool; 6]>(), label()).prop_map(|(b, ingress_namespace)| Features {
        ingress: b[0],
        ingress_namespace,
        gpu_list: b[1],
        gpu_metrics: b[2],
        object_store: b[3],
        create_namespace: b[4],
        token_secret: b[5],
    });
    let account =
        (label(), label(), profile(), features).prop_map(|(namespace, name, profile, features)| {
            CustomAccount {
                namespace,
                name,
                profile,
                features,
            }
        });
    let launcher = (
        any::<bool>(),
        any::<bool>(),
        "[a-zA-Z0-9@._:-][a-zA-Z0-9@._: -]{0,12}[a-z]",
        label(),
    )
        .prop_map(|(enabled, group, subject, namespace)| Launcher {
            enabled,
            subject_kind: if group {
                SubjectKind::Group
            } else {
                SubjectKind::User
            },
            subject,
            namespace,
        });
    let contexts = (
        0..3u8,
        proptest::collection::btree_set(context_name(), 1..4),
        any::<bool>(),
        proptest::collection::vec(identity_value(), 4),
    )
        .prop_map(|(allowed, names, per_context, values)| {
            let names: Vec<String> = names.into_iter().collect();
            let identities = names.iter().cloned().zip(values).collect();
            Contexts {
                allowed: [
                    AllowedContexts::Current,
                    AllowedContexts::All,
                    AllowedContexts::List,
                ][allowed as usize],
                names,
                per_context,
                identities,
            }
        });
    let ports = prop_oneof![
        Just(PortsSetting::Unset),
        Just(PortsSetting::Loadbalancer),
        Just(PortsSetting::Ingress),
        Just(PortsSetting::Podip)
    ];
    (auth(), account, launcher, contexts, ports).prop_map(
        |(auth, account, launcher, contexts, ports)| {
            let mut setup = Setup {
                auth,
                account,
                launcher,
                contexts,
                ports,
            };
            if setup.wants_ingress()
                && matches!(
                    setup.ports,
                    PortsSetting::Loadbalancer | PortsSetting::Podip
                )
            {
                setup.ports = PortsSetting::Unset;
            }
            setup
        },
    )
}
