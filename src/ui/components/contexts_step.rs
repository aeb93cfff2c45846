//! The contexts step: `allowed_contexts`, and each context's own `remote_identity` and
//! namespace (`context_configs`).

use yew::prelude::*;

use super::StepProps;
use crate::setup::{AllowedContexts, AuthMethod, Field, RemoteIdentity, SetupEdit};
use crate::ui::prose::prose;

/// Splits the editor's text into context names: one per line, or separated by commas or
/// spaces (`onprem-a, onprem-b`), blanks dropped.
pub(super) fn split_names(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[function_component(ContextsStep)]
pub fn contexts_step(props: &StepProps) -> Html {
    let contexts = &props.setup.contexts;
    // The editor keeps its own text (so a half-typed line survives) and follows the setup when
    // it changes from elsewhere (a link, back/forward).
    let draft = use_state(|| contexts.names.join("\n"));
    {
        let draft = draft.clone();
        use_effect_with(contexts.names.clone(), move |names| {
            if split_names(&draft) != *names {
                draft.set(names.join("\n"));
            }
        });
    }
    let on_names = {
        let draft = draft.clone();
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            on_edit.emit(SetupEdit::ContextNames(split_names(&text)));
            draft.set(text);
        })
    };
    let list = contexts.allowed == AllowedContexts::List;
    let names_box = list || contexts.per_context;
    let name_errors: Vec<AttrValue> = props
        .errors
        .iter()
        .filter(|e| matches!(e.field, Field::AllowedContext(_)))
        .map(|e| AttrValue::from(e.message.clone()))
        .collect();
    // Without the names' box (an API server reaching other clusters with no list), its errors
    // show under the choice, which describes them.
    let choice_errors = !names_box && !name_errors.is_empty();
    let allowed_option = |value: AllowedContexts, id: &'static str, label: &'static str| {
        let onchange = props
            .on_edit
            .reform(move |_: Event| SetupEdit::AllowedContexts(value));
        let described =
            (choice_errors && value == AllowedContexts::List).then_some("allowed-errors");
        html! {
            <div class="check">
                <input type="radio" name="allowed" id={id} checked={contexts.allowed == value} {onchange} aria-describedby={described} />
                <label class="title" for={id}>{ label }</label>
            </div>
        }
    };
    let on_per_context = props.on_edit.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        SetupEdit::PerContext(input.checked())
    });
    // Names that look like a URL, a path or a pasted list: said, never blocking.
    let name_warnings: Vec<AttrValue> = props
        .warnings
        .iter()
        .map(|w| AttrValue::from(w.message.clone()))
        .collect();
    let described_by = ["context-names-hint"]
        .into_iter()
        .chain((!name_errors.is_empty()).then_some("context-names-errors"))
        .chain((!name_warnings.is_empty()).then_some("context-names-warnings"))
        .collect::<Vec<_>>()
        .join(" ");

    html! {
        <section class="step" aria-labelledby="step-contexts">
            <h2 id="step-contexts">{ super::Step::Contexts.badge() }{ "Contexts" }</h2>
            <p class="lead">{ "Which kubeconfig contexts SkyPilot may use (" }<code>{ "allowed_contexts" }</code>{ ")." }</p>
            <fieldset>
                <legend class="visually-hidden">{ "Allowed contexts" }</legend>
                <div class="checks">
                    { allowed_option(AllowedContexts::Current, "allowed-current", "Only the current context (not written)") }
                    { allowed_option(AllowedContexts::All, "allowed-all", "All contexts (allowed_contexts: all)") }
                    { allowed_option(AllowedContexts::List, "allowed-list", "These contexts:") }
                </div>
                if choice_errors {
                    <div id="allowed-errors">
                        { for name_errors.iter().map(|message| html! { <p class="field-error">{ prose(message) }</p> }) }
                    </div>
                }
            </fieldset>
            if names_box {
                <div class="field nested">
                    <label for="context-names">{ if list { "Allowed contexts" } else { "Contexts with their own settings" } }</label>
                    <p class="hint" id="context-names-hint">{ "One per line (or separated by commas), exactly as " }<code>{ "kubectl config get-contexts" }</code>{ " prints them." }</p>
                    <textarea id="context-names" class="short" rows="3" spellcheck="false" aria-describedby={described_by}
                        aria-invalid={(!name_errors.is_empty()).to_string()}
                        value={(*draft).clone()} oninput={on_names} onblur={props.touch(Field::AllowedContext(0))} />
                    if !name_errors.is_empty() {
                        <div id="context-names-errors">
                            { for name_errors.into_iter().map(|message| html! { <p class="field-error">{ prose(&message) }</p> }) }
                        </div>
                    }
                    if !name_warnings.is_empty() {
                        <div id="context-names-warnings">
                            { for name_warnings.into_iter().map(|message| html! { <p class="field-warning">{ "Check: " }{ prose(&message) }</p> }) }
                        </div>
                    }
                </div>
            }
            <div class="check">
                <input type="checkbox" id="per-context" checked={contexts.per_context} onchange={on_per_context} aria-describedby="per-context-desc" />
                <label class="title" for="per-context">{ "Settings per context" }</label>
                <span class="desc" id="per-context-desc">{ prose("A context's own `remote_identity` or namespace, written under `context_configs`; every other context uses the defaults.") }</span>
            </div>
            if contexts.per_context { { context_table(props) } }
        </section>
    }
}

fn context_table(props: &StepProps) -> Html {
    let setup = &props.setup;
    let default_identity = setup.remote_identity();
    let mut choices: Vec<String> = RemoteIdentity::KEYWORDS
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    if setup.auth == AuthMethod::Custom && !choices.contains(&setup.account.name) {
        choices.push(setup.account.name.clone());
    }
    html! {
        <div class="table-wrap nested">
            <table>
                <caption class="visually-hidden">{ "Settings per context" }</caption>
                <thead><tr><th scope="col">{ "Context" }</th><th scope="col">{ "remote_identity" }</th><th scope="col">{ "namespace" }</th></tr></thead>
                <tbody>
                    { for setup.contexts.names.iter().enumerate().map(|(index, context)| {
                        let value = setup.contexts.identities.get(context).cloned().unwrap_or_default();
                        let namespace = setup.contexts.namespaces.get(context).cloned().unwrap_or_default();
                        let id = format!("context-identity-{index}");
                        let ns_id = format!("context-namespace-{index}");
                        let name = context.clone();
                        let onchange = props.on_edit.reform(move |event: Event| {
                            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                            SetupEdit::ContextIdentity { context: name.clone(), value: select.value() }
                        });
                        let name = context.clone();
                        let oninput = props.on_edit.reform(move |event: InputEvent| {
                            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                            SetupEdit::ContextNamespace { context: name.clone(), value: input.value() }
                        });
                        let mut options = choices.clone();
                        if !value.is_empty() && !options.contains(&value) {
                            options.push(value.clone());
                        }
                        let error = props.error(&Field::ContextIdentity(context.clone()));
                        let ns_error = props.error(&Field::ContextNamespace(context.clone()));
                        let on_identity_blur = props.touch(Field::ContextIdentity(context.clone()));
                        let on_namespace_blur = props.touch(Field::ContextNamespace(context.clone()));
                        html! {
                            <tr>
                                <td><code>{ context }</code></td>
                                <td>
                                    <select id={id} {onchange} onblur={on_identity_blur} aria-label={format!("remote_identity of {context}")} aria-invalid={error.is_some().to_string()}>
                                        <option value="" selected={value.is_empty()}>{ format!("(default: {default_identity})") }</option>
                                        { for options.into_iter().map(|option| {
                                            let selected = option == value;
                                            html! { <option value={option.clone()} {selected}>{ option }</option> }
                                        }) }
                                    </select>
                                    if let Some(error) = error { <p class="field-error">{ error }</p> }
                                </td>
                                <td>
                                    <input id={ns_id} type="text" spellcheck="false" value={namespace} {oninput} onblur={on_namespace_blur}
                                        placeholder={setup.launch_namespace().to_owned()}
                                        aria-label={format!("namespace of {context}")} aria-invalid={ns_error.is_some().to_string()} />
                                    if let Some(error) = ns_error { <p class="field-error">{ error }</p> }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
