//! A setup read back from a SkyPilot config's settings (`~/.sky/config.yaml`, or an API
//! server's `apiService.config`): `kubernetes.{allowed_contexts, remote_identity, namespace,
//! context_configs}` and each `workspaces.<ws>.kubernetes` (with its own `context_configs`), so the RBAC of every team of an
//! existing config can be generated (`skyauth rbac --workspace-config`). Values of the wrong
//! type are errors naming the key; keys skyauth does not generate for are ignored (the
//! doctor's linter judges them).

use serde_yaml::{Mapping, Value};

use super::{AllowedContexts, AuthMethod, RemoteIdentity, Setup, SetupEdit, Team};
use crate::release::SkyPilotVersion;

/// The setup `settings` describe, for `version`, or the first key of the wrong type.
pub fn setup_from_settings(settings: &Mapping, version: SkyPilotVersion) -> Result<Setup, String> {
    let mut setup = Setup {
        skypilot_version: version,
        ..Setup::default()
    };
    let kubernetes = mapping(settings.get("kubernetes"), "kubernetes")?;
    if let Some(kubernetes) = kubernetes {
        if let Some(value) = string(
            kubernetes.get("remote_identity"),
            "kubernetes.remote_identity",
        )? {
            setup.apply(SetupEdit::UseIdentity(RemoteIdentity::read_for(
                &value, version,
            )));
        }
        if let Some(namespace) = string(kubernetes.get("namespace"), "kubernetes.namespace")? {
            match setup.auth {
                AuthMethod::Custom => setup.account.namespace = namespace,
                _ => setup.launcher.namespace = namespace,
            }
        }
        match kubernetes.get("allowed_contexts") {
            None => {}
            Some(Value::String(all)) if all == "all" => {
                setup.contexts.allowed = AllowedContexts::All
            }
            Some(value) => {
                setup.contexts.allowed = AllowedContexts::List;
                setup.contexts.names = strings(value, "kubernetes.allowed_contexts")?;
            }
        }
        if let Some(contexts) = mapping(
            kubernetes.get("context_configs"),
            "kubernetes.context_configs",
        )? {
            for (context, settings) in contexts {
                let Some(context) = context.as_str() else {
                    return Err("kubernetes.context_configs: a context name is not a string".into());
                };
                let key = format!("kubernetes.context_configs.{context}");
                let Some(settings) = mapping(Some(settings), &key)? else {
                    continue;
                };
                setup.contexts.per_context = true;
                if !setup.contexts.names.iter().any(|name| name == context) {
                    setup.contexts.names.push(context.to_owned());
                }
                if let Some(value) = string(
                    settings.get("remote_identity"),
                    &format!("{key}.remote_identity"),
                )? {
                    setup.contexts.identities.insert(context.to_owned(), value);
                }
                if let Some(value) = string(settings.get("namespace"), &format!("{key}.namespace"))?
                {
                    setup.contexts.namespaces.insert(context.to_owned(), value);
                }
            }
        }
    }
    if let Some(workspaces) = mapping(settings.get("workspaces"), "workspaces")? {
        for (name, workspace) in workspaces {
            let Some(name) = name.as_str() else {
                return Err("workspaces: a workspace name is not a string".into());
            };
            let key = format!("workspaces.{name}.kubernetes");
            let mut team = Team::default();
            let workspace = mapping(Some(workspace), &format!("workspaces.{name}"))?;
            if let Some(kubernetes) = workspace.and_then(|w| w.get("kubernetes")) {
                let Some(kubernetes) = mapping(Some(kubernetes), &key)? else {
                    continue;
                };
                if let Some(contexts) = kubernetes.get("allowed_contexts") {
                    team.contexts = strings(contexts, &format!("{key}.allowed_contexts"))?;
                }
                team.namespace = string(kubernetes.get("namespace"), &format!("{key}.namespace"))?
                    .unwrap_or_default();
                team.identity = string(
                    kubernetes.get("remote_identity"),
                    &format!("{key}.remote_identity"),
                )?
                .unwrap_or_default();
                read_team_contexts(kubernetes, &key, &mut team)?;
            }
            setup.teams.insert(name.to_owned(), team);
        }
    }
    Ok(setup)
}

/// A workspace's own `context_configs.<ctx>.{namespace, remote_identity}`.
fn read_team_contexts(kubernetes: &Mapping, key: &str, team: &mut Team) -> Result<(), String> {
    let key = format!("{key}.context_configs");
    let Some(contexts) = mapping(kubernetes.get("context_configs"), &key)? else {
        return Ok(());
    };
    for (context, settings) in contexts {
        let Some(context) = context.as_str() else {
            return Err(format!("{key}: a context name is not a string"));
        };
        let key = format!("{key}.{context}");
        let Some(settings) = mapping(Some(settings), &key)? else {
            continue;
        };
        if let Some(value) = string(settings.get("namespace"), &format!("{key}.namespace"))? {
            team.context_namespaces.insert(context.to_owned(), value);
        }
        let identity = format!("{key}.remote_identity");
        if let Some(value) = string(settings.get("remote_identity"), &identity)? {
            team.context_identities.insert(context.to_owned(), value);
        }
    }
    Ok(())
}

fn mapping<'a>(value: Option<&'a Value>, key: &str) -> Result<Option<&'a Mapping>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Mapping(map)) => Ok(Some(map)),
        Some(_) => Err(format!("`{key}` is not a mapping")),
    }
}

fn string(value: Option<&Value>, key: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Mapping(_)) if key.ends_with("remote_identity") => Err(format!(
            "`{key}` is the old per-context mapping: skyauth reads the string form only \
             (`remote_identity: VALUE` plus `context_configs`); `skyauth doctor` explains why"
        )),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

fn strings(value: &Value, key: &str) -> Result<Vec<String>, String> {
    let Value::Sequence(items) = value else {
        return Err(format!("`{key}` is not a list of context names (or `all`)"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Ok(text.clone()),
            _ => Err(format!("`{key}` has an entry that is not a string")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Setup {
        let settings: Mapping = serde_yaml::from_str(text).expect("yaml");
        setup_from_settings(&settings, SkyPilotVersion::LATEST).expect("setup")
    }

    #[test]
    fn a_generated_config_reads_back_as_its_setup() {
        let mut setup = Setup::default();
        setup.contexts.allowed = AllowedContexts::List;
        setup.contexts.names = vec!["gke-prod".into(), "eks-prod".into()];
        setup.launcher.namespace = "ml".into();
        setup.teams.insert(
            "research".into(),
            Team {
                contexts: vec!["gke-prod".into(), "eks-prod".into()],
                namespace: "ml-research".into(),
                identity: "research-sa".into(),
                context_namespaces: [("eks-prod".to_owned(), "ml-eks".to_owned())].into(),
                context_identities: [("eks-prod".to_owned(), "NO_UPLOAD".to_owned())].into(),
                ..Team::default()
            },
        );
        setup.teams.insert("empty".into(), Team::default());
        let config = crate::generate::generate(&setup).expect("valid").config;
        assert_eq!(read(&config), setup);
    }

    #[test]
    fn wrong_types_name_their_key() {
        let settings: Mapping =
            serde_yaml::from_str("workspaces:\n  a:\n    kubernetes:\n      namespace: [x]\n")
                .unwrap();
        let error = setup_from_settings(&settings, SkyPilotVersion::LATEST).unwrap_err();
        assert!(
            error.contains("workspaces.a.kubernetes.namespace"),
            "{error}"
        );
    }
}
