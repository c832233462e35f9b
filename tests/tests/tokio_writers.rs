//! The async writers (`jsonstream::tokio::{ArrayWriter, LinesWriter}`): the same bytes as the
//! blocking writers through pipes that take a few bytes at a time and over loopback TCP;
//! errors and cancellation leave them unusable. (Their memory: `tokio_memory.rs`.)

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use jsonstream::tokio::{ArrayWriter, LinesWriter, STAGE_SIZE};
use jsonstream::PrettyFormatter;
use jsonstream_tests::strategies::{arb_value, config};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Reads everything from `reader` in reads of `sizes` bytes (cycled).
async fn read_in_pieces(mut reader: impl AsyncRead + Unpin, sizes: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = vec![0; sizes.iter().copied().max().unwrap_or(1)];
    for &size in sizes.iter().cycle() {
        let n = reader.read(&mut buf[..size]).await.unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n]);
    }
    unreachable!("the cycle is endless")
}

/// The bytes of the blocking writers for `items`: an array (compact or pretty) and lines.
fn blocking(items: &[Value], pretty: bool) -> (Vec<u8>, Vec<u8>) {
    let array = if pretty {
        let mut w = jsonstream::ArrayWriter::with_formatter(Vec::new(), PrettyFormatter::new());
        items.iter().for_each(|item| w.push(item).unwrap());
        w.finish().unwrap()
    } else {
        let mut w = jsonstream::ArrayWriter::new(Vec::new());
        items.iter().for_each(|item| w.push(item).unwrap());
        w.finish().unwrap()
    };
    let mut lines = jsonstream::LinesWriter::new(Vec::new());
    items.iter().for_each(|item| lines.push(item).unwrap());
    (array, lines.finish().unwrap())
}

/// The async writers' bytes for `items`, through a pipe of `capacity` bytes read in `sizes`.
async fn through_pipe(
    items: Vec<Value>,
    pretty: bool,
    capacity: usize,
    sizes: Vec<usize>,
) -> (Vec<u8>, Vec<u8>) {
    let (tx, rx) = tokio::io::duplex(capacity);
    let reader = tokio::spawn({
        let sizes = sizes.clone();
        async move { read_in_pieces(rx, &sizes).await }
    });
    let array_items = items.clone();
    let writer = tokio::spawn(async move {
        if pretty {
            let mut w = ArrayWriter::with_formatter(tx, PrettyFormatter::new());
            for item in &array_items {
                w.push(item).await.unwrap();
            }
            w.finish().await.unwrap();
        } else {
            let mut w = ArrayWriter::new(tx);
            for item in &array_items {
                w.push(item).await.unwrap();
            }
            w.finish().await.unwrap();
        }
    });
    writer.await.unwrap();
    let array = reader.await.unwrap();

    let (tx, rx) = tokio::io::duplex(capacity);
    let reader = tokio::spawn(async move { read_in_pieces(rx, &sizes).await });
    let mut lines = LinesWriter::new(tx);
    for item in &items {
        lines.push(item).await.unwrap();
    }
    drop(lines.finish().await.unwrap());
    (array, reader.await.unwrap())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn the_same_bytes_as_the_blocking_writers(
        items in prop::collection::vec(arb_value(), 0..24),
        pretty in any::<bool>(),
        capacity in 1usize..64,
        sizes in prop::collection::vec(1usize..17, 1..6),
    ) {
        let expected = blocking(&items, pretty);
        let actual = runtime().block_on(through_pipe(items, pretty, capacity, sizes));
        prop_assert_eq!(actual, expected);
    }
}

#[derive(Serialize)]
struct Record {
    id: u64,
    name: String,
    tags: Vec<&'static str>,
}

fn record(id: u64) -> Record {
    Record {
        id,
        name: format!("record \"{id}\""),
        tags: vec!["a", "b\n"],
    }
}

#[test]
fn lines_over_loopback_tcp() {
    const COUNT: u64 = 50_000;
    runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let sender = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let mut lines = LinesWriter::new(socket);
            for id in 0..COUNT {
                lines.push(&record(id)).await.unwrap();
            }
            let mut socket = lines.finish().await.unwrap();
            tokio::io::AsyncWriteExt::shutdown(&mut socket)
                .await
                .unwrap();
        });
        let socket = tokio::net::TcpStream::connect(address).await.unwrap();
        let received = read_in_pieces(socket, &[4096, 1, 7]).await;
        sender.await.unwrap();

        let mut expected = jsonstream::LinesWriter::new(Vec::new());
        (0..COUNT).for_each(|id| expected.push(&record(id)).unwrap());
        assert_eq!(received, expected.finish().unwrap());
    });
}

/// An `AsyncWrite` that accepts `room` bytes, then fails every write.
struct FailingAfter {
    room: usize,
}

impl AsyncWrite for FailingAfter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.room == 0 {
            return Poll::Ready(Err(io::Error::other("disk full")));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Poll::Ready(Ok(n))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[test]
fn a_failed_write_leaves_the_writers_unusable() {
    runtime().block_on(async {
        let mut array = ArrayWriter::new(FailingAfter { room: 100 });
        let mut failure = None;
        for id in 0.. {
            if let Err(err) = array.push(&record(id)).await {
                failure = Some(err);
                break;
            }
        }
        let failure = failure.unwrap();
        assert_eq!(failure.io_error().unwrap().to_string(), "disk full");
        let again = array.push(&record(0)).await.unwrap_err();
        assert_eq!(
            again.to_string(),
            "an earlier error left the writer unusable"
        );
        assert!(array.finish().await.is_err());

        let mut lines = LinesWriter::new(FailingAfter { room: 0 });
        lines.push(&1).await.unwrap(); // staged, not written yet
        let err = lines.flush().await.unwrap_err();
        assert_eq!(err.io_error().unwrap().to_string(), "disk full");
        assert!(lines.push(&2).await.is_err());
        assert!(lines.finish().await.is_err());
    });
}

#[test]
fn a_serialization_error_leaves_the_writers_unusable() {
    runtime().block_on(async {
        let deep = serde_json::json!([[[1]]]);
        let mut array = ArrayWriter::new(Vec::new()).max_depth(2);
        assert!(array.push(&deep).await.is_err());
        assert!(array.push(&1).await.is_err());
        assert!(array.finish().await.is_err());

        let mut lines = LinesWriter::new(Vec::new()).max_depth(2);
        assert!(lines.push(&deep).await.is_err());
        assert!(lines.finish().await.is_err());
    });
}

#[test]
fn a_push_cancelled_while_writing_leaves_the_writer_unusable() {
    runtime().block_on(async {
        // Nobody reads the pipe: the first write out of the staging buffer never completes.
        let (tx, _rx) = tokio::io::duplex(16);
        let mut lines = LinesWriter::new(tx);
        let big = "x".repeat(STAGE_SIZE);
        let cancelled = tokio::time::timeout(Duration::from_millis(50), lines.push(&big)).await;
        assert!(cancelled.is_err(), "the push should still be waiting");
        let err = lines.push(&1).await.unwrap_err();
        assert_eq!(err.to_string(), "an earlier error left the writer unusable");
    });
}
