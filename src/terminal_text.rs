//! Text from untrusted input made safe to print on a terminal: a crafted kubeconfig or RBAC
//! export must not clear the screen, rewrite the title, set the clipboard (OSC 52) or reorder
//! what is shown (bidirectional overrides). Every CLI text report passes what it took from the
//! input through [`escape_controls`]; the report's own line breaks are added around it.
//!
//! [`is_unsafe_on_terminal`] is also the one rule for names: a name a user types (a context, a
//! launcher, `verify --user`) with such a character is refused ([`has_unsafe_chars`]); a name
//! read from a file is kept, escaped in every output (the text report here, JSON by
//! [`escape_json_text`], YAML by the emitter's double-quoted escapes) and flagged by the
//! doctor (`unsafe-name`).

use std::borrow::Cow;

/// True for characters a terminal may act on rather than show, or that make a name read
/// differently from what it is: C0 controls (tab and line breaks included: in input they
/// could forge report lines), DEL, C1 controls, and the [`is_invisible_format`] characters.
pub fn is_unsafe_on_terminal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}') || is_invisible_format(c)
}

/// Invisible formatting characters: bidirectional embeddings, overrides, isolates and marks
/// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width spaces and joiners
/// (U+200B–U+200D, U+2060–U+2064) and the byte-order mark (U+FEFF). None shows, and the
/// bidirectional ones reorder what follows: `prod\u{202e}ved` shows as `proddev`.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// True when `text` has a character of [`is_unsafe_on_terminal`]: a name typed with one is
/// refused, a name read from a file with one is flagged.
pub fn has_unsafe_chars(text: &str) -> bool {
    text.chars().any(is_unsafe_on_terminal)
}

/// JSON text (as serde_json writes it) with every character of [`is_unsafe_on_terminal`] but
/// the C0 controls written as a `\uXXXX` escape: the same JSON value, but no raw control,
/// bidirectional or zero-width character on the screen or in a file. serde_json escapes C0
/// controls in strings itself, so a raw one is layout (the line breaks of pretty output);
/// the others are in the Basic Multilingual Plane (one escape each) and never outside a
/// string, so every one replaced is inside a string.
pub fn escape_json_text(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| is_unsafe_on_terminal(c) && c > '\u{1f}';
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every character of [`is_unsafe_on_terminal`] written as a visible escape
/// (`\u{1b}`); borrowed unchanged when there is none (the common case).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_value_and_loses_raw_invisible_characters() {
        let name = "prod\u{202e}ved\u{200b}\u{7f}\u{1b}";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "name": name })).unwrap();
        let escaped = escape_json_text(&json);
        assert!(!has_unsafe_chars(&escaped.replace('\n', "")), "{escaped}");
        assert!(
            escaped.contains("\\u202e") && escaped.contains("\\u200b"),
            "{escaped}"
        );
        let read: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(read["name"], name);
        assert!(matches!(
            escape_json_text("{\"a\":\"é\"}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_and_bidi_overrides_become_visible_escapes() {
        assert_eq!(escape_controls("gke-prod"), "gke-prod");
        assert!(matches!(escape_controls("plain ünïcode"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}]52;c;SGVsbG8=\u{7}b"),
            "a\\u{1b}]52;c;SGVsbG8=\\u{7}b"
        );
        assert_eq!(escape_controls("x\u{1b}[2Jy"), "x\\u{1b}[2Jy");
        assert_eq!(escape_controls("1\n2\r3\t4"), "1\\u{a}2\\u{d}3\\u{9}4");
        assert_eq!(
            escape_controls("\u{7f}\u{85}\u{9b}"),
            "\\u{7f}\\u{85}\\u{9b}"
        );
        assert_eq!(
            escape_controls("a\u{202e}b\u{2066}c\u{2069}"),
            "a\\u{202e}b\\u{2066}c\\u{2069}"
        );
        assert_eq!(
            escape_controls("a\u{200b}b\u{200f}c\u{feff}"),
            "a\\u{200b}b\\u{200f}c\\u{feff}"
        );
        // Backslashes (Windows paths) stay as they are.
        assert_eq!(escape_controls("C:\\bin\\oci.exe"), "C:\\bin\\oci.exe");
    }
}
