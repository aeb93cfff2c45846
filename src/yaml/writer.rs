//! The one place skyauth writes YAML: a value becomes a [`Node`] tree and [`emit`] writes it
//! as serde_yaml would, except that every string a YAML 1.1 reader would take for something
//! else is single-quoted.
//!
//! serde_yaml 0.9 quotes a string only when YAML 1.2's core schema would read it as another
//! type (`true`, `1`, `1.5`, `null`, `0x1f`, `0o17`, `1e3`). Kubernetes (`sigs.k8s.io/yaml`,
//! over go-yaml v2) and SkyPilot (PyYAML) read YAML 1.1, where `n`, `y`, `on`, `off`, `yes`,
//! `no` (any case) are booleans, `017` is octal, `1_000` and `1:20` (sexagesimal) are numbers,
//! `2024-01-01` is a date, `<<` a merge key and `=` a value key: written plain, a namespace
//! `n` breaks `kubectl apply` and `remote_identity: on` reads as `True`.
//! [`is_ambiguous`](super::emit::is_ambiguous), beside the emitter's other scalar rules, is that
//! rule; the emitter applies it to keys and values alike.

use serde::Serialize;

use super::emit::emit;
use super::node::{to_node, Node, NodeError};

/// Writes `value` as a YAML document that YAML 1.1 and 1.2 readers read back the same.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String, NodeError> {
    Ok(emit(&to_node(value)?))
}

/// Writes a tree built by hand.
pub fn node_to_string(node: &Node) -> String {
    emit(node)
}

#[cfg(test)]
mod tests;
