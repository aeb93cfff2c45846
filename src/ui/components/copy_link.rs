//! The "Copy link" button: the page's address, which carries the setup (never a paste), on
//! the clipboard, with the result said in a status region.

use yew::prelude::*;

use crate::ui::copy_action::{use_copy_action, CopyAction};

#[derive(Properties, PartialEq)]
pub struct CopyLinkProps {
    /// The setup's fragment; `None` copies the address as it is (a link kept as it was opened).
    pub fragment: Option<AttrValue>,
}

#[function_component(CopyLink)]
pub fn copy_link(props: &CopyLinkProps) -> Html {
    let CopyAction { status, copy } =
        use_copy_action("Link copied: it opens this setup (never what you pasted).");
    let onclick = {
        let fragment = props.fragment.clone();
        copy.reform(move |_| {
            // From the setup, not the address bar: typing updates that only once it pauses.
            let href = gloo::utils::window().location().href().unwrap_or_default();
            AttrValue::from(match &fragment {
                Some(fragment) => {
                    let page = href.split_once('#').map_or(href.as_str(), |(page, _)| page);
                    format!("{page}#{fragment}")
                }
                None => href,
            })
        })
    };
    html! {
        <div class="copy-link">
            <button type="button" class="button" {onclick}>{ "Copy link" }</button>
            <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
        </div>
    }
}
