//! The vendored JSONTestSuite (`data/JSONTestSuite`): where it is and its files by prefix.

use std::path::{Path, PathBuf};

/// The vendored `JSONTestSuite/test_parsing` folder.
pub fn test_suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/JSONTestSuite/test_parsing")
}

/// `(file name, contents)` of the suite files whose name starts with `prefix`, sorted by name.
pub fn suite_files(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = test_suite_dir();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            if name.starts_with(prefix) && name.ends_with(".json") {
                let bytes = std::fs::read(&path).expect("read test file");
                Some((name, bytes))
            } else {
                None
            }
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {prefix}*.json in {}", dir.display());
    files
}
