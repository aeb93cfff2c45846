//! Redaction: secrets are never shown. A credential shows only its length (a hash of it, even
//! a short one, lets anyone with the report test guesses offline); messages built from parse
//! errors say the type of a value, never the value; server URLs lose their user info and
//! query values.

/// `secret` as `redacted (N chars)`.
pub fn redact(secret: &str) -> String {
    format!("redacted ({} chars)", secret.chars().count())
}

/// A parser's message with every scalar value it quotes replaced by the value's type:
/// `exec.args: invalid type: string "--token=abc", expected a sequence` becomes
/// `exec.args: invalid type: a string, expected a sequence`. serde quotes strings in
/// double quotes (escaped as Rust's `Debug` does) and other scalars in backticks after their
/// type; backticks after anything else name a field of the model and stay.
pub(crate) fn without_values(message: &str) -> String {
    const TYPED: [(&str, &str); 5] = [
        ("integer `", "a number"),
        ("floating point `", "a number"),
        ("boolean `", "a boolean"),
        ("character `", "a character"),
        ("string \"", "a string"),
    ];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    'scan: while !rest.is_empty() {
        for (prefix, kind) in TYPED {
            if let Some(after) = rest.strip_prefix(prefix) {
                out.push_str(kind);
                rest = skip_quoted(after, prefix.as_bytes()[prefix.len() - 1]);
                continue 'scan;
            }
        }
        if let Some(after) = rest.strip_prefix('"') {
            out.push_str("a string");
            rest = skip_quoted(after, b'"');
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// What follows a quoted value whose opening `quote` was just read (`\` escapes inside double
/// quotes); everything when it never closes.
fn skip_quoted(text: &str, quote: u8) -> &str {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            byte if byte == quote => return &text[i + 1..],
            _ => i += 1,
        }
    }
    ""
}

/// A server URL fit to show: without user info (`user:password@`), with query values and a
/// fragment replaced (`?token=…`), which may carry credentials.
pub fn displayable_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((before, _)) => (before, true),
        None => (rest, false),
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(at) => before_query.split_at(at),
        None => (before_query, ""),
    };
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let mut out = String::new();
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push_str("://");
    }
    out.push_str(host);
    out.push_str(path);
    if let Some(query) = query {
        out.push('?');
        let names: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{name}=…"),
                None => "…".to_owned(),
            })
            .collect();
        out.push_str(&names.join("&"));
    }
    if fragment {
        out.push_str("#…");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_only_the_length() {
        let shown = redact("sk-very-secret-token");
        assert_eq!(shown, "redacted (20 chars)");
        assert_eq!(redact("hunter2"), "redacted (7 chars)");
    }

    #[test]
    fn parse_messages_keep_types_and_fields_but_no_values() {
        for (message, expected) in [
            (
                r#"users[0].user.exec.args: invalid type: string "--token=abc \"x\", y", expected a sequence"#,
                "users[0].user.exec.args: invalid type: a string, expected a sequence",
            ),
            (
                "c.insecure-skip-tls-verify: invalid type: integer `12345`, expected a boolean",
                "c.insecure-skip-tls-verify: invalid type: a number, expected a boolean",
            ),
            (
                "x: invalid value: floating point `1.5`, expected y",
                "x: invalid value: a number, expected y",
            ),
            (
                "users[0].user: duplicate field `token`",
                "users[0].user: duplicate field `token`",
            ),
            (
                r#"duplicate entry with key "s3cr3t""#,
                "duplicate entry with key a string",
            ),
            (
                "users: invalid type: map, expected a sequence",
                "users: invalid type: map, expected a sequence",
            ),
            (r#"unclosed "abc"#, "unclosed a string"),
        ] {
            assert_eq!(without_values(message), expected);
        }
    }

    #[test]
    fn urls_lose_user_info_and_query_values() {
        for (url, shown) in [
            ("https://127.0.0.1:6443", "https://127.0.0.1:6443"),
            (
                "https://admin:hunter2@localhost:8443/api",
                "https://localhost:8443/api",
            ),
            (
                "http://u:p@[::1]:6443/x?token=abc&debug",
                "http://[::1]:6443/x?token=…&…",
            ),
            (
                "https://localhost?access_token=abc#frag",
                "https://localhost?access_token=…#…",
            ),
            ("localhost:6443", "localhost:6443"),
            ("user:pw@localhost", "localhost"),
        ] {
            assert_eq!(displayable_url(url), shown, "{url}");
        }
    }
}
