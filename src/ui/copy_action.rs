//! Copying to the clipboard with the result said in a status region: one hook for every Copy
//! button (code panels, commands, the page's link).

use yew::prelude::*;

use crate::ui::browser;

/// A Copy action and the status line it writes: `copy.emit(text)` puts `text` on the
/// clipboard and sets the status to `done`, or to why the browser refused.
pub struct CopyAction {
    pub status: UseStateHandle<String>,
    pub copy: Callback<AttrValue>,
}

#[hook]
pub fn use_copy_action(done: &'static str) -> CopyAction {
    let status = use_state(String::new);
    let copy = {
        let status = status.clone();
        use_callback((), move |text: AttrValue, _| {
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_to_clipboard(&text).await {
                    Ok(()) => status.set(done.to_owned()),
                    Err(message) => status.set(message),
                }
            });
        })
    };
    CopyAction { status, copy }
}
