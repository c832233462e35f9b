//! A string appended to a `Vec<u8>` as JSON string content, escaped byte for byte as serde_json
//! escapes it, in one pass that copies while it scans: each block of input is stored whole into
//! the `Vec`'s spare capacity, then the end of the output moves on past the block, or to its
//! first byte that needs an escape, where the escape is stored. Room for the worst case (six
//! output bytes per input byte, and a block's overshoot) is reserved once per chunk of input,
//! so no store checks it; the input is read once (a scan and then a copy read it twice).
//!
//! 16 bytes at a time over the baseline [`Vector`] (SSE2 on x86-64, NEON on aarch64), and on
//! x86-64 32 at a time with AVX2 for strings that long when the CPU has it (std's detection,
//! cached), 128 at a time along runs of plain text, whose input is asked for a page ahead; the
//! last 15 bytes or fewer are gathered into a vector from overlapping word loads
//! ([`Vector::from_tail`]), as no block may be read past the input. Strings of up to 32 bytes
//! with nothing to escape, most keys and many values, take a straight-line path without a loop
//! or a call. On other targets, the scalar twin [`escape_words`] (eight bytes at a time in a
//! `u64`), which the vector paths are tested against.

use std::mem::MaybeUninit;

#[cfg(vector_kernels)]
use super::special::special;
#[cfg(vector_kernels)]
use super::vector::{first_lane, lanes_before, Vector};
use crate::lex::escape::ESCAPES;
#[cfg(any(test, not(vector_kernels)))]
use crate::lex::escape::{special_lanes, SPECIAL};

/// Input bytes escaped per reservation: the room reserved for their worst case (six times as
/// much) stays small next to the output however long the string is.
const CHUNK: usize = 16 * 1024;

/// Bytes that a block store may write past the end of the escaped output.
const SLACK: usize = 32;

/// How far ahead of a long run of plain text the AVX2 path asks for its input. The CPU's own
/// prefetchers stop at the end of each 4 KiB page, so a string far larger than the caches
/// would wait for memory at the start of every page, as its output pages fault in; a page
/// ahead keeps it coming (a 64 MiB `to_vec` takes 15 % less time).
#[cfg(all(vector_kernels, target_arch = "x86_64"))]
const PREFETCH_AHEAD: usize = 4096;

/// The room that escaping `len` bytes may write into (`escape` asserts it).
#[inline(always)]
const fn room(len: usize) -> usize {
    len * 6 + SLACK
}

/// Appends `s` to `out` escaped as the content of a JSON string, in quotes if `quoted`: `"`
/// and `\` backslash-escaped, control characters as `\b \f \n \r \t` or `\u00XX`, everything
/// else as it is.
///
/// A string of up to two blocks with nothing to escape (most keys) is appended inline by
/// [`push_short`], in straight-line code that needs no register saved where it is inlined;
/// anything else by a call to [`push_reserving`].
#[inline(always)]
pub(crate) fn push_escaped(out: &mut Vec<u8>, s: &str, quoted: bool) {
    let bytes = s.as_bytes();
    #[cfg(vector_kernels)]
    if push_short(out, bytes, quoted) {
        return;
    }
    push_reserving(out, bytes, quoted);
}

/// [`push_escaped`] of 1 to 32 bytes that need no escape, into room that is already there:
/// after the opening quote, one block (gathered by [`Vector::from_tail`] from fewer than 16
/// bytes) or two that may overlap (the first 16 bytes and the last 16) are stored whole, then
/// the closing quote after the bytes. `false` (and nothing written) for any other string.
#[cfg(vector_kernels)]
#[inline(always)]
fn push_short(out: &mut Vec<u8>, bytes: &[u8], quoted: bool) -> bool {
    let n = bytes.len();
    if !(1..=32).contains(&n) || out.capacity() - out.len() < 34 {
        return false;
    }
    let q = usize::from(quoted);
    let spare = out.spare_capacity_mut();
    // First, as the bytes of the string overwrite it when it is not counted.
    spare[0].write(b'"');
    let dst = spare.as_mut_ptr().cast::<u8>();
    if n < 16 {
        let v = Vector::from_tail(bytes);
        if special(v) & lanes_before(n) != 0 {
            return false;
        }
        // SAFETY: the store writes 16 bytes from the first or the second of the 34 or more of
        // the spare capacity (checked above).
        unsafe { v.store(dst.add(q)) };
    } else {
        // SAFETY: both loads read 16 bytes inside `bytes` (16 to 32 of them); the stores write
        // 16 bytes from at most the 18th of the 34 or more of the spare capacity (checked
        // above).
        unsafe {
            let first = Vector::load(bytes.as_ptr());
            let last = Vector::load(bytes.as_ptr().add(n - 16));
            if special(first) | special(last) != 0 {
                return false;
            }
            first.store(dst.add(q));
            last.store(dst.add(q + n - 16));
        }
    }
    spare[q + n].write(b'"');
    // SAFETY: the first `n + 2 * q` bytes of the spare capacity are written: the opening
    // quote (counted if `quoted`), the `n` bytes of the string and the closing quote (likewise).
    unsafe { out.set_len(out.len() + n + 2 * q) };
    true
}

/// [`push_escaped`] with room reserved first, in chunks of [`CHUNK`] bytes.
#[inline(never)]
fn push_reserving(out: &mut Vec<u8>, bytes: &[u8], quoted: bool) {
    if bytes.len() <= CHUNK {
        out.reserve(room(bytes.len()) + 2);
        return push_chunk(out, bytes, quoted, quoted);
    }
    // The output is at least as long as the input: one reservation for that and the last
    // chunk's worst case (rather than a reallocation at every doubling, and one that doubles
    // the whole output for the last chunk's room), then room for each chunk's worst case.
    out.reserve(bytes.len() + room(CHUNK) + 2);
    let last = (bytes.len() - 1) / CHUNK;
    for (i, chunk) in bytes.chunks(CHUNK).enumerate() {
        out.reserve(room(chunk.len()) + 2);
        push_chunk(out, chunk, quoted && i == 0, quoted && i == last);
    }
}

/// Appends `bytes` escaped, after a quote if `open` and before one if `close`, into room
/// already reserved for them (`escape` asserts it).
#[inline(always)]
fn push_chunk(out: &mut Vec<u8>, bytes: &[u8], open: bool, close: bool) {
    let spare = out.spare_capacity_mut();
    let mut len = usize::from(open);
    spare[0].write(b'"');
    len += escape(bytes, &mut spare[len..]);
    spare[len].write(b'"');
    len += usize::from(close);
    // SAFETY: `len` bytes at the start of the spare capacity are written: the opening quote
    // (counted if `open`), the escaped bytes (`escape` returns how many it wrote) and the
    // closing quote (counted if `close`).
    unsafe { out.set_len(out.len() + len) };
}

/// Writes `src` escaped at the start of `dst`, which must have room for [`room`]`(src.len())`
/// bytes; returns the number of bytes of escaped output (the bytes after them may have been
/// written too).
#[inline(always)]
fn escape(src: &[u8], dst: &mut [MaybeUninit<u8>]) -> usize {
    assert!(dst.len() >= room(src.len()));
    #[cfg(vector_kernels)]
    {
        #[cfg(target_arch = "x86_64")]
        if src.len() >= 32 && std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (detected just above); `dst` has the room (asserted).
            return unsafe { avx2(src, dst.as_mut_ptr().cast()) };
        }
        // SAFETY: `dst` has the room (asserted above).
        unsafe { vectors(src, dst.as_mut_ptr().cast()) }
    }
    #[cfg(not(vector_kernels))]
    {
        escape_words(src, dst)
    }
}

/// Writes the escape of `b` (a byte for which [`SPECIAL`] is true) at `dst`: eight bytes, of
/// which the escape is the first two or six; returns its length.
///
/// # Safety
///
/// `dst` is valid for writes of eight bytes.
#[cfg(vector_kernels)]
#[inline(always)]
unsafe fn put_escape(b: u8, dst: *mut u8) -> usize {
    let escape = &ESCAPES[usize::from(b)];
    // SAFETY: the caller guarantees eight writable bytes at `dst`; `escape` is eight bytes and
    // cannot overlap the output (a static).
    unsafe { dst.copy_from_nonoverlapping(escape.as_ptr(), 8) };
    usize::from(escape[7])
}

/// [`escape`] 16 bytes at a time: each block is loaded, stored whole at the end of the output,
/// and the output moves to its first special lane (then the escape is stored and the next
/// block starts after the special byte) or past it. The last 15 bytes or fewer are gathered
/// into a block by [`Vector::from_tail`], and the lanes past them ignored.
///
/// # Safety
///
/// `dst` is valid for writes of [`room`]`(src.len())` bytes. Every store stays inside: the
/// output is at most six bytes per byte read, and a store writes at most 16 bytes at an output
/// position reached by fewer than `src.len()` input bytes.
#[cfg(vector_kernels)]
#[inline(always)]
unsafe fn vectors(src: &[u8], dst: *mut u8) -> usize {
    let len = src.len();
    let mut i = 0;
    let mut o = 0;
    while i + 16 <= len {
        // SAFETY: `src[i..i + 16]` is in bounds (the loop condition); the store at `o` (at
        // most `6 * i`) stays within the room, as do the eight bytes of an escape.
        unsafe {
            let v = Vector::load(src.as_ptr().add(i));
            v.store(dst.add(o));
            let specials = special(v);
            if specials == 0 {
                i += 16;
                o += 16;
            } else {
                let lane = first_lane(specials);
                i += lane;
                o += lane;
                o += put_escape(src[i], dst.add(o));
                i += 1;
            }
        }
    }
    // The last 15 bytes or fewer: a block made in registers from overlapping loads of the
    // input (a copy on the stack loaded as a block would stall the load on the stores).
    while i < len {
        let rest = len - i;
        let v = Vector::from_tail(&src[i..]);
        // SAFETY: the output position `o` was reached by fewer than `len` input bytes, so the
        // 16-byte store and an escape's eight stay within the room.
        unsafe {
            v.store(dst.add(o));
            let specials = special(v) & lanes_before(rest);
            if specials == 0 {
                return o + rest;
            }
            let lane = first_lane(specials);
            i += lane;
            o += lane;
            o += put_escape(src[i], dst.add(o));
            i += 1;
        }
    }
    o
}

/// [`escape`] 32 bytes at a time while 32 remain, the rest by [`vectors`]. After a block with
/// nothing to escape, a run of plain text may go on: 128 bytes a step then, four blocks stored
/// and tested together, until a step holds a special byte, which the 32-byte step then finds.
/// (Only after a plain block, so that text with an escape every few bytes does not pay for
/// steps that fail.)
///
/// The long steps also ask for the input a page ahead ([`PREFETCH_AHEAD`]).
///
/// A lane is special if it is `"` or `\`, which a table lookup by its low four bits gives back
/// (`vpshufb`; no other byte equals its entry, and bytes with the high bit set look up zero), or
/// at most 0x1F, which for four blocks at once is a test of their lanes' minimum.
///
/// # Safety
///
/// The CPU has AVX2, and `dst` is valid for writes of [`room`]`(src.len())` bytes (the bounds
/// are those of [`vectors`], with blocks of 32 and 128 bytes read inside `src`).
#[cfg(all(vector_kernels, target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
unsafe fn avx2(src: &[u8], dst: *mut u8) -> usize {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_setr_epi8,
        _mm256_shuffle_epi8, _mm256_storeu_si256, _mm256_testz_si256, _mm_prefetch, _MM_HINT_T0,
    };
    const Q: i8 = b'"' as i8;
    const B: i8 = b'\\' as i8;
    let table = _mm256_setr_epi8(
        -1, -1, Q, -1, -1, -1, -1, -1, -1, -1, -1, -1, B, -1, -1, -1, //
        -1, -1, Q, -1, -1, -1, -1, -1, -1, -1, -1, -1, B, -1, -1, -1,
    );
    let quote_or_backslash = |v: __m256i| _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, v), v);
    // Equal to 0x1F exactly for the bytes up to 0x1F.
    let low = _mm256_set1_epi8(0x1F);
    let control = |v: __m256i| _mm256_cmpeq_epi8(_mm256_max_epu8(v, low), low);
    let len = src.len();
    let mut i = 0;
    let mut o = 0;
    while i + 32 <= len {
        // SAFETY: AVX2 is present (the caller's guarantee); `src[i..i + 32]` is in bounds (the
        // loop condition); the store at `o` (at most `6 * i`) and an escape's eight bytes stay
        // within the room.
        unsafe {
            let v = _mm256_loadu_si256(src.as_ptr().add(i).cast());
            _mm256_storeu_si256(dst.add(o).cast(), v);
            let any = _mm256_or_si256(quote_or_backslash(v), control(v));
            let special = _mm256_movemask_epi8(any) as u32;
            if special != 0 {
                let lane = special.trailing_zeros() as usize;
                i += lane;
                o += lane;
                o += put_escape(src[i], dst.add(o));
                i += 1;
                continue;
            }
            i += 32;
            o += 32;
        }
        while i + 128 <= len {
            // SAFETY: as above, with `src[i..i + 128]` in bounds; the stores write 128 bytes at
            // `o`, at most `6 * i`, where the room is at least `6 * (i + 128)`.
            unsafe {
                let from = src.as_ptr().add(i);
                // A hint, which may point past the input: the address is only computed.
                let ahead = from.wrapping_add(PREFETCH_AHEAD);
                _mm_prefetch::<_MM_HINT_T0>(ahead.cast());
                _mm_prefetch::<_MM_HINT_T0>(ahead.wrapping_add(64).cast());
                let [a, b, c, d] = [0, 32, 64, 96].map(|k| _mm256_loadu_si256(from.add(k).cast()));
                let to = dst.add(o);
                for (k, v) in [0, 32, 64, 96].into_iter().zip([a, b, c, d]) {
                    _mm256_storeu_si256(to.add(k).cast(), v);
                }
                let quotes_or_backslashes = _mm256_or_si256(
                    _mm256_or_si256(quote_or_backslash(a), quote_or_backslash(b)),
                    _mm256_or_si256(quote_or_backslash(c), quote_or_backslash(d)),
                );
                let least = _mm256_min_epu8(_mm256_min_epu8(a, b), _mm256_min_epu8(c, d));
                let any = _mm256_or_si256(quotes_or_backslashes, control(least));
                if _mm256_testz_si256(any, any) == 0 {
                    break;
                }
            }
            i += 128;
            o += 128;
        }
    }
    // SAFETY: `dst + o` has room for the rest: `o` is at most six times the `i` bytes read,
    // and the room left is at least `room(len - i)`.
    o + unsafe { vectors(&src[i..], dst.add(o)) }
}

/// [`escape`] without vectors, the twin that the vector paths are tested against: eight bytes at a
/// time in a `u64`, each word stored whole and the output moved to its first special byte
/// ([`special_lanes`]) or past it; the last seven bytes or fewer one at a time.
#[cfg(any(test, not(vector_kernels)))]
fn escape_words(src: &[u8], dst: &mut [MaybeUninit<u8>]) -> usize {
    assert!(dst.len() >= room(src.len()));
    let store = |dst: &mut [MaybeUninit<u8>], bytes: &[u8]| {
        for (d, &b) in dst.iter_mut().zip(bytes) {
            d.write(b);
        }
    };
    let mut i = 0;
    let mut o = 0;
    while let Some(chunk) = src.get(i..i + 8) {
        store(&mut dst[o..o + 8], chunk);
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mask = special_lanes(u64::from_le_bytes(word));
        if mask == 0 {
            i += 8;
            o += 8;
        } else {
            let lane = (mask.trailing_zeros() / 8) as usize;
            let escape = &ESCAPES[usize::from(chunk[lane])];
            store(&mut dst[o + lane..o + lane + 8], escape);
            o += lane + usize::from(escape[7]);
            i += lane + 1;
        }
    }
    for &b in &src[i..] {
        if SPECIAL[usize::from(b)] {
            let escape = &ESCAPES[usize::from(b)];
            store(&mut dst[o..o + 8], escape);
            o += usize::from(escape[7]);
        } else {
            dst[o].write(b);
            o += 1;
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::for_each_run;

    /// What serde_json writes for `text` (as a string value, in quotes).
    fn reference(text: &str) -> Vec<u8> {
        serde_json::to_vec(text).unwrap()
    }

    /// Escapes `text` with `kernel` into a fresh buffer, the room past the output filled with
    /// a marker; returns the output and checks that nothing past the room was touched.
    fn run(text: &[u8], kernel: impl Fn(&[u8], &mut [MaybeUninit<u8>]) -> usize) -> Vec<u8> {
        let mut buffer = vec![MaybeUninit::new(0xA5u8); room(text.len()) + 8];
        let len = kernel(text, &mut buffer[..room(text.len())]);
        assert!(buffer[room(text.len())..]
            .iter()
            // SAFETY: the buffer was initialized whole, and the kernels only write bytes.
            .all(|b| unsafe { b.assume_init() } == 0xA5));
        // SAFETY: as above.
        buffer[..len]
            .iter()
            .map(|b| unsafe { b.assume_init() })
            .collect()
    }

    /// Every path this machine has, on `text`: each must give serde_json's bytes.
    fn check(text: &[u8]) {
        let s = std::str::from_utf8(text).unwrap();
        let want = reference(s);
        let content = &want[1..want.len() - 1];
        assert_eq!(run(text, escape_words), content, "scalar {text:?}");
        assert_eq!(run(text, escape), content, "dispatched {text:?}");
        #[cfg(vector_kernels)]
        {
            // SAFETY: `run` hands the kernel exactly the room it needs.
            let vectors = |src: &[u8], dst: &mut [MaybeUninit<u8>]| unsafe {
                vectors(src, dst.as_mut_ptr().cast())
            };
            assert_eq!(run(text, vectors), content, "vectors {text:?}");
        }
        #[cfg(all(vector_kernels, target_arch = "x86_64"))]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2; `run` hands the kernel exactly the room it needs.
                let avx2 = |src: &[u8], dst: &mut [MaybeUninit<u8>]| unsafe {
                    avx2(src, dst.as_mut_ptr().cast())
                };
                assert_eq!(run(text, avx2), content, "avx2 {text:?}");
            }
        }
        // Without spare room (all through `push_reserving`) and with plenty (short plain
        // strings through `push_short`).
        for (quoted, capacity) in [(true, 0), (false, 0), (true, 64), (false, 64)] {
            let mut out = Vec::with_capacity(capacity);
            out.extend_from_slice(b"prefix");
            push_escaped(&mut out, s, quoted);
            let body = if quoted { &want[..] } else { content };
            assert_eq!(&out[..6], b"prefix");
            assert_eq!(&out[6..], body, "push_escaped {text:?} {capacity}");
        }
    }

    /// [`check`] of `background` with each of `bytes` in each of `lanes` (0xC3 followed by 0xA9,
    /// "é", so that the text stays UTF-8).
    fn check_each_byte_in_lanes(background: &[u8], bytes: &[u8], lanes: &[usize]) {
        for &b in bytes {
            for &lane in lanes {
                let mut text = background.to_vec();
                text[lane] = b;
                if b == 0xC3 {
                    text[lane + 1] = 0xA9;
                }
                check(&text);
            }
        }
    }

    #[test]
    fn every_path_writes_what_serde_json_writes() {
        // Runs of plain ASCII (and the lead bytes of two-byte UTF-8 sequences, whose
        // continuation bytes are appended below) with an escaped byte or none at every
        // position, at every alignment, of every length up to 70.
        let escaped = [b'"', b'\\', 0x00, 0x08, 0x0C, 0x1F, b'\n', b'\r', b'\t'];
        let plain = [b'a', b' ', b'/', 0x7F, b'!', b'#', b'[', b'~', 0xC3];
        let cases = if cfg!(miri) { 40 } else { 4_000 };
        for_each_run(0x2545_F491_4F6C_DD1D, &plain, &escaped, cases, |text| {
            // 0xC3 followed by 0xA9 is "é": complete every lead byte so the text is UTF-8.
            let text: Vec<u8> = text
                .iter()
                .flat_map(|&b| if b == 0xC3 { vec![b, 0xA9] } else { vec![b] })
                .collect();
            check(&text);
        });
    }

    #[test]
    fn runs_of_escapes_and_every_byte_in_every_lane() {
        // Under miri, the bytes at the edges of the classes, in a few lanes.
        let bytes: Vec<u8> = if cfg!(miri) {
            vec![0x00, 0x1F, 0x20, b'"', b'\\', b'a', 0x7F, 0xC3]
        } else {
            (0..=0x7F).chain([0xC3]).collect()
        };
        let step = if cfg!(miri) { 7 } else { 1 };
        let lanes: Vec<usize> = (0..40).step_by(step).collect();
        check_each_byte_in_lanes(&[b'x'; 41], &bytes, &lanes);
        for len in (0..70).step_by(step) {
            check(&vec![b'"'; len]);
            check(&vec![0x01; len]);
        }
    }

    #[test]
    fn runs_of_plain_text_stop_at_every_special_byte() {
        // A plain 32-byte block, two 128-byte steps and a tail, with one byte of every value
        // (two for "é") in every lane: the AVX2 path's long steps must stop at each special
        // byte and at none other. Under miri, which has no AVX2 and whose other paths the
        // tests above cover, a few bytes at the edges of the classes and of the steps.
        let len = 32 + 2 * 128 + 20;
        let (bytes, lanes): (Vec<u8>, Vec<usize>) = if cfg!(miri) {
            (
                vec![0x1F, 0x20, b'"', b'\\'],
                vec![0, 31, 32, 159, 160, 287, 288],
            )
        } else {
            ((0..=0x7F).chain([0xC3]).collect(), (0..len - 1).collect())
        };
        let background: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
        check_each_byte_in_lanes(&background, &bytes, &lanes);
    }

    #[test]
    fn long_strings_are_escaped_across_chunks() {
        // Under miri, one string just over a chunk, without and with escapes.
        let (len, every, cuts) = if cfg!(miri) {
            (CHUNK + 1, &[0, 7][..], &[CHUNK + 1][..])
        } else {
            (
                3 * CHUNK + 40,
                &[0, 1, 7, 1000, CHUNK - 1][..],
                &[CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 40][..],
            )
        };
        for &escape_every in every {
            let text: Vec<u8> = (0..len)
                .map(|i| match escape_every {
                    0 => b'a' + (i % 26) as u8,
                    n if i % n == 0 => b'\n',
                    _ => b'q',
                })
                .collect();
            for &cut in cuts {
                let s = std::str::from_utf8(&text[..cut]).unwrap();
                let mut out = Vec::new();
                push_escaped(&mut out, s, true);
                assert_eq!(out, reference(s), "{escape_every} {cut}");
                if escape_every == 0 && cut > CHUNK {
                    // One reservation: never doubled for the last chunk's room.
                    assert!(out.capacity() <= cut + room(CHUNK) + 2, "{cut}");
                }
            }
        }
    }
}
