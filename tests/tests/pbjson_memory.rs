//! Bounded memory of PBJSON writing: `pbjson::dump` of a lazy sequence of a million records,
//! and an `ArrayWriter::pbjson` pushed a hundred thousand, each keep the peak heap under
//! 64 KiB (the 8 KiB output buffer, the key memo, one record), whatever the output's size.
//! Measured by a counting global allocator installed in this test binary only.

use std::io;

use jsonstream::{iter_seq, pbjson, ArrayWriter};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use serde::Serialize;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const PEAK_LIMIT: usize = 64 << 10;

/// A record of the memory test, generated on the fly.
#[derive(Serialize)]
struct Point {
    id: u64,
    name: String,
    x: f64,
    tags: [&'static str; 2],
}

/// An `io::Write` that counts and drops what it is given.
struct Counter(u64);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn dump_of_a_large_lazy_sequence_holds_one_element() {
    let _serial = serial();
    let items = 1_000_000u64;
    let points = iter_seq((0..items).map(|id| Point {
        id,
        name: format!("point {id}"),
        x: id as f64 / 3.0,
        tags: ["a", "b"],
    }));
    let base = ALLOC.reset_peak();
    let mut out = Counter(0);
    pbjson::dump(&points, &mut out).unwrap();
    let peak = ALLOC.peak() - base;
    assert!(out.0 > items * 30, "{} bytes", out.0);
    assert!(peak < PEAK_LIMIT, "peak {peak} bytes over the baseline");
}

#[test]
fn an_array_writer_holds_one_element() {
    let _serial = serial();
    let items = 100_000u64;
    let base = ALLOC.reset_peak();
    let mut records = ArrayWriter::pbjson(Counter(0));
    for id in 0..items {
        records
            .push(&Point {
                id,
                name: String::new(),
                x: 0.5,
                tags: ["a", "b"],
            })
            .unwrap();
    }
    let written = records.finish().unwrap().0;
    assert!(written > items * 10, "{written} bytes");
    let peak = ALLOC.peak() - base;
    assert!(peak < PEAK_LIMIT, "peak {peak} bytes over the baseline");
}
