//! UTF-8 validation. Bytes validated here become a `str` through
//! [`assume_valid`](crate::kernel::checked_str::assume_valid), without a second check.

use std::str::Utf8Error;

pub(crate) use crate::kernel::checked_str::assume_valid;

/// Whether `bytes` are UTF-8. Short ASCII runs, most keys and many values, skip the general
/// validator's setup.
#[inline]
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    if bytes.len() <= 32 && bytes.is_ascii() {
        return true;
    }
    simdutf8::basic::from_utf8(bytes).is_ok()
}

/// `str::from_utf8`'s answer for `bytes` (how many are valid, and whether an invalid sequence
/// or only the start of one follows), found with SIMD when the bytes are valid, as they
/// nearly always are.
#[inline]
pub(crate) fn check(bytes: &[u8]) -> Result<(), Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(_) => std::str::from_utf8(bytes).map(drop),
    }
}
