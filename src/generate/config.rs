//! The `~/.sky/config.yaml` snippet: a `kubernetes:` mapping with exactly the keys a setup
//! implies, in SkyPilot's schema (`docs/skypilot-facts.md` §2–3): a default `remote_identity`
//! and `namespace`, and `context_configs` for the contexts with their own. Built as a YAML
//! value, so names are always quoted as YAML needs; comments name the SkyPilot release a key
//! needs.

use crate::yaml::node::{Map, Node, NodeError};

use crate::setup::{per_context_names, AllowedContexts, PortsSetting, RemoteIdentity, Setup};

/// The file the snippet belongs in, and the download's name.
pub const CONFIG_FILE: &str = "config.yaml";

/// The `kubernetes:` snippet of a valid setup.
pub fn render(setup: &Setup) -> Result<String, NodeError> {
    let mut kubernetes = Map::new();
    match setup.contexts.allowed {
        AllowedContexts::Current => {}
        AllowedContexts::All => {
            kubernetes.insert("allowed_contexts", "all");
        }
        AllowedContexts::List => {
            let names = setup
                .contexts
                .names
                .iter()
                .map(|name| Node::from(name.as_str()))
                .collect();
            kubernetes.insert("allowed_contexts", Node::Seq(names));
        }
    }
    let identity = setup.remote_identity();
    kubernetes.insert("remote_identity", identity.as_config_value());
    let namespace = setup.launch_namespace();
    if namespace != "default" {
        kubernetes.insert("namespace", namespace);
    }
    let ports = match setup.ports {
        PortsSetting::Unset if setup.wants_ingress() => PortsSetting::Ingress,
        other => other,
    };
    if let Some(value) = ports.as_config_value() {
        kubernetes.insert("ports", value);
    }
    let contexts = context_configs(setup, &identity);
    if !contexts.is_empty() {
        kubernetes.insert("context_configs", Node::Map(contexts));
    }
    Ok(annotate(&wrap(kubernetes)))
}

/// `context_configs`: each context with its own identity or namespace, where they differ from
/// the defaults.
fn context_configs(setup: &Setup, default_identity: &RemoteIdentity) -> Map {
    let contexts = &setup.contexts;
    let mut out = Map::new();
    // Appended, not `insert`ed (a search per key): a file may list tens of thousands of
    // contexts. Each name once, as `insert` would keep it.
    let mut seen = std::collections::HashSet::new();
    for context in per_context_names(setup) {
        let mut own = Map::new();
        if let Some(value) = contexts.identities.get(context) {
            if value != default_identity.as_config_value() {
                own.insert("remote_identity", value.as_str());
            }
        }
        if let Some(namespace) = contexts.namespaces.get(context) {
            if namespace != setup.launch_namespace() {
                own.insert("namespace", namespace.as_str());
            }
        }
        if !own.is_empty() && seen.insert(context) {
            out.push_distinct(context.clone(), Node::Map(own));
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

fn wrap(kubernetes: Map) -> String {
    let mut root = Map::new();
    root.insert("kubernetes", Node::Map(kubernetes));
    crate::yaml::writer::node_to_string(&Node::Map(root))
}
