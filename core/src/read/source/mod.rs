//! Input sources: a slice in memory, or any [`io::Read`](std::io::Read) through a bounded
//! sliding window. Both implement the sealed trait [`Read`], the only thing the scanner reads;
//! so does a tapped source (`tap`), through which the text of a raw value is copied out of the
//! window before each refill. A parallel stream that must read part of its input again
//! sequentially reads it through a `replay`: the bytes it holds, then the rest of the input. An
//! async stream's blocking stream reads the bytes read so far in place, from a `feed`.

#[cfg(feature = "tokio")]
mod feed;
mod io;
mod replay;
mod slice;
mod tap;

#[cfg(feature = "tokio")]
pub(crate) use self::feed::Feed;
pub use self::io::IoRead;
pub(crate) use self::replay::{Replay, Stashing};
pub use self::slice::SliceRead;
pub(crate) use self::tap::Tapped;

use std::sync::{Mutex, PoisonError};

use crate::error::{ErrorCode, Position};

/// The size of a window before it grows.
const FIRST_WINDOW: usize = 4 * 1024;

/// The size of a window of at most `max` bytes before any read: [`FIRST_WINDOW`], or `max` if
/// smaller.
pub(crate) fn first_window(max: usize) -> usize {
    max.min(FIRST_WINDOW)
}

/// The size of a window of `len` bytes after a read filled it: fourfold, at most `max`. A small
/// document is thus read through a small buffer (allocating and zeroing a whole window took
/// three times as long as reading a document of 100 bytes), a large one in reads of the whole
/// window.
pub(crate) fn grown_window(len: usize, max: usize) -> usize {
    (len * 4).min(max)
}

/// A piece of input that is either borrowed from the whole input (lifetime `'b`, only possible
/// for [`SliceRead`]) or from a transient buffer (lifetime `'c`: the window or a scratch buffer).
#[derive(Debug)]
pub enum Reference<'b, 'c, T: ?Sized> {
    /// Borrowed for as long as the input itself.
    Borrowed(&'b T),
    /// Borrowed until the reader moves on.
    Copied(&'c T),
}

impl<'b, 'c, T: ?Sized> std::ops::Deref for Reference<'b, 'c, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match *self {
            Reference::Borrowed(b) => b,
            Reference::Copied(c) => c,
        }
    }
}

/// A source of JSON bytes. Sealed: implemented by [`SliceRead`] and [`IoRead`] only.
///
/// The source exposes a *window*: the bytes read but not yet consumed. The parser scans the
/// window in place, consumes what it has parsed, and asks for a refill only when the window is
/// exhausted (or holds the incomplete start of a UTF-8 sequence, at most three bytes).
pub trait Read<'de>: private::Sealed {
    #[doc(hidden)]
    fn window(&self) -> &[u8];

    #[doc(hidden)]
    fn consume(&mut self, n: usize);

    /// Moves the unconsumed rest of the window (at most 3 bytes) to its front and reads more.
    /// `Ok(false)` at the end of the input.
    #[doc(hidden)]
    fn fill(&mut self) -> Result<bool, ErrorCode>;

    /// The `len` bytes that end `skip` bytes before the current position. They must have been
    /// consumed since the last refill.
    #[doc(hidden)]
    fn recent(&self, len: usize, skip: usize) -> Reference<'de, '_, [u8]>;

    /// The same bytes as [`recent`](Self::recent), borrowed from `self`.
    #[doc(hidden)]
    fn recent_bytes(&self, len: usize, skip: usize) -> &[u8];

    /// Absolute offset of the first byte of the window.
    #[doc(hidden)]
    fn offset(&self) -> u64;

    /// Whether every byte consumed stays available to [`recent`](Self::recent) (a slice, which
    /// is all in memory), not only those consumed since the last refill.
    #[doc(hidden)]
    fn keeps_input(&self) -> bool;

    /// Line and column of `offset`, which is at or after the start of the current buffer, or a
    /// few bytes before it with no newline in between. Costs the bytes between `offset` and the
    /// last offset asked for (or the start of the buffer), not the bytes from the start.
    #[doc(hidden)]
    fn position_of(&self, offset: u64) -> Position;
}

mod private {
    pub trait Sealed {}
}

/// A known position: the byte at `offset` is on `line`, at `column` (both 1-based, the column
/// in bytes).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Mark {
    offset: u64,
    line: u64,
    column: u64,
}

impl Mark {
    const START: Mark = Mark {
        offset: 0,
        line: 1,
        column: 1,
    };

    fn position(self) -> Position {
        Position {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }
}

/// The last position a source computed, where the next computation starts: a line and column
/// per element cost the bytes since the previous one, not the bytes from the start. (A mutex
/// rather than a `Cell` keeps the sources, and the readers over them, `Sync`; it is only taken
/// for positions, never while parsing.)
#[derive(Debug)]
struct LastPosition(Mutex<Mark>);

impl LastPosition {
    fn new() -> Self {
        LastPosition(Mutex::new(Mark::START))
    }

    /// The position of `offset` in `bytes`, which hold the input from `start` (a known
    /// position) on; remembered for the next call.
    fn locate(&self, bytes: &[u8], start: Mark, offset: u64) -> Mark {
        let mut last = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if last.offset < start.offset {
            *last = start;
        }
        *last = locate(bytes, start, *last, offset);
        *last
    }
}

/// The position of `offset` in `bytes`, which hold the input from `start` on, counted from
/// `last` (a position at or after `start`): forward over the bytes in between, or back on the
/// same line by subtraction, or back over earlier lines to the line start. An offset before
/// `bytes` must be on the line of `start` (a few bytes of an escape that began in the previous
/// buffer).
fn locate(bytes: &[u8], start: Mark, last: Mark, offset: u64) -> Mark {
    let index = |o: u64| (o - start.offset) as usize;
    let (line, column) = if offset >= last.offset {
        let from = &bytes[index(last.offset).min(bytes.len())..];
        position_in(
            from,
            (offset - last.offset) as usize,
            last.line,
            last.column,
        )
    } else if last.offset - offset < last.column {
        (last.line, last.column - (last.offset - offset))
    } else if offset >= start.offset {
        // On an earlier line: count the line breaks back to it, and find where it starts.
        let to = index(last.offset).min(bytes.len());
        let at = index(offset).min(to);
        let newlines = memchr::memchr_iter(b'\n', &bytes[at..to]).count() as u64;
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map(|newline| newline + 1);
        #[cfg(test)]
        count_scanned(to - line_start.unwrap_or(0));
        let column = match line_start {
            Some(line_start) => (at - line_start + 1) as u64,
            None => start.column + at as u64,
        };
        (last.line - newlines, column)
    } else {
        (
            start.line,
            start.column.saturating_sub(start.offset - offset).max(1),
        )
    };
    Mark {
        offset,
        line,
        column,
    }
}

/// The position just after `bytes`, which start at `start`.
#[cfg(feature = "tokio")]
fn position_after(start: Position, bytes: &[u8]) -> Position {
    let (line, column) = position_in(bytes, bytes.len(), start.line, start.column);
    Position {
        offset: start.offset + bytes.len() as u64,
        line,
        column,
    }
}

/// Line and column (both 1-based) of the byte at `index` of `bytes`, given that `bytes[0]` is at
/// `line` and the line containing `bytes[0]` starts `col0 - 1` bytes before it.
fn position_in(bytes: &[u8], index: usize, line: u64, col0: u64) -> (u64, u64) {
    let head = &bytes[..index.min(bytes.len())];
    #[cfg(test)]
    count_scanned(head.len());
    // One pass: back to the last line break, then forward over the bytes before it.
    let mut newlines = memchr::memchr_iter(b'\n', head);
    match newlines.next_back() {
        Some(last) => (line + 1 + newlines.count() as u64, (index - last) as u64),
        None => (line, col0 + index as u64),
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes scanned to find positions, by this thread.
    static SCANNED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_scanned(n: usize) {
    SCANNED.with(|s| s.set(s.get() + n as u64));
}

#[cfg(test)]
fn scanned() -> u64 {
    SCANNED.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of every length from 0 to 300 bytes, with 2-, 3- and 4-byte characters.
    fn document() -> Vec<u8> {
        let mut doc = Vec::new();
        let mut n = 0usize;
        while doc.len() < 300_000 {
            let len = (n * 37) % 301;
            for i in 0..len {
                match (n + i) % 11 {
                    0 => doc.extend_from_slice("é".as_bytes()),
                    1 => doc.extend_from_slice("€".as_bytes()),
                    2 => doc.extend_from_slice("😀".as_bytes()),
                    _ => doc.push(b'a' + (i % 26) as u8),
                }
            }
            doc.push(b'\n');
            n += 1;
        }
        doc
    }

    /// Line and column of every offset (and of the end), counted byte by byte.
    fn reference(doc: &[u8]) -> Vec<(u64, u64)> {
        let (mut line, mut column) = (1, 1);
        let mut out = Vec::with_capacity(doc.len() + 1);
        for &b in doc {
            out.push((line, column));
            if b == b'\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        out.push((line, column));
        out
    }

    fn check<'de>(src: &impl Read<'de>, want: &[(u64, u64)], offset: usize) {
        let p = src.position_of(offset as u64);
        assert_eq!(
            (p.offset, p.line, p.column),
            (offset as u64, want[offset].0, want[offset].1)
        );
    }

    #[test]
    fn sources_stay_send_and_sync() {
        fn both<T: Send + Sync>() {}
        both::<SliceRead<'static>>();
        both::<IoRead<&'static [u8]>>();
    }

    /// A call per few bytes, each followed by one a few bytes back (as an error there asks),
    /// costs the bytes in between, not the bytes from the start: the whole walk scans the
    /// document a few times at most.
    #[test]
    fn slice_positions_cost_the_bytes_since_the_last_call() {
        let doc = document();
        let want = reference(&doc);
        let mut src = SliceRead::new(&doc, None);
        let before = scanned();
        let mut offset = 0;
        while offset < doc.len() {
            let step = (1 + offset % 13).min(doc.len() - offset);
            src.consume(step);
            offset += step;
            check(&src, &want, offset);
            check(&src, &want, offset.saturating_sub(3));
        }
        let cost = scanned() - before;
        assert!(
            cost < 4 * doc.len() as u64,
            "{cost} bytes scanned for {}",
            doc.len()
        );
        // Anywhere, in any order (each costing the distance from the last).
        for i in 0..2000 {
            check(&src, &want, (i * 7919 * 13) % (doc.len() + 1));
        }
    }

    /// The same through a window: a call per few bytes, a call a few bytes back within the
    /// window, and a few bytes ahead (where a string error is found before it is consumed).
    #[test]
    fn window_positions_cost_the_bytes_since_the_last_call() {
        let doc = document();
        let want = reference(&doc);
        let mut src = IoRead::new(&doc[..], 4096, None);
        let before = scanned();
        let mut base = 0;
        let mut offset = 0;
        while matches!(src.fill(), Ok(true)) {
            base = offset;
            while !src.window().is_empty() {
                let step = (1 + offset % 13).min(src.window().len());
                src.consume(step);
                offset += step;
                check(&src, &want, offset);
                check(&src, &want, offset.saturating_sub(3).max(base));
                if src.window().len() > 2 {
                    check(&src, &want, offset + 2);
                }
            }
        }
        assert_eq!(offset, doc.len());
        assert!(base > 0);
        let cost = scanned() - before;
        assert!(
            cost < 4 * doc.len() as u64,
            "{cost} bytes scanned for {}",
            doc.len()
        );
    }
}
