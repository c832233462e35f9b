//! The `Dump` and `Load` layer: application types written into a `JsonWriter` and read from a
//! `JsonReader` field by field, with blob and sequence fields streamed.

pub(crate) mod dump;
pub(crate) mod load;
pub(crate) mod probe;
pub(crate) mod seq;
