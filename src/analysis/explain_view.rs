//! What the page shows of an explanation (`crate::explain`): one row per refusal, built here
//! from the core's result so the page renders it without linking the explanation's parser,
//! the catalogue matching or the YAML writer. Rows carry the core's enums (`Verdict`,
//! `Holder`); only the page maps them to CSS.

use super::codec::{wire_enum, wire_struct};
use crate::catalogue::Feature;
use crate::explain::{
    advice, explain, kind, summary, ExplainRequest, Explanation, Holder, Item, Refusal, Verdict,
    NOTHING_RECOGNISED,
};
use crate::release::SkyPilotVersion;

wire_enum!(Verdict {
    SkyPilotPermission,
    NotSkyPilot,
    Anonymous,
    NotRbac,
    NoDetail
});
wire_enum!(Holder { Account, Launcher });

/// Explain a pasted error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainQuery {
    pub text: String,
    /// Where SkyPilot's Prometheus runs (`metrics.prometheus.namespace`); empty: `skypilot`.
    pub metrics_namespace: String,
    /// The SkyPilot release whose calls are matched.
    pub skypilot_version: SkyPilotVersion,
}
wire_struct!(ExplainQuery {
    text,
    metrics_namespace,
    skypilot_version
});

/// One feature needing a refused request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedRow {
    pub feature: Feature,
    pub holder: Holder,
    /// Who needs it, in which `remote_identity` modes, in words.
    pub holder_text: String,
    /// The catalogue rule's reason.
    pub why: String,
}
wire_struct!(NeedRow {
    feature,
    holder,
    holder_text,
    why
});

/// A page of SkyPilot's documentation, with the link's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLink {
    pub title: String,
    pub url: String,
}
wire_struct!(DocLink { title, url });

impl DocLink {
    /// The link to `url`, one of the catalogue's pages.
    fn new(url: &str) -> DocLink {
        let title = if url == crate::catalogue::SKYPILOT_PORTS_DOCS {
            "SkyPilot docs: exposing services on Kubernetes"
        } else {
            "SkyPilot docs: Kubernetes permissions"
        };
        DocLink {
            title: title.to_owned(),
            url: url.to_owned(),
        }
    }
}

/// One refusal, explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainRow {
    pub verdict: Verdict,
    /// The JSON report's kind (`rbac`, `quota`, ...).
    pub kind: String,
    pub summary: String,
    /// For an RBAC denial: who was refused (`service account ml/sky-sa`), as printed too.
    pub who: Option<String>,
    /// What: `list pods`, with the API group, subresource and object.
    pub what: Option<String>,
    /// Where: `namespace ml`, or `cluster scope`.
    pub place: Option<String>,
    pub needs: Vec<NeedRow>,
    /// The settings avoiding it.
    pub avoided_by: Vec<String>,
    /// The patch's objects granting it.
    pub patch: Option<String>,
    /// What to do, when no patch fixes it.
    pub what_to_do: Option<String>,
    /// SkyPilot's documentation pages about it.
    pub docs: Vec<DocLink>,
}
wire_struct!(ExplainRow {
    verdict,
    kind,
    summary,
    who,
    what,
    place,
    needs,
    avoided_by,
    patch,
    what_to_do,
    docs
});

/// The explanation as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExplainView {
    /// Why the input was not read (too large); then everything else is empty.
    pub error: Option<String>,
    /// What to paste instead, when nothing was recognised.
    pub unreadable: Option<String>,
    pub rows: Vec<ExplainRow>,
    pub notes: Vec<String>,
    /// The patch for every refusal SkyPilot needs, as a YAML stream.
    pub patch: Option<String>,
    /// The CLI's exit status for the same input (0, 1 or 2).
    pub exit_code: usize,
}
wire_struct!(ExplainView {
    error,
    unreadable,
    rows,
    notes,
    patch,
    exit_code
});

impl ExplainView {
    /// One sentence for a screen reader's status region; none for an error (an alert).
    pub fn announcement(&self) -> Option<String> {
        if self.error.is_some() {
            return None;
        }
        if self.rows.is_empty() {
            return Some("No Kubernetes refusal recognised.".to_owned());
        }
        let needed = self
            .rows
            .iter()
            .filter(|row| row.verdict == Verdict::SkyPilotPermission)
            .count();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        Some(format!(
            "Explained {} refusal{}: {needed} SkyPilot permission{}.",
            self.rows.len(),
            plural(self.rows.len()),
            plural(needed)
        ))
    }

    /// The view of an explanation, or of why there is none.
    pub fn new(result: Result<&Explanation, String>) -> ExplainView {
        let explanation = match result {
            Ok(explanation) => explanation,
            Err(error) => {
                return ExplainView {
                    error: Some(error),
                    exit_code: 2,
                    ..ExplainView::default()
                }
            }
        };
        ExplainView {
            error: None,
            unreadable: explanation
                .items
                .is_empty()
                .then(|| NOTHING_RECOGNISED.to_owned()),
            rows: explanation.items.iter().map(row).collect(),
            notes: explanation.notes.clone(),
            patch: explanation.patch.clone(),
            exit_code: usize::from(explanation.exit_code()),
        }
    }
}

fn row(item: &Item) -> ExplainRow {
    let (who, what, place) = match &item.refusal {
        Refusal::Rbac(denial) => {
            let group = if denial.group.is_empty() {
                "core group".to_owned()
            } else {
                format!("API group {}", denial.group)
            };
            let mut what = format!("{} {} ({group}", denial.verb, denial.resource);
            if let Some(sub) = &denial.subresource {
                what += &format!(", subresource {sub}");
            }
            if let Some(name) = &denial.name {
                what += &format!(", object {name}");
            }
            what += ")";
            let place = match &denial.namespace {
                Some(namespace) => format!("namespace {namespace}"),
                None => "cluster scope".to_owned(),
            };
            (
                Some(format!("{} ({})", crate::explain::who(denial), denial.user)),
                Some(what),
                Some(place),
            )
        }
        _ => (None, None, None),
    };
    ExplainRow {
        verdict: item.verdict,
        kind: kind(&item.refusal).to_owned(),
        summary: summary(&item.refusal),
        who,
        what,
        place,
        needs: item
            .needs
            .iter()
            .map(|need| NeedRow {
                feature: need.feature,
                holder: need.holder,
                holder_text: need.holder.sentence().to_owned(),
                why: need.why.to_owned(),
            })
            .collect(),
        avoided_by: item
            .avoided_by
            .iter()
            .map(|(_, setting)| (*setting).to_owned())
            .collect(),
        patch: item.patch.clone(),
        what_to_do: advice(&item.refusal, item.verdict),
        docs: item.docs.iter().map(|page| DocLink::new(page)).collect(),
    }
}

/// Runs an explain query.
pub fn run_explain(query: &ExplainQuery) -> ExplainView {
    let mut request = ExplainRequest {
        skypilot_version: query.skypilot_version,
        ..ExplainRequest::default()
    };
    if !query.metrics_namespace.is_empty() {
        request.metrics_namespace = query.metrics_namespace.clone();
    }
    let result = explain(&query.text, &request);
    ExplainView::new(result.as_ref().map_err(ToString::to_string))
}
