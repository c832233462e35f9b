//! `LinesWriter`: one compact value and `\n` per pushed item (or per value copied from a
//! reader); the bytes read back by `stream_values` on every read path and by serde_json's
//! `StreamDeserializer`; failures leave it unusable.

use std::collections::BTreeMap;
use std::io::{self, Write};

use jsonstream::{Category, JsonReader, LinesWriter};
use jsonstream_tests::ordered::OrderedValue;
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::strategies::{arb_value, config};
use proptest::prelude::*;
use serde::ser::{Error as _, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

#[test]
fn no_items_is_empty_output() {
    let lines = LinesWriter::new(Vec::new());
    assert_eq!(lines.finish().unwrap(), b"");
}

#[test]
fn one_line_per_item_as_serde_json_writes_them() {
    let items = vec![
        json!({"a": 1, "b": [true, null, "x\ny"]}),
        json!([]),
        json!("line\r\nbreaks are escaped"),
        json!(1.5),
        json!(null),
    ];
    let mut lines = LinesWriter::new(Vec::new());
    let mut expected = Vec::new();
    for item in &items {
        lines.push(item).unwrap();
        serde_json::to_writer(&mut expected, item).unwrap();
        expected.push(b'\n');
    }
    let out = lines.finish().unwrap();
    assert_eq!(out, expected);
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), items.len());
}

#[test]
fn unsized_items() {
    let mut lines = LinesWriter::new(Vec::new());
    lines.push("a").unwrap();
    lines.push("b").unwrap();
    assert_eq!(lines.finish().unwrap(), b"\"a\"\n\"b\"\n");
    let mut lines = LinesWriter::new(Vec::new());
    lines.push(&[1, 2][..]).unwrap();
    assert_eq!(lines.finish().unwrap(), b"[1,2]\n");
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
    let mut lines = LinesWriter::new(FullDisk {
        written: Vec::new(),
        limit: 100,
    });
    let err = (0..100_000)
        .find_map(|i| lines.push(&json!({"item": i})).err())
        .expect("the disk fills up");
    assert!(err.is_io());
    unusable(lines.push(&json!(1)));
    unusable(lines.finish());
}

struct Fails;

impl Serialize for Fails {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(S::Error::custom("no (test)"))
    }
}

#[test]
fn a_failed_item_leaves_the_writer_unusable_and_its_line_open() {
    let mut out = Vec::new();
    let mut lines = LinesWriter::new(&mut out);
    let err = lines.push(&(1, Fails)).unwrap_err();
    assert_eq!(err.category(), Category::Data, "{err}");
    unusable(lines.push(&(2, Fails)));
    unusable(lines.finish());

    let mut lines = LinesWriter::new(Vec::new()).max_depth(2);
    lines.push(&json!([[1]])).unwrap();
    assert!(lines.push(&json!([[[1]]])).is_err());
    unusable(lines.push(&json!(1)));
}

#[test]
fn dropped_unfinished_the_complete_lines_are_written() {
    let mut out = Vec::new();
    let mut lines = LinesWriter::new(&mut out);
    lines.push(&1).unwrap();
    lines.push(&2).unwrap();
    drop(lines);
    assert_eq!(out, b"1\n2\n");
}

#[test]
fn many_lines_in_the_memory_of_one() {
    // 100k records through a writer that only counts: nothing accumulates.
    struct Count(u64, u64);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len() as u64;
            self.1 += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut lines = LinesWriter::new(Count(0, 0));
    let mut record = BTreeMap::new();
    for i in 0..100_000u64 {
        record.insert("id", i);
        lines.push(&record).unwrap();
    }
    let count = lines.finish().unwrap();
    assert_eq!(count.1, 100_000);
}

/// Reads `bytes` back with `stream_values` on every fixed read schedule and the slice path.
fn read_back(bytes: &[u8]) -> Vec<Value> {
    let reference: Vec<Value> = jsonstream::ReaderOptions::new()
        .stream_values_slice::<Value>(bytes)
        .collect::<jsonstream::Result<_>>()
        .unwrap();
    for schedule in Schedule::fixed() {
        let values: Vec<Value> = jsonstream::stream_values::<Value, _>(schedule.reader(bytes))
            .collect::<jsonstream::Result<_>>()
            .unwrap();
        assert_eq!(values, reference, "{schedule:?}");
    }
    reference
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn round_trip_through_stream_values_and_serde_json(
        items in prop::collection::vec(arb_value(), 0..10)
    ) {
        let mut lines = LinesWriter::new(Vec::new());
        for item in &items {
            lines.push(item).unwrap();
        }
        let out = lines.finish().unwrap();
        prop_assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), items.len());
        // Each item as serde_json writes and reads it back alone (floats are not exact).
        let expected: Vec<Value> = items
            .iter()
            .map(|item| serde_json::from_slice(&serde_json::to_vec(item).unwrap()).unwrap())
            .collect();
        prop_assert_eq!(&read_back(&out), &expected);
        let theirs: Vec<Value> = serde_json::Deserializer::from_slice(&out)
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap();
        prop_assert_eq!(&theirs, &expected);
    }
}

#[test]
fn values_copied_from_a_reader_are_the_lines_serde_json_writes() {
    let path = format!(
        "{}/data/bench-data/twitter.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read(path).unwrap();
    let statuses = match serde_json::from_slice::<OrderedValue>(&json).unwrap() {
        OrderedValue::Object(members) => {
            members
                .into_iter()
                .find(|(key, _)| key == "statuses")
                .unwrap()
                .1
        }
        other => panic!("{other:?}"),
    };
    let OrderedValue::Array(statuses) = statuses else {
        panic!("statuses is an array")
    };
    for schedule in Schedule::fixed() {
        let mut reader = JsonReader::new(schedule.reader(&json));
        let mut lines = LinesWriter::new(Vec::new());
        reader.begin_object().unwrap();
        while reader.has_next().unwrap() {
            if reader.next_key().unwrap() == "statuses" {
                reader.begin_array().unwrap();
                while reader.has_next().unwrap() {
                    lines.copy_value(&mut reader).unwrap();
                }
                reader.end_array().unwrap();
            } else {
                reader.skip_value().unwrap();
            }
        }
        reader.end_object().unwrap();
        reader.finish().unwrap();
        let out = String::from_utf8(lines.finish().unwrap()).unwrap();
        let want: String = statuses
            .iter()
            .map(|s| serde_json::to_string(s).unwrap() + "\n")
            .collect();
        assert!(out == want, "{schedule:?}");
    }
    // A value that fails leaves its line without `\n`, and the writer unusable.
    let mut reader = JsonReader::from_str("[[1, 2], [3, x]]");
    let mut lines = LinesWriter::new(Vec::new());
    reader.begin_array().unwrap();
    reader.has_next().unwrap();
    lines.copy_value(&mut reader).unwrap();
    reader.has_next().unwrap();
    let err = lines.copy_value(&mut reader).unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
    assert!(lines.copy_value(&mut JsonReader::from_str("1")).is_err());
    assert!(lines.finish().is_err());
}
