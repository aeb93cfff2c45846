//! Which choices a setup shows, and the setup its outputs are made from: every choice the
//! page does not show for it put back to its default ([`Setup::applied`]), so a choice hidden
//! by the journey or the auth method (left from earlier, or set by a link) never shapes an
//! output; [`Setup::ignored`] names those a link set, so the page can say so. The page's steps
//! ask the same questions ([`Setup::shows`]) to decide what they render.

use std::borrow::Cow;

use super::{AuthMethod, CustomAccount, Setup};
use crate::catalogue::FeatureSet;
use crate::setup::{Deployment, ServerIdentity};

/// A group of choices the page shows only for some setups, and that an output would read if
/// it were left set. (Other hidden fields, such as the launcher's subject while launcher RBAC
/// is off, are read by no output.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The auth method: fixed to the server's own account by minimum permissions.
    Auth,
    /// The custom account's permission profile.
    Profile,
    /// The custom account's extra objects (its namespace, a long-lived token Secret).
    Extras,
    /// The optional permission groups.
    Features,
    /// Per-context identities and namespaces.
    PerContext,
    /// Hardened namespaces (Pod Security labels, OpenShift SCCs).
    Hardening,
}

impl Choice {
    /// What the page calls it, and why it does not apply, for the link's note.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Choice::Auth => (
                "the auth method",
                "with minimum permissions pods run as the server's own account",
            ),
            Choice::Profile => (
                "the permission profile",
                "only a custom account chosen as the auth method has one; other clusters get \
                 the default, Namespace admin",
            ),
            Choice::Extras => (
                "the custom account's extra objects",
                "they apply to a custom account chosen as the auth method",
            ),
            Choice::Features => (
                "the optional features",
                "no RBAC this setup generates would grant them",
            ),
            Choice::PerContext => (
                "the per-context settings",
                "\"Settings per context\" is off",
            ),
            Choice::Hardening => (
                "the hardened namespaces",
                "neither this setup, a context of its own nor a team generates RBAC",
            ),
        }
    }
}

impl Setup {
    /// Whether the page shows `choice` for this setup (and its outputs read it).
    pub fn shows(&self, choice: Choice) -> bool {
        let helm = self.deployment == Deployment::Helm;
        let minimal = helm && self.server.identity == ServerIdentity::Minimal;
        let custom = self.auth == AuthMethod::Custom && !minimal;
        match choice {
            Choice::Auth => !minimal,
            Choice::Profile => custom,
            Choice::Extras => custom,
            Choice::Features => self.features_apply(),
            Choice::PerContext => self.contexts.per_context,
            // The section's RBAC, or any team's: each team's namespaces are hardened too.
            // (`effective_setup` would ask `applied`, which asks this: the hosting setup of
            // the unreset one generates the same RBAC, the resets touch no field it reads.)
            // A context's own values may give it an account (`Setup::context_setups`, which
            // asks `applied` too: any such value offers the choice).
            Choice::Hardening => {
                let generates = match self.deployment {
                    Deployment::Cli => self.generates_rbac() || self.has_context_values(),
                    Deployment::Helm => super::hosting_setup(self).generates_rbac(),
                };
                generates || self.has_teams()
            }
        }
    }

    /// True when some RBAC this setup generates is for the optional features: the custom
    /// account's (a profile that grants everything or cannot launch says so in a note), the
    /// launcher's, or an API server's other clusters'. Not where the chart grants the server's
    /// account everything itself.
    fn features_apply(&self) -> bool {
        let custom = self.shows(Choice::Profile);
        match self.deployment {
            Deployment::Cli => custom || self.wants_launcher_rbac(),
            Deployment::Helm => {
                let hosting = match self.server.identity {
                    ServerIdentity::Minimal => false,
                    ServerIdentity::ChartManaged => custom,
                    ServerIdentity::Existing => true,
                };
                hosting || self.reaches_other_clusters()
            }
        }
    }

    /// The setup the outputs are made from: every choice the page does not show put back to
    /// its default. Borrowed when nothing was hidden and set.
    pub fn applied(&self) -> Cow<'_, Setup> {
        if self.ignored().is_empty() {
            return Cow::Borrowed(self);
        }
        let mut out = self.clone();
        reset_hidden(&mut out, self);
        Cow::Owned(out)
    }

    /// The hidden choices this setup sets to something else than their default: what
    /// [`Setup::applied`] drops.
    pub fn ignored(&self) -> Vec<Choice> {
        let mut reset = self.clone();
        reset_hidden(&mut reset, self);
        let (account, before) = (&reset.account, &self.account);
        [
            (Choice::Auth, self.auth != reset.auth),
            (Choice::Profile, before.profile != account.profile),
            (
                Choice::Extras,
                before.create_namespace != account.create_namespace
                    || before.token_secret != account.token_secret,
            ),
            (Choice::Features, self.features != reset.features),
            (Choice::PerContext, self.contexts != reset.contexts),
            (Choice::Hardening, self.hardening != reset.hardening),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(choice, _)| choice)
        .collect()
    }
}

/// Puts every choice `shown` does not show back to its default, in `out`.
fn reset_hidden(out: &mut Setup, shown: &Setup) {
    let account = CustomAccount::default();
    if !shown.shows(Choice::Auth) {
        out.auth = AuthMethod::default();
    }
    if !shown.shows(Choice::Profile) {
        out.account.profile = account.profile;
    }
    if !shown.shows(Choice::Extras) {
        out.account.create_namespace = account.create_namespace;
        out.account.token_secret = account.token_secret;
    }
    if !shown.shows(Choice::Features) {
        out.features = FeatureSet::new();
    }
    if !shown.shows(Choice::PerContext) {
        out.contexts.identities.clear();
        out.contexts.namespaces.clear();
    }
    if !shown.shows(Choice::Hardening) {
        out.hardening = Default::default();
    }
}

/// The note a link that set hidden choices gets: what was ignored, and why.
pub fn ignored_note(ignored: &[Choice]) -> Option<String> {
    (!ignored.is_empty()).then(|| {
        let parts: Vec<String> = ignored
            .iter()
            .map(|choice| {
                let (what, why) = choice.describe();
                format!("{what} ({why})")
            })
            .collect();
        format!(
            "This link sets choices this setup does not use, so they were ignored: {}.",
            parts.join("; ")
        )
    })
}
