//! Reads a [`Node`] tree into any `Deserialize` type (the share link's settings into a
//! `Setup`), with messages that name what was found and what was expected. Its own error
//! type spells numbers out without serde's float formatting, which the page would otherwise
//! carry for a case that never happens here.

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected, Visitor};

use super::node::Node;

/// Why a tree does not fit the type it was read into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromNodeError(String);

impl fmt::Display for FromNodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FromNodeError {}

impl de::Error for FromNodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FromNodeError(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        FromNodeError(format!(
            "found {}, expected {expected}",
            describe(&unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        FromNodeError(format!("`{}` is not {expected}", describe(&unexpected)))
    }
}

/// What was found, in words (numbers as integers or "a number").
fn describe(unexpected: &Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Bool(on) => format!("the boolean {on}"),
        Unexpected::Unsigned(number) => format!("the number {number}"),
        Unexpected::Signed(number) => format!("the number {number}"),
        Unexpected::Float(_) => "a number".to_owned(),
        Unexpected::Char(c) => format!("`{c}`"),
        Unexpected::Str(text) => format!("`{text}`"),
        Unexpected::Unit | Unexpected::Option => "nothing".to_owned(),
        Unexpected::Seq => "a list".to_owned(),
        Unexpected::Map => "a group of settings".to_owned(),
        _ => "a value of another kind".to_owned(),
    }
}

/// Reads `node` as a `T`.
pub fn from_node<T: DeserializeOwned>(node: Node) -> Result<T, FromNodeError> {
    T::deserialize(node)
}

impl<'de> IntoDeserializer<'de, FromNodeError> for Node {
    type Deserializer = Node;
    fn into_deserializer(self) -> Node {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = FromNodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FromNodeError> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(on) => visitor.visit_bool(on),
            Node::Int(number) => visitor.visit_i64(number),
            Node::UInt(number) => visitor.visit_u64(number),
            Node::Float(number) => visitor.visit_f64(number),
            Node::Str(text) => visitor.visit_string(text),
            Node::Seq(items) => {
                let mut items = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut items)?;
                items.end()?;
                Ok(value)
            }
            Node::Map(map) => {
                let entries = map.into_entries().into_iter();
                let mut entries = MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut entries)?;
                entries.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FromNodeError> {
        match self {
            Node::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, FromNodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FromNodeError> {
        match self {
            Node::Str(name) => {
                let name: StringDeserializer<FromNodeError> = name.into_deserializer();
                visitor.visit_enum(name)
            }
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}
