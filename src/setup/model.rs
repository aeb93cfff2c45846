//! The data of a setup: the auth method, the custom account and its permissions, the launcher
//! identity, contexts and ports. Plain values with SkyPilot's defaults; no logic beyond that.
//!
//! Its length is the setup's: one struct per step with its defaults and the few questions the
//! steps ask of it (which account is used, whether the launcher applies).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::RemoteIdentity;
use crate::catalogue::{Feature, FeatureSet, PermissionProfile};
use crate::release::SkyPilotVersion;
use crate::setup::{ApiServer, Deployment};

/// Everything the user chooses. Serializable as a whole (shared links, CLI, tests); every
/// field has a default, so partial input is complete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Setup {
    /// The SkyPilot release the outputs are written for (keys, keywords, rules, chart).
    pub skypilot_version: SkyPilotVersion,
    /// Where SkyPilot runs: the `sky` CLI, or an API server deployed with Helm (`journey` in
    /// links, as before).
    #[serde(rename = "journey")]
    pub deployment: Deployment,
    /// The Helm deployment, in the API-server journey.
    pub server: ApiServer,
    /// How SkyPilot's pods authenticate.
    pub auth: AuthMethod,
    /// The service account to create, when `auth` is [`AuthMethod::Custom`].
    pub account: CustomAccount,
    /// RBAC for the user's own kubeconfig identity (`SERVICE_ACCOUNT` and `NO_UPLOAD`).
    pub launcher: Launcher,
    /// The optional permission groups turned on (catalogue ids).
    pub features: FeatureSet,
    /// `allowed_contexts` and per-context identities.
    pub contexts: Contexts,
    /// `kubernetes.ports`.
    pub ports: PortsSetting,
    /// SkyPilot's `metrics:` settings the GPU-metrics permissions follow.
    pub metrics: Metrics,
    /// Generate RBAC for `kube-system` although everything there amounts to cluster-admin
    /// (pods there can run as any of its controllers' accounts): refused unless set.
    pub allow_kube_system: bool,
    /// Teams (SkyPilot workspaces), by name; none: the `kubernetes:` section alone.
    pub teams: super::Teams,
    /// Hardened namespaces: Pod Security labels and OpenShift's SCC bindings.
    pub hardening: Hardening,
    /// The cloud role the pods' service account is bound to (IRSA, Pod Identity, GKE or
    /// Azure Workload Identity); none by default, so links without it read as before.
    pub cloud_identity: super::CloudIdentity,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            skypilot_version: SkyPilotVersion::default(),
            deployment: Deployment::Cli,
            server: ApiServer::default(),
            auth: AuthMethod::ServiceAccount,
            account: CustomAccount::default(),
            launcher: Launcher::default(),
            features: FeatureSet::new(),
            contexts: Contexts::default(),
            ports: PortsSetting::Unset,
            metrics: Metrics::default(),
            allow_kube_system: false,
            teams: super::Teams::new(),
            hardening: Hardening::default(),
            cloud_identity: super::CloudIdentity::default(),
        }
    }
}

impl Setup {
    /// The `remote_identity` value this setup's auth method stands for.
    pub fn remote_identity(&self) -> RemoteIdentity {
        match self.auth {
            AuthMethod::ServiceAccount => RemoteIdentity::ServiceAccount,
            AuthMethod::LocalCredentials => RemoteIdentity::LocalCredentials,
            AuthMethod::NoUpload => RemoteIdentity::NoUpload,
            AuthMethod::NoToken => RemoteIdentity::NoToken,
            AuthMethod::Custom => RemoteIdentity::Custom(self.account.name.clone()),
        }
    }

    /// True when RBAC is generated (a custom account, or the launcher's), so the optional
    /// permission groups apply.
    pub fn generates_rbac(&self) -> bool {
        self.auth == AuthMethod::Custom || self.wants_launcher_rbac()
    }

    /// True when this setup asks for the ingress RBAC.
    pub fn wants_ingress(&self) -> bool {
        self.generates_rbac() && self.features.contains(Feature::Ingress)
    }

    /// True when the launcher's RBAC can be asked for: in every keyword mode SkyPilot
    /// creates its own account with the launcher's rights. On an API server's journey only an existing server account gets launcher RBAC (the
    /// chart grants the accounts it creates itself).
    pub fn launcher_applies(&self) -> bool {
        self.auth != AuthMethod::Custom
            && (self.deployment == crate::setup::Deployment::Cli
                || self.server.identity == crate::setup::ServerIdentity::Existing)
    }

    /// The features the generated RBAC is for: the launcher's, or the custom account's.
    pub fn rbac_features(&self) -> Vec<Feature> {
        if self.wants_launcher_rbac() {
            Feature::ALL
                .iter()
                .copied()
                .filter(|&feature| {
                    matches!(feature, Feature::Core | Feature::ManagedAccount)
                        || self.features.contains(feature)
                })
                .collect()
        } else {
            self.account.profile.features(&self.features)
        }
    }

    /// The features SkyPilot's pods use, which decide what their namespaces must admit (Pod
    /// Security levels, OpenShift SCCs): the ones chosen, whatever RBAC the profile grants. A
    /// Workload account's pods still mount buckets; a cluster-admin account's use only what
    /// is chosen.
    pub fn pod_features(&self) -> Vec<Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(|&feature| feature == Feature::Core || self.features.contains(feature))
            .collect()
    }

    /// Whether the GPU-metrics permissions are generated (so the Prometheus namespace is read).
    pub fn wants_gpu_metrics(&self) -> bool {
        self.generates_rbac() && self.features.contains(Feature::GpuMetrics)
    }

    /// The namespace SkyPilot launches into: the custom account's, else the launcher's.
    pub fn launch_namespace(&self) -> &str {
        if self.auth == AuthMethod::Custom {
            &self.account.namespace
        } else {
            &self.launcher.namespace
        }
    }

    /// Whether the custom account's fields are used: pods run as it, or an API server reaches
    /// other clusters through it (their RBAC and static-token kubeconfig are generated for it).
    pub fn uses_custom_account(&self) -> bool {
        self.auth == AuthMethod::Custom || self.reaches_other_clusters()
    }

    /// Whether an API server reaches other clusters through a kubeconfig secret (their RBAC
    /// and static-token kubeconfig script are outputs).
    pub fn reaches_other_clusters(&self) -> bool {
        self.deployment == crate::setup::Deployment::Helm && self.server.other_clusters
    }

    /// Whether launcher RBAC is the user's choice: on a laptop in the keyword modes. On an API
    /// server's journey the server's identity decides it (the chart manages its own account's
    /// rights; an existing account gets them generated).
    pub fn launcher_is_a_choice(&self) -> bool {
        self.launcher_applies() && self.deployment == crate::setup::Deployment::Cli
    }

    /// True when launcher RBAC applies and was asked for.
    pub fn wants_launcher_rbac(&self) -> bool {
        self.launcher.enabled && self.launcher_applies()
    }

    /// Whether the launcher can be bound to a custom account's roles: on a laptop, SkyPilot
    /// launches a custom account's pods with the kubeconfig's identity, which needs what the
    /// account may do (not cluster-admin: bind that yourself; not an account that cannot
    /// launch).
    pub fn custom_launcher_applies(&self) -> bool {
        let profile = self.account.profile;
        self.deployment == crate::setup::Deployment::Cli
            && self.auth == AuthMethod::Custom
            && profile.entry().can_launch
            && !profile.is_cluster_admin()
    }

    /// The service account (namespace, name) the cloud identity is given to, when one is
    /// chosen: the custom account, or in the keyword modes SkyPilot's own account in the launch
    /// namespace (SkyPilot creates it only when missing and never patches it:
    /// `_configure_autoscaler_service_account`, so annotations applied first are kept).
    /// `None` with `NONE` (pods without a token), which validation refuses.
    pub fn cloud_identity_account(&self) -> Option<(String, String)> {
        if !self.cloud_identity.is_set() || self.auth == AuthMethod::NoToken {
            return None;
        }
        let (namespace, name) = self.pods_account();
        Some((namespace.to_owned(), name.to_owned()))
    }

    /// Every account the cloud identity goes on, as (namespace, name): the pods'
    /// ([`Setup::cloud_identity_account`]) and, in the keyword modes on a nightly with the
    /// controller account, the controllers' in the same namespace
    /// ([`super::cloud_identity::CONTROLLER_ACCOUNT`]): managed jobs and serve controllers read
    /// and write the same buckets (`clouds/kubernetes.py` picks that account for a controller
    /// in `SERVICE_ACCOUNT`, `LOCAL_CREDENTIALS` and `NO_UPLOAD`).
    pub fn cloud_identity_accounts(&self) -> Vec<(String, String)> {
        let Some((namespace, name)) = self.cloud_identity_account() else {
            return Vec::new();
        };
        let controllers = self.auth != AuthMethod::Custom
            && self
                .skypilot_version
                .has(crate::release::Change::ControllerAccount);
        let mut accounts = vec![(namespace.clone(), name)];
        if controllers {
            accounts.push((
                namespace,
                super::cloud_identity::CONTROLLER_ACCOUNT.to_owned(),
            ));
        }
        accounts
    }

    /// The account SkyPilot's pods run as, as (namespace, name): the custom account, or in
    /// the keyword modes SkyPilot's own in the launch namespace (`clouds/kubernetes.py`).
    pub fn pods_account(&self) -> (&str, &str) {
        match self.auth {
            AuthMethod::Custom => (&self.account.namespace, &self.account.name),
            _ => (
                &self.launcher.namespace,
                super::cloud_identity::SKYPILOT_ACCOUNT,
            ),
        }
    }

    /// Whether skyauth writes SkyPilot's own account (keyword modes): only when the cloud
    /// identity annotates it (EKS Pod Identity names the account from the AWS side, so
    /// SkyPilot's own, made on the first launch, is enough).
    pub fn writes_own_account(&self) -> bool {
        self.auth != AuthMethod::Custom
            && self.cloud_identity_account().is_some()
            && !self.cloud_identity.annotations().is_empty()
    }

    /// True when the launcher is to be bound to the custom account's roles too.
    pub fn wants_custom_launcher(&self) -> bool {
        self.launcher.enabled && self.custom_launcher_applies()
    }
}

impl crate::share::Shareable for Setup {
    /// Links written before the permission groups moved into the catalogue (2026-11).
    const RENAMED_PATHS: &'static [(&'static str, &'static str)] = &[
        ("account.features.ingress", "features.ingress"),
        ("account.features.gpu_list", "features.gpu-list"),
        ("account.features.gpu_metrics", "features.gpu-metrics"),
        ("account.features.object_store", "features.object-store"),
        // SkyPilot reads only ingress-nginx: the field is gone, the setting is ignored.
        ("account.features.ingress_namespace", ""),
        (
            "account.features.create_namespace",
            "account.create_namespace",
        ),
        ("account.features.token_secret", "account.token_secret"),
    ];
}

/// The four ways SkyPilot can authenticate inside the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// `SERVICE_ACCOUNT`: SkyPilot manages `skypilot-service-account` (the default).
    #[default]
    ServiceAccount,
    /// `LOCAL_CREDENTIALS`: the user's kubeconfig is copied into pods.
    LocalCredentials,
    /// `NO_UPLOAD`: like `SERVICE_ACCOUNT`, but no credential files are uploaded.
    NoUpload,
    /// An existing service account that the admin creates with the generated RBAC.
    Custom,
    /// `NONE` (nightly only): pods get no API token. SkyPilot still creates
    /// `skypilot-service-account` (no roles) and, for its controllers, which ignore `NONE`,
    /// the controller account with its roles: the launcher needs what the keyword modes need.
    #[serde(rename = "none")]
    NoToken,
}

impl AuthMethod {
    /// All methods, in the order the wizard shows them.
    pub const ALL: [AuthMethod; 5] = [
        AuthMethod::ServiceAccount,
        AuthMethod::LocalCredentials,
        AuthMethod::NoUpload,
        AuthMethod::Custom,
        AuthMethod::NoToken,
    ];

    /// The release change that brought this method, if it is not in every version skyauth
    /// writes for.
    pub fn change(self) -> Option<crate::release::Change> {
        match self {
            AuthMethod::NoUpload => RemoteIdentity::keyword_change("NO_UPLOAD"),
            AuthMethod::NoToken => RemoteIdentity::keyword_change(RemoteIdentity::NONE),
            _ => None,
        }
    }
}

/// A service account the admin creates ahead of time, and what it may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CustomAccount {
    /// Its namespace (default `default`).
    pub namespace: String,
    /// Its name (default `sky-sa`).
    pub name: String,
    /// How much it may do.
    pub profile: PermissionProfile,
    /// Also create the account's namespace.
    pub create_namespace: bool,
    /// Also create a long-lived token Secret for the account.
    pub token_secret: bool,
    /// Also grant the Secrets of SkyPilot's documented minimum (Minimum profile only; no
    /// SkyPilot code reads them, see the catalogue's `docs_parity`).
    pub docs_secrets: bool,
}

impl Default for CustomAccount {
    fn default() -> Self {
        CustomAccount {
            namespace: "default".into(),
            name: "sky-sa".into(),
            profile: PermissionProfile::NamespaceAdmin,
            create_namespace: false,
            token_secret: false,
            docs_secrets: false,
        }
    }
}

/// RBAC for the launching identity (the user's kubeconfig identity, or an API server's
/// service account), so SkyPilot can create its own service account and roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Launcher {
    /// Generate it.
    pub enabled: bool,
    /// Whether `subject` names a user, a group or a service account.
    pub subject_kind: SubjectKind,
    /// The user or group name as the cluster's authenticator reports it, or a service
    /// account as `NAMESPACE/NAME`.
    pub subject: String,
    /// The namespace SkyPilot launches into in the keyword modes (`kubernetes.namespace`
    /// when not `default`).
    pub namespace: String,
}

impl Default for Launcher {
    fn default() -> Self {
        Launcher {
            enabled: false,
            subject_kind: SubjectKind::User,
            subject: String::new(),
            namespace: "default".into(),
        }
    }
}

/// The kind of an RBAC subject for the launcher.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    #[default]
    User,
    Group,
    /// A service account, e.g. a SkyPilot API server's.
    ServiceAccount,
}

impl SubjectKind {
    /// The RBAC `kind` of the subject.
    pub fn as_rbac_kind(self) -> &'static str {
        match self {
            SubjectKind::User => "User",
            SubjectKind::Group => "Group",
            SubjectKind::ServiceAccount => "ServiceAccount",
        }
    }

    /// The word for it in messages.
    pub fn noun(self) -> &'static str {
        match self {
            SubjectKind::User => "user",
            SubjectKind::Group => "group",
            SubjectKind::ServiceAccount => "service account",
        }
    }
}

impl Launcher {
    /// A service-account subject's namespace and name (`NAMESPACE/NAME`), if it reads so.
    pub fn service_account(&self) -> Option<(&str, &str)> {
        (self.subject_kind == SubjectKind::ServiceAccount)
            .then(|| self.subject.split_once('/'))
            .flatten()
    }
}

/// What the RBAC adds for hardened namespaces (`catalogue::pod_security`): the level SkyPilot's
/// pods need, as Pod Security labels on the namespaces it creates, and on OpenShift the
/// SecurityContextConstraints the pods' accounts may use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Hardening {
    /// Label the namespaces the manifest creates with the Pod Security level SkyPilot's pods
    /// need there (`enforce`, `warn` and `audit`).
    pub pod_security_labels: bool,
    /// Bind the pods' accounts to the OpenShift SCC their pods need (`anyuid`, or
    /// `hostmount-anyuid`/`privileged` for buckets and the host network).
    pub openshift: bool,
}

/// SkyPilot's `metrics:` section (API server config, 0.14.0+), as far as RBAC depends on it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Metrics {
    /// `metrics.prometheus`.
    pub prometheus: Prometheus,
}

/// `metrics.prometheus`: where SkyPilot's Prometheus runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Prometheus {
    /// `metrics.prometheus.namespace` (default `skypilot`): where the GPU-metrics
    /// permissions are granted.
    pub namespace: String,
}

impl Default for Prometheus {
    fn default() -> Self {
        Prometheus {
            namespace: crate::catalogue::SKYPILOT_METRICS.into(),
        }
    }
}

/// `kubernetes.allowed_contexts` and the per-context form of `remote_identity`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Contexts {
    /// Which contexts SkyPilot may use.
    pub allowed: AllowedContexts,
    /// The context names, when `allowed` is [`AllowedContexts::List`].
    pub names: Vec<String>,
    /// Write per-context settings (`context_configs`).
    pub per_context: bool,
    /// Per-context `remote_identity` values (`SERVICE_ACCOUNT`, an account name, ...); a
    /// context without one uses the default.
    pub identities: BTreeMap<String, String>,
    /// Per-context namespaces; a context without one uses the default namespace.
    pub namespaces: BTreeMap<String, String>,
}

/// Which contexts SkyPilot may use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowedContexts {
    /// Key not written: only the current context.
    #[default]
    Current,
    /// `allowed_contexts: all`.
    All,
    /// `allowed_contexts: [..]`.
    List,
}

/// `kubernetes.ports`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortsSetting {
    /// Key not written (SkyPilot's default, `loadbalancer`), unless ingress implies `ingress`.
    #[default]
    Unset,
    Loadbalancer,
    Ingress,
    Podip,
}

impl PortsSetting {
    /// The config value, if the key is written.
    pub fn as_config_value(self) -> Option<&'static str> {
        match self {
            PortsSetting::Unset => None,
            PortsSetting::Loadbalancer => Some("loadbalancer"),
            PortsSetting::Ingress => Some("ingress"),
            PortsSetting::Podip => Some("podip"),
        }
    }
}
