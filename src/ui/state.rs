//! The page's state and its reducer: the setup (shared in the URL), the pasted kubeconfig
//! (never stored or shared) and how the doctor judges it.

use std::rc::Rc;

use yew::prelude::*;

use crate::setup::{Setup, SetupEdit};
use crate::share;
use crate::ui::browser::HistoryMode;

/// Everything the page shows is derived from this.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// Shared with the components without copying; replaced on every edit.
    pub setup: Rc<Setup>,
    /// The pasted kubeconfig: lives only in this tab's memory.
    pub kubeconfig: Rc<str>,
    /// Judge the kubeconfig for the wizard's identity instead of LOCAL_CREDENTIALS.
    pub doctor_uses_wizard: bool,
    /// Why the link's settings could not be read, if they could not.
    pub link_error: Option<String>,
    /// How the next URL update enters the history.
    pub history: HistoryMode,
}

impl AppState {
    /// The state a page opened with `fragment` starts in.
    pub fn from_fragment(fragment: &str) -> AppState {
        let (setup, link_error) = match share::from_fragment::<Setup>(fragment) {
            Ok(setup) => (setup, None),
            Err(error) => (Setup::default(), Some(error.to_string())),
        };
        AppState {
            setup: Rc::new(setup),
            kubeconfig: Rc::from(""),
            doctor_uses_wizard: false,
            link_error,
            history: HistoryMode::Replace,
        }
    }
}

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(SetupEdit),
    /// The URL changed (back/forward, or edited by hand).
    FollowUrl(String),
    SetKubeconfig(String),
    DoctorUsesWizard(bool),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => {
                next.history = if edit.is_typing() {
                    HistoryMode::Replace
                } else {
                    HistoryMode::Push
                };
                Rc::make_mut(&mut next.setup).apply(edit);
                next.link_error = None;
            }
            Action::FollowUrl(fragment) => {
                let followed = AppState::from_fragment(&fragment);
                next.setup = followed.setup;
                next.link_error = followed.link_error;
                next.history = HistoryMode::Replace;
            }
            Action::SetKubeconfig(text) => next.kubeconfig = Rc::from(text),
            Action::DoctorUsesWizard(on) => next.doctor_uses_wizard = on,
        }
        Rc::new(next)
    }
}
