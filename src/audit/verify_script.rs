//! A POSIX `sh` script that checks, on the live cluster, that an identity holds what SkyPilot
//! needs: one `kubectl auth can-i` per catalogue permission (the audit's own expansion,
//! [`permissions`], so the two agree), answers grouped per feature into a table, exit status 0
//! (every selected feature granted), 1 (one is not) or 2 (kubectl could not answer: the
//! cluster is unreachable, or impersonation was refused).
//!
//! Unlike the audit, the answers come from the cluster's own authorizer (webhooks and
//! aggregation included), and reading the whole RBAC export is not needed. Names reach the
//! script as data: quoted once into variables or arguments, never into comments.

use super::{permissions, AuditRequest, Namespaces, Permission, Scope, Subject};
use crate::catalogue::Feature;
use crate::generate::shell::quote;
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
    /// The SkyPilot release whose calls are checked.
    pub skypilot_version: crate::release::SkyPilotVersion,
    /// What the check is for, as one sentence the script's header carries (a team's
    /// heading: `Team `research` (workspaces.research), contexts gke-prod: ...`).
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
            skypilot_version: request.skypilot_version,
            about: None,
        }
    }

    /// The check for what `setup`'s RBAC is for ([`AuditRequest::for_setup`]); a launcher
    /// without a name is checked as the kubeconfig's own identity.
    pub fn for_setup(setup: &Setup) -> VerifyRequest {
        let mut request = VerifyRequest::from_audit(&AuditRequest::for_setup(setup));
        if setup.wants_launcher_rbac() && setup.launcher.subject.trim().is_empty() {
            request.identity = Identity::Me;
        }
        request
    }

    /// True when the launcher of the keyword modes is checked (see
    /// [`AuditRequest::is_for_launcher`]).
    pub fn is_for_launcher(&self) -> bool {
        self.selected.contains(&Feature::ManagedAccount)
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

/// The script for `request`.
pub fn render(request: &VerifyRequest) -> String {
    let features = request.features();
    let launcher = request.is_for_launcher();
    let width = features.iter().map(|f| f.label().len()).max().unwrap_or(0);
    let (as_user, as_group) = request.identity.impersonation();
    let mut impersonate = String::new();
    let mut as_flags = String::new();
    if let Some(user) = &as_user {
        impersonate += &assign("AS_USER", user);
        as_flags += " --as=\"$AS_USER\"";
    }
    if let Some(group) = &as_group {
        impersonate += &assign("AS_GROUP", group);
        as_flags += " --as-group=\"$AS_GROUP\"";
    }

    let mut checks = String::new();
    for feature in &features {
        checks += &format!("\n# {}\nbegin\n", feature.label());
        for permission in permissions(
            *feature,
            &request.namespaces,
            launcher,
            request.skypilot_version,
        ) {
            let words: Vec<String> = can_i_words(&permission)
                .iter()
                .map(|word| quote(word))
                .collect();
            checks += &format!(
                "check {} {} \"$@\"\n",
                quote(&permission.to_string()),
                words.join(" ")
            );
        }
        checks += &format!("report {}\n", quote(feature.label()));
    }

    format!(
        r#"#!/bin/sh
# Checks with `kubectl auth can-i` that an identity (WHO below) holds what SkyPilot needs, one
# permission at a time, through the cluster's own authorizer. Written by skyauth.
# Needs only sh and kubectl; KUBECONFIG is honoured.
#
# Usage: sh {VERIFY_FILE} [KUBECTL FLAGS]   (for example --context gke-prod)
# Every argument is passed on to each kubectl call. Checking another identity than your own
# needs the right to impersonate it (--as, and --as-group for a group).
# Exit status: 0 every feature is granted, 1 one is not, 2 kubectl could not answer (the
# cluster cannot be reached, or impersonation was refused).
{about}
{who}{launch}{impersonate}
nl='
'
failed=0

# Stops with exit status 2, saying why kubectl could not answer.
fail() {{
  case $1 in
    *'cannot impersonate'*)
      printf 'error: impersonation refused: your identity may not act as %s.\n' "$WHO" >&2 ;;
    *'connection to the server'* | *'Unable to connect to the server'* | *'dial tcp'* | \
    *'no such host'* | *'i/o timeout'* | *'connection refused'*)
      printf 'error: cannot reach the cluster.\n' >&2 ;;
    *)
      printf 'error: kubectl could not answer.\n' >&2 ;;
  esac
  printf 'kubectl said: %s\n' "$1" >&2
  exit 2
}}

# `kubectl auth can-i` as WHO: returns 0 for yes, 1 for no, and stops on anything else.
ask() {{
  answer=$(kubectl auth can-i{as_flags} "$@" 2>&1)
  case $? in
    0) return 0 ;;
  esac
  case $answer in
    no | 'no '* | *"$nl"no | *"$nl"'no '*) return 1 ;;
  esac
  fail "$answer"
}}

# A feature's checks run between begin and report.
begin() {{
  asked=0
  denied=0
  missing=
}}

# check DESCRIPTION VERB RESOURCE [FLAGS]: one permission.
check() {{
  what=$1
  shift
  asked=$((asked + 1))
  if ! ask "$@"; then
    denied=$((denied + 1))
    missing="$missing    missing: $what$nl"
  fi
}}

# report LABEL: the feature's row, then what it misses.
report() {{
  if [ "$denied" -eq 0 ]; then
    status=granted
  elif [ "$denied" -eq "$asked" ]; then
    status=missing
    failed=1
  else
    status='partly granted'
    failed=1
  fi
  printf '%-{width}s %s\n%s' "$1" "$status" "$missing"
}}

if ! command -v kubectl >/dev/null 2>&1; then
  printf 'error: kubectl is not on PATH.\n' >&2
  exit 2
fi
printf 'Checking %s, launching in %s, with kubectl auth can-i:\n\n' "$WHO" "$NAMESPACE"
# A first question: can kubectl reach the cluster, and act as WHO?
ask get pods -n "$NAMESPACE" "$@" || :
{checks}
if [ "$failed" -eq 0 ]; then
  printf '\nEvery feature is granted.\n'
else
  printf '\nNot every feature is granted: apply the RBAC skyauth generates, or a patch for what is missing.\n'
fi
exit "$failed"
"#,
        about = about_comment(request.about.as_deref()),
        who = assign("WHO", &request.identity.describe()),
        launch = assign("NAMESPACE", &request.namespaces.launch),
    )
}

/// The header's line saying what the check is for, as a comment: a control character (a
/// newline in a team's name read from a config) becomes `?`, so it cannot end the comment.
fn about_comment(about: Option<&str>) -> String {
    let Some(about) = about else {
        return String::new();
    };
    let text: String = about
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("#\n# {text}\n")
}

/// `NAME=value` quoted, as one line; shellcheck is told that a `$` or backtick in the value
/// is meant literally.
fn assign(name: &str, value: &str) -> String {
    let quoted = quote(value);
    let note = if quoted.contains(['$', '`']) {
        "# shellcheck disable=SC2016 # a name, meant literally\n"
    } else {
        ""
    };
    format!("{note}{name}={quoted}\n")
}

#[cfg(test)]
mod tests;
