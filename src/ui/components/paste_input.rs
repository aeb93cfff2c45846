//! A paste box (the kubeconfig, existing RBAC): a labelled textarea that also takes a dropped
//! or chosen file, read locally with the File API and decoded by the CLI's rule
//! ([`crate::text_encoding::decode_text`]). The text goes to the parent only; it is never
//! stored or sent.

use yew::prelude::*;

/// Larger texts are shown as their first part only, read-only: laying out a whole 1 MiB
/// textarea costs the browser ~100 ms per change, and nobody edits that much text by hand.
/// All of the text is still what the parent gets and checks.
const SHOWN_BYTES: usize = 64 * 1024;

/// The first [`SHOWN_BYTES`] of `text`, cut at a line end.
fn preview(text: &str) -> &str {
    let mut end = SHOWN_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(line_end) => &text[..=line_end],
        None => &text[..end],
    }
}

/// `1.0 MiB`, `320 KiB`: sizes in words, without float formatting.
fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

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
    let area = use_node_ref();
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
                // What was there before is not what the user chose: clear it, so no earlier
                // diagnosis stays on screen under the error.
                on_change.emit(String::new());
                return;
            }
            let on_change = on_change.clone();
            let file_error = file_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    file_error.set(Some(format!("Could not read {}.", file.name())));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                // The CLI's rule too: UTF-8, or UTF-16 with a byte-order mark; anything
                // else is refused with where and how to convert it, never guessed.
                match crate::text_encoding::decode_text(&bytes) {
                    Ok(text) => {
                        file_error.set(None);
                        on_change.emit(text.into_owned());
                    }
                    Err(error) => {
                        file_error.set(Some(format!("{}: {error}.", file.name())));
                        on_change.emit(String::new());
                    }
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
    // Clearing disables the button, which would drop the focus to the page: it moves to the
    // emptied box, where the next text goes.
    let on_clear = {
        let (on_change, area) = (props.on_change.clone(), area.clone());
        Callback::from(move |_| {
            on_change.emit(String::new());
            if let Some(element) = area.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        })
    };

    let hint_id = format!("{}-hint", props.id);
    let large = props.value.len() > SHOWN_BYTES;
    let shown = if large {
        AttrValue::from(preview(&props.value).to_owned())
    } else {
        props.value.clone()
    };
    // Yew sets the textarea only when the value it rendered changes; a large text whose first
    // part equals the last one's (set by a script) would otherwise stay whole in the box.
    {
        let (area, shown) = (area.clone(), shown.clone());
        use_effect(move || {
            if let Some(element) = area.cast::<web_sys::HtmlTextAreaElement>() {
                if large && element.text_length() as usize != shown.encode_utf16().count() {
                    element.set_value(&shown);
                }
            }
        });
    }
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
                        ref={area}
                        id={props.id.clone()}
                        aria-describedby={hint_id}
                        spellcheck="false"
                        wrap="off"
                        autocomplete="off"
                        placeholder={props.placeholder.clone()}
                        value={shown}
                        readonly={large}
                        {oninput}
                    />
                </div>
                if large {
                    <p class="hint" role="status">
                        { format!(
                            "Showing the first {} of {}; all of it is checked. Clear to paste or type something else.",
                            size(SHOWN_BYTES),
                            size(props.value.len())
                        ) }
                    </p>
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_text_is_shown_up_to_a_line_end_within_the_limit() {
        let line = "x".repeat(99) + "\n";
        let text = line.repeat(2000);
        let shown = preview(&text);
        assert!(shown.len() <= SHOWN_BYTES && shown.len() > SHOWN_BYTES - 100);
        assert!(shown.ends_with('\n') && text.starts_with(shown));
        // No line end: cut at a character boundary, never inside a character.
        let wide = "é".repeat(SHOWN_BYTES);
        assert!(preview(&wide).len() <= SHOWN_BYTES);
        assert_eq!(preview("short"), "short");
    }

    #[test]
    fn sizes_read_without_floats() {
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1024 * 1024 + 1), "1.0 MiB");
        assert_eq!(size(4 * 1024 * 1024 - 64 * 1024), "3.9 MiB");
    }
}
