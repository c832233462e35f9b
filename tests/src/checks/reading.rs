//! Every reading path through any read schedule and window against the slice path.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jsonstream::{Item, JsonReader};
use serde::de::IgnoredAny;
use serde_json::Value;

use super::shown;
use super::walk::{compare_walks, skip_outcome, walk, Mode};
use crate::compare::value_diff;
use crate::readers::{blocking_iter, Hesitant, Schedule};
use crate::reference::{pointer_outcome, PointerOutcome, Takes};
use crate::snapshot::{snap, ErrInfo, Tok, TokenRun};
use crate::token_run;
use crate::window::options;

/// The length of the [`Header`] in front of the document in the inputs of `reading_paths` and
/// `derived_load`.
pub const HEADER_LEN: usize = 12;

/// How an input of `reading_paths` or `derived_load` is read: its first [`HEADER_LEN`] bytes
/// (missing bytes are zeros), then the document, verbatim.
///
/// | byte  | meaning |
/// |-------|---------|
/// | 0     | schedule, modulo 6: `Whole`, `OneByte`, `Interrupted`, `InterruptedOneByte`, `Sizes`, `InterruptedSizes` |
/// | 1     | window size: 0 is the default (64 KiB), else 1 to 255 (1 to 3 are read as 4) |
/// | 2..6  | the read sizes of `Sizes` and `InterruptedSizes`, cycled (0 is read as 1) |
/// | 6     | which JSON Pointer `stream_at`, `stream_entries_at` and `stream_items_at` are given (of the values in the document, the same with wildcard steps, and a few that name nothing or are malformed) |
/// | 7..12 | walk choices, cycled: what the token walk does at each value, how it reads strings |
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
            pointer: h[6],
            choices: [h[7], h[8], h[9], h[10], h[11]],
        };
        (header, &data[n..])
    }

    /// The bytes of this header (sizes beyond 4 and above 255 cannot be written), for writing
    /// inputs by hand.
    ///
    /// # Panics
    ///
    /// If the window or a size does not fit a byte, or there are more than 4 sizes.
    pub fn bytes(&self) -> [u8; HEADER_LEN] {
        let byte = |n: usize| u8::try_from(n).expect("at most 255");
        let mut h = [0u8; HEADER_LEN];
        let sizes: &[usize] = match &self.schedule {
            Schedule::Whole => &[],
            Schedule::OneByte => {
                h[0] = 1;
                &[]
            }
            Schedule::Interrupted => {
                h[0] = 2;
                &[]
            }
            Schedule::InterruptedOneByte => {
                h[0] = 3;
                &[]
            }
            Schedule::Sizes(s) => {
                h[0] = 4;
                s
            }
            Schedule::InterruptedSizes(s) => {
                h[0] = 5;
                s
            }
        };
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
/// through the header's schedule and window by every path, agree with the slice path
/// ([`agree_with_slice`]); `stream_at`, `stream_entries_at` and `stream_items_at` (at the
/// pointer the header selects, wildcards included) and `stream_entries` agree with the same
/// streams over the document in one read, and with `from_slice::<Value>` (the pointer
/// resolved by hand); a walk of the token API (with `skip_value`, `deserialize_next` and the
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
            "document {}, schedule {:?}, window {:?}, header {:?}",
            shown(doc),
            header.schedule,
            header.window,
            header.bytes()
        )
    };
    agree_with_slice(doc, &header.schedule, header.window)?;

    let slice_tokens = token_run!(JsonReader::from_slice(doc), doc.len() + 2);
    let expected = snap(jsonstream::from_slice::<Value>(doc));
    streams_at(doc, &header, &slice_tokens, &expected).map_err(|e| format!("{e}\n  {}", ctx()))?;
    entry_streams(doc, &header, &expected).map_err(|e| format!("{e}\n  {}", ctx()))?;

    // The token walk: the same calls on the slice and through the schedule and window, and
    // on the slice again with every whole string read at once.
    let opts = options(header.window);
    let on_slice = walk(JsonReader::from_slice(doc), &header.choices, Mode::Exact);
    let on_reader = walk(
        opts.reader(header.schedule.reader(doc)),
        &header.choices,
        Mode::Exact,
    );
    let at_once = walk(JsonReader::from_slice(doc), &header.choices, Mode::AtOnce);
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
/// stream of a valid array yields its elements.
///
/// # Errors
///
/// A description of the first disagreement, with the input.
pub fn agree_with_slice(
    input: &[u8],
    schedule: &Schedule,
    window: Option<usize>,
) -> Result<(), String> {
    let ctx = || {
        format!(
            "input {} ({} bytes), schedule {schedule:?}, window {window:?}",
            shown(input),
            input.len()
        )
    };

    // One-shot values.
    let expected = snap(jsonstream::from_slice::<Value>(input));
    let got = snap(options(window).from_reader(schedule.reader(input)));
    if let Some(d) = same_outcome(&got, &expected) {
        return Err(format!("from_reader vs from_slice: {d}\n  {}", ctx()));
    }
    if window.is_none() {
        let got = snap(jsonstream::from_reader(schedule.reader(input)));
        if let Some(d) = same_outcome(&got, &expected) {
            return Err(format!(
                "jsonstream::from_reader vs from_slice: {d}\n  {}",
                ctx()
            ));
        }
    }

    // Typed: IgnoredAny validates without building anything; same outcome as Value.
    let ignored_slice = snap(jsonstream::from_slice::<IgnoredAny>(input)).map(|_| ());
    let ignored: jsonstream::Result<IgnoredAny> =
        options(window).from_reader(schedule.reader(input));
    let ignored = snap(ignored).map(|_| ());
    if ignored != ignored_slice {
        return Err(format!(
            "IgnoredAny: reader {ignored:?} vs slice {ignored_slice:?}\n  {}",
            ctx()
        ));
    }

    // Token stream, with the position after every token.
    let expected_tokens: TokenRun = token_run!(JsonReader::from_slice(input));
    let got_tokens: TokenRun = token_run!(options(window).reader(schedule.reader(input)));
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
    let skip_slice = skip_outcome(JsonReader::from_slice(input));
    let skip_reader = skip_outcome(options(window).reader(schedule.reader(input)));
    if skip_reader != skip_slice {
        return Err(format!(
            "skip_value: reader {skip_reader:?} vs slice {skip_slice:?}\n  {}",
            ctx()
        ));
    }
    if skip_slice.is_ok() != expected_tokens.error.is_none() {
        return Err(format!(
            "skip_value {skip_slice:?} disagrees with the token API {:?}\n  {}",
            expected_tokens.error,
            ctx()
        ));
    }

    // Array streams.
    let max = input.len() + 2;
    let items_slice = stream_items(options(window).stream_slice::<Value>(input), max)
        .map_err(|e| format!("stream_slice: {e}\n  {}", ctx()))?;
    let items_reader = stream_items(
        options(window).stream::<Value, _>(schedule.reader(input)),
        max,
    )
    .map_err(|e| format!("stream: {e}\n  {}", ctx()))?;
    if let Some(d) = same_items(&items_reader, &items_slice, value_diff) {
        return Err(format!("stream: reader vs slice: {d}\n  {}", ctx()));
    }
    let async_stream =
        options(window).async_stream::<Value, _>(Hesitant::new(schedule.reader(input)));
    let items_async = stream_items(blocking_iter(async_stream), max)
        .map_err(|e| format!("tokio::stream: {e}\n  {}", ctx()))?;
    if let Some(d) = same_items(&items_async, &items_slice, value_diff) {
        return Err(format!("tokio::stream vs stream_slice: {d}\n  {}", ctx()));
    }
    // The parallel stream in batches of a few bytes (cut at almost every `,`) on two decoding
    // threads: the same items, in order; `par_for_each`: the same values, in any order, and
    // the same error.
    let parallel = || options(window).workers(2).in_flight_bytes(64);
    let owned = || schedule.wrap(std::io::Cursor::new(input.to_vec()));
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
/// give what they give over the document in one read; and, for a valid document without
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
    let one_read = jsonstream::ReaderOptions::new().window_size(doc.len().max(1) + 1);
    let whole = stream_items(one_read.stream_at::<Value, _>(doc, pointer), max)
        .map_err(|e| format!("stream_at({pointer:?}) in one read: {e}"))?;
    let got = stream_items(
        options(header.window).stream_at::<Value, _>(header.schedule.reader(doc), pointer),
        max,
    )
    .map_err(|e| format!("stream_at({pointer:?}): {e}"))?;
    if let Some(d) = same_items(&got, &whole, value_diff) {
        return Err(format!("stream_at({pointer:?}): reader vs one read: {d}"));
    }
    let entries_whole = stream_items(one_read.stream_entries_at::<Value, _>(doc, pointer), max)
        .map_err(|e| format!("stream_entries_at({pointer:?}) in one read: {e}"))?;
    let entries = stream_items(
        options(header.window).stream_entries_at::<Value, _>(header.schedule.reader(doc), pointer),
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
        options(header.window).stream_items_at::<Value, _>(header.schedule.reader(doc), pointer),
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
    let one_read = jsonstream::ReaderOptions::new().window_size(doc.len().max(1) + 1);
    let whole = stream_items(one_read.stream_entries::<Value, _>(doc), max)
        .map_err(|e| format!("stream_entries in one read: {e}"))?;
    let got = stream_items(
        options(header.window).stream_entries::<Value, _>(header.schedule.reader(doc)),
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
            pointer: 7,
            choices: [1, 2, 3, 4, 5],
        };
        let mut data = header.bytes().to_vec();
        data.extend_from_slice(b"[1]");
        assert_eq!(Header::split(&data), (header, &b"[1]"[..]));
        assert_eq!(Header::split(b"\x01").0.schedule, Schedule::OneByte);
        assert_eq!(Header::split(b"").1, b"");
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
                pointer,
                choices: [pointer; 5],
            }
            .bytes()
            .to_vec();
            data.extend_from_slice(doc);
            reading_paths(&data).unwrap();
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
