//! Reading benches: jsonstream against serde_json and struson, side by side in one run.
//!
//! One criterion group per document, throughput in bytes of JSON text:
//!
//! * `canada`, `citm_catalog`, `twitter`: the json-benchmark documents, from
//!   `$JSONSTREAM_BENCH_DATA` or `<workspace>/../shared/bench-data` (groups whose document
//!   is missing are skipped);
//! * `records`: a generated array of `$JSONSTREAM_BENCH_RECORDS` (default 200,000) flat
//!   records in a temporary file, read whole and as an element stream.
//!
//! Every variant is checked once against `serde_json::from_slice` before it is timed: a
//! variant that fails is reported and skipped, one that gives a different value is reported
//! and still timed.
//!
//! Run: `cargo bench -p jsonstream-benches --bench read` (add a filter such as `twitter` to
//! run one group).

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{Checksum, Record, TempRecords, DEFAULT_RECORDS};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::fs::File;
use std::hint::black_box;
use std::io::BufReader;
use std::path::Path;
use std::time::Duration;
use struson::reader::{JsonReader as _, JsonStreamReader};

/// Environment variable overriding the number of generated records.
const RECORDS_ENV: &str = "JSONSTREAM_BENCH_RECORDS";

/// Reads one value: from the file at the path, or from the bytes already in memory.
type Loader<T> = fn(&Path, &[u8]) -> Result<T, String>;

fn open(path: &Path) -> Result<File, String> {
    File::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The one-shot readers of a whole document, in the order they appear in the reports.
fn one_shot<T: DeserializeOwned>() -> Vec<(&'static str, Loader<T>)> {
    vec![
        ("serde_json::from_slice", |_, bytes| {
            serde_json::from_slice(bytes).map_err(|e| e.to_string())
        }),
        ("serde_json::from_reader(BufReader<File>)", |path, _| {
            serde_json::from_reader(BufReader::new(open(path)?)).map_err(|e| e.to_string())
        }),
        ("struson::deserialize_next(File)", |path, _| {
            let mut reader = JsonStreamReader::new(open(path)?);
            let value = reader.deserialize_next().map_err(|e| e.to_string())?;
            reader
                .consume_trailing_whitespace()
                .map_err(|e| e.to_string())?;
            Ok(value)
        }),
        ("jsonstream::from_reader(File)", |path, _| {
            jsonstream::from_reader(open(path)?).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_slice", |_, bytes| {
            jsonstream::from_slice(bytes).map_err(|e| e.to_string())
        }),
    ]
}

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

/// Checks `result` of `variant` against `reference`; false when the variant cannot be timed.
fn check<T: PartialEq + Debug>(
    group: &str,
    variant: &str,
    result: Result<T, String>,
    reference: &T,
) -> bool {
    match result {
        Err(e) => {
            eprintln!("{group}/{variant}: FAILED, not timed: {e}");
            false
        }
        Ok(value) => {
            if &value != reference {
                eprintln!("{group}/{variant}: value differs from serde_json::from_slice's");
            }
            true
        }
    }
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

fn document<T: DeserializeOwned + PartialEq + Debug>(c: &mut Criterion, name: &str, file: &str) {
    let Some(path) = data::document(file) else {
        eprintln!(
            "{name}: skipped, {file} not found in {} (set {})",
            data::data_dir().display(),
            data::DATA_DIR_ENV
        );
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let mut group = new_group(c, name, bytes.len() as u64);
    one_shot_benches::<T>(&mut group, name, &path, &bytes);
    group.finish();
}

fn canada(c: &mut Criterion) {
    document::<Canada>(c, "canada", "canada.json");
}

fn citm_catalog(c: &mut Criterion) {
    document::<Catalog>(c, "citm_catalog", "citm_catalog.json");
}

fn twitter(c: &mut Criterion) {
    document::<Twitter>(c, "twitter", "twitter.json");
}

/// `jsonstream::stream` over the file: one record at a time.
fn jsonstream_stream(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    for record in jsonstream::stream::<Record, _>(open(path)?) {
        checksum.add(&record.map_err(|e| e.to_string())?);
    }
    Ok(checksum)
}

/// struson's pull reader over the file: `begin_array`, `has_next`/`deserialize_next`.
fn struson_array_loop(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    let mut reader = JsonStreamReader::new(open(path)?);
    reader.begin_array().map_err(|e| e.to_string())?;
    while reader.has_next().map_err(|e| e.to_string())? {
        let record: Record = reader.deserialize_next().map_err(|e| e.to_string())?;
        checksum.add(&record);
    }
    reader.end_array().map_err(|e| e.to_string())?;
    reader
        .consume_trailing_whitespace()
        .map_err(|e| e.to_string())?;
    Ok(checksum)
}

fn records(c: &mut Criterion) {
    let count = match std::env::var(RECORDS_ENV) {
        Ok(text) => text
            .trim()
            .parse()
            .expect("JSONSTREAM_BENCH_RECORDS: a count"),
        Err(_) => DEFAULT_RECORDS,
    };
    let file = TempRecords::create(count).expect("generate the records document");
    let path = file.path();
    let bytes = std::fs::read(path).expect("read the records document");
    let name = "records";
    let mut group = new_group(c, name, file.len);
    // The slowest readers take about 0.4 s per pass over the default document.
    group.measurement_time(Duration::from_secs(10));
    one_shot_benches::<Vec<Record>>(&mut group, name, path, &bytes);

    type Streamer = fn(&Path) -> Result<Checksum, String>;
    let streams: [(&str, Streamer); 2] = [
        ("struson::array_loop(File)", struson_array_loop),
        ("jsonstream::stream(File)", jsonstream_stream),
    ];
    for (variant, run) in streams {
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
    targets = canada, citm_catalog, twitter, records
}
criterion_main!(read);
