//! The unit tests' source of generated inputs: a deterministic pseudo-random stream, so that a
//! failing case comes back on every run.

/// A stream of pseudo-random words (xorshift64) from `seed`, which must not be zero.
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// `per_length` pseudo-random byte strings of each length from 0 to `max_len`, from `seed`.
pub(crate) fn byte_strings(seed: u64, max_len: usize, per_length: usize) -> Vec<Vec<u8>> {
    let mut next = xorshift(seed);
    (0..=max_len)
        .flat_map(|len| std::iter::repeat_n(len, per_length))
        .map(|len| (0..len).map(|_| next() as u8).collect())
        .collect()
}
