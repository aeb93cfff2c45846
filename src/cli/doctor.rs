//! `skyauth doctor`: diagnoses a kubeconfig file (or stdin) for one of SkyPilot's journeys,
//! as text or JSON, or prints the recommended `kubernetes:` snippet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::doctor::{
    diagnose_config, json_report, parse, pathless_kubeconfig, read_sky_config_for, text_report,
    KubeconfigJourney, Recommendation, SkyConfig, MAX_SKY_CONFIG_BYTES,
};
use skyauth::release::SkyPilotVersion;
use skyauth::setup::{validate, Field, RemoteIdentity, Setup, SetupEdit};
use skyauth::terminal_text::escape_controls;

use crate::read_text;

/// Flags of `skyauth doctor` (the journeys are described on the subcommand, in main.rs).
#[derive(clap::Args)]
pub struct Args {
    /// The kubeconfig to read; `-` reads standard input, as does no FILE when standard input
    /// is a pipe or a file (on a terminal the usage is printed instead).
    ///
    /// On a terminal with no FILE, the kubeconfig kubectl reads: the first file of
    /// $KUBECONFIG, else ~/.kube/config (`kubectl skyauth doctor` then needs no argument).
    #[arg(value_name = "FILE|-")]
    file: Option<PathBuf>,
    /// The kubeconfig to read, as kubectl's flag names it (the same as FILE).
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    kubeconfig: Option<PathBuf>,
    /// The remote identity you intend: SERVICE_ACCOUNT (SkyPilot's default, and the default
    /// here unless --sky-config sets one), LOCAL_CREDENTIALS, NO_UPLOAD or a service account
    /// name. LOCAL_CREDENTIALS judges the kubeconfig as copied into pods.
    #[arg(long, value_name = "VALUE", conflicts_with = "api_server")]
    remote_identity: Option<String>,
    /// Judge the kubeconfig for a Helm-deployed API server's kube-credentials secret, used
    /// as it is inside the server's pod.
    #[arg(long)]
    api_server: bool,
    /// Your SkyPilot config (~/.sky/config.yaml) to check beside the kubeconfig: traps its
    /// schema lets through, and whether allowed_contexts sends the kubeconfig to SkyPilot's
    /// controllers.
    #[arg(long, value_name = "FILE")]
    sky_config: Option<PathBuf>,
    /// Judge only this context (repeatable), as `kubectl --context` picks one: the report,
    /// JSON, SARIF, `--format config` and the exit status cover the named contexts and the
    /// findings about the whole file. A name the kubeconfig lacks exits 2, listing its contexts.
    #[arg(
        long = "context",
        value_name = "NAME",
        allow_hyphen_values = true,
        conflicts_with = "pathless"
    )]
    contexts: Vec<String>,
    /// Output format: the text report, JSON, `config`: the `kubernetes:` snippet for the
    /// contexts SkyPilot can use (allowed_contexts, a default identity, context_configs), or
    /// `sarif` (code scanning: each finding with its place in the kubeconfig or the config).
    #[arg(long, short = 'o', visible_alias = "output", value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    gate: crate::gate_flags::GateFlags,
    /// Print the kubeconfig as SkyPilot's converter writes it, instead of a diagnosis: exec
    /// commands by basename, a Nebius plugin's `--profile X` as `--profile sky`. Beyond
    /// SkyPilot: Windows paths (`C:\bin\x.exe`) lose their directory and `.exe` too.
    #[arg(long)]
    pathless: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Config,
    /// SARIF 2.1.0, for code scanning: each finding with its place in the file.
    Sarif,
}

/// On a terminal with no file named: the kubeconfig kubectl reads, when it exists (said on
/// standard error); `None` leaves the choice to [`crate::input_file`] (a pipe, or the usage).
fn kubectls_kubeconfig() -> Option<PathBuf> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
    let path =
        crate::plugin::default_kubeconfig(std::env::var_os("KUBECONFIG"), home.map(PathBuf::from))
            .filter(|path| path.is_file())?;
    eprintln!(
        "note: reading {} (kubectl's kubeconfig: the first file of $KUBECONFIG, else ~/.kube/config)",
        escape_controls(&path.display().to_string())
    );
    Some(path)
}

/// Reads `--sky-config`; the message on failure.
fn sky_config(path: &Path, version: SkyPilotVersion) -> Result<SkyConfig, String> {
    let text = read_text(path, MAX_SKY_CONFIG_BYTES)?;
    read_sky_config_for(&text, version).map_err(|e| e.to_string())
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    if let Err(message) = crate::plugin::contexts_flag(&args.contexts) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let sky = match args
        .sky_config
        .as_deref()
        .map(|path| sky_config(path, version))
        .transpose()
    {
        Ok(sky) => sky,
        Err(message) => {
            eprintln!("error: --sky-config: {}", escape_controls(&message));
            return ExitCode::from(2);
        }
    };
    let journey = if args.api_server {
        KubeconfigJourney::ApiServer
    } else {
        let identity = match &args.remote_identity {
            Some(value) => match intended_identity(value, version) {
                Ok(identity) => identity,
                Err(message) => {
                    eprintln!("error: --remote-identity: {}", escape_controls(&message));
                    return ExitCode::from(2);
                }
            },
            // The config's own identity when it is one SkyPilot reads as meant and valid.
            None => sky
                .as_ref()
                .and_then(SkyConfig::default_identity)
                .filter(|identity| intended_identity(identity.as_config_value(), version).is_ok())
                .unwrap_or_default(),
        };
        KubeconfigJourney::for_identity(identity)
    };
    let named = args.file.clone().or_else(|| args.kubeconfig.clone());
    let file = match crate::input_file(named.or_else(kubectls_kubeconfig), "doctor") {
        Ok(file) => file,
        Err(status) => return status,
    };
    let text = match read_text(&file, skyauth::doctor::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {}", escape_controls(&message));
            return ExitCode::from(2);
        }
    };
    let diagnosis = match parse(&text) {
        Ok(config) => diagnose_config(&config, &journey, sky.as_ref()),
        Err(error) => {
            eprintln!("error: {}", escape_controls(&error.to_string()));
            return ExitCode::from(2);
        }
    };
    let diagnosis = match args.contexts.is_empty() {
        true => diagnosis,
        false => match diagnosis.only_contexts(&args.contexts) {
            Ok(diagnosis) => diagnosis,
            Err(unknown) => {
                eprintln!(
                    "error: --context: {}",
                    escape_controls(&unknown.to_string())
                );
                return ExitCode::from(2);
            }
        },
    };
    if args.pathless {
        match pathless_kubeconfig(&text) {
            Some(rewritten) => crate::emit(&rewritten),
            None => eprintln!("note: SkyPilot's converter would change nothing"),
        }
        return ExitCode::SUCCESS;
    }
    match args.format {
        Format::Json => match json_report(&diagnosis) {
            Ok(json) => crate::emit(&json),
            Err(error) => {
                eprintln!("error: could not write JSON: {error}");
                return ExitCode::from(2);
            }
        },
        Format::Text => crate::emit(&text_report(&diagnosis)),
        Format::Sarif => {
            let uri = crate::artifact_uri(&file);
            let kubeconfig = skyauth::sarif::Artifact {
                uri: &uri,
                text: &text,
            };
            let sky_uri = args.sky_config.as_deref().map(crate::artifact_uri);
            let sky = match (&args.sky_config, &sky_uri) {
                (Some(path), Some(uri)) => read_text(path, MAX_SKY_CONFIG_BYTES)
                    .ok()
                    .map(|t| (uri.clone(), t)),
                _ => None,
            };
            let sky = sky
                .as_ref()
                .map(|(uri, text)| skyauth::sarif::Artifact { uri, text });
            let version = env!("CARGO_PKG_VERSION");
            crate::emit(&skyauth::sarif::doctor_log(
                &diagnosis, kubeconfig, sky, version,
            ));
        }
        Format::Config => {
            let recommendation = Recommendation {
                skypilot_version: version,
                ..Recommendation::of(&diagnosis)
            };
            match recommendation.config() {
                Some(config) => {
                    crate::emit(&config);
                    if let Some(caveat) = &recommendation.caveat {
                        eprintln!("note: {}", escape_controls(caveat));
                    }
                }
                None => eprintln!("note: no context of this kubeconfig is usable on this journey: nothing to recommend"),
            }
        }
    }
    args.gate.status(|level| diagnosis.fails_at(level))
}

/// `--remote-identity` checked as `skyauth config` checks it (the setup's own validation): a
/// keyword in upper case, or a valid service account name. `local_credentials` or an empty
/// value would otherwise be read as an account name, and judge an exec kubeconfig "Ready".
fn intended_identity(value: &str, version: SkyPilotVersion) -> Result<RemoteIdentity, String> {
    let identity = RemoteIdentity::read_for(value, version);
    let mut setup = Setup {
        skypilot_version: version,
        ..Setup::default()
    };
    setup.apply(SetupEdit::UseIdentity(identity.clone()));
    let problems: Vec<String> = validate(&setup)
        .into_iter()
        .filter(|error| matches!(error.field, Field::ServiceAccount | Field::SkyPilotVersion))
        .map(|error| error.message)
        .collect();
    match problems.is_empty() {
        true => Ok(identity),
        false => Err(problems.join(" ")),
    }
}
