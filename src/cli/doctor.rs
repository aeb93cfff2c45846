//! `skyauth doctor`: diagnoses a kubeconfig file (or stdin) as text or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;
use skyauth::doctor::{diagnose_bytes, pathless_kubeconfig, Diagnosis, Severity};
use skyauth::setup::{validate, Field, RemoteIdentity, Setup, SetupEdit};
use skyauth::terminal_text::escape_controls;

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
    let intended = match intended_identity(&args.remote_identity) {
        Ok(intended) => intended,
        Err(message) => {
            eprintln!("error: --remote-identity: {}", escape_controls(&message));
            return ExitCode::from(2);
        }
    };
    let bytes = match read_input(&args.file, skyauth::doctor::MAX_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {}", escape_controls(&message));
            return ExitCode::from(2);
        }
    };
    let diagnosis = match diagnose_bytes(&bytes, &intended) {
        Ok(diagnosis) => diagnosis,
        Err(error) => {
            eprintln!("error: {}", escape_controls(&error.to_string()));
            return ExitCode::from(2);
        }
    };
    if args.pathless {
        let text = String::from_utf8_lossy(&bytes);
        match pathless_kubeconfig(&text) {
            Some(rewritten) => crate::emit(&rewritten),
            None => eprintln!("note: no exec command has a path; nothing to rewrite"),
        }
        return ExitCode::SUCCESS;
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&JsonReport::from(&diagnosis)) {
            Ok(json) => crate::emit(&format!("{json}\n")),
            Err(error) => {
                eprintln!("error: could not write JSON: {error}");
                return ExitCode::from(2);
            }
        },
        Format::Text => crate::emit(&text_report(&diagnosis)),
    }
    if diagnosis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--remote-identity` checked as `skyauth config` checks it (the setup's own validation): a
/// keyword in upper case, or a valid service account name. `local_credentials` or an empty
/// value would otherwise be read as an account name, and judge an exec kubeconfig "Ready".
fn intended_identity(value: &str) -> Result<RemoteIdentity, String> {
    let identity = RemoteIdentity::from_config_value(value);
    let mut setup = Setup::default();
    setup.apply(SetupEdit::UseIdentity(identity.clone()));
    let problems: Vec<String> = validate(&setup)
        .into_iter()
        .filter(|error| error.field == Field::ServiceAccount)
        .map(|error| error.message)
        .collect();
    match problems.is_empty() {
        true => Ok(identity),
        false => Err(problems.join(" ")),
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

/// The text report. Everything taken from the input is escaped ([`escape_controls`]): a
/// crafted name must not drive the terminal. One pass over the findings (grouped by context
/// first), so thousands of contexts stay fast.
fn text_report(diagnosis: &Diagnosis) -> String {
    use std::fmt::Write;

    let mut out = String::new();
    let by_context = diagnosis.findings_by_context();
    for finding in diagnosis.findings.iter().filter(|f| f.context.is_none()) {
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
        let _ = writeln!(
            out,
            "  recommended remote_identity: {}",
            escape_controls(context.recommended_remote_identity.as_config_value())
        );
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
