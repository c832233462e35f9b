//! Copying values from a reader into a [`JsonWriter`] token by token, without holding them:
//! the one loop behind [`JsonWriter::copy_value`] (JSON to JSON) and PBJSON to JSON.

use std::io;

use crate::error::Result;
use crate::lex::number::ParserNumber;
use crate::read::reader::{JsonReader, ValueType};
use crate::read::Read;
use crate::write::format::Formatter;
use crate::write::writer::JsonWriter;

/// A reader whose values can be copied into a [`JsonWriter`]: the containers are opened and
/// closed here, every other value is written by the source itself.
pub(crate) trait ValueSource {
    /// Inside an array or object: true if another element or member follows.
    fn has_next(&mut self) -> Result<bool>;

    /// Reads the key of the next member of the innermost object and writes it into `writer`.
    fn write_key<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<()>;

    /// Reads the end of the innermost container, an object if `object`.
    fn end(&mut self, object: bool) -> Result<()>;

    /// Reads the next value: an array or object is begun, in the source and in `writer`, and
    /// `Some(true)` returned for an object, `Some(false)` for an array; any other value is
    /// written whole into `writer` (a string streamed through it) and `None` returned.
    fn open_or_write<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<Option<bool>>;
}

/// Copies the next value of `source` into `writer`, one token at a time. Memory holds one key
/// and a flag per open container, never a string value or a container's content.
pub(crate) fn copy_value<Src: ValueSource, W: io::Write, F: Formatter>(
    source: &mut Src,
    writer: &mut JsonWriter<W, F>,
) -> Result<()> {
    // The open containers, innermost last: true for an object.
    let mut open: Vec<bool> = Vec::new();
    loop {
        if let Some(&object) = open.last() {
            if !source.has_next()? {
                source.end(object)?;
                if object {
                    writer.end_object()?;
                } else {
                    writer.end_array()?;
                }
                open.pop();
                if open.is_empty() {
                    return Ok(());
                }
                continue;
            }
            if object {
                source.write_key(writer)?;
            }
        }
        match source.open_or_write(writer)? {
            Some(object) => open.push(object),
            None if open.is_empty() => return Ok(()),
            None => {}
        }
    }
}

impl<'de, S: Read<'de>> ValueSource for JsonReader<S> {
    fn has_next(&mut self) -> Result<bool> {
        JsonReader::has_next(self)
    }

    fn write_key<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<()> {
        writer.key(self.next_key()?)
    }

    fn end(&mut self, object: bool) -> Result<()> {
        if object {
            self.end_object()
        } else {
            self.end_array()
        }
    }

    fn open_or_write<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<Option<bool>> {
        match self.peek()? {
            ValueType::Array => {
                self.begin_array()?;
                writer.begin_array()?;
                return Ok(Some(false));
            }
            ValueType::Object => {
                self.begin_object()?;
                writer.begin_object()?;
                return Ok(Some(true));
            }
            ValueType::String => {
                let mut string = writer.string_writer()?;
                self.string_reader()?.copy_to(&mut string)?;
                string.finish()?;
            }
            ValueType::Number => match self.number_value()? {
                ParserNumber::U64(n) => writer.value(&n)?,
                ParserNumber::I64(n) => writer.value(&n)?,
                ParserNumber::F64(n) => writer.value(&n)?,
            },
            ValueType::Bool => writer.bool_value(self.next_bool()?)?,
            ValueType::Null => {
                self.next_null()?;
                writer.null_value()?;
            }
        }
        Ok(None)
    }
}

impl<W: io::Write, F: Formatter> JsonWriter<W, F> {
    /// Copies the next value of `reader` into this writer, token by token: a reformatter, or a
    /// way to pass part of one document into another, in constant memory.
    ///
    /// String values of any length are streamed through (unescaped, then escaped again as
    /// serde_json escapes them), never held; containers are never held either. Numbers are
    /// written as serde_json writes them once read into a `serde_json::Value`: an integer
    /// that fits `u64` or `i64` as it is, any other number as the nearest `f64` in its
    /// shortest form (`1e2` becomes `100.0`, `-0` becomes `-0.0`). So a whole document
    /// copied into a compact writer comes out as the bytes of `serde_json::to_writer` of the
    /// same value, and into a pretty writer as those of `serde_json::to_writer_pretty`, with
    /// the members of every object in the order of the document (duplicates kept), as a
    /// `Value` keeps them with serde_json's `preserve_order` feature.
    ///
    /// The reader's [`Limits`](crate::Limits) apply, but for the string limit (the strings
    /// are not held); the value may nest as deep as they allow, without recursion.
    ///
    /// # Errors
    ///
    /// Any error reading the value (located, as the reader's errors are; a number beyond the
    /// `f64` range, `1e400`, is one), an error if no value is due in the writer here, an I/O
    /// error writing. Each leaves the writer unusable: what it wrote is an incomplete
    /// document.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{JsonReader, JsonWriter};
    ///
    /// let mut reader = JsonReader::from_str(r#"{"b": [1e2, -0, "x\u0041"], "a": 18446744073709551616}"#);
    /// let mut writer = JsonWriter::pretty(Vec::new());
    /// writer.copy_value(&mut reader)?;
    /// reader.finish()?;
    /// let out = String::from_utf8(writer.finish().unwrap()).unwrap();
    /// assert_eq!(out, "{\n  \"b\": [\n    100.0,\n    -0.0,\n    \"xA\"\n  ],\n  \"a\": 1.8446744073709552e+19\n}");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn copy_value<'de, S: Read<'de>>(&mut self, reader: &mut JsonReader<S>) -> Result<()> {
        copy_value(reader, self)
    }
}
