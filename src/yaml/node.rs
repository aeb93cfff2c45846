//! The tree skyauth writes YAML from and reads share links into: null, booleans, integers,
//! strings, sequences and mappings with string keys in insertion order. [`to_node`] turns any
//! `Serialize` value into one (serde's data model, as serde_yaml maps it), so the page carries
//! this small tree instead of a YAML library's value type.

use std::fmt;

use serde::ser::{self, Serialize};

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

/// Why a value could not become a tree: bytes, a non-string key, a data-carrying enum variant
/// or a YAML tag, none of which skyauth writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeError(String);

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NodeError {}

impl ser::Error for NodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        NodeError(message.to_string())
    }
}

fn unsupported(what: &str) -> NodeError {
    NodeError(format!("cannot write {what} as YAML here"))
}

/// `value` as a tree: structs and maps become mappings (fields in declaration order), `None`
/// and `()` null, unit variants their name.
pub fn to_node<T: ?Sized + Serialize>(value: &T) -> Result<Node, NodeError> {
    value.serialize(NodeSerializer)
}

struct NodeSerializer;

/// Collects a sequence's items or a mapping's entries.
pub struct Collect {
    items: Vec<Node>,
    map: Map,
    key: Option<String>,
}

impl Collect {
    fn new() -> Collect {
        Collect {
            items: Vec::new(),
            map: Map::new(),
            key: None,
        }
    }
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = NodeError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = ser::Impossible<Node, NodeError>;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = ser::Impossible<Node, NodeError>;

    fn serialize_bool(self, v: bool) -> Result<Node, NodeError> {
        Ok(Node::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, NodeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Node, NodeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Node, NodeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Node, NodeError> {
        Ok(Node::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Node, NodeError> {
        Ok(Node::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Node, NodeError> {
        Ok(Node::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Node, NodeError> {
        Ok(Node::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Node, NodeError> {
        Ok(Node::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Node, NodeError> {
        Ok(Node::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Node, NodeError> {
        Ok(Node::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Node, NodeError> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, NodeError> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, NodeError> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, NodeError> {
        Ok(Node::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Node, NodeError> {
        Err(unsupported("an enum variant with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, NodeError> {
        Ok(Collect::new())
    }
    fn serialize_tuple(self, _: usize) -> Result<Collect, NodeError> {
        Ok(Collect::new())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collect, NodeError> {
        Ok(Collect::new())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NodeError> {
        Err(unsupported("an enum variant with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collect, NodeError> {
        Ok(Collect::new())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, NodeError> {
        Ok(Collect::new())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NodeError> {
        Err(unsupported("an enum variant with data"))
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NodeError> {
        self.items.push(to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Seq(self.items))
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NodeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, NodeError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Collect {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NodeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, NodeError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Collect {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), NodeError> {
        match to_node(key)? {
            Node::Str(key) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(unsupported("a mapping key that is not a string")),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| unsupported("a value without a key"))?;
        // A serialized map's keys are distinct: no search.
        self.map.0.push((key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        // serde_yaml serializes a tagged value as a map of one key that starts with `!`.
        match self.map.0.as_slice() {
            [(key, _)] if key.starts_with('!') => Err(unsupported("a YAML tag")),
            _ => Ok(Node::Map(self.map)),
        }
    }
}

impl ser::SerializeStruct for Collect {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NodeError> {
        self.map.0.push((key.to_owned(), to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(self.map))
    }
}
