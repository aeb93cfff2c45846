//! Checks that untrusted YAML text must pass before serde_yaml parses it: blank input, alias
//! bombs and nesting deep enough to make the scanner slow. Shared by the doctor and the audit.

/// Only whitespace, comments and document markers.
pub(crate) fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// Counts alias-like tokens: `*` followed by an anchor character, at the start of a token.
/// An overcount (a `*word` inside a quoted string) only matters past a caller's limit (the doctor's [`crate::doctor::MAX_ALIASES`]).
pub(crate) fn count_aliases(text: &str) -> usize {
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
pub(crate) fn nesting_exceeds(text: &str, limit: usize) -> bool {
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
