//! `skyauth rbac`.

use std::process::ExitCode;

/// Flags of `skyauth rbac`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("skyauth rbac: not implemented yet");
    ExitCode::from(2)
}
