//! Every reading path through any read schedule and window against the slice path.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Cursor;

use jsonstream::{Item, JsonReader, LimitKind, Limits, ReaderOptions};
use serde::de::IgnoredAny;
use serde_json::Value;

use super::shown;
use super::walk::{compare_walks, skip_outcome, walk, Mode};
use crate::compare::value_diff;
use crate::readers::{blocking_iter, Hesitant, Schedule};
use crate::reference::{pointer_outcome, PointerOutcome, Takes};
use crate::snapshot::{snap, ErrInfo, Tok, TokenRun};
use crate::token_run;
use crate::window::limited;

/// The length of the [`Header`] in front of the document in the inputs of `reading_paths`,
/// `derived_load` and `pbjson_reading`.
pub const HEADER_LEN: usize = 12;

/// The largest limits selector, `h[0] / 6` of byte 0 (255): selected with the schedules
/// `Whole` to `InterruptedOneByte` only (bytes 252 to 255).
pub const MAX_LIMITS_SELECTOR: u8 = 42;

/// The sizes of `max_number_len` that the selectors 20 to 27 pick.
const NUMBER_LENS: [usize; 8] = [1, 2, 3, 4, 5, 8, 13, 24];

/// The sizes of `max_key_len` (selectors 28 to 34) and `max_string_len` (35 to 41).
const TEXT_LENS: [usize; 7] = [0, 1, 2, 3, 4, 8, 16];

/// The [`Limits`] that the selector `k` (`h[0] / 6`, see [`Header`]) picks for a document of
/// `doc_len` bytes: 0 the default limits; else one limit tightened, or (42) all of them.
fn selected_limits(k: u8, doc_len: usize) -> Limits {
    let default = Limits::default();
    let short_by = |n: usize| Some(u64::try_from(doc_len.saturating_sub(n)).unwrap_or(u64::MAX));
    let k = usize::from(k);
    match k {
        0 => default,
        1..=10 => Limits {
            max_document_len: short_by(k - 1),
            ..default
        },
        11..=19 => Limits {
            max_depth: k - 11,
            ..default
        },
        20..=27 => Limits {
            max_number_len: NUMBER_LENS[k - 20],
            ..default
        },
        28..=34 => Limits {
            max_key_len: TEXT_LENS[k - 28],
            ..default
        },
        35..=41 => Limits {
            max_string_len: TEXT_LENS[k - 35],
            ..default
        },
        _ => Limits {
            max_depth: 3,
            max_number_len: 6,
            max_key_len: 3,
            max_string_len: 6,
            max_document_len: short_by(2),
        },
    }
}

/// How an input of `reading_paths`, `derived_load` or `pbjson_reading` is read: its first
/// [`HEADER_LEN`] bytes (missing bytes are zeros), then the document, verbatim.
///
/// | byte  | meaning |
/// |-------|---------|
/// | 0     | schedule, `h[0] % 6`: `Whole`, `OneByte`, `Interrupted`, `InterruptedOneByte`, `Sizes`, `InterruptedSizes`; limits, `k = h[0] / 6` (0 to 42, see below) |
/// | 1     | window size: 0 is the default (64 KiB), else 1 to 255 (1 to 3 are read as 4) |
/// | 2..6  | the read sizes of `Sizes` and `InterruptedSizes`, cycled (0 is read as 1) |
/// | 6     | which JSON Pointer `stream_at`, `stream_entries_at` and `stream_items_at` are given (of the values in the document, the same with wildcard steps, and a few that name nothing or are malformed) |
/// | 7..12 | walk choices, cycled: what the token walk does at each value, how it reads strings |
///
/// The limits (`Limits`) of every path, on the slice and on the `io::Read` alike, by
/// `k = h[0] / 6` (the other limits stay at their defaults; `len` is the document's length):
///
/// | `k` (`h[0]`) | limits |
/// |---|---|
/// | 0 (0 to 5) | the defaults |
/// | 1 to 10 (6 to 65) | `max_document_len`: `len - (k - 1)` (the whole document, then 1 to 9 bytes short; at least 0) |
/// | 11 to 19 (66 to 119) | `max_depth`: `k - 11` (0 to 8) |
/// | 20 to 27 (120 to 167) | `max_number_len`: 1, 2, 3, 4, 5, 8, 13, 24 |
/// | 28 to 34 (168 to 209) | `max_key_len`: 0, 1, 2, 3, 4, 8, 16 |
/// | 35 to 41 (210 to 251) | `max_string_len`: 0, 1, 2, 3, 4, 8, 16 |
/// | 42 (252 to 255) | all at once: `max_depth` 3, `max_number_len` 6, `max_key_len` 3, `max_string_len` 6, `max_document_len` `len - 2` (with the schedules `Whole` to `InterruptedOneByte` only) |
///
/// A fixed header keeps the document contiguous and verbatim, so that seeds are plain JSON
/// files behind 12 bytes, libFuzzer's JSON dictionary and mutations apply to the document as
/// they are, and a failure is read off the file directly (the `arbitrary` crate would
/// interleave lengths and choices with the document's bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The read schedule of the `io::Read` paths.
    pub schedule: Schedule,
    /// The window size (`None`: the default).
    pub window: Option<usize>,
    /// The limits of every path, slice and `io::Read` alike (`Limits::default()`: none
    /// selected).
    pub limits: Limits,
    /// Selects the JSON Pointer of `stream_at`, `stream_entries_at` and `stream_items_at`.
    pub pointer: u8,
    /// The walk's choices.
    pub choices: [u8; 5],
}

impl Header {
    /// The header at the start of `data`, and the document after it.
    pub fn split(data: &[u8]) -> (Header, &[u8]) {
        let mut h = [0u8; HEADER_LEN];
        let n = data.len().min(HEADER_LEN);
        h[..n].copy_from_slice(&data[..n]);
        let doc = &data[n..];
        let sizes: Vec<usize> = h[2..6].iter().map(|&b| usize::from(b)).collect();
        let schedule = match h[0] % 6 {
            0 => Schedule::Whole,
            1 => Schedule::OneByte,
            2 => Schedule::Interrupted,
            3 => Schedule::InterruptedOneByte,
            4 => Schedule::Sizes(sizes),
            _ => Schedule::InterruptedSizes(sizes),
        };
        let header = Header {
            schedule,
            window: (h[1] != 0).then_some(usize::from(h[1])),
            limits: selected_limits(h[0] / 6, doc.len()),
            pointer: h[6],
            choices: [h[7], h[8], h[9], h[10], h[11]],
        };
        (header, doc)
    }

    /// The reader options of every path of the checks, on the slice and on the `io::Read`
    /// alike: the header's window (which a slice does not use) and limits.
    pub fn options(&self) -> ReaderOptions {
        limited(self.window, self.limits)
    }

    /// The bytes of this header (sizes beyond 4 and above 255 cannot be written), for writing
    /// inputs by hand; a document limit, relative to the document's length, needs
    /// [`bytes_for`](Self::bytes_for).
    ///
    /// # Panics
    ///
    /// If the window or a size does not fit a byte, or there are more than 4 sizes; if the
    /// limits are not ones that the header selects (see [`Header`]), or are selected with
    /// another schedule only, or limit the document's length.
    pub fn bytes(&self) -> [u8; HEADER_LEN] {
        assert!(
            self.limits.max_document_len.is_none(),
            "a document limit is written relative to the document: use bytes_for"
        );
        self.encode(0)
    }

    /// The bytes of this header in front of `doc`: as [`bytes`](Self::bytes), and a document
    /// limit too (as the number of bytes it cuts off `doc`).
    ///
    /// # Panics
    ///
    /// As [`bytes`](Self::bytes), but for a document limit that the header selects for `doc`.
    pub fn bytes_for(&self, doc: &[u8]) -> [u8; HEADER_LEN] {
        self.encode(doc.len())
    }

    fn encode(&self, doc_len: usize) -> [u8; HEADER_LEN] {
        let byte = |n: usize| u8::try_from(n).expect("at most 255");
        let mut h = [0u8; HEADER_LEN];
        let (schedule, sizes): (u8, &[usize]) = match &self.schedule {
            Schedule::Whole => (0, &[]),
            Schedule::OneByte => (1, &[]),
            Schedule::Interrupted => (2, &[]),
            Schedule::InterruptedOneByte => (3, &[]),
            Schedule::Sizes(s) => (4, s),
            Schedule::InterruptedSizes(s) => (5, s),
        };
        let k = (0..=MAX_LIMITS_SELECTOR)
            .find(|&k| selected_limits(k, doc_len) == self.limits)
            .unwrap_or_else(|| panic!("limits the header does not select: {:?}", self.limits));
        h[0] = k
            .checked_mul(6)
            .and_then(|b| b.checked_add(schedule))
            .unwrap_or_else(|| panic!("limits {k} go with another schedule"));
        assert!(sizes.len() <= 4, "at most 4 sizes");
        for (i, &s) in sizes.iter().enumerate() {
            h[2 + i] = byte(s);
        }
        h[1] = self.window.map_or(0, byte);
        h[6] = self.pointer;
        h[7..].copy_from_slice(&self.choices);
        h
    }
}

/// Reading paths (fuzz target `reading_paths`): the [`Header`] and document of `data`, read
/// through the header's schedule and window by every path, agree with the slice path, all with
/// the header's limits ([`agree_with_slice_limited`]); `stream_at`, `stream_entries_at` and `stream_items_at` (at the
/// pointer the header selects, wildcards included) and `stream_entries` agree with the same
/// streams over the document in one read, and with `from_slice::<Value>` (the pointer
/// resolved by hand); `par_stream_at` at that pointer (two decoding threads, a budget of 32
/// to 320 bytes) gives what `stream_at` gives through the same reads; a walk of the token API (with `skip_value`, `deserialize_next` and the
/// string and base64 readers) gives the same tokens, handed-out bytes, positions, paths and
/// errors as the same walk over the slice, and the string readers hand out the same bytes and
/// errors whatever the sizes of the caller's reads.
///
/// # Errors
///
/// A description of the first disagreement.
pub fn reading_paths(data: &[u8]) -> Result<(), String> {
    let (header, doc) = Header::split(data);
    let ctx = || {
        format!(
            "document {}, schedule {:?}, window {:?}, limits {:?}, header {:?}",
            shown(doc),
            header.schedule,
            header.window,
            header.limits,
            header.bytes_for(doc)
        )
    };
    agree_with_slice_limited(doc, &header.schedule, header.window, header.limits)?;

    let opts = header.options();
    // The pointers to pick from are those of the document's values with the default limits,
    // so that values past the header's limits are picked too.
    let slice_tokens = token_run!(JsonReader::from_slice(doc), doc.len() + 2);
    let expected = snap(opts.from_slice::<Value>(doc));
    streams_at(doc, &header, &slice_tokens, &expected).map_err(|e| format!("{e}\n  {}", ctx()))?;
    entry_streams(doc, &header, &expected).map_err(|e| format!("{e}\n  {}", ctx()))?;

    // The token walk: the same calls on the slice and through the schedule and window, and
    // on the slice again with every whole string read at once.
    let on_slice = walk(opts.slice_reader(doc), &header.choices, Mode::Exact);
    let on_reader = walk(
        opts.reader(header.schedule.reader(doc)),
        &header.choices,
        Mode::Exact,
    );
    let at_once = walk(opts.slice_reader(doc), &header.choices, Mode::AtOnce);
    compare_walks("walk: reader vs slice", &on_reader, &on_slice)
        .map_err(|e| format!("{e}\n  {}", ctx()))?;
    compare_walks(
        "walk: slice, reads of the walk's sizes vs whole strings at once",
        &on_slice,
        &at_once,
    )
    .map_err(|e| format!("{e}\n  {}", ctx()))?;
    Ok(())
}

pub(crate) type Outcome = Result<Value, ErrInfo>;

pub(crate) fn same_outcome(a: &Outcome, b: &Outcome) -> Option<String> {
    match (a, b) {
        (Ok(x), Ok(y)) => value_diff(x, y),
        (Err(x), Err(y)) if x == y => None,
        _ => Some(format!("{a:?}\n  vs {b:?}")),
    }
}

pub(crate) fn same_items<T>(
    a: &[Result<T, ErrInfo>],
    b: &[Result<T, ErrInfo>],
    same: impl Fn(&T, &T) -> Option<String>,
) -> Option<String>
where
    T: std::fmt::Debug,
{
    if a.len() != b.len() {
        return Some(format!(
            "{} items vs {}: {a:?}\n  vs {b:?}",
            a.len(),
            b.len()
        ));
    }
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let d = match (x, y) {
            (Ok(x), Ok(y)) => same(x, y),
            (Err(x), Err(y)) if x == y => None,
            _ => Some(format!("{x:?}\n  vs {y:?}")),
        };
        if let Some(d) = d {
            return Some(format!("item {i}: {d}"));
        }
    }
    None
}

/// Items of a stream until `None` (at most `max`, so that a stream that never ends fails
/// instead of hanging), checking that it stays `None` and ends at its first error.
pub(crate) fn stream_items<T, I: Iterator<Item = jsonstream::Result<T>>>(
    mut it: I,
    max: usize,
) -> Result<Vec<Result<T, ErrInfo>>, String>
where
    T: std::fmt::Debug,
{
    let mut items = Vec::new();
    for _ in 0..max {
        match it.next() {
            Some(item) => {
                let failed = item.is_err();
                items.push(snap(item));
                if failed {
                    if it.next().is_some() {
                        return Err(format!("the stream goes on after an error: {items:?}"));
                    }
                    return Ok(items);
                }
            }
            None => {
                if it.next().is_some() {
                    return Err("the stream is not fused after None".to_owned());
                }
                return Ok(items);
            }
        }
    }
    Err(format!("stream of more than {max} items: {items:?}"))
}

/// The reading paths that have a slice counterpart, through `schedule` and `window`, give
/// what the slice gives: `from_reader` (`Value` and `IgnoredAny`) what `from_slice` gives, the
/// token stream with the position after every token, `skip_value` and `finish`, and the items
/// of `stream`, of the async `tokio::stream` (over the same reads, as an `AsyncRead` that is
/// not ready every other poll) and of `par_stream` (in batches of a few bytes): the same
/// value, or an error with the same category, offset, line, column, path and message;
/// `par_for_each` hands out the same values in any order and returns the same error; the
/// token API and `from_slice` agree on validity, a stream ends at its first error, and the
/// stream of a valid array yields its elements. With the default limits: see
/// [`agree_with_slice_limited`].
///
/// # Errors
///
/// A description of the first disagreement, with the input.
pub fn agree_with_slice(
    input: &[u8],
    schedule: &Schedule,
    window: Option<usize>,
) -> Result<(), String> {
    agree_with_slice_limited(input, schedule, window, Limits::default())
}

/// [`agree_with_slice`] with `limits` on every path, the slice's and the `io::Read`'s alike
/// (the entry points that take no limits, `jsonstream::from_reader`, are compared only with
/// the default limits).
///
/// # Errors
///
/// A description of the first disagreement, with the input.
pub fn agree_with_slice_limited(
    input: &[u8],
    schedule: &Schedule,
    window: Option<usize>,
    limits: Limits,
) -> Result<(), String> {
    let ctx = || {
        format!(
            "input {} ({} bytes), schedule {schedule:?}, window {window:?}, limits {limits:?}",
            shown(input),
            input.len()
        )
    };
    let opts = limited(window, limits);

    // One-shot values.
    let expected = snap(opts.from_slice::<Value>(input));
    let got = snap(opts.from_reader(schedule.reader(input)));
    if let Some(d) = same_outcome(&got, &expected) {
        return Err(format!("from_reader vs from_slice: {d}\n  {}", ctx()));
    }
    // The free function has the default options only: compared with the default window and
    // limits only.
    if window.is_none() && limits == Limits::default() {
        let got = snap(jsonstream::from_reader(schedule.reader(input)));
        if let Some(d) = same_outcome(&got, &expected) {
            return Err(format!(
                "jsonstream::from_reader vs from_slice: {d}\n  {}",
                ctx()
            ));
        }
    }

    // Typed: IgnoredAny validates without building anything; same outcome as Value.
    let ignored_slice = snap(opts.from_slice::<IgnoredAny>(input)).map(|_| ());
    let ignored: jsonstream::Result<IgnoredAny> = opts.from_reader(schedule.reader(input));
    let ignored = snap(ignored).map(|_| ());
    if ignored != ignored_slice {
        return Err(format!(
            "IgnoredAny: reader {ignored:?} vs slice {ignored_slice:?}\n  {}",
            ctx()
        ));
    }

    // Token stream, with the position after every token.
    let expected_tokens: TokenRun = token_run!(opts.slice_reader(input));
    let got_tokens: TokenRun = token_run!(opts.reader(schedule.reader(input)));
    if got_tokens.toks() != expected_tokens.toks() || got_tokens.error != expected_tokens.error {
        return Err(format!(
            "token stream: reader {:?} / {:?}\n  slice {:?} / {:?}\n  {}",
            got_tokens.toks(),
            got_tokens.error,
            expected_tokens.toks(),
            expected_tokens.error,
            ctx()
        ));
    }
    if got_tokens != expected_tokens {
        return Err(format!(
            "token positions: reader {:?}\n  slice {:?}\n  {}",
            got_tokens.tokens,
            expected_tokens.tokens,
            ctx()
        ));
    }
    // The token API and the one-shot parse agree on validity.
    if let (None, Err(e)) = (&expected_tokens.error, &expected) {
        // Only number conversion (range) can fail on text the tokenizer accepts.
        if e.category == jsonstream::Category::Syntax || e.category == jsonstream::Category::Eof {
            return Err(format!(
                "the token API accepts what from_slice rejects with {e:?}\n  {}",
                ctx()
            ));
        }
    }
    if let (Some(e), Ok(_)) = (&expected_tokens.error, &expected) {
        return Err(format!(
            "from_slice accepts what the token API rejects with {e:?}\n  {}",
            ctx()
        ));
    }

    // skip_value + finish.
    let skip_slice = skip_outcome(opts.slice_reader(input));
    let skip_reader = skip_outcome(opts.reader(schedule.reader(input)));
    if skip_reader != skip_slice {
        return Err(format!(
            "skip_value: reader {skip_reader:?} vs slice {skip_slice:?}\n  {}",
            ctx()
        ));
    }
    // A skipped string is not held, so not subject to the string limit, which the token API's
    // strings are.
    let past_string_limit = matches!(
        (&skip_slice, &expected_tokens.error),
        (Ok(_), Some(e)) if e.limit == Some(LimitKind::StringLength)
    );
    if skip_slice.is_ok() != expected_tokens.error.is_none() && !past_string_limit {
        return Err(format!(
            "skip_value {skip_slice:?} disagrees with the token API {:?}\n  {}",
            expected_tokens.error,
            ctx()
        ));
    }

    // Array streams.
    let max = input.len() + 2;
    let items_slice = stream_items(opts.stream_slice::<Value>(input), max)
        .map_err(|e| format!("stream_slice: {e}\n  {}", ctx()))?;
    let items_reader = stream_items(opts.stream::<Value, _>(schedule.reader(input)), max)
        .map_err(|e| format!("stream: {e}\n  {}", ctx()))?;
    if let Some(d) = same_items(&items_reader, &items_slice, value_diff) {
        return Err(format!("stream: reader vs slice: {d}\n  {}", ctx()));
    }
    let async_stream = opts.async_stream::<Value, _>(Hesitant::new(schedule.reader(input)));
    let items_async = stream_items(blocking_iter(async_stream), max)
        .map_err(|e| format!("tokio::stream: {e}\n  {}", ctx()))?;
    if let Some(d) = same_items(&items_async, &items_slice, value_diff) {
        return Err(format!("tokio::stream vs stream_slice: {d}\n  {}", ctx()));
    }
    // The parallel stream in batches of a few bytes (cut at almost every `,`) on two decoding
    // threads: the same items, in order; `par_for_each`: the same values, in any order, and
    // the same error.
    let parallel = || opts.clone().workers(2).in_flight_bytes(64);
    let owned = || schedule.wrap(Cursor::new(input.to_vec()));
    let items_par = stream_items(parallel().par_stream::<Value, _>(owned()), max)
        .map_err(|e| format!("par_stream: {e}\n  {}", ctx()))?;
    if let Some(d) = same_items(&items_par, &items_slice, value_diff) {
        return Err(format!("par_stream vs stream_slice: {d}\n  {}", ctx()));
    }
    let handed = std::sync::Mutex::new(Vec::new());
    let consumed = parallel()
        .par_stream::<Value, _>(owned())
        .par_for_each(|value| handed.lock().unwrap().push(value.to_string()));
    let mut handed = handed.into_inner().unwrap();
    handed.sort();
    let mut values: Vec<String> = items_slice
        .iter()
        .filter_map(|item| item.as_ref().ok().map(Value::to_string))
        .collect();
    values.sort();
    let error = items_slice.last().and_then(|item| item.as_ref().err());
    let consumed = snap(consumed).err();
    if handed != values || consumed.as_ref() != error {
        return Err(format!(
            "par_for_each: {handed:?} then {consumed:?} vs stream_slice {values:?} then \
             {error:?}\n  {}",
            ctx()
        ));
    }
    // When the whole document is a valid array of values, the stream yields its elements.
    if let Ok(Value::Array(elements)) = &expected {
        let ok: Vec<Value> = items_slice.iter().filter_map(|i| i.clone().ok()).collect();
        if ok.len() != elements.len() || items_slice.len() != elements.len() {
            return Err(format!(
                "stream of a valid array: {items_slice:?} vs {elements:?}\n  {}",
                ctx()
            ));
        }
        for (a, b) in ok.iter().zip(elements) {
            if let Some(d) = value_diff(a, b) {
                return Err(format!("stream element: {d}\n  {}", ctx()));
            }
        }
    }
    Ok(())
}

/// The JSON Pointers of the values in a token stream, in document order (at most 64), and
/// whether an object in it repeats a key.
fn value_pointers(tokens: &[Tok]) -> (Vec<String>, bool) {
    struct Frame {
        object: bool,
        next_index: usize,
        key: String,
        keys: Vec<String>,
        /// The pointer of the container.
        pointer: String,
    }
    let mut pointers = vec![String::new()];
    let mut stack: Vec<Frame> = Vec::new();
    let mut repeated = false;
    for tok in tokens {
        match tok {
            Tok::Key(k) => {
                if let Some(top) = stack.last_mut() {
                    repeated |= top.keys.contains(k);
                    top.keys.push(k.clone());
                    top.key = k.clone();
                }
            }
            Tok::EndArray | Tok::EndObject => {
                stack.pop();
            }
            _ => {
                let pointer = match stack.last_mut() {
                    None => String::new(),
                    Some(top) => {
                        let mut p = top.pointer.clone();
                        p.push('/');
                        if top.object && top.key == "*" {
                            p.push_str("~2");
                        } else if top.object {
                            p.push_str(&top.key.replace('~', "~0").replace('/', "~1"));
                        } else {
                            let _ = write!(p, "{}", top.next_index);
                            top.next_index += 1;
                        }
                        p
                    }
                };
                if !pointer.is_empty() && pointers.len() < 64 {
                    pointers.push(pointer.clone());
                }
                if matches!(tok, Tok::BeginArray | Tok::BeginObject) {
                    stack.push(Frame {
                        object: matches!(tok, Tok::BeginObject),
                        next_index: 0,
                        key: String::new(),
                        keys: Vec::new(),
                        pointer,
                    });
                }
            }
        }
    }
    (pointers, repeated)
}

/// The pointers of [`value_pointers`] with wildcards: the first step a `*`, and every step.
fn wildcard_pointers(pointers: &[String]) -> Vec<String> {
    let mut wild = Vec::new();
    for pointer in pointers.iter().filter(|p| !p.is_empty()) {
        let steps: Vec<&str> = pointer[1..].split('/').collect();
        wild.push(format!("/*{}", &pointer[1 + steps[0].len()..]));
        wild.push("/*".repeat(steps.len()));
    }
    wild.sort();
    wild.dedup();
    wild
}

/// The items that a stream over the containers `pointer` reaches must give, from `value`
/// parsed whole: the elements of arrays and the member values of objects, those that `takes`
/// takes, and whether an error follows them (a malformed pointer, a step that names nothing,
/// a value reached that is not a container the stream takes).
fn items_reached(value: &Value, pointer: &str, takes: Takes) -> (Vec<Value>, bool) {
    let reached = match pointer_outcome(value, pointer) {
        PointerOutcome::Reached(reached) => reached,
        PointerOutcome::Malformed | PointerOutcome::NotFound(_) => return (Vec::new(), true),
    };
    let mut items = Vec::new();
    for (_, container) in reached {
        match container {
            Value::Array(elements) if takes.takes(container) => {
                items.extend(elements.iter().cloned());
            }
            Value::Object(map) if takes.takes(container) => items.extend(map.values().cloned()),
            _ => return (items, true),
        }
    }
    (items, false)
}

/// The items of a stream of a valid document are the `expected` values, in some order, or, if
/// `fails`, end with an error. (A `Value`'s map is sorted by key where the streams go in
/// document order, so neither the order nor the items before an error can be told from it;
/// `reader_streams` tests both on documents written from `Value`s.)
fn same_as_reached<T: std::fmt::Debug>(
    items: &[Result<T, ErrInfo>],
    value: impl Fn(&T) -> &Value,
    (expected, fails): &(Vec<Value>, bool),
) -> Option<String> {
    let failed = matches!(items.last(), Some(Err(_)));
    if *fails || failed {
        return (failed != *fails).then(|| format!("{items:?}\n  vs an error: {fails}"));
    }
    let mut ok: Vec<&Value> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(value)
        .collect();
    let mut expected: Vec<&Value> = expected.iter().collect();
    if ok.len() != expected.len() {
        return Some(format!("{items:?}\n  vs {expected:?}"));
    }
    ok.sort_by_cached_key(|v| v.to_string());
    expected.sort_by_cached_key(|v| v.to_string());
    ok.iter().zip(expected).find_map(|(a, b)| value_diff(a, b))
}

/// `stream_at`, `stream_entries_at` and `stream_items_at` through the schedule and window
/// give what they give over the document in one read (both with the header's limits); and, for a valid document without
/// repeated keys, the elements (or member values, or both) of the containers the pointer
/// reaches, resolved by hand over the `Value` (or an error where the pointer names nothing
/// or another value).
fn streams_at(
    doc: &[u8],
    header: &Header,
    slice_tokens: &TokenRun,
    expected: &Outcome,
) -> Result<(), String> {
    let (mut pointers, repeated) = value_pointers(&slice_tokens.toks());
    pointers.extend(wildcard_pointers(&pointers));
    pointers.extend(["/nothing", "nothing", "/~2", "/0/-", "/01", "/*", "/~3"].map(str::to_owned));
    let pointer = &pointers[usize::from(header.pointer) % pointers.len()];
    let max = doc.len() + 2;
    let one_read = header.options().window_size(doc.len().max(1) + 1);
    let whole = stream_items(one_read.stream_at::<Value, _>(doc, pointer), max)
        .map_err(|e| format!("stream_at({pointer:?}) in one read: {e}"))?;
    let got = stream_items(
        header
            .options()
            .stream_at::<Value, _>(header.schedule.reader(doc), pointer),
        max,
    )
    .map_err(|e| format!("stream_at({pointer:?}): {e}"))?;
    if let Some(d) = same_items(&got, &whole, value_diff) {
        return Err(format!("stream_at({pointer:?}): reader vs one read: {d}"));
    }
    // The parallel stream: the same items as the sequential one, whatever the batches (a
    // budget of a few dozen bytes cuts the document into batches of an element or two).
    let budget = 32 + usize::from(header.pointer) % 4 * 96;
    let parallel = stream_items(
        header
            .options()
            .workers(2)
            .in_flight_bytes(budget)
            .par_stream_at::<Value, _>(header.schedule.wrap(Cursor::new(doc.to_vec())), pointer),
        max,
    )
    .map_err(|e| format!("par_stream_at({pointer:?}): {e}"))?;
    if let Some(d) = same_items(&parallel, &got, value_diff) {
        return Err(format!(
            "par_stream_at({pointer:?}), budget {budget}: parallel vs sequential: {d}"
        ));
    }
    let entries_whole = stream_items(one_read.stream_entries_at::<Value, _>(doc, pointer), max)
        .map_err(|e| format!("stream_entries_at({pointer:?}) in one read: {e}"))?;
    let entries = stream_items(
        header
            .options()
            .stream_entries_at::<Value, _>(header.schedule.reader(doc), pointer),
        max,
    )
    .map_err(|e| format!("stream_entries_at({pointer:?}): {e}"))?;
    if let Some(d) = same_items(&entries, &entries_whole, same_entry) {
        return Err(format!(
            "stream_entries_at({pointer:?}): reader vs one read: {d}"
        ));
    }
    let items_whole = stream_items(one_read.stream_items_at::<Value, _>(doc, pointer), max)
        .map_err(|e| format!("stream_items_at({pointer:?}) in one read: {e}"))?;
    let items = stream_items(
        header
            .options()
            .stream_items_at::<Value, _>(header.schedule.reader(doc), pointer),
        max,
    )
    .map_err(|e| format!("stream_items_at({pointer:?}): {e}"))?;
    if let Some(d) = same_items(&items, &items_whole, same_item) {
        return Err(format!(
            "stream_items_at({pointer:?}): reader vs one read: {d}"
        ));
    }
    if let (Ok(value), false) = (expected, repeated) {
        let reached = items_reached(value, pointer, Takes::Arrays);
        if let Some(d) = same_as_reached(&whole, |v| v, &reached) {
            return Err(format!("stream_at({pointer:?}) of a valid document: {d}"));
        }
        let reached = items_reached(value, pointer, Takes::Objects);
        if let Some(d) = same_as_reached(&entries_whole, |(_, v)| v, &reached) {
            return Err(format!(
                "stream_entries_at({pointer:?}) of a valid document: {d}"
            ));
        }
        let reached = items_reached(value, pointer, Takes::Both);
        if let Some(d) = same_as_reached(&items_whole, Item::value, &reached) {
            return Err(format!(
                "stream_items_at({pointer:?}) of a valid document: {d}"
            ));
        }
    }
    Ok(())
}

fn same_entry(a: &(String, Value), b: &(String, Value)) -> Option<String> {
    if a.0 != b.0 {
        return Some(format!("key {:?} vs {:?}", a.0, b.0));
    }
    value_diff(&a.1, &b.1)
}

fn same_item(a: &Item<Value>, b: &Item<Value>) -> Option<String> {
    if a.key() != b.key() {
        return Some(format!("key {:?} vs {:?}", a.key(), b.key()));
    }
    value_diff(a.value(), b.value())
}

/// `stream_entries` through the schedule and window gives what it gives over the document in
/// one read; and, for a valid object, its members (the last of repeated keys, as in `Value`).
fn entry_streams(doc: &[u8], header: &Header, expected: &Outcome) -> Result<(), String> {
    let max = doc.len() + 2;
    let one_read = header.options().window_size(doc.len().max(1) + 1);
    let whole = stream_items(one_read.stream_entries::<Value, _>(doc), max)
        .map_err(|e| format!("stream_entries in one read: {e}"))?;
    let got = stream_items(
        header
            .options()
            .stream_entries::<Value, _>(header.schedule.reader(doc)),
        max,
    )
    .map_err(|e| format!("stream_entries: {e}"))?;
    if let Some(d) = same_items(&got, &whole, same_entry) {
        return Err(format!("stream_entries: reader vs one read: {d}"));
    }
    match expected {
        Ok(Value::Object(members)) => {
            let mut entries = BTreeMap::new();
            for item in &whole {
                match item {
                    Ok((k, v)) => {
                        entries.insert(k.clone(), v.clone());
                    }
                    Err(e) => {
                        return Err(format!("stream_entries of a valid object: error {e:?}"));
                    }
                }
            }
            let entries: serde_json::Map<String, Value> = entries.into_iter().collect();
            if let Some(d) = value_diff(&Value::Object(entries), &Value::Object(members.clone())) {
                return Err(format!("stream_entries of a valid object: {d}"));
            }
        }
        Ok(_) => {
            if !matches!(whole.last(), Some(Err(_))) {
                return Err(format!("stream_entries of a valid non-object: {whole:?}"));
            }
        }
        Err(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip() {
        let header = Header {
            schedule: Schedule::InterruptedSizes(vec![3, 1, 0, 200]),
            window: Some(5),
            limits: Limits::default(),
            pointer: 7,
            choices: [1, 2, 3, 4, 5],
        };
        let mut data = header.bytes().to_vec();
        data.extend_from_slice(b"[1]");
        assert_eq!(Header::split(&data), (header, &b"[1]"[..]));
        assert_eq!(Header::split(b"\x01").0.schedule, Schedule::OneByte);
        assert_eq!(Header::split(b"").1, b"");
    }

    /// `h[0] / 6 == 0` is the default limits, whatever the rest of the header and the
    /// document: the inputs written before byte 0 selected limits read as they did.
    #[test]
    fn selector_0_is_the_default_limits() {
        for b0 in 0..6u8 {
            for doc in [&b""[..], b"[1]", br#"{"a": [[["x"]]]}"#] {
                let mut data = [b0, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].to_vec();
                data.extend_from_slice(doc);
                let (header, rest) = Header::split(&data);
                assert_eq!((header.limits, rest), (Limits::default(), doc));
                assert_eq!(header.bytes_for(doc)[0], b0);
            }
        }
        assert_eq!(Header::split(b"").0.limits, Limits::default());
        for b0 in 6..=u8::MAX {
            assert_ne!(
                Header::split(&[b0]).0.limits,
                Limits::default(),
                "byte 0 = {b0}"
            );
        }
    }

    /// Every selector's limits, with every schedule it goes with, round-trip through
    /// `bytes_for` (and `bytes`, but for a document limit) and `split`.
    #[test]
    fn headers_with_limits_round_trip() {
        let doc = br#"[1,-8646027194059186.1-843]"#;
        for k in 0..=MAX_LIMITS_SELECTOR {
            let limits = selected_limits(k, doc.len());
            for schedule in [
                Schedule::Whole,
                Schedule::OneByte,
                Schedule::Interrupted,
                Schedule::InterruptedOneByte,
                Schedule::Sizes(vec![1, 2, 3, 4]),
                Schedule::InterruptedSizes(vec![7, 0, 3, 255]),
            ] {
                let header = Header {
                    schedule,
                    window: Some(4),
                    limits,
                    pointer: k,
                    choices: [k, 1, 2, 3, 4],
                };
                if k == MAX_LIMITS_SELECTOR
                    && matches!(
                        header.schedule,
                        Schedule::Sizes(_) | Schedule::InterruptedSizes(_)
                    )
                {
                    // Beyond byte 0's 255.
                    assert!(std::panic::catch_unwind(|| header.bytes_for(doc)).is_err());
                    continue;
                }
                let mut data = header.bytes_for(doc).to_vec();
                assert_eq!(data[0] / 6, k);
                data.extend_from_slice(doc);
                assert_eq!(Header::split(&data), (header.clone(), &doc[..]));
                if limits.max_document_len.is_none() {
                    assert_eq!(header.bytes(), header.bytes_for(doc));
                }
            }
        }
        let at = |k: u8| selected_limits(k, doc.len());
        assert_eq!(at(1).max_document_len, Some(27));
        assert_eq!(at(4).max_document_len, Some(24));
        assert_eq!(at(11).max_depth, 0);
        assert_eq!(at(19).max_depth, 8);
        assert_eq!(at(20).max_number_len, 1);
        assert_eq!(at(27).max_number_len, 24);
        assert_eq!(at(28).max_key_len, 0);
        assert_eq!(at(34).max_key_len, 16);
        assert_eq!(at(35).max_string_len, 0);
        assert_eq!(at(41).max_string_len, 16);
        assert_eq!(at(42).max_document_len, Some(25));
        // A short document: a limit of no bytes at least.
        assert_eq!(selected_limits(10, 3).max_document_len, Some(0));
        let header = Header {
            schedule: Schedule::Sizes(vec![1]),
            window: None,
            limits: at(42),
            pointer: 0,
            choices: [0; 5],
        };
        assert!(std::panic::catch_unwind(|| header.bytes_for(doc)).is_err());
        // A document limit cannot be written without the document.
        let header = Header {
            schedule: Schedule::Whole,
            limits: at(4),
            ..header
        };
        assert!(std::panic::catch_unwind(|| header.bytes()).is_err());
        // Nor limits that no selector picks.
        let header = Header {
            limits: Limits {
                max_depth: 9,
                ..Limits::default()
            },
            ..header
        };
        assert!(std::panic::catch_unwind(|| header.bytes_for(doc)).is_err());
    }

    #[test]
    fn pointers_of_values() {
        let run = token_run!(JsonReader::from_slice(
            br#"{"a/b":[1,{"~":2}],"c":3,"c":4}"#
        ));
        let (pointers, repeated) = value_pointers(&run.toks());
        assert_eq!(
            pointers,
            ["", "/a~1b", "/a~1b/0", "/a~1b/1", "/a~1b/1/~0", "/c", "/c"]
        );
        assert!(repeated);
        assert_eq!(
            wildcard_pointers(&pointers),
            ["/*", "/*/*", "/*/*/*", "/*/0", "/*/1", "/*/1/~0"]
        );
        // A key that is exactly `*` is spelt `~2`, not taken for a wildcard.
        let run = token_run!(JsonReader::from_slice(br#"{"*":{"a*":1}}"#));
        assert_eq!(value_pointers(&run.toks()).0, ["", "/~2", "/~2/a*"]);
    }

    #[test]
    fn every_pointer_of_a_document_reads_alike() {
        let doc = br#"{"a": [{"b": [1, 2]}, {"c": 2}, {"b": {"x": [3]}}, 4], "*": {"k": [5]}}"#;
        for pointer in 0..=u8::MAX {
            let mut data = Header {
                schedule: Schedule::InterruptedOneByte,
                window: Some(4),
                limits: Limits::default(),
                pointer,
                choices: [pointer; 5],
            }
            .bytes()
            .to_vec();
            data.extend_from_slice(doc);
            reading_paths(&data).unwrap();
        }
    }

    /// Every selector's limits, on documents that reach each of them.
    #[test]
    fn documents_read_alike_with_every_limit() {
        for doc in [
            &br#"{"key": [1.25, "a string", {"b": [[-7e-3]]}], "c": "AAEC"} "#[..],
            b"[1,-8646027194059186.1-843]",
            b"[[[[[[[[[[]]]]]]]]]]",
        ] {
            for k in 0..=MAX_LIMITS_SELECTOR {
                for (schedule, window) in [
                    (Schedule::InterruptedOneByte, Some(4)),
                    (Schedule::Interrupted, None),
                ] {
                    let header = Header {
                        schedule,
                        window,
                        limits: selected_limits(k, doc.len()),
                        pointer: k,
                        choices: [k, 0xc2, 0x13, 1, 0],
                    };
                    let mut data = header.bytes_for(doc).to_vec();
                    data.extend_from_slice(doc);
                    reading_paths(&data).unwrap();
                }
            }
        }
    }

    #[test]
    fn items_reached_by_pointers_with_wildcards() {
        let doc =
            serde_json::json!({"a": [{"b": [1]}, {"c": 2}, {"b": [3]}], "o": {"k": {"x": 4}}});
        let ints = |v: Vec<Value>| v.iter().map(|v| v.as_u64().unwrap()).collect::<Vec<_>>();
        let (items, fails) = items_reached(&doc, "/a/*/b", Takes::Arrays);
        assert_eq!((ints(items), fails), (vec![1, 3], false));
        let (items, fails) = items_reached(&doc, "/o/*", Takes::Objects);
        assert_eq!((ints(items), fails), (vec![4], false));
        assert_eq!(
            items_reached(&doc, "/a/*/b/*", Takes::Arrays),
            (vec![], true)
        );
        assert_eq!(items_reached(&doc, "/o", Takes::Arrays), (vec![], true));
        assert_eq!(items_reached(&doc, "/nope", Takes::Objects), (vec![], true));
        assert_eq!(items_reached(&doc, "~", Takes::Objects), (vec![], true));
        let (items, fails) = items_reached(&doc, "/*", Takes::Both);
        assert_eq!(items.len(), 4);
        assert!(!fails);
        let (items, fails) = items_reached(&doc, "/o/k/*", Takes::Both);
        assert_eq!((items, fails), (vec![], true));
    }

    #[test]
    fn documents_read_alike_pass() {
        for doc in [
            &br#"{"a": [1, "x\u00e9", {"b": null}], "c": "AAEC"}"#[..],
            b"[1,",
            b"\"ab\\x\"",
        ] {
            for schedule in Schedule::fixed() {
                for window in [Some(4), None] {
                    for choices in [[0u8; 5], [1, 2, 3, 4, 5], [0xc1, 0x42, 0xfe, 9, 0x80]] {
                        let mut data = Header {
                            schedule: schedule.clone(),
                            window,
                            limits: Limits::default(),
                            pointer: 2,
                            choices,
                        }
                        .bytes()
                        .to_vec();
                        data.extend_from_slice(doc);
                        reading_paths(&data).unwrap();
                    }
                }
            }
        }
    }
}
