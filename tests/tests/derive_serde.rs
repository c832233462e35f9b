//! Differential tests of `#[derive(Dump, Load)]` against serde: for types that derive both
//! (no blob fields), `jsonstream::dump(value)` writes the bytes of `serde_json::to_vec(&value)`
//! (and `dump_pretty` those of `to_vec_pretty`), and `Load` reads what `serde_json::from_slice`
//! reads, with the same `#[serde(rename...)]` attributes honoured by both derives: named
//! structs, tuple, newtype and unit structs and enums of every variant kind, options, nested
//! types, and `rename(serialize = .., deserialize = ..)`; where a document does not fit, Load
//! gives the error of jsonstream's serde path.

use std::collections::{BTreeMap, HashMap};

use jsonstream::{Dump, Load};
use jsonstream_tests::readers::{OneByteReader, ShortReader};
use jsonstream_tests::snapshot::dumped;
use jsonstream_tests::snapshot::snap;
use jsonstream_tests::strategies::{apply_edits, arb_edit, arb_string, arb_value, config};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

fn dumped_pretty<T: Dump>(value: T) -> Vec<u8> {
    let mut out = Vec::new();
    jsonstream::dump_pretty(value, &mut out).expect("dump_pretty");
    out
}

/// `value` dumped compact and pretty is serde_json's bytes.
#[track_caller]
fn same_bytes_as_serde<T: Dump + Serialize + Clone>(value: &T) {
    let expected = serde_json::to_vec(value).unwrap();
    let got = dumped(value.clone());
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&expected),
        "compact"
    );
    let expected = serde_json::to_vec_pretty(value).unwrap();
    let got = dumped_pretty(value.clone());
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&expected),
        "pretty"
    );
}

/// `T` loaded from `bytes` (slice, one-byte reader, short reads) is what serde_json reads.
#[track_caller]
fn same_value_as_serde<T>(bytes: &[u8]) -> T
where
    T: jsonstream::LoadOwned + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let expected: T = serde_json::from_slice(bytes)
        .unwrap_or_else(|err| panic!("serde_json on {:?}: {err}", String::from_utf8_lossy(bytes)));
    let from_slice = jsonstream::load_slice::<T>(bytes)
        .unwrap_or_else(|err| panic!("load_slice on {:?}: {err}", String::from_utf8_lossy(bytes)));
    assert_eq!(from_slice, expected);
    assert_eq!(
        jsonstream::load::<T, _>(OneByteReader::new(bytes)).unwrap(),
        expected
    );
    assert_eq!(
        jsonstream::load::<T, _>(ShortReader::new(bytes, &[3, 1, 4, 1, 5])).unwrap(),
        expected
    );
    expected
}

/// `input` is an error of `Load` and of jsonstream's serde path, with the same message,
/// category, position and path, whatever the reads; serde_json rejects it too (its messages
/// differ where jsonstream's reader says more).
#[track_caller]
fn same_error<T>(input: &[u8])
where
    T: jsonstream::LoadOwned + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let shown = String::from_utf8_lossy(input);
    let load = snap(jsonstream::load_slice::<T>(input));
    let serde_path = snap(jsonstream::from_slice::<T>(input));
    assert!(load.is_err(), "{shown}: {load:?}");
    assert_eq!(load, serde_path, "{shown}");
    assert_eq!(
        snap(jsonstream::load::<T, _>(OneByteReader::new(input))),
        serde_path,
        "{shown}"
    );
    assert!(serde_json::from_slice::<T>(input).is_err(), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// Types deriving both
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct Inner {
    x: i32,
    label: Option<String>,
}

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
#[serde(rename_all = "snake_case")]
enum Shape {
    Point,
    Circle(f64),
    Segment(Inner, Inner),
    #[serde(rename = "rect")]
    Rectangle {
        #[serde(rename = "w")]
        width: u32,
        height: Option<u32>,
        corner: Inner,
    },
    NoFields(),
    NoMembers {},
}

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct Pair(u32, String);

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct Meters(f64);

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct Wrapper(Inner);

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct Marker;

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct EmptyTuple();

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
struct EmptyNamed {}

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
struct Record {
    record_id: u64,
    #[serde(rename = "full name")]
    name: String,
    score: f64,
    tags: Vec<String>,
    maybe_count: Option<i32>,
    nested: Inner,
    maybe_nested: Option<Inner>,
    boxed: Box<Inner>,
    many: Vec<Inner>,
    shape: Shape,
    pair: Pair,
    meters: Meters,
    wrapper: Wrapper,
    marker: Marker,
    empty_tuple: EmptyTuple,
    empty_named: EmptyNamed,
    ch: char,
    flag: bool,
    small: i8,
    map: BTreeMap<String, u32>,
    unit: (),
    tuple: (u8, String),
    bytes: Vec<u8>,
    r#type: String,
}

fn inner(x: i32, label: Option<&str>) -> Inner {
    Inner {
        x,
        label: label.map(str::to_owned),
    }
}

fn record() -> Record {
    Record {
        record_id: u64::MAX,
        name: "n\u{e9}\"\n".to_owned(),
        score: -1.5e-7,
        tags: vec!["a".to_owned(), String::new()],
        maybe_count: None,
        nested: inner(-1, Some("l")),
        maybe_nested: Some(inner(2, None)),
        boxed: Box::new(inner(3, Some(""))),
        many: vec![inner(4, None), inner(5, Some("\u{1F600}"))],
        shape: Shape::Rectangle {
            width: 3,
            height: None,
            corner: inner(0, None),
        },
        pair: Pair(7, "seven".to_owned()),
        meters: Meters(0.1),
        wrapper: Wrapper(inner(8, Some("w"))),
        marker: Marker,
        empty_tuple: EmptyTuple(),
        empty_named: EmptyNamed {},
        ch: '\u{1}',
        flag: true,
        small: i8::MIN,
        map: BTreeMap::from([("k".to_owned(), 1), ("\u{0}".to_owned(), 2)]),
        unit: (),
        tuple: (255, "t".to_owned()),
        bytes: vec![0, 1, 255],
        r#type: "type".to_owned(),
    }
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::Point,
        Shape::Circle(2.5),
        Shape::Segment(inner(1, None), inner(2, Some("b"))),
        Shape::Rectangle {
            width: 1,
            height: Some(2),
            corner: inner(-3, None),
        },
        Shape::NoFields(),
        Shape::NoMembers {},
    ]
}

#[test]
fn named_struct_dumps_serde_json_bytes_and_loads_serde_json_values() {
    let value = record();
    same_bytes_as_serde(&value);
    let bytes = serde_json::to_vec(&value).unwrap();
    assert_eq!(same_value_as_serde::<Record>(&bytes), value);
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    assert_eq!(same_value_as_serde::<Record>(&pretty), value);
}

#[test]
fn members_in_another_order_load_as_serde_json_loads_them() {
    // A serde_json::Value sorts its keys: a different order from the declaration.
    let value = serde_json::to_value(record()).unwrap();
    let sorted = serde_json::to_vec(&value).unwrap();
    assert!(sorted.starts_with(br#"{"boxed":"#));
    assert_eq!(same_value_as_serde::<Record>(&sorted), record());

    // Absent options, null options, unknown members.
    let json = br#"{"x": 1, "unknown": {"label": "no"}, "label": null}"#;
    assert_eq!(same_value_as_serde::<Inner>(json), inner(1, None));
    let json = br#"{"x": 1}"#;
    assert_eq!(same_value_as_serde::<Inner>(json), inner(1, None));
    let json = br#"{"label": "here", "x": -7}"#;
    assert_eq!(same_value_as_serde::<Inner>(json), inner(-7, Some("here")));
    assert_eq!(same_value_as_serde::<EmptyNamed>(b"{}"), EmptyNamed {});
    assert_eq!(
        same_value_as_serde::<EmptyNamed>(br#"{"a": [1]}"#),
        EmptyNamed {}
    );
}

#[test]
fn tuple_newtype_unit_structs_and_enums_dump_serde_json_bytes() {
    same_bytes_as_serde(&Pair(1, "x".to_owned()));
    same_bytes_as_serde(&Meters(-0.0));
    same_bytes_as_serde(&Meters(1e300));
    same_bytes_as_serde(&Wrapper(inner(1, Some("w"))));
    same_bytes_as_serde(&Marker);
    same_bytes_as_serde(&EmptyTuple());
    same_bytes_as_serde(&EmptyNamed {});
    for shape in shapes() {
        same_bytes_as_serde(&shape);
    }
    // Spelled out, for the record.
    let written: Vec<String> = shapes()
        .into_iter()
        .map(|shape| String::from_utf8(dumped(shape)).unwrap())
        .collect();
    assert_eq!(
        written,
        [
            r#""point""#,
            r#"{"circle":2.5}"#,
            r#"{"segment":[{"x":1,"label":null},{"x":2,"label":"b"}]}"#,
            r#"{"rect":{"w":1,"height":2,"corner":{"x":-3,"label":null}}}"#,
            r#"{"no_fields":[]}"#,
            r#"{"no_members":{}}"#,
        ]
    );
    assert_eq!(dumped(Marker), b"null");
    assert_eq!(dumped(Pair(1, "x".to_owned())), br#"[1,"x"]"#);
    assert_eq!(dumped(Meters(0.5)), b"0.5");

    // Options and boxes of Dump types.
    same_bytes_as_serde(&Some(Shape::Point));
    same_bytes_as_serde(&None::<Shape>);
    same_bytes_as_serde(&Box::new(Pair(0, String::new())));
}

#[test]
fn tuple_newtype_unit_structs_and_enums_load_serde_json_values() {
    for value in [
        Pair(1, "x".to_owned()),
        Pair(u32::MAX, "\u{e9}\"".to_owned()),
    ] {
        let bytes = serde_json::to_vec(&value).unwrap();
        assert_eq!(same_value_as_serde::<Pair>(&bytes), value);
    }
    assert_eq!(
        same_value_as_serde::<Pair>(b" [ 7 , \"s\" ] "),
        Pair(7, "s".to_owned())
    );
    assert_eq!(same_value_as_serde::<Meters>(b"-0.25"), Meters(-0.25));
    assert_eq!(
        same_value_as_serde::<Wrapper>(br#"{"label": "w", "x": 3}"#),
        Wrapper(inner(3, Some("w")))
    );
    assert_eq!(same_value_as_serde::<Marker>(b"null"), Marker);
    assert_eq!(same_value_as_serde::<EmptyTuple>(b"[]"), EmptyTuple());
    assert_eq!(same_value_as_serde::<EmptyTuple>(b" [ ] "), EmptyTuple());
    for shape in shapes() {
        let bytes = serde_json::to_vec(&shape).unwrap();
        assert_eq!(same_value_as_serde::<Shape>(&bytes), shape);
        let pretty = serde_json::to_vec_pretty(&shape).unwrap();
        assert_eq!(same_value_as_serde::<Shape>(&pretty), shape);
    }
    // A unit variant may be wrapped, with `null` as its content; members of a struct variant
    // come in any order.
    assert_eq!(
        same_value_as_serde::<Shape>(br#"{"point": null}"#),
        Shape::Point
    );
    assert_eq!(
        same_value_as_serde::<Shape>(br#"{"rect": {"corner": {"x": 1}, "w": 2}}"#),
        Shape::Rectangle {
            width: 2,
            height: None,
            corner: inner(1, None),
        }
    );
    // A struct may be written as an array of its fields, in order, as serde reads it.
    assert_eq!(
        same_value_as_serde::<Inner>(br#"[4, "four"]"#),
        inner(4, Some("four"))
    );
    assert_eq!(
        same_value_as_serde::<Shape>(br#"{"rect": [1, null, [2, null]]}"#),
        Shape::Rectangle {
            width: 1,
            height: None,
            corner: inner(2, None),
        }
    );
    assert_eq!(same_value_as_serde::<EmptyNamed>(b"[]"), EmptyNamed {});
    // The deserialize names.
    assert_eq!(
        same_value_as_serde::<SplitEnum>(br#""firstvariant""#),
        SplitEnum::FirstVariant
    );
    assert_eq!(
        same_value_as_serde::<SplitEnum>(br#"{"D": 4}"#),
        SplitEnum::Second(4)
    );
    // Nested in a record, the enum and the structs are loaded with Load.
    for shape in shapes() {
        let value = Record { shape, ..record() };
        let bytes = serde_json::to_vec(&value).unwrap();
        assert_eq!(same_value_as_serde::<Record>(&bytes), value);
    }
}

#[test]
fn shapes_that_do_not_fit_give_the_errors_of_the_serde_path() {
    let enums: &[&[u8]] = &[
        br#""nope""#,
        br#"{"nope": 1}"#,
        br#"{}"#,
        br#"{"point": 1}"#,
        br#"{"point": null, "circle": 1}"#,
        br#""circle""#,
        br#""segment""#,
        br#""rect""#,
        br#"{"circle": "x"}"#,
        br#"{"segment": [{"x": 1}]}"#,
        br#"{"segment": [{"x": 1}, {"x": 2}, 3]}"#,
        br#"{"segment": {"x": 1}}"#,
        br#"{"rect": {"w": 1}}"#,
        br#"{"rect": {"w": 1, "w": 2, "corner": {"x": 0}}}"#,
        br#"{"rect": [1]}"#,
        br#"{"no_fields": [1]}"#,
        br#"{"no_fields": null}"#,
        br#"{"circle": 1"#,
        br#"{"circle": 1,}"#,
        b"5",
        b"null",
        br#"["point"]"#,
        br#""point"#,
        br#""\ud800""#,
    ];
    for input in enums {
        same_error::<Shape>(input);
    }
    let structs: &[&[u8]] = &[
        b"[1]",
        b"[]",
        br#"[1, "x", 2]"#,
        b"[1, 2]",
        br#"{"0": 1, "1": "x"}"#,
        br#""x""#,
        br#"[1, "x""#,
        br#"[1, "x",]"#,
    ];
    for input in structs {
        same_error::<Pair>(input);
    }
    for input in [&br#""1""#[..], b"[1.0]", b"nul"] {
        same_error::<Meters>(input);
    }
    for input in [&b"{}"[..], b"[]", b"0", br#""Marker""#] {
        same_error::<Marker>(input);
    }
    for input in [&b"[1]"[..], b"{}", b"null"] {
        same_error::<EmptyTuple>(input);
    }
    // An enum without variants loads from nothing.
    #[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq)]
    enum Never {}
    for input in [&br#""x""#[..], br#"{"x": 1}"#, b"{}", b"1", b"[]"] {
        same_error::<Never>(input);
    }
    let err = jsonstream::load_slice::<Never>(br#""x""#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown variant `x`, there are no variants at line 1 column 3"
    );
    for input in [&b"[1]"[..], b"[1, null, 2]", b"[]", b"[1, null,]", b"\"s\""] {
        same_error::<Inner>(input);
    }
    for input in [&br#"{"a": 1}"#[..], b"[1]"] {
        same_error::<Checked>(input);
    }
}

#[test]
fn tuples_of_derived_types_dump_and_load_as_serde_tuples() {
    let pair = (inner(1, Some("a")), Shape::Circle(0.5));
    same_bytes_as_serde(&pair);
    let bytes = serde_json::to_vec(&pair).unwrap();
    assert_eq!(same_value_as_serde::<(Inner, Shape)>(&bytes), pair);
    let single = (Marker,);
    same_bytes_as_serde(&single);
    assert_eq!(same_value_as_serde::<(Marker,)>(b"[null]"), single);
    for input in [
        &br#"[{"x": 1}]"#[..],
        br#"[{"x": 1}, "point", 3]"#,
        br#"[{"x": 1}, "nope"]"#,
        b"[]",
        b"{}",
        b"null",
    ] {
        same_error::<(Inner, Shape)>(input);
    }
}

#[test]
fn maps_of_derived_values_dump_and_load_as_serde_maps() {
    let by_name = BTreeMap::from([
        ("b\"".to_owned(), Shape::Point),
        ("a".to_owned(), Shape::Circle(1.5)),
    ]);
    same_bytes_as_serde(&by_name);
    let bytes = serde_json::to_vec(&by_name).unwrap();
    assert_eq!(
        same_value_as_serde::<BTreeMap<String, Shape>>(&bytes),
        by_name
    );
    // Keys of other kinds, as serde_json writes and reads them.
    let by_id = BTreeMap::from([(-3i64, inner(1, None)), (40, inner(2, Some("x")))]);
    same_bytes_as_serde(&by_id);
    assert_eq!(
        dumped(by_id.clone()),
        br#"{"-3":{"x":1,"label":null},"40":{"x":2,"label":"x"}}"#
    );
    let bytes = serde_json::to_vec(&by_id).unwrap();
    assert_eq!(same_value_as_serde::<BTreeMap<i64, Inner>>(&bytes), by_id);
    let flags = HashMap::from([(true, Marker)]);
    same_bytes_as_serde(&flags);
    assert_eq!(
        same_value_as_serde::<HashMap<bool, Marker>>(br#"{"true": null}"#),
        flags
    );
    // Of two equal keys, the later is kept, as serde does.
    assert_eq!(
        same_value_as_serde::<BTreeMap<String, Meters>>(br#"{"k": 1, "k": 2}"#),
        BTreeMap::from([("k".to_owned(), Meters(2.0))])
    );
    for input in [
        &br#"{"a": "nope"}"#[..],
        br#"{"1": "point", "x": "point"}"#,
        br#"{"1": "point", "\u0032": "point"}"#,
        br#"{"99999999999999999999": "point"}"#,
        b"[]",
        b"null",
        br#"{"1": "point""#,
    ] {
        same_error::<BTreeMap<u32, Shape>>(input);
    }
    // A key that JSON cannot have.
    let mut out = Vec::new();
    let err = jsonstream::dump(BTreeMap::from([((1, 2), Marker)]), &mut out).unwrap_err();
    assert_eq!(
        err.to_string(),
        serde_json::to_vec(&BTreeMap::from([((1, 2), Marker)]))
            .unwrap_err()
            .to_string()
    );
}

#[test]
fn non_finite_floats_dump_as_serde_json_writes_them() {
    for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        same_bytes_as_serde(&Meters(f));
        same_bytes_as_serde(&Shape::Circle(f));
    }
    assert_eq!(dumped(Meters(f64::NAN)), b"null");
}

// ---------------------------------------------------------------------------------------------
// rename(serialize = .., deserialize = ..)
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
#[serde(rename_all(serialize = "camelCase", deserialize = "SCREAMING-KEBAB-CASE"))]
struct Split {
    #[serde(rename(serialize = "a", deserialize = "b"))]
    renamed: u32,
    #[serde(rename(serialize = "only_out"))]
    out_only: u32,
    #[serde(rename(deserialize = "only_in"))]
    in_only: u32,
    plain_field: u32,
    #[serde(rename = "both")]
    same_both: u32,
}

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
#[serde(rename_all(serialize = "kebab-case", deserialize = "lowercase"))]
enum SplitEnum {
    FirstVariant,
    #[serde(rename(serialize = "S", deserialize = "D"))]
    Second(u8),
}

#[test]
fn serialize_names_for_dump_and_deserialize_names_for_load() {
    let value = Split {
        renamed: 1,
        out_only: 2,
        in_only: 3,
        plain_field: 4,
        same_both: 5,
    };
    same_bytes_as_serde(&value);
    assert_eq!(
        dumped(value.clone()),
        br#"{"a":1,"only_out":2,"inOnly":3,"plainField":4,"both":5}"#
    );
    let input = br#"{"b": 1, "OUT-ONLY": 2, "only_in": 3, "PLAIN-FIELD": 4, "both": 5}"#;
    assert_eq!(same_value_as_serde::<Split>(input), value);

    // The serialize names are unknown to Load (and to serde).
    let dumped_back = dumped(value);
    let err = jsonstream::load_slice::<Split>(&dumped_back).unwrap_err();
    let serde_err = serde_json::from_slice::<Split>(&dumped_back).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("missing field `b` at line 1 column "),
        "{err}"
    );
    assert!(serde_err
        .to_string()
        .starts_with("missing field `b` at line 1 column "));

    for variant in [SplitEnum::FirstVariant, SplitEnum::Second(1)] {
        same_bytes_as_serde(&variant);
    }
    assert_eq!(dumped(SplitEnum::FirstVariant), br#""first-variant""#);
    assert_eq!(dumped(SplitEnum::Second(1)), br#"{"S":1}"#);
}

// ---------------------------------------------------------------------------------------------
// Errors: Load and jsonstream's serde path agree
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
#[serde(deny_unknown_fields)]
#[jsonstream(deny_unknown_fields)]
struct Checked {
    a: u32,
    inner: Inner,
    #[serde(default)]
    #[jsonstream(default)]
    d: u8,
    list: Vec<Inner>,
}

#[test]
fn load_errors_are_those_of_the_serde_path() {
    // Errors found while reading a member: the same message, category, offset, line, column
    // and path as `jsonstream::from_slice` of the same serde type.
    let cases: &[&[u8]] = &[
        br#"{"a":1,"a":2,"inner":{"x":1},"list":[]}"#,
        br#"{"a":1,"inner":{"x":1},"list":[],"zz":1}"#,
        br#"{"a":1,"inner":{"x":1,"x":2},"list":[]}"#,
        br#"{"a":1,"inner":{"x":1},"list":[{"x":1},{"x":"s"}]}"#,
        br#"{"a":1,"inner":{"x":1, "label": 5},"list":[]}"#,
        br#"{"a":1,"inner":{"x":1},"list":[],"d":300}"#,
        br#"{"a":-1,"inner":{"x":1},"list":[]}"#,
        br#"{"a":1.5,"inner":{"x":1},"list":[]}"#,
        br#"{"a":1,"inner":{"x":1},"list":[]"#,
        br#"{"a":1,"inner":{"x":1},"list":[]} x"#,
        br#"{"a":1,"inner":{"x":1},"list":[],}"#,
        b"{\"a\":1,\n\"inner\":{\"x\":1},\n\"list\":[],\n\"extra\":[]\n}",
        b"{\"a\":1,\"inner\":{\"x\":1,\"label\":\"\xff\"},\"list\":[]}",
        br#"{"a":1,"inner":{"x":1,"label":"\ud800"},"list":[]}"#,
    ];
    for input in cases {
        let load = snap(jsonstream::load_slice::<Checked>(input));
        let serde_path = snap(jsonstream::from_slice::<Checked>(input));
        assert!(load.is_err(), "{}", String::from_utf8_lossy(input));
        assert_eq!(load, serde_path, "{}", String::from_utf8_lossy(input));
        let from_reader = snap(jsonstream::load::<Checked, _>(OneByteReader::new(*input)));
        assert_eq!(
            from_reader,
            serde_path,
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn missing_field_errors_are_those_of_the_serde_path() {
    let cases: &[&[u8]] = &[
        br#"{"inner":{"x":1},"list":[]}"#,
        br#"{"a":1,"inner":{"label":"s"},"list":[]}"#,
        br#"{"a":1,"inner":{"x":1},"list":[{"x":1},{"label":null}]}"#,
        b"{\"a\":1,\n\"inner\":{\"x\":1}\n}",
        b"{\"a\":1,\n\"inner\":{\"x\":1} , \"d\": 1 }",
    ];
    for input in cases {
        let load = snap(jsonstream::load_slice::<Checked>(input)).unwrap_err();
        let serde_path = snap(jsonstream::from_slice::<Checked>(input)).unwrap_err();
        assert!(
            load.display.starts_with("missing field `"),
            "{}",
            load.display
        );
        assert_eq!(load, serde_path, "{}", String::from_utf8_lossy(input));
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn arb_inner() -> impl Strategy<Value = Inner> {
    (any::<i32>(), proptest::option::of(arb_string())).prop_map(|(x, label)| Inner { x, label })
}

fn arb_finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        prop::sample::select(vec![
            0.0,
            -0.0,
            0.1,
            1e-300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324
        ]),
    ]
}

fn arb_shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Point),
        arb_finite().prop_map(Shape::Circle),
        (arb_inner(), arb_inner()).prop_map(|(a, b)| Shape::Segment(a, b)),
        (any::<u32>(), any::<Option<u32>>(), arb_inner()).prop_map(|(width, height, corner)| {
            Shape::Rectangle {
                width,
                height,
                corner,
            }
        }),
        Just(Shape::NoFields()),
        Just(Shape::NoMembers {}),
    ]
}

prop_compose! {
    fn arb_record()(
        record_id in any::<u64>(),
        name in arb_string(),
        score in arb_finite(),
        tags in prop::collection::vec(arb_string(), 0..4),
        maybe_count in any::<Option<i32>>(),
        nested in arb_inner(),
        maybe_nested in proptest::option::of(arb_inner()),
        boxed in arb_inner(),
        many in prop::collection::vec(arb_inner(), 0..3),
        shape in arb_shape(),
        pair in (any::<u32>(), arb_string()),
        meters in arb_finite(),
        wrapper in arb_inner(),
        ch in any::<char>(),
        flag in any::<bool>(),
        small in any::<i8>(),
        map in prop::collection::btree_map(arb_string(), any::<u32>(), 0..3),
        tuple in (any::<u8>(), arb_string()),
        bytes in prop::collection::vec(any::<u8>(), 0..5),
        r#type in arb_string(),
    ) -> Record {
        Record {
            record_id, name, score, tags, maybe_count, nested, maybe_nested,
            boxed: Box::new(boxed), many, shape, pair: Pair(pair.0, pair.1),
            meters: Meters(meters), wrapper: Wrapper(wrapper), marker: Marker,
            empty_tuple: EmptyTuple(), empty_named: EmptyNamed {}, ch, flag, small, map,
            unit: (), tuple, bytes, r#type,
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn records_dump_serde_json_bytes_and_load_serde_json_values(value in arb_record()) {
        let expected = serde_json::to_vec(&value).unwrap();
        let got = dumped(value.clone());
        prop_assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
        let expected_pretty = serde_json::to_vec_pretty(&value).unwrap();
        prop_assert_eq!(dumped_pretty(value.clone()), expected_pretty);

        // Load reads what serde_json (with `float_roundtrip`) reads: the dumped score exactly.
        let from_serde: Record = serde_json::from_slice(&got).unwrap();
        let loaded = jsonstream::load_slice::<Record>(&got).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded, &from_serde);
        let loaded: Record = jsonstream::load(OneByteReader::new(&got[..]))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded, &from_serde);
        prop_assert_eq!(loaded, value, "everything round trips exactly, floats included");
    }

    /// Any outcome, value or error, of Load is the serde path's, on edited documents of every
    /// shape: structs, enums, tuples, maps.
    #[test]
    fn load_and_the_serde_path_agree_on_edited_documents(
        shape in arb_shape(),
        other in arb_inner(),
        edits in prop::collection::vec(arb_edit(), 0..4),
    ) {
        fn agree<T>(input: &[u8]) -> Result<(), TestCaseError>
        where
            T: jsonstream::LoadOwned + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            let load = snap(jsonstream::load_slice::<T>(input));
            let serde_path = snap(jsonstream::from_slice::<T>(input));
            prop_assert_eq!(&load, &serde_path, "{}", String::from_utf8_lossy(input));
            prop_assert_eq!(snap(jsonstream::load::<T, _>(OneByteReader::new(input))), serde_path);
            Ok(())
        }
        let pair = serde_json::to_vec(&(other.clone(), shape.clone())).unwrap();
        let map = serde_json::to_vec(&BTreeMap::from([(7u32, shape.clone())])).unwrap();
        let shape = serde_json::to_vec(&shape).unwrap();
        let inner = serde_json::to_vec(&other).unwrap();
        agree::<Shape>(&apply_edits(shape, &edits))?;
        agree::<Inner>(&apply_edits(inner, &edits))?;
        agree::<(Inner, Shape)>(&apply_edits(pair, &edits))?;
        agree::<BTreeMap<u32, Shape>>(&apply_edits(map, &edits))?;
    }

    /// Any JSON value is loaded, or rejected, as the serde path does.
    #[test]
    fn load_and_the_serde_path_agree_on_any_value(value in arb_value()) {
        let input = serde_json::to_vec(&value).unwrap();
        prop_assert_eq!(
            snap(jsonstream::load_slice::<Shape>(&input)),
            snap(jsonstream::from_slice::<Shape>(&input))
        );
        prop_assert_eq!(
            snap(jsonstream::load_slice::<Pair>(&input)),
            snap(jsonstream::from_slice::<Pair>(&input))
        );
        prop_assert_eq!(
            snap(jsonstream::load_slice::<Inner>(&input)),
            snap(jsonstream::from_slice::<Inner>(&input))
        );
    }

    #[test]
    fn shapes_dump_serde_json_bytes(shape in arb_shape()) {
        let expected = serde_json::to_vec(&shape).unwrap();
        prop_assert_eq!(dumped(shape), expected);
    }
}
