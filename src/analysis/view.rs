//! What the page shows of a diagnosis or an audit: plain rows of text, built here from the
//! core's results so the page renders them without linking the doctor or the audit.
//!
//! Its length is the views': one row type per table the page shows, each with its wire form;
//! rows carry the core's enums (`Verdict`, `Status`, ...), and only the page maps them to CSS.

use super::codec::{wire_struct, Wire};
use crate::audit::{Audit, BoundSubject, Status};
use crate::catalogue::Feature;
use crate::doctor::{
    Diagnosis, DoctorError, ExecProvider, FindingCode, Recommendation, Severity, Verdict,
};
use crate::setup::RemoteIdentity;

/// The most contexts, findings and permissions listed; the rest are counted, so a huge input
/// keeps the page responsive. The CLI lists everything.
pub const MAX_LISTED: usize = 200;

super::codec::wire_enum!(Status {
    Granted,
    Partial,
    Missing
});
super::codec::wire_enum!(Verdict {
    Ready,
    ReadyWithWarnings,
    UseServiceAccount,
    NeedsStaticCredentials,
    SshNodePool,
    FixSkyConfig,
    Broken
});
super::codec::wire_enum!(Severity {
    Error,
    Warning,
    Info
});

impl Wire for Feature {
    fn write(&self, out: &mut super::codec::Writer) {
        out.text(self.id())
    }
    fn read(input: &mut super::codec::Reader<'_>) -> Result<Self, super::codec::WireError> {
        let id = String::read(input)?;
        Feature::ALL
            .iter()
            .copied()
            .find(|feature| feature.id() == id)
            .ok_or(super::codec::WireError)
    }
}

impl Wire for RemoteIdentity {
    fn write(&self, out: &mut super::codec::Writer) {
        out.text(&self.to_string())
    }
    fn read(input: &mut super::codec::Reader<'_>) -> Result<Self, super::codec::WireError> {
        Ok(RemoteIdentity::from_config_value(&String::read(input)?))
    }
}

/// One context of a diagnosis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextRow {
    pub name: String,
    pub is_current: bool,
    pub credential: Option<String>,
    /// `token`, or `exec: aws (eks)`.
    pub auth: String,
    pub verdict: Verdict,
    /// The `remote_identity` recommended for it; none for SkyPilot's own SSH Node Pool
    /// contexts, which need nothing.
    pub recommended: Option<RemoteIdentity>,
}
wire_struct!(ContextRow {
    name,
    is_current,
    credential,
    auth,
    verdict,
    recommended
});

/// One finding of a diagnosis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    pub severity: Severity,
    pub code: String,
    /// The code in words, as the page shows it.
    pub title: String,
    pub context: Option<String>,
    pub message: String,
    /// The fix in the page's terms ([`crate::doctor::Face::Page`]).
    pub fix: String,
}
wire_struct!(FindingRow {
    severity,
    code,
    title,
    context,
    message,
    fix
});

/// The doctor's result as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DoctorView {
    /// Why the input could not be read; then everything else is empty.
    pub error: Option<String>,
    pub contexts: Vec<ContextRow>,
    pub more_contexts: usize,
    pub findings: Vec<FindingRow>,
    pub more_findings: usize,
    /// Some exec command has a path, or is Nebius's (whose profile SkyPilot rewrites), so a
    /// path-less rewrite can be asked for
    /// ([`super::Query::Rewrite`]; it parses the text again, so only on demand).
    pub can_rewrite: bool,
    /// The whole file's recommendation: the contexts SkyPilot can use, and the snippet
    /// (none for files of more than [`MAX_LISTED`] contexts, or without a usable one).
    pub recommendation: Option<RecommendationView>,
}
wire_struct!(DoctorView {
    error,
    contexts,
    more_contexts,
    findings,
    more_findings,
    can_rewrite,
    recommendation
});

/// A usable context and the `remote_identity` it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextChoice {
    pub name: String,
    pub identity: RemoteIdentity,
}
wire_struct!(ContextChoice { name, identity });

/// The doctor's recommendation for the whole file, as the page applies it to the wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecommendationView {
    /// The default `remote_identity`.
    pub default_identity: RemoteIdentity,
    pub contexts: Vec<ContextChoice>,
    /// The `kubernetes:` snippet.
    pub config: String,
    /// Why the snippet still sends the kubeconfig to the controllers, when it does.
    pub caveat: Option<String>,
}
wire_struct!(RecommendationView {
    default_identity,
    contexts,
    config,
    caveat
});

impl RecommendationView {
    /// The view of a recommendation; `None` when no context is usable.
    pub fn new(recommendation: &Recommendation) -> Option<RecommendationView> {
        Some(RecommendationView {
            config: recommendation.config()?,
            caveat: recommendation.caveat.clone(),
            default_identity: recommendation.default_identity.clone(),
            contexts: recommendation
                .contexts
                .iter()
                .map(|(name, identity)| ContextChoice {
                    name: name.clone(),
                    identity: identity.clone(),
                })
                .collect(),
        })
    }

    /// The identity and contexts as a recommendation again, for the wizard's edits.
    pub fn recommendation(&self) -> Recommendation {
        Recommendation {
            default_identity: self.default_identity.clone(),
            contexts: self
                .contexts
                .iter()
                .map(|c| (c.name.clone(), c.identity.clone()))
                .collect(),
            caveat: self.caveat.clone(),
            skypilot_version: Default::default(),
        }
    }
}

impl DoctorView {
    /// One sentence for a screen reader's status region when the diagnosis changes (the
    /// panel itself is not a live region: it would be read out whole on every change); none
    /// for an error, which the panel shows as an alert.
    pub fn announcement(&self) -> Option<String> {
        if self.error.is_some() {
            return None;
        }
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let contexts = self.contexts.len() + self.more_contexts;
        let findings = self.findings.len() + self.more_findings;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        Some(format!(
            "Diagnosed: {contexts} context{}, {findings} finding{} ({errors} error{}).",
            plural(contexts),
            plural(findings),
            plural(errors)
        ))
    }

    /// The view of a diagnosis, or of why there is none.
    pub fn new(
        result: Result<&Diagnosis, &DoctorError>,
        version: crate::release::SkyPilotVersion,
    ) -> DoctorView {
        let diagnosis = match result {
            Ok(diagnosis) => diagnosis,
            Err(error) => {
                return DoctorView {
                    error: Some(error.to_string()),
                    ..DoctorView::default()
                }
            }
        };
        DoctorView {
            error: None,
            contexts: diagnosis
                .contexts
                .iter()
                .take(MAX_LISTED)
                .map(|context| ContextRow {
                    name: context.name.clone(),
                    is_current: context.is_current,
                    credential: context.credential.clone(),
                    auth: match (&context.exec_command, context.exec_provider) {
                        (Some(command), Some(provider)) => {
                            format!("exec: {command} ({})", provider.as_str())
                        }
                        _ => context.auth.as_str().to_owned(),
                    },
                    verdict: context.verdict,
                    recommended: context.recommended_remote_identity.clone(),
                })
                .collect(),
            more_contexts: diagnosis.contexts.len().saturating_sub(MAX_LISTED),
            findings: diagnosis
                .findings
                .iter()
                .take(MAX_LISTED)
                .map(|finding| FindingRow {
                    severity: finding.severity,
                    code: finding.code.as_str().to_owned(),
                    title: finding.code.title().to_owned(),
                    context: finding.context.clone(),
                    message: finding.message.clone(),
                    fix: finding.page_fix.clone(),
                })
                .collect(),
            more_findings: diagnosis.findings.len().saturating_sub(MAX_LISTED),
            can_rewrite: diagnosis
                .findings
                .iter()
                .any(|f| f.code == FindingCode::ExecAbsolutePath)
                || diagnosis
                    .contexts
                    .iter()
                    .any(|c| c.exec_provider == Some(ExecProvider::Nebius)),
            // A file of more contexts than the page lists gets its snippet from the CLI
            // (`skyauth doctor --format config`): the page would show a wall of names.
            recommendation: (diagnosis.contexts.len() <= MAX_LISTED)
                .then(|| {
                    RecommendationView::new(&Recommendation {
                        skypilot_version: version,
                        ..Recommendation::of(diagnosis)
                    })
                })
                .flatten(),
        }
    }
}

/// One feature of an audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureRow {
    pub feature: Feature,
    pub selected: bool,
    pub status: Status,
    /// `verb group/resource in namespace`, one per permission.
    pub missing: Vec<String>,
}
wire_struct!(FeatureRow {
    feature,
    selected,
    status,
    missing
});

/// A grant far beyond SkyPilot's needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningRow {
    /// `cluster-admin`, `cluster-secrets`, `escalate`, `bind`, `impersonate`.
    pub kind: String,
    pub message: String,
}
wire_struct!(WarningRow { kind, message });

/// The most subjects of the export the page offers when the audited one is not bound; the
/// rest are counted (the CLI's JSON lists them all).
pub const MAX_OFFERED_SUBJECTS: usize = 20;

/// A subject the export binds, offered for the audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectChoice {
    /// As the subject field reads it: `NS/NAME`, `user:NAME`, `group:NAME`.
    pub field_text: String,
    /// What its button says: `Audit sky-system/sky-sa (3 bindings)` (written here, so the
    /// page carries no wording of its own).
    pub label: String,
}
wire_struct!(SubjectChoice { field_text, label });

impl SubjectChoice {
    fn new(bound: &BoundSubject) -> SubjectChoice {
        let field_text = bound.subject.to_field_text();
        let plural = if bound.bindings == 1 { "" } else { "s" };
        SubjectChoice {
            label: format!("Audit {field_text} ({} binding{plural})", bound.bindings),
            field_text,
        }
    }
}

/// The audit's result as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditView {
    /// Why the input could not be read; then everything else is empty.
    pub error: Option<String>,
    pub all_granted: bool,
    pub summary: String,
    /// What was read, and which bindings name the subject.
    pub read: String,
    pub features: Vec<FeatureRow>,
    pub warnings: Vec<WarningRow>,
    pub notes: Vec<String>,
    pub patch: Option<String>,
    /// When no binding names the subject itself: the sentences that say so, and introduce
    /// [`AuditView::offered_subjects`] (or say the export binds no one).
    pub unbound: Option<String>,
    /// Then the subjects the export does bind, at most [`MAX_OFFERED_SUBJECTS`] (service
    /// accounts first, Kubernetes' own last).
    pub offered_subjects: Vec<SubjectChoice>,
    /// Why the subject does not read (`NS/NAME`, `user:NAME`, `group:NAME`); then everything
    /// else is empty. The page shows it at the field: reading subjects is the worker's job,
    /// which keeps the page's first load small.
    pub subject_error: Option<String>,
}
wire_struct!(AuditView {
    error,
    all_granted,
    summary,
    read,
    features,
    warnings,
    notes,
    patch,
    unbound,
    offered_subjects,
    subject_error
});

impl AuditView {
    /// One sentence for a screen reader's status region when the audit changes (the report
    /// below says which and why); none for an error, which the panel shows as an alert.
    pub fn announcement(&self) -> Option<String> {
        if self.error.is_some() {
            return None;
        }
        let short = self
            .features
            .iter()
            .filter(|row| row.selected && row.status != crate::audit::Status::Granted)
            .count();
        Some(match short {
            0 => "Audited: every selected feature granted.".to_owned(),
            1 => "Audited: 1 selected feature not granted.".to_owned(),
            n => format!("Audited: {n} selected features not granted."),
        })
    }

    /// The view of an audit, or of why there is none.
    pub fn new(result: Result<&Audit, String>) -> AuditView {
        let audit = match result {
            Ok(audit) => audit,
            Err(error) => {
                return AuditView {
                    error: Some(error),
                    ..AuditView::default()
                }
            }
        };
        let all_granted = audit.all_selected_granted();
        let summary = if all_granted {
            format!(
                "Every selected feature is granted to the {}.",
                audit.subject
            )
        } else {
            format!(
                "The {} lacks permissions for selected features; the patch below grants only those.",
                audit.subject
            )
        };
        let read = audit.read_summary();
        let mut unbound = audit.unbound_note();
        let offered = match &mut unbound {
            Some(note) => {
                let (offered, more) = audit.bound_subjects.first(MAX_OFFERED_SUBJECTS);
                note.push_str(&match (offered.len(), more) {
                    (0, _) => " It binds no service account, user or group.".to_owned(),
                    (_, 0) => " The subjects it binds:".to_owned(),
                    (shown, more) => format!(
                        " The first {shown} of the {} subjects it binds (type another in the field):",
                        shown + more
                    ),
                });
                offered
            }
            None => &[],
        };
        AuditView {
            error: None,
            all_granted,
            summary,
            read,
            features: audit
                .features
                .iter()
                .map(|report| FeatureRow {
                    feature: report.feature,
                    selected: report.selected,
                    status: report.status,
                    missing: report
                        .missing
                        .iter()
                        .take(MAX_LISTED)
                        .map(ToString::to_string)
                        .collect(),
                })
                .collect(),
            warnings: audit
                .warnings
                .iter()
                .take(MAX_LISTED)
                .map(|warning| WarningRow {
                    kind: warning.kind.id().to_owned(),
                    message: warning.message(),
                })
                .collect(),
            notes: audit.notes.iter().take(MAX_LISTED).cloned().collect(),
            patch: audit.patch.clone(),
            unbound,
            offered_subjects: offered.iter().map(SubjectChoice::new).collect(),
            subject_error: None,
        }
    }
}
