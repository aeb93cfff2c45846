//! The user's `~/.sky/config.yaml`, read beside the kubeconfig: the traps SkyPilot's schema
//! lets through on a client (`docs/skypilot-facts.md` §1–3), as findings in the kubeconfig's
//! shape, and what the diagnosis needs from it (is `allowed_contexts` set?).
//!
//! Read through the same guarded YAML entry point as the kubeconfig
//! ([`crate::yaml::guard::admit`]).
//!
//! Kept in one file on purpose: each trap's check and its finding text sit beside the key it
//! reads; the teams' section (`workspaces:`) is read in `workspaces.rs`, the known keys are in
//! `keys.rs` and the tests in `tests.rs`.

use std::fmt;

use serde_yaml::{Mapping, Value};

use super::finding::{Finding, FindingCode, Severity, Situation};
use super::journey::JourneyKind;
use super::model::Kubeconfig;
use super::parse::{MAX_ALIASES, MAX_NESTING};
use super::redact::without_values;
use crate::release::{Change, SkyPilotVersion};
use crate::setup::RemoteIdentity;
use crate::yaml::guard::{admit, Limits, Refusal};
use crate::yaml::merge::{self, MergeRules};

mod keys;
mod workspaces;

use keys::{is_context_key, is_kubernetes_key, unknown_key};
pub use keys::{
    CONTEXT_KEYS, TOP_LEVEL_KEYS, WORKSPACE_CONTEXT_KEYS, WORKSPACE_KEYS, WORKSPACE_KUBERNETES_KEYS,
};

/// The largest SkyPilot config read.
pub const MAX_SKY_CONFIG_BYTES: usize = 1024 * 1024;

const LIMITS: Limits = Limits {
    max_bytes: MAX_SKY_CONFIG_BYTES,
    max_aliases: MAX_ALIASES,
    max_nesting: MAX_NESTING,
};

/// Why the SkyPilot config could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkyConfigError(pub String);

impl fmt::Display for SkyConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "The SkyPilot config: {}", self.0)
    }
}

impl std::error::Error for SkyConfigError {}

/// `kubernetes.allowed_contexts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedSetting {
    All,
    List(Vec<String>),
}

/// What the doctor read of a SkyPilot config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkyConfig {
    /// `kubernetes.allowed_contexts`, when set.
    pub allowed_contexts: Option<AllowedSetting>,
    /// `kubernetes.remote_identity`, when it is a string.
    pub remote_identity: Option<String>,
    /// The old per-context mapping under `remote_identity`: (pattern, value).
    pub identity_mapping: Option<Vec<(String, String)>>,
    /// Each team's own `workspaces.<ws>.kubernetes.allowed_contexts` list: (workspace,
    /// contexts), in the file's order.
    pub workspace_contexts: Vec<(String, Vec<String>)>,
    /// What is wrong with the file on its own.
    pub findings: Vec<Finding>,
}

fn situation() -> Situation<'static> {
    Situation::new(JourneyKind::Launcher)
}

fn finding(
    code: FindingCode,
    severity: Severity,
    context: Option<&str>,
    message: String,
) -> Finding {
    Finding::new(code, severity, context, message, &situation())
}

/// The settings of a SkyPilot config as a YAML mapping (merge keys resolved as SkyPilot's
/// PyYAML reads them), or why it cannot be read; an empty file is an empty mapping. An API
/// server's chart values (`apiService.config`) yield the config they hold.
pub fn read_settings(text: &str) -> Result<Mapping, SkyConfigError> {
    let root = read_root(text)?;
    match root
        .get("apiService")
        .and_then(|service| service.get("config"))
        .and_then(Value::as_str)
    {
        Some(inner) => read_root(inner),
        None => Ok(root),
    }
}

fn read_root(text: &str) -> Result<Mapping, SkyConfigError> {
    let text = match admit(text, LIMITS) {
        Ok(text) => text,
        Err(Refusal::Empty) => return Ok(Mapping::new()),
        Err(refusal) => return Err(SkyConfigError(refused(refusal))),
    };
    let mut root: Value = serde_yaml::from_str(text).map_err(|error| {
        let location = error
            .location()
            .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
            .unwrap_or_default();
        let message = without_values(&error.to_string());
        let message = message
            .find(" at line ")
            .map_or(message.as_str(), |at| &message[..at])
            .to_owned();
        SkyConfigError(format!("{location}{message}"))
    })?;
    // Merge keys (`<<: *base`) as SkyPilot's PyYAML reads them.
    merge::resolve(&mut root, MergeRules::PyYaml).map_err(SkyConfigError)?;
    match root {
        Value::Null => Ok(Mapping::new()),
        Value::Mapping(root) => Ok(root),
        _ => Err(SkyConfigError(
            "it is not a mapping of settings (`kubernetes: ...`)".into(),
        )),
    }
}

/// Reads a SkyPilot config (`~/.sky/config.yaml`, or an API server's `apiService.config`)
/// as the latest release reads it.
pub fn read_sky_config(text: &str) -> Result<SkyConfig, SkyConfigError> {
    read_sky_config_for(text, SkyPilotVersion::LATEST)
}

/// Reads a SkyPilot config as SkyPilot `version` reads it: its keys, its keywords.
pub fn read_sky_config_for(
    text: &str,
    version: SkyPilotVersion,
) -> Result<SkyConfig, SkyConfigError> {
    let root = read_root(text)?;
    let mut config = SkyConfig::default();
    for key in root.keys().filter_map(Value::as_str) {
        if is_kubernetes_key(key, version) && !TOP_LEVEL_KEYS.contains(&key) {
            config.findings.push(finding(
                FindingCode::ConfigMisplacedKey,
                Severity::Error,
                None,
                format!("`{key}` is at the top level of the SkyPilot config, but it is a `kubernetes:` setting."),
            ));
        }
    }
    if let Some(Value::Mapping(kubernetes)) = root.get("kubernetes") {
        read_kubernetes(kubernetes, version, &mut config);
    }
    if let Some(Value::Mapping(teams)) = root.get("workspaces") {
        workspaces::read_workspaces(teams, version, &mut config);
    }
    let prometheus = root
        .get("metrics")
        .and_then(Value::as_mapping)
        .is_some_and(|metrics| metrics.contains_key("prometheus"));
    if prometheus && !version.has(Change::MetricsPrometheus) {
        config.findings.push(too_new(
            Change::MetricsPrometheus,
            version,
            None,
            "an API server of that release rejects the config",
        ));
    }
    Ok(config)
}

fn refused(refusal: Refusal) -> String {
    match refusal {
        Refusal::TooLarge { bytes } => {
            format!("it is {bytes} bytes; the doctor reads at most {MAX_SKY_CONFIG_BYTES}")
        }
        Refusal::NotText => "it is not UTF-8 text".into(),
        Refusal::Empty => "it is empty".into(),
        Refusal::TooDeep => format!("it nests more than {MAX_NESTING} levels deep"),
        Refusal::TooManyAliases { count } => {
            format!("it uses {count} YAML aliases, more than a config could need")
        }
        Refusal::ExpandsPastLimit {
            alias,
            line,
            column,
            limit,
        } => format!(
            "line {line}, column {column}: the alias `*{alias}` repeats its anchor's value until the file, expanded, is larger than {}, the most the doctor reads",
            crate::yaml::guard::size_in_units(limit)
        ),
    }
}

fn read_kubernetes(kubernetes: &Mapping, version: SkyPilotVersion, config: &mut SkyConfig) {
    let known = |key: &str| is_kubernetes_key(key, version);
    for (key, value) in kubernetes {
        let Some(key) = key.as_str() else { continue };
        if !known(key) {
            config
                .findings
                .push(unknown_key(key, "kubernetes", known, None));
            continue;
        }
        match (key, value) {
            ("namespace", _) if !version.has(Change::Namespace) => {
                config.findings.push(too_new(
                    Change::Namespace,
                    version,
                    None,
                    "that release rejects the whole config; remove the key and set the context's namespace instead (`kubectl config set-context --current --namespace=NS`)",
                ));
            }
            ("allowed_contexts", Value::String(all)) if all == "all" => {
                if !version.has(Change::AllowedContextsAll) {
                    config.findings.push(too_new(
                        Change::AllowedContextsAll,
                        version,
                        None,
                        "list the contexts instead",
                    ));
                }
                config.allowed_contexts = Some(AllowedSetting::All)
            }
            ("allowed_contexts", Value::Sequence(names)) => {
                config.allowed_contexts = Some(AllowedSetting::List(
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                ))
            }
            ("remote_identity", Value::String(value)) => {
                config.remote_identity = Some(value.clone());
                let at = IdentityAt::section("kubernetes.remote_identity".into(), None);
                check_identity(value, &at, version, &mut config.findings);
            }
            ("remote_identity", Value::Mapping(mapping)) => read_mapping(mapping, config),
            ("remote_identity", Value::Sequence(items)) => {
                // The old form was also written as a list of one-entry mappings.
                let mut merged = Mapping::new();
                for item in items {
                    if let Value::Mapping(entry) = item {
                        merged.extend(entry.clone());
                    }
                }
                read_mapping(&merged, config);
            }
            ("ports", value) => check_ports(value, None, &mut config.findings),
            ("context_configs", Value::Mapping(contexts)) => {
                for (context, settings) in contexts {
                    let (Some(context), Value::Mapping(settings)) = (context.as_str(), settings)
                    else {
                        continue;
                    };
                    read_context(context, settings, version, &mut config.findings);
                }
            }
            _ => {}
        }
    }
}

fn read_context(
    context: &str,
    settings: &Mapping,
    version: SkyPilotVersion,
    findings: &mut Vec<Finding>,
) {
    let known = |key: &str| is_context_key(key, version);
    for (key, value) in settings {
        let Some(key) = key.as_str() else { continue };
        if !known(key) {
            findings.push(unknown_key(
                key,
                &format!("context_configs.{context}"),
                known,
                Some(context),
            ));
            continue;
        }
        match (key, value) {
            ("namespace", _) if !version.has(Change::Namespace) => findings.push(too_new(
                Change::Namespace,
                version,
                Some(context),
                &format!("that release rejects the whole config; remove the key and set the context's namespace instead (`kubectl config set-context {context} --namespace=NS`)"),
            )),
            ("remote_identity", Value::String(value)) => {
                let path = format!("context_configs.{context}.remote_identity");
                check_identity(value, &IdentityAt::section(path, Some(context)), version, findings)
            }
            ("ports", value) => check_ports(value, Some(context), findings),
            _ => {}
        }
    }
}

fn read_mapping(mapping: &Mapping, config: &mut SkyConfig) {
    let entries: Vec<(String, String)> = mapping
        .iter()
        .filter_map(|(pattern, value)| {
            Some((pattern.as_str()?.to_owned(), value.as_str()?.to_owned()))
        })
        .collect();
    let keywords: Vec<&str> = entries
        .iter()
        .map(|(_, value)| value.as_str())
        .filter(|value| {
            RemoteIdentity::KEYWORDS
                .iter()
                .any(|keyword| keyword.eq_ignore_ascii_case(value))
        })
        .collect();
    let (severity, keywords_note) = if keywords.is_empty() {
        (Severity::Warning, String::new())
    } else {
        (
            Severity::Error,
            format!(
                " The keywords in it ({}) are not honoured: only the service-account choice reads the mapping, and every other check compares `remote_identity` with a string.",
                keywords.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        )
    };
    config.findings.push(finding(
        FindingCode::ConfigIdentityMapping,
        severity,
        None,
        format!("kubernetes.remote_identity is the old per-context mapping: SkyPilot's schema still accepts it, but a context it does not list fails at launch (`Context ... not found in remote identities`).{keywords_note}"),
    ));
    config.identity_mapping = Some(entries);
}

/// A finding for a key or keyword `version` lacks, with what to do instead.
fn too_new(
    change: Change,
    version: SkyPilotVersion,
    context: Option<&str>,
    instead: &str,
) -> Finding {
    needs_newer(None, change, version, context, instead)
}

/// [`too_new`], or for the key `workspace_key` of a workspace (`workspaces.<ws>...`), whose
/// findings have their own code and name the key.
fn needs_newer(
    workspace_key: Option<&str>,
    change: Change,
    version: SkyPilotVersion,
    context: Option<&str>,
    instead: &str,
) -> Finding {
    let (code, key) = match workspace_key {
        None => (FindingCode::ConfigNeedsNewerSkypilot, String::new()),
        Some(key) => (
            FindingCode::ConfigWorkspaceNeedsNewerSkypilot,
            format!("`{key}`: "),
        ),
    };
    finding(
        code,
        Severity::Error,
        context,
        format!("{key}{}: {instead}.", change.missing_in(version)),
    )
}

/// Where a `remote_identity` string sits: the `kubernetes:` section (or one of its contexts),
/// or a workspace, whose findings have their own codes.
struct IdentityAt<'a> {
    /// Its key, as the messages name it (`kubernetes.remote_identity`).
    path: String,
    /// The context it concerns, if any.
    context: Option<&'a str>,
    /// In `workspaces.<ws>.kubernetes`.
    workspace: bool,
}

impl<'a> IdentityAt<'a> {
    fn section(path: String, context: Option<&'a str>) -> Self {
        IdentityAt {
            path,
            context,
            workspace: false,
        }
    }
}

/// A `remote_identity` string: a keyword `version` lacks, or one in the wrong case.
fn check_identity(
    value: &str,
    at: &IdentityAt,
    version: SkyPilotVersion,
    findings: &mut Vec<Finding>,
) {
    if let Some(change) = RemoteIdentity::keyword_change(value).filter(|c| !version.has(*c)) {
        let instead = match change {
            Change::NoUpload => "that release takes it as the name of a service account",
            _ => "that release takes it as the name of a service account, and Kubernetes rejects the pods",
        };
        let workspace_key = at.workspace.then_some(at.path.as_str());
        findings.push(needs_newer(
            workspace_key,
            change,
            version,
            at.context,
            instead,
        ));
    }
    check_identity_case(value, at, findings);
}

fn check_identity_case(value: &str, at: &IdentityAt, findings: &mut Vec<Finding>) {
    let Some(keyword) = RemoteIdentity::KEYWORDS
        .iter()
        .find(|keyword| keyword.eq_ignore_ascii_case(value) && **keyword != value)
    else {
        return;
    };
    let code = match at.workspace {
        false => FindingCode::ConfigKeywordCase,
        true => FindingCode::ConfigWorkspaceKeywordCase,
    };
    findings.push(finding(
        code,
        Severity::Error,
        at.context,
        format!("{} is `{value}`: SkyPilot compares keywords literally, so it reads a service account named `{value}`, not `{keyword}`.", at.path),
    ));
}

fn check_ports(value: &Value, context: Option<&str>, findings: &mut Vec<Finding>) {
    if value
        .as_str()
        .is_some_and(|ports| ports.eq_ignore_ascii_case("nodeport"))
    {
        findings.push(finding(
            FindingCode::ConfigNodeport,
            Severity::Error,
            context,
            "`ports: nodeport` is not a mode SkyPilot supports: its schema allows loadbalancer, ingress and podip.".into(),
        ));
    }
}

/// `fnmatch`-style matching as SkyPilot 0.14 does for the old mapping: `*` and `?`.
fn pattern_matches(pattern: &str, name: &str) -> bool {
    fn go(pattern: &[char], name: &[char]) -> bool {
        match pattern.split_first() {
            None => name.is_empty(),
            Some(('*', rest)) => (0..=name.len()).any(|skip| go(rest, &name[skip..])),
            Some(('?', rest)) => !name.is_empty() && go(rest, &name[1..]),
            Some((c, rest)) => name.first() == Some(c) && go(rest, &name[1..]),
        }
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Long patterns with many stars are not configs anyone writes; compare them literally.
    if pattern.iter().filter(|c| **c == '*').count() > 8 {
        return pattern == name;
    }
    go(&pattern, &name)
}

impl SkyConfig {
    /// True when `kubernetes.allowed_contexts` is set, so the kubeconfig travels to
    /// SkyPilot's controllers unless the identity is NO_UPLOAD.
    pub fn sets_allowed_contexts(&self) -> bool {
        self.allowed_contexts.is_some()
    }

    /// The default identity it sets, when it is one SkyPilot reads as meant.
    pub fn default_identity(&self) -> Option<RemoteIdentity> {
        let value = self.remote_identity.as_deref()?;
        let miscased = RemoteIdentity::KEYWORDS
            .iter()
            .any(|keyword| keyword.eq_ignore_ascii_case(value) && *keyword != value);
        (!miscased && !value.is_empty()).then(|| RemoteIdentity::from_config_value(value))
    }

    /// Its findings, and those that need the kubeconfig: allowed contexts it lacks, contexts
    /// the old mapping misses.
    pub fn findings_against(&self, kubeconfig: &Kubeconfig) -> Vec<Finding> {
        let mut findings = self.findings.clone();
        let names: Vec<&str> = kubeconfig
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let used: Vec<&str> = match &self.allowed_contexts {
            Some(AllowedSetting::List(allowed)) => {
                for name in allowed
                    .iter()
                    .filter(|name| !names.contains(&name.as_str()))
                {
                    findings.push(finding(
                        FindingCode::ConfigMissingContext,
                        Severity::Warning,
                        Some(name),
                        format!("allowed_contexts lists `{name}`, which the kubeconfig does not have: `sky check` skips it."),
                    ));
                }
                allowed
                    .iter()
                    .map(String::as_str)
                    .filter(|name| names.contains(name))
                    .collect()
            }
            Some(AllowedSetting::All) => names.clone(),
            None => kubeconfig
                .current_context
                .as_deref()
                .filter(|current| names.contains(current))
                .into_iter()
                .collect(),
        };
        findings.extend(workspaces::missing_contexts(
            &self.workspace_contexts,
            &names,
        ));
        if let Some(mapping) = &self.identity_mapping {
            for name in used {
                if !mapping
                    .iter()
                    .any(|(pattern, _)| pattern_matches(pattern, name))
                {
                    findings.push(finding(
                        FindingCode::ConfigIdentityMapping,
                        Severity::Error,
                        Some(name),
                        format!("Context `{name}` is not in the per-context mapping under kubernetes.remote_identity: launching there fails with `Context {name} not found in remote identities`."),
                    ));
                }
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests;
