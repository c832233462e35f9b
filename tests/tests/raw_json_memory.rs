//! Bounded memory for raw values: `JsonReader::raw_value` copies a 100 MB value from an
//! `io::Read` into an `io::Write` in the memory of one window, measured by a counting global
//! allocator installed in this test binary only; a `Box<RawJson>` holds its value's text and
//! nothing more.

use std::io::{self, Read};

use jsonstream::{RawJson, ReaderOptions};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::huge::{huge_string, RecordArrayReader};
use jsonstream_tests::readers::InterruptedReader;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// The size of the value copied.
const VALUE_BYTES: u64 = 100 << 20;

/// A writer that keeps a count and a checksum of what it is given, never the bytes.
#[derive(Default, PartialEq, Debug)]
struct Digest {
    len: u64,
    sum: u64,
}

impl io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            self.sum = (self.sum ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `{"before": 1, "value": <value>, "after": [true]}` around a generated value.
fn document(value: impl Read) -> impl Read {
    (&br#"{"before": 1, "value": "#[..])
        .chain(value)
        .chain(&br#", "after": [true]}"#[..])
}

/// Copies the `value` member of a generated document with `raw_value`, checks it is the
/// generated text, and returns the peak heap over the baseline.
fn copy_value(value: impl Read, expected: Digest, window: usize) -> usize {
    let baseline = ALLOC.reset_peak();
    let options = ReaderOptions::new().window_size(window);
    let mut reader = options.reader(InterruptedReader::new(document(value)));
    reader.begin_object().unwrap();
    assert_eq!(reader.next_key().unwrap(), "before");
    reader.skip_value().unwrap();
    assert_eq!(reader.next_key().unwrap(), "value");
    let mut copied = Digest::default();
    let len = reader.raw_value(&mut copied).unwrap();
    assert_eq!(copied, expected);
    assert_eq!(len, expected.len);
    assert_eq!(reader.next_key().unwrap(), "after");
    reader.skip_value().unwrap();
    reader.end_object().unwrap();
    reader.finish().unwrap();
    ALLOC.peak() - baseline
}

fn digest(mut value: impl Read) -> Digest {
    let mut digest = Digest::default();
    io::copy(&mut value, &mut digest).unwrap();
    digest
}

#[test]
fn raw_value_copies_100_mb_in_one_window() {
    let _guard = serial();
    for window in [4096, 64 << 10] {
        let records = digest(RecordArrayReader::new(VALUE_BYTES));
        assert!(records.len >= VALUE_BYTES);
        let peak = copy_value(RecordArrayReader::new(VALUE_BYTES), records, window);
        assert!(
            peak < window + (256 << 10),
            "records, window {window}: peak {peak}"
        );

        let string = digest(huge_string(VALUE_BYTES));
        let peak = copy_value(huge_string(VALUE_BYTES), string, window);
        assert!(
            peak < window + (256 << 10),
            "string, window {window}: peak {peak}"
        );
    }
}

/// A boxed raw value holds its text (grown as it is copied out of the window) and nothing
/// more, where `raw_value` holds one window of a value of any size.
#[test]
fn a_boxed_raw_value_holds_its_text_only() {
    let _guard = serial();
    let size = 8 << 20;
    let baseline = ALLOC.reset_peak();
    let options = ReaderOptions::new().window_size(4096);
    let boxed: Box<RawJson> = options.from_reader(RecordArrayReader::new(size)).unwrap();
    let held = ALLOC.current().saturating_sub(baseline);
    let len = boxed.get().len();
    assert!(len as u64 >= size);
    // Other threads of the test harness may free a little memory meanwhile, hence the slack.
    let slack = 1 << 20;
    assert!(
        held + slack >= len && held < len + slack,
        "held {held} for {len}"
    );
    // The buffer grows by doubling while the text is copied into it.
    assert!(
        ALLOC.peak() - baseline < 3 * len,
        "peak {}",
        ALLOC.peak() - baseline
    );
}
