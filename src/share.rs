//! Shareable links: a value (the wizard's setup) as a short, readable URL fragment and back.
//!
//! Only what differs from the default is written, one `path=value` pair per leaf, joined by
//! `&`: `auth=custom&account.namespace=team-a`. Strings are written as they are
//! (percent-encoded), booleans and numbers as words, lists in YAML flow style with quoted
//! items; a string that would read back as something else is quoted. Anything unreadable is
//! an error value, never a panic: a mangled link falls back to the defaults with a message.
//! (Settings pass through skyauth's own small YAML tree, so the page links no YAML library.
//! The page only writes links: the analysis worker reads them for it, `analysis::LinkView`.)
//!
//! Kept in one file on purpose: the writer and the reader of the fragment format (paths,
//! leaves, flow lists, percent-encoding) must agree line for line; the tests are in
//! `share/tests.rs`.

use std::fmt;

use crate::yaml::from_node::from_node;
use crate::yaml::node::{to_node, Map, Node};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a fragment could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentError(String);

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This link's settings could not be read ({}); showing the defaults.",
            self.0
        )
    }
}

impl std::error::Error for FragmentError {}

/// A value that can be shared as a link, with the paths that earlier versions of the link
/// used for its settings (read as the current paths, so old links keep opening).
pub trait Shareable: Serialize + DeserializeOwned + Default {
    /// `(old path, current path)` pairs, e.g. `("account.features.gpu_list", "features.gpu-list")`;
    /// an empty current path drops a setting that no longer exists.
    const RENAMED_PATHS: &'static [(&'static str, &'static str)] = &[];
}

/// Longest fragment read back; links are short, so anything longer is not ours.
const MAX_FRAGMENT_LEN: usize = 16 * 1024;

/// The most dot-separated parts a setting's path has (`account.namespace` has 2; a map key
/// under a group, 3). Deeper paths are refused before any tree is built, so reading a link
/// never nests values, and never recurses, more than this (issue #17: 6,000 nested keys in a
/// 12 KB link overflowed the stack).
pub const MAX_PATH_SEGMENTS: usize = 8;

/// Writes the parts of `value` that differ from `T::default()` as a URL fragment (no `#`).
pub fn to_fragment<T: Serialize + Default>(value: &T) -> String {
    let (Ok(current), Ok(default)) = (to_node(value), to_node(&T::default())) else {
        return String::new();
    };
    let mut pairs = Vec::new();
    diff_leaves(&current, &default, &mut Vec::new(), &mut pairs);
    pairs.join("&")
}

/// Reads a fragment written by [`to_fragment`] (with or without its `#`).
pub fn from_fragment<T: Shareable>(fragment: &str) -> Result<T, FragmentError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_LEN {
        return Err(FragmentError("it is too long".into()));
    }
    let mut tree = to_node(&T::default()).map_err(|e| FragmentError(e.to_string()))?;
    for pair in fragment.split('&').filter(|pair| !pair.is_empty()) {
        let (path, raw) = pair
            .split_once('=')
            .ok_or_else(|| FragmentError(format!("`{pair}` has no `=`")))?;
        // Renamed paths are plain words, the same encoded or not.
        let path = match T::RENAMED_PATHS.iter().find(|(old, _)| *old == path) {
            Some((_, "")) => continue, // A setting that no longer exists.
            Some((_, current)) => current,
            None => path,
        };
        if path.split('.').nth(MAX_PATH_SEGMENTS).is_some() {
            let start: String = path.chars().take(40).collect();
            return Err(FragmentError(format!(
                "the setting name `{start}…` has more than {MAX_PATH_SEGMENTS} parts"
            )));
        }
        let segments = path
            .split('.')
            .map(percent_decode)
            .collect::<Result<Vec<_>, _>>()?;
        let value = parse_leaf(&percent_decode(raw)?);
        set_path(&mut tree, &segments, value)?;
    }
    from_node(tree).map_err(|e| FragmentError(e.to_string()))
}

/// The most settings a link is read one by one with (a link the page writes has a few dozen).
const MAX_SETTINGS: usize = 200;

/// What a link set, and the settings of it that could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadLink<T> {
    pub value: T,
    /// Each setting left out, in plain words (`account.profile: \`minimum\` is not a value
    /// this setting takes`).
    pub left_out: Vec<String>,
}

/// True when `fragment` is a share link; one without `=` is an in-page anchor (`#output`).
pub fn is_link(fragment: &str) -> bool {
    fragment.contains('=')
}

/// Reads a fragment like [`from_fragment`], but keeps every setting that reads: a setting
/// with a value its field does not take is left out and named, the rest apply. A fragment
/// with no `=` is an in-page anchor (`#output`), not a link: the defaults, and nothing to say.
pub fn read_link<T: Shareable>(fragment: &str) -> ReadLink<T> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    let whole = |left_out| ReadLink {
        value: T::default(),
        left_out,
    };
    if !is_link(text) {
        return whole(Vec::new());
    }
    if let Ok(value) = from_fragment::<T>(text) {
        return ReadLink {
            value,
            left_out: Vec::new(),
        };
    }
    let pairs: Vec<&str> = text.split('&').filter(|pair| !pair.is_empty()).collect();
    if text.len() > MAX_FRAGMENT_LEN || pairs.len() > MAX_SETTINGS {
        return whole(vec![
            "the link is far longer than any this page writes, so none of it was used".into(),
        ]);
    }
    // Add the settings one by one, keeping each one the value still reads with.
    let mut kept: Vec<&str> = Vec::new();
    let mut left_out = Vec::new();
    for pair in pairs {
        let trial = [kept.as_slice(), &[pair]].concat().join("&");
        match from_fragment::<T>(&trial) {
            Ok(_) => kept.push(pair),
            Err(_) => {
                let (path, raw) = pair.split_once('=').unwrap_or((pair, ""));
                let (path, raw) = (
                    percent_decode(path).unwrap_or_else(|_| path.to_owned()),
                    percent_decode(raw).unwrap_or_else(|_| raw.to_owned()),
                );
                let shown: String = raw.chars().take(40).collect();
                left_out.push(format!(
                    "`{path}`: `{shown}` is not a value this setting takes"
                ));
            }
        }
    }
    ReadLink {
        value: from_fragment::<T>(&kept.join("&")).unwrap_or_default(),
        left_out,
    }
}

fn diff_leaves(current: &Node, default: &Node, path: &mut Vec<String>, out: &mut Vec<String>) {
    // A mapping the default lacks (a team, by name) is written leaf by leaf too.
    let empty = Map::new();
    if let Node::Map(current) = current {
        let default = match default {
            Node::Map(default) => default,
            _ => &empty,
        };
        for (name, value) in current.iter() {
            path.push(name.to_owned());
            diff_leaves(value, default.get(name).unwrap_or(&Node::Null), path, out);
            path.pop();
        }
        return;
    }
    if current != default {
        let key: Vec<String> = path.iter().map(|segment| percent_encode(segment)).collect();
        out.push(format!(
            "{}={}",
            key.join("."),
            percent_encode_value(&format_leaf(current))
        ));
    }
}

/// Strings as they are, unless they would read back as something else; lists in flow style.
fn format_leaf(value: &Node) -> String {
    match value {
        Node::Str(text) if parse_leaf(text) == *value => text.clone(),
        Node::Str(text) => quote(text),
        Node::Bool(on) => on.to_string(),
        Node::Int(number) => number.to_string(),
        Node::UInt(number) => number.to_string(),
        Node::Float(number) => crate::yaml::emit::float_text(*number),
        Node::Seq(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Node::Str(text) => quote(text),
                    other => format_leaf(other),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        Node::Null => "~".to_owned(),
        Node::Map(_) => crate::yaml::writer::node_to_string(value),
    }
}

/// A single-quoted YAML scalar.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn parse_leaf(raw: &str) -> Node {
    match raw {
        "true" => Node::Bool(true),
        "false" => Node::Bool(false),
        "~" => Node::Null,
        _ if raw.starts_with(['[', '\'']) => {
            parse_flow(raw).unwrap_or_else(|| Node::Str(raw.to_owned()))
        }
        _ => match raw.parse::<i64>() {
            Ok(number) => Node::Int(number),
            Err(_) => Node::Str(raw.to_owned()),
        },
    }
}

/// Reads what [`format_leaf`] writes in YAML flow style: a single-quoted string (`''` is a
/// quote), or a `[...]` list of those and plain leaves. A small reader of its own keeps the
/// YAML parser out of the page, which only ever writes YAML.
fn parse_flow(raw: &str) -> Option<Node> {
    let mut rest = raw.trim();
    let value = if let Some(inner) = rest.strip_prefix('[') {
        rest = inner.trim_start();
        let mut items = Vec::new();
        loop {
            if let Some(after) = rest.strip_prefix(']') {
                rest = after;
                break;
            }
            if !items.is_empty() {
                rest = rest.strip_prefix(',')?.trim_start();
            }
            let (item, after) = flow_item(rest)?;
            items.push(item);
            rest = after.trim_start();
        }
        Node::Seq(items)
    } else {
        let (item, after) = quoted(rest)?;
        rest = after;
        Node::Str(item)
    };
    rest.trim().is_empty().then_some(value)
}

/// One list item: a quoted string or a plain leaf up to the next `,` or `]`. Lists do not
/// nest (a plain item is a scalar, never read as a list in turn), so reading one never recurses.
fn flow_item(text: &str) -> Option<(Node, &str)> {
    if text.starts_with('\'') {
        let (item, rest) = quoted(text)?;
        return Some((Node::Str(item), rest));
    }
    let end = text.find([',', ']'])?;
    let plain = text[..end].trim();
    (!plain.is_empty() && !plain.starts_with('[')).then(|| (parse_leaf(plain), &text[end..]))
}

/// A single-quoted scalar at the start of `text`, and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut rest = text.strip_prefix('\'')?;
    let mut out = String::new();
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return Some((out, rest)),
        }
    }
}

fn set_path(tree: &mut Node, segments: &[String], value: Node) -> Result<(), FragmentError> {
    let Some((last, parents)) = segments.split_last() else {
        return Err(FragmentError("an empty setting name".into()));
    };
    if segments.iter().any(String::is_empty) {
        return Err(FragmentError("an empty setting name".into()));
    }
    let mut node = tree;
    for segment in parents {
        let Node::Map(map) = ensure_map(node) else {
            return Err(FragmentError(format!(
                "`{segment}` is not a group of settings"
            )));
        };
        if map.get(segment).is_none() {
            map.insert(segment.as_str(), Node::Null);
        }
        node = map
            .get_mut(segment)
            .ok_or_else(|| FragmentError(format!("`{segment}` is not a group of settings")))?;
    }
    if let Node::Map(map) = ensure_map(node) {
        map.insert(last.as_str(), value);
    }
    Ok(())
}

/// `node` as a mapping, replacing a leaf by an empty one.
fn ensure_map(node: &mut Node) -> &mut Node {
    if !matches!(node, Node::Map(_)) {
        *node = Node::Map(Map::new());
    }
    node
}

/// Percent-encodes everything but unreserved characters and `,` `:` `/`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_~,:/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A value as [`percent_encode`] writes it, but with `.` kept: only paths split on dots, so
/// `skypilot_version=0.13.0` and `account.namespace=ml.team` stay readable.
fn percent_encode_value(text: &str) -> String {
    percent_encode(text).replace("%2E", ".")
}

fn percent_decode(text: &str) -> Result<String, FragmentError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|pair| std::str::from_utf8(pair).ok())
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| FragmentError("a broken %-escape".into()))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| FragmentError("text that is not UTF-8".into()))
}

#[cfg(test)]
mod tests;
