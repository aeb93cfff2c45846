//! Light YAML highlighting: splits generated YAML into classed spans. Pure, so it is tested
//! natively; the text is rendered by Yew, which escapes it.

/// What a piece of a YAML line is, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// `# ...` comments.
    Comment,
    /// A mapping key, with its colon.
    Key,
    /// A scalar value.
    Value,
    /// `---` document separators and `- ` list markers.
    Punct,
    /// Indentation and anything else.
    Plain,
}

/// Splits `yaml` into (token, text) pieces whose texts concatenate back to `yaml` exactly.
pub fn highlight_yaml(yaml: &str) -> Vec<(Token, &str)> {
    let mut out = Vec::new();
    for line in yaml.split_inclusive('\n') {
        highlight_line(line, &mut out);
    }
    out
}

fn highlight_line<'a>(line: &'a str, out: &mut Vec<(Token, &'a str)>) {
    let body_end = line.trim_end_matches(['\n', '\r']).len();
    let (body, newline) = line.split_at(body_end);
    let indent_len = body.len() - body.trim_start_matches(' ').len();
    let (indent, mut rest) = body.split_at(indent_len);
    push(out, Token::Plain, indent);

    if rest.starts_with('#') {
        push(out, Token::Comment, rest);
    } else if rest == "---" {
        push(out, Token::Punct, rest);
    } else {
        while let Some(after) = rest.strip_prefix("- ") {
            push(out, Token::Punct, &rest[..2]);
            rest = after;
        }
        match key_end(rest) {
            Some(end) => {
                push(out, Token::Key, &rest[..end]);
                push(out, Token::Value, &rest[end..]);
            }
            None if rest == "-" => push(out, Token::Punct, rest),
            None => push(out, Token::Value, rest),
        }
    }
    push(out, Token::Plain, newline);
}

/// The end (after the colon) of a plain `key:` at the start of `text`, if there is one.
fn key_end(text: &str) -> Option<usize> {
    if text.starts_with(['\'', '"', '{', '[']) {
        return None;
    }
    let colon = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(str::len))?;
    let key = &text[..colon];
    (!key.is_empty() && !key.contains(" #")).then_some(colon + 1)
}

fn push<'a>(out: &mut Vec<(Token, &'a str)>, token: Token, text: &'a str) {
    if !text.is_empty() {
        out.push((token, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(pieces: &[(Token, &str)]) -> String {
        pieces.iter().map(|(_, text)| *text).collect()
    }

    #[test]
    fn pieces_concatenate_back_to_the_input() {
        let yaml =
            "---\n# why\nkind: Role\nrules:\n- apiGroups:\n  - ''\n  verbs: [get]\nx: 'a: b'\n";
        assert_eq!(joined(&highlight_yaml(yaml)), yaml);
    }

    #[test]
    fn keys_values_comments_and_markers_are_told_apart() {
        let pieces = highlight_yaml("# why\n- apiGroups:\n  name: sky-sa\n");
        assert!(pieces.contains(&(Token::Comment, "# why")));
        assert!(pieces.contains(&(Token::Punct, "- ")));
        assert!(pieces.contains(&(Token::Key, "apiGroups:")));
        assert!(pieces.contains(&(Token::Key, "name:")));
        assert!(pieces.contains(&(Token::Value, " sky-sa")));
    }

    #[test]
    fn quoted_scalars_are_values_not_keys() {
        let pieces = highlight_yaml("- 'x: y'\n");
        assert!(pieces.contains(&(Token::Value, "'x: y'")));
    }
}
