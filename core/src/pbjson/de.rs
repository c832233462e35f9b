//! serde's `Deserializer` over the PBJSON pull reader: `&mut PbReader` reads the whole serde
//! data model, as `&mut JsonReader` does for JSON.
//!
//! Keys are read into typed map keys by the JSON side's rules (`"1"` into a `u32`), through the
//! same [`MapKey`].

use serde::de::{self, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;

use crate::error::{Error, ErrorCode, Result};
use crate::model::raw;
use crate::pbjson::integer::Integer;
use crate::pbjson::reader::{Head, PbReader, ValueType};
use crate::pbjson::ToJson;
#[cfg(feature = "serde_json")]
use crate::read::de::SerdeJsonRawValue;
use crate::read::de::{KeySource, UnitOnly, VariantAccess};
#[cfg(feature = "serde_json")]
use crate::read::reader::RawText;
use crate::read::{Read, Reference};
use crate::JsonWriter;

impl<'de, S: Read<'de>> KeySource<'de> for PbReader<S> {
    fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>> {
        PbReader::next_key_ref(self)
    }

    fn offset(&self) -> u64 {
        PbReader::offset(self)
    }

    fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        PbReader::error_at(self, code, offset)
    }

    fn last_key_escaped(&self) -> bool {
        false
    }

    fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        PbReader::fix_position_at(self, err, offset)
    }
}

/// How an integer reaches a visitor.
#[derive(Copy, Clone)]
enum IntegerTarget {
    /// `deserialize_any`: up to 64 bits as integers, wider ones as the nearest `f64`, as
    /// serde_json reads a JSON integer beyond 64 bits.
    Any,
    /// A typed integer: up to 128 bits exactly; wider is an error.
    Typed,
}

fn visit_integer<'de, V: Visitor<'de>>(
    n: Integer<'_>,
    target: IntegerTarget,
    visitor: V,
) -> std::result::Result<V::Value, Option<Error>> {
    if let Some(v) = n.to_u64() {
        return visitor.visit_u64(v).map_err(Some);
    }
    if let Some(v) = n.to_i64() {
        return visitor.visit_i64(v).map_err(Some);
    }
    match target {
        IntegerTarget::Any => match n.to_f64() {
            Some(v) => visitor.visit_f64(v).map_err(Some),
            None => Err(None),
        },
        IntegerTarget::Typed => {
            if let Some(v) = n.to_u128() {
                visitor.visit_u128(v).map_err(Some)
            } else if let Some(v) = n.to_i128() {
                visitor.visit_i128(v).map_err(Some)
            } else {
                Err(None)
            }
        }
    }
}

impl<'de, S: Read<'de>> PbReader<S> {
    /// Hands the value of `head` (just read) to `visitor`.
    fn visit_value<V: Visitor<'de>>(
        &mut self,
        head: Head,
        target: IntegerTarget,
        visitor: V,
    ) -> Result<V::Value> {
        match head {
            Head::Bool(b) => {
                self.value_done();
                visitor.visit_bool(b)
            }
            Head::Null => {
                self.value_done();
                visitor.visit_unit()
            }
            Head::Float(v) => {
                self.value_done();
                visitor.visit_f64(v)
            }
            Head::PackedFloat(len) => {
                let v = self.float_payload(len)?;
                visitor.visit_f64(v)
            }
            Head::Int { negative, len } if len <= 8 => {
                let magnitude = self.small_int_payload(len)?;
                match (negative, magnitude) {
                    (false, m) | (true, m @ 0) => visitor.visit_u64(m),
                    (true, m) if m <= 1 << 63 => visitor.visit_i64(0i64.wrapping_sub_unsigned(m)),
                    (true, m) => match target {
                        IntegerTarget::Any => visitor.visit_f64(-(m as f64)),
                        IntegerTarget::Typed => visitor.visit_i128(-i128::from(m)),
                    },
                }
            }
            Head::Int { negative, len } => {
                let n = self.int_payload(negative, len)?;
                match visit_integer(n, target, visitor) {
                    Ok(value) => Ok(value),
                    Err(Some(err)) => Err(err),
                    Err(None) => Err(self.value_error(match target {
                        IntegerTarget::Any => ErrorCode::NumberOutOfRange,
                        IntegerTarget::Typed => ErrorCode::IntegerTooWide,
                    })),
                }
            }
            Head::Str(len) => match self.str_payload(len)? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            },
            Head::Bin(len) => match self.bin_payload(len)? {
                Reference::Borrowed(b) => visitor.visit_borrowed_bytes(b),
                Reference::Copied(b) => visitor.visit_bytes(b),
            },
            Head::Array(len) => self.seq_value(len, visitor),
            Head::Object(count) => self.map_value(count, visitor),
            Head::Custom => unreachable!("next_head passes over custom bytes"),
        }
    }

    fn deserialize_value<V: Visitor<'de>>(
        &mut self,
        target: IntegerTarget,
        visitor: V,
    ) -> Result<V::Value> {
        let head = self.next_head()?;
        let value = self.visit_value(head, target, visitor);
        value.map_err(|e| self.fix_position(e))
    }

    /// A serde size hint for a container said to hold `left` items: never more than the bytes
    /// at hand (each item takes at least one), so that a forged count does not make a visitor
    /// reserve memory the input does not back.
    pub(super) fn size_hint(&self, left: u64) -> Option<usize> {
        let at_hand = self.buffered() as u64;
        usize::try_from(left.min(at_hand)).ok()
    }
}

macro_rules! deserialize_integer {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_value(IntegerTarget::Typed, visitor)
        }
    )*};
}

impl<'de, S: Read<'de>> PbReader<S> {
    /// The next value as JSON text, compact, as [`ToJson`] writes it (infinities and NaN are
    /// an error).
    fn json_text(&mut self) -> Result<String> {
        let mut json = JsonWriter::new(Vec::new());
        ToJson::new().convert_value(self, &mut json)?;
        // The writer writes UTF-8 only; the check saves an `unsafe` conversion.
        String::from_utf8(json.finish()?).map_err(de::Error::custom)
    }
}

impl<'de, S: Read<'de>> de::Deserializer<'de> for &mut PbReader<S> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_value(IntegerTarget::Any, visitor)
    }

    deserialize_integer! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // A string is its UTF-8 bytes, as serde_json gives them.
        let head = self.next_head()?;
        let value = match head {
            Head::Str(len) => match self.str_payload(len) {
                Ok(Reference::Borrowed(s)) => visitor.visit_borrowed_bytes(s.as_bytes()),
                Ok(Reference::Copied(s)) => visitor.visit_bytes(s.as_bytes()),
                Err(e) => Err(e),
            },
            head => self.visit_value(head, IntegerTarget::Any, visitor),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == ValueType::Null {
            self.next_null()?;
            return visitor.visit_none().map_err(|e| self.fix_position(e));
        }
        visitor.visit_some(self)
    }

    /// A [`RawJson`](crate::RawJson) (or serde_json's `RawValue`, feature `serde_json`) gets
    /// the JSON text of the value, as [`pbjson_to_json`](crate::pbjson::pbjson_to_json) writes it.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == raw::NAME {
            let value = self.json_text().and_then(|text| visitor.visit_string(text));
            return value.map_err(|e| self.fix_position(e));
        }
        #[cfg(feature = "serde_json")]
        if name == raw::SERDE_JSON_TOKEN {
            let value = self
                .json_text()
                .and_then(|text| visitor.visit_map(SerdeJsonRawValue::new(RawText::Held(text))));
            return value.map_err(|e| self.fix_position(e));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let value = match self.peek()? {
            ValueType::String => visitor.visit_enum(UnitVariantAccess { de: &mut *self }),
            ValueType::Object => self.begin_object().and_then(|len| {
                if len == 0 {
                    return Err(self.error(ErrorCode::ExpectedVariant));
                }
                let value = visitor.visit_enum(VariantAccess { de: &mut *self })?;
                self.end_object()?;
                Ok(value)
            }),
            _ => return self.deserialize_any(visitor),
        };
        value.map_err(|e| self.fix_position(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool f32 f64 char str string unit unit_struct seq tuple tuple_struct map struct
        identifier
    }
}

/// An enum written as a bare string: a unit variant.
struct UnitVariantAccess<'a, S> {
    de: &'a mut PbReader<S>,
}

impl<'de, S: Read<'de>> de::EnumAccess<'de> for UnitVariantAccess<'_, S> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let variant = seed.deserialize(&mut *self.de)?;
        Ok((variant, UnitOnly))
    }
}
