//! Reading benches: jsonstream against serde_json and struson, side by side in one run.
//!
//! One criterion group per document, throughput in bytes of JSON text:
//!
//! * `canada`, `citm_catalog`, `twitter`: the json-benchmark documents, from
//!   `$JSONSTREAM_BENCH_DATA` or `<workspace>/../shared/bench-data` (groups whose document
//!   is missing are skipped);
//! * `records`: a generated array of `$JSONSTREAM_BENCH_RECORDS` (default 200,000) flat
//!   records in a temporary file, read whole and as an element stream;
//! * `lines`: the same records as JSON Lines, `$JSONSTREAM_BENCH_LINES` (default 1,000,000) of
//!   them, read value by value (`stream_values` against serde_json's `StreamDeserializer`).
//!
//! Every variant is checked once against `serde_json::from_slice` before it is timed: a
//! variant that fails is reported and skipped, one that gives a different value is reported
//! and still timed.
//!
//! Run: `cargo bench -p jsonstream-benches --bench read` (add a filter such as `twitter` to
//! run one group). On a loaded machine prefer `--bench read_interleaved` for ratios.

mod common;

use common::{check, line_streams, lines_count, one_shot, records_count, streams};
use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
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

/// Times every one-shot reader of the document at `path` in `group`.
fn one_shot_benches<T: DeserializeOwned + PartialEq + Debug>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    path: &Path,
    bytes: &[u8],
) {
    let reference: T = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("{name}: serde_json cannot read {}: {e}", path.display());
            return;
        }
    };
    for (variant, load) in one_shot::<T>() {
        if check(name, variant, load(path, bytes), &reference) {
            group.bench_function(variant, |b| {
                b.iter(|| black_box(load(black_box(path), black_box(bytes)).unwrap()))
            });
        }
    }
}

fn document<T: DeserializeOwned + PartialEq + Debug>(c: &mut Criterion, index: usize) {
    let (name, file) = common::DOCUMENTS[index];
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let mut group = new_group(c, name, bytes.len() as u64);
    one_shot_benches::<T>(&mut group, name, &path, &bytes);
    group.finish();
}

fn canada(c: &mut Criterion) {
    document::<Canada>(c, 0);
}

fn citm_catalog(c: &mut Criterion) {
    document::<Catalog>(c, 1);
}

fn twitter(c: &mut Criterion) {
    document::<Twitter>(c, 2);
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
        if check(name, variant, run(path), &file.checksum) {
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
        if check(name, variant, run(path), &file.checksum) {
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
    targets = canada, citm_catalog, twitter, records, lines
}
criterion_main!(read);
