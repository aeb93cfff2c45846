//! The recommendation for the whole file: from the per-context verdicts, the contexts SkyPilot
//! can use and the identity for each, as a [`Setup`] rendered by the project's one config
//! writer ([`crate::generate::config::render`]).

use std::collections::{HashMap, HashSet};

use super::journey::KubeconfigJourney;
use super::report::{Diagnosis, Verdict};
use super::severity::worse_when_travelling;
use crate::setup::{validate, AllowedContexts, Field, RemoteIdentity, Setup, SetupEdit};

/// The `kubernetes:` settings the doctor recommends for a kubeconfig.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recommendation {
    /// The identity most usable contexts take; the others get their own.
    pub default_identity: RemoteIdentity,
    /// The usable contexts, in file order, with the identity each needs.
    pub contexts: Vec<(String, RemoteIdentity)>,
    /// Why the snippet still lets the kubeconfig travel to SkyPilot's controllers, where a
    /// context breaks, when no identity avoids it (a custom account's pods must run as it).
    pub caveat: Option<String>,
    /// The SkyPilot release the snippet is written for (the latest unless set).
    pub skypilot_version: crate::release::SkyPilotVersion,
}

impl Recommendation {
    /// The recommendation of a diagnosis: every context that is not broken, not one of
    /// SkyPilot's SSH Node Pools (they are allowed through `ssh:`), and usable on the journey
    /// (an API server cannot use one that needs static credentials).
    pub fn of(diagnosis: &Diagnosis) -> Recommendation {
        let mut contexts: Vec<(String, RemoteIdentity)> = diagnosis
            .contexts
            .iter()
            .filter(|context| {
                !matches!(
                    context.verdict,
                    Verdict::Broken | Verdict::SshNodePool | Verdict::NeedsStaticCredentials
                )
            })
            .filter_map(|context| {
                Some((
                    context.name.clone(),
                    context.recommended_remote_identity.clone()?,
                ))
            })
            .collect();
        // The snippet sets allowed_contexts, so on the launcher's journey the kubeconfig would
        // travel to SkyPilot's controllers, where an exec plugin, a file or localhost breaks:
        // the keyword that keeps it home, NO_UPLOAD, so the snippet raises no new finding.
        let mut journey = diagnosis.journey.identity();
        let mut caveat = None;
        let usable: HashSet<&str> = contexts.iter().map(|(name, _)| name.as_str()).collect();
        let breaks_in_travel = matches!(diagnosis.journey, KubeconfigJourney::Launcher(_))
            && diagnosis.findings.iter().any(|finding| {
                worse_when_travelling(finding.code)
                    && finding
                        .context
                        .as_deref()
                        .is_some_and(|name| usable.contains(name))
            });
        if breaks_in_travel {
            match journey {
                RemoteIdentity::ServiceAccount => {
                    journey = RemoteIdentity::NoUpload;
                    for (_, identity) in &mut contexts {
                        if *identity == RemoteIdentity::ServiceAccount {
                            *identity = RemoteIdentity::NoUpload;
                        }
                    }
                }
                RemoteIdentity::NoUpload => {}
                ref other => {
                    caveat = Some(format!(
                        "allowed_contexts makes SkyPilot upload this kubeconfig to its \
                         controllers, where the contexts flagged below break; only NO_UPLOAD \
                         prevents that, and pods must run as {other}. Give those contexts static \
                         credentials (a service-account token kubeconfig), or keep only the \
                         current context and leave allowed_contexts out."
                    ));
                }
            }
        }
        // The identity of the most contexts (ties: the journey's own, then the first in file
        // order) is the default. Counted in one pass: a file may have tens of thousands.
        let mut counts: HashMap<&RemoteIdentity, usize> = HashMap::new();
        for (_, identity) in &contexts {
            *counts.entry(identity).or_default() += 1;
        }
        let count = |identity: &RemoteIdentity| counts.get(identity).copied().unwrap_or(0);
        let most = counts.values().copied().max().unwrap_or(0);
        let default_identity = if count(&journey) == most {
            journey
        } else {
            contexts
                .iter()
                .map(|(_, identity)| identity)
                .find(|identity| count(identity) == most)
                .cloned()
                .unwrap_or(journey)
        };
        let mut recommendation = Recommendation {
            default_identity,
            contexts,
            caveat,
            skypilot_version: Default::default(),
        };
        // Names the setup cannot hold (control characters, blanks) are left out.
        let invalid: HashSet<usize> = validate(&recommendation.setup())
            .into_iter()
            .filter_map(|error| match error.field {
                Field::AllowedContext(index) => Some(index),
                _ => None,
            })
            .collect();
        let mut index = 0;
        recommendation.contexts.retain(|_| {
            index += 1;
            !invalid.contains(&(index - 1))
        });
        recommendation
    }

    /// The edits that put it into a setup: the page's "Use these contexts in the setup".
    pub fn edits(&self) -> Vec<SetupEdit> {
        let mut edits = vec![
            SetupEdit::UseIdentity(self.default_identity.clone()),
            SetupEdit::AllowedContexts(AllowedContexts::List),
            SetupEdit::ContextNames(self.contexts.iter().map(|(name, _)| name.clone()).collect()),
        ];
        let differing: Vec<&(String, RemoteIdentity)> = self
            .contexts
            .iter()
            .filter(|(_, identity)| *identity != self.default_identity)
            .collect();
        edits.push(SetupEdit::PerContext(!differing.is_empty()));
        for (context, identity) in differing {
            edits.push(SetupEdit::ContextIdentity {
                context: context.clone(),
                value: identity.as_config_value().to_owned(),
            });
        }
        edits
    }

    /// The recommendation as a setup.
    pub fn setup(&self) -> Setup {
        let mut setup = Setup {
            skypilot_version: self.skypilot_version,
            ..Setup::default()
        };
        for edit in self.edits() {
            setup.apply(edit);
        }
        setup
    }

    /// The `kubernetes:` snippet, or `None` when no context is usable (or the setup is not
    /// valid, which [`Recommendation::of`] prevents).
    pub fn config(&self) -> Option<String> {
        let setup = self.setup();
        if self.contexts.is_empty() || !validate(&setup).is_empty() {
            return None;
        }
        crate::generate::config::render(&setup).ok()
    }
}
