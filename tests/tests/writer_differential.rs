//! Differential tests of the writing side against serde_json: for generated `Value` trees and
//! typed values of every serde shape, `jsonstream::to_vec`, `dump`, `JsonWriter::value` and the
//! pretty variants give exactly serde_json's bytes, and the same errors.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use jsonstream_tests::strategies::{arb_char, arb_string, arb_value, config};
use proptest::collection::vec;
use proptest::prelude::*;
use serde::Serialize;

/// Every way of writing `value` gives serde_json's bytes (compact and pretty).
fn same_bytes<T: Serialize + ?Sized>(value: &T) -> Result<(), TestCaseError> {
    let expected = serde_json::to_vec(value).unwrap();
    let expected_pretty = serde_json::to_vec_pretty(value).unwrap();
    let show = || String::from_utf8_lossy(&expected).into_owned();

    prop_assert_eq!(
        &jsonstream::to_vec(value).unwrap(),
        &expected,
        "to_vec {}",
        show()
    );
    let text = jsonstream::to_string(value).unwrap();
    prop_assert_eq!(text.as_bytes(), &expected[..], "to_string");
    let mut dumped = Vec::new();
    jsonstream::dump(value, &mut dumped).unwrap();
    prop_assert_eq!(&dumped, &expected, "dump");

    let pretty = jsonstream::to_string_pretty(value).unwrap();
    prop_assert_eq!(
        pretty.as_bytes(),
        &expected_pretty[..],
        "to_string_pretty {}",
        show()
    );
    let mut dumped = Vec::new();
    jsonstream::dump_pretty(value, &mut dumped).unwrap();
    prop_assert_eq!(&dumped, &expected_pretty, "dump_pretty");

    // The same value embedded in a JsonWriter document, compact and pretty: the writer's own
    // tokens around it must match serde_json's too.
    let wrapped_expected = serde_json::to_vec(&[&value]).unwrap();
    let mut writer = jsonstream::JsonWriter::new(Vec::new());
    writer.begin_array().unwrap();
    writer.value(value).unwrap();
    writer.end_array().unwrap();
    prop_assert_eq!(
        &writer.finish().unwrap(),
        &wrapped_expected,
        "JsonWriter::value"
    );

    let wrapped_pretty = serde_json::to_vec_pretty(&[&value]).unwrap();
    let mut writer = jsonstream::JsonWriter::pretty(Vec::new());
    writer.begin_array().unwrap();
    writer.value(value).unwrap();
    writer.end_array().unwrap();
    prop_assert_eq!(
        &writer.finish().unwrap(),
        &wrapped_pretty,
        "pretty JsonWriter::value"
    );
    Ok(())
}

/// Both serializers fail, with the same message.
fn same_error<T: Serialize + ?Sized>(value: &T) {
    let expected = serde_json::to_vec(value).unwrap_err().to_string();
    let got = jsonstream::to_vec(value).unwrap_err();
    assert_eq!(got.to_string(), expected);
    assert!(jsonstream::dump(value, std::io::sink()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Typed values of every serde shape
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Debug, Clone)]
struct UnitStruct;

#[derive(Serialize, Debug, Clone)]
struct Newtype(String);

#[derive(Serialize, Debug, Clone)]
struct TupleStruct(i32, String, Option<bool>);

#[derive(Serialize, Debug, Clone)]
struct Empty {}

#[derive(Serialize, Debug, Clone)]
enum External {
    Unit,
    Newtype(i64),
    NewtypeStruct(Point),
    Tuple(u8, String),
    EmptyTuple(),
    Struct { a: f64, b: Vec<u8> },
    EmptyStruct {},
}

#[derive(Serialize, Debug, Clone)]
#[serde(tag = "type")]
enum Internal {
    Unit,
    Struct { a: i32, b: String },
    Newtype(Point),
}

#[derive(Serialize, Debug, Clone)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    Unit,
    Newtype(String),
    Tuple(u8, u8),
    Struct { x: i8 },
}

#[derive(Serialize, Debug, Clone)]
#[serde(untagged)]
enum Untagged {
    Int(i32),
    Text(String),
    Struct { flag: bool },
    Unit,
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum KeyVariant {
    Alpha,
    #[serde(rename = "be\"ta")]
    Beta,
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct KeyNewtype(String);

#[derive(Serialize, Debug, Clone)]
struct Point {
    x: f32,
    y: f64,
}

/// Serialized with `serialize_bytes`.
#[derive(Debug, Clone)]
struct Bytes(Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// A map with keys of any type, in the given order.
#[derive(Debug, Clone)]
struct Pairs<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Serialized with `collect_str`, in pieces (as `Display` implementations write).
#[derive(Debug, Clone)]
struct Pieces(Vec<String>);

impl fmt::Display for Pieces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.0 {
            f.write_str(piece)?;
        }
        Ok(())
    }
}

impl Serialize for Pieces {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Serialize, Debug, Clone)]
struct Typed {
    unit: (),
    unit_struct: UnitStruct,
    empty: Empty,
    b: bool,
    i8: i8,
    i16: i16,
    i32: i32,
    i64: i64,
    i128: i128,
    u8: u8,
    u16: u16,
    u32: u32,
    u64: u64,
    u128: u128,
    f32: f32,
    f64: f64,
    c: char,
    s: String,
    bytes: Bytes,
    none: Option<i32>,
    some: Option<Option<String>>,
    newtype: Newtype,
    tuple_struct: TupleStruct,
    tuple: (u8, char, f64),
    external: Vec<External>,
    internal: Vec<Internal>,
    adjacent: Vec<Adjacent>,
    untagged: Vec<Untagged>,
    int_keys: BTreeMap<i64, String>,
    small_keys: BTreeMap<i8, u8>,
    wide_keys: BTreeMap<i128, u8>,
    uwide_keys: BTreeMap<u128, u8>,
    bool_keys: BTreeMap<bool, u8>,
    char_keys: BTreeMap<char, u8>,
    variant_keys: BTreeMap<KeyVariant, u8>,
    newtype_keys: BTreeMap<KeyNewtype, u8>,
    option_keys: BTreeMap<Option<String>, u8>,
    float_keys: Pairs<f64, u8>,
    f32_keys: Pairs<f32, u8>,
    hash: HashMap<String, Vec<Option<f64>>>,
    pieces: Pieces,
    #[serde(skip_serializing_if = "Option::is_none")]
    maybe: Option<String>,
    #[serde(rename = "re\"named\u{2028}")]
    renamed: u8,
    #[serde(flatten)]
    flattened: BTreeMap<String, i32>,
}

/// Floats of every kind: any bit pattern (NaN and infinities included), and the edges.
fn arb_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        any::<f64>(),
        (-1000i32..1000, -330i32..310).prop_map(|(m, e)| f64::from(m) * 10f64.powi(e)),
        prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            1e15,
            1e16,
            1e17,
            1e-5,
            1e-6,
            1e-7,
            123456789012345680.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]),
    ]
}

fn arb_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<u32>().prop_map(f32::from_bits),
        any::<f32>(),
        prop::sample::select(vec![
            0.0f32,
            -0.0,
            1e12,
            1e13,
            1e-6,
            1e-7,
            f32::MIN_POSITIVE,
            f32::MAX,
            f32::NAN,
            f32::INFINITY,
        ]),
    ]
}

fn arb_finite_f64() -> impl Strategy<Value = f64> {
    arb_f64().prop_filter("finite", |f| f.is_finite())
}

fn arb_external() -> impl Strategy<Value = External> {
    prop_oneof![
        Just(External::Unit),
        any::<i64>().prop_map(External::Newtype),
        (arb_f32(), arb_f64()).prop_map(|(x, y)| External::NewtypeStruct(Point { x, y })),
        (any::<u8>(), arb_string()).prop_map(|(a, b)| External::Tuple(a, b)),
        Just(External::EmptyTuple()),
        (arb_f64(), vec(any::<u8>(), 0..4)).prop_map(|(a, b)| External::Struct { a, b }),
        Just(External::EmptyStruct {}),
    ]
}

fn arb_internal() -> impl Strategy<Value = Internal> {
    prop_oneof![
        Just(Internal::Unit),
        (any::<i32>(), arb_string()).prop_map(|(a, b)| Internal::Struct { a, b }),
        (arb_f32(), arb_f64()).prop_map(|(x, y)| Internal::Newtype(Point { x, y })),
    ]
}

fn arb_adjacent() -> impl Strategy<Value = Adjacent> {
    prop_oneof![
        Just(Adjacent::Unit),
        arb_string().prop_map(Adjacent::Newtype),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Adjacent::Tuple(a, b)),
        any::<i8>().prop_map(|x| Adjacent::Struct { x }),
    ]
}

fn arb_untagged() -> impl Strategy<Value = Untagged> {
    prop_oneof![
        any::<i32>().prop_map(Untagged::Int),
        arb_string().prop_map(Untagged::Text),
        any::<bool>().prop_map(|flag| Untagged::Struct { flag }),
        Just(Untagged::Unit),
    ]
}

prop_compose! {
    fn arb_scalars()(
        b in any::<bool>(),
        ints in (any::<i8>(), any::<i16>(), any::<i32>(), any::<i64>(), any::<i128>()),
        uints in (any::<u8>(), any::<u16>(), any::<u32>(), any::<u64>(), any::<u128>()),
        floats in (arb_f32(), arb_f64()),
        c in arb_char(),
        s in arb_string(),
    ) -> (bool, (i8, i16, i32, i64, i128), (u8, u16, u32, u64, u128), (f32, f64), char, String) {
        (b, ints, uints, floats, c, s)
    }
}

prop_compose! {
    fn arb_maps()(
        int_keys in prop::collection::btree_map(any::<i64>(), arb_string(), 0..4),
        small_keys in prop::collection::btree_map(any::<i8>(), any::<u8>(), 0..4),
        wide_keys in prop::collection::btree_map(any::<i128>(), any::<u8>(), 0..3),
        uwide_keys in prop::collection::btree_map(any::<u128>(), any::<u8>(), 0..3),
        bool_keys in prop::collection::btree_map(any::<bool>(), any::<u8>(), 0..3),
        char_keys in prop::collection::btree_map(arb_char(), any::<u8>(), 0..4),
        variant_keys in prop::collection::btree_map(
            prop_oneof![Just(KeyVariant::Alpha), Just(KeyVariant::Beta)], any::<u8>(), 0..3),
        newtype_keys in prop::collection::btree_map(
            arb_string().prop_map(KeyNewtype), any::<u8>(), 0..3),
        option_keys in prop::collection::btree_map(
            arb_string().prop_map(Some), any::<u8>(), 0..3),
        float_keys in (vec((arb_finite_f64(), any::<u8>()), 0..4),
            vec((arb_f32().prop_filter("finite", |f| f.is_finite()), any::<u8>()), 0..3)),
        hash in prop::collection::hash_map(
            arb_string(), vec(prop::option::of(arb_f64()), 0..3), 0..4),
    ) -> (
        BTreeMap<i64, String>, BTreeMap<i8, u8>, BTreeMap<i128, u8>, BTreeMap<u128, u8>,
        BTreeMap<bool, u8>, BTreeMap<char, u8>, BTreeMap<KeyVariant, u8>,
        BTreeMap<KeyNewtype, u8>, BTreeMap<Option<String>, u8>, (Pairs<f64, u8>, Pairs<f32, u8>),
        HashMap<String, Vec<Option<f64>>>,
    ) {
        (
            int_keys, small_keys, wide_keys, uwide_keys, bool_keys, char_keys, variant_keys,
            newtype_keys, option_keys, (Pairs(float_keys.0), Pairs(float_keys.1)), hash,
        )
    }
}

prop_compose! {
    fn arb_typed()(
        scalars in arb_scalars(),
        bytes in vec(any::<u8>(), 0..6),
        none in prop::option::of(any::<i32>()),
        some in prop::option::of(prop::option::of(arb_string())),
        newtype in arb_string(),
        tuple_struct in (any::<i32>(), arb_string(), prop::option::of(any::<bool>())),
        tuple in (any::<u8>(), arb_char(), arb_f64()),
        external in vec(arb_external(), 0..4),
        internal in vec(arb_internal(), 0..3),
        adjacent in vec(arb_adjacent(), 0..3),
        untagged in vec(arb_untagged(), 0..3),
        maps in arb_maps(),
        pieces in vec(arb_string(), 0..4),
        maybe in prop::option::of(arb_string()),
        renamed in any::<u8>(),
        flattened in prop::collection::btree_map("[a-z]{1,3}", any::<i32>(), 0..3),
    ) -> Typed {
        let (b, ints, uints, floats, c, s) = scalars;
        let (
            int_keys, small_keys, wide_keys, uwide_keys, bool_keys, char_keys, variant_keys,
            newtype_keys, option_keys, (float_keys, f32_keys), hash,
        ) = maps;
        Typed {
            unit: (),
            unit_struct: UnitStruct,
            empty: Empty {},
            b,
            i8: ints.0,
            i16: ints.1,
            i32: ints.2,
            i64: ints.3,
            i128: ints.4,
            u8: uints.0,
            u16: uints.1,
            u32: uints.2,
            u64: uints.3,
            u128: uints.4,
            f32: floats.0,
            f64: floats.1,
            c,
            s,
            bytes: Bytes(bytes),
            none,
            some,
            newtype: Newtype(newtype),
            tuple_struct: TupleStruct(tuple_struct.0, tuple_struct.1, tuple_struct.2),
            tuple,
            external,
            internal,
            adjacent,
            untagged,
            int_keys,
            small_keys,
            wide_keys,
            uwide_keys,
            bool_keys,
            char_keys,
            variant_keys,
            newtype_keys,
            option_keys,
            float_keys,
            f32_keys,
            hash,
            pieces: Pieces(pieces),
            maybe,
            renamed,
            flattened,
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn values_are_written_as_serde_json_writes_them(value in arb_value()) {
        same_bytes(&value)?;
    }

    #[test]
    fn typed_values_are_written_as_serde_json_writes_them(value in arb_typed()) {
        same_bytes(&value)?;
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them(f in arb_f64(), g in arb_f32()) {
        same_bytes(&f)?;
        same_bytes(&g)?;
        same_bytes(&[(f, g)])?;
        if f.is_finite() && g.is_finite() {
            same_bytes(&Pairs(vec![(f, 1)]))?;
            same_bytes(&Pairs(vec![(g, 2)]))?;
        }
    }

    #[test]
    fn strings_and_chars_are_written_as_serde_json_writes_them(
        s in arb_string(),
        c in arb_char(),
        pieces in vec(arb_string(), 0..5),
    ) {
        same_bytes(&s)?;
        same_bytes(&c)?;
        same_bytes(&Pieces(pieces))?;
        same_bytes(&BTreeMap::from([(s.clone(), c)]))?;
    }
}

#[test]
fn every_char_and_byte_string_is_written_as_serde_json_writes_it() {
    for c in (0..0x800u32).chain([0x2028, 0x2029, 0xfeff, 0xffff, 0x10000, 0x10ffff]) {
        let c = char::from_u32(c).unwrap();
        same_bytes(&c).unwrap();
        same_bytes(&format!("<{c}{c}>")).unwrap();
    }
    let all: Vec<u8> = (0..=255).collect();
    same_bytes(&Bytes(all)).unwrap();
    same_bytes(&Bytes(Vec::new())).unwrap();
}

/// Strings of every length up to 200 (short, one block, several, and the tail after them), and
/// of lengths around the 16 KiB pieces that `to_vec` escapes long strings in, as values and
/// as keys, plain, with escapes at varying places, and with multibyte characters.
#[test]
fn strings_of_every_length_are_written_as_serde_json_writes_them() {
    let alphabets = [
        "abcdefgh",
        "ab\"cd\\ef\ngh\u{1}",
        "caf\u{e9} \u{65e5}\u{1F600}/\t",
    ];
    let lengths = (0..200).chain([16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 40_000]);
    for len in lengths {
        for (i, alphabet) in alphabets.iter().enumerate() {
            let s: String = alphabet.chars().cycle().skip(len % 7).take(len).collect();
            same_bytes(&s).unwrap();
            if len < 200 || i == 1 {
                same_bytes(&BTreeMap::from([(s.clone(), len), (format!("{s}!"), i)])).unwrap();
            }
        }
    }
}

#[test]
fn empty_and_nested_containers_are_written_as_serde_json_writes_them() {
    let value = serde_json::json!([[], {}, [[]], [{}], {"a": []}, {"a": {}}, [[], [1]], {"": ""}]);
    same_bytes(&value).unwrap();
    same_bytes(&Vec::<u8>::new()).unwrap();
    same_bytes(&BTreeMap::<String, u8>::new()).unwrap();
    same_bytes(&External::EmptyTuple()).unwrap();
    same_bytes(&External::EmptyStruct {}).unwrap();
    same_bytes(&(
        External::Unit,
        Adjacent::Unit,
        Internal::Unit,
        Untagged::Unit,
    ))
    .unwrap();
    same_bytes(&Some(UnitStruct)).unwrap();
    for n in [0, 1, 3] {
        let items: Vec<u32> = (0..n).collect();
        let expected = serde_json::to_string_pretty(&items).unwrap();
        let lazy = jsonstream::iter_seq(items.iter());
        assert_eq!(jsonstream::to_string_pretty(&lazy).unwrap(), expected);
    }
}

#[test]
fn keys_that_json_cannot_have_are_the_same_errors() {
    same_error(&Pairs(vec![(vec![1], 2)]));
    same_error(&Pairs(vec![((), 2)]));
    same_error(&Pairs(vec![(UnitStruct, 2)]));
    same_error(&Pairs(vec![(None::<String>, 2)]));
    same_error(&Pairs(vec![(External::Newtype(1), 2)]));
    same_error(&Pairs(vec![(External::Tuple(1, String::new()), 2)]));
    same_error(&Pairs(vec![(Point { x: 1.0, y: 2.0 }, 2)]));
    same_error(&Pairs(vec![((1, 2), 3)]));
    same_error(&Pairs(vec![(Bytes(vec![1]), 3)]));
    same_error(&Pairs(vec![(BTreeMap::from([(1, 2)]), 3)]));
    same_error(&Pairs(vec![(f64::NAN, 1)]));
    same_error(&Pairs(vec![(f32::NEG_INFINITY, 1)]));
    let err = jsonstream::to_vec(&Pairs(vec![(vec![1], 2)])).unwrap_err();
    assert!(err.is_syntax());
}
