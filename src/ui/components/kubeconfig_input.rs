//! The kubeconfig input: a labelled textarea that also takes a dropped or chosen file, read
//! locally with the File API. The text goes to the parent only; it is never stored or sent.

use yew::prelude::*;

/// Largest file read; the doctor refuses larger input anyway.
const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

#[derive(Properties, PartialEq)]
pub struct KubeconfigInputProps {
    pub value: AttrValue,
    /// Called with the new text on every edit, paste, drop or file choice.
    pub on_change: Callback<String>,
}

#[function_component(KubeconfigInput)]
pub fn kubeconfig_input(props: &KubeconfigInputProps) -> Html {
    let dragging = use_state(|| false);
    let file_input = use_node_ref();
    let file_error = use_state(|| None::<String>);

    let read_file = {
        let on_change = props.on_change.clone();
        let file_error = file_error.clone();
        Callback::from(move |file: web_sys::File| {
            if file.size() > MAX_FILE_BYTES {
                file_error.set(Some(format!(
                    "{} is larger than 4 MiB; a kubeconfig is far smaller. Choose the right file.",
                    file.name()
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

    html! {
        <div>
            <div class="field">
                <label for="kubeconfig">{ "Kubeconfig" }</label>
                <p class="hint" id="kubeconfig-hint">
                    { "Paste it (" }<code>{ "kubectl config view --raw" }</code>
                    { "), drop the file here or choose it. It stays in this tab: it is never uploaded, stored or put in the link." }
                </p>
                <div
                    class={classes!("drop-zone", dragging.then_some("dragging"))}
                    ondragover={on_dragover}
                    ondragleave={on_dragleave}
                    ondrop={on_drop}
                >
                    <textarea
                        id="kubeconfig"
                        aria-describedby="kubeconfig-hint"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder="apiVersion: v1\nkind: Config\nclusters: ..."
                        value={props.value.clone()}
                        {oninput}
                    />
                </div>
            </div>
            <div class="doctor-actions">
                <button type="button" class="button" onclick={on_pick}>{ "Choose a file…" }</button>
                <input ref={file_input} type="file" hidden=true tabindex="-1" aria-hidden="true" onchange={on_choose} />
                <button type="button" class="button" onclick={on_clear} disabled={props.value.is_empty()}>{ "Clear" }</button>
            </div>
            if let Some(message) = &*file_error {
                <p class="field-error" role="alert">{ message }</p>
            }
        </div>
    }
}
