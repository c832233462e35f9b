//! Where one JSON value ends, and where the elements of an array are separated, found without
//! validating them: the framing of the parallel streams.
//!
//! A [`Framer`] is fed the bytes of a value in chunks of any size and says where the value
//! ends. It follows only what decides the end: the depth of brackets, strings and their
//! escapes (a container ends where its brackets balance, a string at its closing quote) and,
//! for a number or literal, the first byte that cannot continue it. Everything else is left to
//! the decoder of the value, which reads exactly the bytes framed: if they are one valid value,
//! it is the value the sequential reader would read there, since a valid value ends where its
//! own bytes say; if not, the decoder fails and the stream reads the same bytes again
//! sequentially for the exact error (see `par_stream`).
//!
//! A [`Splitter`] is fed the bytes inside an array, from the start of an element on, and says
//! where each `,` and the closing bracket of the array itself are: the same strings and depth,
//! one scan for all the elements. The bytes between two separators (whitespace included) are
//! an element if the array is valid there; if not, decoding them fails, as above.

use crate::kernel::structural::{for_each_block, Masks, BLOCK};

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
    strings: Strings,
}

/// Which bytes are in strings, carried from one block to the next.
#[derive(Default)]
struct Strings {
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
            strings: Strings::default(),
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
        for_each_block(
            bytes,
            #[inline(always)]
            |start, masks, last| self.block(masks, last).map(|end| start + end),
        )
    }

    /// Scans one block whose last byte is at `last`: where the value ends in it, if it does.
    #[inline(always)]
    fn block(&mut self, masks: Masks, last: usize) -> Option<usize> {
        let (quotes, in_string) = self.strings.block(masks, last);
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
}

/// The scan of the elements of an array from the start of one of them, carried from one chunk
/// of their bytes to the next: finds the `,` between elements and the bracket that closes the
/// array, at the array's own level and outside strings.
#[derive(Default)]
pub(crate) struct Splitter {
    /// Arrays and objects open inside the elements.
    depth: u64,
    strings: Strings,
}

impl Splitter {
    /// Scans the next `bytes`: pushes the index of each `,` between elements onto `commas`,
    /// up to the closing bracket of the array, whose index it returns (`None` if the array
    /// goes on past `bytes`), or up to the end of the block where a `,` at or after index
    /// `enough` is found. A closing bracket of the other kind counts as well: the reader
    /// rejects it there.
    pub(crate) fn scan(
        &mut self,
        bytes: &[u8],
        enough: usize,
        commas: &mut Vec<usize>,
    ) -> Option<usize> {
        let scanned = for_each_block(
            bytes,
            #[inline(always)]
            |start, masks, last| match self.block(masks, last, start, commas) {
                Some(close) => Some(Some(start + close)),
                None if commas.last().is_some_and(|&comma| comma >= enough) => Some(None),
                None => None,
            },
        );
        scanned.flatten()
    }

    /// Scans one block that starts at `start` of the bytes, whose last byte is at `last`.
    ///
    /// Only the brackets are followed one by one; they mark the stretches of the block at the
    /// array's own level, and the commas there are the separators.
    #[inline(always)]
    fn block(
        &mut self,
        masks: Masks,
        last: usize,
        start: usize,
        commas: &mut Vec<usize>,
    ) -> Option<usize> {
        let (_, in_string) = self.strings.block(masks, last);
        let opens = masks.opens & !in_string;
        let mut brackets = (opens | masks.closes) & !in_string;
        // The bytes at the array's level, and where the current stretch of them began.
        let mut level = 0;
        let mut from = 0;
        let mut close = None;
        while brackets != 0 {
            let at = brackets.trailing_zeros();
            brackets &= brackets - 1;
            if opens >> at & 1 == 1 {
                if self.depth == 0 {
                    level |= between(from, at);
                }
                self.depth += 1;
            } else if self.depth == 0 {
                level |= between(from, at);
                close = Some(at as usize);
                break;
            } else {
                self.depth -= 1;
                from = at + 1;
            }
        }
        if close.is_none() && self.depth == 0 {
            level |= between(from, BLOCK as u32);
        }
        let mut separators = masks.commas & !in_string & level;
        while separators != 0 {
            commas.push(start + separators.trailing_zeros() as usize);
            separators &= separators - 1;
        }
        close
    }
}

/// The bits `from..to` of a mask (`from <= to <= 64`).
#[inline(always)]
fn between(from: u32, to: u32) -> u64 {
    let below = |n: u32| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    below(to) & !below(from)
}

impl Strings {
    /// The quotes of a block that are not escaped, and the mask of its bytes in strings (the
    /// opening quotes included, the closing ones not); remembers the state at its last byte
    /// (at `last`) for the next block.
    #[inline(always)]
    fn block(&mut self, masks: Masks, last: usize) -> (u64, u64) {
        let quotes = masks.quotes & !self.escaped(masks.backslashes, last);
        let in_string = prefix_xor(quotes) ^ if self.in_string { u64::MAX } else { 0 };
        self.in_string = in_string >> last & 1 == 1;
        (quotes, in_string)
    }

    /// The bytes of a block that a backslash escapes, given its backslashes; remembers
    /// whether its last byte (at `last`) escapes the first byte of the next block.
    ///
    /// In a run of backslashes that is not itself escaped, every other one, from the first,
    /// escapes the byte after it: subtracting the run's start from the run's odd (or even)
    /// positions carries through it and marks where the escaping ones are.
    #[inline(always)]
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
#[inline(always)]
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

    /// The `,` between elements and the closing bracket of the array, in `text` (the inside
    /// of an array from the start of an element) fed in chunks of `chunk` bytes.
    fn split(text: &[u8], chunk: usize) -> (Vec<usize>, Option<usize>) {
        let mut splitter = Splitter::default();
        let mut commas = Vec::new();
        let mut done = 0;
        for piece in text.chunks(chunk) {
            let mut found = Vec::new();
            let close = splitter.scan(piece, usize::MAX, &mut found);
            commas.extend(found.into_iter().map(|at| done + at));
            if let Some(close) = close {
                return (commas, Some(done + close));
            }
            done += piece.len();
        }
        (commas, None)
    }

    /// The same, byte by byte: the definition the block scan must agree with.
    fn split_reference(text: &[u8]) -> (Vec<usize>, Option<usize>) {
        let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
        let mut commas = Vec::new();
        for (i, &b) in text.iter().enumerate() {
            let plain = !std::mem::take(&mut escaped);
            match b {
                b'\\' if plain => escaped = true,
                b'"' if plain => in_string = !in_string,
                _ if in_string => {}
                b'[' | b'{' => depth += 1,
                b']' | b'}' if depth == 0 => return (commas, Some(i)),
                b']' | b'}' => depth -= 1,
                b',' if depth == 0 => commas.push(i),
                _ => {}
            }
        }
        (commas, None)
    }

    #[test]
    fn elements_are_split_at_the_commas_of_their_array() {
        let text = br#"{"a": [1, 2], "b": "x,]"}, [3, {"c": 4}] , "\\",7]], 8"#;
        let want = (vec![25, 41, 47], Some(49));
        assert_eq!(split_reference(text), want);
        for chunk in 1..=text.len() {
            assert_eq!(split(text, chunk), want, "chunks of {chunk}");
        }
        assert_eq!(split(b"1, 2", 4), (vec![1], None));
        assert_eq!(split(b"]", 1), (vec![], Some(0)));
    }

    /// Asked to stop at a `,` at or after an index, the scan ends with the block of the first
    /// one: the commas up to there, no close beyond.
    #[test]
    fn the_split_stops_after_the_block_of_enough() {
        let mut text = vec![b'1'; 3 * BLOCK];
        text[10] = b',';
        text[70] = b',';
        text[80] = b',';
        text[150] = b']';
        let scan = |enough| {
            let mut commas = Vec::new();
            let close = Splitter::default().scan(&text, enough, &mut commas);
            (commas, close)
        };
        assert_eq!(scan(0), (vec![10], None));
        assert_eq!(scan(11), (vec![10, 70, 80], None));
        assert_eq!(scan(81), (vec![10, 70, 80], Some(150)));
    }

    /// Random texts of the bytes that matter, commas among them, up to a few blocks long, in
    /// every chunking: the block scan finds what the byte-by-byte definition finds.
    #[test]
    fn the_split_agrees_with_the_byte_by_byte_definition() {
        for text in random_texts(b"\"\\[]{},a ", 0x9E37_79B9_7F4A_7C15) {
            agree_in_chunks(&text, split_reference(&text), split);
        }
    }

    /// Texts of random bytes of `alphabet`, drawn from `seed`, of every length from 1 to three
    /// blocks (20,000 of them, 20 under miri).
    fn random_texts(alphabet: &[u8], seed: u64) -> Vec<Vec<u8>> {
        let mut words = crate::test_rng::xorshift(seed);
        let mut next = move |n: usize| (words() % n as u64) as usize;
        let cases = if cfg!(miri) { 20 } else { 20_000 };
        (0..cases)
            .map(|_| {
                let len = 1 + next(3 * BLOCK);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            })
            .collect()
    }

    /// Asserts that `scan` finds `want` in `text` fed in chunks of 1, 7, 63, 64 bytes and
    /// whole.
    fn agree_in_chunks<W: PartialEq + std::fmt::Debug>(
        text: &[u8],
        want: W,
        scan: impl Fn(&[u8], usize) -> W,
    ) {
        for chunk in [1, 7, BLOCK - 1, BLOCK, text.len()] {
            assert_eq!(
                scan(text, chunk),
                want,
                "{:?} in chunks of {chunk}",
                String::from_utf8_lossy(text)
            );
        }
    }

    /// Texts made of the bytes that matter (quotes, runs of backslashes, brackets) and others,
    /// of every length up to a few blocks, in every chunking: the block scan finds the end
    /// the byte-by-byte definition finds.
    #[test]
    fn the_block_scan_agrees_with_the_byte_by_byte_definition() {
        for (i, mut text) in random_texts(b"\"\\[]{}a ", 0x2545_f491_4f6c_dd1d)
            .into_iter()
            .enumerate()
        {
            text[0] = b"[{\""[i % 3];
            agree_in_chunks(&text, reference(&text), frame);
        }
    }
}
