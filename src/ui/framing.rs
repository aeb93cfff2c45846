//! Framing by another site. Where the host sends headers, `frame-ancestors 'none'` keeps the
//! page out of every frame (scripts/serve.cjs sends it); a `<meta>` policy cannot say that, so on
//! hosts without headers (GitHub Pages) the page itself checks at start whether a page of
//! another origin frames it, and then shows only a link that opens skyauth in its own tab: a
//! page that frames it (to overlay it, or to trick clicks) never gets the tool. Without
//! scripts the tool does not exist, so a sandboxed frame gets nothing either.

use wasm_bindgen::JsValue;
use yew::prelude::*;

/// True when this page is in a frame whose top page is of another origin (reading its
/// origin is refused) or cannot be told.
pub fn framed_by_another_origin() -> bool {
    let window = gloo::utils::window();
    let Ok(Some(top)) = window.top() else {
        return true;
    };
    if js_sys::Object::is(&JsValue::from(top.clone()), &JsValue::from(window.clone())) {
        return false;
    }
    let own = window.location().origin().ok();
    let top_origin = top.location().origin().ok();
    own.is_none() || own != top_origin
}

/// What a framed page shows instead of the tool.
#[function_component(FramedNotice)]
pub fn framed_notice() -> Html {
    let here = gloo::utils::window()
        .location()
        .href()
        .unwrap_or_else(|_| "./".to_owned());
    html! {
        <main class="step" id="framed">
            <h1>{ "skyauth" }</h1>
            <p class="lead">
                { "This page is shown inside another site. skyauth reads kubeconfigs and RBAC, so it does not run where another page could overlay it or steer your clicks." }
            </p>
            <p>
                <a href={here} target="_blank" rel="noopener noreferrer">{ "Open skyauth in its own tab" }</a>
            </p>
        </main>
    }
}
