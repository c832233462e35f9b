//! Hardening of the reading side (faults found by fuzzing):
//!
//! 1. a limit of `usize::MAX` (or `u64::MAX` for the document) means "no limit", on every path;
//! 2. the default depth limit accepts exactly what serde_json accepts;
//! 3. what a string reader hands out before an error, and where the reader stands afterwards,
//!    do not depend on the sizes of the reads;
//! 4. `line()`/`column()` are tracked incrementally and are right at every element.
//!
use std::io::{self, Read};

use jsonstream::{Category, JsonReader, LimitKind, Limits, ReaderOptions};
use jsonstream_tests::readers::{OneByteReader, Schedule, ShortReader};
use jsonstream_tests::snapshot::{snap, ErrInfo};
use serde::de::IgnoredAny;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The paths every check runs
// ---------------------------------------------------------------------------------------------

/// A reader path over an `io::Read`: how the input is fed and the window size.
#[derive(Debug, Clone)]
struct Path {
    schedule: Schedule,
    window: usize,
}

/// Windows of 1 to 8 bytes with one-byte and whole reads, `Interrupted` and short reads, and
/// the default window.
fn paths() -> Vec<Path> {
    let mut paths = Vec::new();
    for window in 1..=8 {
        for schedule in [Schedule::OneByte, Schedule::Whole] {
            paths.push(Path { schedule, window });
        }
    }
    for window in [3, 5, jsonstream::DEFAULT_WINDOW_SIZE] {
        for schedule in [
            Schedule::InterruptedOneByte,
            Schedule::Sizes(vec![2, 3, 1, 7, 4]),
        ] {
            paths.push(Path { schedule, window });
        }
    }
    paths.push(Path {
        schedule: Schedule::Whole,
        window: jsonstream::DEFAULT_WINDOW_SIZE,
    });
    paths
}

/// Runs the generic function `$f` (taking a `JsonReader` and returning a comparable outcome)
/// over the slice and over every [`Path`]; evaluates to `Vec<(name of the path, outcome)>`.
macro_rules! on_every_path {
    ($doc:expr, $options:expr, $f:expr) => {{
        let doc: &[u8] = $doc;
        let options: &ReaderOptions = $options;
        let mut outcomes = vec![("slice".to_string(), $f(options.slice_reader(doc)))];
        for path in paths() {
            let reader = options
                .clone()
                .window_size(path.window)
                .reader(path.schedule.reader(doc));
            outcomes.push((format!("{path:?}"), $f(reader)));
        }
        outcomes
    }};
}

/// An `io::Error` from a string reader, as the crate's error it wraps.
fn snap_io(e: io::Error) -> ErrInfo {
    let message = e.to_string();
    match e
        .into_inner()
        .map(|inner| inner.downcast::<jsonstream::Error>())
    {
        Some(Ok(err)) => ErrInfo::from(&*err),
        _ => panic!("an io::Error that does not wrap a jsonstream::Error: {message}"),
    }
}

/// The whole document as a `serde_json::Value`, printed (floats with their exact bits).
fn value<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<String, ErrInfo> {
    let v: Value = snap(r.deserialize_next())?;
    snap(r.finish())?;
    Ok(format!("{v:?}"))
}

/// The whole document skipped as `IgnoredAny`.
fn ignored<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<u64, ErrInfo> {
    let IgnoredAny = snap(r.deserialize_next())?;
    let offset = r.offset();
    snap(r.finish())?;
    Ok(offset)
}

/// The whole document skipped with `skip_value`.
fn skipped<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<u64, ErrInfo> {
    snap(r.skip_value())?;
    let offset = r.offset();
    snap(r.finish())?;
    Ok(offset)
}

/// A token (printed) with the reader's offset, line and column right after it.
type TokenAt = (String, u64, u64, u64);

/// Every token with the offset, line and column after it; the error that ended them, if any.
fn tokens<'de, S: jsonstream::read::Read<'de>>(
    mut r: JsonReader<S>,
) -> (Vec<TokenAt>, Option<ErrInfo>) {
    let mut out = Vec::new();
    loop {
        match r.next_token() {
            Ok(Some(token)) => {
                let token = format!("{token:?}");
                out.push((token, r.offset(), r.line(), r.column()));
            }
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e.into())),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. A limit of usize::MAX is no limit
// ---------------------------------------------------------------------------------------------

/// Each limit alone at its "no limit" value, then all of them.
fn unlimited() -> Vec<(&'static str, Limits)> {
    let d = Limits::default();
    vec![
        (
            "max_depth",
            Limits {
                max_depth: usize::MAX,
                ..d
            },
        ),
        (
            "max_number_len",
            Limits {
                max_number_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_key_len",
            Limits {
                max_key_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_string_len",
            Limits {
                max_string_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_document_len",
            Limits {
                max_document_len: Some(u64::MAX),
                ..d
            },
        ),
        (
            "all",
            Limits {
                max_depth: usize::MAX,
                max_number_len: usize::MAX,
                max_key_len: usize::MAX,
                max_string_len: usize::MAX,
                max_document_len: None,
            },
        ),
    ]
}

/// Documents within the default limits, valid and not: numbers (at the end of the input, in
/// arrays, split by every window), keys and strings with escapes, nesting.
fn documents_within_defaults() -> Vec<Vec<u8>> {
    let mut docs: Vec<Vec<u8>> = [
        "1",
        "12345",
        "[12345]",
        "-0.5e-3",
        "[1, 22, 333, 4444, 55555, 666666, 7777777, 1e300, -12.5E+2]",
        r#"{"key": "value", "n": -1.5e10, "a": [true, false, null], "e": {}}"#,
        r#""a\u00e9\n\ud83d\ude00 text""#,
        r#"{"long key with escapes \" \\ \u0041": "x", "k2": "a string value"}"#,
        "[[[[[[]]]]], {\"a\": [{}]}]",
        "[1,]",
        "[01]",
        "{\"a\" 1}",
        "\"abc",
        "[1.]",
        "12345x",
        "[-]",
        "\"\\x\"",
        "[1e]",
        "{\"k\": 123",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    docs.push(format!("[{}]", "7".repeat(4096)).into_bytes());
    docs.push(format!("{{\"{}\": 1}}", "k".repeat(300)).into_bytes());
    docs
}

#[test]
fn limits_at_usize_max_are_no_limit_on_every_path() {
    let default = ReaderOptions::new();
    for doc in documents_within_defaults() {
        let want_value = value(default.slice_reader(&doc));
        let want_ignored = ignored(default.slice_reader(&doc));
        let want_skipped = skipped(default.slice_reader(&doc));
        let want_tokens = tokens(default.slice_reader(&doc));
        for (name, limits) in unlimited() {
            let options = ReaderOptions::new().limits(limits);
            let ctx =
                |path: &str| format!("{name} = MAX, {path}, {}", String::from_utf8_lossy(&doc));
            for (path, got) in on_every_path!(&doc, &options, value) {
                assert_eq!(got, want_value, "value: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, ignored) {
                assert_eq!(got, want_ignored, "IgnoredAny: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, skipped) {
                assert_eq!(got, want_skipped, "skip_value: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, tokens) {
                assert_eq!(got, want_tokens, "tokens: {}", ctx(&path));
            }
        }
    }
}

/// Beyond the default limits, a limit of `usize::MAX` accepts what a large finite limit does.
#[test]
fn limits_at_usize_max_accept_beyond_the_defaults() {
    let big = 1 << 40;
    let cases: Vec<(Vec<u8>, Limits, Limits)> = vec![
        (
            format!("{}1{}", "[".repeat(1000), "]".repeat(1000)).into_bytes(),
            Limits {
                max_depth: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_depth: big,
                ..Limits::default()
            },
        ),
        (
            format!("[{}, 1]", "9".repeat(10_000)).into_bytes(),
            Limits {
                max_number_len: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_number_len: big,
                ..Limits::default()
            },
        ),
        (
            format!("{{\"{}\\n\": 1}}", "k".repeat(100_000)).into_bytes(),
            Limits {
                max_key_len: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_key_len: big,
                ..Limits::default()
            },
        ),
    ];
    for (doc, unlimited, finite) in cases {
        let finite = ReaderOptions::new().limits(finite);
        let unlimited = ReaderOptions::new().limits(unlimited);
        let want_ignored = ignored(finite.slice_reader(&doc));
        assert!(want_ignored.is_ok(), "{want_ignored:?}");
        let want_tokens = tokens(finite.slice_reader(&doc));
        for (path, got) in on_every_path!(&doc, &unlimited, ignored) {
            assert_eq!(got, want_ignored, "IgnoredAny, {path}");
        }
        for (path, got) in on_every_path!(&doc, &unlimited, tokens) {
            assert_eq!(got, want_tokens, "tokens, {path}");
        }
    }
    // A string over the default limit (1 GiB) is too big for a test: one over a limit of 1 MiB
    // instead, which usize::MAX accepts.
    let doc = format!("[\"{}\\t\"]", "s".repeat(1 << 20)).into_bytes();
    let small = ReaderOptions::new().limits(Limits {
        max_string_len: 1 << 20,
        ..Limits::default()
    });
    let err = value(small.slice_reader(&doc)).unwrap_err();
    assert_eq!(err.limit, Some(LimitKind::StringLength), "{err:?}");
    let unlimited = ReaderOptions::new().limits(Limits {
        max_string_len: usize::MAX,
        ..Limits::default()
    });
    for (path, got) in on_every_path!(&doc, &unlimited, value) {
        assert!(got.is_ok(), "{path}: {got:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. The depth boundary is serde_json's
// ---------------------------------------------------------------------------------------------

/// What opens a level of nesting (`[` or `{"a":`), by level.
type Opening = fn(usize) -> &'static str;

/// `depth` levels of `open` around `1`, closed.
fn nested(depth: usize, open: Opening) -> Vec<u8> {
    let mut doc = String::new();
    for level in 0..depth {
        doc.push_str(open(level));
    }
    doc.push('1');
    for level in (0..depth).rev() {
        doc.push(if open(level).starts_with('[') {
            ']'
        } else {
            '}'
        });
    }
    doc.into_bytes()
}

#[test]
fn default_depth_limit_accepts_what_serde_json_accepts() {
    let shapes: [(&str, Opening); 4] = [
        ("arrays", |_| "["),
        ("objects", |_| "{\"a\":"),
        (
            "mixed",
            |level| if level % 2 == 0 { "[" } else { "{\"a\":" },
        ),
        ("mixed, objects outside", |level| {
            if level % 3 == 0 {
                "{\"a\":"
            } else {
                "["
            }
        }),
    ];
    let options = ReaderOptions::new();
    for (shape, open) in shapes {
        for depth in 126..=130 {
            let doc = nested(depth, open);
            let serde_json_accepts = serde_json::from_slice::<Value>(&doc).is_ok();
            let ctx = format!("{shape}, depth {depth}");
            // The error is at the bracket that opens the first level past the limit.
            let opening = (0..depth)
                .map(|level| open(level).len())
                .collect::<Vec<_>>();
            let at = opening.iter().take(127).sum::<usize>() as u64;
            let check = |path: &str, err: Option<&ErrInfo>| match (serde_json_accepts, err) {
                (true, None) => {}
                (false, Some(e)) => {
                    assert_eq!(
                        (e.category, e.limit, e.offset),
                        (Category::Limit, Some(LimitKind::Depth), at),
                        "{ctx}, {path}: {e:?}"
                    );
                }
                (accepts, err) => {
                    panic!("{ctx}, {path}: serde_json accepts: {accepts}, jsonstream: {err:?}")
                }
            };
            for (path, got) in on_every_path!(&doc, &options, value) {
                check(&format!("Value, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, ignored) {
                check(&format!("IgnoredAny, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, skipped) {
                check(&format!("skip_value, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, tokens) {
                check(&format!("tokens, {path}"), got.1.as_ref());
            }
            // The number in the limits is the number of levels accepted.
            let exact = ReaderOptions::new().limits(Limits {
                max_depth: depth,
                ..Limits::default()
            });
            assert!(
                value(exact.slice_reader(&doc)).is_ok(),
                "{ctx}, max_depth {depth}"
            );
            let under = ReaderOptions::new().limits(Limits {
                max_depth: depth - 1,
                ..Limits::default()
            });
            let err = value(under.slice_reader(&doc)).unwrap_err();
            assert_eq!(err.limit, Some(LimitKind::Depth), "{ctx}: {err:?}");
        }
    }
    assert_eq!(Limits::default().max_depth, 127);
}

// ---------------------------------------------------------------------------------------------
// 3. What a string reader hands out before an error does not depend on the reads
// ---------------------------------------------------------------------------------------------

/// A string value in a document that goes on after it (on a second line, in an array in an
/// object, so that the path and the line say where).
fn string_doc(content: &[u8], closed: bool) -> Vec<u8> {
    let mut doc = b"{\"k\":\n [0, \"".to_vec();
    doc.extend_from_slice(content);
    if closed {
        doc.extend_from_slice(b"\", 2]}\n");
    }
    doc
}

/// Plain text: ASCII, 2-, 3- and 4-byte UTF-8 and every kind of escape.
const TEXT: &[u8] = b"ab\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80 \\n\\u00e9\\ud83d\\ude00\\\"\\/xyz";

/// Base64 texts: without padding, with one `=`, with two; one with escapes (`\u0041` is `A`).
const BASE64: [&[u8]; 4] = [
    b"SGVsbG8sIGJhc2U2NCB3b3JsZCEh",
    b"SGVsbG8sIGJhc2U2NCB3b3JsZCE=",
    b"SGVsbG8sIGJhc2U2NCB3b3JsZA==",
    b"QUJD\\u0041UJD\\/\\/\\/\\/QUJD",
];

/// `content`, and for every position in it: an invalid byte, a continuation byte, the start of
/// a 3-byte sequence cut short, a control character, a bad escape, a bad `\u` escape, a lone
/// surrogate, a stray base64 byte and padding inserted there; the content cut there (closed and
/// not); the byte there replaced by `A`.
fn corrupted(content: &[u8]) -> Vec<Vec<u8>> {
    let inserts: [&[u8]; 9] = [
        b"\xff",
        b"\x80",
        b"\xe2\x82",
        b"\x01",
        b"\\x",
        b"\\u12G4",
        b"\\ud800z",
        b"!",
        b"=",
    ];
    let mut docs = vec![string_doc(content, true)];
    for at in 0..=content.len() {
        for insert in inserts {
            let mut c = content[..at].to_vec();
            c.extend_from_slice(insert);
            c.extend_from_slice(&content[at..]);
            docs.push(string_doc(&c, true));
        }
        docs.push(string_doc(&content[..at], true));
        docs.push(string_doc(&content[..at], false));
        if at < content.len() {
            let mut c = content.to_vec();
            c[at] = b'A';
            docs.push(string_doc(&c, true));
        }
    }
    docs
}

/// What a probe saw: the bytes handed out, the error that ended them, and what the reader says
/// after the string reader is gone (offset, line, column, then every token up to the end).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    bytes: Vec<u8>,
    error: Option<ErrInfo>,
    offset: u64,
    line: u64,
    column: u64,
    rest: (Vec<TokenAt>, Option<ErrInfo>),
}

/// Moves to the string (the second element of `$.k`).
fn to_string_value<'de, S: jsonstream::read::Read<'de>>(r: &mut JsonReader<S>) {
    r.begin_object().unwrap();
    assert_eq!(r.next_key().unwrap(), "k");
    r.begin_array().unwrap();
    r.skip_value().unwrap();
}

fn seen<'de, S: jsonstream::read::Read<'de>>(
    r: JsonReader<S>,
    bytes: Vec<u8>,
    error: Option<ErrInfo>,
) -> Seen {
    Seen {
        bytes,
        error,
        offset: r.offset(),
        line: r.line(),
        column: r.column(),
        rest: tokens(r),
    }
}

/// Reads `from` to the end or the first error with a buffer of `size` bytes; stops (and drops
/// it) once `stop` bytes were handed out.
fn read_with(mut from: impl Read, size: usize, stop: usize) -> (Vec<u8>, Option<ErrInfo>) {
    let mut bytes = Vec::new();
    let mut buf = vec![0; size];
    while bytes.len() < stop {
        match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) => return (bytes, Some(snap_io(e))),
        }
    }
    bytes.truncate(stop);
    (bytes, None)
}

/// Every way of reading the string: buffers of 1 to 5 and 64 bytes, `copy_to`, and readers
/// dropped after a few bytes.
fn text_probes<'de, S: jsonstream::read::Read<'de>>(
    mut make: impl FnMut() -> JsonReader<S>,
) -> Vec<(String, Seen)> {
    let mut out = Vec::new();
    for size in [1, 2, 3, 4, 5, 64] {
        for stop in [0, 1, 2, 3, 5, 8, 13, 21, usize::MAX] {
            let mut r = make();
            to_string_value(&mut r);
            let (bytes, error) = match r.string_reader() {
                Ok(s) => read_with(s, size, stop),
                Err(e) => (Vec::new(), Some(e.into())),
            };
            out.push((format!("read({size}) up to {stop}"), seen(r, bytes, error)));
        }
    }
    let mut r = make();
    to_string_value(&mut r);
    let mut bytes = Vec::new();
    let error = match r.string_reader() {
        Ok(s) => s.copy_to(&mut bytes).err().as_ref().map(ErrInfo::from),
        Err(e) => Some(e.into()),
    };
    out.push(("copy_to".into(), seen(r, bytes, error)));
    out
}

fn base64_probes<'de, S: jsonstream::read::Read<'de>>(
    mut make: impl FnMut() -> JsonReader<S>,
) -> Vec<(String, Seen)> {
    let mut out = Vec::new();
    for size in [1, 2, 3, 4, 64] {
        for stop in [0, 1, 2, 3, 4, 7, 13, usize::MAX] {
            let mut r = make();
            to_string_value(&mut r);
            let (bytes, error) = match r.base64_reader() {
                Ok(b) => read_with(b, size, stop),
                Err(e) => (Vec::new(), Some(e.into())),
            };
            out.push((format!("read({size}) up to {stop}"), seen(r, bytes, error)));
        }
    }
    out
}

/// Every probe of every corrupted document on every path sees what it sees over the slice.
fn check_string_readers(contents: &[&[u8]], base64: bool) {
    let options = ReaderOptions::new();
    let mut compared = 0;
    for content in contents {
        for doc in corrupted(content) {
            let want = if base64 {
                base64_probes(|| options.slice_reader(&doc))
            } else {
                text_probes(|| options.slice_reader(&doc))
            };
            for path in paths() {
                let make = || {
                    options
                        .clone()
                        .window_size(path.window)
                        .reader(path.schedule.reader(&doc))
                };
                let got = if base64 {
                    base64_probes(make)
                } else {
                    text_probes(make)
                };
                for ((probe, want), (_, got)) in want.iter().zip(&got) {
                    assert_eq!(
                        got,
                        want,
                        "{probe}, {path:?}, document {:?}",
                        String::from_utf8_lossy(&doc)
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 10_000, "{compared}");
}

#[test]
fn string_reader_hands_out_the_same_bytes_on_every_path() {
    check_string_readers(&[TEXT], false);
}

#[test]
fn base64_reader_hands_out_the_same_bytes_on_every_path() {
    check_string_readers(&BASE64, true);
}

/// The cases of the issue, with what every path now gives: the valid text before the error,
/// the whole quanta before the bad one, and the reader stopped at the bad byte.
#[test]
fn bytes_before_a_string_error_are_the_valid_ones_before_it() {
    let options = ReaderOptions::new();
    let doc = string_doc(b"abc\xffdef", true);
    for (path, seen) in on_every_path!(&doc, &options, text_all) {
        assert_eq!(seen.bytes, b"abc", "{path}");
        let err = seen.error.expect("an error");
        assert_eq!(
            (err.offset, err.line, err.column),
            (15, 2, 10),
            "{path}: {err:?}"
        );
        assert_eq!(err.path, "$.k[1]", "{path}");
        assert_eq!(
            seen.offset, 15,
            "{path}: the reader stands at the invalid byte"
        );
    }
    let doc = string_doc(b"QUJDQUJD!QUJD", true);
    for (path, seen) in on_every_path!(&doc, &options, base64_one) {
        assert_eq!(seen.bytes, b"ABCABC", "{path}");
        let err = seen.error.expect("an error");
        assert!(err.display.starts_with("invalid base64"), "{path}: {err:?}");
        // At the `!`, whatever was read ahead.
        assert_eq!(
            (err.offset, err.line, err.column),
            (20, 2, 15),
            "{path}: {err:?}"
        );
        assert_eq!(err.path, "$.k[1]", "{path}");
    }
    // Dropped after one byte, before an invalid rest: stopped at the invalid byte, whatever
    // the path, and the next call says where.
    let doc = string_doc(b"abcdef\xffgh", true);
    for (path, seen) in on_every_path!(&doc, &options, text_dropped_after_one) {
        assert_eq!(seen.offset, 18, "{path}");
        let err = seen.rest.1.expect("unusable");
        assert_eq!(err.offset, 18, "{path}: {err:?}");
    }
    // The same before a bad escape that line breaks follow: the next call's error is placed
    // alike on every path, at the byte the reader stopped after, whatever it has read ahead
    // (with one-byte reads it once counted a line feed not yet read as a column).
    let doc = string_doc(b"abcdef\\u15e\n\n\n", false);
    for (path, seen) in on_every_path!(&doc, &options, text_dropped_after_one) {
        let err = seen.rest.1.expect("unusable");
        assert_eq!(
            (err.offset, err.line, err.column),
            (24, 3, 0),
            "{path}: {err:?}"
        );
    }
}

/// A call that the reader's state forbids (a value after the document, `has_next` outside a
/// container, a value where a key is due, by the token API or a serde visitor, `finish` inside
/// the document) is an error placed after the last byte read, on every path: the next byte is
/// not to blame, and an `io::Read` may not have read it (one-byte reads counted an unread line
/// feed as a column where the slice counted it as a line break).
#[test]
fn errors_of_calls_the_state_forbids_are_placed_alike_on_every_path() {
    let options = ReaderOptions::new();
    let check = |outcomes: Vec<(String, Vec<At>)>, want: &[At]| {
        for (path, got) in outcomes {
            assert_eq!(got, want, "{path}");
        }
    };
    check(
        on_every_path!(b"[]\n\n", &options, value_after_the_document),
        &[(2, 1, 2), (2, 1, 2)],
    );
    check(
        on_every_path!(b"{\n\n\"a\": 1}", &options, value_where_a_key_is_due),
        &[(1, 1, 1)],
    );
    check(
        on_every_path!(b"[\n\n1]", &options, finish_inside_the_document),
        &[(1, 1, 1)],
    );
    check(
        on_every_path!(b"{\n\n\"a\": 1}", &options, serde_value_before_its_key),
        &[(1, 1, 1)],
    );
}

/// An error's offset, line and column.
type At = (u64, u64, u64);

fn at(err: jsonstream::Error) -> At {
    let err = ErrInfo::from(&err);
    (err.offset, err.line, err.column)
}

fn value_after_the_document<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Vec<At> {
    r.begin_array().unwrap();
    r.end_array().unwrap();
    let complete = r.begin_array().expect_err("the document is complete");
    let outside = r.has_next().expect_err("not in a container");
    vec![at(complete), at(outside)]
}

fn value_where_a_key_is_due<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Vec<At> {
    r.begin_object().unwrap();
    vec![at(r.begin_array().expect_err("a key is due"))]
}

/// A serde map visitor that asks for a value before its key.
fn serde_value_before_its_key<'de, S: jsonstream::read::Read<'de>>(
    mut r: JsonReader<S>,
) -> Vec<At> {
    struct ValueFirst;

    impl<'de> serde::Deserialize<'de> for ValueFirst {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(ValueFirst)
        }
    }

    impl<'de> serde::de::Visitor<'de> for ValueFirst {
        type Value = ValueFirst;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
            map.next_value::<IgnoredAny>()?;
            Ok(ValueFirst)
        }
    }

    let err = r.deserialize_next::<ValueFirst>().err();
    vec![at(err.expect("a key is due"))]
}

fn finish_inside_the_document<'de, S: jsonstream::read::Read<'de>>(
    mut r: JsonReader<S>,
) -> Vec<At> {
    r.begin_array().unwrap();
    vec![at(r.finish().expect_err("the array is open"))]
}

fn text_all<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Seen {
    to_string_value(&mut r);
    let (bytes, error) = read_with(r.string_reader().unwrap(), 64, usize::MAX);
    seen(r, bytes, error)
}

fn text_dropped_after_one<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Seen {
    to_string_value(&mut r);
    let (bytes, error) = read_with(r.string_reader().unwrap(), 1, 1);
    seen(r, bytes, error)
}

fn base64_one<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Seen {
    to_string_value(&mut r);
    let (bytes, error) = read_with(r.base64_reader().unwrap(), 64, usize::MAX);
    seen(r, bytes, error)
}

// ---------------------------------------------------------------------------------------------
// 5. line() and column() at every element
// ---------------------------------------------------------------------------------------------

/// A million elements over lines of many lengths (multi-byte characters, escaped newlines that
/// are not line breaks, indentation), with the offsets where each element starts and ends.
fn many_elements() -> (Vec<u8>, Vec<(u64, u64)>) {
    let mut doc = b"[".to_vec();
    let mut spans = Vec::new();
    for i in 0..1_000_000u64 {
        if i > 0 {
            doc.push(b',');
        }
        match i % 7 {
            0 => doc.extend_from_slice(b"\n  "),
            3 => doc.push(b' '),
            5 if i % 3 == 0 => doc.extend_from_slice(b"\r\n\t"),
            _ => {}
        }
        let start = doc.len() as u64;
        match i % 5 {
            0 => doc.extend_from_slice(format!("{i}").as_bytes()),
            1 => doc.extend_from_slice("\"é€😀\\n\"".as_bytes()),
            2 => doc.extend_from_slice(format!("{{\"k\": [{i}, null]}}").as_bytes()),
            3 => doc.extend_from_slice(b"true"),
            _ => doc.extend_from_slice(format!("\"line\\nbreak {i}\"").as_bytes()),
        }
        spans.push((start, doc.len() as u64));
    }
    doc.extend_from_slice(b"\n]\n");
    (doc, spans)
}

/// Line and column of each of the increasing `offsets` in `doc`, counted byte by byte.
fn line_columns(doc: &[u8], offsets: impl Iterator<Item = u64>) -> Vec<(u64, u64)> {
    let (mut at, mut line, mut column) = (0u64, 1u64, 1u64);
    let mut out = Vec::new();
    for offset in offsets {
        while at < offset {
            if doc[at as usize] == b'\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
            at += 1;
        }
        out.push((line, column));
    }
    out
}

/// Walks the array, asking for the position at the start and the end of every element.
fn positions<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Vec<At> {
    let mut out = Vec::new();
    r.begin_array().unwrap();
    while r.has_next().unwrap() {
        out.push((r.offset(), r.line(), r.column()));
        r.skip_value().unwrap();
        out.push((r.offset(), r.line(), r.column()));
    }
    r.end_array().unwrap();
    r.finish().unwrap();
    out
}

/// Panics at the first position that differs (the vectors are too long to print).
fn same_positions(got: &[(u64, u64, u64)], want: &[(u64, u64, u64)], how: &str) {
    if let Some(i) = (0..got.len().min(want.len())).find(|&i| got[i] != want[i]) {
        panic!(
            "{how}: element {}: (offset, line, column) {:?} instead of {:?}",
            i / 2,
            got[i],
            want[i]
        );
    }
    assert_eq!(got.len(), want.len(), "{how}");
}

#[test]
fn line_and_column_at_every_element_of_a_large_document() {
    let (doc, spans) = many_elements();
    let offsets: Vec<u64> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    let want: Vec<(u64, u64, u64)> = line_columns(&doc, offsets.iter().copied())
        .into_iter()
        .zip(&offsets)
        .map(|((line, column), &offset)| (offset, line, column))
        .collect();
    assert!(want.last().unwrap().1 > 150_000, "many lines");
    let options = ReaderOptions::new();
    same_positions(&positions(options.slice_reader(&doc)), &want, "slice");
    same_positions(
        &positions(options.reader(&doc[..])),
        &want,
        "default window",
    );
    let small = options.clone().window_size(4096);
    let short = ShortReader::new(&doc[..], &[2, 3, 1, 7, 4]);
    same_positions(&positions(small.reader(short)), &want, "window 4096, short");
    let tiny = options.clone().window_size(5);
    let one_byte = OneByteReader::new(&doc[..]);
    same_positions(
        &positions(tiny.reader(one_byte)),
        &want,
        "window 5, one byte",
    );
}
