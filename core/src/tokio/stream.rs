//! Async streams: the blocking stream's own reader, run on bytes already read.
//!
//! An [`AsyncStream`] reads its `AsyncRead` into a [`Feed`] and runs the blocking stream over
//! it inside `poll_next`; the stream's reader reads the feed's bytes in place, as its window. A
//! blocking read never waits: when the stream needs a byte the feed does not hold yet, the
//! refill fails (the feed records that it ran dry), and whatever the stream then returns is
//! dropped with it (a `Deserialize` implementation may have turned that error into another
//! one, or into a default value). Once more input has come, a new stream resumes from the
//! checkpoint, the position, nesting and walk after the last item yielded, over the bytes held
//! from there on. Items, errors and their positions are therefore the blocking stream's own.
//!
//! The next read is started while the stream decodes what the feed holds (read ahead), so a
//! stream runs dry only when its input is slower than its decoding: at most once per read, at
//! its end. The new stream re-reads what the dropped one had read since the checkpoint, so it
//! waits for enough input first: the item after the checkpoint complete, as the framer finds
//! it (an element, a top-level value, the end of the array), or, where the framer cannot tell
//! (the way to the first array of a pointer, between the arrays of a wildcard pointer), twice
//! the bytes held when the last one ran dry, or the end of the input. Each byte is thus read a
//! bounded number of times. The checkpoint keeps an offset; line and column are counted only
//! for an error, or over the bytes before the checkpoint when the feed drops them: an element
//! costs no position.

use std::pin::Pin;
use std::task::{Context, Poll};

use ::tokio::io::{AsyncRead, ReadBuf};

use crate::error::Result;
use crate::read::framer::Framer;
use crate::read::nesting::Nesting;
use crate::read::options::ReaderOptions;
use crate::read::par_stream::Shape;
use crate::read::pointer::{Items, Walk};
use crate::read::resumed::Resumed;
use crate::read::stream::StreamElement;
use crate::read::{first_window, grown_window, Feed};

/// A `futures_core::Stream` of the elements of a JSON array (or of the arrays a pointer
/// reaches, or of the top-level values of JSON Lines) read from a tokio [`AsyncRead`], with
/// exactly the items of the blocking [`stream`](crate::stream), [`stream_at`](crate::stream_at)
/// and [`stream_values`](crate::stream_values): the same values, and the same error (message,
/// offset, line, column, path) after the same elements. After an error, or the last element,
/// it yields `None`.
///
/// Each element is decoded inside `poll_next`, on the task that polls the stream: decoding
/// never blocks it for longer than one element. For elements that are expensive to decode,
/// read the input with [`par_stream`](crate::par_stream) on a thread of its own (see the
/// [module](crate::tokio) documentation).
///
/// Memory: the bytes from the end of the last element yielded on (the element being read, and
/// the way to the next array of a wildcard pointer), plus at most three windows of input read
/// ahead (see [`window_size`](ReaderOptions::window_size)), plus the element being decoded.
pub struct AsyncStream<R, T> {
    input: R,
    options: ReaderOptions,
    shape: Shape,
    layout: Layout,
    /// The blocking stream, until its feed ran dry.
    stream: Option<Resumed<Feed, T>>,
    /// The feed, while no stream reads it.
    idle: Feed,
    /// The window of the reads: it grows while reads fill their room, up to the window size.
    window: usize,
    /// The nesting where the next stream resumes, after the last element yielded (at the
    /// start of the feed); `None` at the start of the input.
    nesting: Option<Nesting>,
    /// Bytes the feed held when the last stream ran dry: the next one waits for more.
    starved_at: Option<usize>,
    /// The framing of the item after the checkpoint, as far as the feed goes.
    framing: Framing,
    finished: bool,
}

/// What comes after a checkpoint, for [`Framing`].
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Layout {
    /// The elements of the top-level array: `[` first, at the start of the input.
    TopArray,
    /// Elements of an array a pointer reaches: the way to it is not framed.
    AtPointer,
    /// Top-level values.
    Values,
}

/// Finds where the item after the checkpoint ends, scanning each byte of the feed once: the
/// next element (after `,`, or the `[` of the top-level array) or the end of its array, or the
/// next top-level value.
struct Framing {
    scanned: usize,
    state: FramingState,
}

enum FramingState {
    /// Before the item: whitespace, and a `[` or `,` still allowed.
    Before { opener: Option<u8> },
    /// In the item.
    In(Framer),
    /// The item ends before this byte of the feed.
    Done(usize),
    /// Nothing this framing can tell.
    Unknown,
}

impl Framing {
    fn new(layout: Layout, at_start: bool) -> Self {
        let state = match (layout, at_start) {
            (Layout::TopArray, true) => FramingState::Before { opener: Some(b'[') },
            (Layout::AtPointer, true) => FramingState::Unknown,
            (Layout::Values, _) => FramingState::Before { opener: None },
            (Layout::TopArray | Layout::AtPointer, false) => {
                FramingState::Before { opener: Some(b',') }
            }
        };
        Framing { scanned: 0, state }
    }

    /// Where the item after the checkpoint ends in `feed` (the bytes from the checkpoint on).
    fn item_end(&mut self, feed: &[u8]) -> Framed {
        while self.scanned < feed.len() {
            let at = self.scanned;
            match &mut self.state {
                FramingState::Done(_) | FramingState::Unknown => break,
                FramingState::Before { opener } => match feed[at] {
                    b' ' | b'\n' | b'\r' | b'\t' => self.scanned += 1,
                    b if Some(b) == *opener => {
                        *opener = None;
                        self.scanned += 1;
                    }
                    // The end of the array; or a byte where `,` or `[` must be, which the
                    // stream rejects right there.
                    b']' | b'}' => self.state = FramingState::Done(at + 1),
                    _ if opener.is_some() => self.state = FramingState::Done(at + 1),
                    b => self.state = FramingState::In(Framer::new(b)),
                },
                FramingState::In(framer) => {
                    self.scanned = feed.len();
                    if let Some(n) = framer.scan(&feed[at..]) {
                        self.state = FramingState::Done(at + n);
                    }
                }
            }
        }
        match self.state {
            FramingState::Done(end) => Framed::Complete(end),
            FramingState::Unknown => Framed::Unknown,
            _ => Framed::Incomplete,
        }
    }
}

/// What [`Framing`] found.
enum Framed {
    /// The item ends before this byte of the feed.
    Complete(usize),
    /// The feed ends inside it.
    Incomplete,
    /// The way to the next item is not framed (a pointer's).
    Unknown,
}

/// Each read asks for room for this many windows: a tokio `File` runs every read on a thread
/// of tokio's blocking pool. Over a file, with reads of one window the async stream took
/// 1.06x-1.14x the time of the blocking stream (median of six runs 1.11x), with two
/// 1.00x-1.15x (median of eight 1.05x); four were no faster.
const WINDOWS_PER_READ: usize = 2;

impl<R, T> AsyncStream<R, T>
where
    R: AsyncRead + Unpin,
    T: StreamElement,
{
    pub(crate) fn new(options: &ReaderOptions, input: R, shape: Shape, layout: Layout) -> Self {
        AsyncStream {
            input,
            options: options.clone(),
            shape,
            layout,
            stream: None,
            idle: Feed::new(options.limits.max_document_len),
            window: first_window(options.window_size),
            nesting: None,
            starved_at: None,
            framing: Framing::new(layout, true),
            finished: false,
        }
    }

    /// Reads more input into the feed; `Ready` once it grew or ended.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let chunk = (WINDOWS_PER_READ * self.window).max(4096);
        let input = &mut self.input;
        let feed = match &mut self.stream {
            Some(stream) => stream.reader_mut().source_mut(),
            None => &mut self.idle,
        };
        let mut buf = ReadBuf::new(feed.room(chunk));
        let read = Pin::new(input).poll_read(cx, &mut buf);
        let n = buf.filled().len();
        feed.grew(n);
        if n >= chunk {
            self.window = grown_window(self.window, self.options.window_size);
        }
        match read {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(())) if n == 0 => feed.end_input(None),
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(err)) => feed.end_input(Some(err)),
        }
        Poll::Ready(())
    }

    /// Starts the next read while the stream decodes what the feed holds, once the stream has
    /// taken all but less than a read's worth of it: an input whose reads take time (a file,
    /// whose reads tokio runs on another thread; a socket) then reads while the stream decodes,
    /// rather than after it ran dry. The feed holds at most a read more than a window beyond
    /// the checkpoint.
    fn read_ahead(&mut self, cx: &mut Context<'_>) {
        let Some(stream) = &mut self.stream else {
            return;
        };
        let feed = stream.reader_mut().source_mut();
        if !feed.is_ended() && feed.unread() < self.options.window_size {
            // Pending leaves the read under way, and the task woken when it is done.
            let _ = self.poll_read(cx);
        }
    }

    /// True if a stream (re)started now, or the one running, can read the next item without
    /// running dry: see the module documentation.
    fn ready(&mut self) -> bool {
        let Some(starved_at) = self.starved_at else {
            return true;
        };
        let feed = &mut self.idle;
        if feed.is_ended() {
            return true;
        }
        let len = feed.held().len();
        // Only more input can help.
        if len <= starved_at {
            return false;
        }
        let doubled = len >= 2 * starved_at.max(1);
        match self.framing.item_end(feed.held()) {
            // Complete, and not before the point where the last stream ran dry (else what
            // that stream needed lies beyond the item: the way to the next array).
            Framed::Complete(end) => end >= starved_at || doubled,
            Framed::Incomplete => false,
            Framed::Unknown => doubled,
        }
    }

    /// The stream over the feed, from the checkpoint (made if the last one ran dry).
    fn stream(&mut self) -> &mut Resumed<Feed, T> {
        let AsyncStream {
            stream,
            idle,
            options,
            shape,
            nesting,
            ..
        } = self;
        stream.get_or_insert_with(|| {
            let mut feed = std::mem::take(idle);
            feed.rewind();
            Resumed::new(options, shape, nesting.clone(), feed)
        })
    }

    /// The stream ran dry: it goes, its feed waits for more input.
    fn ran_dry(&mut self) {
        if let Some(mut stream) = self.stream.take() {
            self.idle = std::mem::take(stream.reader_mut().source_mut());
        }
        self.starved_at = Some(self.idle.held().len());
    }

    /// An element was yielded: the checkpoint moves after it.
    fn advance(&mut self) {
        let Some(stream) = &mut self.stream else {
            return;
        };
        let offset = stream.checkpoint(&mut self.nesting);
        stream.reader_mut().source_mut().advance_to(offset);
        self.starved_at = None;
        self.framing = Framing::new(self.layout, false);
    }
}

impl<R, T> futures_core::Stream for AsyncStream<R, T>
where
    R: AsyncRead + Unpin,
    T: StreamElement,
{
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if !this.ready() {
                if this.poll_read(cx).is_pending() {
                    return Poll::Pending;
                }
                continue;
            }
            this.read_ahead(cx);
            let stream = this.stream();
            stream.reader_mut().source_mut().clear_starved();
            let item = stream.next();
            // Whatever the item: a `Deserialize` implementation may have turned the error of
            // the read that ran dry into another error, or into a default value.
            if stream.reader_mut().source_mut().starved() {
                this.ran_dry();
                continue;
            }
            match item {
                Some(Ok(value)) => {
                    this.advance();
                    return Poll::Ready(Some(Ok(value)));
                }
                item => {
                    this.finished = true;
                    this.stream = None;
                    return Poll::Ready(item);
                }
            }
        }
    }
}

impl ReaderOptions {
    /// [`jsonstream::tokio::stream`](crate::tokio::stream) with these options.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures_util::TryStreamExt;
    /// use jsonstream::ReaderOptions;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> jsonstream::Result<()> {
    /// let options = ReaderOptions::new().window_size(4096);
    /// let input = &b"[1, 2, 3]"[..]; // any tokio::io::AsyncRead
    /// let numbers: Vec<u32> = options.async_stream::<u32, _>(input).try_collect().await?;
    /// assert_eq!(numbers, [1, 2, 3]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn async_stream<T, R>(&self, reader: R) -> AsyncStream<R, T>
    where
        T: StreamElement,
        R: AsyncRead + Unpin,
    {
        let shape = Shape::Elements(Walk::document(Items::Elements));
        AsyncStream::new(self, reader, shape, Layout::TopArray)
    }

    /// [`jsonstream::tokio::stream_at`](crate::tokio::stream_at) with these options.
    pub fn async_stream_at<T, R>(&self, reader: R, pointer: &str) -> AsyncStream<R, T>
    where
        T: StreamElement,
        R: AsyncRead + Unpin,
    {
        let shape = Shape::Elements(Walk::at(pointer, Items::Elements));
        AsyncStream::new(self, reader, shape, Layout::AtPointer)
    }

    /// [`jsonstream::tokio::stream_values`](crate::tokio::stream_values) with these options.
    pub fn async_stream_values<T, R>(&self, reader: R) -> AsyncStream<R, T>
    where
        T: StreamElement,
        R: AsyncRead + Unpin,
    {
        AsyncStream::new(self, reader, Shape::Values, Layout::Values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the framing of `layout` finds the item's end, fed `text` in pieces of `piece`.
    fn end(layout: Layout, at_start: bool, text: &str, piece: usize) -> Option<usize> {
        let mut framing = Framing::new(layout, at_start);
        let mut fed = 0;
        loop {
            fed = (fed + piece).min(text.len());
            match framing.item_end(&text.as_bytes()[..fed]) {
                Framed::Complete(end) => return Some(end),
                Framed::Unknown => return None,
                Framed::Incomplete if fed == text.len() => return None,
                Framed::Incomplete => {}
            }
        }
    }

    #[test]
    fn items_end_where_their_text_does_in_any_pieces() {
        for piece in 1..8 {
            // The first element of the top-level array, after `[`.
            assert_eq!(
                end(Layout::TopArray, true, " [ {\"a\": [1]} , 2]", piece),
                Some(13)
            );
            assert_eq!(end(Layout::TopArray, true, "[]", piece), Some(2));
            // A byte where `[` must be: the stream rejects it there.
            assert_eq!(end(Layout::TopArray, true, " {\"a\": 1}", piece), Some(2));
            // The next element, after `,`; a number ends before the byte after it.
            assert_eq!(
                end(Layout::AtPointer, false, ",\n\"x\\\"]\" ]", piece),
                Some(8)
            );
            assert_eq!(end(Layout::TopArray, false, ", 12]", piece), Some(4));
            assert_eq!(end(Layout::TopArray, false, " ]", piece), Some(2));
            assert_eq!(end(Layout::TopArray, false, " x", piece), Some(2));
            // Top-level values: no separator.
            assert_eq!(
                end(Layout::Values, true, "\n{\"a\": \"}\"}\n", piece),
                Some(11)
            );
            assert_eq!(end(Layout::Values, false, " true ", piece), Some(5));
            // Not there yet.
            assert_eq!(end(Layout::TopArray, false, ", {\"a\": [1]", piece), None);
            assert_eq!(end(Layout::Values, false, "123", piece), None);
        }
    }

    #[test]
    fn the_way_to_a_pointer_is_not_framed() {
        assert_eq!(end(Layout::AtPointer, true, "{\"a\": [1]}", 1), None);
    }
}
