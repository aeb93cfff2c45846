//! The kubeconfig doctor: paste or drop a kubeconfig, see findings and per-context verdicts,
//! apply a recommendation to the wizard, download the path-less rewrite.

use std::rc::Rc;

use yew::prelude::*;

use super::paste_input::PasteInput;
use crate::doctor::{diagnose, pathless_kubeconfig, Diagnosis, DoctorError, FindingCode, Verdict};
use crate::setup::RemoteIdentity;
use crate::ui::browser;

/// The most contexts and findings listed; a huge kubeconfig shows a count of the rest, so the
/// page stays responsive.
const MAX_LISTED: usize = 200;

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

#[function_component(DoctorPanel)]
pub fn doctor_panel(props: &DoctorPanelProps) -> Html {
    let intended = if props.uses_wizard {
        props.wizard_identity.clone()
    } else {
        RemoteIdentity::LocalCredentials
    };
    let result = use_memo(
        (props.kubeconfig.clone(), intended.clone()),
        |(text, intended)| {
            if text.trim().is_empty() {
                None
            } else {
                Some(diagnose(text, intended).map(|diagnosis| {
                    // The rewrite parses the text again: only when there is a path to remove.
                    let has_paths = diagnosis
                        .findings
                        .iter()
                        .any(|f| f.code == FindingCode::ExecAbsolutePath);
                    let pathless = if has_paths {
                        pathless_kubeconfig(text)
                    } else {
                        None
                    };
                    (diagnosis, pathless)
                }))
            }
        },
    );
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
            <section class="diagnosis" aria-labelledby="diagnosis-heading" aria-live="polite">
                <h3 id="diagnosis-heading">{ "Diagnosis" }</h3>
                {
                    match result.as_ref() {
                        None => html! { <p class="hint">{ "Paste a kubeconfig above to see its diagnosis." }</p> },
                        Some(Err(error)) => parse_error(error),
                        Some(Ok((diagnosis, pathless))) => report(diagnosis, pathless.as_deref(), &props.on_use_identity),
                    }
                }
            </section>
        </section>
    }
}

fn parse_error(error: &DoctorError) -> Html {
    html! { <p class="alert" role="alert">{ error.to_string() }</p> }
}

fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => "verdict ok",
        Verdict::ReadyWithWarnings => "verdict warn",
        Verdict::UseServiceAccount | Verdict::Broken => "verdict bad",
    }
}

fn report(
    diagnosis: &Diagnosis,
    pathless: Option<&str>,
    on_use: &Callback<RemoteIdentity>,
) -> Html {
    let on_download = pathless.map(|text| {
        let text = text.to_owned();
        Callback::from(move |_| {
            let _ = browser::download("kubeconfig-pathless.yaml", "application/yaml", &text);
        })
    });
    html! {
        <>
            if !diagnosis.contexts.is_empty() {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">{ "Contexts" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Context" }</th><th scope="col">{ "Auth" }</th>
                            <th scope="col">{ "Verdict" }</th><th scope="col">{ "Recommended" }</th>
                        </tr></thead>
                        <tbody>
                            { for diagnosis.contexts.iter().take(MAX_LISTED).map(|context| {
                                let identity = context.recommended_remote_identity.clone();
                                let onclick = on_use.reform(move |_| identity.clone());
                                let auth = match (&context.exec_command, context.exec_provider) {
                                    (Some(command), Some(provider)) => format!("exec: {command} ({})", provider.as_str()),
                                    _ => context.auth.as_str().to_owned(),
                                };
                                html! {
                                    <tr>
                                        <td>
                                            <code>{ &context.name }</code>
                                            if context.is_current { <span class="badge">{ "current" }</span> }
                                            if let Some(credential) = &context.credential { <div class="hint">{ credential }</div> }
                                        </td>
                                        <td>{ auth }</td>
                                        <td class={verdict_class(context.verdict)}>{ context.verdict.describe() }</td>
                                        <td>
                                            <code>{ context.recommended_remote_identity.to_string() }</code>
                                            <div><button type="button" class="button small" {onclick}
                                                aria-label={format!("Use {} for the setup (context {})", context.recommended_remote_identity, context.name)}>
                                                { "Use in setup" }
                                            </button></div>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    if diagnosis.contexts.len() > MAX_LISTED {
                        <p class="hint">{ format!("…and {} more contexts; the CLI (skyauth doctor) lists them all.", diagnosis.contexts.len() - MAX_LISTED) }</p>
                    }
                </div>
            }
            if let Some(onclick) = on_download {
                <p class="doctor-actions">
                    <button type="button" class="button" {onclick}>{ "Download path-less kubeconfig" }</button>
                    <span class="hint">{ "Exec commands by name only, as SkyPilot's converter writes them." }</span>
                </p>
            }
            if diagnosis.findings.is_empty() {
                <p class="verdict ok">{ "No findings: nothing in this kubeconfig breaks inside a pod." }</p>
            } else {
                <ul class="findings" aria-label="Findings">
                    { for diagnosis.findings.iter().take(MAX_LISTED).map(|finding| html! {
                        <li class={classes!("finding", finding.severity.as_str())}>
                            <div class="meta">
                                <span class={classes!("sev", finding.severity.as_str())}>{ finding.severity.as_str() }</span>
                                <code>{ finding.code.as_str() }</code>
                                if let Some(context) = &finding.context { <span>{ "context " }<code>{ context }</code></span> }
                            </div>
                            <p>{ &finding.message }</p>
                            <p><strong>{ "Fix: " }</strong>{ &finding.fix }</p>
                        </li>
                    }) }
                </ul>
                if diagnosis.findings.len() > MAX_LISTED {
                    <p class="hint">{ format!("…and {} more findings; the CLI (skyauth doctor) lists them all.", diagnosis.findings.len() - MAX_LISTED) }</p>
                }
            }
        </>
    }
}
