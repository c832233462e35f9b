//! The structure checks and failure semantics of the writers: misplaced tokens are errors that
//! write nothing, I/O and serialization errors leave a writer unusable, unfinished writers never
//! leave a document that parses as complete, and blob and lazy values are consumed once.

use std::collections::BTreeMap;
use std::io::{self, Write};

use jsonstream::blob::{self, BlobSink, FileSink, FileSinks};
use jsonstream::{ArrayWriter, Blob, Category, JsonWriter, ObjectWriter};
use jsonstream_tests::readers::{FailingReader, FAILING_READER_MESSAGE};
use jsonstream_tests::temp_dir::TempDir;
use serde::Serialize;

/// Asserts that `result` is a syntax error with this message.
fn misplaced<T: std::fmt::Debug>(result: jsonstream::Result<T>, message: &str) {
    let err = result.unwrap_err();
    assert_eq!(err.category(), Category::Syntax, "{err}");
    assert_eq!(err.to_string(), message);
}

#[test]
fn misplaced_tokens_are_errors_that_write_nothing() {
    let mut w = JsonWriter::new(Vec::new());
    misplaced(w.key("a"), "expected a value, found a key");
    misplaced(w.end_array(), "expected a value, found `]`");
    misplaced(w.end_object(), "expected a value, found `}`");
    w.begin_object().unwrap();
    misplaced(w.string_value("v"), "expected a key or `}`, found a value");
    misplaced(w.begin_array(), "expected a key or `}`, found a value");
    misplaced(w.value(&1), "expected a key or `}`, found a value");
    misplaced(w.string_writer(), "expected a key or `}`, found a value");
    misplaced(
        w.blob_text(&b"x"[..]),
        "expected a key or `}`, found a value",
    );
    misplaced(w.end_array(), "expected a key or `}`, found `]`");
    w.key("a").unwrap();
    misplaced(w.key("b"), "expected a value, found a key");
    misplaced(w.end_object(), "expected a value, found `}`");
    w.begin_array().unwrap();
    misplaced(w.key("c"), "expected a value or `]`, found a key");
    misplaced(w.end_object(), "expected a value or `]`, found `}`");
    w.number_value("1").unwrap();
    w.end_array().unwrap();
    w.end_object().unwrap();
    misplaced(
        w.null_value(),
        "expected the end of the document, found a value",
    );
    misplaced(
        w.begin_object(),
        "expected the end of the document, found a value",
    );
    misplaced(
        w.end_object(),
        "expected the end of the document, found `}`",
    );
    misplaced(w.key("d"), "expected the end of the document, found a key");
    // Nothing of the refused tokens was written.
    assert_eq!(w.finish().unwrap(), br#"{"a":[1]}"#);
}

#[test]
fn finish_requires_a_complete_document() {
    let unfinished: [fn(&mut JsonWriter<Vec<u8>>); 4] = [
        |_| {},
        |w| w.begin_array().unwrap(),
        |w| w.begin_object().unwrap(),
        |w| {
            w.begin_object().unwrap();
            w.key("a").unwrap();
        },
    ];
    for write in unfinished {
        let mut w = JsonWriter::new(Vec::new());
        write(&mut w);
        misplaced(w.finish(), "the top-level value is not complete");
    }
}

#[test]
fn number_values_are_checked_against_the_grammar() {
    for bad in [
        "", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.5e", "NaN", "Infinity", " 1", "1 ",
        "0x10", "1_000", "1,5", "--1", "1.2.3", "١",
    ] {
        let mut w = JsonWriter::new(Vec::new());
        misplaced(w.number_value(bad), "invalid number");
        w.null_value().unwrap();
        assert_eq!(w.finish().unwrap(), b"null", "{bad:?} wrote nothing");
    }
    for good in [
        "0",
        "-0",
        "1.5",
        "-1.5e-10",
        "1E+2",
        "9e999",
        "123456789012345678901234567890",
    ] {
        let mut w = JsonWriter::new(Vec::new());
        w.number_value(good).unwrap();
        assert_eq!(w.finish().unwrap(), good.as_bytes());
    }
}

#[test]
fn a_pushed_document_is_written_as_serde_json_writes_it() {
    let value = serde_json::json!({
        "a": [1, [], {}, [2, {"b": null}], "x\ny"],
        "c": {"d": {"e": []}},
        "f": true,
        "g": {},
    });
    for by_name in [false, true] {
        let mut w = if by_name {
            JsonWriter::pretty(Vec::new())
        } else {
            JsonWriter::with_formatter(Vec::new(), jsonstream::PrettyFormatter::with_indent(b"  "))
        };
        w.begin_object().unwrap();
        w.key("a").unwrap();
        w.begin_array().unwrap();
        w.number_value("1").unwrap();
        w.begin_array().unwrap();
        w.end_array().unwrap();
        w.value(&serde_json::json!({})).unwrap();
        w.begin_array().unwrap();
        w.value(&2).unwrap();
        w.begin_object().unwrap();
        w.key("b").unwrap();
        w.null_value().unwrap();
        w.end_object().unwrap();
        w.end_array().unwrap();
        w.string_value("x\ny").unwrap();
        w.end_array().unwrap();
        w.key("c").unwrap();
        w.value(&serde_json::json!({"d": {"e": []}})).unwrap();
        w.key("f").unwrap();
        w.bool_value(true).unwrap();
        w.key("g").unwrap();
        w.begin_object().unwrap();
        w.end_object().unwrap();
        w.end_object().unwrap();
        let out = w.finish().unwrap();
        assert_eq!(out, serde_json::to_vec_pretty(&value).unwrap());
    }
    // Compact.
    let mut w = JsonWriter::new(Vec::new());
    w.value(&value).unwrap();
    assert_eq!(w.finish().unwrap(), serde_json::to_vec(&value).unwrap());
}

/// Accepts `limit` bytes, then fails every write.
#[derive(Debug)]
struct FullDisk {
    written: Vec<u8>,
    limit: usize,
}

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.written.len();
        if room == 0 {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "disk full (test)",
            ));
        }
        let n = room.min(buf.len());
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn unusable<T: std::fmt::Debug>(result: jsonstream::Result<T>) {
    let err = result.unwrap_err();
    assert_eq!(err.to_string(), "an earlier error left the writer unusable");
}

#[test]
fn an_io_error_leaves_the_writer_unusable() {
    let mut w = JsonWriter::new(FullDisk {
        written: Vec::new(),
        limit: 100,
    });
    w.begin_array().unwrap();
    let err = (0..10_000)
        .find_map(|i| w.value(&format!("item {i}")).err())
        .expect("the disk fills up");
    assert!(err.is_io());
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
    unusable(w.value(&1));
    unusable(w.end_array());
    unusable(w.finish());

    // dump reports it too.
    let full = FullDisk {
        written: Vec::new(),
        limit: 10,
    };
    let err = jsonstream::dump(&vec!["0123456789"; 2000][..], full).unwrap_err();
    assert!(err.is_io());
}

#[test]
fn a_failed_value_leaves_the_writer_unusable() {
    let mut w = JsonWriter::new(Vec::new());
    w.begin_array().unwrap();
    let bad_key = BTreeMap::from([((1, 2), "value")]);
    let err = w.value(&bad_key).unwrap_err();
    assert_eq!(err.to_string(), "key must be a string");
    unusable(w.null_value());
    unusable(w.finish());
}

#[test]
fn a_string_writer_dropped_unfinished_leaves_the_writer_unusable() {
    let mut out = Vec::new();
    let mut w = JsonWriter::new(&mut out);
    w.begin_array().unwrap();
    {
        let mut string = w.string_writer().unwrap();
        string.write_all(b"partial").unwrap();
    }
    unusable(w.end_array());
    unusable(w.finish());
    // What was written stays an incomplete document.
    assert_eq!(out, b"[\"partial");
    assert!(jsonstream::from_slice::<Vec<String>>(&out)
        .unwrap_err()
        .is_eof());

    // Invalid UTF-8 does the same, and the string writer refuses more.
    let mut w = JsonWriter::new(Vec::new());
    let mut string = w.string_writer().unwrap();
    assert!(string.write_all(b"\xff").is_err());
    assert_eq!(
        string.write_all(b"ok").unwrap_err().to_string(),
        "an earlier error left the writer unusable"
    );
    unusable(string.finish());
    unusable(w.finish());
}

#[test]
fn a_failing_source_is_an_io_error_and_leaves_the_writer_unusable() {
    let mut w = JsonWriter::new(Vec::new());
    w.begin_array().unwrap();
    let err = w
        .blob_text(FailingReader::new(&[b'a'; 100_000][..], 70_000))
        .unwrap_err();
    assert!(err.is_io());
    assert_eq!(err.to_string(), FAILING_READER_MESSAGE);
    unusable(w.null_value());

    let source = FailingReader::new(&[b'a'; 10][..], 5);
    let err = blob::dump_map(Vec::new(), [("k", source)]).unwrap_err();
    assert!(err.is_io());
}

#[test]
fn unfinished_collection_writers_leave_documents_that_fail_with_eof() {
    for items in [0, 1, 5] {
        let mut out = Vec::new();
        let mut array = ArrayWriter::new(&mut out);
        for i in 0..items {
            array.push(&[i]).unwrap();
        }
        drop(array);
        let err = jsonstream::from_slice::<serde_json::Value>(&out).unwrap_err();
        assert_eq!(err.category(), Category::Eof, "{items}: {err}");
        assert!(serde_json::from_slice::<serde_json::Value>(&out)
            .unwrap_err()
            .is_eof());
        let mut reader = jsonstream::JsonReader::new(&out[..]);
        assert!(reader.skip_value().unwrap_err().is_eof());
        let streamed: Vec<_> = jsonstream::stream::<Vec<u32>, _>(&out[..]).collect();
        assert!(streamed.last().unwrap().as_ref().unwrap_err().is_eof());

        let mut out = Vec::new();
        let mut object = ObjectWriter::new(&mut out);
        for i in 0..items {
            object.push(&format!("k{i}"), &i).unwrap();
        }
        drop(object);
        let err = jsonstream::from_slice::<serde_json::Value>(&out).unwrap_err();
        assert_eq!(err.category(), Category::Eof, "{items}: {err}");
    }
}

#[test]
fn finished_collection_writers_write_what_serde_json_writes() {
    #[derive(Serialize)]
    struct Rec<'a> {
        id: u32,
        tags: &'a [&'a str],
    }
    let recs: Vec<Rec<'_>> = (0..4)
        .map(|id| Rec {
            id,
            tags: &["a", "b\"c"],
        })
        .collect();
    let mut array = ArrayWriter::new(Vec::new());
    for rec in &recs {
        array.push(rec).unwrap();
    }
    assert_eq!(array.finish().unwrap(), serde_json::to_vec(&recs).unwrap());

    let mut array = ArrayWriter::with_formatter(Vec::new(), jsonstream::PrettyFormatter::new());
    for rec in &recs {
        array.push(rec).unwrap();
    }
    assert_eq!(
        array.finish().unwrap(),
        serde_json::to_vec_pretty(&recs).unwrap()
    );

    let map: BTreeMap<String, Vec<u32>> = (0..3).map(|i| (format!("k{i}"), vec![i; 2])).collect();
    let mut object = ObjectWriter::with_formatter(Vec::new(), jsonstream::PrettyFormatter::new());
    for (k, v) in &map {
        object.push(k, v).unwrap();
    }
    assert_eq!(
        object.finish().unwrap(),
        serde_json::to_vec_pretty(&map).unwrap()
    );

    let empty = ArrayWriter::with_formatter(Vec::new(), jsonstream::PrettyFormatter::new());
    assert_eq!(empty.finish().unwrap(), b"[]");
}

#[test]
fn blobs_and_lazy_sequences_are_consumed_once() {
    let blob = Blob::text(&b"abc"[..]);
    assert_eq!(jsonstream::to_string(&blob).unwrap(), r#""abc""#);
    let err = jsonstream::to_string(&blob).unwrap_err();
    assert!(err.to_string().contains("already serialized"), "{err}");
    assert!(serde_json::to_string(&blob).is_err());

    let seq = jsonstream::iter_seq([1, 2]);
    assert_eq!(serde_json::to_string(&seq).unwrap(), "[1,2]");
    let err = jsonstream::to_string(&seq).unwrap_err();
    assert!(err.to_string().contains("already serialized"), "{err}");
    assert!(serde_json::to_string(&seq).is_err());
}

#[test]
fn a_failing_blob_source_is_an_error_with_any_serializer() {
    #[derive(Serialize)]
    struct Doc<'a> {
        text: Blob<'a>,
    }
    let failing = || FailingReader::new(&[b'a'; 100_000][..], 70_000);
    let err = jsonstream::to_vec(&Doc {
        text: Blob::text(failing()),
    })
    .unwrap_err();
    assert_eq!(err.to_string(), FAILING_READER_MESSAGE);
    // serde_json panics on a `fmt::Error` it did not cause; the blob reports its failure as
    // the serializer's error instead.
    let err = serde_json::to_vec(&Doc {
        text: Blob::text(failing()),
    })
    .unwrap_err();
    assert_eq!(err.to_string(), FAILING_READER_MESSAGE);
    let err = serde_json::to_vec(&Blob::text(&b"ok\xe2\x82"[..])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 at byte 2 of the string value"
    );
    // A serializer that collects `collect_str` into a String first gets the same error.
    let err = serde_json::to_value(Blob::base64(failing())).unwrap_err();
    assert_eq!(err.to_string(), FAILING_READER_MESSAGE);
    assert_eq!(
        serde_json::to_value(Blob::base64(&b"\x00\x01"[..])).unwrap(),
        serde_json::json!("AAE=")
    );
}

#[test]
fn load_map_errors_say_where() {
    let load = |json: &str| blob::load_map(json.as_bytes(), |_| Ok(Vec::new())).unwrap_err();

    let err = load(r#"{"a": "fine", "b": "bad \x escape"}"#);
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!(err.path(), "$.b");
    assert_eq!((err.line(), err.column()), (1, 26), "{err}");

    let err = load("{\"a\": \"fine\",\n \"b\": 12}");
    assert_eq!(
        err.to_string(),
        "expected a string, found `1` at line 2 column 7, path $.b"
    );

    let err = load(r#"{"a": "trunc"#);
    assert!(err.is_eof(), "{err}");
    assert_eq!(err.path(), "$.a");

    let err = load(r#"["not", "an object"]"#);
    assert_eq!(
        err.to_string(),
        "expected an object, found `[` at line 1 column 1"
    );

    let err = load(r#"{"a": "x"} trailing"#);
    assert_eq!(err.category(), Category::Syntax);

    // The factory's and the sink's errors are I/O errors at the value.
    let err = blob::load_map(&br#"{"ok": "", "no": "x"}"#[..], |key| {
        if key == "no" {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, "no (test)"))
        } else {
            Ok(Vec::new())
        }
    })
    .unwrap_err();
    assert!(err.is_io());
    assert_eq!(
        err.io_error().unwrap().kind(),
        io::ErrorKind::PermissionDenied
    );
    assert_eq!(err.path(), "$.no");

    let err = blob::load_map(&br#"{"k": "0123456789"}"#[..], |_| {
        Ok(FullDisk {
            written: Vec::new(),
            limit: 4,
        })
    })
    .unwrap_err();
    assert!(err.is_io());
    assert_eq!(err.path(), "$.k");

    let err = blob::load_map_base64(&br#"{"a": "AAE=", "b": "A*E="}"#[..], |_| Ok(Vec::new()))
        .unwrap_err();
    assert_eq!(err.path(), "$.b");
    assert!(err.to_string().contains("base64"), "{err}");
}

impl BlobSink for FullDisk {
    type Output = Vec<u8>;

    fn finish(self) -> io::Result<Vec<u8>> {
        Ok(self.written)
    }
}

#[test]
fn file_sinks_rename_when_finished_and_clean_up_otherwise() {
    let temp = TempDir::new("writer-file-sinks");
    let dir = temp.path();

    let json = br#"{"a.txt": "first\n", "b.txt": "second \u00e9"}"#;
    let mut sinks = FileSinks::new(dir);
    let files = blob::load_map(&json[..], |key| sinks.sink(key)).unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"first\n");
    assert_eq!(
        std::fs::read_to_string(&files[1].1).unwrap(),
        "second \u{e9}"
    );

    // A document that breaks inside a value leaves no file of its own, partial or whole: the
    // value it finished before is rolled back.
    let json = br#"{"c.txt": "complete", "d.txt": "cut sho"#;
    let mut sinks = FileSinks::new(dir);
    assert!(blob::load_map(&json[..], |key| sinks.sink(key)).is_err());
    assert_eq!(temp.names(), ["a.txt", "b.txt"]);

    for bad in ["", ".", "..", "../x", "a/b", "/abs"] {
        let err = FileSink::in_dir(dir, bad).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
    }
}
