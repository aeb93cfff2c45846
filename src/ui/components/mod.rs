//! The page's building blocks, one component per file.

pub mod account_step;
pub mod audit_panel;
pub mod auth_step;
pub mod code_panel;
pub mod command_block;
pub mod contexts_step;
pub mod copy_link;
pub mod doctor_panel;
pub mod journey_step;
pub mod options_step;
pub mod output_panel;
pub mod paste_input;
pub mod text_field;
pub mod verify_panel;

use std::rc::Rc;

use yew::prelude::*;

use crate::setup::{Field, Setup, SetupEdit, SetupError};

/// What every wizard step gets: the setup, its validation errors and a way to edit it.
#[derive(Properties, PartialEq, Clone)]
pub struct StepProps {
    pub setup: Rc<Setup>,
    pub errors: Rc<Vec<SetupError>>,
    pub on_edit: Callback<SetupEdit>,
}

impl StepProps {
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
