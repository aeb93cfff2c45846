//! Kubernetes name rules: RFC 1123 labels (namespaces) and subdomains (service accounts),
//! with a suggested fix for a name that breaks them; and the names of generated objects, which
//! no two accounts or subjects share.

/// Longest RFC 1123 label.
pub const MAX_LABEL_LEN: usize = 63;
/// Longest RFC 1123 subdomain.
pub const MAX_SUBDOMAIN_LEN: usize = 253;

/// The namespace rule in words, for every message that refuses a namespace (page, CLI, audit).
pub const LABEL_RULE: &str = "at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit (RFC 1123 label)";
/// The service-account name rule in words, for every message that refuses one.
pub const SUBDOMAIN_RULE: &str = "lowercase letters, digits, '-' and '.', at most 253 characters, each dot-separated part starting and ending with a letter or digit (RFC 1123 subdomain)";

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

/// A label for `text` of at most `max_len` characters that no other text gets: `text` made a
/// label (as [`suggest_label`] does) when that is lossless, else a prefix of it and a hash of
/// the whole. `alice@example.com` becomes `alice-example-com-` and 8 hex digits.
pub fn unique_label(text: &str, max_len: usize) -> String {
    let lossless = is_rfc1123_label(text) && text.len() <= max_len;
    if lossless {
        return text.to_owned();
    }
    let suffix = format!("{:08x}", fnv1a(text) as u32);
    let readable = suggest_label(text).unwrap_or_default();
    let room = max_len.saturating_sub(suffix.len() + 1);
    let prefix = readable[..readable.len().min(room)].trim_end_matches('-');
    if prefix.is_empty() {
        suffix
    } else {
        format!("{prefix}-{suffix}")
    }
}

/// What a generated object of a service account is for: the last part of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Its ClusterRole.
    ClusterRole,
    /// Its ClusterRoleBinding.
    ClusterRoleBinding,
    /// Its binding to the built-in `cluster-admin`.
    ClusterAdmin,
    /// Its Role and RoleBinding in a namespace SkyPilot fixes (skypilot-system, ...).
    Role,
    /// The audit's patch: its Roles and ClusterRole.
    Patch,
    /// The audit's patch: its bindings.
    PatchBinding,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 6] = [
        Purpose::ClusterRole,
        Purpose::ClusterRoleBinding,
        Purpose::ClusterAdmin,
        Purpose::Role,
        Purpose::Patch,
        Purpose::PatchBinding,
    ];

    fn word(self) -> &'static str {
        match self {
            Purpose::ClusterRole => "cluster-role",
            Purpose::ClusterRoleBinding => "cluster-role-binding",
            Purpose::ClusterAdmin => "cluster-admin",
            Purpose::Role => "role",
            Purpose::Patch => "patch",
            Purpose::PatchBinding => "patch-binding",
        }
    }
}

/// The name of an object generated for service account `account` in `namespace`:
/// `ACCOUNT.NAMESPACE.PURPOSE` (`sky-sa.ml.cluster-role`). Read from the right it is
/// unambiguous: the purpose and the namespace hold no dot (a namespace is a label), so the
/// rest is the account, which may hold dots. Two accounts never share a name, however their
/// names and namespaces are split by `-` (`team-a/sky` and `a/sky-team` once shared eight).
/// For a valid account and namespace it is a DNS-1123 subdomain; the setup's validation keeps
/// it within 253 characters ([`longest_account_object_name`]); past that (an audited subject
/// is not validated) the account part becomes a prefix and a hash of the whole.
pub fn account_object_name(account: &str, namespace: &str, purpose: Purpose) -> String {
    let name = format!("{account}.{namespace}.{}", purpose.word());
    if name.len() <= MAX_SUBDOMAIN_LEN {
        return name;
    }
    let tail = format!("{namespace}.{}", purpose.word());
    let hash = format!("{:016x}", fnv1a(&format!("{account}/{namespace}")));
    let room = MAX_SUBDOMAIN_LEN.saturating_sub(tail.len() + hash.len() + 3);
    let readable = suggest_label(account).unwrap_or_else(|| account.to_owned());
    let prefix = readable[..readable.len().min(room)].trim_end_matches(['-', '.']);
    format!("{prefix}-h.{hash}.{tail}")
}

/// The longest name [`account_object_name`] gives an account (the validation's bound).
pub fn longest_account_object_name(account: &str, namespace: &str) -> String {
    format!(
        "{account}.{namespace}.{}",
        Purpose::ALL
            .iter()
            .map(|purpose| purpose.word())
            .max_by_key(|word| word.len())
            .unwrap_or_default()
    )
}

/// The name of the audit's patch for a user or group (`kind`: `user`, `group`), or of its
/// bindings (`binding`): `NAME.user-patch` when the name is a label, else a readable prefix,
/// a dot and a hash of the name (`alice-example-com.0123456789abcdef.user-patch`). A label
/// holds no dot, so the two forms never meet; and no account object ends in `-patch`.
pub fn subject_patch_name(kind: &str, name: &str, binding: bool) -> String {
    let purpose = if binding {
        format!("{kind}-patch-binding")
    } else {
        format!("{kind}-patch")
    };
    let room = MAX_SUBDOMAIN_LEN - purpose.len() - 1;
    let stem = if is_rfc1123_label(name) {
        name.to_owned()
    } else {
        let hash = format!("{:016x}", fnv1a(name));
        let readable = suggest_label(name).unwrap_or_default();
        let readable = &readable[..readable.len().min(room - hash.len() - 1)];
        let readable = readable.trim_end_matches('-');
        // Never empty, so the stem always holds a dot and no label can spell it.
        let readable = if readable.is_empty() { "h" } else { readable };
        format!("{readable}.{hash}")
    };
    format!("{stem}.{purpose}")
}

/// FNV-1a over `text`: stable across builds and platforms; only uniqueness matters here.
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
    fn unique_labels_are_labels_and_differ_where_the_texts_do() {
        assert_eq!(unique_label("user-alice", 45), "user-alice");
        let a = unique_label("user-alice@example.com", 45);
        let b = unique_label("user-alice.example.com", 45);
        assert!(a.starts_with("user-alice-example-com-"), "{a}");
        assert_ne!(a, b);
        let long = unique_label(&"x".repeat(300), 45);
        assert!(is_rfc1123_label(&long) && long.len() <= 45, "{long}");
        assert!(is_rfc1123_label(&unique_label("@@@", 45)));
    }

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
