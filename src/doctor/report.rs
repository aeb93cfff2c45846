//! The doctor's report: the diagnosis of a kubeconfig, its contexts and their verdicts.

use std::collections::{HashMap, HashSet};

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

    /// The diagnosis narrowed to the named contexts (`doctor --context`): their reports and
    /// findings, and the findings about the whole file or about a context the kubeconfig
    /// lacks (a SkyPilot config naming one), which stand whichever context is used; findings
    /// about the kubeconfig's other contexts go. Every name must be a context of it.
    pub fn only_contexts(self, names: &[String]) -> Result<Diagnosis, UnknownContext> {
        let unknown: Vec<String> = names
            .iter()
            .filter(|name| !self.contexts.iter().any(|c| &c.name == *name))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(UnknownContext {
                unknown,
                known: self.contexts.iter().map(|c| c.name.clone()).collect(),
            });
        }
        let named = |name: &str| names.iter().any(|n| n == name);
        let other: HashSet<String> = self
            .contexts
            .iter()
            .filter(|c| !named(&c.name))
            .map(|c| c.name.clone())
            .collect();
        Ok(Diagnosis {
            contexts: self
                .contexts
                .into_iter()
                .filter(|c| named(&c.name))
                .collect(),
            findings: self
                .findings
                .into_iter()
                .filter(|f| f.context.as_ref().is_none_or(|c| !other.contains(c)))
                .collect(),
            ..self
        })
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

/// Names given to [`Diagnosis::only_contexts`] that are no context of the kubeconfig.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownContext {
    pub unknown: Vec<String>,
    /// The kubeconfig's contexts, in its order.
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted = |names: &[String]| {
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let noun = if self.unknown.len() == 1 {
            "context"
        } else {
            "contexts"
        };
        write!(f, "no {noun} {} in this kubeconfig", quoted(&self.unknown))?;
        match self.known.is_empty() {
            true => write!(f, ", which has no contexts"),
            false => write!(f, "; its contexts: {}", quoted(&self.known)),
        }
    }
}

impl std::error::Error for UnknownContext {}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::{diagnose, FindingCode};

    const MIXED: &str = include_str!("../../tests/kubeconfigs/multi-context-mixed.yaml");

    fn names(diagnosis: &Diagnosis) -> Vec<&str> {
        diagnosis.contexts.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn only_contexts_keeps_the_named_contexts_their_findings_and_the_files() {
        let local = KubeconfigJourney::for_identity(RemoteIdentity::LocalCredentials);
        let all = diagnose(MIXED, &local).unwrap();
        assert_eq!(names(&all), ["prod-sa", "gke-dev", "kind-local"]);
        assert!(all.findings_for("gke-dev").next().is_some());
        let one = all
            .clone()
            .only_contexts(&["kind-local".to_owned()])
            .unwrap();
        assert_eq!(names(&one), ["kind-local"]);
        assert!(one
            .findings
            .iter()
            .all(|f| f.context.as_deref().is_none_or(|c| c == "kind-local")));
        assert_eq!(
            one.findings_for("kind-local").count(),
            all.findings_for("kind-local").count()
        );
        assert_eq!(one.current_context, all.current_context);
        // A file-level finding stands whichever context is named.
        let twice = format!("{MIXED}\n---\nkind: Config\n");
        let with_file_finding = diagnose(&twice, &local).unwrap();
        assert!(with_file_finding
            .findings
            .iter()
            .any(|f| f.context.is_none() && f.code == FindingCode::ExtraDocuments));
        let narrowed = with_file_finding
            .only_contexts(&["prod-sa".to_owned()])
            .unwrap();
        assert!(narrowed
            .findings
            .iter()
            .any(|f| f.code == FindingCode::ExtraDocuments));
        // So does the SkyPilot config's naming a context the kubeconfig lacks.
        let sky = crate::doctor::read_sky_config(include_str!(
            "../../tests/sky-configs/missing-context.yaml"
        ))
        .unwrap();
        let config = crate::doctor::parse(MIXED).unwrap();
        let with_sky = crate::doctor::diagnose_config(&config, &local, Some(&sky));
        let narrowed = with_sky.only_contexts(&["prod-sa".to_owned()]).unwrap();
        assert!(narrowed
            .findings
            .iter()
            .any(|f| f.code == FindingCode::ConfigMissingContext));
    }

    #[test]
    fn an_unknown_context_is_an_error_naming_the_contexts_there_are() {
        let all = diagnose(MIXED, &KubeconfigJourney::default()).unwrap();
        let error = all
            .only_contexts(&["prod-sa".to_owned(), "staging".to_owned(), "qa".to_owned()])
            .unwrap_err();
        assert_eq!(error.unknown, ["staging", "qa"]);
        assert_eq!(
            error.to_string(),
            "no contexts `staging`, `qa` in this kubeconfig; its contexts: `prod-sa`, \
             `gke-dev`, `kind-local`"
        );
        let empty = diagnose("kind: Config\n", &KubeconfigJourney::default()).unwrap();
        let error = empty.only_contexts(&["x".to_owned()]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no context `x` in this kubeconfig, which has no contexts"
        );
    }
}
