//! PBJSON reading: every reading path through any read schedule and window against the slice
//! path, and round trips of valid documents through JSON and through the writer.

use std::fmt::Write as _;

use jsonstream::pbjson::{self, ToJson};
use jsonstream::{Category, LimitKind, Limits, ReaderOptions};
use serde::de::IgnoredAny;
use serde_json::Value;

use super::reading::{same_items, same_outcome, stream_items, Header, Outcome};
use super::walk::{compare_walks, skip_outcome, walk, Mode, TokenApi};
use crate::compare::value_diff;
use crate::pbjson_vectors::ExactValue;
use crate::readers::Schedule;
use crate::snapshot::{snap, ErrInfo, PbTok};
use crate::window::limited;

/// The bytes in hex for a failure message, cut to `MAX` bytes at each end.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const MAX: usize = 300;
    let put = |part: &[u8]| {
        let mut out = String::with_capacity(2 * part.len());
        for b in part {
            let _ = write!(out, "{b:02x}");
        }
        out
    };
    let text = if bytes.len() <= 2 * MAX {
        put(bytes)
    } else {
        format!(
            "{}…{}",
            put(&bytes[..MAX]),
            put(&bytes[bytes.len() - MAX..])
        )
    };
    format!("{text} ({} bytes)", bytes.len())
}

/// The whole token stream of a PBJSON reader: every token with the reader's offset after it,
/// and the error that ended it, if one did.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PbRun {
    tokens: Vec<(PbTok, u64)>,
    error: Option<ErrInfo>,
}

impl PbRun {
    /// Whether the run holds an infinity or NaN, which JSON cannot hold.
    fn non_finite(&self) -> bool {
        self.tokens
            .iter()
            .any(|(tok, _)| matches!(tok, PbTok::Float(bits) if !f64::from_bits(*bits).is_finite()))
    }

    /// Whether the run holds a binary value or a non-finite float: its JSON is not its value.
    fn beyond_json(&self) -> bool {
        self.non_finite()
            || self
                .tokens
                .iter()
                .any(|(tok, _)| matches!(tok, PbTok::Binary(_)))
    }
}

/// `next_token` until `None` or an error. Every token but the end of a container (which may
/// take no byte, closing a counted one) takes a byte: more than `2 * len + 2` tokens for a
/// document of `len` bytes is a reader that does not advance.
fn token_run<R: TokenApi<Tok = PbTok>>(mut r: R, len: usize) -> Result<PbRun, String> {
    let mut tokens = Vec::new();
    let error = loop {
        match r.next_token() {
            Ok(Some(tok)) => {
                tokens.push((tok, r.at().offset));
                if tokens.len() > 2 * len + 2 {
                    return Err(format!(
                        "more than {} tokens in {len} bytes: {:?}…",
                        2 * len + 2,
                        &tokens[..8]
                    ));
                }
            }
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    Ok(PbRun { tokens, error })
}

/// The JSON that `ToJson` writes of `input` through `schedule` with `options`, or its error.
fn to_json(input: &[u8], schedule: &Schedule, options: ReaderOptions) -> Result<Vec<u8>, ErrInfo> {
    let mut out = Vec::new();
    let converted = ToJson::new()
        .reader_options(options)
        .run(schedule.reader(input), &mut out);
    snap(converted).map(|()| out)
}

/// PBJSON reading paths (fuzz target `pbjson_reading`): the [`Header`] and the PBJSON document
/// of `data`, read through the header's schedule and window by every path, every path with
/// the header's limits, give what the slice gives:
///
/// - `from_reader` (`Value`, `IgnoredAny`), the token stream with `offset()` after every
///   token, `skip_value` + `finish`, the items of `stream`, and `pbjson_to_json`: the same
///   values, bytes and errors (message, category, offset, path) as on the slice;
/// - a walk of the token API (`has_next`, `next_key`, `peek`, then `next_token`,
///   `skip_value`, `deserialize_next`, `string_reader` or `binary_reader` read to the end or
///   dropped after a few bytes, as the header's choices say; `finish`) logs the same results,
///   handed-out bytes, offsets and paths as on the slice, and on the slice the value readers
///   hand out the same bytes and errors in reads of 1 to 4096 bytes as at once;
/// - the paths agree on validity: `IgnoredAny` is `skip_value` + `finish`; the token API,
///   `skip_value` and `to_json` accept the same documents (`to_json` refusing only infinities
///   and NaN; the token API's strings and binary values only are held, so bounded by the
///   string limit); `from_slice::<Value>` accepts what the token API accepts, but for binary values
///   and integers beyond the `f64` range (data errors); the stream of a valid array yields its
///   elements;
/// - a valid document survives the round trips: without binary values and non-finite floats,
///   its JSON reads back to the same value (bit for bit with correctly rounded numbers; as
///   serde_json reads the same text with `jsonstream::from_slice`), and converted back by
///   `json_to_pbjson` too; the value written by `pbjson::to_vec` reads back to itself.
///
/// # Errors
///
/// A description of the first disagreement.
pub fn pbjson_reading(data: &[u8]) -> Result<(), String> {
    let (header, doc) = Header::split(data);
    let (schedule, window, limits) = (&header.schedule, header.window, header.limits);
    let ctx = || {
        format!(
            "document {}, schedule {schedule:?}, window {window:?}, limits {limits:?}, header {:?}",
            hex(doc),
            header.bytes_for(doc)
        )
    };
    let opts = header.options();
    // The entry points that take no options (`pbjson::from_reader`, `pbjson::stream`) are
    // compared with the default window and limits only.
    let default_options = window.is_none() && limits == Limits::default();
    let fail = |what: &str, d: String| format!("{what}: {d}\n  {}", ctx());

    // One-shot values.
    let expected: Outcome = snap(opts.pbjson_from_slice::<Value>(doc));
    let got = snap(opts.pbjson_from_reader(schedule.reader(doc)));
    if let Some(d) = same_outcome(&got, &expected) {
        return Err(fail("from_reader vs from_slice", d));
    }
    if default_options {
        let got = snap(pbjson::from_reader(schedule.reader(doc)));
        if let Some(d) = same_outcome(&got, &expected) {
            return Err(fail("pbjson::from_reader vs from_slice", d));
        }
    }
    let ignored_slice = snap(opts.pbjson_from_slice::<IgnoredAny>(doc)).map(|_| ());
    let ignored = opts.pbjson_from_reader::<_, IgnoredAny>(schedule.reader(doc));
    let ignored = snap(ignored).map(|_| ());
    if ignored != ignored_slice {
        return Err(fail(
            "IgnoredAny",
            format!("reader {ignored:?} vs slice {ignored_slice:?}"),
        ));
    }

    // Token stream, with the offset after every token.
    let tokens = token_run(opts.pbjson_slice_reader(doc), doc.len())
        .map_err(|e| fail("token stream on the slice", e))?;
    let got_tokens = token_run(opts.pbjson_reader(schedule.reader(doc)), doc.len())
        .map_err(|e| fail("token stream", e))?;
    if got_tokens != tokens {
        return Err(fail(
            "token stream",
            format!("reader {got_tokens:?}\n  slice {tokens:?}"),
        ));
    }

    // skip_value + finish.
    let skipped = skip_outcome(opts.pbjson_slice_reader(doc));
    let got = skip_outcome(opts.pbjson_reader(schedule.reader(doc)));
    if got != skipped {
        return Err(fail(
            "skip_value + finish",
            format!("reader {got:?} vs slice {skipped:?}"),
        ));
    }

    // The paths agree on validity.
    if ignored_slice != skipped.clone().map(|_| ()) {
        return Err(fail(
            "IgnoredAny vs skip_value + finish",
            format!("{ignored_slice:?} vs {skipped:?}"),
        ));
    }
    // A skipped string or binary value is not held, so not bounded by the string limit, which
    // the token API's are.
    let past_string_limit = matches!(
        &tokens.error,
        Some(e) if e.limit == Some(LimitKind::StringLength)
    );
    if skipped.is_ok() != tokens.error.is_none() && !(skipped.is_ok() && past_string_limit) {
        return Err(fail(
            "skip_value + finish vs the token API",
            format!("{skipped:?} vs {:?}", tokens.error),
        ));
    }
    match (&expected, &tokens.error) {
        (Ok(_), Some(e)) => {
            return Err(fail(
                "from_slice accepts what the token API rejects",
                format!("{e:?}"),
            ));
        }
        (Err(e), None) if e.category != Category::Data => {
            return Err(fail(
                "the token API accepts what from_slice rejects",
                format!("{e:?}"),
            ));
        }
        _ => {}
    }

    // Array streams.
    let max = doc.len() + 2;
    let items = stream_items(opts.pbjson_stream_slice::<Value>(doc), max)
        .map_err(|e| fail("pbjson_stream_slice", e))?;
    let got = stream_items(opts.pbjson_stream::<Value, _>(schedule.reader(doc)), max)
        .map_err(|e| fail("pbjson_stream", e))?;
    if let Some(d) = same_items(&got, &items, value_diff) {
        return Err(fail("stream: reader vs slice", d));
    }
    if default_options {
        let got = stream_items(pbjson::stream::<Value, _>(schedule.reader(doc)), max)
            .map_err(|e| fail("pbjson::stream", e))?;
        if let Some(d) = same_items(&got, &items, value_diff) {
            return Err(fail("pbjson::stream vs the slice", d));
        }
    }
    match &expected {
        Ok(Value::Array(elements)) => {
            let ok: Vec<&Value> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
            if ok.len() != items.len() || ok.len() != elements.len() {
                return Err(fail(
                    "stream of a valid array",
                    format!("{items:?} vs {elements:?}"),
                ));
            }
            for (a, b) in ok.into_iter().zip(elements) {
                if let Some(d) = value_diff(a, b) {
                    return Err(fail("stream element", d));
                }
            }
        }
        Ok(_) if !matches!(items.last(), Some(Err(_))) => {
            return Err(fail("stream of a valid non-array", format!("{items:?}")));
        }
        _ => {}
    }

    // The token walk: the same calls on the slice and through the schedule and window, and
    // on the slice again with every whole value read at once.
    let on_slice = walk(opts.pbjson_slice_reader(doc), &header.choices, Mode::Exact);
    let on_reader = walk(
        opts.pbjson_reader(schedule.reader(doc)),
        &header.choices,
        Mode::Exact,
    );
    let at_once = walk(opts.pbjson_slice_reader(doc), &header.choices, Mode::AtOnce);
    compare_walks("walk: reader vs slice", &on_reader, &on_slice).map_err(|e| fail("walk", e))?;
    compare_walks(
        "walk: slice, reads of the walk's sizes vs whole values at once",
        &on_slice,
        &at_once,
    )
    .map_err(|e| fail("walk", e))?;

    // To JSON (no slice: the whole document in one read and the default window, with the
    // header's limits).
    let json = to_json(doc, &Schedule::Whole, limited(None, limits));
    let got = to_json(doc, schedule, opts);
    if got != json {
        return Err(fail(
            "pbjson_to_json: reader vs whole",
            format!("{:?}\n  vs {:?}", shown_json(&got), shown_json(&json)),
        ));
    }
    match (&tokens.error, &json) {
        (Some(_), Ok(_)) if !past_string_limit => {
            return Err(fail(
                "pbjson_to_json accepts what the token API rejects",
                String::new(),
            ));
        }
        (None, Ok(_)) if tokens.non_finite() => {
            return Err(fail(
                "pbjson_to_json accepts a non-finite float",
                String::new(),
            ));
        }
        (None, Err(e)) if !(tokens.non_finite() && e.category == Category::Data) => {
            return Err(fail(
                "pbjson_to_json rejects a valid document",
                format!("{e:?}"),
            ));
        }
        _ => {}
    }

    // Round trips of a valid document.
    if let Ok(value) = &expected {
        round_trips(value, &json, &tokens).map_err(|e| fail("round trip", e))?;
    }
    Ok(())
}

fn shown_json(r: &Result<Vec<u8>, ErrInfo>) -> Result<String, &ErrInfo> {
    r.as_ref().map(|b| String::from_utf8_lossy(b).into_owned())
}

/// A valid document's `value` (and its `json`, if it has one) read back: the JSON by
/// `jsonstream::from_slice` as serde_json reads it, and with correctly rounded numbers to
/// `value` exactly; `json_to_pbjson` of it, and `to_vec(value)`, read back to `value`.
/// (These are other documents than the fuzzer's, read with the default limits: what they
/// compare does not depend on the header's.)
fn round_trips(
    value: &Value,
    json: &Result<Vec<u8>, ErrInfo>,
    tokens: &PbRun,
) -> Result<(), String> {
    if !tokens.beyond_json() {
        let Ok(json) = json else {
            return Err(format!("no JSON for a valid document: {json:?}"));
        };
        let text = String::from_utf8_lossy(json);
        let back = jsonstream::from_slice::<Value>(json)
            .map_err(|e| format!("its JSON {text} does not read back: {e}"))?;
        let serde_back = serde_json::from_slice::<Value>(json)
            .map_err(|e| format!("its JSON {text} is refused by serde_json: {e}"))?;
        if let Some(d) = value_diff(&back, &serde_back) {
            return Err(format!(
                "its JSON {text} read back by jsonstream vs serde_json: {d}"
            ));
        }
        let exact = ExactValue::from_json(&text)
            .and_then(|exact| exact.to_json_value())
            .map_err(|e| format!("its JSON {text} read exactly: {e}"))?;
        if let Some(d) = value_diff(&exact, value) {
            return Err(format!("its JSON {text} read back (exact numbers): {d}"));
        }
        let mut pb = Vec::new();
        pbjson::json_to_pbjson(&json[..], &mut pb)
            .map_err(|e| format!("json_to_pbjson of its JSON {text}: {e}"))?;
        let again = pbjson::from_slice::<Value>(&pb)
            .map_err(|e| format!("json_to_pbjson of its JSON {text}: {}: {e}", hex(&pb)))?;
        if let Some(d) = value_diff(&again, value) {
            return Err(format!("json_to_pbjson of its JSON {text}: {d}"));
        }
    }
    let bytes = pbjson::to_vec(value).map_err(|e| format!("to_vec of {value}: {e}"))?;
    let back = pbjson::from_slice::<Value>(&bytes)
        .map_err(|e| format!("to_vec of {value}: {} reads as {e}", hex(&bytes)))?;
    if let Some(d) = value_diff(&back, value) {
        return Err(format!("to_vec of {value}: {}: {d}", hex(&bytes)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_header(header: &Header, doc: &[u8]) -> Vec<u8> {
        let mut data = header.bytes().to_vec();
        data.extend_from_slice(doc);
        data
    }

    #[test]
    fn documents_read_alike_pass() {
        let docs: [&[u8]; 9] = [
            // {"a": [1, "xé", {"b": null}], "c": b"\x00\x01"}
            b"\xe2\x01a\xc3\x21\x01\x83x\xc3\xa9\xe1\x01b\x02\x01c\xa2\x00\x01",
            // [1.5, 2**64, -0.0, "abc", {"a": 1}, {"a": 2}], terminated, with a custom byte
            b"\x0c\x62\x1d\x5d\x29\x01\x00\x00\x00\x00\x00\x00\x00\x00\x61\xb0\x0e\x83abc\xe1\x01a\x21\x01\xe1\x80\x21\x02\x0f",
            // a truncated array, a forged string length, an unknown memo index
            b"\xc2\x21\x01",
            b"\x9f\xff\xff\xff\xffab",
            b"\xe1\x81\x01",
            // invalid UTF-8 late in a string; trailing bytes; NaN; binary
            b"\x85abc\xff\xfe",
            b"\x01\x01",
            b"\xc1\x05",
            b"\xa5\x00\x01\x02\x03\x04",
        ];
        for doc in docs {
            for schedule in Schedule::fixed() {
                for window in [Some(4), None] {
                    for choices in [[0u8; 5], [1, 2, 3, 4, 5], [0xc1, 0x42, 0xfe, 9, 0x80]] {
                        let header = Header {
                            schedule: schedule.clone(),
                            window,
                            limits: Limits::default(),
                            pointer: 0,
                            choices,
                        };
                        pbjson_reading(&with_header(&header, doc)).unwrap();
                    }
                }
            }
            // With every limit (schedule `InterruptedOneByte`, window 4).
            let mut data = with_header(
                &Header {
                    schedule: Schedule::InterruptedOneByte,
                    window: Some(4),
                    limits: Limits::default(),
                    pointer: 0,
                    choices: [0xc2, 1, 3, 0x13, 0],
                },
                doc,
            );
            for k in 0..=super::super::MAX_LIMITS_SELECTOR {
                data[0] = 6 * k + 3;
                pbjson_reading(&data).unwrap();
            }
        }
    }
}
