//! The writing side: from values and pushed tokens to bytes in any `io::Write`.
//!
//! From the bytes up: `buffer` (the one bounded output buffer), `format` (whitespace between
//! tokens), `output` (where the serde serializer's bytes go: any `io::Write`, or the `Vec` of
//! `to_vec`), `encode` (string content arriving in chunks: UTF-8 checked or base64 encoded),
//! `writer` (the push writer `JsonWriter`), `ser` (the serde `Serializer`), `key` (which map
//! keys are allowed and the text they become, for JSON and PBJSON alike), `collection` (array
//! and object writers fed one item at a time), `iter_seq` (lazy sequences) and `transcode`
//! (values copied from a reader token by token).

pub(crate) mod buffer;
pub(crate) mod collection;
pub(crate) mod encode;
pub(crate) mod format;
pub(crate) mod iter_seq;
pub(crate) mod key;
pub(crate) mod output;
pub(crate) mod ser;
pub(crate) mod transcode;
pub(crate) mod writer;
