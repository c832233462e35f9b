//! Blobs: string values too large to hold, streamed from an [`io::Read`](std::io::Read) when
//! written and into an [`io::Write`](std::io::Write) when read.
//!
//! - Writing: [`Blob`] is a `Serialize` value whose content is read from a source while it is
//!   written, as UTF-8 text ([`Blob::text`]) or as base64 ([`Blob::base64`]).
//!   [`JsonWriter::blob_text`](crate::JsonWriter::blob_text) does the same without serde.
//! - Reading: a [`BlobSink`] is an `io::Write` that a string value is unescaped (or
//!   base64-decoded) into, and that becomes a value of its choice when finished: the bytes
//!   (`Vec<u8>`), a compressed buffer, a file's path ([`FileSink`]; [`FileSinks`] opens one
//!   per value of a load into a directory, in subdirectories too with [`FileSinks::nested`];
//!   [`FileSink::complete`] stages a file to publish later). When a value fails to load, the
//!   sinks finished within it are undone ([`Rollback`]): a file written for a record that then
//!   failed is removed.
//! - Maps of blobs, the whole job of a `{key: content, …}` archive: [`dump_map`] and
//!   [`load_map`] (and their base64 variants).
//!
//! # Examples
//!
//! ```
//! use jsonstream::blob;
//!
//! let sources = [("a.txt", &b"first file\n"[..]), ("b.txt", &b"second"[..])];
//! let json = blob::dump_map(Vec::new(), sources)?;
//! assert_eq!(json, br#"{"a.txt":"first file\n","b.txt":"second"}"#);
//!
//! let loaded = blob::load_map(&json[..], |_key| Ok(Vec::new()))?;
//! assert_eq!(loaded[0], ("a.txt".to_string(), b"first file\n".to_vec()));
//! assert_eq!(loaded[1], ("b.txt".to_string(), b"second".to_vec()));
//! # Ok::<(), jsonstream::Error>(())
//! ```

mod field;
pub(crate) mod map;
mod sink;
mod source;

pub use self::field::{BlobField, BlobValue};
pub use self::map::{dump_map, dump_map_base64, load_map, load_map_base64};
pub use self::sink::{relative_path, BlobSink, FileSink, FileSinks, Rollback, StagedFile};
pub use self::source::Blob;

pub(crate) use self::sink::{copy_value, roll_back};
pub(crate) use crate::write::encode::Encoding;
