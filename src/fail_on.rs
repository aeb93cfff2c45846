//! When a report fails a CI step: `--fail-on error|warning|note` names the least severe kind
//! of finding that still fails it (`error`, the default, is what the exit status always
//! meant), and `--exit-zero` fails nothing. One rule, which the doctor's findings (by their
//! severity) and the audit's (a selected feature not granted is an error, a far-beyond warning
//! a warning, a note a note) are judged by.

use std::fmt;
use std::str::FromStr;

/// The least severe finding that fails the step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Note,
}

/// How severe a finding is, as [`FailOn`] judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl FailOn {
    pub const ALL: [FailOn; 3] = [FailOn::Error, FailOn::Warning, FailOn::Note];

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Note => "note",
        }
    }

    /// Whether a finding of `level` fails the step.
    pub fn fails(self, level: Level) -> bool {
        let least = match self {
            FailOn::Error => Level::Error,
            FailOn::Warning => Level::Warning,
            FailOn::Note => Level::Note,
        };
        level <= least
    }

    /// Whether any of `levels` fails the step.
    pub fn any_fails(self, levels: impl IntoIterator<Item = Level>) -> bool {
        levels.into_iter().any(|level| self.fails(level))
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(text: &str) -> Result<FailOn, String> {
        FailOn::ALL
            .into_iter()
            .find(|level| level.as_str() == text)
            .ok_or_else(|| format!("`{text}` is not a level: use error, warning or note"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_fails_on_itself_and_everything_more_severe() {
        assert!(FailOn::Error.fails(Level::Error));
        assert!(!FailOn::Error.fails(Level::Warning) && !FailOn::Error.fails(Level::Note));
        assert!(FailOn::Warning.fails(Level::Error) && FailOn::Warning.fails(Level::Warning));
        assert!(!FailOn::Warning.fails(Level::Note));
        assert!(FailOn::Note.fails(Level::Note) && FailOn::Note.fails(Level::Error));
        assert!(!FailOn::Note.any_fails([]));
        for level in FailOn::ALL {
            assert_eq!(level.as_str().parse::<FailOn>(), Ok(level));
        }
        assert!("info"
            .parse::<FailOn>()
            .unwrap_err()
            .contains("error, warning or note"));
    }
}
