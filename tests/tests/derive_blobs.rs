//! Blob fields of `#[derive(Dump, Load)]` types: text and base64 round trips (every escape
//! class, all 256 byte values, empty, larger than a chunk), the sources a Dump blob may have
//! (readers and held bytes), sources that fail or hold invalid UTF-8, sinks that fail while
//! written or finished and factories that fail (all `Category::Io`, located at the blob),
//! sink factories (`Loader::sinks`) with the field's name and path, and `FileSink` into a
//! temporary directory.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{self, Cursor, Read, Write};
use std::path::PathBuf;

use jsonstream::blob::{BlobField, BlobSink, BlobValue, FileSink, FileSinks};
use jsonstream::{Base64Fault, Category, Dump, Load, Loader};
use jsonstream_tests::readers::{
    FailingReader, InterruptedReader, OneByteReader, Schedule, ShortReader, FAILING_READER_MESSAGE,
};
use jsonstream_tests::reference::base64_encode;
use jsonstream_tests::snapshot::dumped;
use jsonstream_tests::snapshot::snap;
use jsonstream_tests::temp_dir::TempDir;
use serde::{Deserialize, Serialize};

/// Strings covering every escape class, multi-byte UTF-8 and the empty string.
fn texts() -> Vec<String> {
    let mut texts: Vec<String> = (0u8..0x20).map(|b| format!("a{}b", b as char)).collect();
    texts.extend(
        [
            "",
            "\"",
            "\\",
            "/",
            "\u{7f}",
            "\u{2028}\u{2029}",
            "\u{e9}\u{20ac}\u{1F600}",
            "\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
            "line 1\nline 2\r\n\ttab \"quoted\" back\\slash",
        ]
        .map(str::to_owned),
    );
    texts.push((0u8..0x80).map(char::from).collect());
    // Larger than the 64 KiB chunks, with escapes and multi-byte characters across the
    // chunk boundaries.
    texts.push("\u{e9}\u{1F600}\"\\\n abc".repeat(10_000));
    texts
}

// ---------------------------------------------------------------------------------------------
// Text and base64 round trips
// ---------------------------------------------------------------------------------------------

#[derive(Dump)]
struct TextOut<R> {
    name: &'static str,
    #[jsonstream(blob)]
    text: R,
}

#[derive(Serialize, Deserialize, Load, Debug, PartialEq)]
struct TextSerde {
    name: String,
    text: String,
}

#[derive(Load, Debug, PartialEq)]
struct TextIn {
    name: String,
    #[jsonstream(blob = "text")]
    text: Vec<u8>,
}

#[test]
fn text_blobs_write_serde_json_strings_and_load_back() {
    for text in texts() {
        let expected = serde_json::to_vec(&TextSerde {
            name: "n".to_owned(),
            text: text.clone(),
        })
        .unwrap();
        let sources: Vec<(&str, Box<dyn Read + '_>)> = vec![
            ("slice", Box::new(text.as_bytes())),
            ("one byte", Box::new(OneByteReader::new(text.as_bytes()))),
            (
                "interrupted",
                Box::new(InterruptedReader::new(text.as_bytes())),
            ),
            (
                "short",
                Box::new(ShortReader::new(text.as_bytes(), &[1, 2, 3, 65_537])),
            ),
        ];
        for (how, source) in sources {
            let json = dumped(TextOut {
                name: "n",
                text: source,
            });
            assert!(json == expected, "{how}: {:?}", text.get(..40));
        }
        for schedule in Schedule::fixed() {
            let loaded = jsonstream::load::<TextIn, _>(schedule.reader(&expected)).unwrap();
            assert!(loaded.text == text.as_bytes(), "{schedule:?}");
        }
        assert_eq!(
            jsonstream::load_slice::<TextIn>(&expected).unwrap().text,
            text.as_bytes()
        );
    }
}

#[test]
fn text_blobs_unescape_what_serde_json_unescapes() {
    let strings = [
        r#""""#,
        r#""\u0000\u001f\u007f\u0080""#,
        r#""\ud83d\ude00 \uD83D\uDE00 \u00e9 \u20AC""#,
        r#""\/\\\"\b\f\n\r\t""#,
        r#""plain 😀 é""#,
    ];
    for string in strings {
        let expected: String = serde_json::from_str(string).unwrap();
        let json = format!(r#"{{"name": "", "text": {string}}}"#);
        for schedule in Schedule::fixed() {
            let loaded = jsonstream::load::<TextIn, _>(schedule.reader(json.as_bytes())).unwrap();
            assert_eq!(loaded.text, expected.as_bytes(), "{string} {schedule:?}");
        }
    }
}

#[test]
fn text_blob_errors_are_those_of_a_string_field() {
    // A bad string in a text blob gives the error a String field gives (same message,
    // category, offset, line, column, path), through every schedule.
    let bad: [&[u8]; 12] = [
        b"\"ab\xffcd\"",
        b"\"ab\\x\"",
        b"\"ab\ncd\"",
        b"\"ab\\ud800cd\"",
        b"\"ab\\udc00\"",
        b"\"ab\\ud83d\\u0041\"",
        b"\"ab\\u12\"",
        b"\"ab",
        b"\"ab\\",
        b"\"\xc3",
        b"\"\xc3\"",
        b"\"\xed\xa0\x80\"",
    ];
    for string in bad {
        let mut json = b"{\"name\": \"\",\n \"text\": ".to_vec();
        json.extend_from_slice(string);
        json.extend_from_slice(b"}");
        let expected = snap(jsonstream::from_slice::<TextSerde>(&json).map(drop));
        assert!(expected.is_err(), "{:?}", String::from_utf8_lossy(string));
        for schedule in Schedule::fixed() {
            let got = snap(jsonstream::load::<TextIn, _>(schedule.reader(&json)).map(drop));
            assert_eq!(
                got,
                expected,
                "{:?} {schedule:?}",
                String::from_utf8_lossy(string)
            );
        }
        assert_eq!(
            snap(jsonstream::load_slice::<TextIn>(&json).map(drop)),
            expected
        );
    }
}

#[derive(Dump)]
struct BinOut<R> {
    #[jsonstream(blob = "base64")]
    data: R,
}

#[derive(Load, Debug, PartialEq)]
struct BinIn {
    #[jsonstream(blob = "base64")]
    data: Vec<u8>,
}

#[test]
fn base64_blobs_round_trip_every_byte_value_and_length() {
    let all: Vec<u8> = (0..=255u8).collect();
    let json = dumped(BinOut { data: &all[..] });
    assert_eq!(
        json,
        format!(r#"{{"data":"{}"}}"#, base64_encode(&all)).into_bytes()
    );
    for schedule in Schedule::fixed() {
        assert_eq!(
            jsonstream::load::<BinIn, _>(schedule.reader(&json))
                .unwrap()
                .data,
            all
        );
    }

    // Every length mod 3, every split of the source, and more than a chunk.
    let mut lengths: Vec<usize> = (0..=10).collect();
    lengths.extend([65_535, 65_536, 65_537, 200_000]);
    for len in lengths {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 + i / 256) as u8).collect();
        let expected = format!(r#"{{"data":"{}"}}"#, base64_encode(&data)).into_bytes();
        assert!(dumped(BinOut { data: &data[..] }) == expected, "{len}");
        assert!(
            dumped(BinOut {
                data: ShortReader::new(&data[..], &[1, 2, 5, 70_000])
            }) == expected,
            "{len} short reads"
        );
        assert!(
            jsonstream::load_slice::<BinIn>(&expected).unwrap().data == data,
            "{len}"
        );
        assert!(
            jsonstream::load::<BinIn, _>(ShortReader::new(&expected[..], &[3, 1, 4096]))
                .unwrap()
                .data
                == data,
            "{len}"
        );
    }
}

#[test]
fn base64_blobs_accept_missing_padding_and_escapes() {
    let cases: [(&str, &[u8]); 9] = [
        ("", b""),
        ("AA", &[0]),
        ("AA==", &[0]),
        ("AP8", &[0, 255]),
        ("AP8=", &[0, 255]),
        ("+/8=", &[251, 255]),
        ("////", &[255, 255, 255]),
        // The JSON string is unescaped first.
        (r"\/w==", &[255]),
        (r"\u0041P8=", &[0, 255]),
    ];
    for (text, bytes) in cases {
        let json = format!(r#"{{"data": "{text}"}}"#);
        for schedule in Schedule::fixed() {
            let loaded = jsonstream::load::<BinIn, _>(schedule.reader(json.as_bytes())).unwrap();
            assert_eq!(loaded.data, bytes, "{text} {schedule:?}");
        }
    }
}

/// Invalid base64 is a syntax error at the symbol to blame (at an escape's backslash if an
/// escape gave it; at the closing quote for a text that ends too early), naming what is wrong,
/// on every path.
#[test]
fn invalid_base64_is_a_syntax_error_at_the_symbol_to_blame() {
    // The text starts at offset 10 of `{"data": "…"}`.
    let ends = "the text ends inside a 4-symbol group";
    let cases = [
        ("A", 11, Base64Fault::Truncated, ends),
        (
            "A===",
            11,
            Base64Fault::Padding,
            "padding `=` in the first half of a 4-symbol group",
        ),
        ("AAAAA", 15, Base64Fault::Truncated, ends),
        ("AA=", 13, Base64Fault::Truncated, ends),
        (
            "AP 8=",
            12,
            Base64Fault::Byte(b' '),
            "byte 0x20 is not a base64 symbol",
        ),
        (
            "A!AA",
            11,
            Base64Fault::Byte(b'!'),
            "`!` is not a base64 symbol",
        ),
        (
            "-_8=",
            10,
            Base64Fault::Byte(b'-'),
            "`-` is not a base64 symbol",
        ),
        (
            "AR==",
            11,
            Base64Fault::LastSymbol(b'R'),
            "the last symbol `R` has bits set that encode no byte",
        ),
        (
            "AA==AA==",
            14,
            Base64Fault::AfterPadding(b'A'),
            "`A` after the padding",
        ),
        (
            r"AP8=\n",
            14,
            Base64Fault::AfterPadding(b'\n'),
            "byte 0x0a after the padding",
        ),
        (
            r"\u0000",
            10,
            Base64Fault::Byte(0),
            "byte 0x00 is not a base64 symbol",
        ),
        (
            r"\u0041AA!A",
            18,
            Base64Fault::Byte(b'!'),
            "`!` is not a base64 symbol",
        ),
        (
            "AAAA\u{e9}A",
            14,
            Base64Fault::Byte(0xc3),
            "byte 0xc3 is not a base64 symbol",
        ),
    ];
    for (text, offset, fault, message) in cases {
        let json = format!(r#"{{"data": "{text}"}}"#);
        let display = format!(
            "invalid base64 in string: {message} at line 1 column {}, path $.data",
            offset + 1
        );
        let mut outcomes = vec![(
            "slice".to_owned(),
            jsonstream::load_slice::<BinIn>(json.as_bytes()),
        )];
        for schedule in Schedule::fixed() {
            let reader = schedule.reader(json.as_bytes());
            outcomes.push((
                format!("{schedule:?}"),
                jsonstream::load::<BinIn, _>(reader),
            ));
        }
        let reader = OneByteReader::new(json.as_bytes());
        outcomes.push(("one byte".to_owned(), jsonstream::load::<BinIn, _>(reader)));
        for (how, outcome) in outcomes {
            let err = outcome.unwrap_err();
            assert_eq!(err.category(), Category::Syntax, "{text} {how}");
            assert_eq!(err.base64_fault(), Some(fault), "{text} {how}: {err}");
            assert_eq!(err.offset(), offset, "{text} {how}: {err}");
            assert_eq!(err.to_string(), display, "{text} {how}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dump sources
// ---------------------------------------------------------------------------------------------

#[derive(Dump)]
struct Sources<'a> {
    #[jsonstream(blob)]
    vec: Vec<u8>,
    #[jsonstream(blob)]
    string: String,
    #[jsonstream(blob)]
    str_ref: &'a str,
    #[jsonstream(blob)]
    slice: &'a [u8],
    #[jsonstream(blob)]
    vec_ref: &'a Vec<u8>,
    #[jsonstream(blob)]
    array: [u8; 3],
    #[jsonstream(blob = "base64")]
    cow: Cow<'a, [u8]>,
    #[jsonstream(blob)]
    boxed: Box<dyn Read + 'a>,
    #[jsonstream(blob = "base64")]
    cursor: Cursor<Vec<u8>>,
    #[jsonstream(blob)]
    chain: io::Chain<&'a [u8], OneByteReader<&'a [u8]>>,
    #[jsonstream(blob)]
    file: File,
}

#[test]
fn blob_sources_may_be_readers_or_held_bytes() {
    let dir = TempDir::new("sources");
    let file_path = dir.path().join("source.txt");
    fs::write(&file_path, "from a file\n").unwrap();
    let vec_ref = b"vec ref".to_vec();
    let value = Sources {
        vec: b"vec".to_vec(),
        string: "string \u{e9}".to_owned(),
        str_ref: "str \"ref\"",
        slice: b"slice",
        vec_ref: &vec_ref,
        array: *b"arr",
        cow: Cow::Borrowed(&[0, 1, 2]),
        boxed: Box::new(&b"boxed"[..]),
        cursor: Cursor::new(vec![255, 254]),
        chain: (&b"ch"[..]).chain(OneByteReader::new("ain \u{1F600}".as_bytes())),
        file: File::open(&file_path).unwrap(),
    };
    let json = String::from_utf8(dumped(value)).unwrap();
    assert_eq!(
        json,
        "{\"vec\":\"vec\",\"string\":\"string \u{e9}\",\"str_ref\":\"str \\\"ref\\\"\",\
         \"slice\":\"slice\",\"vec_ref\":\"vec ref\",\"array\":\"arr\",\"cow\":\"AAEC\",\
         \"boxed\":\"boxed\",\"cursor\":\"//4=\",\"chain\":\"chain \u{1F600}\",\
         \"file\":\"from a file\\n\"}"
    );
}

#[test]
fn invalid_utf8_in_a_text_source_names_the_byte_offset() {
    let long = "a".repeat(70_000);
    let cases: Vec<(Vec<u8>, u64)> = vec![
        (b"\xffabc".to_vec(), 0),
        (b"ab\xffcd".to_vec(), 2),
        (b"ab\xc3".to_vec(), 2),
        (b"ab\xc3(".to_vec(), 2),
        (b"\xe2\x82".to_vec(), 0),
        (b"\xed\xa0\x80".to_vec(), 0),
        (
            "\u{e9}\u{1F600}x\u{80}"
                .bytes()
                .chain([0xc0, 0x80])
                .collect(),
            9,
        ),
        ([long.as_bytes(), b"\xff"].concat(), 70_000),
        (
            [long.as_bytes(), "\u{20ac}".as_bytes(), b"\xf0\x9f\x98"].concat(),
            70_003,
        ),
    ];
    for (bytes, offset) in cases {
        let expected = format!("invalid UTF-8 at byte {offset} of the string value");
        let sources: Vec<(&str, Box<dyn Read + '_>)> = vec![
            ("slice", Box::new(&bytes[..])),
            ("one byte", Box::new(OneByteReader::new(&bytes[..]))),
            (
                "short",
                Box::new(ShortReader::new(&bytes[..], &[2, 65_535])),
            ),
        ];
        for (how, source) in sources {
            let mut out = Vec::new();
            let err = jsonstream::dump(
                TextOut {
                    name: "n",
                    text: source,
                },
                &mut out,
            )
            .unwrap_err();
            assert_eq!(err.to_string(), expected, "{how}");
            assert_eq!(err.category(), Category::Syntax, "{how}");
            assert!(out.starts_with(br#"{"name":"n","text":""#), "{how}");
            assert!(
                serde_json::from_slice::<serde_json::Value>(&out).is_err(),
                "{how}: the output is an incomplete document"
            );
        }
        // Held bytes: the same error.
        let mut out = Vec::new();
        let err = jsonstream::dump(
            Held {
                text: bytes.clone(),
            },
            &mut out,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), expected);
        // As base64, any bytes are fine.
        let json = dumped(BinOut { data: &bytes[..] });
        assert_eq!(jsonstream::load_slice::<BinIn>(&json).unwrap().data, bytes);
    }
}

#[derive(Dump)]
struct Held {
    #[jsonstream(blob)]
    text: Vec<u8>,
}

#[test]
fn a_failing_source_is_an_io_error() {
    let data = "x".repeat(100_000);
    for ok_bytes in [0, 5, 65_536, 70_000] {
        for base64 in [false, true] {
            let source = FailingReader::new(data.as_bytes(), ok_bytes);
            let mut out = Vec::new();
            let err = if base64 {
                jsonstream::dump(BinOut { data: source }, &mut out)
            } else {
                jsonstream::dump(
                    TextOut {
                        name: "n",
                        text: source,
                    },
                    &mut out,
                )
            }
            .unwrap_err();
            assert_eq!(err.category(), Category::Io, "{ok_bytes} {base64}");
            assert_eq!(err.to_string(), FAILING_READER_MESSAGE);
            let io_err = err.io_error().expect("the io::Error");
            assert_eq!(io_err.kind(), io::ErrorKind::Other);
            assert_eq!(io_err.to_string(), FAILING_READER_MESSAGE);
            assert!(serde_json::from_slice::<serde_json::Value>(&out).is_err());
        }
    }
    // `Interrupted` is retried, not an error.
    let json = dumped(TextOut {
        name: "n",
        text: InterruptedReader::new(OneByteReader::new(data.as_bytes())),
    });
    assert_eq!(
        jsonstream::load_slice::<TextIn>(&json).unwrap().text.len(),
        data.len()
    );
}

/// The writer fails: an I/O error of the dump, not of a source.
struct FailingWriter {
    written: usize,
    limit: usize,
}

impl Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written >= self.limit {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "writer closed (test)",
            ));
        }
        let n = buf.len().min(self.limit - self.written);
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_io_error() {
    let data = "y".repeat(200_000);
    for limit in [0, 10, 8192, 100_000] {
        let err = jsonstream::dump(
            TextOut {
                name: "n",
                text: data.as_bytes(),
            },
            FailingWriter { written: 0, limit },
        )
        .unwrap_err();
        assert_eq!(err.category(), Category::Io, "{limit}");
        assert_eq!(err.to_string(), "writer closed (test)");
        assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::BrokenPipe);
    }
}

// ---------------------------------------------------------------------------------------------
// Sinks that fail
// ---------------------------------------------------------------------------------------------

/// What a [`TestSink`] becomes.
#[derive(Debug, PartialEq)]
struct Collected(Vec<u8>);

/// Collects bytes; its `write` fails once `fail_after` bytes were taken (taking a partial
/// write up to there first); its `finish` fails if `fail_finish`.
struct TestSink {
    bytes: Vec<u8>,
    fail_after: usize,
    fail_finish: bool,
}

impl TestSink {
    fn new(fail_after: usize, fail_finish: bool) -> Self {
        TestSink {
            bytes: Vec::new(),
            fail_after,
            fail_finish,
        }
    }
}

impl Write for TestSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.fail_after - self.bytes.len();
        if room == 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "sink full (test)",
            ));
        }
        let n = buf.len().min(room);
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl BlobSink for TestSink {
    type Output = Collected;

    fn finish(self) -> io::Result<Collected> {
        if self.fail_finish {
            return Err(io::Error::other("finish failed (test)"));
        }
        Ok(Collected(self.bytes))
    }
}

impl BlobValue for Collected {
    type Sink = TestSink;

    fn open_sink(_field: &BlobField<'_>) -> io::Result<TestSink> {
        Ok(TestSink::new(usize::MAX, false))
    }
}

#[derive(Load, Debug, PartialEq)]
struct Doc {
    name: String,
    #[jsonstream(blob, rename = "the data")]
    data: Collected,
    #[jsonstream(seq)]
    parts: Vec<Part>,
}

#[derive(Load, Debug, PartialEq)]
struct Part {
    id: u32,
    #[jsonstream(blob = "base64")]
    data: Collected,
}

/// The byte range of the `n`th string value `"…"` after `key` in `json`: from its opening
/// quote to its closing quote.
fn string_span(json: &[u8], key: &str, n: usize) -> (u64, u64) {
    let text = std::str::from_utf8(json).unwrap();
    let mut from = 0;
    for _ in 0..=n {
        from += text[from..].find(key).unwrap() + key.len();
    }
    let open = from + text[from..].find('"').unwrap();
    let mut close = open + 1;
    let bytes = json;
    while bytes[close] != b'"' {
        close += if bytes[close] == b'\\' { 2 } else { 1 };
    }
    (open as u64, close as u64)
}

#[test]
fn default_sinks_collect_the_content() {
    let json = br#"{"name": "n", "the data": "abc\n", "parts": [{"id": 1, "data": "AQI="}, {"data": "", "id": 2}]}"#;
    for schedule in Schedule::fixed() {
        let doc = jsonstream::load::<Doc, _>(schedule.reader(json)).unwrap();
        assert_eq!(
            doc,
            Doc {
                name: "n".to_owned(),
                data: Collected(b"abc\n".to_vec()),
                parts: vec![
                    Part {
                        id: 1,
                        data: Collected(vec![1, 2]),
                    },
                    Part {
                        id: 2,
                        data: Collected(Vec::new()),
                    },
                ],
            }
        );
    }
}

#[test]
fn a_sink_whose_write_fails_is_an_io_error_at_the_blob() {
    let big = "z".repeat(200_000);
    let json = format!(r#"{{"name": "n", "the data": "{big}", "parts": []}}"#);
    let (open, close) = string_span(json.as_bytes(), "\"the data\":", 0);
    for fail_after in [0, 1, 1000, 65_536, 199_999] {
        for schedule in Schedule::fixed() {
            let err = Loader::new()
                .sinks(move |_field| Ok(TestSink::new(fail_after, false)))
                .load::<Doc, _>(schedule.reader(json.as_bytes()))
                .unwrap_err();
            assert_eq!(err.category(), Category::Io, "{fail_after} {schedule:?}");
            assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
            assert_eq!(err.path(), "$[\"the data\"]");
            assert_eq!(err.line(), 1);
            assert!(
                err.offset() > open && err.offset() <= close,
                "{fail_after} {schedule:?}: {err} at {}, string at {open}..={close}",
                err.offset()
            );
            // At the column of the last byte read.
            assert_eq!(err.column(), err.offset());
            assert_eq!(
                err.to_string(),
                format!(
                    "sink full (test) at line 1 column {}, path $[\"the data\"]",
                    err.column()
                )
            );
        }
    }

    // A small blob from a slice: read whole, so located at its closing quote.
    let json = br#"{"name": "n", "the data": "abcdef", "parts": []}"#;
    let err = Loader::new()
        .sinks(|_field| Ok(TestSink::new(3, false)))
        .load_slice::<Doc>(json)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "sink full (test) at line 1 column 33, path $[\"the data\"]"
    );
    assert_eq!(err.offset(), string_span(json, "\"the data\":", 0).1);

    // In a base64 blob of a seq element.
    let json = br#"{"name": "n", "the data": "", "parts": [{"id": 1, "data": "AAAA"}, {"id": 2,
        "data": "AAAAAAAA"}]}"#;
    let err = Loader::new()
        .sinks(|_field| Ok(TestSink::new(4, false)))
        .load_slice::<Doc>(json)
        .unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(err.path(), "$.parts[1].data");
    assert_eq!(err.line(), 2);
    let (open, close) = string_span(json, "\"data\":", 1);
    // (Decoded after the whole string was read: past its closing quote.)
    assert!(err.offset() > open && err.offset() <= close + 1, "{err}");
}

#[test]
fn a_sink_whose_finish_fails_is_an_io_error_at_the_end_of_the_blob() {
    let json = b"{\"name\": \"n\",\n  \"the data\": \"abc\\u00e9\", \"parts\": []}";
    for schedule in Schedule::fixed() {
        let err = Loader::new()
            .sinks(|_field| Ok(TestSink::new(usize::MAX, true)))
            .load::<Doc, _>(schedule.reader(json))
            .unwrap_err();
        assert_eq!(err.category(), Category::Io, "{schedule:?}");
        assert_eq!(
            err.to_string(),
            "finish failed (test) at line 2 column 25, path $[\"the data\"]"
        );
        // Right after the closing quote.
        assert_eq!(err.offset(), string_span(json, "\"the data\":", 0).1 + 1);
    }
}

#[test]
fn a_failing_sink_factory_is_an_io_error_at_the_blob() {
    let json =
        b"{\"name\": \"n\", \"parts\": [{\"id\": 1,\n \"data\": \"AAAA\"}], \"the data\": \"x\"}";
    for schedule in Schedule::fixed() {
        let err = Loader::new()
            .sinks(|field: &BlobField<'_>| -> io::Result<TestSink> {
                Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!("no sink for {} at {} (test)", field.name(), field.path()),
                ))
            })
            .load::<Doc, _>(schedule.reader(json))
            .unwrap_err();
        assert_eq!(err.category(), Category::Io, "{schedule:?}");
        assert_eq!(
            err.io_error().unwrap().kind(),
            io::ErrorKind::PermissionDenied
        );
        // Right after the member's name, before anything of the value was read.
        assert_eq!(
            err.to_string(),
            "no sink for data at $.parts[0].data (test) at line 2 column 9, path $.parts[0].data"
        );
    }
}

#[test]
fn a_loader_keeps_working_after_a_sink_error() {
    let fail = std::cell::Cell::new(true);
    let mut loader = Loader::new().sinks(|_field| {
        if fail.replace(false) {
            Err(io::Error::other("first open fails (test)"))
        } else {
            Ok(TestSink::new(usize::MAX, false))
        }
    });
    let json = br#"{"name": "n", "the data": "d", "parts": []}"#;
    let err = loader.load_slice::<Doc>(json).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    let doc: Doc = loader.load_slice(json).unwrap();
    assert_eq!(doc.data, Collected(b"d".to_vec()));
}

// ---------------------------------------------------------------------------------------------
// Sink factories
// ---------------------------------------------------------------------------------------------

/// A sink whose output is a `Vec<u8>` (so its factory serves `Vec<u8>` blob fields), which
/// upper-cases ASCII.
struct Upper(Vec<u8>);

impl Write for Upper {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend(buf.iter().map(u8::to_ascii_uppercase));
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl BlobSink for Upper {
    type Output = Vec<u8>;

    fn finish(self) -> io::Result<Vec<u8>> {
        Ok(self.0)
    }
}

#[derive(Load, Debug, PartialEq)]
struct Mixed {
    #[jsonstream(blob)]
    text: Vec<u8>,
    #[jsonstream(blob = "base64")]
    bin: Vec<u8>,
    #[jsonstream(blob)]
    collected: Collected,
    #[jsonstream(seq)]
    parts: Vec<Part>,
    nested: Option<Box<Mixed>>,
}

#[test]
fn factories_serve_the_fields_of_their_output_type_in_document_order() {
    let json = br#"{"text": "abc", "bin": "eHk=", "collected": "keep", "parts": [{"id": 1, "data": "cQ=="}],
        "nested": {"bin": "", "text": "in", "collected": "", "parts": []}}"#;

    // No factory: the types' own sinks.
    let plain = jsonstream::load_slice::<Mixed>(json).unwrap();
    assert_eq!(
        (plain.text.as_slice(), plain.bin.as_slice()),
        (&b"abc"[..], &b"xy"[..])
    );

    let seen = RefCell::new(Vec::new());
    let mut loader = Loader::new()
        .sinks(|field: &BlobField<'_>| {
            seen.borrow_mut()
                .push(format!("Vec {} {}", field.name(), field.path()));
            Ok(Upper(Vec::new()))
        })
        .sinks(|field: &BlobField<'_>| {
            seen.borrow_mut()
                .push(format!("Collected {} {}", field.name(), field.path()));
            Ok(TestSink::new(usize::MAX, false))
        });
    let mixed: Mixed = loader.load_slice(json).unwrap();
    drop(loader);
    assert_eq!(mixed.text, b"ABC");
    assert_eq!(mixed.bin, b"XY");
    assert_eq!(mixed.collected, Collected(b"keep".to_vec()));
    assert_eq!(mixed.parts[0].data, Collected(b"q".to_vec()));
    let nested = mixed.nested.unwrap();
    assert_eq!((nested.text, nested.bin), (b"IN".to_vec(), Vec::new()));
    assert_eq!(
        seen.into_inner(),
        [
            "Vec text $.text",
            "Vec bin $.bin",
            "Collected collected $.collected",
            "Collected data $.parts[0].data",
            "Vec bin $.nested.bin",
            "Vec text $.nested.text",
            "Collected collected $.nested.collected",
        ]
    );
}

/// Blobs in every shape: a newtype, the fields of enum variants, a tuple struct.
#[derive(Dump, Load, Debug, PartialEq)]
enum Enclosure<B> {
    Inline(#[jsonstream(blob = "base64")] B),
    File {
        name: String,
        #[jsonstream(blob)]
        content: B,
    },
    Pair(#[jsonstream(blob)] B, #[jsonstream(blob)] B),
    None,
}

#[derive(Dump, Load, Debug, PartialEq)]
struct Body<B>(#[jsonstream(blob)] B);

/// Fields of generic `Dump`/`Load` types need their bounds written (the inferred ones would be
/// serde's).
#[derive(Dump, Load, Debug, PartialEq)]
#[jsonstream(bound(dump = "B: std::io::Read", load = "B: jsonstream::blob::BlobValue"))]
struct Message<B> {
    body: Body<B>,
    #[jsonstream(seq)]
    enclosures: Vec<Enclosure<B>>,
}

#[test]
fn blobs_of_enum_variants_and_tuple_structs_stream_through_factories() {
    let outgoing: Message<&[u8]> = Message {
        body: Body(b"hello\n"),
        enclosures: vec![
            Enclosure::Inline(&[0, 1, 2, 255]),
            Enclosure::File {
                name: "a.txt".to_owned(),
                content: b"\"quoted\"",
            },
            Enclosure::Pair(b"left", b""),
            Enclosure::None,
        ],
    };
    let json = dumped(outgoing);
    assert_eq!(
        String::from_utf8(json.clone()).unwrap(),
        r#"{"body":"hello\n","enclosures":[{"Inline":"AAEC/w=="},{"File":{"name":"a.txt","content":"\"quoted\""}},{"Pair":["left",""]},"None"]}"#
    );

    let seen = RefCell::new(Vec::new());
    let loaded: Message<Vec<u8>> = Loader::new()
        .sinks(|field: &BlobField<'_>| {
            seen.borrow_mut()
                .push(format!("{} {}", field.name(), field.path()));
            Ok(Upper(Vec::new()))
        })
        .load(OneByteReader::new(&json[..]))
        .unwrap();
    assert_eq!(
        loaded,
        Message {
            body: Body(b"HELLO\n".to_vec()),
            enclosures: vec![
                Enclosure::Inline(vec![0, 1, 2, 255]),
                Enclosure::File {
                    name: "a.txt".to_owned(),
                    content: b"\"QUOTED\"".to_vec(),
                },
                Enclosure::Pair(b"LEFT".to_vec(), Vec::new()),
                Enclosure::None,
            ],
        }
    );
    // A tuple field is named by its index.
    assert_eq!(
        seen.into_inner(),
        [
            "0 $.body",
            "0 $.enclosures[0].Inline",
            "content $.enclosures[1].File.content",
            "0 $.enclosures[2].Pair[0]",
            "1 $.enclosures[2].Pair[1]",
        ]
    );

    // A sink that fails inside a variant: an I/O error at the blob, with its path.
    let err = Loader::new()
        .sinks(|_field| Ok(TestSink::new(2, false)))
        .load_slice::<Enclosure<Collected>>(br#"{"File": {"name": "n", "content": "abcdef"}}"#)
        .unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(err.path(), "$.File.content");
}

#[test]
fn a_later_factory_for_the_same_type_replaces_the_earlier_one() {
    let json = br#"{"text": "abc", "bin": "", "collected": "", "parts": []}"#;
    let mixed: Mixed = Loader::new()
        .sinks(|_field| Ok(Upper(Vec::new())))
        .sinks(|_field| Ok(Vec::new()))
        .load_slice(json)
        .unwrap();
    assert_eq!(mixed.text, b"abc");
    let mixed: Mixed = Loader::new()
        .sinks(|_field| Ok(Vec::new()))
        .sinks(|_field| Ok(Upper(Vec::new())))
        .load_slice(json)
        .unwrap();
    assert_eq!(mixed.text, b"ABC");
}

// ---------------------------------------------------------------------------------------------
// FileSink
// ---------------------------------------------------------------------------------------------

#[derive(Load, Debug, PartialEq)]
struct Archive {
    title: String,
    #[jsonstream(blob)]
    readme: PathBuf,
    #[jsonstream(blob = "base64", rename = "logo.png")]
    logo: PathBuf,
    #[jsonstream(seq)]
    attachments: Vec<Attachment>,
}

#[derive(Load, Debug, PartialEq)]
struct Attachment {
    #[jsonstream(blob)]
    body: PathBuf,
}

#[test]
fn file_sinks_write_each_blob_into_its_file() {
    let dir = TempDir::new("files");
    let json =
        b"{\"title\": \"t\", \"readme\": \"# Title\\n\\u00e9\", \"logo.png\": \"iVBORw0KGgo=\",
        \"attachments\": [{\"body\": \"first\"}, {\"body\": \"second\"}]}";
    for schedule in [Schedule::Whole, Schedule::OneByte, Schedule::Interrupted] {
        let mut files = FileSinks::new(dir.path());
        let archive: Archive = Loader::new()
            .sinks(|field: &BlobField<'_>| {
                // The path is unique where the name is not (`body` twice).
                let name = field.path().replace(['$', '[', ']'], "_");
                files.sink(&name)
            })
            .load(schedule.reader(json))
            .unwrap();
        assert_eq!(archive.readme, dir.path().join("_.readme"));
        assert_eq!(
            fs::read_to_string(&archive.readme).unwrap(),
            "# Title\n\u{e9}"
        );
        assert_eq!(
            archive.logo,
            dir.path().join("_[\"logo.png\"]".replace(['[', ']'], "_"))
        );
        assert_eq!(
            fs::read(&archive.logo).unwrap(),
            b"\x89PNG\r\n\x1a\n".to_vec()
        );
        let bodies: Vec<String> = archive
            .attachments
            .iter()
            .map(|a| fs::read_to_string(&a.body).unwrap())
            .collect();
        assert_eq!(bodies, ["first", "second"]);
        assert_eq!(
            dir.names(),
            [
                "_.attachments_0_.body",
                "_.attachments_1_.body",
                "_.readme",
                "__\"logo.png\"_",
            ],
            "{schedule:?}"
        );
    }
}

#[test]
fn file_sinks_leave_no_file_on_error() {
    let dir = TempDir::new("partial");
    // The second attachment's string never ends.
    let json = br#"{"title": "t", "readme": "r", "logo.png": "", "attachments": [{"body": "first"}, {"body": "seco"#;
    let mut opened = Vec::new();
    let mut files = FileSinks::new(dir.path());
    let err = Loader::new()
        .sinks(|field: &BlobField<'_>| {
            let name = format!("{}-{}", field.name(), opened.len());
            opened.push(name.clone());
            files.sink(&name)
        })
        .load_slice::<Archive>(json)
        .unwrap_err();
    assert_eq!(err.category(), Category::Eof);
    assert_eq!(err.path(), "$.attachments[1].body");
    assert_eq!(opened, ["readme-0", "logo.png-1", "body-2", "body-3"]);
    // The unfinished file is gone, partial name included, and the finished ones are rolled
    // back: the document failed.
    assert!(dir.names().is_empty(), "{:?}", dir.names());

    // A sink error half way: the same.
    let dir = TempDir::new("partial-base64");
    let json = br#"{"title": "t", "readme": "r", "logo.png": "AA!A", "attachments": []}"#;
    let mut files = FileSinks::new(dir.path());
    let err = Loader::new()
        .sinks(|field: &BlobField<'_>| files.sink(field.name()))
        .load_slice::<Archive>(json)
        .unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!(err.path(), "$[\"logo.png\"]");
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

#[test]
fn file_sink_names_must_be_plain_file_names() {
    #[derive(Load, Debug)]
    struct Escape {
        #[jsonstream(blob, rename = "../escape")]
        #[allow(dead_code)]
        data: PathBuf,
    }
    let dir = TempDir::new("escape");
    let err = Loader::new()
        .sinks(|field: &BlobField<'_>| FileSink::in_dir(dir.path(), field.name()))
        .load_slice::<Escape>(br#"{"../escape": "x"}"#)
        .unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "`../escape` is not a plain file name at line 1 column 14, path $[\"../escape\"]"
    );
    assert!(dir.names().is_empty());
}

#[test]
fn a_path_blob_without_a_factory_names_the_field() {
    let json = br#"{"title": "t", "readme": "r", "logo.png": "", "attachments": []}"#;
    let err = jsonstream::load_slice::<Archive>(json).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "the blob field `readme` is loaded into a file, but the loader has no sink factory \
         for `PathBuf` to say where (Loader::sinks) at line 1 column 25, path $.readme"
    );
    // The message names the field as it is in the document.
    let json = br#"{"title": "t", "logo.png": "", "readme": "r", "attachments": []}"#;
    let err = jsonstream::load_slice::<Archive>(json).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the blob field `logo.png` is loaded into a file"),
        "{err}"
    );
    assert_eq!(err.path(), "$[\"logo.png\"]");
}
