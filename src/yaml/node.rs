//! The tree skyauth writes YAML from and reads share links into: null, booleans, integers,
//! strings, sequences and mappings with string keys in insertion order. [`to_node`] turns any
//! `Serialize` value into one, so the page carries this small tree instead of a YAML
//! library's value type.

/// A YAML value as skyauth writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// Only from input read back (a kubeconfig being rewritten); skyauth's own output has none.
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// A mapping with string keys, in the order they were inserted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Node)>);

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    /// Sets `key` to `value`, in place when the key is there already, else at the end.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Node>) {
        let (key, value) = (key.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Node)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Appends an entry whose key the caller knows is not there yet (a serialized map's).
    pub(crate) fn push_distinct(&mut self, key: String, value: Node) {
        self.0.push((key, value));
    }

    pub(crate) fn into_entries(self) -> Vec<(String, Node)> {
        self.0
    }
}

impl From<&str> for Node {
    fn from(text: &str) -> Node {
        Node::Str(text.to_owned())
    }
}

impl From<String> for Node {
    fn from(text: String) -> Node {
        Node::Str(text)
    }
}

impl From<bool> for Node {
    fn from(on: bool) -> Node {
        Node::Bool(on)
    }
}

impl From<Map> for Node {
    fn from(map: Map) -> Node {
        Node::Map(map)
    }
}

impl From<Vec<Node>> for Node {
    fn from(items: Vec<Node>) -> Node {
        Node::Seq(items)
    }
}

pub use super::to_node::{to_node, NodeError};
