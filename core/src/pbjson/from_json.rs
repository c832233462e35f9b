//! JSON to PBJSON, streaming: arrays in the terminated form, so that no array is ever held.

use std::io;

use serde::Serializer as _;

use crate::error::{Error, Result};
use crate::pbjson::header;
use crate::pbjson::integer::magnitude_of_decimal;
use crate::pbjson::ser::Serializer;
use crate::read::Read;
use crate::{JsonReader, Limits, ReaderOptions, Token};

/// Converts JSON into PBJSON with reader options (window size and [`Limits`](crate::Limits) of
/// the JSON reader). [`json_to_pbjson`] is this with the defaults.
///
/// The bytes are those the reference writes for the same document read by Python's `json`
/// module, with one deliberate exception: arrays are written in the terminated form (`0C` …
/// `0F`), because their length is not known until they end. So a top-level array of any
/// number of elements streams through. An object's member count and a string's length come
/// before their content in PBJSON, so the converter holds at most the largest object (with
/// what it contains) and the largest string, never an array around them.
///
/// Numbers are written as Python reads them: an integer (no fraction, no exponent) exactly,
/// whatever its width; any other number as the nearest `f64`, which is infinite beyond the
/// `f64` range (`1e400` becomes PBJSON's +Infinity, as in the reference).
///
/// # Examples
///
/// ```
/// use jsonstream::{pbjson, Limits, ReaderOptions};
///
/// let options = ReaderOptions::new().limits(Limits { max_depth: 1, ..Limits::default() });
/// let mut out = Vec::new();
/// let err = pbjson::FromJson::new().reader_options(options).run(&b"[[1]]"[..], &mut out);
/// assert!(err.is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct FromJson {
    options: ReaderOptions,
}

impl FromJson {
    /// The defaults: default [`ReaderOptions`].
    ///
    /// # Examples
    ///
    /// ```
    /// let mut out = Vec::new();
    /// jsonstream::pbjson::FromJson::new().run(&b"[true]"[..], &mut out)?;
    /// assert_eq!(out, [0x0C, 0x01, 0x0F]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the window size and limits of the JSON reader.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = jsonstream::ReaderOptions::new().window_size(16);
    /// let mut out = Vec::new();
    /// jsonstream::pbjson::FromJson::new().reader_options(options).run(&b"7"[..], &mut out)?;
    /// assert_eq!(out, [0x21, 0x07]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn reader_options(mut self, options: ReaderOptions) -> Self {
        self.options = options;
        self
    }

    /// Reads one JSON document from `reader` and writes it as PBJSON into `writer`.
    ///
    /// # Errors
    ///
    /// Any error reading the JSON (with its line, column and path), a key longer than 127
    /// bytes (which PBJSON cannot hold), and I/O errors of `writer`. On error, what was
    /// written is an incomplete PBJSON document.
    ///
    /// # Examples
    ///
    /// ```
    /// let long_key = format!(r#"{{"{}": 1}}"#, "k".repeat(128));
    /// let mut out = Vec::new();
    /// let err = jsonstream::pbjson::FromJson::new()
    ///     .run(long_key.as_bytes(), &mut out)
    ///     .unwrap_err();
    /// assert_eq!((err.line(), err.column()), (1, 131)); // the key's last byte, the last read
    /// ```
    pub fn run<R: io::Read, W: io::Write>(&self, reader: R, writer: W) -> Result<()> {
        let mut json = self.options.reader(reader);
        let mut out = Serializer::new(writer);
        convert(&mut json, &mut out).map_err(|e| json.fix_position(e))?;
        let mut writer = out.into_inner()?;
        writer.flush().map_err(Error::io)
    }
}

/// Writes the value whose JSON text is `text` into `out` (the text of a raw value, checked
/// when it was read: read again here without limits, which the conversion needs none of,
/// being iterative).
pub(crate) fn convert_text<W: io::Write>(text: &str, out: &mut Serializer<W>) -> Result<()> {
    let unlimited = Limits {
        max_depth: usize::MAX,
        max_number_len: usize::MAX,
        max_key_len: usize::MAX,
        max_string_len: usize::MAX,
        max_document_len: None,
    };
    let mut json = ReaderOptions::new()
        .limits(unlimited)
        .slice_reader(text.as_bytes());
    convert(&mut json, out).map_err(|e| json.fix_position(e))
}

fn convert<'de, S: Read<'de>, W: io::Write>(
    json: &mut JsonReader<S>,
    out: &mut Serializer<W>,
) -> Result<()> {
    // The open containers, innermost last: `None` for an array, the members so far of an
    // object.
    let mut open: Vec<Option<u64>> = Vec::new();
    while let Some(token) = json.next_token()? {
        match token {
            Token::BeginArray => {
                out.begin_terminated()?;
                open.push(None);
            }
            Token::EndArray => {
                out.end_terminated()?;
                open.pop();
            }
            Token::BeginObject => {
                out.begin_collected();
                open.push(Some(0));
            }
            Token::EndObject => {
                let members = open.pop().flatten().unwrap_or(0);
                out.end_collected(members)?;
            }
            Token::Key(key) => {
                if let Some(Some(members)) = open.last_mut() {
                    *members += 1;
                }
                out.write_key(key)?;
            }
            Token::String(s) => out.write_str(s)?,
            Token::Number(text) => write_number(out, text)?,
            Token::Bool(b) => out.serialize_bool(b)?,
            Token::Null => out.serialize_unit()?,
        }
    }
    Ok(())
}

/// Writes a JSON number as Python's `json` reads it: an integer exactly, anything else as the
/// nearest `f64`.
fn write_number<W: io::Write>(out: &mut Serializer<W>, text: &str) -> Result<()> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        // The grammar was checked: a float's text always parses, to infinity if too large.
        let value: f64 = text.parse().unwrap_or(f64::NAN);
        return out.serialize_f64(value);
    }
    if let Ok(value) = text.parse::<i64>() {
        return out.serialize_i64(value);
    }
    if let Ok(value) = text.parse::<u64>() {
        return out.serialize_u64(value);
    }
    let ty = if negative {
        header::NEG_INT
    } else {
        header::INT
    };
    out.write_magnitude(ty, &magnitude_of_decimal(digits.as_bytes()))
}

/// Converts one JSON document from `reader` into PBJSON in `writer`, streaming: arrays are
/// written in the terminated form, so memory holds at most the largest object and the largest
/// string, never a whole array ([`FromJson`] has the details and options).
///
/// # Errors
///
/// As [`FromJson::run`].
///
/// # Examples
///
/// ```
/// let mut pbjson = Vec::new();
/// jsonstream::pbjson::json_to_pbjson(&br#"{"a": [1, "x"]}"#[..], &mut pbjson)?;
/// assert_eq!(pbjson, b"\xe1\x01a\x0c\x21\x01\x81x\x0f");
/// let back: serde_json::Value = jsonstream::pbjson::from_slice(&pbjson)?;
/// assert_eq!(back, serde_json::json!({"a": [1, "x"]}));
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn json_to_pbjson<R: io::Read, W: io::Write>(reader: R, writer: W) -> Result<()> {
    FromJson::new().run(reader, writer)
}
