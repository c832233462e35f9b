//! `jsonstream fmt`: byte for byte what serde_json's `to_writer_pretty` and `to_writer` write
//! for the same value (members in document order), on the standard documents and the
//! conformance suite; errors located, no output left.

mod common;

use std::fs;

use common::{files_in, jsonstream, test_data};
use jsonstream_tests::ordered::OrderedValue;
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn the_standard_documents_come_out_as_serde_json_writes_them() {
    for name in ["twitter.json", "citm_catalog.json", "canada.json"] {
        let path = test_data(&format!("bench-data/{name}"));
        let value: OrderedValue = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let pretty = jsonstream().arg("fmt").arg(&path).assert().success();
        assert!(
            pretty.get_output().stdout == serde_json::to_vec_pretty(&value).unwrap(),
            "{name} pretty"
        );
        let compact = jsonstream()
            .arg("fmt")
            .arg(&path)
            .arg("--compact")
            .assert()
            .success();
        assert!(
            compact.get_output().stdout == serde_json::to_vec(&value).unwrap(),
            "{name} compact"
        );
    }
}

#[test]
fn every_document_of_the_suite_that_serde_json_reads_comes_out_as_it_writes_it() {
    let dir = jsonstream_tests::suite::test_suite_dir();
    let mut compared = 0;
    for (name, bytes) in jsonstream_tests::suite::suite_files("y_") {
        let Ok(value) = serde_json::from_slice::<OrderedValue>(&bytes) else {
            continue;
        };
        let run = jsonstream()
            .arg("fmt")
            .arg(dir.join(&name))
            .arg("--compact")
            .assert()
            .success();
        assert_eq!(
            run.get_output().stdout,
            serde_json::to_vec(&value).unwrap(),
            "{name}"
        );
        compared += 1;
    }
    assert!(compared > 90, "{compared}");
}

#[test]
fn files_pipes_and_compression() {
    let work = TempDir::new().unwrap();
    let json = r#"{"b": [1e2, -0, "\u00e9\n"], "a": {}}"#;
    let value: OrderedValue = serde_json::from_str(json).unwrap();
    let piped = jsonstream()
        .args(["fmt", "-", "--from", "json", "--compact"])
        .write_stdin(json)
        .assert()
        .success();
    assert_eq!(
        piped.get_output().stdout,
        serde_json::to_vec(&value).unwrap()
    );
    let input = work.path().join("in.json.gz");
    fs::write(
        &input,
        jsonstream()
            .args(["fmt", "-", "--from", "json", "-o", "-", "--to", "json.gz"])
            .write_stdin(json)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let output = work.path().join("out.json.zst");
    jsonstream()
        .arg("fmt")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success()
        .stdout("");
    let back = jsonstream()
        .arg("convert")
        .arg(&output)
        .args(["-", "--to", "json", "--pretty"])
        .assert()
        .success();
    assert_eq!(
        back.get_output().stdout,
        serde_json::to_vec_pretty(&value).unwrap()
    );
    jsonstream()
        .arg("fmt")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(2);
    jsonstream()
        .arg("fmt")
        .arg(&input)
        .arg("-o")
        .arg(work.path().join("x.ndjson"))
        .assert()
        .code(2);
}

#[test]
fn invalid_input_is_located_and_leaves_no_output() {
    let work = TempDir::new().unwrap();
    let input = work.path().join("in.json");
    fs::write(&input, "{\n  \"a\": [1, 2],\n  \"b\": \"\\x\"\n}").unwrap();
    let output = work.path().join("out.json");
    jsonstream()
        .arg("fmt")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "in.json: invalid escape at line 3 column 10, path $.b (byte 26)",
        ));
    assert_eq!(files_in(work.path()), ["in.json"]);
}
