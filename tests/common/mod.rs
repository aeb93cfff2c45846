//! Shared fixtures of the generation tests: the golden matrix of setups and a proptest
//! strategy over valid setups (with hostile context names).
#![allow(dead_code)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use skyauth::setup::{
    AllowedContexts, AuthMethod, Contexts, CustomAccount, Feature, FeatureSet, Launcher,
    PermissionProfile, PortsSetting, Setup, SubjectKind,
};

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

/// A custom account (documented profile) with one optional group.
fn one(feature: Feature) -> Setup {
    custom(
        PermissionProfile::Documented,
        FeatureSet::from_iter([feature]),
    )
}

/// The golden matrix: each profile, each feature, each auth method, launcher RBAC, contexts.
pub fn golden_cases() -> Vec<(&'static str, Setup)> {
    let mut team = custom(PermissionProfile::Minimal, FeatureSet::new());
    team.account.create_namespace = true;
    team.account.namespace = "ml-team".into();
    team.account.name = "ml-runner".into();
    let mut custom_ingress_ns = one(Feature::Ingress);
    custom_ingress_ns.account.ingress_namespace = "nginx-system".into();
    let mut token_secret = custom(PermissionProfile::Documented, FeatureSet::new());
    token_secret.account.token_secret = true;

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
            custom(PermissionProfile::Documented, FeatureSet::new()),
        ),
        (
            "custom-minimal",
            custom(PermissionProfile::Minimal, FeatureSet::new()),
        ),
        (
            "custom-cluster-admin",
            custom(PermissionProfile::ClusterAdmin, FeatureSet::new()),
        ),
        (
            "custom-documented-all-features",
            with_everything(PermissionProfile::Documented),
        ),
        (
            "custom-minimal-all-features",
            with_everything(PermissionProfile::Minimal),
        ),
        (
            "custom-cluster-admin-all-features",
            with_everything(PermissionProfile::ClusterAdmin),
        ),
        ("custom-ingress", custom_ingress_ns),
        ("custom-gpu-list", one(Feature::GpuList)),
        ("custom-gpu-metrics", one(Feature::GpuMetrics)),
        ("custom-object-store", one(Feature::ObjectStore)),
        ("custom-create-namespace-team", team),
        ("custom-token-secret", token_secret),
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
    let features = proptest::sample::subsequence(Feature::optional().collect::<Vec<_>>(), 0..=4)
        .prop_map(FeatureSet::from_iter);
    let account = (label(), label(), profile(), label(), any::<[bool; 2]>()).prop_map(
        |(namespace, name, profile, ingress_namespace, extras)| CustomAccount {
            namespace,
            name,
            profile,
            ingress_namespace,
            create_namespace: extras[0],
            token_secret: extras[1],
        },
    );
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
    (auth(), account, launcher, features, contexts, ports).prop_map(
        |(auth, account, launcher, features, contexts, ports)| {
            let mut setup = Setup {
                auth,
                account,
                launcher,
                features,
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
