//! Reading benches: jsonstream against serde_json, struson, sonic-rs and simd-json, side by
//! side in one run.
//!
//! One criterion group per document, throughput in bytes of JSON text:
//!
//! * `canada`, `citm_catalog`, `twitter`: the json-benchmark documents into their typed
//!   models, from `$JSONSTREAM_BENCH_DATA` or `<workspace>/../shared/bench-data` (groups whose
//!   document is missing are skipped);
//! * `canada_value`: `canada.json` into a `serde_json::Value`;
//! * `string_5pct`: one 64 MiB JSON string, 5 % of whose bytes need an escape, from bytes in
//!   memory into a `String`;
//! * `records`: a generated array of `$JSONSTREAM_BENCH_RECORDS` (default 200,000) flat
//!   records in a temporary file, read whole and as an element stream;
//! * `lines`: the same records as JSON Lines, `$JSONSTREAM_BENCH_LINES` (default 1,000,000) of
//!   them, read value by value (`stream_values` against serde_json's `StreamDeserializer`).
//!
//! Every variant is checked once against `serde_json::from_slice` before it is timed: a
//! variant that fails is reported and skipped, one that gives a different value is reported
//! (where and how much it differs) and still timed.
//!
//! Run: `cargo bench -p jsonstream-benches --bench read` (add a filter such as `twitter` to
//! run one group). On a loaded machine prefer `--bench read_interleaved` for ratios.

mod common;

use common::{
    check, check_checksum, in_memory, line_streams, lines_count, one_shot, records_count, streams,
    CANADA_VALUE, DOCUMENTS, REFERENCE, STRING_5PCT,
};
use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::text::{text, TEXT_LEN};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
}

fn new_group<'a>(c: &'a mut Criterion, name: &str, len: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(len));
    // Few iterations per sample: each one reads a whole document (milliseconds to a
    // fraction of a second), so linear sampling would need hundreds of them.
    group.sampling_mode(SamplingMode::Flat);
    group
}

/// [`REFERENCE`]'s value of `bytes`, or `None` (reported) if it cannot read them.
fn reference<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Option<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| eprintln!("{name}: {REFERENCE} cannot read the document: {e}"))
        .ok()
}

/// Times every one-shot reader of the document at `path` in `group`.
fn one_shot_benches<T: DeserializeOwned + PartialEq + Serialize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    path: &Path,
    bytes: &[u8],
) {
    let Some(reference) = reference::<T>(name, bytes) else {
        return;
    };
    for (variant, loader) in one_shot::<T>() {
        if check(name, variant, loader.load(path, bytes), &reference) {
            group.bench_function(variant, |b| {
                b.iter(|| black_box(loader.load(black_box(path), black_box(bytes)).unwrap()))
            });
        }
    }
}

fn document<T: DeserializeOwned + PartialEq + Serialize>(
    c: &mut Criterion,
    (name, file): (&str, &str),
) {
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let mut group = new_group(c, name, bytes.len() as u64);
    one_shot_benches::<T>(&mut group, name, &path, &bytes);
    group.finish();
}

fn canada(c: &mut Criterion) {
    document::<Canada>(c, DOCUMENTS[0]);
}

fn citm_catalog(c: &mut Criterion) {
    document::<Catalog>(c, DOCUMENTS[1]);
}

fn twitter(c: &mut Criterion) {
    document::<Twitter>(c, DOCUMENTS[2]);
}

fn canada_value(c: &mut Criterion) {
    document::<serde_json::Value>(c, CANADA_VALUE);
}

fn string(c: &mut Criterion) {
    let (name, per_mille) = STRING_5PCT;
    let doc = serde_json::to_vec(&text(TEXT_LEN, per_mille)).expect("a string as JSON");
    let Some(reference) = reference::<String>(name, &doc) else {
        return;
    };
    let mut group = new_group(c, name, doc.len() as u64);
    for (variant, load) in in_memory::<String>() {
        if check(name, variant, load(&doc), &reference) {
            group.bench_function(variant, |b| {
                b.iter(|| black_box(load(black_box(&doc)).unwrap()))
            });
        }
    }
    group.finish();
}

fn records(c: &mut Criterion) {
    let count = records_count();
    let file = TempRecords::create(count).expect("generate the records document");
    let path = file.path();
    let bytes = std::fs::read(path).expect("read the records document");
    let name = "records";
    let mut group = new_group(c, name, file.len);
    // The slowest readers take about 0.4 s per pass over the default document.
    group.measurement_time(Duration::from_secs(10));
    one_shot_benches::<Vec<Record>>(&mut group, name, path, &bytes);
    for (variant, run) in streams() {
        if check_checksum(name, variant, run(path), &file.checksum) {
            group.bench_function(variant, |b| {
                b.iter(|| {
                    let checksum = run(black_box(path)).unwrap();
                    assert_eq!(checksum.count, count);
                    checksum
                })
            });
        }
    }
    group.finish();
}

fn lines(c: &mut Criterion) {
    let count = lines_count();
    let file = TempRecords::create_lines(count).expect("generate the JSON Lines document");
    let path = file.path();
    let name = "lines";
    let mut group = new_group(c, name, file.len);
    // About a second per pass over the default file.
    group.measurement_time(Duration::from_secs(20));
    group.sample_size(10);
    for (variant, run) in line_streams() {
        if check_checksum(name, variant, run(path), &file.checksum) {
            group.bench_function(variant, |b| {
                b.iter(|| {
                    let checksum = run(black_box(path)).unwrap();
                    assert_eq!(checksum.count, count);
                    checksum
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = read;
    config = config();
    targets = canada, citm_catalog, twitter, canada_value, string, records, lines
}
criterion_main!(read);
