//! Teams: SkyPilot workspaces (`workspaces.<ws>.kubernetes`, 0.13.0+ for a namespace and an
//! identity), each with the contexts it may use, a namespace and an identity. What a team
//! leaves empty it inherits from the `kubernetes:` section, as SkyPilot resolves it
//! (`sky/skypilot_config.py` `_get_effective_scoped_config_value` and
//! `get_effective_workspace_region_config`): workspace > `kubernetes.context_configs.<ctx>` >
//! `kubernetes`, and within a workspace its own `context_configs.<ctx>` first (the order
//! SkyPilot 0.14.1's `_get_effective_scoped_config_value` documents and runs: workspace
//! `context_configs.<ctx>` > workspace > `kubernetes.context_configs.<ctx>` > `kubernetes`); a
//! team's `allowed_contexts` replaces the section's list (`get_workspace_cloud`). [`Setup::team_targets`] is that resolution; [`Setup::team_setups`]
//! turns each target into the single-team setup the generator already knows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AllowedContexts, AuthMethod, CustomAccount, RemoteIdentity, Setup, SubjectKind};
use super::{Deployment, ServerIdentity, IN_CLUSTER};
use crate::catalogue::PermissionProfile;

mod list;

pub use list::Teams;

/// One team: a SkyPilot workspace's Kubernetes settings. Every field may be left empty to
/// inherit the `kubernetes:` section's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Team {
    /// `allowed_contexts`; empty: the `kubernetes:` section's.
    pub contexts: Vec<String>,
    /// `namespace`; empty: the section's (per context, then its default).
    pub namespace: String,
    /// `remote_identity`: a keyword or the name of the team's own service account; empty:
    /// the section's.
    pub identity: String,
    /// What the team's own service accounts may do, when `identity` or a context's identity
    /// names one.
    pub profile: PermissionProfile,
    /// `context_configs.<ctx>.namespace`: the team's namespace in one context (beats
    /// `namespace`); a context without an entry uses the team's.
    pub context_namespaces: BTreeMap<String, String>,
    /// `context_configs.<ctx>.remote_identity`: the team's identity in one context.
    pub context_identities: BTreeMap<String, String>,
    /// On a laptop: who launches for this team (its users' user or group, or a service
    /// account as `NAMESPACE/NAME`); empty: the setup's launcher. Not a config key: it only
    /// decides whom the team's RBAC binds. An API server launches as its own account.
    pub launcher_kind: SubjectKind,
    pub launcher_subject: String,
}

impl Default for Team {
    fn default() -> Self {
        Team {
            contexts: Vec::new(),
            namespace: String::new(),
            identity: String::new(),
            profile: PermissionProfile::NamespaceAdmin,
            context_namespaces: BTreeMap::new(),
            context_identities: BTreeMap::new(),
            launcher_kind: SubjectKind::User,
            launcher_subject: String::new(),
        }
    }
}

/// Adds `name` to the sorted `names` unless it is there (a few names: no sort's code on the
/// page for them).
pub(crate) fn insert_sorted<'a>(names: &mut Vec<&'a str>, name: &'a str) {
    if let Err(at) = names.binary_search(&name) {
        names.insert(at, name);
    }
}

impl Team {
    /// The contexts the team sets a namespace or an identity of its own in, each once, sorted.
    pub fn override_contexts(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = Vec::new();
        let values = self
            .context_namespaces
            .iter()
            .chain(&self.context_identities);
        for (context, value) in values {
            if !value.is_empty() {
                insert_sorted(&mut names, context);
            }
        }
        names.into_iter()
    }

    /// Whether the team itself names account `name` (as its identity, or a context's).
    pub fn names_account(&self, name: &str) -> bool {
        !name.is_empty()
            && std::iter::once(&self.identity)
                .chain(self.context_identities.values())
                .any(|identity| identity == name)
    }

    /// Whether any of the team's identities (its own or a context's) is a custom account's
    /// name: only then does its profile decide anything.
    pub fn has_own_account(&self, version: crate::release::SkyPilotVersion) -> bool {
        std::iter::once(&self.identity)
            .chain(self.context_identities.values())
            .filter(|identity| !identity.is_empty())
            .any(|identity| {
                matches!(
                    RemoteIdentity::read_for(identity, version),
                    RemoteIdentity::Custom(_)
                )
            })
    }
}

/// The contexts `team` may use, given the section's effective setup `base` (computed once by
/// callers that need it for more).
fn contexts_of(base: &Setup, team: &Team) -> Vec<String> {
    if !team.contexts.is_empty() {
        return team.contexts.clone();
    }
    match base.contexts.allowed {
        AllowedContexts::List => base.contexts.names.clone(),
        AllowedContexts::All | AllowedContexts::Current => Vec::new(),
    }
}

/// The name SkyPilot gives the workspace everyone is in unless they pick another: its
/// settings are the `kubernetes:` section itself.
pub const DEFAULT_WORKSPACE: &str = "default";

/// Where and as whom a team's pods run in some of its contexts, after inheritance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamTarget {
    /// The contexts this target is for (the team's, or the section's when it lists none;
    /// empty: the current context).
    pub contexts: Vec<String>,
    /// The identity its pods run with.
    pub identity: RemoteIdentity,
    /// The namespace they run in.
    pub namespace: String,
}

impl TeamTarget {
    /// Where a command about this target's pods runs: each of its contexts, the API server's
    /// `in-cluster` as the admin's current context (`""`), the current one when it names
    /// none; each once.
    pub fn command_contexts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for context in &self.contexts {
            let context = if context == IN_CLUSTER { "" } else { context };
            if !out.contains(&context) {
                out.push(context);
            }
        }
        if out.is_empty() {
            out.push("");
        }
        out
    }
}

impl Setup {
    /// Whether this setup has teams (a `workspaces:` section and RBAC per team).
    pub fn has_teams(&self) -> bool {
        !self.teams.is_empty()
    }

    /// The contexts `team` may use: its own list, else the section's (the current context
    /// when that lists none).
    pub fn team_contexts(&self, team: &Team) -> Vec<String> {
        if !team.contexts.is_empty() {
            return team.contexts.clone();
        }
        contexts_of(&super::effective_setup(self), team)
    }

    /// The contexts a team can have values of its own in: the contexts it may use, then any
    /// other it has a value in (one it can no longer use, from a link or a config), each once.
    pub fn team_value_contexts(&self, team: &Team) -> Vec<String> {
        let mut contexts = self.team_contexts(team);
        for context in team.override_contexts() {
            if !contexts.iter().any(|known| known == context) {
                contexts.push(context.to_owned());
            }
        }
        contexts
    }

    /// The team's identity and namespace per context, in SkyPilot's precedence, grouped:
    /// contexts that resolve alike share one target (most teams have one).
    pub fn team_targets(&self, team: &Team) -> Vec<TeamTarget> {
        let base = super::effective_setup(self);
        let own = |values: &'_ BTreeMap<String, String>, context: Option<&str>| {
            context
                .and_then(|context| values.get(context))
                .filter(|value| !value.is_empty())
                .cloned()
        };
        let identity_of = |context: Option<&str>| -> RemoteIdentity {
            if let Some(value) = own(&team.context_identities, context) {
                return RemoteIdentity::read_for(&value, self.skypilot_version);
            }
            if !team.identity.is_empty() {
                return RemoteIdentity::read_for(&team.identity, self.skypilot_version);
            }
            context
                .and_then(|context| base.contexts.identities.get(context))
                .filter(|_| base.contexts.per_context)
                .map(|value| RemoteIdentity::read_for(value, self.skypilot_version))
                .unwrap_or_else(|| base.remote_identity())
        };
        let namespace_of = |context: Option<&str>| -> String {
            if let Some(value) = own(&team.context_namespaces, context) {
                return value;
            }
            if !team.namespace.is_empty() {
                return team.namespace.clone();
            }
            context
                .and_then(|context| base.contexts.namespaces.get(context))
                .filter(|_| base.contexts.per_context)
                .cloned()
                .unwrap_or_else(|| base.launch_namespace().to_owned())
        };
        let mut contexts = contexts_of(&base, team);
        let mut targets: Vec<TeamTarget> = Vec::new();
        if contexts.is_empty() {
            targets.push(TeamTarget {
                contexts: Vec::new(),
                identity: identity_of(None),
                namespace: namespace_of(None),
            });
            // A team that may use any context still has its own values in the ones it names.
            contexts = team.override_contexts().map(str::to_owned).collect();
        }
        for context in contexts {
            let (identity, namespace) = (identity_of(Some(&context)), namespace_of(Some(&context)));
            match targets
                .iter_mut()
                .find(|target| target.identity == identity && target.namespace == namespace)
            {
                Some(target) => target.contexts.push(context),
                None => targets.push(TeamTarget {
                    contexts: vec![context],
                    identity,
                    namespace,
                }),
            }
        }
        targets
    }

    /// Whether "Settings per context" gives a context a namespace or an identity of its own.
    pub fn has_context_values(&self) -> bool {
        let contexts = &self.contexts;
        let set = |values: &BTreeMap<String, String>| values.values().any(|v| !v.is_empty());
        contexts.per_context && (set(&contexts.identities) || set(&contexts.namespaces))
    }

    /// On a laptop, the setups of the `kubernetes:` section's contexts with a namespace or an
    /// identity of their own: a custom account there, or the launcher's rights there in a
    /// keyword mode (when the launcher is known), built as a team's targets are. SkyPilot runs
    /// those contexts' pods there, as that identity, so the section's RBAC holds them too.
    pub fn context_setups(&self) -> Vec<Setup> {
        if self.deployment != Deployment::Cli || !self.has_context_values() {
            return Vec::new();
        }
        self.own_context_setups(self.launch_namespace(), &self.remote_identity(), false)
    }

    /// On the API-server journey, the setups of the other clusters' contexts whose own values
    /// differ from the kubeconfig secret's account (`account`, in its namespace): that
    /// context's account there, bound to the secret's account, which launches there, with
    /// that account's settings (they are in the same clusters).
    pub fn other_cluster_context_setups(&self) -> Vec<Setup> {
        let others = super::other_cluster_setup(self)
            .filter(|_| self.deployment == Deployment::Helm && self.has_context_values());
        let Some(others) = others else {
            return Vec::new();
        };
        let secret = RemoteIdentity::Custom(self.account.name.clone());
        let mut out = self.own_context_setups(&self.account.namespace, &secret, true);
        for setup in &mut out {
            setup.metrics = others.metrics.clone();
        }
        out
    }

    /// The setups of the section's targets other than (`namespace`, `identity`), in the other
    /// clusters' contexts only when `other_clusters`.
    fn own_context_setups(
        &self,
        namespace: &str,
        identity: &RemoteIdentity,
        other_clusters: bool,
    ) -> Vec<Setup> {
        let section = Team::default();
        let mut out = Vec::new();
        for mut target in self.team_targets(&section) {
            if other_clusters {
                target.contexts.retain(|context| context != IN_CLUSTER);
                if target.contexts.is_empty() {
                    continue;
                }
            }
            if target.namespace != namespace || target.identity != *identity {
                out.extend(self.target_setup(&section, &target));
            }
        }
        out
    }

    /// The single-team setups whose RBAC `team` needs, one per target that needs any: a
    /// custom account in its namespace (bound to the launcher too, when the launcher is
    /// known), or the launcher's RBAC in the team's namespace in a keyword mode. Each is a
    /// laptop-journey setup the generator builds as it always does.
    pub fn team_setups(&self, team: &Team) -> Vec<Setup> {
        self.team_targets(team)
            .into_iter()
            .filter_map(|target| self.target_setup(team, &target))
            .collect()
    }

    /// The single-team setup of one of `team`'s targets ([`Setup::team_setups`]); `None` for
    /// a keyword mode whose launcher is not known.
    pub fn target_setup(&self, team: &Team, target: &TeamTarget) -> Option<Setup> {
        let mut out = Setup {
            skypilot_version: self.skypilot_version,
            features: self.features,
            metrics: self.metrics.clone(),
            ports: self.ports,
            allow_kube_system: self.allow_kube_system,
            hardening: self.hardening.clone(),
            ..Setup::default()
        };
        let launcher = self.team_launcher(team, target);
        match &target.identity {
            RemoteIdentity::Custom(name) => {
                out.auth = AuthMethod::Custom;
                out.account = CustomAccount {
                    name: name.clone(),
                    namespace: target.namespace.clone(),
                    profile: self.team_profile(team, name),
                    token_secret: false,
                    ..self.account.clone()
                };
                if let Some((kind, subject)) = launcher {
                    out.launcher.enabled = true;
                    out.launcher.subject_kind = kind;
                    out.launcher.subject = subject;
                }
            }
            keyword => {
                let (kind, subject) = launcher?;
                out.auth = match keyword {
                    RemoteIdentity::LocalCredentials => AuthMethod::LocalCredentials,
                    RemoteIdentity::NoUpload => AuthMethod::NoUpload,
                    RemoteIdentity::NoToken => AuthMethod::NoToken,
                    _ => AuthMethod::ServiceAccount,
                };
                out.launcher.enabled = true;
                out.launcher.subject_kind = kind;
                out.launcher.subject = subject;
                out.launcher.namespace = target.namespace.clone();
            }
        }
        // A team whose pods run as the account the cloud identity is on writes that account
        // with its annotations too: applying the team's file must not take them away.
        out.cloud_identity = self.cloud_identity.clone();
        if out.cloud_identity_account().is_none()
            || out.cloud_identity_account() != self.cloud_identity_account()
        {
            out.cloud_identity = super::CloudIdentity::default();
        }
        Some(out)
    }

    /// What a team's account `name` may do: the team's profile for an account the team names
    /// (as its identity or a context's); an account it inherits is the section's, with the
    /// section's profile.
    pub fn team_profile(&self, team: &Team, name: &str) -> crate::catalogue::PermissionProfile {
        if team.names_account(name) {
            team.profile
        } else {
            self.account.profile
        }
    }

    /// Who launches the team's pods in `target`'s contexts, when skyauth knows: on a laptop
    /// the team's own launcher, else the setup's (when launcher RBAC is on); on an API server
    /// its own account in `in-cluster`, and the account of the kubeconfig secret elsewhere.
    pub fn team_launcher(&self, team: &Team, target: &TeamTarget) -> Option<(SubjectKind, String)> {
        match self.deployment {
            Deployment::Cli if !team.launcher_subject.is_empty() => {
                Some((team.launcher_kind, team.launcher_subject.clone()))
            }
            Deployment::Cli => (self.launcher.enabled)
                .then(|| (self.launcher.subject_kind, self.launcher.subject.clone())),
            Deployment::Helm => {
                let server = &self.server;
                let in_cluster = target.contexts.is_empty()
                    || target.contexts.iter().any(|context| context == IN_CLUSTER);
                let subject = if in_cluster || !server.other_clusters {
                    let account = match server.identity {
                        ServerIdentity::Existing => server.existing_account.clone(),
                        _ => server.service_account(),
                    };
                    format!("{}/{account}", server.namespace)
                } else {
                    format!("{}/{}", self.account.namespace, self.account.name)
                };
                Some((SubjectKind::ServiceAccount, subject))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_teams() -> Setup {
        let mut setup = Setup::default();
        setup.contexts.allowed = AllowedContexts::List;
        setup.contexts.names = vec!["gke-prod".into(), "eks-prod".into()];
        setup.teams.insert(
            "research".into(),
            Team {
                contexts: vec!["gke-prod".into()],
                namespace: "ml-research".into(),
                identity: "research-sa".into(),
                ..Team::default()
            },
        );
        setup.teams.insert(
            "prod".into(),
            Team {
                contexts: vec!["eks-prod".into()],
                namespace: "ml-prod".into(),
                identity: "SERVICE_ACCOUNT".into(),
                ..Team::default()
            },
        );
        setup
    }

    #[test]
    fn a_team_inherits_what_it_leaves_empty_in_skypilots_precedence() {
        let mut setup = two_teams();
        setup.contexts.per_context = true;
        setup
            .contexts
            .namespaces
            .insert("eks-prod".into(), "eks-ns".into());
        setup
            .contexts
            .identities
            .insert("eks-prod".into(), "eks-sa".into());
        setup.launcher.namespace = "base-ns".into();
        let team = Team::default();
        let targets = setup.team_targets(&team);
        assert_eq!(
            targets,
            vec![
                TeamTarget {
                    contexts: vec!["gke-prod".into()],
                    identity: RemoteIdentity::ServiceAccount,
                    namespace: "base-ns".into(),
                },
                TeamTarget {
                    contexts: vec!["eks-prod".into()],
                    identity: RemoteIdentity::Custom("eks-sa".into()),
                    namespace: "eks-ns".into(),
                },
            ]
        );
        // The team's own values beat the section's per-context ones.
        let team = Team {
            namespace: "mine".into(),
            identity: "NO_UPLOAD".into(),
            ..Team::default()
        };
        let targets = setup.team_targets(&team);
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].contexts, ["gke-prod", "eks-prod"]);
        assert_eq!(targets[0].identity, RemoteIdentity::NoUpload);
        assert_eq!(targets[0].namespace, "mine");
    }

    #[test]
    fn a_custom_team_gets_its_account_and_a_keyword_team_the_launchers_rbac() {
        let mut setup = two_teams();
        let research = &setup.teams["research"];
        let setups = setup.team_setups(research);
        assert_eq!(setups.len(), 1);
        assert_eq!(setups[0].auth, AuthMethod::Custom);
        assert_eq!(setups[0].account.name, "research-sa");
        assert_eq!(setups[0].account.namespace, "ml-research");
        assert!(!setups[0].launcher.enabled);
        // A keyword team needs the launcher's rights, which need a known launcher.
        assert!(setup.team_setups(&setup.teams["prod"]).is_empty());
        setup.launcher.enabled = true;
        setup.launcher.subject = "alice@example.com".into();
        let prod = setup.team_setups(&setup.teams["prod"]);
        assert_eq!(prod.len(), 1);
        assert!(prod[0].wants_launcher_rbac());
        assert_eq!(prod[0].launcher.namespace, "ml-prod");
    }

    #[test]
    fn on_an_api_server_the_launcher_is_the_servers_account_per_cluster() {
        let mut setup = two_teams();
        setup.deployment = Deployment::Helm;
        let target = |contexts: &[&str]| TeamTarget {
            contexts: contexts.iter().map(|c| c.to_string()).collect(),
            identity: RemoteIdentity::ServiceAccount,
            namespace: "ns".into(),
        };
        let server_account = Some((
            SubjectKind::ServiceAccount,
            "skypilot/skypilot-api-sa".into(),
        ));
        assert_eq!(
            setup.team_launcher(&Team::default(), &target(&["in-cluster"])),
            server_account
        );
        setup.server.other_clusters = true;
        assert_eq!(
            setup.team_launcher(&Team::default(), &target(&["eks-prod"])),
            Some((SubjectKind::ServiceAccount, "default/sky-sa".into()))
        );
        assert_eq!(
            setup.team_launcher(&Team::default(), &target(&["in-cluster"])),
            server_account
        );
        // A team's own launcher is the laptop's: a server launches as its own account.
        let team = Team {
            launcher_kind: SubjectKind::Group,
            launcher_subject: "prod-users".into(),
            ..Team::default()
        };
        assert_eq!(
            setup.team_launcher(&team, &target(&["in-cluster"])),
            server_account
        );
        setup.deployment = Deployment::Cli;
        assert_eq!(
            setup.team_launcher(&team, &target(&["eks-prod"])),
            Some((SubjectKind::Group, "prod-users".into()))
        );
    }
}
