//! Async streams against the blocking stream: the generated records (`$JSONSTREAM_BENCH_RECORDS`,
//! default 200,000, about 27 MB) as an element stream
//!
//! * `stream(File)`: the blocking `jsonstream::stream` over `std::fs::File`;
//! * `tokio::stream(tokio File)`: `jsonstream::tokio::stream` over `tokio::fs::File` (whose
//!   reads go to tokio's blocking pool), on a current-thread runtime;
//! * `tokio::stream(BufReader<tokio File>)`: the same with a 256 KiB `tokio::io::BufReader`;
//! * `tokio::stream(&[u8])`: over the bytes in memory, which are always ready: the cost of the
//!   async machinery alone, against `stream(&[u8])`.
//!
//! Run: `cargo bench -p jsonstream-benches --bench tokio`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use futures_util::StreamExt;
use jsonstream_benches::records::{records_count, Record, TempRecords};

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
}

/// Counts the records of an async stream, checking each.
async fn count_async<R: tokio::io::AsyncRead + Unpin>(input: R) -> u64 {
    let mut records = jsonstream::tokio::stream::<Record, _>(input);
    let mut count = 0;
    while let Some(record) = records.next().await {
        black_box(record.expect("a valid record"));
        count += 1;
    }
    count
}

fn count_blocking<R: std::io::Read>(input: R) -> u64 {
    let mut count = 0;
    for record in jsonstream::stream::<Record, _>(input) {
        black_box(record.expect("a valid record"));
        count += 1;
    }
    count
}

fn records(c: &mut Criterion) {
    let count = records_count();
    let file = TempRecords::create(count).expect("generate the records document");
    let path = file.path().to_owned();
    let bytes = std::fs::read(&path).expect("read the records document");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");

    let mut group = c.benchmark_group("async_stream/records");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("stream(File)", |b| {
        b.iter(|| {
            let file = std::fs::File::open(&path).unwrap();
            assert_eq!(count_blocking(file), count);
        })
    });
    group.bench_function("tokio::stream(tokio File)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let file = tokio::fs::File::open(&path).await.unwrap();
                assert_eq!(count_async(file).await, count);
            })
        })
    });
    group.bench_function("tokio::stream(BufReader<tokio File>)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let file = tokio::fs::File::open(&path).await.unwrap();
                let file = tokio::io::BufReader::with_capacity(256 << 10, file);
                assert_eq!(count_async(file).await, count);
            })
        })
    });
    group.bench_function("stream(&[u8])", |b| {
        b.iter(|| assert_eq!(count_blocking(&bytes[..]), count))
    });
    group.bench_function("tokio::stream(&[u8])", |b| {
        b.iter(|| runtime.block_on(async { assert_eq!(count_async(&bytes[..]).await, count) }))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = records
}
criterion_main!(benches);
