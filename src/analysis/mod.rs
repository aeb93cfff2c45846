//! The doctor, the audit, the explanation of a 403 and the reading of share links behind one request/response pair, so the page can run them in a
//! Web Worker: off the main thread (typing never waits for a 4 MiB paste) and in a second
//! wasm module fetched on first use (the first paint does not carry them).
//!
//! Everything here is plain Rust: [`handle`] is what the worker runs (it decodes a query,
//! [`respond`]s and encodes the answer), and the views are what the page renders. Messages
//! cross as text in the [`codec`] encoding, with typed values (journeys, features, versions).

pub mod codec;
mod explain_view;
mod link;
mod view;

pub use explain_view::{DocLink, ExplainQuery, ExplainRow, ExplainView};
pub use link::LinkView;
pub use view::{
    AuditView, ContextChoice, ContextRow, DoctorView, FeatureRow, FindingRow, RecommendationView,
    SubjectChoice, WarningRow, MAX_LISTED, MAX_OFFERED_SUBJECTS,
};

use codec::{wire_struct, Reader, Wire, WireError, Writer};

use crate::audit::{audit, AuditRequest, Subject};
use crate::catalogue::Feature;
use crate::doctor::{
    diagnose_config, parse, pathless_kubeconfig, read_sky_config_for, KubeconfigJourney,
};
use crate::release::SkyPilotVersion;

/// What the worker says once it listens; never a valid answer (those start with a digit).
pub const READY: &str = "ready";

/// Diagnose a kubeconfig for a journey, with the user's SkyPilot config when pasted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoctorQuery {
    pub text: String,
    /// Where the kubeconfig goes (the page's "Judge it for", with the wizard's identity).
    pub journey: KubeconfigJourney,
    /// `~/.sky/config.yaml`, or empty.
    pub sky_config: String,
    /// The SkyPilot release whose keys and keywords the config is read with.
    pub skypilot_version: SkyPilotVersion,
}
wire_struct!(DoctorQuery {
    text,
    journey,
    sky_config,
    skypilot_version
});

/// Audit RBAC objects for a subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditQuery {
    pub text: String,
    /// `NS/NAME`, `user:NAME` or `group:NAME`.
    pub subject: String,
    /// The features that must be granted.
    pub features: Vec<Feature>,
    /// Where a user or group launches (a service account launches in its own namespace).
    pub launch_namespace: String,
    /// Where SkyPilot's Prometheus runs (`metrics.prometheus.namespace`); empty: `skypilot`.
    pub metrics_namespace: String,
    /// The SkyPilot release whose calls are checked.
    pub skypilot_version: SkyPilotVersion,
}
wire_struct!(AuditQuery {
    text,
    subject,
    features,
    launch_namespace,
    metrics_namespace,
    skypilot_version
});

/// What the page asks, tagged with an id the answer repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    Doctor(DoctorQuery),
    Audit(AuditQuery),
    /// The kubeconfig with exec commands by name only.
    Rewrite(String),
    /// The check-on-your-cluster script for a setup, given as its share-link fragment (the
    /// script's writer lives here, off the page's first load).
    Verify(String),
    /// A pasted error explained (`crate::explain`).
    Explain(ExplainQuery),
    /// A share link's fragment, read into the edits that make its setup ([`LinkView`]).
    Link(String),
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Doctor(DoctorView),
    Audit(AuditView),
    /// The rewritten kubeconfig; `None` when no exec command has a path.
    Rewrite(Option<String>),
    /// The check script; `None` when the setup generates no RBAC or does not read.
    Verify(Option<String>),
    Explain(ExplainView),
    Link(LinkView),
}

impl Answer {
    /// The doctor's view, if this is the doctor's answer.
    pub fn doctor(self) -> Option<DoctorView> {
        match self {
            Answer::Doctor(view) => Some(view),
            _ => None,
        }
    }

    /// The audit's view, if this is the audit's answer.
    pub fn audit(self) -> Option<AuditView> {
        match self {
            Answer::Audit(view) => Some(view),
            _ => None,
        }
    }

    /// The path-less rewrite, if this is its answer.
    pub fn rewrite(self) -> Option<Option<String>> {
        match self {
            Answer::Rewrite(text) => Some(text),
            _ => None,
        }
    }

    /// The explanation's view, if this is its answer.
    pub fn explain(self) -> Option<ExplainView> {
        match self {
            Answer::Explain(view) => Some(view),
            _ => None,
        }
    }

    /// What a link set, if this is its answer.
    pub fn link(self) -> Option<LinkView> {
        match self {
            Answer::Link(view) => Some(view),
            _ => None,
        }
    }

    /// The check script, if this is its answer.
    pub fn verify(self) -> Option<Option<String>> {
        match self {
            Answer::Verify(script) => Some(script),
            _ => None,
        }
    }
}

/// A query or answer with the id that pairs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message<T> {
    pub id: usize,
    pub body: T,
}

impl Wire for Query {
    fn write(&self, out: &mut Writer) {
        match self {
            Query::Doctor(query) => {
                0usize.write(out);
                query.write(out);
            }
            Query::Audit(query) => {
                1usize.write(out);
                query.write(out);
            }
            Query::Rewrite(text) => {
                2usize.write(out);
                text.write(out);
            }
            Query::Verify(fragment) => {
                3usize.write(out);
                fragment.write(out);
            }
            Query::Explain(query) => {
                4usize.write(out);
                query.write(out);
            }
            Query::Link(fragment) => {
                5usize.write(out);
                fragment.write(out);
            }
        }
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        match usize::read(input)? {
            0 => Ok(Query::Doctor(DoctorQuery::read(input)?)),
            1 => Ok(Query::Audit(AuditQuery::read(input)?)),
            2 => Ok(Query::Rewrite(String::read(input)?)),
            3 => Ok(Query::Verify(String::read(input)?)),
            4 => Ok(Query::Explain(ExplainQuery::read(input)?)),
            5 => Ok(Query::Link(String::read(input)?)),
            _ => Err(WireError),
        }
    }
}

impl Wire for Answer {
    fn write(&self, out: &mut Writer) {
        match self {
            Answer::Doctor(view) => {
                0usize.write(out);
                view.write(out);
            }
            Answer::Audit(view) => {
                1usize.write(out);
                view.write(out);
            }
            Answer::Rewrite(text) => {
                2usize.write(out);
                text.write(out);
            }
            Answer::Verify(text) => {
                3usize.write(out);
                text.write(out);
            }
            Answer::Explain(view) => {
                4usize.write(out);
                view.write(out);
            }
            Answer::Link(view) => {
                5usize.write(out);
                view.write(out);
            }
        }
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        match usize::read(input)? {
            0 => Ok(Answer::Doctor(DoctorView::read(input)?)),
            1 => Ok(Answer::Audit(AuditView::read(input)?)),
            2 => Ok(Answer::Rewrite(Option::read(input)?)),
            3 => Ok(Answer::Verify(Option::read(input)?)),
            4 => Ok(Answer::Explain(ExplainView::read(input)?)),
            5 => Ok(Answer::Link(LinkView::read(input)?)),
            _ => Err(WireError),
        }
    }
}

impl<T: Wire> Wire for Message<T> {
    fn write(&self, out: &mut Writer) {
        self.id.write(out);
        self.body.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(Message {
            id: usize::read(input)?,
            body: T::read(input)?,
        })
    }
}

/// Runs a query.
pub fn respond(query: &Query) -> Answer {
    match query {
        Query::Doctor(query) => Answer::Doctor(run_doctor(query)),
        Query::Audit(query) => Answer::Audit(run_audit(query)),
        Query::Rewrite(text) => Answer::Rewrite(pathless_kubeconfig(text)),
        Query::Verify(fragment) => Answer::Verify(verify_script(fragment)),
        Query::Explain(query) => Answer::Explain(explain_view::run_explain(query)),
        Query::Link(fragment) => Answer::Link(LinkView::from_fragment(fragment)),
    }
}

/// The check script for the setup a share fragment describes.
fn verify_script(fragment: &str) -> Option<String> {
    use crate::audit::verify_script::{render_plan, VerifyPlan};
    let setup = crate::share::from_fragment::<crate::setup::Setup>(fragment).ok()?;
    (crate::setup::validate(&setup).is_empty() && VerifyPlan::applies_to(&setup))
        .then(|| render_plan(&VerifyPlan::for_setup(&setup)))
}

fn run_doctor(query: &DoctorQuery) -> DoctorView {
    let journey = &query.journey;
    let sky = match query.sky_config.trim() {
        "" => None,
        _ => match read_sky_config_for(&query.sky_config, query.skypilot_version) {
            Ok(sky) => Some(sky),
            Err(error) => {
                return DoctorView {
                    error: Some(error.to_string()),
                    ..DoctorView::default()
                }
            }
        },
    };
    let result = parse(&query.text).map(|config| diagnose_config(&config, journey, sky.as_ref()));
    DoctorView::new(result.as_ref(), query.skypilot_version)
}

/// The audit request of a query, or why it cannot be made.
pub fn audit_request(query: &AuditQuery) -> Result<AuditRequest, String> {
    let subject: Subject = query
        .subject
        .parse()
        .map_err(|e: crate::audit::SubjectError| e.0)?;
    let mut request = AuditRequest::new(subject, query.features.clone());
    request.skypilot_version = query.skypilot_version;
    if request.subject.namespace().is_none() {
        request.namespaces.launch = query.launch_namespace.clone();
    }
    if !query.metrics_namespace.is_empty() {
        request.namespaces.metrics = query.metrics_namespace.clone();
    }
    Ok(request)
}

fn run_audit(query: &AuditQuery) -> AuditView {
    if let Err(error) = query.subject.parse::<Subject>() {
        return AuditView {
            subject_error: Some(error.0),
            ..AuditView::default()
        };
    }
    let result = audit_request(query)
        .and_then(|request| audit(&query.text, &request).map_err(|e| e.to_string()));
    AuditView::new(result.as_ref().map_err(Clone::clone))
}

/// The worker's whole job: decodes a query message, runs it, encodes the answer.
pub fn handle(message: &str) -> Result<String, WireError> {
    let query: Message<Query> = codec::decode(message)?;
    Ok(codec::encode(&Message {
        id: query.id,
        body: respond(&query.body),
    }))
}

#[cfg(test)]
mod tests;
