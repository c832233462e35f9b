//! Packed Binary JSON (PBJSON): the binary JSON format of the Python package `pbjson`, read and
//! written byte-compatibly, with the same streaming guarantees as JSON.
//!
//! (The module docs that state every decision are completed with the module.)

mod de;
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
