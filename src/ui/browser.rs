//! Thin wrappers over the browser APIs the page uses: clipboard, file download, the URL
//! fragment and history. No decisions here; errors come back as user-readable strings.

use wasm_bindgen::JsCast;

/// Copies `text` to the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let clipboard = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "The browser refused clipboard access: select the text and copy it by hand.".to_owned()
        })
}

/// Offers `text` as a file download named `file_name`, without any network request.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |_| format!("Could not prepare {file_name} for download.");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The URL fragment without its `#` (empty outside a browser, e.g. in server-side tests).
pub fn fragment() -> String {
    if !cfg!(target_arch = "wasm32") {
        return String::new();
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_owned()
}

/// How a new fragment enters the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryMode {
    /// A new entry, so Back returns to the previous setup (a discrete choice).
    Push,
    /// Replace the current entry (opening or following a link).
    Replace,
    /// Replace the current entry once typing pauses (one entry per keystroke would drown Back).
    Typing,
}

/// Puts `fragment` in the URL, unless it is already there.
pub fn set_fragment(fragment: &str, mode: HistoryMode) {
    if self::fragment() == fragment {
        return;
    }
    let target = format!("#{fragment}");
    if let Ok(history) = gloo::utils::window().history() {
        let state = wasm_bindgen::JsValue::NULL;
        let _ = match mode {
            HistoryMode::Push => history.push_state_with_url(&state, "", Some(&target)),
            HistoryMode::Replace | HistoryMode::Typing => {
                history.replace_state_with_url(&state, "", Some(&target))
            }
        };
    }
}

/// Moves the focus to the element with `id` (scrolling it into view), if there is one.
pub fn focus(id: &str) {
    if let Some(element) = gloo::utils::document().get_element_by_id(id) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Moves the focus to element `id` and scrolls its top into view, as following an in-page
/// link does, without touching the URL's fragment (which carries the setup).
pub fn jump_to(id: &str) {
    if let Some(element) = gloo::utils::document().get_element_by_id(id) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
            element.scroll_into_view_with_bool(true);
        }
    }
}
