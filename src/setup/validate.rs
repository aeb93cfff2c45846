//! Validation of a setup: every problem as a [`SetupError`] naming its field and saying how to
//! fix it. A setup with any error produces no manifest.
//!
//! Kept in one file on purpose: every rule a setup must satisfy, each with the message a user
//! acts on, in one place the page and the CLI share (the tests live in `validate/tests.rs`).

use std::collections::HashSet;
use std::fmt;

use super::names::{is_rfc1123_label, is_rfc1123_subdomain, suggest_label, MAX_SUBDOMAIN_LEN};
use super::{AllowedContexts, CloudField, PortsSetting, RemoteIdentity, Setup};
use crate::terminal_text::has_unsafe_chars;

/// The field a [`SetupError`] is about; its `Display` is a stable id (`namespace`,
/// `allowed_contexts[2]`, `remote_identity[gke-prod]`, ...), used by the CLI and the page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The SkyPilot version: a choice the chosen release does not have.
    SkyPilotVersion,
    Namespace,
    ServiceAccount,
    LauncherSubject,
    LauncherNamespace,
    /// An entry of the allowed context list, by position.
    AllowedContext(usize),
    /// The `remote_identity` of a context (`context_configs.<ctx>.remote_identity`).
    ContextIdentity(String),
    /// The namespace of a context (`context_configs.<ctx>.namespace`).
    ContextNamespace(String),
    Ports,
    /// `metrics.prometheus.namespace`, the GPU-metrics permissions' namespace.
    MetricsNamespace,
    /// The Helm release name.
    HelmRelease,
    /// The API server's namespace.
    HelmNamespace,
    /// The API server's existing service account.
    HelmServiceAccount,
    /// The kubeconfig secret's name.
    HelmSecret,
    /// A team's (workspace's) name.
    TeamName(String),
    /// A team's `allowed_contexts`.
    TeamContexts(String),
    /// A team's `namespace`.
    TeamNamespace(String),
    /// A team's `remote_identity`.
    TeamIdentity(String),
    /// Who launches for a team on a laptop.
    TeamLauncher(String),
    /// A team's namespace in one context (`workspaces.<ws>.kubernetes.context_configs.<ctx>`):
    /// (team, context).
    TeamContextNamespace(String, String),
    /// A team's `remote_identity` in one context: (team, context).
    TeamContextIdentity(String, String),
    /// A value of the pods' cloud identity (`CloudField::Provider`: the choice itself).
    Cloud(CloudField),
    /// Not a field: writing the output failed (a bug; never expected).
    Output,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::SkyPilotVersion => f.write_str("skypilot_version"),
            Field::Namespace => f.write_str("namespace"),
            Field::ServiceAccount => f.write_str("service_account"),
            Field::LauncherSubject => f.write_str("launcher_subject"),
            Field::LauncherNamespace => f.write_str("launcher_namespace"),
            Field::AllowedContext(index) => write!(f, "allowed_contexts[{index}]"),
            Field::ContextIdentity(context) => write!(f, "remote_identity[{context}]"),
            Field::ContextNamespace(context) => write!(f, "namespace[{context}]"),
            Field::Ports => f.write_str("ports"),
            Field::MetricsNamespace => f.write_str("metrics_namespace"),
            Field::HelmRelease => f.write_str("release"),
            Field::HelmNamespace => f.write_str("server_namespace"),
            Field::HelmServiceAccount => f.write_str("server_service_account"),
            Field::HelmSecret => f.write_str("kubeconfig_secret"),
            Field::TeamName(team) => write!(f, "workspace[{team}]"),
            Field::TeamContexts(team) => write!(f, "workspace_contexts[{team}]"),
            Field::TeamNamespace(team) => write!(f, "workspace_namespace[{team}]"),
            Field::TeamIdentity(team) => write!(f, "workspace_identity[{team}]"),
            Field::TeamLauncher(team) => write!(f, "workspace_launcher[{team}]"),
            Field::TeamContextNamespace(team, context) => {
                write!(f, "workspace_namespace[{team}][{context}]")
            }
            Field::TeamContextIdentity(team, context) => {
                write!(f, "workspace_identity[{team}][{context}]")
            }
            Field::Cloud(field) => f.write_str(field.id()),
            Field::Output => f.write_str("output"),
        }
    }
}

impl Field {
    /// The field's name as the page labels it, for messages that send the user to it.
    pub fn label(&self) -> String {
        match self {
            Field::SkyPilotVersion => "SkyPilot version".into(),
            Field::Namespace => "Namespace".into(),
            Field::ServiceAccount => "Service account name".into(),
            Field::LauncherSubject => "Launcher subject".into(),
            Field::LauncherNamespace => "Launch namespace".into(),
            Field::AllowedContext(_) => "Allowed contexts".into(),
            Field::ContextIdentity(context) => format!("remote_identity of {context}"),
            Field::ContextNamespace(context) => format!("namespace of {context}"),
            Field::Ports => "Ports".into(),
            Field::MetricsNamespace => "Prometheus namespace".into(),
            Field::HelmRelease => "Release name".into(),
            Field::HelmNamespace => "Server namespace".into(),
            Field::HelmServiceAccount => "Existing service account".into(),
            Field::HelmSecret => "Kubeconfig secret".into(),
            Field::TeamName(team) => format!("Name of team {team}"),
            Field::TeamContexts(team) => format!("Contexts of team {team}"),
            Field::TeamNamespace(team) => format!("Namespace of team {team}"),
            Field::TeamIdentity(team) => format!("Identity of team {team}"),
            Field::TeamLauncher(team) => format!("Launcher of team {team}"),
            Field::TeamContextNamespace(team, context) => {
                format!("Namespace of team {team} in {context}")
            }
            Field::TeamContextIdentity(team, context) => {
                format!("Identity of team {team} in {context}")
            }
            Field::Cloud(field) => field.label().into(),
            Field::Output => "the output".into(),
        }
    }

    /// The control the field is edited in: every entry of the allowed context list is one
    /// text box ([`Field::AllowedContext`] `(0)`), every other field is its own.
    pub fn control(&self) -> Field {
        match self {
            Field::AllowedContext(_) => Field::AllowedContext(0),
            other => other.clone(),
        }
    }
}

/// One problem with a setup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    pub field: Field,
    pub message: String,
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for SetupError {}

/// Checks everything a setup's output depends on; empty when the setup is valid.
pub fn validate(setup: &Setup) -> Vec<SetupError> {
    let mut errors = Vec::new();
    let mut error = |field: Field, message: String| errors.push(SetupError { field, message });

    // The custom account; an API server's other clusters get one too, whatever the auth.
    if setup.uses_custom_account() {
        let account = &setup.account;
        if let Some(message) = namespace_problem("Namespace", &account.namespace) {
            error(Field::Namespace, message);
        }
        if let Some(message) = account_name_problem(&account.name, setup.skypilot_version) {
            error(Field::ServiceAccount, message);
        } else {
            let longest =
                super::names::longest_account_object_name(&account.name, &account.namespace);
            if longest.len() > MAX_SUBDOMAIN_LEN {
                error(
                    Field::ServiceAccount,
                    format!(
                        "Service account name is too long: with the namespace, the object name \
                         `{longest}` would exceed {MAX_SUBDOMAIN_LEN} characters. Use a shorter \
                         name."
                    ),
                );
            }
        }
        if let Some(message) = kube_system_problem(
            setup,
            &account.namespace,
            "Namespace",
            account.profile.entry().can_launch && !account.profile.is_cluster_admin(),
        ) {
            error(Field::Namespace, message);
        }
    }

    if setup.wants_launcher_rbac() || setup.wants_custom_launcher() {
        let launcher = &setup.launcher;
        if let Some(message) = launcher_subject_problem(launcher) {
            error(Field::LauncherSubject, message);
        }
    }
    if setup.launcher_applies() {
        if let Some(message) = namespace_problem("Launch namespace", &setup.launcher.namespace) {
            error(Field::LauncherNamespace, message);
        } else if setup.wants_launcher_rbac() {
            if let Some(message) =
                kube_system_problem(setup, &setup.launcher.namespace, "Launch namespace", true)
            {
                error(Field::LauncherNamespace, message);
            }
        }
    }
    if setup.wants_gpu_metrics() {
        if let Some(message) =
            namespace_problem("Prometheus namespace", &setup.metrics.prometheus.namespace)
        {
            error(Field::MetricsNamespace, message);
        }
    }

    if setup.deployment == crate::setup::Deployment::Helm {
        helm_problems(&setup.server, setup.skypilot_version, &mut error);
    }

    let contexts = &setup.contexts;
    if let Some(message) = other_clusters_problem(setup) {
        error(Field::AllowedContext(0), message);
    }
    if contexts.allowed == AllowedContexts::List {
        if contexts.names.is_empty() {
            error(
                Field::AllowedContext(0),
                "Allowed contexts is an empty list: add at least one context name, or choose \
                 \"all\" or \"current context only\"."
                    .into(),
            );
        }
        // A set, not a search of the names before each: a list may be tens of thousands long.
        let mut seen: HashSet<&str> = HashSet::new();
        for (index, name) in contexts.names.iter().enumerate() {
            if let Some(message) = context_name_problem(name) {
                error(Field::AllowedContext(index), message);
            } else if !seen.insert(name.as_str()) {
                error(
                    Field::AllowedContext(index),
                    format!("Context `{name}` is listed twice: remove one."),
                );
            }
        }
    }
    if contexts.per_context {
        let listed: HashSet<&str> = contexts.names.iter().map(String::as_str).collect();
        for (context, value) in &contexts.identities {
            let field = Field::ContextIdentity(context.clone());
            if let Some(message) = unlisted_problem(&listed, context)
                .or_else(|| identity_problem(value, setup.skypilot_version))
            {
                error(field, message);
            }
        }
        for (context, value) in &contexts.namespaces {
            let field = Field::ContextNamespace(context.clone());
            let problem = unlisted_problem(&listed, context)
                .or_else(|| namespace_problem(&format!("Namespace of `{context}`"), value));
            if let Some(message) = problem {
                error(field, message);
            }
        }
        if contexts.allowed != AllowedContexts::List {
            for (index, name) in contexts.names.iter().enumerate() {
                if let Some(message) = context_name_problem(name) {
                    error(Field::AllowedContext(index), message);
                }
            }
        }
    }

    if setup.wants_ingress()
        && matches!(
            setup.ports,
            PortsSetting::Loadbalancer | PortsSetting::Podip
        )
    {
        error(
            Field::Ports,
            format!(
                "Ports is `{}` but the ingress permissions are on: choose `ingress` (or leave \
                 it unset), or turn ingress off.",
                setup.ports.as_config_value().unwrap_or_default()
            ),
        );
    }
    for message in version_problems(setup) {
        error(Field::SkyPilotVersion, message);
    }
    cloud_identity_problems(setup, &mut error);
    teams::team_problems(setup, &mut error);
    errors
}

/// Choices the chosen SkyPilot release does not have (`docs/skypilot-facts.md` §11). Keys it
/// would reject but that have a fallback (`kubernetes.namespace`) are not errors: the
/// generator leaves them out and says what to do instead.
fn version_problems(setup: &Setup) -> Vec<String> {
    use crate::release::Change;
    let version = setup.skypilot_version;
    let mut problems = Vec::new();
    let mut missing = |change: Change, instead: &str| {
        if !version.has(change) {
            problems.push(format!("{}: {instead}", change.missing_in(version)));
        }
    };
    match setup.auth {
        super::AuthMethod::NoUpload => missing(
            Change::NoUpload,
            "older releases take it as the name of a service account. Pick SERVICE_ACCOUNT, \
             or upgrade SkyPilot.",
        ),
        super::AuthMethod::NoToken => missing(
            Change::RemoteIdentityNone,
            "releases take NONE as the name of a service account and Kubernetes rejects the \
             pods. Pick another method, or choose the nightly.",
        ),
        _ => {}
    }
    if setup.contexts.allowed == AllowedContexts::All {
        missing(
            Change::AllowedContextsAll,
            "list the contexts instead, or upgrade SkyPilot.",
        );
    }
    let prometheus = &setup.metrics.prometheus.namespace;
    if setup.wants_gpu_metrics()
        && prometheus != crate::catalogue::SKYPILOT_METRICS
        && namespace_problem("", prometheus).is_none()
    {
        missing(
            Change::MetricsPrometheus,
            "older releases read Prometheus in namespace `skypilot` only. Use `skypilot`, or \
             upgrade SkyPilot.",
        );
    }
    problems
}

/// The cloud identity's values, and whether the auth method has an account to give it to.
fn cloud_identity_problems(setup: &Setup, error: &mut impl FnMut(Field, String)) {
    let identity = &setup.cloud_identity;
    if !identity.is_set() {
        return;
    }
    if setup.auth == super::AuthMethod::NoToken {
        error(
            Field::Cloud(CloudField::Provider),
            "A cloud identity needs pods with a service-account token, and NONE gives them              none: pick SERVICE_ACCOUNT, NO_UPLOAD or a custom account, or choose no cloud              identity."
                .into(),
        );
    }
    let version = setup.skypilot_version;
    if !version.has(crate::release::Change::NoUpload) {
        error(
            Field::Cloud(CloudField::Provider),
            format!(
                "{}: a cloud identity writes `{}.remote_identity: NO_UPLOAD` so SkyPilot                  uploads no keys that would win over it. Upgrade SkyPilot, or choose no cloud                  identity.",
                crate::release::Change::NoUpload.missing_in(version),
                identity.provider.sky_cloud().unwrap_or_default()
            ),
        );
    }
    for (field, message) in identity.problems() {
        error(Field::Cloud(field), message);
    }
}

/// The namespace whose service accounts run the cluster's controllers (a pod created there
/// can run as any of them).
pub const KUBE_SYSTEM: &str = "kube-system";

/// RBAC that lets an account create pods (or do anything) in `kube-system` is cluster-admin in
/// all but name: refused unless the setup says it means it. Cluster admin is cluster-wide
/// whatever the namespace, and the workload account cannot create pods, so neither is refused.
fn kube_system_problem(
    setup: &Setup,
    namespace: &str,
    what: &str,
    creates_pods: bool,
) -> Option<String> {
    (namespace == KUBE_SYSTEM && creates_pods && !setup.allow_kube_system).then(|| {
        format!(
            "{what} is `kube-system`: an account that may create pods there can run them as any \
             of the cluster's controller accounts, so this RBAC would be cluster-admin in all but \
             name. Use a namespace of its own (e.g. `skypilot`), or confirm with \
             --allow-kube-system (the page: \"Generate it for kube-system anyway\")."
        )
    })
}

/// An API server reaching other clusters writes each of their contexts into
/// `allowed_contexts` with the account they are reached through: only a list names them.
/// The current context alone is `in-cluster`, and `all` cannot give each context its account,
/// so either would leave the other clusters unused or running as the wrong identity.
fn other_clusters_problem(setup: &Setup) -> Option<String> {
    if !setup.reaches_other_clusters() {
        return None;
    }
    let contexts = &setup.contexts;
    let named = contexts
        .names
        .iter()
        .any(|name| name != crate::setup::IN_CLUSTER);
    let choice = match contexts.allowed {
        AllowedContexts::List if named => return None,
        // An empty list has its own message.
        AllowedContexts::List if contexts.names.is_empty() => return None,
        AllowedContexts::List => "lists only `in-cluster`",
        AllowedContexts::Current => "is the current context only (`in-cluster` on the server)",
        AllowedContexts::All => "is `all`, which cannot give each context its service account",
    };
    Some(format!(
        "Reaching other clusters needs their context names, but Allowed contexts {choice}: \
         list the contexts of the kubeconfig in the secret (`kubectl config get-contexts -o \
         name`; the page's \"These contexts\", the CLI's `--allowed-context CTX` for each), or \
         turn other clusters off."
    ))
}

/// The Helm deployment's names: what Helm and Kubernetes accept.
fn helm_problems(
    server: &crate::setup::ApiServer,
    version: crate::release::SkyPilotVersion,
    error: &mut impl FnMut(Field, String),
) {
    let release = &server.release;
    if !is_rfc1123_label(release) || release.len() > 53 {
        error(
            Field::HelmRelease,
            format!(
                "Release name `{}` is not one Helm accepts: at most 53 lowercase letters, digits \
                 or '-', starting and ending with a letter or digit, e.g. `skypilot`.",
                printable(release)
            ),
        );
    }
    if let Some(message) = namespace_problem("Server namespace", &server.namespace) {
        error(Field::HelmNamespace, message);
    }
    if server.identity == crate::setup::ServerIdentity::Existing {
        if let Some(message) = account_name_problem(&server.existing_account, version) {
            error(Field::HelmServiceAccount, message);
        }
    }
    if server.other_clusters && !is_rfc1123_subdomain(&server.secret_name) {
        error(
            Field::HelmSecret,
            format!(
                "Secret name `{}` is not valid: lowercase letters, digits, '-' and '.', e.g. \
                 `kube-credentials`.",
                printable(&server.secret_name)
            ),
        );
    }
}

/// The contexts that may have their own settings (`context_configs`): the allowed list, or
/// with all contexts (or only the current one) allowed, the contexts named for that purpose.
pub fn per_context_names(setup: &Setup) -> Vec<&String> {
    if setup.contexts.per_context {
        setup.contexts.names.iter().collect()
    } else {
        Vec::new()
    }
}

/// Settings for a context that is not listed: no control shows them, so they are refused.
fn unlisted_problem(listed: &HashSet<&str>, context: &str) -> Option<String> {
    (!listed.contains(context)).then(|| {
        format!(
            "Context `{}` has its own settings but is not listed: add it to the contexts, or \
             remove its settings.",
            printable(context)
        )
    })
}

/// A launcher subject must be a name as the cluster reports it, or a service account as
/// `NAMESPACE/NAME`.
fn launcher_subject_problem(launcher: &super::Launcher) -> Option<String> {
    let subject = &launcher.subject;
    let kind = launcher.subject_kind;
    if subject.trim().is_empty() {
        return Some(match kind {
            super::SubjectKind::ServiceAccount => "Launcher service account is empty: enter it \
                 as NAMESPACE/NAME, e.g. `skypilot/skypilot-api-sa`."
                .into(),
            _ => format!(
                "Launcher {} name is empty: enter the name your cluster reports for you \
                 (see `kubectl auth whoami`).",
                kind.noun()
            ),
        });
    }
    if has_unsafe_chars(subject) || subject != subject.trim() {
        return Some(
            "Launcher subject has line breaks, control or invisible characters, or surrounding \
             spaces: enter the name exactly as `kubectl auth whoami` prints it."
                .into(),
        );
    }
    if kind == super::SubjectKind::ServiceAccount {
        let Some((namespace, name)) = launcher.service_account() else {
            return Some(format!(
                "Launcher service account `{}` is not NAMESPACE/NAME: e.g. \
                 `skypilot/skypilot-api-sa`.",
                printable(subject)
            ));
        };
        return namespace_problem("Launcher service account namespace", namespace)
            .or_else(|| account_problem(name));
    }
    None
}

fn namespace_problem(what: &str, value: &str) -> Option<String> {
    if is_rfc1123_label(value) {
        return None;
    }
    let rule = super::names::LABEL_RULE;
    Some(match (value.is_empty(), suggest_label(value)) {
        (true, _) => format!("{what} is empty: enter a namespace such as `default`."),
        (false, Some(suggestion)) => format!(
            "{what} `{}` is not a valid namespace: use {rule}, e.g. `{suggestion}`.",
            printable(value)
        ),
        (false, None) => format!(
            "{what} `{}` is not a valid namespace: use {rule}.",
            printable(value)
        ),
    })
}

fn account_problem(value: &str) -> Option<String> {
    if is_rfc1123_subdomain(value) {
        return None;
    }
    let rule = super::names::SUBDOMAIN_RULE;
    Some(match (value.is_empty(), suggest_label(value)) {
        (true, _) => "Service account name is empty: enter a name such as `sky-sa`.".to_owned(),
        (false, Some(suggestion)) => {
            format!(
                "Service account name `{}` is not valid: use {rule}, e.g. `{suggestion}`.",
                printable(value)
            )
        }
        (false, None) => format!(
            "Service account name `{}` is not valid: use {rule}.",
            printable(value)
        ),
    })
}

fn context_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some(
            "Context name is empty: enter the name as `kubectl config get-contexts` shows it."
                .into(),
        )
    } else if has_unsafe_chars(name) {
        Some(format!(
            "Context name `{}` contains a line break, a control character, or an invisible \
             bidirectional or zero-width one: enter it exactly as `kubectl config get-contexts` \
             shows it (rename a context with such a name: `kubectl config rename-context`).",
            printable(name)
        ))
    } else {
        None
    }
}

/// A custom account's name: a valid service account name that SkyPilot will not read as one
/// of its keywords, on `version` or on the release it moves to.
fn account_name_problem(name: &str, version: crate::release::SkyPilotVersion) -> Option<String> {
    use crate::release::Change;
    let keyword = RemoteIdentity::KEYWORDS
        .iter()
        .chain(&[RemoteIdentity::NONE])
        .find(|keyword| keyword.eq_ignore_ascii_case(name));
    match keyword {
        // `NONE` is the nightly's keyword, read in any case (docs/skypilot-facts.md).
        Some(&RemoteIdentity::NONE) if version.has(Change::RemoteIdentityNone) => Some(format!(
            "`{name}` reads as `NONE` on SkyPilot {version}, the keyword for pods without a \
             token, not an account name: choose a name such as `sky-sa`, or pick \"No token in \
             pods\" as the authentication method (`remote_identity: NONE`)."
        )),
        Some(&RemoteIdentity::NONE) if name.bytes().any(|b| b.is_ascii_uppercase()) => {
            Some(format!(
                "SkyPilot {version} takes `{name}` as a service account's name, which Kubernetes \
             refuses (upper case), so every pod is rejected; `NONE` means pods without a token \
             only in {first} (--skypilot-version nightly). Choose a name such as \
             `sky-sa`.",
                first = Change::RemoteIdentityNone.first_version()
            ))
        }
        Some(&RemoteIdentity::NONE) => Some(format!(
            "SkyPilot {version} would use an account named `{name}`, but {first} \
             reads `{name}` in any case as the keyword `NONE` (pods without a token), \
             so the setup would change meaning on upgrade: choose a name such as `sky-sa`.",
            first = Change::RemoteIdentityNone.first_version()
        )),
        Some(keyword) if *keyword != name => Some(format!(
            "`{name}` would be read as a service account name: SkyPilot's keywords are upper \
             case, write `{keyword}`."
        )),
        Some(keyword) => Some(format!(
            "`{name}` is one of SkyPilot's `remote_identity` keywords, not an account name: \
             SkyPilot would switch to its {keyword} mode instead of using your account (and \
             Kubernetes refuses the name). Choose a name such as `sky-sa`, or pick {keyword} \
             as the authentication method."
        )),
        None => account_problem(name),
    }
}

/// A per-context value must be a keyword `version` has or a valid service account name.
fn identity_problem(value: &str, version: crate::release::SkyPilotVersion) -> Option<String> {
    use crate::release::Change;
    let lacking = RemoteIdentity::keyword_change(value).filter(|change| !version.has(*change));
    match (lacking, RemoteIdentity::read_for(value, version)) {
        (Some(change @ Change::NoUpload), _) => Some(format!(
            "{}: older releases take it as the name of a service account.",
            change.missing_in(version)
        )),
        (Some(change), _) => Some(format!(
            "{}: releases take `{value}` as the name of a service account and Kubernetes \
             rejects the pods; pick another value, or choose the nightly.",
            change.missing_in(version)
        )),
        (None, RemoteIdentity::Custom(name)) => {
            if ["service_account", "local_credentials", "no_upload"]
                .contains(&name.to_ascii_lowercase().as_str())
            {
                Some(format!(
                    "`{name}` would be read as a service account name: SkyPilot's keywords are \
                     upper case, write `{}`.",
                    name.to_ascii_uppercase()
                ))
            } else {
                account_problem(&name)
            }
        }
        _ => None,
    }
}

/// `value` with control characters shown as escapes, for messages.
pub(super) fn printable(value: &str) -> String {
    value
        .chars()
        .flat_map(char::escape_debug)
        .collect::<String>()
        .replace('`', "'")
}

mod teams;

#[cfg(test)]
mod tests;
