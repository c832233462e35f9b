use std::io;

use super::{first_window, grown_window, private, LastPosition, Mark, Read, Reference};
use crate::error::{ErrorCode, LimitKind, Position};
use crate::io_retry::read_retrying;

/// Input from any [`io::Read`], through a sliding window of bounded size.
///
/// The window is the only buffer, refilled in place when the parser has consumed it. It starts
/// at 4 KiB (or its size, if smaller) and grows fourfold, up to its size, each time a read
/// fills it (see [`ReaderOptions::window_size`](crate::ReaderOptions::window_size)). No
/// `BufReader` is needed in front of the reader.
pub struct IoRead<R> {
    inner: R,
    buf: Box<[u8]>,
    /// The size the window may grow to.
    window_size: usize,
    /// Unconsumed bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Line of `buf[0]`, and its column (1-based).
    line: u64,
    column: u64,
    limit: Option<u64>,
    /// The byte that showed the input to be longer than the limit: not part of the window,
    /// but of the input that [`into_parts`](Self::into_parts) hands on.
    past_limit: Option<u8>,
    last: LastPosition,
}

/// The smallest window: room for an incomplete UTF-8 sequence (3 bytes) plus one byte read.
const MIN_WINDOW: usize = 4;

impl<R: io::Read> IoRead<R> {
    pub(crate) fn new(inner: R, window_size: usize, limit: Option<u64>) -> Self {
        let window_size = window_size.max(MIN_WINDOW);
        IoRead {
            inner,
            buf: vec![0; first_window(window_size)].into_boxed_slice(),
            window_size,
            pos: 0,
            end: 0,
            base: 0,
            line: 1,
            column: 1,
            limit,
            past_limit: None,
            last: LastPosition::new(),
        }
    }

    /// A source whose first byte is at `at` in a document: `inner` gives the bytes from
    /// there on (the rest of an input that another source began to read).
    pub(crate) fn resume(inner: R, window_size: usize, limit: Option<u64>, at: Position) -> Self {
        IoRead {
            base: at.offset,
            line: at.line,
            column: at.column,
            ..IoRead::new(inner, window_size, limit)
        }
    }

    /// The bytes read but not consumed, and the underlying reader, which gives the bytes after
    /// them.
    pub(crate) fn into_parts(self) -> (Vec<u8>, R) {
        let mut unread = self.buf[self.pos..self.end].to_vec();
        unread.extend(self.past_limit);
        (unread, self.inner)
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The position of `buf[0]`.
    fn start(&self) -> Mark {
        Mark {
            offset: self.base,
            line: self.line,
            column: self.column,
        }
    }
}

impl<R: io::Read> private::Sealed for IoRead<R> {}

impl<'de, R: io::Read> Read<'de> for IoRead<R> {
    #[inline]
    fn window(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.pos += n;
    }

    fn fill(&mut self) -> Result<bool, ErrorCode> {
        let rest = self.end - self.pos;
        debug_assert!(rest < MIN_WINDOW, "refill with {rest} unconsumed bytes");
        // Carry line and column over the bytes that leave the window (from the last position
        // computed, if it is among them).
        let next = self.base + self.pos as u64;
        let next = self.last.locate(&self.buf[..self.end], self.start(), next);
        (self.line, self.column) = (next.line, next.column);
        self.base += self.pos as u64;
        if self.end == self.buf.len() && self.buf.len() < self.window_size {
            let mut grown = vec![0; grown_window(self.buf.len(), self.window_size)];
            grown[..rest].copy_from_slice(&self.buf[self.pos..self.end]);
            self.buf = grown.into_boxed_slice();
        } else {
            self.buf.copy_within(self.pos..self.end, 0);
        }
        self.pos = 0;
        self.end = rest;

        let mut room = self.buf.len();
        if let Some(max) = self.limit {
            let left = max.saturating_sub(self.base);
            if left <= rest as u64 {
                if self.past_limit.is_some() {
                    // Already found (by a refill whose error was dropped, as a string or
                    // binary reader's is): the byte is held, the reader has no more to say.
                    return Err(ErrorCode::Limit(LimitKind::DocumentLength, max));
                }
                // Only the document limit stands between us and more input: is there more?
                let mut probe = [0u8; 1];
                return match read_retrying(&mut self.inner, &mut probe).map_err(ErrorCode::Io)? {
                    0 => Ok(false),
                    _ => {
                        self.past_limit = Some(probe[0]);
                        Err(ErrorCode::Limit(LimitKind::DocumentLength, max))
                    }
                };
            }
            room = room.min(usize::try_from(left).unwrap_or(usize::MAX));
        }
        let n = read_retrying(&mut self.inner, &mut self.buf[rest..room]).map_err(ErrorCode::Io)?;
        self.end += n;
        Ok(n > 0)
    }

    #[inline]
    fn recent(&self, len: usize, skip: usize) -> Reference<'de, '_, [u8]> {
        Reference::Copied(self.recent_bytes(len, skip))
    }

    #[inline]
    fn recent_bytes(&self, len: usize, skip: usize) -> &[u8] {
        let end = self.pos - skip;
        &self.buf[end - len..end]
    }

    #[inline]
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    #[inline]
    fn keeps_input(&self) -> bool {
        false
    }

    fn position_of(&self, offset: u64) -> Position {
        let bytes = &self.buf[..self.end];
        self.last.locate(bytes, self.start(), offset).position()
    }
}
