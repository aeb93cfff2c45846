//! The kubeconfig doctor: parses a pasted kubeconfig (YAML or JSON), resolves every context,
//! and says per context whether SkyPilot can use it on the chosen journey (the kubeconfig
//! stays with the launcher, is copied into pods, or is an API server's) and which
//! `remote_identity` to set; reads the user's `~/.sky/config.yaml` beside it for the traps
//! SkyPilot's schema lets through. Secrets are never echoed; a path-less rewrite of exec
//! commands is offered, as SkyPilot's converter writes it. The text and JSON reports the CLI
//! prints are rendered here too ([`text_report`], [`json_report`]).

mod auth;
mod context_checks;
mod diagnose;
mod file_checks;
mod finding;
mod journey;
pub mod model;
mod null_default;
mod parse;
mod recommend;
mod redact;
mod render;
mod report;
mod rewrite;
mod severity;
mod sky_config;

pub use auth::{AuthKind, ExecProvider};
pub use diagnose::{diagnose, diagnose_bytes, diagnose_config};
pub use finding::{Face, Finding, FindingCode, Names, Severity, Situation};
pub use journey::{JourneyKind, KubeconfigJourney};
pub use parse::{parse, parse_bytes, DoctorError, MAX_INPUT_BYTES};
pub use recommend::Recommendation;
pub use redact::{displayable_url, redact};
pub use render::{json_report, text_report};
pub use report::{ContextReport, Diagnosis, UnknownContext, Verdict};
pub use rewrite::pathless_kubeconfig;
pub use sky_config::{
    read_settings, read_sky_config, read_sky_config_for, AllowedSetting, SkyConfig, SkyConfigError,
    CONTEXT_KEYS as SKY_CONTEXT_KEYS, MAX_SKY_CONFIG_BYTES, TOP_LEVEL_KEYS as SKY_TOP_LEVEL_KEYS,
    WORKSPACE_CONTEXT_KEYS as SKY_WORKSPACE_CONTEXT_KEYS, WORKSPACE_KEYS as SKY_WORKSPACE_KEYS,
    WORKSPACE_KUBERNETES_KEYS as SKY_WORKSPACE_KUBERNETES_KEYS,
};
