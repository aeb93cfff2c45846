//! `skyauth`: the command-line face of the core. It parses flags and prints; the library decides.

mod audit;
mod cloud_flags;
mod config;
mod doctor;
mod explain;
mod feature_flags;
mod gate_flags;
mod helm;
mod plugin;
mod rbac;
mod sample;
mod team_flags;
mod verify;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use skyauth::release::SkyPilotVersion;

/// Configure SkyPilot's Kubernetes authentication: RBAC manifests, ~/.sky/config.yaml
/// snippets and kubeconfig diagnosis. Nothing leaves this machine.
#[derive(Parser)]
#[command(name = "skyauth", version, about, long_about = None)]
struct Cli {
    /// The SkyPilot release to write for: 0.14.1 (latest, the default), 0.13.0, an older
    /// release (0.10.0 and later), `nightly` (1.0.0.dev20261027) or a nightly's version.
    /// Keys, keywords, rules and the Helm chart follow it.
    #[arg(long, global = true, value_name = "VERSION", default_value = "0.14.1")]
    skypilot_version: SkyPilotVersion,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the RBAC manifest for a custom service account.
    Rbac(rbac::Args),
    /// Print the `kubernetes:` snippet for ~/.sky/config.yaml.
    Config(config::Args),
    /// Diagnose a kubeconfig: can SkyPilot use each context, and what to set.
    ///
    /// Three journeys. By default the kubeconfig stays with whoever launches (remote_identity
    /// SERVICE_ACCOUNT, NO_UPLOAD or a custom account): exec plugins, localhost servers and
    /// file paths work there and are notes. With --remote-identity LOCAL_CREDENTIALS it is
    /// copied into pods: plugins SkyPilot's controllers install (GKE, `aws eks get-token`,
    /// Nebius) are warnings, others errors. With --api-server it is a Helm API server's
    /// kube-credentials secret: any exec plugin, path or localhost server is an error.
    ///
    /// Exit status: 0 when no finding is an error, 1 when some are, 2 when an input cannot be
    /// read.
    Doctor(doctor::Args),
    /// Audit existing RBAC: will SkyPilot work with these roles, feature by feature?
    Audit(audit::Args),
    /// Explain a 403: who was refused what, where, which SkyPilot feature needs it, the
    /// minimal RBAC patch and the setting that avoids it; or what a refusal RBAC does not
    /// decide is (a missing service account, an admission webhook, a quota, Pod Security).
    ///
    /// Exit status: 0 when every refusal is a SkyPilot permission, 1 when something was
    /// recognised but not all of it is, 2 when nothing was recognised or the input cannot be
    /// read.
    Explain(explain::Args),
    /// Print the values.yaml for SkyPilot's Helm chart (an API server on Kubernetes).
    Helm(helm::Args),
    /// Print a sh script that checks on the cluster, with `kubectl auth can-i`, that an
    /// identity holds what SkyPilot needs, feature by feature.
    Verify(verify::Args),
    /// Print a generated input of a chosen size (for benchmarks and scale tests).
    #[command(subcommand, hide = true)]
    Sample(sample::Args),
    /// Print the permission catalogue as JSON (for the conformance tier's drift report).
    #[command(hide = true)]
    Catalogue,
}

/// The catalogue as pretty JSON, one trailing newline.
fn catalogue_json(version: SkyPilotVersion) -> String {
    let listing = skyauth::catalogue::listing(version);
    let mut text = serde_json::to_string_pretty(&listing).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `text` to standard output. A reader that closed the pipe early (`skyauth doctor big |
/// head`) has all it wanted: that ends the output quietly instead of panicking as `print!`
/// does; any other write error is reported on stderr.
fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {error}");
        }
    }
}

/// Prints setup errors on stderr, one per line naming the field, and returns exit status 2.
fn report_setup_errors(errors: &[skyauth::setup::SetupError]) -> ExitCode {
    for error in errors {
        // Fields name contexts from the command line; nothing reaches the terminal raw.
        let line = format!("{}: {}", error.field, error.message);
        eprintln!("error: {}", skyauth::terminal_text::escape_controls(&line));
    }
    ExitCode::from(2)
}

/// Prints the cloud identity's steps on stderr (the cloud side: trust policy, association,
/// IAM binding, federated credential), when the setup has one.
fn report_cloud_steps(setup: &skyauth::setup::Setup) {
    let setup = skyauth::setup::effective_setup(setup);
    for step in skyauth::generate::cloud_steps::cloud_steps(&setup) {
        eprintln!(
            "next: {}",
            skyauth::terminal_text::escape_controls(&step.text)
        );
        if let Some(command) = step.command {
            for line in command.lines() {
                eprintln!("    {}", skyauth::terminal_text::escape_controls(line));
            }
        }
    }
}

/// Prints a setup's warnings on stderr (context names that look like something else), one
/// per line naming the field; they never change the exit status.
fn report_setup_warnings(setup: &skyauth::setup::Setup) {
    for warning in skyauth::setup::warnings(setup) {
        let line = format!("{}: {}", warning.field, warning.message);
        eprintln!(
            "warning: {}",
            skyauth::terminal_text::escape_controls(&line)
        );
    }
}

/// The input a subcommand reads: the file named, `-` for standard input, and with no name
/// standard input only when it is a pipe or a file. On a terminal nothing would say that the
/// command waits for a paste, so it prints the usage instead and fails with exit status 2.
fn input_file(file: Option<PathBuf>, subcommand: &str) -> Result<PathBuf, ExitCode> {
    match file {
        Some(file) => Ok(file),
        None if std::io::stdin().is_terminal() => {
            let mut command = Cli::command();
            command.build();
            let usage = command
                .find_subcommand_mut(subcommand)
                .map(|sub| sub.render_usage().to_string())
                .unwrap_or_default();
            eprintln!(
                "error: no input: name a file, or `-` to read standard input (`kubectl ... | skyauth {subcommand} -`)\n\n{usage}\n\nFor more information, try 'skyauth {subcommand} --help'."
            );
            Err(ExitCode::from(2))
        }
        None => Ok(PathBuf::from("-")),
    }
}

/// A file as a SARIF log names it: the path as given, with `/` separators; `stdin` for `-`.
fn artifact_uri(file: &Path) -> String {
    if file.as_os_str() == "-" {
        return "stdin".to_owned();
    }
    file.to_string_lossy().replace('\\', "/")
}

/// Reads `file` (`-` for standard input), at most `max_bytes` plus one so callers can tell
/// that the input is too large.
fn read_input(file: &Path, max_bytes: usize) -> Result<Vec<u8>, String> {
    let limit = max_bytes as u64 + 1;
    let mut bytes = Vec::new();
    let result = if file.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file)
            .map_err(|e| format!("cannot open {}: {e}", file.display()))?
            .take(limit)
            .read_to_end(&mut bytes)
    };
    result.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(bytes)
}

/// Reads `file` as [`read_input`] does and decodes it by the one rule the page uses too
/// ([`skyauth::text_encoding::decode_text`]); the message names the file and what to do.
fn read_text(file: &Path, max_bytes: usize) -> Result<String, String> {
    let bytes = read_input(file, max_bytes)?;
    if bytes.len() > max_bytes {
        // Over the limit: left for the core to refuse with its own size message (a lossy
        // decoding is never shorter than the bytes, so it stays over the limit).
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    match skyauth::text_encoding::decode_text(&bytes) {
        Ok(text) => Ok(text.into_owned()),
        Err(error) if file.as_os_str() == "-" => Err(format!("standard input: {error}")),
        Err(error) => Err(format!("{}: {error}", file.display())),
    }
}

/// Reads a SkyPilot config or the chart's values (`--config`, `--workspace-config`; `-` is
/// standard input) as its settings; the message names `flag`.
fn read_config_settings(file: &Path, flag: &str) -> Result<serde_yaml::Mapping, String> {
    let text = read_text(file, skyauth::doctor::MAX_SKY_CONFIG_BYTES)
        .map_err(|message| format!("{flag}: {message}"))?;
    skyauth::doctor::read_settings(&text).map_err(|error| format!("{flag}: {error}"))
}

/// The command line as this binary was started: its version lines, and under the kubectl
/// plugin's name, help and errors that say `kubectl skyauth`.
fn command_line() -> clap::Command {
    // clap takes `'static` text; these are made once per run.
    let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
    let command = Cli::command()
        .version(leak(plugin::version()))
        .long_version(leak(plugin::long_version()));
    match std::env::args_os().next() {
        Some(argv0) if plugin::is_kubectl_plugin(&argv0) => command
            .name(plugin::PLUGIN_NAME)
            .bin_name("kubectl skyauth")
            .display_name("kubectl skyauth"),
        _ => command,
    }
}

fn main() -> ExitCode {
    let matches = command_line().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let version = cli.skypilot_version;
    match cli.command {
        Command::Rbac(args) => rbac::run(args, version),
        Command::Config(args) => config::run(args, version),
        Command::Doctor(args) => doctor::run(args, version),
        Command::Audit(args) => audit::run(args, version),
        Command::Explain(args) => explain::run(args, version),
        Command::Helm(args) => helm::run(args, version),
        Command::Verify(args) => verify::run(args, version),
        Command::Sample(args) => sample::run(args),
        Command::Catalogue => {
            emit(&catalogue_json(version));
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own consistency checks over every subcommand and flag (names, conflicts,
    /// defaults that parse).
    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
