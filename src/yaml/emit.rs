//! Writes a [`Node`] as block-style YAML, byte for byte as serde_yaml 0.9 (libyaml's emitter
//! with unlimited width) writes the same tree, except that every string a YAML 1.1 reader would
//! take for something else is single-quoted ([`is_ambiguous`]), and a string
//! with a carriage return, NEL, or a Unicode line or paragraph separator is double-quoted.
//! The scalar rules are libyaml's (`yaml_emitter_analyze_scalar` and
//! `yaml_emitter_select_scalar_style`); a property test holds this writer to serde_yaml's.
//! It lets the page write YAML without linking a YAML library.

use super::node::{Map, Node};
pub use scalar::is_ambiguous;
use scalar::{double_quoted, is_break, select_style, Style};

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
    out.text.push('\n');
    out.text
}

#[derive(Default)]
struct Emitter {
    text: String,
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
    }

    /// A string scalar in the style libyaml picks; block scalar lines are indented to `indent`.
    fn scalar(&mut self, text: &str, indent: usize, simple_key: bool) {
        let style = select_style(text, simple_key);
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
            "+"
        } else {
            ""
        };
        self.text.push_str(chomp);
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

mod scalar;

#[cfg(test)]
mod tests;
