//! `skyauth doctor`: diagnoses a kubeconfig file (or stdin) as text or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;
use skyauth::doctor::{diagnose_bytes, pathless_kubeconfig, Diagnosis, Severity};
use skyauth::setup::RemoteIdentity;

use crate::read_input;

/// Flags of `skyauth doctor`.
#[derive(clap::Args)]
pub struct Args {
    /// The kubeconfig to read; `-` (the default) reads standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    file: PathBuf,
    /// The remote identity you intend: SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD or a
    /// service account name. With LOCAL_CREDENTIALS (the default) the kubeconfig is copied
    /// into pods, so exec plugins and file paths are errors.
    #[arg(long, value_name = "VALUE", default_value = "LOCAL_CREDENTIALS")]
    remote_identity: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print the path-less kubeconfig (exec commands by name only) instead of a diagnosis.
    #[arg(long)]
    pathless: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let bytes = match read_input(&args.file, skyauth::doctor::MAX_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let intended = RemoteIdentity::from_config_value(&args.remote_identity);
    let diagnosis = match diagnose_bytes(&bytes, &intended) {
        Ok(diagnosis) => diagnosis,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if args.pathless {
        let text = String::from_utf8_lossy(&bytes);
        match pathless_kubeconfig(&text) {
            Some(rewritten) => print!("{rewritten}"),
            None => eprintln!("note: no exec command has a path; nothing to rewrite"),
        }
        return ExitCode::SUCCESS;
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&JsonReport::from(&diagnosis)) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: could not write JSON: {error}");
                return ExitCode::from(2);
            }
        },
        Format::Text => print!("{}", text_report(&diagnosis)),
    }
    if diagnosis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The JSON shape documented in the README.
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
    recommended_remote_identity: &'a str,
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
                    recommended_remote_identity: c.recommended_remote_identity.as_config_value(),
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

fn text_report(diagnosis: &Diagnosis) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    for finding in diagnosis.findings.iter().filter(|f| f.context.is_none()) {
        line(
            &mut out,
            format!(
                "{} [{}] {}\n    fix: {}",
                finding.severity, finding.code, finding.message, finding.fix
            ),
        );
    }
    for context in &diagnosis.contexts {
        let current = if context.is_current { " (current)" } else { "" };
        line(&mut out, format!("\ncontext {}{current}", context.name));
        line(
            &mut out,
            format!(
                "  cluster {}, user {}, auth {}",
                context.cluster,
                context.user,
                context.auth.as_str()
            ),
        );
        if let (Some(command), Some(provider)) = (&context.exec_command, context.exec_provider) {
            line(
                &mut out,
                format!("  exec plugin {command} ({})", provider.as_str()),
            );
        }
        if let Some(credential) = &context.credential {
            line(&mut out, format!("  credential {credential}"));
        }
        line(
            &mut out,
            format!("  verdict: {}", context.verdict.describe()),
        );
        line(
            &mut out,
            format!(
                "  recommended remote_identity: {}",
                context.recommended_remote_identity
            ),
        );
        for finding in diagnosis.findings_for(&context.name) {
            line(
                &mut out,
                format!(
                    "  {} [{}] {}\n      fix: {}",
                    finding.severity, finding.code, finding.message, finding.fix
                ),
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
    line(
        &mut out,
        format!(
            "\n{} errors, {} warnings, {} notes",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    );
    out
}
