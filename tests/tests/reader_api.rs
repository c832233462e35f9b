//! The pull reader (`JsonReader`): tokens, peek, typed navigation, skip_value, string and
//! base64 readers, path and position, error messages, limits, the window size; every scenario
//! runs on the slice reader and on `io::Read` readers with windows of 1 to 5 bytes (the reader
//! raises 1 to 3 to its minimum of 4) and the default.

use std::io::Read as _;

use jsonstream::{Base64Fault, Category, JsonReader, LimitKind, Limits, ReaderOptions, ValueType};
use jsonstream_tests::compare::assert_no_failures;
use jsonstream_tests::readers::{
    FailingReader, InterruptedReader, OneByteReader, RequestLog, ShortReader,
    FAILING_READER_MESSAGE,
};
use jsonstream_tests::reference::{base64_encode, line_col};
use jsonstream_tests::snapshot::{snap, Tok};
use jsonstream_tests::strategies::Doc;
use jsonstream_tests::token_run;
use jsonstream_tests::window::{options, MIN_WINDOW};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

/// Runs `$body` with `$r` bound to a fresh `JsonReader` over `$input` for every reader kind
/// (slice; windows 1..=5 and default over a plain reader and over a one-byte `Interrupted`
/// reader; 1 to 3 are read as [`MIN_WINDOW`]), and `$how` to a description of it.
macro_rules! each_reader {
    ($input:expr, |$r:ident, $how:ident| $body:block) => {{
        let input: &[u8] = $input;
        {
            let $how = String::from("slice");
            #[allow(unused_mut)]
            let mut $r = JsonReader::from_slice(input);
            $body
        }
        {
            let $how = String::from("JsonReader::new");
            #[allow(unused_mut)]
            let mut $r = JsonReader::new(input);
            $body
        }
        for w in [Some(1), Some(2), Some(3), Some(4), Some(5), None] {
            {
                let $how = format!("window {w:?}");
                #[allow(unused_mut)]
                let mut $r = options(w).reader(input);
                $body
            }
            {
                let $how = format!("window {w:?}, one byte + Interrupted");
                #[allow(unused_mut)]
                let mut $r = options(w).reader(InterruptedReader::new(OneByteReader::new(input)));
                $body
            }
        }
    }};
}

/// Same with given reader options (limits), window sizes 1, 3 (both read as [`MIN_WINDOW`]), 7
/// and default.
macro_rules! each_reader_with {
    ($opts:expr, $input:expr, |$r:ident, $how:ident| $body:block) => {{
        let input: &[u8] = $input;
        let opts: ReaderOptions = $opts;
        {
            let $how = String::from("slice");
            #[allow(unused_mut)]
            let mut $r = opts.slice_reader(input);
            $body
        }
        for w in [1, 3, 7, 1 << 16] {
            let $how = format!("window {w}");
            #[allow(unused_mut)]
            let mut $r = opts
                .clone()
                .window_size(w)
                .reader(OneByteReader::new(input));
            $body
        }
    }};
}

#[test]
fn token_sequence() {
    let doc = br#" {"a" : [1, -2.5e3, "s\n\u00e9", true, false, null], "b": {}, "c": [[]]} "#;
    let expected = vec![
        Tok::BeginObject,
        Tok::Key("a".into()),
        Tok::BeginArray,
        Tok::Num("1".into()),
        Tok::Num("-2.5e3".into()),
        Tok::Str("s\né".into()),
        Tok::Bool(true),
        Tok::Bool(false),
        Tok::Null,
        Tok::EndArray,
        Tok::Key("b".into()),
        Tok::BeginObject,
        Tok::EndObject,
        Tok::Key("c".into()),
        Tok::BeginArray,
        Tok::BeginArray,
        Tok::EndArray,
        Tok::EndArray,
        Tok::EndObject,
    ];
    each_reader!(doc, |r, how| {
        let run = token_run!(&mut r);
        assert_eq!(run.toks(), expected, "{how}");
        assert_eq!(run.error, None, "{how}");
        // None again, and again.
        assert_eq!(
            r.next_token().map(|t| t.is_none()).ok(),
            Some(true),
            "{how}"
        );
        assert_eq!(
            r.next_token().map(|t| t.is_none()).ok(),
            Some(true),
            "{how}"
        );
    });
    // Scalars at the top level.
    for (text, tok) in [
        (&b"12"[..], Tok::Num("12".into())),
        (b" \"x\" ", Tok::Str("x".into())),
        (b"true", Tok::Bool(true)),
        (b"null\n", Tok::Null),
        (b"-0.5E-7", Tok::Num("-0.5E-7".into())),
    ] {
        each_reader!(text, |r, how| {
            let run = token_run!(&mut r);
            assert_eq!(run.toks(), vec![tok.clone()], "{how}");
            assert_eq!(run.error, None, "{how}");
        });
    }
}

#[test]
fn tokens_of_invalid_documents_end_with_the_error() {
    // (input, tokens before the error, category, offset); `None` where more than one answer
    // is reasonable (a key may be handed out before its colon is checked; a bad number may be
    // reported at its start or at the offending digit).
    for (text, n_tokens, category, offset) in [
        (&b""[..], Some(0), Category::Eof, Some(0)),
        (b"   ", Some(0), Category::Eof, Some(3)),
        (b"[1,2", Some(3), Category::Eof, Some(4)),
        (b"[1,,2]", Some(2), Category::Syntax, Some(3)),
        (b"{\"a\" 1}", None, Category::Syntax, Some(5)),
        (b"[1] 2", Some(3), Category::Syntax, Some(4)),
        (b"{\"a\":1,}", Some(3), Category::Syntax, Some(7)),
        (b"[01]", Some(1), Category::Syntax, None),
        (b"{1:2}", Some(1), Category::Syntax, Some(1)),
    ] {
        each_reader!(text, |r, how| {
            let run = token_run!(&mut r);
            let ctx = format!("{how}, {:?}", String::from_utf8_lossy(text));
            if let Some(n) = n_tokens {
                assert_eq!(run.tokens.len(), n, "{ctx}: {:?}", run.toks());
            }
            let err = run.error.expect("an error");
            assert_eq!(err.category, category, "{ctx}: {err:?}");
            if let Some(offset) = offset {
                assert_eq!(err.offset, offset, "{ctx}: {err:?}");
            }
        });
    }
}

#[test]
fn peek_tells_the_next_value_type_and_consumes_nothing() {
    let doc = br#"[ {"k": 1}, [2], "three", 4.5, true, false, null ]"#;
    each_reader!(doc, |r, how| {
        assert_eq!(r.peek().ok(), Some(ValueType::Array), "{how}");
        assert_eq!(r.peek().ok(), Some(ValueType::Array), "{how}: peek twice");
        r.begin_array().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Object), "{how}");
        r.begin_object().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "k");
        assert_eq!(r.peek().ok(), Some(ValueType::Number), "{how}");
        assert_eq!(r.next_number_str().unwrap(), "1");
        assert!(!r.has_next().unwrap());
        r.end_object().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Array), "{how}");
        r.skip_value().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::String), "{how}");
        assert_eq!(r.peek().ok(), Some(ValueType::String), "{how}");
        assert_eq!(r.next_str().unwrap(), "three");
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Number), "{how}");
        assert_eq!(r.next_number_str().unwrap(), "4.5");
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Bool), "{how}");
        assert!(r.next_bool().unwrap());
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Bool), "{how}");
        assert!(!r.next_bool().unwrap());
        assert!(r.has_next().unwrap());
        assert_eq!(r.peek().ok(), Some(ValueType::Null), "{how}");
        r.next_null().unwrap();
        assert!(!r.has_next().unwrap());
        r.end_array().unwrap();
        r.finish().unwrap();
    });
}

#[test]
fn peek_on_invalid_or_missing_values_is_an_error() {
    for (text, category) in [
        (&b""[..], Category::Eof),
        (b"  ", Category::Eof),
        (b"x", Category::Syntax),
        (b"]", Category::Syntax),
        (b"+1", Category::Syntax),
    ] {
        each_reader!(text, |r, how| {
            let err = r.peek().expect_err("no value");
            assert_eq!(err.category(), category, "{how}: {err:?}");
        });
    }
}

#[test]
fn typed_navigation_and_finish() {
    let doc = b"{\"name\": \"x\\\"y\", \"n\": -12.5e-1, \"ok\": true, \"none\": null,\n \"list\": [1, 2, 3]}  \n";
    each_reader!(doc, |r, how| {
        r.begin_object().unwrap();
        let mut seen = Vec::new();
        while r.has_next().unwrap() {
            let name = r.next_key().unwrap().to_owned();
            match name.as_str() {
                "name" => assert_eq!(r.next_str().unwrap(), "x\"y", "{how}"),
                "n" => assert_eq!(r.next_number_str().unwrap(), "-12.5e-1", "{how}"),
                "ok" => assert!(r.next_bool().unwrap(), "{how}"),
                "none" => r.next_null().unwrap(),
                "list" => {
                    r.begin_array().unwrap();
                    let mut n = Vec::new();
                    while r.has_next().unwrap() {
                        n.push(r.next_number_str().unwrap().to_owned());
                    }
                    r.end_array().unwrap();
                    assert_eq!(n, ["1", "2", "3"], "{how}");
                }
                other => panic!("{how}: unexpected key {other}"),
            }
            seen.push(name);
        }
        r.end_object().unwrap();
        assert_eq!(seen, ["name", "n", "ok", "none", "list"], "{how}");
        r.finish().expect("only whitespace follows");
    });
}

#[test]
fn finish_rejects_trailing_content_and_incomplete_documents() {
    each_reader!(b"[1] x", |r, how| {
        r.skip_value().unwrap();
        let err = r.finish().expect_err("trailing content");
        assert_eq!(err.category(), Category::Syntax, "{how}");
        assert_eq!(err.offset(), 4, "{how}: {err:?}");
    });
    each_reader!(b"[1] [2]", |r, how| {
        r.skip_value().unwrap();
        assert!(r.finish().is_err(), "{how}");
    });
    each_reader!(b"[1, 2", |r, how| {
        r.begin_array().unwrap();
        assert!(r.finish().is_err(), "{how}: finish inside the array");
    });
}

#[test]
fn wrong_type_calls_name_expected_and_found() {
    fn check(err: jsonstream::Error, found: &str, how: &str) {
        let msg = err.to_string();
        assert!(msg.contains("expected"), "{how}: {msg}");
        assert!(
            msg.contains(found),
            "{how}: `{msg}` should name what was found: {found}"
        );
        assert_eq!(err.line(), 1, "{how}");
    }
    each_reader!(br#"{"a": 1}"#, |r, how| {
        check(r.begin_array().unwrap_err(), "`{`", &how);
    });
    each_reader!(br#"["s"]"#, |r, how| {
        r.begin_array().unwrap();
        let err = r.next_bool().unwrap_err();
        assert_eq!(err.offset(), 1, "{how}: at the string");
        assert_eq!(err.path(), "$[0]", "{how}");
        check(err, "`\"`", &how);
    });
    each_reader!(b"[true]", |r, how| {
        r.begin_array().unwrap();
        check(r.next_number_str().unwrap_err(), "`t`", &how);
    });
    each_reader!(b"[1]", |r, how| {
        r.begin_array().unwrap();
        check(r.next_str().unwrap_err(), "`1`", &how);
    });
    each_reader!(b"[null]", |r, how| {
        check(r.begin_object().unwrap_err(), "`[`", &how);
    });
    each_reader!(b"[", |r, how| {
        r.begin_array().unwrap();
        let err = r.next_null().unwrap_err();
        assert_eq!(err.category(), Category::Eof, "{how}");
        assert!(err.to_string().contains("end of input") || err.to_string().contains("EOF"));
    });
}

/// A value with everything that could confuse a skipper: brackets and quotes in strings,
/// escaped backslashes before quotes, nesting, numbers at window boundaries.
fn nasty_value(width: usize, depth: usize) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&format!(
            "{{\"k{i}\":\"]}}\\\"[{{\\\\\",\"n\":[{}, -1.5e-3, true, null, \"\\\\\\\\\", \"\\ud83d\\ude00é\"],\"v\":",
            "9".repeat(width)
        ));
        s.push('[');
    }
    s.push_str("\"core\"");
    for _ in 0..depth {
        s.push_str("]}");
    }
    s
}

#[test]
fn skip_value_across_window_refills() {
    for (width, depth) in [(1, 1), (5, 3), (30, 10), (200, 40)] {
        let skipped = nasty_value(width, depth);
        serde_json::from_str::<Value>(&skipped).expect("the nasty value is valid JSON");
        let doc = format!("{{\"skip\": {skipped}, \"keep\": 42, \"also\": [{skipped}, 7]}}");
        each_reader!(doc.as_bytes(), |r, how| {
            r.begin_object().unwrap();
            assert!(r.has_next().unwrap());
            assert_eq!(r.next_key().unwrap(), "skip");
            r.skip_value().unwrap_or_else(|e| panic!("{how}: {e}"));
            assert!(r.has_next().unwrap());
            assert_eq!(r.next_key().unwrap(), "keep", "{how}");
            assert_eq!(r.next_number_str().unwrap(), "42", "{how}");
            assert!(r.has_next().unwrap());
            assert_eq!(r.next_key().unwrap(), "also", "{how}");
            r.begin_array().unwrap();
            assert!(r.has_next().unwrap());
            r.skip_value().unwrap();
            assert!(r.has_next().unwrap());
            assert_eq!(r.next_number_str().unwrap(), "7", "{how}");
            assert!(!r.has_next().unwrap());
            r.end_array().unwrap();
            assert!(!r.has_next().unwrap());
            r.end_object().unwrap();
            r.finish().unwrap();
        });
        // The whole document skipped at once.
        each_reader!(doc.as_bytes(), |r, how| {
            r.skip_value().unwrap_or_else(|e| panic!("{how}: {e}"));
            assert_eq!(r.offset(), doc.len() as u64, "{how}");
            r.finish().unwrap();
        });
    }
}

#[test]
fn skip_value_reports_errors_inside_the_skipped_value() {
    for (text, category) in [
        (&b"[{\"a\":[1,2}]"[..], Category::Syntax),
        (b"[{\"a\":\"\\x\"}]", Category::Syntax),
        (b"[{\"a\":[1,2]", Category::Eof),
        (b"[\"\\ud800\"]", Category::Syntax),
        (b"[1.]", Category::Syntax),
        (b"[\"a\tb\"]", Category::Syntax),
    ] {
        let expected = snap(jsonstream::from_slice::<IgnoredAny>(text)).unwrap_err();
        each_reader!(text, |r, how| {
            let err = snap(r.skip_value()).expect_err("invalid");
            assert_eq!(err.category, category, "{how}: {err:?}");
            assert_eq!(
                err.offset, expected.offset,
                "{how}: same place as from_slice"
            );
        });
    }
}

#[test]
fn deserialize_next_reads_typed_elements_in_place() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Rec {
        id: u32,
        tags: Vec<String>,
    }
    let doc = br#"{"header": {"v": 1}, "records": [{"id": 1, "tags": ["a"]}, {"id": 2, "tags": []}, {"id": 3, "tags": ["b\u00e9", "c"]}], "n": 3}"#;
    each_reader!(doc, |r, how| {
        r.begin_object().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "header");
        let header: Value = r.deserialize_next().unwrap();
        assert_eq!(header, serde_json::json!({"v": 1}), "{how}");
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "records");
        r.begin_array().unwrap();
        let mut recs = Vec::new();
        while r.has_next().unwrap() {
            recs.push(r.deserialize_next::<Rec>().unwrap());
        }
        r.end_array().unwrap();
        assert_eq!(recs.len(), 3, "{how}");
        assert_eq!(recs[2].tags, ["bé", "c"], "{how}");
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "n");
        assert_eq!(r.deserialize_next::<u8>().unwrap(), 3);
        assert!(!r.has_next().unwrap());
        r.end_object().unwrap();
        r.finish().unwrap();
    });
    // A data error in deserialize_next carries the path of the element.
    each_reader!(
        br#"[{"id": 1, "tags": []}, {"id": -1, "tags": []}]"#,
        |r, how| {
            r.begin_array().unwrap();
            assert!(r.has_next().unwrap());
            r.deserialize_next::<Rec>().unwrap();
            assert!(r.has_next().unwrap());
            let err = r.deserialize_next::<Rec>().unwrap_err();
            assert_eq!(err.category(), Category::Data, "{how}");
            assert_eq!(err.path(), "$[1].id", "{how}");
        }
    );
}

/// Reads `r` to the end with a 1-byte buffer, retrying `Interrupted`.
fn read_one_byte_at_a_time(mut r: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut b = [0u8; 1];
    loop {
        match r.read(&mut b) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&b[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[test]
fn string_reader_copies_the_unescaped_string() {
    let strings = [
        String::new(),
        "plain".to_owned(),
        "a\"b\\c/d\u{8}\u{c}\n\r\t\u{0}\u{1f}é€😀\u{10FFFF}".to_owned(),
        "x".repeat(10_000) + "\n" + &"é😀".repeat(3000),
    ];
    for s in &strings {
        // serde_json's escaping plus our own styles (\u escapes, surrogate pairs, \/).
        let mut texts = vec![serde_json::to_string(s).unwrap()];
        let doc = Doc::Str(s.clone());
        texts.push(String::from_utf8(doc.write(&[1, 5, 9, 13])).unwrap());
        texts.push(String::from_utf8(doc.write(&[0, 2, 4])).unwrap());
        for text in texts {
            let full = format!("{{\"blob\": {text}, \"after\": [1]}}");
            each_reader!(full.as_bytes(), |r, how| {
                r.begin_object().unwrap();
                assert!(r.has_next().unwrap());
                assert_eq!(r.next_key().unwrap(), "blob");
                let out = read_one_byte_at_a_time(r.string_reader().unwrap())
                    .unwrap_or_else(|e| panic!("{how}: {e}"));
                assert!(
                    out == s.as_bytes(),
                    "{how}: string_reader gave a different string"
                );
                // The reader goes on after the string.
                assert!(r.has_next().unwrap(), "{how}");
                assert_eq!(r.next_key().unwrap(), "after", "{how}");
                let after: Vec<u8> = r.deserialize_next().unwrap();
                assert_eq!(after, [1], "{how}");
                assert!(!r.has_next().unwrap());
                r.end_object().unwrap();
                r.finish().unwrap();
            });
            // And with read_to_end's large buffers.
            each_reader!(full.as_bytes(), |r, how| {
                r.begin_object().unwrap();
                assert!(r.has_next().unwrap());
                r.next_key().unwrap();
                let mut out = String::new();
                r.string_reader().unwrap().read_to_string(&mut out).unwrap();
                assert!(out == *s, "{how}");
            });
        }
    }
}

#[test]
fn string_reader_on_a_non_string_is_an_error() {
    each_reader!(b"[1]", |r, how| {
        r.begin_array().unwrap();
        assert!(r.string_reader().is_err(), "{how}");
    });
    each_reader!(b"{\"a\":1}", |r, how| {
        let err = r.string_reader().err().expect("an object is not a string");
        assert_eq!(err.category(), Category::Syntax, "{how}");
    });
}

#[test]
fn string_reader_reports_bad_escapes_as_io_errors() {
    for text in [
        &b"\"ab\\qcd\""[..],
        b"\"ab\\ud800x\"",
        b"\"ab\ncd\"",
        b"\"abc",
    ] {
        each_reader!(text, |r, how| {
            let err =
                read_one_byte_at_a_time(r.string_reader().unwrap()).expect_err("invalid string");
            assert!(
                matches!(
                    err.kind(),
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
                ),
                "{how}: {err:?}"
            );
        });
    }
}

#[test]
fn base64_reader_decodes() {
    for len in 0..40 {
        let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        let b64 = base64_encode(&data);
        // The same text with every `/` escaped as `\/` (valid JSON for the same string).
        let escaped = b64.replace('/', "\\/");
        for text in [&b64, &escaped] {
            let doc = format!("[\"{text}\", true]");
            each_reader!(doc.as_bytes(), |r, how| {
                r.begin_array().unwrap();
                assert!(r.has_next().unwrap());
                let out = read_one_byte_at_a_time(r.base64_reader().unwrap())
                    .unwrap_or_else(|e| panic!("{how}: {text}: {e}"));
                assert_eq!(out, data, "{how}: {text}");
                assert!(r.has_next().unwrap());
                assert!(r.next_bool().unwrap(), "{how}");
                assert!(!r.has_next().unwrap());
                r.end_array().unwrap();
                r.finish().unwrap();
            });
        }
    }
    // A large blob, read with large buffers.
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let doc = format!("\"{}\"", base64_encode(&data));
    each_reader!(doc.as_bytes(), |r, how| {
        let mut out = Vec::new();
        r.base64_reader().unwrap().read_to_end(&mut out).unwrap();
        assert!(out == data, "{how}");
        r.finish().unwrap();
    });
}

/// Invalid base64: an error at the symbol to blame (at the closing quote for a text that ends
/// too early), after the whole groups before it, whatever the window and the reads.
#[test]
fn base64_reader_rejects_invalid_base64_at_the_symbol_to_blame() {
    for (text, offset, fault, before) in [
        (&b"\"a\""[..], 2, Base64Fault::Truncated, &b""[..]),
        (b"\"ab!d\"", 3, Base64Fault::Byte(b'!'), b""),
        (b"\"abc=d\"", 5, Base64Fault::AfterPadding(b'd'), b"i\xb7"),
        (b"\"====\"", 1, Base64Fault::Padding, b""),
        (b"\"abcde\"", 6, Base64Fault::Truncated, b"i\xb7\x1d"),
        (
            b"\"AAAA\\u0041A\\\"A\"",
            12,
            Base64Fault::Byte(b'"'),
            b"\0\0\0",
        ),
        (
            b"\"AAAAAAAA\\tAAA\"",
            9,
            Base64Fault::Byte(b'\t'),
            b"\0\0\0\0\0\0",
        ),
    ] {
        each_reader!(text, |r, how| {
            let mut decoded = r.base64_reader().expect("a string starts here");
            let mut got = Vec::new();
            let err = loop {
                let mut byte = [0u8; 1];
                match std::io::Read::read(&mut decoded, &mut byte) {
                    Ok(0) => panic!("{how}: invalid base64 read as {got:?}"),
                    Ok(_) => got.push(byte[0]),
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(err) => break err,
                }
            };
            assert_eq!(got, before, "{how}");
            assert_eq!(
                err.kind(),
                std::io::ErrorKind::InvalidData,
                "{how}: {err:?}"
            );
            let err = err
                .into_inner()
                .unwrap()
                .downcast::<jsonstream::Error>()
                .unwrap();
            assert_eq!(err.base64_fault(), Some(fault), "{how}: {err}");
            let at = (err.offset(), err.line(), err.column());
            assert_eq!(at, (offset, 1, offset + 1), "{how}: {err}");
            // The reader stopped there, unusable.
            let again = std::io::Read::read(&mut decoded, &mut [0u8; 4]).unwrap_err();
            let again = again
                .into_inner()
                .unwrap()
                .downcast::<jsonstream::Error>()
                .unwrap();
            assert!(
                again.to_string().starts_with("an earlier error"),
                "{how}: {again}"
            );
        });
    }
}

/// A long text with a bad symbol far from both ends: the error is at the symbol, not at the
/// end of the string, after the groups before it, through windows and reads of any size.
#[test]
fn base64_errors_in_long_texts_are_at_the_bad_symbol() {
    let mut doc = b"[\n \"".to_vec();
    doc.extend(std::iter::repeat_n(b'A', 100_000));
    doc.extend_from_slice(b"\\u0041AA-A");
    doc.extend(std::iter::repeat_n(b'A', 200_000));
    doc.extend_from_slice(b"\"]");
    // The `-`, after `[`, a line break, a space, the quote, the As, `\u0041` and `AA`.
    let bad: u64 = 4 + 100_000 + 6 + 2;
    each_reader!(&doc, |r, how| {
        r.begin_array().unwrap();
        let mut decoded = Vec::new();
        let err = r
            .base64_reader()
            .unwrap()
            .read_to_end(&mut decoded)
            .unwrap_err();
        let err = err
            .into_inner()
            .unwrap()
            .downcast::<jsonstream::Error>()
            .unwrap();
        assert_eq!(decoded.len(), 100_000 / 4 * 3, "{how}");
        assert_eq!(err.base64_fault(), Some(Base64Fault::Byte(b'-')), "{how}");
        let at = (err.offset(), err.line(), err.column());
        assert_eq!(at, (bad, 2, bad - 1), "{how}: {err}");
        assert_eq!(err.path(), "$[0]", "{how}");
    });
}

#[test]
fn path_at_various_points() {
    let doc = br#"{"a": [10, {"b c": true, "d": [null]}], "e\"": 1}"#;
    each_reader!(doc, |r, how| {
        assert_eq!(r.path(), "$", "{how}");
        r.begin_object().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "a");
        assert_eq!(r.path(), "$.a", "{how}");
        r.begin_array().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.path(), "$.a[0]", "{how}");
        r.next_number_str().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.path(), "$.a[1]", "{how}");
        r.begin_object().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "b c");
        assert_eq!(r.path(), r#"$.a[1]["b c"]"#, "{how}");
        assert!(r.next_bool().unwrap());
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "d");
        assert_eq!(r.path(), "$.a[1].d", "{how}");
        r.begin_array().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.path(), "$.a[1].d[0]", "{how}");
        r.next_null().unwrap();
        assert!(!r.has_next().unwrap());
        r.end_array().unwrap();
        assert!(!r.has_next().unwrap());
        r.end_object().unwrap();
        assert!(!r.has_next().unwrap());
        r.end_array().unwrap();
        assert!(r.has_next().unwrap());
        assert_eq!(r.next_key().unwrap(), "e\"");
        assert_eq!(r.path(), r#"$["e\""]"#, "{how}");
        r.skip_value().unwrap();
        assert!(!r.has_next().unwrap());
        r.end_object().unwrap();
        assert_eq!(r.path(), "$", "{how}");
        r.finish().unwrap();
    });
}

#[test]
fn error_paths_of_nested_errors() {
    for (text, path) in [
        (&br#"{"a": [10, {"b c": tru}]}"#[..], r#"$.a[1]["b c"]"#),
        (br#"{"a": [10, {"b": [1, 2, x]}]}"#, "$.a[1].b[2]"),
        (br#"{"a_1": {"B2": "\q"}}"#, "$.a_1.B2"),
        (br#"[[], [[], [0, 1, 2, 3, -]]]"#, "$[1][1][4]"),
        (br#"{"": nul}"#, r#"$[""]"#),
        (br#"{"1a": [tru]}"#, r#"$["1a"][0]"#),
        // In a key: the key as far as it was read, not the object around it.
        (br#"{"obj": {"ke"#, "$.obj.ke"),
        (br#"{"obj": {"a": 1, "k\u00e9y"#, r#"$.obj["kéy"]"#),
        (br#"{"obj": {"a": 1, "k\u00e9y\"#, r#"$.obj["kéy"]"#),
        (b"{\"obj\": [{\"ab\xffc\": 1}]}", "$.obj[0].ab"),
        (br#"{"obj": {"ab\q": 1}}"#, "$.obj.ab"),
        (br#"{"obj": {""#, r#"$.obj[""]"#),
    ] {
        let expected = snap(jsonstream::from_slice::<Value>(text)).unwrap_err();
        assert_eq!(expected.path, path, "{:?}", String::from_utf8_lossy(text));
        assert!(
            expected.display.ends_with(&format!(", path {path}")),
            "{}",
            expected.display
        );
        let one_byte = jsonstream::from_reader::<_, Value>(OneByteReader::new(text));
        assert_eq!(snap(one_byte).unwrap_err(), expected, "one-byte reader");
        each_reader!(text, |r, how| {
            let run = token_run!(&mut r);
            let err = run.error.expect("an error");
            assert_eq!(err.path, path, "{how}: token API path");
            assert_eq!(err.offset, expected.offset, "{how}");
        });
    }
    // At the top level the Display has no path.
    let err = jsonstream::from_slice::<Value>(b"tru").unwrap_err();
    assert_eq!(err.path(), "$");
    assert!(!err.to_string().contains("path"), "{err}");
    assert!(err.to_string().contains("line 1 column"), "{err}");
}

#[test]
fn offset_line_and_column() {
    let doc = b"{\n  \"a\": [1,\r\n    2],\n\t\"b\" : \"\xc3\xa9\xf0\x9f\x98\x80\"\n}\n\n";
    each_reader!(doc, |r, how| {
        assert_eq!(
            (r.offset(), r.line(), r.column()),
            (0, 1, 1),
            "{how}: at the start"
        );
        let mut last = 0;
        loop {
            let done = r.next_token().unwrap().is_none();
            let offset = r.offset();
            assert!(offset >= last, "{how}: offsets never go back");
            assert!(offset <= doc.len() as u64, "{how}");
            last = offset;
            let (line, column) = line_col(doc, offset as usize);
            assert_eq!(
                (r.line(), r.column()),
                (line, column),
                "{how}: at offset {offset}"
            );
            if done {
                break;
            }
        }
        assert_eq!(r.offset(), doc.len() as u64, "{how}: at the end");
        assert_eq!(r.line(), 7, "{how}");
        assert_eq!(r.column(), 1, "{how}");
    });
    // Errors on later lines: line and column of the offending byte.
    for (text, offset) in [
        (&b"[1,\n  2,\n  x]"[..], 11),
        (b"{\n\"a\":\n\n  [1 2]}", 13),
        (b"[\"\xc3\xa9\xc3\xa9\", \n \xc3\xa9]", 11),
    ] {
        let (line, column) = line_col(text, offset);
        each_reader!(text, |r, how| {
            let err = token_run!(&mut r).error.expect("an error");
            assert_eq!(
                (err.offset, err.line, err.column),
                (offset as u64, line, column),
                "{how}: {err:?}"
            );
            assert!(
                err.display
                    .contains(&format!("line {line} column {column}")),
                "{how}"
            );
        });
    }
}

#[test]
fn io_errors_in_the_token_api() {
    let doc = b"[\"abcdef\", 12345, {\"k\": [true]}]";
    for at in [0, 1, 3, 12, 20] {
        let mut r = options(Some(4)).reader(FailingReader::new(&doc[..], at));
        let run = token_run!(&mut r);
        let err = run.error.expect("an error");
        assert_eq!(err.category, Category::Io, "{err:?}");
        assert!(
            err.display.contains(FAILING_READER_MESSAGE),
            "{}",
            err.display
        );
    }
}

#[test]
fn errors_convert_into_io_errors() {
    let eof: std::io::Error = jsonstream::from_slice::<Value>(b"[1").unwrap_err().into();
    assert_eq!(eof.kind(), std::io::ErrorKind::UnexpectedEof);
    let syntax: std::io::Error = jsonstream::from_slice::<Value>(b"[1x").unwrap_err().into();
    assert_eq!(syntax.kind(), std::io::ErrorKind::InvalidData);
    let data: std::io::Error = jsonstream::from_slice::<u8>(b"-1").unwrap_err().into();
    assert_eq!(data.kind(), std::io::ErrorKind::InvalidData);
    let err = jsonstream::from_slice::<u8>(b"-1").unwrap_err();
    assert!(err.is_data() && !err.is_eof() && !err.is_syntax() && !err.is_io());
    assert_eq!(err.category(), Category::Data);
    let err = jsonstream::from_slice::<Vec<u8>>(b"[").unwrap_err();
    assert!(err.is_eof(), "{err:?}");
}

// ------------------------------------------------------------------------------------------
// Limits
// ------------------------------------------------------------------------------------------

fn with_limits(f: impl FnOnce(&mut Limits)) -> ReaderOptions {
    let mut limits = Limits::default();
    f(&mut limits);
    ReaderOptions::new().limits(limits)
}

/// Asserts that `text` passes under `opts` (into Value, through tokens, and skipped).
fn passes(opts: &ReaderOptions, text: &[u8]) {
    let v = opts.from_slice::<Value>(text);
    assert!(v.is_ok(), "{:?}: {v:?}", String::from_utf8_lossy(text));
    let r: jsonstream::Result<Value> = opts.clone().window_size(2).from_reader(text);
    assert!(
        r.is_ok(),
        "{:?} (reader): {r:?}",
        String::from_utf8_lossy(text)
    );
    each_reader_with!(opts.clone(), text, |r, how| {
        let run = token_run!(&mut r);
        assert_eq!(
            run.error,
            None,
            "{how}: {:?}",
            String::from_utf8_lossy(text)
        );
    });
}

/// Asserts that `text` fails under `opts` with a `kind` limit error at `offset` (if given), on
/// every path that materializes what the limit is about.
fn fails(opts: &ReaderOptions, text: &[u8], kind: LimitKind, offset: Option<u64>, tokens: bool) {
    let ctx = String::from_utf8_lossy(text).into_owned();
    let check = |e: jsonstream::Error, how: &str| {
        assert_eq!(e.category(), Category::Limit, "{how} {ctx:?}: {e:?}");
        assert_eq!(e.limit(), Some(kind), "{how} {ctx:?}: {e:?}");
        if let Some(offset) = offset {
            assert_eq!(e.offset(), offset, "{how} {ctx:?}: {e:?}");
        }
    };
    check(opts.from_slice::<Value>(text).unwrap_err(), "from_slice");
    for w in [1, 2, 5, 1 << 16] {
        let r: jsonstream::Result<Value> = opts.clone().window_size(w).from_reader(text);
        check(r.unwrap_err(), &format!("from_reader window {w}"));
    }
    if tokens {
        each_reader_with!(opts.clone(), text, |r, how| {
            let run = token_run!(&mut r);
            let e = run.error.expect("a limit error");
            assert_eq!(e.limit, Some(kind), "{how} {ctx:?}: {e:?}");
            if let Some(offset) = offset {
                assert_eq!(e.offset, offset, "{how} {ctx:?}");
            }
        });
    }
}

#[test]
fn depth_limit() {
    let opts = with_limits(|l| l.max_depth = 3);
    passes(&opts, b"[[[1]]]");
    passes(&opts, b"{\"a\":{\"b\":{\"c\":1}}}");
    passes(&opts, b"[[[]],[[]],{\"a\":[]}]");
    fails(&opts, b"[[[[1]]]]", LimitKind::Depth, Some(3), true);
    fails(
        &opts,
        b"{\"a\":{\"b\":{\"c\":{}}}}",
        LimitKind::Depth,
        Some(15),
        true,
    );
    fails(&opts, b"[[[]],[[[]]]]", LimitKind::Depth, Some(8), true);
    // Skipped values are nested too.
    each_reader_with!(opts.clone(), b"[[[[1]]]]", |r, how| {
        let e = r.skip_value().unwrap_err();
        assert_eq!(e.limit(), Some(LimitKind::Depth), "{how}");
    });
    let e = opts.from_slice::<Value>(b"[[[[1]]]]").unwrap_err();
    assert!(
        e.to_string().contains('3'),
        "the message names the limit: {e}"
    );
    let opts = with_limits(|l| l.max_depth = 0);
    passes(&opts, b"1");
    fails(&opts, b"[]", LimitKind::Depth, Some(0), true);
}

#[test]
fn number_length_limit() {
    let opts = with_limits(|l| l.max_number_len = 5);
    passes(&opts, b"12345");
    passes(&opts, b"[-1e10, 1.5e3, 99999]");
    fails(&opts, b"123456", LimitKind::NumberLength, None, true);
    fails(&opts, b"[1, -1.5e3]", LimitKind::NumberLength, None, true);
    fails(
        &opts,
        b"{\"a\": 0.00001}",
        LimitKind::NumberLength,
        None,
        true,
    );
    let e = opts.from_slice::<Value>(b"123456").unwrap_err();
    assert!(
        e.to_string().contains('5'),
        "the message names the limit: {e}"
    );
}

#[test]
fn key_length_limit() {
    let opts = with_limits(|l| l.max_key_len = 4);
    passes(&opts, b"{\"abcd\":1}");
    passes(&opts, b"{\"\\u0041bcd\":1}"); // 4 bytes once unescaped
    passes(&opts, "{\"éab\":1}".as_bytes()); // 4 bytes of UTF-8
    passes(&opts, b"[\"longer string values are not keys\"]");
    fails(&opts, b"{\"abcde\":1}", LimitKind::KeyLength, None, true);
    fails(
        &opts,
        "{\"é€\":1}".as_bytes(),
        LimitKind::KeyLength,
        None,
        true,
    );
    fails(
        &opts,
        b"{\"a\":{\"ok\":1,\"toolong\":2}}",
        LimitKind::KeyLength,
        None,
        true,
    );
}

#[test]
fn string_length_limit() {
    let opts = with_limits(|l| l.max_string_len = 4);
    passes(&opts, b"[\"abcd\"]");
    passes(&opts, b"[\"\\u00e9\\u00e9\"]"); // 4 bytes of UTF-8
    passes(&opts, b"{\"longer key\":1}"); // keys have their own limit
    fails(&opts, b"[\"abcde\"]", LimitKind::StringLength, None, true);
    fails(
        &opts,
        b"[\"\\u00e9\\u00e9a\"]",
        LimitKind::StringLength,
        None,
        true,
    );
    let e = opts.from_slice::<String>(b"\"abcde\"").unwrap_err();
    assert_eq!(e.limit(), Some(LimitKind::StringLength));
    assert_eq!(opts.from_slice::<String>(b"\"abcd\"").unwrap(), "abcd");
    // Strings that are not materialized are not limited: skipped, ignored, or streamed.
    let long = b"[\"a long string that is never held in memory\", 1]";
    assert!(opts.from_slice::<IgnoredAny>(long).is_ok());
    let r: jsonstream::Result<(IgnoredAny, u8)> =
        opts.clone().window_size(3).from_reader(&long[..]);
    assert!(r.is_ok(), "{r:?}");
    each_reader_with!(opts.clone(), long, |r, how| {
        r.skip_value().unwrap_or_else(|e| panic!("{how}: {e}"));
        r.finish().unwrap();
    });
    each_reader_with!(opts.clone(), long, |r, how| {
        r.begin_array().unwrap();
        assert!(r.has_next().unwrap());
        let mut s = String::new();
        r.string_reader()
            .unwrap()
            .read_to_string(&mut s)
            .unwrap_or_else(|e| panic!("{how}: {e}"));
        assert_eq!(s, "a long string that is never held in memory");
    });
}

/// "Every limit has its own LimitKind when exceeded, reported as an error of Category::Limit at
/// the offset where the offending token starts" (the documentation of `Limits`).
#[test]
fn limit_errors_point_at_the_offending_token() {
    let number = with_limits(|l| l.max_number_len = 5);
    let key = with_limits(|l| l.max_key_len = 4);
    let string = with_limits(|l| l.max_string_len = 4);
    let depth = with_limits(|l| l.max_depth = 3);
    let mut failures = Vec::new();
    for (opts, text, kind, offset) in [
        (&number, &b"123456"[..], LimitKind::NumberLength, 0),
        (&number, b"[1, -1.5e3]", LimitKind::NumberLength, 4),
        (&number, b"{\"a\": 0.00001}", LimitKind::NumberLength, 6),
        (&key, b"{\"abcde\":1}", LimitKind::KeyLength, 1),
        (&key, "{\"é€\":1}".as_bytes(), LimitKind::KeyLength, 1),
        (
            &key,
            b"{\"a\":{\"ok\":1,\"toolong\":2}}",
            LimitKind::KeyLength,
            13,
        ),
        (&string, b"[\"abcde\"]", LimitKind::StringLength, 1),
        (
            &string,
            b"[\"\\u00e9\\u00e9a\"]",
            LimitKind::StringLength,
            1,
        ),
        (&depth, b"[[[[1]]]]", LimitKind::Depth, 3),
    ] {
        let e = opts.from_slice::<Value>(text).unwrap_err();
        if e.limit() != Some(kind) || e.offset() != offset {
            failures.push(format!(
                "{:?}: expected a {kind:?} error at offset {offset}, got {e:?}",
                String::from_utf8_lossy(text)
            ));
        }
    }
    assert_no_failures("limit error offsets", &failures);
}

#[test]
fn document_length_limit() {
    let opts = with_limits(|l| l.max_document_len = Some(10));
    passes(&opts, b"[1,2,3,40]");
    passes(&opts, b"[1,2,3,4] ");
    fails(&opts, b"[1,2,3,400]", LimitKind::DocumentLength, None, true);
    fails(&opts, b"[1,2,3,40] ", LimitKind::DocumentLength, None, true);
    fails(
        &opts,
        b"[1,2,3,4]\n\n\n",
        LimitKind::DocumentLength,
        None,
        true,
    );
    fails(
        &opts,
        b"\"a very long string\"",
        LimitKind::DocumentLength,
        None,
        true,
    );
    // Streams stop at the limit too.
    let items: Vec<_> = opts
        .clone()
        .window_size(3)
        .stream::<u8, _>(&b"[1,2,3,4,5,6,7,8]"[..])
        .collect();
    assert!(items.iter().take(4).all(Result::is_ok), "{items:?}");
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.limit(), Some(LimitKind::DocumentLength), "{last:?}");
}

#[test]
fn default_limits_are_documented_values() {
    let l = Limits::default();
    assert_eq!(l.max_depth, 127);
    assert_eq!(l.max_number_len, 4096);
    assert_eq!(l.max_key_len, 1 << 20);
    assert_eq!(l.max_string_len, 1 << 30);
    assert_eq!(l.max_document_len, None);
    // Just at and just past the default number length.
    let ok = format!("0.{}", "1".repeat(4094));
    assert!(jsonstream::from_slice::<Value>(ok.as_bytes()).is_ok());
    let too_long = format!("0.{}", "1".repeat(4095));
    let e = jsonstream::from_slice::<Value>(too_long.as_bytes()).unwrap_err();
    assert_eq!(e.limit(), Some(LimitKind::NumberLength));
}

/// The window is the buffer the reader asks its `io::Read` to fill, so the largest request is
/// the window size. `window_size` takes any size from 1; sizes below `MIN_WINDOW` (4) are
/// raised to it, and read every token, position and value as the slice reader does. So the
/// tests that run windows 1 to 3 check the raising, and their smallest real window is 4 bytes.
#[test]
fn window_sizes_below_the_minimum_are_raised() {
    let doc =
        "{\"k\\u00e9y\": [\"v\\n\u{e9}\u{1F600}\\ud83d\\ude00\", 12.5e-3, true, null, {}],\n \
               \"x\": [1, 2, 3]}"
            .as_bytes();
    let tokens = token_run!(JsonReader::from_slice(doc));
    assert!(tokens.error.is_none(), "{tokens:?}");
    let value: Value = serde_json::from_slice(doc).unwrap();
    for (asked, used) in [
        (Some(1), MIN_WINDOW),
        (Some(2), MIN_WINDOW),
        (Some(3), MIN_WINDOW),
        (Some(4), 4),
        (Some(5), 5),
        (Some(7), 7),
        (Some(64), 64),
        // A small document never fills the window's first size.
        (None, FIRST_WINDOW),
    ] {
        let mut log = RequestLog::new(doc);
        assert_eq!(
            token_run!(options(asked).reader(&mut log)),
            tokens,
            "{asked:?}"
        );
        let largest = log.requests.iter().max();
        assert_eq!(
            largest,
            Some(&used),
            "tokens, window {asked:?}: {:?}",
            log.requests
        );

        let mut log = RequestLog::new(doc);
        let got: Value = options(asked).from_reader(&mut log).unwrap();
        assert_eq!(got, value, "{asked:?}");
        let largest = log.requests.iter().max();
        assert_eq!(
            largest,
            Some(&used),
            "from_reader, window {asked:?}: {:?}",
            log.requests
        );
    }
}

/// The size of the window before it grows, as `ReaderOptions::window_size` documents it.
const FIRST_WINDOW: usize = 4 << 10;

/// The window starts at 4 KiB and grows fourfold, up to its size, each time a read fills it;
/// reads that do not fill it leave it as it is.
#[test]
fn the_window_grows_while_reads_fill_it() {
    let numbers: Vec<u32> = (0..300_000).collect();
    let doc = serde_json::to_vec(&numbers).unwrap();
    assert!(doc.len() > 4 * jsonstream::DEFAULT_WINDOW_SIZE);
    // Requests are the window less the bytes carried over a refill (fewer than `MIN_WINDOW`).
    let sizes = |requests: &[usize]| -> Vec<usize> {
        requests.iter().map(|&n| n.next_multiple_of(1024)).collect()
    };

    let mut log = RequestLog::new(&doc[..]);
    let got: Vec<u32> = jsonstream::from_reader(&mut log).unwrap();
    assert_eq!(got, numbers);
    let sizes_read = sizes(&log.requests);
    let (growing, grown) = sizes_read.split_at(3);
    assert_eq!(growing, [4 << 10, 16 << 10, 64 << 10], "{sizes_read:?}");
    assert!(
        grown.iter().all(|&n| n == jsonstream::DEFAULT_WINDOW_SIZE),
        "{sizes_read:?}"
    );

    // A window size between two steps is the last one.
    let mut log = RequestLog::new(&doc[..]);
    let got: Vec<u32> = options(Some(40 << 10)).from_reader(&mut log).unwrap();
    assert_eq!(got, numbers);
    let sizes_read = sizes(&log.requests);
    assert_eq!(
        sizes_read[..3],
        [4 << 10, 16 << 10, 40 << 10],
        "{sizes_read:?}"
    );
    assert_eq!(sizes_read.iter().max(), Some(&(40 << 10)));

    // Reads of at most 1,000 bytes never fill the window.
    let mut log = RequestLog::new(ShortReader::new(&doc[..], &[1000]));
    let got: Vec<u32> = jsonstream::from_reader(&mut log).unwrap();
    assert_eq!(got, numbers);
    let sizes_read = sizes(&log.requests);
    assert_eq!(
        sizes_read.iter().max(),
        Some(&FIRST_WINDOW),
        "{:?}",
        &sizes_read[..10]
    );
}

/// A window of 0 bytes is refused, as `ReaderOptions::window_size` documents.
#[test]
#[should_panic(expected = "the window size must be at least one byte")]
fn window_size_zero_panics() {
    let _ = ReaderOptions::new().window_size(0);
}
