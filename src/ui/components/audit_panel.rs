//! The RBAC audit: paste a cluster's roles and bindings, say whom to check and which features
//! matter, and see per feature what is granted, what is missing (with a patch) and what is far
//! beyond SkyPilot's needs.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use super::paste_input::PasteInput;
use super::text_field::TextField;
use crate::audit::{audit, Audit, AuditFeature, AuditRequest, Status, Subject, PATCH_FILE};

#[derive(Properties, PartialEq)]
pub struct AuditPanelProps {
    pub rbac: Rc<str>,
    /// Whom to audit, as the user typed it (`NS/NAME`, `user:NAME`, `group:NAME`).
    pub subject: AttrValue,
    pub features: Rc<Vec<AuditFeature>>,
    /// Where a user or group launches (a service account launches in its own namespace).
    pub wizard_namespace: AttrValue,
    pub ingress_namespace: AttrValue,
    pub on_rbac: Callback<String>,
    pub on_subject: Callback<String>,
    pub on_feature: Callback<(AuditFeature, bool)>,
}

/// The request, or why the subject cannot be read.
fn request(props: &AuditPanelProps) -> Result<AuditRequest, String> {
    let subject: Subject = props
        .subject
        .parse()
        .map_err(|e: crate::audit::SubjectError| e.0)?;
    let mut request = AuditRequest::new(subject, props.features.as_ref().clone());
    if request.subject.namespace().is_none() {
        request.namespaces.launch = props.wizard_namespace.to_string();
    }
    request.namespaces.ingress = props.ingress_namespace.to_string();
    Ok(request)
}

#[function_component(AuditPanel)]
pub fn audit_panel(props: &AuditPanelProps) -> Html {
    let request = request(props);
    let result = use_memo(
        (props.rbac.clone(), request.clone().ok()),
        |(text, request)| match request {
            Some(request) if !text.trim().is_empty() => {
                Some(audit(text, request).map(Rc::new).map_err(|e| e.to_string()))
            }
            _ => None,
        },
    );
    let subject_error = request.as_ref().err().map(|e| AttrValue::from(e.clone()));
    html! {
        <section class="step" aria-labelledby="audit-panel-heading" id="audit">
            <h2 id="audit-panel-heading"><span class="step-number" aria-hidden="true"></span>{ "Audit existing RBAC" }</h2>
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
                error={subject_error}
                on_input={props.on_subject.clone()}
            />
            <fieldset>
                <legend>{ "Features SkyPilot must have" }</legend>
                { for AuditFeature::ALL.into_iter().map(|feature| {
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
            </fieldset>
            <section class="audit" aria-labelledby="audit-heading" aria-live="polite">
                <h3 id="audit-heading">{ "Audit" }</h3>
                {
                    match result.as_ref() {
                        None => html! { <p class="hint">{ "Paste RBAC objects above to audit them." }</p> },
                        Some(Err(message)) => html! { <p class="alert" role="alert">{ message }</p> },
                        Some(Ok(audit)) => report(audit),
                    }
                }
            </section>
        </section>
    }
}

fn status_class(status: Status, selected: bool) -> &'static str {
    match (status, selected) {
        (Status::Granted, _) => "verdict ok",
        (_, false) => "verdict",
        (Status::Partial, true) => "verdict warn",
        (Status::Missing, true) => "verdict bad",
    }
}

fn missing_list(missing: &[crate::audit::Permission]) -> Html {
    html! {
        <ul class="permissions">
            { for missing.iter().map(|p| html! { <li><code>{ p.to_string() }</code></li> }) }
        </ul>
    }
}

fn report(audit: &Rc<Audit>) -> Html {
    let summary = if audit.all_selected_granted() {
        format!(
            "Every selected feature is granted to the {}.",
            audit.subject
        )
    } else {
        format!(
            "The {} lacks permissions for selected features; the patch below grants only those.",
            audit.subject
        )
    };
    let read = match audit.skipped.len() {
        0 => format!("Read {} RBAC objects.", audit.objects_read),
        _ => format!(
            "Read {} RBAC objects; skipped {}.",
            audit.objects_read,
            audit
                .skipped
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let bindings = if audit.bindings.is_empty() {
        "No binding names this subject.".to_owned()
    } else {
        format!("Bindings naming it: {}.", audit.bindings.join(", "))
    };
    html! {
        <>
            <p class={if audit.all_selected_granted() { "verdict ok" } else { "verdict bad" }}>{ summary }</p>
            <p class="hint">{ read }{ " " }{ bindings }</p>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{ "Features" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Feature" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Missing" }</th>
                    </tr></thead>
                    <tbody>
                        { for audit.features.iter().map(|feature| html! {
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
                                            <summary>{ format!("{} permissions", feature.missing.len()) }</summary>
                                            { missing_list(&feature.missing) }
                                        </details>
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if !audit.warnings.is_empty() {
                <ul class="findings" aria-label="Beyond SkyPilot's needs">
                    { for audit.warnings.iter().map(|warning| html! {
                        <li class="finding warning">
                            <div class="meta"><span class="sev warning">{ "warning" }</span><code>{ warning.kind.id() }</code></div>
                            <p>{ warning.message() }</p>
                        </li>
                    }) }
                </ul>
            }
            if !audit.notes.is_empty() {
                <ul class="findings" aria-label="Notes">
                    { for audit.notes.iter().map(|note| html! {
                        <li class="finding info"><p>{ note }</p></li>
                    }) }
                </ul>
            }
            if let Some(patch) = &audit.patch {
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
