//! Packed Binary JSON (PBJSON): the binary JSON format of the Python package `pbjson`, read and
//! written byte-compatibly, with the same streaming guarantees as JSON.
//!
//! PBJSON is JSON's data model in a length-prefixed binary form, plus binary values: every
//! value starts with a byte holding its type and a length, object keys are remembered in a
//! per-document memo (the first 128 distinct keys, later written as one byte), and floats are
//! their decimal text packed four bits a character. The module has the same shapes as the JSON
//! side of the crate, and shares its machinery (input window and sources,
//! [`Limits`](crate::Limits), errors with paths, [`iter_seq`](crate::iter_seq)):
//!
//! - serde: [`to_vec`], [`dump`] (into any [`io::Write`], O(1) memory), [`from_slice`]
//!   (borrowing strings and bytes), [`from_reader`] (any [`io::Read`], no `BufReader`
//!   needed), and the [`Serializer`]; `&mut PbReader` is the `Deserializer`;
//! - [`stream`]: the elements of a top-level array one at a time, in bounded memory;
//! - [`PbReader`]: a pull reader with [`skip_value`](PbReader::skip_value), and strings and
//!   binary values as [`io::Read`] streams; [`PbWriter`]: a push writer whose strings and
//!   binary values can come from an [`io::Read`] of known length; [`ArrayWriter::pbjson`] and
//!   [`ObjectWriter::pbjson`] write a top-level collection one pushed item at a time;
//! - [`json_to_pbjson`] and [`pbjson_to_json`] ([`FromJson`], [`ToJson`] with options):
//!   conversion both ways, streaming.
//!
//! [`ArrayWriter::pbjson`]: crate::ArrayWriter::pbjson
//! [`ObjectWriter::pbjson`]: crate::ObjectWriter::pbjson
//!
//! [`ReaderOptions`] has the PBJSON entry points with a window size and limits
//! ([`ReaderOptions::pbjson_reader`], [`pbjson_from_slice`](ReaderOptions::pbjson_from_slice),
//! [`pbjson_stream`](ReaderOptions::pbjson_stream), …).
//!
//! # Examples
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Reading {
//!     sensor: String,
//!     values: Vec<f64>,
//! }
//!
//! let reading = Reading { sensor: "t1".into(), values: vec![21.5, 21.75] };
//! let bytes = jsonstream::pbjson::to_vec(&reading)?;
//! assert_eq!(bytes.len(), 26); // 37 bytes as JSON
//! let back: Reading = jsonstream::pbjson::from_slice(&bytes)?;
//! assert_eq!(back, reading);
//! # Ok::<(), jsonstream::Error>(())
//! ```
//!
//! # Compatibility and decisions
//!
//! - **Bytes.** For every JSON value, [`to_vec`] writes exactly the bytes of the reference's
//!   pure-Python encoder (`pbjson` 1.19.0), and every document the reference writes (pure
//!   Python or its C speedups) reads to the value the reference reads. Floats are the shortest
//!   round-trip decimal text laid out as Python's `repr` (`1e-05`, `1e+16`, `0.0001`); the
//!   reference's C encoder writes some floats with 16 digits, which loses precision
//!   (`0.1 + 0.2` comes back as `0.3`): this module does not. `-0.0` is written `61 b0`
//!   (the reference writes `61 bd`, which no reader accepts, not even its own).
//! - **Sequences of unknown length** (`serialize_seq(None)`, [`iter_seq`](crate::iter_seq))
//!   are written in the terminated form (`0C` … `0F`); known lengths use a counted header.
//!   **Maps of unknown length** (`serialize_map(None)`, e.g. serde's `flatten`) are held
//!   until they end, because an object's count comes first: memory is bounded by that one
//!   object. A string given through `collect_str` (a [`Blob`](crate::Blob)) is held too;
//!   [`PbWriter::str_from`] and [`PbWriter::binary_from`] stream a value of known length.
//! - **Keys.** One memo per document, as the reference: the first 128 distinct keys get the
//!   indices 0 to 127, and are written as `80 | index` afterwards. A key longer than 127 bytes
//!   cannot be written: it is an error. Map keys of other types are turned into text as
//!   serde_json turns them (`1` → `"1"`), and read back from it.
//! - **Integers** of any width are read; up to 64 bits a `deserialize_any` visitor (such as
//!   `serde_json::Value`) gets them as integers, wider ones as the nearest `f64`, as
//!   serde_json reads a JSON integer beyond 64 bits. Typed targets read up to 128 bits
//!   exactly (`u128`, `i128`); wider is a clear error. [`PbReader::next_integer`] exposes the
//!   bytes of any width, and [`Integer`]'s `Display` prints it exactly.
//! - **Binary values** (`AL`) are serde bytes: `serialize_bytes`, `serde_bytes`, `&[u8]`
//!   fields borrowed from a slice. In JSON they become base64 strings (standard alphabet,
//!   padded); [`json_to_pbjson`] writes JSON strings as strings, never as binary.
//! - **Non-finite floats**: `f64` infinities and NaN are `03`, `04`, `05` both ways. JSON
//!   cannot hold them: [`pbjson_to_json`] refuses them unless
//!   [`ToJson::non_finite_as_null`] is set. [`json_to_pbjson`] reads JSON numbers as Python
//!   does, so a JSON number beyond the `f64` range (`1e400`) becomes an infinity.
//! - **Raw values.** The serializer writes a [`RawJson`](crate::RawJson) (and serde_json's
//!   `RawValue`, feature `serde_json`) as the value its text holds, converted as
//!   [`json_to_pbjson`] converts JSON (arrays in the terminated form, numbers as Python reads
//!   them). Reading, a `Box<RawJson>` gets the JSON text of the value as [`pbjson_to_json`]
//!   writes it (compact; an infinity or NaN is an error); a `&RawJson` is an error, PBJSON
//!   input holding no JSON text to borrow.
//! - **The custom byte `0E`** prefixes one value that the reference hands to a user hook: it is
//!   read as the value it wraps (transparent to serde, [`PbReader::peek`] and skipping; visible
//!   as [`Token::Custom`] in [`PbReader::next_token`]) and never written.
//! - **Strict reading.** Where the reference is lax, reading here is an error with the byte
//!   offset and the JSON path (`$.a[3].b`): truncated input, bytes after the document, a memo
//!   index that names no key yet, invalid UTF-8 in a string or key, a float whose characters
//!   are no number, a byte that starts no value. A length is believed only as far as bytes
//!   arrive: a forged length costs no more memory than the input that came, on slices and
//!   readers alike. The same [`Limits`](crate::Limits) as JSON apply on every path (depth;
//!   number length, counted in bytes of an integer and characters of a float; key length;
//!   string and binary length when held; document size).
//! - **Over-long forms.** A length or integer written with more bytes than it needs is read
//!   (the reference reads it) and never written.
//! - **Errors** in binary input have no line and column ([`Error::line`](crate::Error::line)
//!   is 0): their message names the byte offset.

mod de;
mod descent;
mod float;
mod from_json;
mod header;
mod integer;
mod memo;
mod reader;
mod ser;
mod stream;
mod to_json;
mod writer;

pub use self::from_json::{json_to_pbjson, FromJson};
pub use self::integer::Integer;
pub use self::reader::{PbReader, Token, ValueReader, ValueType};
pub use self::ser::{dump, to_vec, Serializer};
pub use self::stream::ArrayStream;
pub use self::to_json::{pbjson_to_json, ToJson};
pub use self::writer::PbWriter;
pub use crate::write::collection::PbFormat;

use std::io;

use serde::de::{Deserialize, DeserializeOwned};

use crate::error::Result;
use crate::read::IoRead;
use crate::ReaderOptions;

/// Deserializes a PBJSON document in memory. Strings and binary values can be borrowed from
/// `bytes` (`&str`, `&[u8]` fields).
///
/// # Errors
///
/// An error for input that is not one PBJSON document (with its byte offset and JSON path),
/// or that does not fit `T`.
///
/// # Examples
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Point<'a> {
///     name: &'a str,
///     x: i32,
/// }
///
/// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({"name": "origin", "x": 0}))?;
/// let point: Point = jsonstream::pbjson::from_slice(&bytes)?;
/// assert_eq!(point, Point { name: "origin", x: 0 });
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    ReaderOptions::new().pbjson_from_slice(bytes)
}

/// Deserializes a PBJSON document from any [`io::Read`], through a bounded window (no
/// `BufReader` needed).
///
/// # Errors
///
/// An I/O error, or an error for input that is not one PBJSON document or does not fit `T`.
///
/// # Examples
///
/// ```
/// let bytes = jsonstream::pbjson::to_vec(&vec![1u64 << 40; 3])?;
/// let numbers: Vec<u64> = jsonstream::pbjson::from_reader(&bytes[..])?;
/// assert_eq!(numbers, [1 << 40; 3]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn from_reader<R: io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    ReaderOptions::new().pbjson_from_reader(reader)
}

/// The elements of a top-level PBJSON array in `reader`, deserialized one at a time: memory
/// is bounded by the window plus the largest element, whatever the number of elements.
///
/// # Examples
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Record {
///     id: u64,
/// }
///
/// let records: Vec<_> = (0..1000).map(|id| serde_json::json!({"id": id})).collect();
/// let bytes = jsonstream::pbjson::to_vec(&records)?;
/// let mut total = 0;
/// for record in jsonstream::pbjson::stream::<Record, _>(&bytes[..]) {
///     total += record?.id;
/// }
/// assert_eq!(total, 499_500);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream<T: DeserializeOwned, R: io::Read>(reader: R) -> ArrayStream<IoRead<R>, T> {
    ReaderOptions::new().pbjson_stream(reader)
}
