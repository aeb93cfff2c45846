//! SARIF 2.1.0 logs of the doctor's and the audit's findings, for code scanning in CI
//! (`--format sarif`): one rule per finding code (a stable id, the code's title, where it is
//! documented), one result per finding with its level, its message and fix, and where it is in the
//! file that was read: line and column from [`crate::yaml::positions`] (the context's entry of
//! a kubeconfig, the key a SkyPilot config's finding names, the binding or role an audit's
//! finding is about; line 1 when a finding is about the whole file).

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::audit::{Audit, Status};
use crate::doctor::{Diagnosis, Severity};
use crate::yaml::positions::{keys, Position, Positions, Step};

/// The SARIF schema this writes.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A file a log points into: its URI as the log names it, and its text.
#[derive(Clone, Copy, Debug)]
pub struct Artifact<'a> {
    pub uri: &'a str,
    pub text: &'a str,
}

/// One result before it is written.
struct Finding {
    rule: String,
    title: String,
    docs: &'static str,
    level: &'static str,
    message: String,
    uri: String,
    at: Position,
}

const START: Position = Position { line: 1, column: 1 };
/// Where each rule is documented, in skyauth's repository (no address is fixed yet: the help
/// text names the file).
const DOCTOR_DOCS: &str = "docs/doctor.md#findings";
const AUDIT_DOCS: &str = "docs/audit.md";

/// The doctor's findings on `kubeconfig` (and the SkyPilot config's on `sky_config`).
pub fn doctor_log(
    diagnosis: &Diagnosis,
    kubeconfig: Artifact,
    sky_config: Option<Artifact>,
    tool_version: &str,
) -> String {
    let places = Positions::of_text(kubeconfig.text);
    let contexts = places.items_by(&keys(&["contexts"]), "name");
    let sky_places = sky_config.map(|config| Positions::of_text(config.text));
    let findings = diagnosis.findings.iter().map(|finding| {
        let code = finding.code.as_str();
        let (uri, at) = match (&sky_config, &sky_places) {
            (Some(config), Some(places)) if code.starts_with("config-") => (
                config.uri,
                key_named_in(places, &finding.message)
                    .or_else(|| {
                        finding
                            .context
                            .as_deref()
                            .and_then(|c| context_key(places, c))
                    })
                    .unwrap_or(START),
            ),
            _ => (
                kubeconfig.uri,
                finding
                    .context
                    .as_deref()
                    .and_then(|name| contexts.get(name))
                    .and_then(|index| {
                        places.at(&[Step::Key("contexts".into()), Step::Index(*index)])
                    })
                    .unwrap_or(START),
            ),
        };
        let message = if finding.fix.is_empty() {
            finding.message.clone()
        } else {
            format!("{} Fix: {}", finding.message, finding.fix)
        };
        Finding {
            rule: code.to_owned(),
            title: finding.code.title().to_owned(),
            docs: DOCTOR_DOCS,
            level: match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            },
            message,
            uri: uri.to_owned(),
            at,
        }
    });
    log(findings.collect(), tool_version)
}

/// The audit's findings on `export`: each selected feature not granted (an error, at the
/// first binding naming the subject), each far-beyond warning (at its binding), each note.
pub fn audit_log(audit: &Audit, export: Artifact, tool_version: &str) -> String {
    let objects = objects(&Positions::of_text(export.text));
    let object_at = |text: &str| -> Position {
        // `ClusterRoleBinding name -> ClusterRole other`: the first object named.
        let mut words = text.split_whitespace();
        let (Some(kind), Some(name)) = (words.next(), words.next()) else {
            return START;
        };
        objects
            .get(&(kind.to_owned(), name.to_owned()))
            .copied()
            .unwrap_or(START)
    };
    let first_binding = audit
        .bindings
        .first()
        .map(|b| object_at(b))
        .unwrap_or(START);
    let mut findings = Vec::new();
    for report in audit
        .features
        .iter()
        .filter(|r| r.selected && r.status != Status::Granted)
    {
        let id = report.feature.id();
        findings.push(Finding {
            rule: format!("missing-{id}"),
            title: format!("{} is not granted", report.feature.label()),
            docs: AUDIT_DOCS,
            level: "error",
            message: format!(
                "{} is not granted to {}: missing {}. Fix: apply the patch `skyauth audit --format patch` prints.",
                report.feature.label(),
                audit.subject,
                report.missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
            uri: export.uri.to_owned(),
            at: first_binding,
        });
    }
    for warning in &audit.warnings {
        findings.push(Finding {
            rule: format!("far-beyond-{}", warning.kind.id()),
            title: "Far beyond what SkyPilot needs".to_owned(),
            docs: AUDIT_DOCS,
            level: "warning",
            message: warning.message(),
            uri: export.uri.to_owned(),
            at: object_at(&warning.via),
        });
    }
    for note in &audit.notes {
        findings.push(Finding {
            rule: "audit-note".to_owned(),
            title: "A note on what was read".to_owned(),
            docs: AUDIT_DOCS,
            level: "note",
            message: note.clone(),
            uri: export.uri.to_owned(),
            at: object_at(note),
        });
    }
    log(findings, tool_version)
}

/// Every object of an export by (kind, name): its place (a document, or a `List`'s item).
fn objects(places: &Positions) -> HashMap<(String, String), Position> {
    let mut out = HashMap::new();
    let mut add = |document: usize, prefix: Vec<Step>| {
        let field = |names: &[&str]| {
            let mut path = prefix.clone();
            path.extend(keys(names));
            places.value_in(document, &path).map(str::to_owned)
        };
        let (Some(kind), Some(name)) = (field(&["kind"]), field(&["metadata", "name"])) else {
            return;
        };
        let mut kind_path = prefix.clone();
        kind_path.push(Step::Key("kind".into()));
        let at = places.at_in(document, &kind_path).unwrap_or(START);
        out.entry((kind, name)).or_insert(at);
    };
    for document in 0..places.documents() {
        if places.value_in(document, &keys(&["kind"])) == Some("List") {
            let mut index = 0;
            while places
                .at_in(document, &[Step::Key("items".into()), Step::Index(index)])
                .is_some()
            {
                add(
                    document,
                    vec![Step::Key("items".into()), Step::Index(index)],
                );
                index += 1;
            }
        } else {
            add(document, Vec::new());
        }
    }
    out
}

/// The first dotted key path a message names that the file has (`workspaces.a.kubernetes.x`,
/// with or without backticks), or its longest prefix the file has.
fn key_named_in(places: &Positions, message: &str) -> Option<Position> {
    message
        .split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == ':')
        .map(|word| word.trim_end_matches(['.', ')', ';']))
        .filter(|word| word.contains('.') && !word.contains('/'))
        .find_map(|word| {
            let parts: Vec<&str> = word.split('.').collect();
            (1..=parts.len())
                .rev()
                .find_map(|length| places.at(&keys(&parts[..length])))
                .filter(|_| places.at(&keys(&parts[..1])).is_some())
        })
}

/// Where a SkyPilot config names `context`: its `context_configs` entry, else its place in
/// `allowed_contexts`.
fn context_key(places: &Positions, context: &str) -> Option<Position> {
    places
        .at(&keys(&["kubernetes", "context_configs", context]))
        .or_else(|| {
            let list = keys(&["kubernetes", "allowed_contexts"]);
            (0..10_000).find_map(|index| {
                let mut path = list.clone();
                path.push(Step::Index(index));
                match places.value(&path) {
                    Some(value) if value == context => places.at(&path),
                    _ => None,
                }
            })
        })
}

fn log(findings: Vec<Finding>, tool_version: &str) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_index: HashMap<String, usize> = HashMap::new();
    let results: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let index = *rule_index.entry(finding.rule.clone()).or_insert_with(|| {
                rules.push(json!({
                    "id": finding.rule,
                    "shortDescription": { "text": finding.title },
                    "help": {
                        "text": format!("{}. See {} in skyauth's repository.", finding.title, finding.docs)
                    },
                }));
                rules.len() - 1
            });
            json!({
                "ruleId": finding.rule,
                "ruleIndex": index,
                "level": finding.level,
                "message": { "text": finding.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": finding.uri },
                        "region": { "startLine": finding.at.line, "startColumn": finding.at.column },
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "skyauth",
                "version": tool_version,
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let text = serde_json::to_string_pretty(&log).unwrap_or_default();
    format!("{}\n", crate::terminal_text::escape_json_text(&text))
}
