//! The parallel streams (`par_stream`, `par_stream_at`, `par_stream_values`) against their
//! sequential twins: for valid and corrupted documents, every JSONTestSuite file in an array,
//! limits and failing inputs, under one-byte, `Interrupted` and short reads, with 1, 2 and 8
//! decoding threads and budgets small enough to cut the input into many batches, they yield
//! exactly the same items (values, and the error with its message, offset, line, column and
//! path, after the same elements).

use std::io::Cursor;

use jsonstream::ReaderOptions;
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::snapshot::{drain, ErrInfo};
use jsonstream_tests::strategies::{arb_doc, arb_edit, arb_style, config, Doc};
use jsonstream_tests::stream_inputs::{
    arb_input, arb_lines, arb_parallel_options, blocking_items, corrupted, lines_bytes, Input,
    Shape,
};
use jsonstream_tests::suite::suite_files;
use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn parallel<T: DeserializeOwned + Send + 'static>(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
) -> Vec<Result<T, ErrInfo>> {
    let reader = input.wrap(Cursor::new(bytes.to_vec()));
    match shape {
        Shape::Array => drain(options.par_stream::<T, _>(reader)),
        Shape::At(pointer) => drain(options.par_stream_at::<T, _>(reader, pointer)),
        Shape::Values => drain(options.par_stream_values::<T, _>(reader)),
    }
}

/// Asserts that the parallel stream gives exactly the sequential stream's items, with 1, 2
/// and 8 decoding threads; returns them.
fn same_items<T>(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
) -> Vec<Result<T, ErrInfo>>
where
    T: DeserializeOwned + Send + 'static + PartialEq + std::fmt::Debug,
{
    let want = blocking_items::<T>(options, shape, bytes, input);
    for workers in [1, 2, 8] {
        let got = parallel::<T>(&options.clone().workers(workers), shape, bytes, input);
        assert_eq!(
            got,
            want,
            "{workers} workers, {shape:?}, {input:?}, {options:?} on {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    want
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arrays_give_what_stream_gives(
        elements in vec(arb_doc(), 0..10),
        style in arb_style(),
        edits in vec(arb_edit(), 0..4),
        keep in any::<bool>(),
        options in arb_parallel_options(),
        input in arb_input(),
    ) {
        let bytes = corrupted(Doc::Arr(elements), &style, &edits, keep);
        same_items::<Value>(&options, &Shape::Array, &bytes, &input);
        same_items::<u8>(&options, &Shape::Array, &bytes, &input);
    }

    #[test]
    fn arrays_at_pointers_give_what_stream_at_gives(
        members in vec((prop::sample::select(vec!["a", "b", "c"]), arb_doc()), 0..5),
        style in arb_style(),
        edits in vec(arb_edit(), 0..3),
        keep in any::<bool>(),
        pointer in prop::sample::select(vec!["/a", "/*", "/a/*", "/*/b", "/b/0", "/c/*/a"]),
        options in arb_parallel_options(),
        input in arb_input(),
    ) {
        let members = members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let bytes = corrupted(Doc::Obj(members), &style, &edits, keep);
        same_items::<Value>(&options, &Shape::At(pointer), &bytes, &input);
    }

    #[test]
    fn values_give_what_stream_values_gives(
        values in arb_lines(),
        style in arb_style(),
        edits in vec(arb_edit(), 0..3),
        keep in any::<bool>(),
        options in arb_parallel_options(),
        input in arb_input(),
    ) {
        let bytes = lines_bytes(values, &style, &edits, keep);
        same_items::<Value>(&options, &Shape::Values, &bytes, &input);
    }
}

/// Every JSONTestSuite file as the element of an array (and twice, in two elements), and as
/// JSON Lines, through each kind of reader: the same values and errors, at the same positions.
#[test]
fn every_suite_file_in_an_array_gives_what_stream_gives() {
    let schedules = [
        Schedule::Whole,
        Schedule::OneByte,
        Schedule::Interrupted,
        Schedule::Sizes(vec![2, 3, 1, 7]),
    ];
    let options = ReaderOptions::new().in_flight_bytes(16);
    let mut errors = 0;
    for (name, file) in suite_files("") {
        let once = [&b"["[..], &file, b"]"].concat();
        let twice = [&b"[1, "[..], &file, b",\n", &file, b", 2]"].concat();
        for schedule in &schedules {
            let input = Input {
                schedule: schedule.clone(),
                fail_after: None,
            };
            let items = same_items::<Value>(&options, &Shape::Array, &once, &input);
            errors += usize::from(items.iter().any(Result::is_err));
            same_items::<Value>(&options, &Shape::Array, &twice, &input);
            same_items::<Value>(&options, &Shape::Values, &file, &input);
        }
        assert!(!name.is_empty());
    }
    // The `n_` files are errors, in an array as alone.
    assert!(errors > 4 * 180, "{errors}");
}

/// Long arrays through small budgets: many batches in flight, elements yielded in order, and
/// an error far in (in a batch after many others) as `stream` says it.
#[test]
fn long_arrays_come_in_document_order_with_late_errors_in_place() {
    let elements: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"id": {i}, "name": "n\"{i}", "tags": [{i}, [], {{}}]}}"#))
        .collect();
    let valid = format!("[\n{}\n]", elements.join(",\n"));
    let mut late_error = elements.clone();
    late_error[4321] = r#"{"id": 4321, "name": "x", "tags": [1,]}"#.to_owned();
    let late_error = format!("[\n{}\n]", late_error.join(",\n"));
    let truncated = &valid[..valid.len() - 100];
    for budget in [64, 4096, 1 << 20] {
        let options = ReaderOptions::new().in_flight_bytes(budget);
        let input = Input {
            schedule: Schedule::Sizes(vec![1000, 3, 77]),
            fail_after: None,
        };
        let items = same_items::<Value>(&options, &Shape::Array, valid.as_bytes(), &input);
        let ids: Vec<u64> = items
            .iter()
            .map(|v| v.as_ref().unwrap()["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, (0..5000).collect::<Vec<u64>>());
        let items = same_items::<Value>(&options, &Shape::Array, late_error.as_bytes(), &input);
        assert_eq!(items.len(), 4322);
        assert_eq!(items[4321].as_ref().unwrap_err().path, "$[4321].tags[1]");
        let items = same_items::<Value>(&options, &Shape::Array, truncated.as_bytes(), &input);
        assert!(items.last().unwrap().is_err());
    }
}

/// Typed elements, made by the iterating thread from what the decoding threads read: those
/// that cannot be made that way (an `f32` written exactly halfway between two `f32`s, an
/// `i128` beyond 64 bits) are read from their text, and an element that is not a `T` (deep in
/// a batch, after elements already yielded from it) ends the stream with `stream`'s error,
/// after the same elements.
#[test]
fn typed_elements_give_what_stream_gives_where_they_are_read_from_text_or_fail() {
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Kind {
        Plain,
        Tagged(u8),
        Shaped { x: Option<f64> },
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Rec {
        id: u32,
        name: String,
        tags: Vec<String>,
        score: f32,
        big: i128,
        kind: Kind,
        counts: BTreeMap<u16, u8>,
    }

    let record = |i: u32| {
        // Just above the halfway point of two `f32`s, which is its nearest `f64` (rounded
        // again to `f32`, that `f64` would give the lower one); i128::MAX does not fit 64 bits.
        let score = if i.is_multiple_of(97) {
            "16777217.0000000001".to_owned()
        } else {
            format!("{i}.25")
        };
        let big = if i.is_multiple_of(89) {
            i128::MAX
        } else {
            i128::from(i) * -3
        };
        let kind = match i % 3 {
            0 => r#""Plain""#.to_owned(),
            1 => format!(r#"{{"Tagged": {}}}"#, i % 200),
            _ => r#"{"Shaped": {"x": null}}"#.to_owned(),
        };
        format!(
            r#"{{"id": {i}, "name": "n\"{i}é", "tags": ["a", "\u00e9{i}"], "score": {score}, "big": {big}, "kind": {kind}, "counts": {{"{i}": 1, "7": 2}}}}"#
        )
    };
    let elements: Vec<String> = (0..3000).map(record).collect();
    let valid = format!("[\n{}\n]", elements.join(",\n"));
    let mut wrong_type = elements.clone();
    wrong_type[2345] = wrong_type[2345].replace(r#""id": 2345"#, r#""id": -1"#);
    let wrong_type = format!("[\n{}\n]", wrong_type.join(",\n"));
    for budget in [64, 4096, 1 << 20] {
        let options = ReaderOptions::new().in_flight_bytes(budget);
        let input = Input {
            schedule: Schedule::Sizes(vec![1000, 3, 77]),
            fail_after: None,
        };
        let items = same_items::<Rec>(&options, &Shape::Array, valid.as_bytes(), &input);
        assert_eq!(items.len(), 3000);
        assert!(items.iter().all(Result::is_ok));
        let items = same_items::<Rec>(&options, &Shape::Array, wrong_type.as_bytes(), &input);
        assert_eq!(items.len(), 2346);
        assert_eq!(items[2345].as_ref().unwrap_err().path, "$[2345].id");
    }
}

/// A `Deserialize` implementation that panics does so in the thread that iterates, at its
/// element, after the elements before it.
#[test]
fn a_panic_while_decoding_reaches_the_iterating_thread() {
    struct Touchy(u32);
    impl<'de> serde::Deserialize<'de> for Touchy {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let n = u32::deserialize(d)?;
            assert!(n != 13, "unlucky element");
            Ok(Touchy(n))
        }
    }
    let input = Cursor::new(
        format!(
            "[{}]",
            (0..100)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        )
        .into_bytes(),
    );
    let mut seen = Vec::new();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for touchy in ReaderOptions::new()
            .in_flight_bytes(8)
            .par_stream::<Touchy, _>(input)
        {
            seen.push(touchy.unwrap().0);
        }
    }));
    let payload = caught.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"unlucky element"));
    assert_eq!(seen, (0..13).collect::<Vec<u32>>());
}

/// A stream dropped before its end stops its threads, also when its reader never ends.
#[test]
fn a_stream_dropped_early_stops_reading() {
    struct Endless(u64);
    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let text = if self.0 == 0 {
                "[".to_owned()
            } else {
                format!("{},", self.0)
            };
            self.0 += 1;
            let n = text.len().min(buf.len());
            buf[..n].copy_from_slice(&text.as_bytes()[..n]);
            Ok(n)
        }
    }
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    struct Counted(Endless, std::sync::Arc<std::sync::atomic::AtomicU64>);
    impl std::io::Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.0.read(buf)
        }
    }
    let mut numbers = ReaderOptions::new()
        .in_flight_bytes(1024)
        .par_stream::<u64, _>(Counted(Endless(0), counted.clone()));
    assert_eq!(numbers.next().unwrap().unwrap(), 1);
    drop(numbers);
    // The reading thread stops within its budget: the number of reads stops growing.
    let settled = |reads: &std::sync::atomic::AtomicU64| {
        let mut last = reads.load(std::sync::atomic::Ordering::SeqCst);
        loop {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let now = reads.load(std::sync::atomic::Ordering::SeqCst);
            if now == last {
                return now;
            }
            last = now;
        }
    };
    let reads = settled(&counted);
    assert!(reads < 1_000_000, "{reads} reads");
}
