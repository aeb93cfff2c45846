//! When a field's error is shown: once the user touched the field (edited it, or left it after
//! focusing it) or asked for the output (a "go to the field" of a blocked output, or a setup
//! opened from a share link). Page state only: never part of a setup or a share link.

use crate::setup::{Field, SetupEdit, SetupError};

/// The fields the user has touched, and whether they asked to see every problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attention {
    /// The controls touched ([`Field::control`]), each once (a few at most: a list is
    /// smaller in the page's wasm than a set).
    touched: Vec<Field>,
    /// Every error shows: the user asked for the output, or the setup came from a link.
    submitted: bool,
}

impl Attention {
    /// Every error shows from the start (a setup opened from a share link).
    pub fn submitted() -> Attention {
        Attention {
            touched: Vec::new(),
            submitted: true,
        }
    }

    /// The user touched `field`'s control.
    pub fn touch(&mut self, field: &Field) {
        let control = field.control();
        if !self.touched.contains(&control) {
            self.touched.push(control);
        }
    }

    /// The user made `edit`: the field it edits counts as touched.
    pub fn note_edit(&mut self, edit: &SetupEdit) {
        if let Some(field) = edit.field() {
            self.touch(&field);
        }
    }

    /// The user asked for the output: every error shows from now on.
    pub fn submit(&mut self) {
        self.submitted = true;
    }

    /// True when `field`'s errors are shown.
    pub fn shows(&self, field: &Field) -> bool {
        self.submitted || *field == Field::Output || self.touched.contains(&field.control())
    }

    /// The errors to show beside their fields, in order.
    pub fn visible(&self, errors: &[SetupError]) -> Vec<SetupError> {
        errors
            .iter()
            .filter(|error| self.shows(&error.field))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::{validate, Setup};

    fn launcher_without_subject() -> Setup {
        let mut setup = Setup::default();
        setup.apply(SetupEdit::LauncherEnabled(true));
        setup
    }

    #[test]
    fn ticking_a_checkbox_shows_no_error_until_the_field_is_touched() {
        let setup = launcher_without_subject();
        let errors = validate(&setup);
        assert_eq!(errors.len(), 1);
        let mut attention = Attention::default();
        attention.note_edit(&SetupEdit::LauncherEnabled(true));
        assert!(attention.visible(&errors).is_empty());
        attention.touch(&Field::LauncherSubject);
        assert_eq!(attention.visible(&errors), errors);
    }

    #[test]
    fn editing_a_field_touches_it_and_only_it() {
        let mut attention = Attention::default();
        attention.note_edit(&SetupEdit::Namespace("ML".into()));
        assert!(attention.shows(&Field::Namespace));
        assert!(!attention.shows(&Field::ServiceAccount));
        // The context list is one text box: one edit touches every entry.
        attention.note_edit(&SetupEdit::ContextNames(vec!["a".into()]));
        assert!(attention.shows(&Field::AllowedContext(3)));
    }

    #[test]
    fn a_submitted_setup_shows_every_error() {
        let errors = validate(&launcher_without_subject());
        assert_eq!(Attention::submitted().visible(&errors), errors);
        let mut attention = Attention::default();
        attention.submit();
        assert_eq!(attention.visible(&errors), errors);
    }
}
