//! The keys SkyPilot's config schema knows (SkyPilot 0.14.1, `sky/utils/schemas.py`, and the
//! nightly's additions by the release change that brought them), and the finding for one it
//! does not, with the nearest known key.

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
        .filter(|candidate| known(candidate));
    let closest = candidates
        .map(|candidate| (edit_distance(key, candidate), *candidate))
        .min()
        .filter(|(distance, _)| *distance <= 3.max(key.len() / 4));
    let hint = match closest {
        Some((_, candidate)) => format!(" Did you mean `{candidate}`?"),
        None => String::new(),
    };
    finding(
        FindingCode::ConfigUnknownKey,
        Severity::Warning,
        context,
        format!("`{under}.{key}` is not a key SkyPilot knows: a client ignores it, an API server refuses the config.{hint}"),
    )
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
