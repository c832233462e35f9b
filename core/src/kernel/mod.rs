//! The one module where `unsafe` code is allowed; the crate denies it everywhere else, so that
//! every unsafe block is in one place to audit and to run under miri. Each block says in a
//! SAFETY comment why it is sound.
//!
//! - [`vector`]: the 16-byte vector in the architecture's baseline that the other kernels are
//!   written over, once for every target that has one: SSE2 on x86-64, NEON on aarch64 (the
//!   build script sets `cfg(vector_kernels)` for those); elsewhere they take scalar twins.
//! - [`checked_str`]: bytes already validated as UTF-8 viewed as a `str` without a second
//!   validation.
//! - [`raw_json`]: the layout casts between `str` and [`RawJson`](crate::RawJson), which safe
//!   Rust cannot write for an unsized newtype (serde_json's `RawValue` does the same).
//! - [`structural`]: the quotes, backslashes, brackets and commas of each 64-byte block of
//!   some bytes, 16 at a time in vectors or 32 with AVX2 (x86-64, detected at run time), for
//!   the framer and splitter of the parallel streams.
//! - [`escape_into`]: a string appended to a `Vec<u8>` escaped, copied while it is scanned, 16
//!   bytes at a time in vectors or 32 with AVX2 (x86-64, detected at run time), for `to_vec`.
//! - [`push_bytes`]: a few bytes appended to a `Vec<u8>` without a call to `memcpy`, for the
//!   numbers of `to_vec`.
//! - [`unescape_into`]: the content of a string appended to a `Vec<u8>` unescaped, copied
//!   while it is scanned, 16 bytes at a time in vectors, for strings read with escapes.
//! - [`special`]: where a run of plain string content ends, 16 bytes at a time in vectors, for
//!   every string read or written.
//! - [`whitespace`]: how much whitespace comes before the next token, 16 bytes at a time in
//!   vectors.
#![allow(unsafe_code)]

pub(crate) mod checked_str;
pub(crate) mod escape_into;
pub(crate) mod push_bytes;
pub(crate) mod raw_json;
pub(crate) mod special;
pub(crate) mod structural;
pub(crate) mod unescape_into;
#[cfg(vector_kernels)]
pub(crate) mod vector;
pub(crate) mod whitespace;

/// Inputs for the kernels' differential tests: `cases` runs of bytes drawn from `fill`, of every
/// length up to 70 at every alignment below 16, three in four with one byte of `ends` at a
/// random position; each is handed to `check`. Deterministic
/// ([`xorshift`](crate::test_rng::xorshift) from `seed`).
#[cfg(test)]
pub(crate) fn for_each_run(
    seed: u64,
    fill: &[u8],
    ends: &[u8],
    cases: usize,
    mut check: impl FnMut(&[u8]),
) {
    let mut next = crate::test_rng::xorshift(seed);
    let mut buffer = [0u8; 96];
    for _ in 0..cases {
        let len = (next() % 71) as usize;
        let offset = (next() % 16) as usize;
        let text = &mut buffer[offset..offset + len];
        for b in text.iter_mut() {
            *b = fill[(next() % fill.len() as u64) as usize];
        }
        if len > 0 && !next().is_multiple_of(4) {
            let at = (next() % len as u64) as usize;
            text[at] = ends[(next() % ends.len() as u64) as usize];
        }
        check(&buffer[offset..offset + len]);
    }
}

/// Every byte value in every lane of `background`, each block handed to `check` with the byte
/// and its lane. Under miri, where the whole takes minutes, the bytes at the edges of the
/// kernels' classes (whitespace, controls, quote, backslash, ASCII and not) in every third lane.
#[cfg(test)]
pub(crate) fn for_each_byte_in_each_lane(
    background: [u8; 32],
    mut check: impl FnMut(&[u8; 32], u8, usize),
) {
    let (bytes, lanes): (Vec<u8>, _) = if cfg!(miri) {
        (b"\0\t\n\r\x1F \"\\x\x7F\x80\xFF".to_vec(), 3)
    } else {
        ((0..=255).collect(), 1)
    };
    for b in bytes {
        for lane in (0..32).step_by(lanes) {
            let mut block = background;
            block[lane] = b;
            check(&block, b, lane);
        }
    }
}
