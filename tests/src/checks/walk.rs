//! A walk of a pull reader's token API driven by choice bytes, logged for comparison:
//! `has_next`, `next_key`, `peek`, and at each value one of `next_token`, `skip_value`,
//! `deserialize_next::<Value>`, or a value reader (JSON: `string_reader` or `base64_reader`;
//! PBJSON: `string_reader` or `binary_reader`) read to the end in reads of a chosen size, or
//! dropped after a few bytes; then `finish`.
//!
//! The walk is written once, over [`TokenApi`], which JSON's `JsonReader` and PBJSON's
//! `PbReader` implement; [`skip_outcome`] too.

use std::fmt::Debug;
use std::io;

use jsonstream::pbjson::{self, PbReader};
use jsonstream::{JsonReader, ValueType};
use serde_json::Value;

use crate::snapshot::{snap, ErrInfo, PbTok, Tok};

/// How the walk reads strings through the value readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// In reads of the size the choices give.
    Exact,
    /// Whole values at once (`copy_to` for a JSON string, reads of 64 KiB otherwise); dropped
    /// values as in `Exact`.
    AtOnce,
}

/// Which value reader a step opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    /// `string_reader` (JSON or PBJSON).
    Text,
    /// JSON's `base64_reader`.
    Base64,
    /// PBJSON's `binary_reader`.
    Binary,
}

/// How a value reader is read: in reads of `size` bytes; dropped once it handed out
/// `drop_at` bytes, if set; or (`at_once`) all at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    size: usize,
    drop_at: Option<usize>,
    at_once: bool,
}

/// What a value reader's `read` failed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// A jsonstream error inside the `io::Error`, with its kind.
    Json(io::ErrorKind, ErrInfo),
    /// Another `io::Error`.
    Other(io::ErrorKind, String),
}

impl ReadError {
    fn of(e: &io::Error) -> ReadError {
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<jsonstream::Error>())
        {
            Some(inner) => ReadError::Json(e.kind(), ErrInfo::from(inner)),
            None => ReadError::Other(e.kind(), e.to_string()),
        }
    }
}

/// What reading a value reader gave: opening it failed, or the bytes it handed out, how it
/// ended (`None`: at the end of the value, or dropped) and whether it was dropped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueRead {
    open: Result<(), ErrInfo>,
    bytes: Vec<u8>,
    error: Option<ReadError>,
    dropped: bool,
}

/// A reader's position and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) offset: u64,
    /// Line and column (JSON; binary input has none).
    pub(crate) line_column: Option<(u64, u64)>,
    pub(crate) path: String,
}

/// One step of a walk over a reader of peeked types `K` and tokens `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event<K, T> {
    HasNext(Result<bool, ErrInfo>),
    Key(Result<String, ErrInfo>),
    Peek(Result<K, ErrInfo>),
    Token(Result<Option<T>, ErrInfo>),
    Skip(Result<(), ErrInfo>),
    /// `deserialize_next::<Value>`, the value as serde_json writes it (exact for floats).
    Value(Result<String, ErrInfo>),
    /// A value reader and what it gave.
    Read(Stream, ValueRead),
    Finish(Result<(), ErrInfo>),
    /// The reader's position and path after the step before, if it succeeded.
    At(At),
}

impl<K, T> Event<K, T> {
    fn failed(&self) -> bool {
        match self {
            Event::HasNext(r) => r.is_err(),
            Event::Key(r) => r.is_err(),
            Event::Peek(r) => r.is_err(),
            Event::Token(r) => r.is_err(),
            Event::Skip(r) | Event::Finish(r) => r.is_err(),
            Event::Value(r) => r.is_err(),
            Event::Read(_, read) => read.open.is_err() || read.error.is_some(),
            Event::At(_) => false,
        }
    }
}

/// What a token does to the structure the walk follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Begins an object (`true`) or an array (`false`).
    Opens(bool),
    /// Anything else.
    Other,
}

/// The token API of a pull reader, as the walk drives it; results are snapshots.
pub(crate) trait TokenApi: Sized {
    /// What `peek` tells.
    type Kind: Debug + Clone + Copy + PartialEq + Eq;
    /// An owned token.
    type Tok: Debug + Clone + PartialEq + Eq;

    fn has_next(&mut self) -> Result<bool, ErrInfo>;
    fn next_key(&mut self) -> Result<String, ErrInfo>;
    fn peek(&mut self) -> Result<Self::Kind, ErrInfo>;
    fn next_token(&mut self) -> Result<Option<Self::Tok>, ErrInfo>;
    fn shape(tok: &Self::Tok) -> Shape;
    fn skip_value(&mut self) -> Result<(), ErrInfo>;
    /// `deserialize_next::<Value>`, written by serde_json.
    fn deserialize_value(&mut self) -> Result<String, ErrInfo>;
    /// The value reader that choice `c` opens at a value of type `kind`, if any.
    fn stream_for(c: u8, kind: Self::Kind) -> Option<Stream>;
    /// Opens the value reader `stream` on the value at hand and reads it as `plan` says.
    fn read_value(&mut self, stream: Stream, plan: Plan) -> ValueRead;
    fn at(&self) -> At;
    fn finish(self) -> Result<(), ErrInfo>;
}

impl<'de, S: jsonstream::read::Read<'de>> TokenApi for JsonReader<S> {
    type Kind = ValueType;
    type Tok = Tok;

    fn has_next(&mut self) -> Result<bool, ErrInfo> {
        snap(JsonReader::has_next(self))
    }

    fn next_key(&mut self) -> Result<String, ErrInfo> {
        snap(JsonReader::next_key(self).map(str::to_owned))
    }

    fn peek(&mut self) -> Result<ValueType, ErrInfo> {
        snap(JsonReader::peek(self))
    }

    fn next_token(&mut self) -> Result<Option<Tok>, ErrInfo> {
        snap(JsonReader::next_token(self).map(|t| t.as_ref().map(Tok::from)))
    }

    fn shape(tok: &Tok) -> Shape {
        match tok {
            Tok::BeginArray => Shape::Opens(false),
            Tok::BeginObject => Shape::Opens(true),
            _ => Shape::Other,
        }
    }

    fn skip_value(&mut self) -> Result<(), ErrInfo> {
        snap(JsonReader::skip_value(self))
    }

    fn deserialize_value(&mut self) -> Result<String, ErrInfo> {
        snap(self.deserialize_next::<Value>().map(|v| written(&v)))
    }

    fn stream_for(c: u8, kind: ValueType) -> Option<Stream> {
        match (c % 8, kind) {
            (2 | 3, ValueType::String) => Some(Stream::Text),
            (4, ValueType::String) => Some(Stream::Base64),
            _ => None,
        }
    }

    fn read_value(&mut self, stream: Stream, plan: Plan) -> ValueRead {
        let mut bytes = Vec::new();
        let mut error = None;
        let mut dropped = false;
        let open = match stream {
            Stream::Text => self.string_reader().map(|mut s| {
                if plan.at_once {
                    if let Err(e) = s.copy_to(&mut bytes) {
                        error = Some(ReadError::of(&io::Error::from(e)));
                    }
                } else {
                    dropped = read_in(&mut s, plan, &mut bytes, &mut error);
                }
            }),
            Stream::Base64 | Stream::Binary => self.base64_reader().map(|mut b64| {
                dropped = read_in(&mut b64, plan, &mut bytes, &mut error);
            }),
        };
        ValueRead {
            open: snap(open),
            bytes,
            error,
            dropped,
        }
    }

    fn at(&self) -> At {
        At {
            offset: self.offset(),
            line_column: Some((self.line(), self.column())),
            path: self.path(),
        }
    }

    fn finish(self) -> Result<(), ErrInfo> {
        snap(JsonReader::finish(self))
    }
}

impl<'de, S: jsonstream::read::Read<'de>> TokenApi for PbReader<S> {
    type Kind = pbjson::ValueType;
    type Tok = PbTok;

    fn has_next(&mut self) -> Result<bool, ErrInfo> {
        snap(PbReader::has_next(self))
    }

    fn next_key(&mut self) -> Result<String, ErrInfo> {
        snap(PbReader::next_key(self).map(str::to_owned))
    }

    fn peek(&mut self) -> Result<pbjson::ValueType, ErrInfo> {
        snap(PbReader::peek(self))
    }

    fn next_token(&mut self) -> Result<Option<PbTok>, ErrInfo> {
        snap(PbReader::next_token(self).map(|t| t.as_ref().map(PbTok::from)))
    }

    fn shape(tok: &PbTok) -> Shape {
        match tok {
            PbTok::BeginArray(_) => Shape::Opens(false),
            PbTok::BeginObject(_) => Shape::Opens(true),
            _ => Shape::Other,
        }
    }

    fn skip_value(&mut self) -> Result<(), ErrInfo> {
        snap(PbReader::skip_value(self))
    }

    fn deserialize_value(&mut self) -> Result<String, ErrInfo> {
        snap(self.deserialize_next::<Value>().map(|v| written(&v)))
    }

    /// As for JSON, choices 2 and 3 read a string or a binary value with its own reader;
    /// choice 4 opens the other one (an error of the wrong type, at the value's first byte).
    fn stream_for(c: u8, kind: pbjson::ValueType) -> Option<Stream> {
        use pbjson::ValueType as T;
        match (c % 8, kind) {
            (2 | 3, T::String) | (4, T::Binary) => Some(Stream::Text),
            (2 | 3, T::Binary) | (4, T::String) => Some(Stream::Binary),
            _ => None,
        }
    }

    fn read_value(&mut self, stream: Stream, plan: Plan) -> ValueRead {
        let mut bytes = Vec::new();
        let mut error = None;
        let mut dropped = false;
        let plan = Plan {
            size: if plan.at_once { 1 << 16 } else { plan.size },
            ..plan
        };
        let opened = match stream {
            Stream::Text => self.string_reader(),
            Stream::Base64 | Stream::Binary => self.binary_reader(),
        };
        let open = opened.map(|mut value| {
            dropped = read_in(&mut value, plan, &mut bytes, &mut error);
        });
        ValueRead {
            open: snap(open),
            bytes,
            error,
            dropped,
        }
    }

    fn at(&self) -> At {
        At {
            offset: self.offset(),
            line_column: None,
            path: self.path(),
        }
    }

    fn finish(self) -> Result<(), ErrInfo> {
        snap(PbReader::finish(self))
    }
}

/// A `Value` as serde_json writes it.
fn written(v: &Value) -> String {
    serde_json::to_string(v).expect("a Value is written")
}

/// The read sizes a choice byte selects for a value reader.
const READ_SIZES: [usize; 8] = [1, 2, 3, 4, 5, 7, 64, 4096];

/// Walks the document in `r` as the `choices` say (cycled), logging every call's result and
/// the position after it. Stops at the first error, or after `finish`.
pub(crate) fn walk<R: TokenApi>(
    mut r: R,
    choices: &[u8; 5],
    mode: Mode,
) -> Vec<Event<R::Kind, R::Tok>> {
    let mut log = Vec::new();
    let mut next_choice = 0usize;
    let mut choose = || {
        let c = choices[next_choice % choices.len()];
        next_choice += 1;
        c
    };
    // true: object; false: array.
    let mut stack: Vec<bool> = Vec::new();
    let mut started = false;
    // Every step reads at least one byte or fails; a bound keeps a fault from hanging.
    for _ in 0..100_000 {
        if started && stack.is_empty() {
            break;
        }
        if let Some(&object) = stack.last() {
            let more = r.has_next();
            let go_on = more.clone();
            if log_step(&mut log, Event::HasNext(more), &r) {
                break;
            }
            match go_on {
                Err(_) => break,
                Ok(false) => {
                    let tok = r.next_token();
                    if log_step(&mut log, Event::Token(tok), &r) {
                        break;
                    }
                    stack.pop();
                    continue;
                }
                Ok(true) if object => {
                    let key = r.next_key();
                    if log_step(&mut log, Event::Key(key), &r) {
                        break;
                    }
                }
                Ok(true) => {}
            }
        }
        started = true;
        let c = choose();
        let peeked = r.peek();
        let ty = peeked.clone();
        if log_step(&mut log, Event::Peek(peeked), &r) {
            break;
        }
        let Ok(ty) = ty else { break };
        let event = match (c % 8, R::stream_for(c, ty)) {
            (0, _) => Event::Skip(r.skip_value()),
            (1, _) => Event::Value(r.deserialize_value()),
            (_, Some(stream)) => Event::Read(stream, r.read_value(stream, plan(c, mode))),
            _ => {
                let tok = r.next_token();
                if let Ok(Some(t)) = &tok {
                    if let Shape::Opens(object) = R::shape(t) {
                        stack.push(object);
                    }
                }
                Event::Token(tok)
            }
        };
        if log_step(&mut log, event, &r) {
            break;
        }
    }
    // What a reader does when called again after an error is not specified: not compared.
    if !log.iter().any(Event::failed) {
        log.push(Event::Finish(r.finish()));
    }
    log
}

/// The plan of choice `c`: reads of the size `c` selects (`Mode::AtOnce`: at once), or, if
/// `c`'s top bits are set, dropping the reader once it handed out 1, 4, 7 or 10 bytes (as `c`
/// says) in such reads.
fn plan(c: u8, mode: Mode) -> Plan {
    let drop_at = (c >= 0xc0).then_some(usize::from(c & 3) * 3 + 1);
    Plan {
        size: READ_SIZES[usize::from(c >> 3) % READ_SIZES.len()],
        drop_at,
        at_once: mode == Mode::AtOnce && drop_at.is_none(),
    }
}

/// Logs `event` and, if it did not fail, the reader's position and path after it (after an
/// error, the error says where; the reader is unusable). Returns true if it failed.
fn log_step<R: TokenApi>(
    log: &mut Vec<Event<R::Kind, R::Tok>>,
    event: Event<R::Kind, R::Tok>,
    r: &R,
) -> bool {
    let failed = event.failed();
    log.push(event);
    if !failed {
        log.push(Event::At(r.at()));
    }
    failed
}

/// Reads `reader` in reads of `plan.size` bytes into `bytes` until its end or an error, or
/// until it handed out `plan.drop_at` bytes or more; returns true in the last case (the reader
/// is then dropped before its end was read).
fn read_in(
    reader: &mut dyn io::Read,
    plan: Plan,
    bytes: &mut Vec<u8>,
    error: &mut Option<ReadError>,
) -> bool {
    let mut buf = vec![0u8; plan.size];
    loop {
        if plan.drop_at.is_some_and(|n| bytes.len() >= n) {
            return true;
        }
        match reader.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) => {
                *error = Some(ReadError::of(&e));
                return false;
            }
        }
    }
}

/// `skip_value`, then `finish`: the offset after the value, or the first error.
pub(crate) fn skip_outcome<R: TokenApi>(mut r: R) -> Result<u64, ErrInfo> {
    r.skip_value()?;
    let offset = r.at().offset;
    r.finish()?;
    Ok(offset)
}

/// The walks `got` and `expected` log the same events.
pub(crate) fn compare_walks<K, T>(
    what: &str,
    got: &[Event<K, T>],
    expected: &[Event<K, T>],
) -> Result<(), String>
where
    K: Debug + PartialEq,
    T: Debug + PartialEq,
{
    for i in 0..got.len().max(expected.len()) {
        let (a, b) = (got.get(i), expected.get(i));
        if same_event(a, b) {
            continue;
        }
        let from = i.saturating_sub(4);
        return Err(format!(
            "{what}: step {i} differs:\n  got      {a:?}\n  expected {b:?}\n  \
             steps {from}..: got {:?}\n  expected {:?}",
            &got[from.min(got.len())..(i + 1).min(got.len())],
            &expected[from.min(expected.len())..(i + 1).min(expected.len())],
        ));
    }
    Ok(())
}

/// Whether two steps agree: equal, except that a value reader dropped early may have handed
/// out more bytes on one side than on the other (a `read` may return fewer bytes than asked
/// for, as the window has them, so that the threshold is passed by different amounts), as
/// long as one is a prefix of the other.
fn same_event<K: PartialEq, T: PartialEq>(
    a: Option<&Event<K, T>>,
    b: Option<&Event<K, T>>,
) -> bool {
    match (a, b) {
        (Some(Event::Read(s1, x)), Some(Event::Read(s2, y))) if x.dropped && y.dropped => {
            s1 == s2 && x.open == y.open && x.error == y.error && prefix(&x.bytes, &y.bytes)
        }
        _ => a == b,
    }
}

fn prefix(x: &[u8], y: &[u8]) -> bool {
    x.starts_with(y) || y.starts_with(x)
}
