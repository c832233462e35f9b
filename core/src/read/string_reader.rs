//! String values as `io::Read` streams: unescaped text, or base64-decoded bytes.

use std::io;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::error::{Error, ErrorCode, Position, Result};
use crate::lex::base64::first_fault;
use crate::read::reader::JsonReader;
use crate::read::scanner::{Cut, Piece};
use crate::read::Read;

impl<'de, S: Read<'de>> JsonReader<S> {
    /// An [`io::Read`] of the next value, a string, unescaped: its UTF-8 bytes chunk by chunk,
    /// never the whole string in memory, however long it is.
    ///
    /// Read it to the end (until `read` returns 0) before using the reader again; if it is
    /// dropped earlier, the rest of the string is skipped then (and checked: at an error the
    /// reader stops there, unusable).
    ///
    /// # Errors
    ///
    /// An error here if the next value is not a string; errors inside the string (bad escapes,
    /// invalid UTF-8, EOF) come from `read` as [`io::Error`]s of kind `InvalidData` or
    /// `UnexpectedEof` wrapping this crate's [`Error`]. Before an error, `read` hands out all
    /// the content before it (whole UTF-8 sequences and escapes), and the reader stops at the
    /// same offset, whatever the sizes of the reads from the input and into `read`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read;
    ///
    /// let mut reader = jsonstream::JsonReader::new(&br#"["line 1\nline 2 \u00e9"]"#[..]);
    /// reader.begin_array()?;
    /// let mut text = String::new();
    /// reader.string_reader()?.read_to_string(&mut text)?;
    /// assert_eq!(text, "line 1\nline 2 é");
    /// reader.end_array()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn string_reader(&mut self) -> Result<StringReader<'_, S>> {
        self.open_string()?;
        Ok(StringReader::new(self))
    }

    /// An [`io::Read`] of the bytes that the next value, a base64 string, encodes; decoded
    /// chunk by chunk. Padding (`=`) may be present or absent.
    ///
    /// # Errors
    ///
    /// As for [`string_reader`](Self::string_reader); invalid base64 is an `InvalidData` error
    /// from `read` at the symbol to blame (its offset, line and column, and
    /// [`Error::base64_fault`] says what is wrong), after the bytes of the whole 4-symbol
    /// groups before it: the same bytes and the same error whatever the sizes of the reads. The
    /// reader stops at the end of the string (or at an error in it further on), unusable.
    pub fn base64_reader(&mut self) -> Result<Base64Reader<'_, S>> {
        self.open_string()?;
        Ok(Base64Reader::new(StringReader::new(self)))
    }
}

/// An [`io::Read`] of one string value's unescaped UTF-8 bytes, from
/// [`JsonReader::string_reader`].
///
/// Each `read` unescapes what the window holds; nothing beyond the window and a few bytes is
/// ever held, so strings of any length stream through.
pub struct StringReader<'r, S> {
    reader: &'r mut JsonReader<S>,
    state: State,
    /// A piece that did not fit a caller's buffer shorter than one UTF-8 sequence.
    carry: [u8; 4],
    carry_start: usize,
    carry_end: usize,
    /// An error found after some bytes were already read into the caller's buffer: those bytes
    /// are returned first and the error by the next `read`, so that what a reader sees before
    /// an error does not depend on the sizes of its reads.
    deferred: Option<Error>,
    /// Skips the rest of the string; captured where the source's bounds are known, for `Drop`.
    skip_rest: fn(&mut JsonReader<S>) -> Result<()>,
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum State {
    Reading,
    Done,
    Failed,
}

impl<'de, 'r, S: Read<'de>> StringReader<'r, S> {
    pub(crate) fn new(reader: &'r mut JsonReader<S>) -> Self {
        StringReader {
            reader,
            state: State::Reading,
            carry: [0; 4],
            carry_start: 0,
            carry_end: 0,
            deferred: None,
            skip_rest: |reader| reader.skip_str(),
        }
    }

    /// Copies the rest of the string into `writer`, straight from the reader's window (no
    /// intermediate buffer). Returns the number of bytes written.
    ///
    /// # Errors
    ///
    /// An error in the string, or an [`io::Error`] of the writer (as [`Category::Io`]). Before
    /// an error in the string, the content before it has been written, as `read` hands it out.
    ///
    /// [`Category::Io`]: crate::Category::Io
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::JsonReader::from_str(r#""tab\there""#);
    /// let mut out = Vec::new();
    /// reader.string_reader()?.copy_to(&mut out)?;
    /// assert_eq!(out, b"tab\there");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn copy_to<W: io::Write + ?Sized>(mut self, writer: &mut W) -> Result<u64> {
        let mut total = (self.carry_end - self.carry_start) as u64;
        writer
            .write_all(&self.carry[self.carry_start..self.carry_end])
            .map_err(|e| self.fail(Error::io(e)))?;
        self.carry_start = self.carry_end;
        if self.state == State::Reading {
            // Most strings are in the window whole: one write, without the pieces.
            let mut len = 0;
            let written = self.reader.write_rest_of_string(|rest| {
                len = rest.len() as u64;
                writer.write_all(rest)
            });
            match written {
                Some(Ok(())) => {
                    self.state = State::Done;
                    return Ok(total + len);
                }
                Some(Err(err)) => return Err(self.fail(Error::io(err))),
                None => {}
            }
        }
        while self.state == State::Reading {
            let piece = match self.reader.string_piece(Cut::Buffer(usize::MAX)) {
                Ok(Piece::End) => {
                    self.state = State::Done;
                    break;
                }
                Ok(piece) => piece,
                Err(err) => return Err(self.fail(err)),
            };
            let bytes = self.reader.piece_bytes(piece);
            let written = writer.write_all(bytes).map(|()| bytes.len());
            total += written.map_err(|e| self.fail(Error::io(e)))? as u64;
        }
        self.check_usable()?;
        Ok(total)
    }

    /// Reads pieces into `buf`; with `runs`, notes where in the input they came from.
    fn read_pieces(&mut self, buf: &mut [u8], mut runs: Option<&mut Runs>) -> Result<usize> {
        if let Some(err) = self.deferred.take() {
            return Err(err);
        }
        self.check_usable()?;
        let mut written = self.take_carry(buf);
        while written < buf.len() && self.state == State::Reading {
            if written > 0 && !self.reader.has_buffered() {
                // Return what we have rather than wait for more input.
                break;
            }
            let room = buf.len() - written;
            if room < self.carry.len() {
                if written > 0 {
                    break;
                }
                // One piece into the carry, then as much of it as fits.
                debug_assert!(runs.is_none(), "a mapped read has room for a piece");
                self.carry_end = self.next_piece(self.carry.len(), 0, None, None)?;
                self.carry_start = 0;
                return Ok(self.take_carry(buf));
            }
            match self.next_piece(room, written, Some(buf), runs.as_deref_mut()) {
                Ok(len) => written += len,
                Err(err) if written > 0 => {
                    self.deferred = Some(err);
                    break;
                }
                Err(err) => return Err(err),
            }
        }
        Ok(written)
    }

    /// Reads one piece of at most `room` bytes to `buf[at..]` (or the carry); returns its length.
    fn next_piece(
        &mut self,
        room: usize,
        at: usize,
        buf: Option<&mut [u8]>,
        runs: Option<&mut Runs>,
    ) -> Result<usize> {
        // A piece starts where the reader is: a run of raw bytes, or an escape's backslash.
        let offset = self.reader.offset();
        let piece = match self.reader.string_piece(Cut::Buffer(room)) {
            Ok(piece) => piece,
            Err(err) => return Err(self.fail(err)),
        };
        let bytes = self.reader.piece_bytes(piece);
        let len = bytes.len();
        match buf {
            Some(buf) => buf[at..at + len].copy_from_slice(bytes),
            None => self.carry[..len].copy_from_slice(bytes),
        }
        if piece == Piece::End {
            self.state = State::Done;
        }
        if let Some(runs) = runs {
            runs.note(at, offset, matches!(piece, Piece::Escape(_)));
        }
        Ok(len)
    }

    fn take_carry(&mut self, buf: &mut [u8]) -> usize {
        let n = (self.carry_end - self.carry_start).min(buf.len());
        buf[..n].copy_from_slice(&self.carry[self.carry_start..self.carry_start + n]);
        self.carry_start += n;
        n
    }

    /// Ends the string at an error: the reader stays inside it, unusable; an error of the
    /// caller's writer gets the reader's position.
    #[cold]
    fn fail(&mut self, err: Error) -> Error {
        self.state = State::Failed;
        self.reader.poison();
        self.reader.fix_position(err)
    }

    fn check_usable(&self) -> Result<()> {
        match self.state {
            State::Failed => Err(self.reader.error(ErrorCode::Unusable)),
            _ => Ok(()),
        }
    }
}

impl<'de, S: Read<'de>> io::Read for StringReader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_pieces(buf, None).map_err(io::Error::from)
    }
}

impl<S> Drop for StringReader<'_, S> {
    fn drop(&mut self) {
        if self.state == State::Reading {
            // The caller stopped early: skip the rest so that the reader can go on.
            if (self.skip_rest)(self.reader).is_err() {
                self.reader.poison();
            }
        }
    }
}

/// An [`io::Read`] of the bytes encoded in one base64 string value, from
/// [`JsonReader::base64_reader`].
pub struct Base64Reader<'r, S> {
    text: StringReader<'r, S>,
    /// Base64 text read but not yet decoded: `pending[..held]`. Allocated once; refills read
    /// into the room after `held`.
    pending: Box<[u8]>,
    held: usize,
    /// Where the bytes of `pending` are in the input.
    runs: Runs,
    /// The opening quote, from which the position of any byte of the string follows.
    quote: Position,
    decoded: Vec<u8>,
    decoded_pos: usize,
    finished: bool,
    /// The text is invalid right after what `decoded` holds: the error comes once that is read.
    fault: Option<Error>,
}

/// Where the bytes read into a buffer came from in the input: runs of raw bytes, each at an
/// offset, and escapes, all of whose bytes come from the escape's backslash.
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    /// Where in the buffer the next read starts (indices of `note` are relative to it).
    base: usize,
}

#[derive(Copy, Clone)]
struct Run {
    /// Index in the buffer of the run's first byte.
    at: usize,
    /// Offset in the input of that byte (of the backslash for an escape).
    offset: u64,
    escape: bool,
}

impl Runs {
    /// A piece read to index `at` (after `base`) from `offset` of the input.
    fn note(&mut self, at: usize, offset: u64, escape: bool) {
        let at = self.base + at;
        let follows = self.runs.last().is_some_and(|last| {
            !escape && !last.escape && last.offset + (at - last.at) as u64 == offset
        });
        if !follows {
            self.runs.push(Run { at, offset, escape });
        }
    }

    /// The input offset of the byte at `index` of the buffer.
    fn offset(&self, index: usize) -> u64 {
        let run = self.runs[self.runs.partition_point(|run| run.at <= index) - 1];
        match run.escape {
            true => run.offset,
            false => run.offset + (index - run.at) as u64,
        }
    }

    /// The bytes from `index` on moved to the front of the buffer.
    fn shift(&mut self, index: usize, len: usize) {
        if len == 0 {
            self.runs.clear();
            return;
        }
        let first = self.runs.partition_point(|run| run.at <= index) - 1;
        self.runs.drain(..first);
        let head = &mut self.runs[0];
        if !head.escape {
            head.offset += (index - head.at) as u64;
        }
        head.at = index;
        for run in &mut self.runs {
            run.at -= index;
        }
    }
}

/// Base64 text decoded per refill at most; a multiple of 4.
const TEXT_CHUNK: usize = 16 * 1024;

fn engine() -> GeneralPurpose {
    GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

impl<'de, 'r, S: Read<'de>> Base64Reader<'r, S> {
    pub(crate) fn new(text: StringReader<'r, S>) -> Self {
        let quote = text.reader.last_position();
        Base64Reader {
            text,
            pending: vec![0; TEXT_CHUNK + 4].into_boxed_slice(),
            held: 0,
            runs: Runs::default(),
            quote,
            decoded: Vec::with_capacity(TEXT_CHUNK / 4 * 3),
            decoded_pos: 0,
            finished: false,
            fault: None,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.runs.base = self.held;
        let n = self
            .text
            .read_pieces(&mut self.pending[self.held..], Some(&mut self.runs));
        let n = n.map_err(io::Error::from)?;
        let total = self.held + n;
        self.decoded.clear();
        self.decoded_pos = 0;
        // Keep the last quantum back: only the final one may be padded or short.
        let ready = if n == 0 {
            self.finished = true;
            total
        } else {
            total.saturating_sub(1) / 4 * 4
        };
        // The decoder sees one refill at a time: it would take `AA==AA==` for two valid texts,
        // and cannot say which symbol is to blame; padded or rejected text is checked by the
        // rules, over all the text at hand.
        let text = &self.pending[..ready];
        let decoded = engine().decode_vec(text, &mut self.decoded).is_ok();
        if !decoded || memchr::memchr(b'=', text).is_some() {
            if let Some((at, fault)) = first_fault(&self.pending[..total], self.finished) {
                // The whole groups before the faulty one are handed out first, as they are
                // when the text comes in smaller pieces.
                self.decoded.clear();
                let good = engine().decode_vec(&self.pending[..at / 4 * 4], &mut self.decoded);
                debug_assert!(good.is_ok(), "whole groups before the first fault decode");
                // Past the text, the closing quote: it ends the text too early.
                let offset = match at {
                    at if at == total => self.text.reader.offset() - 1,
                    at => self.runs.offset(at),
                };
                let code = ErrorCode::InvalidBase64(fault);
                self.fault = Some(self.text.reader.error_in_string(code, self.quote, offset));
                return Ok(());
            }
            debug_assert!(decoded, "the decoder rejects faulty text only");
        }
        self.pending.copy_within(ready..total, 0);
        self.runs.shift(ready, total - ready);
        self.held = total - ready;
        Ok(())
    }
}

impl<'de, S: Read<'de>> io::Read for Base64Reader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.decoded_pos == self.decoded.len() {
            if buf.is_empty() {
                return Ok(0);
            }
            if let Some(fault) = self.fault.take() {
                // The reader stops at the end of the string (or at an error in it further on),
                // the same place whatever the reads that found the fault.
                while let Ok(1..) = self.text.read_pieces(&mut self.pending, None) {}
                return Err(self.text.fail(fault).into());
            }
            if self.finished {
                // After a fault at the end of the text, the reader is unusable.
                self.text.check_usable()?;
                return Ok(0);
            }
            self.refill()?;
        }
        let n = (self.decoded.len() - self.decoded_pos).min(buf.len());
        buf[..n].copy_from_slice(&self.decoded[self.decoded_pos..self.decoded_pos + n]);
        self.decoded_pos += n;
        Ok(n)
    }
}
