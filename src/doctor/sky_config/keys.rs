//! The keys SkyPilot's config schema knows (SkyPilot 0.14.1, `sky/utils/schemas.py`, and the
//! nightly's additions by the release change that brought them), under `kubernetes:` and
//! under each `workspaces.<ws>`, and the finding for one it does not, with the nearest known
//! key.

use super::finding;
use crate::doctor::finding::{Finding, FindingCode, Severity};
use crate::release::{Change, SkyPilotVersion};

/// The keys of a context's settings (`kubernetes.<key>` and `context_configs.<ctx>.<key>`),
/// from SkyPilot 0.14.1's `sky/utils/schemas.py` (`_CONTEXT_CONFIG_SCHEMA_KUBERNETES`).
pub const CONTEXT_KEYS: &[&str] = &[
    "allowed_nodes",
    "apt_mirrors",
    "auto_mounts",
    "autoscaler",
    "custom_metadata",
    "dws",
    "enable_docker",
    "high_availability",
    "kueue",
    "max_inline_command_length",
    "namespace",
    "networking",
    "pod_config",
    "ports",
    "post_provision_runcmd",
    "pricing",
    "provision_timeout",
    "quota",
    "rdma",
    "remote_identity",
    "set_pod_resource_limits",
];

/// The keys only `kubernetes:` itself has.
const KUBERNETES_ONLY_KEYS: &[&str] = &["allowed_contexts", "context_configs"];

/// The top-level keys of SkyPilot 0.14.1's config schema.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "active_workspace",
    "admin_policy",
    "allowed_clouds",
    "api_server",
    "aws",
    "azure",
    "daemons",
    "dashboard",
    "data",
    "db",
    "docker",
    "gcp",
    "jobs",
    "kubernetes",
    "logs",
    "metrics",
    "nebius",
    "nvidia_gpus",
    "oci",
    "plugins",
    "provision",
    "rbac",
    "serve",
    "slurm",
    "ssh",
    "vast",
    "workspace",
    "workspace_config",
    "workspaces",
];

/// Context keys of the nightly only, with the change that brought each.
const NIGHTLY_CONTEXT_KEYS: &[(&str, Change)] =
    &[("host_network_port_range", Change::HostNetworkPortRange)];

/// The keys of one workspace (`workspaces.<ws>.<key>`), from SkyPilot 0.14.1's
/// `workspaces_schema`: its own settings, the clouds with workspace settings, and every other
/// cloud SkyPilot knows (`constants.ALL_CLOUDS` and `STORAGE_ONLY_CLOUDS`), which may only
/// say `disabled`. The schema refuses any other key, on a client too.
pub const WORKSPACE_KEYS: &[&str] = &[
    "allowed_users",
    "aws",
    "azure",
    "cloudflare",
    "coreweave",
    "cudo",
    "do",
    "fluidstack",
    "gcp",
    "huggingface",
    "hyperbolic",
    "ibm",
    "kubernetes",
    "lambda",
    "mithril",
    "nebius",
    "oci",
    "paperspace",
    "primeintellect",
    "private",
    "read_access",
    "runpod",
    "scp",
    "seeweb",
    "shadeform",
    "slurm",
    "ssh",
    "vast",
    "vastdata",
    "verda",
    "vsphere",
    "yotta",
];

/// Workspace keys of the nightly only, with the change that brought each.
const NIGHTLY_WORKSPACE_KEYS: &[(&str, Change)] = &[("name", Change::WorkspaceName)];

/// The keys of a workspace's `kubernetes:` (`workspaces.<ws>.kubernetes.<key>`), SkyPilot
/// 0.14.1 and the nightly alike (`namespace` and `remote_identity` from 0.13.0: a release
/// before it gets its own finding).
pub const WORKSPACE_KUBERNETES_KEYS: &[&str] = &[
    "allowed_contexts",
    "context_configs",
    "disabled",
    "kueue",
    "namespace",
    "quota",
    "remote_identity",
];

/// The keys of one context under a workspace (`workspaces.<ws>.kubernetes.context_configs.<ctx>`).
pub const WORKSPACE_CONTEXT_KEYS: &[&str] = &["kueue", "namespace", "quota", "remote_identity"];

/// Whether SkyPilot `version` knows `key` directly under a workspace.
pub(super) fn is_workspace_key(key: &str, version: SkyPilotVersion) -> bool {
    WORKSPACE_KEYS.contains(&key)
        || NIGHTLY_WORKSPACE_KEYS
            .iter()
            .any(|(known, change)| *known == key && version.has(*change))
}

/// Every workspace key some version knows, for suggesting the one that was meant.
pub(super) fn workspace_key_candidates() -> impl Iterator<Item = &'static str> {
    WORKSPACE_KEYS
        .iter()
        .copied()
        .chain(NIGHTLY_WORKSPACE_KEYS.iter().map(|(key, _)| *key))
}

/// Whether SkyPilot `version` knows `key` as a context setting (`namespace` included: a
/// release before it gets its own finding, which says more than "unknown").
pub(super) fn is_context_key(key: &str, version: SkyPilotVersion) -> bool {
    CONTEXT_KEYS.contains(&key)
        || NIGHTLY_CONTEXT_KEYS
            .iter()
            .any(|(known, change)| *known == key && version.has(*change))
}

pub(super) fn is_kubernetes_key(key: &str, version: SkyPilotVersion) -> bool {
    KUBERNETES_ONLY_KEYS.contains(&key) || is_context_key(key, version)
}

pub(super) fn unknown_key(
    key: &str,
    under: &str,
    known: impl Fn(&str) -> bool,
    context: Option<&str>,
) -> Finding {
    let candidates = KUBERNETES_ONLY_KEYS
        .iter()
        .chain(CONTEXT_KEYS)
        .chain(NIGHTLY_CONTEXT_KEYS.iter().map(|(key, _)| key))
        .copied();
    let hint = did_you_mean(key, candidates.filter(|candidate| known(candidate)));
    finding(
        FindingCode::ConfigUnknownKey,
        Severity::Warning,
        context,
        format!("`{under}.{key}` is not a key SkyPilot knows: a client ignores it, an API server refuses the config.{hint}"),
    )
}

/// ` Did you mean `KEY`?` for the candidate nearest to `key`, when one is near enough to be
/// a misspelling; empty otherwise.
pub(super) fn did_you_mean<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let closest = candidates
        .map(|candidate| (edit_distance(key, candidate), candidate))
        .min()
        .filter(|(distance, _)| *distance <= 3.max(key.len() / 4));
    match closest {
        Some((_, candidate)) => format!(" Did you mean `{candidate}`?"),
        None => String::new(),
    }
}

/// Levenshtein distance, for suggesting the key that was meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("remote_identiy", "remote_identity"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
