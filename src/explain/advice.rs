//! What each refusal says in one sentence, and what to do about the ones a patch does not
//! fix: the 403s RBAC does not decide, a denial of `system:anonymous`, a request no SkyPilot
//! feature makes, a 403 without its message.

use super::parse::{Denial, Refusal};
use super::Verdict;
use crate::audit::Subject;

/// `list pods cluster-wide`, `create pods/exec "head-0" in namespace ml`.
pub fn request_text(denial: &Denial) -> String {
    let mut out = format!("{} {}", denial.verb, denial.resource_path());
    if let Some(name) = &denial.name {
        out += &format!(" \"{name}\"");
    }
    match &denial.namespace {
        Some(namespace) => out + &format!(" in namespace {namespace}"),
        None => out + " cluster-wide",
    }
}

/// Who was refused, as a person reads it: `service account ml/sky-sa`, `user alice`.
pub fn who(denial: &Denial) -> String {
    match &denial.subject {
        Subject::ServiceAccount { .. } => denial.subject.to_string(),
        _ => format!("user {}", denial.user),
    }
}

/// The refusal in one sentence.
pub fn summary(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Rbac(denial) => format!("RBAC denied {}: {}", who(denial), request_text(denial)),
        Refusal::Path { user, verb, path } => {
            format!("RBAC denied user {user}: {verb} on the non-resource URL {path}")
        }
        Refusal::MissingServiceAccount { namespace, name } => match namespace {
            Some(namespace) => {
                format!("Not RBAC: service account {namespace}/{name} does not exist")
            }
            None => format!("Not RBAC: service account {name} does not exist"),
        },
        Refusal::Webhook { webhook, message } if message.is_empty() => {
            format!("Not RBAC: admission webhook {webhook} denied the request")
        }
        Refusal::Webhook { webhook, message } => {
            format!("Not RBAC: admission webhook {webhook} denied the request: {message}")
        }
        Refusal::Quota { quota, detail } => {
            format!("Not RBAC: ResourceQuota {quota} is exceeded ({detail})")
        }
        Refusal::PodSecurity { level, detail } => {
            format!("Not RBAC: the pod violates Pod Security level {level} ({detail})")
        }
        Refusal::Escalation { user, object, detail } => format!(
            "RBAC's escalation check refused {object} to {}: it grants permissions its creator does not hold ({detail})",
            if user.is_empty() { "its creator" } else { user.as_str() }
        ),
        Refusal::BareForbidden => "A 403 Forbidden without the API server's message".to_owned(),
    }
}

/// What to do, for a refusal the patch does not cover; `None` for a SkyPilot permission
/// (the report says which feature needs it and offers the patch).
pub fn advice(refusal: &Refusal, verdict: Verdict) -> Option<String> {
    Some(match (refusal, verdict) {
        (_, Verdict::SkyPilotPermission) => return None,
        (_, Verdict::Anonymous) => "The request carried no credentials the API server accepted (it ran as system:anonymous): fix the kubeconfig's credentials (`skyauth doctor` checks them) rather than granting anything to anonymous.".to_owned(),
        (Refusal::Rbac(_), _) => "No SkyPilot feature makes this request (skyauth's catalogue has no rule for it): it comes from something else, such as your own kubectl or another tool; grant it only if that tool needs it.".to_owned(),
        (Refusal::Path { .. }, _) => "No SkyPilot feature requests a non-resource URL: the request comes from another tool.".to_owned(),
        (Refusal::MissingServiceAccount { namespace, name }, _) => {
            let namespace = namespace.as_deref().unwrap_or("NAMESPACE");
            format!("Create it (`kubectl create serviceaccount {name} -n {namespace}`, or apply `skyauth rbac`'s manifest, which creates it with its RBAC), or set `kubernetes.remote_identity` to an account that exists; RBAC cannot fix this.")
        }
        (Refusal::Webhook { .. }, _) => "A policy engine's admission webhook (such as Gatekeeper or Kyverno) refused the object: change what its message names (SkyPilot's pods follow `kubernetes.pod_config`), or ask the cluster's admin for an exception; RBAC cannot fix this.".to_owned(),
        (Refusal::Quota { quota, .. }, _) => format!("The namespace's ResourceQuota {quota} is used up: stop idle clusters (`sky down`), request fewer resources, or ask the admin to raise it (`kubectl describe resourcequota {quota}`); RBAC cannot fix this."),
        (Refusal::PodSecurity { level, .. }, _) => format!("The namespace enforces Pod Security level {level} and SkyPilot's pod breaks it (the message says how): SkyPilot's pods run as root and need `baseline`, or `privileged` with bucket mounts or the host network (`skypilot-system` needs `privileged` for the FUSE daemonset). Label the namespace so (`kubectl label --overwrite namespace NS pod-security.kubernetes.io/enforce=baseline`), or launch in one that allows it; `skyauth verify` reads each namespace's level (docs/hardening.md). RBAC cannot fix this."),
        (Refusal::Escalation { .. }, _) => "Whoever creates a Role, ClusterRole or binding must hold every permission it grants (or have `escalate`/`bind`). Applying skyauth's RBAC: apply it as a cluster admin. In a keyword mode SkyPilot itself creates its account's roles with the launcher's rights, so the launcher needs them: generate its RBAC with `managed-account` (`skyauth rbac --launcher ...`).".to_owned(),
        (Refusal::BareForbidden, _) => "Paste the whole error, with the API server's message (the `HTTP response body`, or kubectl's `Error from server (Forbidden): …` line): it says who was refused what, and where.".to_owned(),
    })
}

/// The JSON report's `kind` of a refusal.
pub fn kind(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::Rbac(_) => "rbac",
        Refusal::Path { .. } => "rbac-path",
        Refusal::MissingServiceAccount { .. } => "missing-service-account",
        Refusal::Webhook { .. } => "admission-webhook",
        Refusal::Quota { .. } => "quota",
        Refusal::PodSecurity { .. } => "pod-security",
        Refusal::Escalation { .. } => "rbac-escalation",
        Refusal::BareForbidden => "forbidden-without-message",
    }
}
