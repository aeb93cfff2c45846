//! What to run after generating: apply, verify with `kubectl auth can-i`, `sky check`.

use super::manifest;
use super::shell::{kubectl_in, quote};
use crate::catalogue::SKYPILOT_SYSTEM;
use crate::release::Change;
use crate::setup::{AuthMethod, Setup, SubjectKind};

/// One step: what to do, and the command that does it, if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub text: String,
    pub command: Option<String>,
}

pub(super) fn step(text: &str, command: Option<String>) -> NextStep {
    NextStep {
        text: text.to_owned(),
        command,
    }
}

/// `kubectl apply -f FILE` in each of `contexts` (the current one when empty).
pub(super) fn apply_command(contexts: &[String], file: &str) -> String {
    if contexts.is_empty() {
        return format!("kubectl apply -f {file}");
    }
    contexts
        .iter()
        .map(|context| format!("kubectl --context {} apply -f {file}", quote(context)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The steps for a valid setup.
pub fn next_steps(setup: &Setup) -> Vec<NextStep> {
    let mut steps = Vec::new();
    // In each context SkyPilot may use: each is a cluster the RBAC must be in.
    let contexts = section_contexts(setup);
    let apply = apply_command(&contexts, &manifest::file_name(setup));
    let each = if contexts.is_empty() {
        ""
    } else {
        " in each of its contexts"
    };
    let save_config = step(
        "Put the SkyPilot config in ~/.sky/config.yaml (merge it into an existing `kubernetes:` section).",
        None,
    );
    match setup.auth {
        AuthMethod::Custom => {
            let accounts = custom_accounts(setup);
            steps.push(step(
                &format!("Apply the RBAC manifest{each} (as a cluster admin)."),
                Some(apply),
            ));
            steps.push(step(
                &format!("List what the service account may do{each}."),
                Some(can_i(&accounts, "--list")),
            ));
            if setup.account.profile.entry().can_launch {
                steps.push(step(
                    "Check that it can create pods (expect `yes`).",
                    Some(can_i(&accounts, "create pods")),
                ));
            }
            steps.push(save_config);
            steps.extend(context_namespaces(setup));
        }
        AuthMethod::ServiceAccount
        | AuthMethod::NoUpload
        | AuthMethod::LocalCredentials
        | AuthMethod::NoToken => {
            if setup.auth == AuthMethod::LocalCredentials {
                steps.push(step(
                    "Check your kubeconfig with the doctor: exec plugins, file paths and localhost servers break inside pods.",
                    None,
                ));
            }
            if setup.wants_launcher_rbac() {
                let launcher = &setup.launcher;
                let who = match (launcher.subject_kind, launcher.service_account()) {
                    (SubjectKind::Group, _) => format!(
                        "--as=skyauth-check {}",
                        quote(&format!("--as-group={}", launcher.subject))
                    ),
                    (SubjectKind::ServiceAccount, Some((namespace, name))) => {
                        quote(&format!("--as=system:serviceaccount:{namespace}:{name}"))
                    }
                    _ => quote(&format!("--as={}", launcher.subject)),
                };
                steps.push(step(
                    &format!("Apply the launcher RBAC{each} (as a cluster admin)."),
                    Some(apply.clone()),
                ));
                steps.push(step(
                    "Check that the launcher can create SkyPilot's cluster role (expect `yes`).",
                    Some(format!("kubectl auth can-i create clusterroles {who}")),
                ));
                steps.push(step(
                    "Check that it can create SkyPilot's role in skypilot-system, which every launch does (expect `yes`).",
                    Some(format!("kubectl auth can-i create roles {who} -n {SKYPILOT_SYSTEM}")),
                ));
            }
            if !setup.wants_launcher_rbac() && setup.writes_own_account() {
                steps.push(step(
                    &format!("Apply SkyPilot's own account with the cloud identity's annotations{each}, before the first launch (SkyPilot keeps an account that exists; applied later, it adds the annotations)."),
                    Some(apply),
                ));
            } else if !setup.wants_launcher_rbac() && !setup.context_setups().is_empty() {
                steps.push(step(
                    &format!("Apply the accounts of the contexts with an identity or a namespace of their own{each} (as a cluster admin)."),
                    Some(apply),
                ));
            }
            steps.push(save_config);
            steps.extend(context_namespaces(setup));
        }
    }
    if setup.generates_rbac() {
        steps.extend(super::hardening_steps::section(setup));
    }
    steps.extend(super::cloud_steps::cloud_steps(setup));
    steps.push(step(
        "Check that SkyPilot can use the cluster.",
        Some("sky check kubernetes".into()),
    ));
    steps
}

/// Where the section's custom accounts run: (context, namespace, account) for each of its
/// targets with a custom identity, in each of its contexts (`""`: the current one), a
/// context's own namespace too.
fn custom_accounts(setup: &Setup) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for target in setup.team_targets(&crate::setup::Team::default()) {
        let crate::setup::RemoteIdentity::Custom(name) = &target.identity else {
            continue;
        };
        for context in target.command_contexts() {
            let entry = (context.to_owned(), target.namespace.clone(), name.clone());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    if out.is_empty() {
        // Every context has an identity of its own: the account is still checked.
        let account = &setup.account;
        out.push((
            String::new(),
            account.namespace.clone(),
            account.name.clone(),
        ));
    }
    out
}

/// `kubectl auth can-i WHAT` as each of `accounts`, in its namespace and context.
fn can_i(accounts: &[(String, String, String)], what: &str) -> String {
    let lines: Vec<String> = accounts
        .iter()
        .map(|(context, ns, sa)| {
            let user = quote(&format!("--as=system:serviceaccount:{ns}:{sa}"));
            kubectl_in(
                context,
                &format!("auth can-i {what} {user} -n {}", quote(ns)),
            )
        })
        .collect();
    lines.join("\n")
}

/// The contexts the `kubernetes:` section lists (empty: the current one); not the API
/// server's `in-cluster`, which is no context of the admin's.
pub(super) fn section_contexts(setup: &Setup) -> Vec<String> {
    let mut contexts = setup.team_contexts(&crate::setup::Team::default());
    contexts.retain(|context| context != crate::setup::IN_CLUSTER);
    contexts
}

/// Where the chosen release has no `kubernetes.namespace` (before 0.13), the namespaces the
/// config leaves out, set on the kubeconfig's contexts instead: the default one on the
/// current context, each context's own on it.
fn context_namespaces(setup: &Setup) -> Vec<NextStep> {
    if super::config::writes_namespaces(setup) {
        return Vec::new();
    }
    let mut commands = Vec::new();
    let namespace = setup.launch_namespace();
    if namespace != "default" {
        commands.push(format!(
            "kubectl config set-context --current --namespace={}",
            quote(namespace)
        ));
    }
    if setup.contexts.per_context {
        for context in crate::setup::per_context_names(setup) {
            if let Some(own) = setup.contexts.namespaces.get(context) {
                if own != namespace {
                    commands.push(format!(
                        "kubectl config set-context {} --namespace={}",
                        quote(context),
                        quote(own)
                    ));
                }
            }
        }
    }
    if commands.is_empty() {
        return Vec::new();
    }
    vec![step(
        &format!(
            "SkyPilot {} has no `kubernetes.namespace` ({} added it; older releases reject a config with it), so the config leaves it out: point the kubeconfig's contexts at the namespaces instead.",
            setup.skypilot_version,
            Change::Namespace.since().release.map(|r| r.to_string()).unwrap_or_default()
        ),
        Some(commands.join("\n")),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::SkyPilotVersion;

    #[test]
    fn hardened_namespaces_are_labelled_checked_and_bound_per_namespace() {
        use crate::catalogue::Feature;
        let mut setup = Setup {
            auth: AuthMethod::ServiceAccount,
            ..Setup::default()
        };
        setup.launcher.enabled = true;
        setup.launcher.subject = "alice".into();
        setup.launcher.namespace = "ml".into();
        assert!(
            !commands(&setup).contains("pod-security"),
            "only when asked"
        );
        setup.hardening.pod_security_labels = true;
        setup.hardening.openshift = true;
        setup.features.set(Feature::ObjectStore, true);
        let text = commands(&setup);
        // The launcher's manifest does not create ml: it is labelled by command; it creates
        // skypilot-system for the daemonset's SCC binding, labelled.
        assert!(
            !text.contains("namespace skypilot-system pod-security"),
            "{text}"
        );
        let manifest = crate::generate::generate(&setup).unwrap().manifest.unwrap();
        assert!(
            manifest.contains(
                "    pod-security.kubernetes.io/warn: privileged\n  name: skypilot-system\n"
            ),
            "{manifest}"
        );
        for expected in [
            "kubectl label --overwrite namespace ml pod-security.kubernetes.io/enforce=privileged",
            "kubectl get namespace ml skypilot-system -L pod-security.kubernetes.io/enforce",
            "kubectl auth can-i use securitycontextconstraints.security.openshift.io/hostmount-anyuid --as=system:serviceaccount:ml:skypilot-service-account -n ml",
            "kubectl auth can-i use securitycontextconstraints.security.openshift.io/privileged --as=system:serviceaccount:skypilot-system:default -n skypilot-system",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
    }

    fn commands(setup: &Setup) -> String {
        next_steps(setup)
            .into_iter()
            .filter_map(|step| step.command)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn before_0_13_the_namespaces_go_on_the_contexts() {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            skypilot_version: SkyPilotVersion::OLDER,
            ..Setup::default()
        };
        setup.account.namespace = "ml".into();
        setup.contexts.per_context = true;
        setup.contexts.names = vec!["kind-dev".into()];
        setup
            .contexts
            .namespaces
            .insert("kind-dev".into(), "dev".into());
        let listed = commands(&setup);
        assert!(
            listed.contains("kubectl config set-context --current --namespace=ml"),
            "{listed}"
        );
        assert!(
            listed.contains("kubectl config set-context kind-dev --namespace=dev"),
            "{listed}"
        );
        assert!(!super::super::config::render(&setup)
            .unwrap()
            .contains("namespace"));

        setup.skypilot_version = SkyPilotVersion::PREVIOUS;
        assert!(!commands(&setup).contains("set-context"));
    }
}
