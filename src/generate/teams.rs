//! The RBAC of each team (SkyPilot workspace): one file per team, named after it, a file of
//! the objects more than one of them needs, and one file with every team's objects and the
//! `kubernetes:` section's own. Each team's objects come from its single-team setups
//! ([`Setup::team_setups`]), built as any setup's are, with the launcher's objects named for
//! the team.
//!
//! An object two teams need (a namespace they share, an account, OpenShift's SCC roles) is in
//! neither team's file but in [`SHARED_FILE`]: `kubectl delete -f` of one team's file, when
//! the team leaves, must not delete what the others still use.

use super::manifest::render_with_header;
use super::merge::{key, merge, Key};
use super::rbac::{build_for_team, Entry};
use super::shell::quote;
use super::{NextStep, Object};
use crate::setup::{Setup, Team, TeamTarget};
use crate::yaml::node::NodeError;

/// One RBAC file of the teams' output.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamManifest {
    /// Whose objects the file holds.
    pub scope: TeamFileScope,
    /// The download's name: `team-NAME-rbac.yaml`, [`SHARED_FILE`] or [`ALL_TEAMS_FILE`].
    pub file: String,
    /// The objects, in apply order.
    pub objects: Vec<Object>,
    /// Their YAML stream, or `None` when there is nothing to apply.
    pub manifest: Option<String>,
    /// Why there is nothing to apply, when `manifest` is `None`.
    pub note: Option<String>,
    /// The contexts to apply it in (empty: the current context).
    pub contexts: Vec<String>,
}

/// Whose objects a [`TeamManifest`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamFileScope {
    /// The objects only this team needs.
    Team(String),
    /// The objects more than one needs: these teams (and `section`: the `kubernetes:`
    /// section's own objects among them).
    Shared { teams: Vec<String>, section: bool },
    /// Every team's objects and the section's.
    AllTeams,
}

impl TeamManifest {
    /// The team whose file this is, if it is one team's.
    pub fn team(&self) -> Option<&str> {
        match &self.scope {
            TeamFileScope::Team(name) => Some(name),
            TeamFileScope::Shared { .. } | TeamFileScope::AllTeams => None,
        }
    }

    /// The file's heading on the page.
    pub fn title(&self) -> String {
        match &self.scope {
            TeamFileScope::Team(name) => format!("RBAC for team {name}"),
            TeamFileScope::Shared { .. } => "RBAC the teams share".to_owned(),
            TeamFileScope::AllTeams => "RBAC for all teams".to_owned(),
        }
    }

    /// How to apply it, in a line.
    pub fn hint(&self) -> String {
        match &self.scope {
            TeamFileScope::Team(_) => format!(
                "Apply in each of the team's contexts: kubectl --context CONTEXT apply -f {}",
                self.file
            ),
            TeamFileScope::Shared { teams, .. } => format!(
                "What teams {} all need: apply it first, in each of their contexts; deleting \
                 one team's file leaves it.",
                teams.join(", ")
            ),
            TeamFileScope::AllTeams => format!(
                "Every team's objects and the section's own: kubectl apply -f {}",
                self.file
            ),
        }
    }
}

/// The file with every team's RBAC and the `kubernetes:` section's.
pub const ALL_TEAMS_FILE: &str = "all-teams-rbac.yaml";

/// The file of the objects more than one team needs (no team's file is named so: those start
/// with `team-`).
pub const SHARED_FILE: &str = "teams-shared-rbac.yaml";

/// The download name of `team`'s RBAC.
pub fn team_file(team: &str) -> String {
    format!("team-{team}-rbac.yaml")
}

/// The file of what teams share (when they share anything), every team's file, then the
/// file of them all (with `base`, the section's own objects); empty without teams.
pub fn team_manifests(setup: &Setup, base: &[Entry]) -> Result<Vec<TeamManifest>, NodeError> {
    if !setup.has_teams() {
        return Ok(Vec::new());
    }
    let teams: Vec<(&String, &Team, Vec<Entry>)> = setup
        .teams
        .iter()
        .map(|(name, team)| {
            let entries = merge(
                setup
                    .team_setups(team)
                    .iter()
                    .flat_map(|team_setup| build_for_team(team_setup, Some(name))),
            );
            (name, team, entries)
        })
        .collect();
    // Who needs each object: the section (its own file) and each team.
    let owners = |object: &Object| {
        let key = key(object);
        let in_base = base.iter().any(|entry| self::key(&entry.object) == key);
        let in_teams = teams
            .iter()
            .filter(|(_, _, entries)| entries.iter().any(|entry| self::key(&entry.object) == key))
            .count();
        usize::from(in_base) + in_teams
    };
    // A Vec, not a set: a handful of objects, and no new generic code on the page.
    let mut shared: Vec<Key> = Vec::new();
    for entry in teams.iter().flat_map(|(_, _, entries)| entries) {
        let key = key(&entry.object);
        if !shared.contains(&key) && owners(&entry.object) > 1 {
            shared.push(key);
        }
    }

    let mut files = Vec::new();
    let mut all: Vec<Entry> = base.to_vec();
    let mut sharing: Vec<String> = Vec::new();
    let mut shared_contexts: Vec<String> = Vec::new();
    let mut shared_entries: Vec<Entry> = Vec::new();
    for (name, team, entries) in teams {
        all.extend(entries.iter().cloned());
        let (common, own): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|entry| shared.contains(&key(&entry.object)));
        let contexts = setup.team_contexts(team);
        let shares = !common.is_empty();
        if shares {
            sharing.push(name.clone());
            for context in &contexts {
                if !shared_contexts.contains(context) {
                    shared_contexts.push(context.clone());
                }
            }
            shared_entries.extend(common);
        }
        let file = team_file(name);
        let where_ = where_text(&contexts);
        let mut header = format!(
            "# Generated by skyauth for SkyPilot on Kubernetes: team (workspace) `{name}`.\n\
             # Apply in each of its contexts ({where_}): kubectl --context CONTEXT apply -f {file}\n"
        );
        if shares {
            header.push_str(&format!(
                "# Apply {SHARED_FILE} first: it holds what this team shares with others.\n"
            ));
        }
        files.push(manifest_file(
            TeamFileScope::Team(name.clone()),
            file,
            &header,
            own,
            contexts,
            || {
                if shares {
                    format!(
                        "Nothing of team `{name}`'s own to apply: every object it needs is \
                         needed by another team or the `kubernetes:` section too, and is in \
                         {SHARED_FILE}."
                    )
                } else {
                    nothing_note(setup, name, team)
                }
            },
        )?);
    }
    if !shared.is_empty() {
        // The section's own version of what it shares comes first: what it binds or grants
        // stays bound and granted once its manifest leaves the object to this file.
        let section_shared: Vec<Entry> = base
            .iter()
            .filter(|entry| shared.contains(&key(&entry.object)))
            .cloned()
            .collect();
        let section = !section_shared.is_empty();
        if section {
            for context in setup.team_contexts(&Team::default()) {
                if !shared_contexts.contains(&context) {
                    shared_contexts.push(context);
                }
            }
        }
        let whose = if section {
            format!("teams {} and the `kubernetes:` section", sharing.join(", "))
        } else {
            format!("teams {}", sharing.join(", "))
        };
        let header = format!(
            "# Generated by skyauth for SkyPilot on Kubernetes: what more than one team needs \
             ({whose}).\n\
             # Apply before the teams' files, in each of their contexts ({}): kubectl --context \
             CONTEXT apply -f {SHARED_FILE}\n\
             # Deleting one team's file leaves these; delete them only when no team needs them.\n",
            where_text(&shared_contexts)
        );
        // First: it is applied before the teams' files.
        files.insert(
            0,
            manifest_file(
                TeamFileScope::Shared {
                    teams: sharing,
                    section,
                },
                SHARED_FILE.to_owned(),
                &header,
                merge(section_shared.into_iter().chain(shared_entries)),
                shared_contexts,
                String::new,
            )?,
        );
    }
    let header = format!(
        "# Generated by skyauth for SkyPilot on Kubernetes: every team's RBAC, and the \
         `kubernetes:` section's.\n# Apply with: kubectl apply -f {ALL_TEAMS_FILE}\n"
    );
    files.push(manifest_file(
        TeamFileScope::AllTeams,
        ALL_TEAMS_FILE.to_owned(),
        &header,
        merge(all),
        Vec::new(),
        || "Nothing to apply for any team.".to_owned(),
    )?);
    Ok(files)
}

/// Leaves to [`SHARED_FILE`] what the `kubernetes:` section shares with the teams: the
/// section's own manifest keeps only what no team needs, so `kubectl delete -f` of it (the
/// section's setup retired) deletes nothing a team uses, such as a namespace a team launches
/// in. Its header says to apply the shared file first ([`super::Output::steps`] puts that step
/// first); when everything it needs is shared it has nothing of its own to apply. `base` is
/// the section's RBAC entries.
pub(super) fn leave_shared_to_the_teams(
    output: &mut super::Output,
    base: &[Entry],
) -> Result<(), NodeError> {
    let Some(shared) = output.section_shared_file() else {
        return Ok(());
    };
    let shared: Vec<Key> = shared.objects.iter().map(key).collect();
    let own: Vec<Key> = output.objects.iter().map(key).collect();
    let kept: Vec<Entry> = base
        .iter()
        .filter(|entry| {
            let key = key(&entry.object);
            own.contains(&key) && !shared.contains(&key)
        })
        .cloned()
        .collect();
    output.objects = kept.iter().map(|entry| entry.object.clone()).collect();
    if kept.is_empty() {
        output.manifest = None;
        output.manifest_note = Some(format!(
            "Nothing of the `kubernetes:` section's own to apply: every object it needs is \
             needed by a team too, and is in {SHARED_FILE}."
        ));
    } else {
        let header = format!(
            "{}# Apply {SHARED_FILE} first: it holds what this section shares with the teams.\n",
            super::manifest::header(&output.manifest_file)
        );
        output.manifest = Some(render_with_header(&header, &kept)?);
    }
    Ok(())
}

/// Contexts as a header names them.
fn where_text(contexts: &[String]) -> String {
    if contexts.is_empty() {
        "the current context".to_owned()
    } else {
        contexts.join(", ")
    }
}

fn manifest_file(
    scope: TeamFileScope,
    file: String,
    header: &str,
    entries: Vec<Entry>,
    contexts: Vec<String>,
    note: impl FnOnce() -> String,
) -> Result<TeamManifest, NodeError> {
    let manifest = if entries.is_empty() {
        None
    } else {
        Some(render_with_header(header, &entries)?)
    };
    Ok(TeamManifest {
        scope,
        file,
        objects: entries.into_iter().map(|entry| entry.object).collect(),
        note: manifest.is_none().then(note),
        manifest,
        contexts,
    })
}

/// Why a team has no RBAC: its pods run as SkyPilot's account, which SkyPilot creates with
/// the launcher's rights, and skyauth does not know the launcher.
fn nothing_note(setup: &Setup, name: &str, team: &Team) -> String {
    let identities: Vec<String> = setup
        .team_targets(team)
        .iter()
        .map(|target| target.identity.as_config_value().to_owned())
        .collect();
    format!(
        "Nothing to apply for team `{name}`: with {}, SkyPilot creates skypilot-service-account \
         and its roles in the team's namespace with the launcher's rights. Turn on launcher \
         RBAC (or give the team its own launcher) to generate them for the team's namespace.",
        identities.join(", ")
    )
}

/// What to run for the teams (`files` in apply order, as [`team_manifests`] gives them):
/// apply what they share, then each team's file, in each of its contexts, then check one team (a plain `sky check` checks every workspace, and a team's
/// identity is refused in the others' namespaces by design).
pub fn team_steps(setup: &Setup, files: &[TeamManifest]) -> Vec<NextStep> {
    let mut steps = Vec::new();
    for file in files {
        if file.manifest.is_none() {
            continue;
        }
        let text = match &file.scope {
            TeamFileScope::Team(name) => {
                format!("Apply team `{name}`'s RBAC in each of its contexts (as a cluster admin).")
            }
            TeamFileScope::Shared { .. } => format!(
                "First apply what the teams share, {SHARED_FILE}, in each of their contexts (as \
                 a cluster admin). Removing a team later is `kubectl delete -f` of its own file: \
                 this one stays."
            ),
            TeamFileScope::AllTeams => continue,
        };
        steps.push(NextStep {
            text,
            command: Some(super::next_steps::apply_command(&file.contexts, &file.file)),
        });
    }
    steps.extend(team_hardening(setup, files));
    if let Some(name) = setup.teams.keys().next() {
        steps.push(NextStep {
            text: "A team's users launch with `sky launch --workspace NAME` (or \
                   `active_workspace: NAME` in their config). Check one team's access: a plain \
                   `sky check` checks every workspace, and a team is refused in the other teams' \
                   namespaces by design."
                .to_owned(),
            command: Some(format!("sky check kubernetes --workspace {}", quote(name))),
        });
    }
    steps
}

/// The hardening steps of the namespaces the teams' pods run in that the section's steps do
/// not cover (they cover the section's own, when it generates RBAC), then the one check of
/// the levels every namespace enforces, the section's too.
fn team_hardening(setup: &Setup, files: &[TeamManifest]) -> Vec<NextStep> {
    if !setup.hardening.pod_security_labels && !setup.hardening.openshift {
        return Vec::new();
    }
    let covered = if crate::setup::effective_setup(setup).generates_rbac() {
        setup.team_targets(&Team::default())
    } else {
        Vec::new()
    };
    let targets: Vec<TeamTarget> = setup
        .teams
        .iter()
        .flat_map(|(_, team)| setup.team_targets(team))
        .collect();
    let created = super::hardening_steps::namespace_names(
        files
            .iter()
            .filter(|file| file.scope == TeamFileScope::AllTeams)
            .flat_map(|file| &file.objects),
    );
    let scope = super::hardening_steps::HardeningScope {
        targets: &targets,
        created: &created,
        done: &covered,
        check_levels: true,
    };
    super::hardening_steps::hardening_steps(setup, &scope)
}
