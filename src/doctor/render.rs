//! The doctor's two reports, owned here beside the [`Diagnosis`] they read: the text report
//! the CLI prints (`skyauth doctor`) and the JSON documented in docs/cli.md (JSON output,
//! `--format json`). The CLI only reads the input and prints what these return.

use serde::Serialize;

use super::finding::{Finding, Severity};
use super::report::Diagnosis;
use crate::terminal_text::{escape_controls, escape_json_text};

/// The JSON report as the CLI prints it: pretty JSON with every character a terminal may act
/// on escaped ([`escape_json_text`]), and one trailing newline.
pub fn json_report(diagnosis: &Diagnosis) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string_pretty(&JsonReport::from(diagnosis))?;
    Ok(format!("{}\n", escape_json_text(&json)))
}

/// The JSON shape documented in docs/cli.md (JSON output).
#[derive(Serialize)]
struct JsonReport<'a> {
    current_context: Option<&'a str>,
    contexts: Vec<JsonContext<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonContext<'a> {
    name: &'a str,
    cluster: &'a str,
    user: &'a str,
    auth: &'static str,
    exec_command: Option<&'a str>,
    exec_provider: Option<&'static str>,
    verdict: &'static str,
    /// `null` for SkyPilot's own SSH Node Pool contexts, which need nothing.
    recommended_remote_identity: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    severity: &'static str,
    context: Option<&'a str>,
    message: &'a str,
    fix: &'a str,
}

impl<'a> From<&'a Diagnosis> for JsonReport<'a> {
    fn from(diagnosis: &'a Diagnosis) -> Self {
        JsonReport {
            current_context: diagnosis.current_context.as_deref(),
            contexts: diagnosis
                .contexts
                .iter()
                .map(|c| JsonContext {
                    name: &c.name,
                    cluster: &c.cluster,
                    user: &c.user,
                    auth: c.auth.as_str(),
                    exec_command: c.exec_command.as_deref(),
                    exec_provider: c.exec_provider.map(|p| p.as_str()),
                    verdict: c.verdict.as_str(),
                    recommended_remote_identity: c
                        .recommended_remote_identity
                        .as_ref()
                        .map(|identity| identity.as_config_value()),
                })
                .collect(),
            findings: diagnosis
                .findings
                .iter()
                .map(|f| JsonFinding {
                    code: f.code.as_str(),
                    severity: f.severity.as_str(),
                    context: f.context.as_deref(),
                    message: &f.message,
                    fix: &f.fix,
                })
                .collect(),
        }
    }
}

/// The text report. Everything taken from the input is escaped ([`escape_controls`]): a
/// crafted name must not drive the terminal. One pass over the findings (grouped by context
/// first), so thousands of contexts stay fast.
pub fn text_report(diagnosis: &Diagnosis) -> String {
    use std::fmt::Write;

    let mut out = String::new();
    let _ = writeln!(out, "judged for {}", diagnosis.journey.describe());
    let by_context = diagnosis.findings_by_context();
    // The whole file's findings, and those about a context the kubeconfig lacks (named by
    // the SkyPilot config), first.
    let names: std::collections::HashSet<&str> =
        diagnosis.contexts.iter().map(|c| c.name.as_str()).collect();
    let about_file = |finding: &&Finding| {
        finding
            .context
            .as_deref()
            .is_none_or(|context| !names.contains(context))
    };
    for finding in diagnosis.findings.iter().filter(about_file) {
        let _ = writeln!(
            out,
            "{} [{}] {}\n    fix: {}",
            finding.severity,
            finding.code,
            escape_controls(&finding.message),
            escape_controls(&finding.fix)
        );
    }
    for context in &diagnosis.contexts {
        let current = if context.is_current { " (current)" } else { "" };
        let _ = writeln!(out, "\ncontext {}{current}", escape_controls(&context.name));
        let _ = writeln!(
            out,
            "  cluster {}, user {}, auth {}",
            escape_controls(&context.cluster),
            escape_controls(&context.user),
            context.auth.as_str()
        );
        if let (Some(command), Some(provider)) = (&context.exec_command, context.exec_provider) {
            let _ = writeln!(
                out,
                "  exec plugin {} ({})",
                escape_controls(command),
                provider.as_str()
            );
        }
        if let Some(credential) = &context.credential {
            let _ = writeln!(out, "  credential {}", escape_controls(credential));
        }
        let _ = writeln!(out, "  verdict: {}", context.verdict.describe());
        if let Some(identity) = &context.recommended_remote_identity {
            let _ = writeln!(
                out,
                "  recommended remote_identity: {}",
                escape_controls(identity.as_config_value())
            );
        }
        for finding in by_context.get(context.name.as_str()).into_iter().flatten() {
            let _ = writeln!(
                out,
                "  {} [{}] {}\n      fix: {}",
                finding.severity,
                finding.code,
                escape_controls(&finding.message),
                escape_controls(&finding.fix)
            );
        }
    }
    let count = |severity| {
        diagnosis
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let _ = writeln!(
        out,
        "\n{} errors, {} warnings, {} notes",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::{diagnose, KubeconfigJourney};

    const KUBECONFIG: &str = "
apiVersion: v1
kind: Config
current-context: alpha
clusters:
- name: c1
  cluster: {server: 'https://10.0.0.1:6443'}
users:
- name: u1
  user: {token: abc}
- name: u2
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin}
contexts:
- name: alpha
  context: {cluster: c1, user: u1}
- name: \"beta\u{202e}\"
  context: {cluster: c1, user: u2}
";

    fn diagnosis() -> Diagnosis {
        diagnose(KUBECONFIG, &KubeconfigJourney::default()).unwrap()
    }

    #[test]
    fn the_json_report_parses_and_lists_every_context() {
        let diagnosis = diagnosis();
        let json = json_report(&diagnosis).unwrap();
        assert!(json.ends_with("}\n"), "{json}");
        assert!(
            !json.contains('\u{202e}'),
            "raw bidirectional override: {json}"
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["current_context"], "alpha");
        let names: Vec<&str> = value["contexts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|context| context["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["alpha", "beta\u{202e}"]);
        assert_eq!(
            value["findings"].as_array().unwrap().len(),
            diagnosis.findings.len()
        );
    }

    #[test]
    fn the_text_report_names_every_context_escaped() {
        let text = text_report(&diagnosis());
        assert!(text.starts_with("judged for "), "{text}");
        assert!(text.contains("\ncontext alpha (current)\n"), "{text}");
        assert!(text.contains("\ncontext beta\\u{202e}\n"), "{text}");
        assert!(!text.contains('\u{202e}'), "{text}");
        assert!(
            text.contains("exec plugin gke-gcloud-auth-plugin (gke)"),
            "{text}"
        );
        assert!(text.trim_end().ends_with(" notes"), "{text}");
    }
}
