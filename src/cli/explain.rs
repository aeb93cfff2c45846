//! `skyauth explain`: reads an error (the argument, or standard input with `-` or from a
//! pipe) and prints the core's explanation (`skyauth::explain`) as text, JSON or only the
//! patch. The flags and the IO are here; what each refusal is, the patch and both reports
//! are the core's.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::explain::{explain, json_report, text_report, ExplainRequest, MAX_INPUT_BYTES};
use skyauth::release::SkyPilotVersion;
use skyauth::terminal_text::escape_controls;

/// Flags of `skyauth explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The error, as the API server, kubectl, the Python client or SkyPilot printed it
    /// (quote it); `-` reads standard input, as does no TEXT when standard input is a pipe
    /// or a file. Several errors at once are each explained.
    #[arg(value_name = "TEXT|-", allow_hyphen_values = true)]
    text: Option<String>,
    /// The namespace of SkyPilot's Prometheus (`metrics.prometheus.namespace`, SkyPilot
    /// 0.14.0+), where `gpu-metrics` needs its port-forward.
    #[arg(long, value_name = "NS", default_value = skyauth::catalogue::SKYPILOT_METRICS, allow_hyphen_values = true)]
    metrics_namespace: String,
    /// Output: a text report, JSON, or only the patch manifest (for `kubectl apply -f -`).
    #[arg(long, short = 'o', visible_alias = "output", value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Patch,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let metrics_namespace =
        match crate::feature_flags::metrics_namespace_flag(&args.metrics_namespace) {
            Ok(namespace) => namespace,
            Err(message) => return fail(&message),
        };
    let text = match args.text {
        Some(text) if text != "-" => text,
        None if std::io::stdin().is_terminal() => {
            return fail("no error to explain: pass it as an argument (quoted), or `-` to read standard input (`kubectl ... 2>&1 | skyauth explain -`)");
        }
        _ => match crate::read_text(Path::new("-"), MAX_INPUT_BYTES) {
            Ok(text) => text,
            Err(message) => return fail(&message),
        },
    };
    let request = ExplainRequest {
        skypilot_version: version,
        metrics_namespace,
    };
    let explanation = match explain(&text, &request) {
        Ok(explanation) => explanation,
        Err(error) => return fail(&error.to_string()),
    };
    match args.format {
        Format::Text => crate::emit(&text_report(&explanation, &request)),
        Format::Json => match json_report(&explanation, &request) {
            Ok(json) => crate::emit(&json),
            Err(error) => return fail(&format!("could not write JSON: {error}")),
        },
        Format::Patch => match &explanation.patch {
            Some(patch) => crate::emit(patch),
            None if explanation.items.is_empty() => {
                eprintln!("error: {}", skyauth::explain::NOTHING_RECOGNISED);
            }
            None => eprintln!(
                "note: no refusal is a SkyPilot permission, so there is nothing to grant; the text report (without --format) says what each is"
            ),
        },
    }
    ExitCode::from(explanation.exit_code())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {}", escape_controls(message));
    ExitCode::from(2)
}
