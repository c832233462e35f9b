//! Locating the benchmark documents.
//!
//! The documents live outside the repository, in `shared/bench-data` beside the workspace
//! (`<workspace>/../shared/bench-data`); the environment variable
//! [`DATA_DIR_ENV`] overrides that. The benches build without the documents and skip the
//! groups whose document is missing.

use std::path::PathBuf;

/// Environment variable naming the folder that holds `canada.json`, `citm_catalog.json` and
/// `twitter.json`.
pub const DATA_DIR_ENV: &str = "JSONSTREAM_BENCH_DATA";

/// The folder holding the benchmark documents: `$JSONSTREAM_BENCH_DATA` when set and not
/// empty, otherwise `../shared/bench-data` relative to the workspace root.
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root()
            .join("..")
            .join("shared")
            .join("bench-data"),
    }
}

/// The workspace root: the parent of this package's manifest folder.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Path of the document `name` (e.g. `"canada.json"`) if it exists, `None` otherwise.
pub fn document(name: &str) -> Option<PathBuf> {
    let path = data_dir().join(name);
    path.is_file().then_some(path)
}

/// Path of the document `file` for the bench group `group`; if it is missing, says that the
/// group is skipped and where the document was looked for, and returns `None`.
pub fn document_or_skip(group: &str, file: &str) -> Option<PathBuf> {
    let path = document(file);
    if path.is_none() {
        eprintln!(
            "{group}: skipped, {file} not found in {} (set {DATA_DIR_ENV})",
            data_dir().display()
        );
    }
    path
}
