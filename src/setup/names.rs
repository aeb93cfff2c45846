//! Kubernetes name rules: RFC 1123 labels (namespaces) and subdomains (service accounts),
//! with a suggested fix for a name that breaks them.

/// Longest RFC 1123 label.
pub const MAX_LABEL_LEN: usize = 63;
/// Longest RFC 1123 subdomain.
pub const MAX_SUBDOMAIN_LEN: usize = 253;

/// True for an RFC 1123 label: 1–63 of `a-z 0-9 -`, starting and ending alphanumeric.
pub fn is_rfc1123_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_LABEL_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// True for an RFC 1123 subdomain: at most 253 characters of dot-separated labels.
pub fn is_rfc1123_subdomain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_SUBDOMAIN_LEN
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// A valid label close to `name` (lowercased, other characters turned into `-`), if one exists.
pub fn suggest_label(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.trim().chars().map(|c| c.to_ascii_lowercase()) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(MAX_LABEL_LEN).collect();
    let trimmed = trimmed.trim_end_matches('-').to_owned();
    (!trimmed.is_empty() && trimmed != name).then_some(trimmed)
}

/// Namespaces every cluster has from the start, which must never be created or deleted by a
/// manifest.
pub const BUILTIN_NAMESPACES: [&str; 4] =
    ["default", "kube-system", "kube-public", "kube-node-lease"];

/// True for a namespace every cluster already has.
pub fn is_builtin_namespace(name: &str) -> bool {
    BUILTIN_NAMESPACES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for ok in ["default", "a", "team-a", "x1", &"a".repeat(63)] {
            assert!(is_rfc1123_label(ok), "{ok}");
        }
        for bad in [
            "",
            "Team",
            "-a",
            "a-",
            "a.b",
            "a_b",
            "a b",
            "é",
            &"a".repeat(64),
            "default\nkind: Secret",
        ] {
            assert!(!is_rfc1123_label(bad), "{bad}");
        }
    }

    #[test]
    fn subdomains() {
        for ok in [
            "sky-sa",
            "a.b",
            "x",
            &format!("{}.{}", "a".repeat(63), "b".repeat(63)),
        ] {
            assert!(is_rfc1123_subdomain(ok), "{ok}");
        }
        for bad in ["", "a..b", ".a", "a.", "A", "a_b", "x: y", &"a".repeat(254)] {
            assert!(!is_rfc1123_subdomain(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions_are_valid_labels() {
        assert_eq!(suggest_label("Team_A").as_deref(), Some("team-a"));
        assert_eq!(
            suggest_label("  My Namespace!! ").as_deref(),
            Some("my-namespace")
        );
        assert_eq!(suggest_label("___"), None);
        assert_eq!(suggest_label("ok"), None);
        let long = suggest_label(&"A".repeat(100)).unwrap();
        assert!(is_rfc1123_label(&long));
    }
}
