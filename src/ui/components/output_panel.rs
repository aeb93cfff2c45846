//! The output column: RBAC manifest, the script that checks it on the cluster, SkyPilot
//! config, next steps and the kubeconfig script. An output an invalid field blocks
//! ([`Part::reads`]) shows which field to fix and a button going there; the others stay.

use std::rc::Rc;

use yew::prelude::*;

use super::code_panel::CodePanel;
use super::command_block::CommandBlock;
use super::verify_panel::VerifyPanel;
use crate::generate::config::CONFIG_FILE;
use crate::generate::kubeconfig_script::SCRIPT_FILE;
use crate::generate::VALUES_FILE;
use crate::generate::{Part, PartialOutput};
use crate::setup::{Field, SetupError};
use crate::ui::prose::prose;

#[derive(Properties)]
pub struct OutputPanelProps {
    /// Every output no error blocks, and the errors.
    pub output: Rc<PartialOutput>,
    /// "Go to FIELD" of a blocked output: show every problem and focus the field.
    #[prop_or_default]
    pub on_fix: Callback<Field>,
    /// The setup as its share-link fragment (for the check script, written by the worker).
    pub fragment: AttrValue,
    /// Whether the check script applies ([`VerifyPlan::applies_to`](crate::audit::verify_script::VerifyPlan::applies_to)).
    pub check_script: bool,
    /// Whether an API server reaches other clusters (their RBAC and script are outputs).
    #[prop_or_default]
    pub other_clusters: bool,
    /// Whether a custom account's kubeconfig script is an output.
    #[prop_or_default]
    pub kubeconfig_script: bool,
    /// Whether the setup has teams (their RBAC files are outputs).
    #[prop_or_default]
    pub teams: bool,
}

/// The output is compared by identity: the page makes a new one only when the setup changes
/// (a deep comparison would cost the page's wasm more than the render it saves).
impl PartialEq for OutputPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.output, &other.output)
            && self.on_fix == other.on_fix
            && self.fragment == other.fragment
            && self.check_script == other.check_script
            && self.other_clusters == other.other_clusters
            && self.kubeconfig_script == other.kubeconfig_script
            && self.teams == other.teams
    }
}

#[function_component(OutputPanel)]
pub fn output_panel(props: &OutputPanelProps) -> Html {
    let partial = props.output.as_ref();
    let output = &partial.output;
    let blocked = |part: Part| {
        partial
            .blocker(part)
            .map(|error| blocked_note(error, &props.on_fix))
    };
    let manifest_blocked = blocked(Part::Manifest);
    let manifest_placeholder = manifest_blocked
        .clone()
        .unwrap_or_else(|| html! { <p>{ output.manifest_note.clone().unwrap_or_default() }</p> });
    let config_blocked = blocked(Part::Config);
    let text_of = |part: Part, text: &str| partial.blocker(part).is_none().then(|| Rc::from(text));
    html! {
        <>
            if let Some(helm) = &output.helm {
                <CodePanel
                    id="helm"
                    title="Helm values"
                    text={text_of(Part::HelmValues, &helm.values)}
                    placeholder={blocked(Part::HelmValues).unwrap_or_default()}
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
            if props.check_script && manifest_blocked.is_none() {
                <VerifyPanel fragment={props.fragment.clone()} />
            }
            <CodePanel
                id="config"
                title="SkyPilot config"
                text={text_of(Part::Config, &output.config)}
                placeholder={config_blocked.unwrap_or_default()}
                file_name={CONFIG_FILE}
                hint={AttrValue::from(if output.helm.is_some() { "The server's config: in the Helm values as apiService.config." } else { "Merge into ~/.sky/config.yaml." })}
            />
            if let Some(note) = props.teams.then(|| blocked(Part::Teams)).flatten() {
                <CodePanel id="team-rbac" title="RBAC per team" text={None::<Rc<str>>} placeholder={note}
                    file_name={crate::generate::ALL_TEAMS_FILE} />
            }
            { for output.teams.iter().enumerate().map(|(index, team)| html! {
                <CodePanel
                    id={format!("team-rbac-{index}")}
                    title={team.title()}
                    text={team.manifest.as_deref().map(Rc::from)}
                    placeholder={html! { <p>{ team.note.clone().unwrap_or_default() }</p> }}
                    file_name={team.file.clone()}
                    hint={AttrValue::from(team.hint())}
                />
            }) }
            if !output.notes.is_empty() {
                <section class="panel" aria-labelledby="notes-heading">
                    <h3 id="notes-heading">{ "Good to know" }</h3>
                    <ul>{ for output.notes.iter().map(|note| html! { <li>{ prose(note) }</li> }) }</ul>
                </section>
            }
            <section class="panel" aria-labelledby="next-steps-heading">
                <h3 id="next-steps-heading">{ "Next steps" }</h3>
                if let Some(note) = blocked(Part::NextSteps) {
                    <div class="code-empty">{ note }</div>
                }
                <ol class="steps-list">
                    { for output.steps().enumerate().map(|(index, step)| html! {
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
            // Outputs an error blocks say what they wait for, as the others do.
            if props.other_clusters {
                if let Some(note) = blocked(Part::OtherClusters) {
                    <CodePanel
                        id="other-rbac"
                        title="RBAC for other clusters"
                        text={None::<Rc<str>>}
                        placeholder={note}
                        file_name={crate::generate::OTHER_CLUSTERS_FILE}
                    />
                }
            }
            if let Some(helm) = &output.helm {
                if let Some(manifest) = &helm.other_clusters_manifest {
                    <CodePanel
                        id="other-rbac"
                        title="RBAC for other clusters"
                        text={Some(Rc::from(manifest.as_str()))}
                        file_name={crate::generate::OTHER_CLUSTERS_FILE}
                        hint={AttrValue::from(format!("Apply in each cluster the server reaches through the kubeconfig secret: kubectl --context CONTEXT apply -f {}", crate::generate::OTHER_CLUSTERS_FILE))}
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
            if props.kubeconfig_script {
                if let Some(note) = blocked(Part::KubeconfigScript) {
                    <details class="panel">
                        <summary>{ "Optional: a script that writes a kubeconfig for this service account" }</summary>
                        <div class="code-empty">{ note }</div>
                    </details>
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

/// What a blocked output shows: the field to fix, and a button that shows the problem
/// beside it and focuses it.
fn blocked_note(error: &SetupError, on_fix: &Callback<Field>) -> Html {
    let label = error.field.label();
    if error.field == Field::Output {
        return html! { <p>{ prose(&error.message) }</p> };
    }
    let field = error.field.clone();
    let onclick = on_fix.reform(move |_: MouseEvent| field.clone());
    html! {
        <p class="blocked">
            { "Waiting for a valid " }<strong>{ label.clone() }</strong>{ ". " }
            <button type="button" class="button small" {onclick}>{ format!("Go to {label}") }</button>
        </p>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::generate::generate_partial;
    use crate::setup::{AuthMethod, Setup};

    async fn render(setup: &Setup) -> String {
        let props = OutputPanelProps {
            output: Rc::new(generate_partial(setup)),
            on_fix: Callback::noop(),
            fragment: AttrValue::from(crate::share::to_fragment(setup)),
            check_script: crate::audit::verify_script::VerifyPlan::applies_to(setup),
            other_clusters: setup.reaches_other_clusters(),
            kubeconfig_script: setup.auth == AuthMethod::Custom,
            teams: setup.has_teams(),
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
        assert!(html.contains("<code>sh check-skypilot-rbac.sh</code>"));
        assert!(html.contains("<code>--format json</code>"));
        assert!(html.contains("Write the check script"), "{html}");
        assert!(!render(&Setup::default()).await.contains(heading));
    }

    /// Ticking launcher RBAC with no subject yet: the manifest and the steps wait for the
    /// subject (a button goes there), the config stays, and no list of errors replaces them.
    #[tokio::test]
    async fn a_blocked_manifest_keeps_the_config() {
        let mut setup = Setup::default();
        setup.launcher.enabled = true;
        let html = render(&setup).await;
        assert!(html.contains("Go to Launcher subject"), "{html}");
        assert!(
            html.contains("remote_identity"),
            "the config is shown: {html}"
        );
        assert!(!html.contains("kind: ClusterRole"), "{html}");
        assert!(!html.contains("Fix the setup"), "{html}");
        assert!(!html.contains("Check on your cluster"), "{html}");
    }

    /// An output an error blocks says what it waits for, the kubeconfig script too.
    #[tokio::test]
    async fn a_blocked_kubeconfig_script_says_what_it_waits_for() {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            ..Setup::default()
        };
        setup.account.name = "Bad_Name".into();
        let html = render(&setup).await;
        let script = html
            .find("a script that writes a kubeconfig")
            .expect("the script's place");
        assert!(html[script..].contains("Waiting for a valid"), "{html}");
    }
}
