//! Unit tests of `validate`.
use super::*;
use crate::setup::{AuthMethod, Setup};

fn custom() -> Setup {
    Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    }
}

fn fields(setup: &Setup) -> Vec<String> {
    validate(setup)
        .iter()
        .map(|e| e.field.to_string())
        .collect()
}

#[test]
fn the_defaults_are_valid() {
    assert!(validate(&Setup::default()).is_empty());
    assert!(validate(&custom()).is_empty());
}

#[test]
fn bad_names_name_their_field_and_suggest_a_fix() {
    let mut setup = custom();
    setup.account.namespace = "Team_A".into();
    setup.account.name = "default\nkind: Secret".into();
    let errors = validate(&setup);
    assert_eq!(fields(&setup), ["namespace", "service_account"]);
    assert!(
        errors[0].message.contains("`team-a`"),
        "{}",
        errors[0].message
    );
    assert!(errors[1].message.contains("\\n"), "{}", errors[1].message);
}

#[test]
fn keywords_are_never_account_names() {
    for keyword in [
        "SERVICE_ACCOUNT",
        "LOCAL_CREDENTIALS",
        "NO_UPLOAD",
        "NONE",
        "none",
    ] {
        let mut setup = custom();
        setup.account.name = keyword.into();
        let errors = validate(&setup);
        assert_eq!(fields(&setup), ["service_account"], "{keyword}");
        let message = &errors[0].message;
        assert!(
            message.contains("keyword") || message.contains("`NONE` means pods without a token"),
            "{message}"
        );
    }
}

#[test]
fn invisible_characters_in_the_launcher_subject_are_refused() {
    let mut setup = Setup::default();
    setup.launcher.enabled = true;
    setup.launcher.subject = "alice\u{200B}".into();
    assert_eq!(fields(&setup), ["launcher_subject"]);
    setup.launcher.subject = "\u{202E}ecila".into();
    assert_eq!(fields(&setup), ["launcher_subject"]);
    setup.launcher.subject = "alice".into();
    assert!(fields(&setup).is_empty());
}

#[test]
fn a_service_account_launcher_is_namespace_slash_name() {
    let mut setup = Setup::default();
    setup.launcher.enabled = true;
    setup.launcher.subject_kind = crate::setup::SubjectKind::ServiceAccount;
    setup.launcher.subject = "skypilot/skypilot-api-sa".into();
    assert!(fields(&setup).is_empty());
    for bad in ["skypilot-api-sa", "Sky/x", "a/b/c", "a/"] {
        setup.launcher.subject = bad.into();
        assert_eq!(fields(&setup), ["launcher_subject"], "{bad}");
    }
}

#[test]
fn settings_for_unlisted_contexts_are_refused() {
    let mut setup = Setup::default();
    setup.contexts.per_context = true;
    setup.contexts.names = vec!["a".into()];
    setup
        .contexts
        .identities
        .insert("a".into(), "sky-sa".into());
    setup.contexts.namespaces.insert("a".into(), "ml".into());
    assert!(fields(&setup).is_empty());
    setup
        .contexts
        .identities
        .insert("hidden".into(), "sky-sa".into());
    setup
        .contexts
        .namespaces
        .insert("a".into(), "Not Valid".into());
    assert_eq!(fields(&setup), ["remote_identity[hidden]", "namespace[a]"]);
}

#[test]
fn contexts_without_their_own_identity_use_the_default() {
    let mut setup = Setup::default();
    setup.contexts.allowed = AllowedContexts::List;
    setup.contexts.names = vec!["gke-prod".into(), "kind-dev".into()];
    setup.contexts.per_context = true;
    setup
        .contexts
        .identities
        .insert("gke-prod".into(), "sky-sa".into());
    assert!(fields(&setup).is_empty());
    setup
        .contexts
        .identities
        .insert("kind-dev".into(), "service_account".into());
    let errors = validate(&setup);
    assert!(
        errors[0].message.contains("SERVICE_ACCOUNT"),
        "{}",
        errors[0].message
    );
}

#[test]
fn ingress_conflicts_with_other_port_modes() {
    let mut setup = custom();
    setup.features.set(crate::catalogue::Feature::Ingress, true);
    setup.ports = PortsSetting::Podip;
    assert_eq!(fields(&setup), ["ports"]);
}

#[test]
fn launcher_needs_a_subject() {
    let mut setup = Setup::default();
    setup.launcher.enabled = true;
    assert_eq!(fields(&setup), ["launcher_subject"]);
    setup.launcher.subject = "alice@example.com".into();
    assert!(fields(&setup).is_empty());
    setup.auth = AuthMethod::LocalCredentials;
    setup.launcher.subject.clear();
    assert_eq!(
        fields(&setup),
        ["launcher_subject"],
        "launcher RBAC applies to LOCAL_CREDENTIALS too"
    );
    // A custom account's launcher is bound to the account's roles (#22 item 10): it needs
    // a subject too, unless its profile binds no launcher (cluster-admin).
    setup.auth = AuthMethod::Custom;
    assert_eq!(fields(&setup), ["launcher_subject"]);
    setup.account.profile = crate::catalogue::PermissionProfile::ClusterAdmin;
    assert!(fields(&setup).is_empty(), "cluster-admin binds no launcher");
}

#[test]
fn empty_and_duplicate_contexts() {
    let mut setup = Setup::default();
    setup.contexts.allowed = AllowedContexts::List;
    assert_eq!(fields(&setup), ["allowed_contexts[0]"]);
    setup.contexts.names = vec!["a".into(), " ".into(), "a".into()];
    assert_eq!(
        fields(&setup),
        ["allowed_contexts[1]", "allowed_contexts[2]"]
    );
}

/// #22 item 19: `NONE` is never suggested, as it is not offered.
#[test]
fn an_account_named_none_is_not_told_to_pick_none() {
    for name in ["NONE", "none", "None"] {
        let mut setup = custom();
        setup.account.name = name.into();
        let errors = validate(&setup);
        let message = &errors
            .iter()
            .find(|e| e.field == Field::ServiceAccount)
            .expect("refused")
            .message;
        assert!(
            !message.contains("pick NONE") && !message.contains("write `NONE`"),
            "{message}"
        );
        assert!(message.contains("`sky-sa`"), "{message}");
    }
}

/// What an account named `NONE` means depends on the release: refused by Kubernetes on a
/// release (upper case), a valid name there in lower case that the nightly reads as `NONE`,
/// and the keyword itself on the nightly.
#[test]
fn an_account_named_none_is_told_what_it_means_on_the_chosen_release() {
    use crate::release::SkyPilotVersion;
    let message = |name: &str, version| {
        let mut setup = custom();
        setup.skypilot_version = version;
        setup.account.name = name.into();
        validate(&setup)
            .into_iter()
            .find(|e| e.field == Field::ServiceAccount)
            .expect("refused")
            .message
    };
    let release = SkyPilotVersion::LATEST;
    assert!(message("NONE", release).contains("which Kubernetes refuses (upper case)"));
    assert!(message("None", release).contains("which Kubernetes refuses (upper case)"));
    let lower = message("none", release);
    assert!(
        lower.contains("would use an account named `none`"),
        "{lower}"
    );
    assert!(!lower.contains("refuses"), "{lower}");
    for name in ["NONE", "none"] {
        let nightly = message(name, SkyPilotVersion::NIGHTLY);
        assert!(
            nightly.contains("the keyword for pods without a token, not an account name"),
            "{nightly}"
        );
    }
}

#[test]
fn choices_a_release_lacks_are_refused_on_the_version() {
    use crate::release::SkyPilotVersion;
    use crate::setup::AuthMethod;
    let mut setup = Setup {
        auth: AuthMethod::NoToken,
        ..Setup::default()
    };
    assert_eq!(fields(&setup), ["skypilot_version"]);
    assert!(validate(&setup)[0]
        .message
        .contains("`remote_identity: NONE` needs a SkyPilot nightly"));
    setup.skypilot_version = SkyPilotVersion::NIGHTLY;
    assert!(fields(&setup).is_empty());

    setup.auth = AuthMethod::NoUpload;
    setup.skypilot_version = "0.11.1".parse().unwrap();
    assert_eq!(fields(&setup), ["skypilot_version"]);
    setup.skypilot_version = "0.11.2".parse().unwrap();
    assert!(fields(&setup).is_empty());

    setup.contexts.allowed = crate::setup::AllowedContexts::All;
    setup.skypilot_version = "0.10.3".parse().unwrap();
    setup.auth = AuthMethod::ServiceAccount;
    assert_eq!(fields(&setup), ["skypilot_version"]);

    // A per-context NONE is the nightly's keyword, an account name nowhere.
    let mut setup = Setup::default();
    setup.contexts.per_context = true;
    setup.contexts.names = vec!["gke".into()];
    setup
        .contexts
        .identities
        .insert("gke".into(), "none".into());
    assert_eq!(fields(&setup), ["remote_identity[gke]"]);
    setup.skypilot_version = SkyPilotVersion::NIGHTLY;
    assert!(fields(&setup).is_empty());
}

#[test]
fn a_cloud_identity_names_its_field_and_needs_a_token() {
    use crate::setup::{CloudIdentity, CloudProvider};
    let mut setup = custom();
    setup.cloud_identity = CloudIdentity {
        provider: CloudProvider::EksIrsa,
        role_arn: "arn:aws:iam::123456789012:user/alice".into(),
        ..CloudIdentity::default()
    };
    let errors = validate(&setup);
    assert_eq!(fields(&setup), ["role_arn"]);
    assert!(
        errors[0].message.contains("role/NAME"),
        "{}",
        errors[0].message
    );
    setup.cloud_identity.role_arn = "arn:aws:iam::123456789012:role/sky".into();
    assert!(validate(&setup).is_empty());
    // A value of another provider is not read.
    setup.cloud_identity.gcp_service_account = "Bad".into();
    assert!(validate(&setup).is_empty());
    setup.auth = AuthMethod::NoToken;
    setup.skypilot_version = crate::release::SkyPilotVersion::NIGHTLY;
    assert_eq!(fields(&setup), ["cloud_identity"]);
    // Every keyword mode with a token gives it to SkyPilot's own account.
    for auth in [
        AuthMethod::ServiceAccount,
        AuthMethod::LocalCredentials,
        AuthMethod::NoUpload,
    ] {
        setup.auth = auth;
        assert!(validate(&setup).is_empty(), "{auth:?}");
        assert_eq!(
            setup.cloud_identity_account(),
            Some(("default".into(), "skypilot-service-account".into()))
        );
    }
}

#[test]
fn a_cloud_identity_in_a_share_link_reads_back() {
    use crate::setup::{CloudIdentity, CloudProvider};
    let mut setup = custom();
    setup.cloud_identity = CloudIdentity {
        provider: CloudProvider::Gke,
        gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
        ..CloudIdentity::default()
    };
    let fragment = crate::share::to_fragment(&setup);
    assert!(
        fragment.contains("cloud_identity.provider=gke"),
        "{fragment}"
    );
    assert_eq!(crate::share::from_fragment::<Setup>(&fragment), Ok(setup));
    // Links from before the field leave it unset, and write nothing for it.
    let old: Setup = crate::share::from_fragment("auth=custom&account.namespace=ml").unwrap();
    assert_eq!(old.cloud_identity, CloudIdentity::default());
    assert_eq!(
        crate::share::to_fragment(&old),
        "auth=custom&account.namespace=ml"
    );
}
