//! A labelled text input with a hint and its validation error beside it.

use yew::prelude::*;

use crate::ui::prose::prose;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// The field was left (its errors show from then on).
    #[prop_or_default]
    pub on_blur: Callback<FocusEvent>,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            on_input.emit(input.value());
        })
    };
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = [
        props.hint.as_ref().map(|_| hint_id.clone()),
        props.error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ prose(hint) }</p>
            }
            <input
                type="text"
                id={props.id.clone()}
                value={props.value.clone()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
                aria-invalid={props.error.is_some().to_string()}
                aria-describedby={(!described_by.is_empty()).then_some(described_by)}
                {oninput}
                onblur={props.on_blur.clone()}
            />
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>{ prose(error) }</p>
            }
        </div>
    }
}
