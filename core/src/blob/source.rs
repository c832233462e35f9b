//! [`Blob`]: a string value whose content is read from an `io::Read` while it is serialized.

use std::cell::Cell;
use std::fmt;
use std::io;

use serde::ser::{Error as _, Serialize, Serializer};

use crate::error::Error;
use crate::write::encode::{ContentError, Encoder, Encoding};

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
    encoding: Encoding,
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
        Blob::new(reader, Encoding::Text)
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
        Blob::new(reader, Encoding::Base64)
    }

    fn new(reader: impl io::Read + 'a, encoding: Encoding) -> Self {
        Blob {
            source: Cell::new(Some(Box::new(reader))),
            encoding,
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
            encoding: self.encoding,
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
            .field("encoding", &self.encoding)
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
    encoding: Encoding,
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
        let mut encoder = Encoder::new(self.encoding);
        let mut emit = |text: &str| f.write_str(text);
        let encoded = encoder
            .feed_from(&mut source, &mut emit)
            .and_then(|_| encoder.finish(&mut emit));
        match encoded {
            Ok(()) => Ok(()),
            Err(ContentError::Content(failure)) => self.failed(failure),
            Err(ContentError::Sink(err)) => Err(err),
        }
    }
}
