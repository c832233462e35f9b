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
    simd_valid(bytes)
}

/// simdutf8's answer for `bytes`. simdutf8 leaves an input shorter than its 64-byte block to
/// the standard library's validator, which takes a character at a time; such an input is
/// copied into a block of zeros instead, which takes the SIMD path. Zeros are ASCII and
/// complete no sequence: the block is valid exactly when the input is.
#[inline]
fn simd_valid(bytes: &[u8]) -> bool {
    const BLOCK: usize = 64;
    if bytes.len() < BLOCK {
        let mut block = [0u8; BLOCK];
        block[..bytes.len()].copy_from_slice(bytes);
        return simdutf8::basic::from_utf8(&block).is_ok();
    }
    simdutf8::basic::from_utf8(bytes).is_ok()
}

/// `str::from_utf8`'s answer for `bytes` (how many are valid, and whether an invalid sequence
/// or only the start of one follows), found with SIMD when the bytes are valid, as they
/// nearly always are.
#[inline]
pub(crate) fn check(bytes: &[u8]) -> Result<(), Utf8Error> {
    if simd_valid(bytes) {
        Ok(())
    } else {
        std::str::from_utf8(bytes).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte strings of every length up to 70 made of whole, truncated and invalid sequences
    /// of every length, checked against the standard library.
    #[test]
    fn short_and_long_inputs_are_judged_as_the_standard_library_judges_them() {
        let pieces: [&[u8]; 14] = [
            b"a",
            b"\0",
            b"\x7f",
            "é".as_bytes(),
            "日".as_bytes(),
            "😀".as_bytes(),
            b"\xe6\x97",
            b"\xf0\x9f\x98",
            b"\xc3",
            b"\x80",
            b"\xff",
            b"\xed\xa0\x80",
            b"\xc0\xaf",
            b"\xf4\x90\x80\x80",
        ];
        let mut next = crate::test_rng::xorshift(0x9E37_79B9_7F4A_7C15);
        let cases = if cfg!(miri) { 50 } else { 20_000 };
        for _ in 0..cases {
            let len = (next() % 71) as usize;
            // Whole sequences mostly (one draw in about eleven is truncated or invalid), so
            // that long inputs are not all invalid.
            let mut bytes = Vec::new();
            while bytes.len() < len {
                let draw = next();
                let piece = match draw % 64 {
                    0..=5 => pieces[6 + (draw >> 8) as usize % 8],
                    n => pieces[n as usize % 6],
                };
                bytes.extend_from_slice(piece);
            }
            bytes.truncate(len);
            let want = std::str::from_utf8(&bytes);
            assert_eq!(is_utf8(&bytes), want.is_ok(), "{bytes:x?}");
            assert_eq!(check(&bytes), want.map(drop), "{bytes:x?}");
        }
    }
}
