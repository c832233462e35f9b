//! What the runnable examples in `examples/examples/` share: option parsing and exit codes
//! ([`cli`]), wall time and peak memory of each phase ([`mem`]), temporary directories
//! ([`TempDir`], and [`keep_file`] for what an example keeps), the generator of large texts
//! and stream hashing ([`text`]), and zstd buffers in memory that blobs load into
//! ([`compressed`]).
//!
//! Each example is one file; this library keeps the helpers that more than one of them needs,
//! so that they exist once.

pub mod cli;
pub mod compressed;
pub mod mem;
pub mod text;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Any error, for the phases of an example.
pub type BoxError = Box<dyn std::error::Error>;

/// A temporary directory, removed with its content when dropped (also on an error or a
/// panic).
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates `jsonstream-{name}-{pid}` in the system's temporary directory.
    ///
    /// # Errors
    ///
    /// An I/O error creating it.
    pub fn new(name: &str) -> io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("jsonstream-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The path of `name` in the directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

/// Moves the file at `path` (in a [`TempDir`] about to be removed) to `name` in the system's
/// temporary directory, copying it when a rename cannot cross file systems; returns where it
/// is now. For the examples' `--keep` option.
///
/// # Errors
///
/// An I/O error if it can be neither renamed nor copied.
pub fn keep_file(path: &Path, name: &str) -> io::Result<PathBuf> {
    let kept = std::env::temp_dir().join(name);
    fs::rename(path, &kept).or_else(|_| fs::copy(path, &kept).map(drop))?;
    Ok(kept)
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
