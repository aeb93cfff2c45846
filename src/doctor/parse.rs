//! Reading kubeconfig text: size and encoding limits, YAML or JSON, and errors a user can act
//! on (`line 5, column 3: ...`, "this is a Pod, not a kubeconfig", "the input is empty").

use std::fmt;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_yaml::Value;

use super::model::Kubeconfig;
use super::redact::without_values;
use crate::yaml::guard::{admit, as_text, Limits, Refusal};

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
    }
}

/// The largest input the doctor reads.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The most YAML aliases (`*name`) read. Kubeconfigs use none; a few dozen nested ones can
/// expand into billions of nodes ("billion laughs"), so more are refused before parsing, and
/// so are fewer whose expansion adds more than [`crate::yaml::guard::MAX_ALIAS_EXPANSION`] nodes.
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
    let first = documents
        .next()
        .map(Kubeconfig::deserialize)
        .unwrap_or_else(|| Ok(Kubeconfig::default()));
    let mut config = match first {
        Ok(config) => check_kind(config)?,
        Err(typed_error) => return Err(explain(text, typed_error)),
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
    if let Ok(value) = serde_yaml::from_str::<Value>(text) {
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
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn empty_and_blank_inputs_say_so() {
        for text in ["", "   \n", "# just a comment\n---\n"] {
            assert_eq!(parse(text).unwrap_err(), DoctorError::Empty, "{text:?}");
        }
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let error =
            parse("apiVersion: v1\nclusters:\n- name: a\n   cluster: {server: x}\n").unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("line 4, column"), "{message}");
    }

    #[test]
    fn type_errors_have_line_and_column() {
        let error = parse("apiVersion: v1\nkind: Config\nclusters:\n  name: a\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("line 4, column 3: clusters: invalid type"),
            "{error}"
        );
    }

    #[test]
    fn later_documents_are_counted_not_read_and_empty_ones_not_counted() {
        let one = "apiVersion: v1\nkind: Config\ncontexts: [{name: a}]\n";
        assert_eq!(parse(one).unwrap().extra_documents, 0);
        assert_eq!(parse(&format!("{one}---\n")).unwrap().extra_documents, 0);
        // A broken later document counts once, and reading ends (no endless error loop).
        let broken = format!("{one}---\nkey: [unclosed\n---\n{one}");
        assert_eq!(parse(&broken).unwrap().extra_documents, 1);
        let two = format!("{one}---\n{one}---\nkind: Pod\n");
        let config = parse(&two).unwrap();
        assert_eq!(config.extra_documents, 2);
        assert_eq!(config.contexts.len(), 1);
    }

    #[test]
    fn other_documents_are_named() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n";
        assert_eq!(
            parse(pod).unwrap_err(),
            DoctorError::NotKubeconfig {
                what: "a Kubernetes Pod".into()
            }
        );
        assert_eq!(
            parse("- a\n- b\n").unwrap_err(),
            DoctorError::NotKubeconfig {
                what: "a YAML list".into()
            }
        );
        assert_eq!(
            parse("hello").unwrap_err(),
            DoctorError::NotKubeconfig {
                what: "a plain string".into()
            }
        );
    }

    #[test]
    fn empty_kind_and_api_version_are_accepted_as_kubectl_does() {
        // OCI's generated kubeconfigs carry `kind: ""`.
        let config = parse(
            "apiVersion: \"\"\nkind: \"\"\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n",
        )
        .unwrap();
        assert_eq!(config.contexts[0].name, "a");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_reads_as_its_utf8_does_as_in_kubectl() {
        let text = "apiVersion: v1\nkind: Config\ncontexts: [{name: café, context: {cluster: c, user: u}}]\n";
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse_bytes(&utf16).unwrap().contexts[0].name, "café");
    }

    #[test]
    fn binary_and_huge_inputs_are_refused() {
        assert_eq!(
            parse_bytes(&[0xc3, 0x28, 0xff]).unwrap_err(),
            DoctorError::NotText
        );
        // Latin-1 is refused, as kubectl refuses it.
        assert_eq!(
            parse_bytes(b"apiVersion: v1\nkind: Config\nclusters: [{name: caf\xe9}]\n")
                .unwrap_err(),
            DoctorError::NotText
        );
        assert_eq!(parse("a\0b").unwrap_err(), DoctorError::NotText);
        let huge = vec![b'#'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            parse_bytes(&huge).unwrap_err(),
            DoctorError::TooLarge { .. }
        ));
    }

    #[test]
    fn json_kubeconfigs_are_read() {
        let json = r#"{"apiVersion":"v1","kind":"Config","clusters":[{"name":"c","cluster":{"server":"https://x"}}],"users":[],"contexts":[{"name":"k","context":{"cluster":"c","user":"u"}}]}"#;
        let config = parse(json).unwrap();
        assert_eq!(config.contexts[0].name, "k");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_quickly() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for level in b'b'..=b'j' {
            let prev = char::from(level - 1);
            let name = char::from(level);
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        bomb.push_str("clusters: *j\n");
        let deep = format!("clusters: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let deep_block = format!("clusters:\n{}x\n", "- ".repeat(1_000_000));
        assert_eq!(parse(&deep).unwrap_err(), DoctorError::TooDeep);
        assert_eq!(parse(&deep_block).unwrap_err(), DoctorError::TooDeep);
        // Just under the alias limit: 4 levels of 7 aliases, 2401 leaves.
        let mut small = String::from("a: &a [x, x, x, x, x, x, x]\n");
        for level in b'b'..=b'e' {
            let prev = char::from(level - 1);
            let name = char::from(level);
            small.push_str(&format!(
                "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        small.push_str("clusters: *e\n");
        assert_eq!(
            parse(&bomb).unwrap_err(),
            DoctorError::TooManyAliases { count: 82 }
        );
        for input in [bomb, deep, deep_block, small] {
            let start = Instant::now();
            assert!(parse(&input).is_err());
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "took {:?}",
                start.elapsed()
            );
        }
    }
}
