//! Checks that untrusted YAML text must pass before serde_yaml parses it: its size, that it is
//! text, not blank, no alias bomb (in nodes, and in bytes: aliases may not make the document
//! larger than the input limit) and no nesting deep enough to make the scanner slow. Shared
//! by the doctor and the audit, which word the refusals for their own input; every path that
//! parses untrusted YAML (the doctor, its error explanation and path-less rewrite, the audit)
//! goes through [`admit`].
//!
//! Aliases and nesting are judged from libyaml's own events (the parser serde_yaml uses), so
//! they follow the scanner's rules exactly: where tokens start and end, quotes, comments, every
//! line break YAML knows (LF, CR, NEL, LS, PS). The event pass stops as soon as a limit is
//! passed, so deep nesting costs at most `max_nesting` steps per token. A cheap textual
//! pre-check that can only overcount skips the pass for inputs that cannot break a limit (a
//! typical kubeconfig: no alias, few flow brackets).
//!
//! Kept in one file on purpose: the cheap scan and the libyaml event pass enforce the same
//! limits and must agree.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::CStr;
use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_yaml;

use crate::text_encoding::decode_text;

/// The limits of one kind of input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub max_bytes: usize,
    pub max_aliases: usize,
    pub max_nesting: usize,
}

/// The most nodes aliases may add when expanded (a copy of an anchored node per alias). Far
/// beyond any real use of anchors in a kubeconfig or an RBAC export, far below what costs
/// memory (serde_yaml's own limit grows with the document, so padding would raise it).
pub(crate) const MAX_ALIAS_EXPANSION: u64 = 100_000;

/// Why text was not handed to the parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    TooLarge {
        bytes: usize,
    },
    NotText,
    Empty,
    TooDeep,
    /// More aliases than the limit, or aliases that expand past [`MAX_ALIAS_EXPANSION`].
    TooManyAliases {
        count: usize,
    },
    /// Aliases that repeat their anchors' text until the document, expanded, would be larger
    /// than `limit` (the input limit): the first alias that crosses it, with its place.
    ExpandsPastLimit {
        /// The alias's anchor name (anchor characters only, at most [`MAX_NAME_SHOWN`]).
        alias: String,
        line: u64,
        column: u64,
        limit: usize,
    },
}

/// The most characters of an anchor name a message repeats.
pub(crate) const MAX_NAME_SHOWN: usize = 40;

/// `bytes` as `4 MiB`, `512 KiB` or `900 bytes` (integers only: no float formatting in the
/// web page), for the readers' messages.
pub(crate) fn size_in_units(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// `text` without leading byte-order marks, as every reader of input text must see it: the
/// CLI's files and stdin and the page's pastes and files alike. All of them are removed: a
/// second BOM (a file saved twice by a BOM-adding editor) would otherwise read as content.
pub fn strip_byte_order_marks(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
}

/// `text` without byte-order marks, when it passes every check of `limits`.
pub(crate) fn admit(text: &str, limits: Limits) -> Result<&str, Refusal> {
    if text.len() > limits.max_bytes {
        return Err(Refusal::TooLarge { bytes: text.len() });
    }
    let text = strip_byte_order_marks(text);
    if text.contains('\0') {
        return Err(Refusal::NotText);
    }
    if is_blank(text) {
        return Err(Refusal::Empty);
    }
    if may_exceed(text, limits) {
        check_events(text, limits)?;
    }
    Ok(text)
}

/// `bytes` as text, when within `limits.max_bytes` and text by the one decoding rule
/// ([`crate::text_encoding::decode_text`]: UTF-8, or UTF-16 with a byte-order mark); the other
/// checks are [`admit`]'s. Callers that show the reason call `decode_text` themselves.
pub(crate) fn as_text(bytes: &[u8], limits: Limits) -> Result<Cow<'_, str>, Refusal> {
    if bytes.len() > limits.max_bytes {
        return Err(Refusal::TooLarge { bytes: bytes.len() });
    }
    decode_text(bytes).map_err(|_| Refusal::NotText)
}

/// Only whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// A YAML line break: LF, CR, NEL, LS or PS (libyaml's `IS_BREAK`).
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A character of an anchor or alias name (libyaml's `IS_ALPHA`).
fn is_anchor_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// False only when `text` certainly stays within the alias and nesting limits; an overcount
/// here only costs the event pass. An alias token can only start where a token starts, and a
/// token never starts right after an anchor character (that is the middle of a plain scalar,
/// a tag, or a name that must end at a blank), so counting every `*name` not preceded by one
/// counts every alias, whatever breaks (CR, NEL, LS, PS) or indicators surround it. Nesting
/// needs a flow bracket per level, or a block indicator (`- `, `? `, `: `) per level on one
/// line; indentation nests one level per indented line, which libyaml handles in linear time.
fn may_exceed(text: &str, limits: Limits) -> bool {
    let bytes = text.as_bytes();
    let alias = (0..bytes.len()).any(|i| {
        bytes[i] == b'*'
            && bytes.get(i + 1).copied().is_some_and(is_anchor_char)
            && (i == 0 || !is_anchor_char(bytes[i - 1]))
    });
    alias
        || flow_may_exceed(bytes, limits.max_nesting)
        || block_indicators_exceed(text, limits.max_nesting)
}

/// False only when flow brackets certainly nest at most `limit` deep. Quotes, comments, tags
/// and directives can hide a closing bracket from the scanner, so with any of them in the text
/// only the number of opening brackets bounds the depth; without them a closing bracket is
/// either real or in block context (where the scanner's flow depth is 0), so the running count
/// bounds it.
fn flow_may_exceed(bytes: &[u8], limit: usize) -> bool {
    if bytes
        .iter()
        .any(|b| matches!(b, b'\'' | b'"' | b'#' | b'!' | b'%'))
    {
        return bytes.iter().filter(|b| matches!(b, b'[' | b'{')).count() > limit;
    }
    let mut depth = 0usize;
    for byte in bytes {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// True when some line starts with more than `limit` block indicators (`- - - x`), lines
/// split at every YAML line break and indicators followed by any blanks.
fn block_indicators_exceed(text: &str, limit: usize) -> bool {
    text.split(is_break).any(|line| {
        let mut rest = line.trim_start_matches(' ').as_bytes();
        let mut depth = 0;
        while let [b'-' | b'?' | b':', b' ' | b'\t', ..] = rest {
            depth += 1;
            if depth > limit {
                return true;
            }
            let blanks = rest[1..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            rest = &rest[1 + blanks..];
        }
        false
    })
}

/// An event as [`EventParser::next_event`] reads it: its kind, its anchor, where it is, and a
/// scalar's value when asked for.
pub(crate) type ReadEvent = (Event, Option<Vec<u8>>, Span, Option<String>);

/// libyaml's parser over `text`, freed on drop (also read by [`super::positions`]).
pub(crate) struct EventParser {
    // Boxed: libyaml keeps pointers into the parser struct, so it must not move.
    sys: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>>,
    /// After an error or the stream's end libyaml returns empty events: stop there.
    finished: bool,
}

impl EventParser {
    pub(crate) fn new(text: &str) -> Option<EventParser> {
        let mut sys = Box::new(MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit());
        // SAFETY: initialize writes the whole struct; `text` outlives the parser (both live
        // only inside `check_events`).
        unsafe {
            let parser = sys.as_mut_ptr();
            if unsafe_yaml::yaml_parser_initialize(parser).fail {
                return None;
            }
            unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        }
        Some(EventParser {
            sys,
            finished: false,
        })
    }

    /// The next event as `(kind, anchor, where)`; `None` at a syntax error (serde_yaml reports
    /// it) or at the end of the stream.
    pub(crate) fn next(&mut self) -> Option<(Event, Option<Vec<u8>>, Span)> {
        self.next_event(false)
            .map(|(event, anchor, span, _)| (event, anchor, span))
    }

    /// [`EventParser::next`], with a scalar's value (lossily decoded) when `values` is set.
    pub(crate) fn next_event(&mut self, values: bool) -> Option<ReadEvent> {
        if self.finished {
            return None;
        }
        let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized; a parsed event is read, then deleted once.
        unsafe {
            let parser = self.sys.as_mut_ptr();
            let event = event.as_mut_ptr();
            if unsafe_yaml::yaml_parser_parse(parser, event).fail {
                self.finished = true;
                return None;
            }
            let anchor = |ptr: *const u8| {
                (!ptr.is_null()).then(|| CStr::from_ptr(ptr.cast()).to_bytes().to_vec())
            };
            let data = &(*event).data;
            let (start, end) = (&(*event).start_mark, &(*event).end_mark);
            let span = Span {
                start: start.index,
                end: end.index,
                line: start.line + 1,
                column: start.column + 1,
            };
            let value = (values && (*event).type_ == unsafe_yaml::YAML_SCALAR_EVENT).then(|| {
                let scalar = &data.scalar;
                let bytes = std::slice::from_raw_parts(scalar.value, scalar.length as usize);
                String::from_utf8_lossy(bytes).into_owned()
            });
            let read = match (*event).type_ {
                unsafe_yaml::YAML_STREAM_END_EVENT => None,
                unsafe_yaml::YAML_DOCUMENT_START_EVENT => Some((Event::DocumentStart, None)),
                unsafe_yaml::YAML_ALIAS_EVENT => Some((Event::Alias, anchor(data.alias.anchor))),
                unsafe_yaml::YAML_SCALAR_EVENT => Some((Event::Scalar, anchor(data.scalar.anchor))),
                unsafe_yaml::YAML_SEQUENCE_START_EVENT => Some((
                    Event::Start { mapping: false },
                    anchor(data.sequence_start.anchor),
                )),
                unsafe_yaml::YAML_MAPPING_START_EVENT => Some((
                    Event::Start { mapping: true },
                    anchor(data.mapping_start.anchor),
                )),
                unsafe_yaml::YAML_SEQUENCE_END_EVENT | unsafe_yaml::YAML_MAPPING_END_EVENT => {
                    Some((Event::End, None))
                }
                _ => Some((Event::Other, None)),
            };
            unsafe_yaml::yaml_event_delete(event);
            self.finished = read.is_none();
            read.map(|(kind, anchor)| (kind, anchor, span, value))
        }
    }
}

impl Drop for EventParser {
    fn drop(&mut self) {
        // SAFETY: `new` returned only after a successful initialize.
        unsafe { unsafe_yaml::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

/// Where an event is in the text: byte offsets, and its 1-based line and column.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    start: u64,
    end: u64,
    pub line: u64,
    pub column: u64,
}

impl Span {
    fn bytes(self) -> u64 {
        self.end.saturating_sub(self.start)
    }
}

/// An expanded node: how many nodes and how many bytes of text it stands for.
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    nodes: u64,
    bytes: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    DocumentStart,
    Alias,
    Scalar,
    /// A mapping's or a sequence's start.
    Start {
        mapping: bool,
    },
    End,
    Other,
}

/// Reads `text`'s events: refuses nesting deeper than `limits.max_nesting` (stopping there),
/// more aliases than `limits.max_aliases`, aliases whose expansion adds more than
/// [`MAX_ALIAS_EXPANSION`] nodes, or that make the document larger than `limits.max_bytes`
/// expanded (naming the first alias that does: one large value repeated a few dozen times is
/// hundreds of megabytes once parsed). Stops quietly at a syntax error, which the real parse
/// reports (serde_yaml reads the events before it; they are counted).
///
/// The size of a node in bytes is its text's (from its event's start to its end), plus, for
/// each alias inside it, what that alias expands to beyond its own `*name`.
fn check_events(text: &str, limits: Limits) -> Result<(), Refusal> {
    let Some(mut parser) = EventParser::new(text) else {
        return Ok(());
    };
    let mut aliases = 0usize;
    let mut added = 0u64;
    let mut expanded_bytes = text.len() as u64;
    // The first alias that takes the expanded size past the limit. Counting goes on to the
    // end (it is arithmetic on sizes, linear in the text), so that too many aliases are
    // reported as such.
    let mut past_limit = None;
    // Per document: the expanded size of every anchored node (anchors are per document).
    let mut anchors: HashMap<Vec<u8>, Size> = HashMap::new();
    // The open collections: their anchor, where they start, and what their aliases add.
    let mut open: Vec<(Option<Vec<u8>>, u64, Size)> = Vec::new();
    while let Some((event, anchor, span)) = parser.next() {
        let done = match event {
            Event::DocumentStart => {
                anchors.clear();
                open.clear();
                None
            }
            Event::Start { .. } => {
                open.push((anchor, span.start, Size { nodes: 1, bytes: 0 }));
                if open.len() > limits.max_nesting {
                    return Err(Refusal::TooDeep);
                }
                None
            }
            Event::End => open.pop().map(|(anchor, start, inner)| {
                let own = span.end.saturating_sub(start);
                let size = Size {
                    nodes: inner.nodes,
                    bytes: own.saturating_add(inner.bytes),
                };
                (
                    anchor,
                    size,
                    Size {
                        nodes: size.nodes,
                        bytes: inner.bytes,
                    },
                )
            }),
            Event::Scalar => {
                let size = Size {
                    nodes: 1,
                    bytes: span.bytes(),
                };
                Some((anchor, size, Size { nodes: 1, bytes: 0 }))
            }
            Event::Alias => {
                aliases += 1;
                // An unknown or still open anchor: serde_yaml refuses it.
                let name = anchor.unwrap_or_default();
                let size = anchors.get(&name).copied().unwrap_or(Size {
                    nodes: 1,
                    bytes: span.bytes(),
                });
                added = added.saturating_add(size.nodes.saturating_sub(1));
                let extra = size.bytes.saturating_sub(span.bytes());
                expanded_bytes = expanded_bytes.saturating_add(extra);
                if expanded_bytes > limits.max_bytes as u64 && past_limit.is_none() {
                    let shown: String = String::from_utf8_lossy(&name)
                        .chars()
                        .take(MAX_NAME_SHOWN)
                        .collect();
                    past_limit = Some(Refusal::ExpandsPastLimit {
                        alias: shown,
                        line: span.line,
                        column: span.column,
                        limit: limits.max_bytes,
                    });
                }
                Some((
                    None,
                    size,
                    Size {
                        nodes: size.nodes,
                        bytes: extra,
                    },
                ))
            }
            Event::Other => None,
        };
        // `size`: the node expanded; `to_parent`: what it adds to its parent's count (its
        // nodes, and the bytes its aliases add beyond the parent's own text).
        if let Some((anchor, size, to_parent)) = done {
            if let Some(name) = anchor {
                anchors.insert(name, size);
            }
            if let Some((_, _, parent)) = open.last_mut() {
                parent.nodes = parent.nodes.saturating_add(to_parent.nodes);
                parent.bytes = parent.bytes.saturating_add(to_parent.bytes);
            }
        }
    }
    if aliases > limits.max_aliases || added > MAX_ALIAS_EXPANSION {
        return Err(Refusal::TooManyAliases { count: aliases });
    }
    past_limit.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests;
