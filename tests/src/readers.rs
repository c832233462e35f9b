//! Readers that cut an input into unusual `read` results (one byte, `Interrupted`, short reads,
//! a failure), the [`Schedule`]s built from them, a reader that logs what it was asked for,
//! and [`Hesitant`], which makes any of them an `AsyncRead` that is often not ready.

use std::io::{self, Read};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};

/// Returns at most one byte per `read` call.
#[derive(Debug)]
pub struct OneByteReader<R> {
    inner: R,
}

impl<R: Read> OneByteReader<R> {
    /// Reads `inner` one byte at a time.
    pub fn new(inner: R) -> Self {
        OneByteReader { inner }
    }
}

impl<R: Read> Read for OneByteReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.inner.read(&mut buf[..1])
    }
}

/// Fails every other call (starting with the first) with `ErrorKind::Interrupted`; the calls in
/// between are passed to the inner reader.
#[derive(Debug)]
pub struct InterruptedReader<R> {
    inner: R,
    interrupt_next: bool,
    /// How many `Interrupted` errors were returned, to prove the reader was exercised.
    pub interruptions: usize,
}

impl<R: Read> InterruptedReader<R> {
    /// Reads `inner`, interrupted before every call that reaches it.
    pub fn new(inner: R) -> Self {
        InterruptedReader {
            inner,
            interrupt_next: true,
            interruptions: 0,
        }
    }
}

impl<R: Read> Read for InterruptedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.interrupt_next {
            self.interrupt_next = false;
            self.interruptions += 1;
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "interrupted (test)",
            ));
        }
        self.interrupt_next = true;
        self.inner.read(buf)
    }
}

/// Short reads: call `i` returns at most `sizes[i % sizes.len()]` bytes. Sizes of 0 are read as
/// 1 (a 0-byte read would mean end of input).
#[derive(Debug)]
pub struct ShortReader<R> {
    inner: R,
    sizes: Vec<usize>,
    next: usize,
}

impl<R: Read> ShortReader<R> {
    /// Reads `inner` in pieces of `sizes` bytes at most (an empty `sizes` means `[1]`).
    pub fn new(inner: R, sizes: &[usize]) -> Self {
        let mut sizes: Vec<usize> = sizes.iter().map(|&s| s.max(1)).collect();
        if sizes.is_empty() {
            sizes.push(1);
        }
        ShortReader {
            inner,
            sizes,
            next: 0,
        }
    }
}

impl<R: Read> Read for ShortReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(buf.len());
        self.inner.read(&mut buf[..n])
    }
}

/// Passes `ok_bytes` bytes through, then fails with a non-retryable error of kind `Other`.
#[derive(Debug)]
pub struct FailingReader<R> {
    inner: R,
    remaining: usize,
}

/// The message of the error [`FailingReader`] returns.
pub const FAILING_READER_MESSAGE: &str = "the disk is on fire (test)";

impl<R: Read> FailingReader<R> {
    /// Reads `ok_bytes` bytes of `inner` (fewer if it ends first), then fails.
    pub fn new(inner: R, ok_bytes: usize) -> Self {
        FailingReader {
            inner,
            remaining: ok_bytes,
        }
    }
}

impl<R: Read> Read for FailingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            return Err(io::Error::other(FAILING_READER_MESSAGE));
        }
        let n = self.remaining.min(buf.len());
        let n = self.inner.read(&mut buf[..n])?;
        if n == 0 {
            return Err(io::Error::other(FAILING_READER_MESSAGE));
        }
        self.remaining -= n;
        Ok(n)
    }
}

/// A way of cutting an input into `read` results, for chunk-invariance tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// The plain `&[u8]` reader: everything it is asked for.
    Whole,
    /// One byte per call.
    OneByte,
    /// `Interrupted` every other call, otherwise everything asked for.
    Interrupted,
    /// `Interrupted` every other call, one byte otherwise.
    InterruptedOneByte,
    /// Short reads of these sizes, cycled.
    Sizes(Vec<usize>),
    /// Short reads of these sizes, cycled, with `Interrupted` every other call.
    InterruptedSizes(Vec<usize>),
}

impl Schedule {
    /// A reader over `data` that follows this schedule.
    pub fn reader<'a>(&self, data: &'a [u8]) -> Box<dyn Read + 'a> {
        self.wrap(data)
    }

    /// `inner` read as this schedule says: a reader that can be sent to another thread if
    /// `inner` can (for the parallel streams, over an owned `io::Cursor`).
    pub fn wrap<'a, R: Read + Send + 'a>(&self, inner: R) -> Box<dyn Read + Send + 'a> {
        match self {
            Schedule::Whole => Box::new(inner),
            Schedule::OneByte => Box::new(OneByteReader::new(inner)),
            Schedule::Interrupted => Box::new(InterruptedReader::new(inner)),
            Schedule::InterruptedOneByte => {
                Box::new(InterruptedReader::new(OneByteReader::new(inner)))
            }
            Schedule::Sizes(sizes) => Box::new(ShortReader::new(inner, sizes)),
            Schedule::InterruptedSizes(sizes) => {
                Box::new(InterruptedReader::new(ShortReader::new(inner, sizes)))
            }
        }
    }

    /// The fixed schedules every chunk-invariance test runs.
    pub fn fixed() -> Vec<Schedule> {
        vec![
            Schedule::Whole,
            Schedule::OneByte,
            Schedule::Interrupted,
            Schedule::InterruptedOneByte,
            Schedule::Sizes(vec![2, 3, 1, 7]),
            Schedule::InterruptedSizes(vec![5, 1, 13]),
        ]
    }
}

/// Reads everything from `r`, retrying `Interrupted`, into a `Vec` (for checking the readers).
pub fn read_all(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}
/// Passes everything through and logs the length of every buffer it is asked to fill: what the
/// code under test asks of its `io::Read` (for instance, how large a window it reads into).
#[derive(Debug)]
pub struct RequestLog<R> {
    inner: R,
    /// The length of the buffer of every `read` call, in order.
    pub requests: Vec<usize>,
}

impl<R: Read> RequestLog<R> {
    /// Logs the requests made to `inner`.
    pub fn new(inner: R) -> Self {
        RequestLog {
            inner,
            requests: Vec::new(),
        }
    }
}

impl<R: Read> Read for RequestLog<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.requests.push(buf.len());
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<u8> {
        (0..1000u32).map(|i| (i * 7 % 256) as u8).collect()
    }

    #[test]
    fn one_byte_reader_returns_single_bytes() {
        let d = data();
        let mut r = OneByteReader::new(&d[..]);
        let mut buf = [0u8; 16];
        let mut out = Vec::new();
        loop {
            let n = r.read(&mut buf).unwrap();
            assert!(n <= 1);
            if n == 0 {
                break;
            }
            out.push(buf[0]);
        }
        assert_eq!(out, d);
    }

    #[test]
    fn interrupted_reader_interrupts_every_other_call() {
        let d = data();
        let mut r = InterruptedReader::new(&d[..]);
        let mut buf = [0u8; 100];
        let mut out = Vec::new();
        for call in 0.. {
            match r.read(&mut buf) {
                Err(e) => {
                    assert_eq!(e.kind(), io::ErrorKind::Interrupted);
                    assert_eq!(call % 2, 0, "interrupted on even calls");
                }
                Ok(0) => break,
                Ok(n) => {
                    assert_eq!(call % 2, 1);
                    out.extend_from_slice(&buf[..n]);
                }
            }
        }
        assert_eq!(out, d);
        assert!(r.interruptions >= 10);
    }

    #[test]
    fn short_reader_follows_its_sizes() {
        let d = data();
        let mut r = ShortReader::new(&d[..], &[1, 0, 5, 3]);
        let mut buf = [0u8; 64];
        let mut sizes = Vec::new();
        let mut out = Vec::new();
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            sizes.push(n);
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, d);
        assert_eq!(&sizes[..8], &[1, 1, 5, 3, 1, 1, 5, 3]);
    }

    #[test]
    fn every_schedule_delivers_the_input() {
        let d = data();
        for s in Schedule::fixed() {
            assert_eq!(read_all(s.reader(&d)).unwrap(), d, "{s:?}");
        }
    }

    #[test]
    fn failing_reader_fails_after_its_bytes() {
        let d = data();
        let mut r = FailingReader::new(&d[..], 10);
        let mut buf = [0u8; 4];
        let mut n = 0;
        let err = loop {
            match r.read(&mut buf) {
                Ok(k) => n += k,
                Err(e) => break e,
            }
        };
        assert_eq!(n, 10);
        assert_eq!(err.kind(), io::ErrorKind::Other);
    }

    #[test]
    fn request_log_logs_buffer_lengths_and_passes_everything() {
        let d = data();
        let mut log = RequestLog::new(&d[..]);
        let mut buf = [0u8; 300];
        let mut out = Vec::new();
        for &len in [7, 300, 1].iter().cycle() {
            let n = log.read(&mut buf[..len]).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, d);
        assert_eq!(&log.requests[..6], &[7, 300, 1, 7, 300, 1]);
    }
}

/// A blocking reader as a tokio `AsyncRead` that is not ready every other time it is polled
/// (and wakes its task at once), and passes `Interrupted` reads over: the bytes and the error
/// of the blocking reader, in the same pieces, for the async streams.
#[derive(Debug)]
pub struct Hesitant<R> {
    inner: R,
    ready: bool,
}

impl<R: Read + Unpin> Hesitant<R> {
    /// `inner` as an `AsyncRead`.
    pub fn new(inner: R) -> Self {
        Hesitant {
            inner,
            ready: false,
        }
    }
}

impl<R: Read + Unpin> AsyncRead for Hesitant<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.ready = !self.ready;
        if !self.ready {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        loop {
            match self.inner.read(buf.initialize_unfilled()) {
                Ok(n) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Poll::Ready(Err(err)),
            }
        }
    }
}

/// The items of an async stream, each awaited on a current-thread runtime of its own: the
/// stream as a blocking iterator, for the checks that compare it with the blocking streams.
pub fn blocking_iter<S: futures_util::Stream + Unpin>(
    mut stream: S,
) -> impl Iterator<Item = S::Item> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    std::iter::from_fn(move || runtime.block_on(futures_util::StreamExt::next(&mut stream)))
}
