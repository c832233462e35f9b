//! Where the structural bytes of JSON text are: bit masks of the quotes, backslashes, brackets
//! and commas in a block of 64 bytes, from which [`Framer`](crate::read::framer::Framer) finds
//! where a value ends, and [`Splitter`](crate::read::framer::Splitter) where the elements of an
//! array are separated, without looking at the bytes in between.
//!
//! On x86-64 the masks are computed with SSE2, which every x86-64 processor has (it is part of
//! the architecture's baseline, so `target_feature = "sse2"` is known at compile time and no
//! runtime detection is needed); elsewhere, and as the reference the SIMD path is tested
//! against, by a scalar loop.

/// The length of the blocks that [`structural_masks`] takes.
pub(crate) const BLOCK: usize = 64;

/// Where the bytes that shape JSON text are in a block: bit `i` of each mask is byte `i`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Masks {
    /// `"`
    pub(crate) quotes: u64,
    /// `\`
    pub(crate) backslashes: u64,
    /// `[` and `{`
    pub(crate) opens: u64,
    /// `]` and `}`
    pub(crate) closes: u64,
    /// `,`
    pub(crate) commas: u64,
}

/// The quotes, backslashes and brackets of `block`.
#[inline]
pub(crate) fn structural_masks(block: &[u8; BLOCK]) -> Masks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2_masks(block)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        scalar_masks(block)
    }
}

/// The scalar twin of the SIMD masks: the definition, byte by byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn scalar_masks(block: &[u8; BLOCK]) -> Masks {
    let mut masks = Masks::default();
    for (i, &b) in block.iter().enumerate() {
        let mask = match b {
            b'"' => &mut masks.quotes,
            b'\\' => &mut masks.backslashes,
            b'[' | b'{' => &mut masks.opens,
            b']' | b'}' => &mut masks.closes,
            b',' => &mut masks.commas,
            _ => continue,
        };
        *mask |= 1 << i;
    }
    masks
}

/// The masks 16 bytes at a time: `b & 0xDF` maps `{` to `[` and `}` to `]` (they differ in
/// bit 5 only) and no other byte to either, so five comparisons find the seven bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn sse2_masks(block: &[u8; BLOCK]) -> Masks {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut masks = Masks::default();
    for (lane, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is enabled at compile time (the cfg above); `chunk` is 16 bytes long,
        // exactly what the unaligned load reads; the other intrinsics work on registers only.
        let [quotes, backslashes, opens, closes, commas] = unsafe {
            let bytes = _mm_loadu_si128(chunk.as_ptr().cast());
            let folded = _mm_and_si128(bytes, _mm_set1_epi8(0xDFu8 as i8));
            [
                _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8)),
                _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\\' as i8)),
                _mm_cmpeq_epi8(folded, _mm_set1_epi8(b'[' as i8)),
                _mm_cmpeq_epi8(folded, _mm_set1_epi8(b']' as i8)),
                _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b',' as i8)),
            ]
            .map(|matches| _mm_movemask_epi8(matches) as u16)
        };
        let at = lane * 16;
        masks.quotes |= u64::from(quotes) << at;
        masks.backslashes |= u64::from(backslashes) << at;
        masks.opens |= u64::from(opens) << at;
        masks.closes |= u64::from(closes) << at;
        masks.commas |= u64::from(commas) << at;
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position of a block, among other bytes of every kind: the
    /// masks in use (SIMD on x86-64) agree with the scalar definition.
    #[test]
    fn the_masks_agree_with_the_scalar_definition_for_every_byte() {
        let background: Vec<u8> = (0..BLOCK as u8).map(|i| i.wrapping_mul(37)).collect();
        let step = if cfg!(miri) { 61 } else { 1 };
        for byte in (0..=255u8).step_by(step) {
            for at in 0..BLOCK {
                let mut block = [b'a'; BLOCK];
                block[at] = byte;
                assert_eq!(
                    structural_masks(&block),
                    scalar_masks(&block),
                    "{byte} at {at}"
                );
                let mut block: [u8; BLOCK] = background.clone().try_into().unwrap();
                block[at] = byte;
                assert_eq!(
                    structural_masks(&block),
                    scalar_masks(&block),
                    "{byte} at {at}"
                );
            }
        }
    }

    #[test]
    fn the_masks_mark_quotes_backslashes_brackets_and_commas() {
        let mut block = [b' '; BLOCK];
        block[..20].copy_from_slice(br#"{"a\"":[1,{}],"y":_}"#);
        block[63] = b'"';
        let bits = |mask: u64| {
            (0..BLOCK)
                .filter(|&i| mask & 1 << i != 0)
                .collect::<Vec<_>>()
        };
        let masks = structural_masks(&block);
        assert_eq!(bits(masks.quotes), [1, 4, 5, 14, 16, 63]);
        assert_eq!(bits(masks.backslashes), [3]);
        assert_eq!(bits(masks.opens), [0, 7, 10]);
        assert_eq!(bits(masks.closes), [11, 12, 19]);
        assert_eq!(bits(masks.commas), [9, 13]);
        assert_eq!(structural_masks(&[b'x'; BLOCK]), Masks::default());
        assert_eq!(structural_masks(&[b'}'; BLOCK]).closes, u64::MAX);
    }
}
