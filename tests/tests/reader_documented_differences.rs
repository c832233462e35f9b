//! The differences from serde_json that the README's "Decisions" list, each shown on both
//! libraries, and what the limits do to values that are skipped rather than read: so that
//! the documentation says what is so.
//!
//! Every limit is set explicitly here (not taken from `Limits::default`), so that the tests
//! say what a limit does whatever its default.

use std::fmt;

use jsonstream::{Category, JsonReader, LimitKind, Limits, ReaderOptions};
use jsonstream_tests::readers::OneByteReader;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, Visitor};

/// An owned byte string read through `deserialize_byte_buf`, as `serde_bytes::ByteBuf` is.
#[derive(Debug, PartialEq)]
struct ByteBuf(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBuf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;

        impl Visitor<'_> for Bytes {
            type Value = ByteBuf;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a byte string")
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.to_vec()))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.as_bytes().to_vec()))
            }
        }

        deserializer.deserialize_byte_buf(Bytes)
    }
}

/// Byte strings are checked as strictly as text strings: a control character, invalid UTF-8
/// or a lone surrogate escape is an error where serde_json's byte deserialization passes it.
#[test]
fn byte_strings_are_checked_as_text_where_serde_json_passes_them() {
    // (document, what serde_json gives as bytes, jsonstream's error offset)
    let cases: [(&[u8], &[u8], u64); 3] = [
        (b"\"a\x01b\"", b"a\x01b", 2),
        (b"\"a\xffb\"", b"a\xffb", 2),
        // serde_json decodes a lone surrogate to its WTF-8 bytes.
        (b"\"a\\ud800b\"", b"a\xed\xa0\x80b", 8),
    ];
    for (json, raw, offset) in cases {
        let text = String::from_utf8_lossy(json);
        assert_eq!(
            serde_json::from_slice::<ByteBuf>(json).unwrap().0,
            raw,
            "{text}"
        );
        let err = jsonstream::from_slice::<ByteBuf>(json).unwrap_err();
        assert_eq!(
            (err.category(), err.offset()),
            (Category::Syntax, offset),
            "{text}"
        );
        let err = jsonstream::from_reader::<_, ByteBuf>(OneByteReader::new(json)).unwrap_err();
        assert_eq!(
            (err.category(), err.offset()),
            (Category::Syntax, offset),
            "{text}"
        );
    }
    // `&[u8]`, which borrows, the same: serde_json hands out the raw bytes.
    assert_eq!(
        serde_json::from_slice::<&[u8]>(b"\"a\x01b\"").unwrap(),
        b"a\x01b"
    );
    let err = jsonstream::from_slice::<&[u8]>(b"\"a\x01b\"").unwrap_err();
    assert_eq!(
        err.to_string(),
        "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"
    );
    // Text strings: both reject.
    assert!(serde_json::from_slice::<String>(b"\"a\x01b\"").is_err());
    assert!(jsonstream::from_slice::<String>(b"\"a\x01b\"").is_err());
}

/// The number text limit: serde_json reads numbers of any length, jsonstream stops at
/// `Limits::max_number_len` (default 4096 bytes), also in values it only skips.
#[test]
fn numbers_longer_than_the_limit_are_errors_where_serde_json_reads_them() {
    let long = format!("1.{}", "0".repeat(5000));
    assert_eq!(serde_json::from_str::<f64>(&long).unwrap(), 1.0);
    let err = jsonstream::from_str::<f64>(&long).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::NumberLength));
    assert_eq!(
        err.to_string(),
        "number longer than the limit of 4096 bytes at line 1 column 1"
    );

    let ignored = format!("[{long}]");
    assert!(serde_json::from_str::<IgnoredAny>(&ignored).is_ok());
    let err = jsonstream::from_str::<IgnoredAny>(&ignored).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::NumberLength));

    // Raised, the limit lets the same value through.
    let options = limits(Limits {
        max_number_len: 8192,
        ..Limits::default()
    });
    assert_eq!(options.from_slice::<f64>(long.as_bytes()).unwrap(), 1.0);
}

/// Skipped and ignored values are subject to the depth, number and key limits; only the
/// string limit is waived for them (they are never held).
#[test]
fn skipped_values_obey_every_limit_but_the_string_limit() {
    let tight = Limits {
        max_depth: 4,
        max_number_len: 8,
        max_key_len: 8,
        max_string_len: 8,
        max_document_len: None,
    };
    let cases: [(&str, Option<LimitKind>); 4] = [
        (r#"[[[[[1]]]]]"#, Some(LimitKind::Depth)),
        (r#"[123456789]"#, Some(LimitKind::NumberLength)),
        (r#"{"123456789": 1}"#, Some(LimitKind::KeyLength)),
        (r#"["123456789"]"#, None),
    ];
    for (json, expected) in cases {
        let options = limits(tight);
        // Materialized: every limit applies.
        let err = options
            .from_slice::<serde_json::Value>(json.as_bytes())
            .unwrap_err();
        assert_eq!(err.category(), Category::Limit, "{json}");
        assert!(err.limit().is_some(), "{json}");
        // Ignored (serde's IgnoredAny) and skipped (the token API), on a slice and through a
        // small window: every limit but the string limit.
        let ignored = options.from_slice::<IgnoredAny>(json.as_bytes()).err();
        let ignored_reader = options
            .clone()
            .window_size(4)
            .from_reader::<_, IgnoredAny>(OneByteReader::new(json.as_bytes()))
            .err();
        let mut reader = options.slice_reader(json.as_bytes());
        let skipped = reader.skip_value().and_then(|()| reader.finish()).err();
        for (how, err) in [
            ("ignored", ignored),
            ("ignored through a window", ignored_reader),
            ("skipped", skipped),
        ] {
            assert_eq!(err.and_then(|e| e.limit()), expected, "{how}: {json}");
        }
    }

    // serde_json's IgnoredAny has no depth limit at all: a difference the README names.
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    assert!(serde_json::from_str::<IgnoredAny>(&deep).is_ok());
    let err = jsonstream::from_str::<IgnoredAny>(&deep).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::Depth));
    let mut reader = JsonReader::from_slice(deep.as_bytes());
    assert_eq!(
        reader.skip_value().unwrap_err().limit(),
        Some(LimitKind::Depth)
    );
}

fn limits(limits: Limits) -> ReaderOptions {
    ReaderOptions::new().limits(limits)
}

/// `stream_values` is fused: after its first error it yields `None`. serde_json's
/// `StreamDeserializer` goes on after trailing characters glued to a bare value (`truex`), with
/// a second error. And a number glued to `.`, `-`, `+` or `e` is an invalid number here (as in
/// a whole document), where serde_json reads the number and then finds trailing characters: the
/// same item fails, with another message and `byte_offset()`.
#[test]
fn stream_values_stops_at_the_first_error_and_glued_numbers_are_invalid() {
    fn ours(text: &str) -> Vec<Result<serde_json::Value, String>> {
        jsonstream::stream_values::<serde_json::Value, _>(text.as_bytes())
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }
    fn theirs(text: &str) -> Vec<Result<serde_json::Value, String>> {
        serde_json::Deserializer::from_slice(text.as_bytes())
            .into_iter::<serde_json::Value>()
            .take(5)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }
    assert_eq!(
        ours("1 truex"),
        [
            Ok(serde_json::json!(1)),
            Err("trailing characters at line 1 column 7".to_owned())
        ]
    );
    assert_eq!(
        theirs("1 truex"),
        [
            Ok(serde_json::json!(1)),
            Err("trailing characters at line 1 column 7".to_owned()),
            Err("expected value at line 1 column 7".to_owned())
        ]
    );

    assert_eq!(
        ours("0-"),
        [Err("invalid number at line 1 column 2".to_owned())]
    );
    assert_eq!(
        theirs("0-")[0],
        Err("trailing characters at line 1 column 2".to_owned())
    );
    let mut values = jsonstream::stream_values::<serde_json::Value, _>(&b"0-"[..]);
    assert!(values.next().unwrap().is_err());
    assert_eq!(values.byte_offset(), 0);
    let mut values = serde_json::Deserializer::from_slice(b"0-").into_iter::<serde_json::Value>();
    assert!(values.next().unwrap().is_err());
    assert_eq!(values.byte_offset(), 1);
    // A whole document: the same messages as in the stream.
    assert!(jsonstream::from_slice::<serde_json::Value>(b"0-")
        .unwrap_err()
        .to_string()
        .starts_with("invalid number"));
    assert!(serde_json::from_slice::<serde_json::Value>(b"0-")
        .unwrap_err()
        .to_string()
        .starts_with("trailing characters"));
}

#[test]
fn pointers_have_a_wildcard_step_and_tilde_two_for_a_literal_star() {
    let text = br#"{"*": [1], "~2": [2], "a": [3]}"#;
    let value: serde_json::Value = serde_json::from_slice(text).unwrap();
    let stream = |pointer: &str| {
        jsonstream::stream_at::<u8, _>(OneByteReader::new(&text[..]), pointer)
            .collect::<jsonstream::Result<Vec<u8>>>()
    };
    // `/*`: the key `*` for serde_json, every member value here.
    assert_eq!(value.pointer("/*"), Some(&serde_json::json!([1])));
    assert_eq!(stream("/*").unwrap(), [1, 2, 3]);
    // `/~2`: the key `~2` for serde_json, the key `*` here; `~2` is spelt `~02`.
    assert_eq!(value.pointer("/~2"), Some(&serde_json::json!([2])));
    assert_eq!(stream("/~2").unwrap(), [1]);
    assert_eq!(stream("/~02").unwrap(), [2]);
    // Every pointer RFC 6901 accepts without a `*` step means the same on both.
    assert_eq!(value.pointer("/a"), Some(&serde_json::json!([3])));
    assert_eq!(stream("/a").unwrap(), [3]);
    // A malformed pointer: `None` there, an error here.
    assert_eq!(value.pointer("a"), None);
    let err = stream("a").unwrap_err();
    assert_eq!((err.category(), err.offset()), (Category::Data, 0));
}

/// What an error says: the message without the position and path, the line and the column.
fn said(text: &str, line: u64, column: u64) -> (String, u64, u64) {
    let message = text.split(" at line ").next().unwrap_or(text).to_owned();
    (message, line, column)
}

/// serde_json's error for `json` read as `T` from a slice (its `from_reader` places some of
/// these a byte later).
fn serde_json_says<T: de::DeserializeOwned>(json: &[u8]) -> (String, u64, u64) {
    let err = serde_json::from_slice::<T>(json).map(drop).unwrap_err();
    said(&err.to_string(), err.line() as u64, err.column() as u64)
}

/// jsonstream's error for `json` read as `T`, the same from a slice, a reader and a one-byte
/// reader.
fn jsonstream_says<T: de::DeserializeOwned>(json: &[u8]) -> (String, u64, u64) {
    let errors = [
        jsonstream::from_slice::<T>(json).map(drop).unwrap_err(),
        jsonstream::from_reader::<_, T>(json).map(drop).unwrap_err(),
        jsonstream::from_reader::<_, T>(OneByteReader::new(json))
            .map(drop)
            .unwrap_err(),
    ];
    let [first, rest @ ..] = errors.map(|err| said(&err.to_string(), err.line(), err.column()));
    for other in rest {
        assert_eq!(other, first, "{}", String::from_utf8_lossy(json));
    }
    first
}

/// Each difference of the README's table "Where errors differ from serde_json's": the
/// document, what serde_json says, what jsonstream says (message, line, column).
type Difference = (
    &'static [u8],
    (&'static str, u64, u64),
    (&'static str, u64, u64),
);

#[track_caller]
fn assert_differences<T: de::DeserializeOwned>(cases: &[Difference]) {
    for &(json, (theirs, line, column), (ours, our_line, our_column)) in cases {
        let text = String::from_utf8_lossy(json);
        assert_eq!(
            serde_json_says::<T>(json),
            (theirs.to_owned(), line, column),
            "{text}"
        );
        assert_eq!(
            jsonstream_says::<T>(json),
            (ours.to_owned(), our_line, our_column),
            "{text}"
        );
    }
}

/// Invalid UTF-8 in a string is reported at the byte that is not UTF-8; serde_json reports it
/// there too, but a byte later when an escape follows it in the string.
#[test]
fn invalid_utf8_is_reported_at_its_byte() {
    assert_differences::<serde_json::Value>(&[(
        b"[\"ab\xffc\\nd\"]",
        ("invalid unicode code point", 1, 6),
        ("invalid unicode code point", 1, 5),
    )]);
}

/// A numeric key is read as a string, then as a number: a key that is not exactly a number is
/// "expected key to be a number in quotes" at its opening quote, and a fault further in the
/// key is found before the number is given to the target. serde_json reads the number from the
/// input between the quotes, and stops at the first byte after it.
#[test]
fn numeric_keys_are_read_whole_before_their_number() {
    type Map = std::collections::HashMap<u8, u8>;
    assert_differences::<Map>(&[
        (
            br#"{"1a": 0}"#,
            ("expected `\"`", 1, 4),
            ("invalid value: expected key to be a number in quotes", 1, 2),
        ),
        (
            br#"{"-": 0}"#,
            ("invalid number", 1, 4),
            ("invalid value: expected key to be a number in quotes", 1, 2),
        ),
        (
            b"{\"1000\n\": 0}",
            ("invalid value: integer `1000`, expected u8", 1, 6),
            (
                "control character (\\u0000-\\u001F) found while parsing a string",
                2,
                0,
            ),
        ),
    ]);
}

/// A number glued to `.`, `+`, `-`, `e` or `E` is an invalid number at that byte; serde_json
/// ends the number before it, and finds the byte out of place or the number not what the
/// target wants.
#[test]
fn numbers_glued_to_number_bytes_are_invalid_numbers() {
    assert_differences::<serde_json::Value>(&[
        (
            b"[0-1]",
            ("expected `,` or `]`", 1, 3),
            ("invalid number", 1, 3),
        ),
        (
            b"{\"a\": 1.5e3.0}",
            ("expected `,` or `}`", 1, 12),
            ("invalid number", 1, 12),
        ),
        (
            b"2+",
            ("trailing characters", 1, 2),
            ("invalid number", 1, 2),
        ),
    ]);
    assert_differences::<Vec<bool>>(&[(
        b"[0-1]",
        ("invalid type: integer `0`, expected a boolean", 1, 2),
        ("invalid number", 1, 3),
    )]);
}

/// The values serde_json skips (unknown fields, `IgnoredAny`) are checked as the values read:
/// an error in one is what serde_json says reading the document whole, as a `Value`.
#[test]
fn skipped_values_fail_as_values_read() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Known {
        a: u8,
    }
    let cases: [&[u8]; 5] = [
        br#"{"a": 1, "b": [1,]}"#,
        br#"{"a": 1, "b": {"c": 1,}}"#,
        b"{\"a\": 1, \"b\": \"x\x01\"}",
        br#"{"a": 1, "b": -"#,
        br#"{"a": 1, "b": {"c": 1,"#,
    ];
    for json in cases {
        let text = String::from_utf8_lossy(json);
        let as_value = serde_json_says::<serde_json::Value>(json);
        assert_ne!(serde_json_says::<Known>(json), as_value, "{text}");
        assert_eq!(jsonstream_says::<Known>(json), as_value, "{text}");
    }
}
