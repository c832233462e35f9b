//! `ParStream::par_try_for_each` against the sequential streams: for valid and corrupted
//! documents, every JSONTestSuite file in an array, limits and failing inputs, under one-byte,
//! `Interrupted` and short reads, with 1, 2 and 8 decoding threads and budgets small enough to
//! cut the input into many batches, the closure sees exactly the elements the sequential
//! stream yields before its error, each once (in any order), and the call returns that error
//! (message, offset, line, column, path). A closure that fails or panics stops the call.

use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use jsonstream::ReaderOptions;
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::snapshot::ErrInfo;
use jsonstream_tests::strategies::{arb_doc, arb_edit, arb_style, config, Doc};
use jsonstream_tests::stream_inputs::{
    arb_input, arb_lines, arb_parallel_options, blocking_items, corrupted, lines_bytes, Input,
    Shape,
};
use jsonstream_tests::suite::suite_files;
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value;

/// Why a `par_try_for_each` of these tests ended early.
#[derive(Debug, PartialEq)]
enum Stop {
    /// The input's error.
    Input(ErrInfo),
    /// The closure refused this element.
    Refused(String),
}

impl From<jsonstream::Error> for Stop {
    fn from(error: jsonstream::Error) -> Self {
        Stop::Input(ErrInfo::from(error))
    }
}

/// The elements handed to the closure (as JSON text, sorted) and the result, the closure
/// refusing the element whose text is `refuse`.
fn for_each(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
    refuse: Option<&str>,
) -> (Vec<String>, Result<(), Stop>) {
    let reader = input.wrap(Cursor::new(bytes.to_vec()));
    let stream = match shape {
        Shape::Array => options.par_stream::<Value, _>(reader),
        Shape::At(pointer) => options.par_stream_at::<Value, _>(reader, pointer),
        Shape::Values => options.par_stream_values::<Value, _>(reader),
    };
    let seen = Mutex::new(Vec::new());
    let result = stream.par_try_for_each(|value| {
        let text = value.to_string();
        if refuse == Some(text.as_str()) {
            return Err(Stop::Refused(text));
        }
        seen.lock().unwrap().push(text);
        Ok(())
    });
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    (seen, result)
}

/// Asserts that `par_try_for_each` sees what the sequential stream yields before its error and
/// returns that error, with 1, 2 and 8 decoding threads; and, with a closure that refuses one
/// of those elements, returns the refusal. Returns the number of elements.
fn same_elements(options: &ReaderOptions, shape: &Shape, bytes: &[u8], input: &Input) -> usize {
    let items = blocking_items::<Value>(options, shape, bytes, input);
    let mut want: Vec<String> = items
        .iter()
        .filter_map(|item| item.as_ref().ok().map(Value::to_string))
        .collect();
    let error = items.iter().find_map(|item| item.as_ref().err()).cloned();
    want.sort();
    let context = || {
        format!(
            "{shape:?}, {input:?}, {options:?} on {:?}",
            String::from_utf8_lossy(bytes)
        )
    };
    for workers in [1, 2, 8] {
        let options = options.clone().workers(workers);
        let (seen, result) = for_each(&options, shape, bytes, input, None);
        assert_eq!(seen, want, "{workers} workers, {}", context());
        assert_eq!(
            result,
            error.clone().map_or(Ok(()), |e| Err(Stop::Input(e))),
            "{workers} workers, {}",
            context()
        );
        if let Some(refused) = want.first() {
            let (seen, result) = for_each(&options, shape, bytes, input, Some(refused));
            assert_eq!(
                result,
                Err(Stop::Refused(refused.clone())),
                "{workers} workers, {}",
                context()
            );
            // Each element at most once, and none that the sequential stream does not yield.
            let mut rest = want.clone();
            for text in &seen {
                let at = rest.iter().position(|want| want == text);
                assert!(at.is_some(), "{text} handed out, {}", context());
                rest.remove(at.unwrap());
            }
        }
    }
    want.len()
}

proptest! {
    #![proptest_config(config(200))]

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
        same_elements(&options, &Shape::Array, &bytes, &input);
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
        same_elements(&options, &Shape::At(pointer), &bytes, &input);
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
        same_elements(&options, &Shape::Values, &bytes, &input);
    }
}

/// Every JSONTestSuite file as the element of an array (and twice, in two elements), and as
/// JSON Lines, through each kind of reader.
#[test]
fn every_suite_file_in_an_array_gives_what_stream_gives() {
    let schedules = [
        Schedule::Whole,
        Schedule::OneByte,
        Schedule::Interrupted,
        Schedule::Sizes(vec![2, 3, 1, 7]),
    ];
    let options = ReaderOptions::new().in_flight_bytes(16);
    let mut files = 0;
    for (_, file) in suite_files("") {
        let once = [&b"["[..], &file, b"]"].concat();
        let twice = [&b"[1, "[..], &file, b",\n", &file, b", 2]"].concat();
        for schedule in &schedules {
            let input = Input {
                schedule: schedule.clone(),
                fail_after: None,
            };
            same_elements(&options, &Shape::Array, &once, &input);
            same_elements(&options, &Shape::Array, &twice, &input);
            same_elements(&options, &Shape::Values, &file, &input);
        }
        files += 1;
    }
    assert!(files > 300, "{files} files");
}

/// Long arrays through small budgets: many batches decoded at once, each element handed out
/// once; an error far in (in a batch after many others) after exactly the elements before it.
#[test]
fn long_arrays_with_late_errors_hand_out_exactly_the_elements_before() {
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
        assert_eq!(
            same_elements(&options, &Shape::Array, valid.as_bytes(), &input),
            5000
        );
        assert_eq!(
            same_elements(&options, &Shape::Array, late_error.as_bytes(), &input),
            4321
        );
        let (_, result) = for_each(&options, &Shape::Array, late_error.as_bytes(), &input, None);
        match result {
            Err(Stop::Input(error)) => assert_eq!(error.path, "$[4321].tags[1]"),
            other => panic!("{other:?}"),
        }
        assert!(same_elements(&options, &Shape::Array, truncated.as_bytes(), &input) < 5000);
    }
}

fn numbers(count: u32) -> Cursor<Vec<u8>> {
    let numbers: Vec<String> = (0..count).map(|i| i.to_string()).collect();
    Cursor::new(format!("[{}]", numbers.join(",")).into_bytes())
}

/// A closure that panics stops the call, and the panic goes on in the calling thread.
#[test]
fn a_panic_in_the_closure_reaches_the_calling_thread() {
    for workers in [1, 2, 8] {
        let handed = AtomicUsize::new(0);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ReaderOptions::new()
                .workers(workers)
                .in_flight_bytes(64)
                .par_stream::<u32, _>(numbers(10_000))
                .par_for_each(|n| {
                    handed.fetch_add(1, Ordering::Relaxed);
                    assert!(n != 1234, "unlucky element");
                })
        }));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"unlucky element"));
        assert!(handed.into_inner() < 10_000);
    }
}

/// A `Deserialize` implementation that panics on a decoding thread panics in the calling
/// thread, and no element after it is handed out.
#[test]
fn a_panic_while_decoding_reaches_the_calling_thread() {
    struct Touchy(u32);
    impl<'de> serde::Deserialize<'de> for Touchy {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let n = u32::deserialize(d)?;
            assert!(n != 1234, "unlucky element");
            Ok(Touchy(n))
        }
    }
    for workers in [1, 2, 8] {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ReaderOptions::new()
                .workers(workers)
                .in_flight_bytes(64)
                .par_stream::<Touchy, _>(numbers(10_000))
                .par_for_each(|touchy| assert_ne!(touchy.0, 1234))
        }));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"unlucky element"));
    }
}

/// On a stream that has yielded items, the rest are handed out, each once.
#[test]
fn a_stream_already_iterated_hands_out_the_rest() {
    let mut stream = ReaderOptions::new()
        .in_flight_bytes(64)
        .par_stream::<u32, _>(numbers(1000));
    assert_eq!(stream.next().unwrap().unwrap(), 0);
    assert_eq!(stream.next().unwrap().unwrap(), 1);
    let seen = Mutex::new(Vec::new());
    stream
        .par_for_each(|n| seen.lock().unwrap().push(n))
        .unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    assert_eq!(seen, (2..1000).collect::<Vec<u32>>());
}

/// A closure that borrows from the caller's stack, and elements that borrow nothing: the
/// decoding threads are scoped to the call.
#[test]
fn the_closure_may_borrow_from_the_caller() {
    let mut total = 0u64;
    {
        let sum = std::sync::atomic::AtomicU64::new(0);
        let weight = 3u64;
        jsonstream::par_stream::<u64, _>(Cursor::new(b"[1, 2, 3]".to_vec()))
            .par_for_each(|n| {
                sum.fetch_add(n * weight, Ordering::Relaxed);
            })
            .unwrap();
        total += sum.into_inner();
    }
    assert_eq!(total, 18);
}
