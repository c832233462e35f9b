//! `jsonstream select`: the elements of the array at a pointer of the twitter document,
//! as JSON Lines, as an array, or counted, as serde_json reads them; errors located.

mod common;

use std::fs;

use common::{files_in, jsonstream, test_data};
use jsonstream_tests::ordered::OrderedValue;
use predicates::prelude::*;
use tempfile::TempDir;

/// The statuses of the twitter document, as serde_json reads them (members in order).
fn statuses() -> Vec<OrderedValue> {
    let document: OrderedValue =
        serde_json::from_slice(&fs::read(test_data("bench-data/twitter.json")).unwrap()).unwrap();
    let OrderedValue::Object(members) = document else {
        panic!("twitter.json is an object")
    };
    match members.into_iter().find(|(key, _)| key == "statuses") {
        Some((_, OrderedValue::Array(statuses))) => statuses,
        other => panic!("statuses: {other:?}"),
    }
}

#[test]
fn statuses_as_lines_as_an_array_and_counted() {
    let twitter = test_data("bench-data/twitter.json");
    let want = statuses();
    assert!(want.len() > 50);
    let lines = jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["--pointer", "/statuses"])
        .assert()
        .success();
    let text = String::from_utf8(lines.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), want.len());
    for (line, status) in text.lines().zip(&want) {
        assert_eq!(line, serde_json::to_string(status).unwrap());
    }
    let array = jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/statuses", "--array"])
        .assert()
        .success();
    assert_eq!(
        array.get_output().stdout,
        serde_json::to_vec(&want).unwrap()
    );
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["--pointer", "/statuses", "--count"])
        .assert()
        .success()
        .stdout(format!("{}\n", want.len()));
    // Deeper pointers, escapes and indices.
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["--pointer", "/statuses/0/entities/hashtags", "--count"])
        .assert()
        .success()
        .stdout(predicate::str::is_match("^[0-9]+\n$").unwrap());
}

#[test]
fn outputs_by_their_endings_and_compressed_input() {
    let work = TempDir::new().unwrap();
    let twitter = work.path().join("twitter.json.zst");
    jsonstream()
        .arg("convert")
        .arg(test_data("bench-data/twitter.json"))
        .arg(&twitter)
        .assert()
        .success();
    let want = statuses();
    let array = work.path().join("statuses.json.gz");
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/statuses", "-o"])
        .arg(&array)
        .assert()
        .success()
        .stdout("");
    let back = jsonstream()
        .arg("convert")
        .arg(&array)
        .args(["-", "--to", "json"])
        .assert()
        .success();
    assert_eq!(
        serde_json::from_slice::<Vec<OrderedValue>>(&back.get_output().stdout).unwrap(),
        want
    );
    let lines = work.path().join("statuses.ndjson");
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/statuses", "-o"])
        .arg(&lines)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&lines).unwrap().lines().count(),
        want.len()
    );
    // The layout asked for must match the output's ending.
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/statuses", "--array", "-o"])
        .arg(work.path().join("x.ndjson"))
        .assert()
        .code(2);
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/statuses", "--ndjson", "--array"])
        .assert()
        .code(2);
}

#[test]
fn errors_say_where_and_leave_no_output() {
    let work = TempDir::new().unwrap();
    let twitter = test_data("bench-data/twitter.json");
    let out = work.path().join("out.ndjson");
    for (pointer, message) in [
        ("/nothing", "JSON Pointer `/nothing` not found"),
        ("/search_metadata", "not an array"),
        ("statuses", "invalid JSON Pointer"),
    ] {
        jsonstream()
            .arg("select")
            .arg(&twitter)
            .args(["--pointer", pointer, "-o"])
            .arg(&out)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains(message).and(predicate::str::contains("twitter.json: ")),
            );
    }
    // Damage after the array is found too: the rest of the document is checked.
    let damaged = work.path().join("damaged.json");
    fs::write(&damaged, r#"{"a": [1, 2], "b": [}"#).unwrap();
    jsonstream()
        .arg("select")
        .arg(&damaged)
        .args(["-p", "/a", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 1 column 21, path $.b[0] (byte 20)",
        ));
    assert_eq!(files_in(work.path()), ["damaged.json"]);
}
