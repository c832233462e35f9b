//! The lexical rules that reading and writing share: which bytes end a run of string content
//! and how content is escaped, the number grammar and its conversion, checked UTF-8, and
//! the faults of base64 text.

pub(crate) mod base64;
pub(crate) mod escape;
pub(crate) mod float;
pub(crate) mod number;
pub(crate) mod utf8;
pub(crate) mod word;
