//! Whitespace between the tokens of written JSON: compact, or pretty with indentation.
//!
//! The calls and their effects are serde_json's, so that the same values give the same bytes
//! as `serde_json::to_writer` and `serde_json::to_writer_pretty`.

use std::io;

/// How written JSON is laid out: [`CompactFormatter`] or [`PrettyFormatter`].
///
/// The trait is sealed; its methods are called by [`Serializer`](crate::Serializer) and
/// [`JsonWriter`](crate::JsonWriter) around every token.
pub trait Formatter: private::Sealed {
    #[doc(hidden)]
    fn begin_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()>;

    #[doc(hidden)]
    fn end_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()>;

    #[doc(hidden)]
    fn begin_array_value<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()>;

    #[doc(hidden)]
    fn end_array_value(&mut self) {}

    #[doc(hidden)]
    fn begin_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()>;

    #[doc(hidden)]
    fn end_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()>;

    #[doc(hidden)]
    fn begin_object_key<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()>;

    #[doc(hidden)]
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()>;

    #[doc(hidden)]
    fn end_object_value(&mut self) {}
}

mod private {
    pub trait Sealed {}
    impl Sealed for super::CompactFormatter {}
    impl Sealed for super::PrettyFormatter<'_> {}
}

/// No whitespace at all: `{"a":[1,2]}`. The default, as `serde_json::to_writer`.
///
/// # Examples
///
/// ```
/// use jsonstream::{CompactFormatter, Serializer};
/// use serde::Serialize;
///
/// let mut out = Vec::new();
/// vec![1, 2].serialize(&mut Serializer::with_formatter(&mut out, CompactFormatter))?;
/// assert_eq!(out, b"[1,2]");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompactFormatter;

impl Formatter for CompactFormatter {
    #[inline]
    fn begin_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"[")
    }

    #[inline]
    fn end_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"]")
    }

    #[inline]
    fn begin_array_value<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b",")
        }
    }

    #[inline]
    fn begin_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"{")
    }

    #[inline]
    fn end_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"}")
    }

    #[inline]
    fn begin_object_key<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_array_value(writer, first)
    }

    #[inline]
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b":")
    }
}

/// One member or element per line, indented: the same bytes as `serde_json::to_writer_pretty`.
///
/// # Examples
///
/// ```
/// use jsonstream::{PrettyFormatter, Serializer};
/// use serde::Serialize;
///
/// let mut out = Vec::new();
/// let formatter = PrettyFormatter::with_indent(b"    ");
/// vec![1, 2].serialize(&mut Serializer::with_formatter(&mut out, formatter))?;
/// assert_eq!(out, b"[\n    1,\n    2\n]");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PrettyFormatter<'a> {
    current_indent: usize,
    /// Whether the innermost container written so far has a value (serde_json keeps one flag,
    /// not one per level, and so must we to write the same bytes).
    has_value: bool,
    indent: &'a [u8],
}

impl PrettyFormatter<'_> {
    /// A pretty formatter indenting by two spaces, as serde_json's.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = jsonstream::to_string_pretty(&[[1]])?;
    /// assert_eq!(json, "[\n  [\n    1\n  ]\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new() -> Self {
        PrettyFormatter::with_indent(b"  ")
    }
}

impl<'a> PrettyFormatter<'a> {
    /// A pretty formatter indenting each level by `indent` (which should be whitespace).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{JsonWriter, PrettyFormatter};
    ///
    /// let mut writer = JsonWriter::with_formatter(Vec::new(), PrettyFormatter::with_indent(b"\t"));
    /// writer.value(&[1])?;
    /// assert_eq!(writer.finish()?, b"[\n\t1\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn with_indent(indent: &'a [u8]) -> Self {
        PrettyFormatter {
            current_indent: 0,
            has_value: false,
            indent,
        }
    }

    fn new_line<W: io::Write + ?Sized>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.write_indent(writer)
    }

    fn write_indent<W: io::Write + ?Sized>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.current_indent {
            writer.write_all(self.indent)?;
        }
        Ok(())
    }

    fn close<W: io::Write + ?Sized>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.current_indent = self.current_indent.saturating_sub(1);
        if self.has_value {
            writer.write_all(b"\n")?;
            self.write_indent(writer)?;
        }
        writer.write_all(bracket)
    }
}

impl Default for PrettyFormatter<'_> {
    fn default() -> Self {
        PrettyFormatter::new()
    }
}

impl Formatter for PrettyFormatter<'_> {
    #[inline]
    fn begin_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    #[inline]
    fn end_array<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    #[inline]
    fn begin_array_value<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, first)
    }

    #[inline]
    fn end_array_value(&mut self) {
        self.has_value = true;
    }

    #[inline]
    fn begin_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    #[inline]
    fn end_object<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    #[inline]
    fn begin_object_key<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, first)
    }

    #[inline]
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    #[inline]
    fn end_object_value(&mut self) {
        self.has_value = true;
    }
}
