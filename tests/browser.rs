//! Browser tier: the web app in real headless Chromium (wasm-bindgen-test): typing updates the
//! output, the URL follows the setup, and a link waits for the worker that reads it.
//!
//! Run with `make test-wasm`; compiled only for wasm32.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element of the test page and returns that element.
async fn mount_app() -> Element {
    let document = gloo::utils::document();
    let host = document.create_element("div").expect("create host element");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append host");
    yew::Renderer::<skyauth::ui::App>::with_root(host.clone()).render();
    yew::scheduler::flush().await;
    host
}

fn input(host: &Element, selector: &str) -> HtmlInputElement {
    host.query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("{selector} rendered"))
        .dyn_into()
        .expect("an <input>")
}

fn text(host: &Element, selector: &str) -> String {
    host.query_selector(selector)
        .expect("query")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

async fn type_into(field: &HtmlInputElement, value: &str) {
    field.set_value(value);
    field
        .dispatch_event(&web_sys::InputEvent::new("input").expect("event"))
        .expect("dispatch");
    yew::scheduler::flush().await;
}

/// Waits `ms` milliseconds of browser time.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

#[wasm_bindgen_test]
async fn a_custom_account_updates_the_manifest_on_every_keystroke_and_the_url_when_typing_pauses() {
    gloo::utils::window()
        .location()
        .set_hash("")
        .expect("clear hash");
    // The hash change is delivered as an event later: let it pass before the app listens, or
    // the app follows it in the middle of the test.
    pause(50).await;
    let host = mount_app().await;
    input(&host, "#auth-custom").click();
    yew::scheduler::flush().await;

    type_into(&input(&host, "#namespace"), "team-a").await;
    let manifest = text(&host, "section[aria-labelledby=rbac-heading] pre code");
    assert!(manifest.contains("namespace: team-a"), "{manifest}");
    let hash = || gloo::utils::window().location().hash().expect("hash");
    assert!(!hash().contains("team-a"), "not yet: typing goes on");
    pause(400).await;
    assert!(hash().contains("account.namespace=team-a"), "{}", hash());

    type_into(&input(&host, "#namespace"), "Team_A").await;
    let error = text(&host, "#namespace-error");
    assert!(error.contains("e.g. team-a"), "{error}");
    // The value and the suggestion are set as code.
    let markup = host
        .query_selector("#namespace-error")
        .expect("query")
        .expect("the error")
        .inner_html();
    assert!(markup.contains("<code>team-a</code>"), "{markup}");
    // The manifest waits for the namespace (its region names the field to fix).
    assert!(
        host.query_selector("section[aria-labelledby=rbac-heading] pre code")
            .expect("query")
            .is_none(),
        "no manifest while invalid"
    );
    let waiting = text(&host, "section[aria-labelledby=rbac-heading] .code-empty");
    assert!(waiting.contains("Go to Namespace"), "{waiting}");
    host.remove();
}

/// A link's settings are read by the analysis worker (the page carries no reader of links).
/// Here no worker is served, so the page says it reads the link, keeps the address as it was
/// while it does, and then says the settings could not be read, with the defaults shown and
/// the link still in the address (the e2e tier reads links with the real worker).
#[wasm_bindgen_test]
async fn a_link_is_read_by_the_worker_and_kept_when_it_cannot_be() {
    let link = "#auth=custom&account.name=runner&account.token_secret=true";
    gloo::utils::window()
        .location()
        .set_hash(link)
        .expect("set hash");
    // The earlier tests' apps are still mounted and follow the hash change: let them ask
    // first, so this app's question is the newest (the worker client keeps one per kind).
    pause(100).await;
    let host = mount_app().await;
    let hash = || gloo::utils::window().location().hash().expect("hash");
    let busy = || {
        host.query_selector("main")
            .expect("query")
            .and_then(|main| main.get_attribute("aria-busy"))
    };
    assert_eq!(busy().as_deref(), Some("true"));
    assert!(text(&host, "main").contains("Opening the link's settings"));
    let mut waited = 0;
    while busy().as_deref() == Some("true") && waited < 10_000 {
        pause(50).await;
        waited += 50;
    }
    yew::scheduler::flush().await;
    assert_eq!(
        busy().as_deref(),
        Some("false"),
        "the failed start was reported"
    );
    let alert = text(&host, "[role=alert]");
    assert!(
        alert.contains("This link's settings could not be read"),
        "{alert}"
    );
    assert_eq!(hash(), link, "the link is kept to be reloaded or reported");
    assert!(host
        .query_selector("#service-account")
        .expect("query")
        .is_none());
    host.remove();
    gloo::utils::window()
        .location()
        .set_hash("")
        .expect("clear hash");
}

/// The crash page survives yew's renderer: a panic after the app has rendered still shows the
/// friendly message (yew replaces a hook set with `std::panic::set_hook` by its own logger).
/// The panic runs in a timer callback, so only that callback aborts, not the test.
#[wasm_bindgen_test]
async fn a_panic_after_rendering_shows_the_crash_message() {
    skyauth::ui::panic_page::install();
    let _host = mount_app().await;
    let panic_later = wasm_bindgen::closure::Closure::once_into_js(|| {
        let message = "forced by the browser test";
        if !message.is_empty() {
            panic!("{message}");
        }
    });
    gloo::utils::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(panic_later.unchecked_ref(), 0)
        .expect("set a timer");
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100)
            .expect("set a timer");
    });
    wasm_bindgen_futures::JsFuture::from(wait)
        .await
        .expect("waited");
    let shown = gloo::utils::document()
        .query_selector(".crash[role=alert]")
        .expect("query")
        .and_then(|panel| panel.text_content())
        .unwrap_or_default();
    assert!(
        shown.contains("skyauth hit an internal error"),
        "the crash message is missing: {shown:?}"
    );
}
