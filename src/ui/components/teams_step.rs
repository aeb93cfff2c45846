//! The teams step: SkyPilot workspaces, each with its contexts, namespace, identity, the
//! profile of its own account and, on a laptop, its own launcher. Teams are keyed by name, so a
//! name (and the contexts, which are split into a list) are committed when the field is left;
//! the rest follows every keystroke.

use yew::prelude::*;

use super::contexts_step::split_names;
use super::{Step, StepProps};
use crate::catalogue::PermissionProfile;
use crate::setup::{Deployment, Field, RemoteIdentity, SetupEdit, SubjectKind, Team, TeamEdit};
use crate::ui::prose::prose;

#[function_component(TeamsStep)]
pub fn teams_step(props: &StepProps) -> Html {
    // A rename refused because another team has the name: (the team's position, the message).
    let rename_error = use_state(|| None::<(usize, String)>);
    let setup = &props.setup;
    let on_add = props
        .on_edit
        .reform(|_: MouseEvent| SetupEdit::Team(TeamEdit::Add));
    html! {
        <section class="step" aria-labelledby="step-teams">
            <h2 id="step-teams">{ Step::Teams.badge() }{ "Teams" }</h2>
            <p class="lead">{ prose("Optional: SkyPilot workspaces (`workspaces:`), each with its own contexts, namespace and identity, and RBAC of its own. What a team leaves empty it inherits from the steps above; its users pick it with `sky launch --workspace NAME`.") }</p>
            { for setup.teams.iter().enumerate().map(|(index, (name, team))| team_row(props, &rename_error, index, name, team)) }
            <button type="button" class="button" onclick={on_add}>{ "Add a team" }</button>
            // Once for every identity field (an id is unique on the page).
            <datalist id="team-identity-keywords">
                { for RemoteIdentity::KEYWORDS.iter().map(|keyword| html! { <option value={*keyword} /> }) }
            </datalist>
        </section>
    }
}

fn team_row(
    props: &StepProps,
    rename_error: &UseStateHandle<Option<(usize, String)>>,
    index: usize,
    name: &str,
    team: &Team,
) -> Html {
    let setup = &props.setup;
    let edit = |make: fn(String, String) -> TeamEdit| {
        let team = name.to_owned();
        props.on_edit.reform(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            SetupEdit::Team(make(team.clone(), input.value()))
        })
    };
    let on_rename = {
        let (from, on_edit, taken) = (name.to_owned(), props.on_edit.clone(), setup.teams.clone());
        let rename_error = rename_error.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let to = input.value().trim().to_owned();
            if to != from && taken.contains_key(&to) {
                rename_error.set(Some((
                    index,
                    format!("Another team is named `{to}`: choose another name."),
                )));
                return;
            }
            rename_error.set(None);
            on_edit.emit(SetupEdit::Team(TeamEdit::Rename {
                from: from.clone(),
                to,
            }));
        })
    };
    let on_contexts = {
        let team = name.to_owned();
        props.on_edit.reform(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            SetupEdit::Team(TeamEdit::Contexts {
                team: team.clone(),
                contexts: split_names(&input.value()),
            })
        })
    };
    let on_remove = {
        let team = name.to_owned();
        props
            .on_edit
            .reform(move |_: MouseEvent| SetupEdit::Team(TeamEdit::Remove(team.clone())))
    };
    let name_error = match &**rename_error {
        Some((at, message)) if *at == index => Some(AttrValue::from(message.clone())),
        _ => props.error(&Field::TeamName(name.to_owned())),
    };
    let inherited = setup.team_targets(&Team::default());
    let inherited_identity = inherited
        .first()
        .map(|target| target.identity.as_config_value().to_owned())
        .unwrap_or_default();
    let inherited_namespace = inherited
        .first()
        .map(|target| target.namespace.clone())
        .unwrap_or_default();
    let own_account = team.has_own_account(setup.skypilot_version);
    let legend = format!("Team {name}");
    html! {
        <fieldset class="team" key={index}>
            <legend>{ legend }</legend>
            { field(&format!("team-name-{index}"), "Team name", name_error.clone(), html! {
                <input type="text" id={format!("team-name-{index}")} value={name.to_owned()} spellcheck="false" autocomplete="off"
                    aria-invalid={name_error.is_some().to_string()}
                    aria-describedby={name_error.as_ref().map(|_| format!("team-name-{index}-error"))}
                    onchange={on_rename} />
            }) }
            { text(props, format!("team-contexts-{index}"), "Contexts", &team.contexts.join(", "), "inherited from step 4",
                Field::TeamContexts(name.to_owned()), Callback::noop(), Some(on_contexts)) }
            { text(props, format!("team-namespace-{index}"), "Namespace", &team.namespace, &format!("inherited: {inherited_namespace}"),
                Field::TeamNamespace(name.to_owned()), edit(|team, value| TeamEdit::Namespace { team, value }), None) }
            { text(props, format!("team-identity-{index}"), "Identity (remote_identity)", &team.identity, &format!("inherited: {inherited_identity}"),
                Field::TeamIdentity(name.to_owned()), edit(|team, value| TeamEdit::Identity { team, value }), None) }
            if own_account { { profile_select(props, index, name, team) } }
            { context_values(props, index, name, team, &inherited_namespace, &inherited_identity) }
            if setup.deployment == Deployment::Cli { { launcher(props, index, name, team) } }
            <button type="button" class="button small" onclick={on_remove}>{ format!("Remove team {name}") }</button>
        </fieldset>
    }
}

/// The team's namespace and identity in single contexts (`context_configs.<ctx>`), folded
/// away unless it has some: one row per context it may use.
fn context_values(
    props: &StepProps,
    index: usize,
    name: &str,
    team: &Team,
    inherited_namespace: &str,
    inherited_identity: &str,
) -> Html {
    let contexts = props.setup.team_value_contexts(team);
    if contexts.is_empty() {
        return html! {};
    }
    let namespace = if team.namespace.is_empty() {
        inherited_namespace
    } else {
        &team.namespace
    };
    let identity = if team.identity.is_empty() {
        inherited_identity
    } else {
        &team.identity
    };
    let rows = contexts.iter().enumerate().map(|(row, context)| {
        let edit = |make: fn(String, String, String) -> TeamEdit| {
            let (team, context) = (name.to_owned(), context.clone());
            props.on_edit.reform(move |event: InputEvent| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                SetupEdit::Team(make(team.clone(), context.clone(), input.value()))
            })
        };
        let value = |values: &std::collections::BTreeMap<String, String>| {
            values.get(context).cloned().unwrap_or_default()
        };
        html! {
            <div class="team-context">
                { text(props, format!("team-context-namespace-{index}-{row}"), &format!("Namespace in {context}"),
                    &value(&team.context_namespaces), &format!("team's: {namespace}"),
                    Field::TeamContextNamespace(name.to_owned(), context.clone()),
                    edit(|team, context, value| TeamEdit::ContextNamespace { team, context, value }), None) }
                { text(props, format!("team-context-identity-{index}-{row}"), &format!("Identity in {context}"),
                    &value(&team.context_identities), &format!("team's: {identity}"),
                    Field::TeamContextIdentity(name.to_owned(), context.clone()),
                    edit(|team, context, value| TeamEdit::ContextIdentity { team, context, value }), None) }
            </div>
        }
    });
    let open = team.override_contexts().next().is_some();
    html! {
        <details class="team-contexts" {open}>
            <summary>{ format!("Per context ({})", contexts.len()) }</summary>
            <p class="hint">{ prose("A value here beats the team's in that context only (`context_configs.<ctx>`, SkyPilot 0.13+).") }</p>
            { for rows }
        </details>
    }
}

/// A labelled control with its hint and error.
fn field(id: &str, label: &str, error: Option<AttrValue>, control: Html) -> Html {
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            { control }
            if let Some(error) = error { <p class="field-error" id={format!("{id}-error")}>{ prose(&error) }</p> }
        </div>
    }
}

/// A team's text field: edited as typed (`on_input`), or committed when left (`on_change`).
#[allow(clippy::too_many_arguments)]
fn text(
    props: &StepProps,
    id: String,
    label: &str,
    value: &str,
    placeholder: &str,
    field_id: Field,
    on_input: Callback<InputEvent>,
    on_change: Option<Callback<Event>>,
) -> Html {
    let error = props.error(&field_id);
    let described = error.as_ref().map(|_| format!("{id}-error"));
    // Identities are offered SkyPilot's keywords.
    let list = id.contains("identity").then_some("team-identity-keywords");
    let control = html! {
        <>
            <input type="text" id={id.clone()} value={value.to_owned()} spellcheck="false" autocomplete="off"
                placeholder={placeholder.to_owned()} list={list}
                aria-invalid={error.is_some().to_string()} aria-describedby={described}
                oninput={on_input} onchange={on_change} onblur={props.touch(field_id)} />
        </>
    };
    field(&id, label, error, control)
}

fn profile_select(props: &StepProps, index: usize, name: &str, team: &Team) -> Html {
    let id = format!("team-profile-{index}");
    let team_name = name.to_owned();
    let onchange = props.on_edit.reform(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let profile = PermissionProfile::from_id(&select.value()).unwrap_or_default();
        SetupEdit::Team(TeamEdit::Profile {
            team: team_name.clone(),
            profile,
        })
    });
    let control = html! {
        <select id={id.clone()} {onchange}>
            { for PermissionProfile::ALL.iter().map(|profile| html! {
                <option value={profile.as_str()} selected={*profile == team.profile}>{ profile.entry().label }</option>
            }) }
        </select>
    };
    field(&id, "Permissions of the team's account", None, control)
}

/// On a laptop: who launches for the team (its users' user or group); empty: the launcher of
/// step 3.
fn launcher(props: &StepProps, index: usize, name: &str, team: &Team) -> Html {
    let kind_id = format!("team-launcher-kind-{index}");
    let id = format!("team-launcher-{index}");
    let (team_name, subject) = (name.to_owned(), team.launcher_subject.clone());
    let on_kind = props.on_edit.reform(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let kind = match select.value().as_str() {
            "group" => SubjectKind::Group,
            "service_account" => SubjectKind::ServiceAccount,
            _ => SubjectKind::User,
        };
        SetupEdit::Team(TeamEdit::Launcher {
            team: team_name.clone(),
            kind,
            subject: subject.clone(),
        })
    });
    let (team_name, kind) = (name.to_owned(), team.launcher_kind);
    let on_subject = props.on_edit.reform(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        SetupEdit::Team(TeamEdit::Launcher {
            team: team_name.clone(),
            kind,
            subject: input.value(),
        })
    });
    let field_id = Field::TeamLauncher(name.to_owned());
    let error = props.error(&field_id);
    let kinds = [
        (SubjectKind::User, "user", "User"),
        (SubjectKind::Group, "group", "Group"),
        (
            SubjectKind::ServiceAccount,
            "service_account",
            "Service account (NS/NAME)",
        ),
    ];
    let control = html! {
        <div class="inline">
            <select id={kind_id} aria-label={format!("Launcher kind of team {name}")} onchange={on_kind}>
                { for kinds.iter().map(|(value, id, label)| html! {
                    <option value={*id} selected={*value == team.launcher_kind}>{ *label }</option>
                }) }
            </select>
            <input type="text" id={id.clone()} value={team.launcher_subject.clone()} spellcheck="false" autocomplete="off"
                placeholder="the launcher of step 3" aria-invalid={error.is_some().to_string()}
                oninput={on_subject} onblur={props.touch(field_id)} />
        </div>
    };
    field(&id, "Who launches for this team (optional)", error, control)
}
