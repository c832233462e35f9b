//! `jsonstream select`: the items at a pointer (the elements of an array, the members of an
//! object as one-member objects, both through wildcards), of the twitter document and of
//! others, as JSON Lines, as an array, or counted, as serde_json reads them; errors located.

mod common;

use std::fs;

use common::{files_in, jsonstream, test_data};
use jsonstream_tests::ordered::OrderedValue;
use jsonstream_tests::reference::{pointer_outcome, PointerOutcome};
use predicates::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

/// The member `key` of the twitter document, as serde_json reads it (members in order).
fn twitter_member(key: &str) -> OrderedValue {
    let document: OrderedValue =
        serde_json::from_slice(&fs::read(test_data("bench-data/twitter.json")).unwrap()).unwrap();
    let OrderedValue::Object(members) = document else {
        panic!("twitter.json is an object")
    };
    match members.into_iter().find(|(k, _)| k == key) {
        Some((_, value)) => value,
        None => panic!("twitter.json has no {key}"),
    }
}

/// The statuses of the twitter document, as serde_json reads them (members in order).
fn statuses() -> Vec<OrderedValue> {
    match twitter_member("statuses") {
        OrderedValue::Array(statuses) => statuses,
        other => panic!("statuses: {other:?}"),
    }
}

/// What select writes for the members of an object, as serde_json writes them: each member
/// as the object of that one member.
fn one_member_objects(members: Vec<(String, OrderedValue)>) -> Vec<OrderedValue> {
    members
        .into_iter()
        .map(|member| OrderedValue::Object(vec![member]))
        .collect()
}

/// The items select writes for `pointer` over `doc`, the pointer resolved by hand over
/// serde_json's `Value` (so members in the order of its map, sorted by key): elements as they
/// are, members as one-member objects.
fn items_reached(doc: &Value, pointer: &str) -> Vec<Value> {
    let PointerOutcome::Reached(reached) = pointer_outcome(doc, pointer) else {
        panic!("{pointer} reaches nothing")
    };
    let mut items = Vec::new();
    for (path, container) in reached {
        match container {
            Value::Array(elements) => items.extend(elements.iter().cloned()),
            Value::Object(members) => items.extend(members.iter().map(|(k, v)| json!({ k: v }))),
            other => panic!("{pointer} reaches {other} at {path}"),
        }
    }
    items
}

/// The standard output of a successful `jsonstream select FILE --pointer POINTER EXTRA…`.
fn select(file: &std::path::Path, pointer: &str, extra: &[&str]) -> String {
    let run = jsonstream()
        .arg("select")
        .arg(file)
        .args(["--pointer", pointer])
        .args(extra)
        .assert()
        .success();
    String::from_utf8(run.get_output().stdout.clone()).unwrap()
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
        ("/statuses/0/id", "is neither an array nor an object"),
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

#[test]
fn members_of_an_object_one_per_line_as_an_array_and_counted() {
    let twitter = test_data("bench-data/twitter.json");
    let OrderedValue::Object(members) = twitter_member("search_metadata") else {
        panic!("search_metadata is an object")
    };
    assert!(members.len() > 5);
    let want = one_member_objects(members);
    let lines = select(&twitter, "/search_metadata", &[]);
    let lines: Vec<&str> = lines.lines().collect();
    let want_lines: Vec<String> = want
        .iter()
        .map(|member| serde_json::to_string(member).unwrap())
        .collect();
    assert_eq!(lines, want_lines);
    assert_eq!(
        select(&twitter, "/search_metadata", &["--array"]),
        serde_json::to_string(&want).unwrap()
    );
    assert_eq!(
        select(&twitter, "/search_metadata", &["--count"]),
        format!("{}\n", want.len())
    );
    // The members of every status's `entities` (objects) and the elements of every array
    // among them: as many as the pointer resolved by hand says, the same values.
    let document: Value = serde_json::from_slice(&fs::read(&twitter).unwrap()).unwrap();
    for pointer in [
        "/statuses/*/entities",
        "/statuses/*/entities/*",
        "/*/*/user/entities",
    ] {
        let mut want = items_reached(&document, pointer);
        assert!(want.len() > 100, "{pointer}: {}", want.len());
        assert_eq!(
            select(&twitter, pointer, &["--count"]),
            format!("{}\n", want.len()),
            "{pointer}"
        );
        // A `Value` sorts members by key: the same items, in another order.
        let mut got: Vec<Value> = select(&twitter, pointer, &[])
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let by_text = |v: &Value| v.to_string();
        got.sort_by_key(by_text);
        want.sort_by_key(by_text);
        assert_eq!(got, want, "{pointer}");
    }
}

#[test]
fn members_from_stdin_keep_their_order_repeated_keys_and_exact_values() {
    let doc = r#"{"skipped": [1, {"m": 0}], "m": {
        "z": 18446744073709551615, "a": -9223372036854775808, "z": 1.5e300,
        "é\n\"": {"x": "\u2028\ud83d\ude00", "y": [0.1, -0.0, 1e-7]},
        "": null, "t": true
    }, "after": [1]}"#;
    let OrderedValue::Object(top) = serde_json::from_str::<OrderedValue>(doc).unwrap() else {
        panic!("an object")
    };
    let Some((_, OrderedValue::Object(members))) = top.into_iter().find(|(k, _)| k == "m") else {
        panic!("m is an object")
    };
    let want = one_member_objects(members);
    assert_eq!(want.len(), 6);
    let run = jsonstream()
        .args(["select", "-", "--from", "json", "-p", "/m"])
        .write_stdin(doc)
        .assert()
        .success();
    let mut want_lines = String::new();
    for member in &want {
        want_lines.push_str(&serde_json::to_string(member).unwrap());
        want_lines.push('\n');
    }
    assert_eq!(
        String::from_utf8(run.get_output().stdout.clone()).unwrap(),
        want_lines
    );
    jsonstream()
        .args(["select", "-", "--from", "json", "-p", "/m", "--count"])
        .write_stdin(doc)
        .assert()
        .success()
        .stdout("6\n");
    // The top-level object (the default pointer), into an array file.
    let work = TempDir::new().unwrap();
    let out = work.path().join("members.json");
    jsonstream()
        .args(["select", "-", "--from", "json", "-o"])
        .arg(&out)
        .write_stdin(doc)
        .assert()
        .success();
    let members: Vec<OrderedValue> = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    let keys: Vec<&str> = members
        .iter()
        .map(|member| match member {
            OrderedValue::Object(m) if m.len() == 1 => m[0].0.as_str(),
            other => panic!("not a one-member object: {other:?}"),
        })
        .collect();
    assert_eq!(keys, ["skipped", "m", "after"]);
}

#[test]
fn wildcards_reach_arrays_and_objects_alike() {
    let work = TempDir::new().unwrap();
    // The file is written from the `Value`: its members are in the order of the document.
    let doc = json!({"shards": [
        {"hits": [1, {"a": 2}, "x"]},
        {"hits": {"x": [3], "y": null}},
        {"none": 0},
        {"hits": []},
        {"hits": {}},
        5,
        {"hits": [{"b": [4]}]}
    ]});
    let file = work.path().join("shards.json");
    fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let want = items_reached(&doc, "/shards/*/hits");
    assert_eq!(want.len(), 6);
    let lines: Vec<Value> = select(&file, "/shards/*/hits", &[])
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, want);
    assert_eq!(
        select(&file, "/shards/*/hits", &["--array"]),
        serde_json::to_string(&want).unwrap()
    );
    assert_eq!(select(&file, "/shards/*/hits", &["--count"]), "6\n");
}

#[test]
fn a_value_that_is_neither_an_array_nor_an_object_is_an_error_with_its_position() {
    let work = TempDir::new().unwrap();
    let file = work.path().join("shards.json");
    fs::write(
        &file,
        "{\"shards\": [\n  {\"hits\": [1]},\n  5,\n  {\"hits\": [2]}\n]}\n",
    )
    .unwrap();
    let out = work.path().join("out.ndjson");
    let message = format!(
        "jsonstream: {}: value at JSON Pointer `/shards/*` is neither an array nor an object \
         at line 3 column 3, path $.shards[1] (byte 32)\n",
        file.display()
    );
    jsonstream()
        .arg("select")
        .arg(&file)
        .args(["-p", "/shards/*", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(message.clone());
    jsonstream()
        .arg("select")
        .arg(&file)
        .args(["-p", "/shards/*", "--count"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(message);
    // A scalar at a pointer without wildcards; the output is not left behind.
    let twitter = test_data("bench-data/twitter.json");
    jsonstream()
        .arg("select")
        .arg(&twitter)
        .args(["-p", "/search_metadata/count", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "value at JSON Pointer `/search_metadata/count` is neither an array nor an object",
        ));
    // Damage after an object's members: the rest of the document is checked.
    let damaged = work.path().join("damaged.json");
    fs::write(&damaged, r#"{"o": {"a": 1}, "b": [}"#).unwrap();
    jsonstream()
        .arg("select")
        .arg(&damaged)
        .args(["-p", "/o", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 1 column 23, path $.b[0] (byte 22)",
        ));
    assert_eq!(files_in(work.path()), ["damaged.json", "shards.json"]);
}
