//! JSON over tokio's async I/O (feature `tokio`).
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

mod write;

pub use self::write::{ArrayWriter, LinesWriter, STAGE_SIZE};
