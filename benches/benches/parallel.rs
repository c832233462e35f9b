//! `par_stream` against `stream` and `serde_json::from_slice`: elements decoded on several
//! threads, on the two element-heavy inputs.
//!
//! * `par_records`: the generated records array (`benches/src/records.rs`), 1,000,000 records
//!   by default (about 135 MB; `$JSONSTREAM_BENCH_PAR_RECORDS` overrides), in a temporary file;
//! * `par_statuses`: an array of 100,000 twitter statuses (the 100 of `twitter.json`, repeated;
//!   `$JSONSTREAM_BENCH_PAR_STATUSES` overrides), in a temporary file.
//!
//! Each reads the file with `stream`, with `par_stream` on 1 and 2 decoding threads and on the
//! default (one per core), with `par_stream(..).par_for_each` (each element folded on the thread
//! that decoded it, into a sum of per-element digests), and `serde_json::from_slice` reads the
//! bytes already in memory.
//!
//! Run: `cargo bench -p jsonstream-benches --bench parallel`. Results: BENCHMARKS.md.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsonstream::ReaderOptions;
use jsonstream_benches::data::document_or_skip;
use jsonstream_benches::records::{Checksum, Record, TempRecords};
use jsonstream_benches::twitter::{Status, Twitter};
use serde::de::DeserializeOwned;

fn count(env: &str, default: u64) -> u64 {
    std::env::var(env).map_or(default, |text| {
        text.trim().replace('_', "").parse().expect("a count")
    })
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
}

/// The readers compared: the sequential stream, the parallel one with these decoding threads
/// (`None`: the default), and serde_json over the bytes in memory.
fn bench<T, F>(c: &mut Criterion, name: &str, path: &Path, fold: F)
where
    T: DeserializeOwned + Send + 'static,
    F: Fn(&mut u64, &T) + Copy + Sync,
{
    let bytes = std::fs::read(path).expect("read the document");
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let expected = {
        let mut sum = 0;
        for element in jsonstream::stream::<T, _>(File::open(path).unwrap()) {
            fold(&mut sum, &element.unwrap());
        }
        sum
    };
    group.bench_function("jsonstream::stream(File)", |b| {
        b.iter(|| {
            let mut sum = 0;
            for element in jsonstream::stream::<T, _>(File::open(path).unwrap()) {
                fold(&mut sum, &element.unwrap());
            }
            assert_eq!(sum, expected);
        })
    });
    for workers in [Some(1), Some(2), None] {
        let options = match workers {
            Some(n) => ReaderOptions::new().workers(n),
            None => ReaderOptions::new(),
        };
        let label = match workers {
            Some(n) => format!("jsonstream::par_stream(File), {n} decoding threads"),
            None => "jsonstream::par_stream(File)".to_owned(),
        };
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut sum = 0;
                for element in options.par_stream::<T, _>(File::open(path).unwrap()) {
                    fold(&mut sum, &element.unwrap());
                }
                assert_eq!(sum, expected);
            })
        });
    }
    // Unordered: each element's own digest, summed (a digest of one element, folded from 0).
    let digest = |element: &T| {
        let mut sum = 0;
        fold(&mut sum, element);
        sum
    };
    let expected_digests = jsonstream::stream::<T, _>(File::open(path).unwrap())
        .map(|element| digest(&element.unwrap()))
        .fold(0u64, u64::wrapping_add);
    group.bench_function("jsonstream::par_stream(File).par_for_each", |b| {
        b.iter(|| {
            let sum = AtomicU64::new(0);
            jsonstream::par_stream::<T, _>(File::open(path).unwrap())
                .par_for_each(|element| {
                    sum.fetch_add(digest(&element), Ordering::Relaxed);
                })
                .unwrap();
            assert_eq!(sum.into_inner(), expected_digests);
        })
    });
    group.bench_function("serde_json::from_slice", |b| {
        b.iter(|| {
            let elements: Vec<T> = serde_json::from_slice(black_box(&bytes)).unwrap();
            let mut sum = 0;
            for element in &elements {
                fold(&mut sum, element);
            }
            assert_eq!(sum, expected);
        })
    });
    group.finish();
}

fn par_records(c: &mut Criterion) {
    let file = TempRecords::create(count("JSONSTREAM_BENCH_PAR_RECORDS", 1_000_000))
        .expect("generate the records document");
    bench::<Record, _>(c, "par_records", file.path(), |sum, record| {
        let mut checksum = Checksum {
            count: 0,
            hash: *sum,
        };
        checksum.add(record);
        *sum = checksum.hash;
    });
}

/// A temporary file holding an array of `count` statuses, the 100 of `twitter.json` in turn.
struct TempStatuses(PathBuf);

impl TempStatuses {
    fn create(twitter: &Path, count: u64) -> Self {
        let page: Twitter = serde_json::from_slice(&std::fs::read(twitter).unwrap()).unwrap();
        let path = std::env::temp_dir().join(format!(
            "jsonstream-bench-statuses-{}-{count}.json",
            std::process::id()
        ));
        let this = TempStatuses(path);
        let mut out = BufWriter::new(File::create(&this.0).unwrap());
        out.write_all(b"[").unwrap();
        for (i, status) in page
            .statuses
            .iter()
            .cycle()
            .take(count as usize)
            .enumerate()
        {
            out.write_all(if i == 0 { b"\n" } else { b",\n" }).unwrap();
            serde_json::to_writer(&mut out, status).unwrap();
        }
        out.write_all(b"\n]\n").unwrap();
        out.flush().unwrap();
        this
    }
}

impl Drop for TempStatuses {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn par_statuses(c: &mut Criterion) {
    let Some(twitter) = document_or_skip("par_statuses", "twitter.json") else {
        return;
    };
    let file = TempStatuses::create(&twitter, count("JSONSTREAM_BENCH_PAR_STATUSES", 100_000));
    bench::<Status, _>(c, "par_statuses", &file.0, |sum, status: &Status| {
        *sum = sum
            .wrapping_mul(31)
            .wrapping_add(status.id ^ status.text.len() as u64);
    });
}

criterion_group! {
    name = parallel;
    config = config();
    targets = par_records, par_statuses
}
criterion_main!(parallel);
