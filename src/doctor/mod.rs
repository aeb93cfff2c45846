//! The kubeconfig doctor: parses a pasted kubeconfig (YAML or JSON), resolves every context,
//! and says per context whether SkyPilot can use it and which `remote_identity` to set.
//! Secrets are never echoed; a path-less rewrite of exec commands is offered.

mod auth;
mod diagnose;
mod finding;
pub mod model;
mod parse;
mod redact;
mod rewrite;

pub use auth::{AuthKind, ExecProvider};
pub use diagnose::{diagnose, diagnose_bytes, diagnose_config, ContextReport, Diagnosis, Verdict};
pub use finding::{Finding, FindingCode, Severity};
pub use parse::{parse, parse_bytes, DoctorError, MAX_INPUT_BYTES};
pub use redact::{displayable_url, redact};
pub use rewrite::pathless_kubeconfig;
