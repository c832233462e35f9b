//! Where a blob goes when it is read: [`BlobSink`], its implementations for `Vec<u8>`, `File`
//! and [`FileSink`], and the copy of a string value into one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write as _};
use std::path::{Component, Path, PathBuf};

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

/// A [`BlobSink`] that writes a file under a temporary name (its path with `.partial`
/// appended) and renames it to its path when finished, so that a file is only ever found
/// under its own name once it is complete. Dropped unfinished, it removes the partial file.
///
/// # Examples
///
/// Load every member of a JSON object into its own file in a directory:
///
/// ```
/// use jsonstream::blob::{self, FileSink};
///
/// let dir = std::env::temp_dir().join(format!("jsonstream-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let json = br#"{"a.txt": "first", "b.txt": "second"}"#;
/// let files = blob::load_map(&json[..], |key| FileSink::in_dir(&dir, key))?;
/// assert_eq!(files[1], ("b.txt".to_string(), dir.join("b.txt")));
/// assert_eq!(std::fs::read_to_string(&files[1].1)?, "second");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct FileSink {
    file: BufWriter<File>,
    names: PartialFile,
}

/// The names of a [`FileSink`]'s file; removes the partial file when dropped before renaming
/// (after the file itself was closed, as fields drop in order).
struct PartialFile {
    partial: PathBuf,
    path: PathBuf,
    renamed: bool,
}

impl FileSink {
    /// Creates (or truncates) the partial file for `path`.
    ///
    /// # Errors
    ///
    /// An I/O error creating the file.
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
        let mut partial = path.clone().into_os_string();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)?;
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
    /// or `..`, not absolute; anything else is refused rather than written outside `dir`.
    ///
    /// # Errors
    ///
    /// An error of kind [`InvalidInput`](io::ErrorKind::InvalidInput) for a name that is not a
    /// plain file name; an I/O error creating the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::blob::FileSink;
    ///
    /// let err = FileSink::in_dir(std::env::temp_dir(), "../escape").err().unwrap();
    /// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    /// ```
    pub fn in_dir(dir: impl AsRef<Path>, name: &str) -> io::Result<Self> {
        let mut components = Path::new(name).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(file)), None) if file == name => {
                FileSink::create(dir.as_ref().join(name))
            }
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{name}` is not a plain file name"),
            )),
        }
    }
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

impl BlobSink for FileSink {
    type Output = PathBuf;

    /// Flushes the file, renames it to its path and returns the path.
    fn finish(self) -> io::Result<PathBuf> {
        let FileSink { file, mut names } = self;
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        fs::rename(&names.partial, &names.path)?;
        names.renamed = true;
        Ok(std::mem::take(&mut names.path))
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
