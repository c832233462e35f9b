//! An array of many twitter statuses (the 100 of `twitter.json` in turn), one a line, in a
//! temporary file: the string-heavy input of the parallel benches, next to the records.

use std::io::{self, Write};
use std::path::Path;

use crate::temp_file::TempFile;
use crate::twitter::Twitter;

/// A temporary file holding an array of statuses, removed on drop.
#[derive(Debug)]
pub struct TempStatuses {
    file: TempFile,
}

impl TempStatuses {
    /// Writes `count` statuses, those of the `twitter.json` at `twitter` in turn, into a new
    /// file in the system temporary folder.
    pub fn create(twitter: &Path, count: u64) -> io::Result<Self> {
        let page: Twitter = serde_json::from_slice(&std::fs::read(twitter)?)?;
        let (file, mut out) = TempFile::create(&format!("statuses-{count}.json"))?;
        out.write_all(b"[")?;
        let statuses = page.statuses.iter().cycle().take(count as usize);
        for (i, status) in statuses.enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, status)?;
        }
        out.write_all(b"\n]\n")?;
        drop(out.into_inner().map_err(|e| e.into_error())?);
        Ok(TempStatuses { file })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}
