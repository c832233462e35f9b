//! Where the structural bytes of JSON text are: bit masks of the quotes, backslashes, brackets
//! and commas in a block of 64 bytes, from which [`Framer`](crate::read::framer::Framer) finds
//! where a value ends, and [`Splitter`](crate::read::framer::Splitter) where the elements of an
//! array are separated, without looking at the bytes in between.
//!
//! The masks are computed 16 bytes at a time over the baseline [`Vector`] (SSE2 on x86-64, NEON
//! on aarch64), and on x86-64 32 at a time with AVX2 where the processor has it (detected at
//! run time); on other targets, and as the reference the vector paths are tested against, by a
//! scalar loop. The parallel stream's reading thread scans every byte of its input with them.

#[cfg(vector_kernels)]
use super::vector::Vector;

/// The length of the blocks that [`for_each_block`] scans.
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

#[cfg(all(vector_kernels, target_arch = "x86_64"))]
impl Masks {
    /// Adds the lanes of a part of the block that starts at byte `at`: its quotes,
    /// backslashes, opening and closing brackets and commas, bit `i` for byte `at + i`.
    #[inline(always)]
    fn add(&mut self, [quotes, backslashes, opens, closes, commas]: [u32; 5], at: usize) {
        self.quotes |= u64::from(quotes) << at;
        self.backslashes |= u64::from(backslashes) << at;
        self.opens |= u64::from(opens) << at;
        self.closes |= u64::from(closes) << at;
        self.commas |= u64::from(commas) << at;
    }
}

/// Scans `bytes` a block at a time with `block` (given where the block starts in `bytes`, its
/// masks, and the index of its last byte) until it returns something; the last block is
/// padded with zero bytes, which shape nothing.
///
/// With AVX2, the whole loop is compiled for it, so that `block` inlines into the loop next
/// to the 32-byte masks rather than a call for each block's masks.
#[inline]
pub(crate) fn for_each_block<B>(
    bytes: &[u8],
    block: impl FnMut(usize, Masks, usize) -> Option<B>,
) -> Option<B> {
    #[cfg(vector_kernels)]
    {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (detected just above).
            return unsafe { for_each_block_avx2(bytes, block) };
        }
        scan_blocks(bytes, vector_masks, block)
    }
    #[cfg(not(vector_kernels))]
    {
        scan_blocks(bytes, scalar_masks, block)
    }
}

/// [`for_each_block`] compiled for AVX2, with its masks.
///
/// # Safety
///
/// The processor has AVX2.
#[cfg(all(vector_kernels, target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
unsafe fn for_each_block_avx2<B>(
    bytes: &[u8],
    block: impl FnMut(usize, Masks, usize) -> Option<B>,
) -> Option<B> {
    // SAFETY: the processor has AVX2 (the caller's guarantee).
    scan_blocks(bytes, |b| unsafe { avx2_masks(b) }, block)
}

/// [`for_each_block`] with `masks` computing each block's masks.
#[inline(always)]
fn scan_blocks<B>(
    bytes: &[u8],
    mut masks: impl FnMut(&[u8; BLOCK]) -> Masks,
    mut block: impl FnMut(usize, Masks, usize) -> Option<B>,
) -> Option<B> {
    let mut padded = [0u8; BLOCK];
    for (index, chunk) in bytes.chunks(BLOCK).enumerate() {
        let chunk_masks = match chunk.try_into() {
            Ok(full) => masks(full),
            Err(_) => {
                padded[..chunk.len()].copy_from_slice(chunk);
                padded[chunk.len()..].fill(0);
                masks(&padded)
            }
        };
        if let Some(found) = block(index * BLOCK, chunk_masks, chunk.len() - 1) {
            return Some(found);
        }
    }
    None
}

/// The scalar twin of the vector masks: the definition, byte by byte.
#[cfg_attr(vector_kernels, allow(dead_code))]
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
#[cfg(vector_kernels)]
#[inline]
fn vector_masks(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: each load reads 16 of the 64 bytes of `block`.
    let bytes: [Vector; 4] =
        std::array::from_fn(|i| unsafe { Vector::load(block.as_ptr().add(16 * i)) });
    let folded = bytes.map(|v| v.and(0xDF));
    let find = |vectors: [Vector; 4], byte: u8| Vector::bits64(vectors.map(|v| v.eq(byte)));
    Masks {
        quotes: find(bytes, b'"'),
        backslashes: find(bytes, b'\\'),
        opens: find(folded, b'['),
        closes: find(folded, b']'),
        commas: find(bytes, b','),
    }
}

/// The masks 32 bytes at a time, as [`vector_masks`] finds them 16 at a time.
///
/// # Safety
///
/// The processor has AVX2.
#[cfg(all(vector_kernels, target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn avx2_masks(block: &[u8; BLOCK]) -> Masks {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_set1_epi8,
    };
    let mut masks = Masks::default();
    for (half, chunk) in block.chunks_exact(32).enumerate() {
        // SAFETY: AVX2 is present (the caller's guarantee); `chunk` is 32 bytes long, exactly
        // what the unaligned load reads; the other intrinsics work on registers only.
        let lanes = unsafe {
            let bytes = _mm256_loadu_si256(chunk.as_ptr().cast());
            let folded = _mm256_and_si256(bytes, _mm256_set1_epi8(0xDFu8 as i8));
            [
                _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(b'"' as i8)),
                _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(b'\\' as i8)),
                _mm256_cmpeq_epi8(folded, _mm256_set1_epi8(b'[' as i8)),
                _mm256_cmpeq_epi8(folded, _mm256_set1_epi8(b']' as i8)),
                _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(b',' as i8)),
            ]
            .map(|matches| _mm256_movemask_epi8(matches) as u32)
        };
        masks.add(lanes, half * 32);
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks of `block` by the path [`for_each_block`] takes on this machine.
    fn masks_in_use(block: &[u8]) -> Masks {
        for_each_block(block, |_, masks, _| Some(masks)).expect("a block")
    }

    /// Every path this machine has: the one in use, the 16-byte vectors and AVX2 where present.
    fn every_path(block: &[u8; BLOCK]) -> Vec<(&'static str, Masks)> {
        #[allow(unused_mut)]
        let mut paths = vec![("in use", masks_in_use(block))];
        #[cfg(vector_kernels)]
        paths.push(("vectors", vector_masks(block)));
        #[cfg(all(vector_kernels, target_arch = "x86_64"))]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has AVX2 (detected just above).
                paths.push(("avx2", unsafe { avx2_masks(block) }));
            }
        }
        paths
    }

    /// Every byte value at every position of a block, among other bytes of every kind: the
    /// masks of every path agree with the scalar definition.
    #[test]
    fn the_masks_agree_with_the_scalar_definition_for_every_byte() {
        let background: Vec<u8> = (0..BLOCK as u8).map(|i| i.wrapping_mul(37)).collect();
        let step = if cfg!(miri) { 61 } else { 1 };
        for byte in (0..=255u8).step_by(step) {
            for at in (0..BLOCK).step_by(step.min(5)) {
                let mut plain = [b'a'; BLOCK];
                plain[at] = byte;
                let mut mixed: [u8; BLOCK] = background.clone().try_into().unwrap();
                mixed[at] = byte;
                for block in [plain, mixed] {
                    for (path, masks) in every_path(&block) {
                        assert_eq!(masks, scalar_masks(&block), "{path}: {byte} at {at}");
                    }
                }
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
        let masks = masks_in_use(&block);
        assert_eq!(bits(masks.quotes), [1, 4, 5, 14, 16, 63]);
        assert_eq!(bits(masks.backslashes), [3]);
        assert_eq!(bits(masks.opens), [0, 7, 10]);
        assert_eq!(bits(masks.closes), [11, 12, 19]);
        assert_eq!(bits(masks.commas), [9, 13]);
        assert_eq!(masks_in_use(&[b'x'; BLOCK]), Masks::default());
        assert_eq!(masks_in_use(&[b'}'; BLOCK]).closes, u64::MAX);
    }
}
