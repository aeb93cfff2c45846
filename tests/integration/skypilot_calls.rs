//! What running SkyPilot 0.14.1's own code showed (reference §8, `docs/skypilot-facts.md` §8),
//! one test per fact: the catalogue requires the call for its feature, and the RBAC generated
//! for every profile that launches grants it (checked by the project's RBAC evaluator). Also
//! the marker of rules kept although no call needs them, and the setup choices that came with
//! these facts (the documented Secrets, the Prometheus namespace, kube-system).

use skyauth::audit::{audit, permissions, AuditRequest, Namespaces};
use skyauth::catalogue::{every_grant, rules, Feature, FeatureSet, PermissionProfile, Place};
use skyauth::generate::generate;
use skyauth::setup::{validate, AuthMethod, CustomAccount, Field, Setup};

fn custom(profile: PermissionProfile, features: &[Feature]) -> Setup {
    Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            namespace: "ml".into(),
            profile,
            ..CustomAccount::default()
        },
        features: features.iter().copied().collect::<FeatureSet>(),
        ..Setup::default()
    }
}

/// Every permission `feature` requires for an account launching in `ml`, as the audit names it.
fn required(feature: Feature) -> Vec<String> {
    permissions(feature, &Namespaces::new("ml"), false, Default::default())
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Every permission the generated manifest of `setup` grants its own subject, per the audit.
fn granted(setup: &Setup) -> Vec<String> {
    let output = generate(setup).expect("a valid setup");
    let manifest = output.manifest.expect("a manifest");
    let report = audit(&manifest, &AuditRequest::for_setup(setup)).expect("the manifest reads");
    report
        .features
        .iter()
        .flat_map(|feature| feature.granted.iter().map(|(p, _)| p.to_string()))
        .collect()
}

const LAUNCHING: [PermissionProfile; 2] = [
    PermissionProfile::Minimal,
    PermissionProfile::NamespaceAdmin,
];

#[test]
fn teardown_lists_deployments_and_deletes_services_by_collection_in_every_profile() {
    for permission in [
        "list apps/deployments in ml",
        "deletecollection services in ml",
    ] {
        assert!(
            required(Feature::Core).contains(&permission.to_owned()),
            "core requires {permission}"
        );
        for profile in LAUNCHING {
            assert!(
                granted(&custom(profile, &[])).contains(&permission.to_owned()),
                "{profile:?} grants {permission}"
            );
        }
    }
}

#[test]
fn ha_controllers_get_the_claim_before_creating_it() {
    let permission = "get persistentvolumeclaims in ml".to_owned();
    assert!(required(Feature::HaControllers).contains(&permission));
    let minimal = custom(PermissionProfile::Minimal, &[Feature::HaControllers]);
    assert!(granted(&minimal).contains(&permission));
}

#[test]
fn host_network_pods_get_their_own_group_for_the_ports_configmap() {
    let feature: Feature = "host-network".parse().expect("a host-network group");
    assert!(feature.is_optional());
    assert!(feature.why().contains("hostNetwork"), "{}", feature.why());
    assert_eq!(
        required(feature),
        [
            "get configmaps in ml",
            "create configmaps in ml",
            "update configmaps in ml"
        ]
    );
    let minimal = custom(PermissionProfile::Minimal, &[feature]);
    let without = custom(PermissionProfile::Minimal, &[]);
    assert!(granted(&minimal).contains(&"update configmaps in ml".to_owned()));
    assert!(!granted(&without).contains(&"update configmaps in ml".to_owned()));
}

#[test]
fn hostpath_volume_cleanup_runs_a_daemonset_in_the_namespace() {
    let volumes = required(Feature::Volumes);
    for verb in ["get", "create", "delete"] {
        let permission = format!("{verb} apps/daemonsets in ml");
        assert!(volumes.contains(&permission), "{permission}: {volumes:?}");
        let minimal = custom(PermissionProfile::Minimal, &[Feature::Volumes]);
        assert!(granted(&minimal).contains(&permission));
    }
}

#[test]
fn gpu_listing_says_the_command_fails_without_it_and_reads_no_dra_devices() {
    let why = Feature::GpuList.why();
    assert!(why.contains("fails"), "{why}");
    assert!(
        !why.contains("degrade") && !why.contains("totals only"),
        "{why}"
    );
    let reason = rules::PODS_READ_EVERYWHERE.why;
    assert!(!reason.contains("totals only"), "{reason}");
    // No published release reads resource.k8s.io: nothing in the catalogue grants it.
    for grant in every_grant() {
        assert!(
            !grant.rule.api_groups.contains(&"resource.k8s.io"),
            "{:?}",
            grant.rule
        );
    }
}

#[test]
fn gpu_metrics_follow_the_prometheus_namespace() {
    let metrics = Feature::GpuMetrics.group();
    assert!(metrics.grants.iter().any(|g| g.place == Place::Metrics));
    let mut setup = custom(PermissionProfile::Minimal, &[Feature::GpuMetrics]);
    // The default is SkyPilot's: `skypilot`.
    assert!(granted(&setup).contains(&"get services in skypilot".to_owned()));
    setup.metrics.prometheus.namespace = "monitoring".into();
    let granted = granted(&setup);
    assert!(granted.contains(&"get services in monitoring".to_owned()));
    assert!(granted.contains(&"create pods/portforward in monitoring".to_owned()));
    assert!(
        !granted.iter().any(|p| p.ends_with("in skypilot")),
        "{granted:?}"
    );
    let note = generate(&setup).unwrap().notes.join("\n");
    assert!(
        note.contains("metrics.prometheus.namespace: monitoring"),
        "{note}"
    );
    // Validated as a namespace name, and only when GPU metrics are on.
    setup.metrics.prometheus.namespace = "Not A Namespace".into();
    let errors = validate(&setup);
    assert!(
        errors.iter().any(|e| e.field == Field::MetricsNamespace),
        "{errors:?}"
    );
    setup.features = FeatureSet::new();
    assert!(validate(&setup).is_empty());
}

#[test]
fn a_prometheus_namespace_equal_to_the_launch_namespace_shares_its_role() {
    let mut setup = custom(PermissionProfile::Minimal, &[Feature::GpuMetrics]);
    setup.metrics.prometheus.namespace = "ml".into();
    let objects = generate(&setup).unwrap().objects;
    let roles: Vec<_> = objects
        .iter()
        .filter(|o| o.kind() == "Role")
        .map(|o| {
            (
                o.namespace().unwrap_or_default().to_owned(),
                o.name().to_owned(),
            )
        })
        .collect();
    assert_eq!(roles.len(), 1, "{roles:?}");
    assert!(granted(&setup).contains(&"get services in ml".to_owned()));
}

#[test]
fn rules_no_skypilot_call_needs_say_why_they_are_kept() {
    for rule in [rules::SECRETS_ALL, rules::STORAGE_CLASSES_READ] {
        let reason = rule.kept_because.expect("marked as kept");
        assert!(!rule.is_observed());
        assert!(reason.len() > 20, "{reason}");
    }
    assert!(rules::SECRETS_ALL
        .kept_because
        .unwrap()
        .contains("documented minimum"));
    // The calls SkyPilot makes are not marked.
    for rule in [
        rules::PODS_ALL,
        rules::SERVICES_ALL,
        rules::TEARDOWN_DEPLOYMENTS_LIST,
        rules::CONTROLLER_CLAIMS,
        rules::HOST_NETWORK_CONFIGMAPS,
        rules::HOSTPATH_CLEANUP_DAEMONSETS,
        rules::PODS_READ_EVERYWHERE,
    ] {
        assert!(rule.is_observed(), "{rule:?}");
    }
    for grant in every_grant() {
        if let Some(reason) = grant.rule.kept_because {
            assert!(!reason.trim().is_empty(), "{:?}", grant.rule);
        }
    }
}

#[test]
fn minimum_grants_secrets_only_when_asked_and_namespace_admin_is_unchanged() {
    let secrets = |setup: &Setup| {
        generate(setup)
            .unwrap()
            .manifest
            .unwrap()
            .lines()
            .any(|line| line.trim() == "- secrets")
    };
    let mut minimal = custom(PermissionProfile::Minimal, &[]);
    assert!(!secrets(&minimal), "Minimum grants no Secret by default");
    minimal.account.docs_secrets = true;
    assert!(
        secrets(&minimal),
        "asked for: SkyPilot's documented Secrets"
    );
    let manifest = generate(&minimal).unwrap().manifest.unwrap();
    assert!(
        manifest.contains("granted by choice for parity"),
        "{manifest}"
    );

    let admin = custom(PermissionProfile::NamespaceAdmin, &[]);
    let mut admin_asked = admin.clone();
    admin_asked.account.docs_secrets = true;
    assert_eq!(
        generate(&admin).unwrap().manifest,
        generate(&admin_asked).unwrap().manifest,
        "namespace admin already holds everything in its namespace"
    );
}

#[test]
fn an_old_minimum_link_keeps_opening_and_now_grants_no_secrets() {
    let old: Setup =
        skyauth::share::from_fragment("auth=custom&account.profile=minimal").expect("reads");
    assert_eq!(old.account.profile, PermissionProfile::Minimal);
    assert!(!old.account.docs_secrets);
    let manifest = generate(&old).unwrap().manifest.unwrap();
    assert!(!manifest.contains("- secrets"), "{manifest}");
    let asked: Setup = skyauth::share::from_fragment(
        "auth=custom&account.profile=minimal&account.docs_secrets=true",
    )
    .expect("reads");
    assert!(asked.account.docs_secrets);
    assert_eq!(
        skyauth::share::to_fragment(&asked),
        "auth=custom&account.profile=minimal&account.docs_secrets=true"
    );
    // The Prometheus namespace: old links mean `skypilot`; a new one is one key.
    assert_eq!(old.metrics.prometheus.namespace, "skypilot");
    let mut metrics = Setup::default();
    metrics.metrics.prometheus.namespace = "monitoring".into();
    let link = skyauth::share::to_fragment(&metrics);
    assert_eq!(link, "metrics.prometheus.namespace=monitoring");
    assert_eq!(
        skyauth::share::from_fragment::<Setup>(&link).unwrap(),
        metrics
    );
}

#[test]
fn kube_system_is_refused_unless_confirmed() {
    for profile in LAUNCHING {
        let mut setup = custom(profile, &[]);
        setup.account.namespace = "kube-system".into();
        let errors = validate(&setup);
        let error = errors
            .iter()
            .find(|e| e.field == Field::Namespace)
            .unwrap_or_else(|| panic!("{profile:?} in kube-system is refused: {errors:?}"));
        assert!(
            error.message.contains("cluster-admin in all but name"),
            "{error}"
        );
        assert!(error.message.contains("--allow-kube-system"), "{error}");
        setup.allow_kube_system = true;
        assert!(validate(&setup).is_empty(), "confirmed: {profile:?}");
    }
    // The launcher gets everything in its namespace: the same rule.
    let mut launcher = Setup::default();
    launcher.launcher.enabled = true;
    launcher.launcher.subject = "alice".into();
    launcher.launcher.namespace = "kube-system".into();
    assert!(validate(&launcher)
        .iter()
        .any(|e| e.field == Field::LauncherNamespace));
    // Cluster admin is cluster-wide wherever its account lives; the workload account cannot
    // create pods.
    for profile in [PermissionProfile::ClusterAdmin, PermissionProfile::Workload] {
        let mut setup = custom(profile, &[]);
        setup.account.namespace = "kube-system".into();
        assert!(validate(&setup).is_empty(), "{profile:?}");
    }
}
