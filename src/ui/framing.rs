//! Framing by another site. Where the host sends headers, `frame-ancestors 'none'` keeps the
//! page out of every frame (scripts/serve.cjs sends it); a `<meta>` policy cannot say that, so on
//! hosts without headers (GitHub Pages) the page itself checks at start whether a page of
//! another origin frames it, and then shows only a link that opens skyauth in its own tab: a
//! page that frames it (to overlay it, or to trick clicks) never gets the tool. Without
//! scripts the tool does not exist, so a sandboxed frame gets nothing either. The notice is
//! built with a few DOM calls, before and instead of the Yew app.

use wasm_bindgen::JsValue;

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

/// Shows, instead of the tool, why it is not here and a link that opens it in its own tab.
pub fn show_framed_notice() -> Result<(), JsValue> {
    let document = gloo::utils::document();
    let here = gloo::utils::window().location().href()?;
    let element = |tag: &str, text: &str| -> Result<web_sys::Element, JsValue> {
        let element = document.create_element(tag)?;
        element.set_text_content(Some(text));
        Ok(element)
    };
    let main = document.create_element("main")?;
    main.set_class_name("step");
    let reason = element(
        "p",
        "This page is shown inside another site. skyauth reads kubeconfigs and RBAC, so it does \
         not run where another page could overlay it or steer your clicks.",
    )?;
    reason.set_class_name("lead");
    let link = element("a", "Open skyauth in its own tab")?;
    link.set_attribute("href", &here)?;
    link.set_attribute("target", "_blank")?;
    link.set_attribute("rel", "noopener noreferrer")?;
    let link_line = document.create_element("p")?;
    link_line.append_with_node_1(&link)?;
    let heading = element("h1", "skyauth")?;
    main.append_with_node_3(&heading, &reason, &link_line)?;
    if let Some(body) = document.body() {
        body.append_with_node_1(&main)?;
    }
    Ok(())
}
