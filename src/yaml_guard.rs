//! Checks that untrusted YAML text must pass before serde_yaml parses it: its size, that it is
//! text, not blank, no alias bomb and no nesting deep enough to make the scanner slow. Shared
//! by the doctor and the audit, which word the refusals for their own input.

/// The limits of one kind of input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub max_bytes: usize,
    pub max_aliases: usize,
    pub max_nesting: usize,
}

/// Why text was not handed to the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    TooLarge { bytes: usize },
    NotText,
    Empty,
    TooDeep,
    TooManyAliases { count: usize },
}

/// `text` without a byte-order mark, when it passes every check of `limits`.
pub(crate) fn admit(text: &str, limits: Limits) -> Result<&str, Refusal> {
    if text.len() > limits.max_bytes {
        return Err(Refusal::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(Refusal::NotText);
    }
    if is_blank(text) {
        return Err(Refusal::Empty);
    }
    if nesting_exceeds(text, limits.max_nesting) {
        return Err(Refusal::TooDeep);
    }
    let count = count_aliases(text);
    if count > limits.max_aliases {
        return Err(Refusal::TooManyAliases { count });
    }
    Ok(text)
}

/// `bytes` as text, when within `limits.max_bytes` and UTF-8 (the other checks are [`admit`]'s).
pub(crate) fn as_text(bytes: &[u8], limits: Limits) -> Result<&str, Refusal> {
    if bytes.len() > limits.max_bytes {
        return Err(Refusal::TooLarge { bytes: bytes.len() });
    }
    std::str::from_utf8(bytes).map_err(|_| Refusal::NotText)
}

/// Only whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// Counts alias-like tokens: `*` followed by an anchor character, at the start of a token.
/// An overcount (a `*word` inside a quoted string) only matters past a caller's limit (the doctor's [`crate::doctor::MAX_ALIASES`]).
fn count_aliases(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b'*'
                && bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b"_-".contains(b))
                && (i == 0 || b" \t\n[{,:-".contains(&bytes[i - 1]))
        })
        .count()
}

/// True when flow brackets (`[`, `{`) or block indicators on one line (`- - - x`) nest deeper
/// than `limit`. Brackets inside quoted strings on the same line are skipped.
fn nesting_exceeds(text: &str, limit: usize) -> bool {
    let mut flow_depth: usize = 0;
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let block_depth = body
            .as_bytes()
            .chunks(2)
            .take_while(|pair| matches!(pair, [b'-' | b'?' | b':', b' ']))
            .count();
        if block_depth > limit {
            return true;
        }
        let mut quote = None;
        for byte in body.bytes() {
            match (quote, byte) {
                (None, b'\'' | b'"') => quote = Some(byte),
                (Some(open), _) if byte == open => quote = None,
                (None, b'#') => break,
                (None, b'[' | b'{') => {
                    flow_depth += 1;
                    if flow_depth > limit {
                        return true;
                    }
                }
                (None, b']' | b'}') => flow_depth = flow_depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    false
}
