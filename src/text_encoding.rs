//! The one rule for turning a file's bytes into text, shared by the CLI (files and standard
//! input) and the page (a chosen or dropped file), so both accept and refuse the same files.
//!
//! It follows what kubectl accepts (its YAML reader, go-yaml, picks the encoding from the
//! first bytes): UTF-8, with or without a byte-order mark, and UTF-16 little- or big-endian
//! *with* a byte-order mark (what Windows PowerShell 5 writes for `kubectl config view --raw >
//! file`). Anything else is refused with a message that names the byte offset and the command
//! that converts the file: Latin-1 and other legacy encodings cannot be told apart from each
//! other, so guessing would silently change names and credentials. UTF-16 without a mark is
//! refused too (kubectl refuses it as well), but recognised, so the message says what it is.
//!
//! The encoding's own byte-order mark is removed; further leading marks (a file saved twice by
//! a mark-adding editor) are the YAML guard's to drop (`yaml::guard`).

use std::borrow::Cow;
use std::fmt;

/// Why bytes are not text skyauth reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8 from `offset` on (often Latin-1 or Windows-1252: `byte` is the first
    /// byte that is not UTF-8).
    NotUtf8 { offset: usize, byte: u8 },
    /// UTF-16 text (it has a byte-order mark) with an unpaired surrogate or an odd last byte
    /// at `offset`.
    InvalidUtf16 { offset: usize },
    /// UTF-16 without a byte-order mark: which of its bytes is zero tells the order.
    Utf16WithoutMark { big_endian: bool },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotUtf8 { offset, byte } => write!(
                f,
                "it is not UTF-8 text: byte {offset} (0x{byte:02X}) starts no UTF-8 character. \
                 It is probably Latin-1 or Windows-1252; convert it, for example with \
                 `iconv -f latin1 -t utf-8 FILE > FILE.utf8`, and check the names it holds"
            ),
            DecodeError::InvalidUtf16 { offset } => write!(
                f,
                "it starts as UTF-16 text (a byte-order mark) but byte {offset} is not UTF-16. \
                 Save it again as UTF-8, for example with `iconv -f utf-16 -t utf-8 FILE > FILE.utf8`"
            ),
            DecodeError::Utf16WithoutMark { big_endian } => {
                let order = if *big_endian { "utf-16be" } else { "utf-16le" };
                write!(
                    f,
                    "it looks like UTF-16 text without a byte-order mark (kubectl refuses it too). \
                     Save it as UTF-8, for example with `iconv -f {order} -t utf-8 FILE > FILE.utf8`"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

const UTF8_MARK: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_MARK: &[u8] = b"\xFF\xFE";
const UTF16_BE_MARK: &[u8] = b"\xFE\xFF";

/// `bytes` as text by the rule above; borrowed when they are UTF-8 without a mark.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_MARK) {
        return decode_utf16(rest, UTF16_LE_MARK.len(), u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_MARK) {
        return decode_utf16(rest, UTF16_BE_MARK.len(), u16::from_be_bytes).map(Cow::Owned);
    }
    let (body, skipped) = match bytes.strip_prefix(UTF8_MARK) {
        Some(rest) => (rest, UTF8_MARK.len()),
        None => (bytes, 0),
    };
    if let [first, second, ..] = body {
        if (*first == 0) != (*second == 0) {
            return Err(DecodeError::Utf16WithoutMark {
                big_endian: *first == 0,
            });
        }
    }
    std::str::from_utf8(body)
        .map(Cow::Borrowed)
        .map_err(|error| {
            let offset = error.valid_up_to();
            DecodeError::NotUtf8 {
                offset: skipped + offset,
                byte: body[offset],
            }
        })
}

/// UTF-16 code units read by `unit` from `body`, which starts `start` bytes into the file.
fn decode_utf16(
    body: &[u8],
    start: usize,
    unit: fn([u8; 2]) -> u16,
) -> Result<String, DecodeError> {
    let pairs = body.chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return Err(DecodeError::InvalidUtf16 {
            offset: start + body.len() - 1,
        });
    }
    let units = pairs.map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(body.len() / 2);
    let mut offset = start;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset }),
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            UTF16_BE_MARK.to_vec()
        } else {
            UTF16_LE_MARK.to_vec()
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn utf8_is_read_as_it_is_with_or_without_a_mark() {
        assert!(matches!(
            decode_text(b"a: b\n"),
            Ok(Cow::Borrowed("a: b\n"))
        ));
        assert_eq!(
            decode_text("\u{feff}name: café".as_bytes()).unwrap(),
            "name: café"
        );
        assert_eq!(decode_text(b"").unwrap(), "");
        // A second mark is the YAML guard's to drop, not this rule's.
        assert_eq!(
            decode_text("\u{feff}\u{feff}a".as_bytes()).unwrap(),
            "\u{feff}a"
        );
    }

    #[test]
    fn utf16_with_a_mark_is_decoded_in_either_byte_order() {
        let text = "apiVersion: v1\nkind: Config # café 🚀\n";
        assert_eq!(decode_text(&utf16(text, false)).unwrap(), text);
        assert_eq!(decode_text(&utf16(text, true)).unwrap(), text);
    }

    #[test]
    fn broken_utf16_names_the_offset() {
        let mut odd = utf16("ab", false);
        odd.push(b'c');
        assert_eq!(
            decode_text(&odd),
            Err(DecodeError::InvalidUtf16 { offset: 6 })
        );
        // "a", then a lone high surrogate at byte 4.
        let lone = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(
            decode_text(&lone),
            Err(DecodeError::InvalidUtf16 { offset: 4 })
        );
    }

    #[test]
    fn latin1_is_refused_at_its_first_non_utf8_byte_with_the_command_that_converts_it() {
        let error = decode_text(b"name: caf\xE9\n").unwrap_err();
        assert_eq!(
            error,
            DecodeError::NotUtf8 {
                offset: 9,
                byte: 0xE9
            }
        );
        let message = error.to_string();
        assert!(message.contains("byte 9 (0xE9)"), "{message}");
        assert!(message.contains("iconv -f latin1 -t utf-8"), "{message}");
        // After a UTF-8 mark the offset is still the file's.
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFx\xFF"),
            Err(DecodeError::NotUtf8 {
                offset: 4,
                byte: 0xFF
            })
        );
    }

    #[test]
    fn utf16_without_a_mark_is_named_with_its_byte_order() {
        let le: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode_text(&le),
            Err(DecodeError::Utf16WithoutMark { big_endian: false })
        );
        assert_eq!(
            decode_text(&be),
            Err(DecodeError::Utf16WithoutMark { big_endian: true })
        );
        assert!(decode_text(&le)
            .unwrap_err()
            .to_string()
            .contains("iconv -f utf-16le"));
        // Binary that merely starts with two zero bytes is left to the text checks.
        assert!(decode_text(b"\0\0").is_ok());
    }
}
