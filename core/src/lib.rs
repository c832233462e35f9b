//! Streaming JSON for serde: read and write documents larger than memory.
//!
//! - [`stream`] yields the elements of a top-level array one at a time, typed, in bounded
//!   memory; [`stream_at`] does the same for an array at a JSON Pointer, or for every array it
//!   reaches through `*` wildcards (`/layers/*/features`); [`stream_entries`] and
//!   [`stream_entries_at`] for the members of an object; [`stream_items_at`] for the items of
//!   whatever is at a pointer, elements of an array or members of an object; [`stream_values`]
//!   yields every top-level value of JSON Lines (NDJSON) or of any whitespace-separated
//!   sequence of values.
//! - [`from_reader`], [`from_slice`] and [`from_str`] deserialize a whole document, with the
//!   same results as serde_json for what both accept (floats correctly rounded, as serde_json
//!   reads them with its `float_roundtrip` feature). jsonstream is stricter in a few places,
//!   listed in the README: [`Limits`] (depth, number length, key length) apply to skipped and
//!   ignored values too, numbers longer than 4096 bytes are refused by default, and byte
//!   strings are checked as text (no control characters, invalid UTF-8 or lone surrogates).
//! - [`JsonReader`] is a pull reader over any [`io::Read`] through a bounded
//!   sliding window: tokens, [`skip_value`](JsonReader::skip_value), and string values as
//!   streams ([`string_reader`](JsonReader::string_reader)).
//! - [`RawJson`] keeps a value as its exact text, checked but not parsed: borrowed from a
//!   slice (`&RawJson`), or copied from any input (`Box<RawJson>`), and written back byte for
//!   byte. [`JsonReader::raw_value`] copies a value's text into an [`io::Write`] in a window of
//!   memory, however large.
//!
//! One grammar serves every input: a slice in memory and an `io::Read` are read by the same
//! code, strictly (RFC 8259), and every error says where it happened: byte offset, line,
//! column and JSON path.
//!
//! Writing never holds the document either:
//!
//! - [`dump`] serializes any `Serialize` value into any [`io::Write`] through
//!   a bounded buffer, with the same bytes as `serde_json::to_writer` ([`to_vec`],
//!   [`to_string`], [`dump_pretty`], [`to_string_pretty`], and the [`Serializer`] itself).
//!   A value nested deeper than [`DEFAULT_MAX_WRITE_DEPTH`] levels is an error rather than a
//!   stack overflow ([`Serializer::max_depth`], [`JsonWriter::max_depth`]).
//!   [`iter_seq`] makes an iterator serializable as a sequence generated while it is written;
//!   [`Blob`] makes an `io::Read` serializable as a string read while it is written.
//! - [`JsonWriter`] is a push writer that checks the structure as it goes, with serde values
//!   mid-document and string values as `io::Write` streams
//!   ([`string_writer`](JsonWriter::string_writer), [`base64_writer`](JsonWriter::base64_writer));
//!   [`copy_value`](JsonWriter::copy_value) copies a value from a [`JsonReader`] token by
//!   token, a reformatter in constant memory.
//! - [`ArrayWriter`] and [`ObjectWriter`] write a top-level array or object one pushed item at
//!   a time; dropped unfinished, they leave the document visibly truncated. [`LinesWriter`]
//!   writes JSON Lines, one pushed value per line.
//! - [`blob`] moves maps of huge strings between `io::Read` sources, JSON, and `io::Write`
//!   sinks ([`blob::dump_map`], [`blob::load_map`]).
//!
//! Application types get both with `#[derive(Dump, Load)]` (feature `derive`, on by
//! default): [`Dump`] writes a value into a [`JsonWriter`], [`Load`] reads one from a
//! [`JsonReader`], and fields that would not fit in memory are streamed, as described below.
//! [`load`] reads a whole document as a `Load` type ([`load_slice`] from bytes in memory); a
//! [`Loader`] does the same with reader options and sink factories, and streams records of a
//! `Load` type ([`Loader::stream`], [`Loader::stream_at`], [`Loader::stream_values`]: a file
//! of uploads, each blob into a file of its own). A value that fails to load leaves nothing
//! behind: the sinks finished within it are rolled back ([`blob::BlobSink::rollback`]). The
//! collection writers ([`ArrayWriter`], [`ObjectWriter`], [`LinesWriter`]) push `Dump` values.
//!
//! # Cargo features
//!
//! - `derive` (default): `#[derive(Dump, Load)]`.
//! - `serde_json`: serde_json's `RawValue` (its feature `raw_value`, which this one enables)
//!   is read and written as serde_json reads and writes it, as [`RawJson`] is: the same text,
//!   the same output bytes.
//! - `tokio`: the streams and the array and lines writers over tokio's `AsyncRead` and
//!   `AsyncWrite` (`jsonstream::tokio`): the same items, errors, bytes and memory bounds as
//!   the blocking ones, each element decoded on the polling task.
//!
//! # Terminology
//!
//! - **Window**: the one bounded buffer through which a reader sees an `io::Read` (it grows
//!   from 4 KiB to at most 64 KiB by default, [`ReaderOptions::window_size`]). Tokens are
//!   scanned in place in the window; only a token that must be materialized and crosses a
//!   refill is copied out.
//! - **Value**: one JSON value, from a literal to a whole array or object; the **document** is
//!   the top-level value and the whitespace around it.
//! - **Member**: a `"key": value` pair of an object; the **key** is its name (read with
//!   [`JsonReader::next_key`], written with [`JsonWriter::key`], bounded by
//!   [`Limits::max_key_len`]). An **element** is a value of an array. An **item** is either:
//!   an element of an array or a member of an object ([`Item`]).
//! - **Blob**: a string value treated as a stream of bytes, too large to hold: written from an
//!   `io::Read` ([`Blob`]), read into a **sink** ([`blob::BlobSink`]), text or base64.
//! - **Sink**: an `io::Write` that a blob is unescaped or decoded into chunk by chunk, and that
//!   becomes a value when finished (the bytes, a compressed buffer, a file's path).
//! - **Seq**: a sequence field of a derived type, an array written from any iterator and read
//!   into any `Extend` collection one element at a time.
//!
//! # Examples
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Record {
//!     id: u64,
//!     value: String,
//! }
//!
//! let file = &br#"[{"id": 1, "value": "a"}, {"id": 2, "value": "b"}]"#[..];
//! let mut ids = Vec::new();
//! for record in jsonstream::stream::<Record, _>(file) {
//!     let record = record?;
//!     ids.push(record.id);
//! }
//! assert_eq!(ids, [1, 2]);
//! # Ok::<(), jsonstream::Error>(())
//! ```
//!
//! # Deriving `Dump` and `Load`
//!
#![cfg_attr(feature = "derive", doc = "```")]
#![cfg_attr(not(feature = "derive"), doc = "```ignore")]
//! use jsonstream::{Dump, Load};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Point {
//!     t: u64,
//!     v: f64,
//! }
//!
//! #[derive(Dump, Load)]
//! #[jsonstream(rename_all = "camelCase")]
//! struct Recording<P> {
//!     sensor_name: String,
//!     #[jsonstream(blob = "base64")]
//!     raw_signal: Vec<u8>, // a file, a decoder, any io::Read when dumping
//!     #[jsonstream(seq, item = "Point")]
//!     points: P, // any IntoIterator when dumping; any Extend + Default when loading
//! }
//!
//! let recording = Recording {
//!     sensor_name: "s1".to_string(),
//!     raw_signal: vec![0, 1, 2],
//!     points: (0..3).map(|t| Point { t, v: t as f64 / 2.0 }), // generated while written
//! };
//! let mut json = Vec::new();
//! jsonstream::dump(recording, &mut json)?;
//! assert_eq!(
//!     json,
//!     br#"{"sensorName":"s1","rawSignal":"AAEC","points":[{"t":0,"v":0.0},{"t":1,"v":0.5},{"t":2,"v":1.0}]}"#
//! );
//!
//! let loaded: Recording<Vec<Point>> = jsonstream::load(&json[..])?;
//! assert_eq!(loaded.raw_signal, [0, 1, 2]);
//! assert_eq!(loaded.points.len(), 3);
//! # Ok::<(), jsonstream::Error>(())
//! ```
//!
//! `Dump` writes structs (an object; a tuple struct as an array, a newtype as its field, a
//! unit struct as `null`) and enums (externally tagged), with the bytes serde_json writes for
//! the same `Serialize` derive. `Load` reads them back as serde's derive does: a struct's
//! members in any order (or its fields in order, from an array), unknown members skipped
//! without being held, a duplicate member or a missing one (without a default; an absent
//! `Option` is `None`) an error naming it; a tuple's trailing fields with a default may be
//! absent; an enum's unit variant as `"Name"` or `{"Name": null}`, others as `{"Name": …}`.
//! A document that does not fit gives the error, located like every error, that
//! [`from_slice`] gives for the serde derive.
//!
//! A field is written and read according to its attributes:
//!
//! - by default, through `Dump`/`Load` if its type has them (a nested derived type), else
//!   through `Serialize`/`Deserialize`;
//! - `#[jsonstream(blob)]`, a string streamed in chunks of 64 KiB: on dump, read from the
//!   field, an `io::Read` (`File`, `&[u8]`, `Box<dyn Read>`, a decoder) or the bytes it holds
//!   (`Vec<u8>`, `String`), as UTF-8 text; on load, unescaped into a [`blob::BlobSink`] that
//!   becomes the field's value ([`blob::BlobValue`]: `Vec<u8>`, a `PathBuf` with a
//!   [`Loader::sinks`] factory, a type of your own such as a compressed buffer).
//!   `blob = "base64"` encodes any bytes in base64 instead;
//!   **serde's derive, on the same type, reads such a field as an ordinary value**, held
//!   whole (a `String` holds the text, base64 undecoded; a `PathBuf` is named by the text; a
//!   `Vec<u8>` is expected as an array of numbers): read
//!   a `Load` type through [`load`] or a [`Loader`] ([`Loader::stream`] for an array of them),
//!   never through [`from_reader`] or [`stream`];
//! - `#[jsonstream(seq)]`, an array streamed element by element: on dump from any
//!   `IntoIterator`, on load into a collection's `Default` by one call of `Extend::extend` with
//!   an iterator that reads each element when it is asked for, so that a collection of your own
//!   (a running statistic, a database writer) never holds the array. The element type is the
//!   collection's `IntoIterator::Item`, or `item = "Type"`. serde's derive, on the same type,
//!   reads such a field as an ordinary value: the whole array into the collection's own
//!   `Deserialize`, if it has one.
//!
//! | Attribute | On | Meaning |
//! |---|---|---|
//! | `rename = "name"` | field, variant | The name in the document. |
//! | `rename_all = "rule"` | struct, enum | Rename every field (of a struct) or variant (of an enum) by one of serde's rules: `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE`. |
//! | `default`, `default = "path"` | field | When absent: `Default::default()`, or the function at `path`. |
//! | `skip` | field | Neither written nor read; loaded as its default. |
//! | `blob`, `blob = "text"`, `blob = "base64"` | field | A string streamed in chunks, as above. |
//! | `seq`, `item = "Type"` | field | An array streamed by element, as above. |
//! | `deny_unknown_fields` | struct | An unknown member is an error (`Load`). |
//! | `bound = "T: Trait, …"`, `bound(dump = "…", load = "…")` | struct, enum, field | Where-predicates that replace the inferred ones (of every field, or of this field); the input's lifetime is `'de`. |
//! | `crate = "path"` | struct, enum | The path of this crate in the generated code, when it is re-exported. |
//!
//! serde's own `#[serde(rename = "…")]`, `#[serde(rename(serialize = "…", deserialize =
//! "…"))]` and `#[serde(rename_all …)]` are honoured too (`Dump` takes the serialize name,
//! `Load` the deserialize one), so that a type deriving both serde's traits and these gives
//! every field one name: write renames in serde's attribute on such a type. If both attributes
//! name a field, they must agree, or the derive reports an error. serde's `skip`, `default`
//! and `deny_unknown_fields` must be repeated in jsonstream's attribute (the derive says so
//! if they are not), and serde's attributes that give another document than these derives
//! write and read (`tag`, `content`, `untagged`, `transparent`, `from`, `into`, `remote`,
//! `flatten`, `with`, `skip_serializing_if`, `rename_all` on a variant, …) are compile
//! errors, so that a type deriving both never has two JSON forms. serde's other attributes
//! (`alias`, `borrow`, `bound`, …) are serde's alone.
//!
//! A field whose type mentions a type parameter gets the bound its use needs (`Serialize`,
//! `io::Read`, `IntoIterator`, `Deserialize<'de>`, `BlobValue`, `Extend + Default`), so such a
//! field goes through serde rather than `Dump`/`Load` (so do the elements of a generic `seq`
//! field when dumped), and a generic blob field is an `io::Read`. Where that is wrong (a
//! generic field of a `Dump`-only type, a generic blob holding bytes, a generic sequence of a
//! `Dump` type), write the bound: `#[jsonstream(bound = "Item<B>: jsonstream::Dump")]`,
//! `#[jsonstream(bound(dump = "D: IntoIterator<Item = Event>"))]`.
#![deny(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod blob;
mod error;
mod io_retry;
mod kernel;
mod lex;
mod model;
pub mod pbjson;
pub mod read;
#[cfg(test)]
mod test_rng;
#[cfg(feature = "tokio")]
pub mod tokio;
mod write;

pub use crate::error::{Base64Fault, Category, Error, LimitKind, Result};
pub use crate::read::limits::Limits;
pub use crate::read::options::{ReaderOptions, DEFAULT_IN_FLIGHT_BYTES, DEFAULT_WINDOW_SIZE};
pub use crate::read::par_stream::ParStream;
pub use crate::read::reader::{JsonReader, Token, ValueType};
pub use crate::read::stream::{ArrayStream, EntryStream, Item, ItemStream, ValueStream};
pub use crate::read::string_reader::{Base64Reader, StringReader};

pub use crate::blob::Blob;
pub use crate::model::dump::{dump, dump_pretty, Dump};
pub use crate::model::load::{load, load_slice, Load, LoadOwned, Loader};
pub use crate::model::raw::RawJson;
pub use crate::write::collection::{ArrayWriter, CollectionFormat, LinesWriter, ObjectWriter};
pub use crate::write::format::{CompactFormatter, Formatter, PrettyFormatter};
pub use crate::write::iter_seq::{iter_seq, IterSeq};
pub use crate::write::ser::{
    to_string, to_string_pretty, to_vec, Serializer, DEFAULT_MAX_WRITE_DEPTH,
};

pub use crate::write::writer::{JsonWriter, StringWriter};
/// Derives [`Dump`](trait@Dump): see the trait and the crate's documentation for the attributes.
#[cfg(feature = "derive")]
pub use jsonstream_derive::Dump;
/// Derives [`Load`](trait@Load): see the trait and the crate's documentation for the attributes.
#[cfg(feature = "derive")]
pub use jsonstream_derive::Load;

use std::io;

use serde::de::{Deserialize, DeserializeOwned};

use crate::read::{IoRead, StreamElement};

/// Iterates over the elements of the top-level array in `reader`, deserializing each as `T`.
///
/// Memory is bounded by the window (64 KiB by default) plus the element being deserialized.
/// After the closing `]`, the rest of the input must be whitespace, else the last item is an
/// error. After an error the iterator yields `None`.
///
/// # Errors
///
/// Each item is an error if the input is not valid JSON, if the top-level value is not an
/// array, or if an element does not fit `T`; the error says where (offset, line, column, path
/// such as `$[1234].name`).
///
/// # Examples
///
/// ```
/// let input = &b"[1, 2, 3]"[..];
/// let total: u64 = jsonstream::stream::<u64, _>(input).sum::<jsonstream::Result<u64>>()?;
/// assert_eq!(total, 6);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream<T: StreamElement, R: io::Read>(reader: R) -> ArrayStream<IoRead<R>, T> {
    ReaderOptions::default().stream(reader)
}

/// Iterates over the elements of the array found at the JSON Pointer `pointer` (RFC 6901,
/// e.g. `/statuses` or `/data/0/items`), or of every array it reaches through `*` steps
/// (`/layers/*/features`), deserializing each as `T`.
///
/// Everything that is not an element is skipped without being kept; everything after the last
/// element is still read and checked, so a damaged document is an error even past the arrays.
///
/// # Pointers
///
/// A pointer is empty (the whole document) or a sequence of `/`-prefixed steps. A step names
/// a member of an object by its key, or an element of an array by its index (`0`, `17`, no
/// leading zeros), with RFC 6901's escapes: `~1` for `/` and `~0` for `~` in a key.
///
/// A step that is exactly `*` is a **wildcard**: it matches every element of an array and
/// every member value of an object, in document order (each of repeated keys), so
/// `/layers/*/features` streams the features of every layer, one layer after another (what
/// ijson calls `layers.item.features.item`), and `/a/*/b/*/c` nests two of them.
///
/// - A key that is literally `*` is written `~2`: `/~2` names the member `"*"`. `~2` is a `*`
///   anywhere in a step (`/a~2` is the key `"a*"`, as is `/a*`: only a whole step is a
///   wildcard). RFC 6901 has no `~2`, so every pointer it accepts keeps its meaning except
///   one with a `*` step, and every key still has a spelling.
/// - Under a wildcard, a value that lacks the rest of the path (a missing key, an index past
///   the end, a number or string where the next step should go in) is skipped: the wildcard
///   matches what is there. An empty array or object matched by a wildcard yields nothing.
/// - The steps before the first wildcard must exist, as in a pointer without wildcards, and
///   the value the first wildcard applies to must be an array or object.
/// - Every value that the whole pointer reaches must be an array, wildcard or not: a wildcard
///   changes which values are reached, never what is asked of them, so `"features": null` or
///   `"features": {}` in one layer is an error naming that layer (`$.layers[3].features`)
///   rather than elements silently lost. ([`stream_items_at`] takes arrays and objects
///   alike.)
///
/// [`ArrayStream::reader`] gives the path of each element as it is yielded, which says which
/// array it came from.
///
/// # Errors
///
/// As [`stream`]; also an error item (of [`Category::Data`]) if the pointer is malformed (it
/// neither is empty nor starts with `/`, or has a `~` not followed by `0`, `1` or `2`), if a
/// step up to the first wildcard names no value, or if a value that the pointer reaches is
/// not an array. Errors in elements carry their real path, such as
/// `$.layers[3].features[7].id`.
///
/// # Examples
///
/// ```
/// let input = &br#"{"meta": {"n": 2}, "statuses": [{"id": 7}, {"id": 8}]}"#[..];
/// let ids: Vec<u64> = jsonstream::stream_at::<serde_json::Value, _>(input, "/statuses")
///     .map(|status| status.map(|s| s["id"].as_u64().unwrap()))
///     .collect::<jsonstream::Result<_>>()?;
/// assert_eq!(ids, [7, 8]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
///
/// A wildcard over an array, then over an object's members; a layer without `features` is
/// skipped:
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Feature {
///     id: u32,
/// }
///
/// let input = &br#"{"layers": [
///     {"name": "roads", "features": [{"id": 1}, {"id": 2}]},
///     {"name": "empty"},
///     {"name": "rivers", "features": [{"id": 3}]}
/// ]}"#[..];
/// let ids: Vec<u32> = jsonstream::stream_at::<Feature, _>(input, "/layers/*/features")
///     .map(|feature| feature.map(|f| f.id))
///     .collect::<jsonstream::Result<_>>()?;
/// assert_eq!(ids, [1, 2, 3]);
///
/// let input = &br#"{"by_day": {"mon": [1, 2], "tue": [3]}, "*": [4]}"#[..];
/// let all: Vec<u32> = jsonstream::stream_at(input, "/by_day/*").collect::<jsonstream::Result<_>>()?;
/// assert_eq!(all, [1, 2, 3]);
/// let star: Vec<u32> = jsonstream::stream_at(input, "/~2").collect::<jsonstream::Result<_>>()?;
/// assert_eq!(star, [4]);
///
/// let err = jsonstream::stream_at::<u32, _>(input, "by_day").next().unwrap().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid JSON Pointer `by_day`: a pointer is empty or starts with `/` at line 1 column 0"
/// );
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream_at<T: StreamElement, R: io::Read>(
    reader: R,
    pointer: &str,
) -> ArrayStream<IoRead<R>, T> {
    ReaderOptions::default().stream_at(reader, pointer)
}

/// Iterates over the members of the top-level object in `reader` as `(key, value)` pairs,
/// deserializing each value as `V`.
///
/// # Errors
///
/// As [`stream`], for an object.
///
/// # Examples
///
/// ```
/// let input = &br#"{"a": 1, "b": 2}"#[..];
/// let entries = jsonstream::stream_entries::<u32, _>(input).collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(entries, [("a".to_string(), 1), ("b".to_string(), 2)]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream_entries<V: StreamElement, R: io::Read>(reader: R) -> EntryStream<IoRead<R>, V> {
    ReaderOptions::default().stream_entries(reader)
}

/// Iterates over the members of the object found at the JSON Pointer `pointer`, or of every
/// object it reaches through `*` steps, as `(key, value)` pairs, deserializing each value as
/// `V`.
///
/// Pointers are those of [`stream_at`], wildcards and `~2` included; the values that the whole
/// pointer reaches must be objects. Each key is yielded as often as the document repeats it,
/// in document order. [`EntryStream::reader`] gives the path of each member as it is yielded.
///
/// # Errors
///
/// As [`stream_at`], for objects.
///
/// # Examples
///
/// ```
/// let input = &br#"{"version": 2, "headers": {"Accept": "*/*", "Host": "example.com"}}"#[..];
/// let headers = jsonstream::stream_entries_at::<String, _>(input, "/headers")
///     .collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(headers[1], ("Host".to_string(), "example.com".to_string()));
///
/// let input = &br#"[{"tags": {"a": 1}}, {"tags": {"b": 2, "c": 3}}]"#[..];
/// let tags = jsonstream::stream_entries_at::<u32, _>(input, "/*/tags")
///     .collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(tags, [("a".to_string(), 1), ("b".to_string(), 2), ("c".to_string(), 3)]);
///
/// let err = jsonstream::stream_entries_at::<u32, _>(&br#"{"tags": [1]}"#[..], "/tags")
///     .next()
///     .unwrap()
///     .unwrap_err();
/// assert_eq!(err.path(), "$.tags");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream_entries_at<V: StreamElement, R: io::Read>(
    reader: R,
    pointer: &str,
) -> EntryStream<IoRead<R>, V> {
    ReaderOptions::default().stream_entries_at(reader, pointer)
}

/// Iterates over the items of the array or object found at the JSON Pointer `pointer`, or of
/// every array and object it reaches through `*` steps: the elements of an array as
/// [`Item::Element`], the members of an object as [`Item::Member`] with their keys, in
/// document order, each value deserialized as `V`.
///
/// This is for input where the document, not the program, says which kind of container is
/// at the pointer (a command-line tool given any pointer; data where one record holds a list
/// and another a map): the container is read once, as it comes, so the input need not be
/// read twice to find out. When the kind is known, [`stream_at`] and [`stream_entries_at`]
/// say so in their types, and are errors for the other kind.
///
/// Pointers are those of [`stream_at`], wildcards and `~2` included; the pointer `""` gives
/// the items of the top-level value. Every value that the whole pointer reaches must be an
/// array or an object; arrays and objects may alternate. Each key is yielded as often as the
/// document repeats it. [`ItemStream::reader`] gives the path of each item as it is yielded.
///
/// # Errors
///
/// As [`stream_at`], for arrays and objects: an error item (of [`Category::Data`]) if the
/// pointer is malformed, if a step up to the first wildcard names no value, or if a value
/// that the pointer reaches is neither an array nor an object (a string, a number, `true`,
/// `false` or `null`); an error in the document, anywhere up to its end; an item's value that
/// does not fit `V`. After an error the iterator yields `None`.
///
/// # Examples
///
/// ```
/// use jsonstream::Item;
///
/// let list = &br#"{"users": ["ada", "bob"]}"#[..];
/// let map = &br#"{"users": {"u1": "ada", "u2": "bob"}}"#[..];
/// let names = |input| {
///     jsonstream::stream_items_at::<String, _>(input, "/users")
///         .map(|user| user.map(Item::into_value))
///         .collect::<jsonstream::Result<Vec<_>>>()
/// };
/// assert_eq!(names(list)?, ["ada", "bob"]);
/// assert_eq!(names(map)?, ["ada", "bob"]);
///
/// let mut users = jsonstream::stream_items_at::<String, _>(map, "/users");
/// assert_eq!(users.next().unwrap()?, Item::Member("u1".to_string(), "ada".to_string()));
///
/// let err = jsonstream::stream_items_at::<String, _>(&br#"{"users": 3}"#[..], "/users")
///     .next()
///     .unwrap()
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "value at JSON Pointer `/users` is neither an array nor an object at line 1 column 11, path $.users"
/// );
/// # Ok::<(), jsonstream::Error>(())
/// ```
///
/// A wildcard reaching an array and an object:
///
/// ```
/// use jsonstream::Item;
///
/// let input = &br#"{"shards": [{"hits": [3, 4]}, {"hits": {"x": 5}}, {"none": 0}]}"#[..];
/// let hits = jsonstream::stream_items_at::<u32, _>(input, "/shards/*/hits")
///     .collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(hits, [Item::Element(3), Item::Element(4), Item::Member("x".to_string(), 5)]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream_items_at<V: StreamElement, R: io::Read>(
    reader: R,
    pointer: &str,
) -> ItemStream<IoRead<R>, V> {
    ReaderOptions::default().stream_items_at(reader, pointer)
}

/// Iterates over every top-level value in `reader`, deserializing each as `T`: JSON Lines
/// (NDJSON), or any sequence of JSON values separated by whitespace, as serde_json's
/// `StreamDeserializer` reads them ([`ValueStream`] says exactly what separates values).
///
/// Memory is bounded by the window (64 KiB by default) plus the value being deserialized. An
/// empty input yields no values; `\r\n` line ends and a last line without `\n` are read as
/// well. After an error the iterator yields `None`.
///
/// # Errors
///
/// Each item is an error if its value is not valid JSON, if something other than whitespace
/// separates it from the next one (`truex`), or if it does not fit `T`. The error says where:
/// offset, line, column, and the path inside the value (`$` for the value itself, `$.name`
/// inside it). In JSON Lines, where records hold no raw newline, **the line of an error is the
/// record's index plus one** (the first record is line 1).
///
/// # Examples
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Event {
///     id: u32,
/// }
///
/// let input = &b"{\"id\": 1}\r\n{\"id\": 2}\n{\"id\": \"three\"}"[..];
/// let mut events = jsonstream::stream_values::<Event, _>(input);
/// assert_eq!(events.next().unwrap()?.id, 1);
/// assert_eq!(events.next().unwrap()?.id, 2);
/// let err = events.next().unwrap().unwrap_err();
/// assert_eq!(err.line(), 3); // record 2, counting from 0
/// assert_eq!(err.path(), "$.id");
/// assert!(events.next().is_none());
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn stream_values<T: StreamElement, R: io::Read>(reader: R) -> ValueStream<IoRead<R>, T> {
    ReaderOptions::default().stream_values(reader)
}

/// Iterates over the elements of the top-level array in `reader` as [`stream`] does, decoding
/// them on several threads and yielding them in document order.
///
/// One thread reads the input and finds where each element begins and ends, without
/// validating it; the others read the elements in batches: they check each in full and parse
/// its numbers and strings into a compact form, from which the thread that iterates makes each
/// value as it is asked for (so that a value is allocated and freed on the same thread, the
/// fast path of most allocators). The items are exactly those of [`stream`] for the same
/// input: the same elements, and the same error (message, offset, line, column, path) after
/// the same elements. Memory is bounded by a budget of bytes in flight (4 MiB by default) plus
/// the element being read; [`ReaderOptions::workers`] and [`ReaderOptions::in_flight_bytes`]
/// set both. The reader is moved to the reading thread, hence `Send + 'static`, as are the
/// elements.
///
/// The thread that iterates still makes every value (allocating its strings and vectors) and
/// runs the loop's body, so the speed-up is bounded by that share of the work: with records of
/// a few short strings, about 1.8x to 1.95x [`stream`] on 2 cores (the more, the closer the two
/// cores: each batch and its decoded form cross between them). When the order does not
/// matter, [`ParStream::par_for_each`] makes and consumes each element on the thread that
/// decoded it, which spreads all of it. On one core, or for a small input, [`stream`] does the
/// same without the threads. The README's "Several cores" section has measurements.
///
/// # Errors
///
/// As [`stream`]: each item is an error if the input is not valid JSON, if the top-level value
/// is not an array, or if an element does not fit `T`.
///
/// # Panics
///
/// If the threads cannot be started. A `Deserialize` implementation that panics does so in
/// the thread that iterates, at its element.
///
/// # Examples
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Point {
///     x: f64,
///     y: f64,
/// }
///
/// let input = std::io::Cursor::new(br#"[{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 5}]"#.to_vec());
/// let mut points = jsonstream::par_stream::<Point, _>(input);
/// assert_eq!(points.next().unwrap()?.x, 1.0);
/// assert_eq!(points.next().unwrap()?.y, 4.0);
/// let err = points.next().unwrap().unwrap_err();
/// assert_eq!(err.to_string(), "missing field `y` at line 1 column 45, path $[2]");
/// assert!(points.next().is_none());
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn par_stream<T, R>(reader: R) -> ParStream<R, T>
where
    T: StreamElement + Send + 'static,
    R: io::Read + Send + 'static,
{
    ReaderOptions::default().par_stream(reader)
}

/// [`stream_at`] decoded on several threads, as [`par_stream`] decodes [`stream`]: the
/// elements of the array at `pointer`, or of every array it reaches through `*` steps, in
/// document order, with exactly the items of [`stream_at`].
///
/// # Errors
///
/// As [`stream_at`].
///
/// # Panics
///
/// As [`par_stream`].
///
/// # Examples
///
/// ```
/// let input = std::io::Cursor::new(br#"{"pages": [{"ids": [1, 2]}, {"ids": [3]}]}"#.to_vec());
/// let ids = jsonstream::par_stream_at::<u32, _>(input, "/pages/*/ids")
///     .collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(ids, [1, 2, 3]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn par_stream_at<T, R>(reader: R, pointer: &str) -> ParStream<R, T>
where
    T: StreamElement + Send + 'static,
    R: io::Read + Send + 'static,
{
    ReaderOptions::default().par_stream_at(reader, pointer)
}

/// [`stream_values`] decoded on several threads, as [`par_stream`] decodes [`stream`]: every
/// top-level value (JSON Lines, NDJSON), in document order, with exactly the items of
/// [`stream_values`].
///
/// # Errors
///
/// As [`stream_values`].
///
/// # Panics
///
/// As [`par_stream`].
///
/// # Examples
///
/// ```
/// let input = std::io::Cursor::new(b"{\"id\": 1}\n{\"id\": 2}\n{\"id\": x}\n".to_vec());
/// let mut ids = jsonstream::par_stream_values::<serde_json::Value, _>(input);
/// assert_eq!(ids.next().unwrap()?["id"], 1);
/// assert_eq!(ids.next().unwrap()?["id"], 2);
/// assert_eq!(ids.next().unwrap().unwrap_err().line(), 3);
/// assert!(ids.next().is_none());
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn par_stream_values<T, R>(reader: R) -> ParStream<R, T>
where
    T: StreamElement + Send + 'static,
    R: io::Read + Send + 'static,
{
    ReaderOptions::default().par_stream_values(reader)
}

/// Deserializes one document from any [`io::Read`]. No `BufReader` is needed.
///
/// # Errors
///
/// An error if the input is not one valid JSON document (trailing non-whitespace included), if
/// it exceeds the default [`Limits`], or if it does not fit `T`.
///
/// # Examples
///
/// ```
/// let point: (i32, i32) = jsonstream::from_reader(&b"[1, -2]"[..])?;
/// assert_eq!(point, (1, -2));
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn from_reader<R: io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    ReaderOptions::default().from_reader(reader)
}

/// Deserializes one document from bytes in memory; `T` may borrow strings from them.
///
/// # Errors
///
/// As [`from_reader`].
///
/// # Examples
///
/// ```
/// let words: Vec<&str> = jsonstream::from_slice(br#"["no", "copies"]"#)?;
/// assert_eq!(words, ["no", "copies"]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    ReaderOptions::default().from_slice(bytes)
}

/// Deserializes one document from a string.
///
/// # Errors
///
/// As [`from_reader`].
///
/// # Examples
///
/// ```
/// let err = jsonstream::from_str::<Vec<u8>>("[1, 2,]").unwrap_err();
/// assert_eq!(err.to_string(), "trailing comma at line 1 column 7, path $[2]");
/// ```
pub fn from_str<'a, T: Deserialize<'a>>(s: &'a str) -> Result<T> {
    from_slice(s.as_bytes())
}

// The README's examples include the derives and the async writers: tested with both features
// (as `cargo test --workspace` builds the library).
#[cfg(all(doctest, feature = "derive", feature = "tokio"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
