//! The scanner: tokens out of a [`Read`] source, for every source alike.
//!
//! Scanning methods return spans (lengths, kinds), never borrows, so that an error can always be
//! built from `self`; the bytes of a span are fetched afterwards by an infallible accessor.
//!
//! The scanner also holds the [`Nesting`] of the reader above it, so that every error is built
//! whole where it is found: byte offset, line, column and JSON path.

use crate::error::{Error, ErrorCode, LimitKind, Position, Result};
use crate::kernel::unescape_into::unescape_into;
use crate::kernel::whitespace;
use crate::lex::escape::{find_special, unescape_short};
use crate::lex::number::{self, ParserNumber};
use crate::lex::utf8::{self, assume_valid};
use crate::read::framer::{Framer, Splitter};
use crate::read::limits::Limits;
use crate::read::nesting::Nesting;
use crate::read::{Read, Reference};

pub(crate) struct Scanner<S> {
    src: S,
    limits: Limits,
    /// Where the reader is; read here only to name the path of an error.
    nesting: Nesting,
    /// Tokens that cross a window boundary or contain escapes are assembled here.
    scratch: Vec<u8>,
    /// The UTF-8 encoding of the last escape sequence.
    escape: [u8; 4],
    /// Whether the last string read in full contained an escape sequence.
    escaped: bool,
    /// Offset of the opening quote of the string being read in full, where a limit error is
    /// reported.
    str_start: u64,
}

/// Where the content of a string that was read in full is.
#[derive(Copy, Clone)]
pub(crate) enum StrSpan {
    /// The last `len` bytes consumed, followed by the closing quote.
    Window(usize),
    /// The scratch buffer.
    Scratch,
}

/// Where the text of a number that was read is.
#[derive(Copy, Clone)]
pub(crate) enum NumberSpan {
    /// The last `len` bytes consumed.
    Window(usize),
    /// The scratch buffer.
    Scratch,
}

/// Where [`Scanner::split`] stopped.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Split {
    /// Before the bracket that closes the array.
    Close,
    /// Before a `,` at or after the offset asked for.
    Cut,
    /// At the end of the input.
    Eof,
}

/// How much of a string's content [`Scanner::string_piece`] may return.
#[derive(Copy, Clone)]
pub(crate) enum Cut {
    /// The content may grow by `remaining` more bytes; beyond that it is a `kind` limit error
    /// (`max` is the limit, for the message). Bytes past the limit are not examined.
    Limit {
        remaining: usize,
        max: usize,
        kind: LimitKind,
    },
    /// Return at most this many bytes (at least 4, so one UTF-8 sequence always fits).
    Buffer(usize),
}

/// The next piece of a string's unescaped content.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Raw, validated UTF-8: the last `len` bytes consumed.
    Raw(usize),
    /// The decoded escape sequence: `Scanner::piece_bytes`.
    Escape(usize),
    /// The closing quote was consumed.
    End,
}

/// What a scanner knows besides its source: handed to a scanner over a wrapper of the same
/// source ([`Tapped`](crate::read::source::Tapped)) to read on from the same place, and back.
pub(crate) struct ScanState {
    limits: Limits,
    nesting: Nesting,
    scratch: Vec<u8>,
}

impl<S> Scanner<S> {
    /// The source, and the state moved out (this scanner keeps an empty nesting until
    /// [`restore`](Self::restore)).
    pub(crate) fn lend(&mut self) -> (&mut S, ScanState) {
        let state = ScanState {
            limits: self.limits,
            nesting: std::mem::replace(&mut self.nesting, Nesting::new()),
            scratch: std::mem::take(&mut self.scratch),
        };
        (&mut self.src, state)
    }

    /// A scanner over `src` in the state another one lent.
    pub(crate) fn resume(src: S, state: ScanState) -> Self {
        Scanner {
            src,
            limits: state.limits,
            nesting: state.nesting,
            scratch: state.scratch,
            escape: [0; 4],
            escaped: false,
            str_start: 0,
        }
    }

    /// The source and the state, for the scanner that lent the state.
    pub(crate) fn into_parts(self) -> (S, ScanState) {
        let state = ScanState {
            limits: self.limits,
            nesting: self.nesting,
            scratch: self.scratch,
        };
        (self.src, state)
    }

    /// Takes back the state lent.
    pub(crate) fn restore(&mut self, state: ScanState) {
        self.nesting = state.nesting;
        self.scratch = state.scratch;
    }

    #[inline]
    pub(crate) fn nesting(&self) -> &Nesting {
        &self.nesting
    }

    #[inline]
    pub(crate) fn nesting_mut(&mut self) -> &mut Nesting {
        &mut self.nesting
    }

    /// The source, e.g. to hand its bytes on.
    pub(crate) fn source_mut(&mut self) -> &mut S {
        &mut self.src
    }
}

impl<'de, S: Read<'de>> Scanner<S> {
    pub(crate) fn new(src: S, limits: Limits) -> Self {
        Scanner {
            src,
            limits,
            nesting: Nesting::new(),
            scratch: Vec::new(),
            escape: [0; 4],
            escaped: false,
            str_start: 0,
        }
    }

    /// The error `code` at byte `offset` (at or a few bytes before the current one), with the
    /// current path.
    #[cold]
    pub(crate) fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        let position = self.error_position(offset, code.is_after());
        Error::at(code, position, self.nesting.path())
    }

    /// Where an error at `offset` is, as serde_json says: at the line and column of the byte
    /// at `offset`, which is to blame; or, for an error `after` what was read (the end of the
    /// input, a value that does not fit), at those of the byte before it, column 0 at the
    /// start of a line. (serde_json counts the bytes of the line up to and including the one
    /// it looked at last.)
    fn error_position(&self, offset: u64, after: bool) -> Position {
        let end = if after { offset } else { offset + 1 };
        let mut position = self.src.position_of(end);
        position.offset = offset;
        position.column -= 1;
        position
    }

    /// The position of the byte just consumed: of the opening quote of a string, from which
    /// [`error_in_string`](Self::error_in_string) locates the string's bytes.
    pub(crate) fn last_position(&self) -> Position {
        self.src.position_of(self.src.offset() - 1)
    }

    /// The error `code` at byte `offset` of the string whose opening quote is at `quote`, with
    /// the current path. The byte may have left the window long ago: a string has no line
    /// breaks, so its bytes are on the quote's line, a column per byte after it.
    #[cold]
    pub(crate) fn error_in_string(&self, code: ErrorCode, quote: Position, offset: u64) -> Error {
        let position = Position {
            offset,
            line: quote.line,
            column: quote.column + (offset - quote.offset),
        };
        Error::at(code, position, self.nesting.path())
    }

    /// The error `code` at the current byte, with the current path.
    #[cold]
    pub(crate) fn error(&self, code: ErrorCode) -> Error {
        self.error_at(code, self.src.offset())
    }

    /// The error `code` after the last byte read, with the current path: where serde_json
    /// reports what it finds wrong once a value is read, whatever the next byte.
    #[cold]
    pub(crate) fn error_after(&self, code: ErrorCode) -> Error {
        let position = self.error_position(self.src.offset(), true);
        Error::at(code, position, self.nesting.path())
    }

    /// Gives an error raised outside the reader (by a serde visitor, a `Load` impl, a sink) the
    /// current position and path, as the reader's own errors have from the start.
    #[cold]
    pub(crate) fn fix_position(&self, err: Error) -> Error {
        self.fix_position_at(err, self.src.offset())
    }

    /// As [`fix_position`](Self::fix_position), after the byte before `offset` (a few bytes
    /// back at most) rather than the last one read.
    #[cold]
    pub(crate) fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        err.fix_position(|| self.error_position(offset, true), || self.nesting.path())
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Offset of the next unread byte.
    #[inline]
    pub(crate) fn offset(&self) -> u64 {
        self.src.offset()
    }

    /// Line and column of the next unread byte.
    pub(crate) fn position(&self) -> Position {
        self.src.position_of(self.src.offset())
    }

    /// Consumes `n` bytes of the window, which the caller has looked at.
    #[inline]
    pub(crate) fn consume(&mut self, n: usize) {
        self.src.consume(n);
    }

    /// True if bytes are read but not yet consumed.
    #[inline]
    pub(crate) fn has_buffered(&self) -> bool {
        !self.src.window().is_empty()
    }

    /// The content of a [`Piece`] that [`string_piece`](Self::string_piece) returned.
    #[inline]
    pub(crate) fn piece_bytes(&self, piece: Piece) -> &[u8] {
        match piece {
            Piece::Raw(len) => self.src.recent_bytes(len, 0),
            Piece::Escape(len) => &self.escape[..len],
            Piece::End => &[],
        }
    }

    /// Reads more input; `Ok(false)` at its end.
    #[inline]
    pub(crate) fn fill(&mut self) -> Result<bool> {
        self.src.fill().map_err(|code| self.error(code))
    }

    /// Consumes the bytes of a value up to where `framer` says it ends; false if the input
    /// ends first.
    pub(crate) fn frame(&mut self, framer: &mut Framer) -> Result<bool> {
        loop {
            let window = self.src.window();
            if let Some(n) = framer.scan(window) {
                self.src.consume(n);
                return Ok(true);
            }
            let n = window.len();
            self.src.consume(n);
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// Consumes the elements of an array, from the start of one, with a [`Splitter`]: up to the
    /// array's closing bracket ([`Split::Close`]), or up to the first `,` between elements at
    /// or after offset `cut` ([`Split::Cut`]), neither consumed; calls `passed` with the
    /// offset of each `,` passed. [`Split::Eof`] if the input ends first.
    pub(crate) fn split(&mut self, cut: u64, mut passed: impl FnMut(u64)) -> Result<Split> {
        let mut splitter = Splitter::default();
        let mut found = Vec::new();
        loop {
            let window = self.src.window();
            let base = self.src.offset();
            found.clear();
            // Scanning stops once a `,` at or after `cut` is found.
            let enough = usize::try_from(cut.saturating_sub(base)).unwrap_or(usize::MAX);
            let close = splitter.scan(window, enough, &mut found);
            for &comma in &found {
                let at = base + comma as u64;
                if at >= cut {
                    self.src.consume(comma);
                    return Ok(Split::Cut);
                }
                passed(at);
            }
            if let Some(close) = close {
                self.src.consume(close);
                return Ok(Split::Close);
            }
            let n = window.len();
            self.src.consume(n);
            if !self.fill()? {
                return Ok(Split::Eof);
            }
        }
    }

    /// Skips whitespace and returns the next byte, not consumed; `None` at the end of input.
    ///
    /// Always inlined: most calls find a byte other than whitespace at once, and that test is
    /// cheaper than a call. Whitespace is skipped out of line.
    #[inline(always)]
    pub(crate) fn peek_nonws(&mut self) -> Result<Option<u8>> {
        match self.src.window().first() {
            Some(&b) if !whitespace::is_whitespace(b) => Ok(Some(b)),
            _ => self.skip_whitespace(),
        }
    }

    /// Consumes the `:` at the current byte and, if one space stands alone after it
    /// (pretty-printed), that space too: the value's first byte is then found at once, at a
    /// constant offset under a branch the CPU predicts, rather than by a call that skips
    /// whitespace and computes where it ends from the bytes.
    #[inline(always)]
    pub(crate) fn consume_colon(&mut self) {
        let window = self.src.window();
        let lone_space =
            matches!(window.get(1..3), Some(&[b' ', next]) if !whitespace::is_whitespace(next));
        self.src.consume(1 + usize::from(lone_space));
    }

    /// Skips a run of whitespace. A run between two tokens (a line break and an indentation,
    /// mostly) ends within the first two blocks of the window: found there without the
    /// registers and the loop the general case needs.
    #[inline(never)]
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        let window = self.src.window();
        for at in [0, whitespace::BLOCK] {
            let Some(block) = window.get(at..).and_then(<[u8]>::first_chunk) else {
                break;
            };
            let run = whitespace::skip_block(block);
            if run < whitespace::BLOCK {
                let next = block[run];
                self.src.consume(at + run);
                return Ok(Some(next));
            }
        }
        self.skip_long_whitespace()
    }

    #[inline(never)]
    fn skip_long_whitespace(&mut self) -> Result<Option<u8>> {
        loop {
            let window = self.src.window();
            let i = whitespace::skip(window);
            if let Some(&b) = window.get(i) {
                self.src.consume(i);
                return Ok(Some(b));
            }
            self.src.consume(i);
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Returns the next byte, whitespace or not, without consuming it; `None` at the end of
    /// input.
    #[inline]
    pub(crate) fn peek_byte(&mut self) -> Result<Option<u8>> {
        loop {
            if let Some(&b) = self.src.window().first() {
                return Ok(Some(b));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Consumes and returns the next byte; `None` at the end of input.
    #[inline]
    pub(crate) fn next_byte(&mut self) -> Result<Option<u8>> {
        loop {
            if let Some(&b) = self.src.window().first() {
                self.src.consume(1);
                return Ok(Some(b));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Consumes `word` (the rest of `true`, `false` or `null` after the first byte). Its
    /// length is a constant, so that it is compared in a register or two, not by a call.
    pub(crate) fn expect_ident<const N: usize>(&mut self, word: &[u8; N]) -> Result<()> {
        if self.src.window().first_chunk::<N>() == Some(word) {
            self.src.consume(N);
            return Ok(());
        }
        for &expected in word {
            match self.next_byte()? {
                Some(b) if b == expected => {}
                Some(_) => {
                    return Err(self.error_at(ErrorCode::ExpectedSomeIdent, self.src.offset() - 1))
                }
                None => return Err(self.error(ErrorCode::EofWhileParsingValue)),
            }
        }
        Ok(())
    }

    /// Reads the rest of a string whose opening quote was consumed, materializing it if needed.
    #[inline(always)]
    pub(crate) fn read_str(&mut self, max: usize, kind: LimitKind) -> Result<StrSpan> {
        self.escaped = false;
        self.str_start = self.src.offset() - 1;
        let window = self.src.window();
        let (i, ascii) = find_special(window);
        // Invalid UTF-8 is read in pieces too: the error comes with the content before it.
        if i < window.len()
            && window[i] == b'"'
            && i <= max
            && (ascii || utf8::is_utf8(&window[..i]))
        {
            self.src.consume(i + 1);
            return Ok(StrSpan::Window(i));
        }
        self.read_str_pieces(max, kind)
    }

    /// An error found by [`read_str`](Self::read_str) in a key: its path names the key as far
    /// as it was read (a key too long for the limit is not named: the path is the object's).
    #[cold]
    pub(crate) fn key_error(&self, err: Error) -> Error {
        if err.limit().is_some() {
            return err;
        }
        let partial = self.nesting.path_in_key(assume_valid(&self.scratch));
        err.with_path(partial)
    }

    #[inline(never)]
    fn read_str_pieces(&mut self, max: usize, kind: LimitKind) -> Result<StrSpan> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let result = loop {
            if self.plain_pieces(&mut scratch, max) {
                break Ok(StrSpan::Scratch);
            }
            let cut = Cut::Limit {
                remaining: max - scratch.len(),
                max,
                kind,
            };
            match self.string_piece(cut) {
                Ok(Piece::Raw(len)) => scratch.extend_from_slice(self.src.recent_bytes(len, 0)),
                Ok(Piece::Escape(len)) => {
                    self.escaped = true;
                    scratch.extend_from_slice(&self.escape[..len]);
                }
                Ok(Piece::End) => break Ok(StrSpan::Scratch),
                Err(err) => break Err(err),
            }
        };
        self.scratch = scratch;
        result
    }

    /// The common pieces of a string read in pieces, straight from the window into `scratch`
    /// ([`unescape_into`]): runs of valid UTF-8 and two-byte escapes (`\n`, `\"`, …). True once
    /// the closing quote is consumed; false, having consumed only what it copied, at anything
    /// else (`\u`, a control character, invalid UTF-8, the end of the window, the limit `max`),
    /// which [`string_piece`](Self::string_piece) then reads from there, errors and all.
    #[inline]
    fn plain_pieces(&mut self, scratch: &mut Vec<u8>, max: usize) -> bool {
        let window = self.src.window();
        // One byte past the room: the kernel's output stays within the room.
        let room = max - scratch.len();
        let region = &window[..window.len().min(room.saturating_add(1))];
        let before = scratch.len();
        let (read, closed) = unescape_into(scratch, region);
        // Each escape and the quote read one byte more than they write.
        if scratch.len() - before + usize::from(closed) < read {
            self.escaped = true;
        }
        self.src.consume(read);
        closed
    }

    /// The content of a string read by [`read_str`](Self::read_str).
    #[inline]
    pub(crate) fn str_ref(&self, span: StrSpan) -> Reference<'de, '_, str> {
        match span {
            // The closing quote follows the content.
            StrSpan::Window(len) => self.checked_text(Some(len), 1),
            StrSpan::Scratch => self.checked_text(None, 0),
        }
    }

    /// The text of the values read since `start` (an offset since the last refill, or any
    /// offset if the source keeps its input): checked, as everything read is.
    pub(crate) fn text_since(&self, start: u64) -> Reference<'de, '_, str> {
        self.checked_text(Some((self.src.offset() - start) as usize), 0)
    }

    /// Whether the source keeps everything consumed at hand (a slice).
    pub(crate) fn keeps_input(&self) -> bool {
        self.src.keeps_input()
    }

    /// Text the scanner has checked (UTF-8 of a string, ASCII of a number): the `len` bytes
    /// consumed `skip` bytes before the current position, or with `None` the scratch buffer.
    #[inline]
    fn checked_text(&self, window: Option<usize>, skip: usize) -> Reference<'de, '_, str> {
        match window {
            Some(len) => match self.src.recent(len, skip) {
                Reference::Borrowed(b) => Reference::Borrowed(assume_valid(b)),
                Reference::Copied(c) => Reference::Copied(assume_valid(c)),
            },
            None => Reference::Copied(assume_valid(&self.scratch)),
        }
    }

    /// Records the key just read, at `span`, as the current key of the innermost object.
    #[inline]
    pub(crate) fn set_key(&mut self, span: StrSpan) {
        let key = match span {
            StrSpan::Window(len) => self.src.recent_bytes(len, 1),
            StrSpan::Scratch => &self.scratch,
        };
        self.nesting.set_key(assume_valid(key));
    }

    /// Whether the last string read by [`read_str`](Self::read_str) had an escape sequence.
    pub(crate) fn last_str_escaped(&self) -> bool {
        self.escaped
    }

    /// In a string: if the window holds the rest of it, without escapes and valid UTF-8, hands
    /// that content to `write` and consumes it, and the closing quote if `write` succeeds;
    /// `None`, with nothing consumed, if the window does not hold it (it is read in pieces).
    #[inline]
    pub(crate) fn write_rest_of_str<E>(
        &mut self,
        write: impl FnOnce(&[u8]) -> std::result::Result<(), E>,
    ) -> Option<std::result::Result<(), E>> {
        let window = self.src.window();
        let (i, ascii) = find_special(window);
        let whole = window.get(i) == Some(&b'"') && (ascii || utf8::is_utf8(&window[..i]));
        if !whole {
            return None;
        }
        let written = write(&window[..i]);
        self.src.consume(if written.is_ok() { i + 1 } else { i });
        Some(written)
    }

    /// Reads the rest of a string without keeping it, checking it as [`read_str`] would.
    pub(crate) fn skip_str(&mut self) -> Result<()> {
        while self.string_piece(Cut::Buffer(usize::MAX))? != Piece::End {}
        Ok(())
    }

    /// Reads the next piece of a string's content: a run of raw bytes, checked as UTF-8, or one
    /// escape sequence decoded, or the closing quote.
    ///
    /// Invalid UTF-8 is an error only once the valid bytes before it were returned (and
    /// consumed) as a piece, as they are when the window holds less: the pieces before an error,
    /// and the offset at which it leaves the source, are the same for every window and read.
    pub(crate) fn string_piece(&mut self, cut: Cut) -> Result<Piece> {
        loop {
            let window = self.src.window();
            let allowed = match cut {
                Cut::Limit { remaining, .. } => remaining.saturating_add(1),
                Cut::Buffer(n) => n,
            };
            let region = &window[..window.len().min(allowed)];
            let (i, ascii) = find_special(region);
            if i > 0 {
                let run = &region[..i];
                let over_limit = matches!(cut, Cut::Limit { remaining, .. } if i > remaining);
                let cut_short = i == region.len() && (over_limit || region.len() < window.len());
                let checked_run = if over_limit { &run[..i - 1] } else { run };
                // `checked` bytes are valid; then comes an invalid sequence, or the start of
                // one that the run does not complete.
                let (checked, complete, invalid) = if ascii {
                    (checked_run.len(), true, false)
                } else {
                    match utf8::check(checked_run) {
                        Ok(()) => (checked_run.len(), true, false),
                        Err(err) => (err.valid_up_to(), false, err.error_len().is_some()),
                    }
                };
                // A special byte (ASCII) cannot continue a multi-byte sequence.
                let invalid = invalid || (!complete && i < region.len());
                if invalid {
                    // The valid bytes before the error first, the error at the next call: what
                    // is handed out before an error and where the reader stops do not depend
                    // on how much of the input the window holds.
                    if checked > 0 {
                        self.src.consume(checked);
                        return Ok(Piece::Raw(checked));
                    }
                    return Err(self.error(ErrorCode::InvalidUtf8));
                }
                if over_limit {
                    if let Cut::Limit { max, kind, .. } = cut {
                        let code = ErrorCode::Limit(kind, max as u64);
                        return Err(self.error_at(code, self.str_start));
                    }
                }
                if checked > 0 {
                    self.src.consume(checked);
                    return Ok(Piece::Raw(checked));
                }
                debug_assert!(!complete && !cut_short);
                // Only the start of a sequence is left in the window: read on behind it.
                if !self.fill()? {
                    // At the end of the input, after that start.
                    let end = self.src.offset() + self.src.window().len() as u64;
                    return Err(self.error_at(ErrorCode::EofWhileParsingString, end));
                }
                continue;
            }
            match window.first() {
                Some(b'"') => {
                    self.src.consume(1);
                    return Ok(Piece::End);
                }
                Some(b'\\') => {
                    if let Cut::Limit {
                        remaining: 0,
                        max,
                        kind,
                    } = cut
                    {
                        let code = ErrorCode::Limit(kind, max as u64);
                        return Err(self.error_at(code, self.str_start));
                    }
                    self.src.consume(1);
                    let len = self.read_escape()?;
                    if let Cut::Limit {
                        remaining,
                        max,
                        kind,
                    } = cut
                    {
                        if len > remaining {
                            let code = ErrorCode::Limit(kind, max as u64);
                            return Err(self.error_at(code, self.str_start));
                        }
                    }
                    return Ok(Piece::Escape(len));
                }
                Some(_) => return Err(self.error(ErrorCode::ControlCharacterWhileParsingString)),
                None => {
                    if !self.fill()? {
                        return Err(self.error(ErrorCode::EofWhileParsingString));
                    }
                }
            }
        }
    }

    /// Decodes the escape sequence after a backslash into `self.escape`; returns its length.
    fn read_escape(&mut self) -> Result<usize> {
        let Some(b) = self.next_byte()? else {
            return Err(self.error(ErrorCode::EofWhileParsingString));
        };
        if let Some(c) = unescape_short(b) {
            self.escape[0] = c;
            return Ok(1);
        }
        if b != b'u' {
            return Err(self.error_at(ErrorCode::InvalidEscape, self.src.offset() - 1));
        }
        let c = self.read_unicode_escape()?;
        Ok(c.encode_utf8(&mut self.escape).len())
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` when the first is a high surrogate.
    /// Errors as serde_json's: a high surrogate not followed by `\u` at the byte that is not
    /// (the end of the escape), a lone surrogate at the last digit of the escape that shows it.
    fn read_unicode_escape(&mut self) -> Result<char> {
        let first = self.read_hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                for expected in *b"\\u" {
                    match self.next_byte()? {
                        Some(b) if b == expected => {}
                        Some(_) => {
                            let offset = self.src.offset() - 1;
                            return Err(self.error_at(ErrorCode::UnexpectedEndOfHexEscape, offset));
                        }
                        None => return Err(self.error(ErrorCode::EofWhileParsingString)),
                    }
                }
                let second = self.read_hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    let offset = self.src.offset() - 1;
                    return Err(self.error_at(ErrorCode::LoneSurrogate, offset));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                let offset = self.src.offset() - 1;
                return Err(self.error_at(ErrorCode::LoneSurrogate, offset));
            }
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or_else(|| self.error(ErrorCode::InvalidUnicodeCodePoint))
    }

    /// Four bytes, then their value as hex digits: as serde_json, the end of the input among
    /// the four is the end of the string, and a byte that is not a hex digit is an invalid
    /// escape at the fourth byte.
    fn read_hex4(&mut self) -> Result<u16> {
        let mut digits = [0u8; 4];
        for digit in &mut digits {
            *digit = match self.next_byte()? {
                Some(b) => b,
                None => return Err(self.error(ErrorCode::EofWhileParsingString)),
            };
        }
        let mut value = 0u16;
        for digit in digits {
            match (digit as char).to_digit(16) {
                Some(d) => value = value * 16 + d as u16,
                None => {
                    let offset = self.src.offset() - 1;
                    return Err(self.error_at(ErrorCode::InvalidEscape, offset));
                }
            }
        }
        Ok(value)
    }

    /// Reads a number that starts at the current byte, checking its grammar only; its text is
    /// at the returned span.
    pub(crate) fn read_number_text(&mut self) -> Result<NumberSpan> {
        self.number::<false>().map(|(_, span)| span)
    }

    /// Reads a number that starts at the current byte and converts it as serde_json does.
    ///
    /// A number in range that ends inside the window, within the length limit, is read here
    /// with its value kept in registers; anything else is read again from its first byte by
    /// [`read_number_in_full`](Self::read_number_in_full), which gives the exact error.
    #[inline]
    pub(crate) fn read_number(&mut self) -> Result<ParserNumber> {
        let window = self.src.window();
        if let Ok(number::Parsed {
            value: Some(value),
            len,
        }) = number::parse_prefix::<true>(window)
        {
            if self.number_ends_at(window, len) {
                self.src.consume(len);
                return Ok(value);
            }
        }
        self.read_number_in_full()
    }

    /// Whether the number of `len` bytes at the start of `window` is whole there: within the
    /// length limit, and followed inside the window by a byte that cannot continue it.
    #[inline(always)]
    fn number_ends_at(&self, window: &[u8], len: usize) -> bool {
        len <= self.limits.max_number_len
            && window
                .get(len)
                .is_some_and(|&next| !number::is_number_byte(next))
    }

    /// [`read_number`](Self::read_number) for a number out of range, past the window or the
    /// length limit, or invalid.
    #[inline(never)]
    fn read_number_in_full(&mut self) -> Result<ParserNumber> {
        let start = self.src.offset();
        match self.number::<true>()? {
            (Some(n), _) => Ok(n),
            (None, span) => Err(self.out_of_range(start, self.number_bytes(span))),
        }
    }

    /// One pass over the window when the number ends inside it; otherwise the number's bytes
    /// are gathered in the scratch buffer first. Either way the errors are the same: the limit
    /// if the number runs past it, else the first byte the grammar rejects.
    #[inline]
    fn number<const CONVERT: bool>(&mut self) -> Result<(Option<ParserNumber>, NumberSpan)> {
        let start = self.src.offset();
        let max = self.limits.max_number_len;
        let window = self.src.window();
        let stop = match number::parse_prefix::<CONVERT>(window) {
            Ok(parsed) if parsed.len < window.len() => {
                if self.number_ends_at(window, parsed.len) {
                    self.src.consume(parsed.len);
                    return Ok((parsed.value, NumberSpan::Window(parsed.len)));
                }
                if CONVERT && parsed.value.is_none() && parsed.len <= max {
                    // serde_json finds the value out of range before the byte after it.
                    return Err(self.out_of_range(start, &window[..parsed.len]));
                }
                parsed.len
            }
            Err(at) if at < window.len() => at,
            _ => return self.number_pieces::<CONVERT>(start, max),
        };
        Err(self.number_error(start, stop, max))
    }

    #[inline(never)]
    fn number_pieces<const CONVERT: bool>(
        &mut self,
        start: u64,
        max: usize,
    ) -> Result<(Option<ParserNumber>, NumberSpan)> {
        // Gather the number's bytes, one more than the limit at most (a limit of `usize::MAX`
        // is no limit: the scratch buffer cannot reach it).
        let cap = max.saturating_add(1);
        self.scratch.clear();
        let mut at_eof = false;
        loop {
            let window = self.src.window();
            let run = window
                .iter()
                .position(|&b| !number::is_number_byte(b))
                .unwrap_or(window.len());
            let take = run.min(cap - self.scratch.len());
            let ended = take < window.len();
            self.scratch.extend_from_slice(&window[..take]);
            self.src.consume(take);
            if ended {
                break;
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    at_eof = true;
                    break;
                }
                // The input's error (a limit, a failed read) comes after the bytes gathered:
                // if the grammar stops inside them, that error comes first, as it does when
                // the whole number is in the window.
                Err(err) => match number::parse_prefix::<false>(&self.scratch) {
                    Ok(number::Parsed { len, .. }) | Err(len) if len < self.scratch.len() => break,
                    _ => return Err(err),
                },
            }
        }
        let stop = match number::parse_prefix::<CONVERT>(&self.scratch) {
            Ok(parsed) if parsed.len == self.scratch.len() && parsed.len <= max => {
                return Ok((parsed.value, NumberSpan::Scratch));
            }
            Ok(parsed) if CONVERT && parsed.value.is_none() && parsed.len <= max => {
                return Err(self.out_of_range(start, &self.scratch[..parsed.len]));
            }
            Ok(parsed) => parsed.len,
            Err(at) if at == self.scratch.len() && at <= max && at_eof => {
                return Err(self.error(ErrorCode::EofWhileParsingValue));
            }
            Err(at) => at,
        };
        Err(self.number_error(start, stop, max))
    }

    /// "number out of range" for the number `text` at `start`, where serde_json reports it.
    #[cold]
    fn out_of_range(&self, start: u64, text: &[u8]) -> Error {
        let end = start + number::out_of_range_end(text) as u64;
        self.error_at(ErrorCode::NumberOutOfRange, end)
    }

    /// The error for a number whose grammar stops at `start + stop`.
    #[cold]
    fn number_error(&self, start: u64, stop: usize, max: usize) -> Error {
        if stop > max {
            let code = ErrorCode::Limit(LimitKind::NumberLength, max as u64);
            self.error_at(code, start)
        } else {
            self.error_at(ErrorCode::InvalidNumber, start + stop as u64)
        }
    }

    /// The text of a number read by [`read_number_text`](Self::read_number_text).
    #[inline]
    pub(crate) fn number_bytes(&self, span: NumberSpan) -> &[u8] {
        match span {
            NumberSpan::Window(len) => self.src.recent_bytes(len, 0),
            NumberSpan::Scratch => &self.scratch,
        }
    }

    /// The text of a number as a `str` (number text is ASCII).
    pub(crate) fn number_str(&self, span: NumberSpan) -> Reference<'de, '_, str> {
        match span {
            NumberSpan::Window(len) => self.checked_text(Some(len), 0),
            NumberSpan::Scratch => self.checked_text(None, 0),
        }
    }
}
