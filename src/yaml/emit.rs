//! Writes a [`Node`] as block-style YAML, byte for byte as serde_yaml 0.9 (libyaml's emitter
//! with unlimited width) writes the same tree, except that every string a YAML 1.1 reader would
//! take for something else is single-quoted ([`super::writer::is_ambiguous`]), and a string
//! with a carriage return, NEL, or a Unicode line or paragraph separator is double-quoted.
//! The scalar rules are libyaml's (`yaml_emitter_analyze_scalar` and
//! `yaml_emitter_select_scalar_style`); a property test holds this writer to serde_yaml's.
//! It lets the page write YAML without linking a YAML library.

use super::node::{Map, Node};
use super::writer::is_ambiguous;

/// Keys longer than this (in bytes) are written as complex keys (`? key`), as libyaml does.
const MAX_SIMPLE_KEY: usize = 128;

/// `node` as a YAML document, ending with a newline.
pub fn emit(node: &Node) -> String {
    let mut out = Emitter::default();
    match node {
        Node::Map(map) if !map.is_empty() => out.block_map(map, 0, false),
        Node::Seq(items) if !items.is_empty() => out.block_seq(items, 0, false),
        scalar => out.inline_value(scalar, 2),
    }
    if out.open_ended {
        // A last block scalar that keeps its trailing newlines ends the document explicitly.
        out.text.push_str("\n...");
    }
    out.text.push('\n');
    out.text
}

#[derive(Default)]
struct Emitter {
    text: String,
    /// The last scalar was a `|+` block scalar, so the document needs an explicit end.
    open_ended: bool,
}

impl Emitter {
    fn newline_indent(&mut self, indent: usize) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.pad(indent);
    }

    fn pad(&mut self, indent: usize) {
        self.text.extend(std::iter::repeat_n(' ', indent));
    }

    /// A block mapping whose keys start at column `indent`; with `inline`, the first key goes
    /// where the cursor is (after `- `, `? ` or `: `).
    fn block_map(&mut self, map: &Map, indent: usize, inline: bool) {
        for (index, (key, value)) in map.iter().enumerate() {
            if index > 0 || !inline {
                self.newline_indent(indent);
            }
            if is_simple_key(key) {
                self.scalar(key, indent + 2, true);
                self.text.push(':');
                self.mapping_value(value, indent);
            } else {
                self.text.push('?');
                self.inline_value(&Node::Str(key.clone()), indent + 2);
                self.newline_indent(indent);
                self.text.push(':');
                self.inline_value(value, indent + 2);
            }
        }
    }

    /// A block sequence whose dashes start at column `indent`; with `inline`, the first dash
    /// goes where the cursor is.
    fn block_seq(&mut self, items: &[Node], indent: usize, inline: bool) {
        for (index, item) in items.iter().enumerate() {
            if index > 0 || !inline {
                self.newline_indent(indent);
            }
            self.text.push('-');
            self.inline_value(item, indent + 2);
        }
    }

    /// The value of a simple key at `indent`: scalars after a space, a mapping on the next
    /// lines two columns in, a sequence on the next lines at the key's column.
    fn mapping_value(&mut self, value: &Node, indent: usize) {
        match value {
            Node::Map(map) if !map.is_empty() => self.block_map(map, indent + 2, false),
            Node::Seq(items) if !items.is_empty() => self.block_seq(items, indent, false),
            scalar => self.inline_value(scalar, indent + 2),
        }
    }

    /// A value right after `-`, `?` or `:` on the same line; nested blocks start at `indent`.
    fn inline_value(&mut self, value: &Node, indent: usize) {
        match value {
            Node::Map(map) if !map.is_empty() => {
                self.text.push(' ');
                self.block_map(map, indent, true);
            }
            Node::Seq(items) if !items.is_empty() => {
                self.text.push(' ');
                self.block_seq(items, indent, true);
            }
            Node::Map(_) => self.word("{}"),
            Node::Seq(_) => self.word("[]"),
            Node::Null => self.word("null"),
            Node::Bool(true) => self.word("true"),
            Node::Bool(false) => self.word("false"),
            Node::Int(number) => self.word(&number.to_string()),
            Node::UInt(number) => self.word(&number.to_string()),
            Node::Float(number) => self.word(&float_text(*number)),
            Node::Str(text) => {
                if !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.scalar(text, indent, false);
            }
        }
    }

    fn word(&mut self, word: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(word);
        self.open_ended = false;
    }

    /// A string scalar in the style libyaml picks; block scalar lines are indented to `indent`.
    fn scalar(&mut self, text: &str, indent: usize, simple_key: bool) {
        let style = select_style(text, simple_key);
        self.open_ended = false;
        match style {
            Style::Plain => self.text.push_str(text),
            Style::SingleQuoted => {
                self.text.push('\'');
                self.text.push_str(&text.replace('\'', "''"));
                self.text.push('\'');
            }
            Style::DoubleQuoted => double_quoted(text, &mut self.text),
            Style::Literal => self.literal(text, indent),
        }
    }

    /// `|` with its hints, then each line at `indent` (empty lines stay empty).
    fn literal(&mut self, text: &str, indent: usize) {
        self.text.push('|');
        if text.starts_with([' ', '\n']) {
            self.text.push('2');
        }
        let chomp = if !text.ends_with('\n') {
            "-"
        } else if text == "\n" || text.ends_with("\n\n") {
            self.open_ended = true;
            "+"
        } else {
            ""
        };
        self.text.push_str(chomp);
        let open_ended = self.open_ended;
        let mut at_line_start = true;
        self.text.push('\n');
        for c in text.chars() {
            if c == '\n' {
                self.text.push('\n');
                at_line_start = true;
            } else {
                if at_line_start {
                    self.pad(indent);
                    at_line_start = false;
                }
                self.text.push(c);
            }
        }
        // The block ends with its last line break; the caller's next line starts after it.
        if self.text.ends_with('\n') {
            self.text.pop();
        }
        self.open_ended = open_ended;
    }
}

/// A float as serde_yaml writes one: `.inf`, `-.inf`, `.nan`, else ryu's shortest form.
pub(crate) fn float_text(number: f64) -> String {
    if number.is_nan() {
        ".nan".to_owned()
    } else if number.is_infinite() {
        if number > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        ryu::Buffer::new().format_finite(number).to_owned()
    }
}

/// A key libyaml writes as `key:`: at most 128 bytes and on one line.
fn is_simple_key(key: &str) -> bool {
    key.len() <= MAX_SIMPLE_KEY && !key.chars().any(is_break)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
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
fn select_style(text: &str, simple_key: bool) -> Style {
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

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_end(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || is_break(c) || c == '\0',
    }
}

/// libyaml's printable set, with Unicode output on.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\x20'..='\x7e' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
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
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blank_or_end(chars.get(index + 1).copied());
        let first = index == 0;
        let last = index + 1 == chars.len();
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
fn double_quoted(text: &str, out: &mut String) {
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

#[cfg(test)]
mod tests;
