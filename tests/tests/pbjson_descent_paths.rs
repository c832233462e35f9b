//! PBJSON's serde `Deserializer` reads arrays and objects by recursive descent and builds an
//! error's path only as the error unwinds; the pull reader keeps its frames and path as it
//! goes. Over generated documents, valid and corrupted (bytes replaced, inserted, deleted, the
//! document cut short), the two must agree: read as `serde_json::Value` by descent and walked
//! token by token (`next_token`, then `finish`), every document fails with the same message,
//! offset and path, or succeeds on both; on slices and one-byte readers.

use jsonstream::pbjson::{self, PbReader};
use jsonstream::{Error, ReaderOptions};
use jsonstream_tests::compare::ErrorPlace;
use jsonstream_tests::readers::OneByteReader;
use jsonstream_tests::strategies::{apply_edits, arb_edit, arb_pbjson_doc, config};
use proptest::prelude::*;
use serde_json::Value;

/// Walks every token of the document with the pull reader.
fn walk<'de, S: jsonstream::read::Read<'de>>(mut reader: PbReader<S>) -> Result<(), Error> {
    while reader.next_token()?.is_some() {}
    reader.finish()
}

fn outcomes(doc: &[u8]) -> Vec<(&'static str, Result<(), ErrorPlace>)> {
    let small = ReaderOptions::new().window_size(4);
    let results: Vec<(&'static str, Result<(), Error>)> = vec![
        ("descent, slice", pbjson::from_slice::<Value>(doc).map(drop)),
        (
            "descent, one-byte reader",
            small
                .pbjson_from_reader::<_, Value>(OneByteReader::new(doc))
                .map(drop),
        ),
        ("tokens, slice", walk(PbReader::from_slice(doc))),
        (
            "tokens, one-byte reader",
            walk(small.pbjson_reader(OneByteReader::new(doc))),
        ),
    ];
    results
        .into_iter()
        .map(|(how, r)| (how, r.map_err(|e| ErrorPlace::of(&e))))
        .collect()
}

/// Values that a `Value` cannot hold (binary values, non-finite floats, integers beyond 64
/// bits) are an error only for the descent: not a question of paths.
fn value_only(outcome: &Result<(), ErrorPlace>) -> bool {
    matches!(outcome, Err(place) if place.message.contains("out of range")
        || place.message.contains("byte array")
        || place.message.contains("NaN")
        || place.message.contains("infinit"))
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn descent_paths_are_the_pull_readers(
        doc in arb_pbjson_doc(),
        edits in prop::collection::vec(arb_edit(), 0..4),
    ) {
        let bytes = apply_edits(pbjson::to_vec(&doc).unwrap(), &edits);
        let all = outcomes(&bytes);
        if all.iter().any(|(_, o)| value_only(o)) {
            return Ok(());
        }
        let (first, expected) = &all[0];
        for (how, outcome) in &all[1..] {
            prop_assert_eq!(outcome, expected, "{} against {} on {:02x?}", how, first, bytes);
        }
    }
}

/// Paths through counted and terminated arrays, objects with spelled and memo keys, and an
/// enum's content, by descent.
#[test]
fn paths_at_each_step_of_a_container() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    enum Shape {
        Point { x: i64, tags: Vec<u8> },
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<std::collections::HashMap<String, Vec<u8>>>,
        shape: Option<Shape>,
    }
    let good =
        serde_json::json!({"items": [{"a": [1, 2]}, {"a": [3], "b": [4, 5]}], "shape": null});
    let cases: &[(Value, &str)] = &[
        (
            serde_json::json!({"items": [{"a": [1, 2]}, {"a": [3], "b": [4, 500]}]}),
            "$.items[1].b[1]",
        ),
        (
            serde_json::json!({"items": [{"a": [1, 2]}, {"a": [3], "b": "x"}]}),
            "$.items[1].b",
        ),
        (
            serde_json::json!({"items": [], "shape": {"Point": {"x": 1, "tags": [1, -1]}}}),
            "$.shape.Point.tags[1]",
        ),
        (
            serde_json::json!({"items": [{}, {"a": {}}]}),
            "$.items[1].a",
        ),
    ];
    pbjson::from_slice::<Doc>(&pbjson::to_vec(&good).unwrap()).unwrap();
    for (doc, path) in cases {
        let bytes = pbjson::to_vec(doc).unwrap();
        let err = pbjson::from_slice::<Doc>(&bytes).unwrap_err();
        assert_eq!(err.path(), *path, "{doc}: {err}");
    }
}
