//! PBJSON to JSON, streaming: one window of input, whatever its size.

use std::io;

use crate::error::{ErrorCode, Result};
use crate::pbjson::reader::{PbReader, ValueType};
use crate::read::Read;
use crate::write::format::{CompactFormatter, Formatter, PrettyFormatter};
use crate::write::transcode::{copy_value, ValueSource};
use crate::{JsonWriter, ReaderOptions};

/// Converts PBJSON into JSON, with options: the reader's window and [`Limits`](crate::Limits),
/// pretty printing, and what to do with infinities and NaN, which JSON cannot hold.
/// [`pbjson_to_json`] is this with the defaults.
///
/// The conversion streams: strings and binary values of any size pass through the window, and
/// containers are never held, so memory stays one window whatever the input. Binary values
/// become base64 strings (standard alphabet, padded). Integers of any width are written
/// exactly; floats as serde_json writes them (shortest round-trip form).
///
/// # Examples
///
/// ```
/// use jsonstream::pbjson::{self, ToJson};
///
/// let bytes = pbjson::to_vec(&[1.5, f64::NAN])?;
/// let mut json = Vec::new();
/// assert!(ToJson::new().run(&bytes[..], &mut json).is_err()); // NaN
/// json.clear();
/// ToJson::new().non_finite_as_null(true).run(&bytes[..], &mut json)?;
/// assert_eq!(json, b"[1.5,null]");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ToJson {
    options: ReaderOptions,
    pretty: bool,
    non_finite_as_null: bool,
}

impl ToJson {
    /// The defaults: default [`ReaderOptions`], compact output, non-finite floats an error.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({"a": [true]}))?;
    /// let mut json = Vec::new();
    /// jsonstream::pbjson::ToJson::new().run(&bytes[..], &mut json)?;
    /// assert_eq!(json, br#"{"a":[true]}"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the window size and limits of the PBJSON reader.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{pbjson, Limits, ReaderOptions};
    ///
    /// let bytes = pbjson::to_vec(&[[[0]]])?;
    /// let shallow = ReaderOptions::new().limits(Limits { max_depth: 2, ..Limits::default() });
    /// let to_json = pbjson::ToJson::new().reader_options(shallow);
    /// assert!(to_json.run(&bytes[..], std::io::sink()).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn reader_options(mut self, options: ReaderOptions) -> Self {
        self.options = options;
        self
    }

    /// Writes indented JSON (two spaces, as `serde_json::to_writer_pretty`).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[1])?;
    /// let mut json = Vec::new();
    /// jsonstream::pbjson::ToJson::new().pretty(true).run(&bytes[..], &mut json)?;
    /// assert_eq!(json, b"[\n  1\n]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pretty(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }

    /// Writes infinities and NaN as `null` (as serde_json serializes them) instead of failing.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&f64::INFINITY)?;
    /// let mut json = Vec::new();
    /// jsonstream::pbjson::ToJson::new().non_finite_as_null(true).run(&bytes[..], &mut json)?;
    /// assert_eq!(json, b"null");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn non_finite_as_null(mut self, yes: bool) -> Self {
        self.non_finite_as_null = yes;
        self
    }

    /// Reads one PBJSON document from `reader` and writes it as JSON into `writer`.
    ///
    /// # Errors
    ///
    /// Any error reading the PBJSON document (with its byte offset and path), an infinity or
    /// NaN unless [`non_finite_as_null`](Self::non_finite_as_null), and I/O errors of `writer`.
    /// On error, what was written is an incomplete JSON document.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut json = Vec::new();
    /// let err = jsonstream::pbjson::ToJson::new().run(&[0xC2, 0x01][..], &mut json);
    /// assert!(err.unwrap_err().is_eof());
    /// ```
    pub fn run<R: io::Read, W: io::Write>(&self, reader: R, writer: W) -> Result<()> {
        let mut reader = self.options.pbjson_reader(reader);
        if self.pretty {
            self.convert(
                &mut reader,
                JsonWriter::with_formatter(writer, PrettyFormatter::new()),
            )
        } else {
            self.convert(
                &mut reader,
                JsonWriter::with_formatter(writer, CompactFormatter),
            )
        }
    }

    fn convert<'de, S: Read<'de>, W: io::Write, F: Formatter>(
        &self,
        reader: &mut PbReader<S>,
        mut writer: JsonWriter<W, F>,
    ) -> Result<()> {
        self.convert_value(reader, &mut writer)?;
        reader.end_document()?;
        writer.finish()?.flush().map_err(crate::Error::io)
    }

    /// Converts the next value of `reader` into the next value of `writer`.
    pub(crate) fn convert_value<'de, S: Read<'de>, W: io::Write, F: Formatter>(
        &self,
        reader: &mut PbReader<S>,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<()> {
        let mut source = PbSource {
            reader,
            non_finite_as_null: self.non_finite_as_null,
        };
        copy_value(&mut source, writer)
    }
}

/// A PBJSON reader as a source of JSON values: binary values become base64 strings,
/// non-finite floats `null` or an error.
struct PbSource<'r, S> {
    reader: &'r mut PbReader<S>,
    non_finite_as_null: bool,
}

impl<'de, S: Read<'de>> ValueSource for PbSource<'_, S> {
    fn has_next(&mut self) -> Result<bool> {
        self.reader.has_next()
    }

    fn write_key<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<()> {
        writer.key(self.reader.next_key()?)
    }

    fn end(&mut self, object: bool) -> Result<()> {
        if object {
            self.reader.end_object()
        } else {
            self.reader.end_array()
        }
    }

    fn open_or_write<W: io::Write, F: Formatter>(
        &mut self,
        writer: &mut JsonWriter<W, F>,
    ) -> Result<Option<bool>> {
        let reader = &mut *self.reader;
        match reader.peek()? {
            ValueType::Array => {
                reader.begin_array()?;
                writer.begin_array()?;
                return Ok(Some(false));
            }
            ValueType::Object => {
                reader.begin_object()?;
                writer.begin_object()?;
                return Ok(Some(true));
            }
            ValueType::String => {
                writer.blob_text(reader.string_reader()?)?;
            }
            ValueType::Binary => {
                writer.blob_base64(reader.binary_reader()?)?;
            }
            ValueType::Integer => {
                let n = reader.next_integer()?;
                match (n.to_u64(), n.to_i64()) {
                    (Some(u), _) => writer.value(&u)?,
                    (_, Some(i)) => writer.value(&i)?,
                    _ => writer.number_value(&n.to_string())?,
                }
            }
            ValueType::Float => {
                let start = reader.offset();
                let value = reader.next_f64()?;
                if value.is_finite() {
                    writer.value(&value)?;
                } else if self.non_finite_as_null {
                    writer.null_value()?;
                } else {
                    return Err(reader.error_at(ErrorCode::NonFiniteInJson, start));
                }
            }
            ValueType::Bool => writer.bool_value(reader.next_bool()?)?,
            ValueType::Null => {
                reader.next_null()?;
                writer.null_value()?;
            }
        }
        Ok(None)
    }
}

/// Converts one PBJSON document from `reader` into compact JSON in `writer`, streaming (memory
/// stays one window, whatever the input). Binary values become base64 strings; infinities and
/// NaN are an error ([`ToJson`] has the options).
///
/// # Errors
///
/// As [`ToJson::run`].
///
/// # Examples
///
/// ```
/// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({"id": 7, "tags": ["a"]}))?;
/// let mut json = Vec::new();
/// jsonstream::pbjson::pbjson_to_json(&bytes[..], &mut json)?;
/// assert_eq!(json, br#"{"id":7,"tags":["a"]}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn pbjson_to_json<R: io::Read, W: io::Write>(reader: R, writer: W) -> Result<()> {
    ToJson::new().run(reader, writer)
}
