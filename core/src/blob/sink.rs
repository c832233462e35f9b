//! Where a blob goes when it is read: [`BlobSink`], its implementations for `Vec<u8>`, `File`
//! and [`FileSink`], the factory of file sinks for one load ([`FileSinks`]), the copy of a
//! string value into a sink, and the [`Rollback`] of finished sinks when the value they belong
//! to fails.

use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::io_retry::read_retrying;
use crate::read::reader::JsonReader;
use crate::write::encode::{Encoding, READ_CHUNK};

/// Where a string value read as a stream goes: an [`io::Write`] that becomes a value of its
/// choice when the string is complete.
///
/// [`load_map`](crate::blob::load_map) takes a factory that opens one sink per key, copies the
/// key's string value into it, and keeps what [`finish`](Self::finish) returns: the loaded
/// value is the finished result, not the writer. Implemented for `Vec<u8>` (the bytes), [`File`]
/// (the file) and [`FileSink`] (the path of a file written under a temporary name and renamed
/// when complete).
///
/// A sink being written when a load fails is dropped unfinished; a sink that finished before
/// the value it belongs to failed (a bad field after the blob, a truncated array, trailing
/// characters) is undone by its [`rollback`](Self::rollback) step, so that a failed value
/// leaves nothing behind.
///
/// # Examples
///
/// A sink that keeps only a count and a checksum of the content:
///
/// ```
/// use std::io;
///
/// use jsonstream::blob::{self, BlobSink};
///
/// #[derive(Default)]
/// struct Summary {
///     len: u64,
///     sum: u64,
/// }
///
/// impl io::Write for Summary {
///     fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
///         self.len += buf.len() as u64;
///         self.sum += buf.iter().map(|&b| u64::from(b)).sum::<u64>();
///         Ok(buf.len())
///     }
///
///     fn flush(&mut self) -> io::Result<()> {
///         Ok(())
///     }
/// }
///
/// impl BlobSink for Summary {
///     type Output = (u64, u64);
///
///     fn finish(self) -> io::Result<(u64, u64)> {
///         Ok((self.len, self.sum))
///     }
/// }
///
/// let loaded = blob::load_map(&br#"{"a": "\u0001\u0002"}"#[..], |_| Ok(Summary::default()))?;
/// assert_eq!(loaded, [("a".to_string(), (2, 3))]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub trait BlobSink: io::Write {
    /// What the sink becomes when the content is complete.
    type Output;

    /// Completes the content (flushing, finishing a compressed stream, renaming a file) and
    /// returns the result.
    ///
    /// # Errors
    ///
    /// Any I/O error in completing the content.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// use jsonstream::blob::BlobSink;
    ///
    /// let mut sink = Vec::new();
    /// sink.write_all(b"content")?;
    /// assert_eq!(sink.finish()?, b"content");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn finish(self) -> io::Result<Self::Output>;

    /// The step that undoes what `output`, the result of [`finish`](Self::finish), left
    /// outside the program (a file written, an object uploaded), or `None` if there is
    /// nothing to undo: the default, right for sinks whose output is only a value in memory.
    /// [`FileSink`] removes its file.
    ///
    /// A load that fails runs the steps of every sink finished within the value that failed,
    /// the last finished first: the whole document for [`Loader::load`](crate::Loader::load)
    /// and [`load_map`](crate::blob::load_map), the one element for
    /// [`Loader::stream`](crate::Loader::stream) (elements already yielded are kept). The
    /// step is asked for when the sink finishes, and kept until the value is complete: it
    /// should hold little (a path, a key). An error of the step is added to the load's error,
    /// so its message should name what was left behind. A sink that wraps another (a
    /// compressor over a [`FileSink`]) delegates to it: `FileSink::rollback(path)`.
    ///
    /// # Examples
    ///
    /// A sink that appends to a log file, and whose rollback truncates the log back to where
    /// the value started:
    ///
    /// ```
    /// use std::fs::{File, OpenOptions};
    /// use std::io::{self, Write};
    /// use std::path::PathBuf;
    ///
    /// use jsonstream::blob::{self, BlobSink, Rollback};
    ///
    /// struct Appended {
    ///     log: PathBuf,
    ///     start: u64,
    /// }
    ///
    /// struct LogSink {
    ///     file: File,
    ///     appended: Appended,
    /// }
    ///
    /// impl io::Write for LogSink {
    ///     fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
    ///         self.file.write(buf)
    ///     }
    ///
    ///     fn flush(&mut self) -> io::Result<()> {
    ///         self.file.flush()
    ///     }
    /// }
    ///
    /// impl BlobSink for LogSink {
    ///     type Output = Appended;
    ///
    ///     fn finish(mut self) -> io::Result<Appended> {
    ///         self.file.flush()?;
    ///         Ok(self.appended)
    ///     }
    ///
    ///     fn rollback(appended: &Appended) -> Option<Rollback> {
    ///         let (log, start) = (appended.log.clone(), appended.start);
    ///         Some(Rollback::new(move || OpenOptions::new().write(true).open(&log)?.set_len(start)))
    ///     }
    /// }
    ///
    /// let log = std::env::temp_dir().join(format!("jsonstream-doc-log-{}", std::process::id()));
    /// std::fs::write(&log, "kept\n")?;
    /// let open = |_key: &str| -> io::Result<LogSink> {
    ///     let file = OpenOptions::new().append(true).open(&log)?;
    ///     let start = file.metadata()?.len();
    ///     Ok(LogSink { file, appended: Appended { log: log.clone(), start } })
    /// };
    /// let err = blob::load_map(&br#"{"a": "one\n", "b": "two\n"} trailing"#[..], open).err().unwrap();
    /// assert!(err.is_syntax());
    /// assert_eq!(std::fs::read_to_string(&log)?, "kept\n");
    /// # std::fs::remove_file(&log)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn rollback(output: &Self::Output) -> Option<Rollback>
    where
        Self: Sized,
    {
        let _ = output;
        None
    }
}

/// The step that undoes a finished [`BlobSink`]'s output when the value it belongs to fails to
/// load: made by [`BlobSink::rollback`], run by the load that failed.
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
///
/// use jsonstream::blob::Rollback;
///
/// let undone = Rc::new(Cell::new(false));
/// let flag = Rc::clone(&undone);
/// let rollback = Rollback::new(move || {
///     flag.set(true);
///     Ok(())
/// });
/// rollback.run()?;
/// assert!(undone.get());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Rollback(Box<dyn FnOnce() -> io::Result<()>>);

impl Rollback {
    /// The step that runs `undo`.
    pub fn new(undo: impl FnOnce() -> io::Result<()> + 'static) -> Self {
        Rollback(Box::new(undo))
    }

    /// Runs the step.
    ///
    /// # Errors
    ///
    /// The step's error: what it could not undo.
    pub fn run(self) -> io::Result<()> {
        (self.0)()
    }
}

impl fmt::Debug for Rollback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rollback").finish_non_exhaustive()
    }
}

/// Runs `rollbacks`, the steps of the sinks finished within a value that failed with `err`,
/// the last finished first; the steps that fail are added to `err`.
pub(crate) fn roll_back(rollbacks: Vec<Rollback>, err: Error) -> Error {
    let failures = rollbacks
        .into_iter()
        .rev()
        .filter_map(|rollback| rollback.run().err())
        .collect();
    err.with_rollback_failures(failures)
}

impl BlobSink for Vec<u8> {
    type Output = Vec<u8>;

    /// The bytes written.
    fn finish(self) -> io::Result<Vec<u8>> {
        Ok(self)
    }
}

impl BlobSink for File {
    type Output = File;

    /// The file, flushed (not synced to disk: that is for the caller to decide).
    fn finish(mut self) -> io::Result<File> {
        self.flush()?;
        Ok(self)
    }
}

/// A [`BlobSink`] that writes a file under a temporary name and renames it to its path when
/// finished, so that a file is only ever found under its own name once it is complete.
///
/// The temporary file is created in the file's directory, exclusively (never over an
/// existing file), under a hidden name of its own: a `.`, the start of the file's name, 16
/// random hex digits and the ending `.jsonstream-partial`, such as
/// `.b.txt.3f9a0c5e1d7b2864.jsonstream-partial`; if that name is taken, another is tried.
/// [`in_dir`](Self::in_dir) and [`FileSinks`] refuse names with that ending (in any case), so
/// that no key can name a temporary file. The temporary file is removed on every failure: an
/// error writing, flushing or renaming it, and a sink dropped before
/// [`finish`](BlobSink::finish) (a process killed mid-way leaves it behind, recognizable by
/// its ending).
///
/// `finish` renames the file to its path, replacing a file already there (atomically where
/// `rename` is: POSIX file systems), as writing a file under its name would. Each sink is on
/// its own: two sinks for one path write one file, and the last to finish replaces the other.
/// **To load values into files of a directory, use [`FileSinks`]**: it refuses a second value
/// for a name it opened before, so that a duplicate key cannot silently replace a file of the
/// same load.
///
/// Its [`rollback`](BlobSink::rollback) removes the finished file: a load that fails after
/// the sink finished leaves no file behind. (A file that the sink had replaced is gone too:
/// its earlier content is not restored.)
///
/// # Examples
///
/// ```
/// use std::io::Write;
///
/// use jsonstream::blob::{BlobSink, FileSink};
///
/// let dir = std::env::temp_dir().join(format!("jsonstream-doc-sink-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let mut sink = FileSink::create(dir.join("notes.txt"))?;
/// sink.write_all(b"first draft")?;
/// drop(sink); // unfinished: nothing is left, under any name
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 0);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct FileSink {
    file: BufWriter<File>,
    names: PartialFile,
}

/// The names of a [`FileSink`]'s file; removes the temporary file when dropped before renaming
/// (after the file itself was closed, as fields drop in order).
struct PartialFile {
    partial: PathBuf,
    path: PathBuf,
    renamed: bool,
}

/// The ending of the names of temporary files, refused as a name from the data.
const TEMPORARY_SUFFIX: &str = ".jsonstream-partial";

/// How many bytes of the final name a temporary name repeats, for people who find one.
const TEMPORARY_NAME_PREFIX_LEN: usize = 64;

/// How many taken temporary names are tried before giving up.
const TEMPORARY_NAME_ATTEMPTS: usize = 16;

impl FileSink {
    /// Creates a temporary file for `path` in its directory; [`finish`](BlobSink::finish)
    /// renames it to `path`.
    ///
    /// # Errors
    ///
    /// An error of kind [`InvalidInput`](io::ErrorKind::InvalidInput) for a path that does not
    /// end with a file name (`/`, `..`); an I/O error creating the temporary file (a
    /// directory that does not exist, no permission).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// use jsonstream::blob::{BlobSink, FileSink};
    ///
    /// let path = std::env::temp_dir().join(format!("jsonstream-doc-{}.txt", std::process::id()));
    /// let mut sink = FileSink::create(&path)?;
    /// sink.write_all(b"hello")?;
    /// assert!(!path.exists()); // still under its temporary name
    /// assert_eq!(sink.finish()?, path);
    /// assert_eq!(std::fs::read(&path)?, b"hello");
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn create(path: impl Into<PathBuf>) -> io::Result<Self> {
        let path = path.into();
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` does not end with a file name", path.display()),
            ));
        };
        let (file, partial) = create_temporary(dir, name, random_suffix)?;
        Ok(FileSink {
            file: BufWriter::new(file),
            names: PartialFile {
                partial,
                path,
                renamed: false,
            },
        })
    }

    /// A sink for the file named `name` in the directory `dir`. `name` comes from the data
    /// (a JSON key), so it must be one plain file name: not empty, no path separator, not `.`
    /// or `..`, not absolute; and not ending with `.jsonstream-partial`, the ending of
    /// temporary files. Anything else is refused rather than written outside `dir` or over a
    /// temporary file.
    ///
    /// Each call is on its own: to load many values, use [`FileSinks::sink`], which also
    /// refuses a second value for one name.
    ///
    /// # Errors
    ///
    /// An error of kind [`InvalidInput`](io::ErrorKind::InvalidInput) for a name that is not a
    /// plain file name or that ends as temporary names do; an I/O error creating the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::blob::FileSink;
    ///
    /// let err = FileSink::in_dir(std::env::temp_dir(), "../escape").err().unwrap();
    /// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    /// let err = FileSink::in_dir(std::env::temp_dir(), "a.jsonstream-partial").err().unwrap();
    /// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    /// ```
    pub fn in_dir(dir: impl AsRef<Path>, name: &str) -> io::Result<Self> {
        check_file_name(name)?;
        FileSink::create(dir.as_ref().join(name))
    }
}

/// Refuses a name from the data that is not one plain file name, or that a temporary file
/// could have.
fn check_file_name(name: &str) -> io::Result<()> {
    let mut components = Path::new(name).components();
    let plain = matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(file)), None) if file == name
    );
    if !plain {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{name}` is not a plain file name"),
        ));
    }
    // Windows drops trailing dots and spaces from file names.
    let significant = name.trim_end_matches(['.', ' ']).as_bytes();
    let suffix = TEMPORARY_SUFFIX.as_bytes();
    if significant.len() >= suffix.len()
        && significant[significant.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{name}` ends with `{TEMPORARY_SUFFIX}`, the ending of temporary files"),
        ));
    }
    Ok(())
}

/// Checks that `name`, a name from the data (a JSON key), is the relative path of a file
/// inside a directory on any system, and returns it as a path: components separated by `/`,
/// each a plain file name as [`FileSink::in_dir`] accepts it (not empty, not `.` or `..`,
/// not ending as temporary files do).
///
/// Refused, so that no name reaches outside the directory or means something else
/// elsewhere: an absolute path (`/etc/passwd`), `..` or `.` anywhere, an empty component
/// (`a//b`, `a/`), a backslash (a separator on Windows), a NUL, and a drive prefix
/// (`C:x`, a letter and a colon). Only the name is checked here, not the file system:
/// [`FileSinks::nested`] also refuses symbolic links on the way.
///
/// # Errors
///
/// An error of kind [`InvalidInput`](io::ErrorKind::InvalidInput) naming what is wrong.
///
/// # Examples
///
/// ```
/// use std::path::Path;
///
/// use jsonstream::blob::relative_path;
///
/// assert_eq!(relative_path("docs/é t.txt")?, Path::new("docs/é t.txt"));
/// for escaping in ["/etc/passwd", "../x", "a/../../x", "a\\b", "C:x", "a//b", "a\0b"] {
///     assert_eq!(relative_path(escaping).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
/// }
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn relative_path(name: &str) -> io::Result<PathBuf> {
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "`{}` is not a relative path inside the directory: {why}",
                name.escape_debug()
            ),
        ))
    };
    if name.starts_with('/') {
        return refuse("it is absolute");
    }
    if name.contains('\\') {
        return refuse("it has a backslash");
    }
    if name.contains('\0') {
        return refuse("it has a NUL character");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return refuse("it starts with a drive prefix");
    }
    let mut path = PathBuf::new();
    for component in name.split('/') {
        match component {
            "" => return refuse("it has an empty component"),
            "." | ".." => return refuse("it has a `.` or `..` component"),
            _ => check_file_name(component)?,
        }
        path.push(component);
    }
    Ok(path)
}

/// Creates the missing directories of `relative`'s parent inside `dir`, refusing a component
/// that is a symbolic link or not a directory; `name` is the name from the data, for messages.
fn make_parents(dir: &Path, relative: &Path, name: &str) -> io::Result<()> {
    let Some(parent) = relative.parent() else {
        return Ok(());
    };
    let mut current = dir.to_path_buf();
    for component in parent.components() {
        current.push(component);
        let refuse = |why: &str| {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "`{}` would pass through {}, {why}",
                    name.escape_debug(),
                    current.display()
                ),
            ))
        };
        let meta = match fs::symlink_metadata(&current) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => match fs::create_dir(&current) {
                Ok(()) => continue,
                // Made meanwhile by someone else: what it is, is checked below.
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                    fs::symlink_metadata(&current)?
                }
                Err(err) => return Err(err),
            },
            meta => meta?,
        };
        if meta.file_type().is_symlink() {
            return refuse("a symbolic link");
        }
        if !meta.is_dir() {
            return refuse("which is not a directory");
        }
    }
    Ok(())
}

/// Creates a new file in `dir` under a temporary name for the file `name`, never opening an
/// existing file: while the name is taken, another is tried. `suffix` gives the random part
/// of each name.
fn create_temporary(
    dir: &Path,
    name: &OsStr,
    mut suffix: impl FnMut() -> u64,
) -> io::Result<(File, PathBuf)> {
    let name = name.to_string_lossy();
    let mut end = name.len().min(TEMPORARY_NAME_PREFIX_LEN);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let mut attempts = 1;
    loop {
        let partial = dir.join(format!(
            ".{}.{:016x}{TEMPORARY_SUFFIX}",
            &name[..end],
            suffix()
        ));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
        {
            Ok(file) => return Ok((file, partial)),
            Err(err)
                if err.kind() == io::ErrorKind::AlreadyExists
                    && attempts < TEMPORARY_NAME_ATTEMPTS =>
            {
                attempts += 1;
            }
            Err(err) => return Err(err),
        }
    }
}

/// 64 bits that another process (or an earlier run of this one) is unlikely to have chosen:
/// a counter hashed with the standard library's randomly keyed hasher.
fn random_suffix() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    hasher.finish()
}

impl io::Write for FileSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl FileSink {
    /// Completes the content (flushes and closes the file) but leaves it under its temporary
    /// name: [`StagedFile::commit`] gives it its name later, and dropping the staged file
    /// removes it. For loads that publish their files only once all of them are complete
    /// and the whole input was checked (a truncated or corrupt input then leaves no file),
    /// where [`finish`](BlobSink::finish) renames at once.
    ///
    /// # Errors
    ///
    /// An I/O error writing the last buffered bytes; the temporary file is then removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// use jsonstream::blob::FileSink;
    ///
    /// let path = std::env::temp_dir().join(format!("jsonstream-doc-staged-{}.txt", std::process::id()));
    /// let mut sink = FileSink::create(&path)?;
    /// sink.write_all(b"complete")?;
    /// let staged = sink.complete()?;
    /// assert!(!path.exists()); // complete, not yet published
    /// assert_eq!(staged.commit()?, path);
    /// assert_eq!(std::fs::read(&path)?, b"complete");
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn complete(self) -> io::Result<StagedFile> {
        let FileSink { file, names } = self;
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(StagedFile { names })
    }
}

impl BlobSink for FileSink {
    type Output = PathBuf;

    /// Flushes the file, renames it to its path (replacing a file there) and returns the path.
    fn finish(self) -> io::Result<PathBuf> {
        self.complete()?.commit()
    }

    /// Removes the file (a file already gone is not an error).
    fn rollback(path: &PathBuf) -> Option<Rollback> {
        let path = path.clone();
        Some(Rollback::new(move || match fs::remove_file(&path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(io::Error::new(
                err.kind(),
                format!("could not remove `{}`: {err}", path.display()),
            )),
            _ => Ok(()),
        }))
    }
}

/// A complete file still under its temporary name, from [`FileSink::complete`]:
/// [`commit`](Self::commit) renames it to its path; dropped uncommitted, it is removed.
///
/// # Examples
///
/// ```
/// use std::io::Write;
///
/// use jsonstream::blob::FileSink;
///
/// let dir = std::env::temp_dir().join(format!("jsonstream-doc-staged-drop-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let mut sink = FileSink::create(dir.join("a.txt"))?;
/// sink.write_all(b"complete, but the rest of the input was not")?;
/// let staged = sink.complete()?;
/// drop(staged); // never committed: nothing is left
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 0);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct StagedFile {
    names: PartialFile,
}

impl StagedFile {
    /// The path the file gets when committed.
    pub fn path(&self) -> &Path {
        &self.names.path
    }

    /// Renames the file to its path (replacing a file there, atomically where `rename` is)
    /// and returns the path.
    ///
    /// # Errors
    ///
    /// An I/O error renaming; the temporary file is then removed.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        fs::rename(&self.names.partial, &self.names.path)?;
        self.names.renamed = true;
        Ok(std::mem::take(&mut self.names.path))
    }
}

impl fmt::Debug for StagedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StagedFile")
            .field("path", &self.names.path)
            .field("partial", &self.names.partial)
            .finish()
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.renamed {
            // Unfinished: the partial file must not pass for content. Nothing to do on error.
            let _ = fs::remove_file(&self.partial);
        }
    }
}

impl fmt::Debug for FileSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSink")
            .field("path", &self.names.path)
            .field("partial", &self.names.partial)
            .finish_non_exhaustive()
    }
}

/// Opens a [`FileSink`] for each value of one load into a directory, and refuses a second
/// value for a name it opened before: the sink factory to use with
/// [`load_map`](crate::blob::load_map) and [`Loader::sinks`](crate::Loader::sinks).
///
/// A document with a duplicate key (`{"a": "1", "a": "2"}`), or blob fields that the factory
/// names alike (the `body` of every element of an array), would otherwise have the second
/// value replace the first's file, and both loaded values name the one file. With
/// [`replace(true)`](Self::replace), the later value replaces the earlier instead.
///
/// Names are checked as [`FileSink::in_dir`] checks them (one plain file name, not a
/// temporary file's). Files that were in the directory before the load are replaced, as
/// [`FileSink`] does. The names opened are kept (one `String` each) for as long as the
/// `FileSinks` lives: one per load, or one for several loads that must not share a name.
/// Names are compared exactly: on a case-insensitive file system, `A` and `a` are one file
/// that this does not detect.
///
/// # Examples
///
/// ```
/// use jsonstream::blob::{self, FileSinks};
///
/// let dir = std::env::temp_dir().join(format!("jsonstream-doc-sinks-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let json = br#"{"a.txt": "first", "b.txt": "second"}"#;
/// let mut files = FileSinks::new(&dir);
/// let loaded = blob::load_map(&json[..], |key| files.sink(key))?;
/// assert_eq!(loaded[1], ("b.txt".to_string(), dir.join("b.txt")));
/// assert_eq!(std::fs::read_to_string(&loaded[1].1)?, "second");
///
/// // A key twice: an error, located at the second value.
/// let json = br#"{"c.txt": "one", "c.txt": "two"}"#;
/// let mut files = FileSinks::new(&dir);
/// let err = blob::load_map(&json[..], |key| files.sink(key)).unwrap_err();
/// assert_eq!(err.io_error().unwrap().kind(), std::io::ErrorKind::AlreadyExists);
/// assert_eq!(err.path(), "$[\"c.txt\"]");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct FileSinks {
    dir: PathBuf,
    replace: bool,
    nested: bool,
    opened: HashSet<String>,
}

impl FileSinks {
    /// Sinks for files in `dir`, which must exist; a second value for a name is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::blob::FileSinks;
    ///
    /// let mut files = FileSinks::new(std::env::temp_dir());
    /// assert!(files.sink("../escape").is_err());
    /// ```
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileSinks {
            dir: dir.into(),
            replace: false,
            nested: false,
            opened: HashSet::new(),
        }
    }

    /// With `true`, a second value for a name replaces the file of the first when it finishes
    /// (both loaded values are then the one path, and the file holds the later value);
    /// with `false`, the default, it is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::blob::{self, FileSinks};
    ///
    /// let dir = std::env::temp_dir().join(format!("jsonstream-doc-replace-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let mut files = FileSinks::new(&dir).replace(true);
    /// let json = br#"{"a": "old", "a": "new"}"#;
    /// let loaded = blob::load_map(&json[..], |key| files.sink(key))?;
    /// assert_eq!(loaded[0].1, loaded[1].1);
    /// assert_eq!(std::fs::read_to_string(dir.join("a"))?, "new");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }

    /// With `true`, names may be relative paths of files in subdirectories (`docs/a.txt`),
    /// as [`relative_path`] accepts them; the subdirectories are created as needed. A
    /// directory on the way that is a symbolic link, or a file, is refused rather than
    /// followed, so that nothing is written outside the directory. With `false`, the
    /// default, a name is one plain file name.
    ///
    /// Checked when each sink is opened: a link made in the directory by another process
    /// between that check and the file's creation is not detected.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::blob::{self, FileSinks};
    ///
    /// let dir = std::env::temp_dir().join(format!("jsonstream-doc-nested-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let json = br#"{"docs/notes/a.txt": "first", "b.txt": "second"}"#;
    /// let mut files = FileSinks::new(&dir).nested(true);
    /// let loaded = blob::load_map(&json[..], |key| files.sink(key))?;
    /// assert_eq!(std::fs::read_to_string(dir.join("docs/notes/a.txt"))?, "first");
    ///
    /// let err = blob::load_map(&br#"{"../x": ""}"#[..], |key| files.sink(key)).unwrap_err();
    /// assert_eq!(err.io_error().unwrap().kind(), std::io::ErrorKind::InvalidInput);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nested(mut self, nested: bool) -> Self {
        self.nested = nested;
        self
    }

    /// A sink for the file named `name` in the directory, as [`FileSink::in_dir`] opens it
    /// (or, [`nested`](Self::nested), at the relative path `name`), unless a sink for `name`
    /// was opened before (and replacing is off).
    ///
    /// # Errors
    ///
    /// An error of kind [`AlreadyExists`](io::ErrorKind::AlreadyExists) for a name opened
    /// before; of kind [`InvalidInput`](io::ErrorKind::InvalidInput) for a name that is not a
    /// plain file name (nested: a relative path as [`relative_path`] says, through no
    /// symbolic link) or that ends as temporary names do; an I/O error creating the file (or
    /// a subdirectory).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::{ErrorKind, Write};
    ///
    /// use jsonstream::blob::{BlobSink, FileSinks};
    ///
    /// let dir = std::env::temp_dir().join(format!("jsonstream-doc-files-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let mut files = FileSinks::new(&dir);
    /// let mut sink = files.sink("report.txt")?;
    /// sink.write_all(b"total: 3")?;
    /// assert_eq!(sink.finish()?, dir.join("report.txt"));
    /// assert_eq!(files.sink("report.txt").unwrap_err().kind(), ErrorKind::AlreadyExists);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sink(&mut self, name: &str) -> io::Result<FileSink> {
        let path = if self.nested {
            let relative = relative_path(name)?;
            make_parents(&self.dir, &relative, name)?;
            self.dir.join(relative)
        } else {
            check_file_name(name)?;
            self.dir.join(name)
        };
        let seen = self.opened.contains(name);
        if seen && !self.replace {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "a second value for the file `{name}` in this load \
                     (FileSinks::replace lets it replace the first)"
                ),
            ));
        }
        let sink = FileSink::create(path)?;
        if !seen {
            self.opened.insert(name.to_owned());
        }
        Ok(sink)
    }
}

/// Copies the next value of `json`, a string, into `sink`: unescaped, or base64-decoded.
pub(crate) fn copy_value<'de, S, W>(
    json: &mut JsonReader<S>,
    sink: &mut W,
    encoding: Encoding,
) -> Result<()>
where
    S: crate::read::Read<'de>,
    W: io::Write + ?Sized,
{
    if encoding == Encoding::Text {
        return json.string_reader()?.copy_to(sink).map(drop);
    }
    let mut decoded = json.base64_reader()?;
    let mut buf = vec![0; READ_CHUNK];
    loop {
        // The reader's errors are this crate's errors, located, inside an io::Error.
        let n = read_retrying(&mut decoded, &mut buf)
            .map_err(|err| err.downcast::<Error>().unwrap_or_else(Error::io))?;
        if n == 0 {
            return Ok(());
        }
        sink.write_all(&buf[..n]).map_err(Error::io)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory of its own for a test, removed when dropped.
    struct TestDir(PathBuf);

    impl TestDir {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "jsonstream-sink-unit-{name}-{}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TestDir(dir)
        }

        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for TestDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_taken_temporary_name_is_left_alone_and_another_tried() {
        let dir = TestDir::new("taken");
        // The first two names the suffixes give are taken.
        fs::write(
            dir.0.join(".a.txt.0000000000000001.jsonstream-partial"),
            "one",
        )
        .unwrap();
        fs::create_dir(dir.0.join(".a.txt.0000000000000002.jsonstream-partial")).unwrap();
        let mut suffixes = 1..;
        let (mut file, partial) =
            create_temporary(&dir.0, OsStr::new("a.txt"), || suffixes.next().unwrap()).unwrap();
        assert_eq!(
            partial,
            dir.0.join(".a.txt.0000000000000003.jsonstream-partial")
        );
        file.write_all(b"three").unwrap();
        drop(file);
        let taken = dir.0.join(".a.txt.0000000000000001.jsonstream-partial");
        assert_eq!(fs::read_to_string(taken).unwrap(), "one");
        assert_eq!(fs::read_to_string(&partial).unwrap(), "three");
    }

    #[test]
    fn creating_gives_up_after_so_many_taken_names() {
        let dir = TestDir::new("give-up");
        fs::write(dir.0.join(".a.0000000000000007.jsonstream-partial"), "x").unwrap();
        let mut calls = 0;
        let err = create_temporary(&dir.0, OsStr::new("a"), || {
            calls += 1;
            7
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(calls, TEMPORARY_NAME_ATTEMPTS);
        assert_eq!(dir.names(), [".a.0000000000000007.jsonstream-partial"]);
        // Any other error at once.
        let err = create_temporary(&dir.0.join("missing"), OsStr::new("a"), || 8).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn temporary_names_repeat_at_most_64_bytes_of_the_name_whole_characters() {
        let dir = TestDir::new("long");
        let name = format!("{}\u{e9}{}", "a".repeat(63), "b".repeat(200));
        let (_file, partial) = create_temporary(&dir.0, OsStr::new(&name), || 0xab).unwrap();
        let expected = format!(".{}.00000000000000ab.jsonstream-partial", "a".repeat(63));
        assert_eq!(partial, dir.0.join(expected));
    }

    #[test]
    fn random_suffixes_differ() {
        let suffixes: HashSet<u64> = (0..1000).map(|_| random_suffix()).collect();
        assert_eq!(suffixes.len(), 1000);
    }

    #[test]
    fn names_from_the_data_are_plain_and_not_temporary() {
        for good in [
            "a",
            "a.txt",
            ".hidden",
            "a.partial",
            "jsonstream-partial",
            "x.jsonstream",
        ] {
            assert!(check_file_name(good).is_ok(), "{good:?}");
        }
        for bad in ["", ".", "..", "../x", "a/b", "/abs", "a/"] {
            let err = check_file_name(bad).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
            assert_eq!(err.to_string(), format!("`{bad}` is not a plain file name"));
        }
        for temporary in [
            ".a.0123456789abcdef.jsonstream-partial",
            "a.jsonstream-partial",
            ".jsonstream-partial",
            ".A.0123456789ABCDEF.JSONSTREAM-PARTIAL",
            "a.jsonstream-partial.",
            "a.jsonstream-partial . ",
        ] {
            let err = check_file_name(temporary).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{temporary:?}");
            assert_eq!(
                err.to_string(),
                format!(
                    "`{temporary}` ends with `.jsonstream-partial`, the ending of temporary files"
                )
            );
        }
    }

    #[test]
    fn paths_without_a_file_name_are_refused() {
        for path in ["/", "..", "a/..", ""] {
            let err = FileSink::create(path).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{path:?}");
        }
    }
}
