//! The page's state and its reducer: the setup (shared in the URL), the pasted kubeconfig and
//! RBAC (never stored or shared), how the doctor judges the one and whom the audit checks.

use std::rc::Rc;

use yew::prelude::*;

use super::attention::Attention;
use crate::analysis::LinkView;
use crate::audit::AuditRequest;
use crate::catalogue::Feature;
use crate::setup::{Field, Setup, SetupEdit};
use crate::share;
use crate::ui::browser::HistoryMode;

/// Everything the page shows is derived from this.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// Shared with the components without copying; replaced on every edit.
    pub setup: Rc<Setup>,
    /// The pasted kubeconfig: lives only in this tab's memory.
    pub kubeconfig: Rc<str>,
    /// The journey the doctor judges the kubeconfig for, when chosen in its panel; `None`
    /// follows the setup ([`JudgeFor::for_setup`]), however it was entered (a click, a
    /// link, a reload, Back).
    pub doctor_journey: Option<JudgeFor>,
    /// The pasted `~/.sky/config.yaml`, optional: lives only in this tab's memory.
    pub sky_config: Rc<str>,
    /// The pasted RBAC objects to audit: live only in this tab's memory.
    pub rbac: Rc<str>,
    /// Whom to audit, as typed; `None` follows the wizard's service account.
    pub audit_subject: Option<String>,
    /// The features the audit requires; `None` follows the wizard's choices.
    pub audit_features: Option<Vec<Feature>>,
    /// Why the link's settings could not be read, if they could not.
    pub link_error: Option<String>,
    /// Which of the link's choices this setup does not use (hidden, so ignored), if any.
    pub link_note: Option<String>,
    /// The link being read in the analysis worker (the page links no reader of links), until
    /// its settings arrive ([`Action::LinkRead`]) or an edit makes them moot.
    pub reading_link: Option<Rc<str>>,
    /// Which fields' errors show (touched, or all once the output was asked for): page
    /// state only, never in the link.
    pub attention: Attention,
    /// How the next URL update enters the history.
    pub history: HistoryMode,
}

impl AppState {
    /// The state a page opened with `fragment` starts in: the defaults, and a link's
    /// settings asked of the worker ([`AppState::reading_link`]).
    pub fn from_fragment(fragment: &str) -> AppState {
        let link = share::is_link(fragment);
        AppState {
            setup: Rc::new(Setup::default()),
            kubeconfig: Rc::from(""),
            doctor_journey: None,
            sky_config: Rc::from(""),
            rbac: Rc::from(""),
            audit_subject: None,
            audit_features: None,
            link_error: None,
            link_note: None,
            reading_link: link.then(|| Rc::from(fragment)),
            // A shared setup was finished by someone: its errors show at once.
            attention: if link {
                Attention::submitted()
            } else {
                Attention::default()
            },
            history: HistoryMode::Replace,
        }
    }

    /// Takes in what the worker read from the link `fragment` (or why it could not).
    fn link_read(&mut self, fragment: &str, read: Result<LinkView, String>) {
        if self.reading_link.as_deref() != Some(fragment) {
            return; // An edit or another link came first.
        }
        self.reading_link = None;
        self.history = HistoryMode::Replace;
        let read = match read {
            Ok(read) => read,
            Err(why) => {
                self.link_error = Some(format!(
                    "This link's settings could not be read, so the defaults show: {why}"
                ));
                return;
            }
        };
        let setup = read.setup();
        self.link_error = (!read.left_out.is_empty()).then(|| {
            format!(
                "This link's settings were used, except: {}.",
                read.left_out.join("; ")
            )
        });
        self.link_note = crate::setup::ignored_note(&setup.ignored());
        if setup.deployment != self.setup.deployment {
            self.doctor_journey = None;
        }
        self.setup = Rc::new(setup);
    }
}

impl AppState {
    /// The journey the doctor judges for: as chosen in its panel, else the setup's.
    pub fn doctor_journey(&self) -> JudgeFor {
        self.doctor_journey
            .unwrap_or_else(|| JudgeFor::for_setup(&self.setup))
    }

    /// Whom the audit checks: as typed, or whom the wizard generates RBAC for: the launcher
    /// (`user:NAME`, `group:NAME`) in SERVICE_ACCOUNT mode with launcher RBAC, else the custom
    /// service account as `NS/NAME`.
    pub fn audit_subject(&self) -> String {
        self.audit_subject
            .clone()
            .unwrap_or_else(|| AuditRequest::for_setup(&self.setup).subject.to_field_text())
    }

    /// The features the audit requires: as chosen, or those the wizard's RBAC is for.
    pub fn audit_features(&self) -> Vec<Feature> {
        self.audit_features
            .clone()
            .unwrap_or_else(|| self.setup.rbac_features())
    }

    /// Where a user or group the audit checks launches: the launcher's namespace in
    /// SERVICE_ACCOUNT mode with launcher RBAC, else the custom account's.
    pub fn audit_namespace(&self) -> String {
        AuditRequest::for_setup(&self.setup).namespaces.launch
    }
}

/// The doctor's "Judge it for" choice: SkyPilot's three journeys for a kubeconfig.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JudgeFor {
    /// Launching with the wizard's identity (SERVICE_ACCOUNT unless chosen otherwise).
    #[default]
    Wizard,
    /// Copied into pods (LOCAL_CREDENTIALS).
    LocalCredentials,
    /// A Helm-deployed API server's kube-credentials secret.
    ApiServer,
}

impl JudgeFor {
    /// The journey a setup implies: an API server's journey judges the secret's kubeconfig,
    /// a laptop's the wizard's identity.
    pub fn for_setup(setup: &Setup) -> JudgeFor {
        match setup.deployment {
            crate::setup::Deployment::Helm => JudgeFor::ApiServer,
            crate::setup::Deployment::Cli => JudgeFor::Wizard,
        }
    }
}

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(SetupEdit),
    /// Several edits as one step (one history entry): the doctor's recommendation.
    Edits(Vec<SetupEdit>),
    /// The URL changed (back/forward, or edited by hand).
    FollowUrl(String),
    /// The worker read the link `fragment` ([`AppState::reading_link`]).
    LinkRead {
        fragment: Rc<str>,
        read: Result<LinkView, String>,
    },
    SetKubeconfig(String),
    JudgeFor(JudgeFor),
    SetSkyConfig(String),
    SetRbac(String),
    SetAuditSubject(String),
    /// Require a feature in the audit, or not.
    SetAuditFeature(Feature, bool),
    /// The user left a field they had focused: its errors show from now on.
    Touch(Field),
    /// The user asked to see what blocks an output: every error shows from now on.
    ShowProblems,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Leaving a field whose errors already show changes nothing: no new render.
        if matches!(&action, Action::Touch(field) if self.attention.shows(field)) {
            return self;
        }
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => {
                next.history = if edit.is_typing() {
                    HistoryMode::Typing
                } else {
                    HistoryMode::Push
                };
                // A new journey: the doctor follows it again (an API server's journey judges
                // the secret's kubeconfig).
                if matches!(edit, SetupEdit::Deployment(_)) {
                    next.doctor_journey = None;
                }
                next.attention.note_edit(&edit);
                Rc::make_mut(&mut next.setup).apply(edit);
                next.link_error = None;
                next.link_note = None;
                next.reading_link = None;
            }
            Action::Edits(edits) => {
                next.history = HistoryMode::Push;
                let setup = Rc::make_mut(&mut next.setup);
                for edit in edits {
                    setup.apply(edit);
                }
                next.link_error = None;
                next.link_note = None;
                next.reading_link = None;
            }
            // An in-page anchor (the skip link's `#output`) is not a link: keep the setup.
            Action::FollowUrl(fragment) if !share::is_link(&fragment) => {}
            Action::FollowUrl(fragment) => {
                next.reading_link = Some(Rc::from(fragment));
                next.attention = Attention::submitted();
            }
            Action::LinkRead { fragment, read } => next.link_read(&fragment, read),
            Action::SetKubeconfig(text) => next.kubeconfig = Rc::from(text),
            Action::JudgeFor(journey) => next.doctor_journey = Some(journey),
            Action::SetSkyConfig(text) => next.sky_config = Rc::from(text),
            Action::SetRbac(text) => next.rbac = Rc::from(text),
            Action::SetAuditSubject(text) => next.audit_subject = Some(text),
            Action::SetAuditFeature(feature, on) => {
                // In the catalogue's order, as the CLI lists them.
                let was = next.audit_features();
                let features = (Feature::ALL.iter().copied())
                    .filter(|f| if *f == feature { on } else { was.contains(f) })
                    .collect();
                next.audit_features = Some(features);
            }
            Action::Touch(field) => next.attention.touch(&field),
            Action::ShowProblems => next.attention.submit(),
        }
        Rc::new(next)
    }
}
