//! The emitter against serde_yaml: byte-identical output for trees of strings YAML 1.1 and 1.2
//! read alike, and a round trip through serde_yaml's parser for every tree.

use proptest::prelude::*;
use serde_yaml::Value;

use super::*;
use crate::yaml::emit::is_ambiguous;
use crate::yaml::node::Map;

/// The same tree as serde_yaml's value.
fn to_value(node: &Node) -> Value {
    match node {
        Node::Null => Value::Null,
        Node::Bool(on) => Value::Bool(*on),
        Node::Int(number) => Value::from(*number),
        Node::UInt(number) => Value::from(*number),
        Node::Float(number) => Value::from(*number),
        Node::Str(text) => Value::String(text.clone()),
        Node::Seq(items) => Value::Sequence(items.iter().map(to_value).collect()),
        Node::Map(map) => Value::Mapping(
            map.iter()
                .map(|(key, value)| (Value::String(key.clone()), to_value(value)))
                .collect(),
        ),
    }
}

/// Text of the characters libyaml treats specially, anywhere in a string.
const TRICKY: &str =
    "([a-z0-9]|[ \\n\\t:#'\"{}\\[\\],&*!|>%@?.~`=<-]|é|🙂|\u{feff}|\u{a0}|\u{1}){0,12}";

fn text(tricky: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        4 => tricky,
        1 => "(---|\\.\\.\\.)[a-z ]{0,3}",
        1 => "[a-z]{120,140}",
        1 => Just(String::new()),
        1 => "[0-9]{1,4}",
        1 => "(true|no|On|null|~|0x1F|1e3|0o17|1_000|2024-01-01|<<|=)",
    ]
    .boxed()
}

fn tree(strings: BoxedStrategy<String>) -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        any::<i64>().prop_map(Node::Int),
        prop_oneof![any::<f64>(), Just(f64::INFINITY), Just(f64::NAN), Just(1.0)]
            .prop_map(Node::Float),
        strings.clone().prop_map(Node::Str),
    ];
    leaf.prop_recursive(4, 40, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Node::Seq),
            prop::collection::vec((strings.clone(), inner), 0..5).prop_map(|entries| {
                let mut map = Map::new();
                for (key, value) in entries {
                    map.insert(key, value);
                }
                Node::Map(map)
            }),
        ]
    })
}

/// A string YAML 1.1 reads as this string too, so serde_yaml writes it as the old writer did.
fn unambiguous(text: String) -> String {
    if is_ambiguous(&text) {
        format!("x{text}")
    } else {
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn writes_what_serde_yaml_writes(node in tree(text(TRICKY).prop_map(unambiguous).boxed())) {
        let expected = serde_yaml::to_string(&to_value(&node)).unwrap();
        prop_assert_eq!(emit(&node), expected);
    }

    #[test]
    fn reads_back_as_the_same_tree(node in tree(text(
        "([a-z0-9]|[ \\n\\r\\t:#'\"{}\\[\\],&*!|>%@?.~`=<-]|\u{85}|\u{2028}|\u{2029}|\u{feff}){0,12}"
    ))) {
        let written = emit(&node);
        let read: Value = serde_yaml::from_str(&written).unwrap();
        prop_assert_eq!(read, to_value(&node), "{}", written);
    }
}

#[test]
fn ambiguous_strings_are_single_quoted() {
    let mut map = Map::new();
    for word in ["n", "On", "1:20", "2024-01-01", "<<", "=", "0123", ""] {
        map.insert(word, word);
    }
    assert_eq!(
        emit(&Node::Map(map)),
        "'n': 'n'\n'On': 'On'\n'1:20': '1:20'\n'2024-01-01': '2024-01-01'\n'<<': '<<'\n\
         '=': '='\n'0123': '0123'\n'': ''\n"
    );
}

#[test]
fn block_layout_follows_libyaml() {
    let mut inner = Map::new();
    inner.insert("verbs", Node::Seq(vec!["get".into(), "list".into()]));
    inner.insert("empty", Node::Map(Map::new()));
    let mut root = Map::new();
    root.insert(
        "rules",
        Node::Seq(vec![Node::Map(inner), Node::Seq(vec!["a".into()])]),
    );
    root.insert("script", "line 1\nline 2\n");
    assert_eq!(
        emit(&Node::Map(root)),
        "rules:\n- verbs:\n  - get\n  - list\n  empty: {}\n- - a\nscript: |\n  line 1\n  line 2\n"
    );
}

/// Block scalars that keep their trailing line breaks (`|+`), last in the document too: no
/// explicit document end, as serde_yaml writes them (found by the property test).
#[test]
fn kept_trailing_breaks_end_the_document_plainly() {
    for text in ["\n", "\n\n", "a\n\n", " a\n\n"] {
        let mut map = Map::new();
        map.insert("x", text);
        let node = Node::Map(map);
        assert_eq!(
            emit(&node),
            serde_yaml::to_string(&to_value(&node)).unwrap()
        );
        assert_eq!(
            emit(&Node::Str(text.to_owned())),
            serde_yaml::to_string(text).unwrap()
        );
    }
}

#[test]
fn yaml_1_1_lookalikes_are_ambiguous_and_names_are_not() {
    for text in [
        "n",
        "N",
        "y",
        "on",
        "On",
        "OFF",
        "yes",
        "No",
        "nO",
        "true",
        "null",
        "~",
        "",
        "<<",
        "=",
        "1:20",
        "1:20.5",
        "2024-01-01",
        "2024-1-1T10:00:00Z",
        "1_000",
        "017",
        "0o17",
        "0x1f",
        "0b101",
        ".inf",
        "-.INF",
        ".nan",
        "1e3",
        "1.",
        ".5",
        "+1",
        "-1_0",
        "6.02E+23",
    ] {
        assert!(is_ambiguous(text), "{text:?}");
    }
    for text in [
        "1-0", "sky-sa", "ml", "default", "a1", "1a", "no-op", "onion", "yess", "1.2.3.4",
        "10-0-0-1", "2024", // `2024` is an integer: ambiguous, but checked below
    ]
    .iter()
    .filter(|text| **text != "2024")
    {
        assert!(!is_ambiguous(text), "{text:?}");
    }
    assert!(is_ambiguous("2024"));
}

#[test]
fn floats_are_recognised_as_a_float_parser_would() {
    for text in ["1.", ".5", "1.5", "1e3", "6.02E+23", "1E-2", "10"] {
        assert!(scalar::is_float(text), "{text}");
        assert!(text.parse::<f64>().is_ok(), "{text}");
    }
    for text in ["e", "1e", ".", "1.2.3", "1e+", "e5", "+", ""] {
        assert!(!scalar::is_float(text), "{text}");
        assert!(text.parse::<f64>().is_err(), "{text}");
    }
}
