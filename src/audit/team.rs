//! One team (a SkyPilot workspace) of an existing config, as the audit and the check script
//! see it (`skyauth audit|verify --workspace NAME --config FILE`): the config's settings read
//! back into a setup ([`setup_from_settings`]), the team's identity and namespace resolved in
//! SkyPilot's precedence ([`Setup::team_targets`]), and the single-team setup of that target
//! ([`Setup::target_setup`]) handed to [`AuditRequest::for_setup`] and
//! [`VerifyRequest::for_setup`], so the subject is decided once: the team's own service
//! account in its namespace, or in a keyword mode the launcher the caller names, who then also
//! needs `managed-account`. A team whose contexts resolve to different identities or
//! namespaces is not audited at once: the caller picks one by its namespace.

use std::fmt;

use serde_yaml::Mapping;

use super::verify_script::{Identity, VerifyPlan, VerifyRequest};
use super::{Audit, AuditRequest, Subject};
use crate::catalogue::Feature;
use crate::generate::shell::quote;
use crate::generate::teams::{team_file, SHARED_FILE};
use crate::release::SkyPilotVersion;
use crate::setup::{
    setup_from_settings, RemoteIdentity, Setup, SubjectKind, Team, TeamTarget, DEFAULT_WORKSPACE,
};

/// What the team is resolved for: an audit of an export, which names every subject, or the
/// check script, which can also run as the kubeconfig's own identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Audit,
    Verify,
}

/// What the caller asks for: which team, who launches, and what to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamChoice {
    pub purpose: Purpose,
    /// The workspace's name (`default`: the `kubernetes:` section itself, unless the config
    /// names a team so).
    pub workspace: String,
    /// Who launches the team's pods, when the caller names them: needed in a keyword mode,
    /// where SkyPilot creates the pods' account with the launcher's rights (unused when the
    /// team runs as its own account). [`Identity::Me`] only for [`Purpose::Verify`].
    pub launcher: Option<Identity>,
    /// The namespace of the target to check, for a team that launches in several.
    pub namespace: Option<String>,
    /// The optional features to check besides core (and `managed-account` in a keyword
    /// mode); the others of the list are checked anyway.
    pub features: Vec<Feature>,
    /// Where SkyPilot's Prometheus runs (`gpu-metrics`).
    pub metrics_namespace: String,
    pub skypilot_version: SkyPilotVersion,
}

/// Why a team cannot be checked as asked; each message says what to pass instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamError {
    /// The config's settings cannot be read as a setup (a value of the wrong type).
    Config(String),
    /// The config has no `workspaces:` section.
    NoTeams,
    /// The config has no team of that name.
    UnknownTeam { name: String, teams: Vec<String> },
    /// A keyword mode, and no launcher named (for the audit: none by name).
    NeedsLauncher {
        team: String,
        identity: String,
        namespace: String,
        purpose: Purpose,
    },
    /// The team's contexts resolve to several identities or namespaces, and none was picked.
    SeveralTargets {
        team: String,
        targets: Vec<TeamTarget>,
    },
    /// `--context` names a context the team does not launch in.
    NotTheTeamsContext {
        team: String,
        context: String,
        contexts: Vec<String>,
    },
    /// `--namespace` names none of the team's namespaces.
    NotTheTeamsNamespace {
        team: String,
        namespace: String,
        targets: Vec<TeamTarget>,
    },
    /// `--namespace` names none of the namespaces the section launches in.
    NotTheSectionsNamespace {
        namespace: String,
        namespaces: Vec<String>,
    },
    /// Several targets share the namespace picked, with different identities.
    SeveralInNamespace {
        team: String,
        namespace: String,
        targets: Vec<TeamTarget>,
    },
}

impl fmt::Display for TeamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamError::Config(message) => write!(f, "--config: {message}"),
            TeamError::NoTeams => f.write_str(
                "--workspace: the config has no `workspaces:` teams; audit its `kubernetes:` \
                 section with --service-account, --user or --group instead, without --workspace",
            ),
            TeamError::UnknownTeam { name, teams } => write!(
                f,
                "--workspace: the config has no team `{name}`; its teams: {}",
                teams.join(", ")
            ),
            TeamError::NeedsLauncher {
                team,
                identity,
                namespace,
                purpose,
            } => {
                let me = match purpose {
                    Purpose::Verify => ", or --as-me for the identity of your kubeconfig",
                    Purpose::Audit => "",
                };
                write!(
                    f,
                    "{}: {} uses remote_identity {identity}, so SkyPilot \
                     creates its pods' account in {namespace} with the launcher's rights on \
                     every launch, and the launcher is what is checked: name it with --user \
                     NAME, --group NAME or --service-account NS/NAME (an API server's own \
                     account){me}",
                    team_flag(team),
                    team_name(team)
                )
            }
            TeamError::SeveralTargets { team, targets } => write!(
                f,
                "{}: {} launches differently per context ({}); RBAC is \
                 per cluster, so check one: pass --namespace with one of {}",
                team_flag(team),
                team_name(team),
                describe_targets(targets),
                namespaces(targets)
            ),
            TeamError::NotTheTeamsContext {
                team,
                context,
                contexts,
            } => write!(
                f,
                "--context: {} does not launch in context {context}; drop \
                 --context, or pass some of {}",
                team_name(team),
                contexts.join(", ")
            ),
            TeamError::NotTheTeamsNamespace {
                team,
                namespace,
                targets,
            } => write!(
                f,
                "--namespace: {} does not launch in {namespace} ({}); drop \
                 --namespace, or pass one of {}",
                team_name(team),
                describe_targets(targets),
                namespaces(targets)
            ),
            TeamError::NotTheSectionsNamespace {
                namespace,
                namespaces,
            } => write!(
                f,
                "--namespace: the `kubernetes:` section does not launch in {namespace}; drop \
                 --namespace, or pass one of {}",
                namespaces.join(", ")
            ),
            TeamError::SeveralInNamespace {
                team,
                namespace,
                targets,
            } => write!(
                f,
                "--namespace: {} launches in {namespace} as several identities \
                 ({}); check each without --workspace, naming it with --service-account, \
                 --user or --group and --namespace {namespace}",
                team_name(team),
                describe_targets(targets)
            ),
        }
    }
}

impl std::error::Error for TeamError {}

/// How a message names the team: `team `research``, or for SkyPilot's default workspace the
/// `kubernetes:` section it stands for.
fn team_name(team: &str) -> String {
    if team == DEFAULT_WORKSPACE {
        "the `kubernetes:` section".to_owned()
    } else {
        format!("team `{team}`")
    }
}

/// The flag that picked the team: --workspace, or --config alone for the section.
fn team_flag(team: &str) -> &'static str {
    if team == DEFAULT_WORKSPACE {
        "--config"
    } else {
        "--workspace"
    }
}

/// `gke-prod: research-sa in ml-research; eks-prod: SERVICE_ACCOUNT in ml-prod`.
fn describe_targets(targets: &[TeamTarget]) -> String {
    let parts: Vec<String> = targets
        .iter()
        .map(|target| {
            format!(
                "{}: {} in {}",
                contexts_text(&target.contexts),
                target.identity.as_config_value(),
                target.namespace
            )
        })
        .collect();
    parts.join("; ")
}

/// The targets' namespaces, each once: `ml-research, ml-prod`.
fn namespaces(targets: &[TeamTarget]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for target in targets {
        if !out.contains(&target.namespace.as_str()) {
            out.push(&target.namespace);
        }
    }
    out.join(", ")
}

fn contexts_text(contexts: &[String]) -> String {
    if contexts.is_empty() {
        "the current context".to_owned()
    } else {
        contexts.join(", ")
    }
}

/// One team's target, ready to audit or check.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamRequest {
    /// The workspace's name.
    pub workspace: String,
    /// Where and as whom its pods run.
    pub target: TeamTarget,
    /// The single-team setup of that target: what the team's generated RBAC is for.
    pub setup: Setup,
}

impl TeamRequest {
    /// The team `choice` names in the config `settings`, resolved to one target.
    pub fn resolve(settings: &Mapping, choice: &TeamChoice) -> Result<TeamRequest, TeamError> {
        let (setup, team) = team_setup(settings, choice)?;
        let target = pick_target(&choice.workspace, setup.team_targets(&team), choice)?;
        TeamRequest::for_target(&setup, &team, target, choice)
    }

    /// Each target of the team `choice` names (the one in `choice.namespace`, when given),
    /// in the order SkyPilot's precedence finds them: what the check script runs, a context
    /// at a time.
    pub fn resolve_each(
        settings: &Mapping,
        choice: &TeamChoice,
    ) -> Result<Vec<TeamRequest>, TeamError> {
        let (setup, team) = team_setup(settings, choice)?;
        let targets = setup.team_targets(&team);
        let targets = match &choice.namespace {
            None => targets,
            Some(namespace) => {
                let matching: Vec<TeamTarget> = targets
                    .iter()
                    .filter(|target| &target.namespace == namespace)
                    .cloned()
                    .collect();
                if matching.is_empty() {
                    return Err(TeamError::NotTheTeamsNamespace {
                        team: choice.workspace.clone(),
                        namespace: namespace.clone(),
                        targets,
                    });
                }
                matching
            }
        };
        targets
            .into_iter()
            .map(|target| TeamRequest::for_target(&setup, &team, target, choice))
            .collect()
    }

    /// The request of one of `team`'s targets.
    fn for_target(
        setup: &Setup,
        team: &Team,
        target: TeamTarget,
        choice: &TeamChoice,
    ) -> Result<TeamRequest, TeamError> {
        let Some(team_setup) = setup.target_setup(team, &target) else {
            return Err(TeamError::NeedsLauncher {
                team: choice.workspace.clone(),
                identity: target.identity.as_config_value().to_owned(),
                namespace: target.namespace.clone(),
                purpose: choice.purpose,
            });
        };
        Ok(TeamRequest {
            workspace: choice.workspace.clone(),
            target,
            setup: team_setup,
        })
    }

    /// The team's own service account, when its pods run as one.
    pub fn own_account(&self) -> Option<Subject> {
        match &self.target.identity {
            RemoteIdentity::Custom(name) => Some(Subject::ServiceAccount {
                namespace: self.target.namespace.clone(),
                name: name.clone(),
            }),
            _ => None,
        }
    }

    /// The audit of this target: the team's account, or the launcher with `managed-account`.
    pub fn audit_request(&self) -> AuditRequest {
        AuditRequest::for_setup(&self.setup)
    }

    /// The check script's request for this target (a nameless launcher: the kubeconfig's own
    /// identity).
    pub fn verify_request(&self) -> VerifyRequest {
        VerifyRequest {
            about: Some(self.heading()),
            ..VerifyRequest::for_setup(&self.setup)
        }
    }

    /// What is checked and why, as one sentence for the top of the report: `Team `research`
    /// (workspaces.research), context gke-prod: its pods run as its own service account
    /// research-sa in ml-research.`
    pub fn heading(&self) -> String {
        let contexts = match self.target.contexts.as_slice() {
            [] => "the current context".to_owned(),
            [context] => format!("context {context}"),
            contexts => format!("contexts {}", contexts.join(", ")),
        };
        let team = if self.workspace == DEFAULT_WORKSPACE {
            format!("The `kubernetes:` section (SkyPilot's default workspace), {contexts}")
        } else {
            format!(
                "Team `{}` (workspaces.{}), {contexts}",
                self.workspace, self.workspace
            )
        };
        match &self.target.identity {
            RemoteIdentity::Custom(name) => format!(
                "{team}: its pods run as its own service account {name} in {}.",
                self.target.namespace
            ),
            keyword => format!(
                "{team}: remote_identity {}, so SkyPilot creates its pods' account in {} with \
                 the launcher's rights on every launch; the launcher is checked, with \
                 managed-account.",
                keyword.as_config_value(),
                self.target.namespace
            ),
        }
    }

    /// When no binding of the audited export names the team's own account: that no RBAC
    /// was made for it, and how to make it from `config` (the config's file, as the user
    /// named it).
    pub fn missing_rbac(&self, audit: &Audit, config: &str) -> Option<String> {
        let RemoteIdentity::Custom(name) = &self.target.identity else {
            return None;
        };
        if self.own_account().as_ref() != Some(&audit.subject) || audit.subject_bindings() > 0 {
            return None;
        }
        Some(format!(
            "no RBAC was made for {name} in {}: generate it with `skyauth rbac \
             --workspace-config {}` (with --out-dir DIR it also writes {}, and {SHARED_FILE} \
             when teams share objects: audit the two together), and apply it in {}.",
            self.target.namespace,
            quote(config),
            team_file(&self.workspace),
            contexts_text(&self.target.contexts)
        ))
    }
}

/// The check script's plan for a team's targets (`requests`, from
/// [`TeamRequest::resolve_each`]): each target in each of its contexts. `only`, when given,
/// keeps those contexts; a target for the current context (or any other, with
/// `allowed_contexts: all`) runs in those of them no other target claims.
pub fn team_verify_plan(
    requests: &[TeamRequest],
    only: &[String],
) -> Result<VerifyPlan, TeamError> {
    let mut plan = VerifyPlan { runs: Vec::new() };
    let wanted = |context: &String| only.is_empty() || only.contains(context);
    for request in requests {
        for context in request
            .target
            .contexts
            .iter()
            .filter(|context| wanted(context))
        {
            plan.push(Some(context.clone()), request.verify_request());
        }
    }
    let claimed: Vec<String> = plan.contexts().into_iter().map(str::to_owned).collect();
    let elsewhere = requests
        .iter()
        .find(|request| request.target.contexts.is_empty());
    for context in only.iter().filter(|context| !claimed.contains(context)) {
        match elsewhere {
            // The current context's values, checked in the context named: the heading says so.
            Some(request) => {
                let mut named = request.clone();
                named.target.contexts = vec![context.clone()];
                plan.push(Some(context.clone()), named.verify_request());
            }
            None => {
                let mut contexts: Vec<String> = Vec::new();
                for request in requests {
                    contexts.extend(request.target.contexts.iter().cloned());
                }
                return Err(TeamError::NotTheTeamsContext {
                    team: requests
                        .first()
                        .map(|request| request.workspace.clone())
                        .unwrap_or_default(),
                    context: context.clone(),
                    contexts,
                });
            }
        }
    }
    if let (Some(request), true) = (elsewhere, only.is_empty()) {
        plan.push(None, request.verify_request());
    }
    Ok(plan)
}

/// The check script's plan for a config's `kubernetes:` section (`verify --config` without
/// --workspace): the config read back into a setup, checked as the page checks it
/// ([`VerifyPlan::for_setup`]: each listed context as SkyPilot resolves it), keeping the
/// contexts `only` names and the runs in `choice.namespace`, when given.
pub fn section_verify_plan(
    settings: &Mapping,
    choice: &TeamChoice,
    only: &[String],
) -> Result<VerifyPlan, TeamError> {
    let choice = TeamChoice {
        workspace: DEFAULT_WORKSPACE.to_owned(),
        ..choice.clone()
    };
    let (setup, _) = team_setup(settings, &choice)?;
    let mut plan = VerifyPlan::for_setup(&setup);
    if !only.is_empty() {
        let listed: Vec<String> = plan.contexts().into_iter().map(str::to_owned).collect();
        if listed.is_empty() {
            plan = VerifyPlan::in_contexts(plan.runs.remove(0).request, only);
        } else if let Some(context) = only.iter().find(|context| !listed.contains(context)) {
            return Err(TeamError::NotTheTeamsContext {
                team: DEFAULT_WORKSPACE.to_owned(),
                context: context.clone(),
                contexts: listed,
            });
        } else {
            plan.runs
                .retain(|run| run.context.as_ref().is_some_and(|c| only.contains(c)));
        }
    }
    if let Some(namespace) = &choice.namespace {
        let namespaces: Vec<String> = plan
            .runs
            .iter()
            .map(|run| run.request.namespaces.launch.clone())
            .collect();
        plan.runs
            .retain(|run| &run.request.namespaces.launch == namespace);
        if plan.runs.is_empty() {
            let mut known: Vec<String> = Vec::new();
            for namespace in namespaces {
                if !known.contains(&namespace) {
                    known.push(namespace);
                }
            }
            return Err(TeamError::NotTheSectionsNamespace {
                namespace: namespace.clone(),
                namespaces: known,
            });
        }
    }
    Ok(plan)
}

/// The config's settings read back into a setup, with what `choice` adds (the features, the
/// metrics namespace, the launcher), and the team `choice` names.
fn team_setup(settings: &Mapping, choice: &TeamChoice) -> Result<(Setup, Team), TeamError> {
    let mut setup =
        setup_from_settings(settings, choice.skypilot_version).map_err(TeamError::Config)?;
    let name = choice.workspace.as_str();
    let team = match setup.teams.get(name) {
        Some(team) => team.clone(),
        // SkyPilot's default workspace is the `kubernetes:` section itself.
        None if name == DEFAULT_WORKSPACE => Team::default(),
        None if setup.teams.is_empty() => return Err(TeamError::NoTeams),
        None => {
            return Err(TeamError::UnknownTeam {
                name: name.to_owned(),
                teams: setup.teams.keys().cloned().collect(),
            })
        }
    };
    setup.features = choice
        .features
        .iter()
        .copied()
        .filter(|feature| feature.is_optional())
        .collect();
    setup.metrics.prometheus.namespace = choice.metrics_namespace.clone();
    let launcher = match (&choice.launcher, choice.purpose) {
        (Some(Identity::Me), Purpose::Audit) => None,
        (launcher, _) => launcher.as_ref(),
    };
    if let Some(identity) = launcher {
        let (kind, subject) = launcher_fields(identity);
        setup.launcher.enabled = true;
        setup.launcher.subject_kind = kind;
        setup.launcher.subject = subject;
    }
    Ok((setup, team))
}

/// The launcher fields of a setup for `identity`; the kubeconfig's own identity is a
/// launcher without a name.
fn launcher_fields(identity: &Identity) -> (SubjectKind, String) {
    match identity {
        Identity::Me => (SubjectKind::User, String::new()),
        Identity::Subject(Subject::User(name)) => (SubjectKind::User, name.clone()),
        Identity::Subject(Subject::Group(name)) => (SubjectKind::Group, name.clone()),
        Identity::Subject(subject @ Subject::ServiceAccount { .. }) => {
            (SubjectKind::ServiceAccount, subject.to_field_text())
        }
    }
}

/// The one target to check: the only one, or the one in `choice.namespace`.
fn pick_target(
    team: &str,
    targets: Vec<TeamTarget>,
    choice: &TeamChoice,
) -> Result<TeamTarget, TeamError> {
    let Some(namespace) = &choice.namespace else {
        return match <[TeamTarget; 1]>::try_from(targets) {
            Ok([target]) => Ok(target),
            Err(targets) => Err(TeamError::SeveralTargets {
                team: team.to_owned(),
                targets,
            }),
        };
    };
    let mut matching: Vec<TeamTarget> = targets
        .iter()
        .filter(|target| &target.namespace == namespace)
        .cloned()
        .collect();
    match matching.len() {
        1 => Ok(matching.remove(0)),
        0 => Err(TeamError::NotTheTeamsNamespace {
            team: team.to_owned(),
            namespace: namespace.clone(),
            targets,
        }),
        _ => Err(TeamError::SeveralInNamespace {
            team: team.to_owned(),
            namespace: namespace.clone(),
            targets: matching,
        }),
    }
}

#[cfg(test)]
mod tests;
