//! JSON over tokio's async I/O (feature `tokio`).
//!
//! [`stream`], [`stream_at`] and [`stream_values`] read the elements of a JSON array (or of the
//! arrays a pointer reaches, or JSON Lines) from any [`AsyncRead`] as a
//! `futures_core::Stream`, with exactly the items, errors and memory bounds of their blocking
//! namesakes. Each element is decoded inside `poll_next`, on the polling task, once its bytes
//! have arrived: decoding never blocks the executor for longer than one element.
//!
//! For elements that are expensive to decode (large records, many floats), give the work to
//! threads instead: [`par_stream`](crate::par_stream) over a blocking reader, on a thread of
//! its own (`tokio::task::spawn_blocking` with `tokio_util::io::SyncIoBridge` over the
//! `AsyncRead`, or a file opened with `std::fs`), sending the elements through a channel.
//!
//! [`ArrayWriter`] and [`LinesWriter`] write a JSON array or JSON Lines into any
//! [`AsyncWrite`](::tokio::io::AsyncWrite) (a socket, a file, an HTTP body), with the same
//! bytes as their blocking namesakes: each pushed item is written by the blocking writer into a
//! staging buffer, which goes out with `.await` whenever it holds [`STAGE_SIZE`] bytes, so the
//! executor is never blocked by the output and memory stays within the staging buffer and the
//! largest item.
//!
//! # Examples
//!
//! A server streaming records to a client as JSON Lines, over an in-memory pipe here:
//!
//! ```
//! use serde::Serialize;
//! use tokio::io::AsyncReadExt;
//!
//! #[derive(Serialize)]
//! struct Event {
//!     id: u64,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (server, mut client) = tokio::io::duplex(64);
//! let sender = tokio::spawn(async move {
//!     let mut lines = jsonstream::tokio::LinesWriter::new(server);
//!     for id in 0..3 {
//!         lines.push(&Event { id }).await?;
//!     }
//!     lines.finish().await.map(drop)
//! });
//! let mut text = String::new();
//! client.read_to_string(&mut text).await?;
//! sender.await.unwrap()?;
//! assert_eq!(text, "{\"id\":0}\n{\"id\":1}\n{\"id\":2}\n");
//! # Ok(())
//! # }
//! ```

mod stream;
mod write;

use ::tokio::io::AsyncRead;

use crate::read::stream::StreamElement;
use crate::ReaderOptions;

pub use self::stream::AsyncStream;
pub use self::write::{ArrayWriter, LinesWriter, STAGE_SIZE};

/// The elements of the top-level JSON array of `reader`, one at a time as `T`, as a
/// `futures_core::Stream`: [`jsonstream::stream`](crate::stream) for an [`AsyncRead`].
///
/// # Errors
///
/// As [`jsonstream::stream`](crate::stream): each item is an error if the input is not valid
/// JSON, if the top-level value is not an array, if an element does not fit `T`, or if a read
/// fails; the stream ends after its first error.
///
/// # Examples
///
/// ```
/// use futures_util::StreamExt;
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Point {
///     x: i32,
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> jsonstream::Result<()> {
/// let (mut tx, rx) = tokio::io::duplex(16);
/// tokio::spawn(async move {
///     let body = br#"[{"x": 1}, {"x": 2}, {"x": "three"}]"#;
///     tokio::io::AsyncWriteExt::write_all(&mut tx, body).await
/// });
/// let mut points = jsonstream::tokio::stream::<Point, _>(rx);
/// assert_eq!(points.next().await.unwrap()?.x, 1);
/// assert_eq!(points.next().await.unwrap()?.x, 2);
/// let err = points.next().await.unwrap().unwrap_err();
/// assert_eq!(err.to_string(), "invalid type: string \"three\", expected i32 at line 1 column 34, path $[2].x");
/// assert!(points.next().await.is_none());
/// # Ok(())
/// # }
/// ```
pub fn stream<T: StreamElement, R: AsyncRead + Unpin>(reader: R) -> AsyncStream<R, T> {
    ReaderOptions::default().async_stream(reader)
}

/// The elements of the array at `pointer` (or of every array it reaches through `*` steps),
/// as [`jsonstream::stream_at`](crate::stream_at) reads them, from an [`AsyncRead`].
///
/// # Errors
///
/// As [`jsonstream::stream_at`](crate::stream_at).
///
/// # Examples
///
/// ```
/// use futures_util::TryStreamExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> jsonstream::Result<()> {
/// let input = &br#"{"pages": [{"ids": [1, 2]}, {"ids": [3]}]}"#[..];
/// let ids: Vec<u32> = jsonstream::tokio::stream_at::<u32, _>(input, "/pages/*/ids")
///     .try_collect()
///     .await?;
/// assert_eq!(ids, [1, 2, 3]);
/// # Ok(())
/// # }
/// ```
pub fn stream_at<T: StreamElement, R: AsyncRead + Unpin>(
    reader: R,
    pointer: &str,
) -> AsyncStream<R, T> {
    ReaderOptions::default().async_stream_at(reader, pointer)
}

/// Every top-level value of `reader` (JSON Lines, NDJSON), as
/// [`jsonstream::stream_values`](crate::stream_values) reads them, from an [`AsyncRead`].
///
/// # Errors
///
/// As [`jsonstream::stream_values`](crate::stream_values).
///
/// # Examples
///
/// ```
/// use futures_util::TryStreamExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> jsonstream::Result<()> {
/// let input = &b"{\"id\": 1}\n{\"id\": 2}\n"[..];
/// let records: Vec<serde_json::Value> = jsonstream::tokio::stream_values::<serde_json::Value, _>(input)
///     .try_collect()
///     .await?;
/// assert_eq!(records[1]["id"], 2);
/// # Ok(())
/// # }
/// ```
pub fn stream_values<T: StreamElement, R: AsyncRead + Unpin>(reader: R) -> AsyncStream<R, T> {
    ReaderOptions::default().async_stream_values(reader)
}
