//! Chunk invariance of `#[derive(Load)]`: a derived struct with text and base64 blobs, `seq`
//! fields, nested `Load` types and unknown members, and enums, tuple, newtype and unit
//! structs, tuples and maps with blob and `seq` fields, read through one-byte reads,
//! `Interrupted` errors, short reads and any window size, loads exactly what `load_slice`
//! loads; a corrupted document gives the same error (category, message, offset, line,
//! column, path) whatever the reads. (Windows of 1 to 3 bytes are asked for too; the reader
//! reads them as its minimum of 4.)

use std::collections::BTreeMap;

use jsonstream::{Dump, Load, LoadOwned, Loader};
use jsonstream_tests::compare::assert_no_failures;
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::snapshot::{snap, ErrInfo};
use jsonstream_tests::strategies::{apply_edits, arb_edit, arb_schedule, arb_window, config};
use jsonstream_tests::window::{options, windows};
use proptest::prelude::*;

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Meta {
    author: String,
    #[jsonstream(blob)]
    signature: Vec<u8>,
    #[jsonstream(seq)]
    revisions: Vec<u32>,
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Entry {
    id: u32,
    #[jsonstream(blob)]
    note: Vec<u8>,
    tags: Option<Vec<String>>,
    meta: Option<Meta>,
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Doc {
    title: String,
    #[jsonstream(blob)]
    text: Vec<u8>,
    #[jsonstream(blob = "base64")]
    data: Vec<u8>,
    #[jsonstream(seq)]
    entries: Vec<Entry>,
    meta: Meta,
    #[jsonstream(seq)]
    numbers: Vec<f64>,
    #[jsonstream(default)]
    extra: u8,
}

fn doc() -> Doc {
    Doc {
        title: "t\u{e9}\"".to_owned(),
        text: "line\n\u{1F600} \\ \"q\" \u{1}".as_bytes().to_vec(),
        data: (0..=40u8).map(|b| b.wrapping_mul(37)).collect(),
        entries: vec![
            Entry {
                id: 1,
                note: b"first".to_vec(),
                tags: Some(vec!["a".to_owned(), "b\tc".to_owned()]),
                meta: None,
            },
            Entry {
                id: 2,
                note: Vec::new(),
                tags: None,
                meta: Some(Meta {
                    author: "m".to_owned(),
                    signature: "\u{e9}".as_bytes().to_vec(),
                    revisions: vec![3, 4],
                }),
            },
        ],
        meta: Meta {
            author: "top".to_owned(),
            signature: b"sig".to_vec(),
            revisions: Vec::new(),
        },
        numbers: vec![0.5, -1e10, 3.0],
        extra: 9,
    }
}

/// `value` dumped compact and pretty.
fn compact_and_pretty<T: Dump + Clone>(value: T) -> [Vec<u8>; 2] {
    let mut compact = Vec::new();
    jsonstream::dump(value.clone(), &mut compact).unwrap();
    let mut pretty = Vec::new();
    jsonstream::dump_pretty(value, &mut pretty).unwrap();
    [compact, pretty]
}

/// The documents every test reads: the dumped `doc()`, pretty, and with unknown members of
/// every kind between the known ones (and members in another order).
fn documents() -> Vec<Vec<u8>> {
    let [compact, pretty] = compact_and_pretty(doc());
    let with_unknown = br#"{"u0": {"title": "no", "entries": [1, [2, {"x": null}]]},
        "numbers": [0.5, -1e10, 3.0], "extra": 9,
        "u1": "\ud83d\ude00 unknown \"string\"",
        "meta": {"u2": [], "revisions": [], "signature": "sig", "author": "top", "u3": true},
        "data": "ACVKb5S53gMoTXKXvOEGK1B1mr/kCS5TeJ3C5wwxVnugxeoPNFl+o8g=",
        "entries": [
            {"id": 1, "u4": 1.5e300, "note": "first", "tags": ["a", "b\tc"]},
            {"meta": {"author": "m", "signature": "\u00e9", "revisions": [3, 4]}, "id": 2, "note": "", "tags": null}
        ],
        "text": "line\n\ud83d\ude00 \\ \"q\" \u0001",
        "title": "t\u00e9\"",
        "u5": -0}"#
        .to_vec();
    vec![compact, pretty, with_unknown]
}

/// Loads `input` through `schedule` with `window`.
fn load_with<T: LoadOwned>(
    input: &[u8],
    schedule: &Schedule,
    window: Option<usize>,
) -> Result<T, ErrInfo> {
    snap(
        Loader::new()
            .options(options(window))
            .load(schedule.reader(input)),
    )
}

#[test]
fn the_documents_load_the_same_value_all_ways() {
    for input in documents() {
        let expected = jsonstream::load_slice::<Doc>(&input).unwrap();
        assert_eq!(expected, doc());
        for schedule in Schedule::fixed() {
            for window in windows() {
                let got = load_with::<Doc>(&input, &schedule, window);
                assert_eq!(got.as_ref(), Ok(&expected), "{schedule:?} {window:?}");
            }
        }
        let mut options_slice = Loader::new().options(options(Some(1)));
        assert_eq!(options_slice.load_slice::<Doc>(&input).unwrap(), expected);
    }
}

/// Every way of reading `input` gives the outcome of `load_slice`; the failures, described.
fn check_all_ways<T: LoadOwned + PartialEq + std::fmt::Debug>(
    input: &[u8],
    ways: &[(Schedule, Option<usize>)],
    failures: &mut Vec<String>,
) {
    let expected = snap(jsonstream::load_slice::<T>(input));
    for (schedule, window) in ways {
        let got = load_with::<T>(input, schedule, *window);
        if got != expected {
            failures.push(format!(
                "{:?}\n    {schedule:?} window {window:?}: {got:?}\n    slice: {expected:?}",
                String::from_utf8_lossy(input)
            ));
        }
    }
}

/// [`check_all_ways`] of every copy of `input` with the byte at one of `positions` replaced
/// by one of `bytes` (other than the one there); returns how many copies fail to load.
fn check_replacements<T: LoadOwned + PartialEq + std::fmt::Debug>(
    input: &[u8],
    positions: impl Iterator<Item = usize>,
    bytes: &[u8],
    ways: &[(Schedule, Option<usize>)],
    failures: &mut Vec<String>,
) -> usize {
    let mut errors = 0;
    for pos in positions {
        for &byte in bytes.iter().filter(|&&byte| byte != input[pos]) {
            let mut corrupted = input.to_vec();
            corrupted[pos] = byte;
            if jsonstream::load_slice::<T>(&corrupted).is_err() {
                errors += 1;
            }
            check_all_ways::<T>(&corrupted, ways, failures);
        }
    }
    errors
}

fn sweep_ways() -> Vec<(Schedule, Option<usize>)> {
    vec![
        (Schedule::Whole, None),
        (Schedule::OneByte, None),
        (Schedule::OneByte, Some(1)),
        (Schedule::InterruptedOneByte, Some(3)),
        (Schedule::InterruptedSizes(vec![5, 1, 13]), Some(7)),
    ]
}

#[test]
fn every_truncation_gives_the_same_error_all_ways() {
    let ways = sweep_ways();
    let mut failures = Vec::new();
    for input in documents() {
        for end in 0..input.len() {
            check_all_ways::<Doc>(&input[..end], &ways, &mut failures);
            let err = jsonstream::load_slice::<Doc>(&input[..end]).unwrap_err();
            assert_eq!(err.category(), jsonstream::Category::Eof, "{err}");
        }
    }
    assert_no_failures("truncations", &failures);
}

/// Replacing any byte by any of a few bytes that matter, outside the base64 string (its
/// quotes included), which [`corrupted_base64_is_an_error_all_ways`] corrupts.
#[test]
fn every_byte_replacement_gives_the_same_outcome_all_ways() {
    let ways = sweep_ways();
    let mut failures = Vec::new();
    let mut errors = 0;
    for input in documents() {
        let base64 = base64_span(&input);
        let outside = (0..input.len()).filter(|pos| !(base64.start - 1..=base64.end).contains(pos));
        errors += check_replacements::<Doc>(
            &input,
            outside,
            b"x\"\\}],0 \n\x01\xff",
            &ways,
            &mut failures,
        );
    }
    assert!(errors > 10_000, "only {errors} corrupted documents failed");
    assert_no_failures("replacements", &failures);
}

/// The byte range of the base64 content of `data` in `input`.
fn base64_span(input: &[u8]) -> std::ops::Range<usize> {
    let text = std::str::from_utf8(input).unwrap();
    let key = text.find("\"data\":").unwrap() + "\"data\":".len();
    let open = key + text[key..].find('"').unwrap() + 1;
    let close = open + text[open..].find('"').unwrap();
    open..close
}

/// Corrupted base64 content (padding inside it, a closing quote escaped away included) loads
/// the same all ways, or is the same error all ways: invalid base64 is reported at the symbol
/// to blame, however it was read.
#[test]
fn corrupted_base64_is_an_error_all_ways() {
    let mut failures = Vec::new();
    let mut errors = 0;
    for input in documents() {
        let span = base64_span(&input);
        for pos in span.clone() {
            for byte in *b"!- \\\"x=" {
                let mut corrupted = input.clone();
                corrupted[pos] = byte;
                let expected = snap(jsonstream::load_slice::<Doc>(&corrupted));
                if let Err(err) = &expected {
                    errors += 1;
                    assert_eq!(err.path, "$.data", "{}", err.display);
                }
                for (schedule, window) in sweep_ways() {
                    let got = load_with::<Doc>(&corrupted, &schedule, window);
                    if got != expected {
                        failures.push(format!(
                            "{pos} {:?} {schedule:?} {window:?}: {got:?}\n    vs {expected:?}",
                            byte as char
                        ));
                    }
                }
            }
        }
    }
    assert!(errors > 200, "{errors}");
    assert_no_failures("base64 corruption", &failures);
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_edits_give_the_same_outcome_all_ways(
        which in 0usize..3,
        edits in prop::collection::vec(arb_edit(), 1..4),
        schedule in arb_schedule(),
        window in arb_window(),
    ) {
        let input = documents().swap_remove(which);
        let corrupted = apply_edits(input.clone(), &edits);
        let expected = snap(jsonstream::load_slice::<Doc>(&corrupted));
        let got = load_with::<Doc>(&corrupted, &schedule, window);
        prop_assert!(
            got == expected,
            "{:?}\n  {:?} window {:?}: {:?}\n  slice: {:?}",
            String::from_utf8_lossy(&corrupted), schedule, window, got, expected
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Enums, tuple, newtype and unit structs
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
enum Attachment {
    Inline(#[jsonstream(blob = "base64")] Vec<u8>),
    Text {
        name: String,
        #[jsonstream(blob)]
        body: Vec<u8>,
        #[jsonstream(seq)]
        lines: Vec<u32>,
    },
    Link(String, Option<u16>),
    Missing,
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Note(#[jsonstream(blob)] Vec<u8>);

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Marker;

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Mail {
    #[jsonstream(seq)]
    attachments: Vec<Attachment>,
    notes: (Note, Note),
    by_name: BTreeMap<String, Note>,
    marker: Marker,
    signed: Option<Attachment>,
}

fn mail() -> Mail {
    Mail {
        attachments: vec![
            Attachment::Inline((0..=20u8).map(|b| b.wrapping_mul(53)).collect()),
            Attachment::Text {
                name: "a\"b".to_owned(),
                body: "l1\n\u{1F600}\u{1}".as_bytes().to_vec(),
                lines: vec![1, 2],
            },
            Attachment::Link("https://x/\u{e9}".to_owned(), None),
            Attachment::Missing,
        ],
        notes: (Note(b"first".to_vec()), Note(Vec::new())),
        by_name: BTreeMap::from([
            ("x\u{e9}".to_owned(), Note(b"\"x\"".to_vec())),
            (String::new(), Note(b"empty key".to_vec())),
        ]),
        marker: Marker,
        signed: Some(Attachment::Link("s".to_owned(), Some(443))),
    }
}

#[test]
fn every_shape_loads_the_same_and_fails_the_same_all_ways() {
    let ways = sweep_ways();
    let mut failures = Vec::new();
    let mut errors = 0;
    for input in compact_and_pretty(mail()) {
        assert_eq!(jsonstream::load_slice::<Mail>(&input).unwrap(), mail());
        for (schedule, window) in &ways {
            assert_eq!(load_with::<Mail>(&input, schedule, *window), Ok(mail()));
        }
        for end in 0..input.len() {
            check_all_ways::<Mail>(&input[..end], &ways, &mut failures);
        }
        errors += check_replacements::<Mail>(
            &input,
            0..input.len(),
            b"x\"\\}],0 \n\x01\xff{[",
            &ways,
            &mut failures,
        );
    }
    assert!(errors > 2_000, "only {errors} corrupted documents failed");
    assert_no_failures("shapes", &failures);
}
