//! Explaining an error: paste a 403 as SkyPilot, kubectl or the Python client printed it and
//! see, per refusal, who was refused what and where, which SkyPilot feature needs it (for
//! whom, in which `remote_identity` modes), the setting that avoids it, what to do when no
//! RBAC fixes it, SkyPilot's page about it, and the minimal patch to copy or download. The
//! explanation runs in the analysis worker; this renders its view.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use super::paste_input::PasteInput;
use crate::analysis::{Answer, ExplainQuery, ExplainRow, ExplainView, Query};
use crate::explain::PATCH_FILE;
use crate::release::SkyPilotVersion;
use crate::ui::analysis_client::{use_reply, Replied};
use crate::ui::prose::{alert, prose};
use crate::ui::tone::refusal_class;

#[derive(Properties, PartialEq)]
pub struct ExplainPanelProps {
    /// The wizard's Prometheus namespace (`metrics.prometheus.namespace`).
    pub metrics_namespace: AttrValue,
    /// The SkyPilot release whose calls are matched (the wizard's).
    pub skypilot_version: SkyPilotVersion,
}

/// What the explanation depends on.
type Asked = (Rc<str>, AttrValue, SkyPilotVersion);

/// The worker's query (none for blank text).
fn query((text, metrics, version): &Asked) -> Option<Query> {
    (!text.trim().is_empty()).then(|| {
        Query::Explain(ExplainQuery {
            text: text.to_string(),
            metrics_namespace: metrics.to_string(),
            skypilot_version: *version,
        })
    })
}

#[function_component(ExplainPanel)]
pub fn explain_panel(props: &ExplainPanelProps) -> Html {
    // The error stays in this tab: never in the link, never in the page's state.
    let text = use_state(|| Rc::<str>::from(""));
    let on_change = {
        let text = text.clone();
        Callback::from(move |value: String| text.set(Rc::from(value)))
    };
    let asked: Asked = (
        (*text).clone(),
        props.metrics_namespace.clone(),
        props.skypilot_version,
    );
    let Replied {
        answer,
        busy,
        stopped,
    } = use_reply(asked, query, Answer::explain);
    let blank = text.trim().is_empty();
    html! {
        <section class="step" aria-labelledby="explain-panel-heading" id="explain">
            <h2 id="explain-panel-heading">{ super::Step::Explain.badge() }{ "Explain an error" }</h2>
            <p class="lead">{ "Paste a 403 (or any refusal) as SkyPilot, kubectl or the Python client printed it: who was refused what, which SkyPilot feature needs it, the smallest patch, and the setting that avoids it." }</p>
            <PasteInput
                id="error-text"
                label="Error"
                what="an error"
                hint={html! { <>
                    { "For example " }<code>{ "pods is forbidden: User \"…\" cannot list resource \"pods\" …" }</code>
                    { ", a JSON Status, or a whole log. It stays in this tab." }
                </> }}
                placeholder={"Error from server (Forbidden): ..."}
                max_bytes={crate::explain::MAX_INPUT_BYTES}
                value={AttrValue::from((*text).clone())}
                {on_change}
            />
            <section class="explanation" aria-labelledby="explanation-heading" aria-busy={busy.to_string()}>
                <h3 id="explanation-heading">{ "Explanation" }</h3>
                <p class="status" role="status">{
                    match (stopped, answer.as_deref()) {
                        (Some(stopped), _) => stopped.to_owned(),
                        (None, Some(Ok(view))) if !blank => view.status.clone(),
                        _ => String::new(),
                    }
                }</p>
                {
                    match answer.as_deref() {
                        _ if blank => html! { <p class="hint">{ "Paste an error above to explain it." }</p> },
                        None => html! { <p class="hint">{ "Explaining…" }</p> },
                        Some(Ok(view)) => report(view),
                        Some(Err(message)) => alert(message),
                    }
                }
            </section>
        </section>
    }
}

fn report(view: &ExplainView) -> Html {
    if let Some(error) = &view.error {
        return alert(error);
    }
    html! {
        <>
            if !view.rows.is_empty() {
                <ol class="refusals" aria-label="Refusals">
                    { for view.rows.iter().map(refusal) }
                </ol>
            }
            { for view.notes.iter().map(|note| html! { <p class="hint">{ prose(note) }</p> }) }
            if let Some(patch) = &view.patch {
                <CodePanel
                    title="Patch for the refused requests"
                    id="explain-patch"
                    text={Some(Rc::<str>::from(patch.as_str()))}
                    file_name={PATCH_FILE}
                    hint={AttrValue::Static("Grants only the refused requests SkyPilot needs: kubectl apply -f skyauth-explain-patch.yaml")}
                />
            }
        </>
    }
}

/// One refusal: its summary, its lines of prose, and SkyPilot's pages about it.
fn refusal(row: &ExplainRow) -> Html {
    html! {
        <li class="refusal">
            <p class={refusal_class(row.verdict)}>{ &row.summary }</p>
            <ul>{ for row.lines.iter().map(|line| html! { <li>{ prose(line) }</li> }) }</ul>
            { for row.docs.iter().map(|doc| html! {
                <p><a href={doc.url.clone()} rel="noreferrer">{ &doc.title }</a></p>
            }) }
        </li>
    }
}
