//! The setup model: every choice a user makes, as one serde-serializable value, and its
//! validation against Kubernetes' and SkyPilot's rules.

mod applied;
pub mod cloud_identity;
mod context_names;
mod edit;
mod from_config;
mod hosting;
mod model;
pub mod names;
mod rebuild;
mod remote_identity;
mod server;
mod teams;
mod validate;

pub use crate::catalogue::{Feature, FeatureSet, PermissionProfile};
pub use applied::{ignored_note, Choice};
pub use cloud_identity::{CloudField, CloudIdentity, CloudProvider};
pub use context_names::{warnings, ContextNameWarning, SetupWarning};
pub use edit::{Extra, ServerEdit, SetupEdit, TeamEdit};
pub use from_config::setup_from_settings;
pub use hosting::{effective_setup, hosting_setup, other_cluster_setup, HELM_REPO};
pub use model::{
    AllowedContexts, AuthMethod, Contexts, CustomAccount, Hardening, Launcher, Metrics,
    PortsSetting, Prometheus, Setup, SubjectKind,
};
pub use remote_identity::RemoteIdentity;
pub use server::{ApiServer, Deployment, ServerIdentity, IN_CLUSTER};
pub use teams::{Team, TeamTarget, Teams, DEFAULT_WORKSPACE};
pub use validate::{per_context_names, validate, Field, SetupError, KUBE_SYSTEM};
