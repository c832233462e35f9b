//! Async counterparts of [`ArrayWriter`](crate::ArrayWriter) and
//! [`LinesWriter`](crate::LinesWriter): items are written by the blocking writers into a
//! staging buffer, which goes out to the `AsyncWrite` whenever it holds [`STAGE_SIZE`] bytes.

use std::fmt;

use ::tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::{Error, ErrorCode, Result};
use crate::{CompactFormatter, Dump, Formatter};

/// Bytes an async writer stages before it writes them out (more while one item is larger).
pub const STAGE_SIZE: usize = 64 * 1024;

/// The output side shared by both writers: the `AsyncWrite`, and whether a write to it failed
/// or was cancelled half-way (after which the output is incomplete for good).
struct Output<W> {
    out: W,
    failed: bool,
}

impl<W: AsyncWrite + Unpin> Output<W> {
    fn usable(&self) -> Result<()> {
        match self.failed {
            true => Err(Error::new(ErrorCode::WriterUnusable)),
            false => Ok(()),
        }
    }

    /// Writes out what `staged` holds once it holds at least `at_least` bytes, then empties
    /// it. A write that fails, or a future dropped before the write is done, leaves the
    /// writer unusable.
    async fn drain(&mut self, staged: &mut Vec<u8>, at_least: usize) -> Result<()> {
        if staged.is_empty() || staged.len() < at_least {
            return Ok(());
        }
        self.failed = true;
        self.out.write_all(staged).await.map_err(Error::io)?;
        self.failed = false;
        staged.clear();
        Ok(())
    }

    /// Writes `rest` out, flushes, and gives the writer back.
    async fn finish(mut self, rest: Vec<u8>) -> Result<W> {
        self.out.write_all(&rest).await.map_err(Error::io)?;
        self.out.flush().await.map_err(Error::io)?;
        Ok(self.out)
    }
}

/// Writes a top-level JSON array into a tokio [`AsyncWrite`], one pushed item at a time, as
/// [`jsonstream::ArrayWriter`](crate::ArrayWriter) does into an `io::Write`: the same bytes.
///
/// Each item is written by the blocking writer into a staging buffer, which is written out
/// with `.await` whenever it holds [`STAGE_SIZE`] bytes: memory is the staging buffer plus
/// the largest item. An item's blob sources ([`Blob`](crate::Blob)) are `io::Read`s, read
/// while the item is pushed: on the executor, so give it sources that do not block (bytes
/// in memory), or push such items from `tokio::task::spawn_blocking`
/// with the blocking writer.
///
/// [`finish`](Self::finish) writes the closing `]` and **flushes**. Dropped without `finish`,
/// the writer loses what it staged, and the output is an array that never ends, which every
/// reader reports as truncated.
///
/// # Examples
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Record {
///     id: u64,
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> jsonstream::Result<()> {
/// let mut records = jsonstream::tokio::ArrayWriter::new(Vec::new());
/// for id in 1..=2 {
///     records.push(&Record { id }).await?;
/// }
/// assert_eq!(records.finish().await?, br#"[{"id":1},{"id":2}]"#);
/// # Ok(())
/// # }
/// ```
pub struct ArrayWriter<W, F: Formatter = CompactFormatter> {
    items: crate::ArrayWriter<Vec<u8>, F>,
    output: Output<W>,
}

impl<W: AsyncWrite + Unpin> ArrayWriter<W> {
    /// An array writer into `writer`, compact.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let records = jsonstream::tokio::ArrayWriter::new(Vec::new());
    /// assert_eq!(records.finish().await?, b"[]");
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(writer: W) -> Self {
        ArrayWriter::with_formatter(writer, CompactFormatter)
    }
}

impl<W: AsyncWrite + Unpin, F: Formatter> ArrayWriter<W, F> {
    /// An array writer into `writer`, laid out by `formatter`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::PrettyFormatter;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut rows = jsonstream::tokio::ArrayWriter::with_formatter(Vec::new(), PrettyFormatter::new());
    /// rows.push(&1).await?;
    /// rows.push(&2).await?;
    /// assert_eq!(rows.finish().await?, b"[\n  1,\n  2\n]");
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_formatter(writer: W, formatter: F) -> Self {
        ArrayWriter {
            items: crate::ArrayWriter::with_formatter(Vec::new(), formatter),
            output: Output {
                out: writer,
                failed: false,
            },
        }
    }

    /// Sets how many levels of arrays and objects each item may nest, as
    /// [`jsonstream::ArrayWriter::max_depth`](crate::ArrayWriter::max_depth).
    ///
    /// # Examples
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut rows = jsonstream::tokio::ArrayWriter::new(Vec::new()).max_depth(1);
    /// rows.push(&json!([1, 2])).await?;
    /// assert!(rows.push(&json!([[3]])).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.items = self.items.max_depth(max_depth);
        self
    }

    /// Writes `item` as the next element: a serde value by reference (`&value`), or a
    /// [`Dump`] value of a derived type.
    ///
    /// Not cancellation safe: dropping the future before it completes leaves the writer
    /// unusable (part of the staged bytes may have been written).
    ///
    /// # Errors
    ///
    /// An error from writing `item` (serializing it, reading one of its blob sources, an item
    /// nested deeper than [`max_depth`](Self::max_depth)) or from the `AsyncWrite`; any
    /// error leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut numbers = jsonstream::tokio::ArrayWriter::new(Vec::new());
    /// numbers.push(&1.5).await?;
    /// assert_eq!(numbers.finish().await?, b"[1.5]");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn push(&mut self, item: impl Dump) -> Result<()> {
        self.output.usable()?;
        self.items.push(item)?;
        let staged = self.items.staged()?;
        self.output.drain(staged, STAGE_SIZE).await
    }

    /// Writes the closing `]` and what is staged, flushes the `AsyncWrite`, and returns it.
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut numbers = jsonstream::tokio::ArrayWriter::new(Vec::new());
    /// numbers.push(&7).await?;
    /// let out: Vec<u8> = numbers.finish().await?;
    /// assert_eq!(out, b"[7]");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn finish(self) -> Result<W> {
        self.output.usable()?;
        let rest = self.items.finish()?;
        self.output.finish(rest).await
    }
}

impl<W, F: Formatter> fmt::Debug for ArrayWriter<W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrayWriter")
            .field("items", &self.items)
            .field("failed", &self.output.failed)
            .finish_non_exhaustive()
    }
}

/// Writes JSON Lines into a tokio [`AsyncWrite`]: one compact value and `\n` per pushed item,
/// as [`jsonstream::LinesWriter`](crate::LinesWriter) does into an `io::Write`.
///
/// Lines are staged and written out with `.await` whenever [`STAGE_SIZE`] bytes are staged;
/// [`flush`](Self::flush) writes out and flushes the complete lines staged so far (a log
/// shipper calls it on a timer), [`finish`](Self::finish) writes the rest and flushes.
/// Dropped without either, the writer loses the lines it staged. Blob sources are read on the
/// executor, as for [`ArrayWriter`].
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> jsonstream::Result<()> {
/// let mut lines = jsonstream::tokio::LinesWriter::new(Vec::new());
/// lines.push(&serde_json::json!({"id": 1})).await?;
/// lines.push("two").await?;
/// assert_eq!(lines.finish().await?, b"{\"id\":1}\n\"two\"\n");
/// # Ok(())
/// # }
/// ```
pub struct LinesWriter<W> {
    lines: crate::LinesWriter<Vec<u8>>,
    output: Output<W>,
}

impl<W: AsyncWrite + Unpin> LinesWriter<W> {
    /// A JSON Lines writer into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let lines = jsonstream::tokio::LinesWriter::new(Vec::new());
    /// assert_eq!(lines.finish().await?, b"");
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(writer: W) -> Self {
        LinesWriter {
            lines: crate::LinesWriter::new(Vec::new()),
            output: Output {
                out: writer,
                failed: false,
            },
        }
    }

    /// Sets how many levels of arrays and objects each item may nest, as
    /// [`jsonstream::LinesWriter::max_depth`](crate::LinesWriter::max_depth).
    ///
    /// # Examples
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut lines = jsonstream::tokio::LinesWriter::new(Vec::new()).max_depth(1);
    /// lines.push(&json!([1, 2])).await?;
    /// assert!(lines.push(&json!([[3]])).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.lines = self.lines.max_depth(max_depth);
        self
    }

    /// Writes `item` as the next line. Not cancellation safe, as
    /// [`ArrayWriter::push`].
    ///
    /// # Errors
    ///
    /// An error from writing `item` or from the `AsyncWrite`; either leaves the writer
    /// unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut lines = jsonstream::tokio::LinesWriter::new(Vec::new());
    /// lines.push(&[1, 2]).await?;
    /// assert_eq!(lines.finish().await?, b"[1,2]\n");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn push(&mut self, item: impl Dump) -> Result<()> {
        self.output.usable()?;
        self.lines.push(item)?;
        let staged = self.lines.staged()?;
        self.output.drain(staged, STAGE_SIZE).await
    }

    /// Writes out the lines staged so far and flushes the `AsyncWrite`.
    ///
    /// # Errors
    ///
    /// An I/O error (which leaves the writer unusable), or an earlier error that did.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let (client, mut server) = tokio::io::duplex(1024);
    /// let mut lines = jsonstream::tokio::LinesWriter::new(client);
    /// lines.push("ping").await?;
    /// lines.flush().await?;
    /// let mut line = [0; 7];
    /// tokio::io::AsyncReadExt::read_exact(&mut server, &mut line).await?;
    /// assert_eq!(&line, b"\"ping\"\n");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.output.usable()?;
        let staged = self.lines.staged()?;
        self.output.drain(staged, 0).await?;
        self.output.failed = true;
        self.output.out.flush().await.map_err(Error::io)?;
        self.output.failed = false;
        Ok(())
    }

    /// Writes out the lines staged, flushes the `AsyncWrite`, and returns it.
    ///
    /// # Errors
    ///
    /// An I/O error, or an earlier error that left the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let mut lines = jsonstream::tokio::LinesWriter::new(Vec::new());
    /// lines.push(&true).await?;
    /// assert_eq!(lines.finish().await?, b"true\n");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn finish(self) -> Result<W> {
        self.output.usable()?;
        let rest = self.lines.finish()?;
        self.output.finish(rest).await
    }
}

impl<W> fmt::Debug for LinesWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinesWriter")
            .field("lines", &self.lines)
            .field("failed", &self.output.failed)
            .finish_non_exhaustive()
    }
}
