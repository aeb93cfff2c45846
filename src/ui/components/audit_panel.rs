//! The RBAC audit: paste a cluster's roles and bindings, say whom to check and which features
//! matter, and see per feature what is granted, what is missing (with a patch) and what is far
//! beyond SkyPilot's needs. The audit runs in the analysis worker; this renders its view.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use super::paste_input::PasteInput;
use super::text_field::TextField;
use crate::analysis::{Answer, AuditQuery, AuditView, Query};
use crate::audit::PATCH_FILE;
use crate::catalogue::Feature;
use crate::release::SkyPilotVersion;
use crate::ui::analysis_client::{use_reply, Replied};
use crate::ui::prose::{alert, prose};
use crate::ui::tone::{status_class, summary_class};

#[derive(Properties, PartialEq)]
pub struct AuditPanelProps {
    pub rbac: Rc<str>,
    /// Whom to audit, as the user typed it (`NS/NAME`, `user:NAME`, `group:NAME`).
    pub subject: AttrValue,
    pub features: Rc<Vec<Feature>>,
    /// Where a user or group launches (a service account launches in its own namespace).
    pub wizard_namespace: AttrValue,
    /// The wizard's Prometheus namespace (`metrics.prometheus.namespace`).
    pub metrics_namespace: AttrValue,
    /// The SkyPilot release whose calls are checked (the wizard's).
    pub skypilot_version: SkyPilotVersion,
    pub on_rbac: Callback<String>,
    pub on_subject: Callback<String>,
    pub on_feature: Callback<(Feature, bool)>,
}

/// What the audit depends on: cheap to clone and compare on every render (the text is shared,
/// not copied, until a query is made).
type Asked = (
    Rc<str>,
    AttrValue,
    Rc<Vec<Feature>>,
    AttrValue,
    AttrValue,
    SkyPilotVersion,
);

/// The worker's query (none for blank text). The worker reads the subject too, and says
/// when it does not read.
fn query((text, subject, features, launch, metrics, version): &Asked) -> Option<Query> {
    (!text.trim().is_empty()).then(|| {
        Query::Audit(AuditQuery {
            text: text.to_string(),
            subject: subject.to_string(),
            features: features.to_vec(),
            launch_namespace: launch.to_string(),
            metrics_namespace: metrics.to_string(),
            skypilot_version: *version,
        })
    })
}

#[function_component(AuditPanel)]
pub fn audit_panel(props: &AuditPanelProps) -> Html {
    let asked: Asked = (
        props.rbac.clone(),
        props.subject.clone(),
        props.features.clone(),
        props.wizard_namespace.clone(),
        props.metrics_namespace.clone(),
        props.skypilot_version,
    );
    let Replied {
        answer,
        busy,
        stopped,
    } = use_reply(asked, query, Answer::audit);
    let blank = props.rbac.trim().is_empty();
    let view = match answer.as_deref() {
        Some(Ok(view)) if !blank => Some(view),
        _ => None,
    };
    let subject_error = view.and_then(|view| view.subject_error.clone().map(AttrValue::from));
    html! {
        <section class="step" aria-labelledby="audit-panel-heading" id="audit">
            <h2 id="audit-panel-heading">{ super::Step::Audit.badge() }{ "Audit existing RBAC" }</h2>
            <p class="lead">{ "Paste the roles and bindings a cluster already has and see, feature by feature, whether SkyPilot will work, what is missing and what is far beyond its needs." }</p>
            <PasteInput
                id="existing-rbac"
                label="Existing RBAC"
                what="an RBAC export"
                hint={html! { <>
                    { "YAML or JSON: " }<code>{ "kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml" }</code>
                    { ", a manifest, or any mix. It stays in this tab." }
                </> }}
                placeholder={"apiVersion: v1\nkind: List\nitems: ..."}
                max_bytes={crate::audit::MAX_INPUT_BYTES}
                value={AttrValue::from(props.rbac.clone())}
                on_change={props.on_rbac.clone()}
            />
            <TextField
                id="audit-subject"
                label="Subject"
                hint={AttrValue::Static("A service account as NAMESPACE/NAME, or user:NAME, or group:NAME.")}
                value={props.subject.clone()}
                error={subject_error.clone()}
                on_input={props.on_subject.clone()}
            />
            <div aria-live="polite">
                if let Some(view) = view.filter(|view| view.unbound.is_some()) {
                    { offer(view, &props.on_subject) }
                }
            </div>
            <fieldset>
                <legend>{ "Features SkyPilot must have" }</legend>
                <div class="checks compact">
                { for Feature::ALL.iter().map(|&feature| {
                    let id = format!("audit-{}", feature.id());
                    let onchange = props.on_feature.reform(move |event: Event| {
                        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                        (feature, input.checked())
                    });
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} checked={props.features.contains(&feature)} {onchange} />
                            <label class="title" for={id}>{ feature.label() }</label>
                        </div>
                    }
                }) }
                </div>
            </fieldset>
            // Not a live region: only the status line below is announced, not the whole report.
            <section class="audit" aria-labelledby="audit-heading" aria-busy={busy.to_string()}>
                <h3 id="audit-heading">{ "Audit" }</h3>
                <p class="status" role="status">{
                    match (stopped, answer.as_deref()) {
                        (Some(stopped), _) => stopped.to_owned(),
                        (None, Some(Ok(view))) if !blank && subject_error.is_none() => view.announcement().unwrap_or_default(),
                        _ => String::new(),
                    }
                }</p>
                {
                    match answer.as_deref() {
                        _ if blank => html! { <p class="hint">{ "Paste RBAC objects above to audit them." }</p> },
                        _ if subject_error.is_some() => html! { <p class="hint">{ "Enter a valid subject to audit." }</p> },
                        None => html! { <p class="hint">{ "Auditing…" }</p> },
                        Some(answer) => shown(answer),
                    }
                }
            </section>
        </section>
    }
}

/// Says the subject is not bound, and offers the export's subjects as buttons: each sets the
/// subject and returns focus to the field (the button goes away once the new answer is in).
/// The wording is the worker's.
fn offer(view: &AuditView, on_subject: &Callback<String>) -> Html {
    html! {
        <>
            <p class="verdict warn">{ prose(view.unbound.as_deref().unwrap_or_default()) }</p>
            <div class="offered-subjects">
                { for view.offered_subjects.iter().map(|choice| {
                    let subject = choice.field_text.clone();
                    let on_subject = on_subject.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        on_subject.emit(subject.clone());
                        focus_subject_field();
                    });
                    html! { <button type="button" class="button small" {onclick}>{ &choice.label }</button> }
                }) }
            </div>
        </>
    }
}

/// Puts the keyboard focus back on the subject field.
fn focus_subject_field() {
    use wasm_bindgen::JsCast;
    if let Some(field) = gloo::utils::document().get_element_by_id("audit-subject") {
        // An `<input>`, rendered by this panel.
        let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

fn shown(answer: &Result<AuditView, String>) -> Html {
    match answer {
        Ok(view) => match &view.error {
            Some(error) => alert(error),
            None => report(view),
        },
        Err(message) => alert(message),
    }
}

fn missing_list(missing: &[String]) -> Html {
    html! {
        <ul class="permissions">
            { for missing.iter().map(|p| html! { <li><code>{ p }</code></li> }) }
        </ul>
    }
}

fn report(view: &AuditView) -> Html {
    html! {
        <>
            <p class={summary_class(view.all_granted)}>{ &view.summary }</p>
            <p class="hint">{ &view.read }</p>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{ "Features" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Feature" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Missing" }</th>
                    </tr></thead>
                    <tbody>
                        { for view.features.iter().map(|feature| html! {
                            <tr>
                                <td>{ feature.feature.label() }
                                    if !feature.selected { <div class="hint">{ "not selected" }</div> }
                                </td>
                                <td class={status_class(feature.status, feature.selected)}>{ feature.status.label() }</td>
                                <td>
                                    if feature.missing.is_empty() { { "—" } } else if feature.selected {
                                        { missing_list(&feature.missing) }
                                    } else {
                                        <details>
                                            <summary>{ format!("{} permission{}", feature.missing.len(), if feature.missing.len() == 1 { "" } else { "s" }) }</summary>
                                            { missing_list(&feature.missing) }
                                        </details>
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if !view.warnings.is_empty() {
                <ul class="findings" aria-label="Beyond SkyPilot's needs">
                    { for view.warnings.iter().map(|warning| html! {
                        <li class="finding warning">
                            <div class="meta"><span class="sev warning">{ "warning" }</span><code>{ &warning.kind }</code></div>
                            <p>{ prose(&warning.message) }</p>
                        </li>
                    }) }
                </ul>
            }
            if !view.notes.is_empty() {
                <ul class="findings" aria-label="Notes">
                    { for view.notes.iter().map(|note| html! {
                        <li class="finding info"><p>{ prose(note) }</p></li>
                    }) }
                </ul>
            }
            if let Some(patch) = &view.patch {
                <CodePanel
                    title="RBAC patch"
                    id="audit-patch"
                    text={Some(Rc::<str>::from(patch.as_str()))}
                    file_name={PATCH_FILE}
                    hint={AttrValue::from(format!("Grants only what the selected features miss: kubectl apply -f {PATCH_FILE}"))}
                />
            }
        </>
    }
}
