//! Chunk invariance: any input, valid or corrupted, read through any sequence of `read()` sizes
//! (one byte, `Interrupted`, short reads) and any window size, gives exactly what `from_slice`
//! gives: the same value, or an error with the same category, offset, line, column, path and
//! message; the same token stream (with the same positions) and the same stream items.
//! (Windows of 1 to 3 bytes are asked for too; the reader reads them as its minimum of 4.)

use jsonstream::JsonReader;
use jsonstream_tests::compare::{assert_no_failures, value_diff};
use jsonstream_tests::readers::{FailingReader, OneByteReader, Schedule, FAILING_READER_MESSAGE};
use jsonstream_tests::snapshot::{snap, ErrInfo, TokenRun};
use jsonstream_tests::strategies::{
    apply_edits, arb_doc, arb_edit, arb_input, arb_schedule, arb_sizes, arb_style, arb_window,
    config, config_large,
};
use jsonstream_tests::token_run;
use jsonstream_tests::window::{options, windows};
use proptest::prelude::*;
use serde::de::IgnoredAny;
use serde_json::Value;

type Outcome = Result<Value, ErrInfo>;

fn same_outcome(a: &Outcome, b: &Outcome) -> Option<String> {
    match (a, b) {
        (Ok(x), Ok(y)) => value_diff(x, y),
        (Err(x), Err(y)) if x == y => None,
        _ => Some(format!("{a:?}\n  vs {b:?}")),
    }
}

fn slice_value(input: &[u8]) -> Outcome {
    snap(jsonstream::from_slice::<Value>(input))
}

fn reader_value(input: &[u8], schedule: &Schedule, window: Option<usize>) -> Outcome {
    snap(options(window).from_reader(schedule.reader(input)))
}

fn slice_tokens(input: &[u8]) -> TokenRun {
    token_run!(JsonReader::from_slice(input))
}

fn reader_tokens(input: &[u8], schedule: &Schedule, window: Option<usize>) -> TokenRun {
    token_run!(options(window).reader(schedule.reader(input)))
}

/// Items of `stream::<Value>` until `None` (at most `len + 2`, so a stream that never ends
/// fails instead of hanging), and whether `next()` still gives `None` afterwards.
fn stream_items<I: Iterator<Item = jsonstream::Result<Value>>>(
    mut it: I,
    max: usize,
) -> Vec<Outcome> {
    let mut items = Vec::new();
    for _ in 0..max {
        match it.next() {
            Some(item) => items.push(snap(item)),
            None => {
                assert!(it.next().is_none(), "the stream is not fused after None");
                return items;
            }
        }
    }
    panic!("stream of more than {max} items: {items:?}");
}

fn skip_outcome<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<u64, ErrInfo> {
    snap(r.skip_value())?;
    let offset = r.offset();
    snap(r.finish())?;
    Ok(offset)
}

/// Every way of reading `input` through `schedule` and `window` agrees with the slice way.
fn check_invariance(
    input: &[u8],
    schedule: &Schedule,
    window: Option<usize>,
) -> Result<(), String> {
    let ctx = || {
        format!(
            "input {:?} ({} bytes), schedule {schedule:?}, window {window:?}",
            String::from_utf8_lossy(input),
            input.len()
        )
    };

    // One-shot values.
    let expected = slice_value(input);
    let got = reader_value(input, schedule, window);
    if let Some(d) = same_outcome(&got, &expected) {
        return Err(format!("from_reader vs from_slice: {d}\n  {}", ctx()));
    }
    if window.is_none() {
        let got = snap(jsonstream::from_reader(schedule.reader(input)));
        if let Some(d) = same_outcome(&got, &expected) {
            return Err(format!(
                "jsonstream::from_reader vs from_slice: {d}\n  {}",
                ctx()
            ));
        }
    }

    // Typed: IgnoredAny validates without building anything; same outcome as Value.
    let ignored_slice = snap(jsonstream::from_slice::<IgnoredAny>(input)).map(|_| ());
    let ignored: jsonstream::Result<IgnoredAny> =
        options(window).from_reader(schedule.reader(input));
    let ignored = snap(ignored).map(|_| ());
    if ignored != ignored_slice {
        return Err(format!(
            "IgnoredAny: reader {ignored:?} vs slice {ignored_slice:?}\n  {}",
            ctx()
        ));
    }

    // Token stream, with the position after every token.
    let expected_tokens = slice_tokens(input);
    let got_tokens = reader_tokens(input, schedule, window);
    if got_tokens.toks() != expected_tokens.toks() || got_tokens.error != expected_tokens.error {
        return Err(format!(
            "token stream: reader {:?} / {:?}\n  slice {:?} / {:?}\n  {}",
            got_tokens.toks(),
            got_tokens.error,
            expected_tokens.toks(),
            expected_tokens.error,
            ctx()
        ));
    }
    if got_tokens != expected_tokens {
        return Err(format!(
            "token positions: reader {:?}\n  slice {:?}\n  {}",
            got_tokens.tokens,
            expected_tokens.tokens,
            ctx()
        ));
    }
    // The token API and the one-shot parse agree on validity.
    if let (None, Err(e)) = (&expected_tokens.error, &expected) {
        // Only number conversion (range) can fail on text the tokenizer accepts.
        if e.category == jsonstream::Category::Syntax || e.category == jsonstream::Category::Eof {
            return Err(format!(
                "the token API accepts what from_slice rejects with {e:?}\n  {}",
                ctx()
            ));
        }
    }
    if let (Some(e), Ok(_)) = (&expected_tokens.error, &expected) {
        return Err(format!(
            "from_slice accepts what the token API rejects with {e:?}\n  {}",
            ctx()
        ));
    }

    // skip_value + finish.
    let skip_slice = skip_outcome(JsonReader::from_slice(input));
    let skip_reader = skip_outcome(options(window).reader(schedule.reader(input)));
    if skip_reader != skip_slice {
        return Err(format!(
            "skip_value: reader {skip_reader:?} vs slice {skip_slice:?}\n  {}",
            ctx()
        ));
    }
    if skip_slice.is_ok() != expected_tokens.error.is_none() {
        return Err(format!(
            "skip_value {skip_slice:?} disagrees with the token API {:?}\n  {}",
            expected_tokens.error,
            ctx()
        ));
    }

    // Array streams.
    let max = input.len() + 2;
    let items_slice = stream_items(options(window).stream_slice::<Value>(input), max);
    let items_reader = stream_items(
        options(window).stream::<Value, _>(schedule.reader(input)),
        max,
    );
    let same_items = items_slice.len() == items_reader.len()
        && items_slice
            .iter()
            .zip(&items_reader)
            .all(|(a, b)| same_outcome(a, b).is_none());
    if !same_items {
        return Err(format!(
            "stream: reader {items_reader:?}\n  slice {items_slice:?}\n  {}",
            ctx()
        ));
    }
    // A stream ends with at most one error, and only at the end.
    if let Some(pos) = items_slice.iter().position(Result::is_err) {
        if pos + 1 != items_slice.len() {
            return Err(format!(
                "stream goes on after an error: {items_slice:?}\n  {}",
                ctx()
            ));
        }
    }
    // When the whole document is a valid array of values, the stream yields its elements.
    if let Ok(Value::Array(elements)) = &expected {
        let ok: Vec<Value> = items_slice.iter().filter_map(|i| i.clone().ok()).collect();
        if ok.len() != elements.len() || items_slice.len() != elements.len() {
            return Err(format!(
                "stream of a valid array: {items_slice:?} vs {elements:?}\n  {}",
                ctx()
            ));
        }
        for (a, b) in ok.iter().zip(elements) {
            if let Some(d) = value_diff(a, b) {
                return Err(format!("stream element: {d}\n  {}", ctx()));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn reads_are_chunk_invariant(
        input in arb_input(),
        schedule in arb_schedule(),
        window in arb_window(),
    ) {
        if let Err(e) = check_invariance(&input, &schedule, window) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Every fixed schedule and window on the same input.
    #[test]
    fn all_schedules_and_windows(input in arb_input()) {
        for schedule in Schedule::fixed() {
            for window in [Some(1), Some(2), Some(3), Some(5), Some(8), None] {
                if let Err(e) = check_invariance(&input, &schedule, window) {
                    prop_assert!(false, "{}", e);
                }
            }
        }
    }
}

/// Documents several times larger than the default window (64 KiB), so that the default
/// window is refilled too; valid, or with up to two edits anywhere. Runs
/// `JSONSTREAM_LARGE_CASES` cases (default 24) whatever `PROPTEST_CASES` says.
#[test]
fn large_documents() {
    let strategy = (
        proptest::collection::vec(arb_doc(), 1..40),
        arb_style(),
        proptest::collection::vec(arb_edit(), 0..3),
        arb_sizes(),
    );
    let mut runner = proptest::test_runner::TestRunner::new(config_large(24));
    let result = runner.run(&strategy, |(docs, style, edits, sizes)| {
        let mut text = b"[".to_vec();
        let mut i = 0;
        while text.len() < 200_000 {
            if i > 0 {
                text.push(b',');
            }
            text.extend_from_slice(&docs[i % docs.len()].write(&style[i % style.len()..]));
            i += 1;
        }
        text.push(b']');
        let input = apply_edits(text, &edits);
        for (schedule, window) in [
            (
                Schedule::Sizes(sizes.iter().map(|s| s * 997).collect()),
                None,
            ),
            (Schedule::InterruptedSizes(sizes.clone()), Some(4096)),
        ] {
            if let Err(e) = check_invariance(&input, &schedule, window) {
                // The input is long: show the end of the message only.
                prop_assert!(false, "{}", &e[e.len().saturating_sub(2000)..]);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Hand-picked inputs where boundaries matter: escapes, surrogate pairs, multi-byte UTF-8,
/// numbers, literals, errors at the end and on later lines.
#[test]
fn fixed_inputs_all_schedules_and_windows() {
    let inputs: &[&[u8]] = &[
        b"",
        b" ",
        b"[]",
        b"{}",
        b"[1,2,3]",
        b"  [ 1 , [ 2 , { \"a\" : [ ] } ] , \"x\" ]  ",
        b"{\"a\":{\"b\":[1,{\"c\":\"\\ud83d\\ude00\\n\\\"\"}]}}",
        "[\"é€😀\", \"\\u00e9\\u20AC\\uD83D\\uDE00\"]".as_bytes(),
        b"[-0.0e-0, 12345678901234567890, 1.7976931348623157e308, 1e400]",
        b"[true,false,null,tru]",
        b"[1,2,",
        b"[1,2]x",
        b"[1,2] [3]",
        b"{\"a\" 1}",
        b"{\"a\":1,}",
        b"[\"ab\xffcd\"]",
        b"[\"\xe2\x82\"]",
        b"[\n\n  \"x\",\n  01\n]",
        b"\xef\xbb\xbf[]",
        b"[\"\\ud800\"]",
        b"[\"\\uDC00\\uD800\"]",
        b"[\"tab\there\"]",
        b"[1.]",
        b"[-]",
        b"[1e]",
        b"\"unterminated",
        b"\"esc \\",
        b"\"esc \\u12",
        b"{\"k\\u0000\":\"v\"}",
    ];
    let mut failures = Vec::new();
    for input in inputs {
        for schedule in Schedule::fixed() {
            for window in windows() {
                if let Err(e) = check_invariance(input, &schedule, window) {
                    failures.push(e);
                }
            }
        }
    }
    assert_no_failures("chunk invariance on fixed inputs", &failures);
}

/// The error of a document whose tail is cut anywhere is the same on every path.
#[test]
fn every_truncation_of_a_document() {
    let doc = "{\"records\":[{\"id\":1,\"name\":\"a\\\"b\\u00e9😀\",\"tags\":[true,null,-1.5e-3]},\
               {\"id\":2,\"name\":\"é\",\"tags\":[]}],\"n\":12345678901234567890123}"
        .as_bytes();
    let mut failures = Vec::new();
    for cut in 0..=doc.len() {
        let input = &doc[..cut];
        for schedule in [Schedule::OneByte, Schedule::InterruptedSizes(vec![3, 1, 2])] {
            for window in [Some(1), Some(2), Some(3), Some(4), Some(7), None] {
                if let Err(e) = check_invariance(input, &schedule, window) {
                    failures.push(e);
                }
            }
        }
    }
    assert_no_failures("truncations", &failures);
}

/// An I/O error keeps its `io::Error` and its position on every schedule.
#[test]
fn io_errors_keep_their_cause() {
    let doc = b"[\"abc\", 123, {\"k\": [true, false]}]";
    for fail_at in 0..doc.len() {
        for window in [Some(1), Some(3), None] {
            let r = FailingReader::new(OneByteReader::new(&doc[..]), fail_at);
            let result: jsonstream::Result<Value> = options(window).from_reader(r);
            let err = result.expect_err("the reader fails");
            assert_eq!(err.category(), jsonstream::Category::Io, "{err:?}");
            let io = err.io_error().expect("io_error()");
            assert_eq!(io.kind(), std::io::ErrorKind::Other);
            assert_eq!(io.to_string(), FAILING_READER_MESSAGE);
            assert_eq!(
                err.offset(),
                fail_at as u64,
                "error at the failing read: {err:?}"
            );
            let back: std::io::Error = err.into();
            assert_eq!(back.kind(), std::io::ErrorKind::Other);
            assert_eq!(back.to_string(), FAILING_READER_MESSAGE);
        }
    }
}
