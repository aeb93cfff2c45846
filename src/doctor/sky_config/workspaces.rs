//! The teams of a SkyPilot config (`workspaces:`, `docs/skypilot-facts.md` §1): each
//! workspace's keys, its `kubernetes:` and that section's `context_configs`, read with the
//! chosen release's schema (its `context_configs` and `kueue` from 0.11.2, `quota` from
//! 0.12.1, its own `namespace` and `remote_identity` from 0.13.0, `read_access` from 0.14.0:
//! [`Change::WorkspaceKueue`], [`Change::WorkspaceQuota`], [`Change::WorkspaceIdentity`],
//! [`Change::WorkspaceReadAccess`], each found by validating against those releases' schemas); its `remote_identity` keywords, as the `kubernetes:`
//! section's are judged; and the contexts each team may use, checked against the kubeconfig
//! by [`missing_contexts`]. The findings have their own codes (`config-workspace-*`), whose
//! fixes speak of the workspace.

use serde_yaml::{Mapping, Value};

use super::keys::{
    did_you_mean, is_kubernetes_key, is_workspace_key, workspace_key_candidates,
    WORKSPACE_CONTEXT_KEYS, WORKSPACE_KUBERNETES_KEYS,
};
use super::{check_identity, finding, needs_newer, IdentityAt, SkyConfig};
use crate::doctor::finding::{Finding, FindingCode, Severity};
use crate::release::{Change, SkyPilotVersion};

/// Reads `workspaces:` into `config`: findings, and each team's own allowed contexts.
pub(super) fn read_workspaces(
    workspaces: &Mapping,
    version: SkyPilotVersion,
    config: &mut SkyConfig,
) {
    for (name, settings) in workspaces {
        let (Some(name), Value::Mapping(settings)) = (name.as_str(), settings) else {
            continue;
        };
        for (key, value) in settings {
            let Some(key) = key.as_str() else { continue };
            if key == "name" && !version.has(Change::WorkspaceName) {
                config.findings.push(needs_newer(
                    Some(&format!("workspaces.{name}.name")),
                    Change::WorkspaceName,
                    version,
                    None,
                    "that release refuses the whole config, on a client too; remove the key (the workspace is shown by its key)",
                ));
            } else if !is_workspace_key(key, version) {
                config.findings.push(unknown_workspace_key(name, key));
            } else if let Some(change) = workspace_key_change(key, value, version) {
                config.findings.push(needs_newer(
                    Some(&format!("workspaces.{name}.{key}")),
                    change,
                    version,
                    None,
                    "that release refuses the whole config, on a client too; remove the key or choose a newer SkyPilot",
                ));
            } else if let ("kubernetes", Value::Mapping(kubernetes)) = (key, value) {
                read_kubernetes(name, kubernetes, version, config);
            }
        }
    }
}

/// The change a workspace key (with its value) needs that `version` lacks: `read_access`
/// (0.14.0), `slurm` (0.11.2, and 0.14.0 for settings beyond `disabled`), as each release's
/// schema says (checked by validating against the schemas of 0.10.0 to 0.14.1).
fn workspace_key_change(key: &str, value: &Value, version: SkyPilotVersion) -> Option<Change> {
    let change = match (key, value) {
        ("read_access", _) => Change::WorkspaceReadAccess,
        ("slurm", Value::Mapping(settings))
            if settings.keys().any(|key| key.as_str() != Some("disabled")) =>
        {
            if version.has(Change::WorkspaceKueue) {
                Change::WorkspaceReadAccess
            } else {
                Change::WorkspaceKueue
            }
        }
        ("slurm", _) => Change::WorkspaceKueue,
        _ => return None,
    };
    (!version.has(change)).then_some(change)
}

/// The change a key of a workspace's `kubernetes:` (or of one of its contexts) needs:
/// `context_configs` and `kueue` 0.11.2, `quota` 0.12.1, `namespace` and `remote_identity`
/// 0.13.0 (reported by [`identity_too_new`]).
fn kubernetes_key_change(key: &str) -> Option<Change> {
    match key {
        "context_configs" | "kueue" => Some(Change::WorkspaceKueue),
        "quota" => Some(Change::WorkspaceQuota),
        _ => None,
    }
}

/// A key directly under `workspaces.<ws>` that no release knows: SkyPilot refuses the whole
/// config (the workspace's schema allows no other key, on a client either).
fn unknown_workspace_key(workspace: &str, key: &str) -> Finding {
    let hint = if WORKSPACE_KUBERNETES_KEYS.contains(&key) {
        format!(
            " It is a Kubernetes setting: move it to `workspaces.{workspace}.kubernetes.{key}`."
        )
    } else {
        did_you_mean(key, workspace_key_candidates())
    };
    finding(
        FindingCode::ConfigWorkspaceUnknownKey,
        Severity::Error,
        None,
        format!("`workspaces.{workspace}.{key}` is not a key SkyPilot knows: it refuses the whole config, on a client too.{hint}"),
    )
}

/// A key under a workspace's `kubernetes:` or one of its contexts that SkyPilot does not
/// know there: a client passes it on, an API server refuses the config.
fn unknown_kubernetes_key(
    under: &str,
    key: &str,
    known: &[&str],
    context: Option<&str>,
    version: SkyPilotVersion,
) -> Finding {
    let hint = if is_kubernetes_key(key, version) {
        format!(" `{key}` is a setting of the top-level `kubernetes:` section (and its `context_configs`), which a workspace does not take.")
    } else {
        did_you_mean(key, known.iter().copied())
    };
    // Before 0.12.1 a workspace's `kubernetes:` allowed no other key, on a client either.
    let (severity, consequence) = if version.has(Change::WorkspaceQuota) {
        (
            Severity::Warning,
            "a client ignores it, an API server refuses the config",
        )
    } else {
        (
            Severity::Error,
            "that release refuses the whole config, on a client too",
        )
    };
    finding(
        FindingCode::ConfigWorkspaceUnknownKey,
        severity,
        context,
        format!("`{under}.{key}` is not a key SkyPilot knows there: {consequence}.{hint}"),
    )
}

/// A finding for a known key `version` does not take yet.
fn kubernetes_key_too_new(
    path: &str,
    change: Change,
    version: SkyPilotVersion,
    context: Option<&str>,
) -> Finding {
    needs_newer(
        Some(path),
        change,
        version,
        context,
        "that release refuses the whole config, on a client too; remove the key or choose a newer SkyPilot",
    )
}

fn read_kubernetes(
    workspace: &str,
    kubernetes: &Mapping,
    version: SkyPilotVersion,
    config: &mut SkyConfig,
) {
    let under = format!("workspaces.{workspace}.kubernetes");
    let disabled = kubernetes.get("disabled") == Some(&Value::Bool(true));
    for (key, value) in kubernetes {
        let Some(key) = key.as_str() else { continue };
        if !WORKSPACE_KUBERNETES_KEYS.contains(&key) {
            let finding =
                unknown_kubernetes_key(&under, key, WORKSPACE_KUBERNETES_KEYS, None, version);
            config.findings.push(finding);
            continue;
        }
        let path = format!("{under}.{key}");
        if let Some(change) = kubernetes_key_change(key).filter(|c| !version.has(*c)) {
            let finding = kubernetes_key_too_new(&path, change, version, None);
            config.findings.push(finding);
            continue;
        }
        match (key, value) {
            ("namespace" | "remote_identity", _) if !version.has(Change::WorkspaceIdentity) => {
                config
                    .findings
                    .push(identity_too_new(&path, key, version, None))
            }
            ("remote_identity", Value::String(value)) => check_identity(
                value,
                &IdentityAt {
                    path,
                    context: None,
                    workspace: true,
                },
                version,
                &mut config.findings,
            ),
            ("allowed_contexts", Value::String(all))
                if all == "all" && !version.has(Change::AllowedContextsAll) =>
            {
                config.findings.push(needs_newer(
                    Some(&path),
                    Change::AllowedContextsAll,
                    version,
                    None,
                    "list the team's contexts instead",
                ))
            }
            ("allowed_contexts", Value::Sequence(names)) if !disabled => {
                let names = names.iter().filter_map(Value::as_str).map(str::to_owned);
                config
                    .workspace_contexts
                    .push((workspace.to_owned(), names.collect()));
            }
            ("context_configs", Value::Mapping(contexts)) => {
                for (context, settings) in contexts {
                    let (Some(context), Value::Mapping(settings)) = (context.as_str(), settings)
                    else {
                        continue;
                    };
                    let under = format!("{under}.context_configs.{context}");
                    read_context(&under, context, settings, version, &mut config.findings);
                }
            }
            _ => {}
        }
    }
}

fn read_context(
    under: &str,
    context: &str,
    settings: &Mapping,
    version: SkyPilotVersion,
    findings: &mut Vec<Finding>,
) {
    for (key, value) in settings {
        let Some(key) = key.as_str() else { continue };
        if !WORKSPACE_CONTEXT_KEYS.contains(&key) {
            let known = WORKSPACE_CONTEXT_KEYS;
            findings.push(unknown_kubernetes_key(
                under,
                key,
                known,
                Some(context),
                version,
            ));
            continue;
        }
        let path = format!("{under}.{key}");
        if let Some(change) = kubernetes_key_change(key).filter(|c| !version.has(*c)) {
            findings.push(kubernetes_key_too_new(
                &path,
                change,
                version,
                Some(context),
            ));
            continue;
        }
        match (key, value) {
            ("namespace" | "remote_identity", _) if !version.has(Change::WorkspaceIdentity) => {
                findings.push(identity_too_new(&path, key, version, Some(context)))
            }
            ("remote_identity", Value::String(value)) => check_identity(
                value,
                &IdentityAt {
                    path,
                    context: Some(context),
                    workspace: true,
                },
                version,
                findings,
            ),
            _ => {}
        }
    }
}

/// A workspace's `namespace` or `remote_identity` on a release before 0.13.0.
fn identity_too_new(
    path: &str,
    key: &str,
    version: SkyPilotVersion,
    context: Option<&str>,
) -> Finding {
    let inherit = match key {
        "namespace" => "the team then launches in its context's namespace (`kubectl config set-context CONTEXT --namespace=NS`)",
        _ => "the team then runs as `kubernetes.remote_identity` (or `kubernetes.context_configs.<ctx>.remote_identity`) says",
    };
    // From 0.12.1 a client passes keys it does not know under a workspace's `kubernetes:`.
    let refused = if version.has(Change::WorkspaceQuota) {
        "an API server of that release refuses the config (a client ignores the key)"
    } else {
        "that release refuses the whole config, on a client too"
    };
    needs_newer(
        Some(path),
        Change::WorkspaceIdentity,
        version,
        context,
        &format!("{refused}; remove it: {inherit}"),
    )
}

/// The teams' allowed contexts that the kubeconfig (its context `names`) lacks: `sky check`
/// skips them for that team, as for `kubernetes.allowed_contexts`
/// (`Kubernetes.existing_allowed_contexts`).
pub(super) fn missing_contexts(teams: &[(String, Vec<String>)], names: &[&str]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (workspace, allowed) in teams {
        let missing: Vec<&String> = allowed
            .iter()
            .filter(|name| !names.contains(&name.as_str()))
            .collect();
        let none_left = missing.len() == allowed.len();
        for name in missing {
            let consequence = if none_left {
                "; the kubeconfig has none of the team's contexts, so it cannot launch on Kubernetes"
            } else {
                ""
            };
            findings.push(finding(
                FindingCode::ConfigWorkspaceMissingContext,
                Severity::Warning,
                Some(name),
                format!("workspaces.{workspace}.kubernetes.allowed_contexts lists `{name}`, which the kubeconfig does not have: `sky check` skips it for team `{workspace}`{consequence}."),
            ));
        }
    }
    findings
}
