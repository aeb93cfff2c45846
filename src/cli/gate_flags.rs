//! The flags that decide when `doctor` and `audit` fail a CI step (`--fail-on`, `--exit-zero`),
//! and the exit status they give ([`skyauth::fail_on`] decides).

use std::process::ExitCode;

use skyauth::fail_on::FailOn;

#[derive(clap::Args)]
pub struct GateFlags {
    /// The least severe finding that makes the exit status 1: error (the default), warning
    /// or note.
    #[arg(long, value_name = "LEVEL", default_value = "error")]
    fail_on: FailOn,
    /// Exit 0 whatever the findings (2 still means an input could not be read).
    #[arg(long)]
    exit_zero: bool,
}

impl GateFlags {
    /// The exit status of a report that `fails_at` judges.
    pub fn status(&self, fails_at: impl FnOnce(FailOn) -> bool) -> ExitCode {
        if !self.exit_zero && fails_at(self.fail_on) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}
