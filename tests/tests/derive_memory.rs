//! Bounded memory with the derives: a blob field of 1 GB (by default; set
//! `JSONSTREAM_MEMORY_TEST_BYTES` to change it), also as an enum variant in a map's values and
//! in a record of `Loader::stream`, an array of 1 GB of records with blobs streamed by
//! `Loader::stream`, and a sequence field of 10 million elements
//! (`JSONSTREAM_MEMORY_TEST_ELEMENTS`) are loaded and dumped with a peak heap under 4 MiB.
//! Measured by a counting global allocator installed in this test binary only.

use std::io::{self, Read, Write};

use jsonstream::blob::{BlobField, BlobSink, BlobValue};
use jsonstream::{Dump, Load, Loader};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::{
    env_u64, huge_string, target_bytes, RecordArrayReader, FIRST_RECORD_ID, PATTERN, RECORD_TEXT,
};
use serde::{Deserialize, Serialize};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const PEAK_LIMIT: usize = 4 << 20;

/// Number of elements of the generated sequences: `JSONSTREAM_MEMORY_TEST_ELEMENTS`, default
/// 10 million.
fn target_elements() -> u64 {
    env_u64("JSONSTREAM_MEMORY_TEST_ELEMENTS", 10_000_000)
}

/// The length of the content and the wrapping sum of its bytes: what a blob field is loaded
/// into here instead of the content itself.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
struct Digest {
    len: u64,
    sum: u64,
}

impl Digest {
    fn add(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        let sum = bytes
            .iter()
            .fold(0u64, |sum, &b| sum.wrapping_add(u64::from(b)));
        self.sum = self.sum.wrapping_add(sum);
    }

    fn times(self, n: u64) -> Digest {
        Digest {
            len: self.len * n,
            sum: self.sum.wrapping_mul(n),
        }
    }
}

impl Write for Digest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl BlobSink for Digest {
    type Output = Digest;

    fn finish(self) -> io::Result<Digest> {
        Ok(self)
    }
}

impl BlobValue for Digest {
    type Sink = Digest;

    fn open_sink(_field: &BlobField<'_>) -> io::Result<Digest> {
        Ok(Digest::default())
    }
}

/// The digest of the content of `huge_string(len)`, once unescaped.
fn huge_string_digest(len: u64) -> Digest {
    let mut quoted = vec![b'"'];
    quoted.extend_from_slice(PATTERN);
    quoted.push(b'"');
    let pattern: String = serde_json::from_slice(&quoted).unwrap();
    let mut once = Digest::default();
    once.add(pattern.as_bytes());
    once.times(len.div_ceil(PATTERN.len() as u64))
}

#[derive(Load)]
struct Upload {
    name: String,
    #[jsonstream(blob)]
    content: Digest,
    tail: Vec<u32>,
}

#[test]
fn a_huge_blob_field_is_loaded_in_bounded_memory() {
    let _guard = serial();
    let len = target_bytes();
    let expected = huge_string_digest(len);

    let doc = (&br#"{"name": "big", "content": "#[..])
        .chain(huge_string(len))
        .chain(&br#", "tail": [1, 2, 3]}"#[..]);
    let baseline = ALLOC.reset_peak();
    let upload = jsonstream::load::<Upload, _>(doc).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "loading a blob of {len} bytes: peak heap {} KiB",
        peak >> 10
    );

    assert_eq!(upload.name, "big");
    assert_eq!(upload.tail, [1, 2, 3]);
    assert_eq!(upload.content, expected);
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes loading a blob of {len} bytes"
    );
}

#[test]
fn a_huge_blob_in_a_record_of_loader_stream_is_loaded_in_bounded_memory() {
    let _guard = serial();
    let len = target_bytes();
    let expected = huge_string_digest(len);

    let doc = (&br#"[{"name": "small", "content": "x", "tail": []}, {"name": "big", "content": "#
        [..])
        .chain(huge_string(len))
        .chain(&br#", "tail": [1]}, {"name": "last", "content": "", "tail": [2]}]"#[..]);
    let baseline = ALLOC.reset_peak();
    let mut loader = Loader::new();
    let mut uploads = loader.stream::<Upload, _>(doc);
    let small = uploads.next().unwrap().unwrap();
    let big = uploads.next().unwrap().unwrap();
    let last = uploads.next().unwrap().unwrap();
    assert!(uploads.next().is_none());
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "streaming a record with a blob of {len} bytes: peak heap {} KiB",
        peak >> 10
    );

    assert_eq!((small.name.as_str(), small.content.len), ("small", 1));
    assert_eq!(
        (big.name.as_str(), big.content, big.tail),
        ("big", expected, vec![1])
    );
    assert_eq!((last.name.as_str(), last.tail), ("last", vec![2]));
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes streaming a record with a blob of {len} bytes"
    );
}

/// A record of the generated array, its text streamed into a digest.
#[derive(Load)]
struct GeneratedRecord {
    id: u64,
    name: String,
    flags: Vec<Option<bool>>,
    score: f64,
    #[jsonstream(blob)]
    text: Digest,
}

#[test]
fn loader_stream_of_a_huge_array_of_records_is_bounded() {
    let _guard = serial();
    let mut text = Digest::default();
    text.add(RECORD_TEXT.as_bytes());
    let mut gen = RecordArrayReader::new(target_bytes());
    let baseline = ALLOC.reset_peak();
    let mut loader = Loader::new();
    let mut count = 0;
    for record in loader.stream::<GeneratedRecord, _>(&mut gen) {
        let record = record.unwrap_or_else(|e| panic!("record {count}: {e}"));
        assert_eq!(record.id, FIRST_RECORD_ID + count);
        assert_eq!(record.text, text);
        if count.is_multiple_of(4096) {
            assert_eq!(record.name, format!("rec-{}", record.id));
            assert_eq!(record.flags, [Some(true), Some(false), None]);
            assert_eq!(record.score, 0.5);
        }
        count += 1;
    }
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "Loader::stream of {} bytes ({count} records): peak heap {} KiB",
        gen.produced(),
        peak >> 10
    );
    assert_eq!(count, gen.records(), "every record was yielded");
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes streaming {} bytes of records",
        gen.produced()
    );
}

/// A blob as an enum variant's newtype field, in the values of a map.
#[derive(Load)]
enum Attachment {
    Inline(#[jsonstream(blob)] Digest),
    Missing,
}

#[test]
fn a_huge_blob_in_a_map_of_enum_values_is_loaded_in_bounded_memory() {
    let _guard = serial();
    let len = target_bytes();
    let expected = huge_string_digest(len);

    let doc = (&br#"{"a": "Missing", "big": {"Inline": "#[..])
        .chain(huge_string(len))
        .chain(&br#"}, "small": {"Inline": "x"}}"#[..]);
    let baseline = ALLOC.reset_peak();
    let map: std::collections::BTreeMap<String, Attachment> = jsonstream::load(doc).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "loading a blob of {len} bytes in a map: peak heap {} KiB",
        peak >> 10
    );

    assert!(matches!(map["a"], Attachment::Missing));
    match &map["big"] {
        Attachment::Inline(digest) => assert_eq!(*digest, expected),
        Attachment::Missing => panic!("the big blob was not loaded"),
    }
    assert!(matches!(
        map["small"],
        Attachment::Inline(Digest { len: 1, .. })
    ));
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes loading a blob of {len} bytes in a map"
    );
}

/// `len` bytes of UTF-8 text with characters to escape, generated lazily.
struct Text {
    left: u64,
    pos: usize,
}

const LINE: &[u8] = "a line with \"quotes\", a tab\t, é and 😀\n".as_bytes();

impl Read for Text {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // Whole lines only, so that a character is never cut at the end.
        let n = (LINE.len() - self.pos)
            .min(out.len())
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        out[..n].copy_from_slice(&LINE[self.pos..self.pos + n]);
        self.pos = (self.pos + n) % LINE.len();
        self.left -= n as u64;
        Ok(n)
    }
}

#[derive(Dump)]
struct Outgoing<R> {
    name: &'static str,
    #[jsonstream(blob)]
    content: R,
}

#[test]
fn a_huge_blob_field_is_dumped_in_bounded_memory() {
    let _guard = serial();
    let lines = target_bytes().div_ceil(LINE.len() as u64);
    let escaped_line = serde_json::to_string(std::str::from_utf8(LINE).unwrap()).unwrap();
    let escaped_line = &escaped_line[1..escaped_line.len() - 1];

    let outgoing = Outgoing {
        name: "big",
        content: Text {
            left: lines * LINE.len() as u64,
            pos: 0,
        },
    };
    let mut out = Digest::default();
    let baseline = ALLOC.reset_peak();
    jsonstream::dump(outgoing, &mut out).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!(
        "dumping a blob of {} bytes: peak heap {} KiB",
        out.len,
        peak >> 10
    );

    let mut expected = Digest::default();
    expected.add(br#"{"name":"big","content":""#);
    let mut line = Digest::default();
    line.add(escaped_line.as_bytes());
    let lines_digest = line.times(lines);
    expected.len += lines_digest.len + 2;
    expected.sum = expected
        .sum
        .wrapping_add(lines_digest.sum)
        .wrapping_add(u64::from(b'"') + u64::from(b'}'));
    assert_eq!(out, expected);
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes dumping a blob of {} bytes",
        lines * LINE.len() as u64
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
struct DataPoint {
    timestamp: u64,
    value: f64,
}

fn point(i: u64) -> DataPoint {
    DataPoint {
        timestamp: i,
        value: i as f64 * 0.5,
    }
}

#[derive(Dump, Load)]
struct TimeSeries<D> {
    name: String,
    #[jsonstream(seq, item = "DataPoint")]
    data: D,
}

/// A running statistic: the elements are counted and summed, never held.
#[derive(Default)]
struct Stats {
    count: u64,
    next_timestamp: u64,
    sum: f64,
}

impl Extend<DataPoint> for Stats {
    fn extend<I: IntoIterator<Item = DataPoint>>(&mut self, points: I) {
        for p in points {
            assert_eq!(p.timestamp, self.next_timestamp, "in order, none lost");
            self.next_timestamp += 1;
            self.count += 1;
            self.sum += p.value;
        }
    }
}

/// `{"name": "sensor", "data": [ … n points … ]}`, generated lazily.
struct SeriesDoc {
    n: u64,
    next: u64,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl SeriesDoc {
    fn new(n: u64) -> Self {
        SeriesDoc {
            n,
            next: 0,
            buf: br#"{"name": "sensor", "data": ["#.to_vec(),
            pos: 0,
            done: false,
        }
    }

    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        while self.buf.len() < 4096 && self.next < self.n {
            if self.next > 0 {
                self.buf.push(b',');
            }
            serde_json::to_writer(&mut self.buf, &point(self.next)).unwrap();
            self.next += 1;
        }
        if self.buf.is_empty() && !self.done {
            self.buf.extend_from_slice(b"]}");
            self.done = true;
        }
    }
}

impl Read for SeriesDoc {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            self.refill();
        }
        let n = (self.buf.len() - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn a_huge_seq_field_is_loaded_in_bounded_memory() {
    let _guard = serial();
    let n = target_elements();

    // The generator is valid JSON (checked on a small one).
    let mut small = Vec::new();
    SeriesDoc::new(3).read_to_end(&mut small).unwrap();
    let small: serde_json::Value = serde_json::from_slice(&small).unwrap();
    assert_eq!(small["data"][2]["value"], 1.0);

    let baseline = ALLOC.reset_peak();
    let series: TimeSeries<Stats> = jsonstream::load(SeriesDoc::new(n)).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!("loading {n} elements: peak heap {} KiB", peak >> 10);

    assert_eq!(series.name, "sensor");
    assert_eq!(series.data.count, n);
    assert_eq!(series.data.sum, (0..n).map(|i| point(i).value).sum::<f64>());
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes loading {n} elements"
    );
}

#[test]
fn a_huge_seq_field_is_dumped_in_bounded_memory() {
    let _guard = serial();
    let n = target_elements();
    let series = TimeSeries {
        name: "sensor".to_string(),
        data: (0..n).map(point),
    };
    let mut out = Digest::default();
    let baseline = ALLOC.reset_peak();
    jsonstream::dump(series, &mut out).unwrap();
    let peak = ALLOC.peak() - baseline;
    eprintln!("dumping {n} elements: peak heap {} KiB", peak >> 10);

    // The same bytes as the generator's document, without its whitespace.
    let mut expected = Digest::default();
    let mut doc = SeriesDoc::new(n);
    doc.buf = br#"{"name":"sensor","data":["#.to_vec();
    io::copy(&mut doc, &mut expected).unwrap();
    assert_eq!(out, expected);
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes dumping {n} elements"
    );
}
