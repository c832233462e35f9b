//! Where the structural bytes of JSON text are: a bit mask of the quotes, backslashes and
//! brackets in a block of 64 bytes, from which [`Framer`](crate::read::framer::Framer) finds
//! where each element of an array ends without looking at the bytes in between.
//!
//! On x86-64 the mask is computed with SSE2, which every x86-64 processor has (it is part of
//! the architecture's baseline, so `target_feature = "sse2"` is known at compile time and no
//! runtime detection is needed); elsewhere, and as the reference the SIMD path is tested
//! against, by a scalar loop.

/// The length of the blocks that [`structural_mask`] takes.
pub(crate) const BLOCK: usize = 64;

/// Bit `i` is set if `block[i]` is one of `"` `\` `[` `]` `{` `}`.
#[inline]
pub(crate) fn structural_mask(block: &[u8; BLOCK]) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2_mask(block)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        scalar_mask(block)
    }
}

/// The scalar twin of the SIMD mask: the definition, byte by byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn scalar_mask(block: &[u8; BLOCK]) -> u64 {
    block
        .iter()
        .enumerate()
        .filter(|(_, &b)| matches!(b, b'"' | b'\\' | b'[' | b']' | b'{' | b'}'))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// The mask 16 bytes at a time: `b & 0xDF` maps `{` to `[` and `}` to `]` (they differ in bit
/// 5 only) and no other byte to either, so four comparisons find the six bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn sse2_mask(block: &[u8; BLOCK]) -> u64 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let mut mask = 0u64;
    for (lane, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is enabled at compile time (the cfg above); `chunk` is 16 bytes long,
        // exactly what the unaligned load reads; the other intrinsics work on registers only.
        let bits = unsafe {
            let bytes = _mm_loadu_si128(chunk.as_ptr().cast());
            let folded = _mm_and_si128(bytes, _mm_set1_epi8(0xDFu8 as i8));
            let quotes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8));
            let backslashes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\\' as i8));
            let opens = _mm_cmpeq_epi8(folded, _mm_set1_epi8(b'[' as i8));
            let closes = _mm_cmpeq_epi8(folded, _mm_set1_epi8(b']' as i8));
            let any = _mm_or_si128(
                _mm_or_si128(quotes, backslashes),
                _mm_or_si128(opens, closes),
            );
            _mm_movemask_epi8(any) as u16
        };
        mask |= u64::from(bits) << (lane * 16);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position of a block, among other bytes of every kind: the
    /// mask in use (SIMD on x86-64) agrees with the scalar definition.
    #[test]
    fn the_mask_agrees_with_the_scalar_definition_for_every_byte() {
        let background: Vec<u8> = (0..BLOCK as u8).map(|i| i.wrapping_mul(37)).collect();
        let step = if cfg!(miri) { 61 } else { 1 };
        for byte in (0..=255u8).step_by(step) {
            for at in 0..BLOCK {
                let mut block = [b'a'; BLOCK];
                block[at] = byte;
                assert_eq!(
                    structural_mask(&block),
                    scalar_mask(&block),
                    "{byte} at {at}"
                );
                let mut block: [u8; BLOCK] = background.clone().try_into().unwrap();
                block[at] = byte;
                assert_eq!(
                    structural_mask(&block),
                    scalar_mask(&block),
                    "{byte} at {at}"
                );
            }
        }
    }

    #[test]
    fn the_mask_marks_quotes_backslashes_and_brackets_only() {
        let mut block = [b' '; BLOCK];
        block[..20].copy_from_slice(br#"{"a\"":[1,{}],"y":_}"#);
        block[63] = b'"';
        let marked: Vec<usize> = (0..BLOCK)
            .filter(|&i| structural_mask(&block) & 1 << i != 0)
            .collect();
        assert_eq!(marked, [0, 1, 3, 4, 5, 7, 10, 11, 12, 14, 16, 19, 63]);
        assert_eq!(structural_mask(&[b'x'; BLOCK]), 0);
        assert_eq!(structural_mask(&[b'{'; BLOCK]), u64::MAX);
    }
}
