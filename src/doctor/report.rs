//! The doctor's report: the diagnosis of a kubeconfig, its contexts and their verdicts.

use std::collections::HashMap;

use serde::Serialize;

use super::auth::{AuthKind, ExecProvider};
use super::finding::{Finding, Severity};
use super::journey::KubeconfigJourney;
use crate::setup::RemoteIdentity;

/// The doctor's answer for one kubeconfig.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    pub current_context: Option<String>,
    pub contexts: Vec<ContextReport>,
    pub findings: Vec<Finding>,
    /// The journey it was judged for.
    #[serde(skip)]
    pub journey: KubeconfigJourney,
}

impl Diagnosis {
    /// True when some finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Whether the diagnosis fails a CI step at `level` (`--fail-on`): some finding is that
    /// severe or more (an `info` finding is a note).
    pub fn fails_at(&self, level: crate::fail_on::FailOn) -> bool {
        use crate::fail_on::Level;
        level.any_fails(self.findings.iter().map(|finding| match finding.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Note,
        }))
    }

    /// The findings about one context.
    pub fn findings_for<'a>(&'a self, context: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.context.as_deref() == Some(context))
    }

    /// The findings of every context, by context name, in order: one pass for a whole report
    /// ([`Diagnosis::findings_for`] per context is quadratic in the number of contexts).
    pub fn findings_by_context(&self) -> HashMap<&str, Vec<&Finding>> {
        let mut by_context: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for finding in &self.findings {
            if let Some(context) = finding.context.as_deref() {
                by_context.entry(context).or_default().push(finding);
            }
        }
        by_context
    }
}

/// One context, resolved and judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextReport {
    pub name: String,
    pub cluster: String,
    pub user: String,
    pub namespace: Option<String>,
    pub is_current: bool,
    pub server: Option<String>,
    pub auth: AuthKind,
    pub exec_command: Option<String>,
    pub exec_provider: Option<ExecProvider>,
    /// The credential, redacted (never the secret itself).
    pub credential: Option<String>,
    pub verdict: Verdict,
    /// The `remote_identity` to use with it; `None` for SkyPilot's own SSH Node Pool contexts,
    /// which need nothing.
    pub recommended_remote_identity: Option<RemoteIdentity>,
}

/// Whether SkyPilot can use a context as the user intends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Works with the intended remote identity.
    Ready,
    /// Works, with warnings worth reading.
    ReadyWithWarnings,
    /// The credentials will not work inside pods: use a service account.
    UseServiceAccount,
    /// The credentials do not work in an API server's pod: give it a token kubeconfig.
    NeedsStaticCredentials,
    /// One of SkyPilot's own SSH Node Pool contexts (`ssh-<pool>`): nothing to set.
    SshNodePool,
    /// The credentials work, but `~/.sky/config.yaml` has an error about this context (or
    /// about every context) that SkyPilot trips over first.
    FixSkyConfig,
    /// The context cannot be used at all (dangling references, a file kubectl refuses, an
    /// auth-provider kubectl removed).
    Broken,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithWarnings => "ready-with-warnings",
            Verdict::UseServiceAccount => "use-service-account",
            Verdict::NeedsStaticCredentials => "needs-static-credentials",
            Verdict::SshNodePool => "ssh-node-pool",
            Verdict::FixSkyConfig => "fix-sky-config",
            Verdict::Broken => "broken",
        }
    }

    /// The verdict in words.
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready: SkyPilot can use this context as intended.",
            Verdict::ReadyWithWarnings => "Usable, but read the warnings.",
            Verdict::UseServiceAccount => {
                "Its credentials break inside pods: use a service account."
            }
            Verdict::NeedsStaticCredentials => {
                "Its credentials do not work in the API server's pod: give it a service-account token kubeconfig."
            }
            Verdict::SshNodePool => "SkyPilot's own SSH Node Pool context: nothing to set.",
            Verdict::FixSkyConfig => {
                "Its credentials work, but ~/.sky/config.yaml has an error about it: fix the config first."
            }
            Verdict::Broken => {
                "Broken: the context does not resolve, kubectl cannot load the file, or it cannot log in; fix the kubeconfig first."
            }
        }
    }
}
