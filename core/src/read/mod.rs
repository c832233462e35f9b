//! The reading side, and the input sources it reads from.
//!
//! Every input, a slice in memory or any [`io::Read`](std::io::Read) through a bounded sliding
//! window, implements the sealed trait [`Read`], the only thing the one grammar in this crate
//! reads from. The trait is public so that [`JsonReader`](crate::JsonReader) and the streams
//! can name their source type, but it cannot be implemented outside the crate.
//!
//! Inside, from the bytes up: `source` (the window), `scanner` (tokens out of the window),
//! `nesting` (open containers, what may come next, the JSON path), `reader` (the pull reader),
//! `string_reader` (string values as `io::Read`), `pointer` (JSON Pointers), `de` (the serde
//! `Deserializer`), `descent` (arrays and objects read by recursive descent under serde), `shape` (structs and enums as serde's derive reads them), `stream` (typed
//! iterators, and how they read each element: [`Deserialized`] by serde, or by a
//! [`Loader`](crate::Loader)), `framer`, `workers`, `tape` (elements read by one thread, made
//! into values by another), `par_stream` and `par_for_each` (streams decoded on several
//! threads), `limits` and `options` (window size and limits, and every entry point with them).

pub(crate) mod de;
pub(crate) mod descent;
pub(crate) mod framer;
pub(crate) mod limits;
pub(crate) mod nesting;
pub(crate) mod options;
pub(crate) mod par_for_each;
pub(crate) mod par_stream;
pub(crate) mod pointer;
pub(crate) mod reader;
pub(crate) mod resumed;
pub(crate) mod scanner;
pub(crate) mod shape;
mod source;
pub(crate) mod stream;
pub(crate) mod string_reader;
mod sweep;
pub(crate) mod tape;
pub(crate) mod workers;

#[cfg(feature = "tokio")]
pub(crate) use self::source::Feed;
#[cfg(feature = "tokio")]
pub(crate) use self::source::{first_window, grown_window};
pub use self::source::{IoRead, Read, Reference, SliceRead};
pub use self::stream::{Deserialized, ItemValues, KeyedValues, ReadElement, StreamElement};
