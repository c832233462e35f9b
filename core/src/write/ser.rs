//! The serde [`Serializer`]: any `Serialize` value straight into an `io::Write`, with the same
//! bytes as serde_json.

use std::fmt::{self, Display};
use std::io::{self, Write as _};

use serde::ser::{self, Error as _, Serialize};

use crate::error::{Error, ErrorCode, LimitKind, Result};
use crate::model::raw::{self, RawText};
use crate::write::format::{CompactFormatter, Formatter, PrettyFormatter};
use crate::write::key::{KeySink, MapKeySerializer};
use crate::write::output::{InMemory, Output};

/// A serde `Serializer` that writes JSON into any [`io::Write`], byte for byte as
/// `serde_json::Serializer` does (compact, or pretty with a [`PrettyFormatter`]).
///
/// It writes to `W` directly, in small pieces; [`dump`](crate::dump) puts a bounded buffer in
/// front of the writer, so use that (or a buffered `W`) for files and sockets.
///
/// Strings given through [`collect_str`](serde::Serializer::collect_str) are escaped as the
/// `Display` implementation produces them, never collected in memory: this is how a
/// [`Blob`](crate::Blob) streams.
///
/// Serializing recurses once per level of nesting, so a value nested deeper than
/// [`max_depth`](Self::max_depth) levels of arrays and objects (default
/// [`DEFAULT_MAX_WRITE_DEPTH`], 1,000) is an error of [`Category::Limit`](crate::Category::Limit)
/// ([`LimitKind::WriteDepth`](crate::LimitKind::WriteDepth)) rather than a stack overflow,
/// where serde_json has no limit.
///
/// # Examples
///
/// ```
/// use serde::Serialize;
///
/// let mut out = Vec::new();
/// let mut serializer = jsonstream::Serializer::new(&mut out);
/// (1, "two", [3.0]).serialize(&mut serializer)?;
/// assert_eq!(out, br#"[1,"two",[3.0]]"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct Serializer<W, F = CompactFormatter> {
    writer: W,
    formatter: F,
    /// Arrays and objects open in the serde value being written (not those a
    /// [`JsonWriter`](crate::JsonWriter) opened around it).
    depth: usize,
    max_depth: usize,
}

/// How many levels of arrays and objects a serde value may nest when it is written, unless
/// [`Serializer::max_depth`] or [`JsonWriter::max_depth`](crate::JsonWriter::max_depth) says
/// otherwise: 1,000 (reading accepts 127, [`Limits::max_depth`](crate::Limits::max_depth)).
///
/// Serializing recurses once per level, as serde_json's does, which has no limit: a value
/// nested deep enough aborts the process with a stack overflow. The default is what a
/// `serde_json::Value` nests safely on a 2 MiB stack (the default of spawned threads and of
/// test threads) in any build. Measured with serde_json 1.0 on x86-64: an unoptimized build
/// (opt-level 0) takes about 1.1 KiB of stack per level of arrays and overflows 2 MiB at
/// some 1,850 levels (objects: 3,300); an optimized one (opt-level 1 to 3) takes 100 to 130
/// bytes per level and overflows past 16,000 levels. A type of your own may take more stack
/// per level: raise the limit only with the stack to match.
///
/// # Examples
///
/// ```
/// use jsonstream::{LimitKind, DEFAULT_MAX_WRITE_DEPTH};
/// use serde_json::Value;
///
/// let nested = |depth| (0..depth).fold(Value::Null, |v, _| Value::Array(vec![v]));
/// assert!(jsonstream::to_vec(&nested(DEFAULT_MAX_WRITE_DEPTH)).is_ok());
/// let err = jsonstream::to_vec(&nested(DEFAULT_MAX_WRITE_DEPTH + 1)).unwrap_err();
/// assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
/// ```
pub const DEFAULT_MAX_WRITE_DEPTH: usize = 1_000;

impl<W: io::Write> Serializer<W> {
    /// A compact serializer into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// let mut out = Vec::new();
    /// Some(true).serialize(&mut jsonstream::Serializer::new(&mut out))?;
    /// assert_eq!(out, b"true");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        Serializer::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write> Serializer<W, PrettyFormatter<'static>> {
    /// A pretty-printing serializer into `writer` (two-space indentation, as
    /// `serde_json::to_writer_pretty`).
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// let mut out = Vec::new();
    /// [1, 2].serialize(&mut jsonstream::Serializer::pretty(&mut out))?;
    /// assert_eq!(out, b"[\n  1,\n  2\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pretty(writer: W) -> Self {
        Serializer::with_formatter(writer, PrettyFormatter::new())
    }
}

impl<W: Output, F: Formatter> Serializer<W, F> {
    /// A serializer into `writer` laid out by `formatter`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{PrettyFormatter, Serializer};
    /// use serde::Serialize;
    ///
    /// let mut out = Vec::new();
    /// let mut serializer = Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(b" "));
    /// [[1]].serialize(&mut serializer)?;
    /// assert_eq!(out, b"[\n [\n  1\n ]\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn with_formatter(writer: W, formatter: F) -> Self {
        Serializer {
            writer,
            formatter,
            depth: 0,
            max_depth: DEFAULT_MAX_WRITE_DEPTH,
        }
    }

    /// Sets how many levels of arrays and objects a value may nest (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`]); a level more is an error, before anything of it is
    /// written. An enum variant with content is an object around its content, so it counts as
    /// a level, as it does when read. `usize::MAX` means no limit (and a stack overflow for a
    /// value deep enough).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{LimitKind, Serializer};
    /// use serde::Serialize;
    ///
    /// let mut out = Vec::new();
    /// let mut serializer = Serializer::new(&mut out).max_depth(2);
    /// [[1]].serialize(&mut serializer)?;
    /// assert_eq!(out, b"[[1]]");
    ///
    /// let err = [[[1]]].serialize(&mut Serializer::new(Vec::new()).max_depth(2)).unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    /// assert_eq!(err.to_string(), "value nested deeper than the writing limit of 2");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// [`max_depth`](Self::max_depth) in place, for the [`JsonWriter`](crate::JsonWriter)
    /// around this serializer.
    pub(crate) fn set_max_depth(&mut self, max_depth: usize) {
        self.max_depth = max_depth;
    }

    /// Counts a level of nesting that a serde value opens, unless it is one too many.
    #[inline]
    fn enter(&mut self) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(too_deep(self.max_depth));
        }
        self.depth += 1;
        Ok(())
    }

    /// Counts a level of nesting closed.
    #[inline]
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The writer, back.
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// let mut serializer = jsonstream::Serializer::new(Vec::new());
    /// "hi".serialize(&mut serializer)?;
    /// assert_eq!(serializer.into_inner(), b"\"hi\"");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn into_inner(self) -> W {
        self.writer
    }

    /// The writer, lent.
    #[cfg(feature = "tokio")]
    pub(crate) fn get_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// Hands what `W` buffers on and flushes it.
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.writer.writer().flush().map_err(Error::io)
    }

    /// Writes `bytes` as they are: JSON text that needs no escaping.
    #[inline]
    pub(crate) fn write_raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_raw(bytes).map_err(Error::io)
    }

    /// Writes `s` as a JSON string, escaped.
    #[inline]
    pub(crate) fn write_str(&mut self, s: &str) -> Result<()> {
        self.writer.write_escaped(s, true).map_err(Error::io)
    }

    /// Writes `text`, a piece of the content of a string whose quotes are written apart,
    /// escaped.
    #[inline]
    pub(crate) fn write_str_fragment(&mut self, text: &str) -> Result<()> {
        self.writer.write_escaped(text, false).map_err(Error::io)
    }

    /// Writes text that needs no escaping between quotes (a map key that is a number or a bool).
    fn write_quoted(&mut self, text: &str) -> Result<()> {
        self.write_raw(b"\"")?;
        self.write_raw(text.as_bytes())?;
        self.write_raw(b"\"")
    }

    /// Writes `[`.
    #[inline]
    pub(crate) fn begin_array(&mut self) -> Result<()> {
        self.formatter
            .begin_array(self.writer.writer())
            .map_err(Error::io)
    }

    /// Writes `]`.
    #[inline]
    pub(crate) fn end_array(&mut self) -> Result<()> {
        self.formatter
            .end_array(self.writer.writer())
            .map_err(Error::io)
    }

    /// Writes what goes before an element: a comma unless it is the `first`, and (pretty) a
    /// line break and the indentation.
    #[inline]
    pub(crate) fn begin_element(&mut self, first: bool) -> Result<()> {
        self.formatter
            .begin_array_value(self.writer.writer(), first)
            .map_err(Error::io)
    }

    /// Notes that an element was written.
    #[inline]
    pub(crate) fn end_element(&mut self) {
        self.formatter.end_array_value();
    }

    /// Writes `{`.
    #[inline]
    pub(crate) fn begin_object(&mut self) -> Result<()> {
        self.formatter
            .begin_object(self.writer.writer())
            .map_err(Error::io)
    }

    /// Writes `}`.
    #[inline]
    pub(crate) fn end_object(&mut self) -> Result<()> {
        self.formatter
            .end_object(self.writer.writer())
            .map_err(Error::io)
    }

    /// Writes the key of a member, after what goes before it (as for an element): a string as
    /// it is; an integer, a `bool`, a `char` or a finite float as its text in quotes; anything
    /// else is an error, as in serde_json (see [`MapKeySerializer`]).
    #[inline]
    pub(crate) fn write_key<K: ?Sized + Serialize>(&mut self, first: bool, key: &K) -> Result<()> {
        self.formatter
            .begin_object_key(self.writer.writer(), first)
            .map_err(Error::io)?;
        key.serialize(MapKeySerializer(self))
    }

    /// Writes what goes between a key and its value: the colon.
    #[inline]
    pub(crate) fn begin_member_value(&mut self) -> Result<()> {
        self.formatter
            .begin_object_value(self.writer.writer())
            .map_err(Error::io)
    }

    /// Notes that the value of a member was written.
    #[inline]
    pub(crate) fn end_member_value(&mut self) {
        self.formatter.end_object_value();
    }

    /// Writes `{"variant":`, the start of an externally tagged enum variant with content.
    fn begin_variant(&mut self, variant: &str) -> Result<()> {
        self.enter()?;
        self.begin_object()?;
        self.write_key(true, variant)?;
        self.begin_member_value()
    }

    /// Writes `}`, the end of an enum variant with content.
    fn end_variant(&mut self) -> Result<()> {
        self.end_member_value();
        self.leave();
        self.end_object()
    }

    /// Writes the text of a raw value, which `value` serializes as a string, as it is.
    fn raw_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(RawText(|text: &str| self.write_raw(text.as_bytes())))
    }
}

#[cold]
fn too_deep(max_depth: usize) -> Error {
    Error::new(ErrorCode::Limit(LimitKind::WriteDepth, max_depth as u64))
}

macro_rules! serialize_integers {
    ($($method:ident: $ty:ty,)*) => {
        $(
            #[inline]
            fn $method(self, value: $ty) -> Result<()> {
                self.write_raw(itoa::Buffer::new().format(value).as_bytes())
            }
        )*
    };
}

impl<'a, W: Output, F: Formatter> ser::Serializer for &'a mut Serializer<W, F> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W, F>;
    type SerializeTuple = Compound<'a, W, F>;
    type SerializeTupleStruct = Compound<'a, W, F>;
    type SerializeTupleVariant = Compound<'a, W, F>;
    type SerializeMap = Compound<'a, W, F>;
    type SerializeStruct = Compound<'a, W, F>;
    type SerializeStructVariant = Compound<'a, W, F>;

    #[inline]
    fn serialize_bool(self, value: bool) -> Result<()> {
        self.write_raw(if value { b"true" } else { b"false" })
    }

    serialize_integers! {
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
    }

    #[inline]
    fn serialize_f32(self, value: f32) -> Result<()> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        // zmij is the float formatter of serde_json itself: the same text by construction.
        self.write_raw(zmij::Buffer::new().format_finite(value).as_bytes())
    }

    #[inline]
    fn serialize_f64(self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        // zmij is the float formatter of serde_json itself: the same text by construction.
        self.write_raw(zmij::Buffer::new().format_finite(value).as_bytes())
    }

    #[inline]
    fn serialize_char(self, value: char) -> Result<()> {
        self.write_str(value.encode_utf8(&mut [0; 4]))
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result<()> {
        self.write_str(value)
    }

    /// Bytes are an array of numbers, as in serde_json.
    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        let mut seq = self.serialize_seq(None)?;
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }

    #[inline]
    fn serialize_unit(self) -> Result<()> {
        self.write_raw(b"null")
    }

    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.write_str(variant)
    }

    /// A [`RawJson`](crate::RawJson) is its text, written as it is; any other newtype its
    /// content.
    #[inline]
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == raw::NAME {
            return self.raw_value(value);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.begin_variant(variant)?;
        value.serialize(&mut *self)?;
        self.end_variant()
    }

    #[inline]
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        self.enter()?;
        self.begin_array()?;
        let state = if len == Some(0) {
            self.end_array()?;
            State::Empty
        } else {
            State::First
        };
        Ok(Compound { ser: self, state })
    }

    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.begin_variant(variant)?;
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        self.enter()?;
        self.begin_object()?;
        let state = if len == Some(0) {
            self.end_object()?;
            State::Empty
        } else {
            State::First
        };
        Ok(Compound { ser: self, state })
    }

    /// serde_json's `RawValue` (feature `serde_json`) is a struct of one field, its text,
    /// written as it is; any other struct an object.
    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        #[cfg(feature = "serde_json")]
        if name == raw::SERDE_JSON_TOKEN {
            return Ok(Compound {
                ser: self,
                state: State::SerdeJsonRawValue,
            });
        }
        let _ = name;
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.begin_variant(variant)?;
        self.serialize_map(Some(len))
    }

    /// Escapes the text as `value` formats it, piece by piece: nothing is collected.
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.write_raw(b"\"")?;
        let mut escaper = Escaper {
            ser: &mut *self,
            error: None,
        };
        if fmt::write(&mut escaper, format_args!("{value}")).is_err() {
            return Err(escaper
                .error
                .unwrap_or_else(|| Error::custom("a Display implementation returned an error")));
        }
        self.write_raw(b"\"")
    }
}

/// A `fmt::Write` that escapes what it is given into a [`Serializer`], keeping the error that
/// `fmt::Error` cannot carry.
struct Escaper<'a, W, F> {
    ser: &'a mut Serializer<W, F>,
    error: Option<Error>,
}

impl<W: Output, F: Formatter> fmt::Write for Escaper<'_, W, F> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.ser.write_str_fragment(s).map_err(|err| {
            self.error = Some(err);
            fmt::Error
        })
    }
}

/// Where a [`Compound`] is: nothing written yet (or already closed, when empty), or after
/// the first element or member.
#[derive(Copy, Clone, PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
    /// Not an object: the one field of serde_json's `RawValue`, its text.
    #[cfg(feature = "serde_json")]
    SerdeJsonRawValue,
}

/// An array or object being serialized. Not to be named: it is public only because it is an
/// associated type of the `Serializer` implementation.
#[doc(hidden)]
pub struct Compound<'a, W, F> {
    ser: &'a mut Serializer<W, F>,
    state: State,
}

impl<W: Output, F: Formatter> Compound<'_, W, F> {
    /// Takes the place of the first element or member: `true` the first time.
    #[inline]
    fn first(&mut self) -> bool {
        std::mem::replace(&mut self.state, State::Rest) == State::First
    }

    #[inline]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let first = self.first();
        self.ser.begin_element(first)?;
        value.serialize(&mut *self.ser)?;
        self.ser.end_element();
        Ok(())
    }

    #[inline]
    fn end_array(&mut self) -> Result<()> {
        self.ser.leave();
        match self.state {
            State::Empty => Ok(()),
            _ => self.ser.end_array(),
        }
    }

    #[inline]
    fn end_object(&mut self) -> Result<()> {
        self.ser.leave();
        match self.state {
            State::Empty => Ok(()),
            _ => self.ser.end_object(),
        }
    }
}

impl<W: Output, F: Formatter> ser::SerializeSeq for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: Output, F: Formatter> ser::SerializeTuple for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: Output, F: Formatter> ser::SerializeTupleStruct for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: Output, F: Formatter> ser::SerializeTupleVariant for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.end_array()?;
        self.ser.end_variant()
    }
}

impl<W: Output, F: Formatter> ser::SerializeMap for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        let first = self.first();
        self.ser.write_key(first, key)
    }

    #[inline]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.ser.begin_member_value()?;
        value.serialize(&mut *self.ser)?;
        self.ser.end_member_value();
        Ok(())
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_object()
    }
}

impl<W: Output, F: Formatter> ser::SerializeStruct for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        #[cfg(feature = "serde_json")]
        if self.state == State::SerdeJsonRawValue {
            if key != raw::SERDE_JSON_TOKEN {
                return Err(Error::custom("expected RawValue"));
            }
            return self.ser.raw_value(value);
        }
        ser::SerializeMap::serialize_entry(self, key, value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        #[cfg(feature = "serde_json")]
        if self.state == State::SerdeJsonRawValue {
            return Ok(());
        }
        self.end_object()
    }
}

impl<W: Output, F: Formatter> ser::SerializeStructVariant for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }

    fn end(mut self) -> Result<()> {
        self.end_object()?;
        self.ser.end_variant()
    }
}

/// JSON keys: strings escaped, the text of numbers and `bool`s in quotes as it is, displayed
/// text escaped as it is produced.
impl<W: Output, F: Formatter> KeySink for &mut Serializer<W, F> {
    #[inline]
    fn str_key(self, key: &str) -> Result<()> {
        self.write_str(key)
    }

    fn text_key(self, text: &str) -> Result<()> {
        self.write_quoted(text)
    }

    fn display_key<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        ser::Serializer::collect_str(self, value)
    }
}

/// Serializes `value` as compact JSON into a new `Vec`, with the same bytes as
/// `serde_json::to_vec`.
///
/// # Errors
///
/// As [`dump`](crate::dump), without I/O errors.
///
/// # Examples
///
/// ```
/// assert_eq!(jsonstream::to_vec(&(1, 'a'))?, br#"[1,"a"]"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut serializer =
        Serializer::with_formatter(InMemory(Vec::with_capacity(128)), CompactFormatter);
    value.serialize(&mut serializer)?;
    Ok(serializer.into_inner().0)
}

/// Serializes `value` as compact JSON into a new `String`, with the same text as
/// `serde_json::to_string`.
///
/// # Errors
///
/// As [`to_vec`].
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
///
/// let map = BTreeMap::from([(1, "one"), (2, "two")]);
/// assert_eq!(jsonstream::to_string(&map)?, r#"{"1":"one","2":"two"}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    into_string(to_vec(value)?)
}

/// Serializes `value` as pretty-printed JSON into a new `String`, with the same text as
/// `serde_json::to_string_pretty`.
///
/// # Errors
///
/// As [`to_vec`].
///
/// # Examples
///
/// ```
/// assert_eq!(jsonstream::to_string_pretty(&[1, 2])?, "[\n  1,\n  2\n]");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut serializer =
        Serializer::with_formatter(InMemory(Vec::with_capacity(128)), PrettyFormatter::new());
    value.serialize(&mut serializer)?;
    into_string(serializer.into_inner().0)
}

/// The serializer writes only `str`s and ASCII, so this check never fails; it only saves an
/// `unsafe` conversion.
fn into_string(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(Error::custom)
}
