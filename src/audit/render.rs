//! The audit's two reports, owned here beside the [`Audit`] they read: the text report the
//! CLI prints (`skyauth audit`, with the unbound-subject hint naming the flags that audit
//! each bound subject) and the JSON documented in docs/cli.md (JSON output, `--format json`);
//! for one team of a config (`--workspace`), the same with what the team is and, when its
//! account has no RBAC at all, how to make it. The CLI only reads the input and prints what
//! these return.

use serde::Serialize;

use super::{Audit, AuditRequest, BoundSubject, Status, Subject, TeamRequest};
use crate::catalogue::INGRESS_NGINX;
use crate::generate::shell::quote;
use crate::terminal_text::{escape_controls, escape_json_text};

/// The JSON report as the CLI prints it: pretty JSON with every character a terminal may act
/// on escaped ([`escape_json_text`]), and one trailing newline.
pub fn json_report(audit: &Audit, request: &AuditRequest) -> Result<String, serde_json::Error> {
    json_text(&JsonAudit::new(audit, request))
}

/// The JSON report of a team's audit: [`json_report`]'s, with a `workspace` object (its
/// name, contexts, namespace, `remote_identity`, and `missing_rbac`, the sentence of
/// [`TeamRequest::missing_rbac`] or `null`). `config` is the config's file as the user named it.
pub fn team_json_report(
    audit: &Audit,
    team: &TeamRequest,
    config: &str,
) -> Result<String, serde_json::Error> {
    let request = team.audit_request();
    let mut json = JsonAudit::new(audit, &request);
    json.workspace = Some(JsonWorkspace {
        name: &team.workspace,
        contexts: &team.target.contexts,
        namespace: &team.target.namespace,
        remote_identity: team.target.identity.as_config_value(),
        missing_rbac: team.missing_rbac(audit, config),
    });
    json_text(&json)
}

fn json_text(json: &JsonAudit) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string_pretty(json)?;
    Ok(format!("{}\n", escape_json_text(&json)))
}

/// The text report of a team's audit: what the team is ([`TeamRequest::heading`]), that
/// its account has no RBAC at all when no binding names it ([`TeamRequest::missing_rbac`]),
/// then [`text_report`]. `config` is the config's file as the user named it.
pub fn team_text_report(audit: &Audit, team: &TeamRequest, config: &str) -> String {
    let mut out = escape_controls(&team.heading()).into_owned();
    out += "\n";
    if let Some(missing) = team.missing_rbac(audit, config) {
        out += &format!("note: {}\n", escape_controls(&missing));
    }
    out + "\n" + &text_report(audit, &team.audit_request())
}

/// The text report: the subject, what was read, the unbound-subject hint, every feature's
/// status with what it misses, the warnings and notes, and whether a patch is needed.
/// Everything taken from the input is escaped ([`escape_controls`]).
pub fn text_report(audit: &Audit, request: &AuditRequest) -> String {
    let mut out = format!(
        "RBAC audit for {} (launching in {})\n",
        escape_controls(&audit.subject.to_string()),
        request.namespaces.launch
    );
    out += &escape_controls(&audit.read_summary());
    out += "\n\n";
    out += &unbound_hint(audit);
    let width = audit
        .features
        .iter()
        .map(|report| report.feature.label().len())
        .max()
        .unwrap_or(0);
    for report in &audit.features {
        let selected = if report.selected {
            ""
        } else {
            " (not selected)"
        };
        out += &format!(
            "{:<width$} {}{selected}\n",
            report.feature.label(),
            report.status.label()
        );
        for permission in &report.missing {
            out += &format!(
                "    missing: {}\n",
                escape_controls(&permission.to_string())
            );
        }
    }
    for (heading, lines) in [
        (
            "warnings (far beyond what SkyPilot needs)",
            audit
                .warnings
                .iter()
                .map(|w| w.message())
                .collect::<Vec<_>>(),
        ),
        ("notes", audit.notes.clone()),
    ] {
        if !lines.is_empty() {
            out += &format!("\n{heading}:\n");
            for line in lines {
                out += &format!("  - {}\n", escape_controls(&line));
            }
        }
    }
    match &audit.patch {
        Some(_) => out += &format!(
            "\npatch: {} objects grant what the selected features miss; print them with --format patch\n",
            audit.patch_objects.len()
        ),
        None => out += "\nevery selected feature is granted\n",
    }
    out
}

/// When no binding names the audited subject: says so, and lists the subjects the export
/// binds as the flags that audit them, with their binding counts; empty otherwise.
fn unbound_hint(audit: &Audit) -> String {
    let Some(note) = audit.unbound_note() else {
        return String::new();
    };
    let mut out = format!("note: {}\n", escape_controls(&note));
    if audit.bound_subjects.is_empty() {
        out += "It binds no service account, user or group.\n\n";
        return out;
    }
    out += "The subjects it binds:\n";
    let (shown, more) = audit
        .bound_subjects
        .first(crate::analysis::MAX_OFFERED_SUBJECTS);
    let flags: Vec<String> = shown.iter().map(audit_flag).collect();
    let width = flags
        .iter()
        .map(|flag| flag.chars().count())
        .max()
        .unwrap_or(0);
    for (flag, bound) in flags.iter().zip(shown) {
        let plural = if bound.bindings == 1 { "" } else { "s" };
        let pad = width - flag.chars().count();
        out += &format!("  {flag}{:pad$}  {} binding{plural}\n", "", bound.bindings);
    }
    if more > 0 {
        out += &format!("  and {more} more (all of them: --format json, `bound_subjects`)\n");
    }
    out + "\n"
}

/// The flag that audits `bound`, quoted for a POSIX shell and with control characters
/// escaped: `--service-account sky-system/sky-sa`, `--user alice`, `--group devs`.
fn audit_flag(bound: &BoundSubject) -> String {
    let flag = match &bound.subject {
        Subject::ServiceAccount { namespace, name } => {
            format!(
                "--service-account {}",
                quote(&format!("{namespace}/{name}"))
            )
        }
        Subject::User(name) => format!("--user {}", quote(name)),
        Subject::Group(name) => format!("--group {}", quote(name)),
    };
    escape_controls(&flag).into_owned()
}

/// The JSON shape documented in docs/cli.md (JSON output).
#[derive(Serialize)]
struct JsonAudit<'a> {
    subject: String,
    launch_namespace: &'a str,
    ingress_namespace: &'a str,
    metrics_namespace: &'a str,
    all_selected_granted: bool,
    objects_read: usize,
    skipped: Vec<(&'a str, usize)>,
    bindings: &'a [String],
    /// How many bindings name the subject itself (0: it is not bound by this export).
    subject_bindings: usize,
    /// Every subject the export binds, in the order the text report offers them.
    bound_subjects: Vec<JsonBoundSubject>,
    features: Vec<JsonFeature<'a>>,
    warnings: Vec<JsonWarning<'a>>,
    notes: &'a [String],
    patch: Option<&'a str>,
    /// The team audited (`--workspace`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    workspace: Option<JsonWorkspace<'a>>,
}

#[derive(Serialize)]
struct JsonWorkspace<'a> {
    name: &'a str,
    contexts: &'a [String],
    namespace: &'a str,
    remote_identity: &'a str,
    missing_rbac: Option<String>,
}

#[derive(Serialize)]
struct JsonBoundSubject {
    /// `NS/NAME`, `user:NAME` or `group:NAME`.
    subject: String,
    /// `service-account`, `user` or `group`.
    kind: &'static str,
    bindings: usize,
}

#[derive(Serialize)]
struct JsonFeature<'a> {
    id: &'static str,
    label: &'static str,
    selected: bool,
    status: &'static str,
    missing: Vec<String>,
    granted: Vec<JsonGrant<'a>>,
}

#[derive(Serialize)]
struct JsonGrant<'a> {
    permission: String,
    via: &'a str,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    kind: &'static str,
    via: &'a str,
    message: String,
}

impl<'a> JsonAudit<'a> {
    fn new(audit: &'a Audit, request: &'a AuditRequest) -> Self {
        JsonAudit {
            subject: audit.subject.to_string(),
            launch_namespace: &request.namespaces.launch,
            ingress_namespace: INGRESS_NGINX,
            metrics_namespace: &request.namespaces.metrics,
            all_selected_granted: audit.all_selected_granted(),
            objects_read: audit.objects_read,
            skipped: audit
                .skipped
                .iter()
                .map(|(k, n)| (k.as_str(), *n))
                .collect(),
            bindings: &audit.bindings,
            subject_bindings: audit.subject_bindings(),
            bound_subjects: audit
                .bound_subjects
                .all()
                .iter()
                .map(|bound| JsonBoundSubject {
                    subject: bound.subject.to_field_text(),
                    kind: match bound.subject {
                        Subject::ServiceAccount { .. } => "service-account",
                        Subject::User(_) => "user",
                        Subject::Group(_) => "group",
                    },
                    bindings: bound.bindings,
                })
                .collect(),
            features: audit
                .features
                .iter()
                .map(|report| JsonFeature {
                    id: report.feature.id(),
                    label: report.feature.label(),
                    selected: report.selected,
                    status: match report.status {
                        Status::Granted => "granted",
                        Status::Partial => "partial",
                        Status::Missing => "missing",
                    },
                    missing: report.missing.iter().map(ToString::to_string).collect(),
                    granted: report
                        .granted
                        .iter()
                        .map(|(permission, via)| JsonGrant {
                            permission: permission.to_string(),
                            via,
                        })
                        .collect(),
                })
                .collect(),
            warnings: audit
                .warnings
                .iter()
                .map(|w| JsonWarning {
                    kind: w.kind.id(),
                    via: &w.via,
                    message: w.message(),
                })
                .collect(),
            notes: &audit.notes,
            patch: audit.patch.as_deref(),
            workspace: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::catalogue::Feature;

    const EXPORT: &str = "
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: pod-reader}
rules:
- apiGroups: ['']
  resources: [pods]
  verbs: [get, list]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: readers, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: sky-sa, namespace: team}
- {kind: User, name: alice}
";

    fn run(subject: &str) -> (Audit, AuditRequest) {
        let request = AuditRequest::new(subject.parse().unwrap(), vec![Feature::Core]);
        (audit(EXPORT, &request).unwrap(), request)
    }

    #[test]
    fn the_json_report_parses_and_lists_every_feature() {
        let (audit, request) = run("team/sky-sa");
        let json = json_report(&audit, &request).unwrap();
        assert!(json.ends_with("}\n"), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["subject"], audit.subject.to_string());
        assert_eq!(value["launch_namespace"], "team");
        assert_eq!(value["subject_bindings"], 1);
        let ids: Vec<&str> = value["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|feature| feature["id"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = Feature::ALL.iter().map(|feature| feature.id()).collect();
        assert_eq!(ids, expected);
        assert_eq!(value["bound_subjects"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn the_text_report_names_every_feature() {
        let (audit, request) = run("team/sky-sa");
        let text = text_report(&audit, &request);
        assert!(text.starts_with("RBAC audit for "), "{text}");
        assert!(text.contains("(launching in team)"), "{text}");
        for feature in Feature::ALL {
            assert!(
                text.contains(feature.label()),
                "{}: {text}",
                feature.label()
            );
        }
        assert!(!text.contains("is not bound"), "{text}");
    }

    #[test]
    fn an_unbound_subject_is_offered_the_flags_of_the_bound_ones() {
        let (audit, request) = run("user:bob");
        let text = text_report(&audit, &request);
        assert!(text.contains("note: `user:bob` is not bound"), "{text}");
        assert!(text.contains("The subjects it binds:\n"), "{text}");
        assert!(text.contains("--service-account team/sky-sa"), "{text}");
        assert!(text.contains("--user alice"), "{text}");
    }
}
