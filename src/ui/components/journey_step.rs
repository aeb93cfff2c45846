//! The first step: where SkyPilot runs (the `sky` CLI, or an API server deployed with Helm),
//! and for Helm the deployment's choices (release, namespace, the server's identity, object
//! stores, which clusters it reaches).

use yew::prelude::*;

use super::text_field::TextField;
use super::StepProps;
use crate::release::SkyPilotVersion;
use crate::setup::{Deployment, ServerIdentity};
use crate::setup::{Field, ServerEdit, SetupEdit};
use crate::ui::prose::prose;

fn checked(event: Event) -> bool {
    let input: web_sys::HtmlInputElement = event.target_unchecked_into();
    input.checked()
}

/// A wizard step, drawn by the page's `App` (a plain function: a component would add its lifecycle code to the first load for no memoization the page needs).
pub fn journey_step(props: &StepProps) -> Html {
    let current = props.setup.deployment;
    let choice = |journey: Deployment,
                  id: &'static str,
                  title: &'static str,
                  desc: &'static str| {
        let onchange = props
            .on_edit
            .reform(move |_: Event| SetupEdit::Deployment(journey));
        html! {
            <label class="choice" for={id}>
                <input type="radio" name="journey" {id} checked={current == journey} {onchange} aria-describedby={format!("{id}-desc")} />
                <span class="title">{ prose(title) }</span>
                <span class="desc" id={format!("{id}-desc")}>{ prose(desc) }</span>
            </label>
        }
    };
    html! {
        <section class="step" aria-labelledby="step-journey">
            <h2 id="step-journey">{ super::Step::Deployment.badge() }{ "Where does SkyPilot run?" }</h2>
            <fieldset>
                <legend class="visually-hidden">{ "Where SkyPilot runs" }</legend>
                <div class="choices">
                    { choice(Deployment::Cli, "journey-cli", "On my machine (the `sky` CLI)", "The settings go into `~/.sky/config.yaml`; your kubeconfig identity launches.") }
                    { choice(Deployment::Helm, "journey-helm", "A SkyPilot API server deployed with Helm", "The settings go into the chart's `values.yaml`; the server's service account launches.") }
                </div>
            </fieldset>
            { version_field(props) }
            if current == Deployment::Helm { { helm_fields(props) } }
        </section>
    }
}

/// The SkyPilot release the outputs are written for: the page's choices, plus the version a
/// link carries when it is another one.
fn version_field(props: &StepProps) -> Html {
    let current = props.setup.skypilot_version;
    let onchange = props.on_edit.reform(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        SetupEdit::SkyPilotVersion(select.value().parse().unwrap_or(current))
    });
    let known = SkyPilotVersion::CHOICES
        .iter()
        .any(|(version, _)| *version == current);
    let error = props.error(&Field::SkyPilotVersion);
    html! {
        <div class="field">
            <label for="skypilot-version">{ "SkyPilot version" }</label>
            <p class="hint" id="skypilot-version-hint">{ prose("The release you run (`sky --version`): the keys, keywords, permissions and Helm chart follow it.") }</p>
            <select id="skypilot-version" {onchange} aria-describedby="skypilot-version-hint"
                aria-invalid={error.is_some().to_string()}>
                { for SkyPilotVersion::CHOICES.iter().map(|(version, label)| html! {
                    <option value={version.to_string()} selected={*version == current}>{ *label }</option>
                }) }
                if !known {
                    <option value={current.to_string()} selected=true>{ current.to_string() }</option>
                }
            </select>
            if let Some(error) = error {
                <p class="field-error" id="skypilot-version-error">{ prose(&error) }</p>
            }
        </div>
    }
}

fn helm_fields(props: &StepProps) -> Html {
    let server = &props.setup.server;
    let edit = |make: fn(String) -> ServerEdit| {
        props
            .on_edit
            .reform(move |value| SetupEdit::Server(make(value)))
    };
    let toggle = |make: fn(bool) -> ServerEdit| {
        props
            .on_edit
            .reform(move |event| SetupEdit::Server(make(checked(event))))
    };
    let identity = |value: ServerIdentity, id: &'static str, title: String, desc: &'static str| {
        let onchange = props
            .on_edit
            .reform(move |_: Event| SetupEdit::Server(ServerEdit::Identity(value)));
        html! {
            <label class="choice" for={id}>
                <input type="radio" name="server-identity" {id} checked={server.identity == value} {onchange} />
                <span class="title">{ prose(&title) }</span>
                <span class="desc">{ prose(desc) }</span>
            </label>
        }
    };
    let check = |id: &'static str,
                 title: &'static str,
                 desc: &'static str,
                 on: bool,
                 onchange: Callback<Event>| {
        html! {
            <div class="check">
                <input type="checkbox" {id} checked={on} {onchange} aria-describedby={format!("{id}-desc")} />
                <label class="title" for={id}>{ title }</label>
                <span class="desc" id={format!("{id}-desc")}>{ prose(desc) }</span>
            </div>
        }
    };
    let sa = server.service_account();
    html! {
        <>
            <div class="field-row nested">
                <TextField id="helm-release" label="Release name" value={server.release.clone()}
                    hint="As in `helm upgrade --install NAME`."
                    error={props.error(&Field::HelmRelease)} on_blur={props.touch(Field::HelmRelease)} on_input={edit(ServerEdit::Release)} />
                <TextField id="helm-namespace" label="Server namespace" value={server.namespace.clone()}
                    error={props.error(&Field::HelmNamespace)} on_blur={props.touch(Field::HelmNamespace)} on_input={edit(ServerEdit::Namespace)} />
            </div>
            <fieldset>
                <legend>{ "The server's identity in its own cluster" }</legend>
                <div class="choices">
                    { identity(ServerIdentity::ChartManaged, "server-chart", format!("The chart creates `{sa}` and lets it manage SkyPilot's account"), "The chart's default: SkyPilot creates its own account and roles through the server.") }
                    { identity(ServerIdentity::Minimal, "server-minimal", format!("Minimum permissions: pods run as `{sa}`"), "`rbac.manageRbacPolicies=false`; the config sets `remote_identity` to the server's account.") }
                    { identity(ServerIdentity::Existing, "server-existing", "An existing service account".to_owned(), "`rbac.create=false`: you prepare the account; skyauth writes the RBAC it needs.") }
                </div>
            </fieldset>
            if server.identity == ServerIdentity::Existing {
                <div class="nested">
                    <TextField id="helm-existing" label="Existing service account" value={server.existing_account.clone()}
                        hint="In the server's namespace. With a custom account as the auth method below, pods run as it; otherwise it launches in SkyPilot's keyword modes."
                        error={props.error(&Field::HelmServiceAccount)} on_blur={props.touch(Field::HelmServiceAccount)} on_input={edit(ServerEdit::ExistingAccount)} />
                </div>
            }
            <div class="checks">
                { check("helm-object-store", "Object-store mounting", "`rbac.manageSystemComponents`: the server manages the FUSE components in skypilot-system.", server.object_store, toggle(ServerEdit::ObjectStore)) }
                { check("helm-in-cluster", "Use the cluster the server runs in", "As context `in-cluster` (`kubernetesCredentials.useApiServerCluster`).", server.in_cluster, toggle(ServerEdit::InCluster)) }
                { check("helm-other-clusters", "Reach other clusters through a kubeconfig secret", "Their contexts are the ones listed in Contexts below; each needs a service account with a static token.", server.other_clusters, toggle(ServerEdit::OtherClusters)) }
            </div>
            if server.other_clusters {
                <div class="nested">
                    <TextField id="helm-secret" label="Kubeconfig secret" value={server.secret_name.clone()}
                        error={props.error(&Field::HelmSecret)} on_blur={props.touch(Field::HelmSecret)} on_input={edit(ServerEdit::SecretName)} />
                </div>
            }
        </>
    }
}
