//! A paste box (the kubeconfig, existing RBAC): a labelled textarea that also takes a dropped
//! or chosen file, read locally with the File API. The text goes to the parent only; it is
//! never stored or sent.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteInputProps {
    /// The textarea's id (its hint is `{id}-hint`).
    pub id: AttrValue,
    pub label: AttrValue,
    /// Says what to paste and where to get it.
    pub hint: Html,
    pub placeholder: AttrValue,
    /// What the text is, for messages: "a kubeconfig".
    pub what: AttrValue,
    /// Larger files are refused with a message (the core refuses larger input anyway).
    pub max_bytes: usize,
    pub value: AttrValue,
    /// Called with the new text on every edit, paste, drop or file choice.
    pub on_change: Callback<String>,
}

#[function_component(PasteInput)]
pub fn paste_input(props: &PasteInputProps) -> Html {
    let dragging = use_state(|| false);
    let file_input = use_node_ref();
    let file_error = use_state(|| None::<String>);

    let read_file = {
        let on_change = props.on_change.clone();
        let file_error = file_error.clone();
        let (max_bytes, what) = (props.max_bytes, props.what.clone());
        Callback::from(move |file: web_sys::File| {
            if file.size() > max_bytes as f64 {
                file_error.set(Some(format!(
                    "{} is larger than {} MiB; {what} is far smaller. Choose the right file.",
                    file.name(),
                    max_bytes / (1024 * 1024)
                )));
                return;
            }
            let on_change = on_change.clone();
            let file_error = file_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => {
                        file_error.set(None);
                        on_change.emit(text.as_string().unwrap_or_default());
                    }
                    Err(_) => file_error.set(Some(format!("Could not read {}.", file.name()))),
                }
            });
        })
    };

    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let on_choose = {
        let read_file = read_file.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_file.emit(file);
            }
            input.set_value("");
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let file = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                read_file.emit(file);
            }
        })
    };
    let on_pick = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_clear = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit(String::new()))
    };

    let hint_id = format!("{}-hint", props.id);
    html! {
        <div>
            <div class="field">
                <label for={props.id.clone()}>{ &props.label }</label>
                <p class="hint" id={hint_id.clone()}>{ props.hint.clone() }</p>
                <div
                    class={classes!("drop-zone", dragging.then_some("dragging"))}
                    ondragover={on_dragover}
                    ondragleave={on_dragleave}
                    ondrop={on_drop}
                >
                    <textarea
                        id={props.id.clone()}
                        aria-describedby={hint_id}
                        spellcheck="false"
                        wrap="off"
                        autocomplete="off"
                        placeholder={props.placeholder.clone()}
                        value={props.value.clone()}
                        {oninput}
                    />
                </div>
            </div>
            <div class="doctor-actions">
                <button type="button" class="button" onclick={on_pick}
                    aria-label={format!("Choose a file for {}", props.label)}>{ "Choose a file…" }</button>
                <input ref={file_input} type="file" hidden=true tabindex="-1" aria-hidden="true" onchange={on_choose} />
                <button type="button" class="button" onclick={on_clear} disabled={props.value.is_empty()}
                    aria-label={format!("Clear {}", props.label)}>{ "Clear" }</button>
            </div>
            if let Some(message) = &*file_error {
                <p class="field-error" role="alert">{ message }</p>
            }
        </div>
    }
}
