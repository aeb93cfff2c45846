//! The outputs of a setup one by one, and which fields each reads: a setup with an invalid
//! field still yields every output that does not read it (the page keeps the SkyPilot config
//! while the launcher's subject is empty). [`generate_partial`] is that form of
//! [`generate`](super::generate), which refuses a setup with any error (the CLI).

use super::{build, helm_output, Output};
use crate::setup::{validate, Field, Setup, SetupError};

/// One output of a setup, as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The RBAC manifest (its objects, file name, or why there is nothing to apply).
    Manifest,
    /// The `kubernetes:` snippet for `~/.sky/config.yaml`.
    Config,
    /// The Helm chart's `values.yaml` (API-server journey).
    HelmValues,
    /// The RBAC and kubeconfig script for clusters an API server reaches (API-server journey).
    OtherClusters,
    /// What to run next.
    NextSteps,
    /// The custom account's kubeconfig script.
    KubeconfigScript,
    /// The remarks on the setup ("Good to know").
    Notes,
    /// Each team's RBAC and the file of them all.
    Teams,
}

impl Part {
    /// Every part, in the order the page shows them.
    pub const ALL: [Part; 8] = [
        Part::HelmValues,
        Part::Manifest,
        Part::Teams,
        Part::Config,
        Part::Notes,
        Part::NextSteps,
        Part::OtherClusters,
        Part::KubeconfigScript,
    ];

    /// The part's name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Part::Manifest => "RBAC manifest",
            Part::Config => "SkyPilot config",
            Part::HelmValues => "Helm values",
            Part::OtherClusters => "RBAC for other clusters",
            Part::NextSteps => "Next steps",
            Part::KubeconfigScript => "Kubeconfig script",
            Part::Notes => "Good to know",
            Part::Teams => "RBAC per team",
        }
    }

    /// True when this part reads `field`, in any journey or mode (an over-approximation is
    /// safe: a field that does not apply is never invalid). Read from `src/generate/*.rs`;
    /// the integration test `partial_output` fails when a part reads a field not named here.
    pub fn reads(self, field: &Field) -> bool {
        use Field::*;
        // The custom account's or the launcher's identity and namespace, and the server's
        // names the API-server journey derives them from.
        let identity = matches!(
            field,
            Namespace
                | ServiceAccount
                | LauncherSubject
                | LauncherNamespace
                | HelmRelease
                | HelmNamespace
                | HelmServiceAccount
                | MetricsNamespace
                | Cloud(_)
        );
        // What the `kubernetes:` section says: the identity and namespace (not the launcher's
        // subject), the contexts, the ports.
        let config = matches!(
            field,
            Namespace
                | ServiceAccount
                | LauncherNamespace
                | AllowedContext(_)
                | ContextIdentity(_)
                | ContextNamespace(_)
                | Ports
                | MetricsNamespace
                | HelmRelease
                | HelmNamespace
                | HelmServiceAccount
                | Cloud(_)
        );
        let team = matches!(
            field,
            TeamName(_)
                | TeamContexts(_)
                | TeamNamespace(_)
                | TeamIdentity(_)
                | TeamLauncher(_)
                | TeamContextNamespace(..)
                | TeamContextIdentity(..)
        );
        match (self, field) {
            // The version decides keys, rules, steps and the chart in every part.
            (_, Output | SkyPilotVersion) => true,
            // The teams' files hold the section's objects, and inherit its settings.
            (Part::Teams, _) => team || identity || config,
            // The teams are written in the config (and so the Helm values), and applied.
            (Part::Config | Part::HelmValues, _) if team => true,
            (Part::Manifest, _) => identity,
            (Part::Config, _) => config,
            (Part::HelmValues, HelmSecret) => true,
            (Part::HelmValues, _) => config,
            (Part::NextSteps, HelmSecret) => true,
            // The other clusters' steps name each context.
            (Part::NextSteps, AllowedContext(_)) => true,
            // Before SkyPilot 0.13 each context's namespace is set by a command, and hardened
            // namespaces are labelled and checked per context (each context's identity).
            (Part::NextSteps, ContextNamespace(_) | ContextIdentity(_)) => true,
            (Part::NextSteps, _) => identity,
            (Part::KubeconfigScript | Part::OtherClusters, _) => {
                matches!(field, Namespace | ServiceAccount)
            }
            (Part::Notes, _) => matches!(
                field,
                Namespace
                    | ServiceAccount
                    | LauncherSubject
                    | Ports
                    | HelmNamespace
                    | MetricsNamespace
                    | Cloud(_)
            ),
        }
    }

    /// [`Part::reads`] for a setup of `shape`: with teams, the `kubernetes:` section's
    /// manifest leaves to their shared file what it shares with them, so it reads whatever
    /// the teams' files read; with a context's own values it (and the API server's other
    /// clusters' RBAC) holds that context's account
    /// ([`Setup::context_setups`](crate::setup::Setup::context_setups)), so they read the
    /// contexts.
    pub fn reads_in(self, field: &Field, shape: Shape) -> bool {
        use Field::*;
        let contexts = matches!(
            field,
            AllowedContext(_) | ContextIdentity(_) | ContextNamespace(_)
        );
        let holds_contexts = matches!(self, Part::Manifest | Part::OtherClusters);
        self.reads(field)
            || (self == Part::Manifest && shape.teams && Part::Teams.reads(field))
            || (holds_contexts && shape.context_values && contexts)
    }

    /// Empties this part of `output` (a blocked part shows nothing of what it would hold).
    pub fn clear(self, output: &mut Output) {
        match self {
            Part::Manifest => {
                output.objects.clear();
                output.manifest = None;
                output.manifest_note = None;
                output.manifest_file.clear();
            }
            Part::Config => output.config.clear(),
            Part::HelmValues => {
                if let Some(helm) = &mut output.helm {
                    helm.values.clear();
                }
            }
            Part::OtherClusters => {
                if let Some(helm) = &mut output.helm {
                    helm.other_clusters_manifest = None;
                    helm.other_clusters_script = None;
                }
            }
            Part::NextSteps => output.next_steps.clear(),
            Part::KubeconfigScript => output.kubeconfig_script = None,
            Part::Notes => output.notes.clear(),
            Part::Teams => {
                output.teams.clear();
                output.team_steps.clear();
            }
        }
    }
}

/// What of a setup decides which fields a part reads ([`Part::reads_in`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Whether it has teams.
    pub teams: bool,
    /// Whether a context has a namespace or an identity of its own.
    pub context_values: bool,
}

impl Shape {
    pub fn of(setup: &Setup) -> Shape {
        Shape {
            teams: setup.has_teams(),
            context_values: setup.has_context_values(),
        }
    }
}

/// The output of a setup that may be invalid: every part no error blocks, and the errors.
#[derive(Clone, Debug, PartialEq)]
pub struct PartialOutput {
    /// The parts no error blocks, as [`generate`](super::generate) writes them; a blocked
    /// part is empty.
    pub output: Output,
    /// Every problem of the setup (empty when `output` is complete).
    pub errors: Vec<SetupError>,
    /// What decides the fields each part reads ([`Part::reads_in`]).
    pub shape: Shape,
}

impl PartialOutput {
    /// The first error that blocks `part`, if one does.
    pub fn blocker(&self, part: Part) -> Option<&SetupError> {
        self.errors
            .iter()
            .find(|error| part.reads_in(&error.field, self.shape))
    }

    /// The whole output when nothing is blocked, else every error: what
    /// [`generate`](super::generate) returns.
    pub fn into_result(self) -> Result<Output, Vec<SetupError>> {
        if self.errors.is_empty() {
            Ok(self.output)
        } else {
            Err(self.errors)
        }
    }
}

/// Generates every part of `setup` whose fields are valid ([`Part::reads`]); the others are
/// empty, each with the error that blocks it.
pub fn generate_partial(setup: &Setup) -> PartialOutput {
    // A choice the page hides for this setup never shapes its output.
    let setup = &*setup.applied();
    let mut errors = validate(setup);
    if errors.is_empty() {
        errors = helm_output::hosting_errors(setup).unwrap_or_default();
    }
    let mut output = match build(setup) {
        Ok(output) => output,
        Err(internal) => {
            errors.extend(internal);
            return PartialOutput {
                output: empty(),
                errors,
                shape: Shape::of(setup),
            };
        }
    };
    for part in Part::ALL {
        if errors
            .iter()
            .any(|error| part.reads_in(&error.field, Shape::of(setup)))
        {
            part.clear(&mut output);
        }
    }
    PartialOutput {
        output,
        errors,
        shape: Shape::of(setup),
    }
}

/// An output with every part empty.
fn empty() -> Output {
    Output {
        objects: Vec::new(),
        manifest: None,
        manifest_file: String::new(),
        manifest_note: None,
        config: String::new(),
        next_steps: Vec::new(),
        kubeconfig_script: None,
        notes: Vec::new(),
        helm: None,
        teams: Vec::new(),
        team_steps: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::{AuthMethod, SetupEdit};

    fn launcher_without_subject() -> Setup {
        let mut setup = Setup::default();
        setup.apply(SetupEdit::LauncherEnabled(true));
        setup
    }

    #[test]
    fn an_empty_launcher_subject_blocks_the_manifest_and_steps_only() {
        let partial = generate_partial(&launcher_without_subject());
        assert_eq!(partial.errors.len(), 1, "{:?}", partial.errors);
        assert!(partial.blocker(Part::Manifest).is_some());
        assert!(partial.blocker(Part::NextSteps).is_some());
        assert!(partial.blocker(Part::Config).is_none());
        assert!(partial.output.manifest.is_none() && partial.output.objects.is_empty());
        let valid = crate::generate::generate(&Setup::default()).expect("valid");
        assert_eq!(partial.output.config, valid.config);
        assert!(partial.output.next_steps.is_empty());
    }

    #[test]
    fn context_errors_keep_a_custom_accounts_manifest() {
        let mut setup = Setup::default();
        setup.apply(SetupEdit::Auth(AuthMethod::Custom));
        setup.apply(SetupEdit::AllowedContexts(
            crate::setup::AllowedContexts::List,
        ));
        let partial = generate_partial(&setup);
        assert!(partial.blocker(Part::Config).is_some());
        // The next steps name the contexts (an API server's other clusters), so they wait.
        for part in [Part::Manifest, Part::KubeconfigScript] {
            assert!(partial.blocker(part).is_none(), "{part:?}");
        }
        assert!(partial.output.manifest.is_some() && partial.output.config.is_empty());
    }

    #[test]
    fn a_valid_setup_is_whole_and_the_same_as_generate() {
        let setup = launcher_without_subject();
        assert!(generate_partial(&setup).into_result().is_err());
        let mut setup = setup;
        setup.apply(SetupEdit::LauncherSubject("alice".into()));
        let partial = generate_partial(&setup);
        assert!(partial.errors.is_empty());
        assert_eq!(partial.into_result(), crate::generate::generate(&setup));
    }

    #[test]
    fn an_internal_error_blocks_every_part() {
        for part in Part::ALL {
            assert!(part.reads(&Field::Output), "{part:?}");
        }
    }
}
