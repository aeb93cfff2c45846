//! A setup as the edits that make it from the default one: how a share link read in the
//! analysis worker reaches the page, which applies them with the reducer's own
//! [`Setup::apply`] (so the page links no reader of links: issue #23, about 20 KB gzip).
//!
//! [`Setup::edits`] writes one edit per value, in an order `apply` can take them in: the
//! allowed contexts before the per-context values (listing contexts drops the values of any
//! other), a team added before its values are set. A property test holds that applying the
//! edits to the default gives the setup back, for setups of every shape. The one thing no
//! edit carries is an empty per-context value: emptying a field removes its entry, so a link
//! that names one (`teams.x.context_identities.c=`) is rebuilt without it
//! ([`Setup::without_cleared_values`]); an empty value means "inherit" either way.

use super::edit::first_free_team_name;
use super::{CloudField, Extra, ServerEdit, Setup, SetupEdit, TeamEdit};
use crate::catalogue::Feature;

impl Setup {
    /// The edits that turn [`Setup::default`] into this setup.
    pub fn edits(&self) -> Vec<SetupEdit> {
        let server = &self.server;
        let account = &self.account;
        let launcher = &self.launcher;
        let cloud = &self.cloud_identity;
        let mut edits = vec![
            SetupEdit::SkyPilotVersion(self.skypilot_version),
            SetupEdit::Deployment(self.deployment),
            SetupEdit::Server(ServerEdit::Release(server.release.clone())),
            SetupEdit::Server(ServerEdit::Namespace(server.namespace.clone())),
            SetupEdit::Server(ServerEdit::Identity(server.identity)),
            SetupEdit::Server(ServerEdit::ExistingAccount(server.existing_account.clone())),
            SetupEdit::Server(ServerEdit::ObjectStore(server.object_store)),
            SetupEdit::Server(ServerEdit::InCluster(server.in_cluster)),
            SetupEdit::Server(ServerEdit::OtherClusters(server.other_clusters)),
            SetupEdit::Server(ServerEdit::SecretName(server.secret_name.clone())),
            SetupEdit::Auth(self.auth),
            SetupEdit::Namespace(account.namespace.clone()),
            SetupEdit::AccountName(account.name.clone()),
            SetupEdit::Profile(account.profile),
            SetupEdit::Extra(Extra::CreateNamespace, account.create_namespace),
            SetupEdit::Extra(Extra::TokenSecret, account.token_secret),
            SetupEdit::DocsSecrets(account.docs_secrets),
            SetupEdit::LauncherEnabled(launcher.enabled),
            SetupEdit::LauncherKind(launcher.subject_kind),
            SetupEdit::LauncherSubject(launcher.subject.clone()),
            SetupEdit::LauncherNamespace(launcher.namespace.clone()),
            SetupEdit::AllowedContexts(self.contexts.allowed),
            SetupEdit::ContextNames(self.contexts.names.clone()),
            SetupEdit::PerContext(self.contexts.per_context),
            SetupEdit::Ports(self.ports),
            SetupEdit::MetricsNamespace(self.metrics.prometheus.namespace.clone()),
            SetupEdit::AllowKubeSystem(self.allow_kube_system),
            SetupEdit::PodSecurityLabels(self.hardening.pod_security_labels),
            SetupEdit::OpenShift(self.hardening.openshift),
            SetupEdit::CloudProvider(cloud.provider),
            SetupEdit::CloudValue(CloudField::RoleArn, cloud.role_arn.clone()),
            SetupEdit::CloudValue(CloudField::EksCluster, cloud.eks_cluster.clone()),
            SetupEdit::CloudValue(
                CloudField::GcpServiceAccount,
                cloud.gcp_service_account.clone(),
            ),
            SetupEdit::CloudValue(CloudField::AzureClientId, cloud.azure_client_id.clone()),
            SetupEdit::CloudValue(CloudField::AzureTenantId, cloud.azure_tenant_id.clone()),
        ];
        edits.extend(
            Feature::optional()
                .map(|feature| SetupEdit::Feature(feature, self.features.contains(feature))),
        );
        for (context, value) in &self.contexts.identities {
            edits.push(SetupEdit::ContextIdentity {
                context: context.clone(),
                value: value.clone(),
            });
        }
        for (context, value) in &self.contexts.namespaces {
            edits.push(SetupEdit::ContextNamespace {
                context: context.clone(),
                value: value.clone(),
            });
        }
        let mut added: Vec<&str> = Vec::new();
        for (name, team) in self.teams.iter() {
            // The name `TeamEdit::Add` gives it, with the teams added so far.
            let first_free = first_free_team_name(|candidate| added.contains(&candidate));
            edits.extend(team_edits(first_free, name, team));
            added.push(name);
        }
        edits
    }
}

impl Setup {
    /// This setup without empty per-context values (a context's namespace or identity, the
    /// section's or a team's), as an emptied field leaves it: what [`Setup::edits`] rebuilds.
    pub fn without_cleared_values(mut self) -> Setup {
        let keep = |_: &String, value: &mut String| !value.is_empty();
        self.contexts.identities.retain(keep);
        self.contexts.namespaces.retain(keep);
        for team in self.teams.values_mut() {
            team.context_identities.retain(keep);
            team.context_namespaces.retain(keep);
        }
        self
    }
}

/// The edits that add team `name` as `team`: added (as `added_as`, the name `TeamEdit::Add`
/// gives it), renamed (names are unique, so the rename is never refused), then its values.
fn team_edits(added_as: String, name: &str, team: &super::Team) -> Vec<SetupEdit> {
    let team_name = || name.to_owned();
    let mut edits = vec![
        SetupEdit::Team(TeamEdit::Add),
        SetupEdit::Team(TeamEdit::Rename {
            from: added_as,
            to: team_name(),
        }),
        SetupEdit::Team(TeamEdit::Contexts {
            team: team_name(),
            contexts: team.contexts.clone(),
        }),
        SetupEdit::Team(TeamEdit::Namespace {
            team: team_name(),
            value: team.namespace.clone(),
        }),
        SetupEdit::Team(TeamEdit::Identity {
            team: team_name(),
            value: team.identity.clone(),
        }),
        SetupEdit::Team(TeamEdit::Profile {
            team: team_name(),
            profile: team.profile,
        }),
        SetupEdit::Team(TeamEdit::Launcher {
            team: team_name(),
            kind: team.launcher_kind,
            subject: team.launcher_subject.clone(),
        }),
    ];
    for (context, value) in &team.context_namespaces {
        edits.push(SetupEdit::Team(TeamEdit::ContextNamespace {
            team: team_name(),
            context: context.clone(),
            value: value.clone(),
        }));
    }
    for (context, value) in &team.context_identities {
        edits.push(SetupEdit::Team(TeamEdit::ContextIdentity {
            team: team_name(),
            context: context.clone(),
            value: value.clone(),
        }));
    }
    edits
}
