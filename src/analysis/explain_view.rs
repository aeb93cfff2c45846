//! What the page shows of an explanation (`crate::explain`): one row per refusal, built here
//! from the core's result so the page renders it without linking the explanation's parser,
//! the catalogue matching or the YAML writer. Rows carry the core's `Verdict`; only the page
//! maps it to CSS.

use super::codec::{wire_enum, wire_struct};
use crate::explain::{
    advice, explain, summary, who, ExplainRequest, Explanation, Item, Refusal, Verdict,
    NOTHING_RECOGNISED,
};
use crate::release::SkyPilotVersion;

wire_enum!(Verdict {
    SkyPilotPermission,
    NotSkyPilot,
    Anonymous,
    NotRbac,
    Escalation,
    NoDetail
});

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

/// One refusal, explained: a summary and lines of prose (`backticks` become code on the
/// page), flat so that the page's first load carries little code to render it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainRow {
    pub verdict: Verdict,
    pub summary: String,
    /// `Who: …`, `What: …`, `Where: …` (RBAC denials), then each feature needing it and for
    /// whom, the settings avoiding it, the patch's objects granting it, what to do.
    pub lines: Vec<String>,
    /// SkyPilot's documentation pages about it.
    pub docs: Vec<DocLink>,
}
wire_struct!(ExplainRow {
    verdict,
    summary,
    lines,
    docs
});

/// The explanation as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExplainView {
    /// Why the input was not read (too large); then everything else is empty.
    pub error: Option<String>,
    /// One sentence for the status region: how many refusals, how many SkyPilot needs, or
    /// what to paste when nothing was recognised.
    pub status: String,
    pub rows: Vec<ExplainRow>,
    pub notes: Vec<String>,
    /// The patch for every refusal SkyPilot needs, as a YAML stream.
    pub patch: Option<String>,
    /// The CLI's exit status for the same input (0, 1 or 2).
    pub exit_code: usize,
}
wire_struct!(ExplainView {
    error,
    status,
    rows,
    notes,
    patch,
    exit_code
});

impl ExplainView {
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
            status: status(explanation),
            rows: explanation.items.iter().map(row).collect(),
            notes: explanation.notes.clone(),
            patch: explanation.patch.clone(),
            exit_code: usize::from(explanation.exit_code()),
        }
    }
}

fn status(explanation: &Explanation) -> String {
    let items = &explanation.items;
    if items.is_empty() {
        let mut text = NOTHING_RECOGNISED.to_owned();
        text[..1].make_ascii_uppercase();
        return format!("{text}.");
    }
    let needed = items
        .iter()
        .filter(|item| item.verdict == Verdict::SkyPilotPermission)
        .count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "Explained {} refusal{}: {needed} SkyPilot permission{}.",
        items.len(),
        plural(items.len()),
        plural(needed)
    )
}

fn row(item: &Item) -> ExplainRow {
    let mut lines = Vec::new();
    if let Refusal::Rbac(denial) = &item.refusal {
        lines.push(format!("Who: {} (`{}`)", who(denial), denial.user));
        let group = if denial.group.is_empty() {
            "core group".to_owned()
        } else {
            format!("API group {}", denial.group)
        };
        let mut what = format!("What: {} {} ({group}", denial.verb, denial.resource);
        if let Some(sub) = &denial.subresource {
            what += &format!(", subresource {sub}");
        }
        if let Some(name) = &denial.name {
            what += &format!(", object {name}");
        }
        lines.push(what + ")");
        lines.push(match &denial.namespace {
            Some(namespace) => format!("Where: namespace {namespace}"),
            None => "Where: cluster scope".to_owned(),
        });
    }
    for need in &item.needs {
        lines.push(format!(
            "Needed by {} (`{}`): {} For {}.",
            need.feature.label(),
            need.feature.id(),
            need.why,
            need.holder.sentence()
        ));
    }
    for (_, setting) in &item.avoided_by {
        lines.push(format!("Avoid it: {setting}"));
    }
    if let Some(patch) = &item.patch {
        lines.push(format!(
            "Granted by the patch below: `{patch}` and its binding."
        ));
    }
    if let Some(what_to_do) = advice(&item.refusal, item.verdict) {
        lines.push(format!("What to do: {what_to_do}"));
    }
    ExplainRow {
        verdict: item.verdict,
        summary: summary(&item.refusal),
        lines,
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
