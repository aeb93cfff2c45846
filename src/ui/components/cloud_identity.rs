//! The auth step's cloud identity fieldset: the provider (a select), the values it reads
//! with their errors beside them, which account gets it, and the provider's docs. Renders
//! the core's state and sends edits; the rules live in `crate::setup::cloud_identity`.

use yew::prelude::*;

use super::text_field::TextField;
use super::{cloud_control_id, StepProps};
use crate::setup::{CloudField, CloudProvider, Field, SetupEdit};
use crate::ui::prose::prose;

/// The fieldset, at the end of the auth step.
pub fn cloud_identity_fieldset(props: &StepProps) -> Html {
    let identity = &props.setup.cloud_identity;
    let provider = identity.provider;
    // The pods' account, and on a nightly the controllers' (keyword modes).
    let accounts = props
        .setup
        .cloud_identity_accounts()
        .iter()
        .map(|(namespace, account)| format!("`{namespace}/{account}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let select_id = cloud_control_id(CloudField::Provider);
    let onchange = props.on_edit.reform(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        SetupEdit::CloudProvider(CloudProvider::from_id(&select.value()).unwrap_or(provider))
    });
    let provider_error = props.error(&Field::Cloud(CloudField::Provider));
    let field = |field: CloudField, value: &str, hint: &'static str, placeholder: &'static str| {
        html! {
            <TextField
                id={cloud_control_id(field)}
                label={field.label()}
                value={value.to_owned()}
                hint={hint}
                placeholder={placeholder}
                error={props.error(&Field::Cloud(field))}
                on_blur={props.touch(Field::Cloud(field))}
                on_input={props.edit_with(move |value| SetupEdit::CloudValue(field, value))}
            />
        }
    };
    let eks = matches!(
        provider,
        CloudProvider::EksIrsa | CloudProvider::EksPodIdentity
    );
    let cluster_hint = if provider == CloudProvider::EksPodIdentity {
        "The association is made in this cluster."
    } else {
        "Optional: fills in the OIDC commands of the next steps."
    };
    html! {
        <fieldset class="cloud-identity">
            <legend>{ "Cloud identity for pods (optional)" }</legend>
            <p class="hint" id="cloud-identity-hint">{ prose("Bind the pods' service account to a cloud role, so they reach buckets without keys. The config then sets the cloud's `remote_identity: NO_UPLOAD`: no keys are copied into pods.") }</p>
            <div class="field">
                <label for={select_id.clone()}>{ "Provider" }</label>
                <select id={select_id.clone()} {onchange} aria-describedby="cloud-identity-hint"
                    aria-invalid={provider_error.is_some().to_string()}>
                    { for CloudProvider::ALL.into_iter().map(|option| html! {
                        <option value={option.id()} selected={option == provider}>{ option.label() }</option>
                    }) }
                </select>
                if let Some(error) = provider_error {
                    <p class="field-error" id={format!("{select_id}-error")}>{ prose(&error) }</p>
                }
            </div>
            <div class="field-row">
                if eks {
                    { field(CloudField::RoleArn, &identity.role_arn, "The role pods assume: arn:aws:iam::ACCOUNT_ID:role/NAME.", "arn:aws:iam::123456789012:role/skypilot-s3") }
                    { field(CloudField::EksCluster, &identity.eks_cluster, cluster_hint, "my-eks-cluster") }
                }
                if provider == CloudProvider::Gke {
                    { field(CloudField::GcpServiceAccount, &identity.gcp_service_account, "The Google service account pods act as: NAME@PROJECT.iam.gserviceaccount.com.", "skypilot-pods@my-project.iam.gserviceaccount.com") }
                }
                if provider == CloudProvider::Azure {
                    { field(CloudField::AzureClientId, &identity.azure_client_id, "The managed identity's client id (a UUID).", "00000000-0000-0000-0000-000000000000") }
                    { field(CloudField::AzureTenantId, &identity.azure_tenant_id, "Optional: the tenant id (a UUID).", "") }
                }
            </div>
            if !accounts.is_empty() {
                <p class="hint" id="cloud-identity-account">{ prose(&format!("It goes on service account {accounts}: see the RBAC manifest and the next steps.")) }</p>
            }
            if !provider.docs().is_empty() {
                <ul class="doc-links" aria-label="Documentation">
                    { for provider.docs().iter().map(|(title, url)| html! {
                        <li><a href={*url} rel="noreferrer">{ *title }</a></li>
                    }) }
                </ul>
            }
        </fieldset>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::rc::Rc;

    use super::super::auth_step::auth_step;
    use super::*;
    use crate::setup::{validate, CloudIdentity, Setup};

    /// The step the fieldset is drawn in, as a component for the server-side renderer.
    #[function_component(AuthStep)]
    fn rendered(props: &StepProps) -> Html {
        auth_step(props)
    }

    async fn render(setup: Setup) -> String {
        let errors = validate(&setup);
        let props = StepProps {
            setup: Rc::new(setup),
            errors: Rc::new(errors),
            warnings: Rc::new(Vec::new()),
            on_edit: Callback::noop(),
            on_touch: Callback::noop(),
        };
        yew::LocalServerRenderer::<AuthStep>::with_props(props)
            .hydratable(false)
            .render()
            .await
    }

    /// The provider's values show with their errors beside them, the account it goes on, and
    /// the provider's docs; other providers' values do not show.
    #[tokio::test]
    async fn the_chosen_providers_fields_errors_and_docs_show() {
        let none = render(Setup::default()).await;
        assert!(none.contains(r#"<label for="cloud-cloud-identity">Provider</label>"#));
        assert!(!none.contains("cloud-role-arn") && !none.contains("doc-links"));

        let setup = Setup {
            cloud_identity: CloudIdentity {
                provider: CloudProvider::Gke,
                gcp_service_account: "Sky@my-project.iam.gserviceaccount.com".into(),
                role_arn: "ignored".into(),
                ..CloudIdentity::default()
            },
            ..Setup::default()
        };
        let html = render(setup).await;
        assert!(html.contains(r#"<option value="gke" selected"#), "{html}");
        assert!(html.contains(r#"id="cloud-gcp-service-account""#));
        assert!(
            html.contains(r#"id="cloud-gcp-service-account-error""#),
            "{html}"
        );
        assert!(html.contains("upper-case letters"));
        assert!(!html.contains("cloud-role-arn"));
        assert!(
            html.contains("<code>default/skypilot-service-account</code>"),
            "{html}"
        );
        assert!(html.contains(
            r#"href="https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity""#
        ));
    }
}
