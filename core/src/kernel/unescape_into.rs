//! The content of a string appended to a `Vec<u8>` unescaped, in one pass that copies while it
//! scans: the mirror image of [`escape_into`](super::escape_into). Each block of input is
//! stored whole into the `Vec`'s spare capacity, then the end of the output moves on past the
//! block, or to its first `"`, `\` or control byte; a two-byte escape (`\n`, `\"`, …) is decoded
//! there and the next block starts after it. Anything else (`\u`, a control byte, a run that is
//! not UTF-8, a run that the input ends in) stops the pass, for the scanner's general path to
//! read from there, errors and all. Unescaping never lengthens its input, so room for a chunk
//! of input and a block's overshoot is reserved once per chunk and no store checks it.
//!
//! 16 bytes at a time over the baseline [`Vector`] (SSE2 on x86-64, NEON on aarch64), the last
//! 15 bytes or fewer gathered into a vector from overlapping word loads, as no block may be read
//! past the input. On other targets, the scalar twin [`unescape_words`] (eight bytes at a time
//! in a `u64`), which the vector path is tested against.

use std::mem::MaybeUninit;

#[cfg(vector_kernels)]
use super::special::special;
#[cfg(vector_kernels)]
use super::vector::{first_lane, lanes_before, Vector};
use crate::lex::escape::unescape_short;
#[cfg(any(test, not(vector_kernels)))]
use crate::lex::escape::{special_lanes, SPECIAL};
use crate::lex::utf8;

/// Input bytes scanned per reservation: the room reserved stays small next to the output
/// however long the string is, and next to the input when the string is short.
const CHUNK: usize = 16 * 1024;

/// Bytes that a block store may write past the end of the unescaped output.
const SLACK: usize = 16;

/// How far one chunk's scan got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scan {
    /// Input bytes settled: copied (valid UTF-8, each run up to a special byte), decoded, or
    /// the closing quote.
    read: usize,
    /// Output bytes they make.
    written: usize,
    /// Why the scan ended.
    end: End,
}

/// Why a chunk's scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// The closing quote was read.
    Closed,
    /// At a byte that the general path reads: `\` not followed by a two-byte escape in the
    /// input, a control byte, or a run that is not UTF-8 (the scan stops at its start).
    Blocked,
    /// The scan reached the end of the chunk; the run after `read` has no special byte yet.
    Ran,
}

/// Appends to `out` the string content at the start of `src` (after the opening quote)
/// unescaped, as far as it is made of runs of UTF-8 and two-byte escapes; returns how many
/// bytes of `src` it read, and whether the last was the closing quote. It stops before
/// anything else, before a run that `src` ends in, and before a run longer than a chunk. `out`
/// grows by at most the bytes read (fewer for each escape and the quote), so a caller that cuts
/// `src` at one byte past the room left for a string's content stays within it.
pub(crate) fn unescape_into(out: &mut Vec<u8>, src: &[u8]) -> (usize, bool) {
    let mut read = 0;
    loop {
        let rest = &src[read..];
        let end = rest.len().min(CHUNK);
        out.reserve(end + SLACK);
        let scan = scan_chunk(rest, end, out.spare_capacity_mut());
        // SAFETY: the scan wrote the first `scan.written` bytes of the spare capacity.
        unsafe { out.set_len(out.len() + scan.written) };
        read += scan.read;
        match scan.end {
            End::Closed => return (read, true),
            End::Ran if scan.read > 0 && end < rest.len() => {}
            _ => return (read, false),
        }
    }
}

/// Unescapes `src` into `dst` as [`unescape_into`] does, scanning no block that starts at or
/// after `end` (`src` goes on past it so that blocks need not stop there).
#[inline(always)]
fn scan_chunk(src: &[u8], end: usize, dst: &mut [MaybeUninit<u8>]) -> Scan {
    assert!(end <= src.len() && dst.len() >= end + SLACK);
    #[cfg(vector_kernels)]
    {
        // SAFETY: `dst` has the room (asserted).
        unsafe { vectors(src, end, dst.as_mut_ptr().cast()) }
    }
    #[cfg(not(vector_kernels))]
    {
        unescape_words(src, end, dst)
    }
}

/// [`scan_chunk`] 16 bytes at a time: each block is loaded (or gathered from the last 15 bytes
/// or fewer by [`Vector::from_tail`]), stored whole at the end of the output, and the scan moves
/// past it or to its first special lane. Whether the run before that lane has a byte above 0x7F
/// is kept from the blocks' high bits, so that only such runs are validated as UTF-8.
///
/// # Safety
///
/// `end <= src.len()`, and `dst` is valid for writes of `end + SLACK` bytes. Every store stays
/// inside: a block is stored at an output position no further than the input position where it
/// was loaded, which is below `end`; an escape's byte at one no further than its backslash,
/// which is in the block.
#[cfg(vector_kernels)]
#[inline(always)]
unsafe fn vectors(src: &[u8], end: usize, dst: *mut u8) -> Scan {
    let mut read = 0;
    let mut at = 0;
    // Where the byte at `at` goes: the run from `read` is copied one for one.
    let mut o = 0;
    // High bits of the run from `read` to `at`.
    let mut high = 0u64;
    while at < end {
        let rest = src.len() - at;
        // SAFETY: the load reads `src[at..at + 16]`, in bounds when 16 bytes are left (else the
        // block is gathered from the slice); the store writes 16 bytes at `o <= at < end`,
        // within the room.
        let (specials, highs) = unsafe {
            let (v, lanes) = if rest >= 16 {
                (Vector::load(src.as_ptr().add(at)), lanes_before(16))
            } else {
                (Vector::from_tail(&src[at..]), lanes_before(rest))
            };
            v.store(dst.add(o));
            (special(v) & lanes, v.high_lanes())
        };
        if specials == 0 {
            high |= highs;
            at += 16;
            o += 16;
            continue;
        }
        let lane = first_lane(specials);
        high |= highs & lanes_before(lane);
        at += lane;
        o += lane;
        if high != 0 && !utf8::is_utf8(&src[read..at]) {
            let written = o - (at - read);
            return Scan {
                read,
                written,
                end: End::Blocked,
            };
        }
        // SAFETY: `at` is one of the `rest` lanes of the block at the old `at`, in `src`.
        let b = unsafe { *src.get_unchecked(at) };
        if b == b'\\' {
            if let Some(c) = src.get(at + 1).and_then(|&b| unescape_short(b)) {
                // SAFETY: `o <= at`, and `at` is in the block loaded below `end`, so within
                // the room.
                unsafe { dst.add(o).write(c) };
                o += 1;
                at += 2;
                read = at;
                high = 0;
                continue;
            }
        }
        let (read, end) = match b {
            b'"' => (at + 1, End::Closed),
            _ => (at, End::Blocked),
        };
        return Scan {
            read,
            written: o,
            end,
        };
    }
    Scan {
        read,
        written: o - (at - read),
        end: End::Ran,
    }
}

/// [`scan_chunk`] without vectors, the twin that the vector path is tested against: eight bytes
/// at a time in a `u64`, each word stored whole and the scan moved to its first special byte
/// ([`special_lanes`]) or past it; the last seven bytes or fewer one at a time.
#[cfg(any(test, not(vector_kernels)))]
fn unescape_words(src: &[u8], end: usize, dst: &mut [MaybeUninit<u8>]) -> Scan {
    assert!(end <= src.len() && dst.len() >= end + SLACK);
    let mut read = 0;
    let mut written = 0;
    let mut at = 0;
    while at < end {
        let o = written + (at - read);
        let (step, lane) = match src.get(at..at + 8) {
            Some(word) => {
                for (d, &b) in dst[o..o + 8].iter_mut().zip(word) {
                    d.write(b);
                }
                let mask = special_lanes(u64::from_le_bytes(word.try_into().unwrap()));
                (8, (mask != 0).then(|| (mask.trailing_zeros() / 8) as usize))
            }
            None => {
                dst[o].write(src[at]);
                (1, SPECIAL[usize::from(src[at])].then_some(0))
            }
        };
        let Some(lane) = lane else {
            at += step;
            continue;
        };
        at += lane;
        if !utf8::is_utf8(&src[read..at]) {
            return Scan {
                read,
                written,
                end: End::Blocked,
            };
        }
        written += at - read;
        read = at;
        match src[at] {
            b'"' => {
                return Scan {
                    read: at + 1,
                    written,
                    end: End::Closed,
                }
            }
            b'\\' => match src.get(at + 1).and_then(|&b| unescape_short(b)) {
                Some(c) => {
                    dst[written].write(c);
                    written += 1;
                    at += 2;
                    read = at;
                }
                None => {
                    return Scan {
                        read,
                        written,
                        end: End::Blocked,
                    }
                }
            },
            _ => {
                return Scan {
                    read,
                    written,
                    end: End::Blocked,
                }
            }
        }
    }
    Scan {
        read,
        written,
        end: End::Ran,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::for_each_run;

    /// The definition, byte by byte: where a scan of `src` up to `end` stops, and the bytes it
    /// writes.
    fn reference(src: &[u8], end: usize) -> (Scan, Vec<u8>) {
        let mut out = Vec::new();
        let mut read = 0;
        let mut at = 0;
        let stop = loop {
            // Runs are scanned from block starts below `end`: a special byte is found up to
            // 15 bytes past it.
            while at < src.len() && !SPECIAL[usize::from(src[at])] {
                at += 1;
            }
            if at == src.len() || at >= end + 15 {
                break End::Ran;
            }
            let Ok(run) = std::str::from_utf8(&src[read..at]) else {
                break End::Blocked;
            };
            out.extend_from_slice(run.as_bytes());
            read = at;
            match (src[at], src.get(at + 1).and_then(|&b| unescape_short(b))) {
                (b'"', _) => {
                    read += 1;
                    break End::Closed;
                }
                (b'\\', Some(c)) => {
                    out.push(c);
                    at += 2;
                    read = at;
                }
                _ => break End::Blocked,
            }
        };
        let scan = Scan {
            read,
            written: out.len(),
            end: stop,
        };
        (scan, out)
    }

    /// Runs `kernel` on `src` up to `end` into a fresh buffer, the room past it filled with a
    /// marker; returns the scan and the bytes written, and checks that nothing past the room
    /// was touched.
    fn run(
        src: &[u8],
        end: usize,
        kernel: impl Fn(&[u8], usize, &mut [MaybeUninit<u8>]) -> Scan,
    ) -> (Scan, Vec<u8>) {
        let room = end + SLACK;
        let mut buffer = vec![MaybeUninit::new(0xA5u8); room + 8];
        let scan = kernel(src, end, &mut buffer[..room]);
        assert!(buffer[room..]
            .iter()
            // SAFETY: the buffer was initialized whole, and the kernels only write bytes.
            .all(|b| unsafe { b.assume_init() } == 0xA5));
        // SAFETY: as above.
        let out = buffer[..scan.written]
            .iter()
            .map(|b| unsafe { b.assume_init() })
            .collect();
        (scan, out)
    }

    /// Every path this machine has, on `src` cut at every `end`: each stops where the
    /// definition does (or, having reached `end`, before the run it is in) with its bytes.
    fn check(src: &[u8]) {
        let ends: Vec<usize> = if cfg!(miri) {
            vec![0, src.len() / 2, src.len()]
        } else {
            (0..=src.len()).collect()
        };
        for end in ends {
            let want = reference(src, end);
            let (scalar, bytes) = run(src, end, unescape_words);
            check_scan(src, end, &want, (scalar, bytes), "scalar");
            #[cfg(vector_kernels)]
            {
                // SAFETY: `run` hands the kernel exactly the room it needs.
                let vectors = |src: &[u8], end, dst: &mut [MaybeUninit<u8>]| unsafe {
                    vectors(src, end, dst.as_mut_ptr().cast())
                };
                check_scan(src, end, &want, run(src, end, vectors), "vectors");
            }
        }
        // The whole, through the `Vec`, after what is there; for a closed string, what
        // serde_json reads.
        let mut out = b"prefix".to_vec();
        let (read, closed) = unescape_into(&mut out, src);
        let (scan, bytes) = reference(src, usize::MAX - 16);
        assert_eq!(
            (read, closed),
            (scan.read, scan.end == End::Closed),
            "{src:?}"
        );
        assert_eq!((&out[..6], &out[6..]), (&b"prefix"[..], &bytes[..]));
        if closed {
            let mut doc = b"\"".to_vec();
            doc.extend_from_slice(&src[..read]);
            let value: String = serde_json::from_slice(&doc).unwrap();
            assert_eq!(value.as_bytes(), bytes, "{src:?}");
        }
    }

    /// A kernel's scan of `src` up to `end` against the definition's: the same, except that a
    /// kernel that reaches an `end` before that of `src` may stop short of where the definition
    /// does (its blocks end anywhere up to 15 bytes past `end`), with the bytes so far.
    fn check_scan(
        src: &[u8],
        end: usize,
        want: &(Scan, Vec<u8>),
        got: (Scan, Vec<u8>),
        name: &str,
    ) {
        if got.0.end == End::Ran && end < src.len() {
            assert!(got.0.read <= want.0.read, "{name} {src:?} {end}");
            assert_eq!(got.1[..], want.1[..got.0.written], "{name} {src:?} {end}");
        } else {
            assert_eq!(&got, want, "{name} {src:?} {end}");
        }
    }

    #[test]
    fn every_path_stops_where_the_definition_does() {
        // Runs of plain ASCII, UTF-8 (0xC3 0xA9 is "é") and broken UTF-8, with a quote, a
        // backslash or a control byte at every position, followed by escape letters or not.
        let plain = [
            b'a', b' ', b'/', 0x7F, b'n', b'u', b't', 0xC3, 0xA9, b'"', b'\\',
        ];
        let ends = [b'"', b'\\', 0x00, 0x1F, b'\n', 0xC3];
        let cases = if cfg!(miri) { 30 } else { 3_000 };
        for_each_run(0x9E37_79B9_7F4A_7C15, &plain, &ends, cases, |text| {
            // Mostly valid UTF-8: a lone 0xA9 becomes "é" whole, but a 0xC3 is left alone.
            let text: Vec<u8> = text
                .iter()
                .flat_map(|&b| if b == 0xA9 { vec![0xC3, b] } else { vec![b] })
                .collect();
            check(&text);
        });
    }

    #[test]
    fn every_escape_in_every_lane() {
        let letters: Vec<u8> = if cfg!(miri) {
            b"n\"u".to_vec()
        } else {
            (0x20..=0x7F).collect()
        };
        let lanes = if cfg!(miri) { 7 } else { 1 };
        for &letter in &letters {
            for lane in (0..40).step_by(lanes) {
                let mut text = vec![b'x'; 42];
                text[lane] = b'\\';
                text[lane + 1] = letter;
                text[41] = b'"';
                check(&text);
            }
        }
    }

    #[test]
    fn long_strings_are_unescaped_across_chunks() {
        // Under miri, one string of a chunk and a bit with escapes; the last run, longer than a
        // chunk, is left to the general path.
        let (len, every) = if cfg!(miri) {
            (CHUNK + 40, &[7, CHUNK + 40][..])
        } else {
            (
                3 * CHUNK + 40,
                &[2, 7, 1000, CHUNK - 1, CHUNK, 3 * CHUNK + 40][..],
            )
        };
        for &escape_every in every {
            let mut text: Vec<u8> = (0..len)
                .flat_map(|i| match i % escape_every {
                    0 => vec![b'\\', b'n'],
                    _ => vec![b'a' + (i % 26) as u8],
                })
                .collect();
            text.push(b'"');
            let last_escape = text.iter().rposition(|&b| b == b'\\').unwrap();
            let last_run = text.len() - 1 - (last_escape + 2);
            text.extend_from_slice(b"after");
            let mut out = Vec::new();
            let (read, closed) = unescape_into(&mut out, &text);
            if last_run >= CHUNK {
                assert_eq!((read, closed), (last_escape + 2, false), "{escape_every}");
            } else {
                assert_eq!((read, closed), (text.len() - 5, true), "{escape_every}");
            }
            let mut doc = b"\"".to_vec();
            doc.extend_from_slice(&text[..read]);
            if !closed {
                doc.push(b'"');
            }
            let value: String = serde_json::from_slice(&doc).unwrap();
            assert_eq!(out, value.as_bytes(), "{escape_every}");
        }
    }
}
