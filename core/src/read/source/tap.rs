use std::io;

use super::{private, Read, Reference};
use crate::error::{ErrorCode, Position};

/// A source read through another one that hands every byte consumed to an [`io::Write`] (the
/// tap) before a refill discards it: the exact text of what is read, chunk by chunk, in the
/// memory of one window. This is how a raw value's text is copied from an `io::Read`.
pub(crate) struct Tapped<'a, S, T> {
    src: &'a mut S,
    tap: T,
    /// Offset from which the consumed bytes have not been handed to the tap yet.
    from: u64,
}

impl<'a, 'de, S: Read<'de>, T: io::Write> Tapped<'a, S, T> {
    /// Taps `src` from its current offset on.
    pub(crate) fn new(src: &'a mut S, tap: T) -> Self {
        let from = src.offset();
        Tapped { src, tap, from }
    }

    /// Hands the bytes consumed since the last hand-over to the tap.
    fn hand_over(&mut self) -> Result<(), ErrorCode> {
        let offset = self.src.offset();
        let len = (offset - self.from) as usize;
        self.tap
            .write_all(self.src.recent_bytes(len, 0))
            .map_err(ErrorCode::Io)?;
        self.from = offset;
        Ok(())
    }

    /// Hands the bytes consumed since the last hand-over to the tap, and puts `next` in its
    /// place: returns the tap, which got every byte consumed since the last cut.
    pub(crate) fn cut(&mut self, next: T) -> Result<T, ErrorCode> {
        self.hand_over()?;
        Ok(std::mem::replace(&mut self.tap, next))
    }

    /// The tap, and the offset from which the bytes consumed were not handed to it (those are
    /// still in the window).
    pub(crate) fn into_parts(self) -> (T, u64) {
        (self.tap, self.from)
    }
}

impl<S, T> private::Sealed for Tapped<'_, S, T> {}

impl<'de, S: Read<'de>, T: io::Write> Read<'de> for Tapped<'_, S, T> {
    #[inline]
    fn window(&self) -> &[u8] {
        self.src.window()
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.src.consume(n);
    }

    fn fill(&mut self) -> Result<bool, ErrorCode> {
        self.hand_over()?;
        self.src.fill()
    }

    #[inline]
    fn recent(&self, len: usize, skip: usize) -> Reference<'de, '_, [u8]> {
        self.src.recent(len, skip)
    }

    #[inline]
    fn recent_bytes(&self, len: usize, skip: usize) -> &[u8] {
        self.src.recent_bytes(len, skip)
    }

    #[inline]
    fn offset(&self) -> u64 {
        self.src.offset()
    }

    fn keeps_input(&self) -> bool {
        self.src.keeps_input()
    }

    fn position_of(&self, offset: u64) -> Position {
        self.src.position_of(offset)
    }
}
