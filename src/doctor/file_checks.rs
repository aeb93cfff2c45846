//! Checks of the whole kubeconfig, before its contexts: what kubectl refuses (duplicate names,
//! undecodable `*-data`), a missing or unknown current context, extra YAML documents.

use std::collections::HashSet;

use crate::terminal_text::{escape_controls, has_unsafe_chars};

use super::finding::{Finding, FindingCode, Names, Severity, Situation};
use super::model::Kubeconfig;

/// Checks of the whole file: extra documents, undecodable data, contexts and the current
/// one, duplicate names. The same on every journey.
pub(super) fn file_level_findings(
    config: &Kubeconfig,
    situation: &Situation,
    findings: &mut Vec<Finding>,
) {
    // The names the page's fixes use instead of placeholders.
    let situation = Situation {
        names: Names {
            cluster: config.clusters.first().map(|c| c.name.as_str()),
            user: config.users.first().map(|u| u.name.as_str()),
            first_context: config.contexts.first().map(|c| c.name.as_str()),
            several_contexts: config.contexts.len() > 1,
            ..situation.names
        },
        ..*situation
    };
    let mut push = |code, severity, message: String| {
        findings.push(Finding::new(code, severity, None, message, &situation))
    };
    if config.extra_documents > 0 {
        push(
            FindingCode::ExtraDocuments,
            Severity::Warning,
            format!(
                "The file holds {} more YAML document{} after the first; kubectl and SkyPilot read only the first, and so does this diagnosis.",
                config.extra_documents,
                if config.extra_documents == 1 { "" } else { "s" }
            ),
        );
    }
    let data_fields = config
        .clusters
        .iter()
        .map(|c| {
            (
                "cluster",
                &c.name,
                "certificate-authority-data",
                &c.cluster.certificate_authority_data,
            )
        })
        .chain(config.users.iter().flat_map(|u| {
            [
                (
                    "user",
                    &u.name,
                    "client-certificate-data",
                    &u.user.client_certificate_data,
                ),
                ("user", &u.name, "client-key-data", &u.user.client_key_data),
            ]
        }));
    let redacted =
        |value: &Option<String>| matches!(value.as_deref(), Some("DATA+OMITTED" | "REDACTED"));
    let hidden = config
        .clusters
        .iter()
        .any(|c| redacted(&c.cluster.certificate_authority_data))
        || config.users.iter().any(|u| {
            [
                &u.user.client_certificate_data,
                &u.user.client_key_data,
                &u.user.token,
            ]
            .into_iter()
            .any(redacted)
        });
    if hidden {
        push(
            FindingCode::Redacted,
            Severity::Error,
            "This is `kubectl config view` output: its certificates read `DATA+OMITTED` and its tokens `REDACTED`, so no context of it can authenticate, here or in SkyPilot.".into(),
        );
    }
    for (what, name, field, value) in data_fields {
        if let Some(at) = value.as_deref().and_then(base64_error) {
            push(
                FindingCode::InvalidBase64,
                Severity::Error,
                format!(
                    "The {what} `{name}` has `{field}` that is not valid base64 (at character {at}): kubectl refuses to load this kubeconfig, and so does SkyPilot."
                ),
            );
        }
    }
    if config.contexts.is_empty() {
        push(
            FindingCode::NoContexts,
            Severity::Error,
            "The kubeconfig has no contexts, so SkyPilot has nothing to connect to.".into(),
        );
    }
    match config.current_context.as_deref().filter(|c| !c.is_empty()) {
        None if !config.contexts.is_empty() => push(
            FindingCode::MissingCurrentContext,
            Severity::Warning,
            "No current-context is set; SkyPilot uses the current context unless allowed_contexts lists others.".into(),
        ),
        Some(current) if !config.contexts.iter().any(|c| c.name == current) => push(
            FindingCode::UnknownCurrentContext,
            Severity::Error,
            format!("current-context is `{current}`, but no context has that name."),
        ),
        _ => {}
    }
    let names = [
        (
            "cluster",
            config
                .clusters
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "user",
            config.users.iter().map(|u| u.name.as_str()).collect(),
        ),
        (
            "context",
            config.contexts.iter().map(|c| c.name.as_str()).collect(),
        ),
    ];
    for (what, list) in names {
        let mut seen = HashSet::new();
        let mut reported = HashSet::new();
        for &name in &list {
            if has_unsafe_chars(name) && reported.insert(name) {
                push(
                    FindingCode::UnsafeName,
                    Severity::Warning,
                    format!(
                        "The {what} name `{}` has a control, bidirectional or zero-width character (shown escaped): it reads differently from what it is, so it is escaped in every output and left out of the recommended snippet.",
                        escape_controls(name)
                    ),
                );
            }
        }
        reported.clear();
        for name in list {
            if !seen.insert(name) && reported.insert(name) {
                push(
                    FindingCode::DuplicateName,
                    Severity::Error,
                    format!("Two {what}s are named `{name}`: kubectl refuses to load a kubeconfig with duplicate names."),
                );
            }
        }
    }
}

/// Where `data` stops being base64 as Go's decoder reads kubeconfig bytes (standard alphabet,
/// `=` padding to a multiple of 4, line breaks ignored): the 1-based character, or `None`.
fn base64_error(data: &str) -> Option<usize> {
    let mut count = 0;
    let mut padding = 0;
    for (index, byte) in data.bytes().enumerate() {
        match byte {
            b'\r' | b'\n' => continue,
            b'=' if count % 4 >= 2 => padding += 1,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if padding == 0 => {}
            _ => return Some(index + 1),
        }
        count += 1;
    }
    (count % 4 != 0 || padding > 2).then_some(data.len().max(1))
}

#[cfg(test)]
mod base64_tests {
    use super::base64_error;

    #[test]
    fn base64_is_checked_as_go_decodes_kubeconfig_bytes() {
        for valid in [
            "",
            "TWFu",
            "TWE=",
            "TQ==",
            "TWFu\nTWFu\r\n",
            "LS0tLS1CRUdJTg==",
        ] {
            assert_eq!(base64_error(valid), None, "{valid:?}");
        }
        assert_eq!(base64_error("TWF"), Some(3), "not a multiple of 4");
        assert_eq!(base64_error("TW-u"), Some(3), "URL alphabet");
        assert_eq!(base64_error("T==="), Some(2), "padding too early");
        assert_eq!(base64_error("TQ==TWFu"), Some(5), "data after padding");
        assert_eq!(
            base64_error("/path/to/ca.crt"),
            Some(12),
            "a path, not data"
        );
    }
}
