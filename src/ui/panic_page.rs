//! The panic hook: if anything in the page ever panics, show a friendly message in place of a
//! dead page, and log the details to the console.

use std::panic::PanicHookInfo;

/// Installs the hook. Call once, before rendering. In the page it goes through
/// `yew::set_custom_panic_hook`: yew's renderer replaces any hook set with
/// `std::panic::set_hook` by its own console logger, and the page would stay blank.
pub fn install() {
    #[cfg(feature = "web")]
    yew::set_custom_panic_hook(Box::new(show_panic));
    #[cfg(not(feature = "web"))]
    std::panic::set_hook(Box::new(show_panic));
}

fn show_panic(info: &PanicHookInfo<'_>) {
    web_sys::console::error_1(&format!("skyauth crashed: {info}").into());
    let document = gloo::utils::document();
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("crash");
    panel.set_attribute("role", "alert").ok();
    panel.set_text_content(Some(
        "Sorry: skyauth hit an internal error and stopped. Nothing you entered was sent \
         anywhere. Reload the page to start again, and please report what you were doing.",
    ));
    // The page's own content is hidden (`body.crashed` in the CSS), not removed: nothing a
    // screen reader or a test harness holds a reference to disappears under it.
    let _ = body.prepend_with_node_1(&panel);
    let _ = body.class_list().add_1("crashed");
}
