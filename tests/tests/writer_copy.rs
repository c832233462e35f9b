//! `JsonWriter::copy_value`: a document copied token by token is, byte for byte, what
//! serde_json writes (compact and pretty) for the same value with members in document order;
//! the same whatever the reads and the window; errors located as the reader's; deep
//! documents without recursion. (Its memory bound is in `writer_memory.rs`.)

use jsonstream::{Category, JsonReader, JsonWriter, LimitKind, ReaderOptions};
use jsonstream_tests::ordered::OrderedValue;
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::suite::suite_files;
use jsonstream_tests::window::{options, windows};

/// `(compact, pretty)` copies of the document `json`, read through `options` and `schedule`.
fn copies(
    json: &[u8],
    options: &ReaderOptions,
    schedule: &Schedule,
) -> jsonstream::Result<(Vec<u8>, Vec<u8>)> {
    let mut reader = options.reader(schedule.reader(json));
    let mut compact = JsonWriter::new(Vec::new());
    compact.copy_value(&mut reader)?;
    reader.finish()?;
    let mut reader = options.reader(schedule.reader(json));
    let mut pretty = JsonWriter::pretty(Vec::new());
    pretty.copy_value(&mut reader)?;
    reader.finish()?;
    Ok((compact.finish()?, pretty.finish()?))
}

/// serde_json's `(to_vec, to_vec_pretty)` of the document, or `None` if it refuses it.
fn serde_json_writes(json: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let value: OrderedValue = serde_json::from_slice(json).ok()?;
    Some((
        serde_json::to_vec(&value).unwrap(),
        serde_json::to_vec_pretty(&value).unwrap(),
    ))
}

fn bench_document(name: &str) -> Vec<u8> {
    let path = format!("{}/data/bench-data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn documents_come_out_as_serde_json_writes_them() {
    let mut compared = 0;
    let mut documents = suite_files("y_");
    documents.extend(suite_files("i_"));
    for name in ["twitter.json", "citm_catalog.json", "canada.json"] {
        documents.push((name.to_string(), bench_document(name)));
    }
    documents.push((
        "numbers".into(),
        br#"[0, -0, 1e2, -1E-2, 1.5, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 1e-400, 123.456e-7]"#.to_vec(),
    ));
    documents.push((
        "order and duplicates".into(),
        br#"{"b": 1, "a": {"z": [], "y": {}}, "b": "\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t\u0001"}"#
            .to_vec(),
    ));
    for (name, json) in documents {
        let ours = copies(&json, &ReaderOptions::new(), &Schedule::Whole);
        match (ours, serde_json_writes(&json)) {
            (Ok(ours), Some(theirs)) => {
                assert_eq!(
                    String::from_utf8_lossy(&ours.0),
                    String::from_utf8_lossy(&theirs.0),
                    "{name} compact"
                );
                assert_eq!(
                    String::from_utf8_lossy(&ours.1),
                    String::from_utf8_lossy(&theirs.1),
                    "{name} pretty"
                );
                compared += 1;
            }
            // Refused by both (an `i_` file: a number out of range, invalid UTF-8…).
            (Err(_), None) => assert!(name.starts_with("i_"), "{name}"),
            (ours, theirs) => panic!(
                "{name}: ours {:?}, serde_json's {:?}",
                ours.map(drop),
                theirs.map(drop)
            ),
        }
    }
    assert!(compared > 100, "{compared} documents compared");
}

#[test]
fn the_copy_is_the_same_whatever_the_reads_and_the_window() {
    let json = bench_document("twitter.json");
    let want = copies(&json, &ReaderOptions::new(), &Schedule::Whole).unwrap();
    for schedule in Schedule::fixed() {
        assert_eq!(
            copies(&json, &ReaderOptions::new(), &schedule).unwrap(),
            want,
            "{schedule:?}"
        );
    }
    let small = br#"{"k\u00e9y": ["a\nb", 1.25e3, -7, true, null, {"x": "\ud83d\ude00"}]}"#;
    let want = copies(small, &ReaderOptions::new(), &Schedule::Whole).unwrap();
    for w in windows() {
        for schedule in Schedule::fixed() {
            assert_eq!(
                copies(small, &options(w), &schedule).unwrap(),
                want,
                "{w:?} {schedule:?}"
            );
        }
    }
}

#[test]
fn a_value_inside_a_document_is_copied_and_the_reader_goes_on() {
    let mut reader =
        JsonReader::from_str(r#"{"skip": [1, 2], "keep": {"a": [1e0, "s"]}, "after": 3}"#);
    let mut writer = JsonWriter::new(Vec::new());
    writer.begin_array().unwrap();
    reader.begin_object().unwrap();
    while reader.has_next().unwrap() {
        if reader.next_key().unwrap() == "keep" {
            writer.copy_value(&mut reader).unwrap();
        } else {
            reader.skip_value().unwrap();
        }
    }
    reader.end_object().unwrap();
    reader.finish().unwrap();
    writer.end_array().unwrap();
    assert_eq!(writer.finish().unwrap(), br#"[{"a":[1.0,"s"]}]"#);
}

#[test]
fn errors_are_located_and_leave_the_output_incomplete() {
    for (json, category, line, column, path) in [
        (&b"{\"a\": [1, 2,]}"[..], Category::Syntax, 1, 13, "$.a[2]"),
        (b"{\"a\":\n \"x\\q\"}", Category::Syntax, 2, 5, "$.a"),
        (b"[1e400]", Category::Data, 1, 6, "$[0]"),
        (b"[\"abc", Category::Eof, 1, 5, "$[0]"),
    ] {
        let mut reader = JsonReader::new(json);
        let mut writer = JsonWriter::new(Vec::new());
        let err = writer.copy_value(&mut reader).unwrap_err();
        let text = String::from_utf8_lossy(json);
        assert_eq!(err.category(), category, "{text}: {err}");
        assert_eq!(
            (err.line(), err.column(), err.path()),
            (line, column, path),
            "{text}: {err}"
        );
        assert!(writer.finish().is_err(), "{text}");
    }
    // The reader's limits hold; nesting is not recursion, so a deep document is copied.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut writer = JsonWriter::new(Vec::new());
    let err = writer
        .copy_value(&mut JsonReader::from_str(&deep))
        .unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::Depth));
    let unlimited = ReaderOptions::new().limits(jsonstream::Limits {
        max_depth: usize::MAX,
        ..Default::default()
    });
    let mut writer = JsonWriter::new(Vec::new());
    writer
        .copy_value(&mut unlimited.slice_reader(deep.as_bytes()))
        .unwrap();
    assert_eq!(writer.finish().unwrap(), deep.as_bytes());
}
