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

use crate::kernel::structural::{structural_mask, BLOCK};

/// The state of the scan of one value.
pub(crate) struct Framer {
    /// A number or literal: it ends before whitespace or one of `"[]{},:`.
    bare: bool,
    /// Open arrays and objects.
    depth: u64,
    in_string: bool,
    /// Bytes at the start of the next chunk that an escape (`\` at the end of the last chunk)
    /// takes: 0 or 1.
    escaped: usize,
}

impl Framer {
    /// The scan of a value whose first byte is `first`.
    pub(crate) fn new(first: u8) -> Self {
        Framer {
            bare: !matches!(first, b'[' | b'{' | b'"'),
            depth: 0,
            in_string: false,
            escaped: 0,
        }
    }

    /// Scans the next `bytes` of the value: `Some(n)` if the value ends after the first `n` of
    /// them, `None` if it goes on past them.
    pub(crate) fn scan(&mut self, bytes: &[u8]) -> Option<usize> {
        if self.bare {
            return bytes.iter().position(|&b| ends_bare_value(b));
        }
        // Bytes before `skip` are taken by an escape.
        let mut skip = self.escaped;
        let mut block = [0u8; BLOCK];
        for (index, chunk) in bytes.chunks(BLOCK).enumerate() {
            let base = index * BLOCK;
            let mut mask = match chunk.try_into() {
                Ok(full) => structural_mask(full),
                Err(_) => {
                    // The tail: padded with zero bytes, which are not structural.
                    block[..chunk.len()].copy_from_slice(chunk);
                    block[chunk.len()..].fill(0);
                    structural_mask(&block)
                }
            };
            while mask != 0 {
                let at = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if at < skip {
                    continue;
                }
                match (self.in_string, bytes[at]) {
                    (true, b'"') => self.in_string = false,
                    (true, b'\\') => skip = at + 2,
                    (false, b'"') => self.in_string = true,
                    (false, b'[' | b'{') => self.depth += 1,
                    (false, b']' | b'}') => self.depth = self.depth.saturating_sub(1),
                    // Brackets in strings; a backslash outside them, which the decoder rejects.
                    _ => continue,
                }
                if self.depth == 0 && !self.in_string {
                    return Some(at + 1);
                }
            }
        }
        self.escaped = skip.saturating_sub(bytes.len());
        None
    }
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
        assert_eq!(every_chunking("{\\\"a\": 1}x"), Some(9));
        assert_eq!(every_chunking("}"), Some(0));
        assert_eq!(every_chunking(",1"), Some(0));
    }

    /// Long values, across the 64-byte blocks, with escapes at every position of a block.
    #[test]
    fn escapes_and_brackets_at_every_block_position() {
        for pad in 0..(2 * BLOCK) {
            let value = format!(
                r#"["{}\"]\\", {{"k": "{}"}}]"#,
                "x".repeat(pad),
                "]".repeat(pad)
            );
            let text = format!("{value}, 9");
            assert_eq!(every_chunking(&text), Some(value.len()), "{pad}");
        }
    }
}
