//! `Serialize` values as [`Node`] trees: serde's data model mapped as serde_yaml maps it
//! (structs and maps to mappings in order, `None` and `()` to null, unit variants to their
//! name), refusing what skyauth never writes.

use std::fmt;

use serde::ser::{self, Serialize};

use super::node::{Map, Node};

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
    /// serde_yaml writes a tagged value's tag with `collect_str` (a user's text comes through
    /// `serialize_str`): that is how a tag is told from a key that merely starts with `!`.
    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<Node, NodeError> {
        let text = value.to_string();
        if text.starts_with('!') {
            return Err(unsupported("a YAML tag"));
        }
        Ok(Node::Str(text))
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
        self.map.push_distinct(key, to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        // A tag never gets here (`collect_str` refuses it); a key that starts with `!` is a
        // user's name (a context called `!`): it stays a mapping, and the emitter quotes it.
        Ok(Node::Map(self.map))
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
        self.map.push_distinct(key.to_owned(), to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(self.map))
    }
}
