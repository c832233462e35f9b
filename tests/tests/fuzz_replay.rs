//! The fuzz targets' corpus and regression inputs, replayed on stable: every file in
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` passes its target's check
//! (`jsonstream_tests::checks`), run strictly (no known fault tolerated, whatever the
//! environment says), so that CI guards every fault fuzzing ever found without nightly.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use jsonstream_tests::checks;

type Check = fn(&[u8]) -> Result<(), String>;

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
    let mut failures = Vec::new();
    for (name, data) in corpus.iter().chain(&regressions) {
        if let Err(e) = run(check, data) {
            failures.push(format!("{name}: {e}"));
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
    replay("value_differential", checks::value_differential);
}

#[test]
fn reading_paths() {
    replay("reading_paths", checks::reading_paths);
}

#[test]
fn writers() {
    replay("writers", checks::writers);
}

#[test]
fn derived_load() {
    replay("derived_load", checks::derived_load);
}

#[test]
fn pbjson_reading() {
    replay("pbjson_reading", checks::pbjson_reading);
}

#[test]
fn pbjson_writers() {
    replay("pbjson_writers", checks::pbjson_writers);
}

/// Every target has its folders, and nothing else is in `fuzz/corpus/` or `fuzz/regressions/`.
#[test]
fn every_folder_is_a_target() {
    let targets = [
        "value_differential",
        "reading_paths",
        "writers",
        "derived_load",
        "pbjson_reading",
        "pbjson_writers",
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
}
