//! The `Dump` and `Load` layer: application types written into a `JsonWriter` and read from a
//! `JsonReader` field by field, with blob and sequence fields streamed; and `RawJson`, a value
//! kept as its text.

pub(crate) mod dump;
pub(crate) mod load;
pub(crate) mod probe;
pub(crate) mod raw;
pub(crate) mod seq;
