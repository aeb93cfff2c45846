//! skyauth: configure how SkyPilot authenticates inside Kubernetes.
//!
//! This library is the pure core shared by the web page, the CLI and the tests:
//! it decides everything and performs no IO.
//!
//! - [`catalogue`]: every permission SkyPilot needs, per feature group and profile, as data.
//! - [`release`]: the SkyPilot version an output is for, and what changed in which release.
//! - [`setup`]: the user's choices ([`setup::Setup`]) and their validation.
//! - [`generate`]: RBAC manifests, the `~/.sky/config.yaml` snippet and next steps.
//! - [`doctor`]: kubeconfig parsing and diagnosis.
//! - [`audit`]: existing RBAC checked against what SkyPilot needs, feature by feature.
//! - [`explain`]: a pasted 403 read back into who was refused what, where, which SkyPilot
//!   feature needs it, the minimal patch and the setting that avoids it.
//! - [`fail_on`]: when a doctor's or an audit's findings fail a CI step (`--fail-on`).
//! - [`sarif`]: the doctor's and the audit's findings as SARIF 2.1.0, with where each is.
//! - [`analysis`]: the doctor and the audit as messages, for the page's worker.
//! - [`samples`]: big generated inputs for benchmarks and scale tests.
//! - [`text_encoding`]: the one rule turning a file's bytes into text (UTF-8, UTF-16 with a
//!   byte-order mark), for the CLI and the page alike.
//! - [`terminal_text`]: untrusted text made safe to print on a terminal (the CLI's reports).
//! - [`yaml`]: untrusted YAML admitted within limits, read with paths, and written so YAML 1.1
//!   readers read it back the same.
//! - `ui` (feature `ui`): the Yew components of the web page.

pub mod analysis;
pub mod audit;
pub mod catalogue;
pub mod doctor;
pub mod explain;
pub mod fail_on;
pub mod generate;
pub mod release;
pub mod samples;
pub mod sarif;
pub mod setup;
pub mod share;
pub mod terminal_text;
pub mod text_encoding;
pub mod yaml;

#[cfg(feature = "ui")]
pub mod ui;
