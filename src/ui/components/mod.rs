//! The page's building blocks, one component per file.

pub mod code_panel;
pub mod kubeconfig_input;
