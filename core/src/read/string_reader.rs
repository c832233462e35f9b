//! String values as `io::Read` streams: unescaped text, or base64-decoded bytes.

use std::io;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::error::{Error, ErrorCode, Result};
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
    /// from `read`, reported at the end of the string, after the bytes of the whole 4-byte
    /// quanta before the first invalid one (the same bytes whatever the sizes of the reads).
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

    fn read_pieces(&mut self, buf: &mut [u8]) -> Result<usize> {
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
                self.carry_end = self.next_piece(self.carry.len(), 0, None)?;
                self.carry_start = 0;
                return Ok(self.take_carry(buf));
            }
            match self.next_piece(room, written, Some(buf)) {
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
    fn next_piece(&mut self, room: usize, at: usize, buf: Option<&mut [u8]>) -> Result<usize> {
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
        self.read_pieces(buf).map_err(io::Error::from)
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
    decoded: Vec<u8>,
    decoded_pos: usize,
    finished: bool,
    /// The text is invalid right after what `decoded` holds: the error comes once that is read.
    invalid: bool,
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
        Base64Reader {
            text,
            pending: vec![0; TEXT_CHUNK + 4].into_boxed_slice(),
            held: 0,
            decoded: Vec::with_capacity(TEXT_CHUNK / 4 * 3),
            decoded_pos: 0,
            finished: false,
            invalid: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let n = io::Read::read(&mut self.text, &mut self.pending[self.held..])?;
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
        // Padding ends the content: text after it (kept back or still to come) is invalid,
        // and the last quantum, if padded, is whole. Checked here because the decoder sees
        // one refill at a time and would take `AA==AA==` for two valid texts.
        let text = &self.pending[..ready];
        let misplaced_padding = match memchr::memchr(b'=', text) {
            Some(_) if !self.finished => true,
            Some(_) => ready % 4 != 0,
            None => false,
        };
        if misplaced_padding || engine().decode_vec(text, &mut self.decoded).is_err() {
            // The whole quanta before the first bad one are handed out first, as they are when
            // the text comes in smaller pieces (each quantum is decoded once the text goes on
            // after it): the bad quantum is the one with the first byte outside the alphabet,
            // or else the short last one.
            let bad = text
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
                .unwrap_or(ready);
            self.decoded.clear();
            let good = engine().decode_vec(&text[..bad / 4 * 4], &mut self.decoded);
            debug_assert!(good.is_ok(), "whole quanta of the alphabet decode");
            self.invalid = true;
            return Ok(());
        }
        self.pending.copy_within(ready..total, 0);
        self.held = total - ready;
        Ok(())
    }

    /// The error for invalid base64, reported at the end of the string whatever the sizes of
    /// the reads that found it (an error in the string's own syntax, further on, comes first).
    #[cold]
    fn invalid_base64(&mut self) -> io::Error {
        loop {
            match io::Read::read(&mut self.text, &mut self.pending) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) => return err,
            }
        }
        let err = self.text.reader.error(ErrorCode::InvalidBase64);
        self.text.fail(err).into()
    }
}

impl<'de, S: Read<'de>> io::Read for Base64Reader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.decoded_pos == self.decoded.len() {
            if buf.is_empty() {
                return Ok(0);
            }
            if self.invalid {
                return Err(self.invalid_base64());
            }
            if self.finished {
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
