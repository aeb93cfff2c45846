//! The `~/.sky/config.yaml` snippet: a `kubernetes:` mapping with exactly the keys a setup
//! implies, in SkyPilot's schema (reference §3). Built as a YAML value, so context names and
//! account names are always quoted as YAML needs.

use serde_yaml::{Mapping, Value};

use crate::setup::{per_context_names, AllowedContexts, PortsSetting, RemoteIdentity, Setup};

/// The file the snippet belongs in, and the download's name.
pub const CONFIG_FILE: &str = "config.yaml";

/// The `kubernetes:` snippet of a valid setup.
pub fn render(setup: &Setup) -> Result<String, serde_yaml::Error> {
    let mut kubernetes = Mapping::new();
    match setup.contexts.allowed {
        AllowedContexts::Current => {}
        AllowedContexts::All => {
            kubernetes.insert("allowed_contexts".into(), "all".into());
        }
        AllowedContexts::List => {
            let names = setup
                .contexts
                .names
                .iter()
                .map(|name| Value::from(name.as_str()))
                .collect();
            kubernetes.insert("allowed_contexts".into(), Value::Sequence(names));
        }
    }
    let identity = if setup.contexts.per_context {
        let mut by_context = Mapping::new();
        for context in per_context_names(setup) {
            if let Some(value) = setup.contexts.identities.get(context) {
                by_context.insert(context.as_str().into(), value.as_str().into());
            }
        }
        Value::Mapping(by_context)
    } else {
        Value::from(setup.remote_identity().as_config_value())
    };
    kubernetes.insert("remote_identity".into(), identity);
    let ports = match setup.ports {
        PortsSetting::Unset if setup.wants_ingress() => PortsSetting::Ingress,
        other => other,
    };
    if let Some(value) = ports.as_config_value() {
        kubernetes.insert("ports".into(), value.into());
    }
    wrap(kubernetes)
}

/// The snippet that sets only `remote_identity` (the doctor's per-context recommendation).
pub fn remote_identity_snippet(identity: &RemoteIdentity) -> String {
    let mut kubernetes = Mapping::new();
    kubernetes.insert("remote_identity".into(), identity.as_config_value().into());
    wrap(kubernetes).unwrap_or_default()
}

fn wrap(kubernetes: Mapping) -> Result<String, serde_yaml::Error> {
    let mut root = Mapping::new();
    root.insert("kubernetes".into(), Value::Mapping(kubernetes));
    serde_yaml::to_string(&root)
}
