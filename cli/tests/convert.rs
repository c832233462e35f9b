//! `jsonstream convert`: every pair of JSON, PBJSON and JSON Lines, compressed or not, gives
//! back the value serde_json reads from the original; errors say where and leave no output.

mod common;

use std::fs;

use common::{files_in, jsonstream, test_data};
use jsonstream_tests::ordered::OrderedValue;
use predicates::prelude::*;
use tempfile::TempDir;

/// An array of records with every kind of value, non-ASCII and escapes included.
const RECORDS: &str = r#"[
  {"id": 1, "name": "caf\u00e9 \ud83d\ude00", "tags": ["a", "b"], "score": 0.5, "ok": true},
  {"id": -2, "name": "tab\tquote\"", "nested": {"z": null, "a": [1e2, -0, 18446744073709551615]}},
  [], {}, "text", 3.25, null, false
]"#;

fn value_of(json: &[u8]) -> OrderedValue {
    serde_json::from_slice(json).unwrap()
}

/// The elements of the array `json`, as serde_json reads them.
fn elements(json: &[u8]) -> Vec<OrderedValue> {
    match value_of(json) {
        OrderedValue::Array(items) => items,
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn every_pair_of_formats_round_trips_to_the_same_value() {
    let work = TempDir::new().unwrap();
    let original = work.path().join("records.json");
    fs::write(&original, RECORDS).unwrap();
    let want = elements(RECORDS.as_bytes());
    for (middle, back) in [
        ("pbj", "json"),
        ("ndjson", "json"),
        ("jsonl.zst", "json.gz"),
        ("pbjson.gz", "ndjson"),
        ("ndjson.gz", "pbj.zst"),
    ] {
        let there = work.path().join(format!("there.{middle}"));
        let again = work.path().join(format!("again-{middle}.{back}"));
        jsonstream()
            .arg("convert")
            .arg(&original)
            .arg(&there)
            .assert()
            .success()
            .stdout("");
        jsonstream()
            .arg("convert")
            .arg(&there)
            .arg(&again)
            .assert()
            .success();
        // Read back as JSON through the tool, compared with serde_json's reading.
        let json = jsonstream()
            .arg("convert")
            .arg(&again)
            .args(["-", "--to", "json"])
            .assert()
            .success();
        let got = elements(&json.get_output().stdout);
        // JSON to PBJSON reads `-0` as Python does, the integer 0; JSON to JSON Lines writes
        // it as serde_json does, `-0.0`, a float from then on.
        let want: Vec<OrderedValue> = if middle.starts_with("pbj") {
            elements(RECORDS.replace("-0,", "0,").as_bytes())
        } else {
            want.clone()
        };
        assert_eq!(got, want, "{middle} then {back}");
    }
}

#[test]
fn json_lines_hold_one_element_per_line() {
    let work = TempDir::new().unwrap();
    let original = work.path().join("records.json");
    fs::write(&original, RECORDS).unwrap();
    let lines = jsonstream()
        .arg("convert")
        .arg(&original)
        .args(["-", "--to", "ndjson"])
        .assert()
        .success();
    let text = String::from_utf8(lines.get_output().stdout.clone()).unwrap();
    let want = elements(RECORDS.as_bytes());
    assert_eq!(text.lines().count(), want.len());
    for (line, element) in text.lines().zip(&want) {
        assert_eq!(&value_of(line.as_bytes()), element);
        // Each line is what serde_json writes for the element.
        assert_eq!(line, serde_json::to_string(element).unwrap());
    }
    // And back, from stdin, pretty: what serde_json writes, pretty.
    let back = jsonstream()
        .args([
            "convert", "-", "--from", "ndjson", "-", "--to", "json", "--pretty",
        ])
        .write_stdin(text)
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(back.get_output().stdout.clone()).unwrap(),
        serde_json::to_string_pretty(&value_of(RECORDS.as_bytes())).unwrap()
    );
}

#[test]
fn the_twitter_document_converts_both_ways() {
    let work = TempDir::new().unwrap();
    let twitter = test_data("bench-data/twitter.json");
    let pbj = work.path().join("twitter.pbj");
    jsonstream()
        .arg("convert")
        .arg(&twitter)
        .arg(&pbj)
        .assert()
        .success();
    let json = jsonstream()
        .arg("convert")
        .arg(&pbj)
        .args(["-", "--to", "json"])
        .assert()
        .success();
    assert_eq!(
        value_of(&json.get_output().stdout),
        value_of(&fs::read(&twitter).unwrap())
    );
    // PBJSON to PBJSON copies the bytes, checked.
    let copy = work.path().join("copy.pbj.gz");
    jsonstream()
        .arg("convert")
        .arg(&pbj)
        .arg(&copy)
        .assert()
        .success();
    let plain = jsonstream()
        .arg("convert")
        .arg(&copy)
        .args(["-", "--to", "pbj"])
        .assert()
        .success();
    assert_eq!(plain.get_output().stdout, fs::read(&pbj).unwrap());
}

#[test]
fn invalid_input_is_located_and_leaves_no_output() {
    let work = TempDir::new().unwrap();
    let bad = work.path().join("bad.json");
    fs::write(&bad, "[{\"a\": 1},\n {\"b\": [1, 2,]}]").unwrap();
    for to in ["out.json", "out.ndjson", "out.pbj.zst"] {
        let out = work.path().join(to);
        jsonstream()
            .arg("convert")
            .arg(&bad)
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "bad.json: trailing comma at line 2 column 14, path $[1].b[2] (byte 24)",
            ));
        assert!(!out.exists(), "{to}");
    }
    assert_eq!(files_in(work.path()), ["bad.json"]);
    // JSON Lines come from an array.
    let object = work.path().join("object.json");
    fs::write(&object, r#"{"a": 1}"#).unwrap();
    jsonstream()
        .arg("convert")
        .arg(&object)
        .arg(work.path().join("o.ndjson"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("expected an array"));
    // Bad lines say their line.
    let lines = work.path().join("bad.ndjson");
    fs::write(&lines, "{\"a\": 1}\n{\"a\": tru}\n").unwrap();
    jsonstream()
        .arg("convert")
        .arg(&lines)
        .arg(work.path().join("l.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 2 column"));
    // Corrupt PBJSON says its byte.
    let pbj = work.path().join("bad.pbj");
    fs::write(&pbj, [0xC3, 0x21, 0x01]).unwrap();
    jsonstream()
        .arg("convert")
        .arg(&pbj)
        .arg(work.path().join("p.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.pbj: ").and(predicate::str::contains("at byte")));
    assert_eq!(
        files_in(work.path()),
        ["bad.json", "bad.ndjson", "bad.pbj", "object.json"]
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let work = TempDir::new().unwrap();
    let input = work.path().join("in.json");
    fs::write(&input, "[1]").unwrap();
    for args in [
        vec!["out.txt"],
        vec!["-"],
        vec!["-", "--to", "xml"],
        vec!["out.pbj", "--pretty"],
        vec!["out.json", "--level", "3"],
        vec!["out.json.zst", "--level", "99"],
        vec!["out.json.gz", "--level", "10"],
    ] {
        jsonstream()
            .arg("convert")
            .arg(&input)
            .args(&args)
            .current_dir(work.path())
            .assert()
            .code(2)
            .stdout("");
    }
    jsonstream()
        .args(["convert", "-", "out.json"])
        .current_dir(work.path())
        .assert()
        .code(2);
    jsonstream()
        .arg("convert")
        .arg(work.path().join("missing.json"))
        .arg(work.path().join("o.json"))
        .assert()
        .code(3);
    assert_eq!(files_in(work.path()), ["in.json"]);
}
