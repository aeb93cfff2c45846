//! The RBAC audit: reads the Roles, ClusterRoles and bindings a cluster already has, evaluates
//! them for one subject with Kubernetes' own RBAC semantics, and reports, feature by feature,
//! whether SkyPilot will work, what is missing (with a minimal patch) and what is far beyond
//! its needs. The text and JSON reports the CLI prints are rendered here too
//! ([`text_report`], [`json_report`]); [`verify_script`] is the same check made by the cluster
//! (`kubectl auth can-i`), built on the same expansion of each feature into permissions.
//! [`TeamRequest`] resolves one team of an existing config to the subject and namespace both
//! check.

mod bound_subjects;
mod evaluate;
mod excess;
mod input;
mod patch;
mod permission;
mod render;
mod requirement;
mod subject;
mod team;
pub mod verify_script;

pub use bound_subjects::{BoundSubject, BoundSubjects};
pub use evaluate::{FeatureReport, Status};
pub use excess::{ExcessKind, Warning};
pub use input::{parse_rbac, parse_rbac_bytes, AuditError, RbacSet, MAX_INPUT_BYTES};
pub(crate) use patch::rbac_subject;
pub use patch::{patch_name, PATCH_FILE};
pub use permission::{Permission, Scope};
pub use render::{json_report, team_json_report, team_text_report, text_report};
pub use requirement::{grant_permissions, permissions, Namespaces};
pub use subject::{Subject, SubjectError};
pub use team::{
    section_verify_plan, team_verify_plan, Purpose, TeamChoice, TeamError, TeamRequest,
};

use crate::catalogue::Feature;
use crate::generate::Object;
use crate::release::SkyPilotVersion;
use crate::setup::{Setup, SubjectKind};

/// What to audit: who, where, and which features matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRequest {
    pub subject: Subject,
    pub namespaces: Namespaces,
    /// The features that must be granted (all are reported).
    pub selected: Vec<Feature>,
    /// The SkyPilot release whose calls are checked.
    pub skypilot_version: SkyPilotVersion,
}

impl AuditRequest {
    /// A request for `subject`, launching in its own namespace (or `default`).
    pub fn new(subject: Subject, selected: Vec<Feature>) -> AuditRequest {
        let launch = subject.namespace().unwrap_or("default").to_owned();
        AuditRequest {
            subject,
            namespaces: Namespaces::new(launch),
            selected,
            skypilot_version: SkyPilotVersion::default(),
        }
    }

    /// True when the request checks the launching identity of the keyword modes, so every
    /// feature also needs what SkyPilot's own account gets for it from the launcher.
    pub fn is_for_launcher(&self) -> bool {
        self.selected.contains(&Feature::ManagedAccount)
    }

    /// The request that checks what `setup`'s generated RBAC is for: the launcher (its user
    /// or group, in its namespace) when launcher RBAC is on, else the custom account. A
    /// launcher not named yet is checked as the custom account's fields say, in the launcher's
    /// namespace (the page's audit and check start from here; the check script runs a nameless
    /// launcher as the kubeconfig's own identity).
    pub fn for_setup(setup: &Setup) -> AuditRequest {
        let setup = &*crate::setup::effective_setup(setup);
        let (subject, launch) = if setup.wants_launcher_rbac()
            && !setup.launcher.subject.trim().is_empty()
        {
            let launcher = &setup.launcher;
            let subject = match (launcher.subject_kind, launcher.service_account()) {
                (SubjectKind::Group, _) => Subject::Group(launcher.subject.clone()),
                (SubjectKind::ServiceAccount, Some((namespace, name))) => Subject::ServiceAccount {
                    namespace: namespace.to_owned(),
                    name: name.to_owned(),
                },
                _ => Subject::User(launcher.subject.clone()),
            };
            (subject, launcher.namespace.clone())
        } else {
            let account = &setup.account;
            let subject = Subject::ServiceAccount {
                namespace: account.namespace.clone(),
                name: account.name.clone(),
            };
            let launch = if setup.wants_launcher_rbac() {
                setup.launcher.namespace.clone()
            } else {
                account.namespace.clone()
            };
            (subject, launch)
        };
        AuditRequest {
            subject,
            namespaces: Namespaces {
                launch,
                metrics: setup.metrics.prometheus.namespace.clone(),
            },
            selected: setup.rbac_features(),
            skypilot_version: setup.skypilot_version,
        }
    }
}

/// The audit's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Audit {
    pub subject: Subject,
    /// Every feature, selected or not, in [`Feature::ALL`] order.
    pub features: Vec<FeatureReport>,
    pub warnings: Vec<Warning>,
    /// The bindings that name the subject.
    pub bindings: Vec<String>,
    /// How the input was read and what could not be evaluated.
    pub notes: Vec<String>,
    /// How many RBAC objects were read, and the other kinds skipped.
    pub objects_read: usize,
    pub skipped: Vec<(String, usize)>,
    /// The objects granting what the selected features miss.
    pub patch_objects: Vec<Object>,
    /// Those objects as a commented YAML stream.
    pub patch: Option<String>,
    /// Every subject the input's bindings name, offered when [`Audit::subject`] is not one.
    pub bound_subjects: BoundSubjects,
}

impl Audit {
    /// Whether the audit fails a CI step at `level` (`--fail-on`): a selected feature not
    /// granted is an error, a far-beyond warning a warning, a note a note.
    pub fn fails_at(&self, level: crate::fail_on::FailOn) -> bool {
        use crate::fail_on::Level;
        let errors = (!self.all_selected_granted()).then_some(Level::Error);
        let warnings = self.warnings.iter().map(|_| Level::Warning);
        let notes = self.notes.iter().map(|_| Level::Note);
        level.any_fails(errors.into_iter().chain(warnings).chain(notes))
    }

    /// What was read and which bindings name the subject, as one sentence:
    /// `Read 4 RBAC objects; skipped 1 ServiceAccount. Bindings naming it: RoleBinding rb in team.`
    pub fn read_summary(&self) -> String {
        let plural = if self.objects_read == 1 { "" } else { "s" };
        let mut out = format!("Read {} RBAC object{plural}", self.objects_read);
        if !self.skipped.is_empty() {
            let skipped: Vec<String> = self
                .skipped
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            out += &format!("; skipped {}", skipped.join(", "));
        }
        out += ". ";
        if self.bindings.is_empty() {
            out += "No binding names this subject.";
        } else {
            out += &format!("Bindings naming it: {}.", self.bindings.join(", "));
        }
        out
    }

    /// How many bindings name the subject itself (not one of its groups).
    pub fn subject_bindings(&self) -> usize {
        self.bound_subjects.bindings_of(&self.subject)
    }

    /// When no binding names the subject itself, a sentence that says so (the page and the
    /// CLI then offer [`Audit::bound_subjects`]): auditing an account the export never names
    /// is most often a typo or the wrong cluster.
    pub fn unbound_note(&self) -> Option<String> {
        if self.subject_bindings() > 0 {
            return None;
        }
        let subject = self.subject.to_field_text();
        Some(if self.bindings.is_empty() {
            format!("`{subject}` is not bound by any binding in this export.")
        } else {
            format!(
                "`{subject}` is not bound by any binding in this export; it gets only what its groups get."
            )
        })
    }

    /// True when every selected feature is fully granted.
    pub fn all_selected_granted(&self) -> bool {
        self.features
            .iter()
            .filter(|report| report.selected)
            .all(|report| report.status == Status::Granted)
    }
}

/// Reads `text` and audits it.
pub fn audit(text: &str, request: &AuditRequest) -> Result<Audit, AuditError> {
    Ok(audit_set(&parse_rbac(text)?, request))
}

/// Audits RBAC objects already read.
pub fn audit_set(set: &RbacSet, request: &AuditRequest) -> Audit {
    let held = evaluate::holdings(set, &request.subject);
    let features: Vec<FeatureReport> = Feature::ALL
        .iter()
        .map(|&feature| {
            let selected = request.selected.contains(&feature);
            evaluate::check_feature(
                feature,
                selected,
                &held,
                &request.namespaces,
                request.is_for_launcher(),
                request.skypilot_version,
            )
        })
        .collect();
    let missing: Vec<(Feature, &[Permission])> = features
        .iter()
        .filter(|report| report.selected && !report.missing.is_empty())
        .map(|report| (report.feature, report.missing.as_slice()))
        .collect();
    let entries = patch::patch_entries(&request.subject, &missing);
    let mut notes = set.notes.clone();
    notes.extend(held.notes.iter().cloned());
    let patch = match patch::render_patch(&entries) {
        Some(Ok(text)) => Some(text),
        Some(Err(error)) => {
            notes.push(format!("internal error while writing the patch: {error}"));
            None
        }
        None => None,
    };
    Audit {
        subject: request.subject.clone(),
        features,
        warnings: held.excess_warnings(),
        bindings: held.bindings.clone(),
        notes,
        objects_read: set.object_count(),
        skipped: set.skipped.iter().map(|(k, n)| (k.clone(), *n)).collect(),
        patch_objects: patch::patch_objects(entries),
        patch,
        bound_subjects: BoundSubjects::of(set),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wizard_decides_whom_the_audit_checks() {
        let mut setup = Setup::default();
        setup.launcher.enabled = true;
        setup.launcher.namespace = "ml".into();
        // A launcher not named yet: the custom account's fields, in the launcher's namespace.
        let request = AuditRequest::for_setup(&setup);
        assert_eq!(request.subject.to_field_text(), "default/sky-sa");
        assert_eq!(request.namespaces.launch, "ml");
        assert!(request.is_for_launcher());
        setup.launcher.subject = "alice@example.com".into();
        let request = AuditRequest::for_setup(&setup);
        assert_eq!(request.subject.to_field_text(), "user:alice@example.com");
        assert_eq!(request.namespaces.launch, "ml");
        // The check script runs a nameless launcher as the kubeconfig's own identity.
        setup.launcher.subject = " ".into();
        assert_eq!(
            verify_script::VerifyRequest::for_setup(&setup).identity,
            verify_script::Identity::Me
        );
    }
}
