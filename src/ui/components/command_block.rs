//! A command or short snippet to run or paste, in a `<pre>` with its own Copy button, so a
//! phone user copies it whole instead of selecting text that wraps mid-token.

use yew::prelude::*;

use crate::ui::copy_action::{use_copy_action, CopyAction};

#[derive(Properties, PartialEq)]
pub struct CommandBlockProps {
    /// The text to show and copy.
    pub text: AttrValue,
    /// The Copy button's accessible name; it starts with "Copy" (its visible text).
    pub label: AttrValue,
}

#[function_component(CommandBlock)]
pub fn command_block(props: &CommandBlockProps) -> Html {
    let CopyAction { status, copy } = use_copy_action("Copied.");
    let onclick = {
        let text = props.text.clone();
        copy.reform(move |_| text.clone())
    };
    html! {
        <div class="command-block">
            <pre><code>{ &props.text }</code></pre>
            <div class="command-actions">
                <button type="button" class="button small" aria-label={props.label.clone()} {onclick}>{ "Copy" }</button>
                <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
            </div>
        </div>
    }
}
