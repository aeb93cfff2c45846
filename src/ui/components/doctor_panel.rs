//! The kubeconfig doctor: paste or drop a kubeconfig, see findings and per-context verdicts,
//! apply a recommendation to the wizard, download the path-less rewrite. The diagnosis runs in
//! the analysis worker; this renders its view.

use std::rc::Rc;

use yew::prelude::*;

use super::paste_input::PasteInput;
use crate::analysis::{Answer, DoctorQuery, DoctorView, Query};
use crate::setup::RemoteIdentity;
use crate::ui::analysis_client::{ask, use_reply, Reply};
use crate::ui::browser;
use crate::ui::prose::{alert, prose};

#[derive(Properties, PartialEq)]
pub struct DoctorPanelProps {
    pub kubeconfig: Rc<str>,
    /// The identity the wizard is set to.
    pub wizard_identity: RemoteIdentity,
    /// Judge for the wizard's identity instead of LOCAL_CREDENTIALS.
    pub uses_wizard: bool,
    pub on_kubeconfig: Callback<String>,
    pub on_uses_wizard: Callback<bool>,
    pub on_use_identity: Callback<RemoteIdentity>,
}

/// The worker's query for a kubeconfig and an intended identity (none for blank text).
fn query((text, intended): &(Rc<str>, RemoteIdentity)) -> Option<Query> {
    (!text.trim().is_empty()).then(|| {
        Query::Doctor(DoctorQuery {
            text: text.to_string(),
            intended: intended.to_string(),
        })
    })
}

#[function_component(DoctorPanel)]
pub fn doctor_panel(props: &DoctorPanelProps) -> Html {
    let intended = if props.uses_wizard {
        props.wizard_identity.clone()
    } else {
        RemoteIdentity::LocalCredentials
    };
    let (reply, busy) = use_reply((props.kubeconfig.clone(), intended), query);
    let blank = props.kubeconfig.trim().is_empty();
    let on_intent = props.on_uses_wizard.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        select.value() == "wizard"
    });
    html! {
        <section class="step" aria-labelledby="doctor-heading" id="doctor">
            <h2 id="doctor-heading"><span class="step-number" aria-hidden="true"></span>{ "Kubeconfig doctor" }</h2>
            <p class="lead">{ "Find out, per context, whether SkyPilot can use your kubeconfig inside the cluster, and what to set." }</p>
            <PasteInput
                id="kubeconfig"
                label="Kubeconfig"
                what="a kubeconfig"
                hint={html! { <>
                    { "Paste it (" }<code>{ "kubectl config view --raw" }</code>
                    { "), drop the file here or choose it. It stays in this tab: it is never uploaded, stored or put in the link." }
                </> }}
                placeholder={"apiVersion: v1\nkind: Config\nclusters: ..."}
                max_bytes={crate::doctor::MAX_INPUT_BYTES}
                value={AttrValue::from(props.kubeconfig.clone())}
                on_change={props.on_kubeconfig.clone()}
            />
            <div class="field spaced">
                <label for="doctor-intent">{ "Judge it for" }</label>
                <select id="doctor-intent" onchange={on_intent}>
                    <option value="copy" selected={!props.uses_wizard}>{ "Copying it into pods (LOCAL_CREDENTIALS)" }</option>
                    <option value="wizard" selected={props.uses_wizard}>{ format!("The method chosen above ({})", props.wizard_identity) }</option>
                </select>
            </div>
            <section class="diagnosis" aria-labelledby="diagnosis-heading" aria-live="polite" aria-busy={busy.to_string()}>
                <h3 id="diagnosis-heading">{ "Diagnosis" }</h3>
                {
                    match reply.as_deref() {
                        _ if blank => html! { <p class="hint">{ "Paste a kubeconfig above to see its diagnosis." }</p> },
                        None => html! { <p class="hint">{ "Diagnosing…" }</p> },
                        Some(reply) => shown(reply, &props.kubeconfig, &props.on_use_identity),
                    }
                }
            </section>
        </section>
    }
}

fn shown(reply: &Reply, text: &Rc<str>, on_use: &Callback<RemoteIdentity>) -> Html {
    match reply {
        Ok(Answer::Doctor(view)) => match &view.error {
            Some(error) => alert(error),
            None => report(view, text, on_use),
        },
        Ok(_) => alert("The analysis worker answered another question; reload the page."),
        Err(message) => alert(message),
    }
}

fn report(view: &DoctorView, text: &Rc<str>, on_use: &Callback<RemoteIdentity>) -> Html {
    let on_download = view.can_rewrite.then(|| {
        let text = text.clone();
        Callback::from(move |_| {
            // The rewrite parses the whole text again, so it is only made when asked for.
            let saved = Callback::from(|reply: Reply| {
                if let Ok(Answer::Rewrite(Some(rewritten))) = reply {
                    let _ = browser::download(
                        "kubeconfig-pathless.yaml",
                        "application/yaml",
                        &rewritten,
                    );
                }
            });
            ask(Query::Rewrite(text.to_string()), saved);
        })
    });
    html! {
        <>
            if !view.contexts.is_empty() {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">{ "Contexts" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Context" }</th><th scope="col">{ "Auth" }</th>
                            <th scope="col">{ "Verdict" }</th><th scope="col">{ "Recommended" }</th>
                        </tr></thead>
                        <tbody>
                            { for view.contexts.iter().map(|context| {
                                let identity = RemoteIdentity::from_config_value(&context.recommended);
                                let onclick = on_use.reform(move |_| identity.clone());
                                html! {
                                    <tr>
                                        <td>
                                            <code>{ &context.name }</code>
                                            if context.is_current { <span class="badge">{ "current" }</span> }
                                            if let Some(credential) = &context.credential { <div class="hint">{ credential }</div> }
                                        </td>
                                        <td>{ &context.auth }</td>
                                        <td class={context.tone.class()}>{ &context.verdict }</td>
                                        <td>
                                            <code>{ &context.recommended }</code>
                                            <div><button type="button" class="button small" {onclick}
                                                aria-label={format!("Use {} for the setup (context {})", context.recommended, context.name)}>
                                                { "Use in setup" }
                                            </button></div>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    if view.more_contexts > 0 {
                        <p class="hint">{ format!("…and {} more contexts; the CLI (skyauth doctor) lists them all.", view.more_contexts) }</p>
                    }
                </div>
            }
            if let Some(onclick) = on_download {
                <p class="doctor-actions">
                    <button type="button" class="button" {onclick}>{ "Download path-less kubeconfig" }</button>
                    <span class="hint">{ "Exec commands by name only, as SkyPilot's converter writes them." }</span>
                </p>
            }
            if view.findings.is_empty() {
                <p class="verdict ok">{ "No findings: nothing in this kubeconfig breaks inside a pod." }</p>
            } else {
                <ul class="findings" aria-label="Findings">
                    { for view.findings.iter().map(|finding| html! {
                        <li class={classes!("finding", finding.severity.clone())}>
                            <div class="meta">
                                <span class={classes!("sev", finding.severity.clone())}>{ &finding.severity }</span>
                                <code>{ &finding.code }</code>
                                if let Some(context) = &finding.context { <span>{ "context " }<code>{ context }</code></span> }
                            </div>
                            <p>{ prose(&finding.message) }</p>
                            <p><strong>{ "Fix: " }</strong>{ prose(&finding.fix) }</p>
                        </li>
                    }) }
                </ul>
                if view.more_findings > 0 {
                    <p class="hint">{ format!("…and {} more findings; the CLI (skyauth doctor) lists them all.", view.more_findings) }</p>
                }
            }
        </>
    }
}
