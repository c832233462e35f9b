//! Bounded memory on the writing side: dumping a struct that holds a 1 GiB text blob read from
//! a generating `Read` and a lazy sequence of 10 million points, and loading a 1 GiB string
//! through `blob::load_map` into a hashing sink, each keep the peak heap under 4 MiB; so does
//! copying a document of a huge string and a huge array with `JsonWriter::copy_value`.
//!
//! Sizes: `JSONSTREAM_MEMORY_TEST_BYTES` (blob and string bytes, default 1 GiB) and
//! `JSONSTREAM_MEMORY_TEST_ITEMS` (points, default 10,000,000). Measured by a counting global
//! allocator installed in this test binary only.

use std::io::{self, Read, Write};

use jsonstream::blob::{self, BlobSink};
use jsonstream::{Blob, IterSeq};
use jsonstream::{JsonReader, JsonWriter};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::{env_u64, huge_string, target_bytes, RecordArrayReader};
use serde::Serialize;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const PEAK_LIMIT: usize = 4 << 20;

/// Number of points of the lazy sequence: `JSONSTREAM_MEMORY_TEST_ITEMS`, default 10 million.
fn items() -> u64 {
    env_u64("JSONSTREAM_MEMORY_TEST_ITEMS", 10_000_000)
}

/// Text with every escape class and multi-byte UTF-8, repeated whole in the blobs.
const TEXT: &str = "plain words, \"quoted\", back\\slash, tab\there, newline\n, \
                    controls \u{1}\u{1f}\u{7f}, é€😀 \u{2028}\u{2029} a/b | ";

/// Whole repetitions of [`TEXT`] making at least `bytes` bytes.
fn repetitions(bytes: u64) -> u64 {
    bytes.div_ceil(TEXT.len() as u64)
}

/// `head`, then `body` `reps` times, then `tail`, generated while read; every `read` is
/// filled.
struct Repeat {
    parts: [(Vec<u8>, u64); 3],
    part: usize,
    pos: usize,
    done: u64,
}

impl Repeat {
    fn new(head: &[u8], body: &[u8], reps: u64, tail: &[u8]) -> Self {
        Repeat {
            parts: [
                (head.to_vec(), 1),
                (body.to_vec(), reps),
                (tail.to_vec(), 1),
            ],
            part: 0,
            pos: 0,
            done: 0,
        }
    }
}

impl Read for Repeat {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < out.len() && self.part < self.parts.len() {
            let (bytes, reps) = &self.parts[self.part];
            if self.done == *reps || bytes.is_empty() {
                self.part += 1;
                self.done = 0;
                continue;
            }
            let n = (bytes.len() - self.pos).min(out.len() - filled);
            out[filled..filled + n].copy_from_slice(&bytes[self.pos..self.pos + n]);
            filled += n;
            self.pos += n;
            if self.pos == bytes.len() {
                self.pos = 0;
                self.done += 1;
            }
        }
        Ok(filled)
    }
}

/// An `io::Write` that keeps only a count, an FNV-1a hash and the last bytes of what it gets.
#[derive(Default)]
struct Digest {
    len: u64,
    hash: u64,
    tail: Vec<u8>,
}

const TAIL: usize = 256;

impl Digest {
    fn new() -> Self {
        Digest {
            len: 0,
            hash: 0xcbf2_9ce4_8422_2325,
            tail: Vec::with_capacity(2 * TAIL),
        }
    }
}

impl Write for Digest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.len += buf.len() as u64;
        for &b in buf {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        let keep = &buf[buf.len().saturating_sub(TAIL)..];
        if self.tail.len() + keep.len() > 2 * TAIL {
            self.tail.drain(..self.tail.len() + keep.len() - TAIL);
        }
        self.tail.extend_from_slice(keep);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl BlobSink for Digest {
    type Output = (u64, u64);

    fn finish(self) -> io::Result<(u64, u64)> {
        Ok((self.len, self.hash))
    }
}

#[derive(Serialize)]
struct Point {
    x: u64,
    y: f64,
    label: Option<&'static str>,
}

fn point(i: u64) -> Point {
    Point {
        x: i,
        y: i as f64 * 0.25,
        label: i.is_multiple_of(3).then_some("third"),
    }
}

#[derive(Serialize)]
struct Dataset<'a> {
    name: &'static str,
    text: Blob<'a>,
    points: IterSeq<'a, Point>,
    trailer: [u8; 3],
}

fn dataset<'a>(text_bytes: u64, points: u64) -> Dataset<'a> {
    Dataset {
        name: "generated",
        text: Blob::text(Repeat::new(
            b"",
            TEXT.as_bytes(),
            repetitions(text_bytes),
            b"",
        )),
        points: jsonstream::iter_seq((0..points).map(point)),
        trailer: [1, 2, 3],
    }
}

/// What the end of a dumped dataset with `points` points looks like.
fn expected_tail(points: u64) -> Vec<u8> {
    let mut tail = serde_json::to_vec(&point(points - 1)).unwrap();
    tail.extend_from_slice(br#"],"trailer":[1,2,3]}"#);
    tail
}

/// `TEXT` escaped, without quotes.
fn escaped_text() -> String {
    let quoted = serde_json::to_string(TEXT).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

#[test]
fn the_allocator_counts() {
    let _guard = serial();
    ALLOC.reset_peak();
    let v = std::hint::black_box(vec![1u8; 10 << 20]);
    drop(v);
    // Absolute, not relative to the reset: another thread (the test harness) may free memory
    // between the reset and the allocation, lowering the total the peak starts from.
    assert!(ALLOC.peak() >= 10 << 20);
}

#[test]
fn small_datasets_are_written_as_serde_json_writes_them() {
    let _guard = serial();
    for (bytes, points) in [(0, 1), (1, 2), (200_000, 1000)] {
        let ours = jsonstream::to_vec(&dataset(bytes, points)).unwrap();
        // serde_json streams blobs and lazy sequences too.
        let theirs = serde_json::to_vec(&dataset(bytes, points)).unwrap();
        assert_eq!(ours, theirs);
        assert!(ours.ends_with(&expected_tail(points)));
    }
}

#[test]
fn dumping_a_huge_blob_and_a_long_lazy_sequence_keeps_the_heap_small() {
    let _guard = serial();
    let (bytes, points) = (target_bytes(), items());
    let escaped_len = escaped_text().len() as u64 * repetitions(bytes);

    let value = dataset(bytes, points);
    let mut out = Digest::new();
    let baseline = ALLOC.reset_peak();
    let started = std::time::Instant::now();
    jsonstream::dump(&value, &mut out).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "dump: {} bytes ({bytes} bytes of text, {points} points) in {:?}, peak heap {peak} bytes",
        out.len,
        started.elapsed()
    );
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes");
    assert!(out.len > escaped_len + 20 * points);
    assert!(out.tail.ends_with(&expected_tail(points)));

    // The same through serde_json's serializer, which escapes `collect_str` as it goes.
    let value = dataset(bytes / 8, points / 8);
    let mut theirs = Digest::new();
    let baseline = ALLOC.reset_peak();
    serde_json::to_writer(&mut theirs, &value).unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes with serde_json");
    assert!(theirs.tail.ends_with(&expected_tail(points / 8)));
}

#[test]
fn copying_a_huge_string_and_a_huge_array_keeps_the_heap_small() {
    let _guard = serial();
    let bytes = target_bytes() / 4;
    let document = b"{\"text\": "
        .chain(huge_string(bytes))
        .chain(&b", \"records\": "[..])
        .chain(RecordArrayReader::new(bytes))
        .chain(&b"}"[..]);
    let baseline = ALLOC.reset_peak();
    let mut reader = JsonReader::new(document);
    let mut writer = JsonWriter::pretty(Digest::new());
    writer.copy_value(&mut reader).unwrap();
    reader.finish().unwrap();
    let out = writer.finish().unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes");
    // The string's escapes are rewritten, the records indented: more than went in.
    assert!(out.len > 2 * bytes, "{} bytes written", out.len);
    assert!(out.tail.ends_with(b"\n  ]\n}"));
}

#[test]
fn dump_map_of_huge_sources_keeps_the_heap_small() {
    let _guard = serial();
    let bytes = target_bytes() / 4;
    let reps = repetitions(bytes);
    let sources = [("big1", reps), ("big2", reps), ("small", 1)]
        .map(|(key, reps)| (key, Repeat::new(b"", TEXT.as_bytes(), reps, b"")));
    let baseline = ALLOC.reset_peak();
    let out = blob::dump_map(Digest::new(), sources).unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes");
    let escaped = escaped_text();
    assert_eq!(
        out.len,
        (escaped.len() as u64) * (2 * reps + 1)
            + r#"{"big1":"","big2":"","small":""}"#.len() as u64
    );
    assert!(out
        .tail
        .ends_with(format!(r#""small":"{escaped}"}}"#).as_bytes()));
}

#[test]
fn loading_a_huge_string_into_a_sink_keeps_the_heap_small() {
    let _guard = serial();
    let reps = repetitions(target_bytes());
    let escaped = escaped_text();
    let json = Repeat::new(
        br#"{"big": ""#,
        escaped.as_bytes(),
        reps,
        br#"", "small": "x\u00e9"}"#,
    );

    let mut expected = Digest::new();
    for _ in 0..reps {
        expected.write_all(TEXT.as_bytes()).unwrap();
    }

    let baseline = ALLOC.reset_peak();
    let started = std::time::Instant::now();
    let loaded = blob::load_map(json, |_key| Ok(Digest::new())).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "load_map: {} bytes in {:?}, peak heap {peak} bytes",
        expected.len,
        started.elapsed()
    );
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes");
    assert_eq!(loaded.len(), 2);
    assert_eq!(loaded[0].0, "big");
    assert_eq!(loaded[0].1, (expected.len, expected.hash));
    let mut small = Digest::new();
    small.write_all("x\u{e9}".as_bytes()).unwrap();
    assert_eq!(loaded[1], ("small".to_owned(), (small.len, small.hash)));
}
