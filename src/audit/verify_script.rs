//! A POSIX `sh` script that checks, on the live cluster, that an identity holds what SkyPilot
//! needs: first that its namespace and service account exist, then one `kubectl auth can-i`
//! per catalogue permission (the audit's own expansion, [`permissions`](super::permissions),
//! so the two agree), answers grouped per feature, in one context or several
//! ([`VerifyPlan`]) with a matrix at the end, as text or as one JSON object per line
//! (`--format json`). Exit status 0 (everything in place), 1 (something is missing) or 2
//! (kubectl could not answer in some context: the cluster is unreachable, or impersonation
//! was refused).
//!
//! Unlike the audit, the answers come from the cluster's own authorizer (webhooks and
//! aggregation included), and reading the whole RBAC export is not needed. This module owns
//! what is checked; [`render_plan`] writes it; [`VerifyPlan::for_setup`] decides the
//! contexts of a setup.

mod plan;
mod script;

pub use plan::{VerifyPlan, VerifyRun};
pub use script::{render, render_plan};

use super::{AuditRequest, Namespaces, Permission, Scope, Subject};
use crate::catalogue::Feature;
use crate::setup::Setup;

/// The script's download name.
pub const VERIFY_FILE: &str = "check-skypilot-rbac.sh";

/// The user that stands in for a group's member: `kubectl --as-group` needs an `--as`.
pub const GROUP_STAND_IN_USER: &str = "skyauth-check";

/// Whose permissions the script checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// The kubeconfig's own identity: no impersonation.
    Me,
    /// A service account, user or group, impersonated with `--as` / `--as-group`.
    Subject(Subject),
}

impl Identity {
    /// The `--as` user and `--as-group` group to impersonate, if any.
    pub fn impersonation(&self) -> (Option<String>, Option<String>) {
        match self {
            Identity::Me => (None, None),
            Identity::Subject(Subject::Group(group)) => {
                (Some(GROUP_STAND_IN_USER.to_owned()), Some(group.clone()))
            }
            Identity::Subject(subject) => (subject.user_name(), None),
        }
    }

    /// How the script names it: `service account team/sky-sa`, `your own identity`.
    pub fn describe(&self) -> String {
        match self {
            Identity::Me => "your own identity (no impersonation)".to_owned(),
            Identity::Subject(subject) => subject.to_string(),
        }
    }
}

/// What to check: who, where SkyPilot launches, and which features must be granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyRequest {
    pub identity: Identity,
    pub namespaces: Namespaces,
    pub selected: Vec<Feature>,
    /// The features SkyPilot's pods use, which decide the Pod Security level each namespace
    /// is checked for, when a setup says they are not the selected ones
    /// ([`Setup::pod_features`]: a Workload account is checked for autodown only, yet its pods
    /// mount buckets). Read through [`VerifyRequest::pod_features`].
    pub pods_use: Option<Vec<Feature>>,
    /// The SkyPilot release whose calls are checked.
    pub skypilot_version: crate::release::SkyPilotVersion,
    /// What the check is for, as one sentence the script's header carries (a team's
    /// heading: `Team `research` (workspaces.research), context gke-prod: ...`).
    pub about: Option<String>,
}

impl VerifyRequest {
    /// A request for `identity`, launching in a service account's own namespace, else
    /// `default` (as [`AuditRequest::new`]).
    pub fn new(identity: Identity, selected: Vec<Feature>) -> VerifyRequest {
        let launch = match &identity {
            Identity::Subject(subject) => subject.namespace(),
            Identity::Me => None,
        };
        VerifyRequest {
            namespaces: Namespaces::new(launch.unwrap_or("default")),
            identity,
            selected,
            pods_use: None,
            skypilot_version: Default::default(),
            about: None,
        }
    }

    /// The same check as the audit `request`, made by the cluster.
    pub fn from_audit(request: &AuditRequest) -> VerifyRequest {
        VerifyRequest {
            identity: Identity::Subject(request.subject.clone()),
            namespaces: request.namespaces.clone(),
            selected: request.selected.clone(),
            pods_use: None,
            skypilot_version: request.skypilot_version,
            about: None,
        }
    }

    /// The check for what `setup`'s RBAC is for ([`AuditRequest::for_setup`]); a launcher
    /// without a name is checked as the kubeconfig's own identity.
    pub fn for_setup(setup: &Setup) -> VerifyRequest {
        let mut request = VerifyRequest::from_audit(&AuditRequest::for_setup(setup));
        request.pods_use = Some(setup.pod_features());
        if setup.wants_launcher_rbac() && setup.launcher.subject.trim().is_empty() {
            request.identity = Identity::Me;
        }
        request
    }

    /// The features SkyPilot's pods use: what each namespace's Pod Security level is checked
    /// for.
    pub fn pod_features(&self) -> &[Feature] {
        self.pods_use.as_deref().unwrap_or(&self.selected)
    }

    /// True when the launcher of the keyword modes is checked (see
    /// [`AuditRequest::is_for_launcher`]).
    pub fn is_for_launcher(&self) -> bool {
        self.selected.contains(&Feature::ManagedAccount)
    }

    /// The service account WHO is, as (namespace, name): the script first checks it exists.
    pub fn account(&self) -> Option<(&str, &str)> {
        match &self.identity {
            Identity::Subject(Subject::ServiceAccount { namespace, name }) => {
                Some((namespace, name))
            }
            _ => None,
        }
    }

    /// The selected features in catalogue order, each once.
    pub fn features(&self) -> Vec<Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(|feature| self.selected.contains(feature))
            .collect()
    }
}

/// The words of `kubectl auth can-i` for `permission`, unquoted: `create pods
/// --subresource=exec -n team`, `list ingressclasses.networking.k8s.io -A`, `get
/// namespaces/kube-system -A`. Cluster-wide means `-A` (no namespace), which is also what a
/// cluster-scoped resource needs. `*` in the API group cannot be written: a `*` resource is
/// asked for in the core group, which a rule for every group covers.
pub fn can_i_words(permission: &Permission) -> Vec<String> {
    let (resource, subresource) = match permission.resource.split_once('/') {
        Some((resource, subresource)) => (resource, Some(subresource)),
        None => (permission.resource, None),
    };
    let mut target = resource.to_owned();
    if !permission.group.is_empty() && permission.group != "*" {
        target = format!("{target}.{}", permission.group);
    }
    if let Some(name) = permission.resource_name {
        target = format!("{target}/{name}");
    }
    let mut words = vec![permission.verb.to_owned(), target];
    if let Some(subresource) = subresource {
        words.push(format!("--subresource={subresource}"));
    }
    match &permission.scope {
        Scope::Namespace(namespace) => words.extend(["-n".to_owned(), namespace.clone()]),
        Scope::Cluster => words.push("-A".to_owned()),
    }
    words
}

#[cfg(test)]
mod tests;
