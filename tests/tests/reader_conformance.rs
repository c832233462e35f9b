//! JSONTestSuite conformance: every `y_` file accepted, every `n_` file rejected, on every input
//! path (slice, reader, one-byte reader, `Interrupted` reader, token API at several window
//! sizes); every `i_` file decided as documented in `data/i_decisions.md`.
//!
//! The paths named "window 1", "window 2" and "window 3" ask for those sizes; the reader raises
//! them to its minimum window of 4 bytes (`reader_api.rs`,
//! `window_sizes_below_the_minimum_are_raised`), so they read through a 4-byte window.

use jsonstream::{Category, JsonReader, LimitKind};
use jsonstream_tests::compare::{assert_no_failures, value_diff};
use jsonstream_tests::readers::{InterruptedReader, OneByteReader};
use jsonstream_tests::snapshot::{snap, ErrInfo};
use jsonstream_tests::suite::{suite_files, test_suite_dir};
use jsonstream_tests::token_run;
use jsonstream_tests::window::options;
use serde::de::IgnoredAny;
use serde_json::Value;

/// One way of reading a whole document; `Ok(None)` for the paths that build no value (the token
/// API, an ignored or a skipped value).
type PathFn = fn(&[u8]) -> Result<Option<Value>, ErrInfo>;

fn via_slice(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    snap(jsonstream::from_slice::<Value>(b)).map(Some)
}

fn via_str(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    // Only called for valid UTF-8 inputs.
    let s = std::str::from_utf8(b).expect("utf-8");
    snap(jsonstream::from_str::<Value>(s)).map(Some)
}

fn via_reader(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<Value> = jsonstream::from_reader(b);
    snap(r).map(Some)
}

fn via_one_byte(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<Value> = jsonstream::from_reader(OneByteReader::new(b));
    snap(r).map(Some)
}

fn via_interrupted(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<Value> = jsonstream::from_reader(InterruptedReader::new(b));
    snap(r).map(Some)
}

fn via_interrupted_one_byte(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<Value> =
        jsonstream::from_reader(InterruptedReader::new(OneByteReader::new(b)));
    snap(r).map(Some)
}

fn via_options_reader(b: &[u8], w: Option<usize>) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<Value> = options(w).from_reader(OneByteReader::new(b));
    snap(r).map(Some)
}

fn tokens_window(b: &[u8], w: Option<usize>) -> Result<Option<Value>, ErrInfo> {
    let run = token_run!(options(w).reader(b));
    match run.error {
        Some(e) => Err(e),
        None => Ok(None),
    }
}

fn via_tokens_w1(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    tokens_window(b, Some(1))
}
fn via_tokens_w2(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    tokens_window(b, Some(2))
}
fn via_tokens_w3(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    tokens_window(b, Some(3))
}
fn via_tokens_w7(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    tokens_window(b, Some(7))
}
fn via_tokens_default(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    tokens_window(b, None)
}
fn via_tokens_slice(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let run = token_run!(JsonReader::from_slice(b));
    match run.error {
        Some(e) => Err(e),
        None => Ok(None),
    }
}
fn via_tokens_one_byte_interrupted(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let run = token_run!(options(Some(3)).reader(InterruptedReader::new(OneByteReader::new(b))));
    match run.error {
        Some(e) => Err(e),
        None => Ok(None),
    }
}
fn via_window_1(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    via_options_reader(b, Some(1))
}
fn via_window_7(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    via_options_reader(b, Some(7))
}

fn via_ignored(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    snap(jsonstream::from_slice::<IgnoredAny>(b)).map(|_| None)
}
fn via_ignored_one_byte(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let r: jsonstream::Result<IgnoredAny> = jsonstream::from_reader(OneByteReader::new(b));
    snap(r).map(|_| None)
}
fn via_skipped_slice(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let mut r = JsonReader::from_slice(b);
    snap(r.skip_value().and_then(|()| r.finish())).map(|()| None)
}
fn via_skipped_window_7(b: &[u8]) -> Result<Option<Value>, ErrInfo> {
    let mut r = options(Some(7)).reader(OneByteReader::new(b));
    snap(r.skip_value().and_then(|()| r.finish())).map(|()| None)
}

/// Every `y_` file is accepted by `path`; a value it builds equals the `from_slice` value.
fn check_accepts(path: PathFn) {
    let mut failures = Vec::new();
    for (name, bytes) in suite_files("y_") {
        let expected = jsonstream::from_slice::<Value>(&bytes).ok();
        match path(&bytes) {
            Ok(Some(v)) => {
                if let Some(e) = &expected {
                    if let Some(d) = value_diff(&v, e) {
                        failures.push(format!("{name}: value differs from from_slice: {d}"));
                    }
                }
            }
            Ok(None) => {}
            Err(e) => failures.push(format!("{name}: rejected: {e:?}")),
        }
    }
    assert_no_failures("y_ files must be accepted", &failures);
}

/// Every `n_` file is rejected by `path`, with an error that has a position.
fn check_rejects(path: PathFn) {
    let mut failures = Vec::new();
    for (name, bytes) in suite_files("n_") {
        match path(&bytes) {
            Ok(v) => failures.push(format!("{name}: accepted as {v:?}")),
            Err(e) => {
                if e.category == Category::Io || e.category == Category::Data {
                    failures.push(format!("{name}: rejected with unexpected category {e:?}"));
                }
                // Column 0 is the start of a line: the error is a line break, or right after
                // one (the end of an empty input too).
                let line_start = e.offset == 0
                    || bytes.get(e.offset as usize) == Some(&b'\n')
                    || bytes.get(e.offset as usize - 1) == Some(&b'\n');
                if e.line == 0 || e.column == 0 && !line_start || e.offset > bytes.len() as u64 {
                    failures.push(format!("{name}: error without a sane position: {e:?}"));
                }
            }
        }
    }
    assert_no_failures("n_ files must be rejected", &failures);
}

#[test]
fn y_from_slice() {
    check_accepts(via_slice);
}
#[test]
fn y_from_str() {
    check_accepts(via_str);
}
#[test]
fn y_from_reader() {
    check_accepts(via_reader);
}
#[test]
fn y_from_reader_one_byte() {
    check_accepts(via_one_byte);
}
#[test]
fn y_from_reader_interrupted() {
    check_accepts(via_interrupted);
}
#[test]
fn y_from_reader_interrupted_one_byte() {
    check_accepts(via_interrupted_one_byte);
}
#[test]
fn y_from_reader_window_1() {
    check_accepts(via_window_1);
}
#[test]
fn y_from_reader_window_7() {
    check_accepts(via_window_7);
}
#[test]
fn y_tokens_window_1() {
    check_accepts(via_tokens_w1);
}
#[test]
fn y_tokens_window_2() {
    check_accepts(via_tokens_w2);
}
#[test]
fn y_tokens_window_3() {
    check_accepts(via_tokens_w3);
}
#[test]
fn y_tokens_window_7() {
    check_accepts(via_tokens_w7);
}
#[test]
fn y_tokens_window_default() {
    check_accepts(via_tokens_default);
}
#[test]
fn y_tokens_slice() {
    check_accepts(via_tokens_slice);
}
#[test]
fn y_tokens_interrupted_one_byte() {
    check_accepts(via_tokens_one_byte_interrupted);
}

#[test]
fn n_from_slice() {
    check_rejects(via_slice);
}
#[test]
fn n_from_str() {
    let mut failures = Vec::new();
    for (name, bytes) in suite_files("n_") {
        if let Ok(s) = std::str::from_utf8(&bytes) {
            if let Ok(v) = jsonstream::from_str::<Value>(s) {
                failures.push(format!("{name}: accepted as {v}"));
            }
        }
    }
    assert_no_failures("n_ files must be rejected by from_str", &failures);
}
#[test]
fn n_from_reader() {
    check_rejects(via_reader);
}
#[test]
fn n_from_reader_one_byte() {
    check_rejects(via_one_byte);
}
#[test]
fn n_from_reader_interrupted() {
    check_rejects(via_interrupted);
}
#[test]
fn n_from_reader_interrupted_one_byte() {
    check_rejects(via_interrupted_one_byte);
}
#[test]
fn n_from_reader_window_1() {
    check_rejects(via_window_1);
}
#[test]
fn n_from_reader_window_7() {
    check_rejects(via_window_7);
}
#[test]
fn n_tokens_window_1() {
    check_rejects(via_tokens_w1);
}
#[test]
fn n_tokens_window_2() {
    check_rejects(via_tokens_w2);
}
#[test]
fn n_tokens_window_3() {
    check_rejects(via_tokens_w3);
}
#[test]
fn n_tokens_window_7() {
    check_rejects(via_tokens_w7);
}
#[test]
fn n_tokens_window_default() {
    check_rejects(via_tokens_default);
}
#[test]
fn n_tokens_slice() {
    check_rejects(via_tokens_slice);
}
#[test]
fn n_tokens_interrupted_one_byte() {
    check_rejects(via_tokens_one_byte_interrupted);
}

/// `y_` and `n_` errors and values are the same on every path (the reader paths give the error
/// `from_slice` gives), and the token streams agree across window sizes.
#[test]
fn suite_errors_identical_on_every_path() {
    let paths: [(&str, PathFn); 5] = [
        ("from_reader", via_reader),
        ("one-byte", via_one_byte),
        ("interrupted", via_interrupted),
        ("window 1", via_window_1),
        ("window 7", via_window_7),
    ];
    let mut failures = Vec::new();
    for prefix in ["y_", "n_", "i_"] {
        for (name, bytes) in suite_files(prefix) {
            let expected = via_slice(&bytes);
            for (pname, path) in paths {
                let got = path(&bytes);
                let same = match (&got, &expected) {
                    (Ok(Some(a)), Ok(Some(b))) => value_diff(a, b).is_none(),
                    (Err(a), Err(b)) => a == b,
                    _ => false,
                };
                if !same {
                    failures.push(format!(
                        "{name} via {pname}: {got:?}\n    from_slice: {expected:?}"
                    ));
                }
            }
            let slice_tokens = token_run!(JsonReader::from_slice(&bytes));
            for w in [Some(1), Some(2), Some(3), Some(7), None] {
                let run = token_run!(options(w).reader(&bytes[..]));
                if run != slice_tokens {
                    failures.push(format!(
                        "{name}: token stream with window {w:?} differs from the slice one: \
                         {:?} / {:?} vs {:?} / {:?}",
                        run.toks().len(),
                        run.error,
                        slice_tokens.toks().len(),
                        slice_tokens.error
                    ));
                }
            }
        }
    }
    assert_no_failures("errors must not depend on the input path", &failures);
}

// ------------------------------------------------------------------------------------------
// i_ files: the documented decisions (data/i_decisions.md)
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Decision {
    /// Accepted or rejected exactly as `serde_json::from_slice::<Value>` does; same value.
    AsSerdeJson,
    /// Rejected: a byte order mark or UTF-16 input is not JSON text (syntax error at `offset`).
    NotUtf8Json { offset: u64 },
    /// Rejected: invalid UTF-8 inside a string, syntax error at the first invalid byte.
    InvalidUtf8,
    /// Rejected: a `\u` escape that is a lone or badly paired surrogate (syntax error).
    LoneSurrogate,
    /// Rejected: nesting deeper than the default depth limit of 127 levels.
    DepthLimit,
}

const I_DECISIONS: &[(&str, Decision)] = &[
    ("i_number_double_huge_neg_exp.json", Decision::AsSerdeJson),
    ("i_number_huge_exp.json", Decision::AsSerdeJson),
    ("i_number_neg_int_huge_exp.json", Decision::AsSerdeJson),
    ("i_number_pos_double_huge_exp.json", Decision::AsSerdeJson),
    ("i_number_real_neg_overflow.json", Decision::AsSerdeJson),
    ("i_number_real_pos_overflow.json", Decision::AsSerdeJson),
    ("i_number_real_underflow.json", Decision::AsSerdeJson),
    ("i_number_too_big_neg_int.json", Decision::AsSerdeJson),
    ("i_number_too_big_pos_int.json", Decision::AsSerdeJson),
    ("i_number_very_big_negative_int.json", Decision::AsSerdeJson),
    (
        "i_object_key_lone_2nd_surrogate.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_1st_surrogate_but_2nd_missing.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_1st_valid_surrogate_2nd_invalid.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_UTF-16LE_with_BOM.json",
        Decision::NotUtf8Json { offset: 0 },
    ),
    (
        "i_string_UTF-8_invalid_sequence.json",
        Decision::InvalidUtf8,
    ),
    ("i_string_UTF8_surrogate_U+D800.json", Decision::InvalidUtf8),
    (
        "i_string_incomplete_surrogate_and_escape_valid.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_incomplete_surrogate_pair.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_incomplete_surrogates_escape_valid.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_invalid_lonely_surrogate.json",
        Decision::LoneSurrogate,
    ),
    ("i_string_invalid_surrogate.json", Decision::LoneSurrogate),
    ("i_string_invalid_utf-8.json", Decision::InvalidUtf8),
    (
        "i_string_inverted_surrogates_U+1D11E.json",
        Decision::LoneSurrogate,
    ),
    ("i_string_iso_latin_1.json", Decision::InvalidUtf8),
    (
        "i_string_lone_second_surrogate.json",
        Decision::LoneSurrogate,
    ),
    (
        "i_string_lone_utf8_continuation_byte.json",
        Decision::InvalidUtf8,
    ),
    ("i_string_not_in_unicode_range.json", Decision::InvalidUtf8),
    (
        "i_string_overlong_sequence_2_bytes.json",
        Decision::InvalidUtf8,
    ),
    (
        "i_string_overlong_sequence_6_bytes.json",
        Decision::InvalidUtf8,
    ),
    (
        "i_string_overlong_sequence_6_bytes_null.json",
        Decision::InvalidUtf8,
    ),
    ("i_string_truncated-utf-8.json", Decision::InvalidUtf8),
    (
        "i_string_utf16BE_no_BOM.json",
        Decision::NotUtf8Json { offset: 0 },
    ),
    (
        "i_string_utf16LE_no_BOM.json",
        Decision::NotUtf8Json { offset: 1 },
    ),
    ("i_structure_500_nested_arrays.json", Decision::DepthLimit),
    (
        "i_structure_UTF-8_BOM_empty_object.json",
        Decision::NotUtf8Json { offset: 0 },
    ),
];

#[test]
fn i_decision_table_covers_every_file() {
    let files: Vec<String> = suite_files("i_").into_iter().map(|(n, _)| n).collect();
    let table: Vec<String> = I_DECISIONS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        files, table,
        "the i_ decision table must list every i_ file"
    );

    let md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/i_decisions.md"))
        .expect("data/i_decisions.md");
    for name in &files {
        assert!(
            md.contains(&format!("`{name}`")),
            "data/i_decisions.md does not document {name}"
        );
    }
}

/// Checks what `path` did with file `name` against its decision. `numbers_as_text`: the path
/// builds no number (the token API, an ignored or a skipped value).
fn check_decision(
    name: &str,
    bytes: &[u8],
    decision: Decision,
    numbers_as_text: bool,
    got: Result<Option<Value>, ErrInfo>,
) -> Option<String> {
    let fail = |why: String| Some(format!("{name}: {why}"));
    match decision {
        // Number text that is not converted is only checked against the grammar: every
        // i_number file is grammatically valid JSON, so it is accepted whatever serde_json's
        // range.
        Decision::AsSerdeJson if numbers_as_text => match got {
            Ok(_) => None,
            Err(e) => fail(format!("unconverted number text must be accepted: {e:?}")),
        },
        Decision::AsSerdeJson => {
            let expected = serde_json::from_slice::<Value>(bytes);
            match (got, expected) {
                (Ok(Some(v)), Ok(e)) => value_diff(&v, &e)
                    .and_then(|d| fail(format!("value differs from serde_json: {d}"))),
                (Err(e), Err(_)) => {
                    if matches!(e.category, Category::Eof | Category::Io) {
                        fail(format!("rejected with the wrong category: {e:?}"))
                    } else {
                        None
                    }
                }
                (got, expected) => fail(format!(
                    "serde_json says {:?}, jsonstream says {got:?}",
                    expected.map_err(|e| e.to_string())
                )),
            }
        }
        Decision::NotUtf8Json { offset } => match got {
            Err(e) if e.category == Category::Syntax && e.offset == offset => None,
            other => fail(format!(
                "expected a syntax error at offset {offset}, got {other:?}"
            )),
        },
        Decision::InvalidUtf8 => {
            let bad = std::str::from_utf8(bytes)
                .expect_err("the file is invalid UTF-8")
                .valid_up_to() as u64;
            match got {
                Err(e) if e.category == Category::Syntax && e.offset == bad => None,
                other => fail(format!(
                    "expected a syntax error at offset {bad} (first invalid byte), got {other:?}"
                )),
            }
        }
        Decision::LoneSurrogate => match got {
            Err(e) if e.category == Category::Syntax => None,
            other => fail(format!("expected a syntax error, got {other:?}")),
        },
        Decision::DepthLimit => match got {
            Err(e) if e.category == Category::Limit && e.limit == Some(LimitKind::Depth) => {
                // The 128th `[` (offset 127) is the one that exceeds the limit.
                if e.offset == 127 {
                    None
                } else {
                    fail(format!(
                        "depth error at offset {} instead of 127: {e:?}",
                        e.offset
                    ))
                }
            }
            other => fail(format!("expected a depth limit error, got {other:?}")),
        },
    }
}

#[test]
fn i_files_decided_as_documented() {
    // (name, path, whether it builds no number)
    let paths: [(&str, PathFn, bool); 16] = [
        ("from_slice", via_slice, false),
        ("from_reader", via_reader, false),
        ("one-byte", via_one_byte, false),
        ("interrupted", via_interrupted, false),
        ("window 1", via_window_1, false),
        ("window 7", via_window_7, false),
        ("tokens window 1", via_tokens_w1, true),
        ("tokens window 2", via_tokens_w2, true),
        ("tokens window 3", via_tokens_w3, true),
        ("tokens window 7", via_tokens_w7, true),
        ("tokens window default", via_tokens_default, true),
        ("tokens slice", via_tokens_slice, true),
        ("IgnoredAny from_slice", via_ignored, true),
        ("IgnoredAny one-byte", via_ignored_one_byte, true),
        ("skip_value slice", via_skipped_slice, true),
        ("skip_value window 7", via_skipped_window_7, true),
    ];
    let files = suite_files("i_");
    let mut failures = Vec::new();
    for (name, decision) in I_DECISIONS {
        let Some((_, bytes)) = files.iter().find(|(n, _)| n == name) else {
            failures.push(format!("{name}: missing from the suite"));
            continue;
        };
        for (pname, path, numbers_as_text) in paths {
            if let Some(f) = check_decision(name, bytes, *decision, numbers_as_text, path(bytes)) {
                failures.push(format!("[{pname}] {f}"));
            }
        }
    }
    assert_no_failures("i_ decisions", &failures);
}

/// A sanity check that the suite is really there and really exercised: the counts of the
/// vendored JSONTestSuite.
#[test]
fn suite_is_vendored_whole() {
    assert_eq!(suite_files("y_").len(), 95);
    assert_eq!(suite_files("n_").len(), 188);
    assert_eq!(suite_files("i_").len(), 35);
    assert!(test_suite_dir().join("../LICENSE").exists());
}
