//! Unit tests of the verify script: kubectl's words per permission, impersonation, and hostile
//! names that stay data.

use super::*;
use crate::audit::{permissions, Namespaces, Permission, Scope};
use crate::generate::shell::quote;

fn request(identity: Identity, selected: &[Feature]) -> VerifyRequest {
    VerifyRequest {
        identity,
        namespaces: Namespaces::new("team"),
        selected: selected.to_vec(),
        pods_use: None,
        skypilot_version: Default::default(),
        about: None,
    }
}

#[test]
fn the_header_says_what_the_check_is_for_on_one_comment_line() {
    let mut check = request(Identity::Me, &[Feature::Core]);
    check.about = Some("Team `evil\nrm -rf /` (workspaces.evil)".into());
    let script = render(&check);
    assert!(
        script.contains("\n# Team `evil?rm -rf /` (workspaces.evil)\n"),
        "{script}"
    );
    assert!(!script.lines().any(|line| line.starts_with("rm -rf")));
    check.about = None;
    assert!(!render(&check).contains("Team `"));
}

fn permission(
    group: &'static str,
    resource: &'static str,
    verb: &'static str,
    name: Option<&'static str>,
    scope: Scope,
) -> Permission {
    Permission {
        scope,
        group,
        resource,
        verb,
        resource_name: name,
    }
}

#[test]
fn kubectl_reads_subresources_groups_names_and_scopes() {
    let team = || Scope::Namespace("team".into());
    let cases = [
        (
            permission("", "pods/exec", "create", None, team()),
            "create pods --subresource=exec -n team",
        ),
        (
            permission(
                "networking.k8s.io",
                "ingressclasses",
                "list",
                None,
                Scope::Cluster,
            ),
            "list ingressclasses.networking.k8s.io -A",
        ),
        (
            permission("", "namespaces", "get", Some("kube-system"), Scope::Cluster),
            "get namespaces/kube-system -A",
        ),
        (
            permission("apps", "deployments/status", "get", None, team()),
            "get deployments.apps --subresource=status -n team",
        ),
        (permission("*", "*", "*", None, team()), "* * -n team"),
    ];
    for (permission, expected) in cases {
        assert_eq!(can_i_words(&permission).join(" "), expected, "{permission}");
    }
}

#[test]
fn every_catalogue_permission_has_a_check_line() {
    let selected = Feature::ALL.to_vec();
    let script = render(&request(Identity::Me, &selected));
    for &feature in Feature::ALL {
        let permissions = permissions(
            feature,
            &request(Identity::Me, &[]).namespaces,
            true,
            Default::default(),
        );
        for permission in permissions {
            let line = format!("check {} ", quote(&permission.to_string()));
            assert!(script.contains(&line), "{line}");
        }
        assert!(script.contains(&format!("  begin {}\n", feature.id())));
        assert!(script.contains(&format!("  report {} f", quote(feature.label()))));
    }
}

#[test]
fn impersonation_follows_the_subject_kind() {
    let sa = Identity::Subject(Subject::ServiceAccount {
        namespace: "team".into(),
        name: "sky-sa".into(),
    });
    let cases = [
        (
            sa,
            "  AS_USER=system:serviceaccount:team:sky-sa\n  AS_GROUP=''\n",
        ),
        (
            Identity::Subject(Subject::User("alice@example.com".into())),
            "  AS_USER=alice@example.com\n  AS_GROUP=''\n",
        ),
        (
            Identity::Subject(Subject::Group("ml engineers".into())),
            "  AS_USER=skyauth-check\n  AS_GROUP='ml engineers'\n",
        ),
        (
            Identity::Me,
            "  NAMESPACE=team\n  AS_USER=''\n  AS_GROUP=''\n",
        ),
    ];
    // Every can-i call impersonates what the variables name, and only when they name it.
    let call =
        "kubectl auth can-i ${AS_USER:+\"--as=$AS_USER\"} ${AS_GROUP:+\"--as-group=$AS_GROUP\"}";
    for (identity, variables) in cases {
        let script = render(&request(identity, &[Feature::Core]));
        assert!(script.contains(variables), "{variables}\n{script}");
        assert!(script.contains(call), "{call}\n{script}");
    }
}

/// The namespaces' Pod Security levels are checked for what the pods do, as the manifest
/// labels them (`Setup::pod_features`), not for what the profile grants.
#[test]
fn pod_security_is_checked_for_the_pods_features_not_the_profiles_rbac() {
    use crate::setup::{AuthMethod, PermissionProfile};
    let checks = |profile: PermissionProfile, object_store: bool| {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            ..Setup::default()
        };
        setup.account.profile = profile;
        setup.features.set(Feature::ObjectStore, object_store);
        let script = render(&VerifyRequest::for_setup(&setup));
        script
            .lines()
            .filter(|line| line.trim_start().starts_with("pod_security ps"))
            .map(|line| {
                line.split_whitespace()
                    .nth(3)
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(checks(PermissionProfile::ClusterAdmin, false), ["baseline"]);
    assert_eq!(
        checks(PermissionProfile::Workload, true),
        ["privileged", "privileged"]
    );
    assert_eq!(
        checks(PermissionProfile::Workload, true),
        checks(PermissionProfile::Minimal, true)
    );
}

#[test]
fn a_launcher_without_a_name_is_checked_as_me() {
    let mut setup = Setup {
        auth: crate::setup::AuthMethod::ServiceAccount,
        ..Setup::default()
    };
    setup.launcher.enabled = true;
    assert_eq!(VerifyRequest::for_setup(&setup).identity, Identity::Me);
    setup.launcher.subject = "alice".into();
    assert_eq!(
        VerifyRequest::for_setup(&setup).identity,
        Identity::Subject(Subject::User("alice".into()))
    );
    assert!(VerifyRequest::for_setup(&setup).is_for_launcher());
}

/// Names that would run code if they reached the shell unquoted.
const HOSTILE: &[&str] = &[
    "it's",
    "$(touch PWNED-1)",
    "`touch PWNED-2`",
    "a\nPWNED-3 touch x",
    "'; touch PWNED-4; '",
    "\"$(touch PWNED-5)\"",
    "x\\' PWNED-6 \\",
];

#[test]
fn hostile_names_stay_quoted_data() {
    for &name in HOSTILE {
        for subject in [Subject::User(name.into()), Subject::Group(name.into())] {
            let identity = Identity::Subject(subject);
            let script = render(&request(identity.clone(), &[Feature::Core]));
            let (user, group) = identity.impersonation();
            let mut rest = script.clone();
            for value in [Some(identity.describe()), user, group]
                .into_iter()
                .flatten()
            {
                let quoted = quote(&value);
                assert!(script.contains(&quoted), "{quoted} missing");
                rest = rest.replace(&quoted, "");
            }
            let marker = name
                .split_whitespace()
                .find(|word| word.contains("PWNED"))
                .map(|word| word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-'));
            if let Some(marker) = marker {
                assert!(!rest.contains(marker), "{name:?} appears unquoted");
            }
            assert!(!rest.contains(name), "{name:?} appears unquoted");
            assert_sh_parses(&script);
        }
    }
}

/// `sh -n` accepts `script` (skipped where no `sh` exists).
fn assert_sh_parses(script: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("sh")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("SKIPPED sh -n: no sh");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write the script");
    let output = child.wait_with_output().expect("sh -n");
    assert!(
        output.status.success(),
        "sh -n: {}\n{script}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_setup_is_checked_in_each_listed_context_as_skypilot_resolves_it() {
    use crate::setup::{AllowedContexts, AuthMethod, Deployment};
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    };
    setup.account.name = "sky-sa".into();
    setup.account.namespace = "ml".into();
    // The current context only: one run, as before.
    let plan = VerifyPlan::for_setup(&setup);
    assert_eq!(plan, VerifyPlan::single(VerifyRequest::for_setup(&setup)));

    setup.contexts.allowed = AllowedContexts::List;
    setup.contexts.names = vec!["gke-prod".into(), "eks-dev".into(), "kind".into()];
    setup.contexts.per_context = true;
    setup.contexts.identities = [("eks-dev".to_owned(), "dev-sa".to_owned())].into();
    setup.contexts.namespaces = [("eks-dev".to_owned(), "ml-dev".to_owned())].into();
    let plan = VerifyPlan::for_setup(&setup);
    let contexts: Vec<&str> = plan.contexts();
    assert_eq!(
        contexts,
        ["gke-prod", "eks-dev", "kind"],
        "the list's order"
    );
    let plain = VerifyRequest::for_setup(&setup);
    assert_eq!(plan.runs[0].request, plain);
    assert_eq!(plan.runs[2].request, plain);
    assert_eq!(
        plan.runs[1].request.identity,
        Identity::Subject(Subject::ServiceAccount {
            namespace: "ml-dev".into(),
            name: "dev-sa".into()
        })
    );
    assert_eq!(plan.runs[1].request.namespaces.launch, "ml-dev");
    assert_eq!(plan.runs[1].request.selected, plain.selected);

    // A keyword mode in one context, with no launcher named: your own identity there.
    setup.contexts.identities = [("eks-dev".to_owned(), "SERVICE_ACCOUNT".to_owned())].into();
    let plan = VerifyPlan::for_setup(&setup);
    assert_eq!(plan.runs[1].request.identity, Identity::Me);
    assert!(plan.runs[1].request.is_for_launcher());

    // An API server's contexts are the server's: the current context.
    setup.deployment = Deployment::Helm;
    assert_eq!(VerifyPlan::for_setup(&setup).contexts(), Vec::<&str>::new());
}
