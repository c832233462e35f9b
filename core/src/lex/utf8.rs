//! UTF-8: validation, and the one place where checked bytes become a `str` without checking
//! them again.

use std::str::Utf8Error;

/// Views `bytes` as a `str`. The caller has validated them: the scanner checks every run of a
/// string's raw bytes with `str::from_utf8`, escapes are encoded from `char`s, and number text
/// is ASCII by its grammar.
#[allow(unsafe_code)]
#[inline]
pub(crate) fn assume_valid(bytes: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: every caller passes bytes that were validated as UTF-8 (see above); a second
    // validation would double the cost of reading strings.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// Whether `bytes` are UTF-8. Short ASCII runs, most keys and many values, skip the general
/// validator's setup.
#[inline]
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    if bytes.len() <= 32 && bytes.iter().all(u8::is_ascii) {
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
