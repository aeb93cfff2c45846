//! Native component tests: the Yew components rendered to HTML strings (yew's `ssr`).
//!
//! Run by `make test-native` (`cargo test --features ssr`).
#![cfg(feature = "ssr")]

use yew::LocalServerRenderer;

async fn render_app() -> String {
    LocalServerRenderer::<skyauth::ui::App>::new()
        .hydratable(false)
        .render()
        .await
}

#[tokio::test]
async fn the_app_renders_a_heading_and_a_labelled_namespace_input() {
    let html = render_app().await;
    assert!(html.contains("<h1>skyauth</h1>"), "{html}");
    assert!(
        html.contains(r#"<label for="namespace">Namespace</label>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="namespace""#), "{html}");
}
