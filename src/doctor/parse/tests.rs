//! Unit tests of `doctor::parse`.

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
    let text =
        "apiVersion: v1\nkind: Config\ncontexts: [{name: café, context: {cluster: c, user: u}}]\n";
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
        parse_bytes(b"apiVersion: v1\nkind: Config\nclusters: [{name: caf\xe9}]\n").unwrap_err(),
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

#[test]
fn a_certificate_repeated_by_aliases_is_refused_with_the_limit_and_the_place() {
    // #22 item 12 in small: one 400 KB value and 31 aliases (12.8 MB expanded, 0.4 MB of text).
    let ca = "LS0t".repeat(100_000);
    let mut text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c0\n  cluster: {{server: 'https://k', certificate-authority-data: &ca {ca}}}\n"
    );
    for i in 1..32 {
        text.push_str(&format!(
            "- name: c{i}\n  cluster: {{server: 'https://k', certificate-authority-data: *ca}}\n"
        ));
    }
    let error = parse(&text).unwrap_err();
    assert_eq!(
        error,
        DoctorError::AliasExpansion {
            alias: "ca".into(),
            line: 25,
            column: 62,
        }
    );
    let message = error.to_string();
    assert!(
        message.starts_with("line 25, column 62: the alias `*ca`"),
        "{message}"
    );
    assert!(message.contains("larger than 4 MiB"), "{message}");
}
