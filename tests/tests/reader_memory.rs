//! Bounded memory: streaming a generated array of 1 GB (by default; set
//! `JSONSTREAM_MEMORY_TEST_BYTES` to change it) keeps the peak heap under 4 MiB, and so do
//! skipping, wildcard pointers (to arrays, objects or both), and streaming a huge string.
//! Measured by a counting global allocator installed in this test binary only.

use std::io::{self, Read};

use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::{
    huge_string, target_bytes, RecordArrayReader, FIRST_RECORD_ID, RECORD_TEXT,
};
use serde::de::IgnoredAny;
use serde::Deserialize;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const PEAK_LIMIT: usize = 4 << 20;

#[derive(Debug, Deserialize)]
struct Rec {
    id: u64,
    name: String,
    flags: Vec<Option<bool>>,
    score: f64,
    text: String,
}

/// The measurement would be meaningless if the allocator did not count. (Other threads of the
/// test harness may free a little memory meanwhile, hence the slack.)
#[test]
fn the_allocator_counts() {
    let _guard = serial();
    let slack = 1 << 20;
    let baseline = ALLOC.reset_peak();
    let v = std::hint::black_box(vec![1u8; 10 << 20]);
    assert!(ALLOC.current() + slack >= baseline + (10 << 20));
    drop(v);
    assert!(ALLOC.peak() + slack >= baseline + (10 << 20));
    assert!(ALLOC.current() < baseline + slack);
}

#[test]
fn the_generator_is_lazy_and_valid() {
    let _guard = serial();
    let baseline = ALLOC.reset_peak();
    let mut gen = RecordArrayReader::new(64 << 20);
    let n = io::copy(&mut gen, &mut io::sink()).unwrap();
    assert!(n >= 64 << 20);
    assert!(
        ALLOC.peak() - baseline < 1 << 20,
        "the generator holds little"
    );
    // A small one parses with serde_json.
    let mut small = Vec::new();
    RecordArrayReader::new(10_000)
        .read_to_end(&mut small)
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&small).unwrap();
    assert!(v.len() > 10);
    assert_eq!(v[3]["text"], RECORD_TEXT);
}

#[test]
fn streaming_a_large_array_keeps_the_heap_small() {
    let _guard = serial();
    let target = target_bytes();
    let mut gen = RecordArrayReader::new(target);
    let baseline = ALLOC.reset_peak();
    let mut count = 0u64;
    for item in jsonstream::stream::<Rec, _>(&mut gen) {
        let rec = item.unwrap_or_else(|e| panic!("record {count}: {e}"));
        assert_eq!(rec.id, FIRST_RECORD_ID + count);
        if count.is_multiple_of(4096) {
            assert_eq!(rec.name, format!("rec-{}", rec.id));
            assert_eq!(rec.flags, [Some(true), Some(false), None]);
            assert_eq!(rec.score, 0.5);
            assert_eq!(rec.text, RECORD_TEXT);
        }
        count += 1;
    }
    let peak = ALLOC.peak() - baseline;
    assert_eq!(count, gen.records(), "every record was yielded");
    assert!(gen.produced() >= target, "the whole document was read");
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes while streaming {} bytes ({count} records)",
        gen.produced()
    );
}

#[test]
fn skipping_and_stream_at_keep_the_heap_small() {
    let _guard = serial();
    let target = (target_bytes() / 32).max(1 << 20);

    // from_reader into IgnoredAny validates everything and holds nothing.
    let mut gen = RecordArrayReader::new(target);
    let baseline = ALLOC.reset_peak();
    let r: jsonstream::Result<IgnoredAny> = jsonstream::from_reader(&mut gen);
    r.unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(gen.produced() >= target);
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes for IgnoredAny");

    // skip_value.
    let mut gen = RecordArrayReader::new(target);
    let baseline = ALLOC.reset_peak();
    let mut reader = jsonstream::JsonReader::new(&mut gen);
    reader.skip_value().unwrap();
    reader.finish().unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes for skip_value");

    // stream_at: the array is deep inside an object, with content before and after it.
    let mut gen = RecordArrayReader::new(target);
    let doc = (&b"{\"meta\": {\"n\": 1}, \"data\": {\"records\": "[..])
        .chain(&mut gen)
        .chain(&b"}, \"after\": [1, 2, 3]}"[..]);
    let baseline = ALLOC.reset_peak();
    let mut count = 0u64;
    for item in jsonstream::stream_at::<Rec, _>(doc, "/data/records") {
        let rec = item.unwrap_or_else(|e| panic!("record {count}: {e}"));
        assert_eq!(rec.id, FIRST_RECORD_ID + count);
        count += 1;
    }
    let peak = ALLOC.peak() - baseline;
    assert_eq!(count, gen.records());
    assert!(peak < PEAK_LIMIT, "peak heap {peak} bytes for stream_at");
}

/// Wildcard pointers: the arrays they reach and everything they skip (values that lack the
/// rest of the path, members after a match, a huge string) are never held.
#[test]
fn wildcard_pointers_keep_the_heap_small() {
    let _guard = serial();
    let part = (target_bytes() / 64).max(1 << 20);

    let (mut skipped, mut first, mut second, mut after) = (
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
    );
    let doc = (&b"{\"layers\": [{\"skipped\": "[..])
        .chain(&mut skipped)
        .chain(&b", \"features\": "[..])
        .chain(&mut first)
        .chain(&b"}, {\"name\": "[..])
        .chain(huge_string(part))
        .chain(&b"}, 7, {\"features\": "[..])
        .chain(&mut second)
        .chain(&b", \"after\": "[..])
        .chain(&mut after)
        .chain(&b"}]}"[..]);
    let baseline = ALLOC.reset_peak();
    let mut count = 0u64;
    for item in jsonstream::stream_at::<Rec, _>(doc, "/layers/*/features") {
        let rec = item.unwrap_or_else(|e| panic!("record {count}: {e}"));
        assert!(rec.id >= FIRST_RECORD_ID);
        count += 1;
    }
    let peak = ALLOC.peak() - baseline;
    assert_eq!(count, first.records() + second.records());
    assert!(after.produced() >= part, "the document was read to its end");
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for stream_at with a wildcard"
    );

    // The members of every object a wildcard reaches, each value a huge array, ignored.
    let (mut skipped, mut a, mut b) = (
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
    );
    let doc = (&b"{\"skipped\": "[..])
        .chain(&mut skipped)
        .chain(&b", \"objects\": [{\"a\": "[..])
        .chain(&mut a)
        .chain(&b"}, {\"b\": "[..])
        .chain(&mut b)
        .chain(&b"}]}"[..]);
    let baseline = ALLOC.reset_peak();
    let keys: Vec<String> = jsonstream::stream_entries_at::<IgnoredAny, _>(doc, "/objects/*")
        .map(|item| item.unwrap().0)
        .collect();
    let peak = ALLOC.peak() - baseline;
    assert_eq!(keys, ["a", "b"]);
    assert!(b.produced() >= part);
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for stream_entries_at with a wildcard"
    );
}

/// `stream_items_at` holds neither what it skips nor the arrays and objects a wildcard
/// reaches: the elements of a huge array one at a time, then the members of an object whose
/// values are huge arrays and a huge string, ignored.
#[test]
fn stream_items_at_keeps_the_heap_small() {
    let _guard = serial();
    let part = (target_bytes() / 64).max(1 << 20);

    let (mut skipped, mut elements, mut a, mut b) = (
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
        RecordArrayReader::new(part),
    );
    let doc = (&b"{\"skipped\": "[..])
        .chain(&mut skipped)
        .chain(&b", \"shards\": [{\"hits\": "[..])
        .chain(&mut elements)
        .chain(&b"}, {\"hits\": {\"a\": "[..])
        .chain(&mut a)
        .chain(&b", \"s\": "[..])
        .chain(huge_string(part))
        .chain(&b", \"b\": "[..])
        .chain(&mut b)
        .chain(&b"}}]}"[..]);
    let baseline = ALLOC.reset_peak();
    let mut count = 0u64;
    let mut keys = Vec::new();
    for item in jsonstream::stream_items_at::<IgnoredAny, _>(doc, "/shards/*/hits") {
        match item.unwrap_or_else(|e| panic!("item {count}: {e}")) {
            jsonstream::Item::Element(_) => count += 1,
            jsonstream::Item::Member(key, _) => keys.push(key),
        }
    }
    let peak = ALLOC.peak() - baseline;
    assert_eq!(count, elements.records());
    assert_eq!(keys, ["a", "s", "b"]);
    assert!(b.produced() >= part, "the document was read to its end");
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for stream_items_at with a wildcard"
    );
}

#[test]
fn a_huge_string_is_never_held() {
    let _guard = serial();
    let len = (target_bytes() / 32).max(1 << 20);

    // The generated string is valid JSON (checked on a small one).
    let mut small = Vec::new();
    huge_string(1000).read_to_end(&mut small).unwrap();
    let s: String = serde_json::from_slice(&small).unwrap();
    assert!(s.starts_with("abc \"q\" \n é€😀 é 😀 xyz\\"));

    // Streamed through string_reader.
    let baseline = ALLOC.reset_peak();
    let mut reader = jsonstream::JsonReader::new(huge_string(len));
    let copied = io::copy(&mut reader.string_reader().unwrap(), &mut io::sink()).unwrap();
    reader.finish().unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(copied > len / 2, "{copied} bytes of {len}");
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for string_reader"
    );

    // Skipped.
    let baseline = ALLOC.reset_peak();
    let mut reader = jsonstream::JsonReader::new(huge_string(len));
    reader.skip_value().unwrap();
    reader.finish().unwrap();
    let peak = ALLOC.peak() - baseline;
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for skip_value of a string"
    );

    // Ignored inside a document.
    let doc = (&b"[1, "[..]).chain(huge_string(len)).chain(&b", 2]"[..]);
    let baseline = ALLOC.reset_peak();
    let r: jsonstream::Result<(u8, IgnoredAny, u8)> = jsonstream::from_reader(doc);
    assert_eq!(r.map(|(a, _, b)| (a, b)).unwrap(), (1, 2));
    let peak = ALLOC.peak() - baseline;
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes for IgnoredAny of a string"
    );
}
