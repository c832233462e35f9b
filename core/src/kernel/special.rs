//! Where a run of plain string content ends: the first `"`, `\` or control character
//! (U+0000 to U+001F) of some bytes, and whether the bytes before it are all ASCII. Every
//! string read or written goes through it (`lex::escape::find_special`).
//!
//! On x86-64, 16 bytes at a time with SSE2, part of the architecture's baseline (known at
//! compile time, no runtime detection); fewer than 16 bytes, and every byte elsewhere, by the
//! scalar twin, eight bytes at a time in a `u64`
//! ([`find_special_words`](crate::lex::escape::find_special_words)), which the SIMD path is
//! tested against.

/// Index of the first byte of `bytes` that is `"`, `\` or below 0x20, or `bytes.len()` if
/// none; and whether the bytes before it are all ASCII.
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> (usize, bool) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2(bytes)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        crate::lex::escape::find_special_words(bytes)
    }
}

/// [`find_special`] 16 bytes at a time: two comparisons for `"` and `\`, and a saturating
/// subtraction of 0x1F that leaves zero exactly for the control characters; the high bits of
/// the bytes before the special one say whether they are ASCII. The last block is the last 16
/// bytes, overlapping the one before, with the lanes already seen masked off; fewer than 16
/// bytes in all go to the scalar twin.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn sse2(bytes: &[u8]) -> (usize, bool) {
    let len = bytes.len();
    let mut high = 0u32;
    let mut chunks = bytes.chunks_exact(16);
    let mut index = 0;
    for chunk in &mut chunks {
        let (special, highs) = classify(chunk);
        if special != 0 {
            let lane = special.trailing_zeros();
            let before = (1u32 << lane) - 1;
            return (index + lane as usize, (high | highs & before) == 0);
        }
        high |= highs;
        index += 16;
    }
    if index == len {
        return (len, high == 0);
    }
    if len < 16 {
        return crate::lex::escape::find_special_words(bytes);
    }
    tail(bytes, index, high)
}

/// The end of [`sse2`]: the last 16 bytes, without the lanes before `index`, which the loop
/// has seen (`high`: those with the high bit set).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn tail(bytes: &[u8], index: usize, high: u32) -> (usize, bool) {
    let start = bytes.len() - 16;
    let (special, highs) = classify(&bytes[start..]);
    let unseen = 0xFFFF << (index - start);
    let (special, highs) = (special & unseen, highs & unseen);
    let end = match special {
        0 => 16,
        _ => special.trailing_zeros(),
    };
    let before = (1u32 << end) - 1;
    (start + end as usize, (high | highs & before) == 0)
}

/// The lanes of `block` that are special, and those with the high bit set, as bit masks.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn classify(block: &[u8]) -> (u32, u32) {
    assert_eq!(block.len(), 16);
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128, _mm_subs_epu8,
    };
    // SAFETY: SSE2 is enabled at compile time (the cfg above); `block` is 16 bytes long (the
    // assertion above, which the callers' slicing lets the compiler drop), exactly what the
    // unaligned load reads; the other intrinsics work on registers only.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let quotes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslashes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        let controls = _mm_cmpeq_epi8(_mm_subs_epu8(v, _mm_set1_epi8(0x1F)), _mm_setzero_si128());
        let any = _mm_or_si128(_mm_or_si128(quotes, backslashes), controls);
        (_mm_movemask_epi8(any) as u32, _mm_movemask_epi8(v) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::for_each_run;
    use crate::lex::escape::{find_special_words, SPECIAL};

    /// The definition, byte by byte.
    fn reference(bytes: &[u8]) -> (usize, bool) {
        let len = bytes
            .iter()
            .position(|&b| SPECIAL[usize::from(b)])
            .unwrap_or(bytes.len());
        (len, bytes[..len].is_ascii())
    }

    #[test]
    fn the_simd_path_and_its_scalar_twin_agree_with_the_definition() {
        // Runs of plain ASCII and non-ASCII bytes with a special byte (or none) at every
        // position, at every alignment, of every length up to 70.
        let specials = [b'"', b'\\', 0x00, 0x1F, b'\n'];
        let plain = [
            b'a', b' ', 0x20, 0x7F, 0x80, 0xC3, 0xFF, b'/', b'!', b'#', b'[', b']',
        ];
        let cases = if cfg!(miri) { 40 } else { 2_000 };
        for_each_run(0x9E37_79B9_7F4A_7C15, &plain, &specials, cases, |text| {
            let want = reference(text);
            assert_eq!(find_special(text), want, "{text:?}");
            assert_eq!(find_special_words(text), want, "{text:?}");
        });
    }

    #[test]
    fn every_byte_value_is_classified_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..32 {
                let mut text = [b'x'; 32];
                text[lane] = b;
                assert_eq!(
                    find_special(&text),
                    reference(&text),
                    "byte {b:#x} in lane {lane}"
                );
            }
        }
    }
}
