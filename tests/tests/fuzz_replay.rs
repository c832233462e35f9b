//! The fuzz targets' corpus and regression inputs, replayed on stable: every file in
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` passes its target's check
//! (`jsonstream_tests::checks`), run strictly (no known fault tolerated, whatever the
//! environment says), so that CI guards every fault fuzzing ever found without nightly.
//!
//! The regression inputs of faults that are being fixed are listed in [`KNOWN_FAILING`]: this
//! test asserts that they STILL FAIL, so that the list is emptied as the fixes land.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use jsonstream_tests::checks::{self, Known};

type Check = fn(&[u8]) -> Result<(), String>;

/// Regression inputs of known faults that are being fixed, as (target, file in
/// `fuzz/regressions/<target>/`, fault). Each must still fail its check: when its fix lands,
/// this test fails until the entry is removed (and the fault's tolerance in
/// `tests/src/checks/known.rs` with it).
const KNOWN_FAILING: &[(&str, &str, &str)] = &[
    (
        "value_differential",
        "known-depth-128-arrays",
        "depth boundary: jsonstream reads 128 nested arrays, serde_json rejects them",
    ),
    (
        "value_differential",
        "found-float-message-0.0",
        "data error message: jsonstream writes the float 0.0 as `0`, serde_json as `0.0`",
    ),
    (
        "value_differential",
        "found-float-message-1e20",
        "data error message: jsonstream writes 1e20 as `100000000000000000000`, serde_json as `1e+20`",
    ),
    (
        "reading_paths",
        "known-string-prefix-utf8-read-size",
        "string reader before invalid UTF-8: reads of 1 byte hand out `abcd`, copy_to nothing",
    ),
    (
        "reading_paths",
        "known-string-prefix-utf8-window",
        "string reader before invalid UTF-8: window 4 hands out `abc`, the slice nothing",
    ),
    (
        "reading_paths",
        "known-string-prefix-utf8-one-byte-reads",
        "string reader before invalid UTF-8 (found by fuzzing): one-byte reads hand out `*`, \
         the slice nothing",
    ),
    (
        "reading_paths",
        "known-string-prefix-base64",
        "base64 reader before invalid base64: one-byte reads hand out 3 bytes, the slice none",
    ),
    (
        "reading_paths",
        "known-string-prefix-base64-dropped",
        "base64 reader dropped after 1 byte: one-byte reads hand out bytes and the reader goes \
         on; on the slice the first read fails (invalid base64)",
    ),
    (
        "reading_paths",
        "known-drop-offset-invalid-rest",
        "offset after a string reader dropped before invalid UTF-8: 12 through window 4, 10 on \
         the slice",
    ),
    (
        "derived_load",
        "found-blob-not-a-string-token",
        "blob field holding `b`: Load says `expected a string, found `b``, the serde path \
         `expected value`",
    ),
    (
        "derived_load",
        "found-blob-not-a-string-control-byte",
        "blob field holding byte 0x01: Load says `expected a string, found byte 0x01`, the \
         serde path `expected value`",
    ),
    (
        "derived_load",
        "found-blob-not-a-string-number",
        "blob field holding 1: Load's syntax error at the 1, the serde path's data error \
         `invalid type: integer `1`, expected a string` after it",
    ),
    (
        "derived_load",
        "found-blob-not-a-string-array",
        "blob field holding []: Load's syntax error, the serde path's data error \
         `invalid type: sequence, expected a string`",
    ),
    (
        "derived_load",
        "found-blob-not-a-string-bad-literal",
        "blob field holding `nul`: Load's error at the `n`, the serde path's `expected ident` \
         3 bytes on",
    ),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted by name (none if the folder is absent).
fn files(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(".");
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .map(|path| {
            let name = format!(
                "fuzz/{kind}/{target}/{}",
                path.file_name().unwrap().to_string_lossy()
            );
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The check's verdict on `data`: a panic inside the library under test is a failure too.
fn run(check: Check, data: &[u8]) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| check(data))) {
        Ok(verdict) => verdict,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(not a string)")
        )),
    }
}

fn replay(target: &str, check: Check) {
    let corpus = files("corpus", target);
    let regressions = files("regressions", target);
    assert!(
        !corpus.is_empty(),
        "no corpus in {}",
        fuzz_dir().join("corpus").join(target).display()
    );
    let known: Vec<&str> = KNOWN_FAILING
        .iter()
        .filter(|(t, _, _)| *t == target)
        .map(|(_, file, _)| *file)
        .collect();
    for file in &known {
        assert!(
            regressions
                .iter()
                .any(|(name, _)| name.ends_with(&format!("/{file}"))),
            "KNOWN_FAILING names fuzz/regressions/{target}/{file}, which does not exist"
        );
    }
    let mut failures = Vec::new();
    for (name, data) in corpus.iter().chain(&regressions) {
        let is_known = known.iter().any(|file| name.ends_with(&format!("/{file}")))
            && name.starts_with("fuzz/regressions/");
        match (run(check, data), is_known) {
            (Ok(()), false) | (Err(_), true) => {}
            (Err(e), false) => failures.push(format!("{name}: {e}")),
            (Ok(()), true) => failures.push(format!(
                "{name} passes now: its fault is fixed; remove it from KNOWN_FAILING \
                 (and its tolerance from tests/src/checks/known.rs)"
            )),
        }
    }
    if !failures.is_empty() {
        panic!(
            "{target}: {} of {} inputs fail:\n\n{}",
            failures.len(),
            corpus.len() + regressions.len(),
            failures.join("\n\n")
        );
    }
}

#[test]
fn value_differential() {
    replay("value_differential", |data| {
        checks::value_differential(data, Known::NONE)
    });
}

#[test]
fn reading_paths() {
    replay("reading_paths", |data| {
        checks::reading_paths(data, Known::NONE)
    });
}

#[test]
fn writers() {
    replay("writers", checks::writers);
}

#[test]
fn derived_load() {
    replay("derived_load", |data| {
        checks::derived_load(data, Known::NONE)
    });
}

/// Every target has its folders, and nothing else is in `fuzz/corpus/` or `fuzz/regressions/`.
#[test]
fn every_folder_is_a_target() {
    let targets = [
        "value_differential",
        "reading_paths",
        "writers",
        "derived_load",
    ];
    for kind in ["corpus", "regressions"] {
        let dir = fuzz_dir().join(kind);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                targets.contains(&name.as_str()) || name.ends_with(".md"),
                "fuzz/{kind}/{name} is not a fuzz target's folder"
            );
        }
    }
    for (target, file, _) in KNOWN_FAILING {
        assert!(
            targets.contains(target),
            "KNOWN_FAILING: no target {target} ({file})"
        );
    }
}
