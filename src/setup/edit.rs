//! Edits: the single changes a user makes to a setup (one per wizard control), applied in one
//! place so the page's reducer and the tests share the same logic.

use crate::release::SkyPilotVersion;
use std::collections::BTreeMap;

use crate::setup::{Deployment, ServerIdentity};

use super::{
    AllowedContexts, AuthMethod, Feature, Field, PermissionProfile, PortsSetting, RemoteIdentity,
    Setup, SubjectKind,
};

/// An extra object for the custom account: not a permission group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    /// A Namespace object for the account's namespace.
    CreateNamespace,
    /// A long-lived token Secret.
    TokenSecret,
}

impl Extra {
    /// Both extras, in the order the wizard shows them.
    pub const ALL: [Extra; 2] = [Extra::CreateNamespace, Extra::TokenSecret];
}

/// One change to the API server's Helm deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerEdit {
    Release(String),
    Namespace(String),
    Identity(ServerIdentity),
    ExistingAccount(String),
    ObjectStore(bool),
    InCluster(bool),
    OtherClusters(bool),
    SecretName(String),
}

/// One change to a setup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupEdit {
    /// The SkyPilot release the outputs are for.
    SkyPilotVersion(SkyPilotVersion),
    /// Where SkyPilot runs.
    Deployment(Deployment),
    /// The Helm deployment.
    Server(ServerEdit),
    Auth(AuthMethod),
    Namespace(String),
    AccountName(String),
    Profile(PermissionProfile),
    /// Turn an optional permission group on or off.
    Feature(Feature, bool),
    Extra(Extra, bool),
    LauncherEnabled(bool),
    LauncherKind(SubjectKind),
    LauncherSubject(String),
    LauncherNamespace(String),
    AllowedContexts(AllowedContexts),
    /// The allowed context names (already split, blanks dropped).
    ContextNames(Vec<String>),
    PerContext(bool),
    /// A context's own `remote_identity`; empty removes it (the default applies).
    ContextIdentity {
        context: String,
        value: String,
    },
    /// A context's own namespace; empty removes it (the default applies).
    ContextNamespace {
        context: String,
        value: String,
    },
    Ports(PortsSetting),
    /// `metrics.prometheus.namespace`: where the GPU-metrics permissions go.
    MetricsNamespace(String),
    /// Grant the Secrets of SkyPilot's documented minimum (Minimum profile).
    DocsSecrets(bool),
    /// Generate RBAC in `kube-system` anyway.
    AllowKubeSystem(bool),
    /// Label the created namespaces with the Pod Security level SkyPilot's pods need.
    PodSecurityLabels(bool),
    /// Bind the pods' accounts to the OpenShift SCCs their pods need.
    OpenShift(bool),
    /// Use a remote identity, e.g. the doctor's recommendation.
    UseIdentity(RemoteIdentity),
    /// One change to the teams (SkyPilot workspaces).
    Team(TeamEdit),
    /// The pods' cloud identity provider.
    CloudProvider(super::CloudProvider),
    /// One of the cloud identity's values (not [`super::CloudField::Provider`]).
    CloudValue(super::CloudField, String),
}

/// One change to the teams.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamEdit {
    /// Add a team with every setting inherited, named `team-N` (the first free N).
    Add,
    Remove(String),
    /// Rename a team; a name another team has is refused (nothing changes).
    Rename {
        from: String,
        to: String,
    },
    /// A team's contexts (already split, blanks dropped); empty inherits the section's.
    Contexts {
        team: String,
        contexts: Vec<String>,
    },
    /// A team's namespace; empty inherits.
    Namespace {
        team: String,
        value: String,
    },
    /// A team's `remote_identity`; empty inherits.
    Identity {
        team: String,
        value: String,
    },
    /// A team's namespace in one of its contexts; empty: the team's.
    ContextNamespace {
        team: String,
        context: String,
        value: String,
    },
    /// A team's `remote_identity` in one of its contexts; empty: the team's.
    ContextIdentity {
        team: String,
        context: String,
        value: String,
    },
    /// What a team's own account may do.
    Profile {
        team: String,
        profile: PermissionProfile,
    },
    /// Who launches for a team on a laptop (a user, a group or `NAMESPACE/NAME`); an empty
    /// subject: the setup's launcher.
    Launcher {
        team: String,
        kind: SubjectKind,
        subject: String,
    },
}

impl SetupEdit {
    /// True for edits made by typing, which should not each add a browser history entry.
    pub fn is_typing(&self) -> bool {
        matches!(
            self,
            SetupEdit::Namespace(_)
                | SetupEdit::AccountName(_)
                | SetupEdit::ContextNamespace { .. }
                | SetupEdit::LauncherSubject(_)
                | SetupEdit::LauncherNamespace(_)
                | SetupEdit::ContextNames(_)
                | SetupEdit::MetricsNamespace(_)
                | SetupEdit::CloudValue(..)
                | SetupEdit::Team(
                    TeamEdit::Contexts { .. }
                        | TeamEdit::Namespace { .. }
                        | TeamEdit::Identity { .. }
                        | TeamEdit::ContextNamespace { .. }
                        | TeamEdit::ContextIdentity { .. }
                        | TeamEdit::Launcher { .. }
                )
                | SetupEdit::Server(
                    ServerEdit::Release(_)
                        | ServerEdit::Namespace(_)
                        | ServerEdit::ExistingAccount(_)
                        | ServerEdit::SecretName(_)
                )
        )
    }
}

impl SetupEdit {
    /// The field whose value this edit sets, if it sets one that can be invalid (the edit
    /// touches it: its errors show from then on).
    pub fn field(&self) -> Option<Field> {
        Some(match self {
            SetupEdit::Namespace(_) => Field::Namespace,
            SetupEdit::AccountName(_) => Field::ServiceAccount,
            SetupEdit::LauncherSubject(_) => Field::LauncherSubject,
            SetupEdit::LauncherNamespace(_) => Field::LauncherNamespace,
            SetupEdit::ContextNames(_) => Field::AllowedContext(0),
            SetupEdit::ContextIdentity { context, .. } => Field::ContextIdentity(context.clone()),
            SetupEdit::ContextNamespace { context, .. } => Field::ContextNamespace(context.clone()),
            SetupEdit::Ports(_) => Field::Ports,
            SetupEdit::MetricsNamespace(_) => Field::MetricsNamespace,
            SetupEdit::SkyPilotVersion(_) => Field::SkyPilotVersion,
            SetupEdit::CloudValue(field, _) => Field::Cloud(*field),
            SetupEdit::CloudProvider(_) => Field::Cloud(super::CloudField::Provider),
            SetupEdit::Server(ServerEdit::Release(_)) => Field::HelmRelease,
            SetupEdit::Server(ServerEdit::Namespace(_)) => Field::HelmNamespace,
            SetupEdit::Server(ServerEdit::ExistingAccount(_)) => Field::HelmServiceAccount,
            SetupEdit::Server(ServerEdit::SecretName(_)) => Field::HelmSecret,
            SetupEdit::Team(TeamEdit::Rename { to, .. }) => Field::TeamName(to.clone()),
            SetupEdit::Team(TeamEdit::Contexts { team, .. }) => Field::TeamContexts(team.clone()),
            SetupEdit::Team(TeamEdit::Namespace { team, .. }) => Field::TeamNamespace(team.clone()),
            SetupEdit::Team(TeamEdit::Identity { team, .. }) => Field::TeamIdentity(team.clone()),
            SetupEdit::Team(TeamEdit::Launcher { team, .. }) => Field::TeamLauncher(team.clone()),
            SetupEdit::Team(TeamEdit::ContextNamespace { team, context, .. }) => {
                Field::TeamContextNamespace(team.clone(), context.clone())
            }
            SetupEdit::Team(TeamEdit::ContextIdentity { team, context, .. }) => {
                Field::TeamContextIdentity(team.clone(), context.clone())
            }
            _ => return None,
        })
    }
}

impl Setup {
    fn apply_team(&mut self, edit: TeamEdit) {
        let teams = &mut self.teams;
        match edit {
            TeamEdit::Add => {
                let name = first_free_team_name(|name| teams.contains_key(name));
                teams.insert(name, super::Team::default());
            }
            TeamEdit::Remove(name) => {
                teams.remove(&name);
            }
            TeamEdit::Rename { from, to } => {
                if from != to && !teams.contains_key(&to) {
                    if let Some(team) = teams.remove(&from) {
                        teams.insert(to, team);
                    }
                }
            }
            TeamEdit::Contexts { team, contexts } => {
                if let Some(team) = teams.get_mut(&team) {
                    team.contexts = contexts;
                }
            }
            TeamEdit::Namespace { team, value } => {
                if let Some(team) = teams.get_mut(&team) {
                    team.namespace = value;
                }
            }
            TeamEdit::Identity { team, value } => {
                if let Some(team) = teams.get_mut(&team) {
                    team.identity = value;
                }
            }
            TeamEdit::ContextNamespace {
                team,
                context,
                value,
            } => {
                if let Some(team) = teams.get_mut(&team) {
                    set_or_remove(&mut team.context_namespaces, context, value);
                }
            }
            TeamEdit::ContextIdentity {
                team,
                context,
                value,
            } => {
                if let Some(team) = teams.get_mut(&team) {
                    set_or_remove(&mut team.context_identities, context, value);
                }
            }
            TeamEdit::Profile { team, profile } => {
                if let Some(team) = teams.get_mut(&team) {
                    team.profile = profile;
                }
            }
            TeamEdit::Launcher {
                team,
                kind,
                subject,
            } => {
                if let Some(team) = teams.get_mut(&team) {
                    team.launcher_kind = kind;
                    team.launcher_subject = subject;
                }
            }
        }
    }

    /// Applies one edit.
    pub fn apply(&mut self, edit: SetupEdit) {
        match edit {
            SetupEdit::SkyPilotVersion(version) => self.skypilot_version = version,
            SetupEdit::Deployment(journey) => self.deployment = journey,
            SetupEdit::Server(edit) => {
                let server = &mut self.server;
                match edit {
                    ServerEdit::Release(value) => server.release = value,
                    ServerEdit::Namespace(value) => server.namespace = value,
                    ServerEdit::Identity(identity) => server.identity = identity,
                    ServerEdit::ExistingAccount(value) => server.existing_account = value,
                    ServerEdit::ObjectStore(on) => server.object_store = on,
                    ServerEdit::InCluster(on) => server.in_cluster = on,
                    ServerEdit::OtherClusters(on) => server.other_clusters = on,
                    ServerEdit::SecretName(value) => server.secret_name = value,
                }
            }
            SetupEdit::Team(edit) => self.apply_team(edit),
            SetupEdit::Auth(auth) => self.auth = auth,
            SetupEdit::Namespace(value) => self.account.namespace = value,
            SetupEdit::AccountName(value) => self.account.name = value,
            SetupEdit::Profile(profile) => self.account.profile = profile,
            SetupEdit::Feature(feature, on) => self.features.set(feature, on),
            SetupEdit::Extra(extra, on) => match extra {
                Extra::CreateNamespace => self.account.create_namespace = on,
                Extra::TokenSecret => self.account.token_secret = on,
            },
            SetupEdit::LauncherEnabled(on) => self.launcher.enabled = on,
            SetupEdit::LauncherKind(kind) => self.launcher.subject_kind = kind,
            SetupEdit::LauncherSubject(value) => self.launcher.subject = value,
            SetupEdit::LauncherNamespace(value) => self.launcher.namespace = value,
            SetupEdit::AllowedContexts(allowed) => self.contexts.allowed = allowed,
            SetupEdit::ContextNames(names) => {
                // Settings of a context no longer listed would be invisible: drop them.
                self.contexts
                    .identities
                    .retain(|context, _| names.contains(context));
                self.contexts
                    .namespaces
                    .retain(|context, _| names.contains(context));
                self.contexts.names = names;
            }
            SetupEdit::PerContext(on) => self.contexts.per_context = on,
            SetupEdit::ContextIdentity { context, value } => {
                set_or_remove(&mut self.contexts.identities, context, value);
            }
            SetupEdit::ContextNamespace { context, value } => {
                set_or_remove(&mut self.contexts.namespaces, context, value);
            }
            SetupEdit::Ports(ports) => self.ports = ports,
            SetupEdit::MetricsNamespace(value) => self.metrics.prometheus.namespace = value,
            SetupEdit::DocsSecrets(on) => self.account.docs_secrets = on,
            SetupEdit::AllowKubeSystem(on) => self.allow_kube_system = on,
            SetupEdit::PodSecurityLabels(on) => self.hardening.pod_security_labels = on,
            SetupEdit::OpenShift(on) => self.hardening.openshift = on,
            SetupEdit::CloudProvider(provider) => self.cloud_identity.provider = provider,
            SetupEdit::CloudValue(field, value) => {
                use super::CloudField;
                let identity = &mut self.cloud_identity;
                match field {
                    CloudField::Provider => {}
                    CloudField::RoleArn => identity.role_arn = value,
                    CloudField::EksCluster => identity.eks_cluster = value,
                    CloudField::GcpServiceAccount => identity.gcp_service_account = value,
                    CloudField::AzureClientId => identity.azure_client_id = value,
                    CloudField::AzureTenantId => identity.azure_tenant_id = value,
                }
            }
            SetupEdit::UseIdentity(identity) => match identity {
                RemoteIdentity::ServiceAccount => self.auth = AuthMethod::ServiceAccount,
                RemoteIdentity::LocalCredentials => self.auth = AuthMethod::LocalCredentials,
                RemoteIdentity::NoUpload => self.auth = AuthMethod::NoUpload,
                RemoteIdentity::NoToken => self.auth = AuthMethod::NoToken,
                RemoteIdentity::Custom(name) => {
                    self.auth = AuthMethod::Custom;
                    self.account.name = name;
                }
            },
        }
    }
}

/// The name [`TeamEdit::Add`] gives a new team: `team-N`, the first N no team has (`taken`).
pub(super) fn first_free_team_name(taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| format!("team-{n}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// Sets a per-context value, or drops the context's entry when the value is cleared (so a
/// cleared value leaves no trace in the setup or its link).
fn set_or_remove(map: &mut BTreeMap<String, String>, key: String, value: String) {
    if value.is_empty() {
        map.remove(&key);
    } else {
        map.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_context_values_are_set_and_cleared() {
        let mut setup = Setup::default();
        setup.apply(SetupEdit::Auth(AuthMethod::Custom));
        setup.apply(SetupEdit::AllowedContexts(AllowedContexts::List));
        setup.apply(SetupEdit::ContextNames(vec!["a".into(), "b".into()]));
        setup.apply(SetupEdit::PerContext(true));
        // A context without its own value uses the default: nothing is filled in.
        assert!(setup.contexts.identities.is_empty());
        setup.apply(SetupEdit::ContextIdentity {
            context: "b".into(),
            value: "SERVICE_ACCOUNT".into(),
        });
        setup.apply(SetupEdit::ContextNamespace {
            context: "b".into(),
            value: "ml".into(),
        });
        assert_eq!(
            setup.contexts.identities.get("b").map(String::as_str),
            Some("SERVICE_ACCOUNT")
        );
        assert_eq!(
            setup.contexts.namespaces.get("b").map(String::as_str),
            Some("ml")
        );
        setup.apply(SetupEdit::ContextNamespace {
            context: "b".into(),
            value: String::new(),
        });
        assert!(setup.contexts.namespaces.is_empty());
        assert!(crate::setup::validate(&setup).is_empty());
    }

    #[test]
    fn the_doctors_recommendation_sets_the_auth_method() {
        let mut setup = Setup {
            auth: AuthMethod::LocalCredentials,
            ..Setup::default()
        };
        setup.apply(SetupEdit::UseIdentity(RemoteIdentity::ServiceAccount));
        assert_eq!(setup.auth, AuthMethod::ServiceAccount);
        setup.apply(SetupEdit::UseIdentity(RemoteIdentity::Custom(
            "runner".into(),
        )));
        assert_eq!(
            (setup.auth, setup.account.name.as_str()),
            (AuthMethod::Custom, "runner")
        );
    }

    #[test]
    fn features_toggle() {
        let mut setup = Setup::default();
        setup.apply(SetupEdit::Feature(Feature::Ingress, true));
        setup.apply(SetupEdit::Extra(Extra::TokenSecret, true));
        assert!(setup.features.contains(Feature::Ingress) && setup.account.token_secret);
        setup.apply(SetupEdit::Feature(Feature::Ingress, false));
        assert!(!setup.features.contains(Feature::Ingress));
    }
}
