//! What to run after generating: apply, verify with `kubectl auth can-i`, `sky check`.

use super::manifest;
use super::shell::quote;
use crate::catalogue::SKYPILOT_SYSTEM;
use crate::setup::{AuthMethod, Setup, SubjectKind};

/// One step: what to do, and the command that does it, if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub text: String,
    pub command: Option<String>,
}

fn step(text: &str, command: Option<String>) -> NextStep {
    NextStep {
        text: text.to_owned(),
        command,
    }
}

/// The steps for a valid setup.
pub fn next_steps(setup: &Setup) -> Vec<NextStep> {
    let mut steps = Vec::new();
    let save_config = step(
        "Put the SkyPilot config in ~/.sky/config.yaml (merge it into an existing `kubernetes:` section).",
        None,
    );
    match setup.auth {
        AuthMethod::Custom => {
            let (ns, sa) = (&setup.account.namespace, &setup.account.name);
            let user = quote(&format!("--as=system:serviceaccount:{ns}:{sa}"));
            let ns_q = quote(ns);
            steps.push(step(
                "Apply the RBAC manifest (as a cluster admin).",
                Some(format!("kubectl apply -f {}", manifest::file_name(setup))),
            ));
            steps.push(step(
                "List what the service account may do.",
                Some(format!("kubectl auth can-i --list {user} -n {ns_q}")),
            ));
            if setup.account.profile.entry().can_launch {
                steps.push(step(
                    "Check that it can create pods (expect `yes`).",
                    Some(format!("kubectl auth can-i create pods {user} -n {ns_q}")),
                ));
            }
            steps.push(save_config);
            if ns != "default" {
                steps.push(namespace_on_older_releases(ns));
            }
        }
        AuthMethod::ServiceAccount | AuthMethod::NoUpload | AuthMethod::LocalCredentials => {
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
                    "Apply the launcher RBAC (as a cluster admin).",
                    Some(format!("kubectl apply -f {}", manifest::file_name(setup))),
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
            steps.push(save_config);
            let namespace = &setup.launcher.namespace;
            if setup.wants_launcher_rbac() && namespace != "default" {
                steps.push(namespace_on_older_releases(namespace));
            }
        }
    }
    steps.push(step(
        "Check that SkyPilot can use the cluster.",
        Some("sky check kubernetes".into()),
    ));
    steps
}

/// `kubernetes.namespace` needs SkyPilot 0.13; before, the context's namespace decides.
fn namespace_on_older_releases(namespace: &str) -> NextStep {
    step(
        "The config sets `kubernetes.namespace` (SkyPilot 0.13 and later). With an older SkyPilot, point your kubeconfig context at the namespace instead.",
        Some(format!(
            "kubectl config set-context --current --namespace={}",
            quote(namespace)
        )),
    )
}
