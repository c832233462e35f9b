//! How much JSON whitespace (space, `\n`, `\t`, `\r`) some bytes begin with: the scanner skips
//! it before every token, and pretty-printed documents spend a fifth of their bytes on it.
//!
//! 16 bytes at a time over the baseline [`Vector`](super::vector::Vector) (SSE2 on x86-64, NEON
//! on aarch64); the last 15 bytes or fewer, and every byte on other targets, by the scalar twin
//! ([`skip_words`]), which the vector path is tested against.

use crate::lex::word::SPACES;

/// The length of the blocks that [`skip_block`] takes.
pub(crate) const BLOCK: usize = 16;

/// Whether `b` is JSON whitespace.
#[inline]
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// Index of the first byte of `bytes` that is not JSON whitespace, or `bytes.len()` if none.
#[inline]
pub(crate) fn skip(bytes: &[u8]) -> usize {
    #[cfg(vector_kernels)]
    {
        let mut blocks = bytes.chunks_exact(BLOCK);
        let mut index = 0;
        for block in &mut blocks {
            let run = vector_block(block.try_into().expect("a block"));
            if run < BLOCK {
                return index + run;
            }
            index += BLOCK;
        }
        index + skip_words(blocks.remainder())
    }
    #[cfg(not(vector_kernels))]
    {
        skip_words(bytes)
    }
}

/// [`skip`] over one block: the index of its first byte that is not whitespace, or
/// [`BLOCK`] if none. The run between two tokens of a pretty-printed document (a line break
/// and an indentation) mostly ends within one block.
#[inline]
pub(crate) fn skip_block(block: &[u8; BLOCK]) -> usize {
    #[cfg(vector_kernels)]
    {
        vector_block(block)
    }
    #[cfg(not(vector_kernels))]
    {
        skip_words(block)
    }
}

/// [`skip_block`] over a vector: one comparison per whitespace byte, and the first lane that
/// matched none of them.
#[cfg(vector_kernels)]
#[inline]
fn vector_block(block: &[u8; BLOCK]) -> usize {
    use super::vector::{first_lane, Vector};
    // SAFETY: `block` is 16 bytes long, exactly what the load reads.
    let v = unsafe { Vector::load(block.as_ptr()) };
    let spaces = v.eq(b' ').or(v.eq(b'\n')).or(v.eq(b'\t').or(v.eq(b'\r')));
    // The complement of a full mask has no lane set before the 16th.
    first_lane(!spaces.lanes())
}

/// [`skip`] without SIMD: a byte at a time, and the spaces of an indentation (after a line
/// break) eight at a time in a `u64`.
pub(crate) fn skip_words(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Plain branches, most frequent first (a `match` here becomes a jump table).
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
        } else if b == b'\n' {
            i += 1;
            while let Some(chunk) = bytes.get(i..i + 8) {
                let mut lanes = [0u8; 8];
                lanes.copy_from_slice(chunk);
                let other = u64::from_le_bytes(lanes) ^ SPACES;
                if other != 0 {
                    i += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{for_each_byte_in_each_lane, for_each_run};

    /// The definition, byte by byte.
    fn reference(bytes: &[u8]) -> usize {
        bytes
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            .unwrap_or(bytes.len())
    }

    #[test]
    fn the_simd_path_and_its_scalar_twin_agree_with_the_definition() {
        // Runs of whitespace (indentations among them) ended by another byte at every
        // position, or not at all, at every alignment, of every length up to 70.
        let spaces = *b"   \n\t\r";
        let others = [
            b'"', b'{', b'1', 0x00, 0x0B, 0x0C, 0x1F, 0x21, 0x80, 0xA0, 0xFF,
        ];
        let cases = if cfg!(miri) { 40 } else { 4_000 };
        for_each_run(0x2545_F491_4F6C_DD1D, &spaces, &others, cases, |text| {
            let want = reference(text);
            assert_eq!(skip(text), want, "{text:?}");
            assert_eq!(skip_words(text), want, "{text:?}");
            if let Some(block) = text.first_chunk::<BLOCK>() {
                assert_eq!(skip_block(block), want.min(BLOCK), "{text:?}");
            }
        });
    }

    #[test]
    fn every_byte_value_is_classified_in_every_lane() {
        let background = *b"\n                              \t";
        for_each_byte_in_each_lane(background, |text, b, lane| {
            assert_eq!(skip(text), reference(text), "byte {b:#x} in lane {lane}");
            assert_eq!(
                skip_words(text),
                reference(text),
                "byte {b:#x} in lane {lane}"
            );
        });
    }
}
