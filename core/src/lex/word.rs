//! Bytes a machine word at a time: a load of up to eight bytes without a loop over them, and
//! the byte masks that word-at-a-time code tests lanes with.

/// `byte` in every lane of a word.
pub(crate) const fn repeat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// One in every byte's lowest bit.
pub(crate) const ONES: u64 = repeat(1);

/// Every byte's high bit: a lane that is not ASCII has it set.
pub(crate) const HIGHS: u64 = repeat(0x80);

/// A space in every lane.
pub(crate) const SPACES: u64 = repeat(b' ');

/// Up to eight bytes as a little-endian word (the first byte in the lowest lane), zeros in
/// the lanes after the last. Two four-byte loads, or under four bytes three single ones, that
/// overlap: no step per byte, so no loop exit to mispredict on inputs of varying lengths.
#[inline]
pub(crate) fn up_to_eight(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    debug_assert!(n <= 8);
    let le32 = |i: usize| {
        let mut half = [0; 4];
        half.copy_from_slice(&bytes[i..i + 4]);
        u64::from(u32::from_le_bytes(half))
    };
    match n {
        0 => 0,
        1..=3 => {
            let byte = |i: usize| u64::from(bytes[i]) << (8 * i);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        _ => le32(0) | le32(n - 4) << (8 * (n - 4)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_eight_reads_as_a_byte_at_a_time() {
        for bytes in crate::test_rng::byte_strings(0x9E37_79B9_7F4A_7C15, 8, 1_000) {
            let want = bytes
                .iter()
                .rev()
                .fold(0u64, |acc, &b| acc << 8 | u64::from(b));
            assert_eq!(up_to_eight(&bytes), want, "{bytes:x?}");
        }
    }
}
