//! `jsonstream validate`: every `y_` file of JSONTestSuite accepted and every `n_` file
//! refused with its position; the reader's limits as flags; JSON Lines and PBJSON by their
//! endings; one line per file, and the exit code of the worst.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{jsonstream, test_data};
use predicates::prelude::*;
use tempfile::TempDir;

/// The suite's files whose names start with `prefix`.
fn suite(prefix: &str) -> Vec<PathBuf> {
    let dir = jsonstream_tests::suite::test_suite_dir();
    let files: Vec<PathBuf> = jsonstream_tests::suite::suite_files(prefix)
        .into_iter()
        .map(|(name, _)| dir.join(name))
        .collect();
    assert!(files.len() > 90, "{} {prefix} files", files.len());
    files
}

#[test]
fn every_y_file_is_valid() {
    let files = suite("y_");
    let run = jsonstream()
        .arg("validate")
        .args(&files)
        .assert()
        .success()
        .stderr("");
    let report = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert_eq!(report.lines().count(), files.len());
    for (line, file) in report.lines().zip(&files) {
        let size = fs::metadata(file).unwrap().len();
        let prefix = format!("{}: ok, {size} bytes, ", file.display());
        assert!(
            line.starts_with(&prefix) && line.ends_with(" values"),
            "{line}"
        );
    }
}

#[test]
fn every_n_file_is_invalid_with_its_position() {
    let files = suite("n_");
    let run = jsonstream()
        .arg("validate")
        .args(&files)
        .assert()
        .code(1)
        .stdout("");
    let report = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert_eq!(report.lines().count(), files.len(), "{report}");
    for (line, file) in report.lines().zip(&files) {
        assert!(line.starts_with(&format!("{}: ", file.display())), "{line}");
        // Every error names where: line and column with the byte, or the end of input.
        assert!(
            line.contains(" at line ") && line.contains("(byte "),
            "{line}"
        );
    }
    // Each alone exits with 1 as well.
    for file in files.iter().step_by(20) {
        jsonstream().arg("validate").arg(file).assert().code(1);
    }
}

#[test]
fn values_are_counted_at_every_depth() {
    let work = TempDir::new().unwrap();
    let file = work.path().join("a.json");
    fs::write(&file, r#" {"a": [1, "two", {"b": null}], "c": true} "#).unwrap();
    jsonstream()
        .arg("validate")
        .arg(&file)
        .assert()
        .success()
        .stdout(format!("{}: ok, 43 bytes, 7 values\n", file.display()));
    let twitter = test_data("bench-data/twitter.json");
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&twitter).unwrap()).unwrap();
    fn count(value: &serde_json::Value) -> u64 {
        1 + match value {
            serde_json::Value::Array(items) => items.iter().map(count).sum(),
            serde_json::Value::Object(members) => members.values().map(count).sum(),
            _ => 0,
        }
    }
    let size = fs::metadata(&twitter).unwrap().len();
    jsonstream()
        .arg("validate")
        .arg(&twitter)
        .assert()
        .success()
        .stdout(format!(
            "{}: ok, {size} bytes, {} values\n",
            twitter.display(),
            count(&value)
        ));
}

#[test]
fn limits_are_flags() {
    let work = TempDir::new().unwrap();
    let file = work.path().join("doc.json");
    fs::write(
        &file,
        r#"{"key": [[["a string of 25 characters"]]], "n": 12345}"#,
    )
    .unwrap();
    jsonstream().arg("validate").arg(&file).assert().success();
    for (flag, value, message) in [
        ("--max-depth", "3", "nesting deeper than the limit of 3"),
        (
            "--max-string",
            "10",
            "string longer than the limit of 10 bytes",
        ),
        ("--max-key", "2", "key longer than the limit of 2 bytes"),
        (
            "--max-number",
            "4",
            "number longer than the limit of 4 bytes",
        ),
        (
            "--max-document",
            "20",
            "document larger than the limit of 20 bytes",
        ),
    ] {
        jsonstream()
            .arg("validate")
            .arg(&file)
            .args([flag, value])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message).and(predicate::str::contains("doc.json: ")));
    }
    for (flag, value) in [
        ("--max-depth", "4"),
        ("--max-string", "25"),
        ("--max-key", "3"),
        ("--max-number", "5"),
    ] {
        jsonstream()
            .arg("validate")
            .arg(&file)
            .args([flag, value])
            .assert()
            .success();
    }
    jsonstream()
        .arg("validate")
        .arg(&file)
        .args(["--max-depth", "many"])
        .assert()
        .code(2);
}

#[test]
fn json_lines_and_pbjson_by_their_endings() {
    let work = TempDir::new().unwrap();
    let lines = work.path().join("a.ndjson.gz");
    fs::write(&lines, gzip_by_the_tool(b"{\"a\": [1, 2]}\n\"x\"\n")).unwrap();
    // The size is the decompressed one (of the lines as the tool wrote them).
    let decompressed = b"{\"a\":[1,2]}\n\"x\"\n".len();
    jsonstream()
        .arg("validate")
        .arg(&lines)
        .assert()
        .success()
        .stdout(format!(
            "{}: ok, {decompressed} bytes, 5 values\n",
            lines.display()
        ));
    let bad_lines = work.path().join("b.jsonl");
    fs::write(&bad_lines, "1\n2\n[3,\n").unwrap();
    jsonstream()
        .arg("validate")
        .arg(&bad_lines)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 4"));
    let pbj = work.path().join("c.pbj");
    jsonstream()
        .arg("convert")
        .arg(test_data("bench-data/twitter.json"))
        .arg(&pbj)
        .assert()
        .success();
    jsonstream().arg("validate").arg(&pbj).assert().success();
    let mut bytes = fs::read(&pbj).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&pbj, bytes).unwrap();
    jsonstream()
        .arg("validate")
        .arg(&pbj)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at byte"));
    // `-` names its format; an unknown ending is a usage error.
    jsonstream()
        .args(["validate", "-", "--from", "json"])
        .write_stdin("[1, 2]")
        .assert()
        .success()
        .stdout("-: ok, 6 bytes, 3 values\n");
    jsonstream()
        .arg("validate")
        .arg(work.path().join("x.txt"))
        .assert()
        .code(2);
}

#[test]
fn an_unreadable_file_wins_over_an_invalid_one() {
    let work = TempDir::new().unwrap();
    let good = work.path().join("good.json");
    let bad = work.path().join("bad.json");
    fs::write(&good, "[]").unwrap();
    fs::write(&bad, "[").unwrap();
    let missing = work.path().join("missing.json");
    let run = jsonstream()
        .arg("validate")
        .args([&bad, &missing, &good])
        .assert()
        .code(3);
    let output = run.get_output();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{}: ok, 2 bytes, 1 values\n", good.display())
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 2);
}

/// `bytes` gzip-compressed by the tool itself (through `convert`'s output), so that the test
/// needs no compressor of its own.
fn gzip_by_the_tool(bytes: &[u8]) -> Vec<u8> {
    let run = jsonstream()
        .args(["convert", "-", "--from", "ndjson", "-", "--to", "ndjson.gz"])
        .write_stdin(bytes.to_vec())
        .assert()
        .success();
    run.get_output().stdout.clone()
}
