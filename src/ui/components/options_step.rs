//! Step 3: permissions and options. For a custom account: the profile and feature switches;
//! for SERVICE_ACCOUNT / NO_UPLOAD: the launcher's RBAC; for all: how ports are exposed.

use yew::prelude::*;

use super::text_field::TextField;
use super::StepProps;
use crate::setup::{
    AuthMethod, FeatureSwitch, Field, PermissionProfile, PortsSetting, SetupEdit, SubjectKind,
};
use crate::ui::prose::prose;

fn profile_text(profile: PermissionProfile) -> (&'static str, &'static str) {
    match profile {
        PermissionProfile::Documented => (
            "Documented",
            "SkyPilot's example: everything in the namespace (including secrets), read access to nodes, runtime and ingress classes, and its own cluster roles.",
        ),
        PermissionProfile::Minimal => (
            "Minimal",
            "SkyPilot's documented minimum: pods, services, secrets and events in the namespace; nodes, runtime and storage classes cluster-wide.",
        ),
        PermissionProfile::ClusterAdmin => (
            "Cluster admin",
            "Binds the built-in cluster-admin role: everything, everywhere. Simple, and far more than SkyPilot needs.",
        ),
    }
}

fn feature_text(switch: FeatureSwitch) -> (&'static str, &'static str, &'static str) {
    match switch {
        FeatureSwitch::Ingress => (
            "feature-ingress",
            "Ingress",
            "Expose ports through ingress-nginx (sets ports: ingress).",
        ),
        FeatureSwitch::GpuList => (
            "feature-gpu-list",
            "GPU listing",
            "`sky gpus list` shows free GPUs: reads pods cluster-wide.",
        ),
        FeatureSwitch::GpuMetrics => (
            "feature-gpu-metrics",
            "GPU metrics",
            "Metrics federation: may get the kube-system namespace.",
        ),
        FeatureSwitch::ObjectStore => (
            "feature-object-store",
            "Object-store mounting",
            "Runs the FUSE device manager in skypilot-system.",
        ),
        FeatureSwitch::CreateNamespace => (
            "feature-create-namespace",
            "Create the namespace",
            "Adds a Namespace object, for a namespace that does not exist yet.",
        ),
        FeatureSwitch::TokenSecret => (
            "feature-token-secret",
            "Long-lived token secret",
            "A service-account token Secret (Kubernetes 1.24+ no longer makes one).",
        ),
    }
}

#[function_component(OptionsStep)]
pub fn options_step(props: &StepProps) -> Html {
    let setup = &props.setup;
    let custom = setup.auth == AuthMethod::Custom;
    let launcher_applies = matches!(
        setup.auth,
        AuthMethod::ServiceAccount | AuthMethod::NoUpload
    );
    html! {
        <section class="step" aria-labelledby="step-options">
            <h2 id="step-options"><span class="step-number" aria-hidden="true"></span>{ "Permissions and options" }</h2>
            if custom { { profile_and_features(props) } }
            if launcher_applies { { launcher(props) } }
            { ports(props) }
        </section>
    }
}

fn profile_and_features(props: &StepProps) -> Html {
    let account = &props.setup.account;
    let features = &account.features;
    let feature_on = |switch| match switch {
        FeatureSwitch::Ingress => features.ingress,
        FeatureSwitch::GpuList => features.gpu_list,
        FeatureSwitch::GpuMetrics => features.gpu_metrics,
        FeatureSwitch::ObjectStore => features.object_store,
        FeatureSwitch::CreateNamespace => features.create_namespace,
        FeatureSwitch::TokenSecret => features.token_secret,
    };
    html! {
        <>
            <fieldset>
                <legend>{ "Permission profile" }</legend>
                <div class="choices">
                    { for PermissionProfile::ALL.into_iter().map(|profile| {
                        let (title, text) = profile_text(profile);
                        let id = format!("profile-{}", profile.as_str());
                        let onchange = props.on_edit.reform(move |_: Event| SetupEdit::Profile(profile));
                        html! {
                            <label class="choice" for={id.clone()}>
                                <input type="radio" name="profile" id={id.clone()} checked={account.profile == profile} {onchange} />
                                <span class="title">{ title }</span>
                                <span class="desc">{ text }</span>
                            </label>
                        }
                    }) }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Features" }</legend>
                <div class="checks">
                    { for [FeatureSwitch::Ingress, FeatureSwitch::GpuList, FeatureSwitch::GpuMetrics, FeatureSwitch::ObjectStore, FeatureSwitch::CreateNamespace, FeatureSwitch::TokenSecret]
                        .into_iter()
                        .map(|switch| {
                            let (id, title, text) = feature_text(switch);
                            let onchange = props.on_edit.reform(move |event: Event| {
                                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                                SetupEdit::Feature(switch, input.checked())
                            });
                            html! {
                                <>
                                    <div class="check">
                                        <input type="checkbox" id={id} checked={feature_on(switch)} {onchange} aria-describedby={format!("{id}-desc")} />
                                        <label class="title" for={id}>{ title }</label>
                                        <span class="desc" id={format!("{id}-desc")}>{ prose(text) }</span>
                                    </div>
                                    if switch == FeatureSwitch::Ingress && features.ingress {
                                        <div class="nested">
                                            <TextField
                                                id="ingress-namespace"
                                                label="Ingress controller namespace"
                                                value={features.ingress_namespace.clone()}
                                                error={props.error(&Field::IngressNamespace)}
                                                on_input={props.edit_with(SetupEdit::IngressNamespace)}
                                            />
                                        </div>
                                    }
                                </>
                            }
                        }) }
                </div>
            </fieldset>
        </>
    }
}

fn launcher(props: &StepProps) -> Html {
    let launcher = &props.setup.launcher;
    let on_toggle = props.on_edit.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        SetupEdit::LauncherEnabled(input.checked())
    });
    let on_kind = props.on_edit.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        SetupEdit::LauncherKind(if select.value() == "group" {
            SubjectKind::Group
        } else {
            SubjectKind::User
        })
    });
    html! {
        <fieldset>
            <legend>{ "Launcher permissions" }</legend>
            <div class="check">
                <input type="checkbox" id="launcher-enabled" checked={launcher.enabled} onchange={on_toggle} aria-describedby="launcher-enabled-desc" />
                <label class="title" for="launcher-enabled">{ "Generate RBAC for my own kubeconfig identity" }</label>
                <span class="desc" id="launcher-enabled-desc">{ "SkyPilot creates its service account and roles with your credentials; without these rights it fails with 403 cannot list resource \"clusterroles\"." }</span>
            </div>
            if launcher.enabled {
                <div class="nested field-row">
                    <div class="field">
                        <label for="launcher-kind">{ "Subject kind" }</label>
                        <select id="launcher-kind" onchange={on_kind}>
                            <option value="user" selected={launcher.subject_kind == SubjectKind::User}>{ "User" }</option>
                            <option value="group" selected={launcher.subject_kind == SubjectKind::Group}>{ "Group" }</option>
                        </select>
                    </div>
                    <TextField
                        id="launcher-subject"
                        label="User or group name"
                        value={launcher.subject.clone()}
                        hint="As `kubectl auth whoami` shows it."
                        error={props.error(&Field::LauncherSubject)}
                        on_input={props.edit_with(SetupEdit::LauncherSubject)}
                    />
                    <TextField
                        id="launcher-namespace"
                        label="Launch namespace"
                        value={launcher.namespace.clone()}
                        error={props.error(&Field::LauncherNamespace)}
                        on_input={props.edit_with(SetupEdit::LauncherNamespace)}
                    />
                </div>
            }
        </fieldset>
    }
}

fn ports(props: &StepProps) -> Html {
    let current = props.setup.ports;
    let implied = props.setup.wants_ingress() && current == PortsSetting::Unset;
    let onchange = props.on_edit.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        SetupEdit::Ports(match select.value().as_str() {
            "loadbalancer" => PortsSetting::Loadbalancer,
            "ingress" => PortsSetting::Ingress,
            "podip" => PortsSetting::Podip,
            _ => PortsSetting::Unset,
        })
    });
    let option = |value: &'static str, label: &'static str, setting: PortsSetting| {
        html! { <option {value} selected={current == setting}>{ label }</option> }
    };
    html! {
        <div class="field">
            <label for="ports">{ "Ports" }</label>
            <select id="ports" {onchange} aria-invalid={props.error(&Field::Ports).is_some().to_string()}>
                { option("", if implied { "Not set (ingress, implied by the ingress feature)" } else { "Not set (SkyPilot's default: loadbalancer)" }, PortsSetting::Unset) }
                { option("loadbalancer", "loadbalancer", PortsSetting::Loadbalancer) }
                { option("ingress", "ingress", PortsSetting::Ingress) }
                { option("podip", "podip", PortsSetting::Podip) }
            </select>
            if let Some(error) = props.error(&Field::Ports) {
                <p class="field-error">{ error }</p>
            }
        </div>
    }
}
