//! `skyauth config`.

use std::process::ExitCode;

/// Flags of `skyauth config`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("skyauth config: not implemented yet");
    ExitCode::from(2)
}
