//! Writing benches: jsonstream against serde_json, struson, sonic-rs and simd-json, side by
//! side in one run.
//!
//! Throughput is in bytes of content (escape, unescape: the 64 MiB of text) or of JSON
//! output (dump: the compact document as serde_json writes it).
//!
//! * `escape_plain`, `escape_5pct`: one 64 MiB string value written as JSON, from plain
//!   ASCII text and from text with about 5% of its bytes needing an escape (`"`, `\`, `\n`):
//!   - `jsonstream/blob_text_sink`: `JsonWriter::blob_text(&bytes[..])` into `io::sink()`
//!     (the content read from a `&[u8]` reader chunk by chunk);
//!   - `jsonstream/dump_blob_sink`: `jsonstream::dump(&Blob::text(&bytes[..]), io::sink())`;
//!   - `serde_json/to_writer_sink`: `serde_json::to_writer(io::sink(), &string)` (the
//!     `String` held whole; the reference);
//!   - `serde_json/to_writer_bufwriter_sink`: the same into `BufWriter::new(io::sink())`;
//!   - `serde_json/to_vec`: `serde_json::to_vec(&string)`;
//!   - `jsonstream/to_vec`, `sonic_rs/to_vec`, `simd_json/to_vec`: each crate's
//!     `to_vec(&string)` (simd-json's is `simd_json::serde::to_vec`).
//! * `unescape_plain`, `unescape_5pct`: the same texts as JSON string documents, read back:
//!   - `jsonstream/string_reader_copy_to`: `JsonReader::new(&doc[..])`, then
//!     `string_reader()?.copy_to(&mut io::sink())` and `finish()`;
//!   - `struson/next_string_reader_io_copy`: `JsonStreamReader::new(&doc[..])`,
//!     `next_string_reader()` copied with `io::copy` into `io::sink()`, then
//!     `consume_trailing_whitespace()` (the reference);
//!   - `serde_json/from_slice_string`: `serde_json::from_slice::<String>` (holds the value;
//!     for context only).
//! * `dump_twitter`, `dump_citm_catalog`: the typed models of `benches/src/{twitter,citm}.rs`
//!   (read with serde_json from the json-benchmark documents, skipped when a document is
//!   missing) written compact: `jsonstream::dump(&v, io::sink())`, `jsonstream::to_vec`,
//!   `serde_json::to_writer(io::sink(), &v)`, `serde_json::to_writer(BufWriter::new(io::sink()))`,
//!   `serde_json::to_vec`, `sonic_rs::to_vec` and `simd_json::serde::to_vec`.
//!
//! Every jsonstream variant is checked once to produce serde_json's bytes (escape, dump) or
//! the original text (unescape) before it is timed; a peer's output that differs from
//! serde_json's is reported and still timed, a peer that fails is reported and not timed.
//!
//! Run: `cargo bench -p jsonstream-benches --bench write` (add a filter such as `escape` to
//! run some groups).

mod writers;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use jsonstream::{Blob, JsonReader, JsonWriter};
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::text::{text, ESCAPES_5PCT, TEXT_LEN};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::io::{self, BufWriter, Write};
use std::time::Duration;
use struson::reader::{JsonReader as _, JsonStreamReader};
use writers::{check_output, to_vecs};

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

fn new_group<'a>(c: &'a mut Criterion, name: &str, len: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(len));
    // Each iteration takes milliseconds to tens of milliseconds.
    group.sampling_mode(SamplingMode::Flat);
    group
}

fn escape_group(c: &mut Criterion, name: &str, text: &str) {
    let expected = serde_json::to_vec(text).unwrap();
    let mut writer = JsonWriter::new(Vec::new());
    writer.blob_text(text.as_bytes()).unwrap();
    assert!(
        writer.finish().unwrap() == expected,
        "{name}: blob_text differs from serde_json"
    );
    let dumped = jsonstream::to_vec(&Blob::text(text.as_bytes())).unwrap();
    assert!(
        dumped == expected,
        "{name}: Blob::text differs from serde_json"
    );
    assert!(
        jsonstream::to_vec(text).unwrap() == expected,
        "{name}: jsonstream::to_vec differs from serde_json"
    );

    let mut group = new_group(c, name, text.len() as u64);
    group.bench_function("jsonstream/blob_text_sink", |b| {
        b.iter(|| {
            let mut writer = JsonWriter::new(io::sink());
            writer.blob_text(black_box(text.as_bytes())).unwrap();
            writer.finish().unwrap()
        })
    });
    group.bench_function("jsonstream/dump_blob_sink", |b| {
        b.iter(|| jsonstream::dump(&Blob::text(black_box(text.as_bytes())), io::sink()).unwrap())
    });
    group.bench_function("serde_json/to_writer_sink", |b| {
        b.iter(|| serde_json::to_writer(io::sink(), black_box(text)).unwrap())
    });
    group.bench_function("serde_json/to_writer_bufwriter_sink", |b| {
        b.iter(|| {
            let mut out = BufWriter::new(io::sink());
            serde_json::to_writer(&mut out, black_box(text)).unwrap();
            out.flush().unwrap()
        })
    });
    to_vec_benches(&mut group, name, text, &expected);
    group.finish();
}

/// Times every crate's `to_vec` of `value` in `group`, each checked once against serde_json's
/// bytes `expected`.
fn to_vec_benches<T: Serialize + ?Sized>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    value: &T,
    expected: &[u8],
) {
    for (variant, to_vec) in to_vecs::<T>() {
        if check_output(name, variant, to_vec(value), expected) {
            group.bench_function(variant, |b| b.iter(|| to_vec(black_box(value)).unwrap()));
        }
    }
}

fn jsonstream_unescape<W: Write>(doc: &[u8], out: &mut W) -> u64 {
    let mut reader = JsonReader::new(doc);
    let n = reader.string_reader().unwrap().copy_to(out).unwrap();
    reader.finish().unwrap();
    n
}

fn struson_unescape<W: Write>(doc: &[u8], out: &mut W) -> u64 {
    let mut reader = JsonStreamReader::new(doc);
    let n = {
        let mut value = reader.next_string_reader().unwrap();
        io::copy(&mut value, out).unwrap()
    };
    reader.consume_trailing_whitespace().unwrap();
    n
}

fn unescape_group(c: &mut Criterion, name: &str, text: &str) {
    let doc = serde_json::to_vec(text).unwrap();
    let mut out = Vec::new();
    jsonstream_unescape(&doc, &mut out);
    assert!(out == text.as_bytes(), "{name}: jsonstream differs");
    out.clear();
    struson_unescape(&doc, &mut out);
    assert!(out == text.as_bytes(), "{name}: struson differs");
    drop(out);

    let mut group = new_group(c, name, text.len() as u64);
    group.bench_function("jsonstream/string_reader_copy_to", |b| {
        b.iter(|| jsonstream_unescape(black_box(&doc), &mut io::sink()))
    });
    group.bench_function("struson/next_string_reader_io_copy", |b| {
        b.iter(|| struson_unescape(black_box(&doc), &mut io::sink()))
    });
    group.bench_function("serde_json/from_slice_string", |b| {
        b.iter(|| serde_json::from_slice::<String>(black_box(&doc)).unwrap())
    });
    group.finish();
}

fn text_benches(c: &mut Criterion) {
    for (suffix, per_mille) in [("plain", 0), ("5pct", ESCAPES_5PCT)] {
        let text = text(TEXT_LEN, per_mille);
        escape_group(c, &format!("escape_{suffix}"), &text);
        unescape_group(c, &format!("unescape_{suffix}"), &text);
    }
}

fn dump_group<T: DeserializeOwned + Serialize>(c: &mut Criterion, name: &str, file: &str) {
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let value: T = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let expected = serde_json::to_vec(&value).unwrap();
    assert!(
        jsonstream::to_vec(&value).unwrap() == expected,
        "{name}: jsonstream::to_vec differs from serde_json"
    );
    let mut dumped = Vec::new();
    jsonstream::dump(&value, &mut dumped).unwrap();
    assert!(
        dumped == expected,
        "{name}: jsonstream::dump differs from serde_json"
    );

    let mut group = new_group(c, name, expected.len() as u64);
    group.bench_function("jsonstream/dump_sink", |b| {
        b.iter(|| jsonstream::dump(black_box(&value), io::sink()).unwrap())
    });
    group.bench_function("serde_json/to_writer_sink", |b| {
        b.iter(|| serde_json::to_writer(io::sink(), black_box(&value)).unwrap())
    });
    group.bench_function("serde_json/to_writer_bufwriter_sink", |b| {
        b.iter(|| {
            let mut out = BufWriter::new(io::sink());
            serde_json::to_writer(&mut out, black_box(&value)).unwrap();
            out.flush().unwrap()
        })
    });
    to_vec_benches(&mut group, name, &value, &expected);
    group.finish();
}

fn dump_benches(c: &mut Criterion) {
    dump_group::<Twitter>(c, "dump_twitter", "twitter.json");
    dump_group::<Catalog>(c, "dump_citm_catalog", "citm_catalog.json");
}

criterion_group! {
    name = benches;
    config = config();
    targets = text_benches, dump_benches
}
criterion_main!(benches);
