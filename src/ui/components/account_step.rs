//! The custom account's step (pods run as it, or an API server's other clusters are reached
//! through it): namespace and service account name, validated as you type.

use yew::prelude::*;

use super::text_field::TextField;
use super::StepProps;
use crate::setup::{Field, SetupEdit};

/// A wizard step, drawn by the page's `App` (a plain function: a component would add its lifecycle code to the first load for no memoization the page needs).
pub fn account_step(props: &StepProps) -> Html {
    let account = &props.setup.account;
    let lead = if props.setup.auth == crate::setup::AuthMethod::Custom {
        "The service account SkyPilot's pods will run as."
    } else {
        "The service account the API server uses in each of the other clusters (the kubeconfig secret holds its token)."
    };
    html! {
        <section class="step" aria-labelledby="step-account">
            <h2 id="step-account">{ super::Step::Account.badge() }{ "Account and namespace" }</h2>
            <p class="lead">{ lead }</p>
            <div class="field-row">
                <TextField
                    id="namespace"
                    label="Namespace"
                    value={account.namespace.clone()}
                    hint="Where the account lives and SkyPilot launches pods."
                    error={props.error(&Field::Namespace)} on_blur={props.touch(Field::Namespace)}
                    on_input={props.edit_with(SetupEdit::Namespace)}
                />
                <TextField
                    id="service-account"
                    label="Service account name"
                    value={account.name.clone()}
                    hint="The value of remote_identity."
                    error={props.error(&Field::ServiceAccount)} on_blur={props.touch(Field::ServiceAccount)}
                    on_input={props.edit_with(SetupEdit::AccountName)}
                />
            </div>
            if account.namespace == crate::setup::KUBE_SYSTEM {
                { super::options_step::kube_system_override(props) }
            }
        </section>
    }
}
