//! Native component tests: the Yew app rendered to HTML (yew's `ssr`), checking what a first
//! paint shows for the default setup.
//!
//! Run by `make test-native` (`cargo test --features ssr`).

use yew::LocalServerRenderer;

async fn render_app() -> String {
    LocalServerRenderer::<skyauth::ui::App>::new()
        .hydratable(false)
        .render()
        .await
}

#[tokio::test]
async fn the_first_paint_shows_the_wizard_and_the_default_output() {
    let html = render_app().await;
    assert!(html.contains("<h1>skyauth</h1>"), "{html}");
    for value in ["SERVICE_ACCOUNT", "LOCAL_CREDENTIALS", "NO_UPLOAD"] {
        assert!(
            html.contains(&format!("<code>{value}</code>")),
            "auth choice {value} missing"
        );
    }
    assert!(
        html.contains(r#"<span class="badge">default</span>"#),
        "the default is marked"
    );
    assert!(html.contains(r#"<h3 id="rbac-heading">RBAC manifest</h3>"#));
    assert!(html.contains(r#"<h3 id="config-heading">SkyPilot config</h3>"#));
    assert!(
        html.contains("Nothing to apply: with SERVICE_ACCOUNT"),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="y-value"> SERVICE_ACCOUNT</span>"#),
        "highlighted config"
    );
    assert!(html.contains(r#"<label for="kubeconfig">Kubeconfig</label>"#));
    // The doctor judges for the wizard's identity by default, among the three journeys, with
    // an optional SkyPilot config beside the kubeconfig.
    assert!(html.contains(r#"<label for="sky-config">SkyPilot config (optional)</label>"#));
    let select = &html[html
        .find(r#"<select id="doctor-intent""#)
        .expect("the journey choice")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert_eq!(select.matches("<option").count(), 3, "{select}");
    for value in ["wizard", "copy", "api-server"] {
        assert!(select.contains(&format!(r#"value="{value}""#)), "{select}");
    }
    assert!(
        select.contains("the method chosen above (SERVICE_ACCOUNT)"),
        "{select}"
    );
}

#[tokio::test]
async fn every_form_control_has_a_label() {
    let html = render_app().await;
    for (index, _) in html.match_indices("<input") {
        let tag = &html[index..index + html[index..].find('>').unwrap_or(0)];
        if tag.contains(r#"type="file""#) {
            continue; // Hidden; the "Choose a file…" button stands for it.
        }
        let id = tag
            .split(r#"id=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("inputs have ids");
        assert!(
            html.contains(&format!(r#"for="{id}""#)),
            "input #{id} has no label"
        );
    }
}

/// The audit offers one checkbox per catalogue feature (the options step's are checked in
/// its own module).
#[tokio::test]
async fn every_catalogue_feature_has_an_audit_checkbox() {
    let app = render_app().await;
    for feature in skyauth::catalogue::Feature::ALL {
        assert!(
            app.contains(&format!(r#"id="audit-{}""#, feature.id())),
            "no audit checkbox for {feature:?}"
        );
    }
}

#[tokio::test]
async fn the_explain_panel_is_step_7_with_a_labelled_paste_box() {
    let html = render_app().await;
    assert!(
        html.contains(r#"<h2 id="explain-panel-heading"><span aria-hidden="true" class="step-number">7</span>Explain an error</h2>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label for="error-text">Error</label>"#),
        "{html}"
    );
    assert!(html.contains("Paste an error above to explain it."));
}
