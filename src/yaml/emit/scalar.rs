//! How one string is written: libyaml's scalar analysis (`yaml_emitter_analyze_scalar`) and
//! style choice (`yaml_emitter_select_scalar_style`) for the block context, with serde_yaml's
//! requests (literal for multi-line text, quotes for what would read as another type) and
//! skyauth's (quotes for YAML 1.1 lookalikes), and the double-quoted form's escapes.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What libyaml's scalar analysis allows for a text.
struct Allowed {
    multiline: bool,
    plain: bool,
    single_quoted: bool,
    block: bool,
}

/// The style serde_yaml asks for, narrowed as libyaml narrows it (block context only).
pub(super) fn select_style(text: &str, simple_key: bool) -> Style {
    if text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return Style::DoubleQuoted;
    }
    let asked = if text.contains('\n') {
        Style::Literal
    } else if is_ambiguous(text) || digits_but_not_number(text) {
        Style::SingleQuoted
    } else {
        Style::Plain
    };
    let allowed = analyze(text);
    let mut style = asked;
    if simple_key && allowed.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!allowed.plain || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !allowed.single_quoted {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!allowed.block || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// serde_yaml quotes leading-zero digits (`0123`), which YAML 1.2 reads as a string but
/// YAML 1.1 as octal; [`is_ambiguous`] covers them too, this keeps the rule visible.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_end(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || is_break(c) || c == '\0',
    }
}

/// libyaml's printable set, with Unicode output on.
///
/// One deliberate difference from libyaml: the invisible formatting characters (bidirectional
/// overrides, zero-width spaces: [`crate::terminal_text::is_invisible_format`]) are not
/// printable here, so a name carrying one is written double-quoted with `\uXXXX` escapes: it
/// reads back the same, but no output holds it raw (#22 item 15).
fn is_printable(c: char) -> bool {
    (matches!(c, '\n' | '\x20'..='\x7e' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}'))
        && !crate::terminal_text::is_invisible_format(c)
}

/// `yaml_emitter_analyze_scalar` for the block context.
fn analyze(text: &str) -> Allowed {
    if text.is_empty() {
        return Allowed {
            multiline: false,
            plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    // Every scalar of every output passes here on each keystroke: look ahead in place rather
    // than collecting the characters.
    for (at, c) in text.char_indices() {
        let next = text[at + c.len_utf8()..].chars().next();
        let followed_by_whitespace = is_blank_or_end(next);
        let first = at == 0;
        let last = next.is_none();
        if first {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) || ((c == '?' || c == ':' || c == '-') && followed_by_whitespace)
            {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        if !is_printable(c) {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank_or_end(Some(c));
    }
    let mut allowed = Allowed {
        multiline: line_breaks,
        plain: true,
        single_quoted: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks {
        allowed.plain = false;
    }
    if trailing_space {
        allowed.block = false;
    }
    if break_space {
        allowed.plain = false;
        allowed.single_quoted = false;
    }
    if space_break || special {
        allowed.plain = false;
        allowed.single_quoted = false;
        allowed.block = false;
    }
    if block_indicators {
        allowed.plain = false;
    }
    allowed
}

/// `"..."` with libyaml's escapes for what is not printable, breaks, quotes and backslashes.
pub(super) fn double_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        if is_printable(c) && !is_break(c) && c != '\u{feff}' && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        out.push('\\');
        match c {
            '\0' => out.push('0'),
            '\x07' => out.push('a'),
            '\x08' => out.push('b'),
            '\t' => out.push('t'),
            '\n' => out.push('n'),
            '\x0b' => out.push('v'),
            '\x0c' => out.push('f'),
            '\r' => out.push('r'),
            '\x1b' => out.push('e'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '\u{85}' => out.push('N'),
            '\u{a0}' => out.push('_'),
            '\u{2028}' => out.push('L'),
            '\u{2029}' => out.push('P'),
            other => {
                let value = u32::from(other);
                let (prefix, digits) = match value {
                    0..=0xff => ('x', 2),
                    0x100..=0xffff => ('u', 4),
                    _ => ('U', 8),
                };
                out.push(prefix);
                for shift in (0..digits).rev() {
                    let digit = (value >> (shift * 4)) & 0xf;
                    out.push(char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()));
                }
            }
        }
    }
    out.push('"');
}

/// True when a YAML 1.1 reader (PyYAML, go-yaml v2) would read `text`, written plain, as
/// something other than this string: a boolean, null, an integer or float in any of 1.1's
/// forms, a timestamp, or the merge and value keys. Errs on the side of quoting.
pub fn is_ambiguous(text: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "",
    ];
    if WORDS.iter().any(|word| text.eq_ignore_ascii_case(word)) || text == "<<" || text == "=" {
        return true;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if [".inf", ".nan"]
        .iter()
        .any(|word| unsigned.eq_ignore_ascii_case(word))
    {
        return true;
    }
    let bytes = unsigned.as_bytes();
    let starts_numeric = match bytes {
        [first, ..] if first.is_ascii_digit() => true,
        [b'.', second, ..] => second.is_ascii_digit(),
        _ => false,
    };
    if !starts_numeric {
        return false;
    }
    let all = |allowed: &dyn Fn(u8) -> bool, digits: &[u8]| {
        !digits.is_empty() && digits.iter().all(|&b| allowed(b))
    };
    // Integers: binary, octal (`0o17` and 1.1's `017`), hexadecimal, decimal with `_`.
    if let Some(rest) = unsigned.strip_prefix("0b") {
        if all(&|b| matches!(b, b'0' | b'1' | b'_'), rest.as_bytes()) {
            return true;
        }
    }
    if let Some(rest) = unsigned.strip_prefix("0o") {
        if all(&|b| matches!(b, b'0'..=b'7' | b'_'), rest.as_bytes()) {
            return true;
        }
    }
    if let Some(rest) = unsigned.strip_prefix("0x") {
        if all(&|b| b.is_ascii_hexdigit() || b == b'_', rest.as_bytes()) {
            return true;
        }
    }
    if all(&|b| b.is_ascii_digit() || b == b'_', bytes) {
        return true;
    }
    // Sexagesimal numbers (`1:20`, `1:20.5`).
    if bytes.contains(&b':')
        && all(
            &|b| b.is_ascii_digit() || matches!(b, b'_' | b':' | b'.'),
            bytes,
        )
    {
        return true;
    }
    // Floats in any notation (`1.`, `.5`, `1_000.5`, `1e3`, `6.02E+23`).
    if all(
        &|b| b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'e' | b'E' | b'+' | b'-'),
        bytes,
    ) && is_float(&unsigned.replace('_', ""))
    {
        return true;
    }
    // Timestamps start with a date: `2024-01-01`, `2024-1-1T10:00:00Z`.
    matches!(bytes, [a, b, c, d, b'-', e, ..] if [a, b, c, d, e].iter().all(|x| x.is_ascii_digit()))
}

/// True for what a float parser accepts, for text of digits, `.`, `e`/`E` and signs: a
/// mantissa with digits and at most one `.`, then an optional exponent with digits. Written
/// out so the web page carries no float parser.
pub(super) fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let points = mantissa.bytes().filter(|&b| b == b'.').count();
    let mantissa_ok = digits > 0 && points <= 1 && digits + points == mantissa.len();
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}
