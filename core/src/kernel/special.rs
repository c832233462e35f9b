//! Where a run of plain string content ends: the first `"`, `\` or control character
//! (U+0000 to U+001F) of some bytes, and whether the bytes before it are all ASCII. Every
//! string read or written goes through it (`lex::escape::find_special`), and the string
//! kernels ([`escape_into`](super::escape_into), [`unescape_into`](super::unescape_into))
//! classify their blocks with [`special`].
//!
//! 16 bytes at a time over the baseline [`Vector`] (SSE2 on x86-64, NEON on aarch64); fewer
//! than 16 bytes, and every byte on other targets, by the scalar twin, eight bytes at a time in
//! a `u64` ([`find_special_words`](crate::lex::escape::find_special_words)), which the vector
//! path is tested against.

#[cfg(vector_kernels)]
use super::vector::{first_lane, lanes_before, Vector};

/// Index of the first byte of `bytes` that is `"`, `\` or below 0x20, or `bytes.len()` if
/// none; and whether the bytes before it are all ASCII.
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> (usize, bool) {
    #[cfg(vector_kernels)]
    {
        blocks(bytes)
    }
    #[cfg(not(vector_kernels))]
    {
        crate::lex::escape::find_special_words(bytes)
    }
}

/// The lanes of `v` that are `"`, `\` or below 0x20, as a mask.
#[cfg(vector_kernels)]
#[inline(always)]
pub(crate) fn special(v: Vector) -> u64 {
    v.eq(b'"').or(v.eq(b'\\')).or(v.at_most(0x1F)).lanes()
}

/// [`find_special`] 16 bytes at a time: the mask of each block's special lanes ([`special`]),
/// and of its lanes with the high bit set, for the lanes before the special one. The last
/// block is the last 16 bytes, overlapping the one before, with the lanes already seen masked
/// off; fewer than 16 bytes in all go to the scalar twin.
#[cfg(vector_kernels)]
#[inline]
fn blocks(bytes: &[u8]) -> (usize, bool) {
    let len = bytes.len();
    let mut high = 0u64;
    let mut chunks = bytes.chunks_exact(16);
    let mut index = 0;
    for chunk in &mut chunks {
        let (special, highs) = classify(chunk);
        if special != 0 {
            let lane = first_lane(special);
            return (index + lane, (high | highs & lanes_before(lane)) == 0);
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

/// The end of [`blocks`]: the last 16 bytes, without the lanes before `index`, which the loop
/// has seen (`high`: whether any of those has the high bit set).
#[cfg(vector_kernels)]
#[inline]
fn tail(bytes: &[u8], index: usize, high: u64) -> (usize, bool) {
    let start = bytes.len() - 16;
    let (special, highs) = classify(&bytes[start..]);
    let unseen = !lanes_before(index - start);
    let (special, highs) = (special & unseen, highs & unseen);
    let end = match special {
        0 => 16,
        _ => first_lane(special),
    };
    (start + end, (high | highs & lanes_before(end)) == 0)
}

/// The lanes of `block` that are special, and those with the high bit set, as masks.
#[cfg(vector_kernels)]
#[inline]
fn classify(block: &[u8]) -> (u64, u64) {
    assert_eq!(block.len(), 16);
    // SAFETY: `block` is 16 bytes long (the assertion above, which the callers' slicing lets
    // the compiler drop), exactly what the load reads.
    let v = unsafe { Vector::load(block.as_ptr()) };
    (special(v), v.high_lanes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{for_each_byte_in_each_lane, for_each_run};
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
        for_each_byte_in_each_lane([b'x'; 32], |text, b, lane| {
            assert_eq!(
                find_special(text),
                reference(text),
                "byte {b:#x} in lane {lane}"
            );
            // Every length, so that the byte is also among the last, fewer than eight.
            for len in lane + 1..=lane + 8 {
                let text = &text[..len.min(32)];
                assert_eq!(
                    find_special_words(text),
                    reference(text),
                    "byte {b:#x} in lane {lane} of {len}"
                );
            }
        });
    }
}
