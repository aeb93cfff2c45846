//! `skyauth`: the command-line face of the core. It parses flags and prints; the library decides.

mod config;
mod doctor;
mod rbac;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Configure SkyPilot's Kubernetes authentication: RBAC manifests, ~/.sky/config.yaml
/// snippets and kubeconfig diagnosis. Nothing leaves this machine.
#[derive(Parser)]
#[command(name = "skyauth", version, about, long_about = None)]
struct Cli {
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
    Doctor(doctor::Args),
}

/// Prints setup errors on stderr, one per line naming the field, and returns exit status 2.
fn report_setup_errors(errors: &[skyauth::setup::SetupError]) -> ExitCode {
    for error in errors {
        eprintln!("error: {}: {}", error.field, error.message);
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rbac(args) => rbac::run(args),
        Command::Config(args) => config::run(args),
        Command::Doctor(args) => doctor::run(args),
    }
}
