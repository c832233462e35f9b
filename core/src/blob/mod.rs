//! Blobs: string values too large to hold, streamed from an [`io::Read`] when written and into
//! an [`io::Write`] when read.
//!
//! - Writing: [`Blob`] is a `Serialize` value whose content is read from a source while it is
//!   written, as UTF-8 text ([`Blob::text`]) or as base64 ([`Blob::base64`]).
//!   [`JsonWriter::blob_text`](crate::JsonWriter::blob_text) does the same without serde.
//! - Reading: a [`BlobSink`] is an `io::Write` that a string value is unescaped (or
//!   base64-decoded) into, and that becomes a value of its choice when finished: the bytes
//!   (`Vec<u8>`), a compressed buffer, a file's path ([`FileSink`]).
//! - Maps of blobs, the whole job of a `{name: content, …}` archive: [`dump_map`] and
//!   [`load_map`] (and their base64 variants).
//!
//! # Examples
//!
//! ```
//! use jsonstream::blob;
//!
//! let sources = [("a.txt", &b"first file\n"[..]), ("b.txt", &b"second"[..])];
//! let json = blob::dump_map(Vec::new(), sources)?;
//! assert_eq!(json, br#"{"a.txt":"first file\n","b.txt":"second"}"#);
//!
//! let loaded = blob::load_map(&json[..], |_key| Ok(Vec::new()))?;
//! assert_eq!(loaded[0], ("a.txt".to_string(), b"first file\n".to_vec()));
//! assert_eq!(loaded[1], ("b.txt".to_string(), b"second".to_vec()));
//! # Ok::<(), jsonstream::Error>(())
//! ```

use std::cell::Cell;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write as _};
use std::path::{Component, Path, PathBuf};

use serde::ser::{Error as _, Serialize, Serializer};

use crate::error::{Error, ErrorCode, Result};
use crate::read::reader::JsonReader;
use crate::read::IoRead;
use crate::write::encode::{read_chunk, ContentError, Encoder, READ_CHUNK};
use crate::write::writer::JsonWriter;

/// A string value whose content is read from an [`io::Read`] while it is written, chunk by
/// chunk (64 KiB at a time): UTF-8 text, escaped, or any bytes as base64.
///
/// It streams through this crate's [`dump`](crate::dump) and [`Serializer`](crate::Serializer)
/// and through `serde_json`'s serializer, which both escape
/// [`collect_str`](serde::Serializer::collect_str) output as it is produced. A serializer
/// whose `collect_str` collects a `String` first (serde's default) still gets the right value,
/// but then holds the whole content in memory.
///
/// The source is read once: serializing the same `Blob` again is an error. If reading fails
/// or the text is not UTF-8, serialization returns an error naming the cause (and, for
/// invalid UTF-8, the byte offset in the content); the string written so far is closed, but
/// the enclosing arrays and objects are not, so the output must be discarded. The error goes
/// through serde's `Error::custom`, which keeps its message only: with this crate's serializer
/// it is of [`Category::Data`](crate::Category::Data). (Use
/// [`JsonWriter::blob_text`](crate::JsonWriter::blob_text) to get the `io::Error` itself.)
///
/// # Examples
///
/// ```
/// use jsonstream::Blob;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Attachment<'a> {
///     name: &'static str,
///     text: Blob<'a>,
///     data: Blob<'a>,
/// }
///
/// let attachment = Attachment {
///     name: "notes",
///     text: Blob::text(&b"line 1\nline 2"[..]), // e.g. a File or a zstd decoder
///     data: Blob::base64(&[0u8, 1, 2][..]),
/// };
/// let json = jsonstream::to_string(&attachment)?;
/// assert_eq!(json, r#"{"name":"notes","text":"line 1\nline 2","data":"AAEC"}"#);
///
/// let err = jsonstream::to_string(&attachment).unwrap_err();
/// assert!(err.to_string().contains("already serialized"));
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct Blob<'a> {
    source: Cell<Option<Box<dyn io::Read + 'a>>>,
    base64: bool,
}

impl<'a> Blob<'a> {
    /// A blob of UTF-8 text read from `reader`, written as an escaped JSON string.
    ///
    /// # Examples
    ///
    /// ```
    /// let blob = jsonstream::Blob::text(&b"say \"hi\""[..]);
    /// assert_eq!(jsonstream::to_string(&blob)?, r#""say \"hi\"""#);
    ///
    /// let err = jsonstream::to_string(&jsonstream::Blob::text(&b"ab\xff"[..])).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte 2 of the string value");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn text(reader: impl io::Read + 'a) -> Self {
        Blob {
            source: Cell::new(Some(Box::new(reader))),
            base64: false,
        }
    }

    /// A blob of any bytes read from `reader`, written as a base64 string (standard alphabet,
    /// padded).
    ///
    /// # Examples
    ///
    /// ```
    /// let blob = jsonstream::Blob::base64(&[0xffu8, 0xfe][..]);
    /// assert_eq!(jsonstream::to_string(&blob)?, r#""//4=""#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn base64(reader: impl io::Read + 'a) -> Self {
        Blob {
            source: Cell::new(Some(Box::new(reader))),
            base64: true,
        }
    }
}

impl Serialize for Blob<'_> {
    /// Serializes the content with `collect_str`, reading the source while it is written.
    ///
    /// # Errors
    ///
    /// An error if the blob was serialized before, if reading the source fails, or if text
    /// is not UTF-8; any error of the serializer.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let Some(source) = self.source.take() else {
            return Err(S::Error::custom(
                "the blob was already serialized: its source can be read only once",
            ));
        };
        let content = Content {
            source: Cell::new(Some(source)),
            base64: self.base64,
            failure: Cell::new(None),
        };
        let written = serializer.collect_str(&content);
        match content.failure.into_inner() {
            Some(failure) => Err(S::Error::custom(failure)),
            None => written,
        }
    }
}

impl fmt::Debug for Blob<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blob")
            .field("base64", &self.base64)
            .finish_non_exhaustive()
    }
}

/// The content of a blob as a `Display`, for `collect_str`: it reads the source while the
/// serializer takes the text.
///
/// `fmt` returns `Ok` when the source fails and keeps the error in `failure`: serializers may
/// panic on a `fmt::Error` that did not come from their own output (serde_json does).
struct Content<'a> {
    source: Cell<Option<Box<dyn io::Read + 'a>>>,
    base64: bool,
    failure: Cell<Option<Error>>,
}

impl Content<'_> {
    fn failed(&self, failure: Error) -> fmt::Result {
        self.failure.set(Some(failure));
        Ok(())
    }
}

impl fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(mut source) = self.source.take() else {
            return self.failed(Error::custom(
                "the serializer formatted the blob twice; its source can be read only once",
            ));
        };
        let mut encoder = if self.base64 {
            Encoder::base64()
        } else {
            Encoder::text()
        };
        let mut emit = |text: &str| f.write_str(text);
        let mut buf = vec![0; READ_CHUNK];
        loop {
            let n = match read_chunk(&mut source, &mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) => return self.failed(Error::io(err)),
            };
            match encoder.feed(&buf[..n], &mut emit) {
                Ok(()) => {}
                Err(ContentError::Sink(err)) => return Err(err),
                Err(ContentError::InvalidUtf8(offset)) => {
                    return self.failed(Error::new(ErrorCode::InvalidUtf8At(offset)))
                }
            }
        }
        match encoder.finish(&mut emit) {
            Ok(()) => Ok(()),
            Err(ContentError::Sink(err)) => Err(err),
            Err(ContentError::InvalidUtf8(offset)) => {
                self.failed(Error::new(ErrorCode::InvalidUtf8At(offset)))
            }
        }
    }
}

/// Where a string value read as a stream goes: an [`io::Write`] that becomes a value of its
/// choice when the string is complete.
///
/// [`load_map`] takes a factory that opens one sink per key, copies the key's string value
/// into it, and keeps what [`finish`](Self::finish) returns: the loaded value is the finished
/// result, not the writer. Implemented for `Vec<u8>` (the bytes), [`File`] (the file) and
/// [`FileSink`] (the path of a file written under a temporary name and renamed when complete).
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

/// A type that a blob field of a [`Load`](crate::Load) type can have: the finished value of
/// a [`BlobSink`] that the field's string is unescaped (or base64-decoded) into, chunk by
/// chunk, while it is read.
///
/// [`open_sink`](BlobValue::open_sink) opens the sink used by default; a
/// [`Loader`](crate::Loader) with a factory for the type ([`Loader::sinks`](crate::Loader::sinks))
/// opens it instead, for sinks that need context known only at run time (an output directory,
/// a compression level).
///
/// # Examples
///
/// A field loaded into a compressed (here: summarized) buffer:
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// use std::io;
///
/// use jsonstream::blob::{BlobField, BlobSink, BlobValue};
/// use jsonstream::Load;
///
/// #[derive(Debug, PartialEq)]
/// struct Length(u64);
///
/// struct Counter(u64);
///
/// impl io::Write for Counter {
///     fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
///         self.0 += buf.len() as u64;
///         Ok(buf.len())
///     }
///
///     fn flush(&mut self) -> io::Result<()> {
///         Ok(())
///     }
/// }
///
/// impl BlobSink for Counter {
///     type Output = Length;
///
///     fn finish(self) -> io::Result<Length> {
///         Ok(Length(self.0))
///     }
/// }
///
/// impl BlobValue for Length {
///     type Sink = Counter;
///
///     fn open_sink(_field: &BlobField<'_>) -> io::Result<Counter> {
///         Ok(Counter(0))
///     }
/// }
///
/// #[derive(Load)]
/// struct Upload {
///     #[jsonstream(blob)]
///     content: Length,
/// }
///
/// let upload = Upload::load(&br#"{"content": "twelve bytes"}"#[..])?;
/// assert_eq!(upload.content, Length(12));
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a loaded blob",
    label = "not a `BlobValue`",
    note = "a blob field of a `Load` type is a `Vec<u8>`, a `PathBuf` (with a sink factory), or a type implementing `jsonstream::blob::BlobValue`"
)]
pub trait BlobValue: Sized + 'static {
    /// The sink that becomes this value.
    type Sink: BlobSink<Output = Self>;

    /// Opens the sink for `field`, unless the [`Loader`](crate::Loader) has a factory for
    /// this type.
    ///
    /// # Errors
    ///
    /// Any I/O error opening the sink, or an error saying that this type needs a factory.
    fn open_sink(field: &BlobField<'_>) -> io::Result<Self::Sink>;
}

impl BlobValue for Vec<u8> {
    type Sink = Vec<u8>;

    /// An empty `Vec`.
    fn open_sink(_field: &BlobField<'_>) -> io::Result<Vec<u8>> {
        Ok(Vec::new())
    }
}

impl BlobValue for PathBuf {
    type Sink = FileSink;

    /// No sink: where the file goes is for the caller to say, with a factory such as
    /// `Loader::new().sinks(|field| FileSink::in_dir(&dir, field.name()))`.
    fn open_sink(field: &BlobField<'_>) -> io::Result<FileSink> {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the blob field `{}` is loaded into a file, but the loader has no sink factory \
                 for `PathBuf` to say where (Loader::sinks)",
                field.name()
            ),
        ))
    }
}

/// The blob field whose sink is being opened: what a sink factory may need to know.
///
/// # Examples
///
/// ```
/// use jsonstream::blob::{BlobField, BlobValue};
///
/// let field = BlobField::new("data", "$.attachments[2].data");
/// assert_eq!(field.name(), "data");
/// assert_eq!(field.path(), "$.attachments[2].data");
/// assert!(Vec::<u8>::open_sink(&field)?.is_empty());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct BlobField<'a> {
    name: &'a str,
    path: &'a str,
}

impl<'a> BlobField<'a> {
    /// The field named `name` (in the document) at `path`.
    pub fn new(name: &'a str, path: &'a str) -> Self {
        BlobField { name, path }
    }

    /// The field's name in the document (after renaming); for a field of a tuple struct,
    /// a newtype or a tuple variant, its index (`"0"`, `"1"`, …).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The JSON path of the field's value, such as `$.attachments[2].data`: unique in the
    /// document, where the name may not be.
    pub fn path(&self) -> &'a str {
        self.path
    }
}

/// Writes `{key: content, …}` into `writer`: one member per entry, in order, each value a
/// string whose UTF-8 text is read from the entry's source chunk by chunk and escaped. Returns
/// the writer (not flushed: finish a compression encoder yourself).
///
/// Memory stays a few buffers of 64 KiB whatever the sizes of the sources, which may be of
/// unknown length (files, decoders, sockets).
///
/// # Errors
///
/// An error reading a source ([`Category::Io`](crate::Category::Io)); invalid UTF-8 in a
/// source, naming the byte offset; an I/O error writing. What was written is then an
/// incomplete document.
///
/// # Examples
///
/// ```
/// let entries = vec![("big", &b"text\twith tab"[..]), ("small", &b""[..])];
/// let json = jsonstream::blob::dump_map(Vec::new(), entries)?;
/// assert_eq!(json, br#"{"big":"text\twith tab","small":""}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump_map<W, I, K, R>(writer: W, entries: I) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    dump_entries(writer, entries, JsonWriter::blob_text)
}

/// As [`dump_map`], with each value the base64 encoding (standard alphabet, padded) of any
/// bytes read from its source.
///
/// # Errors
///
/// As [`dump_map`], without UTF-8 errors.
///
/// # Examples
///
/// ```
/// let json = jsonstream::blob::dump_map_base64(Vec::new(), [("bin", &[0u8, 255][..])])?;
/// assert_eq!(json, br#"{"bin":"AP8="}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump_map_base64<W, I, K, R>(writer: W, entries: I) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    dump_entries(writer, entries, JsonWriter::blob_base64)
}

fn dump_entries<W, I, K, R>(
    writer: W,
    entries: I,
    blob: fn(&mut JsonWriter<W>, R) -> Result<u64>,
) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    let mut json = JsonWriter::new(writer);
    json.begin_object()?;
    for (key, source) in entries {
        json.name(key.as_ref())?;
        blob(&mut json, source)?;
    }
    json.end_object()?;
    json.finish()
}

/// Reads a JSON object from `reader` whose values are strings, copying each value, unescaped,
/// into the sink that `factory` opens for its key; returns the keys and the finished sinks
/// ([`BlobSink::finish`]) in document order.
///
/// Nothing is held whole: the reader's window (64 KiB), one key, and the sinks' own content.
/// The rest of the input after the object must be whitespace.
///
/// # Errors
///
/// An error in the document (not an object, a value that is not a string, invalid JSON), with
/// its offset, line, column and path (`$.key`); an error of `factory`, of a sink's `write`, or
/// of a sink's `finish` ([`Category::Io`](crate::Category::Io)), located at the value. A sink
/// being written when an error happens is dropped unfinished.
///
/// # Examples
///
/// ```
/// let json = br#"{"greeting": "hello\nworld", "empty": ""}"#;
/// let loaded = jsonstream::blob::load_map(&json[..], |_key| Ok(Vec::new()))?;
/// assert_eq!(loaded[0], ("greeting".to_string(), b"hello\nworld".to_vec()));
/// assert_eq!(loaded[1], ("empty".to_string(), Vec::new()));
///
/// let err = jsonstream::blob::load_map(&br#"{"n": 1}"#[..], |_| Ok(Vec::new())).unwrap_err();
/// assert_eq!(err.to_string(), "expected a string, found `1` at line 1 column 7, path $.n");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load_map<R, S, F>(reader: R, factory: F) -> Result<Vec<(String, S::Output)>>
where
    R: io::Read,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    load_entries(reader, factory, |json, sink| {
        copy_value(json, sink, Encoding::Text)
    })
}

/// As [`load_map`], with each value base64 text (standard alphabet, padding optional) whose
/// decoded bytes are copied into the sink.
///
/// # Errors
///
/// As [`load_map`]; also an error for a value that is not valid base64.
///
/// # Examples
///
/// ```
/// let loaded = jsonstream::blob::load_map_base64(&br#"{"bin": "AP8="}"#[..], |_| Ok(Vec::new()))?;
/// assert_eq!(loaded, [("bin".to_string(), vec![0, 255])]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load_map_base64<R, S, F>(reader: R, factory: F) -> Result<Vec<(String, S::Output)>>
where
    R: io::Read,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    load_entries(reader, factory, |json, sink| {
        copy_value(json, sink, Encoding::Base64)
    })
}

/// How a blob's bytes are written in its JSON string.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum Encoding {
    /// UTF-8 text, escaped.
    Text,
    /// Any bytes, in base64 (standard alphabet; padded when written, optional when read).
    Base64,
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
        let n = read_chunk(&mut decoded, &mut buf)
            .map_err(|err| err.downcast::<Error>().unwrap_or_else(Error::io))?;
        if n == 0 {
            return Ok(());
        }
        sink.write_all(&buf[..n]).map_err(Error::io)?;
    }
}

type CopyValue<R, S> = fn(&mut JsonReader<IoRead<R>>, &mut S) -> Result<()>;

fn load_entries<R, S, F>(
    reader: R,
    mut factory: F,
    copy: CopyValue<R, S>,
) -> Result<Vec<(String, S::Output)>>
where
    R: io::Read,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    let mut json = JsonReader::new(reader);
    let mut entries = Vec::new();
    json.begin_object()?;
    while json.has_next()? {
        let key = json.next_name()?.to_owned();
        let mut sink = factory(&key).map_err(|err| json.locate(Error::io(err)))?;
        copy(&mut json, &mut sink).map_err(|err| json.locate(err))?;
        let value = sink.finish().map_err(|err| json.locate(Error::io(err)))?;
        entries.push((key, value));
    }
    json.end_object()?;
    json.finish()?;
    Ok(entries)
}
