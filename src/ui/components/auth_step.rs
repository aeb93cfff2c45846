//! Step 2: the auth method, as a radio group showing SkyPilot's literal values.

use yew::prelude::*;

use super::StepProps;
use crate::setup::{AuthMethod, Choice, SetupEdit};

/// Label, literal value and when to pick it, per method.
fn describe(method: AuthMethod) -> (&'static str, &'static str, &'static str) {
    match method {
        AuthMethod::ServiceAccount => (
            "SkyPilot's own service account",
            "SERVICE_ACCOUNT",
            "SkyPilot creates skypilot-service-account and its roles. Pick it when your kubeconfig identity may create roles.",
        ),
        AuthMethod::LocalCredentials => (
            "Your kubeconfig credentials",
            "LOCAL_CREDENTIALS",
            "Pods get a copy of your kubeconfig. Pick it only when that kubeconfig uses static tokens or certificates (check it with the doctor below).",
        ),
        AuthMethod::NoUpload => (
            "No upload",
            "NO_UPLOAD",
            "Like SERVICE_ACCOUNT, but no credential files are uploaded. Pick it when sky itself runs inside a pod.",
        ),
        AuthMethod::Custom => (
            "Custom service account",
            "your account's name",
            "An account an admin creates ahead of time with the RBAC below. Pick it when SkyPilot may not create roles itself.",
        ),
        AuthMethod::NoToken => (
            "No token in pods",
            "NONE",
            "Pods get no Kubernetes API token (nightly only). Controllers ignore it and run as skypilot-controller-service-account. Pick it when jobs must not reach the API.",
        ),
    }
}

/// A wizard step, drawn by the page's `App` (a plain function: a component would add its lifecycle code to the first load for no memoization the page needs).
pub fn auth_step(props: &StepProps) -> Html {
    // With minimum permissions the server's own account is written and nothing else applies:
    // shown as the custom account it is, every method disabled.
    let fixed = (!props.setup.shows(Choice::Auth)).then(|| props.setup.server.service_account());
    let current = if fixed.is_some() {
        AuthMethod::Custom
    } else {
        props.setup.auth
    };
    html! {
        <section class="step" aria-labelledby="step-auth">
            <h2 id="step-auth">{ super::Step::Auth.badge() }{ "How should SkyPilot authenticate?" }</h2>
            <p class="lead">{ "This is " }<code>{ "kubernetes.remote_identity" }</code>{ " in ~/.sky/config.yaml." }</p>
            if let Some(account) = &fixed {
                <p class="hint" id="auth-fixed">
                    { "Minimum permissions (\"Where does SkyPilot run?\"): pods run as the server's own account, so the config says " }
                    <code>{ format!("remote_identity: {account}") }</code>
                    { ". The other methods do not apply; choose another server identity to use them." }
                </p>
            }
            <fieldset>
                <legend class="visually-hidden">{ "Auth method" }</legend>
                <div class="choices" role="radiogroup" aria-label="Auth method">
                    { for AuthMethod::ALL.into_iter().map(|method| {
                        let (title, value, when) = describe(method);
                        let id = match method {
                            AuthMethod::ServiceAccount => "auth-service-account",
                            AuthMethod::LocalCredentials => "auth-local-credentials",
                            AuthMethod::NoUpload => "auth-no-upload",
                            AuthMethod::Custom => "auth-custom",
                            AuthMethod::NoToken => "auth-none",
                        };
                        let onchange = props.on_edit.reform(move |_: Event| SetupEdit::Auth(method));
                        // A method the chosen version lacks is shown, disabled, with the release
                        // that has it (the list never moves); chosen anyway (a link), its error
                        // is on the version.
                        let version = props.setup.skypilot_version;
                        let lacking = method.change().filter(|change| !version.has(*change));
                        let unavailable = lacking.is_some() && current != method;
                        html! {
                            <label class="choice" for={id}>
                                <input type="radio" name="auth" {id} checked={current == method} {onchange}
                                    disabled={fixed.is_some() || unavailable}
                                    aria-describedby={if fixed.is_some() { format!("{id}-desc auth-fixed") } else { format!("{id}-desc") }} />
                                <span class="title">
                                    { title }{ " " }<code>{ match (method, &fixed) {
                                        (AuthMethod::Custom, Some(account)) => account.clone(),
                                        (AuthMethod::Custom, None) => String::from("(name)"),
                                        _ => value.to_owned(),
                                    } }</code>
                                    if method == AuthMethod::ServiceAccount { <span class="badge">{ "default" }</span> }
                                </span>
                                <span class="desc" id={format!("{id}-desc")}>
                                    { when }
                                    if let Some(change) = lacking {
                                        { format!(" Needs {}.", change.first_version()) }
                                    }
                                </span>
                            </label>
                        }
                    }) }
                </div>
            </fieldset>
            { super::cloud_identity::cloud_identity_fieldset(props) }
        </section>
    }
}
