//! The root component: holds the state (`use_reducer`), keeps the setup in the URL fragment,
//! and lays out the wizard steps beside the live output.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use super::analysis_client::{ask, Reply, OTHER_ANSWER};
use super::browser;
use super::components::account_step::account_step;
use super::components::audit_panel::AuditPanel;
use super::components::auth_step::auth_step;
use super::components::contexts_step::ContextsStep;
use super::components::copy_link::CopyLink;
use super::components::doctor_panel::DoctorPanel;
use super::components::explain_panel::ExplainPanel;
use super::components::journey_step::journey_step;
use super::components::options_step::options_step;
use super::components::output_panel::OutputPanel;
use super::components::teams_step::TeamsStep;
use super::components::{control_id, StepProps};
use super::link_sync::use_link_sync;
use super::state::{Action, AppState};
use crate::analysis::Query;
use crate::generate::generate_partial;
use crate::setup::{warnings, Field, SetupEdit};
use crate::share;

/// A callback, made once, that turns its argument into an action: components whose data did
/// not change skip re-rendering (the doctor's lists stay untouched while the wizard is edited).
#[hook]
fn use_action<T: 'static>(
    dispatcher: UseReducerDispatcher<AppState>,
    make: fn(T) -> Action,
) -> Callback<T> {
    use_callback((), move |value: T, _| dispatcher.dispatch(make(value)))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_fragment(&browser::fragment()));
    let setup = state.setup.clone();
    // Every output no error blocks; beside the fields, the errors of touched fields only
    // (all of them once the output was asked for, or for a shared link).
    let output = use_memo(setup.clone(), |setup| generate_partial(setup));
    let errors = {
        // Keyed by the setup (the output follows it): comparing outputs would cost more.
        let output = output.clone();
        use_memo(
            (setup.clone(), state.attention.clone()),
            move |(_, attention)| attention.visible(&output.errors),
        )
    };
    let setup_warnings = use_memo(setup.clone(), |setup| warnings(setup));

    // The setup lives in the URL fragment (never the kubeconfig). While a link's settings could
    // not all be read, the link stays as it was; the first edit writes the setup again.
    // The link carries what the outputs are made from: no choice the page hides.
    let fragment = use_memo(setup.clone(), |setup| {
        AttrValue::from(share::to_fragment(&*setup.applied()))
    });
    use_link_sync(
        fragment.clone(),
        state.history,
        state.link_error.is_some() || state.reading_link.is_some(),
    );
    // A link's settings are read in the analysis worker (the page links no reader of links);
    // they arrive as the edits that make them.
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.reading_link.clone(), move |reading| {
            if let Some(fragment) = reading.clone() {
                let query = Query::Link(fragment.to_string());
                let on_reply = Callback::from(move |reply: Reply| {
                    let read = reply
                        .and_then(|answer| answer.link().ok_or_else(|| OTHER_ANSWER.to_owned()));
                    dispatch.dispatch(Action::LinkRead {
                        fragment: fragment.clone(),
                        read,
                    });
                });
                ask(query, on_reply);
            }
        });
    }
    // The check script follows the RBAC the page writes (a context's own account too).
    let check_script = use_memo(setup.clone(), |setup| {
        crate::audit::verify_script::VerifyPlan::applies_to(setup)
    });
    // Back, forward and hand-edited URLs restore the setup they name.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let on_pop = {
                let dispatch = dispatch.clone();
                EventListener::new(&gloo::utils::window(), "popstate", move |_| {
                    dispatch.dispatch(Action::FollowUrl(browser::fragment()))
                })
            };
            let on_hash = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                dispatch.dispatch(Action::FollowUrl(browser::fragment()))
            });
            move || drop((on_pop, on_hash))
        });
    }

    let on_edit = use_action(state.dispatcher(), Action::Edit);
    let on_touch = use_action(state.dispatcher(), Action::Touch);
    // A blocked output's "Go to FIELD": every problem shows, and the field gets the focus.
    let on_fix = {
        let dispatch = state.dispatcher();
        use_callback(setup.clone(), move |field: Field, setup| {
            dispatch.dispatch(Action::ShowProblems);
            if let Some(id) = control_id(setup, &field) {
                browser::focus(&id);
            }
        })
    };
    let step = StepProps {
        setup: setup.clone(),
        errors: errors.clone(),
        warnings: setup_warnings,
        on_edit: on_edit.clone(),
        on_touch,
    };
    let account_used = setup.applied().uses_custom_account();

    let on_kubeconfig = use_action(state.dispatcher(), Action::SetKubeconfig);
    let on_sky_config = use_action(state.dispatcher(), Action::SetSkyConfig);
    let on_journey = use_action(state.dispatcher(), Action::JudgeFor);
    let on_edits = use_action(state.dispatcher(), Action::Edits);
    let on_use_identity = use_action(state.dispatcher(), |identity| {
        Action::Edit(SetupEdit::UseIdentity(identity))
    });

    let on_rbac = use_action(state.dispatcher(), Action::SetRbac);
    let on_audit_subject = use_action(state.dispatcher(), Action::SetAuditSubject);
    let on_audit_feature = use_action(state.dispatcher(), |(feature, on)| {
        Action::SetAuditFeature(feature, on)
    });
    let audit_features = use_memo(state.audit_features(), |features| features.clone());
    // An in-page jump moves the focus (and the view) to the output without touching the
    // fragment, which carries the setup: `#output` there would make a reload lose it.
    let to_output = use_callback((), |event: MouseEvent, _| {
        event.prevent_default();
        browser::jump_to("output");
    });

    let reading_link = state.reading_link.is_some();
    html! {
        <>
            <a class="skip-link" href="#output" onclick={to_output.clone()}>{ "Skip to the output" }</a>
            <header class="site-header">
                <div class="inner">
                    <div class="brand">
                        <img src="logo.svg" alt="" width="36" height="36" />
                        <div>
                            <h1>{ "skyauth" }</h1>
                            <p>{ "SkyPilot on Kubernetes, authenticated right: RBAC, config, a kubeconfig doctor and an RBAC audit." }</p>
                        </div>
                    </div>
                    <p class="privacy">{ "Runs entirely in your browser: nothing you enter leaves this page." }</p>
                </div>
            </header>
            <main aria-busy={reading_link.to_string()}>
                if reading_link {
                    <p class="alert" role="status">{ "Opening the link's settings…" }</p>
                }
                if let Some(message) = &state.link_error {
                    <p class="alert" role="alert">{ message }</p>
                }
                if let Some(message) = &state.link_note {
                    <p class="alert" role="status">{ message }</p>
                }
                <div class="layout">
                    <div class="steps">
                        { journey_step(&step) }
                        { auth_step(&step) }
                        if account_used { { account_step(&step) } }
                        { options_step(&step) }
                        // One column (phones, narrow windows): the output is below every step;
                        // this link reaches it from where the choices end.
                        <a class="to-output" href="#output" onclick={to_output}>{ "See the generated RBAC and config ↓" }</a>
                        <ContextsStep ..step.clone() />
                        <TeamsStep ..step.clone() />
                        <DoctorPanel
                            kubeconfig={state.kubeconfig.clone()}
                            wizard_identity={crate::setup::effective_setup(&setup).remote_identity()}
                            sky_config={state.sky_config.clone()}
                            journey={state.doctor_journey()}
                            skypilot_version={setup.skypilot_version}
                            {on_kubeconfig}
                            {on_sky_config}
                            {on_journey}
                            {on_use_identity}
                            {on_edits}
                        />
                        <AuditPanel
                            rbac={state.rbac.clone()}
                            subject={AttrValue::from(state.audit_subject())}
                            features={audit_features}
                            wizard_namespace={AttrValue::from(state.audit_namespace())}
                            metrics_namespace={AttrValue::from(state.setup.metrics.prometheus.namespace.clone())}
                            skypilot_version={setup.skypilot_version}
                            {on_rbac}
                            on_subject={on_audit_subject}
                            on_feature={on_audit_feature}
                        />
                        <ExplainPanel
                            metrics_namespace={AttrValue::from(state.setup.metrics.prometheus.namespace.clone())}
                            skypilot_version={setup.skypilot_version}
                        />
                    </div>
                    <section class="output-column" id="output" aria-labelledby="output-heading" tabindex="-1">
                        <h2 id="output-heading">{ "Your configuration" }</h2>
                        <CopyLink fragment={(state.link_error.is_none() && !reading_link).then(|| (*fragment).clone())} />
                        <OutputPanel
                            output={Rc::clone(&output)}
                            {on_fix}
                            fragment={(*fragment).clone()}
                            check_script={*check_script}
                            other_clusters={setup.reaches_other_clusters()}
                            kubeconfig_script={setup.applied().auth == crate::setup::AuthMethod::Custom}
                            teams={setup.has_teams()}
                        />
                    </section>
                </div>
            </main>
            <footer>
                <p>{ "skyauth follows SkyPilot's documented Kubernetes permissions. Review the RBAC before you apply it." }</p>
            </footer>
        </>
    }
}
