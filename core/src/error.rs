//! The one error type of the crate: what went wrong, and where.

use std::fmt::{self, Debug, Display};
use std::io;

/// Alias for a `Result` with the error type [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error while reading or writing JSON.
///
/// It says what went wrong ([`Category`], a message naming what was expected and what was found)
/// and where: byte offset, line and column of the input, and the JSON path of the value being read
/// (`$.records[1234].name`). An I/O error keeps its [`io::Error`].
///
/// The error is one pointer wide, so `Result<T, Error>` stays small on the happy path.
pub struct Error(Box<ErrorImpl>);

struct ErrorImpl {
    code: ErrorCode,
    /// `None` for an error raised outside a reader (a visitor's data error, a sink's I/O
    /// error) until it passes through the reader, which gives it its own position.
    position: Option<Position>,
    path: String,
    /// What the rollback of a failed value could not undo (files it could not remove).
    rollback_failures: Vec<io::Error>,
}

#[derive(Clone, Copy)]
#[doc(hidden)]
pub struct Position {
    pub(crate) offset: u64,
    pub(crate) line: u64,
    pub(crate) column: u64,
}

impl Position {
    /// A position in binary input (PBJSON), which has no lines: only the byte offset.
    pub(crate) fn binary(offset: u64) -> Self {
        Position {
            offset,
            line: 0,
            column: 0,
        }
    }
}

/// The broad kind of an [`Error`], for deciding what to do about it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// Reading from or writing to the underlying stream failed.
    Io,
    /// The input is not valid JSON (also: a writer was asked to produce invalid JSON, or a
    /// PBJSON container or copied value whose content is not the length its header declared).
    Syntax,
    /// The input is valid JSON but does not fit the requested type or JSON Pointer (also: a
    /// malformed JSON Pointer; a value being written that PBJSON cannot represent, a key over
    /// 127 bytes or a length over 4,294,967,295).
    Data,
    /// The input ended before the JSON value did.
    Eof,
    /// The input exceeds one of the configured [`Limits`](crate::Limits), or a value being
    /// written nests deeper than the writer's
    /// [`max_depth`](crate::Serializer::max_depth).
    Limit,
}

/// Which limit was exceeded: one of the [`Limits`](crate::Limits) of a reader, or the depth
/// limit of a writer.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// Nesting of arrays and objects ([`Limits::max_depth`](crate::Limits::max_depth)).
    Depth,
    /// Length of a number's text ([`Limits::max_number_len`](crate::Limits::max_number_len)).
    NumberLength,
    /// Length of an object key ([`Limits::max_key_len`](crate::Limits::max_key_len)).
    KeyLength,
    /// Length of a materialized string ([`Limits::max_string_len`](crate::Limits::max_string_len)).
    StringLength,
    /// Size of the whole document
    /// ([`Limits::max_document_len`](crate::Limits::max_document_len)).
    DocumentLength,
    /// Nesting of arrays and objects in a value being written
    /// ([`Serializer::max_depth`](crate::Serializer::max_depth),
    /// [`JsonWriter::max_depth`](crate::JsonWriter::max_depth)).
    WriteDepth,
}

/// What is wrong with a base64 string read by [`JsonReader::base64_reader`] or into a base64
/// blob, as told by [`Error::base64_fault`]. The error's offset, line and column are those of
/// the symbol to blame (of the escape sequence that gave it, if one did), or of the closing
/// quote for a text that ends too early.
///
/// [`JsonReader::base64_reader`]: crate::JsonReader::base64_reader
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Base64Fault {
    /// A byte that is not a symbol of the standard alphabet (`A`–`Z`, `a`–`z`, `0`–`9`, `+`,
    /// `/`): `-`, `_`, a space, a byte of a non-ASCII character.
    Byte(u8),
    /// Padding (`=`) in the first or second place of a 4-symbol group, where it cannot be.
    Padding,
    /// A byte after the padding, which ends the text.
    AfterPadding(u8),
    /// The last symbol has bits set that encode no byte (`AR==` where `AQ==` encodes the
    /// same byte).
    LastSymbol(u8),
    /// The text ends one symbol into a 4-symbol group (which encodes no byte), or inside its
    /// padding.
    Truncated,
}

#[doc(hidden)]
pub enum ErrorCode {
    Message(Box<str>),
    Io(io::Error),
    Limit(LimitKind, u64),

    EofWhileParsingValue,
    EofWhileParsingString,
    EofWhileParsingArray,
    EofWhileParsingObject,

    ExpectedValue,
    ExpectedColon,
    ExpectedCommaOrEndOfArray,
    ExpectedCommaOrEndOfObject,
    ExpectedKey,
    ExpectedSomeIdent,
    InvalidNumber,
    NumberOutOfRange,
    InvalidEscape,
    InvalidUnicodeCodePoint,
    InvalidUtf8,
    LoneSurrogate,
    UnexpectedEndOfHexEscape,
    ControlCharacterWhileParsingString,
    TrailingComma,
    TrailingCharacters,
    Expected(&'static str, Found),
    InvalidBase64(Base64Fault),
    MoreElements,
    MoreMembers,
    NotInContainer,
    DocumentComplete,
    DocumentIncomplete,
    Unusable,
    ExpectedNumericKey,
    ExpectedBoolKey,
    ExpectedVariant,
    PointerNotFound(Box<str>),
    /// A malformed pointer, and why.
    InvalidPointer(Box<str>, &'static str),
    NotAnArray(Box<str>),
    NotAnObject(Box<str>),
    FloatKeyMustBeFinite,
    /// Invalid UTF-8 given as text to write; the offset of the bad sequence in the string value.
    InvalidUtf8At(u64),
    /// A writer was asked for one kind of token where another is due.
    Misplaced {
        expected: &'static str,
        found: &'static str,
    },
    WriterUnusable,
    /// PBJSON: a byte that starts no value where a value is due.
    NotAValue(u8),
    /// PBJSON: a key index beyond the keys the memo holds so far.
    UnknownKeyIndex {
        index: u8,
        known: usize,
    },
    /// PBJSON: a packed float whose characters are not a number.
    InvalidFloat,
    /// PBJSON: an integer too wide for the type it is read as (over 128 bits; for
    /// `serde::Deserializer::deserialize_any` readers, too large even for an `f64`).
    IntegerTooWide,
    /// PBJSON: bytes after the top-level value.
    TrailingBytes,
    /// PBJSON to JSON: an infinity or NaN, which JSON cannot hold.
    NonFiniteInJson,
    /// PBJSON: a key longer than 127 bytes; its length.
    KeyTooLong(u64),
    /// PBJSON: a string, binary, array or object longer than a header can say; its length.
    TooLong(u64),
    /// PBJSON: a container or a value copied from a reader got another number of elements,
    /// members or bytes (`what`, singular) than its header declared (`given: None`: more).
    CountMismatch {
        what: &'static str,
        declared: u64,
        given: Option<u64>,
    },
}

/// What the reader found where it expected something else, for messages.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum Found {
    Byte(u8),
    End,
}

impl Error {
    /// The broad kind of this error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::Category;
    ///
    /// let err = jsonstream::from_str::<Vec<u32>>("[1,").unwrap_err();
    /// assert_eq!(err.category(), Category::Eof);
    /// ```
    pub fn category(&self) -> Category {
        match &self.0.code {
            ErrorCode::Message(_) | ErrorCode::NumberOutOfRange => Category::Data,
            ErrorCode::IntegerTooWide | ErrorCode::NonFiniteInJson => Category::Data,
            ErrorCode::ExpectedNumericKey | ErrorCode::ExpectedBoolKey => Category::Data,
            ErrorCode::PointerNotFound(_) | ErrorCode::InvalidPointer(..) => Category::Data,
            ErrorCode::NotAnArray(_) | ErrorCode::NotAnObject(_) => Category::Data,
            ErrorCode::KeyTooLong(_) | ErrorCode::TooLong(_) => Category::Data,
            ErrorCode::Io(_) => Category::Io,
            ErrorCode::Limit(..) => Category::Limit,
            ErrorCode::EofWhileParsingValue
            | ErrorCode::EofWhileParsingString
            | ErrorCode::EofWhileParsingArray
            | ErrorCode::EofWhileParsingObject => Category::Eof,
            ErrorCode::Expected(_, Found::End) => Category::Eof,
            _ => Category::Syntax,
        }
    }

    /// Byte offset into the input where the error was detected (0-based).
    pub fn offset(&self) -> u64 {
        self.0.position.map_or(0, |p| p.offset)
    }

    /// Line of the input where the error was detected (1-based; 0 if the error has no position,
    /// e.g. an I/O error of a writer, and in binary input, which has no lines).
    pub fn line(&self) -> u64 {
        self.0.position.map_or(0, |p| p.line)
    }

    /// Column, in bytes, of the input where the error was detected, as serde_json counts it:
    /// the column (1-based) of the byte at fault, or for an error found after what was read
    /// (the end of the input, a value that does not fit its type, a missing field, a number
    /// out of range) the column of the last byte read; 0 for a line break at fault or an
    /// error right after one, which are at the start of the next line. 0 without position and
    /// in binary input.
    ///
    /// # Examples
    ///
    /// ```
    /// // An error at a byte: the `]` at column 4.
    /// let err = jsonstream::from_str::<Vec<u8>>("[1,]").unwrap_err();
    /// assert_eq!((err.line(), err.column()), (1, 4));
    /// // An error after what was read: the end of the input, after the `1` at column 2.
    /// let err = jsonstream::from_str::<Vec<u8>>("[1").unwrap_err();
    /// assert_eq!((err.line(), err.column()), (1, 2));
    /// ```
    pub fn column(&self) -> u64 {
        self.0.position.map_or(0, |p| p.column)
    }

    /// The JSON path of the value being read when the error happened, e.g. `$.records[3].name`.
    ///
    /// `$` is the top-level value. Keys that are not plain identifiers are written in brackets
    /// with JSON string syntax: `$["a key"][0]`.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The underlying I/O error, for errors of [`Category::Io`].
    pub fn io_error(&self) -> Option<&io::Error> {
        match &self.0.code {
            ErrorCode::Io(err) => Some(err),
            _ => None,
        }
    }

    /// Which limit was exceeded, for errors of [`Category::Limit`].
    pub fn limit(&self) -> Option<LimitKind> {
        match self.0.code {
            ErrorCode::Limit(kind, _) => Some(kind),
            _ => None,
        }
    }

    /// What is wrong with an invalid base64 string, for such errors (of [`Category::Syntax`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::Base64Fault;
    ///
    /// let mut reader = jsonstream::JsonReader::from_str(r#""AAAA AAAA""#);
    /// let mut bytes = Vec::new();
    /// let err = std::io::Read::read_to_end(&mut reader.base64_reader()?, &mut bytes).unwrap_err();
    /// let err = err.into_inner().unwrap().downcast::<jsonstream::Error>().unwrap();
    /// assert_eq!(err.base64_fault(), Some(Base64Fault::Byte(b' ')));
    /// assert_eq!((err.offset(), err.column()), (5, 6));
    /// assert_eq!(bytes, [0, 0, 0]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn base64_fault(&self) -> Option<Base64Fault> {
        match self.0.code {
            ErrorCode::InvalidBase64(fault) => Some(fault),
            _ => None,
        }
    }

    /// True for errors of [`Category::Io`].
    pub fn is_io(&self) -> bool {
        self.category() == Category::Io
    }

    /// True for errors of [`Category::Syntax`].
    pub fn is_syntax(&self) -> bool {
        self.category() == Category::Syntax
    }

    /// True for errors of [`Category::Data`].
    pub fn is_data(&self) -> bool {
        self.category() == Category::Data
    }

    /// True for errors of [`Category::Eof`].
    pub fn is_eof(&self) -> bool {
        self.category() == Category::Eof
    }

    pub(crate) fn new(code: ErrorCode) -> Self {
        Error(Box::new(ErrorImpl {
            code,
            position: None,
            path: String::new(),
            rollback_failures: Vec::new(),
        }))
    }

    pub(crate) fn at(code: ErrorCode, position: Position, path: String) -> Self {
        Error(Box::new(ErrorImpl {
            code,
            position: Some(position),
            path,
            rollback_failures: Vec::new(),
        }))
    }

    /// What went wrong.
    pub(crate) fn code(&self) -> &ErrorCode {
        &self.0.code
    }

    /// The same place, in other words.
    pub(crate) fn with_code(mut self, code: ErrorCode) -> Self {
        self.0.code = code;
        self
    }

    /// Whether the error has its position (a reader's own error), or not yet.
    pub(crate) fn is_located(&self) -> bool {
        self.0.position.is_some()
    }

    /// Gives an error raised outside the reader (a data error of a visitor, an I/O error of a
    /// sink) the position and path it lacks; the reader's own errors are built with theirs.
    #[cold]
    pub(crate) fn fix_position(
        mut self,
        position: impl FnOnce() -> Position,
        path: impl FnOnce() -> String,
    ) -> Self {
        if self.0.position.is_none() {
            self.0.position = Some(position());
        }
        if self.0.path.is_empty() {
            self.0.path = path();
        }
        self
    }

    /// Inserts `step` (`[3]`, `.name`) into the path at byte `at`: a level of a serde descent
    /// that the error passes through on its way out names itself (levels further out insert
    /// theirs at the same place or before it, so the steps end up in document order).
    #[cold]
    pub(crate) fn insert_path_step(mut self, at: usize, step: &str) -> Self {
        if at <= self.0.path.len() && self.0.path.is_char_boundary(at) {
            self.0.path.insert_str(at, step);
        }
        self
    }

    /// The error at another path (the reader's own errors are built with the path of the place
    /// they are found; a few know better).
    pub(crate) fn with_path(mut self, path: String) -> Self {
        self.0.path = path;
        self
    }

    /// Notes the errors of the rollback steps run because of this error: what a failed value
    /// left behind.
    pub(crate) fn with_rollback_failures(mut self, failures: Vec<io::Error>) -> Self {
        self.0.rollback_failures.extend(failures);
        self
    }

    /// An I/O error; one that carries an error of this crate (a reader of a value, such as
    /// [`PbReader::string_reader`](crate::pbjson::PbReader::string_reader), failed while
    /// another part of the crate read from it) is that error again, with its position.
    pub(crate) fn io(err: io::Error) -> Self {
        if err.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(Ok(inner)) = err.into_inner().map(|inner| inner.downcast::<Error>()) {
                return *inner;
            }
            unreachable!("the inner error was checked to be an Error");
        }
        Error::new(ErrorCode::Io(err))
    }
}

impl ErrorCode {
    /// Whether the error is found after what was read rather than at a byte to blame: at the
    /// end of the input, after a number that does not fit, where the reader's state forbids
    /// a call (after the document, outside a container, before the document's end, where an
    /// earlier error left it), or before the document for a pointer that cannot be followed:
    /// the next byte may not have been read, and is not to blame.
    pub(crate) fn is_after(&self) -> bool {
        matches!(
            self,
            ErrorCode::EofWhileParsingValue
                | ErrorCode::EofWhileParsingString
                | ErrorCode::EofWhileParsingArray
                | ErrorCode::EofWhileParsingObject
                | ErrorCode::NumberOutOfRange
                | ErrorCode::NotInContainer
                | ErrorCode::DocumentComplete
                | ErrorCode::DocumentIncomplete
                | ErrorCode::Unusable
                | ErrorCode::InvalidPointer(..)
        )
    }
}

impl Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Message(msg) => f.write_str(msg),
            ErrorCode::Io(err) => Display::fmt(err, f),
            ErrorCode::Limit(kind, max) => match kind {
                LimitKind::Depth => write!(f, "nesting deeper than the limit of {max}"),
                LimitKind::NumberLength => write!(f, "number longer than the limit of {max} bytes"),
                LimitKind::KeyLength => write!(f, "key longer than the limit of {max} bytes"),
                LimitKind::StringLength => write!(f, "string longer than the limit of {max} bytes"),
                LimitKind::DocumentLength => {
                    write!(f, "document larger than the limit of {max} bytes")
                }
                LimitKind::WriteDepth => {
                    write!(f, "value nested deeper than the writing limit of {max}")
                }
            },
            ErrorCode::EofWhileParsingValue => f.write_str("EOF while parsing a value"),
            ErrorCode::EofWhileParsingString => f.write_str("EOF while parsing a string"),
            ErrorCode::EofWhileParsingArray => f.write_str("EOF while parsing a list"),
            ErrorCode::EofWhileParsingObject => f.write_str("EOF while parsing an object"),
            ErrorCode::ExpectedValue => f.write_str("expected value"),
            ErrorCode::ExpectedColon => f.write_str("expected `:`"),
            ErrorCode::ExpectedCommaOrEndOfArray => f.write_str("expected `,` or `]`"),
            ErrorCode::ExpectedCommaOrEndOfObject => f.write_str("expected `,` or `}`"),
            ErrorCode::ExpectedKey => f.write_str("key must be a string"),
            ErrorCode::ExpectedSomeIdent => f.write_str("expected ident"),
            ErrorCode::InvalidNumber => f.write_str("invalid number"),
            ErrorCode::NumberOutOfRange => f.write_str("number out of range"),
            ErrorCode::InvalidEscape => f.write_str("invalid escape"),
            ErrorCode::InvalidUnicodeCodePoint => f.write_str("invalid unicode code point"),
            // serde_json's words for invalid UTF-8 in a string.
            ErrorCode::InvalidUtf8 => f.write_str("invalid unicode code point"),
            // serde_json's words, also for a lone trailing surrogate.
            ErrorCode::LoneSurrogate => f.write_str("lone leading surrogate in hex escape"),
            ErrorCode::UnexpectedEndOfHexEscape => f.write_str("unexpected end of hex escape"),
            ErrorCode::ControlCharacterWhileParsingString => {
                f.write_str("control character (\\u0000-\\u001F) found while parsing a string")
            }
            ErrorCode::TrailingComma => f.write_str("trailing comma"),
            ErrorCode::TrailingCharacters => f.write_str("trailing characters"),
            ErrorCode::Expected(what, found) => {
                write!(f, "expected {what}, found ")?;
                match found {
                    Found::End => f.write_str("end of input"),
                    Found::Byte(b) => Display::fmt(&ByteName(*b), f),
                }
            }
            ErrorCode::InvalidBase64(fault) => {
                f.write_str("invalid base64 in string: ")?;
                match fault {
                    Base64Fault::Byte(b) => write!(f, "{} is not a base64 symbol", ByteName(*b)),
                    Base64Fault::Padding => {
                        f.write_str("padding `=` in the first half of a 4-symbol group")
                    }
                    Base64Fault::AfterPadding(b) => write!(f, "{} after the padding", ByteName(*b)),
                    Base64Fault::LastSymbol(b) => write!(
                        f,
                        "the last symbol {} has bits set that encode no byte",
                        ByteName(*b)
                    ),
                    Base64Fault::Truncated => f.write_str("the text ends inside a 4-symbol group"),
                }
            }
            ErrorCode::MoreElements => f.write_str("expected `]`, found another element"),
            ErrorCode::MoreMembers => f.write_str("expected `}`, found another member"),
            ErrorCode::NotInContainer => f.write_str("not inside an array or object"),
            ErrorCode::DocumentComplete => f.write_str("the top-level value was already read"),
            ErrorCode::DocumentIncomplete => f.write_str("the top-level value is not complete"),
            ErrorCode::ExpectedNumericKey => {
                f.write_str("invalid value: expected key to be a number in quotes")
            }
            ErrorCode::ExpectedBoolKey => {
                f.write_str("expected key to be `\"true\"` or `\"false\"`")
            }
            ErrorCode::ExpectedVariant => f.write_str("expected an enum variant key, found `}`"),
            ErrorCode::Unusable => {
                f.write_str("an earlier error left the reader inside a string value")
            }
            ErrorCode::PointerNotFound(p) => write!(f, "JSON Pointer `{p}` not found"),
            ErrorCode::InvalidPointer(p, why) => write!(f, "invalid JSON Pointer `{p}`: {why}"),
            ErrorCode::NotAnArray(p) => write!(f, "value at JSON Pointer `{p}` is not an array"),
            ErrorCode::NotAnObject(p) => {
                write!(f, "value at JSON Pointer `{p}` is not an object")
            }
            ErrorCode::FloatKeyMustBeFinite => {
                f.write_str("float key must be finite (got NaN or +/-inf)")
            }
            ErrorCode::InvalidUtf8At(offset) => {
                write!(f, "invalid UTF-8 at byte {offset} of the string value")
            }
            ErrorCode::Misplaced { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorCode::WriterUnusable => f.write_str("an earlier error left the writer unusable"),
            ErrorCode::NotAValue(b) => write!(f, "byte 0x{b:02x} does not start a PBJSON value"),
            ErrorCode::UnknownKeyIndex { index, known } => write!(
                f,
                "key index {index} names no key (the document has given {known} so far)"
            ),
            ErrorCode::InvalidFloat => f.write_str("invalid packed float"),
            ErrorCode::IntegerTooWide => f.write_str("integer too wide for its target"),
            ErrorCode::TrailingBytes => f.write_str("bytes after the end of the document"),
            ErrorCode::NonFiniteInJson => f.write_str("infinity or NaN, which JSON cannot hold"),
            ErrorCode::KeyTooLong(len) => {
                write!(f, "key of {len} bytes: PBJSON keys are at most 127 bytes")
            }
            ErrorCode::TooLong(len) => write!(
                f,
                "length {len} is more than a PBJSON header can say (at most 4294967295)"
            ),
            ErrorCode::CountMismatch {
                what,
                declared,
                given,
            } => {
                let plural = if *declared == 1 { "" } else { "s" };
                write!(f, "declared {declared} {what}{plural}, given ")?;
                match given {
                    Some(given) => write!(f, "{given}"),
                    None => f.write_str("more"),
                }
            }
        }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0.code, f)?;
        if let Some(p) = self.0.position {
            if p.line == 0 {
                write!(f, " at byte {}", p.offset)?;
            } else {
                write!(f, " at line {} column {}", p.line, p.column)?;
            }
            if !self.0.path.is_empty() && self.0.path != "$" {
                write!(f, ", path {}", self.0.path)?;
            }
        }
        for failure in &self.0.rollback_failures {
            write!(f, "; rollback failed: {failure}")?;
        }
        Ok(())
    }
}

impl Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("category", &self.category())
            .field("message", &self.0.code.to_string());
        if let Some(p) = self.0.position {
            s.field("offset", &p.offset)
                .field("line", &p.line)
                .field("column", &p.column)
                .field("path", &self.0.path);
        }
        if !self.0.rollback_failures.is_empty() {
            s.field("rollback_failures", &self.0.rollback_failures);
        }
        s.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.code {
            ErrorCode::Io(err) => err.source(),
            _ => None,
        }
    }
}

impl From<Error> for io::Error {
    /// Turns the error into an [`io::Error`]: an I/O error comes back as it was; EOF becomes
    /// [`io::ErrorKind::UnexpectedEof`]; syntax, limit and data errors become
    /// [`io::ErrorKind::InvalidData`].
    fn from(mut err: Error) -> io::Error {
        let kind = match err.category() {
            Category::Eof => io::ErrorKind::UnexpectedEof,
            _ => io::ErrorKind::InvalidData,
        };
        if let ErrorCode::Io(io) = &mut err.0.code {
            return std::mem::replace(io, io::ErrorKind::Other.into());
        }
        io::Error::new(kind, err)
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorCode::Message(msg.to_string().into_boxed_str()))
    }

    fn invalid_type(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            JsonUnexpected(unexp)
        ))
    }

    fn invalid_value(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            JsonUnexpected(unexp)
        ))
    }
}

/// A byte in a message: `` `x` `` if it is printable ASCII, else `byte 0x0a`.
struct ByteName(u8);

impl Display for ByteName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b if b.is_ascii_graphic() => write!(f, "`{}`", b as char),
            b => write!(f, "byte 0x{b:02x}"),
        }
    }
}

/// What was found, in serde_json's words: `null` rather than "unit value", floats as serde_json
/// writes them (`0.0`, `1e+20`) rather than in Rust's `Display` form.
struct JsonUnexpected<'a>(serde::de::Unexpected<'a>);

impl Display for JsonUnexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            serde::de::Unexpected::Unit => f.write_str("null"),
            serde::de::Unexpected::Float(value) => {
                write!(f, "floating point `{}`", zmij::Buffer::new().format(value))
            }
            unexp => Display::fmt(&unexp, f),
        }
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorCode::Message(msg.to_string().into_boxed_str()))
    }
}
