//! What to run after generating: apply, verify with `kubectl auth can-i`, `sky check`.

use super::manifest::MANIFEST_FILE;
use super::shell::quote;
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
                Some(format!("kubectl apply -f {MANIFEST_FILE}")),
            ));
            steps.push(step(
                "List what the service account may do.",
                Some(format!("kubectl auth can-i --list {user} -n {ns_q}")),
            ));
            steps.push(step(
                "Check that it can create pods (expect `yes`).",
                Some(format!("kubectl auth can-i create pods {user} -n {ns_q}")),
            ));
            steps.push(step(
                "SkyPilot launches into your kubeconfig context's namespace: point it at the account's.",
                Some(format!("kubectl config set-context --current --namespace={ns_q}")),
            ));
            steps.push(save_config);
        }
        AuthMethod::ServiceAccount | AuthMethod::NoUpload => {
            if setup.wants_launcher_rbac() {
                let launcher = &setup.launcher;
                let who = match launcher.subject_kind {
                    SubjectKind::User => quote(&format!("--as={}", launcher.subject)),
                    SubjectKind::Group => format!(
                        "--as=skyauth-check {}",
                        quote(&format!("--as-group={}", launcher.subject))
                    ),
                };
                steps.push(step(
                    "Apply the launcher RBAC (as a cluster admin).",
                    Some(format!("kubectl apply -f {MANIFEST_FILE}")),
                ));
                steps.push(step(
                    "Check that your identity can create SkyPilot's cluster role (expect `yes`).",
                    Some(format!("kubectl auth can-i create clusterroles {who}")),
                ));
            }
            steps.push(save_config);
        }
        AuthMethod::LocalCredentials => {
            steps.push(step(
                "Check your kubeconfig with the doctor: exec plugins, file paths and localhost servers break inside pods.",
                None,
            ));
            steps.push(save_config);
        }
    }
    steps.push(step(
        "Check that SkyPilot can use the cluster.",
        Some("sky check kubernetes".into()),
    ));
    steps
}
