//! The page's building blocks, one component per file.

pub mod account_step;
pub mod audit_panel;
pub mod auth_step;
pub mod cloud_identity;
pub mod code_panel;
pub mod command_block;
pub mod contexts_step;
pub mod copy_link;
pub mod doctor_panel;
pub mod explain_panel;
pub mod journey_step;
pub mod options_step;
pub mod output_panel;
pub mod paste_input;
pub mod teams_step;
pub mod text_field;
pub mod verify_panel;

use std::rc::Rc;

use yew::prelude::*;

use crate::setup::{Field, Setup, SetupEdit, SetupError, SetupWarning};

/// The page's numbered sections, in order. The numbers are fixed: the account step, shown only
/// for a custom account or an API server's other clusters, is lettered after the step whose
/// choice shows it (2a), so no other step's number moves when it appears or goes: "step 3" is
/// the same step for everyone who reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Deployment,
    Auth,
    Account,
    Options,
    Contexts,
    Teams,
    Doctor,
    Audit,
    Explain,
}

impl Step {
    /// The step's number as its heading shows it.
    pub fn number(self) -> &'static str {
        match self {
            Step::Deployment => "1",
            Step::Auth => "2",
            Step::Account => "2a",
            Step::Options => "3",
            Step::Contexts => "4",
            Step::Teams => "4a",
            Step::Doctor => "5",
            Step::Audit => "6",
            Step::Explain => "7",
        }
    }

    /// The number's badge at the start of the step's heading; hidden from assistive technology,
    /// which moves by the headings' names.
    pub fn badge(self) -> Html {
        html! { <span class="step-number" aria-hidden="true">{ self.number() }</span> }
    }
}

/// What every wizard step gets: the setup, the validation errors to show (those of touched
/// fields), its warnings, a way to edit it and to say a field was left.
#[derive(Properties, PartialEq, Clone)]
pub struct StepProps {
    pub setup: Rc<Setup>,
    pub errors: Rc<Vec<SetupError>>,
    #[prop_or_default]
    pub warnings: Rc<Vec<SetupWarning>>,
    pub on_edit: Callback<SetupEdit>,
    #[prop_or_default]
    pub on_touch: Callback<Field>,
}

/// The id of the control that edits `field` on the page (the output's "Go to" buttons focus
/// it), when the setup shows one.
pub fn control_id(setup: &Setup, field: &Field) -> Option<String> {
    let context_index = |context: &str| setup.contexts.names.iter().position(|n| n == context);
    Some(match field {
        Field::Namespace => "namespace".into(),
        Field::ServiceAccount => "service-account".into(),
        Field::LauncherSubject => "launcher-subject".into(),
        Field::LauncherNamespace => "launcher-namespace".into(),
        // The names' box shows for a list or per-context settings; else the list's choice.
        Field::AllowedContext(_)
            if setup.contexts.allowed != crate::setup::AllowedContexts::List
                && !setup.contexts.per_context =>
        {
            "allowed-list".into()
        }
        Field::AllowedContext(_) => "context-names".into(),
        Field::ContextIdentity(context) => format!("context-identity-{}", context_index(context)?),
        Field::ContextNamespace(context) => {
            format!("context-namespace-{}", context_index(context)?)
        }
        Field::Ports => "ports".into(),
        Field::MetricsNamespace => "metrics-namespace".into(),
        Field::SkyPilotVersion => "skypilot-version".into(),
        Field::HelmRelease => "helm-release".into(),
        Field::HelmNamespace => "helm-namespace".into(),
        Field::HelmServiceAccount => "helm-existing".into(),
        Field::HelmSecret => "helm-secret".into(),
        // Teams by position, as the Teams step numbers its controls.
        Field::TeamName(team) => format!("team-name-{}", team_index(setup, team)?),
        Field::TeamContexts(team) => format!("team-contexts-{}", team_index(setup, team)?),
        Field::TeamNamespace(team) => format!("team-namespace-{}", team_index(setup, team)?),
        Field::TeamIdentity(team) => format!("team-identity-{}", team_index(setup, team)?),
        Field::TeamLauncher(team) => format!("team-launcher-{}", team_index(setup, team)?),
        Field::TeamContextNamespace(team, context) => {
            let (team, context) = team_context_index(setup, team, context)?;
            format!("team-context-namespace-{team}-{context}")
        }
        Field::TeamContextIdentity(team, context) => {
            let (team, context) = team_context_index(setup, team, context)?;
            format!("team-context-identity-{team}-{context}")
        }
        Field::Cloud(field) => cloud_control_id(*field),
        Field::Output => return None,
    })
}

/// The id of a cloud identity control on the page.
pub fn cloud_control_id(field: crate::setup::CloudField) -> String {
    format!("cloud-{}", field.id().replace('_', "-"))
}

/// A team's position in the Teams step (the teams in name order).
fn team_index(setup: &Setup, team: &str) -> Option<usize> {
    setup.teams.keys().position(|name| name == team)
}

/// A team's position and a context's position among the contexts the Teams step lists for
/// it ([`Setup::team_value_contexts`]).
fn team_context_index(setup: &Setup, team: &str, context: &str) -> Option<(usize, usize)> {
    let rows = setup.team_value_contexts(setup.teams.get(team)?);
    Some((
        team_index(setup, team)?,
        rows.iter().position(|row| row == context)?,
    ))
}

impl StepProps {
    /// A callback saying that `field`'s control was left (its errors show from then on).
    pub fn touch(&self, field: Field) -> Callback<FocusEvent> {
        self.on_touch.reform(move |_| field.clone())
    }

    /// The first error about `field`, for display beside it.
    pub fn error(&self, field: &Field) -> Option<AttrValue> {
        self.errors
            .iter()
            .find(|error| &error.field == field)
            .map(|error| AttrValue::from(error.message.clone()))
    }

    /// A callback that turns a typed value into an edit.
    pub fn edit_with<T: 'static>(&self, make: impl Fn(T) -> SetupEdit + 'static) -> Callback<T> {
        self.on_edit.reform(make)
    }
}
