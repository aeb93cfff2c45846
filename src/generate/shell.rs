//! Shell quoting for the commands and script skyauth prints, and `kubectl` in a context.

/// `text` as one POSIX shell word: unchanged when it is made of safe characters, otherwise in
/// single quotes with embedded quotes escaped.
pub fn quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b));
    if safe {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `kubectl ARGS` in `context` (`""`: the current one).
pub fn kubectl_in(context: &str, args: &str) -> String {
    if context.is_empty() {
        format!("kubectl {args}")
    } else {
        format!("kubectl --context {} {args}", quote(context))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("sky-sa"), "sky-sa");
        assert_eq!(
            quote("system:serviceaccount:ns:sa"),
            "system:serviceaccount:ns:sa"
        );
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's $(rm -rf /)"), r"'it'\''s $(rm -rf /)'");
    }
}
