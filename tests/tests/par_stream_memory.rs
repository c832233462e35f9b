//! Bounded memory of the parallel streams: a generated array of 1 GB (by default; set
//! `JSONSTREAM_MEMORY_TEST_BYTES` to change it), generated lazily as it is read, goes through
//! `par_stream` with a peak heap within its in-flight budget plus a few MiB (the window, the
//! batch being read, the decoders' buffers), whatever the number of decoding threads. Measured
//! by a counting global allocator installed in this test binary only.

use jsonstream::ReaderOptions;
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::{target_bytes, RecordArrayReader, FIRST_RECORD_ID};
use serde::Deserialize;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// What the stream holds besides its budget: the window, the batch being read, the decoders'
/// buffers and thread stacks' bookkeeping.
const SLACK: usize = 4 << 20;

/// The fields of the generated records that are read; the others are skipped.
#[derive(Debug, Deserialize)]
struct Rec {
    id: u64,
    score: f64,
}

fn peak_of_par_stream(options: &ReaderOptions) -> (usize, u64) {
    let _guard = serial();
    let baseline = ALLOC.reset_peak();
    let mut count = 0;
    for rec in options.par_stream::<Rec, _>(RecordArrayReader::new(target_bytes())) {
        let rec = rec.unwrap();
        assert_eq!(rec.id, FIRST_RECORD_ID + count);
        assert_eq!(rec.score, 0.5);
        count += 1;
    }
    (ALLOC.peak() - baseline, count)
}

#[test]
fn a_huge_array_stays_within_the_budget() {
    for (workers, budget) in [(2, jsonstream::DEFAULT_IN_FLIGHT_BYTES), (8, 1 << 20)] {
        let options = ReaderOptions::new()
            .workers(workers)
            .in_flight_bytes(budget);
        let (peak, count) = peak_of_par_stream(&options);
        assert!(count > 1000, "{count} records");
        assert!(
            peak < budget + SLACK,
            "{workers} threads, budget {budget}: peak {peak} bytes over {count} records"
        );
        eprintln!("{workers} threads, budget {budget}: peak {peak} bytes");
    }
}
