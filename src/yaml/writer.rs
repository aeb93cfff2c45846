//! The one place skyauth writes YAML: a value becomes a [`Node`] tree and [`emit`] writes it
//! as serde_yaml would, except that every string a YAML 1.1 reader would take for something
//! else is single-quoted.
//!
//! serde_yaml 0.9 quotes a string only when YAML 1.2's core schema would read it as another
//! type (`true`, `1`, `1.5`, `null`, `0x1f`, `0o17`, `1e3`). Kubernetes (`sigs.k8s.io/yaml`,
//! over go-yaml v2) and SkyPilot (PyYAML) read YAML 1.1, where `n`, `y`, `on`, `off`, `yes`,
//! `no` (any case) are booleans, `017` is octal, `1_000` and `1:20` (sexagesimal) are numbers,
//! `2024-01-01` is a date, `<<` a merge key and `=` a value key: written plain, a namespace
//! `n` breaks `kubectl apply` and `remote_identity: on` reads as `True`. [`is_ambiguous`] is
//! that rule; the emitter applies it to keys and values alike.

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

#[cfg(test)]
mod tests;
