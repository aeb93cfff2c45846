//! The `~/.sky/config.yaml` snippet: a `kubernetes:` mapping with exactly the keys a setup
//! implies, in SkyPilot's schema (`docs/skypilot-facts.md` §2–3): a default `remote_identity`
//! and `namespace`, and `context_configs` for the contexts with their own. Built as a YAML
//! value, so names are always quoted as YAML needs. Keys follow the chosen SkyPilot release
//! (`crate::release`): a key it rejects is not written (the next steps say what to do
//! instead), and a key older releases reject carries a comment saying to remove it there.

use crate::yaml::node::{Map, Node, NodeError};

use crate::release::{Change, SkyPilotVersion};
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
    if namespace != "default" && writes_namespaces(setup) {
        kubernetes.insert("namespace", namespace);
    }
    let ports = match setup.ports {
        PortsSetting::Unset if setup.wants_ingress() => PortsSetting::Ingress,
        other => other,
    };
    if let Some(value) = ports.as_config_value() {
        kubernetes.insert("ports", value);
    }
    let cloud = setup
        .cloud_identity_account()
        .map(|_| &setup.cloud_identity);
    if let Some(labels) = cloud
        .map(|cloud| cloud.pod_labels())
        .filter(|l| !l.is_empty())
    {
        // SkyPilot merges `pod_config` into every pod it creates (`combine_pod_config_fields`).
        let mut map = Map::new();
        for (key, value) in labels {
            map.insert(key, value);
        }
        let mut metadata = Map::new();
        metadata.insert("labels", Node::Map(map));
        let mut pod_config = Map::new();
        pod_config.insert("metadata", Node::Map(metadata));
        kubernetes.insert("pod_config", Node::Map(pod_config));
    }
    let contexts = context_configs(setup, &identity);
    if !contexts.is_empty() {
        kubernetes.insert("context_configs", Node::Map(contexts));
    }
    let mut root = Map::new();
    root.insert("kubernetes", Node::Map(kubernetes));
    if let Some(section) = cloud.and_then(|cloud| cloud.provider.sky_cloud()) {
        // Without it SkyPilot copies the laptop's keys for that cloud into every pod
        // (`write_cluster_config`, `sky/backends/backend_utils.py`), and they win over the
        // pod's identity.
        let mut own = Map::new();
        own.insert("remote_identity", "NO_UPLOAD");
        root.insert(section, Node::Map(own));
    }
    if setup.has_teams() {
        root.insert("workspaces", Node::Map(workspaces(setup)));
    }
    if let Some(namespace) = prometheus_namespace(setup) {
        let mut prometheus = Map::new();
        prometheus.insert("namespace", namespace);
        let mut metrics = Map::new();
        metrics.insert("prometheus", Node::Map(prometheus));
        root.insert("metrics", Node::Map(metrics));
    }
    Ok(annotate(&crate::yaml::writer::node_to_string(&Node::Map(
        root,
    ))))
}

/// Whether `namespace` keys are written: the chosen release reads them (0.13.0+; older ones
/// reject the whole config, so the next steps point the kubeconfig's contexts instead).
pub fn writes_namespaces(setup: &Setup) -> bool {
    setup.skypilot_version.has(Change::Namespace)
}

/// `metrics.prometheus.namespace`, when the GPU-metrics permissions go elsewhere than
/// SkyPilot's default (a release without the key is refused by validation).
fn prometheus_namespace(setup: &Setup) -> Option<&str> {
    let namespace = setup.metrics.prometheus.namespace.as_str();
    (setup.wants_gpu_metrics()
        && namespace != crate::catalogue::SKYPILOT_METRICS
        && setup.skypilot_version.has(Change::MetricsPrometheus))
    .then_some(namespace)
}

/// `workspaces:`: each team's `kubernetes:` keys, only those it sets (the rest it inherits),
/// with its own `context_configs`.
fn workspaces(setup: &Setup) -> Map {
    let mut out = Map::new();
    for (name, team) in &setup.teams {
        let mut kubernetes = Map::new();
        if !team.contexts.is_empty() {
            let names = team.contexts.iter().map(|name| Node::from(name.as_str()));
            kubernetes.insert("allowed_contexts", Node::Seq(names.collect()));
        }
        if !team.namespace.is_empty() {
            kubernetes.insert("namespace", team.namespace.as_str());
        }
        if !team.identity.is_empty() {
            let identity = RemoteIdentity::read_for(&team.identity, setup.skypilot_version);
            kubernetes.insert("remote_identity", identity.as_config_value());
        }
        let mut contexts = Map::new();
        for context in team.override_contexts() {
            let mut own = Map::new();
            if let Some(namespace) = team
                .context_namespaces
                .get(context)
                .filter(|v| !v.is_empty())
            {
                own.insert("namespace", namespace.as_str());
            }
            if let Some(identity) = team
                .context_identities
                .get(context)
                .filter(|v| !v.is_empty())
            {
                let identity = RemoteIdentity::read_for(identity, setup.skypilot_version);
                own.insert("remote_identity", identity.as_config_value());
            }
            contexts.push_distinct(context.to_owned(), Node::Map(own));
        }
        if !contexts.is_empty() {
            kubernetes.insert("context_configs", Node::Map(contexts));
        }
        let mut workspace = Map::new();
        if !kubernetes.is_empty() {
            workspace.insert("kubernetes", Node::Map(kubernetes));
        }
        out.push_distinct(name.clone(), Node::Map(workspace));
    }
    out
}

/// `context_configs`: each context with its own identity or namespace, where they differ from
/// the defaults.
fn context_configs(setup: &Setup, default_identity: &RemoteIdentity) -> Map {
    let contexts = &setup.contexts;
    let mut out = Map::new();
    // Appended, not `insert`ed (a search per key): a file may list tens of thousands of
    // contexts. Each name once, as `insert` would keep it.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for context in per_context_names(setup) {
        let mut own = Map::new();
        if let Some(value) = contexts.identities.get(context) {
            if value != default_identity.as_config_value() {
                own.insert("remote_identity", value.as_str());
            }
        }
        if let Some(namespace) = contexts.namespaces.get(context) {
            if namespace != setup.launch_namespace() && writes_namespaces(setup) {
                own.insert("namespace", namespace.as_str());
            }
        }
        if !own.is_empty() && seen.insert(context.as_str()) {
            out.push_distinct(context.clone(), Node::Map(own));
        }
    }
    out
}

/// The comments written above a key (by the line's start: `kubernetes:` keys two spaces in,
/// per-context keys six): what older releases do with it.
const KEY_NOTES: &[(&str, Change, &str)] = &[
    (
        "  namespace:",
        Change::Namespace,
        "  # Remove this key before SkyPilot {minor}: older releases reject the whole config.",
    ),
    (
        "      namespace:",
        Change::Namespace,
        "      # Remove this key before SkyPilot {minor}: older releases reject the whole config.",
    ),
    (
        "  remote_identity: NO_UPLOAD",
        Change::NoUpload,
        "  # NO_UPLOAD needs SkyPilot {release}+: older releases take it as an account's name.",
    ),
    (
        "  remote_identity: NONE",
        Change::RemoteIdentityNone,
        "  # NONE is the nightly's ({nightly}+): releases take it as an account's name.",
    ),
    (
        "metrics:",
        Change::MetricsPrometheus,
        "# Remove this key before SkyPilot {minor}: an older API server rejects the config.",
    ),
];

/// A note's template with the versions that brought its change (`crate::release`, the one
/// place they are written): `{minor}` (`0.13`), `{release}` (`0.11.2`), `{nightly}`.
fn note(change: Change, template: &str) -> String {
    let since = change.since();
    let mut note = template.to_owned();
    if let Some(release) = since.release {
        note = note
            .replace("{minor}", &format!("{}.{}", release.major, release.minor))
            .replace("{release}", &release.to_string());
    }
    if let Some(date) = since.nightly {
        note = note.replace("{nightly}", &SkyPilotVersion::Nightly(date).to_string());
    }
    note
}

/// The snippet with a comment above each key older releases read differently.
fn annotate(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 256);
    // The cloud sections' `remote_identity: NO_UPLOAD` (a cloud identity's) is not the
    // Kubernetes keyword the notes are about.
    let mut in_cloud_section = false;
    for line in yaml.lines() {
        if !line.starts_with(' ') {
            in_cloud_section = ["aws:", "gcp:", "azure:"].contains(&line);
        }
        if let Some((_, change, template)) = KEY_NOTES
            .iter()
            .find(|(start, _, _)| line.starts_with(start))
            .filter(|_| !in_cloud_section)
        {
            out.push_str(&note(*change, template));
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
