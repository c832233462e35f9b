//! Packed Binary JSON (PBJSON): the binary JSON format of the Python package `pbjson`, read and
//! written byte-compatibly, with the same streaming guarantees as JSON.
//!
//! (The module docs that state every decision are completed with the module.)

mod float;
mod header;
mod memo;
mod ser;

pub use self::ser::{dump, to_vec, Serializer};
mod writer;

pub use self::writer::PbWriter;
pub use crate::write::collection::PbFormat;
