//! Streams of `#[derive(Load)]` records (`Loader::stream`, `stream_at`, `stream_values`) and
//! collection writers of `Dump` items: each record loaded with its blobs in the sinks of the
//! loader's factories and its seqs in their collections, with the same items, errors and
//! fusing as the serde streams of the same records with `String` fields, on a slice, an
//! `io::Read`, a one-byte reader with `Interrupted` errors and small windows; what the
//! collection writers write for derived values is what serde_json writes for the same records.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use jsonstream::blob::BlobField;
use jsonstream::{ArrayWriter, Category, Dump, LinesWriter, Load, Loader, ObjectWriter};
use jsonstream_tests::readers::{InterruptedReader, OneByteReader, ShortReader};
use jsonstream_tests::reference::{base64_decode, base64_encode};
use jsonstream_tests::snapshot::{drain, ErrInfo};
use jsonstream_tests::window::options;
use serde::{Deserialize, Serialize};

/// An upload as written: blobs from any `io::Read`, tags from any iterator.
#[derive(Dump)]
struct NewUpload<T, D, G> {
    id: u64,
    name: String,
    #[jsonstream(blob)]
    text: T,
    #[jsonstream(blob = "base64")]
    data: D,
    #[jsonstream(seq)]
    tags: G,
}

/// An upload as loaded: blobs into sinks, tags into a collection.
#[derive(Load, Debug, PartialEq, Clone)]
struct Upload {
    id: u64,
    name: String,
    #[jsonstream(blob)]
    text: Vec<u8>,
    #[jsonstream(blob = "base64")]
    data: Vec<u8>,
    #[jsonstream(seq)]
    tags: Vec<String>,
}

/// The same records for serde: every blob an ordinary `String`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct SerdeUpload {
    id: u64,
    name: String,
    text: String,
    data: String,
    tags: Vec<String>,
}

impl SerdeUpload {
    /// What `Upload` loads from this record: the text's bytes, the data decoded.
    fn loaded(&self) -> Upload {
        Upload {
            id: self.id,
            name: self.name.clone(),
            text: self.text.clone().into_bytes(),
            data: base64_decode(self.data.as_bytes()).expect("valid base64"),
            tags: self.tags.clone(),
        }
    }
}

/// Records with every escape class, multi-byte UTF-8, empty blobs and a blob larger than the
/// reader's default window.
fn records() -> Vec<SerdeUpload> {
    let texts = [
        String::new(),
        "plain".to_string(),
        "quote \" backslash \\ newline \n tab \t nul \u{0} é € 😀".to_string(),
        "\u{2028}\u{7f}/".to_string(),
        "a\u{e9}😀\"\\\n".repeat(10_000),
    ];
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let data: Vec<u8> = (0..i * 37).map(|b| (b * 7 + i) as u8).collect();
            SerdeUpload {
                id: i as u64,
                name: format!("upload {i}"),
                text,
                data: base64_encode(&data),
                tags: (0..i).map(|t| format!("tag{t}")).collect(),
            }
        })
        .collect()
}

/// An item in a form that both loaders can give: the loaded record, or the error.
type Item = Result<Upload, ErrInfo>;

/// The serde stream's items as `Upload`s, their errors naming `Upload` as the type expected.
fn as_loaded(items: Vec<Result<SerdeUpload, ErrInfo>>) -> Vec<Item> {
    items
        .into_iter()
        .map(|item| {
            item.map(|record| record.loaded()).map_err(|err| ErrInfo {
                display: err.display.replace("SerdeUpload", "Upload"),
                ..err
            })
        })
        .collect()
}

/// `Loader::stream` of `input` through a slice, an `io::Read`, a one-byte reader with
/// `Interrupted` errors, and windows of 1 to 8 bytes over short reads; all must give the same
/// items (errors included), which are returned.
fn load_stream_all_ways(input: &[u8]) -> Vec<Item> {
    let mut loader = Loader::new();
    let reference = drain(loader.stream::<Upload, _>(input));
    let mut others = vec![
        ("slice", drain(loader.stream_slice::<Upload>(input))),
        (
            "one byte, interrupted",
            drain(loader.stream::<Upload, _>(InterruptedReader::new(OneByteReader::new(input)))),
        ),
    ];
    for w in [1, 2, 3, 5, 8] {
        let mut loader = Loader::new().options(options(Some(w)));
        let items = drain(loader.stream::<Upload, _>(ShortReader::new(input, &[1, 2, 7])));
        others.push(("window", items));
    }
    for (how, items) in others {
        assert!(
            items == reference,
            "{how} differs on {:?}",
            String::from_utf8_lossy(&input[..input.len().min(200)])
        );
    }
    reference
}

/// The same for `Loader::stream_at`.
fn load_stream_at_all_ways(input: &[u8], pointer: &str) -> Vec<Item> {
    let mut loader = Loader::new();
    let reference = drain(loader.stream_at::<Upload, _>(input, pointer));
    let mut others = vec![(
        "one byte, interrupted",
        drain(
            loader
                .stream_at::<Upload, _>(InterruptedReader::new(OneByteReader::new(input)), pointer),
        ),
    )];
    for w in [1, 3, 8] {
        let mut loader = Loader::new().options(options(Some(w)));
        let items = drain(loader.stream_at::<Upload, _>(OneByteReader::new(input), pointer));
        others.push(("window", items));
    }
    for (how, items) in others {
        assert!(items == reference, "{how} differs at {pointer:?}");
    }
    reference
}

/// The same for `Loader::stream_values`, with the slice variant.
fn load_values_all_ways(input: &[u8]) -> Vec<Item> {
    let mut loader = Loader::new();
    let reference = drain(loader.stream_values::<Upload, _>(input));
    let mut others = vec![
        ("slice", drain(loader.stream_values_slice::<Upload>(input))),
        (
            "one byte, interrupted",
            drain(
                loader
                    .stream_values::<Upload, _>(InterruptedReader::new(OneByteReader::new(input))),
            ),
        ),
    ];
    for w in [1, 2, 5] {
        let mut loader = Loader::new().options(options(Some(w)));
        let items = drain(loader.stream_values::<Upload, _>(ShortReader::new(input, &[3, 1])));
        others.push(("window", items));
    }
    for (how, items) in others {
        assert!(items == reference, "{how} differs");
    }
    reference
}

#[test]
fn records_stream_with_their_blobs_and_seqs_as_serde_reads_them() {
    let records = records();
    let json = serde_json::to_vec_pretty(&records).unwrap();
    let loaded = load_stream_all_ways(&json);
    let expected: Vec<Item> = records.iter().map(|r| Ok(r.loaded())).collect();
    assert!(loaded == expected);
    // The serde stream of the same records with `String` fields, and serde_json.
    assert!(as_loaded(drain(jsonstream::stream::<SerdeUpload, _>(&json[..]))) == expected);
    assert_eq!(
        serde_json::from_slice::<Vec<SerdeUpload>>(&json).unwrap(),
        records
    );
    assert!(load_stream_all_ways(b" [ ] ").is_empty());
}

/// Documents with an error somewhere, each of them valid base64 in its `data` fields (where
/// the serde model, a `String`, would accept anything).
const BAD_DOCUMENTS: &[&str] = &[
    // An element that does not fit, after a good one.
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": []}, {"id": "2"}]"#,
    // A blob that is not a string; a seq that is not an array.
    r#"[{"id": 1, "name": "a", "text": 5, "data": "", "tags": []}]"#,
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": {}}]"#,
    // A bad escape in a blob, a control character, invalid UTF-8 escape.
    r#"[{"id": 1, "name": "a", "text": "t\q", "data": "", "tags": []}]"#,
    "[{\"id\": 1, \"name\": \"a\", \"text\": \"t\nu\", \"data\": \"\", \"tags\": []}]",
    r#"[{"id": 1, "name": "a", "text": "\ud800", "data": "", "tags": []}]"#,
    // A bad field after the blobs; a missing field; a duplicate blob.
    r#"[{"text": "t", "data": "AAE=", "tags": ["x"], "id": 1, "name": null}]"#,
    r#"[{"text": "t", "data": "AAE=", "tags": ["x"], "id": 1}]"#,
    r#"[{"text": "t", "text": "u", "data": "", "tags": [], "id": 1, "name": "n"}]"#,
    // Truncated: in a blob, in a seq, between elements, before the end.
    r#"[{"id": 1, "name": "a", "text": "tex"#,
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": ["a", "b"#,
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": []},"#,
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": []}"#,
    // Trailing characters after the array, a trailing comma, not an array.
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": []}] x"#,
    r#"[{"id": 1, "name": "a", "text": "t", "data": "", "tags": []},]"#,
    r#"{"id": 1}"#,
    "",
];

#[test]
fn errors_and_fusing_are_those_of_the_serde_stream() {
    for doc in BAD_DOCUMENTS {
        let loaded = load_stream_all_ways(doc.as_bytes());
        let serde = as_loaded(drain(jsonstream::stream::<SerdeUpload, _>(doc.as_bytes())));
        assert!(loaded == serde, "{doc}:\n{loaded:?}\n{serde:?}");
        assert!(
            matches!(loaded.last(), Some(Err(_))),
            "{doc}: ends with an error"
        );
    }
    // Where they differ: invalid base64 is an error of the blob only.
    let doc = br#"[{"id": 1, "name": "a", "text": "t", "data": "A!==", "tags": []}]"#;
    let loaded = load_stream_all_ways(doc);
    let [Err(err)] = &loaded[..] else {
        panic!("one error: {loaded:?}")
    };
    assert_eq!(
        (err.category, err.path.as_str()),
        (Category::Syntax, "$[0].data")
    );
}

#[test]
fn stream_at_finds_the_array_as_the_serde_stream_at_does() {
    let records = records();
    let doc = serde_json::to_vec(&serde_json::json!({
        "skipped": {"uploads": [1, 2]},
        "batch": {"uploads": records},
        "after": [true],
    }))
    .unwrap();
    let loaded = load_stream_at_all_ways(&doc, "/batch/uploads");
    let expected: Vec<Item> = records.iter().map(|r| Ok(r.loaded())).collect();
    assert!(loaded == expected);

    let bad = [
        (&br#"{"a": {"b": [{"id": 1}]}}"#[..], "/a/b"),
        (br#"{"a": {"b": []}} x"#, "/a/b"),
        (br#"{"a": {"b": {}}}"#, "/a/b"),
        (br#"{"a": {"b": []}}"#, "/a/c"),
        (br#"{"a": [[], []]}"#, "/a/1"),
        (br#"{"a": []}"#, "a"),
    ];
    for (doc, pointer) in bad {
        let loaded = load_stream_at_all_ways(doc, pointer);
        let serde = as_loaded(drain(jsonstream::stream_at::<SerdeUpload, _>(doc, pointer)));
        assert!(loaded == serde, "{pointer}:\n{loaded:?}\n{serde:?}");
    }
    // `/a/1` names an empty array, which has no elements: no error.
    assert!(load_stream_at_all_ways(br#"{"a": [[], []]}"#, "/a/1").is_empty());
}

#[test]
fn stream_values_reads_json_lines_as_the_serde_stream_values_does() {
    let records = records();
    let mut lines = Vec::new();
    for record in &records {
        serde_json::to_writer(&mut lines, record).unwrap();
        lines.extend_from_slice(b"\r\n");
    }
    let loaded = load_values_all_ways(&lines);
    let expected: Vec<Item> = records.iter().map(|r| Ok(r.loaded())).collect();
    assert!(loaded == expected);

    let good = r#"{"id": 1, "name": "a", "text": "t", "data": "", "tags": []}"#;
    let bad = [
        format!("{good}\n{{\"id\": 2, \"name\": \"b\", \"text\": 1}}\n{good}"),
        format!("{good}\n{good} x"),
        format!("{good}\n{{\"id\": 2, \"name\": \"b\", \"text\": \"cut"),
        format!("{good}{good}\n1"),
    ];
    for doc in bad {
        let loaded = load_values_all_ways(doc.as_bytes());
        let serde = as_loaded(drain(jsonstream::stream_values::<SerdeUpload, _>(
            doc.as_bytes(),
        )));
        assert!(loaded == serde, "{doc}:\n{loaded:?}\n{serde:?}");
        let Some(Err(err)) = loaded.last() else {
            panic!("{doc}: ends with an error")
        };
        assert!(err.line >= 2, "{doc}: {err:?}");
    }
}

#[test]
fn blobs_go_to_the_sinks_of_the_loaders_factories_with_their_paths() {
    let records = records();
    let json = serde_json::to_vec(&records[..3]).unwrap();
    let opened = RefCell::new(Vec::new());
    let mut loader = Loader::new().sinks(|field: &BlobField<'_>| {
        opened
            .borrow_mut()
            .push(format!("{} {}", field.name(), field.path()));
        Ok(Vec::with_capacity(8))
    });
    let loaded: Vec<Upload> = loader
        .stream::<Upload, _>(&json[..])
        .collect::<jsonstream::Result<_>>()
        .unwrap();
    assert_eq!(loaded.len(), 3);
    let mut expected = Vec::new();
    for i in 0..3 {
        expected.push(format!("text $[{i}].text"));
        expected.push(format!("data $[{i}].data"));
    }
    assert_eq!(*opened.borrow(), expected);

    // The same loader serves a stream at a pointer and JSON Lines, with paths inside them.
    opened.borrow_mut().clear();
    let doc = format!(r#"{{"batch": {}}}"#, String::from_utf8(json).unwrap());
    let count = loader
        .stream_at::<Upload, _>(doc.as_bytes(), "/batch")
        .take(1)
        .count();
    assert_eq!(count, 1);
    let line = serde_json::to_vec(&records[1]).unwrap();
    let count = loader.stream_values::<Upload, _>(&line[..]).count();
    assert_eq!(count, 1);
    drop(loader);
    assert_eq!(
        opened.into_inner(),
        [
            "text $.batch[0].text",
            "data $.batch[0].data",
            "text $.text",
            "data $.data"
        ]
    );
}

/// The record to write: its text read from a one-byte reader while it is written, its data
/// from a reader of the decoded bytes, its tags from an iterator.
fn new_upload(
    record: &SerdeUpload,
) -> NewUpload<OneByteReader<&[u8]>, Cursor<Vec<u8>>, impl Iterator<Item = &str>> {
    NewUpload {
        id: record.id,
        name: record.name.clone(),
        text: OneByteReader::new(record.text.as_bytes()),
        data: Cursor::new(base64_decode(record.data.as_bytes()).unwrap()),
        tags: record.tags.iter().map(String::as_str),
    }
}

#[test]
fn collection_writers_push_derived_values_as_serde_json_writes_the_records() {
    let records = records();
    let mut array = ArrayWriter::new(Vec::new());
    for record in &records {
        array.push(new_upload(record)).unwrap();
    }
    let json = array.finish().unwrap();
    assert_eq!(json, serde_json::to_vec(&records).unwrap());
    let expected: Vec<Item> = records.iter().map(|r| Ok(r.loaded())).collect();
    assert!(load_stream_all_ways(&json) == expected);

    let mut object = ObjectWriter::new(Vec::new());
    let mut map = BTreeMap::new();
    for record in &records {
        object.push(&record.name, new_upload(record)).unwrap();
        map.insert(record.name.clone(), record.clone());
    }
    assert_eq!(object.finish().unwrap(), serde_json::to_vec(&map).unwrap());

    let mut lines = LinesWriter::new(Vec::new());
    let mut expected_lines = Vec::new();
    for record in &records {
        lines.push(new_upload(record)).unwrap();
        serde_json::to_writer(&mut expected_lines, record).unwrap();
        expected_lines.push(b'\n');
    }
    let lines = lines.finish().unwrap();
    assert_eq!(lines, expected_lines);
    assert!(load_values_all_ways(&lines) == expected);

    // Serde values by reference still push, in every writer, mixed with derived ones.
    let mut array = ArrayWriter::new(Vec::new());
    array.push(&records[1]).unwrap();
    array.push(new_upload(&records[2])).unwrap();
    assert_eq!(
        array.finish().unwrap(),
        serde_json::to_vec(&records[1..3]).unwrap()
    );
}

/// A blob source that fails after a few bytes.
struct Broken;

impl Read for Broken {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("the source broke (test)"))
    }
}

#[test]
fn a_failing_blob_source_leaves_the_collection_writer_unusable() {
    let broken = || NewUpload {
        id: 1,
        name: String::new(),
        text: Broken,
        data: &b""[..],
        tags: [0u8; 0],
    };
    let mut out = Vec::new();
    let mut array = ArrayWriter::new(&mut out);
    array.push(&1).unwrap();
    let err = array.push(broken()).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert!(array.push(&2).is_err());
    assert!(array.finish().is_err());
    // What was written is not a complete document.
    assert!(jsonstream::from_slice::<serde_json::Value>(&out).is_err());

    let mut lines = LinesWriter::new(Vec::new());
    assert_eq!(lines.push(broken()).unwrap_err().category(), Category::Io);
    assert!(lines.push(&1).is_err());
}
