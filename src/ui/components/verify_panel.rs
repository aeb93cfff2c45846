//! "Check on your cluster": the `kubectl auth can-i` script for the current setup. Its writer
//! runs in the analysis worker, so it is asked for when the user wants it (a button), and the
//! worker is still not fetched before something needs it.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use crate::analysis::{Answer, Query};
use crate::audit::verify_script::VERIFY_FILE;
use crate::ui::analysis_client::use_reply;

#[derive(Properties, PartialEq)]
pub struct VerifyPanelProps {
    /// The setup as its share-link fragment (what the worker reads).
    pub fragment: AttrValue,
}

/// What the script needs, under its heading.
fn hint() -> AttrValue {
    AttrValue::from(format!(
        "Run it with your kubeconfig: `sh {VERIFY_FILE}`, or `--format json` for one JSON \
         line per check. It first checks that the namespace and service account exist and the \
         namespace's Pod Security level; with \
         contexts listed above it checks each one as its own settings say and ends with a \
         matrix, else add `--context NAME`. Checking another identity needs the right to \
         impersonate it."
    ))
}

fn query((fragment, wanted): &(AttrValue, bool)) -> Option<Query> {
    wanted.then(|| Query::Verify(fragment.to_string()))
}

#[function_component(VerifyPanel)]
pub fn verify_panel(props: &VerifyPanelProps) -> Html {
    let wanted = use_state(|| false);
    let answer = use_reply((props.fragment.clone(), *wanted), query, Answer::verify).answer;
    let text: Option<Rc<str>> = match answer.as_deref() {
        Some(Ok(Some(script))) => Some(Rc::from(script.as_str())),
        _ => None,
    };
    let placeholder = match answer.as_deref() {
        _ if !*wanted => {
            let onclick = {
                let wanted = wanted.clone();
                Callback::from(move |_| wanted.set(true))
            };
            html! {
                <p>
                    { "A script that asks the cluster whether the namespace and service account exist and, permission by permission, whether the identity above holds what SkyPilot needs (SkyPilot's " }
                    <a href={crate::catalogue::SKYPILOT_PERMISSIONS_DOCS}>{ "Kubernetes permissions" }</a>
                    { "). " }
                    <button type="button" class="button" {onclick}>{ "Write the check script" }</button>
                </p>
            }
        }
        Some(Err(message)) => html! { <p role="alert">{ message.clone() }</p> },
        // The worker read the setup as having nothing to check (a page and worker that
        // disagree): say so rather than wait.
        Some(Ok(None)) => {
            html! { <p role="alert">{ "There is no RBAC to check for these settings: reload the page if the manifest above has some." }</p> }
        }
        _ => html! { <p>{ "Writing the script…" }</p> },
    };
    html! {
        <CodePanel
            id="verify"
            title="Check on your cluster"
            {text}
            {placeholder}
            file_name={VERIFY_FILE}
            mime="text/x-shellscript"
            yaml={false}
            hint={hint()}
        />
    }
}
