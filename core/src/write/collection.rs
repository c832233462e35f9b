//! Collection writers: a top-level array or object whose items are pushed one at a time.

use std::fmt;
use std::io;
use std::marker::PhantomData;

use serde::Serialize;

use crate::error::Result;
use crate::write::format::{CompactFormatter, Formatter};
use crate::write::writer::JsonWriter;

/// Writes a top-level JSON array into any [`io::Write`], one pushed item at a time: memory
/// stays that of one item, however many are pushed.
///
/// [`finish`](Self::finish) writes the closing `]` and returns the writer. **Dropping an
/// `ArrayWriter` without `finish` does not close the array**: the output stays truncated
/// (`[1,2`), so every JSON reader reports an unexpected end instead of taking a partial list
/// for a whole one. (A writer that closed the array on drop would turn a crash or an early
/// `?` into a valid, silently incomplete file.)
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
pub struct ArrayWriter<W: io::Write, T: ?Sized, F: Formatter = CompactFormatter> {
    writer: JsonWriter<W, F>,
    /// The `[` is written with the first item or by `finish`, so that `new` cannot fail.
    started: bool,
    items: PhantomData<fn(&T)>,
}

impl<W: io::Write, T: ?Sized + Serialize> ArrayWriter<W, T> {
    /// An array writer into `writer`, compact.
    ///
    /// # Examples
    ///
    /// ```
    /// let records: jsonstream::ArrayWriter<_, str> = jsonstream::ArrayWriter::new(Vec::new());
    /// assert_eq!(records.finish()?, b"[]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        ArrayWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write, T: ?Sized + Serialize, F: Formatter> ArrayWriter<W, T, F> {
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
            items: PhantomData,
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
    /// let mut rows = jsonstream::ArrayWriter::new(Vec::new()).max_depth(1);
    /// rows.push(&json!([1, 2]))?;
    /// assert!(rows.push(&json!([[3]])).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.writer = self.writer.max_depth(max_depth);
        self
    }

    /// Writes `item` as the next element.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from serializing `item` (also: an item nested deeper than
    /// [`max_depth`](Self::max_depth)); either leaves the array writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut numbers = jsonstream::ArrayWriter::new(Vec::new());
    /// numbers.push(&1.5)?;
    /// assert_eq!(numbers.finish()?, b"[1.5]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push(&mut self, item: &T) -> Result<()> {
        self.start()?;
        self.writer.value(item)
    }

    /// Writes the closing `]` and returns the writer (not flushed).
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
        self.writer.end_array()?;
        self.writer.finish()
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.writer.begin_array()?;
            self.started = true;
        }
        Ok(())
    }
}

impl<W: io::Write, T: ?Sized, F: Formatter> fmt::Debug for ArrayWriter<W, T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrayWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}

/// Writes a top-level JSON object into any [`io::Write`], one pushed member at a time.
///
/// As for [`ArrayWriter`], [`finish`](Self::finish) writes the closing `}`, and **dropping an
/// `ObjectWriter` without `finish` leaves the object open** (`{"a":1`), so that a truncated
/// document never parses as complete.
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
pub struct ObjectWriter<W: io::Write, V: ?Sized, F: Formatter = CompactFormatter> {
    writer: JsonWriter<W, F>,
    /// The `{` is written with the first member or by `finish`, so that `new` cannot fail.
    started: bool,
    values: PhantomData<fn(&V)>,
}

impl<W: io::Write, V: ?Sized + Serialize> ObjectWriter<W, V> {
    /// An object writer into `writer`, compact.
    ///
    /// # Examples
    ///
    /// ```
    /// let members: jsonstream::ObjectWriter<_, u8> = jsonstream::ObjectWriter::new(Vec::new());
    /// assert_eq!(members.finish()?, b"{}");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        ObjectWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: io::Write, V: ?Sized + Serialize, F: Formatter> ObjectWriter<W, V, F> {
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
            values: PhantomData,
        }
    }

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
        self.writer = self.writer.max_depth(max_depth);
        self
    }

    /// Writes the member `key: value`. Keys are written as given: repeating one is up to the
    /// caller.
    ///
    /// # Errors
    ///
    /// An I/O error, or an error from serializing `value` (also: a value nested deeper than
    /// [`max_depth`](Self::max_depth)); either leaves the object writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut members = jsonstream::ObjectWriter::new(Vec::new());
    /// members.push("tab\there", "value")?;
    /// assert_eq!(members.finish()?, br#"{"tab\there":"value"}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn push(&mut self, key: &str, value: &V) -> Result<()> {
        self.start()?;
        self.writer.key(key)?;
        self.writer.value(value)
    }

    /// Writes the closing `}` and returns the writer (not flushed).
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the object writer unusable.
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
        self.writer.end_object()?;
        self.writer.finish()
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.writer.begin_object()?;
            self.started = true;
        }
        Ok(())
    }
}

impl<W: io::Write, V: ?Sized, F: Formatter> fmt::Debug for ObjectWriter<W, V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}
