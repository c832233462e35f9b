//! A value that fails to load leaves nothing behind: the blob sinks finished within it are
//! rolled back (`BlobSink::rollback`; `FileSink` removes its file), the whole document for
//! `Loader::load`, the one record for `Loader::stream` and `stream_values`, whose records
//! yielded before stay. Swept over every failure point of a record with two blobs and a seq
//! (every byte replaced by bytes that break it, every truncation), on a slice, an `io::Read`
//! and a one-byte reader with `Interrupted` errors, the files left are exactly those of the
//! values loaded, and whether a value loads is what the serde derive of the same record with
//! `String` fields says.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use jsonstream::blob::{BlobField, BlobSink, BlobValue, FileSinks, Rollback};
use jsonstream::{Category, JsonReader, Load, Loader};
use jsonstream_tests::readers::{InterruptedReader, OneByteReader};
use jsonstream_tests::snapshot::{drain, snap, ErrInfo};
use jsonstream_tests::temp_dir::TempDir;
use serde::Deserialize;

/// A record with two blobs, a field between them, a field after them and a seq.
#[derive(Load, Debug)]
#[allow(dead_code)]
struct Record {
    id: u64,
    #[jsonstream(blob)]
    first: PathBuf,
    note: String,
    #[jsonstream(blob)]
    second: PathBuf,
    #[jsonstream(seq)]
    tags: Vec<u32>,
}

/// The same record for serde: the blobs are strings.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct SerdeRecord {
    id: u64,
    first: String,
    note: String,
    second: String,
    tags: Vec<u32>,
}

impl Record {
    fn files(&self) -> [PathBuf; 2] {
        [self.first.clone(), self.second.clone()]
    }
}

const RECORD: &str = r#"{"id": 7, "first": "one\n", "note": "n", "second": "two", "tags": [1, 2]}"#;

/// The bytes that replace each byte of the record in the sweep: each breaks the record
/// somewhere (or not), before, between or after the blobs.
const REPLACEMENTS: &[u8] = b"x\"}],:\\{1 \x01";

/// The record with byte `at` replaced by `by`, then every truncation of it.
fn mutations() -> Vec<Vec<u8>> {
    let record = RECORD.as_bytes();
    let mut mutations = Vec::new();
    for at in 0..record.len() {
        for &by in REPLACEMENTS {
            if record[at] != by {
                let mut mutated = record.to_vec();
                mutated[at] = by;
                mutations.push(mutated);
            }
        }
        mutations.push(record[..at].to_vec());
    }
    mutations
}

/// How the input is read.
#[derive(Debug, Clone, Copy)]
enum Input {
    Slice,
    Reader,
    OneByteInterrupted,
}

const INPUTS: [Input; 3] = [Input::Slice, Input::Reader, Input::OneByteInterrupted];

fn reader(input: Input, bytes: &[u8]) -> Box<dyn Read + '_> {
    match input {
        Input::Reader | Input::Slice => Box::new(bytes),
        Input::OneByteInterrupted => Box::new(InterruptedReader::new(OneByteReader::new(bytes))),
    }
}

/// A loader whose blob fields each go into a new file of `dir`.
fn file_loader(dir: &TempDir) -> Loader<'static> {
    let mut files = FileSinks::new(dir.path());
    let mut next = 0;
    Loader::new().sinks(move |_field: &BlobField<'_>| {
        next += 1;
        files.sink(&format!("blob-{next}"))
    })
}

/// The files in `dir`, as paths.
fn files_in(dir: &TempDir) -> BTreeSet<PathBuf> {
    dir.names().iter().map(|name| dir.file(name)).collect()
}

/// Removes every file of `dir`, for the next case.
fn empty(dir: &TempDir) {
    for file in files_in(dir) {
        std::fs::remove_file(file).unwrap();
    }
}

#[test]
fn a_document_that_fails_at_any_point_leaves_no_file() {
    let dir = TempDir::new("rollback-load");
    let mut failures = 0;
    for mutated in mutations() {
        let serde = snap(jsonstream::from_slice::<SerdeRecord>(&mutated));
        for input in INPUTS {
            let mut loader = file_loader(&dir);
            let loaded = match input {
                Input::Slice => loader.load_slice::<Record>(&mutated),
                _ => loader.load::<Record, _>(reader(input, &mutated)),
            };
            let text = String::from_utf8_lossy(&mutated);
            match (snap(loaded), &serde) {
                (Ok(record), Ok(_)) => {
                    assert_eq!(files_in(&dir), record.files().into(), "{text} {input:?}");
                }
                (Err(err), Err(expected)) => {
                    let expected = ErrInfo {
                        display: expected.display.replace("SerdeRecord", "Record"),
                        ..expected.clone()
                    };
                    assert_eq!(err, expected, "{text} {input:?}");
                    assert_eq!(files_in(&dir), BTreeSet::new(), "{text} {input:?}");
                    failures += 1;
                }
                (loaded, serde) => panic!("{text} {input:?}: {loaded:?}, serde: {serde:?}"),
            }
            empty(&dir);
        }
    }
    // The sweep reached failures after both blobs: before the note, the seq, the end.
    assert!(failures > 1000, "{failures}");
}

#[test]
fn a_vec_of_records_that_fails_in_its_last_record_leaves_no_file() {
    let dir = TempDir::new("rollback-vec");
    for mutated in mutations() {
        let mut doc = format!("[{RECORD}, {RECORD}, {RECORD}, ").into_bytes();
        doc.extend_from_slice(&mutated);
        doc.push(b']');
        let serde = jsonstream::from_slice::<Vec<SerdeRecord>>(&doc);
        let mut loader = file_loader(&dir);
        match loader.load::<Vec<Record>, _>(&doc[..]) {
            Ok(records) => {
                assert!(serde.is_ok());
                let files: BTreeSet<PathBuf> = records.iter().flat_map(Record::files).collect();
                assert_eq!(files.len(), 8);
                assert_eq!(files_in(&dir), files);
            }
            Err(err) => {
                assert!(serde.is_err(), "{err}");
                assert_eq!(
                    files_in(&dir),
                    BTreeSet::new(),
                    "{}",
                    String::from_utf8_lossy(&doc)
                );
            }
        }
        empty(&dir);
    }
}

/// Checks the items of a stream of records against the serde stream's: the same records load
/// (and the same error ends them), and the files left are exactly those of the records
/// yielded.
fn check_stream(
    dir: &TempDir,
    doc: &[u8],
    items: Vec<Result<Record, ErrInfo>>,
    serde: &[Result<SerdeRecord, ErrInfo>],
    how: &str,
) {
    let text = String::from_utf8_lossy(doc);
    assert_eq!(items.len(), serde.len(), "{text} {how}");
    let mut files = BTreeSet::new();
    for (item, serde) in items.iter().zip(serde) {
        match (item, serde) {
            (Ok(record), Ok(_)) => files.extend(record.files()),
            (Err(err), Err(expected)) => {
                let expected = expected.display.replace("SerdeRecord", "Record");
                assert_eq!(err.display, expected, "{text} {how}");
            }
            _ => panic!("{text} {how}: {item:?}, serde: {serde:?}"),
        }
    }
    assert_eq!(files_in(dir), files, "{text} {how}");
}

#[test]
fn a_record_that_fails_in_a_stream_leaves_no_file_and_the_records_before_stay() {
    let dir = TempDir::new("rollback-stream");
    let mut failures = 0;
    for mutated in mutations() {
        let mut doc = format!("[{RECORD}, ").into_bytes();
        doc.extend_from_slice(&mutated);
        doc.extend_from_slice(format!(", {RECORD}]").as_bytes());
        let serde = drain(jsonstream::stream::<SerdeRecord, _>(&doc[..]));
        for input in INPUTS {
            let mut loader = file_loader(&dir);
            let items = match input {
                Input::Slice => drain(loader.stream_slice::<Record>(&doc)),
                _ => drain(loader.stream::<Record, _>(reader(input, &doc))),
            };
            if items.iter().any(Result::is_err) {
                failures += 1;
            }
            check_stream(&dir, &doc, items, &serde, &format!("{input:?}"));
            empty(&dir);
        }
    }
    assert!(failures > 1000, "{failures}");
}

#[test]
fn a_line_that_fails_leaves_no_file_and_the_lines_before_stay() {
    let dir = TempDir::new("rollback-lines");
    for mutated in mutations() {
        let mut doc = format!("{RECORD}\n").into_bytes();
        doc.extend_from_slice(&mutated);
        doc.extend_from_slice(format!("\n{RECORD}\n").as_bytes());
        let serde = drain(jsonstream::stream_values::<SerdeRecord, _>(&doc[..]));
        for input in INPUTS {
            let mut loader = file_loader(&dir);
            let items = match input {
                Input::Slice => drain(loader.stream_values_slice::<Record>(&doc)),
                _ => drain(loader.stream_values::<Record, _>(reader(input, &doc))),
            };
            check_stream(&dir, &doc, items, &serde, &format!("{input:?}"));
            empty(&dir);
        }
    }
}

#[test]
fn a_stream_at_a_pointer_rolls_back_the_record_that_fails() {
    let dir = TempDir::new("rollback-stream-at");
    let doc = format!(r#"{{"batch": [{RECORD}, {RECORD}, {{"id": 1, "first": "x", "note": 2}}]}}"#);
    let mut loader = file_loader(&dir);
    let items = drain(loader.stream_at::<Record, _>(doc.as_bytes(), "/batch"));
    let serde = drain(jsonstream::stream_at::<SerdeRecord, _>(
        doc.as_bytes(),
        "/batch",
    ));
    assert_eq!(items.len(), 3);
    check_stream(&dir, doc.as_bytes(), items, &serde, "stream_at");
}

thread_local! {
    /// What the rollbacks of `Logged` sinks undid, in order (each test has a thread).
    static UNDONE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// How many rollback steps of `Logged` sinks exist (made and not yet dropped).
    static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts itself in `STEPS` while it lives.
struct Step;

impl Step {
    fn new() -> Self {
        STEPS.with(|steps| steps.set(steps.get() + 1));
        Step
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        STEPS.with(|steps| steps.set(steps.get() - 1));
    }
}

/// The contents undone so far, which are forgotten.
fn undone() -> Vec<String> {
    UNDONE.with(|undone| undone.take())
}

/// A sink that logs its rollback, and fails it for the content `fail`.
#[derive(Default)]
struct Logged(Vec<u8>);

impl Write for Logged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a `Logged` sink finishes into.
#[derive(Debug)]
struct Content(String);

impl BlobSink for Logged {
    type Output = Content;

    fn finish(self) -> io::Result<Content> {
        Ok(Content(String::from_utf8(self.0).unwrap()))
    }

    fn rollback(output: &Content) -> Option<Rollback> {
        let content = output.0.clone();
        let step = Step::new();
        Some(Rollback::new(move || {
            drop(step);
            UNDONE.with(|undone| undone.borrow_mut().push(content.clone()));
            if content == "fail" {
                return Err(io::Error::other("could not undo `fail` (test)"));
            }
            Ok(())
        }))
    }
}

impl BlobValue for Content {
    type Sink = Logged;

    fn open_sink(_field: &BlobField<'_>) -> io::Result<Logged> {
        Ok(Logged::default())
    }
}

#[derive(Load, Debug)]
#[allow(dead_code)]
struct Pair {
    #[jsonstream(blob)]
    a: Content,
    #[jsonstream(blob)]
    b: Content,
    #[jsonstream(seq)]
    more: Vec<Tagged>,
}

#[derive(Load, Debug)]
#[allow(dead_code)]
struct Tagged {
    #[jsonstream(blob)]
    c: Content,
}

#[test]
fn rollbacks_run_last_finished_first_and_their_failures_are_in_the_error() {
    let json = br#"{"a": "1", "b": "fail", "more": [{"c": "2"}, {"c": "3"}, {"c": 4}]}"#;
    let err = jsonstream::load_slice::<Pair>(json).unwrap_err();
    // Every sink finished in the document, the last first; the failure does not stop them.
    assert_eq!(undone(), ["3", "2", "fail", "1"]);
    // The error is the document's, with what could not be undone.
    assert_eq!(err.category(), Category::Data);
    assert_eq!(err.path(), "$.more[2].c");
    assert_eq!(
        err.to_string(),
        "invalid type: integer `4`, expected a string at line 1 column 64, path $.more[2].c; \
         rollback failed: could not undo `fail` (test)"
    );
    assert!(format!("{err:?}").contains("rollback_failures"), "{err:?}");

    // The same with the sinks of a factory, from a reader.
    let factory_err = Loader::new()
        .sinks(|_field: &BlobField<'_>| Ok(Logged::default()))
        .load::<Pair, _>(OneByteReader::new(&json[..]))
        .unwrap_err();
    assert_eq!(undone(), ["3", "2", "fail", "1"]);
    assert_eq!(factory_err.to_string(), err.to_string());

    // A document that loads runs none.
    let json = br#"{"a": "1", "b": "fail", "more": [{"c": "2"}]}"#;
    let pair = jsonstream::load_slice::<Pair>(json).unwrap();
    assert_eq!((pair.a.0.as_str(), pair.more.len()), ("1", 1));
    assert!(undone().is_empty());
}

/// A value that loads a document of its own (a JSON string holding JSON) while it is loaded.
#[derive(Debug)]
struct Embedded(#[allow(dead_code)] Pair);

impl<'de> Load<'de> for Embedded {
    fn load_from<S: jsonstream::read::Read<'de>>(
        json: &mut JsonReader<S>,
        loader: &mut Loader<'_>,
    ) -> jsonstream::Result<Self> {
        let inner: String = json.deserialize_next()?;
        loader.load_slice(inner.as_bytes()).map(Embedded)
    }
}

#[derive(Load, Debug)]
#[allow(dead_code)]
struct Outer {
    embedded: Embedded,
    #[jsonstream(blob)]
    after: Content,
    n: u8,
}

/// An `Outer` document: `inner` embedded, then the blob `"3"`, then `n`.
fn outer(inner: &str, n: u32) -> String {
    let inner = serde_json::to_string(inner).unwrap();
    format!(r#"{{"embedded": {inner}, "after": "3", "n": {n}}}"#)
}

#[test]
fn the_sinks_of_a_document_loaded_within_a_value_are_the_values() {
    // The outer value fails after the inner document loaded: the inner sinks are rolled back
    // with the outer ones.
    let inner = r#"{"a": "1", "b": "2", "more": []}"#;
    let json = outer(inner, 300);
    let err = jsonstream::load::<Outer, _>(json.as_bytes()).unwrap_err();
    assert_eq!(err.path(), "$.n");
    assert_eq!(undone(), ["3", "2", "1"]);

    // The inner document fails: its own sinks are rolled back, and its error ends the outer.
    let inner = r#"{"a": "1", "b": "2", "more": [1]}"#;
    let json = outer(inner, 1);
    let err = jsonstream::load::<Outer, _>(json.as_bytes()).unwrap_err();
    assert_eq!(err.path(), "$.more[0]");
    assert_eq!(undone(), ["2", "1"]);

    // Both load: nothing is undone.
    let inner = r#"{"a": "1", "b": "2", "more": []}"#;
    let json = outer(inner, 1);
    jsonstream::load::<Outer, _>(json.as_bytes()).unwrap();
    assert!(undone().is_empty());
}

#[test]
fn load_from_called_directly_rolls_back_nothing() {
    let mut loader = Loader::new();
    let mut json = JsonReader::from_slice(br#"{"a": "1", "b": "2", "more": [{"c": 3}]}"#);
    assert!(Pair::load_from(&mut json, &mut loader).is_err());
    assert!(undone().is_empty());
    // The loader is unchanged by it: a load after it rolls back its own sinks only.
    let err = loader
        .load_slice::<Pair>(br#"{"a": "4", "b": "5"}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "missing field `more` at line 1 column 20");
    assert_eq!(undone(), ["5", "4"]);
}

/// A collection that panics on the element 13.
#[derive(Default, Debug)]
struct Picky(Vec<u32>);

impl Extend<u32> for Picky {
    fn extend<I: IntoIterator<Item = u32>>(&mut self, numbers: I) {
        for n in numbers {
            assert_ne!(n, 13, "13 (test)");
            self.0.push(n);
        }
    }
}

#[derive(Load, Debug)]
#[allow(dead_code)]
struct Numbered {
    #[jsonstream(blob)]
    a: Content,
    #[jsonstream(seq, item = "u32")]
    numbers: Picky,
    #[jsonstream(blob)]
    b: Content,
}

#[test]
fn a_loader_used_after_a_panic_is_not_left_inside_the_value() {
    let mut loader = Loader::new();
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        loader.load_slice::<Numbered>(br#"{"a": "1", "numbers": [12, 13], "b": "2"}"#)
    }));
    assert!(panicked.is_err());
    // The steps of the value that panicked are dropped, not run.
    assert_eq!(STEPS.with(std::cell::Cell::get), 0);
    assert!(undone().is_empty());

    // The loader loads on: the steps of a value that loads are dropped with it, not kept for
    // a value that ended with the panic; a value that fails rolls back its own sinks.
    let json = br#"{"a": "3", "numbers": [1], "b": "4"}"#;
    loader.load_slice::<Numbered>(json).unwrap();
    assert_eq!(STEPS.with(std::cell::Cell::get), 0);
    let json = br#"{"a": "5", "numbers": [1], "b": "6"} x"#;
    assert!(loader.load_slice::<Numbered>(json).is_err());
    assert_eq!(undone(), ["6", "5"]);
    assert_eq!(STEPS.with(std::cell::Cell::get), 0);
}
