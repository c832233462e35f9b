//! End of input and UTF-8: truncated documents are `Eof` errors; escapes and multi-byte UTF-8
//! split across window boundaries decode correctly; invalid UTF-8 is a syntax error at the
//! right offset; absurd nesting is a depth-limit error, never a stack overflow.

use std::collections::BTreeMap;
use std::io::Read as _;

use jsonstream::{Category, JsonReader, LimitKind};
use jsonstream_tests::compare::assert_no_failures;
use jsonstream_tests::readers::OneByteReader;
use jsonstream_tests::reference::line_col;
use jsonstream_tests::snapshot::{snap, ErrInfo, Tok};
use jsonstream_tests::token_run;
use jsonstream_tests::window::options;
use serde::de::IgnoredAny;
use serde_json::Value;

/// Valid documents whose every proper prefix is incomplete (no top-level number, no trailing
/// whitespace).
const DOCUMENTS: &[&str] = &[
    "{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\ud83d\\ude00\\n\",{}],\"b c\":{\"d\":[]},\"é😀\":\"€\"}",
    "[\"abc\",[[[\"deep\"]]],-0.0,123456789012345678901234567890,1E-7,0]",
    "\"just a string with \\\"escapes\\\" \\\\ \\/ and é😀 \\uD834\\uDD1E\"",
    "  \n\t[ 1 ,\r\n 2 , { \"k\" : \"v\" } ]",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "\"\"",
];

fn check_eof(input: &[u8], err: &ErrInfo, how: &str) -> Option<String> {
    let text = String::from_utf8_lossy(input);
    if err.category != Category::Eof {
        return Some(format!("{how} of {text:?}: not an Eof error: {err:?}"));
    }
    // At the end of the input, also inside an incomplete UTF-8 sequence (as serde_json, which
    // reads a string's bytes to the end of the input before it checks them).
    let at = input.len();
    if err.offset != at as u64 {
        return Some(format!(
            "{how} of {text:?}: Eof error at offset {} instead of {at} (input length {})",
            err.offset,
            input.len()
        ));
    }
    // At the last byte read, as serde_json places the end of the input (column 0 at the start
    // of a line).
    let (line, column) = line_col(input, at);
    let column = column - 1;
    if (err.line, err.column) != (line, column) {
        return Some(format!(
            "{how} of {text:?}: Eof error at line {} column {} instead of {line}:{column}",
            err.line, err.column
        ));
    }
    None
}

#[test]
fn every_proper_prefix_is_an_eof_error() {
    let mut failures = Vec::new();
    for doc in DOCUMENTS {
        let doc = doc.as_bytes();
        assert!(
            jsonstream::from_slice::<Value>(doc).is_ok(),
            "the whole document is valid: {}",
            String::from_utf8_lossy(doc)
        );
        for cut in 0..doc.len() {
            let input = &doc[..cut];
            let slice = snap(jsonstream::from_slice::<Value>(input));
            let one_byte: Result<Value, ErrInfo> =
                snap(jsonstream::from_reader(OneByteReader::new(input)));
            let ignored = snap(jsonstream::from_slice::<IgnoredAny>(input)).map(|_| Value::Null);
            let window_1: Result<Value, ErrInfo> =
                snap(options(Some(1)).from_reader(OneByteReader::new(input)));
            let tokens = token_run!(options(Some(2)).reader(input));
            let tokens = match tokens.error {
                Some(e) => Err(e),
                None => Ok(Value::Null),
            };
            for (how, r) in [
                ("from_slice", slice),
                ("from_reader (one byte)", one_byte),
                ("from_slice::<IgnoredAny>", ignored),
                ("from_reader (window 1)", window_1),
                ("next_token (window 2)", tokens),
            ] {
                match r {
                    Ok(v) => failures.push(format!(
                        "{how} of {:?}: accepted as {v}",
                        String::from_utf8_lossy(input)
                    )),
                    Err(e) => failures.extend(check_eof(input, &e, how)),
                }
            }
        }
    }
    assert_no_failures("proper prefixes", &failures);
}

/// A string with escapes, surrogate pairs and raw 2-, 3- and 4-byte UTF-8, and its decoding.
const TRICKY_JSON: &str =
    "\\ud83d\\ude00é€😀\\u00e9\\u20ac\\\"\\\\\\/\\b\\f\\n\\r\\t\\uD834\\uDD1E\u{10FFFF}";
const TRICKY_DECODED: &str = "😀é€😀é€\"\\/\u{8}\u{c}\n\r\t\u{1D11E}\u{10FFFF}";

/// Every character of the tricky string falls on every position relative to the window
/// boundary, for windows of 1 to 8 bytes (the reader raises 1 to 3 to its minimum of 4, so the
/// windows read through are 4 to 8 bytes), as a value, a key and a token, and through the
/// string reader.
#[test]
fn escapes_and_utf8_split_at_every_window_boundary() {
    let mut failures = Vec::new();
    for pad in 0..9 {
        let prefix = "a".repeat(pad);
        let expected = format!("{prefix}{TRICKY_DECODED}");
        let value_doc = format!("\"{prefix}{TRICKY_JSON}\"");
        let key_doc = format!("{{\"{prefix}{TRICKY_JSON}\":1}}");
        let array_doc = format!("[\"{prefix}{TRICKY_JSON}\",\"{TRICKY_JSON}\"]");
        for window in 1..=8 {
            let opts = options(Some(window));
            let ctx = format!("pad {pad}, window {window}");

            let plain: jsonstream::Result<String> = opts.from_reader(value_doc.as_bytes());
            match plain {
                Ok(s) if s == expected => {}
                other => failures.push(format!("{ctx}: String: {other:?}")),
            }
            let one_byte: jsonstream::Result<String> =
                opts.from_reader(OneByteReader::new(value_doc.as_bytes()));
            match one_byte {
                Ok(s) if s == expected => {}
                other => failures.push(format!("{ctx}: String (one byte): {other:?}")),
            }
            let map: jsonstream::Result<BTreeMap<String, u8>> =
                opts.from_reader(OneByteReader::new(key_doc.as_bytes()));
            match map {
                Ok(m) if m.keys().eq([&expected]) => {}
                other => failures.push(format!("{ctx}: key: {other:?}")),
            }
            let v: jsonstream::Result<Value> = opts.from_reader(array_doc.as_bytes());
            match v {
                Ok(v) if v == serde_json::json!([expected, TRICKY_DECODED]) => {}
                other => failures.push(format!("{ctx}: Value: {other:?}")),
            }

            let run = token_run!(opts.reader(key_doc.as_bytes()));
            let want = vec![
                Tok::BeginObject,
                Tok::Key(expected.clone()),
                Tok::Num("1".into()),
                Tok::EndObject,
            ];
            if run.toks() != want || run.error.is_some() {
                failures.push(format!("{ctx}: tokens {:?} / {:?}", run.toks(), run.error));
            }

            let mut reader = opts.reader(OneByteReader::new(value_doc.as_bytes()));
            let mut bytes = Vec::new();
            let read = match reader.string_reader() {
                Ok(mut s) => s.read_to_end(&mut bytes).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match read {
                Ok(_) if bytes == expected.as_bytes() => {}
                Ok(_) => failures.push(format!(
                    "{ctx}: string_reader gave {:?}",
                    String::from_utf8_lossy(&bytes)
                )),
                Err(e) => failures.push(format!("{ctx}: string_reader: {e}")),
            }
            if let Err(e) = reader.finish() {
                failures.push(format!("{ctx}: finish after string_reader: {e}"));
            }
        }
    }
    assert_no_failures("split escapes and UTF-8", &failures);
}

/// Inputs with invalid UTF-8 and where the first invalid byte is.
fn invalid_utf8_inputs() -> Vec<Vec<u8>> {
    let mut inputs: Vec<Vec<u8>> = vec![
        b"[\"ab\xffcd\"]".to_vec(),
        b"[\"\x80\"]".to_vec(),
        b"[\"\xc3\"]".to_vec(),
        b"[\"\xc3(\"]".to_vec(),
        b"[\"\xc0\x80\"]".to_vec(),
        b"[\"\xe2\x82\"]".to_vec(),
        b"[\"\xe2\x82(\"]".to_vec(),
        b"[\"\xed\xa0\x80\"]".to_vec(),
        b"[\"\xed\xbf\xbf\"]".to_vec(),
        b"[\"\xf0\x9f\x98\"]".to_vec(),
        b"[\"\xf0\x8f\xbf\xbf\"]".to_vec(),
        b"[\"\xf4\x90\x80\x80\"]".to_vec(),
        b"[\"\xf5\x80\x80\x80\"]".to_vec(),
        b"{\"k\xff\":1}".to_vec(),
        b"{\"ok\":\"\xe9t\xe9\"}".to_vec(),
        // Valid multi-byte UTF-8 first, the bad byte on line 3.
        b"[\n  \"\xc3\xa9\",\n  \"x\xf8\"\n]".to_vec(),
    ];
    let mut after_multibyte = "[\"é€😀\", \"".as_bytes().to_vec();
    after_multibyte.extend_from_slice(b"\xff\"]");
    inputs.push(after_multibyte);
    inputs
}

#[test]
fn invalid_utf8_is_a_syntax_error_at_the_first_bad_byte() {
    let mut failures = Vec::new();
    for base in invalid_utf8_inputs() {
        for pad in 0..6 {
            // Move the bad byte across window boundaries with leading whitespace.
            let mut input = vec![b' '; pad];
            input.extend_from_slice(&base);
            let bad = std::str::from_utf8(&input).unwrap_err().valid_up_to();
            let (line, column) = line_col(&input, bad);
            let mut results = vec![
                (
                    "from_slice",
                    snap(jsonstream::from_slice::<Value>(&input)).map(|_| ()),
                ),
                (
                    "from_slice::<IgnoredAny>",
                    snap(jsonstream::from_slice::<IgnoredAny>(&input)).map(|_| ()),
                ),
            ];
            for window in 1..=8 {
                let r: jsonstream::Result<Value> =
                    options(Some(window)).from_reader(OneByteReader::new(&input[..]));
                results.push(("from_reader", snap(r).map(|_| ())));
                let run = token_run!(options(Some(window)).reader(&input[..]));
                results.push(("next_token", run.error.map_or(Ok(()), Err)));
                let mut reader = options(Some(window)).reader(&input[..]);
                results.push(("skip_value", snap(reader.skip_value())));
            }
            for (how, r) in results {
                match r {
                    Err(e)
                        if e.category == Category::Syntax
                            && e.offset == bad as u64
                            && (e.line, e.column) == (line, column) => {}
                    other => failures.push(format!(
                        "{how} of {:?}: expected a syntax error at offset {bad} \
                         (line {line} column {column}), got {other:?}",
                        String::from_utf8_lossy(&input)
                    )),
                }
            }
        }
    }
    assert_no_failures("invalid UTF-8", &failures);
}

/// Invalid UTF-8 inside a string read through `string_reader` is an `InvalidData` I/O error.
#[test]
fn invalid_utf8_through_the_string_reader() {
    for window in 1..=8 {
        let input = b"\"abc\xe2\x82def\"";
        let mut reader = options(Some(window)).reader(&input[..]);
        let mut out = Vec::new();
        let err = reader
            .string_reader()
            .expect("a string starts")
            .read_to_end(&mut out)
            .expect_err("invalid UTF-8");
        assert_eq!(
            err.kind(),
            std::io::ErrorKind::InvalidData,
            "window {window}"
        );
        assert!(
            out.len() <= 3,
            "no bytes past the invalid sequence: {out:?}"
        );
    }
}

fn deep(n: usize, open: &str, close: &str, inner: &str) -> Vec<u8> {
    let mut s = open.repeat(n);
    s.push_str(inner);
    s.push_str(&close.repeat(n));
    s.into_bytes()
}

fn assert_depth_error(r: Result<(), ErrInfo>, how: &str, offset: u64) {
    match r {
        Err(e) if e.category == Category::Limit && e.limit == Some(LimitKind::Depth) => {
            assert_eq!(
                e.offset, offset,
                "{how}: depth error at the opening bracket: {e:?}"
            );
        }
        other => panic!("{how}: expected a depth limit error, got {other:?}"),
    }
}

/// One million `[` (unclosed, and closed) is a depth-limit error on every path, not a stack
/// overflow.
#[test]
fn a_million_brackets_is_a_depth_error() {
    let open = vec![b'['; 1_000_000];
    let closed = deep(1_000_000, "[", "]", "");
    for input in [&open, &closed] {
        // The 128th `[` (offset 127) exceeds the default limit of 127 levels.
        let at = 127;
        assert_depth_error(
            snap(jsonstream::from_slice::<Value>(input)).map(|_| ()),
            "from_slice::<Value>",
            at,
        );
        assert_depth_error(
            snap(jsonstream::from_slice::<IgnoredAny>(input)).map(|_| ()),
            "from_slice::<IgnoredAny>",
            at,
        );
        let r: jsonstream::Result<Value> = jsonstream::from_reader(&input[..]);
        assert_depth_error(snap(r).map(|_| ()), "from_reader", at);
        let r: jsonstream::Result<IgnoredAny> = options(Some(7)).from_reader(&input[..]);
        assert_depth_error(snap(r).map(|_| ()), "from_reader (window 7)", at);

        let mut reader = JsonReader::new(&input[..]);
        assert_depth_error(snap(reader.skip_value()), "skip_value", at);
        let mut reader = JsonReader::from_slice(input);
        assert_depth_error(snap(reader.skip_value()), "skip_value (slice)", at);

        let run = token_run!(JsonReader::new(&input[..]));
        assert_eq!(
            run.tokens.len(),
            127,
            "127 BeginArray tokens before the error"
        );
        assert_depth_error(run.error.map_or(Ok(()), Err), "next_token", at);

        let mut stream = jsonstream::stream::<Value, _>(&input[..]);
        let first = stream.next().expect("an item");
        assert_depth_error(snap(first).map(|_| ()), "stream", at);
        assert!(stream.next().is_none(), "stream fused after the error");

        let mut stream = jsonstream::ReaderOptions::new().stream_slice::<IgnoredAny>(input);
        let first = stream.next().expect("an item");
        assert_depth_error(snap(first).map(|_| ()), "stream_slice", at);
        assert!(stream.next().is_none(), "stream fused after the error");
    }
}

/// Deep objects and mixed nesting too; and the limit is exact: 127 levels pass (as serde_json).
#[test]
fn deep_objects_and_the_exact_limit() {
    let objects = deep(300_000, "{\"a\":", "}", "1");
    let mut expected_offset = 0u64;
    // The 128th `{` is at 127 * 5.
    expected_offset += 127 * 5;
    assert_depth_error(
        snap(jsonstream::from_slice::<Value>(&objects)).map(|_| ()),
        "objects from_slice",
        expected_offset,
    );
    let r: jsonstream::Result<Value> = jsonstream::from_reader(OneByteReader::new(&objects[..]));
    assert_depth_error(snap(r).map(|_| ()), "objects one byte", expected_offset);

    let mixed = deep(200_000, "[{\"a\":", "}]", "null");
    assert_depth_error(
        snap(jsonstream::from_slice::<Value>(&mixed)).map(|_| ()),
        "mixed",
        // levels alternate `[` (1 byte) and `{"a":` (5 bytes); level 128 is a `{`, after 63
        // pairs and a `[`.
        63 * 6 + 1,
    );

    let ok = deep(127, "[", "]", "1");
    let v = jsonstream::from_slice::<Value>(&ok).expect("127 levels are allowed");
    let mut depth = 0;
    let mut cur = &v;
    while let Value::Array(a) = cur {
        depth += 1;
        cur = &a[0];
    }
    assert_eq!(depth, 127);
    let r: jsonstream::Result<Value> = jsonstream::from_reader(OneByteReader::new(&ok[..]));
    assert!(r.is_ok(), "{r:?}");
    let run = token_run!(JsonReader::from_slice(&ok));
    assert!(run.error.is_none(), "{:?}", run.error);
    let mut reader = JsonReader::from_slice(&ok);
    reader.skip_value().expect("skip 127 levels");
    reader.finish().expect("finish");

    let too_deep = deep(128, "[", "]", "1");
    assert_depth_error(
        snap(jsonstream::from_slice::<Value>(&too_deep)).map(|_| ()),
        "128 levels",
        127,
    );
}
