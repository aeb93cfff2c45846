//! Step 3: permissions and options. For a custom account: the profile and feature switches;
//! for SERVICE_ACCOUNT / NO_UPLOAD: the launcher's RBAC; for all: how ports are exposed.

use yew::prelude::*;

use super::text_field::TextField;
use super::StepProps;
use crate::setup::{
    Choice, Extra, Feature, Field, PermissionProfile, PortsSetting, SetupEdit, SubjectKind,
};
use crate::ui::prose::prose;

fn extra_text(extra: Extra) -> (&'static str, &'static str, &'static str) {
    match extra {
        Extra::CreateNamespace => (
            "extra-create-namespace",
            "Create the namespace",
            "Adds a Namespace object, for a namespace that does not exist yet.",
        ),
        Extra::TokenSecret => (
            "extra-token-secret",
            "Long-lived token secret",
            "A service-account token Secret (Kubernetes 1.24+ no longer makes one).",
        ),
    }
}

/// One checkbox with its label and description.
fn check(
    id: &str,
    title: &'static str,
    text: &'static str,
    on: bool,
    onchange: Callback<Event>,
) -> Html {
    let desc = format!("{id}-desc");
    html! {
        <div class="check">
            <input type="checkbox" id={id.to_owned()} checked={on} {onchange} aria-describedby={desc.clone()} />
            <label class="title" for={id.to_owned()}>{ title }</label>
            <span class="desc" id={desc}>{ prose(text) }</span>
        </div>
    }
}

fn checked(event: Event) -> bool {
    let input: web_sys::HtmlInputElement = event.target_unchecked_into();
    input.checked()
}

/// A wizard step, drawn by the page's `App` (a plain function: a component would add its lifecycle code to the first load for no memoization the page needs).
pub fn options_step(props: &StepProps) -> Html {
    let setup = &props.setup;
    // What shows is what the outputs read (`Setup::shows`): nothing hidden shapes them.
    html! {
        <section class="step" aria-labelledby="step-options">
            <h2 id="step-options">{ super::Step::Options.badge() }{ "Permissions and options" }</h2>
            if setup.shows(Choice::Profile) { { profiles(props) } }
            if setup.launcher_is_a_choice() || setup.custom_launcher_applies() { { launcher(props) } }
            if setup.shows(Choice::Features) || setup.shows(Choice::Extras) { { features(props) } }
            if setup.shows(Choice::Hardening) { { hardening(props) } }
            { ports(props) }
        </section>
    }
}

fn profiles(props: &StepProps) -> Html {
    let account = &props.setup.account;
    html! {
        <fieldset>
            <legend>{ "Permission profile" }</legend>
            <p class="hint" id="profile-hint">{ "For least privilege pick Minimum. Namespace admin is the default because SkyPilot's own example and kubeconfig script grant it (and links and scripts written before keep it)." }</p>
            <div class="choices">
                { for PermissionProfile::ALL.into_iter().map(|profile| {
                    let entry = profile.entry();
                    let id = format!("profile-{}", entry.id);
                    let onchange = props.on_edit.reform(move |_: Event| SetupEdit::Profile(profile));
                    html! {
                        <label class="choice" for={id.clone()}>
                            <input type="radio" name="profile" id={id.clone()} checked={account.profile == profile} {onchange} />
                            <span class="title">
                                { entry.label }
                                if profile == PermissionProfile::LEAST_PRIVILEGE { <span class="badge">{ "least privilege" }</span> }
                                if profile == PermissionProfile::default() { <span class="badge">{ "default" }</span> }
                            </span>
                            <span class="desc">{ entry.description }</span>
                        </label>
                    }
                }) }
            </div>
            // The rules a profile grants only when asked (SkyPilot's documented Secrets).
            { for account.profile.entry().docs_parity.iter().map(|grant| {
                let onchange = props.on_edit.reform(|event| SetupEdit::DocsSecrets(checked(event)));
                check("docs-secrets", "Also grant Secrets, as SkyPilot's docs do", grant.rule.why, account.docs_secrets, onchange)
            }) }
        </fieldset>
    }
}

/// The optional permission groups (for the custom account or the launcher), and the custom
/// account's extra objects.
fn features(props: &StepProps) -> Html {
    let setup = &props.setup;
    let account = &setup.account;
    html! {
        <fieldset>
            <legend>{ "Features" }</legend>
            <div class="checks">
                { for Feature::optional().filter(|_| setup.shows(Choice::Features)).map(|feature| {
                    let onchange = props.on_edit.reform(move |event| SetupEdit::Feature(feature, checked(event)));
                    let on = setup.features.contains(feature);
                    check(&format!("feature-{}", feature.id()), feature.label(), feature.why(), on, onchange)
                }) }
                if setup.shows(Choice::Extras) {
                    { for Extra::ALL.into_iter().map(|extra| {
                        let (id, title, text) = extra_text(extra);
                        let on = match extra {
                            Extra::CreateNamespace => account.create_namespace,
                            Extra::TokenSecret => account.token_secret,
                        };
                        let onchange = props.on_edit.reform(move |event| SetupEdit::Extra(extra, checked(event)));
                        check(id, title, text, on, onchange)
                    }) }
                }
            </div>
            if setup.features.contains(Feature::GpuMetrics) {
                <TextField
                    id="metrics-namespace"
                    label="Prometheus namespace"
                    value={setup.metrics.prometheus.namespace.clone()}
                    hint="Where SkyPilot's Prometheus runs: `metrics.prometheus.namespace` in the API server's config (SkyPilot 0.14.0+; default `skypilot`). The GPU-metrics permissions go there."
                    error={props.error(&Field::MetricsNamespace)} on_blur={props.touch(Field::MetricsNamespace)}
                    on_input={props.edit_with(SetupEdit::MetricsNamespace)}
                />
            }
        </fieldset>
    }
}

/// The launcher's RBAC: its own in the keyword modes; with a custom account, a binding to the
/// account's roles (it launches in the account's namespace).
fn launcher(props: &StepProps) -> Html {
    let launcher = &props.setup.launcher;
    let custom = props.setup.auth == crate::setup::AuthMethod::Custom;
    let (toggle_label, toggle_desc) = if custom {
        (
            "Bind the launcher to these roles too",
            "SkyPilot creates the account's pods with your kubeconfig identity (the launcher), which needs what the account may do: its bindings name the launcher as well.",
        )
    } else {
        (
            "Generate RBAC for the identity that launches",
            "On every launch SkyPilot creates its service account and roles, in `skypilot-system` too, with the launcher's credentials (your kubeconfig identity, or an API server's account); without these rights it fails with 403.",
        )
    };
    let on_toggle = props
        .on_edit
        .reform(|event| SetupEdit::LauncherEnabled(checked(event)));
    let on_kind = props.on_edit.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        SetupEdit::LauncherKind(match select.value().as_str() {
            "group" => SubjectKind::Group,
            "service_account" => SubjectKind::ServiceAccount,
            _ => SubjectKind::User,
        })
    });
    let kind = |value: &'static str, label: &'static str, subject_kind: SubjectKind| {
        html! { <option {value} selected={launcher.subject_kind == subject_kind}>{ label }</option> }
    };
    let (subject_label, subject_hint) = match launcher.subject_kind {
        SubjectKind::ServiceAccount => (
            "Service account",
            "As NAMESPACE/NAME, e.g. an API server's `skypilot/skypilot-api-sa`.",
        ),
        _ => ("User or group name", "As `kubectl auth whoami` shows it."),
    };
    html! {
        <fieldset>
            <legend>{ "Launcher permissions" }</legend>
            if !custom {
                <TextField
                    id="launcher-namespace"
                    label="Launch namespace"
                    value={launcher.namespace.clone()}
                    hint="Where SkyPilot runs pods; written as `kubernetes.namespace` when not `default`."
                    error={props.error(&Field::LauncherNamespace)} on_blur={props.touch(Field::LauncherNamespace)}
                    on_input={props.edit_with(SetupEdit::LauncherNamespace)}
                />
            }
            <div class="check">
                <input type="checkbox" id="launcher-enabled" checked={launcher.enabled} onchange={on_toggle} aria-describedby="launcher-enabled-desc" />
                <label class="title" for="launcher-enabled">{ toggle_label }</label>
                <span class="desc" id="launcher-enabled-desc">{ prose(toggle_desc) }</span>
            </div>
            if launcher.enabled {
                <div class="nested field-row">
                    <div class="field">
                        <label for="launcher-kind">{ "Subject kind" }</label>
                        <select id="launcher-kind" onchange={on_kind}>
                            { kind("user", "User", SubjectKind::User) }
                            { kind("group", "Group", SubjectKind::Group) }
                            { kind("service_account", "Service account", SubjectKind::ServiceAccount) }
                        </select>
                    </div>
                    <TextField
                        id="launcher-subject"
                        label={subject_label}
                        value={launcher.subject.clone()}
                        hint={subject_hint}
                        error={props.error(&Field::LauncherSubject)} on_blur={props.touch(Field::LauncherSubject)}
                        on_input={props.edit_with(SetupEdit::LauncherSubject)}
                    />
                </div>
            }
            if launcher.namespace == crate::setup::KUBE_SYSTEM { { kube_system_override(props) } }
        </fieldset>
    }
}

/// The explicit override for RBAC in `kube-system`, which validation refuses without it
/// (shown only when a namespace field says `kube-system`).
pub(super) fn kube_system_override(props: &StepProps) -> Html {
    let onchange = props
        .on_edit
        .reform(|event| SetupEdit::AllowKubeSystem(checked(event)));
    check(
        "allow-kube-system",
        "Generate it for kube-system anyway",
        "Everything in `kube-system` amounts to cluster-admin: a pod created there can run as any of the cluster's controller accounts. Prefer a namespace of its own.",
        props.setup.allow_kube_system,
        onchange,
    )
}

/// Hardened namespaces: Pod Security labels on the namespaces the manifest creates, and
/// OpenShift's SCC bindings (`catalogue::pod_security`).
fn hardening(props: &StepProps) -> Html {
    use crate::catalogue::pod_security::{OPENSHIFT_SCC_DOCS, POD_SECURITY_DOCS};
    let hardening = &props.setup.hardening;
    let on_labels = props
        .on_edit
        .reform(|event| SetupEdit::PodSecurityLabels(checked(event)));
    let on_openshift = props
        .on_edit
        .reform(|event| SetupEdit::OpenShift(checked(event)));
    html! {
        <fieldset>
            <legend>{ "Hardened namespaces" }</legend>
            <p class="hint">
                { prose("SkyPilot's pods run as root with no securityContext: a namespace must allow Pod Security level `baseline`, or `privileged` with bucket mounts or the host network. The check script reads each namespace's level. ") }
                <a href={POD_SECURITY_DOCS}>{ "Pod Security Admission" }</a>
                { ", " }
                <a href={OPENSHIFT_SCC_DOCS}>{ "OpenShift SCCs" }</a>
                { ", " }
                <a href={crate::catalogue::SKYPILOT_PERMISSIONS_DOCS}>{ "SkyPilot on Kubernetes" }</a>
            </p>
            <div class="checks">
                { check(
                    "pod-security-labels",
                    "Pod Security labels",
                    "Label the namespaces the manifest creates with the level SkyPilot's pods need there (`enforce`, `warn`, `audit`); the next steps label the others.",
                    hardening.pod_security_labels,
                    on_labels,
                ) }
                { check(
                    "openshift",
                    "OpenShift",
                    "Let the pods' account use the SCC its pods need: `anyuid` (root), `hostmount-anyuid` for bucket mounts, `privileged` for the host network and the FUSE daemonset in `skypilot-system`.",
                    hardening.openshift,
                    on_openshift,
                ) }
            </div>
        </fieldset>
    }
}

fn ports(props: &StepProps) -> Html {
    let current = props.setup.ports;
    let implied = crate::setup::effective_setup(&props.setup).wants_ingress()
        && current == PortsSetting::Unset;
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
                { option("", if implied { "ingress (written because the Ingress feature is on)" } else { "Not set (SkyPilot's default: loadbalancer)" }, PortsSetting::Unset) }
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::setup::{AuthMethod, Setup};

    /// The step as a component, for the server-side renderer.
    #[function_component(OptionsStep)]
    fn rendered(props: &StepProps) -> Html {
        options_step(props)
    }

    /// One checkbox per optional group of the catalogue, with its label: a new group cannot
    /// be forgotten on the page.
    #[tokio::test]
    async fn every_optional_group_has_a_checkbox() {
        let props = StepProps {
            setup: Rc::new(Setup {
                auth: crate::setup::AuthMethod::Custom,
                ..Setup::default()
            }),
            errors: Rc::new(Vec::new()),
            warnings: Rc::new(Vec::new()),
            on_edit: Callback::noop(),
            on_touch: Callback::noop(),
        };
        let html = yew::LocalServerRenderer::<OptionsStep>::with_props(props)
            .hydratable(false)
            .render()
            .await;
        for feature in Feature::optional() {
            let label = format!(
                r#"<label for="feature-{}" class="title">{}</label>"#,
                feature.id(),
                feature.label()
            );
            assert!(html.contains(&label), "no checkbox for {feature:?}: {html}");
        }
    }

    async fn render(setup: Setup, errors: Vec<crate::setup::SetupError>) -> String {
        let props = StepProps {
            setup: Rc::new(setup),
            errors: Rc::new(errors),
            warnings: Rc::new(Vec::new()),
            on_edit: Callback::noop(),
            on_touch: Callback::noop(),
        };
        yew::LocalServerRenderer::<OptionsStep>::with_props(props)
            .hydratable(false)
            .render()
            .await
    }

    fn custom(profile: PermissionProfile) -> Setup {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            ..Setup::default()
        };
        setup.account.profile = profile;
        setup
    }

    /// Minimum offers SkyPilot's documented Secrets as a choice, off, with the catalogue's
    /// reason; Namespace admin, which holds them anyway, does not.
    #[tokio::test]
    async fn the_documented_secrets_are_a_visible_choice_of_the_minimum_profile() {
        let label = r#"<label for="docs-secrets" class="title">Also grant Secrets, as SkyPilot's docs do</label>"#;
        let minimal = render(custom(PermissionProfile::Minimal), Vec::new()).await;
        assert!(minimal.contains(label), "{minimal}");
        assert!(
            !minimal.contains(r#"id="docs-secrets" checked"#),
            "off by default"
        );
        assert!(
            minimal.contains("granted by choice for parity"),
            "{minimal}"
        );
        let admin = render(custom(PermissionProfile::NamespaceAdmin), Vec::new()).await;
        assert!(!admin.contains("docs-secrets"), "{admin}");
    }

    /// The Prometheus namespace is a field while GPU metrics are on, with its error beside it.
    #[tokio::test]
    async fn the_prometheus_namespace_is_a_field_while_gpu_metrics_are_on() {
        let mut setup = custom(PermissionProfile::Minimal);
        let off = render(setup.clone(), Vec::new()).await;
        assert!(!off.contains("metrics-namespace"), "{off}");
        setup.features.set(Feature::GpuMetrics, true);
        setup.metrics.prometheus.namespace = "Bad NS".into();
        let errors = crate::setup::validate(&setup);
        let on = render(setup, errors).await;
        assert!(
            on.contains(r#"<label for="metrics-namespace">Prometheus namespace</label>"#),
            "{on}"
        );
        assert!(
            on.contains("Prometheus namespace <code>Bad NS</code> is not a valid namespace"),
            "{on}"
        );
    }

    /// A launcher in kube-system gets the explicit override beside its namespace.
    #[tokio::test]
    async fn a_launcher_in_kube_system_is_offered_the_explicit_override() {
        let mut setup = Setup::default();
        setup.launcher.enabled = true;
        setup.launcher.namespace = "kube-system".into();
        let html = render(setup, Vec::new()).await;
        assert!(html.contains(r#"<label for="allow-kube-system" class="title">Generate it for kube-system anyway</label>"#), "{html}");
        let html = render(Setup::default(), Vec::new()).await;
        assert!(!html.contains("allow-kube-system"));
    }
}
