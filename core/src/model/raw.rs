//! [`RawJson`]: the exact text of one JSON value, kept rather than parsed, and written back as
//! it is.
//!
//! serde has no raw values, so the type and the crate's serializers and deserializers agree on
//! a newtype struct of a magic name ([`NAME`]): `RawJson` serializes as that newtype around its
//! text, and deserializes by asking for it; the JSON `Deserializer` answers with the value's
//! text (see `read::de`), the JSON `Serializer` writes the text unchanged, the PBJSON one
//! transcodes it. With the feature `serde_json`, serde_json's own `RawValue`
//! ([`SERDE_JSON_TOKEN`]) is read and written the same way, as serde_json does.

use std::fmt::{self, Debug, Display};

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{self, Impossible, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::kernel::raw_json as cast;

/// The newtype name through which `RawJson` and the crate's serializers and deserializers
/// recognize each other.
pub(crate) const NAME: &str = "$jsonstream::private::RawJson";

/// The struct name of serde_json's `RawValue`, which it serializes as a struct of one field of
/// the same name holding the text, and deserializes as a newtype of that name answered with a
/// map of one such entry.
#[cfg(feature = "serde_json")]
pub(crate) const SERDE_JSON_TOKEN: &str = "$serde_json::private::RawValue";

/// The exact text of one JSON value, checked but not parsed: kept as it was read, written back
/// byte for byte. It is to jsonstream what serde_json's `RawValue` is to serde_json.
///
/// A field of type `&RawJson` borrows the text from the input of [`from_slice`](crate::from_slice)
/// or [`from_str`](crate::from_str); `Box<RawJson>` holds a copy, from any input (an
/// [`io::Read`](std::io::Read) included, through [`from_reader`](crate::from_reader),
/// [`stream`](crate::stream), [`stream_values`](crate::stream_values), …). Either way the
/// value was read as any other, strictly: syntax, UTF-8, [`Limits`](crate::Limits) (depth,
/// number and key length, document size). [`get`](Self::get) gives its text, without the
/// whitespace around it, as serde_json's `RawValue::get` does.
///
/// [`dump`](crate::dump), [`to_vec`](crate::to_vec), [`to_string`](crate::to_string), the
/// [`Serializer`](crate::Serializer) and [`JsonWriter`](crate::JsonWriter) write the text as
/// it is, also when pretty printing (as serde_json writes a `RawValue`). The PBJSON
/// serializer writes the value the text holds ([`pbjson`](crate::pbjson) has the details).
///
/// To copy a value's text to an [`io::Write`](std::io::Write) without holding it, however
/// large, use [`JsonReader::raw_value`](crate::JsonReader::raw_value).
///
/// A `&RawJson` cannot come from an `io::Read` (the text is not in memory to be borrowed):
/// that is an error, which names `Box<RawJson>`. A `Box<RawJson>` holds its text: memory grows
/// with the value, as for any value read whole (the string limit, for strings read one by
/// one, does not apply to the strings inside it; bound it with
/// [`Limits::max_document_len`](crate::Limits::max_document_len)). From [PBJSON](crate::pbjson), a
/// `Box<RawJson>` gets the value's JSON text as [`pbjson_to_json`](crate::pbjson::pbjson_to_json)
/// writes it. Serializers and deserializers of other formats see a newtype struct around a
/// string.
///
/// With the feature `serde_json`, serde_json's `RawValue` is read and written the same way,
/// with serde_json's answers.
///
/// # Examples
///
/// ```
/// use jsonstream::RawJson;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize, Serialize)]
/// struct Event<'a> {
///     kind: &'a str,
///     #[serde(borrow)]
///     payload: &'a RawJson,
/// }
///
/// let input = r#"{"kind": "click", "payload": {"x": 1,  "y": [2.50, 3]}}"#;
/// let event: Event = jsonstream::from_str(input)?;
/// assert_eq!(event.payload.get(), r#"{"x": 1,  "y": [2.50, 3]}"#);
/// assert_eq!(
///     jsonstream::to_string(&event)?,
///     r#"{"kind":"click","payload":{"x": 1,  "y": [2.50, 3]}}"#
/// );
///
/// // From any io::Read, boxed:
/// let payloads: Vec<Box<RawJson>> = jsonstream::from_reader(&b"[1.0, {\"a\" : null}]"[..])?;
/// assert_eq!(payloads[1].get(), "{\"a\" : null}");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[repr(transparent)]
pub struct RawJson {
    json: str,
}

impl RawJson {
    /// The text of the value, exactly as it was read (without the whitespace around it).
    ///
    /// # Examples
    ///
    /// ```
    /// let raw: &jsonstream::RawJson = jsonstream::from_str(" [1,  \"\\u0041\"] ")?;
    /// assert_eq!(raw.get(), r#"[1,  "\u0041"]"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn get(&self) -> &str {
        &self.json
    }

    /// Checks that `json` is one JSON value (whitespace around it allowed) and keeps its text
    /// (without that whitespace).
    ///
    /// # Errors
    ///
    /// An error if `json` is not exactly one valid JSON value within the default
    /// [`Limits`](crate::Limits).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::RawJson;
    ///
    /// let raw = RawJson::from_string(" {\"a\": 1} ".to_string())?;
    /// assert_eq!(raw.get(), "{\"a\": 1}");
    /// assert_eq!(jsonstream::to_string(&[&raw, &raw])?, "[{\"a\": 1},{\"a\": 1}]");
    /// assert!(RawJson::from_string("[1,]".to_string()).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn from_string(json: String) -> Result<Box<RawJson>> {
        let checked: &RawJson = crate::from_str(&json)?;
        if checked.json.len() < json.len() {
            return Ok(checked.to_owned());
        }
        Ok(cast::boxed(json.into_boxed_str()))
    }

    /// A borrowed `RawJson` of text that a reader of this crate checked: one value, in full,
    /// without whitespace around it.
    pub(crate) fn from_checked(json: &str) -> &RawJson {
        cast::borrowed(json)
    }
}

impl ToOwned for RawJson {
    type Owned = Box<RawJson>;

    fn to_owned(&self) -> Box<RawJson> {
        cast::boxed(self.json.into())
    }
}

impl Clone for Box<RawJson> {
    fn clone(&self) -> Self {
        (**self).to_owned()
    }
}

impl From<Box<RawJson>> for Box<str> {
    fn from(raw: Box<RawJson>) -> Box<str> {
        cast::unboxed(raw)
    }
}

impl Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson")
            .field(&format_args!("{}", &self.json))
            .finish()
    }
}

/// The text as it is.
impl Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.json)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(NAME, &self.json)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for &'a RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(NAME, BorrowedVisitor)
    }
}

impl<'de> Deserialize<'de> for Box<RawJson> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(NAME, BoxedVisitor)
    }
}

/// Takes the text that the JSON deserializer hands over as borrowed from the input.
struct BorrowedVisitor;

impl<'de> Visitor<'de> for BorrowedVisitor {
    type Value = &'de RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value borrowed from the input")
    }

    fn visit_borrowed_str<E: de::Error>(
        self,
        json: &'de str,
    ) -> std::result::Result<Self::Value, E> {
        Ok(RawJson::from_checked(json))
    }

    fn visit_str<E: de::Error>(self, _json: &str) -> std::result::Result<Self::Value, E> {
        Err(E::custom(
            "a &RawJson borrows JSON text from input in memory (from_slice, from_str); \
             read a Box<RawJson> here",
        ))
    }
}

/// Takes the text that the JSON deserializer hands over, into a box.
struct BoxedVisitor;

impl<'de> Visitor<'de> for BoxedVisitor {
    type Value = Box<RawJson>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_str<E: de::Error>(self, json: &str) -> std::result::Result<Self::Value, E> {
        Ok(cast::boxed(json.into()))
    }

    fn visit_string<E: de::Error>(self, json: String) -> std::result::Result<Self::Value, E> {
        Ok(cast::boxed(json.into_boxed_str()))
    }
}

/// A serializer that takes the text of a raw value (a string, as `RawJson` and serde_json's
/// `RawValue` serialize it inside their magic newtype or struct) and hands it to `write`;
/// anything else is an error.
pub(crate) struct RawText<F>(pub(crate) F);

#[cold]
fn not_raw_text() -> Error {
    ser::Error::custom("expected the text of a raw JSON value")
}

impl<F: FnOnce(&str) -> Result<()>> Serializer for RawText<F> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, text: &str) -> Result<()> {
        (self.0)(text)
    }

    fn serialize_bool(self, _: bool) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_i8(self, _: i8) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_i16(self, _: i16) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_i32(self, _: i32) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_i64(self, _: i64) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_u8(self, _: u8) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_u16(self, _: u16) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_u32(self, _: u32) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_u64(self, _: u64) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_char(self, _: char) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_none(self) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_unit(self) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(not_raw_text())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_raw_text())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(not_raw_text())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_raw_text())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_raw_text())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_raw_text())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(not_raw_text())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_raw_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The casts keep the text and its allocation (miri checks them).
    #[test]
    fn casts_keep_the_text() {
        let text = String::from("[1, \"é\"]");
        assert_eq!(RawJson::from_checked(&text).get(), text);
        let boxed = cast::boxed(text.clone().into_boxed_str());
        let copy = boxed.clone();
        assert_eq!(boxed.get(), text);
        assert_eq!(&*Box::<str>::from(boxed), text);
        assert_eq!(copy.get(), text);
        assert_eq!(copy.to_string(), text);
        assert_eq!(format!("{copy:?}"), "RawJson([1, \"é\"])");
    }

    #[test]
    fn from_string_checks_and_trims() {
        let kept = RawJson::from_string("[1]".to_owned()).unwrap();
        assert_eq!(kept.get(), "[1]");
        let trimmed = RawJson::from_string("\n {} \t".to_owned()).unwrap();
        assert_eq!(trimmed.get(), "{}");
        let err = RawJson::from_string("[1] [2]".to_owned()).unwrap_err();
        assert_eq!(err.to_string(), "trailing characters at line 1 column 5");
    }
}
