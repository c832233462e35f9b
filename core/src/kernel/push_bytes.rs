//! A few bytes appended to a `Vec<u8>` without a call to `memcpy`: the text of a number or a
//! `bool` that `to_vec` writes is 1 to 24 bytes long, a length known only at run time, for
//! which `extend_from_slice` calls `memcpy`, and the call costs more than the copy.
//!
//! Up to 32 bytes are moved as two fixed-size pieces that may overlap (as
//! [`copy`](crate::write::buffer::copy) does between initialized slices), straight into the
//! spare capacity; longer slices go through `extend_from_slice`. No SIMD, so no twin: the one
//! path is the one that miri runs.

/// Appends `bytes` to `out`.
#[inline(always)]
pub(crate) fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    if n > 32 {
        return out.extend_from_slice(bytes);
    }
    out.reserve(n);
    let src = bytes.as_ptr();
    let dst = out.spare_capacity_mut()[..n].as_mut_ptr().cast::<u8>();
    // SAFETY: `dst` is valid for `n` bytes of writes (the slice of the spare capacity just
    // taken) and `src` for `n` bytes of reads; each pair of moves covers `[0, n)` and stays
    // inside it (the second starts at `n - k` for pieces of `k <= n` bytes); a `Vec`'s spare
    // capacity cannot overlap a borrowed slice. Then the `n` bytes written become the length.
    unsafe {
        if n >= 16 {
            move_pair::<16>(src, dst, n);
        } else if n >= 8 {
            move_pair::<8>(src, dst, n);
        } else if n >= 4 {
            move_pair::<4>(src, dst, n);
        } else if n > 0 {
            *dst = *src;
            *dst.add(n / 2) = *src.add(n / 2);
            *dst.add(n - 1) = *src.add(n - 1);
        }
        out.set_len(out.len() + n);
    }
}

/// Copies `n` bytes (`K <= n <= 2 * K`) as the first `K` and the last `K`.
///
/// # Safety
///
/// `src` is valid for `n` bytes of reads, `dst` for `n` bytes of writes, and they do not
/// overlap.
#[inline(always)]
unsafe fn move_pair<const K: usize>(src: *const u8, dst: *mut u8, n: usize) {
    debug_assert!(K <= n && n <= 2 * K);
    // SAFETY: both pieces lie within the first `n` bytes (the caller's guarantee and `K <= n`).
    unsafe {
        dst.copy_from_nonoverlapping(src, K);
        dst.add(n - K).copy_from_nonoverlapping(src.add(n - K), K);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_arrives_after_what_is_there() {
        let data: Vec<u8> = (0..80u8).collect();
        for len in 0..=data.len() {
            for before in [0, 1, 5, 31] {
                let mut out: Vec<u8> = (100..100 + before).collect();
                // From no spare capacity, and from some.
                out.shrink_to_fit();
                push_bytes(&mut out, &data[..len]);
                push_bytes(&mut out, &data[len..]);
                let mut want: Vec<u8> = (100..100 + before).collect();
                want.extend_from_slice(&data);
                assert_eq!(out, want, "{len} after {before}");
            }
        }
    }
}
