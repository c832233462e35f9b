//! The async side's heap: 200,000 records (about 14 MB of JSON) through each of
//! `jsonstream::tokio::ArrayWriter` and `LinesWriter` with a peak heap within a few staging
//! buffers. Measured by a counting global allocator installed in this test binary only.

use jsonstream::tokio::{ArrayWriter, LinesWriter, STAGE_SIZE};
use jsonstream_tests::alloc::{serial, CountingAlloc};
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
    let _serial = serial();
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

/// A JSON array of records, generated as it is read, until `target` bytes: never held. If
/// `slow`, every other read is first `Pending` (a read that takes time, as a file's or a
/// socket's), so the stream reads ahead while it decodes.
struct Records {
    next_id: u64,
    produced: u64,
    target: u64,
    chunk: Vec<u8>,
    pos: usize,
    slow: bool,
    waited: bool,
}

impl Records {
    fn new(target: u64, slow: bool) -> Self {
        Records {
            next_id: 0,
            produced: 0,
            target,
            chunk: Vec::new(),
            pos: 0,
            slow,
            waited: false,
        }
    }
}

impl tokio::io::AsyncRead for Records {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = &mut *self;
        if this.slow {
            this.waited = !this.waited;
            if this.waited {
                cx.waker().wake_by_ref();
                return std::task::Poll::Pending;
            }
        }
        if this.pos == this.chunk.len() {
            this.chunk.clear();
            this.pos = 0;
            if this.next_id == 0 {
                this.chunk.push(b'[');
            }
            if this.produced < this.target {
                if this.next_id > 0 {
                    this.chunk.push(b',');
                }
                serde_json::to_writer(&mut this.chunk, &record(this.next_id)).unwrap();
                this.next_id += 1;
            } else if this.next_id != u64::MAX {
                this.chunk.push(b']');
                this.next_id = u64::MAX;
            }
            this.produced += this.chunk.len() as u64;
        }
        let n = (this.chunk.len() - this.pos).min(buf.remaining());
        buf.put_slice(&this.chunk[this.pos..this.pos + n]);
        this.pos += n;
        std::task::Poll::Ready(Ok(()))
    }
}

#[derive(serde::Deserialize)]
struct Loaded {
    id: u64,
}

#[test]
fn an_async_stream_holds_one_window_and_one_element() {
    const TARGET: u64 = 64 << 20;
    let _serial = serial();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for slow in [false, true] {
        runtime.block_on(async {
            use futures_util::StreamExt;
            let base = ALLOC.reset_peak();
            let mut records = jsonstream::tokio::stream::<Loaded, _>(Records::new(TARGET, slow));
            let mut count = 0;
            while let Some(record) = records.next().await {
                assert_eq!(record.unwrap().id, count);
                count += 1;
            }
            assert!(count > 1_000_000, "{count} records");
            let peak = ALLOC.peak() - base;
            // The feed (the element, a window and a read of two windows ahead, 64 KiB each),
            // the element.
            assert!(
                peak < 1 << 20,
                "slow reads {slow}: peak heap {peak} bytes over 64 MiB of records"
            );
        });
    }
}
