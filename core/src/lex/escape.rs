//! String content: finding the bytes that end a run of plain content, and escaping it.

use std::io;

use crate::lex::utf8::assume_valid;
use crate::lex::word::{repeat, up_to_eight, HIGHS, ONES, SPACES};

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

/// The high bit of each lane of `v` that equals `"` or `\` (zero after XOR) or is below 0x20,
/// and possibly of lanes above the lowest such one: the lowest flagged lane is exact (borrows
/// only run towards higher lanes).
#[inline(always)]
pub(crate) fn special_lanes(v: u64) -> u64 {
    let quote = v ^ repeat(b'"');
    let backslash = v ^ repeat(b'\\');
    (quote.wrapping_sub(ONES) & !quote
        | backslash.wrapping_sub(ONES) & !backslash
        | v.wrapping_sub(repeat(0x20)) & !v)
        & HIGHS
}

pub(crate) use crate::kernel::special::find_special;

/// The character that the escape `\` `b` stands for, when `b` makes a two-byte escape (every
/// escape but `\u`): `n` for a line feed, `"` for a quote, and so on.
#[inline]
pub(crate) fn unescape_short(b: u8) -> Option<u8> {
    match UNESCAPES[usize::from(b)] {
        0 => None,
        c => Some(c),
    }
}

/// [`unescape_short`] as a table, 0 where `b` makes no two-byte escape: one load where a
/// `match` takes a chain of comparisons, on the path of every escape read.
static UNESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'/' as usize] = b'/';
    table[b'b' as usize] = 0x08;
    table[b'f' as usize] = 0x0c;
    table[b'n' as usize] = b'\n';
    table[b'r' as usize] = b'\r';
    table[b't' as usize] = b'\t';
    table
};

/// Index of the first special byte (see [`SPECIAL`]) in `bytes`, or `bytes.len()` if none; and
/// whether the bytes before it are all ASCII (then they need no UTF-8 check).
///
/// Eight bytes at a time, with [`special_lanes`]: the scalar twin of the SIMD
/// [`find_special`], and how it finishes the bytes after its last full block.
#[inline]
pub(crate) fn find_special_words(bytes: &[u8]) -> (usize, bool) {
    let mut chunks = bytes.chunks_exact(8);
    let mut index = 0;
    let mut high = 0u64;
    for chunk in &mut chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let v = u64::from_le_bytes(lanes);
        let mask = special_lanes(v);
        if mask != 0 {
            let lane = (mask.trailing_zeros() / 8) as usize;
            // Only the lanes before the special byte count for ASCII.
            high |= v & lanes_before(lane);
            return (index + lane, high & HIGHS == 0);
        }
        high |= v;
        index += 8;
    }
    // The last bytes in one word without a loop: the input's last eight with the lanes seen
    // above shifted out (a shorter input, its bytes), then spaces: neither special nor high.
    let tail = chunks.remainder();
    if tail.is_empty() {
        return (index, high & HIGHS == 0);
    }
    let v = if index > 0 {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(&bytes[bytes.len() - 8..]);
        u64::from_le_bytes(lanes) >> (8 * (8 - tail.len()))
    } else {
        up_to_eight(tail)
    } | SPACES << (8 * tail.len());
    let len = match special_lanes(v) {
        0 => tail.len(),
        mask => (mask.trailing_zeros() / 8) as usize,
    };
    high |= v & lanes_before(len);
    (index + len, high & HIGHS == 0)
}

/// The lanes of a word before lane `lane` (below 8), as a mask.
#[inline(always)]
fn lanes_before(lane: usize) -> u64 {
    (1u64 << (lane * 8)) - 1
}

/// The escape sequence of each byte for which [`SPECIAL`] is true, as serde_json writes them:
/// `\"`, `\\`, the short forms `\b \f \n \r \t`, else `\u00XX` with lowercase hex digits.
/// Padded to eight bytes so that each is copied with one fixed-size store; the length is last.
pub(crate) static ESCAPES: [[u8; 8]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 8]; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = [b'\\', b'u', b'0', b'0', HEX[b >> 4], HEX[b & 0xf], 0, 6];
        b += 1;
    }
    let short: [(u8, u8); 7] = [
        (b'"', b'"'),
        (b'\\', b'\\'),
        (0x08, b'b'),
        (0x0c, b'f'),
        (b'\n', b'n'),
        (b'\r', b'r'),
        (b'\t', b't'),
    ];
    let mut i = 0;
    while i < short.len() {
        table[short[i].0 as usize] = [b'\\', short[i].1, 0, 0, 0, 0, 0, 2];
        i += 1;
    }
    table
};

/// Writes `s` escaped as the content of a JSON string, in quotes if `quoted`, byte for byte as
/// serde_json does: `"` and `\` backslash-escaped, control characters as `\b \f \n \r \t` or
/// `\u00XX`, everything else (`/`, DEL, non-ASCII, U+2028) as it is.
#[inline]
pub(crate) fn write_escaped<W: io::Write + ?Sized>(
    writer: &mut W,
    s: &str,
    quoted: bool,
) -> io::Result<()> {
    if s.len() < SHORT {
        write_runs(writer, s.as_bytes(), quoted)
    } else {
        write_staged(writer, s.as_bytes(), quoted)
    }
}

/// Strings shorter than this are written run by run: a stack buffer costs more to set up
/// than they take to write.
const SHORT: usize = 64;

/// [`write_escaped`] for a short string: each run without escapes, found by [`find_special`],
/// and each escape, written as they come.
#[inline(always)]
fn write_runs<W: io::Write + ?Sized>(
    writer: &mut W,
    mut bytes: &[u8],
    quoted: bool,
) -> io::Result<()> {
    if quoted {
        writer.write_all(b"\"")?;
    }
    loop {
        let (run, _) = find_special(bytes);
        if run > 0 {
            writer.write_all(&bytes[..run])?;
        }
        match bytes.get(run) {
            Some(&b) => {
                let escape = &ESCAPES[usize::from(b)];
                writer.write_all(&escape[..usize::from(escape[7])])?;
                bytes = &bytes[run + 1..];
            }
            None => break,
        }
    }
    if quoted {
        writer.write_all(b"\"")?;
    }
    Ok(())
}

/// Escaped output collected on the stack by [`write_staged`] before it goes to the writer.
const STAGE: usize = 1024;

/// [`write_escaped`] through a stack buffer, eight bytes at a time, without a branch that
/// depends on the length of a run or of an escape (such branches mispredict on every escape of
/// real text): each word is stored whole, then the end of the output moves to the first
/// special byte in it, if any, where the escape is stored whole too. The buffer goes to the
/// writer in one `write_all` per `STAGE - 64` bytes; a long run without escapes goes there
/// straight from `bytes`, found by [`find_special`].
#[inline(always)]
fn write_staged<W: io::Write + ?Sized>(
    writer: &mut W,
    bytes: &[u8],
    quoted: bool,
) -> io::Result<()> {
    // Past the limit there is room for one word and one escape, or for the escaped tail of at
    // most seven bytes and a quote.
    let limit = STAGE - 64;
    let mut stage = [0u8; STAGE];
    stage[0] = b'"';
    let mut end = usize::from(quoted);
    let mut escaped = false;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        stage[end..end + 8].copy_from_slice(&word);
        let mask = special_lanes(u64::from_le_bytes(word));
        if mask == 0 {
            end += 8;
            i += 8;
        } else {
            let lane = (mask.trailing_zeros() / 8) as usize;
            let escape = &ESCAPES[usize::from(word[lane & 7])];
            stage[end + lane..end + lane + 8].copy_from_slice(escape);
            end += lane + usize::from(escape[7]);
            i += lane + 1;
            escaped = true;
        }
        if end > limit {
            writer.write_all(&stage[..end])?;
            end = 0;
            if !escaped {
                let (run, _) = find_special(&bytes[i..]);
                writer.write_all(&bytes[i..i + run])?;
                i += run;
            }
            escaped = false;
        }
    }
    for &b in &bytes[i..] {
        if SPECIAL[usize::from(b)] {
            let escape = &ESCAPES[usize::from(b)];
            stage[end..end + 8].copy_from_slice(escape);
            end += usize::from(escape[7]);
        } else {
            stage[end] = b;
            end += 1;
        }
    }
    if quoted {
        stage[end] = b'"';
        end += 1;
    }
    writer.write_all(&stage[..end])
}

/// Appends `s` to `out` as a JSON string literal, quotes included.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    let mut quoted = Vec::with_capacity(s.len() + 2);
    // Writing into a `Vec` cannot fail.
    let _ = write_escaped(&mut quoted, s, true);
    // Escaping a `str` with ASCII escapes keeps it UTF-8.
    out.push_str(assume_valid(&quoted));
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

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        push_quoted(&mut out, s);
        out
    }

    #[test]
    fn escapes_every_char_as_serde_json_does() {
        let chars = (0..0x3000u32)
            .chain(0xfff0..0x10100)
            .chain(0x10fff0..=0x10ffff);
        for c in chars.filter_map(char::from_u32) {
            let s = format!("a{c}{c}b{c}");
            assert_eq!(
                escaped(&s),
                serde_json::to_string(&s).unwrap(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// Counts the calls of `write` (each `write_all` into it is one).
    struct Calls(Vec<u8>, usize);

    impl io::Write for Calls {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.extend_from_slice(buf);
            self.1 += 1;
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn long_strings_go_out_in_few_large_writes() {
        let s = "\u{e9}x\"\n\u{1}".repeat(1000);
        let mut out = Calls(Vec::new(), 0);
        write_escaped(&mut out, &s, false).unwrap();
        assert_eq!(
            out.0,
            serde_json::to_string(&s)
                .unwrap()
                .trim_matches('"')
                .as_bytes()
        );
        assert!(out.1 <= out.0.len() / 960 + 1, "{} writes", out.1);
    }

    fn check(s: &str) {
        for quoted in [false, true] {
            let mut out = Vec::new();
            write_escaped(&mut out, s, quoted).unwrap();
            let expected = serde_json::to_string(s).unwrap();
            let expected = if quoted {
                &expected[..]
            } else {
                &expected[1..expected.len() - 1]
            };
            assert_eq!(out, expected.as_bytes(), "{} bytes", s.len());
        }
    }

    #[test]
    fn escapes_at_every_offset_and_length() {
        let lengths = (0..40)
            .chain(SHORT - 10..SHORT + 80)
            .chain(STAGE - 80..STAGE + 20);
        for len in lengths {
            for at in (0..len).filter(|at| len < SHORT + 80 || at % 5 == 0) {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n', 0x08] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    if at + 2 < len {
                        bytes[at + 2] = b'"';
                    }
                    check(std::str::from_utf8(&bytes).unwrap());
                }
            }
        }
    }

    #[test]
    fn runs_of_every_kind_of_length_between_escapes() {
        let runs = [0, 1, 7, 8, 9, 63, 64, 65, 900, 959, 960, 961, 1100, 3000];
        for &first in &runs {
            for &second in &runs {
                for filler in ["a", "\u{e9}", "\u{1F600}", "\n"] {
                    let s = format!(
                        "{}\"{}\u{1}{}",
                        filler.repeat(first),
                        "b".repeat(second),
                        filler.repeat(second % 17)
                    );
                    check(&s);
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
