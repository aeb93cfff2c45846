//! The native integration tests as one crate: one link of the library and the CLI for all
//! of them (`cargo test --test integration NAME` runs one module; `make test-native` all).
//! `support` is the one test-support module: the setup matrix, strategies and oracles
//! (`fixtures`), running the binary (`cli`) and the kubectl stand-in (`standin`).

mod support;

mod action;
mod audit_generated;
mod audit_scale;
mod audit_semantics;
mod cli;
mod cli_audit;
mod cli_ci;
mod cli_cloud_identity;
mod cli_doctor;
mod cli_plugin;
mod context_accounts;
mod doctor_corpus;
mod doctor_scale;
mod explain;
mod generate_properties;
mod golden;
mod helm;
mod json_schemas;
mod kubeconfig_script;
mod kubectl_differential;
mod kubernetes_validate;
mod object_names;
mod partial_output;
mod release_packaging;
mod sarif;
mod share_properties;
mod skypilot_calls;
mod skypilot_schema;
mod teams;
mod teams_audit;
mod teams_per_context;
#[cfg(feature = "ssr")]
mod ui_render;
mod verify_contexts;
mod verify_script;
mod yaml_1_1;
