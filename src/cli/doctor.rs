//! `skyauth doctor`.

use std::process::ExitCode;

/// Flags of `skyauth doctor`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("skyauth doctor: not implemented yet");
    ExitCode::from(2)
}
