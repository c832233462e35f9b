//! The tape held to its contract: whenever `element` gives a value, reading the same text
//! with the reader gives an equal one (floats to the bit, the same variants); where the
//! reader fails, the tape gives nothing. And the tape does replay what it should: every
//! common target on valid, matching input (`Replays` in the tables; `exact` in the
//! properties, for targets that the module's docs never let fall back).

use std::any::type_name;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug};
use std::marker::PhantomData;

use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_bytes::ByteBuf;
use serde_json::Value;

use super::Tape;
use crate::read::limits::Limits;
use crate::read::reader::JsonReader;
use crate::read::SliceRead;

/// `text` recorded as the one element of a fresh tape, if the tape takes it.
fn record(text: &[u8]) -> Option<Tape> {
    let mut tape = Tape::default();
    let mut json = JsonReader::with_source(SliceRead::new(text, None), Limits::default());
    tape.push(&mut json, text).then_some(tape)
}

/// `text`, valid JSON, recorded on a fresh tape and replayed as a `T`.
fn replay<T: DeserializeOwned>(text: &str) -> Option<T> {
    let tape = record(text.as_bytes())
        .unwrap_or_else(|| panic!("the tape did not take {text:?}, valid JSON"));
    assert_eq!(tape.len(), 1);
    tape.element::<T>(0, text.as_bytes())
}

/// Whether the tape replays `text` as a `T`; panics if it gives a value that reading the
/// text does not (an error, or a value that `same` tells apart).
fn agrees_by<T: DeserializeOwned + Debug>(text: &str, same: impl Fn(&T, &T) -> bool) -> bool {
    let Some(replayed) = replay::<T>(text) else {
        return false;
    };
    match crate::from_slice::<T>(text.as_bytes()) {
        Ok(read) => assert!(
            same(&replayed, &read),
            "{text:?} as {}: the tape gives {replayed:?}, the reader {read:?}",
            type_name::<T>()
        ),
        Err(err) => panic!(
            "{text:?} as {}: the tape gives {replayed:?}, the reader fails: {err}",
            type_name::<T>()
        ),
    }
    true
}

/// [`agrees_by`] with `==` and the same `Debug` text, which tells floats apart by their
/// bits (`-0.0` from `0.0`, and any two finite floats whose values differ).
fn agrees<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    agrees_by::<T>(text, |a, b| a == b && format!("{a:?}") == format!("{b:?}"))
}

/// [`agrees_by`] with `==` only, for types whose `Debug` order is not their value's
/// (`HashMap`).
fn agrees_unordered<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    agrees_by::<T>(text, |a, b| a == b)
}

/// [`agrees`], and the tape replays `text` exactly when the reader reads it: for targets
/// that the module's docs never let fall back (no `f32`, `i128`, `u128` or raw values).
fn exact<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    let replayed = agrees::<T>(text);
    let read = crate::from_slice::<T>(text.as_bytes());
    assert_eq!(
        replayed,
        read.is_ok(),
        "{text:?} as {}: the reader gives {read:?}, the tape falls back",
        type_name::<T>()
    );
    replayed
}

/// [`exact`] with [`agrees_unordered`].
fn exact_unordered<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    let replayed = agrees_unordered::<T>(text);
    let read = crate::from_slice::<T>(text.as_bytes());
    assert_eq!(
        replayed,
        read.is_ok(),
        "{text:?} as {}: the reader gives {read:?}, the tape falls back",
        type_name::<T>()
    );
    replayed
}

/// What a table expects of a text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    /// The reader reads it, and the tape replays it (equal, as [`agrees`] checks).
    Replays,
    /// The reader fails, so the tape gives nothing.
    Fails,
    /// The reader reads it; the tape may fall back (as the module's docs allow), or
    /// replay it equal.
    Reads,
}

use Want::{Fails, Reads, Replays};

/// Checks each text of `cases` as a `T` (compared by `same`); returns how many.
fn check_by<T: DeserializeOwned + Debug>(
    cases: &[(&str, Want)],
    same: impl Fn(&T, &T) -> bool + Copy,
) -> usize {
    for &(text, want) in cases {
        let replayed = agrees_by::<T>(text, same);
        let read = crate::from_slice::<T>(text.as_bytes());
        let name = type_name::<T>();
        match want {
            Replays => {
                assert!(
                    read.is_ok(),
                    "{text:?} as {name}: the table expects a value: {read:?}"
                );
                assert!(
                    replayed,
                    "{text:?} as {name}: the tape falls back to the text"
                );
            }
            Fails => {
                assert!(
                    read.is_err(),
                    "{text:?} as {name}: the table expects an error: {read:?}"
                );
                assert!(!replayed, "{text:?} as {name}: the tape gives a value");
            }
            Reads => {
                assert!(
                    read.is_ok(),
                    "{text:?} as {name}: the table expects a value: {read:?}"
                );
            }
        }
    }
    cases.len()
}

fn check<T: DeserializeOwned + PartialEq + Debug>(cases: &[(&str, Want)]) -> usize {
    check_by::<T>(cases, |a, b| a == b && format!("{a:?}") == format!("{b:?}"))
}

fn check_unordered<T: DeserializeOwned + PartialEq + Debug>(cases: &[(&str, Want)]) -> usize {
    check_by::<T>(cases, |a, b| a == b)
}

#[derive(Deserialize, PartialEq, Debug)]
struct Record {
    id: u64,
    name: String,
    score: f64,
    ratio: f32,
    tags: Vec<String>,
    parent: Option<Box<Record>>,
    #[serde(default)]
    active: bool,
    nested: Option<Inner>,
}

#[derive(Deserialize, PartialEq, Debug, Default)]
struct Inner {
    x: i32,
    y: Option<String>,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: u8,
    b: Option<String>,
}

#[derive(Deserialize, PartialEq, Debug)]
struct Renamed {
    #[serde(rename = "type")]
    kind: String,
    #[serde(alias = "n")]
    count: u32,
}

#[derive(Deserialize, PartialEq, Debug)]
struct Flat {
    id: u32,
    #[serde(flatten)]
    inner: Inner,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[derive(Deserialize, PartialEq, Debug)]
struct FlatNumbers {
    a: u8,
    #[serde(flatten)]
    rest: BTreeMap<u32, u8>,
}

#[derive(Deserialize, PartialEq, Debug)]
struct Unit;

#[derive(Deserialize, PartialEq, Debug)]
struct Id(u32);

#[derive(Deserialize, PartialEq, Debug)]
struct Pair(u8, String);

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Key(i64);

#[derive(Deserialize, PartialEq, Debug)]
enum Shape {
    Unit,
    New(u32),
    Tup(u8, f32),
    Struct { x: i32, y: Option<String> },
}

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Color {
    Red,
    Green,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(tag = "type")]
enum Tagged {
    A { a: u8 },
    B { b: f32 },
    C(Inner),
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    A(u8),
    B(String),
    C,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(untagged)]
enum Loose {
    Null,
    Int(i64),
    Big(u64),
    Float(f64),
    Text(String),
    List(Vec<Loose>),
    Object(BTreeMap<String, Loose>),
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(untagged)]
enum LooseSingle {
    Single(f32),
    Text(String),
    List(Vec<LooseSingle>),
}

/// The members of an object in order, with keys of any type (`f32` ones, which no map of
/// the standard library holds).
#[derive(PartialEq, Debug)]
struct Pairs<K, V>(Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }

        de.deserialize_map(PairsVisitor(PhantomData))
    }
}

#[test]
fn scalars() {
    let mut n = 0;
    n += check::<bool>(&[
        ("true", Replays),
        (" false ", Replays),
        ("1", Fails),
        ("\"true\"", Fails),
        ("null", Fails),
        ("[true]", Fails),
    ]);
    n += check::<()>(&[
        ("null", Replays),
        ("0", Fails),
        ("[]", Fails),
        ("{}", Fails),
    ]);
    n += check::<IgnoredAny>(&[
        ("null", Replays),
        ("[1, {\"a\": [2, \"\\u0031\"]}, -0.5e3]", Replays),
        ("{\"a\": {\"b\": {}}}", Replays),
    ]);
    n += check::<String>(&[
        ("\"\"", Replays),
        ("\"abc\"", Replays),
        ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", Replays),
        ("\"\\u0000\\u001f\\u00e9\\uFFFF\"", Replays),
        ("\"\\ud83d\\ude00 and \\uD83D\\uDE00\"", Replays),
        ("\"é日😀\u{2028}\"", Replays),
        ("1", Fails),
        ("null", Fails),
        ("[\"a\"]", Fails),
    ]);
    n += check::<Box<str>>(&[("\"a\\nb\"", Replays), ("true", Fails)]);
    n += check::<Cow<'static, str>>(&[("\"a\\nb\"", Replays), ("\"ab\"", Replays)]);
    n += check::<char>(&[
        ("\"a\"", Replays),
        ("\"é\"", Replays),
        ("\"\\u00e9\"", Replays),
        ("\"😀\"", Replays),
        ("\"\\ud83d\\ude00\"", Replays),
        ("\"\\n\"", Replays),
        ("\"ab\"", Fails),
        ("\"a\\n\"", Fails),
        ("\"\"", Fails),
        ("1", Fails),
        ("null", Fails),
    ]);
    eprintln!("{n} cases");
}

#[test]
fn integers() {
    let mut n = 0;
    n += check::<u8>(&[
        ("0", Replays),
        ("255", Replays),
        (" 7 ", Replays),
        ("256", Fails),
        ("-1", Fails),
        ("1e2", Fails),
        ("1.0", Fails),
        ("-0", Fails),
        ("\"1\"", Fails),
        ("null", Fails),
        ("true", Fails),
        ("[1]", Fails),
    ]);
    n += check::<i8>(&[
        ("-128", Replays),
        ("127", Replays),
        ("128", Fails),
        ("-129", Fails),
    ]);
    n += check::<u16>(&[("65535", Replays), ("65536", Fails), ("-1", Fails)]);
    n += check::<i16>(&[("-32768", Replays), ("32768", Fails)]);
    n += check::<u32>(&[
        ("4294967295", Replays),
        ("4294967296", Fails),
        ("1.5", Fails),
    ]);
    n += check::<i32>(&[
        ("-2147483648", Replays),
        ("2147483648", Fails),
        ("-0", Fails),
    ]);
    n += check::<u64>(&[
        ("0", Replays),
        ("18446744073709551615", Replays),
        ("18446744073709551616", Fails),
        ("-1", Fails),
        ("-0", Fails),
        ("1e2", Fails),
        ("1.0", Fails),
        ("1E0", Fails),
    ]);
    n += check::<i64>(&[
        ("-9223372036854775808", Replays),
        ("9223372036854775807", Replays),
        ("9223372036854775808", Fails),
        ("-9223372036854775809", Fails),
        ("-0", Fails),
        ("1e2", Fails),
        ("\"-1\"", Fails),
    ]);
    n += check::<i128>(&[
        ("0", Replays),
        ("-1", Replays),
        ("18446744073709551615", Replays),
        ("-9223372036854775808", Replays),
        ("18446744073709551616", Reads),
        ("-9223372036854775809", Reads),
        ("170141183460469231731687303715884105727", Reads),
        ("-170141183460469231731687303715884105728", Reads),
        ("-0", Reads),
        ("170141183460469231731687303715884105728", Fails),
        ("-170141183460469231731687303715884105729", Fails),
        ("1e2", Fails),
        ("1.0", Fails),
        ("\"1\"", Fails),
        ("null", Fails),
    ]);
    n += check::<u128>(&[
        ("0", Replays),
        ("18446744073709551615", Replays),
        ("18446744073709551616", Reads),
        ("340282366920938463463374607431768211455", Reads),
        ("340282366920938463463374607431768211456", Fails),
        ("-1", Fails),
        ("-0", Fails),
        ("1.5", Fails),
        ("1e2", Fails),
    ]);
    n += check::<Option<i128>>(&[("null", Replays), ("-5", Replays), ("1e40", Fails)]);
    eprintln!("{n} cases");
}

#[test]
fn floats() {
    let mut n = 0;
    n += check::<f64>(&[
        ("0", Replays),
        ("-0", Replays),
        ("-0.0", Replays),
        ("0e5", Replays),
        ("1", Replays),
        ("-1", Replays),
        ("1.5", Replays),
        ("0.1", Replays),
        ("1e308", Replays),
        ("1.7976931348623157e308", Replays),
        ("1.7976931348623158e308", Replays),
        ("5e-324", Replays),
        ("2e-324", Replays),
        ("3e-324", Replays),
        ("1e-400", Replays),
        ("-1e-400", Replays),
        ("2.2250738585072011e-308", Replays),
        ("18446744073709551615", Replays),
        ("18446744073709551616", Replays),
        ("-9223372036854775809", Replays),
        ("123456789012345678901234567890", Replays),
        ("0.30000000000000004441", Replays),
        ("9007199254740993", Replays),
        ("9007199254740993.0", Replays),
        ("\"1\"", Fails),
        ("null", Fails),
        ("[1]", Fails),
    ]);
    n += check::<f32>(&[
        ("0", Replays),
        ("-0", Replays),
        ("-0.0", Replays),
        ("1", Replays),
        ("0.1", Replays),
        ("-0.1", Replays),
        ("1.5", Replays),
        ("3.14159265358979", Replays),
        ("-2.5e10", Replays),
        ("1e2", Replays),
        ("16777216", Replays),
        ("16777217", Replays),
        ("-16777217", Replays),
        ("18446744073709551615", Replays),
        ("16777217.00000001", Replays),
        ("16777216.99999999", Replays),
        // Midpoints, and decimals whose f64 is one: the tape may fall back.
        ("16777217.0", Reads),
        ("16777217.000000001", Reads),
        ("16777216.999999999", Reads),
        ("-16777217e0", Reads),
        ("0.5000000298023223876953125", Reads),
        ("1.00000005960464477539062500000000001", Reads),
        // The largest f32, and beyond it up to the midpoint where f32 overflows.
        ("3.4028234663852886e38", Replays),
        ("3.4028235e38", Replays),
        ("-3.4028235e38", Replays),
        ("3.40282356e38", Replays),
        ("340282356779733661637539395458142568447", Reads),
        ("3.4028235677973366e38", Reads),
        ("340282356779733661637539395458142568448", Fails),
        ("3.4028235677973367e38", Fails),
        ("3.4028236e38", Fails),
        ("1e39", Fails),
        ("-1e39", Fails),
        ("1e300", Fails),
        ("340282366920938463463374607431768211456", Fails),
        // Subnormals, and the way down to zero.
        ("1.17549435e-38", Replays),
        ("1.1754942e-38", Replays),
        ("1e-40", Replays),
        ("1e-45", Replays),
        ("-1e-45", Replays),
        ("1.401298464324817e-45", Replays),
        ("2.1019476964872256e-45", Reads),
        ("7.006492321624085e-46", Reads),
        ("7.0064923216240854e-46", Reads),
        ("7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015625e-46", Reads),
        ("7.1e-46", Replays),
        ("7e-46", Replays),
        ("1e-46", Replays),
        ("-1e-46", Replays),
        ("1e-50", Replays),
        ("1e-400", Replays),
        ("\"1\"", Fails),
        ("null", Fails),
    ]);
    n += check::<Option<f32>>(&[("null", Replays), ("0.1", Replays), ("1e39", Fails)]);
    n += check::<Vec<f32>>(&[
        ("[]", Replays),
        ("[0.1, 1e-45, 3.4028235e38, -0, 16777217, 1e-50]", Replays),
        ("[0.1, 16777217.0]", Reads),
        ("[0.1, 1e39]", Fails),
        ("[0.1, \"x\"]", Fails),
    ]);
    n += check::<(f32, f64)>(&[("[0.1, 0.1]", Replays), ("[1e39, 1e39]", Fails)]);
    eprintln!("{n} cases");
}

#[test]
fn options_units_newtypes_tuples_sequences() {
    let mut n = 0;
    n += check::<Option<u8>>(&[
        ("null", Replays),
        ("1", Replays),
        ("256", Fails),
        ("\"x\"", Fails),
    ]);
    n += check::<Option<Option<u8>>>(&[("null", Replays), ("1", Replays), ("[null]", Fails)]);
    n += check::<Option<()>>(&[("null", Replays), ("0", Fails)]);
    n += check::<Option<Vec<Option<bool>>>>(&[
        ("[true, null, false]", Replays),
        ("null", Replays),
        ("[null, 1]", Fails),
    ]);
    n += check::<Unit>(&[
        ("null", Replays),
        ("{}", Fails),
        ("[]", Fails),
        ("0", Fails),
    ]);
    n += check::<Id>(&[
        ("7", Replays),
        ("\"7\"", Fails),
        ("[7]", Fails),
        ("-7", Fails),
    ]);
    n += check::<Pair>(&[
        ("[1, \"a\"]", Replays),
        ("[1]", Fails),
        ("[1, \"a\", 2]", Fails),
        ("{}", Fails),
        ("{\"0\": 1, \"1\": \"a\"}", Fails),
    ]);
    n += check::<(u8, bool)>(&[
        ("[1, true]", Replays),
        (" [ 1 , true ] ", Replays),
        ("[1, true, 3]", Fails),
        ("[1, true, []]", Fails),
        ("[1]", Fails),
        ("[]", Fails),
        ("{\"0\": 1}", Fails),
    ]);
    n += check::<(String, f64, Option<i32>)>(&[
        ("[\"a\", -0.0, null]", Replays),
        ("[\"a\", 1, -3]", Replays),
    ]);
    n += check::<((),)>(&[("[null]", Replays), ("[null, null]", Fails)]);
    n += check::<[u8; 3]>(&[
        ("[1, 2, 3]", Replays),
        ("[1, 2]", Fails),
        ("[1, 2, 3, 4]", Fails),
    ]);
    n += check::<[f32; 0]>(&[("[]", Replays), ("[1]", Fails)]);
    n += check::<Vec<u8>>(&[
        ("[]", Replays),
        ("[0, 255]", Replays),
        ("[256]", Fails),
        ("\"ab\"", Fails),
        ("[\"a\"]", Fails),
    ]);
    n += check::<Vec<Vec<i64>>>(&[("[[1, -2], [], [3]]", Replays), ("[[1], 2]", Fails)]);
    n += check::<Vec<String>>(&[("[\"a\", \"\\u00e9\", \"\"]", Replays)]);
    n += check::<ByteBuf>(&[
        ("\"abc\"", Replays),
        ("\"\\u00e9\\n\"", Replays),
        ("\"\"", Replays),
        ("[1, 2, 255]", Replays),
        ("[]", Replays),
        ("[256]", Fails),
        ("[-1]", Fails),
        ("[\"a\"]", Fails),
        ("1", Fails),
        ("null", Fails),
        ("{}", Fails),
    ]);
    n += check::<Vec<ByteBuf>>(&[("[\"a\", [1], \"\"]", Replays)]);
    n += check::<std::time::Duration>(&[
        ("{\"secs\": 1, \"nanos\": 5}", Replays),
        ("[1, 5]", Replays),
        ("{\"secs\": 1}", Fails),
    ]);
    eprintln!("{n} cases");
}

#[test]
fn structs() {
    let full = r#"{"id": 1, "name": "n", "score": 1.5, "ratio": 0.1, "tags": ["a", "b"],
        "parent": {"id": 2, "name": "p\u00e9", "score": -0, "ratio": -0.0, "tags": [],
        "parent": null}, "active": true, "nested": {"x": -3}}"#;
    let mut n = 0;
    n += check::<Record>(&[
        (full, Replays),
        (
            r#"{"tags": [], "ratio": 1e-45, "score": 0, "name": "", "id": 0}"#,
            Replays,
        ),
        (
            r#"{"id": 1, "name": "n", "score": 1, "ratio": 1, "tags": [],
                "unknown": {"a": [1, {"b": null}], "c": "\u0031"}, "more": [[]]}"#,
            Replays,
        ),
        (
            r#"{"\u0069d": 1, "n\u0061me": "n", "score": 1, "ratio": 1, "tags": []}"#,
            Replays,
        ),
        (
            r#"[1, "n", 1.5, 0.1, ["t"], null, true, {"x": 1, "y": "s"}]"#,
            Replays,
        ),
        (
            r#"{"id": 1, "name": "n", "score": 1, "ratio": 16777217.0, "tags": []}"#,
            Reads,
        ),
        (
            r#"{"name": "n", "score": 1, "ratio": 1, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": 1, "id": 2, "name": "n", "score": 1, "ratio": 1, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": -1, "name": "n", "score": 1, "ratio": 1, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": 1.0, "name": "n", "score": 1, "ratio": 1, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": 1, "name": 1, "score": 1, "ratio": 1, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": 1, "name": "n", "score": 1, "ratio": 1e39, "tags": []}"#,
            Fails,
        ),
        (
            r#"{"id": 1, "name": "n", "score": 1, "ratio": 1, "tags": "t"}"#,
            Fails,
        ),
        (
            r#"[1, "n", 1.5, 0.1, ["t"], null, true, {"x": 1, "y": "s"}, 0]"#,
            Fails,
        ),
        ("[]", Fails),
        ("\"Record\"", Fails),
        ("null", Fails),
    ]);
    n += check::<Option<Record>>(&[("null", Replays), (full, Replays)]);
    n += check::<Strict>(&[
        ("{\"a\": 1}", Replays),
        ("{\"a\": 1, \"b\": null}", Replays),
        ("{\"b\": \"s\", \"a\": 1}", Replays),
        ("{\"a\": 1, \"c\": 2}", Fails),
        ("{\"a\": 1, \"a\": 2}", Fails),
        ("{\"b\": \"s\"}", Fails),
    ]);
    n += check::<Renamed>(&[
        ("{\"type\": \"x\", \"n\": 1}", Replays),
        ("{\"type\": \"x\", \"count\": 1}", Replays),
        ("{\"kind\": \"x\", \"count\": 1}", Fails),
    ]);
    n += check::<Flat>(&[
        (
            "{\"id\": 1, \"x\": 2, \"y\": \"s\", \"z\": [1.5, -0], \"w\": {}}",
            Replays,
        ),
        ("{\"x\": 2, \"id\": 1}", Replays),
        ("{\"id\": 1, \"y\": \"s\"}", Fails),
        ("{\"id\": 1, \"x\": 2.5}", Fails),
    ]);
    n += check::<FlatNumbers>(&[("{\"a\": 1}", Replays), ("{\"a\": 1, \"2\": 3}", Fails)]);
    n += check::<Vec<Inner>>(&[
        (
            "[{\"x\": 1}, [2, \"y\"], {\"y\": null, \"x\": -2}]",
            Replays,
        ),
        ("[{\"x\": 1}, [2, \"y\", 3]]", Fails),
    ]);
    eprintln!("{n} cases");
}

#[test]
fn enums() {
    let mut n = 0;
    n += check::<Shape>(&[
        ("\"Unit\"", Replays),
        ("\"\\u0055nit\"", Replays),
        ("{\"Unit\": null}", Replays),
        ("{\"\\u0055nit\": null}", Replays),
        ("{\"New\": 5}", Replays),
        (" { \"New\" : 5 } ", Replays),
        ("{\"Tup\": [1, 0.1]}", Replays),
        ("{\"Struct\": {\"x\": -1}}", Replays),
        (
            "{\"Struct\": {\"y\": \"s\", \"x\": -1, \"z\": [0]}}",
            Replays,
        ),
        ("{\"Struct\": [1, \"s\"]}", Replays),
        ("{\"Tup\": [1, 16777217.0]}", Reads),
        ("{\"New\": 5, \"Unit\": null}", Fails),
        ("{\"Unit\": null, \"Unit\": null}", Fails),
        ("{}", Fails),
        ("\"New\"", Fails),
        ("\"Nope\"", Fails),
        ("{\"Nope\": 1}", Fails),
        ("{\"Unit\": 1}", Fails),
        ("{\"Unit\": {}}", Fails),
        ("{\"New\": -5}", Fails),
        ("{\"New\": [5]}", Fails),
        ("{\"Tup\": [1]}", Fails),
        ("{\"Tup\": [1, 2, 3]}", Fails),
        ("{\"Tup\": [1, 1e39]}", Fails),
        ("{\"Struct\": {\"x\": 1, \"x\": 2}}", Fails),
        ("{\"Struct\": 1}", Fails),
        ("1", Fails),
        ("0", Fails),
        ("null", Fails),
        ("[\"Unit\"]", Fails),
    ]);
    n += check::<Vec<Color>>(&[("[\"Red\", \"Green\"]", Replays), ("[\"Blue\"]", Fails)]);
    n += check::<Tagged>(&[
        ("{\"type\": \"A\", \"a\": 1}", Replays),
        ("{\"a\": 1, \"type\": \"A\"}", Replays),
        ("{\"type\": \"B\", \"b\": 0.1}", Replays),
        ("{\"type\": \"B\", \"b\": 16777217.0}", Replays),
        ("{\"type\": \"C\", \"x\": 1}", Replays),
        ("{\"type\": \"D\"}", Fails),
        ("{\"a\": 1}", Fails),
        ("{\"type\": \"A\", \"a\": 256}", Fails),
    ]);
    n += check::<Adjacent>(&[
        ("{\"t\": \"A\", \"c\": 1}", Replays),
        ("{\"c\": \"s\", \"t\": \"B\"}", Replays),
        ("{\"t\": \"C\"}", Replays),
        ("{\"t\": \"A\"}", Fails),
        ("{\"t\": \"A\", \"c\": 256}", Fails),
    ]);
    n += check::<Loose>(&[
        ("null", Replays),
        ("1", Replays),
        ("-1", Replays),
        ("18446744073709551615", Replays),
        ("18446744073709551616", Replays),
        ("1.5", Replays),
        ("-0", Replays),
        ("\"s\\n\"", Replays),
        ("[1, \"a\", [null], {}]", Replays),
        ("{\"k\": {\"j\": -0.0}, \"\\u006b\": 2}", Replays),
        ("true", Fails),
        ("[true]", Fails),
    ]);
    n += check::<LooseSingle>(&[
        ("0.1", Replays),
        ("16777217.0", Replays),
        ("[1e-45, \"s\", [3.4028235e38]]", Replays),
        ("1e39", Replays),
        ("null", Fails),
    ]);
    eprintln!("{n} cases");
}

#[test]
fn maps_and_keys() {
    let mut n = 0;
    n += check::<BTreeMap<String, i32>>(&[
        ("{}", Replays),
        ("{\"a\": 1, \"b\": -2}", Replays),
        (
            "{\"a\\nb\": 1, \"\\u00e9\": 2, \"é\": 3, \"\\ud83d\\ude00\": 4}",
            Replays,
        ),
        ("{\"a\": 1, \"a\": 2}", Replays),
        ("{\"a\": \"x\"}", Fails),
        ("[]", Fails),
        ("null", Fails),
    ]);
    n += check_unordered::<HashMap<u32, String>>(&[
        (
            "{\"1\": \"a\", \"4294967295\": \"b\", \"0\": \"c\"}",
            Replays,
        ),
        ("{\"1\": \"a\", \"1\": \"b\"}", Replays),
        ("{\"\\u0031\": \"a\"}", Fails),
        ("{\"1\\u0030\": \"a\"}", Fails),
        ("{\"a\": \"x\"}", Fails),
        ("{\"-1\": \"x\"}", Fails),
        ("{\"-0\": \"x\"}", Fails),
        ("{\"1.0\": \"x\"}", Fails),
        ("{\"1e2\": \"x\"}", Fails),
        ("{\" 1\": \"x\"}", Fails),
        ("{\"1 \": \"x\"}", Fails),
        ("{\"01\": \"x\"}", Fails),
        ("{\"+1\": \"x\"}", Fails),
        ("{\"4294967296\": \"x\"}", Fails),
        ("{\"\": \"x\"}", Fails),
        ("{\"1\": 1}", Fails),
    ]);
    n += check::<BTreeMap<i64, bool>>(&[
        ("{\"-5\": true, \"9223372036854775807\": false}", Replays),
        ("{\"-9223372036854775808\": true}", Replays),
        ("{\"9223372036854775808\": true}", Fails),
        ("{\"-9223372036854775809\": true}", Fails),
        ("{\"-\\u0035\": true}", Fails),
        ("{\"1.5\": true}", Fails),
    ]);
    n += check::<BTreeMap<u8, u8>>(&[("{\"255\": 1}", Replays), ("{\"256\": 1}", Fails)]);
    n += check::<BTreeMap<bool, u8>>(&[
        ("{\"true\": 1, \"false\": 0}", Replays),
        ("{\"True\": 1}", Fails),
        ("{\"\\u0074rue\": 1}", Fails),
        ("{\"1\": 1}", Fails),
        ("{\"true \": 1}", Fails),
        ("{\"null\": 1}", Fails),
    ]);
    n += check::<BTreeMap<char, u8>>(&[
        ("{\"a\": 1, \"\\u00e9\": 2}", Replays),
        ("{\"ab\": 1}", Fails),
        ("{\"\": 1}", Fails),
    ]);
    n += check::<BTreeMap<Key, u8>>(&[("{\"-3\": 1}", Replays), ("{\"x\": 1}", Fails)]);
    n += check::<BTreeMap<Option<u8>, u8>>(&[("{\"1\": 2}", Replays), ("{\"null\": 2}", Fails)]);
    n += check::<BTreeMap<Color, u8>>(&[
        ("{\"Red\": 1, \"Green\": 2}", Replays),
        ("{\"R\\u0065d\": 1}", Replays),
        ("{\"Blue\": 1}", Fails),
    ]);
    n += check::<BTreeMap<String, Vec<f32>>>(&[
        ("{\"a\": [0.1, -0], \"b\": []}", Replays),
        ("{\"a\": [1e39]}", Fails),
    ]);
    n += check::<BTreeMap<String, Value>>(&[("{\"a\": [1, {\"b\": null}]}", Replays)]);
    n += check::<Pairs<f32, u8>>(&[
        (
            "{\"0.1\": 1, \"-0\": 2, \"1e-45\": 3, \"3.4028235e38\": 4, \"16777217\": 5}",
            Replays,
        ),
        ("{\"16777217.0\": 1, \"1e-46\": 2, \"-1e-50\": 3}", Reads),
        ("{\"1e39\": 1}", Fails),
        ("{\"\\u0030.5\": 1}", Fails),
        ("{\"0.5\": 1.5}", Fails),
    ]);
    n += check::<Pairs<f64, u8>>(&[
        (
            "{\"1.5\": 1, \"-0\": 2, \"18446744073709551616\": 3}",
            Replays,
        ),
        ("{\"1e400\": 1}", Fails),
        ("{\"1.5 \": 1}", Fails),
    ]);
    n += check::<Pairs<i128, u8>>(&[
        ("{\"-1\": 1, \"18446744073709551615\": 2}", Replays),
        ("{\"170141183460469231731687303715884105727\": 1}", Reads),
        ("{\"170141183460469231731687303715884105728\": 1}", Fails),
        ("{\"1e2\": 1}", Fails),
    ]);
    n += check::<Pairs<u128, u8>>(&[
        ("{\"340282366920938463463374607431768211455\": 1}", Reads),
        ("{\"-0\": 1}", Fails),
        ("{\"-1\": 1}", Fails),
    ]);
    n += check::<Pairs<Value, u8>>(&[("{\"1\": 1, \"a\": 2}", Replays)]);
    n += check::<Pairs<Shape, u8>>(&[("{\"Unit\": 1}", Replays), ("{\"New\": 1}", Fails)]);
    n += check::<Pairs<(), u8>>(&[("{\"\": 1}", Fails)]);
    n += check::<Pairs<ByteBuf, u8>>(&[("{\"ab\": 1, \"\\u00e9\": 2}", Replays)]);
    eprintln!("{n} cases");
}

#[test]
fn json_values() {
    let n = check::<Value>(&[
        ("null", Replays),
        ("true", Replays),
        ("0", Replays),
        ("-0", Replays),
        ("-0.0", Replays),
        ("1.0", Replays),
        ("1e2", Replays),
        ("18446744073709551615", Replays),
        ("18446744073709551616", Replays),
        ("-9223372036854775808", Replays),
        ("-9223372036854775809", Replays),
        ("1e-400", Replays),
        ("5e-324", Replays),
        ("1.7976931348623157e308", Replays),
        ("\"\\ud83d\\ude00\\u0000\"", Replays),
        ("[]", Replays),
        ("{}", Replays),
        ("[1, [2, [3, {\"a\": [{}]}]], \"x\"]", Replays),
        ("{\"a\": 1, \"a\": 2, \"\\u0061\": 3}", Replays),
        ("{\"\": null, \"é\": {\"\\n\": [-0.5e-3]}}", Replays),
    ]);
    eprintln!("{n} cases");
}

#[test]
fn raw_values_fall_back() {
    for text in ["[1,  2]", "{\"a\" : \"\\u0031\"}", "1.50", "\"s\""] {
        let read = crate::from_slice::<Box<crate::RawJson>>(text.as_bytes()).unwrap();
        if let Some(replayed) = replay::<Box<crate::RawJson>>(text) {
            assert_eq!(replayed.get(), read.get(), "{text:?}");
        }
        #[cfg(feature = "serde_json")]
        {
            let read =
                crate::from_slice::<Box<serde_json::value::RawValue>>(text.as_bytes()).unwrap();
            if let Some(replayed) = replay::<Box<serde_json::value::RawValue>>(text) {
                assert_eq!(replayed.get(), read.get(), "{text:?}");
            }
        }
    }
}

#[test]
fn depth() {
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    // The default limit accepts 127 levels, and the tape replays them all.
    assert!(exact::<Value>(&nested(127)));
    assert!(record(nested(128).as_bytes()).is_none());
    assert!(crate::from_slice::<Value>(nested(128).as_bytes()).is_err());
}

/// What is not one valid value is not recorded, and leaves the tape as it was.
#[test]
fn invalid_values_are_not_recorded() {
    let invalid: &[&[u8]] = &[
        b"",
        b" ",
        b"[1,]",
        b"[1 2]",
        b"{\"a\"}",
        b"{\"a\": 1,}",
        b"{1: 2}",
        b"1 2",
        b"[1] x",
        b"nul",
        b"01",
        b"1.",
        b"-",
        b"1e",
        b"1e400",
        b"-1e400",
        b"[1e400]",
        b"\"\\x\"",
        b"\"\x01\"",
        b"\"abc",
        b"\"\\ud83d\"",
        b"\"\\ude00\"",
        b"\"\xff\"",
        b"\"\xc3\"",
        b"[",
        b"{",
        b"]",
    ];
    let valid = b"[1, \"a\"]";
    for &bytes in invalid {
        assert!(
            crate::from_slice::<Value>(bytes).is_err(),
            "{:?} is valid",
            String::from_utf8_lossy(bytes)
        );
        // One input, as a batch: the valid element, then the invalid one.
        let input = [&valid[..], bytes].concat();
        let mut tape = Tape::default();
        let mut json = JsonReader::with_source(SliceRead::new(&input, None), Limits::default());
        json.source_mut().select(0..valid.len());
        assert!(tape.push(&mut json, &input));
        let (entries, text) = (tape.words.len(), tape.text.len());
        json.restart();
        json.source_mut().select(valid.len()..input.len());
        assert!(
            !tape.push(&mut json, &input),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(
            (tape.len(), tape.words.len(), tape.text.len()),
            (1, entries, text)
        );
        assert_eq!(
            tape.element::<(u8, String)>(0, &input),
            Some((1, "a".to_string()))
        );
    }
}

/// A tape holds the elements of one input, and replays them only from those bytes, where its
/// borrowed strings are: another input, even with the same bytes, is refused.
#[test]
fn a_tape_is_replayed_from_its_own_input() {
    let input = br#"["a", "b\n"]"#.to_vec();
    let copy = input.clone();
    let tape = record(&input).unwrap();
    let want = Some(vec!["a".to_string(), "b\n".to_string()]);
    assert_eq!(tape.element::<Vec<String>>(0, &input), want);
    assert_eq!(tape.element::<Vec<String>>(0, &copy), None);
    assert_eq!(
        tape.element::<Vec<String>>(0, &input[..input.len() - 1]),
        None
    );
    // The borrowed string is read from the input, the unescaped one from the tape's text.
    assert_eq!(tape.text, "b\n");

    let mut tape = Tape::default();
    let mut json = JsonReader::with_source(SliceRead::new(&input, None), Limits::default());
    assert!(tape.push(&mut json, &input));
    let mut json = JsonReader::with_source(SliceRead::new(&copy, None), Limits::default());
    assert!(!tape.push(&mut json, &copy));
    assert_eq!(tape.len(), 1);
    tape.clear();
    assert!(tape.push(&mut json, &copy));
    assert_eq!(tape.element::<Vec<String>>(0, &copy), want);
}

/// Elements of one input, recorded one after another by one reader as a decoding thread
/// records a batch, each replayed as reading its text would.
#[test]
fn elements_of_a_batch() {
    let elements = [
        " [1, 2.5, -0]",
        "\n{\"a\": \"\\u0031\", \"1\": [true]}",
        " \"s\\n\" ",
        "-0",
        "{\"New\": 7}",
        "18446744073709551616",
        "null",
        "{\"1\": 2, \"3\": 4}",
    ];
    let bytes = elements.join(",");
    let mut spans = Vec::new();
    let mut at = 0;
    for element in elements {
        spans.push(at..at + element.len());
        at += element.len() + 1;
    }
    let mut tape = Tape::default();
    for round in 0..2 {
        tape.clear();
        assert_eq!(tape.len(), 0);
        let mut json =
            JsonReader::with_source(SliceRead::new(bytes.as_bytes(), None), Limits::default());
        for span in &spans {
            json.source_mut().select(span.clone());
            assert!(
                tape.push(&mut json, bytes.as_bytes()),
                "round {round}: {:?}",
                &bytes[span.clone()]
            );
            json.restart();
        }
        assert_eq!(tape.len(), elements.len());
        let read = |i: usize| &bytes.as_bytes()[spans[i].clone()];
        for i in 0..elements.len() {
            let value = tape.element::<Value>(i, bytes.as_bytes());
            assert_eq!(
                value,
                Some(crate::from_slice::<Value>(read(i)).unwrap()),
                "{i}"
            );
        }
        assert_eq!(
            tape.element::<Vec<f64>>(0, bytes.as_bytes())
                .map(|v| v[2].to_bits()),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(
            tape.element::<Shape>(4, bytes.as_bytes()),
            Some(Shape::New(7))
        );
        assert_eq!(tape.element::<Shape>(3, bytes.as_bytes()), None);
        assert_eq!(
            tape.element::<String>(2, bytes.as_bytes()).as_deref(),
            Some("s\n")
        );
        assert_eq!(tape.element::<u64>(5, bytes.as_bytes()), None);
        assert_eq!(
            tape.element::<f64>(5, bytes.as_bytes()),
            Some(18446744073709551616.0)
        );
        assert_eq!(
            tape.element::<BTreeMap<u8, u8>>(7, bytes.as_bytes()),
            Some(BTreeMap::from([(1, 2), (3, 4)]))
        );
        assert_eq!(
            tape.element::<BTreeMap<u8, Value>>(1, bytes.as_bytes()),
            None
        );
        assert_eq!(tape.element::<Option<u8>>(6, bytes.as_bytes()), Some(None));
    }
}

// Properties.

/// Proptest's configuration: `cases` cases, no regression files.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// `c` as `\u` escapes (a surrogate pair beyond the BMP).
fn unicode_escape(c: char, upper: bool) -> String {
    let mut units = [0; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|unit| {
            if upper {
                format!("\\u{unit:04X}")
            } else {
                format!("\\u{unit:04x}")
            }
        })
        .collect()
}

/// `c` in a JSON string, escaped only where it must be.
fn plain_char(c: char) -> String {
    match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        c if u32::from(c) < 0x20 => format!("\\u{:04x}", u32::from(c)),
        c => c.to_string(),
    }
}

/// The text between a JSON string's quotes: ASCII, any character, escapes of every kind,
/// non-ASCII.
fn arb_str_body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z0-9 ]{1,4}",
        2 => any::<char>().prop_map(plain_char),
        1 => prop::sample::select(vec!["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"])
            .prop_map(String::from),
        1 => (any::<char>(), any::<bool>()).prop_map(|(c, upper)| unicode_escape(c, upper)),
        1 => prop::sample::select(vec!["é", "日本", "😀", "\u{2028}", "\u{7f}", "\u{ffff}"])
            .prop_map(String::from),
    ];
    vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Finite `f64`s of every magnitude, subnormals included.
fn arb_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        (0u64..1 << 52, any::<bool>()).prop_map(|(bits, negative)| {
            let x = f64::from_bits(bits);
            if negative {
                -x
            } else {
                x
            }
        }),
        any::<f64>(),
    ]
    .prop_filter("finite", |x| x.is_finite())
}

/// Number texts: integers of every size (beyond 64 bits too), floats of every magnitude
/// written every way, `f32`s, and random decimals (some beyond `f64`).
fn arb_number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
        (0u32..64, any::<bool>()).prop_map(|(shift, negative)| {
            let n = (1u128 << shift) + u128::from(shift % 3) - 1;
            format!("{}{n}", if negative { "-" } else { "" })
        }),
        "-?[1-9][0-9]{19,40}",
        prop::sample::select(vec!["0", "-0", "-0.0", "0.0", "0e0", "-0E-0", "1E+2"])
            .prop_map(String::from),
        arb_f64().prop_map(|x| format!("{x:e}")),
        arb_f64().prop_map(|x| format!("{x:?}")),
        arb_f64().prop_map(|x| format!("{x}")),
        any::<u32>()
            .prop_map(f32::from_bits)
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,24})?([eE][+-]?[0-9]{1,3})?",
    ]
}

/// Object keys: strings of every kind, numbers, and what is almost a number or a bool.
fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => arb_str_body(),
        2 => arb_number(),
        1 => any::<u32>().prop_map(|n| n.to_string()),
        1 => (0u8..10).prop_map(|d| format!("\\u003{d}")),
        1 => (any::<u16>(), 0usize..5).prop_map(|(n, at)| {
            let digits = n.to_string();
            let at = at.min(digits.len() - 1);
            let escaped = format!("\\u{:04x}", u32::from(digits.as_bytes()[at]));
            format!("{}{escaped}{}", &digits[..at], &digits[at + 1..])
        }),
        1 => prop::sample::select(vec![
            "true", "false", "\\u0074rue", "True", "null", "01", "-0", "1.0", "1e2", " 1",
            "1 ", "+1", "", "-", "4294967296", "18446744073709551616",
        ])
        .prop_map(String::from),
    ]
}

/// Whitespace between tokens.
fn ws() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", "", " ", "\n", "\t ", "\r\n  "])
}

/// JSON texts: nested arrays and objects of every scalar.
fn arb_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        1 => prop::sample::select(vec!["null", "true", "false"]).prop_map(String::from),
        3 => arb_number(),
        2 => arb_str_body().prop_map(|s| format!("\"{s}\"")),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            vec((ws(), inner.clone(), ws()), 0..8).prop_map(|elements| {
                let elements: Vec<String> = elements
                    .into_iter()
                    .map(|(a, e, b)| format!("{a}{e}{b}"))
                    .collect();
                format!("[{}]", elements.join(","))
            }),
            vec((ws(), arb_key(), inner, ws()), 0..8).prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(a, k, v, b)| format!("{a}\"{k}\"{b}:{a}{v}{b}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// Whether `x` lies exactly halfway between two adjacent `f32`s (or between the largest
/// and the first power of two beyond it, where `f32` overflows): it is an odd multiple of
/// half the spacing of `f32`s around it. Worked out apart from the tape's own test.
fn is_f32_midpoint(x: f64) -> bool {
    let exponent = i32::try_from((x.to_bits() >> 52) & 0x7ff).unwrap() - 1023;
    let half_spacing = exponent.max(-126) - 24;
    let scale = f64::from_bits(u64::try_from(1023 - half_spacing).unwrap() << 52);
    let scaled = x.abs() * scale;
    scaled.fract() == 0.0 && scaled % 2.0 == 1.0
}

/// Whether the tape must replay the number `text` as an `f32`: an integer of 64 bits, or
/// a number whose `f64` is neither an `f32` midpoint nor beyond the `f32`s.
fn f32_replays(text: &str) -> bool {
    if text.parse::<u64>().is_ok() || text.parse::<i64>().is_ok() {
        return true;
    }
    let x: f64 = text.parse().unwrap();
    #[allow(clippy::cast_possible_truncation)]
    let single = x as f32;
    x.is_finite() && single.is_finite() && !is_f32_midpoint(x)
}

/// The exact decimal digits of `x` (a finite binary fraction) without trailing zeros, and
/// the exponent of the first: `x = d.ddd × 10^exponent`.
fn exact_digits(x: f64) -> (String, i32) {
    let text = format!("{:.400e}", x.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap();
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let digits = digits.trim_end_matches('0');
    assert!(digits.len() < 400, "{x:e} was rounded");
    (digits.to_string(), exponent.parse().unwrap())
}

/// `digits` (the first before the point) times `10^exponent`, as JSON.
fn decimal(negative: bool, digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(1);
    let sign = if negative { "-" } else { "" };
    let point = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{point}{rest}e{exponent}")
}

/// Texts at and around the midpoint above the `f32` of magnitude bits `bits` (below the
/// infinite bits): the exact midpoint, a hair above and below it, its `f64` neighbours, the
/// two `f32`s, and as an integer where it is one.
fn midpoint_texts(bits: u32, negative: bool, zeros: usize, nines: usize) -> Vec<String> {
    let low = f32::from_bits(bits);
    let high = f32::from_bits(bits + 1);
    // Past the largest f32, the next would be 2^128.
    let high_wide = if high.is_finite() {
        f64::from(high)
    } else {
        2f64.powi(128)
    };
    let midpoint = (f64::from(low) + high_wide) / 2.0;
    assert!(is_f32_midpoint(midpoint), "{low:e} {high:e}");
    let sign = if negative { "-" } else { "" };
    let signed = |x: f64| if negative { -x } else { x };
    let (digits, exponent) = exact_digits(midpoint);
    let above = format!("{digits}{}1", "0".repeat(zeros));
    let mut below = digits.clone().into_bytes();
    *below.last_mut().unwrap() -= 1;
    let below = format!("{}{}", String::from_utf8(below).unwrap(), "9".repeat(nines));
    let mut texts = vec![
        decimal(negative, &digits, exponent),
        decimal(negative, &above, exponent),
        decimal(negative, &below, exponent),
        format!("{:e}", signed(midpoint.next_up())),
        format!("{:e}", signed(midpoint.next_down())),
        format!("{:?}", signed(midpoint.next_up().next_up())),
        format!("{:e}", signed(f64::from(low))),
        format!("{low:e}").replace("e", if negative { "E" } else { "e" }),
        format!("{sign}{low:?}"),
    ];
    if high.is_finite() {
        texts.push(format!("{sign}{high:e}"));
    }
    if midpoint >= 1.0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let integer = midpoint as u128;
        texts.push(format!("{sign}{integer}"));
        texts.push(format!("{sign}{}", integer + 1));
        texts.push(format!("{sign}{}", integer - 1));
    }
    texts
}

/// Checks number texts as `f32`s (which the tape must replay by [`f32_replays`]) and
/// `f64`s, alone and together, as values and as keys.
fn check_f32_texts(texts: &[String]) {
    for text in texts {
        let replayed = agrees::<f32>(text);
        assert!(
            !f32_replays(text) || replayed,
            "{text:?} as f32: the tape falls back"
        );
        exact::<f64>(text);
        agrees::<Option<f32>>(text);
        agrees::<LooseSingle>(text);
        exact::<Value>(text);
    }
    let array = format!("[{}]", texts.join(", "));
    let replayed = agrees::<Vec<f32>>(&array);
    let all = texts.iter().all(|text| f32_replays(text));
    assert!(
        !all || replayed,
        "{array:?} as Vec<f32>: the tape falls back"
    );
    exact::<Vec<f64>>(&array);
    agrees::<Vec<Option<f32>>>(&array);
    let members: Vec<String> = texts.iter().map(|t| format!("\"{t}\": {t}")).collect();
    let object = format!("{{{}}}", members.join(", "));
    agrees::<Pairs<f32, f32>>(&object);
    agrees::<Pairs<f32, f64>>(&object);
    agrees::<Pairs<f64, f32>>(&object);
}

/// Magnitude bits of `f32`s whose next is finite or 2^128: anywhere, subnormal, near the
/// largest, and at the edges of binades.
fn arb_f32_bits() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..0x7f7f_ffff,
        0u32..0x0080_0010,
        0x7f7f_ff00u32..=0x7f7f_ffff,
        (
            1u32..255,
            prop_oneof![Just(0u32), 0u32..4, 0x7f_fffcu32..=0x7f_ffff]
        )
            .prop_map(|(exponent, mantissa)| (exponent << 23 | mantissa).min(0x7f7f_ffff)),
    ]
}

proptest! {
    #![proptest_config(config(1000))]

    /// Random JSON values: recorded exactly when the reader reads them, replayed exactly
    /// as `serde_json::Value`, and never unlike the reader as other targets.
    #[test]
    fn random_values(text in arb_json()) {
        let valid = crate::from_slice::<Value>(text.as_bytes()).is_ok();
        prop_assert_eq!(record(text.as_bytes()).is_some(), valid, "{:?}", text);
        if valid {
            prop_assert!(exact::<Value>(&text));
            exact::<Loose>(&text);
            exact::<Vec<Value>>(&text);
            exact::<BTreeMap<String, Value>>(&text);
            exact::<IgnoredAny>(&text);
            exact::<Option<Vec<Option<u64>>>>(&text);
            exact::<Vec<f64>>(&text);
            exact::<Vec<String>>(&text);
            exact::<Vec<char>>(&text);
            exact::<Vec<ByteBuf>>(&text);
            exact::<Shape>(&text);
            exact::<Flat>(&text);
            exact::<Pairs<i64, Value>>(&text);
            exact::<Pairs<bool, Value>>(&text);
            exact_unordered::<HashMap<u32, Value>>(&text);
            agrees::<Vec<f32>>(&text);
            agrees::<Vec<i128>>(&text);
            agrees::<Vec<u128>>(&text);
            agrees::<LooseSingle>(&text);
            agrees::<Pairs<f32, Value>>(&text);
            agrees::<Pairs<i128, Value>>(&text);
            agrees::<Pairs<u128, Value>>(&text);
        }
    }

    /// Arrays of numbers of every kind, as every numeric target.
    #[test]
    fn random_numbers(numbers in vec((arb_number(), ws()), 0..8)) {
        let numbers: Vec<String> = numbers.into_iter().map(|(n, w)| format!("{w}{n}{w}")).collect();
        let text = format!("[{}]", numbers.join(","));
        let valid = crate::from_slice::<Value>(text.as_bytes()).is_ok();
        prop_assert_eq!(record(text.as_bytes()).is_some(), valid, "{:?}", text);
        if valid {
            prop_assert!(exact::<Vec<f64>>(&text));
            prop_assert!(exact::<Vec<Value>>(&text));
            prop_assert!(exact::<Vec<Loose>>(&text));
            exact::<Vec<u8>>(&text);
            exact::<Vec<i32>>(&text);
            exact::<Vec<u64>>(&text);
            exact::<Vec<i64>>(&text);
            exact::<Vec<Option<i16>>>(&text);
            let replayed = agrees::<Vec<f32>>(&text);
            let all = numbers.iter().all(|n| f32_replays(n.trim()));
            prop_assert!(!all || replayed, "{:?} as Vec<f32>: the tape falls back", text);
            agrees::<Vec<i128>>(&text);
            agrees::<Vec<u128>>(&text);
            agrees::<Vec<LooseSingle>>(&text);
            agrees::<(f32, f64, i128, u128)>(&text);
        }
    }

    /// Objects whose keys are numbers, almost numbers, escaped numbers and bools, as maps
    /// of every key type.
    #[test]
    fn random_keys(members in vec((arb_key(), arb_number()), 0..6)) {
        let members: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        let text = format!("{{{}}}", members.join(", "));
        let valid = crate::from_slice::<Value>(text.as_bytes()).is_ok();
        prop_assert_eq!(record(text.as_bytes()).is_some(), valid, "{:?}", text);
        if valid {
            prop_assert!(exact::<Value>(&text));
            prop_assert!(exact::<BTreeMap<String, Value>>(&text));
            exact::<BTreeMap<i64, Value>>(&text);
            exact::<BTreeMap<u8, Value>>(&text);
            exact::<BTreeMap<bool, Value>>(&text);
            exact::<BTreeMap<char, Value>>(&text);
            exact::<BTreeMap<Key, f64>>(&text);
            exact_unordered::<HashMap<u32, Value>>(&text);
            exact_unordered::<HashMap<u64, u64>>(&text);
            exact::<Pairs<f64, Value>>(&text);
            exact::<Flat>(&text);
            exact::<FlatNumbers>(&text);
            agrees::<Pairs<f32, f32>>(&text);
            agrees::<Pairs<i128, Value>>(&text);
            agrees::<Pairs<u128, Value>>(&text);
        }
    }
}

proptest! {
    #![proptest_config(config(2000))]

    /// Texts at and around the midpoints between adjacent `f32`s, where rounding through
    /// the `f64` would round twice.
    #[test]
    fn f32_midpoints(
        bits in arb_f32_bits(),
        negative in any::<bool>(),
        zeros in 0usize..40,
        nines in 1usize..40,
    ) {
        check_f32_texts(&midpoint_texts(bits, negative, zeros, nines));
    }

    /// Random decimals of up to 30 digits around the range of `f32`.
    #[test]
    fn f32_decimals(
        numbers in vec(("[1-9][0-9]{0,29}", any::<bool>(), -70i32..50), 1..6),
    ) {
        let texts: Vec<String> = numbers
            .iter()
            .map(|(digits, negative, exponent)| decimal(*negative, digits, *exponent))
            .collect();
        check_f32_texts(&texts);
    }
}
