//! Temporary directories for the tests that write files.

use std::fs;
use std::path::{Path, PathBuf};

/// A directory of its own in the system's temporary directory, removed with its content when
/// dropped (also when a test panics).
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// An empty directory `jsonstream-test-{name}-{pid}`; one left by a crashed run of the same
    /// process id is emptied first. `name` must be unique within a test binary.
    ///
    /// # Panics
    ///
    /// If the directory cannot be created.
    pub fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jsonstream-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The path of `name` in the directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The content of the file `name`, as text.
    ///
    /// # Panics
    ///
    /// If it cannot be read as UTF-8 text.
    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.file(name)).unwrap()
    }

    /// The names of the files in the directory, sorted.
    ///
    /// # Panics
    ///
    /// If the directory cannot be listed or a name is not UTF-8.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_lists_its_files_and_is_removed_when_dropped() {
        let dir = TempDir::new("temp-dir-self-test");
        fs::write(dir.file("b"), "2").unwrap();
        fs::write(dir.file("a"), "1").unwrap();
        assert_eq!(dir.names(), ["a", "b"]);
        assert_eq!(dir.read("b"), "2");
        let path = dir.path().to_owned();
        drop(dir);
        assert!(!path.exists());
    }
}
