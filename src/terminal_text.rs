//! Text from untrusted input made safe to print on a terminal: a crafted kubeconfig or RBAC
//! export must not clear the screen, rewrite the title, set the clipboard (OSC 52) or reorder
//! what is shown (bidirectional overrides). Every CLI text report passes what it took from the
//! input through [`escape_controls`]; the report's own line breaks are added around it.

use std::borrow::Cow;

/// True for characters a terminal may act on rather than show: C0 controls (tab and line
/// breaks included: in input they could forge report lines), DEL, C1 controls, and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe_on_terminal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
        // Backslashes (Windows paths) stay as they are.
        assert_eq!(escape_controls("C:\\bin\\oci.exe"), "C:\\bin\\oci.exe");
    }
}
