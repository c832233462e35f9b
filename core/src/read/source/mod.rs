//! Input sources: a slice in memory, or any [`io::Read`](std::io::Read) through a bounded
//! sliding window. Both implement the sealed trait [`Read`], the only thing the scanner reads.

mod io;
mod slice;

pub use self::io::IoRead;
pub use self::slice::SliceRead;

use crate::error::{ErrorCode, Position};

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

    /// Line and column of `offset`, which is at or after the start of the current buffer, or a
    /// few bytes before it with no newline in between.
    #[doc(hidden)]
    fn position_of(&self, offset: u64) -> Position;
}

mod private {
    pub trait Sealed {}
}

/// Line and column (both 1-based) of the byte at `index` of `bytes`, given that `bytes[0]` is at
/// `line` and the line containing `bytes[0]` starts `col0 - 1` bytes before it.
fn position_in(bytes: &[u8], index: usize, line: u64, col0: u64) -> (u64, u64) {
    let head = &bytes[..index.min(bytes.len())];
    let newlines = memchr::memchr_iter(b'\n', head).count() as u64;
    match memchr::memrchr(b'\n', head) {
        Some(last) => (line + newlines, (index - last) as u64),
        None => (line, col0 + index as u64),
    }
}
