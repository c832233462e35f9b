use std::ops::Range;

use super::{private, LastPosition, Mark, Read, Reference};
use crate::error::{ErrorCode, LimitKind, Position};

/// Input from a byte slice (or `&str`) in memory. Strings without escapes are borrowed from it.
pub struct SliceRead<'a> {
    slice: &'a [u8],
    /// End of the part that may be read: the slice length, or the document-size limit.
    end: usize,
    /// The window: what is left of the part that may be read (kept as a slice so that reading
    /// the window costs no bounds check).
    rest: &'a [u8],
    limit: Option<u64>,
    last: LastPosition,
}

impl<'a> SliceRead<'a> {
    pub(crate) fn new(slice: &'a [u8], limit: Option<u64>) -> Self {
        let end = limited_len(slice, limit);
        SliceRead {
            slice,
            end,
            rest: &slice[..end],
            limit,
            last: LastPosition::new(),
        }
    }
}

impl SliceRead<'_> {
    /// Reads `range` of the slice from here on, as if the slice were only that.
    pub(crate) fn select(&mut self, range: Range<usize>) {
        self.rest = &self.slice[range.clone()];
        self.end = range.end;
    }

    /// Index of the first byte of the window in the slice.
    #[inline]
    fn index(&self) -> usize {
        self.end - self.rest.len()
    }
}

/// How many bytes of `slice` a document limit of `limit` lets be read.
fn limited_len(slice: &[u8], limit: Option<u64>) -> usize {
    match limit {
        Some(max) if (slice.len() as u64) > max => max as usize,
        _ => slice.len(),
    }
}

impl private::Sealed for SliceRead<'_> {}

impl<'a> Read<'a> for SliceRead<'a> {
    #[inline]
    fn window(&self) -> &[u8] {
        self.rest
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.rest = &self.rest[n..];
    }

    fn fill(&mut self) -> Result<bool, ErrorCode> {
        match self.limit {
            Some(max) if self.end < self.slice.len() => {
                Err(ErrorCode::Limit(LimitKind::DocumentLength, max))
            }
            _ => Ok(false),
        }
    }

    #[inline]
    fn recent(&self, len: usize, skip: usize) -> Reference<'a, '_, [u8]> {
        let end = self.index() - skip;
        let slice: &'a [u8] = self.slice;
        Reference::Borrowed(&slice[end - len..end])
    }

    #[inline]
    fn recent_bytes(&self, len: usize, skip: usize) -> &[u8] {
        let end = self.index() - skip;
        &self.slice[end - len..end]
    }

    #[inline]
    fn offset(&self) -> u64 {
        self.index() as u64
    }

    #[inline]
    fn keeps_input(&self) -> bool {
        true
    }

    fn position_of(&self, offset: u64) -> Position {
        // Over the bytes within the document limit only, as every source counts them: a line
        // feed just past the limit starts no line (a source reading an `io::Read` never holds
        // it). A range chosen by `select` does not cut them: the bytes after it are the
        // document's, as they are to a source reading the whole of it.
        let within = &self.slice[..limited_len(self.slice, self.limit)];
        self.last.locate(within, Mark::START, offset).position()
    }
}
