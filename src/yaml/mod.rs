//! YAML at the edges of the core: what untrusted input must pass before it is parsed
//! (`guard`), merge keys resolved as the file's real reader does (`merge`), typed reads from a parsed tree with paths for messages (`walk`), where each key is in the file (`positions`, for SARIF), and the one
//! writer of YAML, which quotes what YAML 1.1 readers would misread ([`writer`]): values
//! become a small [`node::Node`] tree that [`emit`] writes as serde_yaml would, and that
//! share links are read back from ([`from_node`]), so the page links no YAML library.

pub mod emit;
pub mod from_node;
pub(crate) mod guard;
pub(crate) mod merge;
pub mod node;
pub mod positions;
mod to_node;
pub(crate) mod walk;
pub mod writer;

/// serde_yaml's message with its location moved to the front: `line 4, column 3: ...`.
pub(crate) fn message_with_location(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match (error.location(), message.find(" at line ")) {
        (Some(location), Some(at)) => format!(
            "line {}, column {}: {}",
            location.line(),
            location.column(),
            &message[..at]
        ),
        _ => message,
    }
}
