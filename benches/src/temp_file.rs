//! A file in the system temporary folder that the benches write their large inputs to,
//! removed when dropped (also when writing it failed).

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// A temporary file, removed on drop.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Creates `jsonstream-bench-{name}` (with this process's id in it, so that two benches
    /// at once do not share it) in the system temporary folder; returns it with a buffered
    /// writer of it.
    pub fn create(name: &str) -> io::Result<(Self, BufWriter<File>)> {
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let path = std::env::temp_dir().join(format!(
            "jsonstream-bench-{stem}-{}.{extension}",
            std::process::id()
        ));
        let file = File::create(&path)?;
        Ok((TempFile { path }, BufWriter::with_capacity(1 << 16, file)))
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
