//! The pull reader: a JSON document one token at a time, from a slice or any `io::Read`.

use std::io;
use std::ops::Range;

use crate::error::{Error, ErrorCode, Found, LimitKind, Position, Result};
use crate::lex::number::ParserNumber;
use crate::read::framer::Framer;
use crate::read::limits::Limits;
use crate::read::nesting::{Expect, Nesting};
use crate::read::scanner::{Cut, NumberSpan, Piece, Scanner, Split, StrSpan};
use crate::read::source::Tapped;
use crate::read::{Read, Reference};

/// A pull reader ("tokenizer") of one JSON document.
///
/// It reads any [`io::Read`](std::io::Read) through a bounded sliding window (64 KiB by default, see
/// [`ReaderOptions::window_size`](crate::ReaderOptions::window_size)) or a slice in memory, with one and the same grammar. Values can
/// be read token by token ([`next_token`](Self::next_token)), by type (`begin_array`,
/// `next_key`, `next_str`, …), skipped without being materialized
/// ([`skip_value`](Self::skip_value)), streamed ([`string_reader`](Self::string_reader)), or
/// deserialized with serde ([`deserialize_next`](Self::deserialize_next)); the three can be mixed
/// freely.
///
/// The reader checks the document strictly (RFC 8259) as it goes. Every error carries the byte
/// offset, line, column and the JSON path ([`path`](Self::path)) where it happened; where
/// serde_json reports the same error, the message, line and column are serde_json's
/// ([`Error::column`](crate::Error::column) says how columns count).
///
/// # Examples
///
/// ```
/// use jsonstream::JsonReader;
///
/// let json = br#"{"name": "sensor", "data": [1, 2, 3], "extra": {"ignored": true}}"#;
/// let mut reader = JsonReader::new(&json[..]);
/// let mut sum = 0;
/// reader.begin_object()?;
/// while reader.has_next()? {
///     match reader.next_key()? {
///         "data" => {
///             reader.begin_array()?;
///             while reader.has_next()? {
///                 sum += reader.next_number_str()?.parse::<u32>().unwrap();
///             }
///             reader.end_array()?;
///         }
///         _ => reader.skip_value()?,
///     }
/// }
/// reader.end_object()?;
/// reader.finish()?;
/// assert_eq!(sum, 6);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct JsonReader<S> {
    pub(super) scan: Scanner<S>,
    /// The keys of the objects a serde descent is in, where they are not borrowed from the
    /// input (see `read::descent`): UTF-8 text, kept as bytes so that a short key is copied
    /// in without a call to `memcpy`.
    pub(super) descent_keys: Vec<u8>,
}

/// The type of the next value, as told by [`JsonReader::peek`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// `[`
    Array,
    /// `{`
    Object,
    /// `"`
    String,
    /// `-` or a digit
    Number,
    /// `true` or `false`
    Bool,
    /// `null`
    Null,
}

/// One token of a JSON document, as returned by [`JsonReader::next_token`].
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    /// `{`
    BeginObject,
    /// `}`
    EndObject,
    /// `[`
    BeginArray,
    /// `]`
    EndArray,
    /// An object key, unescaped.
    Key(&'a str),
    /// A string value, unescaped.
    String(&'a str),
    /// A number, as written in the document (checked against the JSON grammar).
    Number(&'a str),
    /// `true` or `false`
    Bool(bool),
    /// `null`
    Null,
}

/// The exact text of a value read in full by [`JsonReader::raw_text`].
pub(crate) enum RawText<'de, 'a> {
    /// In the input (a slice) or in the window.
    Text(Reference<'de, 'a, str>),
    /// Copied out of the window at every refill.
    Held(String),
}

/// A token whose text is still in the reader.
enum TokenSpan {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Key(StrSpan),
    String(StrSpan),
    Number(NumberSpan),
    Bool(bool),
    Null,
}

impl<S> JsonReader<S> {
    /// Leaves the reader unusable: it stopped inside a string that it cannot skip.
    pub(crate) fn poison(&mut self) {
        self.scan.nesting_mut().poison();
    }
}

impl<'de, S: Read<'de>> JsonReader<S> {
    pub(crate) fn with_source(src: S, limits: Limits) -> Self {
        JsonReader {
            scan: Scanner::new(src, limits),
            descent_keys: Vec::new(),
        }
    }

    /// A reader over `src` that goes on from where another one was: `nesting` is the other
    /// reader's [`nesting`](Self::nesting_snapshot), `src` gives the bytes from there on.
    pub(crate) fn resume(src: S, limits: Limits, nesting: Nesting) -> Self {
        let mut scan = Scanner::new(src, limits);
        *scan.nesting_mut() = nesting;
        JsonReader {
            scan,
            descent_keys: Vec::new(),
        }
    }

    /// Offset, line and column of the next unread byte.
    pub(crate) fn position(&self) -> Position {
        self.scan.position()
    }

    /// Where this reader is in the document (open containers, keys, what comes next), for a
    /// reader to [`resume`](Self::resume) from here.
    pub(crate) fn nesting_snapshot(&self) -> Nesting {
        self.nesting().clone()
    }

    /// [`nesting_snapshot`](Self::nesting_snapshot) into `snapshot`, reusing its memory.
    #[cfg(feature = "tokio")]
    pub(crate) fn nesting_snapshot_into(&self, snapshot: &mut Nesting) {
        snapshot.clone_from(self.nesting());
    }

    /// The source, e.g. to hand its bytes on.
    pub(crate) fn source_mut(&mut self) -> &mut S {
        self.scan.source_mut()
    }

    /// After a top-level value read in full, makes the next one due: the reader reads another
    /// document with what it holds (buffers, the room of its nesting) kept.
    pub(crate) fn restart(&mut self) {
        self.nesting_mut().next_document();
    }

    /// Moves past the next value without validating it (see [`Framer`]): returns the offsets
    /// where it starts and ends, with the value complete for what follows; `None` if the input
    /// ends inside it, or if no value starts here (a byte that begins none: the bytes framed
    /// would be empty).
    ///
    /// # Errors
    ///
    /// Where no value is due, and I/O and document size errors.
    pub(crate) fn frame_value(&mut self) -> Result<Option<Range<u64>>> {
        let first = self.peek_value()?;
        let start = self.offset();
        let mut framer = Framer::new(first);
        if !self.scan.frame(&mut framer)? || self.offset() == start {
            return Ok(None);
        }
        self.nesting_mut().value_done();
        Ok(Some(start..self.offset()))
    }

    /// Moves past the elements of the array the reader is in, from the one due here, without
    /// validating them (see [`Splitter`](crate::read::framer::Splitter)): pushes where each
    /// starts and ends, as offsets from `base` (with the whitespace around it, which a decoder
    /// of the element skips), onto `elements`, up to the end of the array or up to the first
    /// `,` between elements at or after offset `cut`, neither consumed. The reader is then
    /// after an element. False if the input ends first.
    ///
    /// # Errors
    ///
    /// I/O and document size errors.
    pub(crate) fn frame_elements(
        &mut self,
        cut: u64,
        base: u64,
        elements: &mut Vec<Range<usize>>,
    ) -> Result<bool> {
        let relative = |offset: u64| (offset - base) as usize;
        let mut start = self.offset();
        let mut passed = 0;
        let split = self.scan.split(cut, |comma| {
            elements.push(relative(start)..relative(comma));
            start = comma + 1;
            passed += 1;
        })?;
        for _ in 0..passed {
            self.nesting_mut().next_element();
        }
        if split == Split::Eof {
            return Ok(false);
        }
        elements.push(relative(start)..relative(self.offset()));
        self.nesting_mut().value_done();
        Ok(true)
    }

    /// Byte offset of the next unread byte (0-based).
    pub fn offset(&self) -> u64 {
        self.scan.offset()
    }

    /// Line of the next unread byte (1-based).
    pub fn line(&self) -> u64 {
        self.scan.position().line
    }

    /// Column, in bytes, of the next unread byte (1-based).
    pub fn column(&self) -> u64 {
        self.scan.position().column
    }

    /// The JSON path of the value being read: `$` for the top-level value, `$.a[3].b` inside
    /// it. In an object, the path names the last key read until the `,` after its value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::JsonReader::from_str(r#"{"a": [10, 20]}"#);
    /// reader.begin_object()?;
    /// reader.next_key()?;
    /// reader.begin_array()?;
    /// reader.next_number_str()?;
    /// reader.has_next()?;
    /// assert_eq!(reader.path(), "$.a[1]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn path(&self) -> String {
        self.nesting().path()
    }

    #[inline]
    pub(super) fn nesting(&self) -> &Nesting {
        self.scan.nesting()
    }

    #[inline]
    pub(super) fn nesting_mut(&mut self) -> &mut Nesting {
        self.scan.nesting_mut()
    }

    /// How many arrays and objects are open.
    #[inline]
    pub(crate) fn depth(&self) -> usize {
        self.nesting().depth()
    }

    /// True if the innermost open container is an object.
    #[inline]
    pub(crate) fn in_object(&self) -> bool {
        self.nesting().in_object()
    }

    /// The error `code` here, with its position and path.
    #[cold]
    pub(crate) fn error(&self, code: ErrorCode) -> Error {
        self.scan.error(code)
    }

    /// The error `code` at byte `offset`, a few bytes back at most, with the current path.
    #[cold]
    pub(crate) fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        self.scan.error_at(code, offset)
    }

    /// The position of the byte just consumed (the opening quote of a string).
    pub(crate) fn last_position(&self) -> Position {
        self.scan.last_position()
    }

    /// The error `code` at byte `offset` of the string whose opening quote is at `quote`.
    #[cold]
    pub(crate) fn error_in_string(&self, code: ErrorCode, quote: Position, offset: u64) -> Error {
        self.scan.error_in_string(code, quote, offset)
    }

    /// Gives an error raised outside the reader (by a serde visitor, a `Load` impl, a sink)
    /// the reader's position and path; the reader's own errors have theirs from the start.
    #[cold]
    pub(crate) fn fix_position(&self, err: Error) -> Error {
        self.scan.fix_position(err)
    }

    /// As [`fix_position`](Self::fix_position), after the byte before `offset`.
    #[cold]
    pub(crate) fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        self.scan.fix_position_at(err, offset)
    }

    /// Moves to the next value, handling the `,` before it; returns its first byte, unconsumed.
    #[inline(always)]
    pub(crate) fn peek_value(&mut self) -> Result<u8> {
        // A value is due wherever serde reads one inside an array or object: one comparison
        // (the `match` below is a jump table, an indirect branch for every value).
        if self.nesting().expect() != Expect::Value {
            self.before_value()?;
        }
        match self.scan.peek_nonws()? {
            Some(b) => Ok(b),
            None => Err(self.error(ErrorCode::EofWhileParsingValue)),
        }
    }

    /// What must come before a value when a value is not due yet: the `:` after a key, or the
    /// `,` after an element; an error where no value may come.
    #[cold]
    fn before_value(&mut self) -> Result<()> {
        match self.nesting().expect() {
            Expect::Value => {}
            Expect::Colon => match self.scan.peek_nonws()? {
                Some(b':') => {
                    self.scan.consume_colon();
                    self.nesting_mut().colon_read();
                }
                Some(_) => return Err(self.error(ErrorCode::ExpectedColon)),
                None => return Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray => {
                if !self.has_next()? {
                    return Err(self.error(ErrorCode::Expected("a value", Found::Byte(b']'))));
                }
            }
            // A value asked for where a key is due: the call is wrong, not the next byte.
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                return Err(self.scan.error_after(ErrorCode::ExpectedKey))
            }
            Expect::Done => return Err(self.error(ErrorCode::DocumentComplete)),
            Expect::Unusable => return Err(self.error(ErrorCode::Unusable)),
        }
        Ok(())
    }

    #[inline(always)]
    fn more(&mut self) -> Result<bool> {
        match self.nesting().expect() {
            Expect::FirstElementOrEnd => match self.scan.peek_nonws()? {
                Some(b']') => Ok(false),
                Some(_) => {
                    self.nesting_mut().element_due();
                    Ok(true)
                }
                None => Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
            Expect::CommaOrEndOfArray => match self.scan.peek_nonws()? {
                Some(b',') => {
                    self.scan.consume(1);
                    self.nesting_mut().next_element();
                    if self.scan.peek_nonws()? == Some(b']') {
                        return Err(self.error(ErrorCode::TrailingComma));
                    }
                    Ok(true)
                }
                Some(b']') => Ok(false),
                Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfArray)),
                None => Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
            Expect::FirstKeyOrEnd => match self.scan.peek_nonws()? {
                Some(b'}') => Ok(false),
                Some(b'"') => {
                    self.nesting_mut().key_due();
                    Ok(true)
                }
                Some(_) => Err(self.error(ErrorCode::ExpectedKey)),
                None => Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::CommaOrEndOfObject => match self.scan.peek_nonws()? {
                Some(b',') => {
                    self.scan.consume(1);
                    self.nesting_mut().next_member();
                    if self.scan.peek_nonws()? == Some(b'}') {
                        return Err(self.error(ErrorCode::TrailingComma));
                    }
                    Ok(true)
                }
                Some(b'}') => Ok(false),
                Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfObject)),
                None => Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::Key | Expect::Colon => Ok(true),
            Expect::Value if self.depth() > 0 => Ok(true),
            Expect::Value | Expect::Done => Err(self.error(ErrorCode::NotInContainer)),
            Expect::Unusable => Err(self.error(ErrorCode::Unusable)),
        }
    }

    /// Inside an array: true if another element follows. Inside an object: true if another
    /// member follows. Consumes the `,` before it; can be called again without effect.
    ///
    /// # Errors
    ///
    /// A syntax error if neither `,` nor the end of the container follows, an EOF error at the
    /// end of input, an error if the reader is not inside an array or object.
    #[inline(always)]
    pub fn has_next(&mut self) -> Result<bool> {
        let more = self.more()?;
        if !more {
            self.nesting_mut().at_end();
        }
        Ok(more)
    }

    /// What type the next value has, without reading it. Consumes whitespace and the `,` before
    /// the value.
    ///
    /// # Errors
    ///
    /// A syntax error if no value can start here (including at the end of an array or object,
    /// or where a key is due), an EOF error at the end of input.
    pub fn peek(&mut self) -> Result<ValueType> {
        match self.peek_value()? {
            b'[' => Ok(ValueType::Array),
            b'{' => Ok(ValueType::Object),
            b'"' => Ok(ValueType::String),
            b'-' | b'0'..=b'9' => Ok(ValueType::Number),
            b't' | b'f' => Ok(ValueType::Bool),
            b'n' => Ok(ValueType::Null),
            _ => Err(self.error(ErrorCode::ExpectedValue)),
        }
    }

    /// Reads the next token, or `None` after the end of the document (once the rest of the
    /// input was checked to be whitespace).
    ///
    /// # Errors
    ///
    /// Any syntax, limit, EOF or I/O error at the token.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{JsonReader, Token};
    ///
    /// let mut reader = JsonReader::from_str(r#"{"a": [1, "x"]}"#);
    /// let mut tokens = Vec::new();
    /// while let Some(token) = reader.next_token()? {
    ///     tokens.push(format!("{token:?}"));
    /// }
    /// assert_eq!(tokens, [
    ///     "BeginObject", "Key(\"a\")", "BeginArray", "Number(\"1\")", "String(\"x\")",
    ///     "EndArray", "EndObject",
    /// ]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn next_token<'s>(&'s mut self) -> Result<Option<Token<'s>>>
    where
        'de: 's,
    {
        let token = self.next_token_span()?;
        Ok(token.map(|token| match token {
            TokenSpan::BeginObject => Token::BeginObject,
            TokenSpan::EndObject => Token::EndObject,
            TokenSpan::BeginArray => Token::BeginArray,
            TokenSpan::EndArray => Token::EndArray,
            TokenSpan::Key(span) => Token::Key(deref(self.scan.str_ref(span))),
            TokenSpan::String(span) => Token::String(deref(self.scan.str_ref(span))),
            TokenSpan::Number(span) => Token::Number(deref(self.scan.number_str(span))),
            TokenSpan::Bool(b) => Token::Bool(b),
            TokenSpan::Null => Token::Null,
        }))
    }

    fn next_token_span(&mut self) -> Result<Option<TokenSpan>> {
        match self.nesting().expect() {
            Expect::Done => {
                self.end_document()?;
                return Ok(None);
            }
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray => {
                if !self.has_next()? {
                    self.end_array()?;
                    return Ok(Some(TokenSpan::EndArray));
                }
            }
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                if !self.has_next()? {
                    self.end_object()?;
                    return Ok(Some(TokenSpan::EndObject));
                }
                return Ok(Some(TokenSpan::Key(self.key_span()?)));
            }
            Expect::Value | Expect::Colon | Expect::Unusable => {}
        }
        Ok(Some(match self.peek_value()? {
            b'[' => {
                self.enter(true)?;
                TokenSpan::BeginArray
            }
            b'{' => {
                self.enter(false)?;
                TokenSpan::BeginObject
            }
            b'"' => TokenSpan::String(self.str_span()?),
            b'-' | b'0'..=b'9' => TokenSpan::Number(self.number_span()?),
            b't' | b'f' => TokenSpan::Bool(self.next_bool()?),
            b'n' => {
                self.next_null()?;
                TokenSpan::Null
            }
            _ => return Err(self.error(ErrorCode::ExpectedValue)),
        }))
    }

    /// Reads `[`: the next value is an array.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an array, or if it nests deeper than
    /// [`Limits::max_depth`](crate::Limits::max_depth).
    pub fn begin_array(&mut self) -> Result<()> {
        match self.peek_value()? {
            b'[' => self.enter(true),
            b => Err(self.expected("an array", b)),
        }
    }

    /// Reads `{`: the next value is an object.
    ///
    /// # Errors
    ///
    /// An error if the next value is not an object, or if it nests deeper than
    /// [`Limits::max_depth`](crate::Limits::max_depth).
    pub fn begin_object(&mut self) -> Result<()> {
        match self.peek_value()? {
            b'{' => self.enter(false),
            b => Err(self.expected("an object", b)),
        }
    }

    /// Consumes the `[` or `{` at the current byte and opens the container.
    #[inline]
    pub(crate) fn enter(&mut self, array: bool) -> Result<()> {
        self.check_depth()?;
        self.scan.consume(1);
        if array {
            self.nesting_mut().push_array();
        } else {
            self.nesting_mut().push_object();
        }
        Ok(())
    }

    /// An error if one more array or object would nest deeper than the limit.
    #[inline]
    pub(crate) fn check_depth(&self) -> Result<()> {
        let max = self.scan.limits().max_depth;
        if self.nesting().open_depth() >= max {
            return Err(self.error(ErrorCode::Limit(LimitKind::Depth, max as u64)));
        }
        Ok(())
    }

    /// Consumes the `]` or `}` at the current byte (found by `has_next`) and closes the
    /// container.
    #[inline]
    pub(crate) fn close(&mut self) {
        self.scan.consume(1);
        self.nesting_mut().pop();
    }

    /// Reads `]`: the current array has no more elements.
    ///
    /// # Errors
    ///
    /// An error if another element follows or the reader is not in an array.
    pub fn end_array(&mut self) -> Result<()> {
        match self.nesting().expect() {
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray | Expect::Value
                if !self.in_object() && self.depth() > 0 =>
            {
                if self.has_next()? {
                    return Err(self.error(ErrorCode::MoreElements));
                }
                self.close();
                Ok(())
            }
            _ => {
                let found = self.found();
                Err(self.error(ErrorCode::Expected("`]`", found)))
            }
        }
    }

    /// Reads `}`: the current object has no more members.
    ///
    /// # Errors
    ///
    /// An error if another member follows or the reader is not in an object between members.
    pub fn end_object(&mut self) -> Result<()> {
        match self.nesting().expect() {
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                if self.has_next()? {
                    return Err(self.error(ErrorCode::MoreMembers));
                }
                self.close();
                Ok(())
            }
            _ => {
                let found = self.found();
                Err(self.error(ErrorCode::Expected("`}`", found)))
            }
        }
    }

    /// Reads the key of the next member of the current object. (The `:` after it is read with
    /// the value.)
    ///
    /// # Errors
    ///
    /// An error if no member follows (call [`has_next`](Self::has_next) first), if the key is
    /// not a valid string or longer than [`Limits::max_key_len`](crate::Limits::max_key_len).
    pub fn next_key<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        let span = self.key_span()?;
        Ok(deref(self.scan.str_ref(span)))
    }

    /// [`next_key`](Self::next_key), borrowed from the input where it can be.
    pub(crate) fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>> {
        let span = self.key_span()?;
        Ok(self.scan.str_ref(span))
    }

    fn key_span(&mut self) -> Result<StrSpan> {
        match self.nesting().expect() {
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject => {
                if !self.has_next()? {
                    return Err(self.error(ErrorCode::Expected("a key", Found::Byte(b'}'))));
                }
            }
            Expect::Key => {}
            _ => {
                let found = self.found();
                return Err(self.error(ErrorCode::Expected("a key", found)));
            }
        }
        let span = self.key_text()?;
        self.scan.set_key(span);
        Ok(span)
    }

    /// Reads a key, once one is known to be due: its opening quote, its text (within
    /// [`Limits::max_key_len`](crate::Limits::max_key_len)) and its closing quote.
    #[inline(always)]
    pub(super) fn key_text(&mut self) -> Result<StrSpan> {
        match self.scan.peek_nonws()? {
            Some(b'"') => self.scan.consume(1),
            Some(_) => return Err(self.error(ErrorCode::ExpectedKey)),
            // After a `,` (the end of input before the first key is found by `has_next`): in
            // serde_json's words, a value is due.
            None => return Err(self.error(ErrorCode::EofWhileParsingValue)),
        }
        let max = self.scan.limits().max_key_len;
        self.scan
            .read_str(max, LimitKind::KeyLength)
            .map_err(|err| self.scan.key_error(err))
    }

    /// Reads a string value, unescaped.
    ///
    /// # Errors
    ///
    /// An error if the next value is not a string, is not valid, or is longer than
    /// [`Limits::max_string_len`](crate::Limits::max_string_len). For strings of any length,
    /// use [`string_reader`](Self::string_reader).
    pub fn next_str<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        match self.peek_value()? {
            b'"' => Ok(deref(self.str_value()?)),
            b => Err(self.expected("a string", b)),
        }
    }

    /// Reads the string value whose opening quote is the current byte.
    #[inline]
    pub(crate) fn str_value(&mut self) -> Result<Reference<'de, '_, str>> {
        let span = self.str_span()?;
        Ok(self.scan.str_ref(span))
    }

    /// True if the last key or string read in full had an escape sequence.
    pub(crate) fn last_str_escaped(&self) -> bool {
        self.scan.last_str_escaped()
    }

    #[inline]
    fn str_span(&mut self) -> Result<StrSpan> {
        self.scan.consume(1);
        let max = self.scan.limits().max_string_len;
        let span = self.scan.read_str(max, LimitKind::StringLength)?;
        self.nesting_mut().value_done();
        Ok(span)
    }

    /// Reads a number value and returns its text as written (checked against the grammar).
    ///
    /// # Errors
    ///
    /// An error if the next value is not a number, or is longer than
    /// [`Limits::max_number_len`](crate::Limits::max_number_len).
    pub fn next_number_str<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        match self.peek_value()? {
            b'-' | b'0'..=b'9' => {
                let span = self.number_span()?;
                Ok(deref(self.scan.number_str(span)))
            }
            b => Err(self.expected("a number", b)),
        }
    }

    /// Reads the number whose first byte is the current one; its text is at the span.
    #[inline]
    fn number_span(&mut self) -> Result<NumberSpan> {
        let span = self.scan.read_number_text()?;
        self.nesting_mut().value_done();
        Ok(span)
    }

    /// Reads the number whose first byte is the current one and returns its text (checked
    /// against the grammar, not converted).
    pub(crate) fn number_text(&mut self) -> Result<&[u8]> {
        let span = self.number_span()?;
        Ok(self.scan.number_bytes(span))
    }

    /// Reads the number whose first byte is the current one, converted as serde_json does.
    #[inline]
    pub(crate) fn number_value(&mut self) -> Result<ParserNumber> {
        let n = self.scan.read_number()?;
        self.nesting_mut().value_done();
        Ok(n)
    }

    /// Reads `true` or `false`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not a boolean.
    pub fn next_bool(&mut self) -> Result<bool> {
        match self.peek_value()? {
            b't' => self.literal(b"rue").map(|()| true),
            b'f' => self.literal(b"alse").map(|()| false),
            b => Err(self.expected("a boolean", b)),
        }
    }

    /// Reads the literal (`true`, `false`, `null`) whose first byte is the current one: checks
    /// the rest of the word, `rest`.
    #[inline]
    pub(crate) fn literal<const N: usize>(&mut self, rest: &[u8; N]) -> Result<()> {
        self.scan.consume(1);
        self.scan.expect_ident(rest)?;
        self.nesting_mut().value_done();
        Ok(())
    }

    /// Reads `null`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not `null`.
    pub fn next_null(&mut self) -> Result<()> {
        match self.peek_value()? {
            b'n' => self.literal(b"ull"),
            b => Err(self.expected("null", b)),
        }
    }

    /// Skips the next value, however large, checking it but keeping nothing of it (keys are
    /// read for the error path, within [`Limits::max_key_len`](crate::Limits::max_key_len)).
    ///
    /// # Errors
    ///
    /// Any error in the skipped value; nesting deeper than
    /// [`Limits::max_depth`](crate::Limits::max_depth) is an error here too.
    pub fn skip_value(&mut self) -> Result<()> {
        let depth = self.depth();
        loop {
            match self.peek_value()? {
                b'[' => self.enter(true)?,
                b'{' => self.enter(false)?,
                b'"' => {
                    self.scan.consume(1);
                    self.skip_str()?;
                }
                b'-' | b'0'..=b'9' => {
                    self.number_span()?;
                }
                b't' | b'f' => {
                    self.next_bool()?;
                }
                b'n' => self.next_null()?,
                _ => return Err(self.error(ErrorCode::ExpectedValue)),
            }
            // Close every container that is complete, until a value is due or we are back.
            while self.depth() > depth {
                if !self.has_next()? {
                    if self.in_object() {
                        self.end_object()?;
                    } else {
                        self.end_array()?;
                    }
                } else {
                    if self.in_object() {
                        self.key_span()?;
                    }
                    break;
                }
            }
            if self.depth() == depth {
                return Ok(());
            }
        }
    }

    /// Copies the exact text of the next value into `writer`, checking it as
    /// [`skip_value`](Self::skip_value) does, however large it is: the text passes from the
    /// window to `writer` at every refill, so memory stays one window. Returns the length of the
    /// text in bytes (the whitespace around the value is not part of it).
    ///
    /// The text is what [`RawJson::get`](crate::RawJson::get) would give for the same value.
    ///
    /// # Errors
    ///
    /// Any error in the value, as for `skip_value`; an I/O error of `writer`. From an
    /// `io::Read`, the part of the value before an error has been written; from a slice,
    /// nothing is written unless the whole value is valid.
    ///
    /// # Examples
    ///
    /// ```
    /// let input = r#"{"skip": 1, "keep": [1,  {"a": "\u00e9"}] }"#;
    /// let mut reader = jsonstream::JsonReader::new(input.as_bytes()); // any io::Read
    /// let mut text = Vec::new(); // any io::Write: a file, a socket
    /// reader.begin_object()?;
    /// reader.next_key()?;
    /// reader.skip_value()?;
    /// reader.next_key()?;
    /// assert_eq!(reader.raw_value(&mut text)?, 21);
    /// reader.end_object()?;
    /// reader.finish()?;
    /// assert_eq!(text, br#"[1,  {"a": "\u00e9"}]"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn raw_value<W: io::Write>(&mut self, mut writer: W) -> Result<u64> {
        self.peek_value()?;
        let start = self.offset();
        let from = if self.scan.keeps_input() {
            self.skip_value()?;
            start
        } else {
            self.skip_tapped(&mut writer)?.1
        };
        let written = writer.write_all(self.scan.text_since(from).as_bytes());
        written.map_err(|err| self.error(ErrorCode::Io(err)))?;
        Ok(self.offset() - start)
    }

    /// Reads the next value in full, checking it as [`skip_value`](Self::skip_value) does, and
    /// returns its exact text: borrowed from a slice, from the window if no refill came
    /// in between, else copied out of the window at every refill.
    pub(crate) fn raw_text(&mut self) -> Result<RawText<'de, '_>> {
        self.peek_value()?;
        let start = self.offset();
        if self.scan.keeps_input() {
            self.skip_value()?;
            return Ok(RawText::Text(self.scan.text_since(start)));
        }
        let (mut held, from) = self.skip_tapped(Vec::new())?;
        if from == start {
            return Ok(RawText::Text(self.scan.text_since(start)));
        }
        held.extend_from_slice(self.scan.text_since(from).as_bytes());
        // Checked as it was read; the check here only saves an `unsafe` conversion.
        let text = String::from_utf8(held).map_err(|_| self.error(ErrorCode::InvalidUtf8))?;
        Ok(RawText::Held(text))
    }

    /// [`skip_value`](Self::skip_value) through a source that hands every byte consumed to
    /// `tap` before a refill discards it; returns the tap and the offset from which the bytes
    /// are still in the window, not handed over.
    fn skip_tapped<T: io::Write>(&mut self, tap: T) -> Result<(T, u64)> {
        let (src, state) = self.scan.lend();
        let mut tapped = JsonReader {
            scan: Scanner::resume(Tapped::new(src, tap), state),
            descent_keys: Vec::new(),
        };
        let skipped = tapped.skip_value();
        let (src, state) = tapped.scan.into_parts();
        let parts = src.into_parts();
        self.scan.restore(state);
        skipped.map(|()| parts)
    }

    /// Consumes the `"` of the next value, a string, whose content is then read piece by piece.
    pub(crate) fn open_string(&mut self) -> Result<()> {
        match self.peek_value()? {
            b'"' => {
                self.scan.consume(1);
                Ok(())
            }
            b => Err(self.expected("a string", b)),
        }
    }

    /// The next piece of the content of the string opened by [`open_string`](Self::open_string);
    /// [`Piece::End`] completes the value.
    #[inline]
    pub(crate) fn string_piece(&mut self, cut: Cut) -> Result<Piece> {
        let piece = self.scan.string_piece(cut)?;
        if piece == Piece::End {
            self.nesting_mut().value_done();
        }
        Ok(piece)
    }

    /// In the string opened by [`open_string`](Self::open_string): if the window holds the rest
    /// of it without escapes, hands that content to `write` and, if it succeeds, completes the
    /// value; `None` if the window does not hold it (nothing consumed: read it in pieces).
    /// After an error of `write`, the reader is before the closing quote.
    #[inline]
    pub(crate) fn write_rest_of_string<E>(
        &mut self,
        write: impl FnOnce(&[u8]) -> std::result::Result<(), E>,
    ) -> Option<std::result::Result<(), E>> {
        let written = self.scan.write_rest_of_str(write)?;
        if written.is_ok() {
            self.nesting_mut().value_done();
        }
        Some(written)
    }

    /// The content of a piece that [`string_piece`](Self::string_piece) returned.
    #[inline]
    pub(crate) fn piece_bytes(&self, piece: Piece) -> &[u8] {
        self.scan.piece_bytes(piece)
    }

    /// True if bytes are read but not yet consumed: a string piece is at hand without waiting
    /// for the input.
    #[inline]
    pub(crate) fn has_buffered(&self) -> bool {
        self.scan.has_buffered()
    }

    /// Reads the rest of the open string without keeping it, checking it; completes the value.
    pub(crate) fn skip_str(&mut self) -> Result<()> {
        self.scan.skip_str()?;
        self.nesting_mut().value_done();
        Ok(())
    }

    /// Deserializes the next value with serde, as [`from_reader`](crate::from_reader) does for
    /// a whole document. Can be mixed with the token methods.
    ///
    /// # Errors
    ///
    /// Any error in the value, or a data error if it does not fit `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::JsonReader::from_str(r#"{"skip": [1, 2], "point": [3, 4]}"#);
    /// reader.begin_object()?;
    /// reader.next_key()?;
    /// reader.skip_value()?;
    /// reader.next_key()?;
    /// let point: (i32, i32) = reader.deserialize_next()?;
    /// assert_eq!(point, (3, 4));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn deserialize_next<T: serde::Deserialize<'de>>(&mut self) -> Result<T> {
        T::deserialize(&mut *self)
    }

    /// Checks that the document is complete and only whitespace follows it.
    ///
    /// # Errors
    ///
    /// An error if the top-level value was not read in full, or if anything but whitespace
    /// follows it.
    pub fn finish(mut self) -> Result<()> {
        self.end_document()
    }

    /// [`finish`](Self::finish) for a reader that is kept.
    pub(crate) fn end_document(&mut self) -> Result<()> {
        if self.nesting().expect() != Expect::Done {
            return Err(self.error(ErrorCode::DocumentIncomplete));
        }
        match self.scan.peek_nonws()? {
            None => Ok(()),
            Some(_) => Err(self.error(ErrorCode::TrailingCharacters)),
        }
    }

    /// In a stream of top-level values (JSON Lines, NDJSON, concatenated JSON): skips the
    /// whitespace after the last value (or at the start) and returns the first byte of the next
    /// value, unconsumed, with that value due; `None` at the end of the input.
    pub(crate) fn next_document(&mut self) -> Result<Option<u8>> {
        match self.nesting().expect() {
            Expect::Done => {}
            Expect::Value if self.depth() == 0 => {}
            Expect::Unusable => return Err(self.error(ErrorCode::Unusable)),
            _ => return Err(self.error(ErrorCode::DocumentIncomplete)),
        }
        let next = self.scan.peek_nonws()?;
        if next.is_some() {
            self.nesting_mut().next_document();
        }
        Ok(next)
    }

    /// In a stream of top-level values, after a value that does not end itself (a number,
    /// `true`, `false`, `null`): checks that it ends here, before whitespace, a structural
    /// character, a `"` or the end of input, as serde_json's `StreamDeserializer` does
    /// (`1 2` and `1"a"` are two values, `truex` is an error).
    pub(crate) fn end_of_bare_value(&mut self) -> Result<()> {
        match self.scan.peek_byte()? {
            None
            | Some(b' ' | b'\n' | b'\t' | b'\r' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':') => {
                Ok(())
            }
            Some(_) => Err(self.error(ErrorCode::TrailingCharacters)),
        }
    }

    /// Skips whitespace and consumes `close` if it comes next (in an array, a `,` and the
    /// whitespace after it): where serde_json stands when it places a visitor's error. A
    /// failure to read here is left to the next call.
    pub(crate) fn step_to_close(&mut self, close: u8) {
        match self.scan.peek_nonws() {
            Ok(Some(b)) if b == close => self.scan.consume(1),
            Ok(Some(b',')) if close == b']' => {
                self.scan.consume(1);
                let _ = self.scan.peek_nonws();
            }
            _ => {}
        }
    }

    /// Reads the whitespace before the next byte.
    pub(crate) fn skip_whitespace(&mut self) -> Result<()> {
        self.scan.peek_nonws().map(drop)
    }

    /// Reads the `}` after the value of an externally tagged enum's variant. Anything else is
    /// serde_json's "expected value", placed after the variant's value as serde_json places it.
    pub(crate) fn end_variant(&mut self) -> Result<()> {
        match self.scan.peek_nonws()? {
            Some(b'}') => {
                self.close();
                Ok(())
            }
            Some(_) => Err(self.scan.error_after(ErrorCode::ExpectedValue)),
            None => Err(self.error(ErrorCode::EofWhileParsingObject)),
        }
    }

    /// What is at the current position, for messages.
    pub(super) fn found(&mut self) -> Found {
        match self.scan.peek_nonws() {
            Ok(Some(b)) => Found::Byte(b),
            _ => Found::End,
        }
    }

    #[cold]
    fn expected(&self, what: &'static str, found: u8) -> Error {
        self.error(ErrorCode::Expected(what, Found::Byte(found)))
    }
}

/// The `&str` of a reference, for as long as the reader is borrowed.
#[inline]
fn deref<'s, 'de: 's>(r: Reference<'de, 's, str>) -> &'s str {
    match r {
        Reference::Borrowed(b) => b,
        Reference::Copied(c) => c,
    }
}
