//! Collection writers: a top-level array or object whose items are pushed one at a time, in
//! JSON (any [`Dump`] item: a serde value by reference, or a derived type with its blobs and
//! sequences streamed) or in PBJSON (serde values), and JSON Lines, one top-level value per
//! pushed item.

use std::fmt;
use std::io;

use serde::Serialize;

use crate::error::Result;
use crate::model::dump::Dump;
use crate::pbjson::PbWriter;
use crate::read::reader::JsonReader;
use crate::read::Read;
use crate::write::format::{CompactFormatter, Formatter};
use crate::write::writer::JsonWriter;

mod sealed {
    /// Only the formats of this crate are [`CollectionFormat`](super::CollectionFormat)s.
    pub trait Sealed {}
}

/// What [`ArrayWriter`] and [`ObjectWriter`] write: JSON laid out by any [`Formatter`] (through
/// a [`JsonWriter`]), or PBJSON ([`PbFormat`], through a [`PbWriter`]). Sealed: implemented by
/// this crate only.
///
/// The formats push different items: JSON any [`Dump`] value (a serde value by reference, or
/// a derived type whose blobs and sequences are streamed), PBJSON a serde value by reference.
/// What does not depend on the items ([`max_depth`](ArrayWriter::max_depth),
/// [`finish`](ArrayWriter::finish)) is generic over the format.
///
/// # Examples
///
/// ```
/// use jsonstream::{pbjson::PbFormat, ArrayWriter, CollectionFormat, CompactFormatter};
///
/// fn close<F: CollectionFormat<Vec<u8>>>(rows: ArrayWriter<Vec<u8>, F>) -> Vec<u8> {
///     rows.max_depth(8).finish().unwrap()
/// }
///
/// let mut json: ArrayWriter<_, CompactFormatter> = ArrayWriter::new(Vec::new());
/// json.push(&1)?;
/// assert_eq!(close(json), b"[1]");
/// let mut pbjson: ArrayWriter<_, PbFormat> = ArrayWriter::pbjson(Vec::new());
/// pbjson.push(&1)?;
/// assert_eq!(close(pbjson), b"\x0c\x21\x01\x0f");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub trait CollectionFormat<W: io::Write>: sealed::Sealed {
    /// The push writer that writes the collection.
    #[doc(hidden)]
    type Writer: fmt::Debug;
    /// What an object needs before its members: nothing in JSON, the count in PBJSON.
    #[doc(hidden)]
    type Members: Copy;
    #[doc(hidden)]
    fn max_depth(writer: Self::Writer, max_depth: usize) -> Self::Writer;
    #[doc(hidden)]
    fn begin_array(writer: &mut Self::Writer) -> Result<()>;
    #[doc(hidden)]
    fn end_array(writer: &mut Self::Writer) -> Result<()>;
    #[doc(hidden)]
    fn begin_object(writer: &mut Self::Writer, members: Self::Members) -> Result<()>;
    #[doc(hidden)]
    fn end_object(writer: &mut Self::Writer) -> Result<()>;
    #[doc(hidden)]
    fn finish(writer: Self::Writer) -> Result<W>;
}

impl<F: Formatter> sealed::Sealed for F {}

/// JSON, laid out by `F`.
impl<W: io::Write, F: Formatter> CollectionFormat<W> for F {
    type Writer = JsonWriter<W, F>;
    type Members = ();

    fn max_depth(writer: Self::Writer, max_depth: usize) -> Self::Writer {
        writer.max_depth(max_depth)
    }

    fn begin_array(writer: &mut Self::Writer) -> Result<()> {
        writer.begin_array()
    }

    fn end_array(writer: &mut Self::Writer) -> Result<()> {
        writer.end_array()
    }

    fn begin_object(writer: &mut Self::Writer, (): ()) -> Result<()> {
        writer.begin_object()
    }

    fn end_object(writer: &mut Self::Writer) -> Result<()> {
        writer.end_object()
    }

    fn finish(writer: Self::Writer) -> Result<W> {
        writer.finish()
    }
}

/// The [`CollectionFormat`] of PBJSON: an [`ArrayWriter::pbjson`] writes an array of unknown
/// length (`0C` … `0F`), an [`ObjectWriter::pbjson`] an object of the member count it is
/// given.
///
/// # Examples
///
/// ```
/// use jsonstream::{pbjson::PbFormat, ObjectWriter};
///
/// let mut totals: ObjectWriter<_, PbFormat> = ObjectWriter::pbjson(Vec::new(), 1);
/// totals.push("apples", &3)?;
/// assert_eq!(totals.finish()?, b"\xe1\x06apples\x21\x03");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Copy, Clone, Debug, Default)]
pub struct PbFormat;

impl sealed::Sealed for PbFormat {}

impl<W: io::Write> CollectionFormat<W> for PbFormat {
    type Writer = PbWriter<W>;
    type Members = u64;

    fn max_depth(writer: Self::Writer, max_depth: usize) -> Self::Writer {
        writer.max_depth(max_depth)
    }

    fn begin_array(writer: &mut Self::Writer) -> Result<()> {
        writer.begin_array(None)
    }

    fn end_array(writer: &mut Self::Writer) -> Result<()> {
        writer.end_array()
    }

    fn begin_object(writer: &mut Self::Writer, members: u64) -> Result<()> {
        writer.begin_object(members)
    }

    fn end_object(writer: &mut Self::Writer) -> Result<()> {
        writer.end_object()
    }

    fn finish(writer: Self::Writer) -> Result<W> {
        writer.finish()
    }
}

/// Writes a top-level JSON array into any [`io::Write`], one pushed item at a time: memory
/// stays that of one item, however many are pushed.
///
/// An item is any [`Dump`] value: a serde value by reference (`push(&record)`), or a
/// `#[derive(Dump)]` value whose blob fields are read from their sources and whose sequence
/// fields are generated while they are written (`push(upload)`).
///
/// [`finish`](Self::finish) writes the closing `]` and returns the writer. **Dropping an
/// `ArrayWriter` without `finish` does not close the array**: the output stays truncated
/// (`[1,2`), so every JSON reader reports an unexpected end instead of taking a partial list
/// for a whole one. (A writer that closed the array on drop would turn a crash or an early
/// `?` into a valid, silently incomplete file.)
///
/// [`ArrayWriter::pbjson`] writes PBJSON instead (the [`CollectionFormat`] [`PbFormat`]): an
/// array of unknown length, whose terminator `finish` writes.
///
/// # Examples
///
/// ```
/// use jsonstream::ArrayWriter;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Record {
///     id: u64,
/// }
///
/// let mut records = ArrayWriter::new(Vec::new());
/// for id in 1..=3 {
///     records.push(&Record { id })?;
/// }
/// assert_eq!(records.finish()?, br#"[{"id":1},{"id":2},{"id":3}]"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
///
/// Derived values stream their blobs, here read from files while the array is written:
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// #[derive(jsonstream::Dump)]
/// struct Upload<R> {
///     name: String,
///     #[jsonstream(blob = "base64")]
///     content: R,
/// }
///
/// let files: [(&str, &[u8]); 2] = [("a", b"\x00\x01"), ("b", b"")]; // or `File`s
/// let mut uploads = jsonstream::ArrayWriter::new(Vec::new());
/// for (name, file) in files {
///     uploads.push(Upload { name: name.to_string(), content: file })?;
/// }
/// assert_eq!(
///     uploads.finish()?,
///     br#"[{"name":"a","content":"AAE="},{"name":"b","content":""}]"#
/// );
/// # Ok::<(), jsonstream::Error>(())
/// ```
///
/// Dropped without `finish`, the array stays open:
///
/// ```
/// let mut out = Vec::new();
/// let mut records = jsonstream::ArrayWriter::new(&mut out);
/// records.push(&1)?;
/// drop(records);
/// assert_eq!(out, b"[1");
/// assert!(jsonstream::from_slice::<Vec<u32>>(&out).unwrap_err().is_eof());
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct ArrayWriter<W: io::Write, F: CollectionFormat<W> = CompactFormatter> {
    writer: F::Writer,
    /// The `[` is written with the first item or by `finish`, so that `new` cannot fail.
    started: bool,
}

impl<W: io::Write> ArrayWriter<W> {
    /// An array writer into `writer`, compact.
    ///
    /// # Examples
    ///
    /// ```
    /// let records = jsonstream::ArrayWriter::new(Vec::new());
    /// assert_eq!(records.finish()?, b"[]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        ArrayWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write, F: Formatter> ArrayWriter<W, F> {
    /// An array writer into `writer`, laid out by `formatter`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{ArrayWriter, PrettyFormatter};
    ///
    /// let mut records = ArrayWriter::with_formatter(Vec::new(), PrettyFormatter::new());
    /// records.push(&1)?;
    /// records.push(&2)?;
    /// assert_eq!(records.finish()?, b"[\n  1,\n  2\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn with_formatter(writer: W, formatter: F) -> Self {
        ArrayWriter {
            writer: JsonWriter::with_formatter(writer, formatter),
            started: false,
        }
    }

    /// Writes `item` as the next element: a serde value by reference (`&value`), or a
    /// [`Dump`] value of a derived type, its blobs and sequences streamed.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from writing `item` (serializing it, reading one of its blob
    /// sources; also: an item nested deeper than [`max_depth`](Self::max_depth)); either
    /// leaves the array writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut numbers = jsonstream::ArrayWriter::new(Vec::new());
    /// numbers.push(&1.5)?;
    /// assert_eq!(numbers.finish()?, b"[1.5]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push(&mut self, item: impl Dump) -> Result<()> {
        self.start()?;
        item.dump_to(&mut self.writer)
    }

    /// Hands everything buffered to `W` and lends it (the async writers' staging `Vec`).
    #[cfg(feature = "tokio")]
    pub(crate) fn staged(&mut self) -> Result<&mut W> {
        self.writer.staged()
    }
}

impl<W: io::Write> ArrayWriter<W, PbFormat> {
    /// An array writer of PBJSON into `writer`: an array of unknown length (`0C`, the items,
    /// `0F` written by [`finish`](Self::finish)), so that items can be pushed without knowing
    /// how many will come. One key memo serves the whole array. Dropped without `finish`, the
    /// array stays unterminated, which every reader reports as truncated.
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// #[derive(Serialize)]
    /// struct Record {
    ///     id: u64,
    /// }
    ///
    /// let mut records = jsonstream::ArrayWriter::pbjson(Vec::new());
    /// for id in 1..=2 {
    ///     records.push(&Record { id })?;
    /// }
    /// assert_eq!(records.finish()?, b"\x0c\xe1\x02id\x21\x01\xe1\x80\x21\x02\x0f");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson(writer: W) -> Self {
        ArrayWriter {
            writer: PbWriter::new(writer),
            started: false,
        }
    }

    /// Writes `item` as the next element, in PBJSON.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from serializing `item` (also: an item nested deeper than
    /// [`max_depth`](Self::max_depth), a value PBJSON cannot hold); either leaves the array
    /// writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut numbers = jsonstream::ArrayWriter::pbjson(Vec::new());
    /// numbers.push(&1)?;
    /// assert_eq!(numbers.finish()?, b"\x0c\x21\x01\x0f");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<()> {
        self.start()?;
        self.writer.value(item)
    }
}

impl<W: io::Write, F: CollectionFormat<W>> ArrayWriter<W, F> {
    /// Sets how many levels of arrays and objects each item may nest (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH)), as
    /// [`JsonWriter::max_depth`].
    ///
    /// # Examples
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let mut rows = jsonstream::ArrayWriter::new(Vec::new()).max_depth(1);
    /// rows.push(&json!([1, 2]))?;
    /// assert!(rows.push(&json!([[3]])).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.writer = F::max_depth(self.writer, max_depth);
        self
    }

    /// Writes the closing `]` (PBJSON: the terminator) and returns the writer (not flushed).
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the array writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut numbers = jsonstream::ArrayWriter::new(Vec::new());
    /// numbers.push(&7)?;
    /// let out: Vec<u8> = numbers.finish()?;
    /// assert_eq!(out, b"[7]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        F::end_array(&mut self.writer)?;
        F::finish(self.writer)
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            F::begin_array(&mut self.writer)?;
            self.started = true;
        }
        Ok(())
    }
}

impl<W: io::Write, F: CollectionFormat<W>> fmt::Debug for ArrayWriter<W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrayWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}

/// Writes a top-level JSON object into any [`io::Write`], one pushed member at a time; a
/// value is any [`Dump`] value, as an [`ArrayWriter`]'s items.
///
/// As for [`ArrayWriter`], [`finish`](Self::finish) writes the closing `}`, and **dropping an
/// `ObjectWriter` without `finish` leaves the object open** (`{"a":1`), so that a truncated
/// document never parses as complete.
///
/// [`ObjectWriter::pbjson`] writes PBJSON instead, given the member count up front (PBJSON
/// writes it first).
///
/// # Examples
///
/// ```
/// let mut totals = jsonstream::ObjectWriter::new(Vec::new());
/// totals.push("apples", &3)?;
/// totals.push("pears", &5)?;
/// assert_eq!(totals.finish()?, br#"{"apples":3,"pears":5}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct ObjectWriter<W: io::Write, F: CollectionFormat<W> = CompactFormatter> {
    writer: F::Writer,
    /// The `{` is written with the first member or by `finish`, so that `new` cannot fail.
    started: bool,
    /// What the object's start needs: nothing in JSON, the member count in PBJSON.
    members: F::Members,
}

impl<W: io::Write> ObjectWriter<W> {
    /// An object writer into `writer`, compact.
    ///
    /// # Examples
    ///
    /// ```
    /// let members = jsonstream::ObjectWriter::new(Vec::new());
    /// assert_eq!(members.finish()?, b"{}");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        ObjectWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write, F: Formatter> ObjectWriter<W, F> {
    /// An object writer into `writer`, laid out by `formatter`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{ObjectWriter, PrettyFormatter};
    ///
    /// let mut members = ObjectWriter::with_formatter(Vec::new(), PrettyFormatter::new());
    /// members.push("a", &[1])?;
    /// assert_eq!(members.finish()?, b"{\n  \"a\": [\n    1\n  ]\n}");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn with_formatter(writer: W, formatter: F) -> Self {
        ObjectWriter {
            writer: JsonWriter::with_formatter(writer, formatter),
            started: false,
            members: (),
        }
    }

    /// Writes the member `key: value`, `value` a serde value by reference (`&value`) or a
    /// [`Dump`] value of a derived type, its blobs and sequences streamed. Keys are written
    /// as given: repeating one is up to the caller.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from writing `value` (serializing it, reading one of its
    /// blob sources; also: a value nested deeper than [`max_depth`](Self::max_depth)); either
    /// leaves the object writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut members = jsonstream::ObjectWriter::new(Vec::new());
    /// members.push("tab\there", "value")?;
    /// assert_eq!(members.finish()?, br#"{"tab\there":"value"}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push(&mut self, key: &str, value: impl Dump) -> Result<()> {
        self.start()?;
        self.writer.key(key)?;
        value.dump_to(&mut self.writer)
    }
}

impl<W: io::Write> ObjectWriter<W, PbFormat> {
    /// An object writer of PBJSON into `writer`, for an object of exactly `members` members.
    ///
    /// PBJSON writes an object's member count before its members, so it is taken here: the
    /// members then stream out as they are pushed, in the memory of one. (The alternative, to
    /// collect the members until `finish` to count them, would hold the whole document.)
    /// Pushing a member more is an error before it is written, and `finish` refuses an object
    /// short of its count, so the count written is always the count given.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut totals = jsonstream::ObjectWriter::pbjson(Vec::new(), 2);
    /// totals.push("apples", &3)?;
    /// totals.push("pears", &5)?;
    /// assert!(totals.push("plums", &7).is_err()); // a third member: not declared
    /// assert_eq!(totals.finish()?, b"\xe2\x06apples\x21\x03\x05pears\x21\x05");
    ///
    /// let mut totals = jsonstream::ObjectWriter::pbjson(Vec::new(), 2);
    /// totals.push("apples", &3)?;
    /// assert_eq!(totals.finish().unwrap_err().to_string(), "declared 2 members, given 1");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson(writer: W, members: u64) -> Self {
        ObjectWriter {
            writer: PbWriter::new(writer),
            started: false,
            members,
        }
    }

    /// Writes the member `key: value` in PBJSON.
    ///
    /// # Errors
    ///
    /// A member more than the count (nothing is written for it), a key longer than 127 bytes;
    /// an I/O error, or an error from serializing `value` (also: a value nested deeper than
    /// [`max_depth`](Self::max_depth)), which leaves the object writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut members = jsonstream::ObjectWriter::pbjson(Vec::new(), 1);
    /// members.push("n", &7)?;
    /// assert_eq!(members.finish()?, b"\xe1\x01n\x21\x07");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push<V: ?Sized + Serialize>(&mut self, key: &str, value: &V) -> Result<()> {
        self.start()?;
        self.writer.key(key)?;
        self.writer.value(value)
    }
}

impl<W: io::Write, F: CollectionFormat<W>> ObjectWriter<W, F> {
    /// Sets how many levels of arrays and objects each value may nest (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH)), as
    /// [`JsonWriter::max_depth`].
    ///
    /// # Examples
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let mut members = jsonstream::ObjectWriter::new(Vec::new()).max_depth(1);
    /// members.push("flat", &json!([1, 2]))?;
    /// assert!(members.push("nested", &json!([[3]])).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.writer = F::max_depth(self.writer, max_depth);
        self
    }

    /// Writes the closing `}` and returns the writer (not flushed). PBJSON writes nothing at
    /// the end of an object, but checks that it got the members it was given the count of.
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the object writer unusable; PBJSON: fewer
    /// members than the count.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut members = jsonstream::ObjectWriter::new(Vec::new());
    /// members.push("n", &None::<u8>)?;
    /// assert_eq!(members.finish()?, br#"{"n":null}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        F::end_object(&mut self.writer)?;
        F::finish(self.writer)
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            F::begin_object(&mut self.writer, self.members)?;
            self.started = true;
        }
        Ok(())
    }
}

impl<W: io::Write, F: CollectionFormat<W>> fmt::Debug for ObjectWriter<W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}

/// Writes JSON Lines (NDJSON) into any [`io::Write`]: each pushed item is one compact JSON
/// value followed by `\n`, in the memory of one item, however many are pushed. An item is any
/// [`Dump`] value, as an [`ArrayWriter`]'s items.
///
/// Values are compact, so none holds a raw newline: line `n + 1` is item `n`, as
/// [`stream_values`](crate::stream_values) reports it when reading them back.
/// [`finish`](Self::finish) returns the writer (not flushed); no items at all is an empty
/// output. Every line written is complete: dropped without `finish`, a `LinesWriter` hands
/// what is buffered to `W`, the lines pushed so far. (JSON Lines has no end marker: a
/// truncated file cannot be told from a shorter one, except that an item that failed half-way
/// leaves its line without `\n`.)
///
/// # Examples
///
/// ```
/// use jsonstream::LinesWriter;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Record {
///     id: u64,
/// }
///
/// let mut records = LinesWriter::new(Vec::new());
/// for id in 1..=3 {
///     records.push(&Record { id })?;
/// }
/// let out = records.finish()?;
/// assert_eq!(out, b"{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
///
/// let ids: Vec<u64> = jsonstream::stream_values::<serde_json::Value, _>(&out[..])
///     .map(|r| r.map(|r| r["id"].as_u64().unwrap()))
///     .collect::<jsonstream::Result<_>>()?;
/// assert_eq!(ids, [1, 2, 3]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct LinesWriter<W: io::Write> {
    writer: JsonWriter<W, CompactFormatter>,
}

impl<W: io::Write> LinesWriter<W> {
    /// A JSON Lines writer into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lines = jsonstream::LinesWriter::new(Vec::new());
    /// assert_eq!(lines.finish()?, b"");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        LinesWriter {
            writer: JsonWriter::new(writer),
        }
    }

    /// Sets how many levels of arrays and objects each item may nest (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH)), as
    /// [`JsonWriter::max_depth`].
    ///
    /// # Examples
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let mut lines = jsonstream::LinesWriter::new(Vec::new()).max_depth(1);
    /// lines.push(&json!([1, 2]))?;
    /// assert!(lines.push(&json!([[3]])).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.writer = self.writer.max_depth(max_depth);
        self
    }

    /// Writes `item` as the next line: its compact JSON and `\n`. `item` is a serde value by
    /// reference (`&value`), or a [`Dump`] value of a derived type, its blobs and sequences
    /// streamed.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from writing `item` (serializing it, reading one of its blob
    /// sources; also: an item nested deeper than [`max_depth`](Self::max_depth)); either
    /// leaves the lines writer unusable, and the failed item's line without its `\n`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lines = jsonstream::LinesWriter::new(Vec::new());
    /// lines.push("one")?;
    /// lines.push("two")?;
    /// assert_eq!(lines.finish()?, b"\"one\"\n\"two\"\n");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push(&mut self, item: impl Dump) -> Result<()> {
        item.dump_to(&mut self.writer)?;
        self.writer.end_line()
    }

    /// Copies the next value of `reader` as the next line, token by token, as
    /// [`JsonWriter::copy_value`] copies it: strings streamed, nothing held. Turns the
    /// elements of a huge array into JSON Lines in constant memory.
    ///
    /// # Errors
    ///
    /// As [`JsonWriter::copy_value`]; the error leaves the lines writer unusable, and the
    /// failed value's line without its `\n`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::JsonReader::from_str(r#"[{"id": 1}, "two", 3e0]"#);
    /// let mut lines = jsonstream::LinesWriter::new(Vec::new());
    /// reader.begin_array()?;
    /// while reader.has_next()? {
    ///     lines.copy_value(&mut reader)?;
    /// }
    /// reader.end_array()?;
    /// reader.finish()?;
    /// assert_eq!(lines.finish()?, b"{\"id\":1}\n\"two\"\n3.0\n");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn copy_value<'de, S: Read<'de>>(&mut self, reader: &mut JsonReader<S>) -> Result<()> {
        self.writer.copy_value(reader)?;
        self.writer.end_line()
    }

    /// Hands everything buffered to the writer and returns it (not flushed).
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the lines writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lines = jsonstream::LinesWriter::new(Vec::new());
    /// lines.push(&[1, 2])?;
    /// let out: Vec<u8> = lines.finish()?;
    /// assert_eq!(out, b"[1,2]\n");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(self) -> Result<W> {
        self.writer.finish_lines()
    }

    /// Hands everything buffered to `W` and lends it (the async writers' staging `Vec`).
    #[cfg(feature = "tokio")]
    pub(crate) fn staged(&mut self) -> Result<&mut W> {
        self.writer.staged()
    }
}

impl<W: io::Write> fmt::Debug for LinesWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinesWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}
