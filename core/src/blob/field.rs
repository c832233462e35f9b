//! Blob fields of [`Load`](crate::Load) types: [`BlobValue`], the types they can have, and
//! [`BlobField`], what a sink factory is told about the field.

use std::cell::OnceCell;
use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::blob::sink::{BlobSink, FileSink};

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
/// let upload: Upload = jsonstream::load(&br#"{"content": "twelve bytes"}"#[..])?;
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
    /// `Loader::new().sinks(|field| files.sink(field.name()))` where `files` is a
    /// [`FileSinks`](crate::blob::FileSinks) for a directory (which refuses two fields of one
    /// name: name the files by [`BlobField::path`] where names repeat).
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
#[derive(Clone)]
pub struct BlobField<'a> {
    name: &'a str,
    path: FieldPath<'a>,
}

/// The JSON path of a blob field: given, or written when it is first asked for (most sinks
/// never ask, and a path is a string to build).
#[derive(Clone)]
enum FieldPath<'a> {
    Given(&'a str),
    Lazy {
        write: &'a dyn Fn() -> String,
        written: OnceCell<String>,
    },
}

impl<'a> BlobField<'a> {
    /// The field named `name` (in the document) at `path`.
    pub fn new(name: &'a str, path: &'a str) -> Self {
        BlobField {
            name,
            path: FieldPath::Given(path),
        }
    }

    /// The field named `name`, whose path `write` writes if it is asked for.
    pub(crate) fn with_lazy_path(name: &'a str, write: &'a dyn Fn() -> String) -> Self {
        BlobField {
            name,
            path: FieldPath::Lazy {
                write,
                written: OnceCell::new(),
            },
        }
    }

    /// The field's name in the document (after renaming); for a field of a tuple struct,
    /// a newtype or a tuple variant, its index (`"0"`, `"1"`, …).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The JSON path of the field's value, such as `$.attachments[2].data`: unique in the
    /// document, where the name may not be.
    pub fn path(&self) -> &str {
        match &self.path {
            FieldPath::Given(path) => path,
            FieldPath::Lazy { write, written } => written.get_or_init(write),
        }
    }
}

impl fmt::Debug for BlobField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobField")
            .field("name", &self.name)
            .field("path", &self.path())
            .finish()
    }
}
