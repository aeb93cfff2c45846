//! The `~/.sky/config.yaml` snippet: a `kubernetes:` mapping with exactly the keys a setup
//! implies, in SkyPilot's schema (`docs/skypilot-facts.md` §2–3): a default `remote_identity`
//! and `namespace`, and `context_configs` for the contexts with their own. Built as a YAML
//! value, so names are always quoted as YAML needs; comments name the SkyPilot release a key
//! needs.

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
    let identity = setup.remote_identity();
    kubernetes.insert("remote_identity".into(), identity.as_config_value().into());
    let namespace = setup.launch_namespace();
    if namespace != "default" {
        kubernetes.insert("namespace".into(), namespace.into());
    }
    let ports = match setup.ports {
        PortsSetting::Unset if setup.wants_ingress() => PortsSetting::Ingress,
        other => other,
    };
    if let Some(value) = ports.as_config_value() {
        kubernetes.insert("ports".into(), value.into());
    }
    let contexts = context_configs(setup, &identity);
    if !contexts.is_empty() {
        kubernetes.insert("context_configs".into(), Value::Mapping(contexts));
    }
    wrap(kubernetes).map(|yaml| annotate(&yaml))
}

/// `context_configs`: each context with its own identity or namespace, where they differ from
/// the defaults.
fn context_configs(setup: &Setup, default_identity: &RemoteIdentity) -> Mapping {
    let contexts = &setup.contexts;
    let mut out = Mapping::new();
    for context in per_context_names(setup) {
        let mut own = Mapping::new();
        if let Some(value) = contexts.identities.get(context) {
            if value != default_identity.as_config_value() {
                own.insert("remote_identity".into(), value.as_str().into());
            }
        }
        if let Some(namespace) = contexts.namespaces.get(context) {
            if namespace != setup.launch_namespace() {
                own.insert("namespace".into(), namespace.as_str().into());
            }
        }
        if !own.is_empty() {
            out.insert(context.as_str().into(), Value::Mapping(own));
        }
    }
    out
}

/// The comments written above a `kubernetes:` key (two spaces in) or a per-context key (six
/// spaces in), by the line's start.
const KEY_NOTES: &[(&str, &str)] = &[
    (
        "  namespace:",
        "  # Needs SkyPilot 0.13+; older releases use the context's namespace.",
    ),
    ("      namespace:", "      # Needs SkyPilot 0.13+."),
    (
        "  remote_identity: NO_UPLOAD",
        "  # NO_UPLOAD needs SkyPilot 0.12+ on Kubernetes.",
    ),
];

/// The snippet with a comment above each key that needs a recent SkyPilot.
fn annotate(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 256);
    for line in yaml.lines() {
        if let Some((_, note)) = KEY_NOTES.iter().find(|(start, _)| line.starts_with(start)) {
            out.push_str(note);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn wrap(kubernetes: Mapping) -> Result<String, serde_yaml::Error> {
    let mut root = Mapping::new();
    root.insert("kubernetes".into(), Value::Mapping(kubernetes));
    crate::yaml::writer::to_string(&root)
}
