//! Unit tests of `yaml::guard`.
use std::time::{Duration, Instant};

use super::*;

const LIMITS: Limits = Limits {
    max_bytes: 4 * 1024 * 1024,
    max_aliases: 32,
    max_nesting: 64,
};

/// A billion-laughs document: 9 levels of 9 aliases, each alias right after `sep`.
fn laughs(sep: &str) -> String {
    let mut text = String::from("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for level in b'b'..=b'j' {
        let (prev, name) = (char::from(level - 1), char::from(level));
        let items = vec![format!("{sep}*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    text + "clusters: *j\n"
}

fn refused_quickly(text: &str) -> Refusal {
    let start = Instant::now();
    let Err(refusal) = admit(text, LIMITS) else {
        panic!("admitted {} bytes starting {:?}", text.len(), &text[..20]);
    };
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    refusal
}

#[test]
fn aliases_are_counted_after_every_line_break_yaml_knows() {
    for sep in ["", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\r\n", "\t"] {
        let text = laughs(sep);
        // The count comes from libyaml's events: every one of them is a real alias.
        assert_eq!(
            refused_quickly(&text),
            Refusal::TooManyAliases { count: 82 },
            "{sep:?}"
        );
    }
}

#[test]
fn few_aliases_that_expand_past_the_bound_are_refused() {
    // 16 levels of 2 aliases over a padded anchor: 32 aliases, 2^16 copies of 2,000 nodes.
    let mut text = format!("a0: &a0 [{}]\n", vec!["x"; 2_000].join(","));
    for level in 1..=15 {
        text.push_str(&format!(
            "a{level}: &a{level} [*a{p},*a{p}]\n",
            p = level - 1
        ));
    }
    assert_eq!(
        refused_quickly(&text),
        Refusal::TooManyAliases { count: 30 }
    );
    // A few aliases of small anchors stay readable.
    let fine = "a: &a {x: 1}\nb: [*a, *a]\n";
    assert_eq!(admit(fine, LIMITS), Ok(fine));
}

#[test]
fn nesting_follows_the_scanner_not_quotes_or_hashes_inside_plain_scalars() {
    let deep = "[".repeat(200_000);
    // The quote and the hash are inside plain scalars: the brackets after them nest.
    for prefix in [
        "x: [a', ",
        "x: [a \", ",
        "x: [a#, ",
        "x: [a ', ",
        "x:\r- - ",
        "x:\u{2028}- - ",
    ] {
        let text = format!("{prefix}{deep}");
        assert_eq!(refused_quickly(&text), Refusal::TooDeep, "{prefix:?}");
    }
    let block = format!("x:\n{}y\n", "-  ".repeat(100_000));
    assert_eq!(refused_quickly(&block), Refusal::TooDeep);
    // Brackets inside real quotes and comments do not nest (a comment may follow a
    // flow entry without a space).
    let quoted = format!("x: '{deep}'\ny: \"{deep}\" # {deep}\nz: [a,#{deep}\n]\n");
    assert_eq!(admit(&quoted, LIMITS), Ok(quoted.as_str()));
}

#[test]
fn every_leading_byte_order_mark_is_removed() {
    assert_eq!(strip_byte_order_marks("\u{feff}\u{feff}a: b"), "a: b");
    assert_eq!(admit("\u{feff}\u{feff}a: b\n", LIMITS), Ok("a: b\n"));
    assert_eq!(admit("\u{feff}\u{feff}", LIMITS), Err(Refusal::Empty));
}

#[test]
fn ordinary_documents_skip_the_event_pass() {
    let text = "apiVersion: v1\nusers:\n- name: u\n  user: {token: \"a*b\"}\n";
    assert!(!may_exceed(text, LIMITS));
    assert!(may_exceed("a: [x, *b]\n", LIMITS));
    assert!(may_exceed("a: [x,\u{2028}*b]\n", LIMITS));
    // Many small flow lists, no quote: the running count bounds the depth.
    let lists = "args: [eks, get-token]\n".repeat(500);
    assert!(!may_exceed(&lists, LIMITS));
    // With a quote, a closing bracket may be hidden: then the openings count.
    assert!(may_exceed(&format!("a: '\n{lists}"), LIMITS));
    assert!(may_exceed(&"[".repeat(65), LIMITS));
}

#[test]
fn one_large_value_repeated_by_few_aliases_is_refused_by_its_expanded_bytes() {
    // #22 item 12: a 200 KB value and 31 aliases of it, 6.4 MB expanded: the node count is
    // tiny (32 scalars), the bytes are not. The 21st alias takes it past 4 MiB.
    let big = "Q".repeat(200_000);
    let mut text = format!("ca: &big {big}\nusers:\n");
    for _ in 0..31 {
        text.push_str("- *big\n");
    }
    assert_eq!(
        refused_quickly(&text),
        Refusal::ExpandsPastLimit {
            alias: "big".into(),
            line: 22,
            column: 3,
            limit: LIMITS.max_bytes,
        }
    );
    // Nested doubling of a 100 KB value, 12 aliases in all: refused where it crosses.
    let mut nested = format!("a0: &a0 {}\n", "x".repeat(100_000));
    for level in 1..=6 {
        nested.push_str(&format!(
            "a{level}: &a{level} [*a{p}, *a{p}]\n",
            p = level - 1
        ));
    }
    match refused_quickly(&nested) {
        Refusal::ExpandsPastLimit { alias, line, .. } => {
            assert_eq!((alias.as_str(), line), ("a4", 6))
        }
        other => panic!("{other:?}"),
    }
    // The same value repeated 10 times (2 MB expanded) stays readable, and a document
    // without aliases is judged by its own size only.
    let mut fine = format!("ca: &big {big}\nusers:\n");
    for _ in 0..10 {
        fine.push_str("- *big\n");
    }
    assert_eq!(admit(&fine, LIMITS), Ok(fine.as_str()));
    // Anchors are per document: a second document cannot alias the first's.
    let per_document = format!(
        "{fine}---\nx: [*big, *big, *big, *big, *big, *big, *big, *big, *big, *big, *big]\n"
    );
    assert!(admit(&per_document, LIMITS).is_ok());
}

#[test]
fn sizes_are_named_in_whole_units() {
    assert_eq!(size_in_units(4 * 1024 * 1024), "4 MiB");
    assert_eq!(size_in_units(512 * 1024), "512 KiB");
    assert_eq!(size_in_units(1000), "1000 bytes");
}
