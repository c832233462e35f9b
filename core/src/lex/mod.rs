//! The lexical rules that reading and writing share: which bytes end a run of string content
//! and how content is escaped, the number grammar and its conversion, and checked UTF-8.

pub(crate) mod escape;
pub(crate) mod float;
pub(crate) mod number;
pub(crate) mod utf8;
