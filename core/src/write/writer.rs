//! The push writer: a JSON document token by token into any `io::Write`, checked as it goes.

use std::fmt;
use std::io;

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::lex::number::parse_prefix;
use crate::model::raw::RawJson;
use crate::write::buffer::OutBuf;
use crate::write::encode::{Encoder, Encoding};
use crate::write::format::{CompactFormatter, Formatter, PrettyFormatter};
use crate::write::ser::Serializer;

/// A push writer of one JSON document into any [`io::Write`].
///
/// Tokens are written as they are pushed: `begin_object`, [`key`](Self::key), values,
/// `end_object`, and so on. Any serde value can be written in the middle of the document with
/// [`value`](Self::value), and a string value of any length can be streamed into it with
/// [`string_writer`](Self::string_writer), [`base64_writer`](Self::base64_writer),
/// [`blob_text`](Self::blob_text) or [`blob_base64`](Self::blob_base64).
///
/// The structure is checked as it goes: a value where a key is due, a key where a value is
/// due, an end that closes nothing open, or a second top-level value is an error of
/// [`Category::Syntax`](crate::Category::Syntax), and nothing is written for it (the writer
/// stays usable). [`finish`](Self::finish) checks that the document is complete.
///
/// Output goes through a bounded buffer (8 KiB) to `W`; the document is never held. Compact by
/// default (the bytes of `serde_json::to_writer` for the same structure); pretty with
/// [`pretty`](Self::pretty).
///
/// After an I/O error, a failed serde value, invalid UTF-8 given to a string writer, or a
/// string writer dropped before `finish`, the writer refuses everything: what it wrote is an
/// incomplete document, and it stays one. Dropping the writer without calling `finish` hands
/// what is buffered to `W` and writes nothing more, so an unfinished document stays visibly
/// incomplete.
///
/// # Examples
///
/// ```
/// use jsonstream::JsonWriter;
///
/// let mut writer = JsonWriter::new(Vec::new());
/// writer.begin_object()?;
/// writer.key("id")?;
/// writer.number_value("42")?;
/// writer.key("tags")?;
/// writer.value(&["a", "b"])?;
/// writer.key("text")?;
/// writer.blob_text(&b"from any io::Read"[..])?;
/// writer.end_object()?;
/// let out = writer.finish()?;
/// assert_eq!(out, br#"{"id":42,"tags":["a","b"],"text":"from any io::Read"}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct JsonWriter<W: io::Write, F = CompactFormatter> {
    ser: Serializer<OutBuf<W>, F>,
    /// The open containers, innermost last: `true` for an object.
    open: Vec<bool>,
    /// Nothing was written yet in the innermost container.
    first: bool,
    expect: Expect,
}

/// What the writer accepts next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Expect {
    /// The top-level value.
    Value,
    /// An element or `]`.
    Element,
    /// A key or `}`.
    Key,
    /// The value of the member whose key was written.
    MemberValue,
    /// Nothing: the document is complete.
    Done,
    /// Nothing: an error left the document incomplete.
    Failed,
}

impl<W: io::Write> JsonWriter<W> {
    /// A compact writer into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.bool_value(true)?;
    /// assert_eq!(writer.finish()?, b"true");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        JsonWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write> JsonWriter<W, PrettyFormatter<'static>> {
    /// A pretty-printing writer into `writer`: the bytes of `serde_json::to_writer_pretty` for
    /// the same structure.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::pretty(Vec::new());
    /// writer.begin_array()?;
    /// writer.null_value()?;
    /// writer.end_array()?;
    /// assert_eq!(writer.finish()?, b"[\n  null\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pretty(writer: W) -> Self {
        JsonWriter::with_formatter(writer, PrettyFormatter::new())
    }
}

impl<W: io::Write, F: Formatter> JsonWriter<W, F> {
    /// A writer into `writer` laid out by `formatter`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{JsonWriter, PrettyFormatter};
    ///
    /// let mut writer = JsonWriter::with_formatter(Vec::new(), PrettyFormatter::with_indent(b" "));
    /// writer.value(&[1])?;
    /// assert_eq!(writer.finish()?, b"[\n 1\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn with_formatter(writer: W, formatter: F) -> Self {
        JsonWriter {
            ser: Serializer::with_formatter(OutBuf::new(writer), formatter),
            open: Vec::new(),
            first: false,
            expect: Expect::Value,
        }
    }

    /// Sets how many levels of arrays and objects a serde value written with
    /// [`value`](Self::value) (and so by [`dump`](crate::dump) and the derived
    /// [`Dump`](crate::Dump)) may nest, counted from where the value starts (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH)); a level more is an error,
    /// see [`Serializer::max_depth`](crate::Serializer::max_depth). The arrays and objects
    /// pushed with [`begin_array`](Self::begin_array) and
    /// [`begin_object`](Self::begin_object) are not counted: they nest without recursion, as
    /// deep as memory allows.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{JsonWriter, LimitKind};
    ///
    /// let mut writer = JsonWriter::new(Vec::new()).max_depth(1);
    /// writer.begin_array()?;
    /// writer.begin_array()?; // pushed: not counted
    /// writer.value(&[1, 2])?; // one level: within the limit
    /// let err = writer.value(&[[3]]).unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.ser.set_max_depth(max_depth);
        self
    }

    /// Writes `[`: an array value begins.
    ///
    /// # Errors
    ///
    /// An error if no value is due here (see the type's documentation); an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_array()?;
    /// writer.number_value("1")?;
    /// writer.end_array()?;
    /// assert_eq!(writer.finish()?, b"[1]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn begin_array(&mut self) -> Result<()> {
        self.begin_value()?;
        let written = self.ser.begin_array();
        self.guard(written)?;
        self.open.push(false);
        self.first = true;
        self.expect = Expect::Element;
        Ok(())
    }

    /// Writes `]`: the current array ends.
    ///
    /// # Errors
    ///
    /// An error if the innermost open value is not an array; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// let err = writer.end_array().unwrap_err();
    /// assert_eq!(err.to_string(), "expected a key or `}`, found `]`");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn end_array(&mut self) -> Result<()> {
        if self.expect != Expect::Element {
            return Err(self.misplaced("`]`"));
        }
        let written = self.ser.end_array();
        self.guard(written)?;
        self.close();
        Ok(())
    }

    /// Writes `{`: an object value begins.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// writer.key("a")?;
    /// writer.null_value()?;
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, br#"{"a":null}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    #[inline]
    pub fn begin_object(&mut self) -> Result<()> {
        self.begin_value()?;
        let written = self.ser.begin_object();
        self.guard(written)?;
        self.open.push(true);
        self.first = true;
        self.expect = Expect::Key;
        Ok(())
    }

    /// Writes `}`: the current object ends.
    ///
    /// # Errors
    ///
    /// An error if the innermost open value is not an object, or if a key was written without
    /// its value; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// writer.key("a")?;
    /// let err = writer.end_object().unwrap_err();
    /// assert_eq!(err.to_string(), "expected a value, found `}`");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    #[inline]
    pub fn end_object(&mut self) -> Result<()> {
        if self.expect != Expect::Key {
            return Err(self.misplaced("`}`"));
        }
        let written = self.ser.end_object();
        self.guard(written)?;
        self.close();
        Ok(())
    }

    /// Writes the key of the next member of the current object (escaped as needed).
    ///
    /// # Errors
    ///
    /// An error if no key is due here (outside an object, or after a key); an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_array()?;
    /// let err = writer.key("a").unwrap_err();
    /// assert_eq!(err.to_string(), "expected a value or `]`, found a key");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    #[inline]
    pub fn key(&mut self, key: &str) -> Result<()> {
        self.map_key(key)
    }

    /// Writes the key of the next member of the current object from a map's key, as
    /// `serde_json` writes the keys of a map: a string as it is; an integer, a `bool`, a
    /// `char` or a finite float as its text in quotes.
    ///
    /// # Errors
    ///
    /// An error if no key is due here, or if `key` is of another kind (a sequence, a map, a
    /// non-finite float…); an I/O error. A key that fails leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// writer.map_key(&7u32)?;
    /// writer.value("seven")?;
    /// writer.map_key(&true)?;
    /// writer.null_value()?;
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, br#"{"7":"seven","true":null}"#);
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// assert!(writer.map_key(&[1, 2]).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    #[inline]
    pub fn map_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<()> {
        if self.expect != Expect::Key {
            return Err(self.misplaced("a key"));
        }
        let first = std::mem::replace(&mut self.first, false);
        let written = self.ser.write_key(first, key);
        self.guard(written)?;
        self.expect = Expect::MemberValue;
        Ok(())
    }

    /// Writes a string value (escaped as needed).
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.string_value("say \"hi\"\n")?;
    /// assert_eq!(writer.finish()?, br#""say \"hi\"\n""#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn string_value(&mut self, value: &str) -> Result<()> {
        self.value(value)
    }

    /// Writes a number value given as its JSON text, e.g. `-1.5e10`, exactly as given. Use
    /// [`value`](Self::value) to write a Rust number.
    ///
    /// # Errors
    ///
    /// An error if `text` is not a JSON number (RFC 8259: no `+`, no leading zeros, no `.5`,
    /// no `NaN`, no whitespace), or if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_array()?;
    /// writer.number_value("123456789012345678901234567890")?;
    /// assert!(writer.number_value("01").is_err());
    /// writer.end_array()?;
    /// assert_eq!(writer.finish()?, b"[123456789012345678901234567890]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn number_value(&mut self, text: &str) -> Result<()> {
        match parse_prefix::<false>(text.as_bytes()) {
            Ok(number) if number.len == text.len() => {}
            _ => return Err(Error::new(ErrorCode::InvalidNumber)),
        }
        self.begin_value()?;
        let written = self.ser.write_raw(text.as_bytes());
        self.guard(written)?;
        self.end_value();
        Ok(())
    }

    /// Writes `true` or `false`.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.bool_value(false)?;
    /// assert_eq!(writer.finish()?, b"false");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn bool_value(&mut self, value: bool) -> Result<()> {
        self.value(&value)
    }

    /// Writes `null`.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.null_value()?;
    /// assert_eq!(writer.finish()?, b"null");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn null_value(&mut self) -> Result<()> {
        self.value(&())
    }

    /// Writes any serde value, as [`dump`](crate::dump) would write it, at the current place in
    /// the document (indented to its depth when pretty).
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an error from serializing `value`, or a value that
    /// nests deeper than [`max_depth`](Self::max_depth) (either leaves the writer unusable:
    /// part of the value may have been written); an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::BTreeMap;
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// writer.key("counts")?;
    /// writer.value(&BTreeMap::from([("a", 1), ("b", 2)]))?;
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, br#"{"counts":{"a":1,"b":2}}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    #[inline]
    pub fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.begin_value()?;
        let written = value.serialize(&mut self.ser);
        self.guard(written)?;
        self.end_value();
        Ok(())
    }

    /// Writes the text of a [`RawJson`] as it is, as [`value`](Self::value) does (also when
    /// pretty printing: the text keeps its own layout).
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let kept: Box<jsonstream::RawJson> = jsonstream::from_reader(&b" {\"b\" : [1.50]} "[..])?;
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_object()?;
    /// writer.key("a")?;
    /// writer.raw_value(&kept)?;
    /// assert!(writer.raw_value(&kept).is_err()); // a key is due
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, br#"{"a":{"b" : [1.50]}}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn raw_value(&mut self, raw: &RawJson) -> Result<()> {
        self.value(raw)
    }

    /// An [`io::Write`] whose bytes, UTF-8 text, become the content of one string value,
    /// escaped as they arrive; a character may be split across `write` calls.
    ///
    /// Call [`StringWriter::finish`] to close the string; dropped without it, the string writer
    /// leaves this writer unusable (the string is never closed). It holds at most three bytes
    /// of a split character; everything else goes straight to the output buffer.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// let mut string = writer.string_writer()?;
    /// string.write_all(b"caf\xc3")?; // the 'é' is split across two writes
    /// string.write_all(b"\xa9 \"bar\"")?;
    /// string.finish()?;
    /// assert_eq!(writer.finish()?, "\"café \\\"bar\\\"\"".as_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn string_writer(&mut self) -> Result<StringWriter<'_, W, F>> {
        self.open_string(Encoding::Text)
    }

    /// An [`io::Write`] whose bytes, any bytes, become the content of one string value in
    /// base64 (standard alphabet, with padding), encoded as they arrive.
    ///
    /// Call [`StringWriter::finish`] to write the last group and close the string (dropped
    /// without it, the string writer leaves this writer unusable).
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// let mut string = writer.base64_writer()?;
    /// string.write_all(&[0xff])?;
    /// string.write_all(&[0x00, 0x10, 0x20])?;
    /// string.finish()?;
    /// assert_eq!(writer.finish()?, br#""/wAQIA==""#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn base64_writer(&mut self) -> Result<StringWriter<'_, W, F>> {
        self.open_string(Encoding::Base64)
    }

    /// Writes a string value whose content, UTF-8 text, is read from `reader` to its end,
    /// chunk by chunk (64 KiB at a time); returns the number of bytes read.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an error reading `reader`
    /// ([`Category::Io`](crate::Category::Io)); invalid UTF-8 in what was read, naming the
    /// byte offset; an I/O error writing. Each leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.blob_text(&b"line 1\nline 2"[..])?;
    /// assert_eq!(writer.finish()?, br#""line 1\nline 2""#);
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// let err = writer.blob_text(&b"ab\xffcd"[..]).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte 2 of the string value");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn blob_text<R: io::Read>(&mut self, reader: R) -> Result<u64> {
        self.blob(reader, Encoding::Text)
    }

    /// Writes a string value whose content is the base64 encoding (standard alphabet, padded) of
    /// all the bytes read from `reader`, chunk by chunk; returns the number of bytes read.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an error reading `reader`; an I/O error writing.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// assert_eq!(writer.blob_base64(&b"any bytes"[..])?, 9);
    /// assert_eq!(writer.finish()?, br#""YW55IGJ5dGVz""#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn blob_base64<R: io::Read>(&mut self, reader: R) -> Result<u64> {
        self.blob(reader, Encoding::Base64)
    }

    /// Hands everything buffered to `W` and flushes `W`, e.g. to send a partial document over
    /// a socket.
    ///
    /// # Errors
    ///
    /// An I/O error, which leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut out = Vec::new();
    /// let mut writer = jsonstream::JsonWriter::new(&mut out);
    /// writer.begin_array()?;
    /// writer.flush()?;
    /// writer.end_array()?;
    /// writer.finish()?;
    /// assert_eq!(out, b"[]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn flush(&mut self) -> Result<()> {
        let flushed = self.ser.flush();
        self.guard(flushed)
    }

    /// Checks that the document is complete, hands everything buffered to `W`, and returns
    /// `W` (not flushed: e.g. a compression encoder still needs its own `finish`).
    ///
    /// # Errors
    ///
    /// An error if the top-level value is missing or incomplete, or if an earlier error left
    /// the writer unusable; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// writer.begin_array()?;
    /// let err = writer.finish().unwrap_err();
    /// assert_eq!(err.to_string(), "the top-level value is not complete");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(self) -> Result<W> {
        match self.expect {
            Expect::Done => {}
            Expect::Failed => return Err(Error::new(ErrorCode::WriterUnusable)),
            _ => return Err(Error::new(ErrorCode::DocumentIncomplete)),
        }
        self.ser.into_inner().into_inner().map_err(Error::io)
    }

    /// Hands everything buffered to `W` (without flushing it) and lends `W`: how the async
    /// writers take the bytes staged in a `Vec`.
    /// (Only used over a `Vec`, which a write never fails, so an error here is not the
    /// writer's failure.)
    #[cfg(feature = "tokio")]
    pub(crate) fn staged(&mut self) -> Result<&mut W> {
        self.ser.get_mut().hand_over().map_err(Error::io)
    }

    /// In a stream of top-level values (JSON Lines): after a complete value, writes `\n` and
    /// lets the next top-level value come.
    pub(crate) fn end_line(&mut self) -> Result<()> {
        if self.expect != Expect::Done {
            return Err(self.misplaced("the end of a line"));
        }
        let written = self.ser.write_raw(b"\n");
        self.guard(written)?;
        self.expect = Expect::Value;
        Ok(())
    }

    /// [`finish`](Self::finish) for a stream of top-level values ended by
    /// [`end_line`](Self::end_line): none may be incomplete, but none is needed.
    pub(crate) fn finish_lines(self) -> Result<W> {
        match self.expect {
            Expect::Value => {}
            Expect::Failed => return Err(Error::new(ErrorCode::WriterUnusable)),
            _ => return Err(Error::new(ErrorCode::DocumentIncomplete)),
        }
        self.ser.into_inner().into_inner().map_err(Error::io)
    }

    /// Checks that a value may come here and writes what goes before it.
    #[inline]
    fn begin_value(&mut self) -> Result<()> {
        let written = match self.expect {
            Expect::Value => return Ok(()),
            Expect::Element => {
                let first = std::mem::replace(&mut self.first, false);
                self.ser.begin_element(first)
            }
            Expect::MemberValue => self.ser.begin_member_value(),
            Expect::Key | Expect::Done | Expect::Failed => return Err(self.misplaced("a value")),
        };
        self.guard(written)
    }

    /// Moves on after a complete value.
    #[inline]
    fn end_value(&mut self) {
        self.expect = match self.open.last() {
            None => Expect::Done,
            Some(false) => {
                self.ser.end_element();
                Expect::Element
            }
            Some(true) => {
                self.ser.end_member_value();
                Expect::Key
            }
        };
    }

    /// Leaves the innermost container, which is a complete value in its parent.
    #[inline]
    fn close(&mut self) {
        self.open.pop();
        self.first = false;
        self.end_value();
    }

    fn open_string(&mut self, encoding: Encoding) -> Result<StringWriter<'_, W, F>> {
        self.begin_value()?;
        let written = self.ser.write_raw(b"\"");
        self.guard(written)?;
        Ok(StringWriter {
            writer: self,
            encoder: Encoder::new(encoding),
            open: true,
        })
    }

    /// [`blob_text`](Self::blob_text) or [`blob_base64`](Self::blob_base64), as `encoding`
    /// says: for an encoding chosen elsewhere (a derived blob field's attribute, a map's).
    pub(crate) fn blob<R: io::Read>(&mut self, mut reader: R, encoding: Encoding) -> Result<u64> {
        let mut string = self.open_string(encoding)?;
        let total = string.copy_from(&mut reader)?;
        string.finish()?;
        Ok(total)
    }

    #[cold]
    fn misplaced(&self, found: &'static str) -> Error {
        let expected = match self.expect {
            Expect::Value | Expect::MemberValue => "a value",
            Expect::Element => "a value or `]`",
            Expect::Key => "a key or `}`",
            Expect::Done => "the end of the document",
            Expect::Failed => return Error::new(ErrorCode::WriterUnusable),
        };
        Error::new(ErrorCode::Misplaced { expected, found })
    }

    /// Leaves the writer unusable: `err` interrupted the document.
    #[cold]
    fn fail(&mut self, err: Error) -> Error {
        self.expect = Expect::Failed;
        err
    }

    /// Passes `result` on, leaving the writer unusable if it is an error.
    #[inline]
    fn guard(&mut self, result: Result<()>) -> Result<()> {
        result.map_err(|err| self.fail(err))
    }
}

impl<W: io::Write, F> fmt::Debug for JsonWriter<W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonWriter")
            .field("depth", &self.open.len())
            .field("expect", &self.expect)
            .finish_non_exhaustive()
    }
}

/// An [`io::Write`] that writes one string value of a [`JsonWriter`]: UTF-8 text, escaped as
/// it arrives (from [`JsonWriter::string_writer`]), or any bytes in base64 (from
/// [`JsonWriter::base64_writer`]).
///
/// [`finish`](Self::finish) closes the string. Dropping the string writer without `finish`
/// (e.g. when `?` returns early because the source of the text failed) leaves the
/// [`JsonWriter`] unusable, so that a string cut short can never end up in a document that looks
/// complete.
///
/// Errors from `write` are [`io::Error`]s: invalid UTF-8 is of kind
/// [`InvalidData`](io::ErrorKind::InvalidData) and names the byte offset in the string value
/// (its inner error is this crate's [`Error`]); any error leaves the `JsonWriter` unusable.
///
/// # Examples
///
/// ```
/// use std::io::{self, Write};
///
/// let mut writer = jsonstream::JsonWriter::new(Vec::new());
/// let mut string = writer.string_writer()?;
/// let err = string.write_all(b"ok \xc3(").unwrap_err();
/// assert_eq!(err.kind(), io::ErrorKind::InvalidData);
/// assert_eq!(err.to_string(), "invalid UTF-8 at byte 3 of the string value");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct StringWriter<'a, W: io::Write, F: Formatter> {
    writer: &'a mut JsonWriter<W, F>,
    encoder: Encoder,
    /// The closing quote is not written yet.
    open: bool,
}

impl<W: io::Write, F: Formatter> StringWriter<'_, W, F> {
    /// Ends the content and writes the closing quote; the string is then a complete value in
    /// the document.
    ///
    /// # Errors
    ///
    /// Text mode: an error if the content ends inside a UTF-8 sequence (naming its offset).
    /// An error if an earlier error left the writer unusable; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// let mut writer = jsonstream::JsonWriter::new(Vec::new());
    /// let mut string = writer.string_writer()?;
    /// string.write_all(b"ab\xe2\x82")?; // the start of a '€', never completed
    /// let err = string.finish().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte 2 of the string value");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn finish(mut self) -> Result<()> {
        self.check_usable()?;
        let ser = &mut self.writer.ser;
        let finished = self
            .encoder
            .finish(&mut |text| ser.write_str_fragment(text))
            .map_err(Error::from)
            .and_then(|()| ser.write_raw(b"\""));
        finished.map_err(|err| self.writer.fail(err))?;
        self.open = false;
        self.writer.end_value();
        Ok(())
    }

    /// Passes `bytes` on to the output, escaped or encoded.
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<()> {
        self.check_usable()?;
        let ser = &mut self.writer.ser;
        let pushed = self
            .encoder
            .feed(bytes, &mut |text| ser.write_str_fragment(text));
        pushed.map_err(|err| self.writer.fail(err.into()))
    }

    /// Passes everything `source` yields on to the output, escaped or encoded; returns the
    /// number of bytes read.
    fn copy_from<R: io::Read>(&mut self, source: &mut R) -> Result<u64> {
        let ser = &mut self.writer.ser;
        let copied = self
            .encoder
            .feed_from(source, &mut |text| ser.write_str_fragment(text));
        copied.map_err(|err| self.writer.fail(err.into()))
    }

    fn check_usable(&self) -> Result<()> {
        match self.writer.expect {
            Expect::Failed => Err(Error::new(ErrorCode::WriterUnusable)),
            _ => Ok(()),
        }
    }
}

impl<W: io::Write, F: Formatter> io::Write for StringWriter<'_, W, F> {
    /// Takes all of `buf` (a character split at its end is kept for the next call).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push(buf)?;
        Ok(buf.len())
    }

    /// Hands what is buffered to the [`JsonWriter`]'s `W` and flushes it.
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush().map_err(io::Error::from)
    }
}

impl<W: io::Write, F: Formatter> fmt::Debug for StringWriter<'_, W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StringWriter")
            .field("open", &self.open)
            .finish_non_exhaustive()
    }
}

impl<W: io::Write, F: Formatter> Drop for StringWriter<'_, W, F> {
    fn drop(&mut self) {
        if self.open {
            self.writer.expect = Expect::Failed;
        }
    }
}
