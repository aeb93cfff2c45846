//! skyauth: configure how SkyPilot authenticates inside Kubernetes.
//!
//! This library is the pure core shared by the web page, the CLI and the tests:
//! it decides everything and performs no IO.
//!
//! - [`setup`]: the user's choices ([`setup::Setup`]) and their validation.
//! - [`generate`]: RBAC manifests, the `~/.sky/config.yaml` snippet and next steps.
//! - [`doctor`]: kubeconfig parsing and diagnosis.
//! - `ui` (feature `ui`): the Yew components of the web page.

pub mod doctor;
pub mod generate;
pub mod setup;
pub mod share;

#[cfg(feature = "ui")]
pub mod ui;
