//! A compact text encoding for the messages between the page and its analysis worker: numbers
//! as `12;`, strings length-prefixed as `5:hello`, so any text (newlines, separators, emoji)
//! passes unchanged and decoding never guesses. A few hundred bytes of code on each side,
//! where a serde format would cost kilobytes per message type.

use std::fmt;

/// A message that does not decode (a page and worker from different builds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError;

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the page and its analysis worker disagree on the message format: reload the page",
        )
    }
}

impl std::error::Error for WireError {}

/// Builds a message.
#[derive(Default)]
pub struct Writer(String);

impl Writer {
    /// Writes `text` exactly as a `String` is written.
    pub fn text(&mut self, text: &str) {
        self.0.push_str(&text.len().to_string());
        self.0.push(':');
        self.0.push_str(text);
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Reads a message front to back.
pub struct Reader<'a>(&'a str);

impl<'a> Reader<'a> {
    pub fn new(message: &'a str) -> Reader<'a> {
        Reader(message)
    }

    fn number(&mut self, end: char) -> Result<usize, WireError> {
        let (digits, rest) = self.0.split_once(end).ok_or(WireError)?;
        self.0 = rest;
        digits.parse().map_err(|_| WireError)
    }

    /// Errors unless the whole message was read.
    pub fn finish(self) -> Result<(), WireError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(WireError)
        }
    }
}

/// A value that can cross the wire.
pub trait Wire: Sized {
    fn write(&self, out: &mut Writer);
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError>;
}

impl Wire for usize {
    fn write(&self, out: &mut Writer) {
        out.0.push_str(&self.to_string());
        out.0.push(';');
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        input.number(';')
    }
}

impl Wire for bool {
    fn write(&self, out: &mut Writer) {
        usize::from(*self).write(out)
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        match usize::read(input)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError),
        }
    }
}

impl Wire for String {
    fn write(&self, out: &mut Writer) {
        out.text(self)
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        let len = input.number(':')?;
        let text = input.0.get(..len).ok_or(WireError)?;
        input.0 = &input.0[len..];
        Ok(text.to_owned())
    }
}

/// A SkyPilot version, as its text (`0.14.1`, `1.0.0.dev20261027`): typed on both sides.
impl Wire for crate::release::SkyPilotVersion {
    fn write(&self, out: &mut Writer) {
        out.text(&self.to_string())
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        String::read(input)?.parse().map_err(|_| WireError)
    }
}

/// A kubeconfig's journey: `local-credentials`, `api-server`, or the launcher's identity
/// (`=SERVICE_ACCOUNT`, `=sky-sa`), typed on both sides.
impl Wire for crate::doctor::KubeconfigJourney {
    fn write(&self, out: &mut Writer) {
        use crate::doctor::KubeconfigJourney::*;
        match self {
            Launcher(identity) => out.text(&format!("={identity}")),
            LocalCredentials => out.text("local-credentials"),
            ApiServer => out.text("api-server"),
        }
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        use crate::doctor::KubeconfigJourney::*;
        let text = String::read(input)?;
        match text.as_str() {
            "local-credentials" => Ok(LocalCredentials),
            "api-server" => Ok(ApiServer),
            _ => {
                let identity = text.strip_prefix('=').ok_or(WireError)?;
                // The identity as written: `NONE` stays the keyword it was on the page.
                Ok(Launcher(match identity {
                    "NONE" => crate::setup::RemoteIdentity::NoToken,
                    other => crate::setup::RemoteIdentity::from_config_value(other),
                }))
            }
        }
    }
}

impl<T: Wire> Wire for Option<T> {
    fn write(&self, out: &mut Writer) {
        self.is_some().write(out);
        if let Some(value) = self {
            value.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(match bool::read(input)? {
            true => Some(T::read(input)?),
            false => None,
        })
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn write(&self, out: &mut Writer) {
        self.len().write(out);
        for item in self {
            item.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Result<Self, WireError> {
        let len = usize::read(input)?;
        // The count comes from the other side: never trust it for an allocation.
        let mut items = Vec::with_capacity(len.min(1024));
        for _ in 0..len {
            items.push(T::read(input)?);
        }
        Ok(items)
    }
}

/// Encodes a value as a message.
pub fn encode<T: Wire>(value: &T) -> String {
    let mut out = Writer::default();
    value.write(&mut out);
    out.finish()
}

/// Decodes a whole message.
pub fn decode<T: Wire>(message: &str) -> Result<T, WireError> {
    let mut input = Reader::new(message);
    let value = T::read(&mut input)?;
    input.finish()?;
    Ok(value)
}

/// Implements [`Wire`] for a struct, field by field in order.
macro_rules! wire_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $crate::analysis::codec::Wire for $name {
            fn write(&self, out: &mut $crate::analysis::codec::Writer) {
                $( self.$field.write(out); )*
            }
            fn read(
                input: &mut $crate::analysis::codec::Reader<'_>,
            ) -> Result<Self, $crate::analysis::codec::WireError> {
                Ok($name { $( $field: $crate::analysis::codec::Wire::read(input)?, )* })
            }
        }
    };
}
pub(crate) use wire_struct;

/// `Wire` for a fieldless enum, sent as its variant's name: the match is exhaustive, so a new
/// variant left out of the list does not compile.
macro_rules! wire_enum {
    ($name:ty { $($variant:ident),* $(,)? }) => {
        impl $crate::analysis::codec::Wire for $name {
            fn write(&self, out: &mut $crate::analysis::codec::Writer) {
                out.text(match self { $( <$name>::$variant => stringify!($variant), )* })
            }
            fn read(
                input: &mut $crate::analysis::codec::Reader<'_>,
            ) -> Result<Self, $crate::analysis::codec::WireError> {
                match String::read(input)?.as_str() {
                    $( stringify!($variant) => Ok(<$name>::$variant), )*
                    _ => Err($crate::analysis::codec::WireError),
                }
            }
        }
    };
}
pub(crate) use wire_enum;

/// `Wire` for an enum whose variants carry values (`Edit(a)`, `Pair(a, b)`, `Named { a, b }`
/// or nothing), each sent as its tag and then its values in order. The tags are written out
/// in the list, so reordering the enum cannot change a message; a variant left out of the
/// list does not compile.
macro_rules! wire_variants {
    ($name:ty { $( $tag:literal => $variant:ident $( ( $($t:ident),+ ) )? $( { $($f:ident),+ } )? ),* $(,)? }) => {
        impl $crate::analysis::codec::Wire for $name {
            fn write(&self, out: &mut $crate::analysis::codec::Writer) {
                use $crate::analysis::codec::Wire as W;
                match self {
                    $( Self::$variant $( ( $($t),+ ) )? $( { $($f),+ } )? => {
                        W::write(&($tag as usize), out);
                        $( $( W::write($t, out); )+ )?
                        $( $( W::write($f, out); )+ )?
                    } )*
                }
            }
            fn read(
                input: &mut $crate::analysis::codec::Reader<'_>,
            ) -> Result<Self, $crate::analysis::codec::WireError> {
                use $crate::analysis::codec::Wire as W;
                match <usize as W>::read(input)? {
                    $( $tag => Ok(Self::$variant
                        $( ( $( { let $t = W::read(input)?; $t } ),+ ) )?
                        $( { $( $f: W::read(input)? ),+ } )?
                    ), )*
                    _ => Err($crate::analysis::codec::WireError),
                }
            }
        }
    };
}
pub(crate) use wire_variants;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_round_trips() {
        let values: Vec<Option<String>> = vec![
            Some(String::new()),
            None,
            Some("12:34;5\n\u{1f}🙂 with: colons; and semicolons".into()),
        ];
        let message = encode(&values);
        assert_eq!(decode::<Vec<Option<String>>>(&message), Ok(values));
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Light {
        Red,
        Green,
    }
    wire_enum!(Light { Red, Green });

    #[test]
    fn enums_travel_by_variant_name() {
        assert_eq!(encode(&Light::Green), "5:Green");
        assert_eq!(decode::<Light>("3:Red"), Ok(Light::Red));
        assert_eq!(decode::<Light>("4:Blue"), Err(WireError));
    }

    #[test]
    fn truncated_or_trailing_input_is_an_error() {
        let message = encode(&vec!["abc".to_owned()]);
        assert_eq!(
            decode::<Vec<String>>(&message[..message.len() - 1]),
            Err(WireError)
        );
        assert_eq!(
            decode::<Vec<String>>(&format!("{message}x")),
            Err(WireError)
        );
        assert_eq!(decode::<bool>("2;"), Err(WireError));
        assert_eq!(decode::<String>("99999999999999999999999:"), Err(WireError));
        // A length that ends inside a multi-byte character is refused, not a panic.
        assert_eq!(decode::<String>("1:🙂"), Err(WireError));
    }
}
