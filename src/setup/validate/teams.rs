//! The rules a team (SkyPilot workspace) must satisfy: a name skyauth can put in object and
//! file names, contexts the deployment has, a valid namespace and identity, keys the chosen
//! release reads, and the same rules as any setup for the objects each team gets (its
//! single-team setups are validated as setups are, their errors moved onto the team's fields).

use std::collections::HashSet;

use super::{
    context_name_problem, identity_problem, is_rfc1123_label, namespace_problem, printable,
    validate, Field,
};
use crate::release::Change;
use crate::setup::{AllowedContexts, Deployment, RemoteIdentity, Setup, Team, DEFAULT_WORKSPACE};

/// The longest team name: it is part of object names (`skypilot-launcher-TEAM-...`) and
/// file names (`team-TEAM-rbac.yaml`).
pub const MAX_TEAM_NAME_LEN: usize = 40;

/// Every problem of the setup's teams.
pub(super) fn team_problems(setup: &Setup, error: &mut impl FnMut(Field, String)) {
    let version = setup.skypilot_version;
    let server_contexts = server_contexts(setup);
    // Each custom account (namespace, name) with the team that first made it and its profile
    // (a few: a list, which costs the page less code than a map).
    let mut accounts: Vec<((String, String), (String, _))> = Vec::new();
    for (name, team) in &setup.teams {
        if let Some(message) = name_problem(name) {
            error(Field::TeamName(name.clone()), message);
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for context in &team.contexts {
            let field = Field::TeamContexts(name.clone());
            if let Some(message) = context_name_problem(context) {
                error(field, message);
            } else if !seen.insert(context.as_str()) {
                error(
                    field,
                    format!(
                        "Context `{}` is listed twice: remove one.",
                        printable(context)
                    ),
                );
            } else if let Some(known) = &server_contexts {
                if known.binary_search(&context.as_str()).is_err() {
                    error(
                        field,
                        format!(
                            "The API server has no context `{}`: a team can use only the \
                             server's contexts ({}). Add it to Allowed contexts first.",
                            printable(context),
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        if !team.namespace.is_empty() {
            let what = format!("Namespace of team `{name}`");
            if let Some(message) = namespace_problem(&what, &team.namespace) {
                error(Field::TeamNamespace(name.clone()), message);
            } else if !version.has(Change::WorkspaceIdentity) {
                error(
                    Field::TeamNamespace(name.clone()),
                    missing(
                        version,
                        "leave it empty to inherit the `kubernetes:` namespace",
                    ),
                );
            }
        }
        if !team.identity.is_empty() {
            if let Some(message) = identity_problem(&team.identity, version) {
                error(Field::TeamIdentity(name.clone()), message);
            } else if !version.has(Change::WorkspaceIdentity) {
                error(
                    Field::TeamIdentity(name.clone()),
                    missing(
                        version,
                        "leave it empty to inherit the `kubernetes:` identity",
                    ),
                );
            }
        }
        override_problems(setup, name, team, &server_contexts, error);
        if !team.launcher_subject.is_empty() {
            let launcher = crate::setup::Launcher {
                enabled: true,
                subject_kind: team.launcher_kind,
                subject: team.launcher_subject.clone(),
                ..crate::setup::Launcher::default()
            };
            if let Some(message) = super::launcher_subject_problem(&launcher) {
                error(Field::TeamLauncher(name.clone()), message);
            }
        }
        let targets = setup.team_targets(team);
        for target in &targets {
            if let RemoteIdentity::Custom(account) = &target.identity {
                let key = (target.namespace.clone(), account.clone());
                let profile = setup.team_profile(team, account);
                match accounts
                    .iter()
                    .find(|(known, _)| *known == key)
                    .map(|(_, held)| held)
                {
                    Some((other, held)) if *held != profile => error(
                        identity_field(name, team, &target.contexts),
                        format!(
                            "Team `{other}` uses service account `{}/{account}` with another \
                             permission profile: give each team its own account, or the same \
                             profile.",
                            target.namespace
                        ),
                    ),
                    Some(_) => {}
                    None => accounts.push((key, (name.clone(), profile))),
                }
            }
        }
        // The objects a team gets follow the rules any setup's do (name lengths, kube-system).
        // A value the team inherits is the section's: its errors go there, once.
        let base = crate::setup::effective_setup(setup);
        let base_namespace_field = match base.auth {
            crate::setup::AuthMethod::Custom => Field::Namespace,
            _ => Field::LauncherNamespace,
        };
        for target in &targets {
            let Some(team_setup) = setup.target_setup(team, target) else {
                continue;
            };
            let own_namespace = namespace_field(name, team, &target.contexts);
            for problem in validate(&team_setup) {
                let field = match problem.field {
                    Field::Namespace | Field::LauncherNamespace if own_namespace.is_some() => {
                        own_namespace
                            .clone()
                            .unwrap_or(Field::TeamNamespace(name.clone()))
                    }
                    Field::Namespace | Field::LauncherNamespace => {
                        if namespace_problem("", team_setup.launch_namespace()).is_some() {
                            continue;
                        }
                        base_namespace_field.clone()
                    }
                    Field::ServiceAccount if team.names_account(&team_setup.account.name) => {
                        identity_field(name, team, &target.contexts)
                    }
                    Field::ServiceAccount => {
                        if super::account_name_problem(
                            &team_setup.account.name,
                            team_setup.skypilot_version,
                        )
                        .is_some()
                        {
                            continue;
                        }
                        Field::ServiceAccount
                    }
                    // Reported above for the team's own launcher; the setup's is its own field.
                    Field::LauncherSubject => continue,
                    // The rest are the section's own fields, reported there already.
                    _ => continue,
                };
                error(field, problem.message);
            }
        }
    }
}

/// The field a target's namespace comes from, when the team sets it: a context's own, else
/// the team's; `None` when it is inherited.
fn namespace_field(name: &str, team: &Team, contexts: &[String]) -> Option<Field> {
    contexts
        .iter()
        .find(|context| {
            team.context_namespaces
                .get(*context)
                .is_some_and(|v| !v.is_empty())
        })
        .map(|context| Field::TeamContextNamespace(name.to_owned(), context.clone()))
        .or_else(|| (!team.namespace.is_empty()).then(|| Field::TeamNamespace(name.to_owned())))
}

/// The field a target's identity comes from: a context's own, else the team's.
fn identity_field(name: &str, team: &Team, contexts: &[String]) -> Field {
    contexts
        .iter()
        .find(|context| {
            team.context_identities
                .get(*context)
                .is_some_and(|v| !v.is_empty())
        })
        .map(|context| Field::TeamContextIdentity(name.to_owned(), context.clone()))
        .unwrap_or_else(|| Field::TeamIdentity(name.to_owned()))
}

/// The problems of a team's values in single contexts (`context_configs.<ctx>`): a context the
/// team cannot use (the value would never be read), a bad namespace or identity, a release
/// that rejects them.
fn override_problems(
    setup: &Setup,
    name: &str,
    team: &Team,
    server_contexts: &Option<Vec<&str>>,
    error: &mut impl FnMut(Field, String),
) {
    let version = setup.skypilot_version;
    let usable = setup.team_contexts(team);
    for context in team.override_contexts() {
        let namespace = team
            .context_namespaces
            .get(context)
            .filter(|v| !v.is_empty());
        let identity = team
            .context_identities
            .get(context)
            .filter(|v| !v.is_empty());
        let field = match namespace {
            Some(_) => Field::TeamContextNamespace(name.to_owned(), context.to_owned()),
            None => Field::TeamContextIdentity(name.to_owned(), context.to_owned()),
        };
        if let Some(message) = context_name_problem(context) {
            error(field, message);
            continue;
        }
        if !usable.is_empty() && !usable.iter().any(|usable| usable == context) {
            error(
                field,
                format!(
                    "Team `{name}` cannot use context `{}`, so SkyPilot never reads its value \
                     there: add the context to the team's contexts, or clear the value.",
                    printable(context)
                ),
            );
            continue;
        }
        if let Some(known) = server_contexts {
            if known.binary_search(&context).is_err() {
                error(
                    field,
                    format!(
                        "The API server has no context `{}`: a team can use only the server's \
                         contexts.",
                        printable(context)
                    ),
                );
                continue;
            }
        }
        if let Some(namespace) = namespace {
            let field = Field::TeamContextNamespace(name.to_owned(), context.to_owned());
            let what = format!("Namespace of team `{name}` in `{}`", printable(context));
            if let Some(message) = namespace_problem(&what, namespace) {
                error(field, message);
            } else if !version.has(Change::WorkspaceIdentity) {
                error(
                    field,
                    missing(version, "clear it to use the team's namespace"),
                );
            }
        }
        if let Some(identity) = identity {
            let field = Field::TeamContextIdentity(name.to_owned(), context.to_owned());
            if let Some(message) = identity_problem(identity, version) {
                error(field, message);
            } else if !version.has(Change::WorkspaceIdentity) {
                error(
                    field,
                    missing(version, "clear it to use the team's identity"),
                );
            }
        }
    }
}

fn missing(version: crate::release::SkyPilotVersion, instead: &str) -> String {
    format!(
        "{}: older releases reject the whole config. Choose SkyPilot 0.13.0 or later, or \
         {instead}.",
        Change::WorkspaceIdentity.missing_in(version)
    )
}

/// A team's name: a label skyauth can put in object and file names, not SkyPilot's default
/// workspace (which is the `kubernetes:` section itself).
fn name_problem(name: &str) -> Option<String> {
    if name == DEFAULT_WORKSPACE {
        return Some(
            "`default` is SkyPilot's default workspace, whose settings are the `kubernetes:` \
             section itself: set them there, and give teams other names."
                .into(),
        );
    }
    if name.is_empty() {
        return Some("Team name is empty: enter a name such as `research`.".into());
    }
    if !is_rfc1123_label(name) || name.len() > MAX_TEAM_NAME_LEN {
        return Some(format!(
            "Team name `{}` cannot name its RBAC objects: use at most {MAX_TEAM_NAME_LEN} \
             lowercase letters, digits or '-', starting and ending with a letter or digit, e.g. \
             `research`.",
            printable(name)
        ));
    }
    None
}

/// The contexts an API server has (its `in-cluster` and the other clusters'), sorted, or
/// `None` on a laptop, where any context of the user's kubeconfig may be a team's.
fn server_contexts(setup: &Setup) -> Option<Vec<&str>> {
    if setup.deployment != Deployment::Helm {
        return None;
    }
    let server = &setup.server;
    let mut known = Vec::new();
    if server.in_cluster {
        known.push(crate::setup::IN_CLUSTER);
    }
    if server.other_clusters && setup.contexts.allowed == AllowedContexts::List {
        for name in &setup.contexts.names {
            crate::setup::teams::insert_sorted(&mut known, name);
        }
    }
    Some(known)
}
