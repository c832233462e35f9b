//! The 16-byte vector that the string, whitespace and structural kernels are written over, so
//! that each kernel is one piece of code for every architecture that has such vectors in its
//! baseline (known at compile time, no runtime detection): SSE2 on x86-64, NEON on aarch64.
//! The build script sets `cfg(vector_kernels)` on those targets, and only they have this
//! module; elsewhere the kernels take their scalar twins.
//!
//! The two differ in how a comparison becomes a bit mask. SSE2 has `movemask`, one bit per lane
//! ([`LANE_BITS`] = 1); NEON has no such instruction, and the cheapest mask it gives is a shift
//! that narrows each lane to four bits ([`LANE_BITS`] = 4). Kernels read masks through
//! [`first_lane`] and [`lanes_before`], which hide the width; [`Vector::bits64`] gives one bit
//! per lane for four vectors, which the structural masks need, on both.

/// Bits of a mask ([`Vector::lanes`]) per lane: all set for a lane that is, none for one that
/// is not.
#[cfg(target_arch = "x86_64")]
pub(crate) const LANE_BITS: u32 = 1;
/// Bits of a mask ([`Vector::lanes`]) per lane: all set for a lane that is, none for one that
/// is not.
#[cfg(target_arch = "aarch64")]
pub(crate) const LANE_BITS: u32 = 4;

/// The index of the first lane set in `mask`, which has one set or is the complement of a
/// mask (its bits past the 16 lanes set): then 16 if none of its lanes is.
#[inline(always)]
pub(crate) fn first_lane(mask: u64) -> usize {
    (mask.trailing_zeros() / LANE_BITS) as usize
}

/// The mask of the lanes before `lane` (at most 16).
#[inline(always)]
pub(crate) fn lanes_before(lane: usize) -> u64 {
    let bits = lane as u32 * LANE_BITS;
    // Shifted by 64 (16 lanes of four bits) the mask is every bit.
    1u64.checked_shl(bits).map_or(u64::MAX, |bit| bit - 1)
}

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::__m128i as Raw;

#[cfg(target_arch = "aarch64")]
use std::arch::aarch64::uint8x16_t as Raw;

/// Sixteen bytes in a register.
#[derive(Clone, Copy)]
pub(crate) struct Vector(Raw);

#[cfg(target_arch = "x86_64")]
impl Vector {
    /// The 16 bytes at `src`.
    ///
    /// # Safety
    ///
    /// `src` is valid for reads of 16 bytes (any alignment).
    #[inline(always)]
    pub(crate) unsafe fn load(src: *const u8) -> Self {
        // SAFETY: SSE2 is enabled at compile time (`cfg(vector_kernels)`); the caller
        // guarantees the 16 bytes that the unaligned load reads.
        Self(unsafe { std::arch::x86_64::_mm_loadu_si128(src.cast()) })
    }

    /// The lanes from two words, the low one first.
    #[inline(always)]
    pub(crate) fn from_words([low, high]: [u64; 2]) -> Self {
        // SAFETY: SSE2 is enabled at compile time; registers only.
        Self(unsafe { std::arch::x86_64::_mm_set_epi64x(high as i64, low as i64) })
    }

    /// Writes the 16 lanes at `dst`.
    ///
    /// # Safety
    ///
    /// `dst` is valid for writes of 16 bytes (any alignment).
    #[inline(always)]
    pub(crate) unsafe fn store(self, dst: *mut u8) {
        // SAFETY: SSE2 is enabled at compile time; the caller guarantees the 16 bytes that the
        // unaligned store writes.
        unsafe { std::arch::x86_64::_mm_storeu_si128(dst.cast(), self.0) }
    }

    /// All ones in the lanes equal to `byte`, zero in the others.
    #[inline(always)]
    pub(crate) fn eq(self, byte: u8) -> Self {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_set1_epi8};
        // SAFETY: SSE2 is enabled at compile time; registers only.
        Self(unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(byte as i8)) })
    }

    /// All ones in the lanes of `byte` or below, zero in the others.
    #[inline(always)]
    pub(crate) fn at_most(self, byte: u8) -> Self {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_set1_epi8, _mm_setzero_si128, _mm_subs_epu8};
        // SAFETY: SSE2 is enabled at compile time; registers only. The saturating subtraction
        // leaves zero exactly for the lanes up to `byte`.
        Self(unsafe {
            let over = _mm_subs_epu8(self.0, _mm_set1_epi8(byte as i8));
            _mm_cmpeq_epi8(over, _mm_setzero_si128())
        })
    }

    /// The lanes of either.
    #[inline(always)]
    pub(crate) fn or(self, other: Self) -> Self {
        // SAFETY: SSE2 is enabled at compile time; registers only.
        Self(unsafe { std::arch::x86_64::_mm_or_si128(self.0, other.0) })
    }

    /// Each lane and `byte`.
    #[inline(always)]
    pub(crate) fn and(self, byte: u8) -> Self {
        use std::arch::x86_64::{_mm_and_si128, _mm_set1_epi8};
        // SAFETY: SSE2 is enabled at compile time; registers only.
        Self(unsafe { _mm_and_si128(self.0, _mm_set1_epi8(byte as i8)) })
    }

    /// The mask of a comparison's lanes ([`LANE_BITS`] bits each, lane 0 lowest).
    #[inline(always)]
    pub(crate) fn lanes(self) -> u64 {
        // SAFETY: SSE2 is enabled at compile time; registers only.
        let bits = unsafe { std::arch::x86_64::_mm_movemask_epi8(self.0) };
        u64::from(bits as u16)
    }

    /// The mask of the lanes whose high bit is set: the bytes that are not ASCII.
    #[inline(always)]
    pub(crate) fn high_lanes(self) -> u64 {
        // `movemask` takes each lane's high bit.
        self.lanes()
    }

    /// One bit per lane of four comparisons, bit `16 * i + j` for lane `j` of `vectors[i]`.
    #[inline(always)]
    pub(crate) fn bits64(vectors: [Self; 4]) -> u64 {
        let [a, b, c, d] = vectors.map(Self::lanes);
        a | b << 16 | c << 32 | d << 48
    }
}

#[cfg(target_arch = "aarch64")]
impl Vector {
    /// The 16 bytes at `src`.
    ///
    /// # Safety
    ///
    /// `src` is valid for reads of 16 bytes (any alignment).
    #[inline(always)]
    pub(crate) unsafe fn load(src: *const u8) -> Self {
        // SAFETY: NEON is enabled at compile time (`cfg(vector_kernels)`); the caller
        // guarantees the 16 bytes that the load reads (it has no alignment requirement).
        Self(unsafe { std::arch::aarch64::vld1q_u8(src) })
    }

    /// The lanes from two words, the low one first.
    #[inline(always)]
    pub(crate) fn from_words([low, high]: [u64; 2]) -> Self {
        use std::arch::aarch64::{vcombine_u64, vcreate_u64, vreinterpretq_u8_u64};
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(low), vcreate_u64(high))) })
    }

    /// Writes the 16 lanes at `dst`.
    ///
    /// # Safety
    ///
    /// `dst` is valid for writes of 16 bytes (any alignment).
    #[inline(always)]
    pub(crate) unsafe fn store(self, dst: *mut u8) {
        // SAFETY: NEON is enabled at compile time; the caller guarantees the 16 bytes that the
        // store writes (it has no alignment requirement).
        unsafe { std::arch::aarch64::vst1q_u8(dst, self.0) }
    }

    /// All ones in the lanes equal to `byte`, zero in the others.
    #[inline(always)]
    pub(crate) fn eq(self, byte: u8) -> Self {
        use std::arch::aarch64::{vceqq_u8, vdupq_n_u8};
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { vceqq_u8(self.0, vdupq_n_u8(byte)) })
    }

    /// All ones in the lanes of `byte` or below, zero in the others.
    #[inline(always)]
    pub(crate) fn at_most(self, byte: u8) -> Self {
        use std::arch::aarch64::{vcleq_u8, vdupq_n_u8};
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { vcleq_u8(self.0, vdupq_n_u8(byte)) })
    }

    /// The lanes of either.
    #[inline(always)]
    pub(crate) fn or(self, other: Self) -> Self {
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { std::arch::aarch64::vorrq_u8(self.0, other.0) })
    }

    /// Each lane and `byte`.
    #[inline(always)]
    pub(crate) fn and(self, byte: u8) -> Self {
        use std::arch::aarch64::{vandq_u8, vdupq_n_u8};
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { vandq_u8(self.0, vdupq_n_u8(byte)) })
    }

    /// The mask of a comparison's lanes ([`LANE_BITS`] bits each, lane 0 lowest): each pair of
    /// lanes shifted right by four as one 16-bit lane and narrowed to its low byte keeps four
    /// bits of each.
    #[inline(always)]
    pub(crate) fn lanes(self) -> u64 {
        use std::arch::aarch64::{
            vget_lane_u64, vreinterpret_u64_u8, vreinterpretq_u16_u8, vshrn_n_u16,
        };
        // SAFETY: NEON is enabled at compile time; registers only.
        unsafe {
            vget_lane_u64::<0>(vreinterpret_u64_u8(vshrn_n_u16::<4>(vreinterpretq_u16_u8(
                self.0,
            ))))
        }
    }

    /// The mask of the lanes whose high bit is set: the bytes that are not ASCII.
    #[inline(always)]
    pub(crate) fn high_lanes(self) -> u64 {
        use std::arch::aarch64::{vcgeq_u8, vdupq_n_u8};
        // SAFETY: NEON is enabled at compile time; registers only.
        Self(unsafe { vcgeq_u8(self.0, vdupq_n_u8(0x80)) }).lanes()
    }

    /// One bit per lane of four comparisons, bit `16 * i + j` for lane `j` of `vectors[i]`:
    /// each lane keeps the bit of its place in a byte, and three rounds of pairwise additions
    /// gather the bits of eight lanes into one byte.
    #[inline(always)]
    pub(crate) fn bits64(vectors: [Self; 4]) -> u64 {
        use std::arch::aarch64::{
            vandq_u8, vgetq_lane_u64, vld1q_u8, vpaddq_u8, vreinterpretq_u64_u8,
        };
        const PLACES: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];
        // SAFETY: NEON is enabled at compile time; the load reads the 16 bytes of `PLACES`;
        // the rest works on registers only.
        unsafe {
            let places = vld1q_u8(PLACES.as_ptr());
            let [a, b, c, d] = vectors.map(|v| vandq_u8(v.0, places));
            let pairs = vpaddq_u8(vpaddq_u8(a, b), vpaddq_u8(c, d));
            vgetq_lane_u64::<0>(vreinterpretq_u64_u8(vpaddq_u8(pairs, pairs)))
        }
    }
}

impl Vector {
    /// The bytes of `rest` (1 to 15 of them) as the lanes of a vector, the lanes past them
    /// zero, without reading past `rest`: gathered from two (or one) overlapping words, the
    /// second shifted down onto the lanes after the first.
    #[inline(always)]
    pub(crate) fn from_tail(rest: &[u8]) -> Self {
        let n = rest.len();
        debug_assert!((1..16).contains(&n));
        let word = |at: usize| u64::from_le_bytes(rest[at..at + 8].try_into().unwrap());
        let half = |at: usize| u64::from(u32::from_le_bytes(rest[at..at + 4].try_into().unwrap()));
        let words = if n >= 8 {
            // Shifted by a whole word (n == 8) the second word is all padding.
            let high = word(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0);
            [word(0), high]
        } else if n >= 4 {
            [half(0) | (half(n - 4) >> (8 * (8 - n))) << 32, 0]
        } else {
            let at = |i: usize| u64::from(rest[i]) << (8 * i);
            [at(0) | at(n / 2) | at(n - 1), 0]
        };
        Self::from_words(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes_of(bytes: &[u8; 16]) -> [u8; 16] {
        let mut out = [0u8; 16];
        // SAFETY: both arrays are 16 bytes long.
        unsafe { Vector::load(bytes.as_ptr()).store(out.as_mut_ptr()) };
        out
    }

    /// A mask with the lanes of `set` (a set lane has all its bits).
    fn mask(set: impl Fn(usize) -> bool) -> u64 {
        (0..16)
            .filter(|&i| set(i))
            .fold(0, |m, i| m | lanes_before(i + 1) & !lanes_before(i))
    }

    #[test]
    fn comparisons_give_the_lanes_that_match_every_byte() {
        let bytes: [u8; 16] = std::array::from_fn(|i| {
            [0x00, 0x1F, 0x20, b'"', 0x7F, 0x80, 0xFF, b'{'][i % 8] ^ (i as u8 & 0x40)
        });
        // SAFETY: 16 bytes.
        let v = unsafe { Vector::load(bytes.as_ptr()) };
        assert_eq!(lanes_of(&bytes), bytes);
        for byte in 0..=255u8 {
            assert_eq!(v.eq(byte).lanes(), mask(|i| bytes[i] == byte), "{byte}");
            assert_eq!(
                v.at_most(byte).lanes(),
                mask(|i| bytes[i] <= byte),
                "{byte}"
            );
            let either = v.eq(byte).or(v.eq(b'"')).lanes();
            assert_eq!(either, mask(|i| bytes[i] == byte || bytes[i] == b'"'));
            let folded = v.and(0xDF).eq(byte & 0xDF).lanes();
            assert_eq!(folded, mask(|i| bytes[i] & 0xDF == byte & 0xDF));
        }
        assert_eq!(v.high_lanes(), mask(|i| bytes[i] >= 0x80));
    }

    #[test]
    fn masks_name_their_lanes() {
        for lane in 0..16 {
            let mut bytes = [b'a'; 16];
            bytes[lane] = b'"';
            // SAFETY: 16 bytes.
            let v = unsafe { Vector::load(bytes.as_ptr()) };
            let found = v.eq(b'"').lanes();
            assert_eq!(first_lane(found), lane);
            assert_eq!(found & lanes_before(lane), 0);
            assert_eq!(found & !lanes_before(lane + 1), 0);
        }
        assert_eq!(lanes_before(0), 0);
        let all = unsafe { Vector::load([b'a'; 16].as_ptr()) }
            .eq(b'a')
            .lanes();
        assert_eq!(all, lanes_before(16));
        assert_eq!(first_lane(!all), 16);
    }

    #[test]
    fn bits64_gives_one_bit_per_lane_in_order() {
        let mut next = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..200 {
            let state = next();
            let block: [u8; 64] =
                std::array::from_fn(|i| if state >> i & 1 == 1 { b',' } else { b'x' });
            let vectors: [Vector; 4] =
                // SAFETY: each chunk is 16 bytes of `block`.
                std::array::from_fn(|i| unsafe { Vector::load(block[16 * i..].as_ptr()) }.eq(b','));
            assert_eq!(Vector::bits64(vectors), state);
        }
    }

    #[test]
    fn a_tail_is_its_bytes_then_zeros() {
        let bytes: Vec<u8> = (1..=15).collect();
        for n in 1..16 {
            let mut want = [0u8; 16];
            want[..n].copy_from_slice(&bytes[..n]);
            let mut got = [0u8; 16];
            // SAFETY: 16 bytes.
            unsafe { Vector::from_tail(&bytes[..n]).store(got.as_mut_ptr()) };
            assert_eq!(got, want, "{n}");
        }
    }
}
