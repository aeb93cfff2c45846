//! Reading typed fields out of a parsed YAML tree by hand, with the path of every value for
//! messages (`items[3].rules[0].verbs: expected a list, found a mapping`).
//!
//! Walking a [`serde_yaml::Value`] costs the web page a few hundred bytes per model, where
//! derived `Deserialize` impls cost kilobytes per type once monomorphized for serde_yaml.
//! `null` reads as absent or empty, as Go's decoder does.

use std::collections::BTreeMap;
use std::fmt;

use serde_yaml::Value;

/// A value of the wrong type, at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WalkError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A value in the tree and the path that leads to it.
#[derive(Clone, Debug)]
pub(crate) struct Node<'a> {
    value: &'a Value,
    path: String,
}

/// What a value is, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

impl<'a> Node<'a> {
    /// The root of a document, at `path` (empty for the top).
    pub fn root(value: &'a Value, path: String) -> Node<'a> {
        Node { value, path }
    }

    fn error(&self, message: String) -> WalkError {
        WalkError {
            path: self.path.clone(),
            message,
        }
    }

    fn wrong(&self, expected: &str) -> WalkError {
        self.error(format!(
            "expected {expected}, found {}",
            describe(self.value)
        ))
    }

    /// The field `key` of this mapping; `None` when absent or null (or not a mapping: check
    /// that with [`Node::expect_mapping`]).
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        match self.value {
            Value::Mapping(map) => map.get(key).filter(|v| !v.is_null()).map(|value| Node {
                value,
                path: if self.path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{}.{key}", self.path)
                },
            }),
            _ => None,
        }
    }

    /// Errors unless this is a mapping.
    pub fn expect_mapping(&self) -> Result<(), WalkError> {
        match self.value {
            Value::Mapping(_) => Ok(()),
            _ => Err(self.wrong("a mapping")),
        }
    }

    /// This value as a string.
    pub fn as_str(&self) -> Result<&'a str, WalkError> {
        match self.value {
            Value::String(text) => Ok(text),
            _ => Err(self.wrong("a string")),
        }
    }

    /// The items of this list (null items stay null).
    pub fn items(&self) -> Result<Vec<Node<'a>>, WalkError> {
        match self.value {
            Value::Sequence(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(index, value)| Node {
                    value,
                    path: format!("{}[{index}]", self.path),
                })
                .collect()),
            _ => Err(self.wrong("a list")),
        }
    }

    /// The path from the document's root, `items[3].rules[0]`.
    pub fn path_text(&self) -> &str {
        &self.path
    }

    /// The same value as the root of its own paths (a List item read as an object).
    pub fn rebased(&self) -> Node<'a> {
        Node {
            value: self.value,
            path: String::new(),
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        self.value.is_null()
    }

    /// The string at `key`; `None` when absent or null.
    pub fn string(&self, key: &str) -> Result<Option<&'a str>, WalkError> {
        self.get(key).map(|node| node.as_str()).transpose()
    }

    /// The list of strings at `key`: empty when absent or null, `""` for a null item.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, WalkError> {
        let Some(list) = self.get(key) else {
            return Ok(Vec::new());
        };
        list.items()?
            .iter()
            .map(|item| match item.is_null() {
                true => Ok(String::new()),
                false => item.as_str().map(str::to_owned),
            })
            .collect()
    }

    /// The list at `key`, without its null items: empty when absent or null.
    pub fn list(&self, key: &str) -> Result<Vec<Node<'a>>, WalkError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(list) => Ok(list.items()?.into_iter().filter(|n| !n.is_null()).collect()),
        }
    }

    /// The string-to-string mapping at `key` (labels): empty when absent or null.
    pub fn string_map(&self, key: &str) -> Result<BTreeMap<String, String>, WalkError> {
        let Some(node) = self.get(key) else {
            return Ok(BTreeMap::new());
        };
        let Value::Mapping(map) = node.value else {
            return Err(node.wrong("a mapping"));
        };
        let mut out = BTreeMap::new();
        for (key, value) in map {
            match (key, value) {
                (Value::String(key), Value::String(value)) => {
                    out.insert(key.clone(), value.clone());
                }
                (Value::String(key), Value::Null) => {
                    out.insert(key.clone(), String::new());
                }
                _ => return Err(node.error("expected a mapping of strings to strings".into())),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn errors_name_the_path_and_what_was_found() {
        let value = root("rules:\n- verbs: {a: b}\n");
        let rules = Node::root(&value, String::new()).list("rules").unwrap();
        assert_eq!(
            rules[0].strings("verbs").unwrap_err().to_string(),
            "rules[0].verbs: expected a list, found a mapping"
        );
        let value = root("verbs: [get, 3]\n");
        assert_eq!(
            Node::root(&value, "items[2]".into())
                .strings("verbs")
                .unwrap_err()
                .to_string(),
            "items[2].verbs[1]: expected a string, found a number"
        );
    }

    #[test]
    fn null_reads_as_absent_or_empty() {
        let value = root("a: null\nb: [x, null]\nc: {k: null}\n");
        let node = Node::root(&value, String::new());
        assert_eq!(node.string("a"), Ok(None));
        assert_eq!(node.strings("a"), Ok(vec![]));
        assert_eq!(node.strings("b"), Ok(vec!["x".to_owned(), String::new()]));
        assert_eq!(node.string_map("c").unwrap()["k"], "");
        assert_eq!(node.string("missing"), Ok(None));
    }
}
