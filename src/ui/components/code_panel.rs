//! A labelled output region: highlighted YAML with Copy and Download buttons.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::copy_action::{use_copy_action, CopyAction};
use crate::ui::highlight::{highlight_yaml, Token};
use crate::ui::prose::prose;

#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    /// The region's accessible name and heading, e.g. "RBAC manifest".
    pub title: AttrValue,
    /// A stable id prefix for the heading and status elements.
    pub id: AttrValue,
    /// The text to show, copy and download; `None` shows `placeholder` instead.
    pub text: Option<Rc<str>>,
    /// Shown when there is no text: why there is nothing to apply, or what is invalid.
    #[prop_or_default]
    pub placeholder: Html,
    /// The download's file name.
    pub file_name: AttrValue,
    #[prop_or(AttrValue::Static("application/yaml"))]
    pub mime: AttrValue,
    /// Highlight the text as YAML (off for shell scripts).
    #[prop_or(true)]
    pub yaml: bool,
    /// A line under the heading (`backticked` spans become code).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// Shows `text` in a `<pre><code>` with Copy (Clipboard API) and Download (a local Blob).
#[function_component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let CopyAction { status, copy } = use_copy_action("Copied to the clipboard.");
    let heading_id = format!("{}-heading", props.id);

    let on_copy = {
        let text = props.text.clone();
        copy.reform(move |_| text.clone().map(AttrValue::from).unwrap_or_default())
    };
    let on_download = {
        let status = status.clone();
        let text = props.text.clone();
        let file_name = props.file_name.clone();
        let mime = props.mime.clone();
        Callback::from(move |_| {
            let Some(text) = text.as_deref() else { return };
            match browser::download(&file_name, &mime, text) {
                Ok(()) => status.set(format!("Downloaded {file_name}.")),
                Err(message) => status.set(message),
            }
        })
    };
    // A new text makes an old "Copied" stale.
    {
        let status = status.clone();
        use_effect_with(props.text.clone(), move |_| status.set(String::new()));
    }

    let disabled = props.text.is_none();
    html! {
        <section class="panel code-panel" aria-labelledby={heading_id.clone()}>
            <div class="panel-head">
                <h3 id={heading_id}>{ &props.title }</h3>
                <div class="panel-actions">
                    <button type="button" class="button" onclick={on_copy} {disabled}>{ "Copy" }</button>
                    <button type="button" class="button" onclick={on_download} {disabled}>{ "Download" }</button>
                </div>
            </div>
            if let Some(hint) = &props.hint {
                <p class="hint">{ prose(hint) }</p>
            }
            <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
            {
                match &props.text {
                    Some(text) => html! {
                        <pre class="code" tabindex="0"><code>{ render_code(text, props.yaml) }</code></pre>
                    },
                    None => html! { <div class="code-empty">{ props.placeholder.clone() }</div> },
                }
            }
        </section>
    }
}

fn render_code(text: &str, yaml: bool) -> Html {
    if !yaml {
        return html! { text.to_owned() };
    }
    highlight_yaml(text)
        .into_iter()
        .map(|(token, piece)| token_span(token, piece))
        .collect()
}

/// One token's span. A literal class is a static attribute list, compared by pointer on every
/// render; a computed one would build a class set per token (measured: a third of a keystroke's
/// render with every feature on).
fn token_span(token: Token, piece: &str) -> Html {
    match token {
        Token::Comment => html! { <span class="y-comment">{ piece }</span> },
        Token::Key => html! { <span class="y-key">{ piece }</span> },
        Token::Value => html! { <span class="y-value">{ piece }</span> },
        Token::Punct => html! { <span class="y-punct">{ piece }</span> },
        Token::Plain => html! { <span class="y-plain">{ piece }</span> },
    }
}
