//! The async writers' heap: 200,000 records (about 14 MB of JSON) through each of
//! `jsonstream::tokio::ArrayWriter` and `LinesWriter` with a peak heap within a few staging
//! buffers. Measured by a counting global allocator installed in this test binary only.

use jsonstream::tokio::{ArrayWriter, LinesWriter, STAGE_SIZE};
use jsonstream_tests::alloc::CountingAlloc;
use serde::Serialize;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

#[derive(Serialize)]
struct Record {
    id: u64,
    name: String,
    tags: Vec<&'static str>,
}

fn record(id: u64) -> Record {
    Record {
        id,
        name: format!("record \"{id}\""),
        tags: vec!["a", "b\n"],
    }
}

#[test]
fn the_heap_stays_within_the_staging_buffer() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let base = ALLOC.reset_peak();
        let mut array = ArrayWriter::new(tokio::io::sink());
        for id in 0..200_000 {
            array.push(&record(id)).await.unwrap();
        }
        array.finish().await.unwrap();
        let mut lines = LinesWriter::new(tokio::io::sink());
        for id in 0..200_000 {
            lines.push(&record(id)).await.unwrap();
        }
        lines.finish().await.unwrap();
        let peak = ALLOC.peak() - base;
        // About 14 MB of JSON each; the staging buffer may double past STAGE_SIZE once.
        assert!(peak < 3 * STAGE_SIZE, "peak heap {peak} bytes");
    });
}
