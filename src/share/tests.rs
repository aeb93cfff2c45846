//! Unit tests of `share`.
use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;

#[derive(Serialize, Deserialize, Default, Debug, PartialEq, Clone)]
#[serde(default)]
struct Inner {
    name: String,
    on: bool,
    list: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(default)]
struct Sample {
    mode: String,
    inner: Inner,
    map: BTreeMap<String, String>,
    count: u32,
}

impl Default for Sample {
    fn default() -> Self {
        Sample {
            mode: "a".into(),
            inner: Inner {
                name: "sky-sa".into(),
                ..Inner::default()
            },
            map: BTreeMap::new(),
            count: 1,
        }
    }
}

impl Shareable for Sample {
    const RENAMED_PATHS: &'static [(&'static str, &'static str)] = &[("old.name", "inner.name")];
}

#[test]
fn renamed_paths_are_read_as_their_current_path() {
    let sample: Sample = from_fragment("old.name=runner").unwrap();
    assert_eq!(sample.inner.name, "runner");
}

#[test]
fn the_default_is_the_empty_fragment() {
    assert_eq!(to_fragment(&Sample::default()), "");
    assert_eq!(from_fragment::<Sample>("").unwrap(), Sample::default());
}

#[test]
fn only_changes_are_written_readably() {
    let mut sample = Sample::default();
    sample.inner.name = "team-a".into();
    sample.inner.on = true;
    assert_eq!(to_fragment(&sample), "inner.name=team-a&inner.on=true");
}

#[test]
fn awkward_text_round_trips() {
    let mut sample = Sample {
        mode: "true".into(),
        ..Sample::default()
    };
    sample.inner.name = "a=b&c.d #x: y\nkind: Secret é".into();
    sample.inner.list = vec!["gke.prod".into(), "x&y".into()];
    sample.map.insert("ctx.with=dots&amps".into(), "12".into());
    sample.count = 7;
    let fragment = to_fragment(&sample);
    assert!(
        !fragment.contains(' ') && !fragment.contains('#'),
        "{fragment}"
    );
    assert_eq!(from_fragment::<Sample>(&fragment).unwrap(), sample);
    assert_eq!(
        from_fragment::<Sample>(&format!("#{fragment}")).unwrap(),
        sample
    );
}

#[test]
fn flow_leaves_read_back_without_a_yaml_parser() {
    let list = parse_flow("['a,b', 'it''s', ']x', true, 3, plain]").unwrap();
    assert_eq!(
        list,
        Node::Seq(vec![
            Node::Str("a,b".into()),
            Node::Str("it's".into()),
            Node::Str("]x".into()),
            Node::Bool(true),
            Node::Int(3),
            Node::Str("plain".into()),
        ])
    );
    assert_eq!(parse_flow("[]"), Some(Node::Seq(vec![])));
    assert_eq!(parse_flow("'x'''"), Some(Node::Str("x'".into())));
    for bad in [
        "[",
        "['a'",
        "['a' 'b']",
        "'open",
        "'a' trailing",
        "[,]",
        "['a',]",
    ] {
        assert_eq!(parse_flow(bad), None, "{bad}");
    }
}

#[test]
fn mangled_fragments_are_errors_not_panics() {
    for bad in [
        "%",
        "%zz=1",
        "inner.name",
        "count=-4",
        "count=x",
        "inner=3&inner.name=x",
        "%FF=1",
        "=1",
    ] {
        let result = from_fragment::<Sample>(bad);
        assert!(
            result.is_err() || bad == "inner=3&inner.name=x",
            "{bad}: {result:?}"
        );
    }
    assert!(from_fragment::<Sample>(&"a".repeat(MAX_FRAGMENT_LEN + 1)).is_err());
}

#[test]
fn deep_paths_and_nested_lists_are_refused_without_recursing() {
    // Issue #17: a 12 KB link of 6,000 nested keys overflowed the stack.
    let deep = vec!["a"; 6_000].join(".");
    let error = from_fragment::<Sample>(&format!("{deep}=1")).unwrap_err();
    assert!(error.to_string().contains("more than 8 parts"), "{error}");
    let error = from_fragment::<crate::setup::Setup>(&format!("{deep}=1")).unwrap_err();
    assert!(error.to_string().contains("more than 8 parts"), "{error}");
    // Eight parts are read (an unknown setting, ignored); nine are not.
    let eight = ["x"; MAX_PATH_SEGMENTS].join(".");
    assert_eq!(
        from_fragment::<Sample>(&format!("{eight}=1")).unwrap(),
        Sample::default()
    );
    assert!(from_fragment::<Sample>(&format!("{eight}.x=1")).is_err());
    // 12 KB of `[` is text, read without nesting lists.
    let brackets = "[".repeat(12_000);
    assert_eq!(parse_flow(&brackets), None);
    let sample: Sample = from_fragment(&format!("inner.name={}", "%5B".repeat(4_000))).unwrap();
    assert_eq!(sample.inner.name, "[".repeat(4_000));
}

#[test]
fn unknown_settings_are_ignored_like_serde_does() {
    assert_eq!(
        from_fragment::<Sample>("nope=1").unwrap(),
        Sample::default()
    );
}

#[test]
fn a_link_with_one_bad_value_keeps_the_rest_and_names_it() {
    let read: ReadLink<Sample> = read_link("#mode=b&count=x&inner.name=runner");
    assert_eq!(read.value.mode, "b");
    assert_eq!(read.value.inner.name, "runner");
    assert_eq!(read.value.count, 1, "the bad value is left at its default");
    assert_eq!(read.left_out.len(), 1, "{:?}", read.left_out);
    assert!(read.left_out[0].contains("`count`"), "{:?}", read.left_out);
}

#[test]
fn an_in_page_anchor_is_not_a_link() {
    let read: ReadLink<Sample> = read_link("#output");
    assert_eq!(read.value, Sample::default());
    assert!(read.left_out.is_empty());
}

/// A map whose one key starts with `!` (a context named `!`, `!prod`) is a name, not a YAML
/// tag: it is written and read back like any other (it used to empty the whole link).
#[test]
fn a_single_key_starting_with_a_bang_round_trips() {
    for key in ["!", "!prod", "!!str"] {
        let mut sample = Sample::default();
        sample.map.insert(key.into(), "sky-sa".into());
        let fragment = to_fragment(&sample);
        assert!(!fragment.is_empty(), "{key}: the link is empty");
        assert_eq!(
            from_fragment::<Sample>(&fragment).unwrap(),
            sample,
            "{key}: {fragment}"
        );
    }
}
