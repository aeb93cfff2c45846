//! The "Copy link" button: the page's address, which carries the setup (never a paste), on
//! the clipboard, with the result said in a status region.

use yew::prelude::*;

use crate::ui::browser;

#[function_component(CopyLink)]
pub fn copy_link() -> Html {
    let status = use_state(String::new);
    let onclick = {
        let status = status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            let href = gloo::utils::window().location().href().unwrap_or_default();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_to_clipboard(&href).await {
                    Ok(()) => status.set(
                        "Link copied: it opens this setup (never what you pasted).".to_owned(),
                    ),
                    Err(message) => status.set(message),
                }
            });
        })
    };
    html! {
        <div class="copy-link">
            <button type="button" class="button" {onclick}>{ "Copy link" }</button>
            <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
        </div>
    }
}
