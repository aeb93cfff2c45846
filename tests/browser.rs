//! Browser tier: the web app's components in real headless Chromium (wasm-bindgen-test).
//!
//! Run with `make test-wasm`; compiled only for wasm32.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element of the test page and returns that element.
fn mount_app() -> web_sys::Element {
    let document = gloo::utils::document();
    let host = document.create_element("div").expect("create host element");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append host");
    yew::Renderer::<skyauth::ui::App>::with_root(host.clone()).render();
    host
}

#[wasm_bindgen_test]
async fn typing_in_the_namespace_field_updates_the_page() {
    let host = mount_app();
    yew::scheduler::flush().await;

    let input: HtmlInputElement = host
        .query_selector("input#namespace")
        .expect("query")
        .expect("namespace input rendered")
        .dyn_into()
        .expect("an <input>");
    input.set_value("team-a");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").expect("event"))
        .expect("dispatch");
    yew::scheduler::flush().await;

    let echo = host.query_selector("#echo").expect("query").expect("echo");
    assert_eq!(echo.text_content().as_deref(), Some("Namespace: team-a"));
}
