//! Explaining a 403: an error as the Kubernetes API, kubectl, the Python client or SkyPilot
//! prints it, read into refusals ([`refusals`], `parse.rs`); each RBAC denial matched to the
//! SkyPilot features that need it, from the catalogue ([`needs`], `need.rs`); the minimal
//! patch granting what they need ([`PatchPart`], `patch.rs`); the setting that avoids it,
//! when the catalogue has one ([`Feature::avoided_by`]); and the 403s
//! RBAC does not decide (a missing service account, an admission webhook, a quota, Pod
//! Security), each with what to do (`advice.rs`). The text and JSON reports the CLI prints
//! (`skyauth explain`) are rendered here ([`text_report`], [`json_report`], `render.rs`).

mod advice;
mod need;
mod parse;
mod patch;
mod render;

use std::fmt;

pub use advice::{advice, kind, request_text, summary, who};
pub use need::{needs, Holder, Need};
pub use parse::{refusals, Denial, Refusal, MAX_REFUSALS};
pub use patch::{PatchPart, PATCH_FILE};
pub use render::{json_report, text_report};

use crate::catalogue::Feature;
use crate::release::SkyPilotVersion;

/// The largest input read (an error or a log of a few).
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// What the explanation is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainRequest {
    /// The SkyPilot release whose calls are matched.
    pub skypilot_version: SkyPilotVersion,
    /// The namespace of SkyPilot's Prometheus (`metrics.prometheus.namespace`).
    pub metrics_namespace: String,
}

impl Default for ExplainRequest {
    fn default() -> ExplainRequest {
        ExplainRequest {
            skypilot_version: SkyPilotVersion::default(),
            metrics_namespace: crate::catalogue::SKYPILOT_METRICS.to_owned(),
        }
    }
}

/// What one refusal turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// An RBAC denial of a request a SkyPilot feature makes.
    SkyPilotPermission,
    /// An RBAC denial of a request no SkyPilot feature makes.
    NotSkyPilot,
    /// A denial of `system:anonymous`: the credentials were not accepted.
    Anonymous,
    /// A 403 RBAC does not decide.
    NotRbac,
    /// RBAC's escalation check: whoever creates a role must hold what it grants.
    Escalation,
    /// A 403 without the message that would say who was refused what.
    NoDetail,
}

impl Verdict {
    /// The id the JSON report writes.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::SkyPilotPermission => "skypilot-permission",
            Verdict::NotSkyPilot => "not-skypilot",
            Verdict::Anonymous => "anonymous",
            Verdict::NotRbac => "not-rbac",
            Verdict::Escalation => "rbac-escalation",
            Verdict::NoDetail => "no-detail",
        }
    }
}

/// One refusal, explained.
#[derive(Clone, Debug)]
pub struct Item {
    pub refusal: Refusal,
    pub verdict: Verdict,
    /// The features needing the denied request (RBAC denials only).
    pub needs: Vec<Need>,
    /// The settings that avoid it: each needing feature's, when the catalogue has one.
    pub avoided_by: Vec<(Feature, &'static str)>,
    /// The patch's objects granting it (`Role NAME in NS`), if any.
    pub patch: Option<String>,
    /// SkyPilot's documentation pages about it: the needing features' (the catalogue's
    /// `Feature::docs`), or the permissions page for a missing account.
    pub docs: Vec<&'static str>,
}

/// Every refusal of the input, explained, and the patch for those SkyPilot needs.
#[derive(Clone, Debug)]
pub struct Explanation {
    pub items: Vec<Item>,
    /// Refusals past [`MAX_REFUSALS`], not explained.
    pub more: usize,
    pub patch_parts: Vec<PatchPart>,
    /// The patch as a commented YAML stream.
    pub patch: Option<String>,
    pub notes: Vec<String>,
}

impl Explanation {
    /// 0 when every refusal is a SkyPilot permission, 1 when something was recognised but
    /// not all of it is, 2 when nothing was recognised.
    pub fn exit_code(&self) -> u8 {
        if self.items.is_empty() {
            2
        } else if self
            .items
            .iter()
            .all(|item| item.verdict == Verdict::SkyPilotPermission)
        {
            0
        } else {
            1
        }
    }
}

/// Why an input was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainError(pub String);

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExplainError {}

/// What nothing recognised means, and what to paste instead.
pub const NOTHING_RECOGNISED: &str = "no Kubernetes refusal recognised: paste the error as the API server, kubectl, the Python client or SkyPilot printed it (for a 403, the line with `User \"…\" cannot …`, or the whole `HTTP response body`)";

/// Reads `text` and explains every refusal in it.
pub fn explain(text: &str, request: &ExplainRequest) -> Result<Explanation, ExplainError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ExplainError(format!(
            "the input is {} bytes, more than the {} an explanation reads: paste only the error",
            text.len(),
            MAX_INPUT_BYTES
        )));
    }
    let (found, more) = parse::refusals(text);
    let mut items: Vec<Item> = found
        .into_iter()
        .map(|refusal| item(refusal, request))
        .collect();
    let explained: Vec<(&Denial, &[Need])> = items
        .iter()
        .filter(|item| item.verdict == Verdict::SkyPilotPermission)
        .filter_map(|item| match &item.refusal {
            Refusal::Rbac(denial) => Some((denial, item.needs.as_slice())),
            _ => None,
        })
        .collect();
    let parts = patch::patch_parts(&explained);
    for item in &mut items {
        if let (Refusal::Rbac(denial), Some(first)) = (&item.refusal, item.needs.first()) {
            if item.verdict == Verdict::SkyPilotPermission {
                item.patch = parts
                    .iter()
                    .find(|part| part.subject == denial.subject && part.scope == first.scope)
                    .map(PatchPart::describe);
            }
        }
    }
    let mut notes = Vec::new();
    if more > 0 {
        notes.push(format!(
            "{more} more refusals were not explained (at most {MAX_REFUSALS} are): paste fewer at once"
        ));
    }
    let patch = match patch::render_patch(&parts) {
        Some(Ok(text)) => Some(text),
        Some(Err(error)) => {
            notes.push(format!("internal error while writing the patch: {error}"));
            None
        }
        None => None,
    };
    Ok(Explanation {
        items,
        more,
        patch_parts: parts,
        patch,
        notes,
    })
}

fn item(refusal: Refusal, request: &ExplainRequest) -> Item {
    let (verdict, needs) = match &refusal {
        Refusal::Rbac(denial) => {
            let needs = need::needs(denial, &request.metrics_namespace, request.skypilot_version);
            let verdict = if denial.user == "system:anonymous" {
                Verdict::Anonymous
            } else if needs.is_empty() {
                Verdict::NotSkyPilot
            } else {
                Verdict::SkyPilotPermission
            };
            (verdict, needs)
        }
        Refusal::Path { user, .. } if user == "system:anonymous" => (Verdict::Anonymous, vec![]),
        Refusal::Path { .. } => (Verdict::NotSkyPilot, vec![]),
        Refusal::BareForbidden => (Verdict::NoDetail, vec![]),
        Refusal::Escalation { .. } => (Verdict::Escalation, vec![]),
        _ => (Verdict::NotRbac, vec![]),
    };
    let mut avoided_by: Vec<(Feature, &'static str)> = Vec::new();
    for need in &needs {
        if let Some(setting) = need.feature.avoided_by() {
            if !avoided_by
                .iter()
                .any(|(feature, _)| *feature == need.feature)
            {
                avoided_by.push((need.feature, setting));
            }
        }
    }
    let mut docs: Vec<&'static str> = Vec::new();
    for need in &needs {
        if !docs.contains(&need.feature.docs()) {
            docs.push(need.feature.docs());
        }
    }
    if matches!(refusal, Refusal::MissingServiceAccount { .. }) {
        docs.push(crate::catalogue::SKYPILOT_PERMISSIONS_DOCS);
    }
    Item {
        refusal,
        verdict,
        needs,
        avoided_by,
        patch: None,
        docs,
    }
}

#[cfg(test)]
mod tests;
