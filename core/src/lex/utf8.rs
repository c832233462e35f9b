//! UTF-8 validation. Bytes validated here become a `str` through
//! [`assume_valid`](crate::kernel::checked_str::assume_valid), without a second check.

use std::str::Utf8Error;

use crate::lex::word::{up_to_eight, HIGHS};

pub(crate) use crate::kernel::checked_str::assume_valid;

/// Whether `bytes` are UTF-8. Short ASCII runs, most keys and many values, skip the general
/// validator's setup.
#[inline]
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    if bytes.len() <= 32 && short_ascii(bytes) {
        return true;
    }
    simd_valid(bytes)
}

/// Whether `bytes` (at most 32) are all ASCII, from a few loads that may overlap: no step per
/// byte, so no loop exit to mispredict on strings of varying lengths.
#[inline]
fn short_ascii(bytes: &[u8]) -> bool {
    let n = bytes.len();
    debug_assert!(n <= 32);
    let word = |i: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        u64::from_ne_bytes(word)
    };
    let high = match n {
        ..=8 => up_to_eight(bytes),
        9..=16 => word(0) | word(n - 8),
        _ => word(0) | word(8) | word(n - 16) | word(n - 8),
    };
    high & HIGHS == 0
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

    /// Every length up to 32, ASCII throughout or with one byte of every high value at every
    /// position.
    #[test]
    fn short_ascii_sees_a_high_byte_anywhere() {
        for len in 0..=32 {
            let ascii: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(short_ascii(&ascii), "{len}");
            for at in 0..len {
                for high in 0x80..=0xFF {
                    let mut bytes = ascii.clone();
                    bytes[at] = high;
                    assert!(!short_ascii(&bytes), "{bytes:x?}");
                }
            }
        }
    }

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
            if len <= 32 {
                assert_eq!(short_ascii(&bytes), bytes.is_ascii(), "{bytes:x?}");
            }
            assert_eq!(is_utf8(&bytes), want.is_ok(), "{bytes:x?}");
            assert_eq!(check(&bytes), want.map(drop), "{bytes:x?}");
        }
    }
}
