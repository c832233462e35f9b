//! Comparable snapshots of what jsonstream produced: results with their errors as
//! [`ErrInfo`], the items of a stream ([`drain`]), token streams as [`TokenRun`] (PBJSON
//! tokens as [`PbTok`]), dumped bytes.

use jsonstream::{Category, Dump, LimitKind};

/// Everything an error says, in a comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrInfo {
    /// `Error::category`.
    pub category: Category,
    /// `Error::limit`: which limit, for `Category::Limit`.
    pub limit: Option<LimitKind>,
    /// `Error::offset`: byte offset in the input.
    pub offset: u64,
    /// `Error::line` (1-based).
    pub line: u64,
    /// `Error::column` (1-based, in bytes).
    pub column: u64,
    /// `Error::path`: the JSON path of the value being read.
    pub path: String,
    /// The `Display` text.
    pub display: String,
}

impl From<&jsonstream::Error> for ErrInfo {
    fn from(e: &jsonstream::Error) -> Self {
        ErrInfo {
            category: e.category(),
            limit: e.limit(),
            offset: e.offset(),
            line: e.line(),
            column: e.column(),
            path: e.path().to_owned(),
            display: e.to_string(),
        }
    }
}

impl From<jsonstream::Error> for ErrInfo {
    fn from(e: jsonstream::Error) -> Self {
        ErrInfo::from(&e)
    }
}

/// A result with its error turned into an [`ErrInfo`].
pub fn snap<T>(r: jsonstream::Result<T>) -> Result<T, ErrInfo> {
    r.map_err(ErrInfo::from)
}

/// All items of a stream until `None`, snapped; asserts that the stream stays fused (`None`
/// again).
///
/// # Panics
///
/// If the stream yields an item after `None`, or a million items.
pub fn drain<T, I>(mut it: I) -> Vec<Result<T, ErrInfo>>
where
    I: Iterator<Item = jsonstream::Result<T>>,
{
    let mut items = Vec::new();
    loop {
        match it.next() {
            Some(item) => {
                items.push(snap(item));
                assert!(items.len() < 1_000_000, "endless stream");
            }
            None => {
                for _ in 0..3 {
                    assert!(it.next().is_none(), "stream not fused after None");
                }
                return items;
            }
        }
    }
}

/// An owned [`jsonstream::Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// `{`
    BeginObject,
    /// `}`
    EndObject,
    /// `[`
    BeginArray,
    /// `]`
    EndArray,
    /// A member name, unescaped.
    Key(String),
    /// A string value, unescaped.
    Str(String),
    /// A number's text.
    Num(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`
    Null,
}

impl From<&jsonstream::Token<'_>> for Tok {
    fn from(t: &jsonstream::Token<'_>) -> Self {
        use jsonstream::Token;
        match t {
            Token::BeginObject => Tok::BeginObject,
            Token::EndObject => Tok::EndObject,
            Token::BeginArray => Tok::BeginArray,
            Token::EndArray => Tok::EndArray,
            Token::Key(k) => Tok::Key((*k).to_owned()),
            Token::String(s) => Tok::Str((*s).to_owned()),
            Token::Number(n) => Tok::Num((*n).to_owned()),
            Token::Bool(b) => Tok::Bool(*b),
            Token::Null => Tok::Null,
        }
    }
}

/// An owned [`jsonstream::pbjson::Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PbTok {
    /// An object of this many members.
    BeginObject(u64),
    /// The end of an object.
    EndObject,
    /// An array of this many elements, or `None` for a terminated array.
    BeginArray(Option<u64>),
    /// The end of an array.
    EndArray,
    /// An object key.
    Key(String),
    /// A string value.
    Str(String),
    /// A binary value.
    Binary(Vec<u8>),
    /// An integer: its sign and big-endian magnitude (without leading zeros).
    Integer {
        /// Below zero.
        negative: bool,
        /// The absolute value's bytes.
        magnitude: Vec<u8>,
    },
    /// A float's bits.
    Float(u64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// The custom byte `0E`.
    Custom,
}

impl From<&jsonstream::pbjson::Token<'_>> for PbTok {
    fn from(t: &jsonstream::pbjson::Token<'_>) -> Self {
        use jsonstream::pbjson::Token;
        match t {
            Token::BeginObject(n) => PbTok::BeginObject(*n),
            Token::EndObject => PbTok::EndObject,
            Token::BeginArray(n) => PbTok::BeginArray(*n),
            Token::EndArray => PbTok::EndArray,
            Token::Key(k) => PbTok::Key((*k).to_owned()),
            Token::String(s) => PbTok::Str((*s).to_owned()),
            Token::Binary(b) => PbTok::Binary(b.to_vec()),
            Token::Integer(n) => PbTok::Integer {
                negative: n.is_negative(),
                magnitude: n.magnitude().to_vec(),
            },
            Token::Float(f) => PbTok::Float(f.to_bits()),
            Token::Bool(b) => PbTok::Bool(*b),
            Token::Null => PbTok::Null,
            Token::Custom => PbTok::Custom,
        }
    }
}

/// A token with the reader's offset, line and column right after it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokAt {
    /// The token.
    pub tok: Tok,
    /// `JsonReader::offset` after it.
    pub offset: u64,
    /// `JsonReader::line` after it.
    pub line: u64,
    /// `JsonReader::column` after it.
    pub column: u64,
}

/// The whole token stream of a reader: the tokens and, if reading failed, the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRun {
    /// Every token read, with its position.
    pub tokens: Vec<TokAt>,
    /// The error that ended the run, if one did.
    pub error: Option<ErrInfo>,
}

impl TokenRun {
    /// The tokens without their positions.
    pub fn toks(&self) -> Vec<Tok> {
        self.tokens.iter().map(|t| t.tok.clone()).collect()
    }
}

/// Calls `next_token` on a `JsonReader` until it returns `None` or an error (at most `limit`
/// tokens, so a reader that never ends fails the test instead of hanging it). Evaluates to a
/// [`TokenRun`].
#[macro_export]
macro_rules! token_run {
    ($reader:expr) => {
        $crate::token_run!($reader, 50_000_000usize)
    };
    ($reader:expr, $limit:expr) => {{
        #[allow(unused_mut)]
        let mut reader = $reader;
        let mut tokens = ::std::vec::Vec::new();
        let limit: usize = $limit;
        let error = loop {
            let step = match reader.next_token() {
                Ok(Some(t)) => Ok(Some($crate::snapshot::Tok::from(&t))),
                Ok(None) => Ok(None),
                Err(e) => Err($crate::snapshot::ErrInfo::from(&e)),
            };
            match step {
                Ok(Some(tok)) => {
                    tokens.push($crate::snapshot::TokAt {
                        tok,
                        offset: reader.offset(),
                        line: reader.line(),
                        column: reader.column(),
                    });
                    assert!(tokens.len() <= limit, "more than {} tokens", limit);
                }
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        $crate::snapshot::TokenRun { tokens, error }
    }};
}

/// The compact bytes `jsonstream::dump` writes for `value`.
pub fn dumped<T: Dump>(value: T) -> Vec<u8> {
    let mut out = Vec::new();
    jsonstream::dump(value, &mut out).expect("dump");
    out
}
