//! The output column: RBAC manifest, SkyPilot config, next steps and the kubeconfig script,
//! or, while the setup is invalid, what to fix.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use crate::generate::config::CONFIG_FILE;
use crate::generate::kubeconfig_script::SCRIPT_FILE;
use crate::generate::manifest::MANIFEST_FILE;
use crate::generate::Output;
use crate::setup::SetupError;
use crate::ui::prose::prose;

#[derive(Properties, PartialEq)]
pub struct OutputPanelProps {
    pub output: Rc<Result<Output, Vec<SetupError>>>,
}

#[function_component(OutputPanel)]
pub fn output_panel(props: &OutputPanelProps) -> Html {
    let output = match props.output.as_ref() {
        Ok(output) => output,
        Err(errors) => return invalid(errors),
    };
    let manifest_placeholder =
        html! { <p>{ output.manifest_note.clone().unwrap_or_default() }</p> };
    html! {
        <>
            <CodePanel
                id="rbac"
                title="RBAC manifest"
                text={output.manifest.as_deref().map(Rc::from)}
                placeholder={manifest_placeholder}
                file_name={MANIFEST_FILE}
                hint={output.manifest.as_ref().map(|_| AttrValue::from(format!("Apply as a cluster admin: kubectl apply -f {MANIFEST_FILE}")))}
            />
            <CodePanel
                id="config"
                title="SkyPilot config"
                text={Some(Rc::from(output.config.as_str()))}
                file_name={CONFIG_FILE}
                hint={AttrValue::from("Merge into ~/.sky/config.yaml (or the API server's config).")}
            />
            if !output.notes.is_empty() {
                <section class="panel" aria-labelledby="notes-heading">
                    <h3 id="notes-heading">{ "Good to know" }</h3>
                    <ul>{ for output.notes.iter().map(|note| html! { <li>{ prose(note) }</li> }) }</ul>
                </section>
            }
            <section class="panel" aria-labelledby="next-steps-heading">
                <h3 id="next-steps-heading">{ "Next steps" }</h3>
                <ol class="steps-list">
                    { for output.next_steps.iter().map(|step| html! {
                        <li>
                            { prose(&step.text) }
                            if let Some(command) = &step.command { <pre><code>{ command }</code></pre> }
                        </li>
                    }) }
                </ol>
            </section>
            if let Some(script) = &output.kubeconfig_script {
                <details class="panel">
                    <summary>{ "Optional: a script that writes a kubeconfig for this service account" }</summary>
                    <CodePanel
                        id="script"
                        title="Kubeconfig script"
                        text={Some(Rc::from(script.as_str()))}
                        file_name={SCRIPT_FILE}
                        mime="text/x-shellscript"
                        yaml={false}
                    />
                </details>
            }
        </>
    }
}

fn invalid(errors: &[SetupError]) -> Html {
    html! {
        <section class="panel" aria-labelledby="invalid-heading" role="alert">
            <h3 id="invalid-heading">{ "Fix the setup to see the YAML" }</h3>
            <p>{ format!("{} problem{} to fix:", errors.len(), if errors.len() == 1 { "" } else { "s" }) }</p>
            <ul class="errors">
                { for errors.iter().map(|error| html! { <li>{ prose(&error.message) }</li> }) }
            </ul>
        </section>
    }
}
