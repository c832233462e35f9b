//! The first byte of every PBJSON value, and the length forms that follow it.
//!
//! A value starts with its type in the top three bits and a length in the low five. Lengths
//! under 16 fit in the byte; longer ones take one, two or four more bytes (FORMAT.md). Readers
//! accept any form that holds the length (the reference does); writers use the shortest.

/// The major types: the top three bits of the first byte.
pub(crate) const INT: u8 = 0x20;
pub(crate) const NEG_INT: u8 = 0x40;
pub(crate) const FLOAT: u8 = 0x60;
pub(crate) const STRING: u8 = 0x80;
pub(crate) const BINARY: u8 = 0xA0;
pub(crate) const ARRAY: u8 = 0xC0;
pub(crate) const OBJECT: u8 = 0xE0;

/// Values that are one byte of type 0.
pub(crate) const FALSE: u8 = 0x00;
pub(crate) const TRUE: u8 = 0x01;
pub(crate) const NULL: u8 = 0x02;
pub(crate) const INFINITY: u8 = 0x03;
pub(crate) const NEG_INFINITY: u8 = 0x04;
pub(crate) const NAN: u8 = 0x05;
/// An array of unknown length: elements follow until [`TERMINATOR`].
pub(crate) const TERMINATED_ARRAY: u8 = 0x0C;
/// Prefixes one value that the reference hands to a user hook when it decodes.
pub(crate) const CUSTOM: u8 = 0x0E;
pub(crate) const TERMINATOR: u8 = 0x0F;

/// Object keys: a first byte at or above this names a key of the memo by its low 7 bits;
/// below it, it is the length of a new key.
pub(crate) const KEY_INDEX: u8 = 0x80;
/// Keys in a document's memo, and bytes in a key.
pub(crate) const MEMO_SIZE: usize = 128;
pub(crate) const MAX_KEY_LEN: usize = 127;

/// The largest length any form can hold.
pub(crate) const MAX_LEN: u64 = u32::MAX as u64;

/// How many bytes the length of a value with first byte `first` takes after that byte.
#[inline]
pub(crate) fn extra_len_bytes(first: u8) -> usize {
    match first & 0x1F {
        0x00..=0x0F => 0,
        0x10..=0x17 => 1,
        0x18..=0x1E => 2,
        _ => 4,
    }
}

/// The length of a value with first byte `first`, given the [`extra_len_bytes`] that follow it.
#[inline]
pub(crate) fn decode_len(first: u8, extra: &[u8]) -> u64 {
    let low = u64::from(first & 0x07);
    match *extra {
        [] => u64::from(first & 0x0F),
        [b] => low << 8 | u64::from(b),
        [b0, b1] => low << 16 | u64::from(u16::from_be_bytes([b0, b1])),
        [b0, b1, b2, b3] => u64::from(u32::from_be_bytes([b0, b1, b2, b3])),
        _ => unreachable!("extra_len_bytes gives 0, 1, 2 or 4"),
    }
}

/// The header of a value of major type `ty` and length `len` (at most [`MAX_LEN`]), in its
/// shortest form: the bytes are `buf[..n]` of the returned `(buf, n)`.
#[inline]
pub(crate) fn encode(ty: u8, len: u64) -> ([u8; 5], usize) {
    debug_assert!(len <= MAX_LEN);
    let l = len as u32;
    match len {
        0..SHORT_LEN => {
            let ([b0, b1], n) = encode_short(ty, len);
            ([b0, b1, 0, 0, 0], n)
        }
        SHORT_LEN..=458_751 => {
            let [_, _, hi, lo] = l.to_be_bytes();
            ([ty | 0x18 | (l >> 16) as u8, hi, lo, 0, 0], 3)
        }
        _ => {
            let [b0, b1, b2, b3] = l.to_be_bytes();
            ([ty | 0x1F, b0, b1, b2, b3], 5)
        }
    }
}

/// Lengths under this take a header of one or two bytes ([`encode_short`]).
pub(crate) const SHORT_LEN: u64 = 2048;

/// [`encode`] for a length under [`SHORT_LEN`], the common case, which fits in two bytes.
#[inline(always)]
pub(crate) fn encode_short(ty: u8, len: u64) -> ([u8; 2], usize) {
    debug_assert!(len < SHORT_LEN);
    if len < 16 {
        ([ty | len as u8, 0], 1)
    } else {
        ([ty | 0x10 | (len >> 8) as u8, len as u8], 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_form_round_trips_at_its_edges() {
        for (len, want) in [
            (0, &[0x80][..]),
            (15, &[0x8F]),
            (16, &[0x90, 0x10]),
            (2047, &[0x97, 0xFF]),
            (2048, &[0x98, 0x08, 0x00]),
            (458_751, &[0x9E, 0xFF, 0xFF]),
            (458_752, &[0x9F, 0x00, 0x07, 0x00, 0x00]),
            (MAX_LEN, &[0x9F, 0xFF, 0xFF, 0xFF, 0xFF]),
        ] {
            let (buf, n) = encode(STRING, len);
            assert_eq!(&buf[..n], want, "length {len}");
            assert_eq!(extra_len_bytes(buf[0]), n - 1);
            assert_eq!(decode_len(buf[0], &buf[1..n]), len);
        }
    }

    #[test]
    fn over_long_forms_still_read() {
        assert_eq!(decode_len(0x90, &[0x03]), 3);
        assert_eq!(decode_len(0x98, &[0x00, 0x03]), 3);
        assert_eq!(decode_len(0x9F, &[0, 0, 0, 3]), 3);
    }
}
