//! How the page colours what the core judged: the one place that maps verdicts, severities and
//! tones to CSS classes (the core's view rows carry the enums, never class names).

use crate::analysis::Tone;
use crate::doctor::{Severity, Verdict};

/// The classes of a cell or line that shows a status in `tone`.
pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Ok => "verdict ok",
        Tone::Warn => "verdict warn",
        Tone::Bad => "verdict bad",
        Tone::Neutral => "verdict",
    }
}

/// The classes of a context's verdict.
pub fn verdict_class(verdict: Verdict) -> &'static str {
    tone_class(match verdict {
        Verdict::Ready => Tone::Ok,
        Verdict::ReadyWithWarnings => Tone::Warn,
        Verdict::SshNodePool => Tone::Neutral,
        Verdict::UseServiceAccount
        | Verdict::NeedsStaticCredentials
        | Verdict::FixSkyConfig
        | Verdict::Broken => Tone::Bad,
    })
}

/// The class of a finding of `severity` (its line and its label).
pub fn severity_class(severity: Severity) -> &'static str {
    severity.as_str()
}
