//! Reading kubeconfig text: size and encoding limits, YAML or JSON, and errors a user can act
//! on (`line 5, column 3: ...`, "this is a Pod, not a kubeconfig", "the input is empty").

use std::fmt;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_yaml::Value;

use super::model::Kubeconfig;
use super::redact::without_values;
use crate::yaml::guard::{admit, as_text, size_in_units, Limits, Refusal};
use crate::yaml::merge::{self, MergeRules};

const LIMITS: Limits = Limits {
    max_bytes: MAX_INPUT_BYTES,
    max_aliases: MAX_ALIASES,
    max_nesting: MAX_NESTING,
};

/// The doctor's wording of a refusal before parsing.
fn refused(refusal: Refusal) -> DoctorError {
    match refusal {
        Refusal::TooLarge { bytes } => DoctorError::TooLarge { bytes },
        Refusal::NotText => DoctorError::NotText,
        Refusal::Empty => DoctorError::Empty,
        Refusal::TooDeep => DoctorError::TooDeep,
        Refusal::TooManyAliases { count } => DoctorError::TooManyAliases { count },
        Refusal::ExpandsPastLimit {
            alias,
            line,
            column,
            ..
        } => DoctorError::AliasExpansion {
            alias,
            line,
            column,
        },
    }
}

/// The largest input the doctor reads.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The most YAML aliases (`*name`) read. Kubeconfigs use none; a few dozen nested ones can
/// expand into billions of nodes ("billion laughs"), so more are refused before parsing, and
/// so are fewer whose expansion adds more than [`crate::yaml::guard::MAX_ALIAS_EXPANSION`] nodes
/// or makes the input larger than [`MAX_INPUT_BYTES`] (an alias counts at its anchor's size).
pub const MAX_ALIASES: usize = 32;

/// The deepest nesting read. Kubeconfigs nest about 5 levels; the YAML scanner slows down
/// quadratically on very deep input, so depth is checked before parsing.
pub const MAX_NESTING: usize = 64;

/// Why the input is not a readable kubeconfig.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoctorError {
    /// Nothing but whitespace or comments.
    Empty,
    /// Over [`MAX_INPUT_BYTES`].
    TooLarge { bytes: usize },
    /// Not text (binary data, or an encoding other than UTF-8 and UTF-16 with a byte-order
    /// mark: [`crate::text_encoding::decode_text`]).
    NotText,
    /// YAML or JSON syntax, or a value of the wrong type, at a place in the text.
    Syntax {
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Valid YAML that is something else.
    NotKubeconfig { what: String },
    /// More YAML aliases than a kubeconfig could need (a possible alias bomb).
    TooManyAliases { count: usize },
    /// Nested deeper than any kubeconfig.
    TooDeep,
    /// Aliases that repeat their anchors' values until the input, expanded, would be larger
    /// than [`MAX_INPUT_BYTES`]: the alias that crosses it, and where it is.
    AliasExpansion {
        alias: String,
        line: u64,
        column: u64,
    },
}

impl fmt::Display for DoctorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DoctorError::Empty => f.write_str("The input is empty: paste a kubeconfig (for example the output of `kubectl config view --raw`)."),
            DoctorError::TooLarge { bytes } => {
                // Tenths of a MiB in integers: no float formatting in the web page.
                let tenths = bytes * 10 / (1024 * 1024);
                write!(
                    f,
                    "The input is {}.{} MiB; a kubeconfig is far smaller and the doctor reads at most 4 MiB. Paste only the kubeconfig.",
                    tenths / 10,
                    tenths % 10
                )
            }
            DoctorError::NotText => f.write_str("The input is not text (it is binary or not UTF-8): a kubeconfig is a YAML or JSON text file."),
            DoctorError::Syntax { line: Some(line), column: Some(column), message } => {
                write!(f, "line {line}, column {column}: {message}")
            }
            DoctorError::Syntax { message, .. } => f.write_str(message),
            DoctorError::TooManyAliases { count } => write!(
                f,
                "The input uses {count} YAML aliases (`*name`), which expand into more than a kubeconfig could hold; kubeconfigs need none, so it was not read. Paste the output of `kubectl config view --raw`."
            ),
            DoctorError::AliasExpansion { alias, line, column } => write!(
                f,
                "line {line}, column {column}: the alias `*{alias}` repeats its anchor's value until the input, expanded, is larger than {}, the most the doctor reads (an alias counts at the size it expands to); kubeconfigs need no aliases, so it was not read. Paste the output of `kubectl config view --raw`.",
                size_in_units(MAX_INPUT_BYTES)
            ),
            DoctorError::TooDeep => write!(
                f,
                "The input nests more than {MAX_NESTING} levels deep; a kubeconfig nests about 5, so it was not read."
            ),
            DoctorError::NotKubeconfig { what } => write!(
                f,
                "This is {what}, not a kubeconfig: a kubeconfig is a mapping with `clusters`, `users` and `contexts` (kind: Config)."
            ),
        }
    }
}

impl std::error::Error for DoctorError {}

/// `text` as the doctor may hand it to serde_yaml: byte-order marks removed, and refused
/// unless it passes the shared preflight ([`crate::yaml::guard::admit`]). Every reader of
/// kubeconfig text goes through here (the parse, its error explanation, the rewrite).
pub(crate) fn admitted(text: &str) -> Result<&str, DoctorError> {
    admit(text, LIMITS).map_err(refused)
}

/// Reads `bytes` as a kubeconfig.
pub fn parse_bytes(bytes: &[u8]) -> Result<Kubeconfig, DoctorError> {
    parse(&as_text(bytes, LIMITS).map_err(refused)?)
}

/// Reads `text` as a kubeconfig (YAML, or JSON, which is YAML).
pub fn parse(text: &str) -> Result<Kubeconfig, DoctorError> {
    let text = admitted(text)?;
    let mut documents = serde_yaml::Deserializer::from_str(text);
    let mut config = match documents.next() {
        None => Kubeconfig::default(),
        Some(document) if text.contains("<<") => check_kind(with_merge_keys(text, document)?)?,
        Some(document) => match Kubeconfig::deserialize(document) {
            Ok(config) => check_kind(config)?,
            Err(typed_error) => return Err(explain(text, typed_error)),
        },
    };
    // kubectl reads the first document and ignores the rest, errors included; count them so
    // the diagnosis can say so. Empty documents (a trailing `---`) do not count.
    // serde_yaml's document iterator repeats a syntax error forever: stop at the first one
    // (it counts as a document; kubectl never reads it either).
    for document in documents {
        match Option::<IgnoredAny>::deserialize(document) {
            Ok(None) => {}
            Ok(Some(_)) => config.extra_documents += 1,
            Err(_) => {
                config.extra_documents += 1;
                break;
            }
        }
    }
    Ok(config)
}

/// The first document of a text that may use merge keys (`<<: *base`), read as kubectl reads
/// them ([`crate::yaml::merge`]). Without a merge key it is read straight from the text, as
/// every other kubeconfig is, so errors keep their line and column.
fn with_merge_keys(
    text: &str,
    document: serde_yaml::Deserializer<'_>,
) -> Result<Kubeconfig, DoctorError> {
    let mut value = Value::deserialize(document).map_err(|error| explain(text, error))?;
    if !merge::has_merge_keys(&value) {
        let first = serde_yaml::Deserializer::from_str(text).next();
        return first
            .map(Kubeconfig::deserialize)
            .unwrap_or_else(|| Ok(Kubeconfig::default()))
            .map_err(|error| explain(text, error));
    }
    let unplaced = |message: String| DoctorError::Syntax {
        line: None,
        column: None,
        message,
    };
    merge::resolve(&mut value, MergeRules::Kubectl).map_err(unplaced)?;
    // A type error inside merged values has no place in the text; its message keeps no value.
    Kubeconfig::deserialize(value).map_err(|error| unplaced(without_values(&error.to_string())))
}

fn check_kind(config: Kubeconfig) -> Result<Kubeconfig, DoctorError> {
    match config.kind.as_deref() {
        None | Some("" | "Config") => {}
        Some(kind) => {
            return Err(DoctorError::NotKubeconfig {
                what: format!("a Kubernetes {kind}"),
            })
        }
    }
    match config.api_version.as_deref() {
        None | Some("" | "v1") => Ok(config),
        Some(other) => Err(DoctorError::Syntax {
            line: None,
            column: None,
            message: format!("apiVersion `{other}` is not a kubeconfig version: kubeconfigs use `apiVersion: v1`."),
        }),
    }
}

/// Turns a typed parse error into the clearest message: the wrong kind of document, or the
/// place and cause of the error.
fn explain(text: &str, typed_error: serde_yaml::Error) -> DoctorError {
    if let Ok(mut value) = serde_yaml::from_str::<Value>(text) {
        // A `kind` may come through a merge key too; a merge kubectl refuses changes nothing.
        let _ = merge::resolve(&mut value, MergeRules::Kubectl);
        let what = match &value {
            Value::Sequence(_) => Some("a YAML list".to_owned()),
            Value::String(_) => Some("a plain string".to_owned()),
            Value::Number(_) => Some("a number".to_owned()),
            Value::Bool(_) => Some("a boolean".to_owned()),
            Value::Null => None,
            Value::Tagged(_) => Some("a tagged YAML value".to_owned()),
            Value::Mapping(map) => match map.get("kind").and_then(Value::as_str) {
                Some(kind) if !kind.is_empty() && kind != "Config" => {
                    Some(format!("a Kubernetes {kind}"))
                }
                _ => None,
            },
        };
        if let Some(what) = what {
            return DoctorError::NotKubeconfig { what };
        }
    }
    let location = typed_error.location();
    // Never a value from the input in a message: the one in error may be a secret (a token
    // under the wrong key, exec args with `--token=...`).
    let message = without_values(&typed_error.to_string());
    // serde_yaml appends " at line L column C"; the location is shown in front instead.
    let message = match message.find(" at line ") {
        Some(at) if location.is_some() => message[..at].to_owned(),
        _ => message,
    };
    DoctorError::Syntax {
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        message,
    }
}

#[cfg(test)]
mod tests;
