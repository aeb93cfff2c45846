//! How the page colours what the core judged: the one place that maps verdicts, statuses and
//! severities to CSS classes (the core's view rows carry the enums, never class names).

use crate::audit::Status;
use crate::doctor::{Severity, Verdict};

const OK: &str = "verdict ok";
const WARN: &str = "verdict warn";
const BAD: &str = "verdict bad";
const NEUTRAL: &str = "verdict";

/// The classes of a context's verdict.
pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => OK,
        Verdict::ReadyWithWarnings => WARN,
        Verdict::SshNodePool => NEUTRAL,
        Verdict::UseServiceAccount
        | Verdict::NeedsStaticCredentials
        | Verdict::FixSkyConfig
        | Verdict::Broken => BAD,
    }
}

/// The classes of an audited feature's status: what is missing matters only when selected.
pub fn status_class(status: Status, selected: bool) -> &'static str {
    match (status, selected) {
        (Status::Granted, _) => OK,
        (_, false) => NEUTRAL,
        (Status::Partial, true) => WARN,
        (Status::Missing, true) => BAD,
    }
}

/// The classes of the audit's summary line.
pub fn summary_class(all_granted: bool) -> &'static str {
    if all_granted {
        OK
    } else {
        BAD
    }
}

/// The classes of an explained refusal: a SkyPilot permission the patch grants, one no patch
/// here fixes, or one without what it would take to say.
pub fn refusal_class(verdict: crate::explain::Verdict) -> &'static str {
    use crate::explain::Verdict as V;
    match verdict {
        V::SkyPilotPermission => WARN,
        V::NotRbac | V::Anonymous | V::Escalation => BAD,
        V::NotSkyPilot | V::NoDetail => NEUTRAL,
    }
}

/// The class of a finding of `severity` (its line and its label).
pub fn severity_class(severity: Severity) -> &'static str {
    severity.as_str()
}
