//! Packed Binary JSON (PBJSON): the binary JSON format of the Python package `pbjson`, read and
//! written byte-compatibly, with the same streaming guarantees as JSON.
//!
//! (The module docs that state every decision are completed with the module.)

// The reading halves of these (length decoding, float unpacking, the key table) serve the
// reader, written on its own branch: unused here until the two meet.
#[allow(dead_code)]
mod float;
#[allow(dead_code)]
mod header;
#[allow(dead_code)]
mod memo;
mod ser;
mod writer;

pub use self::ser::{dump, to_vec, Serializer};
pub use self::writer::PbWriter;
pub use crate::write::collection::PbFormat;
