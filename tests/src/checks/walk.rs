//! A walk of the token API driven by choice bytes, logged for comparison: `has_next`,
//! `next_key`, `peek`, and at each value one of `next_token`, `skip_value`,
//! `deserialize_next::<Value>`, `string_reader` or `base64_reader` (read to the end in reads
//! of a chosen size, or dropped after a few bytes), then `finish`.

use std::io;

use jsonstream::{JsonReader, ValueType};
use serde_json::Value;

use crate::snapshot::{snap, ErrInfo, Tok};

/// How the walk reads strings through `string_reader` and `base64_reader`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// In reads of the size the choices give.
    Exact,
    /// Whole strings at once (`copy_to`, or reads of 64 KiB for base64); dropped strings as
    /// in `Exact`.
    AtOnce,
}

/// What a string or base64 reader's `read` failed with.
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

/// One step of a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    HasNext(Result<bool, ErrInfo>),
    Key(Result<String, ErrInfo>),
    Peek(Result<ValueType, ErrInfo>),
    Token(Result<Option<Tok>, ErrInfo>),
    Skip(Result<(), ErrInfo>),
    /// `deserialize_next::<Value>`, the value as serde_json writes it (exact for floats).
    Value(Result<String, ErrInfo>),
    /// A string or base64 reader: opening it failed, or the bytes it handed out, how it ended
    /// (`None`: at the end of the string, or dropped) and whether it was dropped early.
    Str {
        base64: bool,
        open: Result<(), ErrInfo>,
        bytes: Vec<u8>,
        error: Option<ReadError>,
        dropped: bool,
    },
    Finish(Result<(), ErrInfo>),
    /// The reader's position and path after the step before, if it succeeded.
    At {
        offset: u64,
        line: u64,
        column: u64,
        path: String,
    },
}

impl Event {
    fn failed(&self) -> bool {
        match self {
            Event::HasNext(r) => r.is_err(),
            Event::Key(r) => r.is_err(),
            Event::Peek(r) => r.is_err(),
            Event::Token(r) => r.is_err(),
            Event::Skip(r) | Event::Finish(r) => r.is_err(),
            Event::Value(r) => r.is_err(),
            Event::Str { open, error, .. } => open.is_err() || error.is_some(),
            Event::At { .. } => false,
        }
    }
}

/// The read sizes a choice byte selects for a string reader.
const READ_SIZES: [usize; 8] = [1, 2, 3, 4, 5, 7, 64, 4096];

/// Walks the document in `r` as the `choices` say (cycled), logging every call's result and
/// the position after it. Stops at the first error, or after `finish`.
pub(crate) fn walk<'de, S: jsonstream::read::Read<'de>>(
    mut r: JsonReader<S>,
    choices: &[u8; 5],
    mode: Mode,
) -> Vec<Event> {
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
            let more = snap(r.has_next());
            let go_on = more.clone();
            if log_step(&mut log, Event::HasNext(more), &r) {
                break;
            }
            match go_on {
                Err(_) => break,
                Ok(false) => {
                    let tok = snap(r.next_token().map(|t| t.as_ref().map(Tok::from)));
                    if log_step(&mut log, Event::Token(tok), &r) {
                        break;
                    }
                    stack.pop();
                    continue;
                }
                Ok(true) if object => {
                    let key = snap(r.next_key().map(str::to_owned));
                    if log_step(&mut log, Event::Key(key), &r) {
                        break;
                    }
                }
                Ok(true) => {}
            }
        }
        started = true;
        let c = choose();
        let peeked = snap(r.peek());
        let ty = peeked.clone();
        if log_step(&mut log, Event::Peek(peeked), &r) {
            break;
        }
        let Ok(ty) = ty else { break };
        let event = match (c % 8, ty) {
            (0, _) => Event::Skip(snap(r.skip_value())),
            (1, _) => Event::Value(snap(
                r.deserialize_next::<Value>()
                    .map(|v| serde_json::to_string(&v).expect("a Value is written")),
            )),
            (2 | 3, ValueType::String) => read_string(&mut r, c, false, mode),
            (4, ValueType::String) => read_string(&mut r, c, true, mode),
            _ => {
                let tok = snap(r.next_token().map(|t| t.as_ref().map(Tok::from)));
                match &tok {
                    Ok(Some(Tok::BeginArray)) => stack.push(false),
                    Ok(Some(Tok::BeginObject)) => stack.push(true),
                    _ => {}
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
        log.push(Event::Finish(snap(r.finish())));
    }
    log
}

/// Logs `event` and, if it did not fail, the reader's position and path after it (after an
/// error, the error says where; the reader is unusable). Returns true if it failed.
fn log_step<'de, S: jsonstream::read::Read<'de>>(
    log: &mut Vec<Event>,
    event: Event,
    r: &JsonReader<S>,
) -> bool {
    let failed = event.failed();
    log.push(event);
    if !failed {
        log.push(Event::At {
            offset: r.offset(),
            line: r.line(),
            column: r.column(),
            path: r.path(),
        });
    }
    failed
}

/// Reads the string value at hand with a string or base64 reader: to its end in reads of the
/// size `c` selects (`Mode::AtOnce`: at once), or, if `c`'s top bits are set, drops the
/// reader once it handed out 1, 4, 7 or 10 bytes (as `c` says) in such reads.
fn read_string<'de, S: jsonstream::read::Read<'de>>(
    r: &mut JsonReader<S>,
    c: u8,
    base64: bool,
    mode: Mode,
) -> Event {
    let size = READ_SIZES[usize::from(c >> 3) % READ_SIZES.len()];
    let drop_at = (c >= 0xc0).then_some(usize::from(c & 3) * 3 + 1);
    let at_once = mode == Mode::AtOnce && drop_at.is_none();
    let mut bytes = Vec::new();
    let mut error = None;
    let mut dropped = false;
    let open = if base64 {
        r.base64_reader().map(|mut b64| {
            let size = if at_once { 1 << 16 } else { size };
            dropped = read_in(&mut b64, size, drop_at, &mut bytes, &mut error);
        })
    } else {
        r.string_reader().map(|mut s| {
            if at_once {
                if let Err(e) = s.copy_to(&mut bytes) {
                    error = Some(ReadError::of(&io::Error::from(e)));
                }
            } else {
                dropped = read_in(&mut s, size, drop_at, &mut bytes, &mut error);
            }
        })
    };
    Event::Str {
        base64,
        open: snap(open),
        bytes,
        error,
        dropped,
    }
}

/// Reads `reader` in reads of `size` bytes into `bytes` until its end or an error, or until
/// it handed out `drop_at` bytes or more; returns true in the last case (the reader is then
/// dropped before its end was read).
fn read_in(
    reader: &mut dyn io::Read,
    size: usize,
    drop_at: Option<usize>,
    bytes: &mut Vec<u8>,
    error: &mut Option<ReadError>,
) -> bool {
    let mut buf = vec![0u8; size];
    loop {
        if drop_at.is_some_and(|n| bytes.len() >= n) {
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

/// The walks `got` and `expected` log the same events.
pub(crate) fn compare_walks(what: &str, got: &[Event], expected: &[Event]) -> Result<(), String> {
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

/// Whether two steps agree: equal, except that a string reader dropped early may have handed
/// out more bytes on one side than on the other (a `read` may return fewer bytes than asked
/// for, as the window has them, so that the threshold is passed by different amounts), as
/// long as one is a prefix of the other.
fn same_event(a: Option<&Event>, b: Option<&Event>) -> bool {
    match (a, b) {
        (
            Some(Event::Str {
                base64: b1,
                open: o1,
                bytes: x,
                error: e1,
                dropped: true,
            }),
            Some(Event::Str {
                base64: b2,
                open: o2,
                bytes: y,
                error: e2,
                dropped: true,
            }),
        ) => b1 == b2 && o1 == o2 && e1 == e2 && prefix(x, y),
        _ => a == b,
    }
}

fn prefix(x: &[u8], y: &[u8]) -> bool {
    x.starts_with(y) || y.starts_with(x)
}
