//! [`PbReader`]: the pull reader of PBJSON, over the same sources, limits, errors and paths as
//! [`JsonReader`](crate::JsonReader).

use std::io;

use crate::error::{Error, ErrorCode, LimitKind, Position, Result};
use crate::lex::utf8::{self, assume_valid, is_utf8};
use crate::pbjson::float::{self, BadFloat};
use crate::pbjson::header::{self, KEY_INDEX};
use crate::pbjson::integer::{self, Integer};
use crate::pbjson::memo::KeyTable;
use crate::read::limits::Limits;
use crate::read::nesting::Nesting;
use crate::read::options::{ReaderOptions, DEFAULT_WINDOW_SIZE};
use crate::read::{IoRead, Read, Reference, SliceRead};

/// A pull reader of one PBJSON document: tokens, [`skip_value`](Self::skip_value), large
/// strings and binary values as streams ([`string_reader`](Self::string_reader),
/// [`binary_reader`](Self::binary_reader)), and serde values mid-document
/// ([`deserialize_next`](Self::deserialize_next); `&mut PbReader` is a
/// [`serde::Deserializer`]).
///
/// It reads from a slice ([`from_slice`](Self::from_slice), borrowing strings and binary values
/// from it) or from any [`io::Read`] through a bounded window ([`new`](Self::new)); lengths in
/// the input are believed only as far as bytes arrive, so a forged length costs no memory.
/// Every error carries the byte offset and the JSON path of the value being read.
///
/// # Examples
///
/// ```
/// use jsonstream::pbjson::{self, PbReader, Token};
///
/// let bytes = pbjson::to_vec(&serde_json::json!({"ids": [1, 2], "name": "x"}))?;
/// let mut reader = PbReader::from_slice(&bytes);
/// let mut tokens = Vec::new();
/// while let Some(token) = reader.next_token()? {
///     tokens.push(format!("{token:?}"));
/// }
/// assert_eq!(tokens[..3], ["BeginObject(2)", "Key(\"ids\")", "BeginArray(Some(2))"]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct PbReader<S> {
    pub(super) src: S,
    pub(super) limits: Limits,
    /// Open containers, for the JSON path of errors.
    pub(super) nesting: Nesting,
    /// The innermost container and the ones around it (outermost first).
    top: Frame,
    outer: Vec<Frame>,
    pub(super) due: Due,
    pub(super) keys: KeyTable,
    /// Tokens that cross a window boundary are assembled here.
    scratch: Vec<u8>,
    /// Offset of the first byte of the value being read, where its errors are reported.
    start: u64,
    /// A custom byte was handed out as a token: the value it wraps is already counted. (A
    /// serde descent sets it before each value it reads, which it counts itself.)
    pub(super) wrapped: bool,
    /// The keys of the objects a serde descent is in, where they are not borrowed from the
    /// input or in the memo (see `pbjson::descent`), as `JsonReader`'s are kept.
    pub(super) descent_keys: Vec<u8>,
}

/// What may come next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Due {
    Value,
    Key,
    /// The top-level value is complete.
    Done,
    /// A string or binary reader was dropped and the rest of its value could not be skipped.
    Unusable,
}

/// An open container and what is left of it.
#[derive(Copy, Clone, Debug)]
enum Frame {
    Root,
    /// An array of known length: `left` elements to go; `first` until its first element.
    Array {
        left: u64,
        first: bool,
    },
    /// An array ended by a terminator byte.
    Terminated {
        first: bool,
    },
    /// An object: `left` members to go.
    Object {
        left: u64,
    },
}

/// The type of the next value, as told by [`PbReader::peek`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// An array, of known length or terminated.
    Array,
    /// An object.
    Object,
    /// A UTF-8 string.
    String,
    /// A binary value (bytes).
    Binary,
    /// An integer, of any width.
    Integer,
    /// A float, including the infinities and NaN.
    Float,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

/// One token of a PBJSON document, as returned by [`PbReader::next_token`].
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    /// An object of this many members.
    BeginObject(u64),
    /// The end of an object (PBJSON has no byte for it: it comes after the last member).
    EndObject,
    /// An array of this many elements, or `None` for an array ended by a terminator.
    BeginArray(Option<u64>),
    /// The end of an array.
    EndArray,
    /// An object key.
    Key(&'a str),
    /// A string value.
    String(&'a str),
    /// A binary value.
    Binary(&'a [u8]),
    /// An integer, of any width.
    Integer(Integer<'a>),
    /// A float, including the infinities and NaN.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// The custom byte `0E`, which wraps the value that follows (the reference hands that
    /// value to a user hook). Every other reading path passes over it.
    Custom,
}

/// The first bytes of a value: what it is and its length.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum Head {
    Bool(bool),
    Null,
    Float(f64),
    Int { negative: bool, len: u64 },
    PackedFloat(u64),
    Str(u64),
    Bin(u64),
    Array(Option<u64>),
    Object(u64),
    Custom,
}

impl Head {
    /// The head of a value of major type `major` (not 0) and length `len`.
    #[inline]
    fn sized(major: u8, len: u64) -> Head {
        match major {
            header::INT => Head::Int {
                negative: false,
                len,
            },
            header::NEG_INT => Head::Int {
                negative: true,
                len,
            },
            header::FLOAT => Head::PackedFloat(len),
            header::STRING => Head::Str(len),
            header::BINARY => Head::Bin(len),
            header::ARRAY => Head::Array(Some(len)),
            _ => Head::Object(len),
        }
    }
}

/// What the input ended in, for the error.
#[derive(Copy, Clone)]
enum Within {
    Value,
    String,
    Object,
}

impl Within {
    #[cold]
    fn eof(self) -> ErrorCode {
        match self {
            Within::Value => ErrorCode::EofWhileParsingValue,
            Within::String => ErrorCode::EofWhileParsingString,
            Within::Object => ErrorCode::EofWhileParsingObject,
        }
    }
}

/// Where bytes that were taken are: the last `n` bytes consumed, or the scratch buffer.
#[derive(Copy, Clone)]
enum Span {
    Window(usize),
    Scratch,
}

/// A key just read, as [`PbReader::read_key`] tells it to whoever records it.
pub(crate) enum KeyRead<'de, 'a> {
    /// Entry `index` of the document's key memo.
    Memo(u8),
    /// Spelled out in the input: borrowed from it where it can be.
    Spelled(&'a Reference<'de, 'a, str>),
}

impl<R: io::Read> PbReader<IoRead<R>> {
    /// A reader of PBJSON from `reader`, through a window of
    /// [`DEFAULT_WINDOW_SIZE`] bytes, with the default [`Limits`].
    /// [`ReaderOptions::pbjson_reader`] sets both.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[1, 2, 3])?;
    /// let mut reader = jsonstream::pbjson::PbReader::new(&bytes[..]);
    /// let numbers: Vec<u8> = reader.deserialize_next()?;
    /// reader.finish()?;
    /// assert_eq!(numbers, [1, 2, 3]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(reader: R) -> Self {
        PbReader::with_source(
            IoRead::new(reader, DEFAULT_WINDOW_SIZE, None),
            Limits::default(),
        )
    }
}

impl<'a> PbReader<SliceRead<'a>> {
    /// A reader of PBJSON in memory; strings and binary values are borrowed from `bytes`.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec("hello")?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// assert_eq!(reader.next_str()?, "hello");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        PbReader::with_source(SliceRead::new(bytes, None), Limits::default())
    }
}

impl ReaderOptions {
    /// A PBJSON reader of `reader` with these options.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, LimitKind, ReaderOptions};
    ///
    /// let bytes = jsonstream::pbjson::to_vec(&[[[1]]])?;
    /// let options = ReaderOptions::new().limits(Limits { max_depth: 2, ..Limits::default() });
    /// let mut reader = options.pbjson_reader(&bytes[..]);
    /// let err = reader.skip_value().unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::Depth));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_reader<R: io::Read>(&self, reader: R) -> PbReader<IoRead<R>> {
        let src = IoRead::new(reader, self.window_size, self.limits.max_document_len);
        PbReader::with_source(src, self.limits)
    }

    /// A PBJSON reader of `bytes` with these options (the window size does not apply).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, LimitKind, ReaderOptions};
    ///
    /// let bytes = jsonstream::pbjson::to_vec("a long string")?;
    /// let options = ReaderOptions::new().limits(Limits { max_string_len: 4, ..Limits::default() });
    /// let err = options.pbjson_slice_reader(&bytes).next_str().unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::StringLength));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_slice_reader<'a>(&self, bytes: &'a [u8]) -> PbReader<SliceRead<'a>> {
        let src = SliceRead::new(bytes, self.limits.max_document_len);
        PbReader::with_source(src, self.limits)
    }
}

impl<S> PbReader<S> {
    pub(crate) fn with_source(src: S, limits: Limits) -> Self {
        PbReader {
            src,
            limits,
            nesting: Nesting::new(),
            top: Frame::Root,
            outer: Vec::new(),
            due: Due::Value,
            keys: KeyTable::default(),
            scratch: Vec::new(),
            start: 0,
            wrapped: false,
            descent_keys: Vec::new(),
        }
    }

    /// The JSON path of the value being read: `$`, `$.records[3].name`.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({"a": [true]}))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_object()?;
    /// reader.next_key()?;
    /// reader.begin_array()?;
    /// reader.next_bool()?;
    /// assert_eq!(reader.path(), "$.a[0]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn path(&self) -> String {
        self.nesting
            .path_with(|index| self.keys.get(usize::from(index)).unwrap_or_default())
    }

    /// Leaves the reader unusable: a value reader stopped inside a value it cannot skip.
    fn poison(&mut self) {
        self.due = Due::Unusable;
    }
}

impl<'de, S: Read<'de>> PbReader<S> {
    /// Byte offset of the next unread byte.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x01, 0x02]);
    /// reader.next_bool()?;
    /// assert_eq!(reader.offset(), 1);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn offset(&self) -> u64 {
        self.src.offset()
    }

    /// The error `code` at byte `offset`, with the current path.
    #[cold]
    pub(crate) fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        Error::at(code, Position::binary(offset), self.path())
    }

    /// The error `code` at the current byte.
    #[cold]
    pub(crate) fn error(&self, code: ErrorCode) -> Error {
        self.error_at(code, self.src.offset())
    }

    /// The error `code` at the start of the value being read.
    #[cold]
    pub(crate) fn value_error(&self, code: ErrorCode) -> Error {
        self.error_at(code, self.start)
    }

    /// Gives an error raised outside the reader (a visitor's, a sink's) the current position
    /// and path.
    #[cold]
    pub(crate) fn fix_position(&self, err: Error) -> Error {
        self.fix_position_at(err, self.src.offset())
    }

    /// As [`fix_position`](Self::fix_position), at `offset`.
    #[cold]
    pub(crate) fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        err.fix_position(|| Position::binary(offset), || self.path())
    }

    // ---- bytes -------------------------------------------------------------------------

    fn fill(&mut self) -> Result<bool> {
        self.src.fill().map_err(|code| self.error(code))
    }

    /// The next byte, without consuming it; `None` at the end of the input.
    #[inline]
    pub(super) fn peek_byte(&mut self) -> Result<Option<u8>> {
        if let Some(&b) = self.src.window().first() {
            return Ok(Some(b));
        }
        self.peek_byte_slow()
    }

    #[cold]
    fn peek_byte_slow(&mut self) -> Result<Option<u8>> {
        while self.src.window().is_empty() {
            if !self.fill()? {
                return Ok(None);
            }
        }
        Ok(Some(self.src.window()[0]))
    }

    /// Consumes the next byte; the end of the input is an error of a value `within`.
    #[inline]
    fn next_byte(&mut self, within: Within) -> Result<u8> {
        if let Some(&b) = self.src.window().first() {
            self.src.consume(1);
            return Ok(b);
        }
        match self.peek_byte_slow()? {
            Some(b) => {
                self.src.consume(1);
                Ok(b)
            }
            None => Err(self.error(within.eof())),
        }
    }

    /// Consumes the next `n` bytes; the input ending first is an error of a value `within`. Bytes across a
    /// window boundary are gathered in the scratch buffer as they arrive, so a length that the
    /// input does not back costs no more memory than the input that did arrive.
    #[inline]
    fn take(&mut self, n: usize, within: Within) -> Result<Span> {
        if self.src.window().len() >= n {
            self.src.consume(n);
            return Ok(Span::Window(n));
        }
        self.take_slow(n, within)
    }

    #[cold]
    fn take_slow(&mut self, n: usize, within: Within) -> Result<Span> {
        self.scratch.clear();
        loop {
            let window = self.src.window();
            let k = window.len().min(n - self.scratch.len());
            self.scratch.extend_from_slice(&window[..k]);
            self.src.consume(k);
            if self.scratch.len() == n {
                return Ok(Span::Scratch);
            }
            if !self.fill()? {
                return Err(self.error(within.eof()));
            }
        }
    }

    /// The bytes of a span just taken.
    #[inline]
    fn span(&self, span: Span) -> Reference<'de, '_, [u8]> {
        match span {
            Span::Window(n) => self.src.recent(n, 0),
            Span::Scratch => Reference::Copied(&self.scratch),
        }
    }

    /// A length from the input as a `usize`, within `max` (a limit of kind `kind`).
    fn bounded_len(&self, len: u64, max: usize, kind: LimitKind) -> Result<usize> {
        match usize::try_from(len) {
            Ok(len) if len <= max => Ok(len),
            _ => Err(self.value_error(ErrorCode::Limit(kind, max as u64))),
        }
    }

    // ---- structure ---------------------------------------------------------------------

    /// Checks that a value may start here and counts it in its container.
    #[inline]
    fn value_start(&mut self) -> Result<()> {
        if self.due != Due::Value {
            return Err(self.misplaced("a value"));
        }
        if std::mem::take(&mut self.wrapped) {
            return Ok(());
        }
        match &mut self.top {
            Frame::Array { left, first } => {
                if *left == 0 {
                    return Err(self.misplaced("a value"));
                }
                *left -= 1;
                if !std::mem::replace(first, false) {
                    self.nesting.next_element();
                }
            }
            Frame::Terminated { first } => {
                if !std::mem::replace(first, false) {
                    self.nesting.next_element();
                }
            }
            Frame::Object { .. } | Frame::Root => {}
        }
        Ok(())
    }

    /// The error for asking for `asked` where something else is due.
    #[cold]
    fn misplaced(&self, asked: &'static str) -> Error {
        let expected = match (self.due, self.top) {
            (Due::Done, _) => return self.error(ErrorCode::DocumentComplete),
            (Due::Unusable, _) => return self.error(ErrorCode::Unusable),
            (Due::Key, Frame::Object { left: 0 }) => "the end of the object",
            (Due::Key, _) => "a key",
            (_, Frame::Array { left: 0, .. }) => "the end of the array",
            _ => "a value",
        };
        self.error(ErrorCode::Misplaced {
            expected,
            found: asked,
        })
    }

    /// Reads the first bytes of a value (after [`value_start`](Self::value_start)).
    #[inline]
    fn head(&mut self) -> Result<Head> {
        self.start = self.src.offset();
        let first = self.next_byte(Within::Value)?;
        let major = first & 0xE0;
        if major == 0 {
            return match first {
                header::FALSE => Ok(Head::Bool(false)),
                header::TRUE => Ok(Head::Bool(true)),
                header::NULL => Ok(Head::Null),
                header::INFINITY => Ok(Head::Float(f64::INFINITY)),
                header::NEG_INFINITY => Ok(Head::Float(f64::NEG_INFINITY)),
                header::NAN => Ok(Head::Float(f64::NAN)),
                header::TERMINATED_ARRAY => Ok(Head::Array(None)),
                header::CUSTOM => Ok(Head::Custom),
                b => Err(self.value_error(ErrorCode::NotAValue(b))),
            };
        }
        let extra = header::extra_len_bytes(first);
        let len = if extra == 0 {
            u64::from(first & 0x0F)
        } else {
            let span = self.take(extra, Within::Value)?;
            header::decode_len(first, &self.span(span))
        };
        Ok(Head::sized(major, len))
    }

    /// The head of the next value, counted in its container, passing over custom bytes.
    ///
    /// Inlined for the heads of one and two bytes, so that the caller's `match` on the head
    /// and the building of the head from its type become one dispatch on the byte.
    #[inline(always)]
    fn value_head(&mut self) -> Result<Head> {
        self.value_start()?;
        // Most heads are one byte: a type with a length under 16, `false`, `true` or `null`;
        // the next most common, two: a length under 2048.
        if let [first, rest @ ..] = self.src.window() {
            let first = *first;
            if first >= header::INT {
                if first & 0x10 == 0 {
                    self.start = self.src.offset();
                    self.src.consume(1);
                    return Ok(Head::sized(first & 0xE0, u64::from(first & 0x0F)));
                }
                if let (0x10..=0x17, Some(&low)) = (first & 0x1F, rest.first()) {
                    self.start = self.src.offset();
                    self.src.consume(2);
                    let len = u64::from(first & 0x07) << 8 | u64::from(low);
                    return Ok(Head::sized(first & 0xE0, len));
                }
            } else if first <= header::NULL {
                self.start = self.src.offset();
                self.src.consume(1);
                return Ok(match first {
                    header::FALSE => Head::Bool(false),
                    header::TRUE => Head::Bool(true),
                    _ => Head::Null,
                });
            }
        }
        self.longer_head()
    }

    /// [`value_head`](Self::value_head) for the rest: heads of three and five bytes, the
    /// infinities and NaN, terminated arrays, custom bytes, a head split by the window's end,
    /// and the errors.
    #[inline(never)]
    fn longer_head(&mut self) -> Result<Head> {
        loop {
            match self.head()? {
                Head::Custom => {}
                head => return Ok(head),
            }
        }
    }

    /// A value is complete: what comes next depends on the container around it.
    #[inline]
    pub(crate) fn value_done(&mut self) {
        self.due = match self.top {
            Frame::Root => Due::Done,
            Frame::Object { .. } => Due::Key,
            Frame::Array { .. } | Frame::Terminated { .. } => Due::Value,
        };
    }

    /// Opens the container of `head` (an array or object head just read).
    pub(crate) fn open(&mut self, head: Head) -> Result<()> {
        if self.nesting.open_depth() >= self.limits.max_depth {
            let max = self.limits.max_depth as u64;
            return Err(self.value_error(ErrorCode::Limit(LimitKind::Depth, max)));
        }
        let frame = match head {
            Head::Array(Some(left)) => Frame::Array { left, first: true },
            Head::Array(None) => Frame::Terminated { first: true },
            Head::Object(left) => Frame::Object { left },
            _ => unreachable!("only containers are opened"),
        };
        self.outer.push(std::mem::replace(&mut self.top, frame));
        match frame {
            Frame::Object { .. } => {
                self.nesting.push_object();
                self.due = Due::Key;
            }
            _ => {
                self.nesting.push_array();
                self.due = Due::Value;
            }
        }
        Ok(())
    }

    /// Closes the innermost container, which is complete.
    fn close(&mut self) {
        self.top = self.outer.pop().unwrap_or(Frame::Root);
        self.nesting.pop();
        self.value_done();
    }

    /// The error for a value of the wrong type: `expected`, found the value of `head` (whose
    /// head was read).
    #[cold]
    fn wrong_type(&self, expected: &'static str, head: Head) -> Error {
        let found = match head {
            Head::Bool(_) => "a boolean",
            Head::Null => "null",
            Head::Float(_) | Head::PackedFloat(_) => "a float",
            Head::Int { .. } => "an integer",
            Head::Str(_) => "a string",
            Head::Bin(_) => "a binary value",
            Head::Array(_) => "an array",
            Head::Object(_) => "an object",
            Head::Custom => "a custom value",
        };
        self.value_error(ErrorCode::Misplaced { expected, found })
    }

    // ---- payloads ----------------------------------------------------------------------

    /// The content of a string of `len` bytes, checked as UTF-8.
    pub(crate) fn str_payload(&mut self, len: u64) -> Result<Reference<'de, '_, str>> {
        let n = self.bounded_len(len, self.limits.max_string_len, LimitKind::StringLength)?;
        let span = self.take(n, Within::String)?;
        if !is_utf8(&self.span(span)) {
            return Err(self.value_error(ErrorCode::InvalidUtf8));
        }
        self.value_done();
        Ok(match self.span(span) {
            Reference::Borrowed(b) => Reference::Borrowed(assume_valid(b)),
            Reference::Copied(b) => Reference::Copied(assume_valid(b)),
        })
    }

    /// The content of a binary value of `len` bytes.
    pub(crate) fn bin_payload(&mut self, len: u64) -> Result<Reference<'de, '_, [u8]>> {
        let n = self.bounded_len(len, self.limits.max_string_len, LimitKind::StringLength)?;
        let span = self.take(n, Within::String)?;
        self.value_done();
        Ok(self.span(span))
    }

    /// The magnitude of an integer of `len` bytes.
    pub(crate) fn int_payload(&mut self, negative: bool, len: u64) -> Result<Integer<'_>> {
        let n = self.bounded_len(len, self.limits.max_number_len, LimitKind::NumberLength)?;
        let span = self.take(n, Within::Value)?;
        self.value_done();
        let magnitude: &[u8] = match span {
            Span::Window(n) => self.src.recent_bytes(n, 0),
            Span::Scratch => &self.scratch,
        };
        Ok(Integer::new(negative, magnitude))
    }

    /// The magnitude of an integer of at most 8 bytes (held to the number limit as
    /// [`int_payload`](Self::int_payload) holds longer ones).
    #[inline]
    pub(crate) fn small_int_payload(&mut self, len: u64) -> Result<u64> {
        debug_assert!(len <= 8);
        let n = self.bounded_len(len, self.limits.max_number_len, LimitKind::NumberLength)?;
        let span = self.take(n, Within::Value)?;
        self.value_done();
        Ok(integer::small_magnitude(&self.span(span)))
    }

    /// The value of a packed float of `len` bytes (two characters each).
    pub(crate) fn float_payload(&mut self, len: u64) -> Result<f64> {
        let max = self.limits.max_number_len / 2;
        let n = self.bounded_len(len, max, LimitKind::NumberLength);
        let n = n.map_err(|_| {
            let max = self.limits.max_number_len as u64;
            self.value_error(ErrorCode::Limit(LimitKind::NumberLength, max))
        })?;
        let span = self.take(n, Within::Value)?;
        match float::unpack(&self.span(span)) {
            Ok(value) => {
                self.value_done();
                Ok(value)
            }
            Err(BadFloat::Code(_) | BadFloat::Text) => {
                Err(self.value_error(ErrorCode::InvalidFloat))
            }
        }
    }

    /// Consumes `len` bytes of a string (checked as UTF-8) or binary value without holding
    /// them.
    pub(crate) fn discard(&mut self, mut len: u64, text: bool) -> Result<()> {
        while len > 0 {
            let n = self.chunk(len, text)?;
            self.src.consume(n);
            len -= n as u64;
        }
        self.value_done();
        Ok(())
    }

    /// How many bytes at the front of the window belong to the value being streamed (of which
    /// `left` bytes remain, `left > 0`) and can be handed out: for text, whole UTF-8 sequences
    /// only (an incomplete one at the end of the window waits for the refill, which keeps it).
    fn chunk(&mut self, left: u64, text: bool) -> Result<usize> {
        loop {
            let window = self.src.window();
            let n = window
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            if n > 0 {
                if !text {
                    return Ok(n);
                }
                match utf8::check(&window[..n]) {
                    Ok(()) => return Ok(n),
                    Err(e) if e.valid_up_to() > 0 => return Ok(e.valid_up_to()),
                    // An incomplete sequence that the value's end does not cut short: more
                    // input completes it.
                    Err(e) if e.error_len().is_none() && (n as u64) < left && n < 4 => {}
                    Err(_) => return Err(self.value_error(ErrorCode::InvalidUtf8)),
                }
            }
            if !self.fill()? {
                return Err(self.error(ErrorCode::EofWhileParsingString));
            }
        }
    }

    // ---- the public reading API --------------------------------------------------------

    /// What type the next value has, without reading it. Custom bytes before the value are
    /// passed over (only [`next_token`](Self::next_token) reports them).
    ///
    /// # Errors
    ///
    /// An error if no value is due here (at the end of a container, where a key is due, after
    /// the document), if the next byte starts no value, or at the end of the input.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::pbjson::{PbReader, ValueType};
    ///
    /// let mut reader = PbReader::from_slice(&[0x21, 0x07]);
    /// assert_eq!(reader.peek()?, ValueType::Integer);
    /// assert_eq!(reader.next_u64()?, 7);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn peek(&mut self) -> Result<ValueType> {
        if self.due != Due::Value
            || matches!(self.top, Frame::Array { left: 0, .. }) && !self.wrapped
        {
            return Err(self.misplaced("a value"));
        }
        loop {
            let offset = self.src.offset();
            let Some(b) = self.peek_byte()? else {
                return Err(self.error(ErrorCode::EofWhileParsingValue));
            };
            return Ok(match b & 0xE0 {
                0 => match b {
                    header::FALSE | header::TRUE => ValueType::Bool,
                    header::NULL => ValueType::Null,
                    header::INFINITY | header::NEG_INFINITY | header::NAN => ValueType::Float,
                    header::TERMINATED_ARRAY => ValueType::Array,
                    header::CUSTOM => {
                        self.src.consume(1);
                        continue;
                    }
                    b => return Err(self.error_at(ErrorCode::NotAValue(b), offset)),
                },
                header::INT | header::NEG_INT => ValueType::Integer,
                header::FLOAT => ValueType::Float,
                header::STRING => ValueType::String,
                header::BINARY => ValueType::Binary,
                header::ARRAY => ValueType::Array,
                _ => ValueType::Object,
            });
        }
    }

    /// True if the innermost array or object has another element or member.
    ///
    /// # Errors
    ///
    /// An error outside a container, or (in a terminated array) at the end of the input.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[10, 20])?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// let mut sum = 0;
    /// while reader.has_next()? {
    ///     sum += reader.next_u64()?;
    /// }
    /// reader.end_array()?;
    /// assert_eq!(sum, 30);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn has_next(&mut self) -> Result<bool> {
        let more = match self.top {
            Frame::Root => return Err(self.error(ErrorCode::NotInContainer)),
            _ if self.wrapped => true,
            Frame::Array { left, .. } | Frame::Object { left } => left > 0,
            Frame::Terminated { .. } => match self.peek_byte()? {
                Some(b) => b != header::TERMINATOR,
                None => return Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
        };
        if !more {
            self.nesting.at_end();
        }
        Ok(more)
    }

    /// Reads the start of an array: its length, or `None` for a terminated array.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an array, or nests deeper than
    /// [`Limits::max_depth`](crate::Limits::max_depth).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&["a", "b"])?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// assert_eq!(reader.begin_array()?, Some(2));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn begin_array(&mut self) -> Result<Option<u64>> {
        match self.value_head()? {
            head @ Head::Array(len) => {
                self.open(head)?;
                Ok(len)
            }
            head => Err(self.wrong_type("an array", head)),
        }
    }

    /// Reads the start of an object: its number of members.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an object, or nests deeper than
    /// [`Limits::max_depth`](crate::Limits::max_depth).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({"a": 1}))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// assert_eq!(reader.begin_object()?, 1);
    /// assert_eq!(reader.next_key()?, "a");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn begin_object(&mut self) -> Result<u64> {
        match self.value_head()? {
            head @ Head::Object(len) => {
                self.open(head)?;
                Ok(len)
            }
            head => Err(self.wrong_type("an object", head)),
        }
    }

    /// Reads the end of the innermost array (for a terminated array, its terminator byte).
    ///
    /// # Errors
    ///
    /// An error if the array has more elements, or the reader is not in an array.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[1])?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// assert!(reader.end_array().is_err()); // one element is left
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn end_array(&mut self) -> Result<()> {
        match self.top {
            Frame::Array { left: 0, .. } if !self.wrapped => {}
            Frame::Terminated { .. } if !self.wrapped => {
                if self.peek_byte()? != Some(header::TERMINATOR) {
                    return Err(self.end_error("the end of the array", "another element"));
                }
                self.src.consume(1);
            }
            Frame::Array { .. } | Frame::Terminated { .. } => {
                return Err(self.end_error("the end of the array", "another element"))
            }
            _ => return Err(self.error(ErrorCode::NotInContainer)),
        }
        self.close();
        Ok(())
    }

    /// Reads the end of the innermost object, whose members have all been read.
    ///
    /// # Errors
    ///
    /// An error if the object has more members, or the reader is not in an object.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!({}))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_object()?;
    /// reader.end_object()?;
    /// reader.finish()?;
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn end_object(&mut self) -> Result<()> {
        match self.top {
            Frame::Object { left: 0 } if self.due == Due::Key => {}
            Frame::Object { .. } => {
                return Err(self.end_error("the end of the object", "another member"))
            }
            _ => return Err(self.error(ErrorCode::NotInContainer)),
        }
        self.close();
        Ok(())
    }

    #[cold]
    pub(super) fn end_error(&self, expected: &'static str, found: &'static str) -> Error {
        self.error(ErrorCode::Misplaced { expected, found })
    }

    /// Reads the next key of the innermost object, spelled out or from the document's key
    /// memo.
    ///
    /// # Errors
    ///
    /// An error if no key is due, at the end of the input, for invalid UTF-8, for an index
    /// that names no key yet, and for a key over [`Limits::max_key_len`](crate::Limits).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!([{"id": 1}, {"id": 2}]))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// for expected in [1, 2] {
    ///     reader.begin_object()?;
    ///     assert_eq!(reader.next_key()?, "id"); // the second time, from the memo
    ///     assert_eq!(reader.next_u64()?, expected);
    ///     reader.end_object()?;
    /// }
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_key<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        Ok(match self.next_key_ref()? {
            Reference::Borrowed(key) => key,
            Reference::Copied(key) => key,
        })
    }

    /// [`next_key`](Self::next_key), borrowing from the input where it can.
    pub(crate) fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>> {
        match &mut self.top {
            Frame::Object { left } if *left > 0 && self.due == Due::Key => *left -= 1,
            _ => return Err(self.misplaced("a key")),
        }
        self.read_key(|nesting, _, key| match key {
            KeyRead::Memo(index) => nesting.set_memo_key(index),
            KeyRead::Spelled(key) => nesting.set_key(key),
        })
    }

    /// Reads a key, once it is known to be due: its index in the document's key memo, or its
    /// text (added to the memo). `record` notes which key it was, for the path, with the
    /// nesting and the descent's buffer of keys at hand.
    #[inline]
    pub(crate) fn read_key(
        &mut self,
        record: impl FnOnce(&mut Nesting, &mut Vec<u8>, KeyRead<'de, '_>),
    ) -> Result<Reference<'de, '_, str>> {
        self.start = self.src.offset();
        let first = self.next_byte(Within::Object)?;
        self.due = Due::Value;
        if first >= KEY_INDEX {
            let index = first & !KEY_INDEX;
            let Some(key) = self.keys.get(usize::from(index)) else {
                let known = self.keys.len();
                return Err(self.value_error(ErrorCode::UnknownKeyIndex { index, known }));
            };
            record(
                &mut self.nesting,
                &mut self.descent_keys,
                KeyRead::Memo(index),
            );
            return Ok(Reference::Copied(key));
        }
        let len = usize::from(first);
        if len > self.limits.max_key_len {
            let max = self.limits.max_key_len as u64;
            return Err(self.value_error(ErrorCode::Limit(LimitKind::KeyLength, max)));
        }
        let span = self.take(len, Within::Object)?;
        if !is_utf8(&self.span(span)) {
            return Err(self.value_error(ErrorCode::InvalidUtf8));
        }
        let PbReader {
            src,
            scratch,
            keys,
            nesting,
            descent_keys,
            ..
        } = self;
        let key = match span {
            Span::Window(n) => src.recent(n, 0),
            Span::Scratch => Reference::Copied(&scratch[..]),
        };
        let key = match key {
            Reference::Borrowed(b) => Reference::Borrowed(assume_valid(b)),
            Reference::Copied(b) => Reference::Copied(assume_valid(b)),
        };
        keys.spelled(&key);
        record(nesting, descent_keys, KeyRead::Spelled(&key));
        Ok(key)
    }

    /// Reads the next token, or `None` after the end of the document (once the input was
    /// checked to end there).
    ///
    /// # Errors
    ///
    /// Any error of the token: invalid bytes, truncated input, invalid UTF-8, a limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::pbjson::{PbReader, Token};
    ///
    /// let mut reader = PbReader::from_slice(&[0xC2, 0x01, 0x83, b'a', b'b', b'c', 0x0F]);
    /// assert_eq!(reader.next_token()?, Some(Token::BeginArray(Some(2))));
    /// assert_eq!(reader.next_token()?, Some(Token::Bool(true)));
    /// assert_eq!(reader.next_token()?, Some(Token::String("abc")));
    /// assert_eq!(reader.next_token()?, Some(Token::EndArray));
    /// assert!(reader.next_token().is_err()); // 0F after the document
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_token<'s>(&'s mut self) -> Result<Option<Token<'s>>>
    where
        'de: 's,
    {
        match (self.due, self.top) {
            (Due::Done, _) => {
                self.end_document()?;
                return Ok(None);
            }
            (Due::Key, _) => {
                if !self.has_next()? {
                    self.end_object()?;
                    return Ok(Some(Token::EndObject));
                }
                return self.next_key().map(|key| Some(Token::Key(key)));
            }
            (Due::Value, Frame::Array { .. } | Frame::Terminated { .. }) if !self.has_next()? => {
                self.end_array()?;
                return Ok(Some(Token::EndArray));
            }
            _ => {}
        }
        self.value_start()?;
        let head = self.head()?;
        self.value_token(head).map(Some)
    }

    /// The token of a value whose head was read.
    fn value_token<'s>(&'s mut self, head: Head) -> Result<Token<'s>>
    where
        'de: 's,
    {
        Ok(match head {
            Head::Custom => {
                self.wrapped = true;
                Token::Custom
            }
            Head::Bool(b) => {
                self.value_done();
                Token::Bool(b)
            }
            Head::Null => {
                self.value_done();
                Token::Null
            }
            Head::Float(value) => {
                self.value_done();
                Token::Float(value)
            }
            Head::PackedFloat(len) => Token::Float(self.float_payload(len)?),
            Head::Int { negative, len } => Token::Integer(self.int_payload(negative, len)?),
            Head::Str(len) => Token::String(deref(self.str_payload(len)?)),
            Head::Bin(len) => Token::Binary(deref(self.bin_payload(len)?)),
            Head::Array(len) => {
                self.open(head)?;
                Token::BeginArray(len)
            }
            Head::Object(len) => {
                self.open(head)?;
                Token::BeginObject(len)
            }
        })
    }

    /// Reads a string value.
    ///
    /// # Errors
    ///
    /// An error if the next value is not a string, is not UTF-8, or is longer than
    /// [`Limits::max_string_len`](crate::Limits::max_string_len) (use
    /// [`string_reader`](Self::string_reader) for strings that should not be held).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec("é")?;
    /// assert_eq!(jsonstream::pbjson::PbReader::from_slice(&bytes).next_str()?, "é");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_str<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        self.str_value().map(deref)
    }

    pub(crate) fn str_value(&mut self) -> Result<Reference<'de, '_, str>> {
        match self.value_head()? {
            Head::Str(len) => self.str_payload(len),
            head => Err(self.wrong_type("a string", head)),
        }
    }

    /// Reads a binary value.
    ///
    /// # Errors
    ///
    /// An error if the next value is not binary, or is longer than
    /// [`Limits::max_string_len`](crate::Limits::max_string_len) (use
    /// [`binary_reader`](Self::binary_reader) for values that should not be held).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0xA2, 0xCA, 0xFE]);
    /// assert_eq!(reader.next_binary()?, [0xCA, 0xFE]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_binary<'s>(&'s mut self) -> Result<&'s [u8]>
    where
        'de: 's,
    {
        match self.value_head()? {
            Head::Bin(len) => self.bin_payload(len).map(deref),
            head => Err(self.wrong_type("a binary value", head)),
        }
    }

    /// Reads an integer value of any width.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an integer, or its magnitude is longer than
    /// [`Limits::max_number_len`](crate::Limits::max_number_len) bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&u128::MAX)?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// assert_eq!(reader.next_integer()?.to_u128(), Some(u128::MAX));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_integer(&mut self) -> Result<Integer<'_>> {
        match self.value_head()? {
            Head::Int { negative, len } => self.int_payload(negative, len),
            head => Err(self.wrong_type("an integer", head)),
        }
    }

    /// Reads an integer value as a `u64`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an integer or does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x41, 0x01]);
    /// assert!(reader.next_u64().is_err()); // -1
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_u64(&mut self) -> Result<u64> {
        let value = self.next_integer()?.to_u64();
        value.ok_or_else(|| self.value_error(ErrorCode::NumberOutOfRange))
    }

    /// Reads an integer value as an `i64`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an integer or does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x41, 0x01]);
    /// assert_eq!(reader.next_i64()?, -1);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_i64(&mut self) -> Result<i64> {
        let value = self.next_integer()?.to_i64();
        value.ok_or_else(|| self.value_error(ErrorCode::NumberOutOfRange))
    }

    /// Reads a number as an `f64`: a float, or an integer converted (correctly rounded).
    ///
    /// # Errors
    ///
    /// An error if the next value is not a number, or is an integer too large for an `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[0.5, f64::INFINITY])?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// assert_eq!(reader.next_f64()?, 0.5);
    /// assert_eq!(reader.next_f64()?, f64::INFINITY);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_f64(&mut self) -> Result<f64> {
        match self.value_head()? {
            Head::Float(value) => {
                self.value_done();
                Ok(value)
            }
            Head::PackedFloat(len) => self.float_payload(len),
            Head::Int { negative, len } => {
                let value = self.int_payload(negative, len)?.to_f64();
                value.ok_or_else(|| self.value_error(ErrorCode::NumberOutOfRange))
            }
            head => Err(self.wrong_type("a number", head)),
        }
    }

    /// Reads `true` or `false`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not a boolean.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x00]);
    /// assert!(!reader.next_bool()?);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_bool(&mut self) -> Result<bool> {
        match self.value_head()? {
            Head::Bool(b) => {
                self.value_done();
                Ok(b)
            }
            head => Err(self.wrong_type("a boolean", head)),
        }
    }

    /// Reads `null`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not `null`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x02]);
    /// reader.next_null()?;
    /// reader.finish()?;
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_null(&mut self) -> Result<()> {
        match self.value_head()? {
            Head::Null => {
                self.value_done();
                Ok(())
            }
            head => Err(self.wrong_type("null", head)),
        }
    }

    /// Skips the next value, whatever its size, holding none of it: strings and binary values
    /// are read through the window, containers iteratively (any depth within
    /// [`Limits::max_depth`](crate::Limits::max_depth)). Skipped values are checked as read
    /// ones are (UTF-8, floats, key indices), and their keys still enter the key memo.
    ///
    /// # Errors
    ///
    /// Any error the value would give when read.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&serde_json::json!([{"big": [1, 2, 3]}, 7]))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// reader.skip_value()?;
    /// assert_eq!(reader.next_u64()?, 7);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn skip_value(&mut self) -> Result<()> {
        let depth = self.outer.len();
        let mut head = self.value_head()?;
        loop {
            match head {
                Head::Bool(_) | Head::Null | Head::Float(_) => self.value_done(),
                Head::Int { negative, len } => {
                    self.int_payload(negative, len)?;
                }
                Head::PackedFloat(len) => {
                    self.float_payload(len)?;
                }
                Head::Str(len) => self.discard(len, true)?,
                Head::Bin(len) => self.discard(len, false)?,
                Head::Array(_) | Head::Object(_) => self.open(head)?,
                Head::Custom => unreachable!("value_head passes over custom bytes"),
            }
            // Close what is complete, then go on to the next element or member.
            loop {
                if self.outer.len() == depth {
                    return Ok(());
                }
                if self.has_next()? {
                    if let Frame::Object { .. } = self.top {
                        self.next_key_ref()?;
                    }
                    break;
                }
                match self.top {
                    Frame::Object { .. } => self.end_object()?,
                    _ => self.end_array()?,
                }
            }
            head = self.value_head()?;
        }
    }

    /// A string value as an [`io::Read`] of its bytes, checked as UTF-8 as they are read: a
    /// string of any size passes through the window without being held, and is not subject to
    /// [`Limits::max_string_len`](crate::Limits::max_string_len).
    ///
    /// # Errors
    ///
    /// An error if the next value is not a string. The reader's own reads fail with
    /// [`io::ErrorKind::InvalidData`] for invalid UTF-8 and
    /// [`io::ErrorKind::UnexpectedEof`] for truncated input.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read as _;
    ///
    /// let bytes = jsonstream::pbjson::to_vec(&["a long text", "next"])?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// let mut text = String::new();
    /// reader.string_reader()?.read_to_string(&mut text)?;
    /// assert_eq!(text, "a long text");
    /// assert_eq!(reader.next_str()?, "next");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn string_reader(&mut self) -> Result<ValueReader<'_, S>> {
        match self.value_head()? {
            Head::Str(len) => Ok(ValueReader::new(self, len, true)),
            head => Err(self.wrong_type("a string", head)),
        }
    }

    /// A binary value as an [`io::Read`]: a value of any size passes through the window
    /// without being held.
    ///
    /// # Errors
    ///
    /// An error if the next value is not binary. The reader's own reads fail with
    /// [`io::ErrorKind::UnexpectedEof`] for truncated input.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0xA3, 1, 2, 3]);
    /// let mut out = Vec::new();
    /// std::io::copy(&mut reader.binary_reader()?, &mut out)?;
    /// assert_eq!(out, [1, 2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn binary_reader(&mut self) -> Result<ValueReader<'_, S>> {
        match self.value_head()? {
            Head::Bin(len) => Ok(ValueReader::new(self, len, false)),
            head => Err(self.wrong_type("a binary value", head)),
        }
    }

    /// Deserializes the next value as `T`, e.g. one element of an array being walked.
    ///
    /// # Errors
    ///
    /// Any error reading the value or converting it into `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&(1, "two"))?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// reader.begin_array()?;
    /// let one: u8 = reader.deserialize_next()?;
    /// let two: String = reader.deserialize_next()?;
    /// reader.end_array()?;
    /// assert_eq!((one, two.as_str()), (1, "two"));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn deserialize_next<T: serde::Deserialize<'de>>(&mut self) -> Result<T> {
        T::deserialize(&mut *self)
    }

    /// Checks that the document is complete and that the input ends with it.
    ///
    /// # Errors
    ///
    /// An error if the top-level value was not read in full, or bytes follow it.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x01, 0x01]);
    /// reader.next_bool()?;
    /// assert!(reader.finish().is_err()); // a second value
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<()> {
        self.end_document()
    }

    /// [`finish`](Self::finish) for a reader that is kept.
    pub(crate) fn end_document(&mut self) -> Result<()> {
        if self.due != Due::Done {
            return Err(self.error(ErrorCode::DocumentIncomplete));
        }
        match self.peek_byte()? {
            None => Ok(()),
            Some(_) => Err(self.error(ErrorCode::TrailingBytes)),
        }
    }

    // ---- for the serde deserializer ----------------------------------------------------

    /// The head of the next value, for the deserializer.
    #[inline]
    pub(crate) fn next_head(&mut self) -> Result<Head> {
        self.value_head()
    }

    /// How many bytes of input are at hand without reading more.
    pub(crate) fn buffered(&self) -> usize {
        self.src.window().len()
    }
}

/// The `&T` of a reference, for as long as the reader is borrowed.
#[inline]
fn deref<'a, T: ?Sized>(reference: Reference<'a, 'a, T>) -> &'a T {
    match reference {
        Reference::Borrowed(b) => b,
        Reference::Copied(c) => c,
    }
}

/// A string or binary value as an [`io::Read`], from
/// [`PbReader::string_reader`] or [`PbReader::binary_reader`].
///
/// Dropping it before the end skips the rest of the value; if that fails (an I/O error, a
/// truncated input), the reader is left unusable and says so.
pub struct ValueReader<'r, S> {
    reader: &'r mut PbReader<S>,
    left: u64,
    text: bool,
    /// Bytes at the front of the window already checked (whole UTF-8 sequences), which a
    /// short `read` may leave for the next.
    checked: usize,
    /// Skips the rest of the value; captured where the source's bounds are known, for `Drop`.
    skip_rest: fn(&mut PbReader<S>, u64, bool) -> Result<()>,
}

impl<'de, 'r, S: Read<'de>> ValueReader<'r, S> {
    fn new(reader: &'r mut PbReader<S>, left: u64, text: bool) -> Self {
        if left == 0 {
            reader.value_done();
        }
        ValueReader {
            reader,
            left,
            text,
            checked: 0,
            skip_rest: PbReader::discard,
        }
    }

    /// How many bytes of the value are still to be read.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0xA3, 1, 2, 3]);
    /// assert_eq!(reader.binary_reader()?.remaining(), 3);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn remaining(&self) -> u64 {
        self.left
    }

    fn read_chunk(&mut self, buf: &mut [u8]) -> Result<usize> {
        if self.left == 0 || buf.is_empty() {
            return Ok(0);
        }
        if self.checked == 0 {
            self.checked = self.reader.chunk(self.left, self.text)?;
        }
        let n = self.checked.min(buf.len());
        buf[..n].copy_from_slice(&self.reader.src.window()[..n]);
        self.reader.src.consume(n);
        self.checked -= n;
        self.left -= n as u64;
        if self.left == 0 {
            self.reader.value_done();
        }
        Ok(n)
    }
}

impl<'de, S: Read<'de>> io::Read for ValueReader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_chunk(buf).map_err(io::Error::from)
    }
}

impl<S> Drop for ValueReader<'_, S> {
    fn drop(&mut self) {
        // The caller stopped early: skip the rest so that the reader can go on.
        if self.left > 0 && (self.skip_rest)(self.reader, self.left, self.text).is_err() {
            self.reader.poison();
        }
    }
}
