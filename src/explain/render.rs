//! The explanation's two reports, as `skyauth explain` prints them: the text report (each
//! refusal: who, what, where, the features needing it and for whom, the setting avoiding it,
//! the patch's objects or what to do; then the patch) and the JSON documented in
//! docs/explain.md. Everything taken from the input is escaped for the terminal.

use serde_json::{json, Value};

use super::advice::{advice, kind, request_text, summary, who};
use super::{ExplainRequest, Explanation, Item, Refusal, NOTHING_RECOGNISED};
use crate::audit::{Scope, Subject};
use crate::terminal_text::{escape_controls, escape_json_text};

/// The text report, one trailing newline.
pub fn text_report(explanation: &Explanation, request: &ExplainRequest) -> String {
    if explanation.items.is_empty() {
        return format!("{NOTHING_RECOGNISED}\n");
    }
    let mut out = format!(
        "{} refusal{} read (SkyPilot {}):\n",
        explanation.items.len(),
        if explanation.items.len() == 1 {
            ""
        } else {
            "s"
        },
        request.skypilot_version
    );
    for (index, item) in explanation.items.iter().enumerate() {
        out += &format!(
            "\n{}. {}\n",
            index + 1,
            escape_controls(&summary(&item.refusal))
        );
        out += &item_text(item);
    }
    for note in &explanation.notes {
        out += &format!("\nnote: {}\n", escape_controls(note));
    }
    if let Some(patch) = &explanation.patch {
        out += &format!(
            "\nThe patch ({} objects; only it with --format patch, or save it as {} and `kubectl apply -f` it):\n",
            explanation
                .patch_parts
                .iter()
                .map(|part| part.entries.len())
                .sum::<usize>(),
            super::PATCH_FILE
        );
        for line in patch.lines() {
            out += &escape_controls(line);
            out += "\n";
        }
    }
    out
}

fn item_text(item: &Item) -> String {
    let mut out = String::new();
    if let Refusal::Rbac(denial) = &item.refusal {
        out += &format!(
            "   who:   {} (`{}`)\n",
            escape_controls(&who(denial)),
            escape_controls(&denial.user)
        );
        let group = if denial.group.is_empty() {
            "the core group".to_owned()
        } else {
            format!("API group {}", escape_controls(&denial.group))
        };
        out += &format!(
            "   what:  {} {} in {group}{}{}\n",
            denial.verb,
            escape_controls(&denial.resource),
            denial
                .subresource
                .as_ref()
                .map(|sub| format!(", subresource {}", escape_controls(sub)))
                .unwrap_or_default(),
            denial
                .name
                .as_ref()
                .map(|name| format!(", object {}", escape_controls(name)))
                .unwrap_or_default()
        );
        out += &format!(
            "   where: {}\n",
            match &denial.namespace {
                Some(namespace) => format!("namespace {}", escape_controls(namespace)),
                None => "cluster scope".to_owned(),
            }
        );
    }
    for need in &item.needs {
        out += &format!(
            "   needed by {} ({}): {}\n     for {}\n",
            need.feature.label(),
            need.feature.id(),
            need.why,
            need.holder.sentence()
        );
        if let Some(kept) = need.kept_because {
            out += &format!("     (kept in the catalogue although no SkyPilot call needs it on every launch: {kept})\n");
        }
    }
    for (feature, setting) in &item.avoided_by {
        out += &format!("   avoid it ({}): {setting}\n", feature.id());
    }
    if let Some(patch) = &item.patch {
        out += &format!("   patch: {} and its binding\n", escape_controls(patch));
    }
    if let Some(text) = advice(&item.refusal, item.verdict) {
        out += &format!("   what to do: {}\n", escape_controls(&text));
    }
    for page in &item.docs {
        out += &format!("   SkyPilot docs: {page}\n");
    }
    out
}

/// The JSON report: pretty JSON with every character a terminal may act on escaped, one
/// trailing newline.
pub fn json_report(
    explanation: &Explanation,
    request: &ExplainRequest,
) -> Result<String, serde_json::Error> {
    let status = match explanation.exit_code() {
        0 => "explained",
        1 => "not-all-skypilot",
        _ => "unreadable",
    };
    let json = json!({
        "status": status,
        "exit_code": explanation.exit_code(),
        "skypilot_version": request.skypilot_version.to_string(),
        "message": if explanation.items.is_empty() { Value::from(NOTHING_RECOGNISED) } else { Value::Null },
        "refusals": explanation.items.iter().map(item_json).collect::<Vec<_>>(),
        "more": explanation.more,
        "notes": explanation.notes,
        "patch": explanation.patch,
    });
    let text = serde_json::to_string_pretty(&json)?;
    Ok(format!("{}\n", escape_json_text(&text)))
}

fn item_json(item: &Item) -> Value {
    let mut value = json!({
        "kind": kind(&item.refusal),
        "verdict": item.verdict.id(),
        "summary": summary(&item.refusal),
        "needed_by": item.needs.iter().map(|need| json!({
            "feature": need.feature.id(),
            "label": need.feature.label(),
            "holder": need.holder.id(),
            "why": need.why,
            "kept_because": need.kept_because,
            "scope": scope_json(&need.scope),
        })).collect::<Vec<_>>(),
        "avoided_by": item.avoided_by.iter().map(|(feature, setting)| json!({
            "feature": feature.id(),
            "setting": setting,
        })).collect::<Vec<_>>(),
        "patch": item.patch,
        "what_to_do": advice(&item.refusal, item.verdict),
        "docs": item.docs,
    });
    let detail = match &item.refusal {
        Refusal::Rbac(denial) => json!({
            "user": denial.user,
            "subject": subject_json(&denial.subject),
            "verb": denial.verb,
            "group": denial.group,
            "resource": denial.resource,
            "subresource": denial.subresource,
            "name": denial.name,
            "namespace": denial.namespace,
            "request": request_text(denial),
        }),
        Refusal::Path { user, verb, path } => json!({"user": user, "verb": verb, "path": path}),
        Refusal::MissingServiceAccount { namespace, name } => {
            json!({"namespace": namespace, "name": name})
        }
        Refusal::Webhook { webhook, message } => json!({"webhook": webhook, "message": message}),
        Refusal::Quota { quota, detail } => json!({"quota": quota, "detail": detail}),
        Refusal::PodSecurity { level, detail } => json!({"level": level, "detail": detail}),
        Refusal::Escalation {
            user,
            object,
            detail,
        } => json!({"user": user, "object": object, "detail": detail}),
        Refusal::BareForbidden => json!({}),
    };
    if let (Value::Object(map), Value::Object(extra)) = (&mut value, detail) {
        map.extend(extra);
    }
    value
}

fn subject_json(subject: &Subject) -> Value {
    match subject {
        Subject::ServiceAccount { namespace, name } => {
            json!({"kind": "ServiceAccount", "namespace": namespace, "name": name})
        }
        Subject::User(name) => json!({"kind": "User", "name": name}),
        Subject::Group(name) => json!({"kind": "Group", "name": name}),
    }
}

fn scope_json(scope: &Scope) -> Value {
    match scope {
        Scope::Namespace(namespace) => json!({"namespace": namespace}),
        Scope::Cluster => json!("cluster"),
    }
}
