//! serde's `Deserializer` over the pull reader: the whole serde data model, one grammar. Arrays and
//! objects are read by recursive descent (`read::descent`), scalars by the reader's own methods.

use serde::de::{
    self, DeserializeSeed, Error as _, Expected, IntoDeserializer, Unexpected, Visitor,
};
use serde::forward_to_deserialize_any;

use crate::error::{Error, ErrorCode, Result};
use crate::lex::number::{self, Parsed, ParserNumber};
use crate::model::raw;
use crate::read::reader::{JsonReader, RawText};
use crate::read::{Read, Reference};

impl ParserNumber {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            ParserNumber::U64(n) => visitor.visit_u64(n),
            ParserNumber::I64(n) => visitor.visit_i64(n),
            ParserNumber::F64(n) => visitor.visit_f64(n),
        }
    }

    fn unexpected(&self) -> Unexpected<'static> {
        match *self {
            ParserNumber::U64(n) => Unexpected::Unsigned(n),
            ParserNumber::I64(n) => Unexpected::Signed(n),
            ParserNumber::F64(n) => Unexpected::Float(n),
        }
    }
}

/// A string visited borrowed or not, as the reader has it. Inlined: each key of a struct
/// comes through here, and the field visitor's match is then compiled into the caller.
#[inline]
pub(crate) fn visit_str<'de, V: Visitor<'de>>(
    s: Reference<'de, '_, str>,
    visitor: V,
) -> Result<V::Value> {
    match s {
        Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
        Reference::Copied(s) => visitor.visit_str(s),
    }
}

impl<'de, S: Read<'de>> JsonReader<S> {
    /// An "invalid type" error describing the value at the current byte `b` (read, if it is a
    /// scalar, for the message).
    #[cold]
    pub(crate) fn invalid_type(&mut self, b: u8, exp: &dyn Expected) -> Error {
        let err = match b {
            b'n' => self
                .literal(b"ull")
                .map(|()| Error::invalid_type(Unexpected::Unit, exp)),
            b't' => self
                .literal(b"rue")
                .map(|()| Error::invalid_type(Unexpected::Bool(true), exp)),
            b'f' => self
                .literal(b"alse")
                .map(|()| Error::invalid_type(Unexpected::Bool(false), exp)),
            b'-' | b'0'..=b'9' => self
                .number_value()
                .map(|n| Error::invalid_type(n.unexpected(), exp)),
            b'"' => self
                .str_value()
                .map(|s| Error::invalid_type(Unexpected::Str(&s), exp)),
            b'[' => Ok(Error::invalid_type(Unexpected::Seq, exp)),
            b'{' => Ok(Error::invalid_type(Unexpected::Map, exp)),
            _ => Ok(self.error(ErrorCode::ExpectedValue)),
        };
        self.fix_position(err.unwrap_or_else(|e| e))
    }

    fn any_value<V: Visitor<'de>>(&mut self, b: u8, visitor: V) -> Result<V::Value> {
        match b {
            b'n' => {
                self.literal(b"ull")?;
                visitor.visit_unit()
            }
            b't' => {
                self.literal(b"rue")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"alse")?;
                visitor.visit_bool(false)
            }
            b'-' | b'0'..=b'9' => self.number_value()?.visit(visitor),
            b'"' => visit_str(self.str_value()?, visitor),
            b'[' => self.seq_value(visitor),
            b'{' => self.map_value(visitor),
            _ => Err(self.error(ErrorCode::ExpectedValue)),
        }
    }

    /// A visitor's error in an array or object gets its position where serde_json gives it:
    /// after the closing bracket if it comes next (in an array, after a `,` and whitespace).
    #[cold]
    pub(crate) fn past_end_of(&mut self, close: u8, err: Error) -> Error {
        if !err.is_located() {
            self.step_to_close(close);
        }
        self.fix_position(err)
    }

    /// Reads the `]` of an array whose reader took all the elements it wanted: another
    /// element is an error, in serde_json's words.
    pub(crate) fn end_seq(&mut self) -> Result<()> {
        // Anything but `,` or `]` there is "trailing characters" too.
        let more = self.has_next().map_err(|err| match err.code() {
            ErrorCode::ExpectedCommaOrEndOfArray => err.with_code(ErrorCode::TrailingCharacters),
            _ => err,
        });
        if more? {
            return Err(self.error(ErrorCode::TrailingCharacters));
        }
        self.close();
        Ok(())
    }

    /// Reads the `{` of an externally tagged enum and the key naming its variant; an empty
    /// object is an error.
    pub(crate) fn begin_variant(&mut self) -> Result<()> {
        self.enter(false)?;
        if !self.has_next()? {
            // serde_json's words: the variant's name, a string, is due.
            return Err(self.error(ErrorCode::ExpectedValue));
        }
        Ok(())
    }

    /// A [`RawJson`](crate::RawJson): the next value's text, borrowed from a slice, else copied.
    fn raw_value_for<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = match self.raw_text() {
            Ok(RawText::Text(Reference::Borrowed(text))) => visitor.visit_borrowed_str(text),
            Ok(RawText::Text(Reference::Copied(text))) => visitor.visit_str(text),
            Ok(RawText::Held(text)) => visitor.visit_string(text),
            Err(err) => Err(err),
        };
        value.map_err(|e| self.fix_position(e))
    }

    /// serde_json's `RawValue`, answered as serde_json answers it: a map of one entry, its
    /// token and the value's text.
    #[cfg(feature = "serde_json")]
    fn serde_json_raw_value<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = match self.raw_text() {
            Ok(text) => visitor.visit_map(SerdeJsonRawValue::new(text)),
            Err(err) => Err(err),
        };
        value.map_err(|e| self.fix_position(e))
    }
}

/// The one entry of the map through which serde_json's `RawValue` takes its text, from either
/// reader (JSON's or PBJSON's).
#[cfg(feature = "serde_json")]
pub(crate) struct SerdeJsonRawValue<'de, 'a> {
    text: Option<RawText<'de, 'a>>,
}

#[cfg(feature = "serde_json")]
impl<'de, 'a> SerdeJsonRawValue<'de, 'a> {
    pub(crate) fn new(text: RawText<'de, 'a>) -> Self {
        SerdeJsonRawValue { text: Some(text) }
    }
}

#[cfg(feature = "serde_json")]
impl<'de> de::MapAccess<'de> for SerdeJsonRawValue<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.text.is_none() {
            return Ok(None);
        }
        let token = de::value::BorrowedStrDeserializer::new(raw::SERDE_JSON_TOKEN);
        seed.deserialize(token).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.text.take() {
            Some(RawText::Text(Reference::Borrowed(text))) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::new(text))
            }
            Some(RawText::Text(Reference::Copied(text))) => {
                seed.deserialize(text.into_deserializer())
            }
            Some(RawText::Held(text)) => seed.deserialize(text.into_deserializer()),
            None => Err(de::Error::custom("value is missing")),
        }
    }
}

macro_rules! deserialize_number {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_number(visitor)
        }
    )*};
}

impl<'de, S: Read<'de>> JsonReader<S> {
    #[inline]
    fn deserialize_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'-' | b'0'..=b'9' => self.number_value().and_then(|n| n.visit(visitor)),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    /// A number converted from its whole text, for targets that serde_json converts apart
    /// (see [`Kind`]).
    fn deserialize_text_number<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        kind: Kind,
    ) -> Result<V::Value> {
        let b = self.peek_value()?;
        if !matches!(b, b'-' | b'0'..=b'9') {
            return Err(self.invalid_type(b, &visitor));
        }
        let start = self.offset();
        let text = self.number_text()?;
        let converted = number::parse_exact(text).and_then(|parsed| kind.convert(text, parsed));
        let value = match converted {
            Some(n) => n.visit(visitor),
            None => {
                let end = start + number::out_of_range_end(text) as u64;
                return Err(self.error_at(ErrorCode::NumberOutOfRange, end));
            }
        };
        value.map_err(|e| self.fix_position(e))
    }
}

/// How a number's text converts for the targets that serde_json converts apart from others.
#[derive(Clone, Copy)]
enum Kind {
    /// Any other target: the number as serde sees it.
    Plain,
    /// `i128` or `u128`: an integer of that width.
    Wide { signed: bool },
    /// `f32`: a float rounded once, straight to `f32` (as serde_json with `float_roundtrip`
    /// does), out of range beyond it.
    Single,
}

/// A number converted for its target.
enum Converted {
    I128(i128),
    U128(u128),
    Other(ParserNumber),
}

impl Kind {
    /// The value of `text`, a number already parsed as `parsed`; `None` if it is out of range
    /// for the target.
    fn convert(self, text: &[u8], parsed: Parsed) -> Option<Converted> {
        match self {
            Kind::Plain => parsed.value.map(Converted::Other),
            Kind::Wide { signed } => {
                let integer = if signed {
                    number::parse_i128(text).map(|r| r.map(Converted::I128))
                } else {
                    number::parse_u128(text).map(|r| r.map(Converted::U128))
                };
                // A float: the plain number, which the visitor rejects.
                integer.unwrap_or_else(|| parsed.value.map(Converted::Other))
            }
            Kind::Single => match parsed.value {
                Some(ParserNumber::F64(_)) | None => number::parse_f32(text)
                    .map(|f| Converted::Other(ParserNumber::F64(f64::from(f)))),
                Some(integer) => Some(Converted::Other(integer)),
            },
        }
    }
}

impl Converted {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Converted::I128(n) => visitor.visit_i128(n),
            Converted::U128(n) => visitor.visit_u128(n),
            Converted::Other(n) => n.visit(visitor),
        }
    }
}

/// Deserializes with the reader: the next value of the document.
impl<'de, S: Read<'de>> de::Deserializer<'de> for &mut JsonReader<S> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let b = self.peek_value()?;
        let value = self.any_value(b, visitor);
        value.map_err(|e| self.fix_position(e))
    }

    deserialize_number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f64
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_text_number(visitor, Kind::Single)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_text_number(visitor, Kind::Wide { signed: true })
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_text_number(visitor, Kind::Wide { signed: false })
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b't' => self.literal(b"rue").and_then(|()| visitor.visit_bool(true)),
            b'f' => self
                .literal(b"alse")
                .and_then(|()| visitor.visit_bool(false)),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'"' => match self.str_value() {
                Ok(s) => visit_str(s, visitor),
                Err(e) => Err(e),
            },
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'"' => match self.str_value() {
                Ok(Reference::Borrowed(s)) => visitor.visit_borrowed_bytes(s.as_bytes()),
                Ok(Reference::Copied(s)) => visitor.visit_bytes(s.as_bytes()),
                Err(e) => Err(e),
            },
            b'[' => self.seq_value(visitor),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'n' => self.literal(b"ull").and_then(|()| visitor.visit_none()),
            _ => visitor.visit_some(&mut *self),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'n' => self.literal(b"ull").and_then(|()| visitor.visit_unit()),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == raw::NAME {
            return self.raw_value_for(visitor);
        }
        #[cfg(feature = "serde_json")]
        if name == raw::SERDE_JSON_TOKEN {
            return self.serde_json_raw_value(visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'[' => self.seq_value(visitor),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'{' => self.map_value(visitor),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'{' => self.map_value(visitor),
            b'[' => self.seq_value(visitor),
            b => return Err(self.invalid_type(b, &visitor)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let value = match self.peek_value()? {
            b'"' => visitor.visit_enum(UnitVariantAccess { de: &mut *self }),
            b'{' => self.begin_variant().and_then(|()| {
                let value = visitor.visit_enum(VariantAccess { de: &mut *self })?;
                self.end_variant()?;
                Ok(value)
            }),
            // serde_json's words for anything but a string or an object.
            _ => return Err(self.error(ErrorCode::ExpectedValue)),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

impl<'de, S: Read<'de>> JsonReader<S> {
    /// Reads the name of the next member as a map key of type `K`, as serde_json reads the
    /// keys of a map (`"1"` into a `u32`).
    pub(crate) fn deserialize_key<K: de::Deserialize<'de>>(&mut self) -> Result<K> {
        K::deserialize(MapKey { de: &mut *self }).map_err(|e| self.fix_position(e))
    }
}

/// A reader that hands out object keys: the JSON reader, and the PBJSON reader, whose keys
/// are read into typed map keys by the same rules.
pub(crate) trait KeySource<'de> {
    /// The next key, borrowed from the input where it can be.
    fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>>;
    /// Offset of the next unread byte.
    fn offset(&self) -> u64;
    /// The error `code` at `offset`, with the current path.
    fn error_at(&self, code: ErrorCode, offset: u64) -> Error;
    /// Whether the last key was written with escapes (a number key must be written plainly).
    fn last_key_escaped(&self) -> bool;
    /// Gives a visitor's error the position after the byte before `offset`, and the path.
    fn fix_position_at(&self, err: Error, offset: u64) -> Error;
}

impl<'de, S: Read<'de>> KeySource<'de> for JsonReader<S> {
    fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>> {
        JsonReader::next_key_ref(self)
    }

    fn offset(&self) -> u64 {
        JsonReader::offset(self)
    }

    fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        JsonReader::error_at(self, code, offset)
    }

    fn last_key_escaped(&self) -> bool {
        self.last_str_escaped()
    }

    fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        JsonReader::fix_position_at(self, err, offset)
    }
}

/// Deserializes an object key. Keys are strings; numeric and boolean keys are read from the
/// string's content, as serde_json does (`{"1": …}` into a `HashMap<u32, _>`).
pub(crate) struct MapKey<'a, K> {
    pub(crate) de: &'a mut K,
}

macro_rules! deserialize_numeric_key {
    ($($method:ident => $kind:expr,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_numeric(visitor, $kind)
        }
    )*};
}

impl<'de, K: KeySource<'de>> MapKey<'_, K> {
    fn key(&mut self) -> Result<Reference<'de, '_, str>> {
        self.de.next_key_ref()
    }

    /// A number in a key's string: the key must be exactly one JSON number. Errors are where
    /// serde_json, which reads the number between the quotes, places them: a key that is no
    /// number at its opening quote, one out of range after its last digit read, a visitor's
    /// error before the closing quote.
    fn deserialize_numeric<V: Visitor<'de>>(self, visitor: V, kind: Kind) -> Result<V::Value> {
        let quote = self.de.offset();
        let text = self.de.next_key_ref()?;
        let text = text.as_bytes();
        // serde_json stops reading a number out of range early, at an exponent beyond `i32`.
        let number = number::parse_exact(text).map(|parsed| {
            kind.convert(text, parsed)
                .ok_or_else(|| number::out_of_range_end(text))
        });
        // Like serde_json, the number must be written plainly, without escapes.
        match number.filter(|_| !self.de.last_key_escaped()) {
            None => Err(self.de.error_at(ErrorCode::ExpectedNumericKey, quote)),
            Some(Err(end)) => {
                let end = quote + 1 + end as u64;
                Err(self.de.error_at(ErrorCode::NumberOutOfRange, end))
            }
            Some(Ok(n)) => {
                let closing_quote = self.de.offset() - 1;
                n.visit(visitor)
                    .map_err(|err| self.de.fix_position_at(err, closing_quote))
            }
        }
    }
}

impl<'de, K: KeySource<'de>> de::Deserializer<'de> for MapKey<'_, K> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        visit_str(self.key()?, visitor)
    }

    deserialize_numeric_key! {
        deserialize_i8 => Kind::Plain,
        deserialize_i16 => Kind::Plain,
        deserialize_i32 => Kind::Plain,
        deserialize_i64 => Kind::Plain,
        deserialize_i128 => Kind::Wide { signed: true },
        deserialize_u8 => Kind::Plain,
        deserialize_u16 => Kind::Plain,
        deserialize_u32 => Kind::Plain,
        deserialize_u64 => Kind::Plain,
        deserialize_u128 => Kind::Wide { signed: false },
        deserialize_f32 => Kind::Single,
        deserialize_f64 => Kind::Plain,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let start = self.de.offset();
        let value = match &*self.de.next_key_ref()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        match value.filter(|_| !self.de.last_key_escaped()) {
            Some(value) => visitor.visit_bool(value),
            None => Err(self.de.error_at(ErrorCode::ExpectedBoolKey, start)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.key()? {
            Reference::Borrowed(s) => visitor.visit_enum(s.into_deserializer()),
            Reference::Copied(s) => visitor.visit_enum(s.into_deserializer()),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.key()? {
            Reference::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            Reference::Copied(s) => visitor.visit_bytes(s.as_bytes()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    forward_to_deserialize_any! {
        char str string unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// An enum written as a bare string: a unit variant.
struct UnitVariantAccess<'a, S> {
    de: &'a mut JsonReader<S>,
}

impl<'de, 'a, S: Read<'de>> de::EnumAccess<'de> for UnitVariantAccess<'a, S> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        let variant = seed.deserialize(&mut *self.de)?;
        // serde_json reads the whitespace after the name before it finds that the variant
        // wants content, and reports that there.
        self.de.skip_whitespace()?;
        Ok((variant, UnitOnly))
    }
}

/// The variant of an enum written as a bare string: a unit variant, and nothing else.
pub(crate) struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

/// An enum written as `{"Variant": value}`, by either reader (JSON's or PBJSON's): the key
/// names the variant, the value is its content.
pub(crate) struct VariantAccess<'a, R> {
    pub(crate) de: &'a mut R,
}

impl<'de, 'a, R> de::EnumAccess<'de> for VariantAccess<'a, R>
where
    R: KeySource<'de>,
    for<'r> &'r mut R: de::Deserializer<'de, Error = Error>,
{
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let variant = seed.deserialize(MapKey { de: &mut *self.de })?;
        Ok((variant, self))
    }
}

impl<'de, R> de::VariantAccess<'de> for VariantAccess<'_, R>
where
    R: KeySource<'de>,
    for<'r> &'r mut R: de::Deserializer<'de, Error = Error>,
{
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self.de, "", fields, visitor)
    }
}
