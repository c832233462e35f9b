//! The large string of the string benches (writing it as JSON, reading it back): 64 MiB of
//! ASCII words, plain or with some bytes that need an escape.

/// Size of the text of the string benches.
pub const TEXT_LEN: usize = 64 * 1024 * 1024;

/// `escapes_per_mille` of the text with escapes: 5 % of its bytes need an escape.
pub const ESCAPES_5PCT: u64 = 50;

/// `len` bytes of ASCII text; about `escapes_per_mille` bytes in a thousand are `"`, `\` or
/// a newline, the rest words of lowercase letters separated by spaces. Deterministic.
pub fn text(len: usize, escapes_per_mille: u64) -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let r = next();
        let c = if r % 1000 < escapes_per_mille {
            ['"', '\\', '\n'][(r >> 32) as usize % 3]
        } else if (r >> 16) % 6 == 0 {
            ' '
        } else {
            (b'a' + ((r >> 24) % 26) as u8) as char
        };
        out.push(c);
    }
    out
}
