//! The pull reader: a JSON document one token at a time, from a slice or any `io::Read`.

use std::io;

use crate::error::{Error, ErrorCode, Found, LimitKind, Result};
use crate::read::nesting::{Expect, Nesting};
use crate::read::options::ReaderOptions;
use crate::read::scanner::{Input, NumberSpan, StrSpan};
use crate::read::string_reader::{Base64Reader, StringReader};
use crate::read::{IoRead, Read, Reference, SliceRead};

/// A pull reader ("tokenizer") of one JSON document.
///
/// It reads any [`io::Read`] through a bounded sliding window (64 KiB by default, see
/// [`ReaderOptions::window_size`]) or a slice in memory, with one and the same grammar. Values can
/// be read token by token ([`next_token`](Self::next_token)), by type (`begin_array`,
/// `next_name`, `next_str`, …), skipped without being materialized
/// ([`skip_value`](Self::skip_value)), streamed ([`string_reader`](Self::string_reader)), or
/// deserialized with serde ([`deserialize_next`](Self::deserialize_next)); the three can be mixed
/// freely.
///
/// The reader checks the document strictly (RFC 8259) as it goes. Every error carries the byte
/// offset, line, column and the JSON path ([`path`](Self::path)) where it happened.
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
///     match reader.next_name()? {
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
    pub(crate) input: Input<S>,
    pub(crate) nesting: Nesting,
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

impl<R: io::Read> JsonReader<IoRead<R>> {
    /// A reader over any [`io::Read`], with the default [`ReaderOptions`].
    ///
    /// No `BufReader` is needed: the reader has its own window.
    pub fn new(reader: R) -> Self {
        ReaderOptions::default().reader(reader)
    }
}

impl<'a> JsonReader<SliceRead<'a>> {
    /// A reader over bytes in memory, with the default [`ReaderOptions`].
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        ReaderOptions::default().slice_reader(bytes)
    }

    /// A reader over a string in memory, with the default [`ReaderOptions`].
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &'a str) -> Self {
        Self::from_slice(s.as_bytes())
    }
}

impl ReaderOptions {
    /// A [`JsonReader`] over any [`io::Read`] with these options.
    pub fn reader<R: io::Read>(&self, reader: R) -> JsonReader<IoRead<R>> {
        let src = IoRead::new(reader, self.window_size, self.limits.max_document_len);
        JsonReader::with_source(src, self)
    }

    /// A [`JsonReader`] over bytes in memory with these options.
    pub fn slice_reader<'a>(&self, bytes: &'a [u8]) -> JsonReader<SliceRead<'a>> {
        let src = SliceRead::new(bytes, self.limits.max_document_len);
        JsonReader::with_source(src, self)
    }
}

impl<'de, S: Read<'de>> JsonReader<S> {
    fn with_source(src: S, options: &ReaderOptions) -> Self {
        JsonReader {
            input: Input::new(src, options.limits),
            nesting: Nesting::new(),
        }
    }

    /// Byte offset of the next unread byte (0-based).
    pub fn offset(&self) -> u64 {
        self.input.src.offset()
    }

    /// Line of the next unread byte (1-based).
    pub fn line(&self) -> u64 {
        self.input.src.position_of(self.offset()).line
    }

    /// Column, in bytes, of the next unread byte (1-based).
    pub fn column(&self) -> u64 {
        self.input.src.position_of(self.offset()).column
    }

    /// The JSON path of the value being read: `$` for the top-level value, `$.a[3].b` inside
    /// it. In an object, the path names the last key read until the `,` after its value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::JsonReader::from_str(r#"{"a": [10, 20]}"#);
    /// reader.begin_object()?;
    /// reader.next_name()?;
    /// reader.begin_array()?;
    /// reader.next_number_str()?;
    /// reader.has_next()?;
    /// assert_eq!(reader.path(), "$.a[1]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn path(&self) -> String {
        self.nesting.path()
    }

    /// Gives an error the position and path of the reader if it has none yet.
    #[cold]
    pub(crate) fn locate(&self, err: Error) -> Error {
        err.locate(
            || self.input.src.position_of(self.input.src.offset()),
            || self.nesting.path(),
        )
    }

    #[cold]
    fn error(&self, code: ErrorCode) -> Error {
        self.input.error(code)
    }

    /// Moves to the next value, handling the `,` before it; returns its first byte, unconsumed.
    #[inline]
    pub(crate) fn peek_value(&mut self) -> Result<u8> {
        match self.nesting.expect {
            Expect::Value => {}
            Expect::Colon => match self.input.peek_nonws()? {
                Some(b':') => {
                    self.input.src.consume(1);
                    self.nesting.expect = Expect::Value;
                }
                Some(_) => return Err(self.error(ErrorCode::ExpectedColon)),
                None => return Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray => {
                if !self.has_next_inner()? {
                    return Err(self.error(ErrorCode::Expected("a value", Found::Byte(b']'))));
                }
            }
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                return Err(self.error(ErrorCode::ExpectedKey))
            }
            Expect::Done => return Err(self.error(ErrorCode::DocumentComplete)),
            Expect::Unusable => return Err(self.error(ErrorCode::Unusable)),
        }
        match self.input.peek_nonws()? {
            Some(b) => Ok(b),
            None => Err(self.error(ErrorCode::EofWhileParsingValue)),
        }
    }

    pub(crate) fn has_next_inner(&mut self) -> Result<bool> {
        let more = self.more()?;
        if !more {
            self.nesting.at_end();
        }
        Ok(more)
    }

    fn more(&mut self) -> Result<bool> {
        match self.nesting.expect {
            Expect::FirstElementOrEnd => match self.input.peek_nonws()? {
                Some(b']') => Ok(false),
                Some(_) => {
                    self.nesting.expect = Expect::Value;
                    Ok(true)
                }
                None => Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
            Expect::CommaOrEndOfArray => match self.input.peek_nonws()? {
                Some(b',') => {
                    self.input.src.consume(1);
                    self.nesting.next_element();
                    if self.input.peek_nonws()? == Some(b']') {
                        return Err(self.error(ErrorCode::TrailingComma));
                    }
                    Ok(true)
                }
                Some(b']') => Ok(false),
                Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfArray)),
                None => Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
            Expect::FirstKeyOrEnd => match self.input.peek_nonws()? {
                Some(b'}') => Ok(false),
                Some(b'"') => {
                    self.nesting.expect = Expect::Key;
                    Ok(true)
                }
                Some(_) => Err(self.error(ErrorCode::ExpectedKey)),
                None => Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::CommaOrEndOfObject => match self.input.peek_nonws()? {
                Some(b',') => {
                    self.input.src.consume(1);
                    self.nesting.next_member();
                    if self.input.peek_nonws()? == Some(b'}') {
                        return Err(self.error(ErrorCode::TrailingComma));
                    }
                    Ok(true)
                }
                Some(b'}') => Ok(false),
                Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfObject)),
                None => Err(self.error(ErrorCode::EofWhileParsingObject)),
            },
            Expect::Key | Expect::Colon => Ok(true),
            Expect::Value if self.nesting.depth() > 0 => Ok(true),
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
    pub fn has_next(&mut self) -> Result<bool> {
        self.has_next_inner().map_err(|e| self.locate(e))
    }

    /// What type the next value has, without reading it. Consumes whitespace and the `,` before
    /// the value.
    ///
    /// # Errors
    ///
    /// A syntax error if no value can start here (including at the end of an array or object,
    /// or where a key is due), an EOF error at the end of input.
    pub fn peek(&mut self) -> Result<ValueType> {
        let b = self.peek_value().map_err(|e| self.locate(e))?;
        match b {
            b'[' => Ok(ValueType::Array),
            b'{' => Ok(ValueType::Object),
            b'"' => Ok(ValueType::String),
            b'-' | b'0'..=b'9' => Ok(ValueType::Number),
            b't' | b'f' => Ok(ValueType::Bool),
            b'n' => Ok(ValueType::Null),
            _ => Err(self.locate(self.error(ErrorCode::ExpectedValue))),
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
        let token = match self.next_token_inner() {
            Ok(token) => token,
            Err(e) => return Err(self.locate(e)),
        };
        Ok(token.map(|token| match token {
            TokenSpan::BeginObject => Token::BeginObject,
            TokenSpan::EndObject => Token::EndObject,
            TokenSpan::BeginArray => Token::BeginArray,
            TokenSpan::EndArray => Token::EndArray,
            TokenSpan::Key(span) => Token::Key(deref(self.input.str_ref(span))),
            TokenSpan::String(span) => Token::String(deref(self.input.str_ref(span))),
            TokenSpan::Number(span) => Token::Number(deref(self.input.number_str(span))),
            TokenSpan::Bool(b) => Token::Bool(b),
            TokenSpan::Null => Token::Null,
        }))
    }

    fn next_token_inner(&mut self) -> Result<Option<TokenSpan>> {
        match self.nesting.expect {
            Expect::Done => {
                self.end_inner()?;
                return Ok(None);
            }
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray => {
                if !self.has_next_inner()? {
                    self.end_array_inner()?;
                    return Ok(Some(TokenSpan::EndArray));
                }
            }
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                if !self.has_next_inner()? {
                    self.end_object_inner()?;
                    return Ok(Some(TokenSpan::EndObject));
                }
                return Ok(Some(TokenSpan::Key(self.name_inner()?)));
            }
            Expect::Value | Expect::Colon | Expect::Unusable => {}
        }
        Ok(Some(match self.peek_value()? {
            b'[' => {
                self.begin_array_inner()?;
                TokenSpan::BeginArray
            }
            b'{' => {
                self.begin_object_inner()?;
                TokenSpan::BeginObject
            }
            b'"' => TokenSpan::String(self.str_span()?),
            b'-' | b'0'..=b'9' => {
                let span = self.input.read_number_text()?;
                self.nesting.value_done();
                TokenSpan::Number(span)
            }
            b't' | b'f' => TokenSpan::Bool(self.bool_inner()?),
            b'n' => {
                self.null_inner()?;
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
        self.begin_array_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn begin_array_inner(&mut self) -> Result<()> {
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
        self.begin_object_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn begin_object_inner(&mut self) -> Result<()> {
        match self.peek_value()? {
            b'{' => self.enter(false),
            b => Err(self.expected("an object", b)),
        }
    }

    /// Consumes the `[` or `{` at the current byte and opens the container.
    #[inline]
    pub(crate) fn enter(&mut self, array: bool) -> Result<()> {
        let max = self.input.limits.max_depth;
        if self.nesting.depth() >= max {
            return Err(self.error(ErrorCode::Limit(LimitKind::Depth, max as u64)));
        }
        self.input.src.consume(1);
        if array {
            self.nesting.push_array();
        } else {
            self.nesting.push_object();
        }
        Ok(())
    }

    /// Consumes the `]` or `}` at the current byte (found by `has_next_inner`) and closes the
    /// container.
    #[inline]
    pub(crate) fn close(&mut self) {
        self.input.src.consume(1);
        self.nesting.pop();
    }

    /// Reads `]`: the current array has no more elements.
    ///
    /// # Errors
    ///
    /// An error if another element follows or the reader is not in an array.
    pub fn end_array(&mut self) -> Result<()> {
        self.end_array_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn end_array_inner(&mut self) -> Result<()> {
        match self.nesting.expect {
            Expect::FirstElementOrEnd | Expect::CommaOrEndOfArray | Expect::Value
                if !self.nesting.in_object() && self.nesting.depth() > 0 =>
            {
                if self.has_next_inner()? {
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
        self.end_object_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn end_object_inner(&mut self) -> Result<()> {
        match self.nesting.expect {
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject | Expect::Key => {
                if self.has_next_inner()? {
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
    pub fn next_name<'s>(&'s mut self) -> Result<&'s str>
    where
        'de: 's,
    {
        match self.name_inner() {
            Ok(span) => Ok(deref(self.input.str_ref(span))),
            Err(e) => Err(self.locate(e)),
        }
    }

    pub(crate) fn name_inner(&mut self) -> Result<StrSpan> {
        match self.nesting.expect {
            Expect::FirstKeyOrEnd | Expect::CommaOrEndOfObject => {
                if !self.has_next_inner()? {
                    return Err(self.error(ErrorCode::Expected("a key", Found::Byte(b'}'))));
                }
            }
            Expect::Key => {}
            _ => {
                let found = self.found();
                return Err(self.error(ErrorCode::Expected("a key", found)));
            }
        }
        match self.input.peek_nonws()? {
            Some(b'"') => self.input.src.consume(1),
            Some(_) => return Err(self.error(ErrorCode::ExpectedKey)),
            None => return Err(self.error(ErrorCode::EofWhileParsingObject)),
        }
        let max = self.input.limits.max_key_len;
        let span = self.input.read_str(max, LimitKind::KeyLength)?;
        self.nesting.set_key(&self.input.str_ref(span));
        Ok(span)
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
        match self.peek_value() {
            Ok(b'"') => {}
            Ok(b) => return Err(self.locate(self.expected("a string", b))),
            Err(e) => return Err(self.locate(e)),
        }
        match self.str_span() {
            Ok(span) => Ok(deref(self.input.str_ref(span))),
            Err(e) => Err(self.locate(e)),
        }
    }

    /// Reads the string value whose opening quote is the current byte.
    #[inline]
    pub(crate) fn str_inner(&mut self) -> Result<Reference<'de, '_, str>> {
        let span = self.str_span()?;
        Ok(self.input.str_ref(span))
    }

    #[inline]
    fn str_span(&mut self) -> Result<StrSpan> {
        self.input.src.consume(1);
        let max = self.input.limits.max_string_len;
        let span = self.input.read_str(max, LimitKind::StringLength)?;
        self.nesting.value_done();
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
        let read = match self.peek_value() {
            Ok(b'-' | b'0'..=b'9') => self.input.read_number_text(),
            Ok(b) => Err(self.expected("a number", b)),
            Err(e) => Err(e),
        };
        match read {
            Ok(span) => {
                self.nesting.value_done();
                Ok(deref(self.input.number_str(span)))
            }
            Err(e) => Err(self.locate(e)),
        }
    }

    /// Reads `true` or `false`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not a boolean.
    pub fn next_bool(&mut self) -> Result<bool> {
        self.bool_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn bool_inner(&mut self) -> Result<bool> {
        match self.peek_value()? {
            b't' => self.literal(b"rue").map(|()| true),
            b'f' => self.literal(b"alse").map(|()| false),
            b => Err(self.expected("a boolean", b)),
        }
    }

    /// Reads the literal (`true`, `false`, `null`) whose first byte is the current one: checks
    /// the rest of the word, `rest`.
    #[inline]
    pub(crate) fn literal(&mut self, rest: &[u8]) -> Result<()> {
        self.input.src.consume(1);
        self.input.expect_ident(rest)?;
        self.nesting.value_done();
        Ok(())
    }

    /// Reads `null`.
    ///
    /// # Errors
    ///
    /// An error if the next value is not `null`.
    pub fn next_null(&mut self) -> Result<()> {
        self.null_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn null_inner(&mut self) -> Result<()> {
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
        self.skip_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn skip_inner(&mut self) -> Result<()> {
        let depth = self.nesting.depth();
        loop {
            match self.peek_value()? {
                b'[' => self.enter(true)?,
                b'{' => self.enter(false)?,
                b'"' => {
                    self.input.src.consume(1);
                    self.input.skip_str()?;
                    self.nesting.value_done();
                }
                b'-' | b'0'..=b'9' => {
                    self.input.read_number_text()?;
                    self.nesting.value_done();
                }
                b't' | b'f' => {
                    self.bool_inner()?;
                }
                b'n' => self.null_inner()?,
                _ => return Err(self.error(ErrorCode::ExpectedValue)),
            }
            // Close every container that is complete, until a value is due or we are back.
            while self.nesting.depth() > depth {
                if !self.has_next_inner()? {
                    if self.nesting.in_object() {
                        self.end_object_inner()?;
                    } else {
                        self.end_array_inner()?;
                    }
                } else {
                    if self.nesting.in_object() {
                        self.name_inner()?;
                    }
                    break;
                }
            }
            if self.nesting.depth() == depth {
                return Ok(());
            }
        }
    }

    /// An [`io::Read`] of the next value, a string, unescaped: its UTF-8 bytes chunk by chunk,
    /// never the whole string in memory, however long it is.
    ///
    /// Read it to the end (until `read` returns 0) before using the reader again; if it is
    /// dropped earlier, the rest of the string is skipped then.
    ///
    /// # Errors
    ///
    /// An error here if the next value is not a string; errors inside the string (bad escapes,
    /// invalid UTF-8, EOF) come from `read` as [`io::Error`]s of kind `InvalidData` or
    /// `UnexpectedEof` wrapping this crate's [`Error`].
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
    /// from `read`.
    pub fn base64_reader(&mut self) -> Result<Base64Reader<'_, S>> {
        self.open_string()?;
        Ok(Base64Reader::new(StringReader::new(self)))
    }

    fn open_string(&mut self) -> Result<()> {
        match self.peek_value() {
            Ok(b'"') => {
                self.input.src.consume(1);
                Ok(())
            }
            Ok(b) => Err(self.locate(self.expected("a string", b))),
            Err(e) => Err(self.locate(e)),
        }
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
    /// reader.next_name()?;
    /// reader.skip_value()?;
    /// reader.next_name()?;
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
        self.end_inner().map_err(|e| self.locate(e))
    }

    pub(crate) fn end_inner(&mut self) -> Result<()> {
        if self.nesting.expect != Expect::Done {
            return Err(self.error(ErrorCode::DocumentIncomplete));
        }
        match self.input.peek_nonws()? {
            None => Ok(()),
            Some(_) => Err(self.error(ErrorCode::TrailingCharacters)),
        }
    }

    /// What is at the current position, for messages.
    fn found(&mut self) -> Found {
        match self.input.peek_nonws() {
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
