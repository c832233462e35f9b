//! Bounded memory for JSON Lines: `stream_values` over 64 MiB of generated records (set
//! `JSONSTREAM_LINES_MEMORY_BYTES` to change it) and `LinesWriter` over as many keep the peak
//! heap small. Measured by a counting global allocator installed in this test binary only.

use std::io::{self, Read, Write};

use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::env_u64;
use serde::{Deserialize, Serialize};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const PEAK_LIMIT: usize = 1 << 20;

#[derive(Debug, Serialize, Deserialize)]
struct Rec {
    id: u64,
    name: String,
    tags: Vec<String>,
}

fn record(id: u64) -> Rec {
    Rec {
        id,
        name: format!("record {id}"),
        tags: vec!["a".into(), "b\n".into()],
    }
}

/// JSON Lines of [`record`]s, generated as they are read, until `target` bytes.
struct LinesReader {
    next_id: u64,
    produced: u64,
    target: u64,
    line: Vec<u8>,
    pos: usize,
}

impl Read for LinesReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.line.len() {
            if self.produced >= self.target {
                return Ok(0);
            }
            self.line.clear();
            serde_json::to_writer(&mut self.line, &record(self.next_id))?;
            // Alternate line ends, and leave the last line without one.
            self.line
                .extend_from_slice(if self.next_id.is_multiple_of(2) {
                    b"\n"
                } else {
                    b"\r\n"
                });
            self.next_id += 1;
            self.produced += self.line.len() as u64;
            if self.produced >= self.target {
                self.line.retain(|&b| b != b'\n' && b != b'\r');
            }
            self.pos = 0;
        }
        let n = buf.len().min(self.line.len() - self.pos);
        buf[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn target() -> u64 {
    env_u64("JSONSTREAM_LINES_MEMORY_BYTES", 64 << 20)
}

#[test]
fn stream_values_keeps_the_heap_small() {
    let _guard = serial();
    let mut lines = LinesReader {
        next_id: 0,
        produced: 0,
        target: target(),
        line: Vec::with_capacity(256),
        pos: 0,
    };
    let baseline = ALLOC.reset_peak();
    let mut count = 0u64;
    for item in jsonstream::stream_values::<Rec, _>(&mut lines) {
        let rec = item.unwrap_or_else(|e| panic!("record {count}: {e}"));
        assert_eq!(rec.id, count);
        count += 1;
    }
    assert_eq!(count, lines.next_id);
    let peak = ALLOC.peak() - baseline;
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes over {count} records"
    );
}

/// Counts bytes and lines, keeps nothing.
struct Count(u64, u64);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        self.1 += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn lines_writer_keeps_the_heap_small() {
    let _guard = serial();
    // About 50 bytes a record.
    let records = target() / 50;
    let baseline = ALLOC.reset_peak();
    let mut lines = jsonstream::LinesWriter::new(Count(0, 0));
    for id in 0..records {
        lines.push(&record(id)).unwrap();
    }
    let count = lines.finish().unwrap();
    assert_eq!(count.1, records);
    assert!(count.0 >= target() / 2, "{} bytes written", count.0);
    let peak = ALLOC.peak() - baseline;
    assert!(
        peak < PEAK_LIMIT,
        "peak heap {peak} bytes over {records} records"
    );
}
