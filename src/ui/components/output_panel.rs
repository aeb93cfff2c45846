//! The output column: RBAC manifest, the script that checks it on the cluster, SkyPilot
//! config, next steps and the kubeconfig script, or, while the setup is invalid, what to fix.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use super::command_block::CommandBlock;
use super::verify_panel::VerifyPanel;
use crate::generate::config::CONFIG_FILE;
use crate::generate::kubeconfig_script::SCRIPT_FILE;
use crate::generate::Output;
use crate::helm::VALUES_FILE;
use crate::setup::SetupError;
use crate::ui::prose::prose;

#[derive(Properties, PartialEq)]
pub struct OutputPanelProps {
    pub output: Rc<Result<Output, Vec<SetupError>>>,
    /// The setup as its share-link fragment (for the check script, written by the worker).
    pub fragment: AttrValue,
    /// Whether the setup generates RBAC to check.
    pub generates_rbac: bool,
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
            if let Some(helm) = &output.helm {
                <CodePanel
                    id="helm"
                    title="Helm values"
                    text={Some(Rc::from(helm.values.as_str()))}
                    file_name={VALUES_FILE}
                    hint={AttrValue::from(format!("For SkyPilot's chart: helm upgrade --install … -f {VALUES_FILE}"))}
                />
            }
            <CodePanel
                id="rbac"
                title="RBAC manifest"
                text={output.manifest.as_deref().map(Rc::from)}
                placeholder={manifest_placeholder}
                file_name={output.manifest_file.clone()}
                hint={output.manifest.as_ref().map(|_| AttrValue::from(format!("Apply as a cluster admin: kubectl apply -f {}", output.manifest_file)))}
            />
            if props.generates_rbac {
                <VerifyPanel fragment={props.fragment.clone()} />
            }
            <CodePanel
                id="config"
                title="SkyPilot config"
                text={Some(Rc::from(output.config.as_str()))}
                file_name={CONFIG_FILE}
                hint={AttrValue::from(if output.helm.is_some() { "The server's config: in the Helm values as apiService.config." } else { "Merge into ~/.sky/config.yaml." })}
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
                    { for output.next_steps.iter().enumerate().map(|(index, step)| html! {
                        <li>
                            { prose(&step.text) }
                            if let Some(command) = &step.command {
                                <CommandBlock
                                    text={AttrValue::from(command.clone())}
                                    label={AttrValue::from(format!("Copy step {}'s command", index + 1))}
                                />
                            }
                        </li>
                    }) }
                </ol>
            </section>
            if let Some(helm) = &output.helm {
                if let Some(manifest) = &helm.other_clusters_manifest {
                    <CodePanel
                        id="other-rbac"
                        title="RBAC for other clusters"
                        text={Some(Rc::from(manifest.as_str()))}
                        file_name="other-clusters-rbac.yaml"
                        hint={AttrValue::from("Apply in each cluster the server reaches through the kubeconfig secret: kubectl --context CONTEXT apply -f other-clusters-rbac.yaml")}
                    />
                }
                if let Some(script) = &helm.other_clusters_script {
                    <CodePanel
                        id="other-script"
                        title="Kubeconfig script for other clusters"
                        text={Some(Rc::from(script.as_str()))}
                        file_name={SCRIPT_FILE}
                        mime="text/x-shellscript"
                        yaml={false}
                        hint={AttrValue::from("Writes a kubeconfig with the account's long-lived token: static credentials work inside the server's pod; exec plugins do not.")}
                    />
                }
            }
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::generate::generate;
    use crate::setup::{AuthMethod, Setup};

    async fn render(setup: &Setup) -> String {
        let props = OutputPanelProps {
            output: Rc::new(generate(setup)),
            fragment: AttrValue::from(crate::share::to_fragment(setup)),
            generates_rbac: setup.generates_rbac(),
        };
        yew::LocalServerRenderer::<OutputPanel>::with_props(props)
            .hydratable(false)
            .render()
            .await
    }

    /// The check script's region follows the manifest when RBAC is generated (the worker
    /// writes the script on request), and is absent otherwise.
    #[tokio::test]
    async fn the_check_script_follows_the_manifest() {
        let custom = Setup {
            auth: AuthMethod::Custom,
            ..Setup::default()
        };
        let html = render(&custom).await;
        let heading = r#"<h3 id="verify-heading">Check on your cluster</h3>"#;
        let (rbac, verify, config) = (
            html.find("rbac-heading").expect("manifest"),
            html.find(heading).expect("check script"),
            html.find("config-heading").expect("config"),
        );
        assert!(rbac < verify && verify < config, "{html}");
        assert!(html.contains("<code>sh check-skypilot-rbac.sh [--context NAME]</code>"));
        assert!(html.contains("Write the check script"), "{html}");
        assert!(!render(&Setup::default()).await.contains(heading));
    }
}
