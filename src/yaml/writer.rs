//! The one place skyauth writes YAML: serde_yaml, with every string that a YAML 1.1 reader
//! would take for something else single-quoted.
//!
//! serde_yaml 0.9 quotes a string only when YAML 1.2's core schema would read it as another
//! type (`true`, `1`, `1.5`, `null`, `0x1f`, `0o17`, `1e3`). Kubernetes (`sigs.k8s.io/yaml`,
//! over go-yaml v2) and SkyPilot (PyYAML) read YAML 1.1, where `n`, `y`, `on`, `off`, `yes`,
//! `no` (any case) are booleans, `017` is octal, `1_000` and `1:20` (sexagesimal) are numbers,
//! `2024-01-01` is a date, `<<` a merge key and `=` a value key: written plain, a namespace
//! `n` breaks `kubectl apply` and `remote_identity: on` reads as `True`.
//!
//! serde_yaml decides a string's style from its text alone and offers no way to ask for
//! quotes, so [`to_string`] replaces each such string in the value tree (mapping keys too) by
//! a placeholder that is always written plain and occurs nowhere else in the tree, lets
//! serde_yaml write the tree, then puts each string back single-quoted in its placeholder's
//! place. Everything else is serde_yaml's output byte for byte.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

/// Writes `value` as a YAML document that YAML 1.1 and 1.2 readers read back the same.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String, serde_yaml::Error> {
    let mut tree = serde_yaml::to_value(value)?;
    let marker = unused_marker(&tree);
    let mut quoted = Vec::new();
    protect(&mut tree, &marker, &mut quoted);
    let text = serde_yaml::to_string(&tree)?;
    Ok(if quoted.is_empty() {
        text
    } else {
        restore(&text, &marker, &quoted)
    })
}

/// True when a YAML 1.1 reader (PyYAML, go-yaml v2) would read `text`, written plain, as
/// something other than this string: a boolean, null, an integer or float in any of 1.1's
/// forms, a timestamp, or the merge and value keys. Errs on the side of quoting.
pub fn is_ambiguous(text: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "",
    ];
    if WORDS.iter().any(|word| text.eq_ignore_ascii_case(word)) || text == "<<" || text == "=" {
        return true;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if [".inf", ".nan"]
        .iter()
        .any(|word| unsigned.eq_ignore_ascii_case(word))
    {
        return true;
    }
    let bytes = unsigned.as_bytes();
    let starts_numeric = match bytes {
        [first, ..] if first.is_ascii_digit() => true,
        [b'.', second, ..] => second.is_ascii_digit(),
        _ => false,
    };
    if !starts_numeric {
        return false;
    }
    let all = |allowed: &dyn Fn(u8) -> bool, digits: &[u8]| {
        !digits.is_empty() && digits.iter().all(|&b| allowed(b))
    };
    // Integers: binary, octal (`0o17` and 1.1's `017`), hexadecimal, decimal with `_`.
    if let Some(rest) = unsigned.strip_prefix("0b") {
        if all(&|b| matches!(b, b'0' | b'1' | b'_'), rest.as_bytes()) {
            return true;
        }
    }
    if let Some(rest) = unsigned.strip_prefix("0o") {
        if all(&|b| matches!(b, b'0'..=b'7' | b'_'), rest.as_bytes()) {
            return true;
        }
    }
    if let Some(rest) = unsigned.strip_prefix("0x") {
        if all(&|b| b.is_ascii_hexdigit() || b == b'_', rest.as_bytes()) {
            return true;
        }
    }
    if all(&|b| b.is_ascii_digit() || b == b'_', bytes) {
        return true;
    }
    // Sexagesimal numbers (`1:20`, `1:20.5`).
    if bytes.contains(&b':')
        && all(
            &|b| b.is_ascii_digit() || matches!(b, b'_' | b':' | b'.'),
            bytes,
        )
    {
        return true;
    }
    // Floats in any notation (`1.`, `.5`, `1_000.5`, `1e3`, `6.02E+23`).
    if all(
        &|b| b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'e' | b'E' | b'+' | b'-'),
        bytes,
    ) && is_float(&unsigned.replace('_', ""))
    {
        return true;
    }
    // Timestamps start with a date: `2024-01-01`, `2024-1-1T10:00:00Z`.
    matches!(bytes, [a, b, c, d, b'-', e, ..] if [a, b, c, d, e].iter().all(|x| x.is_ascii_digit()))
}

/// True for what a float parser accepts, for text of digits, `.`, `e`/`E` and signs: a
/// mantissa with digits and at most one `.`, then an optional exponent with digits. Written
/// out so the web page carries no float parser.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let points = mantissa.bytes().filter(|&b| b == b'.').count();
    let mantissa_ok = digits > 0 && points <= 1 && digits + points == mantissa.len();
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// A word of letters that no string or tag in `tree` contains, so placeholders made from it
/// are unique and serde_yaml writes them plain.
fn unused_marker(tree: &Value) -> String {
    let mut texts = Vec::new();
    let mut tags = Vec::new();
    let mut stack = vec![tree];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) => texts.push(text.as_str()),
            Value::Sequence(items) => stack.extend(items),
            Value::Mapping(mapping) => {
                for (key, value) in mapping {
                    stack.push(key);
                    stack.push(value);
                }
            }
            Value::Tagged(tagged) => {
                stack.push(&tagged.value);
                tags.push(tagged.tag.to_string());
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    let mut marker = String::from("skyauthquoted");
    texts.extend(tags.iter().map(String::as_str));
    while texts.iter().any(|text| text.contains(&marker)) {
        marker.push('x');
    }
    marker
}

/// The placeholder of the `index`th quoted string: the marker, the index, then `q` (so no
/// placeholder is the start of another).
fn placeholder(marker: &str, index: usize) -> String {
    format!("{marker}{index}q")
}

/// Replaces every ambiguous string in `value` (keys included) by its placeholder, keeping the
/// strings in `quoted`.
fn protect(value: &mut Value, marker: &str, quoted: &mut Vec<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if is_ambiguous(text) => {
                let index = quoted.len();
                quoted.push(std::mem::replace(text, placeholder(marker, index)));
            }
            Value::Sequence(items) => stack.extend(items.iter_mut()),
            Value::Mapping(mapping) => {
                if mapping
                    .keys()
                    .any(|key| key.as_str().is_some_and(is_ambiguous))
                {
                    let mut renamed = Mapping::with_capacity(mapping.len());
                    for (mut key, value) in std::mem::take(mapping) {
                        if let Value::String(text) = &mut key {
                            if is_ambiguous(text) {
                                let index = quoted.len();
                                quoted.push(std::mem::replace(text, placeholder(marker, index)));
                            }
                        }
                        renamed.insert(key, value);
                    }
                    *mapping = renamed;
                }
                stack.extend(mapping.values_mut());
            }
            Value::Tagged(tagged) => stack.push(&mut tagged.value),
            _ => {}
        }
    }
}

/// `text` with each placeholder replaced by its string, single-quoted.
fn restore(text: &str, marker: &str, quoted: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + quoted.len() * 4);
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok();
        match (
            index.and_then(|i| quoted.get(i)),
            after[digits..].strip_prefix('q'),
        ) {
            (Some(original), Some(tail)) => {
                out.push('\'');
                out.push_str(&original.replace('\'', "''"));
                out.push('\'');
                rest = tail;
            }
            // Not a placeholder (cannot happen: no string or tag contains the marker).
            _ => {
                out.push_str(marker);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
