//! The one module where `unsafe` code is allowed; the crate denies it everywhere else, so that
//! every unsafe block is in one place to audit and to run under miri. Each block says in a
//! SAFETY comment why it is sound.
//!
//! - [`checked_str`]: bytes already validated as UTF-8 viewed as a `str` without a second
//!   validation.
//! - [`raw_json`]: the layout casts between `str` and [`RawJson`](crate::RawJson), which safe
//!   Rust cannot write for an unsized newtype (serde_json's `RawValue` does the same).
//! - [`structural`]: the quotes, backslashes and brackets of a block of bytes, 16 at a time
//!   with SSE2 on x86-64, for the framer of the parallel streams.
//! - [`special`]: where a run of plain string content ends, 16 bytes at a time with SSE2 on
//!   x86-64, for every string read or written.
//! - [`whitespace`]: how much whitespace comes before the next token, 16 bytes at a time with
//!   SSE2 on x86-64.
#![allow(unsafe_code)]

pub(crate) mod checked_str;
pub(crate) mod raw_json;
pub(crate) mod special;
pub(crate) mod structural;
pub(crate) mod whitespace;
