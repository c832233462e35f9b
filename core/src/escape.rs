//! Finding the bytes that end a run of plain string content.

/// True for the bytes that end a run of plain string content: `"`, `\` and the control
/// characters U+0000 to U+001F, which JSON requires to be escaped.
pub(crate) static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Index of the first special byte (see [`SPECIAL`]) in `bytes`, or `bytes.len()` if none; and
/// whether the bytes before it are all ASCII (then they need no UTF-8 check).
///
/// Eight bytes at a time: a lane is flagged when it equals `"` or `\` (zero after XOR) or is
/// below 0x20. The lowest flagged lane is exact (borrows only run towards higher lanes).
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> (usize, bool) {
    let mut chunks = bytes.chunks_exact(8);
    let mut index = 0;
    let mut high = 0u64;
    for chunk in &mut chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let v = u64::from_le_bytes(lanes);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        let mask = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | v.wrapping_sub(ONES * 0x20) & !v)
            & HIGHS;
        if mask != 0 {
            let lane = mask.trailing_zeros() / 8;
            // Only the lanes before the special byte count for ASCII.
            let before = (1u64 << (lane * 8)).wrapping_sub(1);
            high |= v & before;
            return (index + lane as usize, high & HIGHS == 0);
        }
        high |= v;
        index += 8;
    }
    let tail = chunks.remainder();
    let len = tail
        .iter()
        .position(|&b| SPECIAL[b as usize])
        .unwrap_or(tail.len());
    let ascii = high & HIGHS == 0 && tail[..len].is_ascii();
    (index + len, ascii)
}

/// Appends `s` to `out` as a JSON string literal, quotes included.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_special_byte_at_every_position() {
        for len in 0..40 {
            for pos in 0..=len {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes just around the specials must not be flagged.
                    bytes.iter_mut().step_by(3).for_each(|b| *b = 0x20);
                    bytes.iter_mut().skip(1).step_by(5).for_each(|b| *b = 0xff);
                    if pos < len {
                        bytes[pos] = special;
                    }
                    let (index, ascii) = find_special(&bytes);
                    assert_eq!(index, pos, "len {len} pos {pos} {special}");
                    assert_eq!(ascii, bytes[..pos].is_ascii(), "len {len} pos {pos}");
                }
            }
        }
    }

    #[test]
    fn high_bytes_and_neighbours_are_plain() {
        let plain: Vec<u8> = (0x20..=0xffu8).filter(|b| !SPECIAL[*b as usize]).collect();
        assert_eq!(find_special(&plain), (plain.len(), false));
        assert_eq!(find_special(b"plain ascii text"), (16, true));
        assert_eq!(find_special("caf\u{e9}\"\u{e9}".as_bytes()), (5, false));
        assert_eq!(find_special("cafe\"\u{e9}\u{e9}".as_bytes()), (4, true));
    }
}
