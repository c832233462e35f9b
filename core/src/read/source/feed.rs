use std::io;

use super::{position_after, private, LastPosition, Mark, Read, Reference};
use crate::error::{ErrorCode, LimitKind, Position};

/// The error of a read past the bytes a feed holds (never seen outside an async stream).
#[derive(Debug)]
struct Starved;

impl std::fmt::Display for Starved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the async stream's feed ran dry")
    }
}

impl std::error::Error for Starved {}

/// Input an async stream has read so far, and the source its blocking stream reads: the
/// window is every byte held from the stream's position on, read in place (no second copy),
/// then the end of the input (or its error) once it came, else [`Starved`].
///
/// The async stream appends to the feed between two items; the stream reading it never sees
/// it grow while it reads an item.
pub(crate) struct Feed {
    /// The bytes read are `buf[..end]`, those before `start` being before the checkpoint (the
    /// end of the last item yielded), kept until a read needs their room, so that moving the
    /// checkpoint moves no bytes. The rest of `buf` is room for reads.
    buf: Vec<u8>,
    end: usize,
    start: usize,
    /// The window is `buf[handed..shown]`: `shown` is `end`, or where the document limit
    /// falls if that is before.
    handed: usize,
    shown: usize,
    limit: Option<u64>,
    ended: bool,
    error: Option<io::Error>,
    /// A refill failed with [`Starved`] since the async stream last cleared this.
    starved: bool,
    /// The position of `buf[marked]`, at or before the checkpoint: line and column are counted
    /// from there, only when asked for or when the bytes before the checkpoint are dropped.
    mark: Position,
    marked: usize,
    last: LastPosition,
}

impl Feed {
    /// An empty feed for an input that may be `limit` bytes long.
    pub(crate) fn new(limit: Option<u64>) -> Self {
        Feed {
            buf: Vec::new(),
            end: 0,
            start: 0,
            handed: 0,
            shown: 0,
            limit,
            ended: false,
            error: None,
            starved: false,
            mark: Mark::START.position(),
            marked: 0,
            last: LastPosition::new(),
        }
    }

    /// The bytes from the checkpoint on.
    pub(crate) fn held(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// How many bytes are held that the stream has not taken.
    pub(crate) fn unread(&self) -> usize {
        self.end - self.handed
    }

    pub(crate) fn is_ended(&self) -> bool {
        self.ended
    }

    /// Room for a read of at least `chunk` bytes: made by dropping the bytes before the
    /// checkpoint, and by growing the buffer if that is not enough, to at least twice the bytes
    /// held (so that a long element is copied a bounded number of times, and the room is
    /// initialized once, not before every read). Report what was read with [`grew`](Self::grew).
    pub(crate) fn room(&mut self, chunk: usize) -> &mut [u8] {
        if self.buf.len() - self.end < chunk && self.start > 0 {
            self.mark = position_after(self.mark, &self.buf[self.marked..self.start]);
            self.marked = 0;
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.handed -= self.start;
            self.start = 0;
            self.show();
        }
        if self.buf.len() - self.end < chunk {
            let len = (self.end + chunk).max(2 * self.end);
            // Not `resize` alone, which would at least double the capacity.
            self.buf.reserve_exact(len - self.buf.len());
            self.buf.resize(len, 0);
        }
        &mut self.buf[self.end..]
    }

    /// `n` bytes were read into the [`room`](Self::room).
    pub(crate) fn grew(&mut self, n: usize) {
        self.end += n;
        self.show();
    }

    /// The input ended, with `error` if reading it failed.
    pub(crate) fn end_input(&mut self, error: Option<io::Error>) {
        self.ended = true;
        self.error = error;
    }

    /// A new stream reads from the checkpoint on. (The last position the stream before it
    /// computed may lie past the bytes it held, counted without them: it is forgotten.)
    pub(crate) fn rewind(&mut self) {
        self.handed = self.start;
        self.last = LastPosition::new();
    }

    /// The checkpoint moves to `offset`, after the item the stream just read.
    pub(crate) fn advance_to(&mut self, offset: u64) {
        self.start = self.index_of(offset);
    }

    /// Clears the record of the stream's running dry, before it reads an item.
    pub(crate) fn clear_starved(&mut self) {
        self.starved = false;
    }

    /// Whether the stream ran dry since [`clear_starved`](Self::clear_starved).
    pub(crate) fn starved(&self) -> bool {
        self.starved
    }

    fn offset_of(&self, index: usize) -> u64 {
        self.mark.offset + (index - self.marked) as u64
    }

    fn index_of(&self, offset: u64) -> usize {
        self.marked + (offset - self.mark.offset) as usize
    }

    /// Sets the end of the window: the end of the bytes held, or the document limit.
    fn show(&mut self) {
        self.shown = match self.limit {
            Some(max) if self.offset_of(self.end) > max => self.index_of(max),
            _ => self.end,
        };
    }
}

/// The empty feed an async stream keeps while its stream reads the real one.
impl Default for Feed {
    fn default() -> Self {
        Feed::new(None)
    }
}

impl private::Sealed for Feed {}

impl<'de> Read<'de> for Feed {
    #[inline]
    fn window(&self) -> &[u8] {
        &self.buf[self.handed..self.shown]
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.handed += n;
    }

    fn fill(&mut self) -> Result<bool, ErrorCode> {
        if let (Some(max), true) = (self.limit, self.shown < self.end) {
            return Err(ErrorCode::Limit(LimitKind::DocumentLength, max));
        }
        if let Some(err) = self.error.take() {
            return Err(ErrorCode::Io(err));
        }
        if self.ended {
            return Ok(false);
        }
        self.starved = true;
        Err(ErrorCode::Io(io::Error::new(
            io::ErrorKind::WouldBlock,
            Starved,
        )))
    }

    #[inline]
    fn recent(&self, len: usize, skip: usize) -> Reference<'de, '_, [u8]> {
        Reference::Copied(self.recent_bytes(len, skip))
    }

    #[inline]
    fn recent_bytes(&self, len: usize, skip: usize) -> &[u8] {
        let end = self.handed - skip;
        &self.buf[end - len..end]
    }

    #[inline]
    fn offset(&self) -> u64 {
        self.offset_of(self.handed)
    }

    #[inline]
    fn keeps_input(&self) -> bool {
        false
    }

    fn position_of(&self, offset: u64) -> Position {
        let start = Mark {
            offset: self.mark.offset,
            line: self.mark.line,
            column: self.mark.column,
        };
        // Errors come after the checkpoint, at or after the mark, and (as from any source)
        // positions are counted over the bytes within the limit only.
        let bytes = &self.buf[self.marked..self.shown];
        self.last.locate(bytes, start, offset).position()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(limit: Option<u64>, text: &[u8]) -> Feed {
        let mut feed = Feed::new(limit);
        feed.room(text.len())[..text.len()].copy_from_slice(text);
        feed.grew(text.len());
        feed
    }

    #[test]
    fn the_window_is_every_byte_held_then_the_feed_runs_dry_until_the_input_ends() {
        let mut feed = feed(None, b"[1, 2]");
        assert_eq!(feed.window(), b"[1, 2]");
        feed.consume(6);
        assert!(
            matches!(feed.fill(), Err(ErrorCode::Io(e)) if e.kind() == io::ErrorKind::WouldBlock)
        );
        assert!(feed.starved());
        feed.clear_starved();
        feed.end_input(Some(io::Error::other("gone")));
        assert!(matches!(feed.fill(), Err(ErrorCode::Io(e)) if e.to_string() == "gone"));
        assert!(matches!(feed.fill(), Ok(false)));
        assert!(!feed.starved());
    }

    #[test]
    fn bytes_past_the_limit_are_not_shown_and_refilling_there_is_the_limit_error() {
        let mut feed = feed(Some(4), b"[1, 2]");
        assert_eq!(feed.window(), b"[1, ");
        feed.consume(4);
        assert!(matches!(
            feed.fill(),
            Err(ErrorCode::Limit(LimitKind::DocumentLength, 4))
        ));
        // At the limit with nothing more held: more input may still come, or not.
        let mut feed = self::feed(Some(2), b"[1");
        feed.consume(2);
        assert!(matches!(feed.fill(), Err(ErrorCode::Io(_))));
        feed.end_input(None);
        assert!(matches!(feed.fill(), Ok(false)));
    }

    #[test]
    fn offsets_and_positions_survive_dropping_the_bytes_before_the_checkpoint() {
        let mut feed = feed(None, b"[1,\n2,\n3]");
        feed.consume(6);
        feed.advance_to(6);
        // Room for more than the buffer has: the bytes before the checkpoint go.
        feed.room(1 << 10);
        assert_eq!(feed.held(), b"\n3]");
        feed.rewind();
        assert_eq!(feed.offset(), 6);
        assert_eq!(feed.window(), b"\n3]");
        let at = |offset| {
            let p = feed.position_of(offset);
            (p.offset, p.line, p.column)
        };
        assert_eq!(at(8), (8, 3, 2));
        assert_eq!(at(6), (6, 2, 3));
    }
}
