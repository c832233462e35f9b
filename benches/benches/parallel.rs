//! `par_stream` and the async stream against `stream` and `serde_json::from_slice`: elements
//! decoded on several threads, or read from an `AsyncRead`, on the two element-heavy inputs.
//!
//! * `par_records`: the generated records array (`benches/src/records.rs`), 1,000,000 records
//!   by default (about 135 MB; `$JSONSTREAM_BENCH_PAR_RECORDS` overrides), in a temporary file;
//! * `par_statuses`: an array of 100,000 twitter statuses (the 100 of `twitter.json`, repeated;
//!   `$JSONSTREAM_BENCH_PAR_STATUSES` overrides), in a temporary file.
//!
//! Each reads the file with `stream`, with `par_stream` on 1 and 2 decoding threads and on the
//! default (one per core), with `par_stream(..).par_for_each` (each element folded on the thread
//! that decoded it, into a sum of per-element digests), with the async stream
//! (`jsonstream::tokio::stream` over a `tokio::fs::File`, against the blocking one), and
//! `serde_json::from_slice` reads the bytes already in memory (`parallel_readers/mod.rs`).
//! `parallel_interleaved` runs the same readers round by round, with the placement of the cores
//! measured before each round.
//!
//! Run: `cargo bench -p jsonstream-benches --bench parallel`. Results: BENCHMARKS.md.

mod parallel_readers;

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsonstream_benches::data::document_or_skip;
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::statuses::TempStatuses;
use jsonstream_benches::twitter::Status;
use parallel_readers::{fold_record, fold_status, par_count, Answers, Fold, READERS};
use serde::de::DeserializeOwned;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
}

/// Every reader of [`READERS`] over the array in the file at `path`, its fold checked.
fn bench<T, F>(c: &mut Criterion, name: &str, path: &Path, fold: F)
where
    T: DeserializeOwned + Send + 'static,
    F: Fold<T>,
{
    let bytes = std::fs::read(path).expect("read the document");
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let answers = Answers::of(path, fold);
    for reader in READERS {
        let expected = answers.of_reader(reader);
        group.bench_function(reader.label(), |b| {
            b.iter(|| assert_eq!(reader.run(path, &bytes, fold), expected))
        });
    }
    group.finish();
}

fn par_records(c: &mut Criterion) {
    let count = par_count("JSONSTREAM_BENCH_PAR_RECORDS", 1_000_000);
    let file = TempRecords::create(count).expect("generate the records document");
    bench::<Record, _>(c, "par_records", file.path(), fold_record);
}

fn par_statuses(c: &mut Criterion) {
    let Some(twitter) = document_or_skip("par_statuses", "twitter.json") else {
        return;
    };
    let count = par_count("JSONSTREAM_BENCH_PAR_STATUSES", 100_000);
    let file = TempStatuses::create(&twitter, count).expect("write the statuses document");
    bench::<Status, _>(c, "par_statuses", file.path(), fold_status);
}

criterion_group! {
    name = parallel;
    config = config();
    targets = par_records, par_statuses
}
criterion_main!(parallel);
