//! Messages written for both the terminal and the page: `backticked` spans (commands, field
//! names, values) become `<code>` on the page, everything else stays text.

use yew::prelude::*;

/// `text` with each `backticked` span as `<code>`; an unpaired backtick stays as it is.
pub fn prose(text: &str) -> Html {
    let pieces: Vec<&str> = text.split('`').collect();
    // An even number of pieces means an odd number of backticks: the last one is unpaired.
    let paired = if pieces.len() % 2 == 0 {
        pieces.len() - 1
    } else {
        pieces.len()
    };
    let mut out = Vec::with_capacity(pieces.len());
    for (index, piece) in pieces.iter().enumerate() {
        if index >= paired {
            out.push(html! { { format!("`{piece}") } });
        } else if index % 2 == 1 {
            out.push(html! { <code>{ *piece }</code> });
        } else if !piece.is_empty() {
            out.push(html! { { *piece } });
        }
    }
    out.into_iter().collect()
}

/// A message in an alert paragraph, read out by screen readers when it appears.
pub fn alert(message: &str) -> Html {
    html! { <p class="alert" role="alert">{ prose(message) }</p> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[derive(Properties, PartialEq)]
    struct ProbeProps {
        text: AttrValue,
    }

    #[function_component(Probe)]
    fn probe(props: &ProbeProps) -> Html {
        prose(&props.text)
    }

    async fn render(text: &'static str) -> String {
        yew::LocalServerRenderer::<Probe>::with_props(ProbeProps { text: text.into() })
            .hydratable(false)
            .render()
            .await
    }

    #[tokio::test]
    async fn backticked_spans_become_code_and_text_stays_escaped() {
        assert_eq!(
            render("run `kubectl config view --raw` first").await,
            "run <code>kubectl config view --raw</code> first"
        );
        assert_eq!(
            render("`a` and `<b>`").await,
            "<code>a</code> and <code>&lt;b&gt;</code>"
        );
        assert_eq!(render("an unpaired ` stays").await, "an unpaired ` stays");
        assert_eq!(render("plain").await, "plain");
    }
}
