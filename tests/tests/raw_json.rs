//! `RawJson`, and serde_json's `RawValue` read and written by jsonstream (feature
//! `serde_json`): the same accepted text, the same `get()` strings and the same output bytes as
//! serde_json, on slices, readers of every window and one-byte readers with `Interrupted`
//! errors; `JsonReader::raw_value`; limits; the PBJSON side.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};

use jsonstream::{pbjson, Category, JsonReader, JsonWriter, LimitKind, Limits, RawJson};
use jsonstream_tests::readers::{FailingReader, InterruptedReader, OneByteReader, Schedule};
use jsonstream_tests::strategies::{arb_doc, arb_input, arb_style, config};
use jsonstream_tests::suite::suite_files;
use jsonstream_tests::window::{options, windows};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Documents with raw values of every kind, whitespace inside and around, escapes, numbers
/// serde_json would rewrite (`1.0e1`, `-0`, a 30-digit integer).
const DOCS: &[&str] = &[
    "null",
    " true ",
    "false",
    "0",
    "-0",
    "1.0e1",
    "123456789012345678901234567890",
    "\"\"",
    r#""a \"quoted\" \u00e9 \ud83d\ude00 é😀 \n""#,
    "[]",
    "{}",
    "\n\t[ 1 , [ 2 ,[] ] ,{ } ]\r\n",
    r#"{"a" : 1, "b":[true,false,null], "c" :{"d": "x\/y"}}"#,
    r#"[{"id": 1, "name": "rec", "flags": [true, false, null], "score": 0.50}]"#,
];

/// What serde_json answers for `bytes` read as a whole `&RawValue`: the text, or an error.
fn serde_json_raw(bytes: &[u8]) -> Result<String, String> {
    serde_json::from_slice::<&RawValue>(bytes)
        .map(|raw| raw.get().to_owned())
        .map_err(|e| e.to_string())
}

/// jsonstream's answers for `bytes` read as a whole raw value, by every path: `&RawJson` and
/// `Box<RawJson>` from the slice, `Box<RawJson>` from readers of every window and schedule,
/// and serde_json's `&RawValue` and `Box<RawValue>` the same ways. `(path, text or error)`.
fn jsonstream_raw(bytes: &[u8]) -> Vec<(String, Result<String, jsonstream::Error>)> {
    let mut answers = vec![
        (
            "&RawJson from_slice".to_owned(),
            jsonstream::from_slice::<&RawJson>(bytes).map(|r| r.get().to_owned()),
        ),
        (
            "Box<RawJson> from_slice".to_owned(),
            jsonstream::from_slice::<Box<RawJson>>(bytes).map(|r| r.get().to_owned()),
        ),
        (
            "&RawValue from_slice".to_owned(),
            jsonstream::from_slice::<&RawValue>(bytes).map(|r| r.get().to_owned()),
        ),
    ];
    for window in windows() {
        for schedule in Schedule::fixed() {
            let how = format!("from_reader, window {window:?}, {schedule:?}");
            let boxed: jsonstream::Result<Box<RawJson>> =
                options(window).from_reader(schedule.reader(bytes));
            answers.push((
                format!("Box<RawJson> {how}"),
                boxed.map(|r| r.get().to_owned()),
            ));
            let boxed: jsonstream::Result<Box<RawValue>> =
                options(window).from_reader(schedule.reader(bytes));
            answers.push((
                format!("Box<RawValue> {how}"),
                boxed.map(|r| r.get().to_owned()),
            ));
        }
    }
    answers
}

/// jsonstream accepts what serde_json accepts, and gives the same text, on every path.
///
/// What jsonstream accepts is what serde_json accepts as a `Value`, but for numbers out of the
/// `f64` range, which neither converts: serde_json checks the text of a `RawValue` less (a lone
/// surrogate escape passes, as in what `IgnoredAny` skips; see
/// [`serde_json_keeps_what_it_would_not_parse`]), jsonstream checks it as every value.
fn same_raw_text_as_serde_json(bytes: &[u8]) -> Result<(), TestCaseError> {
    let expected = serde_json_raw(bytes).and_then(|text| strict_but_range(bytes).map(|()| text));
    for (how, got) in jsonstream_raw(bytes) {
        match (&got, &expected) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a, b, "{} of {:?}", how, String::from_utf8_lossy(bytes))
            }
            (Err(_), Err(_)) => {}
            _ => prop_assert!(
                false,
                "{how} of {:?}: jsonstream {got:?}, serde_json {expected:?}",
                String::from_utf8_lossy(bytes)
            ),
        }
    }
    Ok(())
}

/// serde_json's verdict on `bytes` as a `Value`, numbers out of the `f64` range aside: each
/// one it stops at is blanked out (`0` and spaces, so that the offsets stay) and the document
/// read again, so that an error after such a number (a lone surrogate escape) is still found.
fn strict_but_range(bytes: &[u8]) -> Result<(), String> {
    let mut bytes = bytes.to_vec();
    loop {
        let err = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(_) => return Ok(()),
            Err(err) => err,
        };
        if !err.to_string().starts_with("number out of range") {
            return Err(err.to_string());
        }
        // The error is just after the number, at a one-based column of bytes.
        let line_start = match err.line() {
            1 => 0,
            line => {
                let mut newlines = bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n');
                newlines.nth(line - 2).map_or(bytes.len(), |(i, _)| i + 1)
            }
        };
        let in_number = |b: &u8| b.is_ascii_digit() || b"+-.eE".contains(b);
        let at = (line_start + err.column()).min(bytes.len());
        let before = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| in_number(b))
            .count();
        let start = at - before;
        let end = start + bytes[start..].iter().take_while(|b| in_number(b)).count();
        if bytes[start..end] == *b"0" || start == end {
            return Err(err.to_string());
        }
        bytes[start] = b'0';
        bytes[start + 1..end].fill(b' ');
    }
}

/// A number out of range does not hide what serde_json refuses after it (an input that the
/// edits of `edited_input_gives_serde_json_answers` once made).
#[test]
fn a_lone_surrogate_after_a_number_out_of_range_is_refused() {
    let doc = r#"[null , {"a" :10e+308,"a\uDC00b" : 1,"": null },null]"#;
    assert!(strict_but_range(doc.as_bytes()).is_err());
    same_raw_text_as_serde_json(doc.as_bytes()).unwrap();
    let fine = r#"[1e999, {"a": -2e400}, "\uD83D\uDE00"]"#;
    assert_eq!(strict_but_range(fine.as_bytes()), Ok(()));
    same_raw_text_as_serde_json(fine.as_bytes()).unwrap();
}

#[test]
fn whole_documents_give_serde_json_text() {
    for doc in DOCS {
        same_raw_text_as_serde_json(doc.as_bytes()).unwrap();
        assert_eq!(serde_json_raw(doc.as_bytes()).unwrap(), doc.trim());
    }
}

/// Every JSONTestSuite document serde_json accepts gives the same raw text on every path, and
/// every one it rejects is rejected.
#[test]
fn test_suite_files_give_serde_json_answers() {
    for prefix in ["y_", "n_"] {
        for (name, bytes) in suite_files(prefix) {
            same_raw_text_as_serde_json(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn styled_documents_give_serde_json_text(doc in arb_doc(), style in arb_style()) {
        same_raw_text_as_serde_json(&doc.write(&style))?;
    }

    /// Damaged documents: the same accepted text, errors for the rest.
    #[test]
    fn edited_input_gives_serde_json_answers(input in arb_input()) {
        same_raw_text_as_serde_json(&input)?;
    }
}

/// Raw values in every place a type can hold them.
#[derive(Debug, Deserialize, Serialize)]
struct Holder<R> {
    id: u32,
    payload: R,
    maybe: Option<R>,
    absent: Option<R>,
    list: Vec<R>,
    map: BTreeMap<String, R>,
}

/// `Holder` as text, around the raw value `doc` (trimmed of its whitespace by the caller's
/// expectations, not here).
fn holder_text(doc: &str) -> String {
    format!(
        r#"{{"id": 7, "payload": {doc}, "maybe":{doc},"absent": null, "list": [{doc}, {doc} ], "map": {{"k": {doc}}}}}"#
    )
}

/// The texts of the raw values of a `Holder` (`maybe` is `None` for `null`).
fn texts<R: std::ops::Deref<Target = T>, T: ?Sized>(
    h: &Holder<R>,
    get: fn(&T) -> &str,
) -> Vec<String> {
    let mut all = vec![get(&h.payload).to_owned()];
    all.extend(h.maybe.iter().map(|r| get(r).to_owned()));
    all.extend(h.list.iter().map(|r| get(r).to_owned()));
    all.extend(h.map.values().map(|r| get(r).to_owned()));
    assert!(h.absent.is_none());
    all
}

#[test]
fn raw_values_inside_types_on_every_path() {
    for doc in DOCS {
        let text = holder_text(doc);
        let bytes = text.as_bytes();
        let expected: Holder<&RawValue> = serde_json::from_str(&text).unwrap();
        let expected = texts(&expected, RawValue::get);
        let count = if doc.trim() == "null" { 4 } else { 5 };
        assert_eq!(expected, vec![doc.trim(); count]);

        let borrowed: Holder<&RawJson> = jsonstream::from_slice(bytes).unwrap();
        assert_eq!(texts(&borrowed, RawJson::get), expected);
        let theirs: Holder<&RawValue> = jsonstream::from_slice(bytes).unwrap();
        assert_eq!(texts(&theirs, RawValue::get), expected);
        for window in windows() {
            for schedule in Schedule::fixed() {
                let boxed: Holder<Box<RawJson>> =
                    options(window).from_reader(schedule.reader(bytes)).unwrap();
                assert_eq!(
                    texts(&boxed, RawJson::get),
                    expected,
                    "{window:?} {schedule:?}"
                );
                let theirs: Holder<Box<RawValue>> =
                    options(window).from_reader(schedule.reader(bytes)).unwrap();
                assert_eq!(texts(&theirs, RawValue::get), expected);
            }
        }
        // A map of raw values, and a raw value that is the whole map.
        let map: HashMap<String, Box<RawJson>> = jsonstream::from_slice(bytes).unwrap();
        assert_eq!(map["payload"].get(), doc.trim());
        assert_eq!(map["absent"].get(), "null");
        let whole: Box<RawJson> = jsonstream::from_reader(OneByteReader::new(bytes)).unwrap();
        assert_eq!(whole.get(), text);
    }
}

/// Writing: `to_vec`, `to_string`, `to_string_pretty`, `dump` and `JsonWriter` write raw
/// values as serde_json writes its `RawValue`: the text as it is, also when pretty printing.
#[test]
fn output_bytes_are_serde_json_bytes() {
    for doc in DOCS {
        let text = holder_text(doc);
        let theirs: Holder<&RawValue> = serde_json::from_str(&text).unwrap();
        let ours: Holder<&RawJson> = jsonstream::from_str(&text).unwrap();

        let compact = serde_json::to_vec(&theirs).unwrap();
        let pretty = serde_json::to_string_pretty(&theirs).unwrap();
        assert!(compact
            .windows(doc.trim().len())
            .any(|w| w == doc.trim().as_bytes()));
        for (what, got) in [
            ("RawJson", jsonstream::to_vec(&ours).unwrap()),
            ("RawValue", jsonstream::to_vec(&theirs).unwrap()),
        ] {
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(compact.clone()).unwrap(),
                "{what}"
            );
        }
        assert_eq!(jsonstream::to_string(&ours).unwrap().as_bytes(), compact);
        assert_eq!(jsonstream::to_string_pretty(&ours).unwrap(), pretty);
        assert_eq!(jsonstream::to_string_pretty(&theirs).unwrap(), pretty);
        let mut dumped = Vec::new();
        jsonstream::dump(&ours, &mut dumped).unwrap();
        assert_eq!(dumped, compact);
        let mut dumped = Vec::new();
        jsonstream::dump_pretty(&theirs, &mut dumped).unwrap();
        assert_eq!(dumped, pretty.as_bytes());

        // The push writer, with its own raw_value and through `value`.
        for pretty_writer in [false, true] {
            let mut expected = Vec::new();
            let raw = RawValue::from_string(doc.to_string()).unwrap();
            let list = [&raw, &raw];
            if pretty_writer {
                serde_json::to_writer_pretty(&mut expected, &(&raw, list)).unwrap();
            } else {
                serde_json::to_writer(&mut expected, &(&raw, list)).unwrap();
            }
            let kept = RawJson::from_string(doc.to_string()).unwrap();
            let out = if pretty_writer {
                write_with(JsonWriter::pretty(Vec::new()), &kept, &raw)
            } else {
                write_with(JsonWriter::new(Vec::new()), &kept, &raw)
            };
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}

/// `[raw, [raw, raw]]` through a push writer: `raw_value`, `value` of a `RawJson`, and `value`
/// of serde_json's `RawValue`.
fn write_with<F: jsonstream::Formatter>(
    mut writer: JsonWriter<Vec<u8>, F>,
    ours: &RawJson,
    theirs: &RawValue,
) -> Vec<u8> {
    writer.begin_array().unwrap();
    writer.raw_value(ours).unwrap();
    writer.begin_array().unwrap();
    writer.value(ours).unwrap();
    writer.value(theirs).unwrap();
    writer.end_array().unwrap();
    writer.end_array().unwrap();
    writer.finish().unwrap()
}

#[test]
fn the_push_writer_checks_where_a_raw_value_goes() {
    let raw = RawJson::from_string("[1]".to_owned()).unwrap();
    let mut writer = JsonWriter::new(Vec::new());
    writer.begin_object().unwrap();
    let err = writer.raw_value(&raw).unwrap_err();
    assert_eq!(err.to_string(), "expected a key or `}`, found a value");
    writer.key("a").unwrap();
    writer.raw_value(&raw).unwrap();
    writer.end_object().unwrap();
    assert_eq!(writer.finish().unwrap(), br#"{"a":[1]}"#);
}

#[test]
fn from_string_keeps_the_value_without_whitespace_as_serde_json() {
    for doc in DOCS
        .iter()
        .copied()
        .chain([" [1] ", "[1,]", "1 2", "", "nul", "\"\u{1}\""])
    {
        let ours = RawJson::from_string(doc.to_owned()).map(|r| r.get().to_owned());
        let theirs = RawValue::from_string(doc.to_owned()).map(|r| r.get().to_owned());
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            _ => panic!("{doc:?}: jsonstream {ours:?}, serde_json {theirs:?}"),
        }
    }
    let raw = RawJson::from_string("[1, 2]".to_owned()).unwrap();
    assert_eq!(raw.to_string(), "[1, 2]");
    assert_eq!(format!("{raw:?}"), "RawJson([1, 2])");
    assert_eq!(raw.clone().get(), "[1, 2]");
    assert_eq!(&*Box::<str>::from(raw), "[1, 2]");
}

/// A `&RawJson` borrows from input in memory: from a reader, the error names `Box<RawJson>`;
/// serde_json's `&RawValue` from a reader fails with serde_json's own message.
#[test]
fn a_borrowed_raw_value_from_a_reader_is_an_error() {
    let input = &b"[1, [2,  3]]"[..];
    let mut reader = jsonstream::ReaderOptions::new().reader(input);
    let err = reader.deserialize_next::<(u8, &RawJson)>().unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.to_string(),
        "a &RawJson borrows JSON text from input in memory (from_slice, from_str); read a \
         Box<RawJson> here at line 1 column 11, path $[1]"
    );

    let mut reader = jsonstream::ReaderOptions::new().reader(input);
    let err = reader.deserialize_next::<(u8, &RawValue)>().unwrap_err();
    let mut de = serde_json::Deserializer::from_reader(input);
    let expected = <(u8, &RawValue)>::deserialize(&mut de).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert!(expected.is_data());
    let message =
        |e: &dyn std::fmt::Display| e.to_string().split(" at line").next().unwrap().to_owned();
    assert_eq!(message(&err), message(&expected));
    assert_eq!(
        message(&err),
        "invalid type: string \"[2,  3]\", expected raw value"
    );
}

/// The elements of `stream` and `stream_values` as raw values, from readers of every window
/// and schedule, as serde_json's `StreamDeserializer` and `from_slice` give them.
#[test]
fn streams_of_raw_values() {
    let docs: Vec<&str> = DOCS.iter().map(|d| d.trim()).collect();
    let array = format!("[{}]", DOCS.join(","));
    let expected: Vec<Box<RawValue>> = serde_json::from_str(&array).unwrap();
    let expected: Vec<&str> = expected.iter().map(|r| r.get()).collect();
    assert_eq!(expected, docs);
    let lines = DOCS.iter().map(|d| d.trim()).collect::<Vec<_>>().join("\n");
    let expected_lines: Vec<String> = serde_json::Deserializer::from_str(&lines)
        .into_iter::<Box<RawValue>>()
        .map(|r| r.unwrap().get().to_owned())
        .collect();
    assert_eq!(expected_lines, docs);
    for window in windows() {
        for schedule in Schedule::fixed() {
            let got: Vec<Box<RawJson>> = options(window)
                .stream(schedule.reader(array.as_bytes()))
                .collect::<jsonstream::Result<_>>()
                .unwrap();
            let got: Vec<&str> = got.iter().map(|r| r.get()).collect();
            assert_eq!(got, expected, "{window:?} {schedule:?}");
            let got: Vec<Box<RawValue>> = options(window)
                .stream_values(schedule.reader(lines.as_bytes()))
                .collect::<jsonstream::Result<_>>()
                .unwrap();
            let got: Vec<&str> = got.iter().map(|r| r.get()).collect();
            assert_eq!(got, expected_lines, "{window:?} {schedule:?}");
        }
    }
}

/// `raw_value` copies the text `get()` gives, from every path, and leaves the reader after
/// the value.
#[test]
fn raw_value_copies_the_text_on_every_path() {
    for doc in DOCS {
        let text = format!("{{\"skip\": [1], \"raw\" :{doc} , \"after\": true}}");
        let bytes = text.as_bytes();
        check_raw_value(JsonReader::from_slice(bytes), doc, "slice reader");
        for window in windows() {
            for schedule in Schedule::fixed() {
                let how = format!("{window:?} {schedule:?}");
                check_raw_value(options(window).reader(schedule.reader(bytes)), doc, &how);
            }
        }
    }
}

/// Reads `{"skip": [1], "raw": doc, "after": true}` with `raw_value` for `raw`.
fn check_raw_value<'de, S: jsonstream::read::Read<'de>>(
    mut reader: JsonReader<S>,
    doc: &str,
    how: &str,
) {
    reader.begin_object().unwrap();
    assert_eq!(reader.next_key().unwrap(), "skip");
    reader.skip_value().unwrap();
    assert_eq!(reader.next_key().unwrap(), "raw");
    let mut out = Vec::new();
    let len = reader.raw_value(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), doc.trim(), "{how}");
    assert_eq!(len, doc.trim().len() as u64);
    assert_eq!(reader.next_key().unwrap(), "after");
    assert!(reader.next_bool().unwrap());
    reader.end_object().unwrap();
    reader.finish().unwrap();
}

/// Errors in a raw value are the errors `skip_value` gives, at the same place; part of the
/// value may have been written by then when reading an `io::Read`.
#[test]
fn raw_value_errors_are_skip_value_errors() {
    for bad in [
        "[1, 2,]",
        "{\"a\" 1}",
        "[\"\\x\"]",
        "[1 2]",
        "tru",
        "[01]",
        "\"\u{1}\"",
    ] {
        let skipped = JsonReader::from_slice(bad.as_bytes())
            .skip_value()
            .unwrap_err();
        let copied = JsonReader::from_slice(bad.as_bytes())
            .raw_value(io::sink())
            .map(|_| ());
        let mut reader =
            options(Some(4)).reader(InterruptedReader::new(OneByteReader::new(bad.as_bytes())));
        let tapped = reader.raw_value(io::sink()).map(|_| ());
        for got in [copied.expect_err(bad), tapped.expect_err(bad)] {
            assert_eq!(got.to_string(), skipped.to_string(), "{bad}");
            assert_eq!(got.offset(), skipped.offset());
        }
    }
    // A writer that fails: an I/O error at the place it failed.
    struct Broken;
    impl io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("full (test)"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let long = format!("[{}]", "1,".repeat(100) + "1");
    let err = options(Some(16))
        .reader(long.as_bytes())
        .raw_value(Broken)
        .unwrap_err();
    assert!(err.is_io(), "{err}");
    assert_eq!(err.io_error().unwrap().to_string(), "full (test)");
    let err = JsonReader::from_slice(long.as_bytes())
        .raw_value(Broken)
        .unwrap_err();
    assert!(err.is_io());
    // A reader that fails.
    let err = options(Some(8))
        .reader(FailingReader::new(long.as_bytes(), 20))
        .raw_value(io::sink())
        .unwrap_err();
    assert!(err.is_io());
}

/// Depth and document size bound raw values too, on every path.
#[test]
fn limits_hold_for_raw_values() {
    let deep = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    let small = Limits {
        max_document_len: Some(10),
        ..Limits::default()
    };
    for (limits, text, kind) in [
        (deep, "[[[1]]]", LimitKind::Depth),
        (deep, "{\"a\": {\"b\": [1]}}", LimitKind::Depth),
        (small, "[1, 2, 3, 4, 5]", LimitKind::DocumentLength),
        (small, "\"0123456789\"", LimitKind::DocumentLength),
    ] {
        let opts = jsonstream::ReaderOptions::new().limits(limits);
        let mut errors = vec![
            opts.from_slice::<&RawJson>(text.as_bytes()).unwrap_err(),
            opts.slice_reader(text.as_bytes())
                .raw_value(io::sink())
                .unwrap_err(),
        ];
        for schedule in Schedule::fixed() {
            let boxed: jsonstream::Result<Box<RawJson>> = opts
                .clone()
                .window_size(4)
                .from_reader(schedule.reader(text.as_bytes()));
            errors.push(boxed.unwrap_err());
            errors.push(
                opts.clone()
                    .window_size(4)
                    .reader(schedule.reader(text.as_bytes()))
                    .raw_value(io::sink())
                    .unwrap_err(),
            );
        }
        for err in errors {
            assert_eq!(err.limit(), Some(kind), "{text}: {err}");
        }
        // Within the limits, the same text is read.
        let relaxed: &RawJson = jsonstream::from_str(text).unwrap();
        assert_eq!(relaxed.get(), text);
    }
}

/// PBJSON: a raw value is written as the value its text holds (the bytes `json_to_pbjson`
/// writes for it), and read back as JSON text, as `pbjson_to_json` writes it.
#[test]
fn pbjson_transcodes_raw_values() {
    for doc in DOCS {
        let raw = RawJson::from_string(doc.to_string()).unwrap();
        let mut converted = Vec::new();
        pbjson::json_to_pbjson(doc.as_bytes(), &mut converted).unwrap();
        assert_eq!(pbjson::to_vec(&raw).unwrap(), converted, "{doc}");
        let theirs = RawValue::from_string(doc.to_string()).unwrap();
        assert_eq!(pbjson::to_vec(&theirs).unwrap(), converted, "{doc}");

        let text = holder_text(doc);
        let holder: Holder<&RawJson> = jsonstream::from_str(&text).unwrap();
        let bytes = pbjson::to_vec(&holder).unwrap();
        let value: serde_json::Value = pbjson::from_slice(&bytes).unwrap();
        let converted_value: serde_json::Value = pbjson::from_slice(&converted).unwrap();
        for got in [&value["payload"], &value["list"][0], &value["map"]["k"]] {
            assert_eq!(got, &converted_value, "{doc}");
        }
        assert_eq!(value["id"], 7);

        let mut json = Vec::new();
        pbjson::pbjson_to_json(&converted[..], &mut json).unwrap();
        let json = String::from_utf8(json).unwrap();
        let back: Holder<Box<RawJson>> = pbjson::from_slice(&bytes).unwrap();
        assert_eq!(back.payload.get(), json);
        assert_eq!(back.list[1].get(), json);
        let back: Holder<Box<RawValue>> =
            pbjson::from_reader(OneByteReader::new(&bytes[..])).unwrap();
        assert_eq!(back.map["k"].get(), json);
    }
    // What PBJSON cannot give: borrowed text, and a NaN as JSON.
    let bytes = pbjson::to_vec(&(1, [2])).unwrap();
    let err = pbjson::from_slice::<(u8, &RawJson)>(&bytes).unwrap_err();
    assert!(
        err.to_string().starts_with("a &RawJson borrows JSON text"),
        "{err}"
    );
    let bytes = pbjson::to_vec(&(1, f64::NAN)).unwrap();
    let err = pbjson::from_slice::<(u8, Box<RawJson>)>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "infinity or NaN, which JSON cannot hold at byte 3, path $[1]"
    );
}

/// serde_json writes a `RawJson` as what other serializers see: a newtype around its text.
#[test]
fn other_serializers_see_a_string() {
    let raw = RawJson::from_string("[1, 2]".to_owned()).unwrap();
    assert_eq!(serde_json::to_string(&raw).unwrap(), r#""[1, 2]""#);
    let err = serde_json::from_str::<Box<RawJson>>("[1, 2]").unwrap_err();
    assert!(
        err.to_string().starts_with("invalid type: newtype struct"),
        "{err}"
    );
}

/// A reader never sees more than its window of a raw value's text at a time, even when the
/// value's whitespace, strings and numbers cross refills: the text arrives in the writer in
/// pieces no larger than the window.
#[test]
fn raw_value_writes_in_window_sized_pieces() {
    struct Pieces(Vec<usize>, Vec<u8>);
    impl io::Write for Pieces {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.len());
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let text = format!(
        "[1{}, \"{}\", {}1]",
        " ".repeat(5000),
        "é".repeat(3000),
        "\n".repeat(3000)
    );
    let mut pieces = Pieces(Vec::new(), Vec::new());
    let mut reader = options(Some(64)).reader(text.as_bytes().chain(&b" "[..]));
    reader.raw_value(&mut pieces).unwrap();
    reader.finish().unwrap();
    assert_eq!(pieces.1, text.as_bytes());
    assert!(pieces.0.len() > 100);
    assert!(pieces.0.iter().all(|&n| n <= 64), "{:?}", pieces.0);
}

/// serde_json keeps as a `RawValue` text that it would not parse: a lone surrogate escape, and
/// nesting past its depth limit. jsonstream checks a raw value as every value (README,
/// "Decisions"), so these are errors here.
#[test]
fn serde_json_keeps_what_it_would_not_parse() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for text in [r#"["\udc00"]"#, r#"{"\ud800": 1}"#, deep.as_str()] {
        assert_eq!(serde_json::from_str::<&RawValue>(text).unwrap().get(), text);
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
        let err = jsonstream::from_str::<&RawJson>(text).unwrap_err();
        let err_reader =
            jsonstream::from_reader::<_, Box<RawValue>>(OneByteReader::new(text.as_bytes()))
                .unwrap_err();
        assert_eq!(err.to_string(), err_reader.to_string());
        assert!(
            err.is_syntax() || err.limit() == Some(LimitKind::Depth),
            "{err}"
        );
    }
}

/// Derived `Dump` and `Load` types hold raw values through serde: written as they are, read
/// from slices (borrowed or boxed) and readers (boxed).
#[test]
fn derived_types_hold_raw_values() {
    use jsonstream::{Dump, Load};

    #[derive(Dump, Load)]
    struct Envelope {
        kind: String,
        body: Box<RawJson>,
        extra: Option<Box<RawJson>>,
        #[jsonstream(seq)]
        parts: Vec<Box<RawJson>>,
    }

    let text = r#"{"kind": "k", "body": {"a" : [1, 2.50]}, "extra": null, "parts": [ 1 ,"x" ]}"#;
    let loaded: Envelope = jsonstream::load_slice(text.as_bytes()).unwrap();
    let from_reader: Envelope =
        jsonstream::load(InterruptedReader::new(OneByteReader::new(text.as_bytes()))).unwrap();
    for envelope in [&loaded, &from_reader] {
        assert_eq!(envelope.kind, "k");
        assert_eq!(envelope.body.get(), r#"{"a" : [1, 2.50]}"#);
        assert!(envelope.extra.is_none());
        let parts: Vec<&str> = envelope.parts.iter().map(|p| p.get()).collect();
        assert_eq!(parts, ["1", "\"x\""]);
    }
    let mut out = Vec::new();
    jsonstream::dump(loaded, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"kind":"k","body":{"a" : [1, 2.50]},"extra":null,"parts":[1,"x"]}"#
    );
}
