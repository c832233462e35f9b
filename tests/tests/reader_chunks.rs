//! Chunk invariance: any input, valid or corrupted, read through any sequence of `read()` sizes
//! (one byte, `Interrupted`, short reads) and any window size, gives exactly what `from_slice`
//! gives: the same value, or an error with the same category, offset, line, column, path and
//! message; the same token stream (with the same positions) and the same stream items.
//! (Windows of 1 to 3 bytes are asked for too; the reader reads them as its minimum of 4.)

//!
//! The check itself, [`agree_with_slice`], is in the test library: the `reading_paths` fuzz
//! target runs it too.

use jsonstream::{Limits, ReaderOptions};
use jsonstream_tests::checks::{agree_with_slice, agree_with_slice_limited};
use jsonstream_tests::compare::assert_no_failures;
use jsonstream_tests::readers::{FailingReader, OneByteReader, Schedule, FAILING_READER_MESSAGE};
use jsonstream_tests::strategies::{
    apply_edits, arb_doc, arb_edit, arb_input, arb_schedule, arb_sizes, arb_style, arb_window,
    config, config_large,
};
use jsonstream_tests::window::{options, windows};
use proptest::prelude::*;
use serde_json::Value;

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn reads_are_chunk_invariant(
        input in arb_input(),
        schedule in arb_schedule(),
        window in arb_window(),
    ) {
        if let Err(e) = agree_with_slice(&input, &schedule, window) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Every fixed schedule and window on the same input.
    #[test]
    fn all_schedules_and_windows(input in arb_input()) {
        for schedule in Schedule::fixed() {
            for window in [Some(1), Some(2), Some(3), Some(5), Some(8), None] {
                if let Err(e) = agree_with_slice(&input, &schedule, window) {
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
            if let Err(e) = agree_with_slice(&input, &schedule, window) {
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
                if let Err(e) = agree_with_slice(input, &schedule, window) {
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
                if let Err(e) = agree_with_slice(input, &schedule, window) {
                    failures.push(e);
                }
            }
        }
    }
    assert_no_failures("truncations", &failures);
}

/// A number whose grammar stops before the document limit, read in pieces that reach the limit
/// before the number's bytes end: its error comes first, as when the whole number is in one
/// window (found by `par_stream`'s differential test, whose replay cut such a number where the
/// sequential stream had not).
#[test]
fn a_bad_number_ahead_of_the_document_limit() {
    let doc = b"[1.5-5555555555]";
    let limits = Limits {
        max_document_len: Some(8),
        ..Limits::default()
    };
    let want = ReaderOptions::new()
        .limits(limits)
        .from_slice::<Value>(doc)
        .unwrap_err();
    assert_eq!(
        want.to_string(),
        "invalid number at line 1 column 5, path $[0]"
    );
    for window in windows() {
        for schedule in Schedule::fixed() {
            let reader = schedule.wrap(&doc[..]);
            let got = options(window)
                .limits(limits)
                .from_reader::<_, Value>(reader)
                .unwrap_err();
            assert_eq!(
                (got.to_string(), got.offset()),
                (want.to_string(), want.offset()),
                "window {window:?}, {schedule:?}"
            );
        }
    }
}

/// The document limit at every byte of a document of several lines: every path gives the
/// slice's error, and its line and column are those of the bytes within the limit (a line
/// feed just past the limit starts no line; fuzzing found the slice counting it).
#[test]
fn the_document_limit_at_every_byte() {
    let doc = b"[1,\n {\"a\": \"b\\n\"},\n\n  [true, -2.5e3]\r\n]\n";
    let mut failures = Vec::new();
    for max in 0..=doc.len() as u64 {
        let limits = Limits {
            max_document_len: Some(max),
            ..Limits::default()
        };
        for schedule in [Schedule::OneByte, Schedule::InterruptedSizes(vec![3, 1, 2])] {
            for window in [Some(1), Some(4), Some(7), None] {
                if let Err(e) = agree_with_slice_limited(doc, &schedule, window, limits) {
                    failures.push(e);
                }
            }
        }
    }
    assert_no_failures("document limits", &failures);
    let limits = Limits {
        max_document_len: Some(2),
        ..Limits::default()
    };
    let err = ReaderOptions::new()
        .limits(limits)
        .from_slice::<Value>(b"[1\n]")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "document larger than the limit of 2 bytes at line 1 column 3, path $[0]"
    );
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
