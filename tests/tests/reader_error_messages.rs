//! Error messages, lines and columns against serde_json's, over generated invalid documents:
//! truncated, with bytes replaced or inserted, with whole JSON values inserted; read as
//! `serde_json::Value` and as typed targets (structs, enums, integers, `Vec`, `HashMap` with
//! integer keys). On jsonstream's slice, reader and one-byte reader paths, the message is
//! serde_json's (`from_slice` and `from_reader`) with jsonstream's `, path $…` after it, at the
//! same line and column; the differences the README's "Decisions" list are told apart by
//! [`documented`], and each is shown in `reader_documented_differences.rs`.

use std::collections::HashMap;
use std::fmt::Debug;

use jsonstream_tests::readers::OneByteReader;
use jsonstream_tests::strategies::{
    apply_edits, arb_doc, arb_edit, arb_style, arb_value, config, Edit,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
struct Record {
    id: u32,
    name: String,
    tags: Vec<String>,
    kind: Kind,
    scores: HashMap<u8, f64>,
    parent: Option<Box<Record>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
enum Kind {
    Plain,
    Sized(u16),
    Pair(i8, bool),
    Named { x: i64, y: Option<String> },
}

/// A document that fits [`Record`], as a `Value`.
fn arb_record() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        Just(serde_json::json!("Plain")),
        any::<u16>().prop_map(|n| serde_json::json!({ "Sized": n })),
        (any::<i8>(), any::<bool>()).prop_map(|(a, b)| serde_json::json!({ "Pair": [a, b] })),
        (any::<i64>(), proptest::option::of("[a-z\\\\\"é]{0,4}"))
            .prop_map(|(x, y)| serde_json::json!({ "Named": { "x": x, "y": y } })),
    ];
    let record = (
        any::<u32>(),
        "[a-zé\"\\\\\n]{0,6}",
        prop::collection::vec("[a-z]{0,3}", 0..3),
        kind,
        prop::collection::hash_map(any::<u8>(), -1e3f64..1e3, 0..3),
    )
        .prop_map(|(id, name, tags, kind, scores)| {
            let scores: serde_json::Map<String, Value> = scores
                .into_iter()
                .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
                .collect();
            serde_json::json!({
                "id": id, "name": name, "tags": tags, "kind": kind, "scores": scores,
                "parent": null,
            })
        });
    (record.clone(), proptest::option::of(record)).prop_map(|(mut outer, inner)| {
        if let Some(inner) = inner {
            outer["parent"] = inner;
        }
        outer
    })
}

/// What one reading gave: the message without jsonstream's path suffix, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Said {
    message: String,
    line: u64,
    column: u64,
}

impl Said {
    fn serde_json(err: &serde_json::Error) -> Said {
        let text = err.to_string();
        // serde_json appends " at line L column C" to errors with a position.
        let message = match text.rfind(" at line ") {
            Some(at) if err.line() > 0 => text[..at].to_owned(),
            _ => text,
        };
        Said {
            message,
            line: err.line() as u64,
            column: err.column() as u64,
        }
    }

    fn jsonstream(err: &jsonstream::Error) -> Said {
        let text = err.to_string();
        let text = match text.rfind(", path $") {
            Some(at) if err.path() != "$" => &text[..at],
            _ => &text[..],
        };
        let message = match text.rfind(" at line ") {
            Some(at) => text[..at].to_owned(),
            None => text.to_owned(),
        };
        Said {
            message,
            line: err.line(),
            column: err.column(),
        }
    }
}

/// The outcome of one reading: `Ok` (the value is compared elsewhere) or what the error said.
type Outcome = Result<(), Said>;

fn serde_json_outcomes<T: DeserializeOwned>(doc: &[u8]) -> [Outcome; 2] {
    [
        serde_json::from_slice::<T>(doc).map(drop),
        serde_json::from_reader::<_, T>(doc).map(drop),
    ]
    .map(|r| r.map_err(|e| Said::serde_json(&e)))
}

fn jsonstream_outcomes<T: DeserializeOwned>(doc: &[u8]) -> Vec<(&'static str, Outcome)> {
    let small = jsonstream::ReaderOptions::new().window_size(4);
    vec![
        ("slice", jsonstream::from_slice::<T>(doc).map(drop)),
        ("reader", jsonstream::from_reader::<_, T>(doc).map(drop)),
        (
            "one-byte reader",
            small.from_reader::<_, T>(OneByteReader::new(doc)).map(drop),
        ),
    ]
    .into_iter()
    .map(|(how, r)| (how, r.map_err(|e| Said::jsonstream(&e))))
    .collect()
}

/// Which documented difference (the README's "Decisions") explains jsonstream saying `ours`
/// where serde_json says `theirs`, if one does.
fn documented(ours: &Said, theirs: &Said) -> Option<&'static str> {
    let later = (theirs.line, theirs.column) >= (ours.line, ours.column);
    if ours.message == "invalid unicode code point" && later {
        // serde_json checks a run of a string's bytes once it has found where the run ends
        // (an escape, the closing quote), and reports at that end or an error before it.
        return Some("invalid UTF-8 at the byte");
    }
    let numeric_key = "invalid value: expected key to be a number in quotes";
    if ours.message == numeric_key
        || theirs.message == numeric_key
        || theirs.message == "expected `\"`"
    {
        // serde_json reads a numeric key's number from the input between the quotes.
        return Some("numeric keys read as strings");
    }
    let ends = [
        "expected `,` or `]`",
        "expected `,` or `}`",
        "trailing characters",
        "expected value",
    ];
    let not_after = (theirs.line, theirs.column) <= (ours.line, ours.column);
    if ours.message == "invalid number"
        && (ends.contains(&theirs.message.as_str()) || not_after && is_data_error(theirs))
    {
        // A number glued to `.`, `+`, `-`, `e` or `E` is an invalid number; serde_json ends
        // the number before that byte and finds the byte out of place, or the number not
        // what the target wants.
        return Some("numbers glued to number bytes");
    }
    None
}

/// Whether serde_json's error is a data error raised by the target (a wrong type, a missing
/// field, ...) rather than a syntax error.
fn is_data_error(said: &Said) -> bool {
    [
        "invalid type:",
        "invalid value:",
        "invalid length",
        "unknown variant",
        "unknown field",
        "missing field",
        "duplicate field",
    ]
    .iter()
    .any(|start| said.message.starts_with(start))
}

/// Whether `ours` for a typed target is explained by jsonstream checking the values that
/// serde_json skips (unknown fields, ignored members) as it checks the values it reads:
/// `ours` is what serde_json says reading the whole document as a `Value` (or a documented
/// difference from it), where serde_json reading the target found no fault of the target's.
fn checked_as_read(ours: &Said, theirs: &Outcome, as_value: &Outcome) -> bool {
    let Err(as_value) = as_value else {
        return false;
    };
    let as_read = ours == as_value || documented(ours, as_value).is_some();
    match theirs {
        Err(theirs) if is_data_error(theirs) => as_read && numeric_key_read_first(ours, theirs),
        _ => as_read,
    }
}

/// Whether serde_json's data error may be about a numeric key's number, which serde_json
/// reads from the input between the quotes, and stops at: jsonstream reads the whole key (and
/// finds a fault in it or after it) first.
fn numeric_key_read_first(ours: &Said, theirs: &Said) -> bool {
    let number = [
        "invalid value: integer",
        "invalid type: integer",
        "invalid type: floating",
    ];
    number.iter().any(|start| theirs.message.starts_with(start))
        && (ours.line, ours.column) >= (theirs.line, theirs.column)
}

/// jsonstream's outcome on every path equals serde_json's (`from_slice`'s; `from_reader`'s
/// too where serde_json's two agree), or the difference is a documented one.
fn check<T: DeserializeOwned>(doc: &[u8]) -> Result<(), TestCaseError> {
    let [slice, reader] = serde_json_outcomes::<T>(doc);
    let [as_value, _] = serde_json_outcomes::<Value>(doc);
    let shown = String::from_utf8_lossy(doc);
    for (how, ours) in jsonstream_outcomes::<T>(doc) {
        for (theirs_how, theirs) in [("from_slice", &slice), ("from_reader", &reader)] {
            if theirs_how == "from_reader" && reader != slice {
                continue;
            }
            let same = match (&ours, theirs) {
                (Ok(()), Ok(())) => true,
                (Err(ours), Err(other)) if ours == other || documented(ours, other).is_some() => {
                    true
                }
                (Err(ours), _) => checked_as_read(ours, theirs, &as_value),
                (Ok(()), Err(_)) => false,
            };
            prop_assert!(
                same,
                "{shown:?} as {}: jsonstream {how} {ours:?}, serde_json {theirs_how} {theirs:?}",
                std::any::type_name::<T>()
            );
        }
    }
    Ok(())
}

/// Edits of a document: up to three byte edits, or a valid JSON value inserted anywhere.
fn edited(doc: Vec<u8>, edits: &[Edit], value: &Value, at: usize, insert: bool) -> Vec<u8> {
    if insert {
        let mut doc = doc;
        let at = at % (doc.len() + 1);
        let text = serde_json::to_vec(value).unwrap();
        doc.splice(at..at, text);
        doc
    } else {
        apply_edits(doc, edits)
    }
}

fn arb_edits() -> impl Strategy<Value = (Vec<Edit>, Value, usize, bool)> {
    (
        prop::collection::vec(arb_edit(), 1..4),
        arb_value(),
        any::<usize>(),
        prop::bool::weighted(0.2),
    )
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn values_fail_with_serde_jsons_messages(
        doc in arb_doc(),
        style in arb_style(),
        (edits, value, at, insert) in arb_edits(),
    ) {
        let doc = edited(doc.write(&style), &edits, &value, at, insert);
        check::<Value>(&doc)?;
    }

    #[test]
    fn typed_targets_fail_with_serde_jsons_messages(
        record in arb_record(),
        pretty in any::<bool>(),
        (edits, value, at, insert) in arb_edits(),
    ) {
        let text = match pretty {
            true => serde_json::to_vec_pretty(&record).unwrap(),
            false => serde_json::to_vec(&record).unwrap(),
        };
        let doc = edited(text, &edits, &value, at, insert);
        check::<Record>(&doc)?;
        check::<Vec<Record>>(&[b"[", &doc[..], b"]"].concat())?;
        check::<HashMap<u32, Kind>>(&doc)?;
        check::<Kind>(&doc)?;
        check::<u64>(&doc)?;
        check::<i8>(&doc)?;
        check::<Vec<i32>>(&doc)?;
        check::<HashMap<i16, Vec<u8>>>(&doc)?;
    }
}
