//! The kubeconfig doctor: paste or drop a kubeconfig (and, optionally, `~/.sky/config.yaml`),
//! choose the journey to judge it for, see findings and per-context verdicts, apply a context's
//! identity or the whole file's recommendation to the wizard, download the path-less rewrite.
//! The diagnosis runs in the analysis worker; this renders its view.
//!
//! Kept in one file on purpose: the report's sections (table, recommendation, rewrite,
//! findings) share the panel's actions; split, each would take them all as props.

use std::rc::Rc;

use yew::prelude::*;

use super::command_block::CommandBlock;
use super::paste_input::PasteInput;
use crate::analysis::{Answer, DoctorQuery, DoctorView, Query};
use crate::doctor::KubeconfigJourney;
use crate::release::SkyPilotVersion;
use crate::setup::{RemoteIdentity, SetupEdit};
use crate::ui::analysis_client::{ask, use_reply, Replied, Reply};
use crate::ui::browser;
use crate::ui::prose::{alert, prose};
use crate::ui::state::JudgeFor;
use crate::ui::tone::{severity_class, verdict_class};

#[derive(Properties, PartialEq)]
pub struct DoctorPanelProps {
    pub kubeconfig: Rc<str>,
    /// The pasted `~/.sky/config.yaml` (optional).
    pub sky_config: Rc<str>,
    /// The identity the wizard is set to.
    pub wizard_identity: RemoteIdentity,
    /// The journey to judge the kubeconfig for.
    pub journey: JudgeFor,
    /// The SkyPilot release the config is read for (the wizard's).
    pub skypilot_version: SkyPilotVersion,
    pub on_kubeconfig: Callback<String>,
    pub on_sky_config: Callback<String>,
    pub on_journey: Callback<JudgeFor>,
    pub on_use_identity: Callback<RemoteIdentity>,
    /// Applies the whole file's recommendation to the wizard, as one step.
    pub on_edits: Callback<Vec<SetupEdit>>,
}

/// What the worker is asked: the kubeconfig, the SkyPilot config, where the kubeconfig goes,
/// and the SkyPilot release.
type Asked = (Rc<str>, Rc<str>, KubeconfigJourney, SkyPilotVersion);

/// The worker's query for a kubeconfig and a journey (none for blank text).
fn query((text, sky_config, journey, version): &Asked) -> Option<Query> {
    (!text.trim().is_empty()).then(|| {
        Query::Doctor(DoctorQuery {
            text: text.to_string(),
            journey: journey.clone(),
            sky_config: sky_config.to_string(),
            skypilot_version: *version,
        })
    })
}

/// The select's value of a journey, and back.
const JOURNEYS: [(JudgeFor, &str); 3] = [
    (JudgeFor::Wizard, "wizard"),
    (JudgeFor::LocalCredentials, "copy"),
    (JudgeFor::ApiServer, "api-server"),
];

#[function_component(DoctorPanel)]
pub fn doctor_panel(props: &DoctorPanelProps) -> Html {
    let journey = match props.journey {
        JudgeFor::Wizard => KubeconfigJourney::for_identity(props.wizard_identity.clone()),
        JudgeFor::LocalCredentials => KubeconfigJourney::LocalCredentials,
        JudgeFor::ApiServer => KubeconfigJourney::ApiServer,
    };
    let asked = (
        props.kubeconfig.clone(),
        props.sky_config.clone(),
        journey,
        props.skypilot_version,
    );
    let Replied {
        answer,
        busy,
        stopped,
    } = use_reply(asked, query, Answer::doctor);
    let blank = props.kubeconfig.trim().is_empty();
    let on_intent = props.on_journey.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        JOURNEYS
            .iter()
            .find(|(_, name)| *name == value)
            .map_or(JudgeFor::Wizard, |(journey, _)| *journey)
    });
    let label = |journey: JudgeFor| match journey {
        JudgeFor::Wizard => format!(
            "Launching with it: the method chosen above ({})",
            props.wizard_identity
        ),
        JudgeFor::LocalCredentials => "Copying it into pods (LOCAL_CREDENTIALS)".to_owned(),
        JudgeFor::ApiServer => {
            "An API server's credentials (Helm kube-credentials secret)".to_owned()
        }
    };
    // What a "Use" button did, said in a status region (the setup changes above, out of view).
    let used = use_state(String::new);
    let actions = Actions {
        text: props.kubeconfig.clone(),
        on_use: {
            let (used, on_use) = (used.clone(), props.on_use_identity.clone());
            Callback::from(move |identity: RemoteIdentity| {
                used.set(format!(
                    "The setup now uses {identity} (step \"How should SkyPilot authenticate?\")."
                ));
                on_use.emit(identity);
            })
        },
        on_edits: {
            let (used, on_edits) = (used.clone(), props.on_edits.clone());
            Callback::from(move |edits: Vec<SetupEdit>| {
                used.set(
                    "The setup now has these contexts and identities (steps above).".to_owned(),
                );
                on_edits.emit(edits);
            })
        },
    };
    html! {
        <section class="step" aria-labelledby="doctor-heading" id="doctor">
            <h2 id="doctor-heading">{ super::Step::Doctor.badge() }{ "Kubeconfig doctor" }</h2>
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
                    { for JOURNEYS.iter().map(|(journey, value)| html! {
                        <option value={*value} selected={props.journey == *journey}>{ label(*journey) }</option>
                    }) }
                </select>
            </div>
            <PasteInput
                id="sky-config"
                label="SkyPilot config (optional)"
                what="a SkyPilot config"
                hint={html! { <>
                    { "Your " }<code>{ "~/.sky/config.yaml" }</code>
                    { ": its traps are checked, and allowed_contexts decides whether the kubeconfig also travels to SkyPilot's controllers. It stays in this tab too." }
                </> }}
                placeholder={"kubernetes:\n  allowed_contexts: ..."}
                max_bytes={crate::doctor::MAX_SKY_CONFIG_BYTES}
                value={AttrValue::from(props.sky_config.clone())}
                on_change={props.on_sky_config.clone()}
            />
            // Not a live region: only the status line below is announced, not the whole report.
            <section class="diagnosis" aria-labelledby="diagnosis-heading" aria-busy={busy.to_string()}>
                <h3 id="diagnosis-heading">{ "Diagnosis" }</h3>
                <p class="status" role="status">{
                    match (stopped, used.is_empty(), answer.as_deref()) {
                        (Some(stopped), _, _) => stopped.to_owned(),
                        (None, false, _) => (*used).clone(),
                        (None, true, Some(Ok(view))) if !blank => view.announcement().unwrap_or_default(),
                        _ => String::new(),
                    }
                }</p>
                {
                    match answer.as_deref() {
                        _ if blank => html! { <p class="hint">{ "Paste a kubeconfig above to see its diagnosis." }</p> },
                        None => html! { <p class="hint">{ "Diagnosing…" }</p> },
                        Some(answer) => shown(answer, &actions),
                    }
                }
            </section>
        </section>
    }
}

/// What the report's buttons do.
struct Actions {
    text: Rc<str>,
    on_use: Callback<RemoteIdentity>,
    on_edits: Callback<Vec<SetupEdit>>,
}

fn shown(answer: &Result<DoctorView, String>, actions: &Actions) -> Html {
    match answer {
        Ok(view) => match &view.error {
            Some(error) => alert(error),
            None => report(view, actions),
        },
        Err(message) => alert(message),
    }
}

fn report(view: &DoctorView, actions: &Actions) -> Html {
    let on_use = &actions.on_use;
    let on_download = view.can_rewrite.then(|| {
        let text = actions.text.clone();
        Callback::from(move |_| {
            // The rewrite parses the whole text again, so it is only made when asked for.
            let saved = Callback::from(|reply: Reply| {
                if let Some(rewritten) = reply.ok().and_then(Answer::rewrite).flatten() {
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
    let recommendation = view.recommendation.as_ref().map(|recommendation| {
        let edits = recommendation.recommendation().edits();
        let onclick = actions.on_edits.reform(move |_| edits.clone());
        html! {
            <section class="doctor-recommendation" aria-labelledby="doctor-recommendation-heading">
                <h4 id="doctor-recommendation-heading">{ "Recommended for the whole file" }</h4>
                <p class="hint">{ format!(
                    "For the {} usable context{}: allowed_contexts, a default remote_identity, and context_configs for the contexts that differ.",
                    recommendation.contexts.len(),
                    if recommendation.contexts.len() == 1 { "" } else { "s" }
                ) }</p>
                if let Some(caveat) = &recommendation.caveat {
                    <p class="field-warning">{ prose(caveat) }</p>
                }
                <CommandBlock
                    text={AttrValue::from(recommendation.config.clone())}
                    label="Copy the recommended config"
                />
                <p class="doctor-actions">
                    <button type="button" class="button" {onclick}>{ "Use these contexts in the setup" }</button>
                </p>
            </section>
        }
    });
    html! {
        <>
            if !view.contexts.is_empty() {
                <div class="table-wrap">
                    // Explicit roles keep the table a table for assistive technology where narrow
                    // screens lay its rows out as cards (style.css, `.stacked`).
                    <table class="stacked" role="table">
                        <caption class="visually-hidden">{ "Contexts" }</caption>
                        <thead role="rowgroup"><tr role="row">
                            <th scope="col" role="columnheader">{ "Context" }</th><th scope="col" role="columnheader">{ "Auth" }</th>
                            <th scope="col" role="columnheader">{ "Verdict" }</th><th scope="col" role="columnheader">{ "Recommended" }</th>
                        </tr></thead>
                        <tbody role="rowgroup">
                            { for view.contexts.iter().map(|context| {
                                let use_recommended = context.recommended.clone().map(|identity| {
                                    let label = format!("Use in setup: {identity} for context {}", context.name);
                                    (identity.to_string(), label, on_use.reform(move |_| identity.clone()))
                                });
                                html! {
                                    <tr role="row">
                                        <td role="cell" data-label="Context">
                                            <code>{ &context.name }</code>
                                            if context.is_current { <span class="badge">{ "current" }</span> }
                                            if let Some(credential) = &context.credential { <div class="hint">{ credential }</div> }
                                        </td>
                                        <td role="cell" data-label="Auth">{ &context.auth }</td>
                                        <td role="cell" data-label="Verdict" class={verdict_class(context.verdict)}>{ context.verdict.describe() }</td>
                                        <td role="cell" data-label="Recommended">
                                            if let Some((identity, label, onclick)) = use_recommended {
                                                <code>{ identity }</code>
                                                <div><button type="button" class="button small" {onclick} aria-label={label}>
                                                    { "Use in setup" }
                                                </button></div>
                                            } else {
                                                { "nothing to set" }
                                            }
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
            { for recommendation }
            if let Some(onclick) = on_download {
                <p class="doctor-actions">
                    <button type="button" class="button" {onclick}>{ "Download path-less kubeconfig" }</button>
                    <span class="hint">{ "As SkyPilot's converter writes it: exec commands by name, a Nebius profile as sky." }</span>
                </p>
            }
            if view.findings.is_empty() {
                <p class="verdict ok">{ "No findings: nothing in this kubeconfig breaks on this journey." }</p>
            } else {
                <ul class="findings" aria-label="Findings">
                    { for view.findings.iter().map(|finding| html! {
                        <li class={classes!("finding", severity_class(finding.severity))}>
                            <div class="meta">
                                <span class={classes!("sev", severity_class(finding.severity))}>{ finding.severity.as_str() }</span>
                                <span class="finding-title">{ &finding.title }</span>
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
