//! Where one JSON value ends, found without validating it: the framer of the parallel streams.
//!
//! A [`Framer`] is fed the bytes of a value in chunks of any size and says where the value
//! ends. It follows only what decides the end: the depth of brackets, strings and their
//! escapes (a container ends where its brackets balance, a string at its closing quote) and,
//! for a number or literal, the first byte that cannot continue it. Everything else is left to
//! the decoder of the value, which reads exactly the bytes framed: if they are one valid value,
//! it is the value the sequential reader would read there, since a valid value ends where its
//! own bytes say; if not, the decoder fails and the stream reads the same bytes again
//! sequentially for the exact error (see `par_stream`).

use crate::kernel::structural::{structural_masks, Masks, BLOCK};

/// What kind of value is framed.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    /// An array or object: it ends where its brackets balance.
    Container,
    /// A string: it ends at its closing quote.
    String,
    /// A number or literal: it ends before whitespace or one of `"[]{},:`.
    Bare,
}

/// The state of the scan of one value, carried from one chunk of its bytes to the next.
pub(crate) struct Framer {
    kind: Kind,
    /// Open arrays and objects.
    depth: u64,
    /// Whether the last byte scanned is in a string (its opening quote included).
    in_string: bool,
    /// Whether the last byte scanned is a backslash that escapes the next one.
    escaping: bool,
}

/// The odd bits of a mask.
const ODD: u64 = 0xAAAA_AAAA_AAAA_AAAA;

impl Framer {
    /// The scan of a value whose first byte is `first`.
    pub(crate) fn new(first: u8) -> Self {
        Framer {
            kind: match first {
                b'[' | b'{' => Kind::Container,
                b'"' => Kind::String,
                _ => Kind::Bare,
            },
            depth: 0,
            in_string: false,
            escaping: false,
        }
    }

    /// Scans the next `bytes` of the value: `Some(n)` if the value ends after the first `n` of
    /// them, `None` if it goes on past them.
    ///
    /// Strings are found 64 bytes at a time, as simdjson finds them: the escaped bytes from
    /// the runs of backslashes, the quotes that are not escaped, and the bytes in strings as
    /// the running parity of those quotes; brackets outside strings then count the depth.
    pub(crate) fn scan(&mut self, bytes: &[u8]) -> Option<usize> {
        if self.kind == Kind::Bare {
            return bytes.iter().position(|&b| ends_bare_value(b));
        }
        let mut padded = [0u8; BLOCK];
        for (index, chunk) in bytes.chunks(BLOCK).enumerate() {
            let masks = match chunk.try_into() {
                Ok(full) => structural_masks(full),
                Err(_) => {
                    // The tail, padded with zero bytes, which shape nothing.
                    padded[..chunk.len()].copy_from_slice(chunk);
                    padded[chunk.len()..].fill(0);
                    structural_masks(&padded)
                }
            };
            if let Some(end) = self.block(masks, chunk.len() - 1) {
                return Some(index * BLOCK + end);
            }
        }
        None
    }

    /// Scans one block whose last byte is at `last`: where the value ends in it, if it does.
    fn block(&mut self, masks: Masks, last: usize) -> Option<usize> {
        let quotes = masks.quotes & !self.escaped(masks.backslashes, last);
        let in_string = prefix_xor(quotes) ^ if self.in_string { u64::MAX } else { 0 };
        self.in_string = in_string >> last & 1 == 1;
        if self.kind == Kind::String {
            // The first quote that leaves the string closes it.
            let closing = quotes & !in_string;
            return (closing != 0).then(|| closing.trailing_zeros() as usize + 1);
        }
        let opens = masks.opens & !in_string;
        let closes = masks.closes & !in_string;
        let mut brackets = opens | closes;
        while brackets != 0 {
            let at = brackets.trailing_zeros();
            brackets &= brackets - 1;
            if opens >> at & 1 == 1 {
                self.depth += 1;
            } else {
                self.depth -= 1;
                if self.depth == 0 {
                    return Some(at as usize + 1);
                }
            }
        }
        None
    }

    /// The bytes of a block that a backslash escapes, given its backslashes; remembers
    /// whether its last byte (at `last`) escapes the first byte of the next block.
    ///
    /// In a run of backslashes that is not itself escaped, every other one, from the first,
    /// escapes the byte after it: subtracting the run's start from the run's odd (or even)
    /// positions carries through it and marks where the escaping ones are.
    fn escaped(&mut self, backslashes: u64, last: usize) -> u64 {
        let carried = u64::from(self.escaping);
        if backslashes == 0 {
            self.escaping = false;
            return carried;
        }
        let starts = backslashes & !carried;
        let code = ((starts << 1 | ODD).wrapping_sub(starts)) ^ ODD;
        self.escaping = (code & backslashes) >> last & 1 == 1;
        code ^ (backslashes | carried)
    }
}

/// Bit `i` is the parity of the bits `0..=i` of `mask`: set inside strings, given the quotes
/// that open and close them.
fn prefix_xor(mut mask: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        mask ^= mask << shift;
    }
    mask
}

/// True for the bytes before which a number or literal ends: whitespace and `"[]{},:`, where
/// the sequential reader's top-level values end too.
fn ends_bare_value(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\n' | b'\t' | b'\r' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The length of the value at the start of `text`, fed in chunks of `chunk` bytes; `None`
    /// if it does not end within `text`.
    fn frame(text: &[u8], chunk: usize) -> Option<usize> {
        let mut framer = Framer::new(text[0]);
        let mut done = 0;
        for piece in text.chunks(chunk) {
            if let Some(n) = framer.scan(piece) {
                return Some(done + n);
            }
            done += piece.len();
        }
        None
    }

    fn every_chunking(text: &str) -> Option<usize> {
        let whole = frame(text.as_bytes(), text.len());
        for chunk in 1..=text.len() {
            assert_eq!(
                frame(text.as_bytes(), chunk),
                whole,
                "{text:?} in chunks of {chunk}"
            );
        }
        whole
    }

    #[test]
    fn values_end_where_their_brackets_balance_or_their_string_closes() {
        let cases: [(&str, Option<&str>); 12] = [
            (
                r#"{"a": [1, {"b": "]}"}]}, 2"#,
                Some(r#"{"a": [1, {"b": "]}"}]}"#),
            ),
            (r#""a\"b\\" , 1"#, Some(r#""a\"b\\""#)),
            (r#""\\\\\"]", x"#, Some(r#""\\\\\"]""#)),
            (r#"[[], [[]], {}]]"#, Some(r#"[[], [[]], {}]"#)),
            (r#"["\\", "\u005d"]"#, Some(r#"["\\", "\u005d"]"#)),
            ("12.5e3,", Some("12.5e3")),
            ("true]", Some("true")),
            ("null\n", Some("null")),
            ("-1\"a\"", Some("-1")),
            ("truex:", Some("truex")),
            (r#"[1, "]"#, None),
            (r#""abc\"#, None),
        ];
        for (text, want) in cases {
            assert_eq!(every_chunking(text), want.map(str::len), "{text}");
        }
    }

    /// A bracket of the other kind closes as well: the framer counts depth only, and the
    /// decoder of the framed bytes rejects them.
    #[test]
    fn mismatched_brackets_are_framed_for_the_decoder_to_reject() {
        assert_eq!(every_chunking("[1}, 2]"), Some(3));
        assert_eq!(every_chunking("[1]]"), Some(3));
        assert_eq!(every_chunking("}"), Some(0));
        assert_eq!(every_chunking(",1"), Some(0));
    }

    /// Long values, across the 64-byte blocks, with escapes at every position of a block.
    #[test]
    fn escapes_and_brackets_at_every_block_position() {
        let step = if cfg!(miri) { 29 } else { 1 };
        for pad in (0..(2 * BLOCK)).step_by(step) {
            let value = format!(
                r#"["{}\"]\\", {{"k": "{}"}}]"#,
                "x".repeat(pad),
                "]".repeat(pad)
            );
            let text = format!("{value}, 9");
            assert_eq!(every_chunking(&text), Some(value.len()), "{pad}");
        }
    }

    /// The end of the value at the start of `text`, byte by byte: the definition the block
    /// scan must agree with, also on text that is not JSON.
    fn reference(text: &[u8]) -> Option<usize> {
        if !matches!(text[0], b'[' | b'{' | b'"') {
            return text.iter().position(|&b| ends_bare_value(b));
        }
        let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
        for (i, &b) in text.iter().enumerate() {
            // An escaped byte is neither a quote nor an escape; brackets count outside strings
            // (a backslash there is invalid JSON, which the decoder rejects).
            let plain = !std::mem::take(&mut escaped);
            match b {
                b'\\' if plain => escaped = true,
                b'"' if plain => in_string = !in_string,
                b'[' | b'{' if !in_string => depth += 1,
                b']' | b'}' if !in_string => depth -= 1,
                _ => continue,
            }
            if depth == 0 && !in_string {
                return Some(i + 1);
            }
        }
        None
    }

    /// Texts made of the bytes that matter (quotes, runs of backslashes, brackets) and others,
    /// of every length up to a few blocks, in every chunking: the block scan finds the end
    /// the byte-by-byte definition finds.
    #[test]
    fn the_block_scan_agrees_with_the_byte_by_byte_definition() {
        let alphabet = b"\"\\[]{}a ";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let cases = if cfg!(miri) { 20 } else { 20_000 };
        for _ in 0..cases {
            let len = 1 + next(3 * BLOCK);
            let mut text: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            text[0] = [b'[', b'{', b'"'][next(3)];
            let want = reference(&text);
            for chunk in [1, 7, BLOCK - 1, BLOCK, len] {
                assert_eq!(
                    frame(&text, chunk),
                    want,
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }
}
