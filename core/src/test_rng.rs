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
