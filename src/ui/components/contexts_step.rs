//! The contexts step: `allowed_contexts` and the per-context `remote_identity` table.

use yew::prelude::*;

use super::StepProps;
use crate::setup::{AllowedContexts, AuthMethod, Field, SetupEdit};
use crate::ui::prose::prose;

/// Splits the editor's text into context names (one per line, blanks dropped).
fn split_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
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
    let allowed_option = |value: AllowedContexts, id: &'static str, label: &'static str| {
        let onchange = props
            .on_edit
            .reform(move |_: Event| SetupEdit::AllowedContexts(value));
        html! {
            <div class="check">
                <input type="radio" name="allowed" id={id} checked={contexts.allowed == value} {onchange} />
                <label class="title" for={id}>{ label }</label>
            </div>
        }
    };
    let on_per_context = props.on_edit.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        SetupEdit::PerContext(input.checked())
    });
    let list = contexts.allowed == AllowedContexts::List;
    let name_errors: Vec<AttrValue> = props
        .errors
        .iter()
        .filter(|e| matches!(e.field, Field::AllowedContext(_)))
        .map(|e| AttrValue::from(e.message.clone()))
        .collect();

    html! {
        <section class="step" aria-labelledby="step-contexts">
            <h2 id="step-contexts"><span class="step-number" aria-hidden="true"></span>{ "Contexts" }</h2>
            <p class="lead">{ "Which kubeconfig contexts SkyPilot may use (" }<code>{ "allowed_contexts" }</code>{ ")." }</p>
            <fieldset>
                <legend class="visually-hidden">{ "Allowed contexts" }</legend>
                <div class="checks">
                    { allowed_option(AllowedContexts::Current, "allowed-current", "Only the current context (not written)") }
                    { allowed_option(AllowedContexts::All, "allowed-all", "All contexts (allowed_contexts: all)") }
                    { allowed_option(AllowedContexts::List, "allowed-list", "These contexts:") }
                </div>
            </fieldset>
            if list {
                <div class="field nested">
                    <label for="context-names">{ "Allowed contexts" }</label>
                    <p class="hint" id="context-names-hint">{ "One per line, exactly as " }<code>{ "kubectl config get-contexts" }</code>{ " prints them." }</p>
                    <textarea id="context-names" class="short" rows="3" spellcheck="false" aria-describedby="context-names-hint"
                        aria-invalid={(!name_errors.is_empty()).to_string()}
                        value={(*draft).clone()} oninput={on_names} />
                    { for name_errors.into_iter().map(|message| html! { <p class="field-error">{ prose(&message) }</p> }) }
                </div>
                <div class="check">
                    <input type="checkbox" id="per-context" checked={contexts.per_context} onchange={on_per_context} aria-describedby="per-context-desc" />
                    <label class="title" for="per-context">{ "A different identity per context" }</label>
                    <span class="desc" id="per-context-desc">{ "remote_identity becomes a mapping; every allowed context needs an entry." }</span>
                </div>
                if contexts.per_context { { identity_table(props) } }
            }
        </section>
    }
}

fn identity_table(props: &StepProps) -> Html {
    let setup = &props.setup;
    let mut choices = vec![
        "SERVICE_ACCOUNT".to_owned(),
        "LOCAL_CREDENTIALS".to_owned(),
        "NO_UPLOAD".to_owned(),
    ];
    if setup.auth == AuthMethod::Custom && !choices.contains(&setup.account.name) {
        choices.push(setup.account.name.clone());
    }
    html! {
        <div class="table-wrap nested">
            <table>
                <caption class="visually-hidden">{ "Remote identity per context" }</caption>
                <thead><tr><th scope="col">{ "Context" }</th><th scope="col">{ "remote_identity" }</th></tr></thead>
                <tbody>
                    { for setup.contexts.names.iter().enumerate().map(|(index, context)| {
                        let value = setup.contexts.identities.get(context).cloned().unwrap_or_default();
                        let id = format!("context-identity-{index}");
                        let name = context.clone();
                        let onchange = props.on_edit.reform(move |event: Event| {
                            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                            SetupEdit::ContextIdentity { context: name.clone(), value: select.value() }
                        });
                        let mut options = choices.clone();
                        if !value.is_empty() && !options.contains(&value) {
                            options.push(value.clone());
                        }
                        let error = props.error(&Field::ContextIdentity(context.clone()));
                        html! {
                            <tr>
                                <td><label for={id.clone()}><code>{ context }</code></label></td>
                                <td>
                                    <select id={id} {onchange} aria-invalid={error.is_some().to_string()}>
                                        <option value="" selected={value.is_empty()}>{ "(not set)" }</option>
                                        { for options.into_iter().map(|option| {
                                            let selected = option == value;
                                            html! { <option value={option.clone()} {selected}>{ option }</option> }
                                        }) }
                                    </select>
                                    if let Some(error) = error { <p class="field-error">{ error }</p> }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
