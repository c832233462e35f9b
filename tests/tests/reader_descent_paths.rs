//! The serde `Deserializer` reads arrays and objects by recursive descent and builds an error's
//! JSON path only as the error unwinds; the pull reader keeps its path in its state machine as
//! it goes. Over generated documents, valid and corrupted, the two must agree exactly: read as
//! `serde_json::Value` (by descent) and walked token by token (`next_token`, then `finish`),
//! every document fails at the same offset, line and column, with the same path and message,
//! or succeeds on both; on the slice, reader and one-byte reader paths.

use jsonstream::{Error, JsonReader, ReaderOptions};
use jsonstream_tests::compare::ErrorPlace;
use jsonstream_tests::readers::OneByteReader;
use jsonstream_tests::strategies::{apply_edits, arb_doc, arb_edit, arb_style, config};
use proptest::prelude::*;
use serde_json::Value;

/// Walks every token of the document with the pull reader.
fn walk<'de, S: jsonstream::read::Read<'de>>(mut reader: JsonReader<S>) -> Result<(), Error> {
    while reader.next_token()?.is_some() {}
    reader.finish()
}

fn outcomes(doc: &[u8]) -> Vec<(&'static str, Result<(), ErrorPlace>)> {
    let small = ReaderOptions::new().window_size(4);
    let results: Vec<(&'static str, Result<(), Error>)> = vec![
        (
            "descent, slice",
            jsonstream::from_slice::<Value>(doc).map(drop),
        ),
        (
            "descent, one-byte reader",
            small
                .from_reader::<_, Value>(OneByteReader::new(doc))
                .map(drop),
        ),
        ("tokens, slice", walk(JsonReader::from_slice(doc))),
        (
            "tokens, one-byte reader",
            walk(small.reader(OneByteReader::new(doc))),
        ),
    ];
    results
        .into_iter()
        .map(|(how, r)| (how, r.map_err(|e| ErrorPlace::of(&e))))
        .collect()
}

/// Numbers that a `Value` cannot hold are an error only for the descent: not a path question.
fn out_of_range(outcome: &Result<(), ErrorPlace>) -> bool {
    matches!(outcome, Err(place) if place.message.starts_with("number out of range"))
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn descent_paths_are_the_pull_readers(
        doc in arb_doc(),
        style in arb_style(),
        edits in prop::collection::vec(arb_edit(), 0..4),
    ) {
        let bytes = apply_edits(doc.write(&style), &edits);
        let all = outcomes(&bytes);
        if all.iter().any(|(_, o)| out_of_range(o)) {
            return Ok(());
        }
        let (first, expected) = &all[0];
        for (how, outcome) in &all[1..] {
            prop_assert_eq!(
                outcome, expected,
                "{} against {} on {:?}", how, first, String::from_utf8_lossy(&bytes)
            );
        }
    }
}

/// Paths through arrays and objects nested in each other, by descent, named as the pull
/// reader names them: the element at its `,`, the key until the `,` after its member, the
/// container itself once its end is seen.
#[test]
fn paths_at_each_step_of_a_container() {
    let cases: &[(&str, &str)] = &[
        (r#"{"a": [1, 2, x]}"#, "$.a[2]"),
        (r#"{"a": [1, 2,]}"#, "$.a[2]"),
        (r#"{"a": [1, 2 3]}"#, "$.a[1]"),
        (r#"{"a": {"b": 1,}}"#, "$.a"),
        (r#"{"a": {"b": 1 "c"}}"#, "$.a.b"),
        (r#"{"a": {"b" 1}}"#, "$.a.b"),
        (r#"{"a": {"b\u00e9x": tru}}"#, "$.a[\"béx\"]"),
        (r#"{"a": {"bc"#, "$.a.bc"),
        (r#"[{"k": [[], [{}, {"z": nul}]]}]"#, "$[0].k[1][1].z"),
        (r#"[[1], [2], 3"#, "$[2]"),
    ];
    for (doc, path) in cases {
        let err = jsonstream::from_str::<Value>(doc).unwrap_err();
        assert_eq!(err.path(), *path, "{doc}: {err}");
        let tokens = walk(JsonReader::from_str(doc)).unwrap_err();
        assert_eq!(ErrorPlace::of(&err), ErrorPlace::of(&tokens), "{doc}");
    }
}

/// An externally tagged enum is read with the pull reader's own state inside a descent, and
/// a descent again inside its content: the steps of both are in the path, in order.
#[test]
fn paths_through_enums_inside_a_descent() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    enum Shape {
        Point { x: i64, tags: Vec<u8> },
        Pair(u8, u8),
    }
    let cases: &[(&str, &str)] = &[
        (
            r#"{"s": [{"Point": {"x": 1, "tags": [1, 300]}}]}"#,
            "$.s[0].Point.tags[1]",
        ),
        (r#"{"s": [{"Pair": [1, -2]}]}"#, "$.s[0].Pair[1]"),
        (
            r#"{"s": [{"Pair": [1, 2]}, {"Point": {"x": "1"}}]}"#,
            "$.s[1].Point.x",
        ),
        (r#"{"s": [{"Pair": [1, 2] 3}]}"#, "$.s[0].Pair"),
    ];
    for (doc, path) in cases {
        let err =
            jsonstream::from_str::<std::collections::HashMap<String, Vec<Shape>>>(doc).unwrap_err();
        assert_eq!(err.path(), *path, "{doc}: {err}");
    }
}
