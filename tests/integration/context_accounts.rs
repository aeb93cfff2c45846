//! The `kubernetes:` section's contexts with a namespace or an identity of their own
//! (`context_configs`): SkyPilot runs those contexts' pods there as that identity, so the
//! section's RBAC holds each one's account (or the launcher's rights there), as a team's file
//! holds each of its targets', and it is applied in each context the section lists.

use skyauth::generate::{generate, Object};
use skyauth::setup::{AllowedContexts, AuthMethod, Setup, SetupEdit};

use crate::support::fixtures;

/// `auth`, two listed contexts with settings per context, and `edits` on top.
fn two_contexts(auth: AuthMethod, edits: Vec<SetupEdit>) -> Setup {
    let mut setup = Setup::default();
    let base = [
        SetupEdit::Auth(auth),
        SetupEdit::AllowedContexts(AllowedContexts::List),
        SetupEdit::ContextNames(vec!["gke-prod".into(), "eks-prod".into()]),
        SetupEdit::PerContext(true),
    ];
    for edit in base.into_iter().chain(edits) {
        setup.apply(edit);
    }
    setup
}

fn has(objects: &[Object], kind: &str, namespace: &str, name: &str) -> bool {
    objects
        .iter()
        .any(|o| o.kind() == kind && o.namespace() == Some(namespace) && o.name() == name)
}

/// A custom account with a context's own namespace: the account, its Role and RoleBinding
/// are in that namespace too (before 2026-12-06 only in the default one, so pods there
/// failed for want of their account), and the manifest is applied in each context.
#[test]
fn a_contexts_own_namespace_gets_the_account() {
    let setup = two_contexts(
        AuthMethod::Custom,
        vec![SetupEdit::ContextNamespace {
            context: "eks-prod".into(),
            value: "ml-eks".into(),
        }],
    );
    let output = generate(&setup).expect("valid");
    let (default, name) = (&setup.account.namespace, &setup.account.name);
    for namespace in [default.as_str(), "ml-eks"] {
        for kind in ["ServiceAccount", "RoleBinding"] {
            let object = if kind == "ServiceAccount" {
                name.clone()
            } else {
                format!("{name}-rb")
            };
            assert!(
                has(&output.objects, kind, namespace, &object),
                "{kind} {object} -n {namespace}"
            );
        }
    }
    let file = &output.manifest_file;
    let lines = fixtures::step_lines(&output);
    for context in ["gke-prod", "eks-prod"] {
        let apply = format!("kubectl --context {context} apply -f {file}");
        assert!(lines.contains(&apply), "{apply}\n{lines:#?}");
    }
    assert!(
        !lines.contains(&format!("kubectl apply -f {file}")),
        "{lines:#?}"
    );
    // What each account may do is listed where it runs: ml-eks's in eks-prod.
    for (context, namespace) in [("gke-prod", default.as_str()), ("eks-prod", "ml-eks")] {
        let list = format!(
            "kubectl --context {context} auth can-i --list --as=system:serviceaccount:{namespace}:{name} -n {namespace}"
        );
        assert!(lines.contains(&list), "{list}\n{lines:#?}");
    }
}

/// A keyword section without launcher RBAC, with one context using a custom account: the
/// manifest holds only that account, is named for what it holds, and is applied.
#[test]
fn a_contexts_own_account_is_generated_when_the_section_has_none() {
    let setup = two_contexts(
        AuthMethod::ServiceAccount,
        vec![
            SetupEdit::ContextIdentity {
                context: "gke-prod".into(),
                value: "sky-sa".into(),
            },
            SetupEdit::ContextNamespace {
                context: "gke-prod".into(),
                value: "ml".into(),
            },
        ],
    );
    let output = generate(&setup).expect("valid");
    assert!(
        has(&output.objects, "ServiceAccount", "ml", "sky-sa"),
        "{:#?}",
        output.objects
    );
    assert!(
        output
            .objects
            .iter()
            .all(|o| o.namespace().is_none_or(|ns| ns == "ml")),
        "only the context's account: {:#?}",
        output.objects
    );
    assert_eq!(output.manifest_file, "skypilot-context-accounts.yaml");
    assert!(output.manifest_note.is_none());
    let commands = fixtures::step_commands(&output);
    assert!(
        commands.contains(&"kubectl --context gke-prod apply -f skypilot-context-accounts.yaml\nkubectl --context eks-prod apply -f skypilot-context-accounts.yaml".to_owned()),
        "{commands:#?}"
    );
}

/// Without a context's own values the section's RBAC is what it always was, in the current
/// context when it lists none.
#[test]
fn without_context_values_nothing_changes() {
    let plain = two_contexts(AuthMethod::ServiceAccount, Vec::new());
    assert!(plain.context_setups().is_empty());
    let output = generate(&plain).expect("valid");
    assert!(output.manifest.is_none());
    let mut current = Setup::default();
    current.apply(SetupEdit::Auth(AuthMethod::Custom));
    let output = generate(&current).expect("valid");
    let commands = fixtures::step_commands(&output);
    assert!(
        commands.contains(&format!("kubectl apply -f {}", output.manifest_file)),
        "{commands:#?}"
    );
}

/// The CLI reads the page's config back (`rbac --workspace-config`, no teams needed when a
/// context has values of its own) and writes the page's manifest, the contexts' accounts in it;
/// a config with neither teams nor such values is still refused, naming both.
#[test]
fn the_cli_writes_the_pages_manifest_from_its_config() {
    use crate::support::cli::skyauth;
    let page = two_contexts(
        AuthMethod::Custom,
        vec![SetupEdit::ContextNamespace {
            context: "eks-prod".into(),
            value: "ml-eks".into(),
        }],
    );
    let output = generate(&page).expect("valid");
    let run = skyauth(
        &["rbac", "--workspace-config", "-"],
        output.config.as_bytes(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        Some(String::from_utf8_lossy(&run.stdout).into_owned()),
        output.manifest
    );
    let plain = generate(&two_contexts(AuthMethod::Custom, Vec::new())).expect("valid");
    let run = skyauth(
        &["rbac", "--workspace-config", "-"],
        plain.config.as_bytes(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no `workspaces:` teams and no `context_configs`"),
        "{stderr}"
    );
}

/// On the API-server journey, an other cluster's context with its own namespace: the other
/// clusters' RBAC holds the account there too, bound to the kubeconfig secret's account
/// (which launches there), beside the secret's own account.
#[test]
fn an_other_clusters_own_namespace_gets_the_account_on_the_api_server_journey() {
    use skyauth::setup::{Deployment, ServerEdit, ServerIdentity};
    let setup = two_contexts(
        AuthMethod::ServiceAccount,
        vec![
            SetupEdit::Deployment(Deployment::Helm),
            SetupEdit::Server(ServerEdit::InCluster(false)),
            SetupEdit::Server(ServerEdit::OtherClusters(true)),
            SetupEdit::Server(ServerEdit::Identity(ServerIdentity::ChartManaged)),
            SetupEdit::ContextNamespace {
                context: "eks-prod".into(),
                value: "ml-eks".into(),
            },
        ],
    );
    let output = generate(&setup).expect("valid");
    let helm = output.helm.expect("the API server's outputs");
    let text = helm
        .other_clusters_manifest
        .expect("the other clusters' RBAC");
    let objects = skyauth::generate::manifest::parse(&text).expect("parses");
    let (namespace, name) = (&setup.account.namespace, &setup.account.name);
    for ns in [namespace.as_str(), "ml-eks"] {
        assert!(
            has(&objects, "ServiceAccount", ns, name),
            "{name} -n {ns}\n{text}"
        );
    }
    let binding = objects
        .iter()
        .find_map(|o| match o {
            Object::RoleBinding(b) if o.namespace() == Some("ml-eks") => Some(b),
            _ => None,
        })
        .expect("a RoleBinding in ml-eks");
    let subjects = binding.subjects.as_deref().unwrap_or_default();
    let bound = |ns: &str| {
        subjects.iter().any(|s| {
            s.kind == "ServiceAccount" && s.name == *name && s.namespace.as_deref() == Some(ns)
        })
    };
    assert!(bound("ml-eks") && bound(namespace), "{subjects:#?}");
}
