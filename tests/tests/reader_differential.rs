//! Differential tests against serde_json: for generated documents, typed structs and number
//! texts, jsonstream gives the same outcome (Ok/Err) and the same value as serde_json.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use jsonstream_tests::compare::{assert_no_failures, value_diff};
use jsonstream_tests::readers::OneByteReader;
use jsonstream_tests::strategies::{
    arb_char, arb_doc, arb_number, arb_number_text, arb_string, arb_style, arb_value, config, Doc,
};
use jsonstream_tests::suite::suite_files;
use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// jsonstream's and serde_json's answers for `T` on `bytes`: the same outcome and, if both
/// succeed, the same value. Checks `from_slice` and `from_reader` (one byte at a time).
fn same_as_serde_json<T>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + PartialEq + Debug,
{
    let expected = serde_json::from_slice::<T>(bytes);
    let got = jsonstream::from_slice::<T>(bytes);
    let got_reader: jsonstream::Result<T> = jsonstream::from_reader(OneByteReader::new(bytes));
    let text = String::from_utf8_lossy(bytes);
    for (how, got) in [("from_slice", got), ("from_reader", got_reader)] {
        match (&got, &expected) {
            (Ok(a), Ok(b)) => prop_assert_eq!(
                a,
                b,
                "{} of {} into {}",
                how,
                text,
                std::any::type_name::<T>()
            ),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(
                false,
                "{how} of {text} into {}: jsonstream {got:?}, serde_json {expected:?}",
                std::any::type_name::<T>()
            ),
        }
    }
    Ok(())
}

/// Like [`same_as_serde_json`] for `Value`, comparing numbers exactly (kind and f64 bits).
fn same_value_as_serde_json(bytes: &[u8]) -> Result<(), TestCaseError> {
    let expected = serde_json::from_slice::<Value>(bytes);
    let got = jsonstream::from_slice::<Value>(bytes);
    let got_reader: jsonstream::Result<Value> = jsonstream::from_reader(OneByteReader::new(bytes));
    let text = String::from_utf8_lossy(bytes);
    for (how, got) in [("from_slice", got), ("from_reader", got_reader)] {
        match (&got, &expected) {
            (Ok(a), Ok(b)) => {
                if let Some(d) = value_diff(a, b) {
                    prop_assert!(false, "{how} of {text}: {d}");
                }
            }
            (Err(_), Err(_)) => {}
            _ => prop_assert!(
                false,
                "{how} of {text}: jsonstream {got:?}, serde_json {expected:?}"
            ),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn values_compact(v in arb_value()) {
        let text = serde_json::to_vec(&v).unwrap();
        same_value_as_serde_json(&text)?;
        // And what serde_json reads back is what jsonstream reads.
        let ours = jsonstream::from_slice::<Value>(&text).unwrap();
        prop_assert!(value_diff(&ours, &serde_json::from_slice(&text).unwrap()).is_none());
    }

    #[test]
    fn values_pretty(v in arb_value()) {
        let text = serde_json::to_vec_pretty(&v).unwrap();
        same_value_as_serde_json(&text)?;
        prop_assert!(jsonstream::from_slice::<Value>(&text).is_ok());
    }

    /// Documents indented by any width, with spaces or tabs and either line ending, whole and
    /// with one byte of an indentation (or the first byte of a line) replaced. A slice skips a run of whitespace in blocks;
    /// a one-byte reader's window is shorter than a block, so its errors are the reference for
    /// the slice's (same message, line and column).
    #[test]
    fn indented_documents_and_their_faults(
        v in arb_value(),
        width in 1usize..24,
        tabs in any::<bool>(),
        crlf in any::<bool>(),
        fault in any::<prop::sample::Index>(),
        byte in prop::sample::select(vec![b'x', b'"', b'}', b',', 0x0B, 0x00, b' ', b'\n']),
    ) {
        let indent = if tabs { vec![b'\t'; width] } else { vec![b' '; width] };
        let mut text = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(&indent);
        v.serialize(&mut serde_json::Serializer::with_formatter(&mut text, formatter))
            .unwrap();
        if crlf {
            // Strings escape their line breaks: every raw one is whitespace.
            text = String::from_utf8(text).unwrap().replace('\n', "\r\n").into_bytes();
        }
        same_value_as_serde_json(&text)?;
        // The first byte of each line and every byte of an indentation after it.
        let blanks: Vec<usize> = (1..text.len())
            .filter(|&i| {
                text[i - 1] == b'\n' || (text[i - 1] == indent[0] && text[i] == indent[0])
            })
            .collect();
        if blanks.is_empty() {
            return Ok(());
        }
        text[blanks[fault.index(blanks.len())]] = byte;
        same_value_as_serde_json(&text)?;
        let slice = jsonstream::from_slice::<Value>(&text).map_err(|e| e.to_string());
        let one_byte = jsonstream::from_reader::<_, Value>(OneByteReader::new(&text[..]))
            .map_err(|e| e.to_string());
        prop_assert_eq!(slice.err(), one_byte.err(), "{}", String::from_utf8_lossy(&text));
    }

    /// Hand-written documents: any number spelling, whitespace, escape style, duplicate keys.
    #[test]
    fn styled_documents(doc in arb_doc(), style in arb_style()) {
        let text = doc.write(&style);
        same_value_as_serde_json(&text)?;
    }

    /// Number texts: same f64 bits and the same errors, as Value, f64 and f32, also inside a
    /// document.
    #[test]
    fn number_texts_as_floats(text in arb_number_text()) {
        let b = text.as_bytes();
        let expected = serde_json::from_slice::<f64>(b);
        let got = jsonstream::from_slice::<f64>(b);
        match (&got, &expected) {
            (Ok(x), Ok(y)) => prop_assert_eq!(
                x.to_bits(), y.to_bits(), "{}: jsonstream {:e}, serde_json {:e}", text, x, y
            ),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{text}: jsonstream {got:?}, serde_json {expected:?}"),
        }
        same_value_as_serde_json(b)?;
        same_as_serde_json::<f32>(b)?;
        // Inside a document, after a window-crossing prefix.
        let wrapped = format!("[\"{}\",{text},{{\"k\":{text}}}]", "x".repeat(5));
        same_value_as_serde_json(wrapped.as_bytes())?;
    }

    /// Number texts into 64-bit and smaller integers.
    #[test]
    fn number_texts_as_integers(text in arb_number_text()) {
        let b = text.as_bytes();
        same_as_serde_json::<u64>(b)?;
        same_as_serde_json::<i64>(b)?;
        same_as_serde_json::<u8>(b)?;
        same_as_serde_json::<i32>(b)?;
    }

    /// Number texts into 128-bit integers.
    #[test]
    fn number_texts_as_128_bit_integers(text in arb_number_text()) {
        let b = text.as_bytes();
        same_as_serde_json::<u128>(b)?;
        same_as_serde_json::<i128>(b)?;
    }

    /// Numbers of more than 19 significant digits.
    #[test]
    fn long_float_texts(
        neg in any::<bool>(),
        int in "[1-9][0-9]{0,40}",
        frac in "[0-9]{0,40}",
        exp in -400i32..400,
    ) {
        let text = format!("{}{int}.{}e{exp}", if neg { "-" } else { "" },
            if frac.is_empty() { "0" } else { &frac });
        let expected = serde_json::from_str::<f64>(&text);
        let got = jsonstream::from_str::<f64>(&text);
        match (&got, &expected) {
            (Ok(x), Ok(y)) => prop_assert_eq!(x.to_bits(), y.to_bits(), "{}", text),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{text}: jsonstream {got:?}, serde_json {expected:?}"),
        }
    }

    /// Strings of every kind, raw or as map keys, into `String` and `Value`.
    #[test]
    fn strings(s in arb_string(), style in arb_style()) {
        let text = Doc::Str(s.clone()).write(&style);
        same_as_serde_json::<String>(&text)?;
        prop_assert_eq!(jsonstream::from_slice::<String>(&text).unwrap(), s.clone());
        let obj = Doc::Obj(vec![(s.clone(), Doc::Null)]).write(&style);
        same_as_serde_json::<BTreeMap<String, ()>>(&obj)?;
    }
}

// ------------------------------------------------------------------------------------------
// Typed structs
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Circle { r: f64 },
    Square(u32),
    Unit,
    Pair(i8, String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Inner {
    a: Option<i64>,
    b: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
enum Msg {
    Ping {
        seq: u32,
    },
    Data {
        payload: Vec<u8>,
        note: Option<String>,
    },
    Empty,
    Wrapped(Inner),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
enum Adj {
    A(u16),
    B { x: bool },
    C,
    D(String, i32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Untagged {
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<u8>),
    Obj { k: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: u64,
    name: String,
    note: Option<String>,
    score: f64,
    small: i8,
    big: u128,
    neg: i128,
    bytes: Vec<u8>,
    tags: Vec<String>,
    shape: Shape,
    msg: Msg,
    adj: Adj,
    any: Untagged,
    by_id: HashMap<u32, String>,
    tuple: (u16, bool),
    ch: char,
    unit: (),
    #[serde(default)]
    defaulted: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WithFlatten {
    id: u32,
    #[serde(flatten)]
    inner: Inner,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Sparse {
    id: u64,
    payload: IgnoredAny,
    #[serde(default)]
    tail: Option<bool>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: u8,
    b: Option<String>,
}

fn arb_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        (-1000i32..1000).prop_map(|i| f64::from(i) / 8.0),
    ]
}

fn arb_shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        arb_f64().prop_map(|r| Shape::Circle { r }),
        any::<u32>().prop_map(Shape::Square),
        Just(Shape::Unit),
        (any::<i8>(), arb_string()).prop_map(|(a, b)| Shape::Pair(a, b)),
    ]
}

fn arb_inner() -> impl Strategy<Value = Inner> {
    (any::<Option<i64>>(), arb_string()).prop_map(|(a, b)| Inner { a, b })
}

fn arb_msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        any::<u32>().prop_map(|seq| Msg::Ping { seq }),
        (vec(any::<u8>(), 0..8), prop::option::of(arb_string()))
            .prop_map(|(payload, note)| Msg::Data { payload, note }),
        Just(Msg::Empty),
        arb_inner().prop_map(Msg::Wrapped),
    ]
}

fn arb_adj() -> impl Strategy<Value = Adj> {
    prop_oneof![
        any::<u16>().prop_map(Adj::A),
        any::<bool>().prop_map(|x| Adj::B { x }),
        Just(Adj::C),
        (arb_string(), any::<i32>()).prop_map(|(s, i)| Adj::D(s, i)),
    ]
}

fn arb_untagged() -> impl Strategy<Value = Untagged> {
    prop_oneof![
        any::<i64>().prop_map(Untagged::Int),
        arb_f64().prop_map(Untagged::Float),
        arb_string().prop_map(Untagged::Text),
        vec(any::<u8>(), 0..6).prop_map(Untagged::List),
        arb_string().prop_map(|k| Untagged::Obj { k }),
    ]
}

prop_compose! {
    fn arb_record()(
        id in any::<u64>(),
        name in arb_string(),
        note in prop::option::of(arb_string()),
        score in arb_f64(),
        small in any::<i8>(),
        big in any::<u128>(),
        neg in any::<i128>(),
        bytes in vec(any::<u8>(), 0..16),
        tags in vec(arb_string(), 0..4),
        shape in arb_shape(),
        msg in arb_msg(),
        adj in arb_adj(),
        any in arb_untagged(),
        by_id in prop::collection::hash_map(any::<u32>(), arb_string(), 0..4),
        tuple in any::<(u16, bool)>(),
        ch in arb_char(),
        defaulted in vec(any::<u8>(), 0..3),
    ) -> Record {
        Record {
            id, name, note, score, small, big, neg, bytes, tags, shape, msg, adj, any, by_id,
            tuple, ch, unit: (), defaulted,
        }
    }
}

prop_compose! {
    fn arb_with_flatten()(
        id in any::<u32>(),
        inner in arb_inner(),
        rest in prop::collection::btree_map("[c-z]{1,3}", arb_value(), 0..3),
    ) -> WithFlatten {
        WithFlatten { id, inner, rest }
    }
}

/// A random change to a value tree: the node at preorder index `at` is replaced, removed
/// from its parent, or gets a sibling member.
#[derive(Debug, Clone)]
enum Mutation {
    None,
    Replace(usize, Value),
    Remove(usize),
    AddMember(usize, String, Value),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    let small_value = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number().prop_map(Value::Number),
        arb_string().prop_map(Value::String),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!([1, 2])),
        Just(serde_json::json!({"k": "v"})),
        Just(serde_json::json!("Unit")),
        Just(serde_json::json!({"type": "Ping", "seq": 1})),
        Just(serde_json::json!({"t": "C"})),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(1.5)),
        Just(serde_json::json!(256)),
        Just(serde_json::json!("abc")),
    ];
    prop_oneof![
        3 => Just(Mutation::None),
        2 => (any::<usize>(), small_value.clone()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), prop_oneof![Just("id".to_owned()), "[a-z]{1,4}"], small_value)
            .prop_map(|(i, k, v)| Mutation::AddMember(i, k, v)),
    ]
}

#[derive(Debug, Clone)]
enum Seg {
    Index(usize),
    Key(String),
}

/// Paths of all nodes of `v`, in preorder (the root's path is empty).
fn node_paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(prefix.clone());
    match v {
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                prefix.push(Seg::Index(i));
                node_paths(c, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(o) => {
            for (k, c) in o {
                prefix.push(Seg::Key(k.clone()));
                node_paths(c, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(mut v: &'v mut Value, path: &[Seg]) -> &'v mut Value {
    for seg in path {
        v = match seg {
            Seg::Index(i) => &mut v[*i],
            Seg::Key(k) => v.get_mut(k.as_str()).expect("key of the path"),
        };
    }
    v
}

/// Applies `m` to the node at preorder index `at % nodes`.
fn mutate(root: &mut Value, m: &Mutation) {
    let mut paths = Vec::new();
    node_paths(root, &mut Vec::new(), &mut paths);
    match m {
        Mutation::None => {}
        Mutation::Replace(i, new) => {
            let path = &paths[i % paths.len()];
            *node_mut(root, path) = new.clone();
        }
        Mutation::Remove(i) => {
            let path = &paths[i % paths.len()];
            let Some((last, parent)) = path.split_last() else {
                return; // the root stays
            };
            match (node_mut(root, parent), last) {
                (Value::Array(a), Seg::Index(i)) => {
                    a.remove(*i);
                }
                (Value::Object(o), Seg::Key(k)) => {
                    o.remove(k);
                }
                _ => unreachable!("paths follow the tree"),
            }
        }
        Mutation::AddMember(i, k, new) => {
            let path = &paths[i % paths.len()];
            match node_mut(root, path) {
                Value::Object(o) => {
                    o.insert(k.clone(), new.clone());
                }
                Value::Array(a) => a.push(new.clone()),
                other => *other = new.clone(),
            }
        }
    }
}

/// Serializes `value` (compact or pretty), mutates it, and checks jsonstream against
/// serde_json for `T`.
fn check_typed<T, S>(value: &S, m: &Mutation, pretty: bool) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + PartialEq + Debug,
    S: Serialize,
{
    let text = serde_json::to_vec(value).unwrap();
    if let Mutation::None = m {
        // Straight from serde_json's text (u128/i128 beyond 64 bits stay exact).
        return same_as_serde_json::<T>(&text);
    }
    // A Value holds 128-bit integers only as f64: fine, the text is only input.
    let mut tree: Value = serde_json::from_slice(&text).unwrap();
    mutate(&mut tree, m);
    let text = if pretty {
        serde_json::to_vec_pretty(&tree).unwrap()
    } else {
        serde_json::to_vec(&tree).unwrap()
    };
    same_as_serde_json::<T>(&text)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn typed_record(r in arb_record(), m in arb_mutation(), pretty in any::<bool>()) {
        // The unmutated record reads back as itself, through serde_json's text.
        let text = serde_json::to_vec(&r).unwrap();
        let back: Record = jsonstream::from_slice(&text).unwrap();
        prop_assert_eq!(&back, &serde_json::from_slice::<Record>(&text).unwrap());
        check_typed::<Record, _>(&r, &m, pretty)?;
        check_typed::<Option<Record>, _>(&r, &m, pretty)?;
        check_typed::<Sparse, _>(&r, &m, pretty)?;
        check_typed::<IgnoredAny, _>(&r, &m, pretty)?;
        check_typed::<BTreeMap<String, Value>, _>(&r, &m, pretty)?;
    }

    #[test]
    fn typed_enums(
        shape in arb_shape(),
        msg in arb_msg(),
        adj in arb_adj(),
        any in arb_untagged(),
        m in arb_mutation(),
    ) {
        check_typed::<Shape, _>(&shape, &m, false)?;
        check_typed::<Msg, _>(&msg, &m, false)?;
        check_typed::<Adj, _>(&adj, &m, true)?;
        check_typed::<Untagged, _>(&any, &m, false)?;
        check_typed::<Vec<Shape>, _>(&vec![shape.clone(), shape], &m, false)?;
        check_typed::<(Msg, Adj), _>(&(msg, adj), &m, false)?;
    }

    #[test]
    fn typed_flatten(w in arb_with_flatten(), m in arb_mutation(), pretty in any::<bool>()) {
        check_typed::<WithFlatten, _>(&w, &m, pretty)?;
        check_typed::<Strict, _>(&w, &m, pretty)?;
    }

    /// Arbitrary documents into many types: the outcomes agree whatever the shape.
    #[test]
    fn any_document_into_types(doc in arb_doc(), style in arb_style()) {
        let text = doc.write(&style);
        same_as_serde_json::<IgnoredAny>(&text)?;
        same_as_serde_json::<Option<Record>>(&text)?;
        same_as_serde_json::<Vec<Value>>(&text)?;
        same_as_serde_json::<HashMap<String, Value>>(&text)?;
        same_as_serde_json::<Untagged>(&text)?;
        same_as_serde_json::<Shape>(&text)?;
        same_as_serde_json::<Sparse>(&text)?;
        same_as_serde_json::<Strict>(&text)?;
        same_as_serde_json::<(bool, Option<String>)>(&text)?;
        same_as_serde_json::<Box<str>>(&text)?;
        same_as_serde_json::<()>(&text)?;
    }

    /// Map keys as numbers, booleans and chars: the key strings are parsed as serde_json
    /// parses them.
    #[test]
    fn numeric_and_other_keys(keys in arb_keys()) {
        check_keys(&keys_object(&keys, false))?;
    }

    /// The same with every key character written as a `\u` escape.
    #[test]
    fn numeric_and_other_keys_escaped(keys in arb_keys()) {
        check_keys(&keys_object(&keys, true))?;
    }
}

fn arb_keys() -> impl Strategy<Value = Vec<String>> {
    vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                "0", "1", "42", "255", "256", "-1", "-128", "01", "1.0", "1e2", " 1", "1 ",
                "+1", "", "abc", "4294967295", "4294967296", "18446744073709551615",
                "18446744073709551616", "true", "false", "x", "é", "😀", "null", "-0",
            ])
            .prop_map(str::to_owned),
            1 => arb_string(),
            1 => "[0-9]{1,25}",
        ],
        0..4,
    )
}

fn keys_object(keys: &[String], escape: bool) -> String {
    let mut text = String::from("{");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        let key = if escape {
            let mut s = String::from("\"");
            for u in k.encode_utf16() {
                s.push_str(&format!("\\u{u:04x}"));
            }
            s.push('"');
            s
        } else {
            serde_json::to_string(k).unwrap()
        };
        text.push_str(&format!("{key}:{i}"));
    }
    text.push('}');
    text
}

fn check_keys(text: &str) -> Result<(), TestCaseError> {
    let b = text.as_bytes();
    same_as_serde_json::<HashMap<u32, u8>>(b)?;
    same_as_serde_json::<BTreeMap<u8, u8>>(b)?;
    same_as_serde_json::<BTreeMap<i8, u8>>(b)?;
    same_as_serde_json::<BTreeMap<i64, u8>>(b)?;
    same_as_serde_json::<BTreeMap<u64, u8>>(b)?;
    same_as_serde_json::<BTreeMap<u128, u8>>(b)?;
    same_as_serde_json::<BTreeMap<i128, u8>>(b)?;
    same_as_serde_json::<BTreeMap<bool, u8>>(b)?;
    same_as_serde_json::<BTreeMap<char, u8>>(b)?;
    same_as_serde_json::<BTreeMap<String, u8>>(b)?;
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Fixed cases
// ------------------------------------------------------------------------------------------

/// Every `y_` file gives the same `Value` as serde_json (numbers compared exactly).
#[test]
fn suite_y_files_same_value_as_serde_json() {
    let mut failures = Vec::new();
    for (name, bytes) in suite_files("y_") {
        let expected = serde_json::from_slice::<Value>(&bytes).expect("serde_json accepts y_");
        for (how, got) in [
            ("from_slice", jsonstream::from_slice::<Value>(&bytes)),
            (
                "from_reader",
                jsonstream::from_reader(OneByteReader::new(&bytes[..])),
            ),
        ] {
            match got {
                Ok(v) => {
                    if let Some(d) = value_diff(&v, &expected) {
                        failures.push(format!("{name} ({how}): {d}"));
                    }
                }
                Err(e) => failures.push(format!("{name} ({how}): rejected: {e}")),
            }
        }
    }
    assert_no_failures("y_ files as serde_json", &failures);
}

/// The same outcome as serde_json on every suite file for `Value`, and on the `y_` and `n_`
/// files for `IgnoredAny`. (serde_json's `IgnoredAny` skips strings without checking UTF-8 or
/// surrogates and has no depth limit, so it accepts most `i_` files; jsonstream rejects them on
/// every path: see data/i_decisions.md.)
#[test]
fn suite_outcomes_as_serde_json() {
    let mut failures = Vec::new();
    for prefix in ["y_", "n_", "i_"] {
        for (name, bytes) in suite_files(prefix) {
            let expected = serde_json::from_slice::<Value>(&bytes).is_ok();
            let got = jsonstream::from_slice::<Value>(&bytes).is_ok();
            if got != expected {
                failures.push(format!(
                    "{name}: Value: jsonstream {got}, serde_json {expected}"
                ));
            }
            if prefix == "i_" {
                continue;
            }
            let expected = serde_json::from_slice::<IgnoredAny>(&bytes).is_ok();
            let got = jsonstream::from_slice::<IgnoredAny>(&bytes).is_ok();
            if got != expected {
                failures.push(format!(
                    "{name}: IgnoredAny: jsonstream {got}, serde_json {expected}"
                ));
            }
        }
    }
    assert_no_failures("outcomes as serde_json", &failures);
}

/// Borrowing from the input, as serde_json: `&str` borrows when there is no escape and fails
/// when there is one; `Cow<str>` and `&[u8]`-less types work either way.
#[test]
fn borrowed_strings_as_serde_json() {
    for text in [
        r#""plain""#,
        r#""with \n escape""#,
        r#""é😀 raw""#,
        r#""\u00e9""#,
        r#"["a","b"]"#,
        r#"{"k":"v"}"#,
        r#"{"k\n":"v"}"#,
    ] {
        let expected = serde_json::from_str::<&str>(text);
        let got = jsonstream::from_str::<&str>(text);
        assert_eq!(got.ok(), expected.ok(), "&str from {text}");
        let expected = serde_json::from_str::<Cow<'_, str>>(text);
        let got = jsonstream::from_str::<Cow<'_, str>>(text);
        assert_eq!(got.ok(), expected.ok(), "Cow<str> from {text}");
        let expected = serde_json::from_str::<Vec<&str>>(text);
        let got = jsonstream::from_str::<Vec<&str>>(text);
        assert_eq!(got.ok(), expected.ok(), "Vec<&str> from {text}");
        let expected = serde_json::from_str::<BTreeMap<&str, &str>>(text);
        let got = jsonstream::from_str::<BTreeMap<&str, &str>>(text);
        assert_eq!(got.ok(), expected.ok(), "BTreeMap<&str, &str> from {text}");
    }
}

/// Fixed number texts whose conversions are easy to get wrong.
#[test]
fn number_edges_as_serde_json() {
    let mut failures = Vec::new();
    for text in [
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "340282366920938463463374607431768211455",
        "340282366920938463463374607431768211456",
        "-170141183460469231731687303715884105728",
        "-170141183460469231731687303715884105729",
        "1e400",
        "-1e400",
        "1e-400",
        "0e99999999999999999999",
        "0.0000000000000000000000000000000000000000000000000001e52",
        "2.2250738585072011e-308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "9007199254740993",
        "-0",
        "-0.0",
        "1E+2",
        "123456789012345678901234567890",
    ] {
        let expected = serde_json::from_str::<Value>(text);
        let got = jsonstream::from_str::<Value>(text);
        match (&got, &expected) {
            (Ok(a), Ok(b)) => {
                if let Some(d) = value_diff(a, b) {
                    failures.push(format!("{text}: {d}"));
                }
            }
            (Err(_), Err(_)) => {}
            _ => failures.push(format!(
                "{text}: jsonstream {got:?}, serde_json {expected:?}"
            )),
        }
        for (ty, g, e) in [
            (
                "u64",
                jsonstream::from_str::<u64>(text)
                    .ok()
                    .map(|v| v.to_string()),
                serde_json::from_str::<u64>(text)
                    .ok()
                    .map(|v| v.to_string()),
            ),
            (
                "i64",
                jsonstream::from_str::<i64>(text)
                    .ok()
                    .map(|v| v.to_string()),
                serde_json::from_str::<i64>(text)
                    .ok()
                    .map(|v| v.to_string()),
            ),
            (
                "u128",
                jsonstream::from_str::<u128>(text)
                    .ok()
                    .map(|v| v.to_string()),
                serde_json::from_str::<u128>(text)
                    .ok()
                    .map(|v| v.to_string()),
            ),
            (
                "i128",
                jsonstream::from_str::<i128>(text)
                    .ok()
                    .map(|v| v.to_string()),
                serde_json::from_str::<i128>(text)
                    .ok()
                    .map(|v| v.to_string()),
            ),
            (
                "f64",
                jsonstream::from_str::<f64>(text)
                    .ok()
                    .map(|v| v.to_bits().to_string()),
                serde_json::from_str::<f64>(text)
                    .ok()
                    .map(|v| v.to_bits().to_string()),
            ),
        ] {
            if g != e {
                failures.push(format!(
                    "{text} as {ty}: jsonstream {g:?}, serde_json {e:?}"
                ));
            }
        }
    }
    assert_no_failures("number edges", &failures);
}

/// jsonstream's and serde_json's error messages for `T` from `text`.
fn messages<T: DeserializeOwned>(text: &str) -> (Result<(), String>, Result<(), String>) {
    (
        jsonstream::from_str::<T>(text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        serde_json::from_str::<T>(text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    )
}

/// Error messages of data errors read like serde_json's (the text before " at line").
#[test]
fn data_error_messages_as_serde_json() {
    fn msg(s: &str) -> &str {
        s.split(" at line").next().unwrap_or_default()
    }
    type Case = (
        &'static str,
        fn(&str) -> (Result<(), String>, Result<(), String>),
    );
    let cases: [Case; 8] = [
        (r#"{"id":1}"#, messages::<Sparse>),
        (r#"{"a":300}"#, messages::<Strict>),
        (r#"{"a":1,"c":2}"#, messages::<Strict>),
        ("1.5", messages::<u32>),
        ("-1", messages::<u32>),
        (r#""Circle""#, messages::<Shape>),
        (r#"{"type":"Nope"}"#, messages::<Msg>),
        (r#"[1,2,3]"#, messages::<(u8, u8)>),
    ];
    let mut failures = Vec::new();
    for (text, f) in cases {
        match f(text) {
            (Err(g), Err(e)) => {
                if msg(&g) != msg(&e) {
                    failures.push(format!("{text}: jsonstream `{g}`, serde_json `{e}`"));
                }
            }
            (g, e) => failures.push(format!("{text}: jsonstream {g:?}, serde_json {e:?}")),
        }
    }
    assert_no_failures("data error messages", &failures);
}

/// Map keys found by the property tests: escaped digits, `-0` into 128-bit keys.
#[test]
fn map_key_regressions_as_serde_json() {
    let cases = [
        r#"{"\u0034\u0032":1}"#,
        r#"{"\u0034\u0032\u0039\u0034\u0039\u0036\u0037\u0032\u0039\u0035":0}"#,
        r#"{"-0":0}"#,
        r#"{"\u0074rue":0}"#,
        r#"{"00":0}"#,
    ];
    let mut failures = Vec::new();
    for text in cases {
        let b = text.as_bytes();
        macro_rules! check {
            ($t:ty) => {
                let got = jsonstream::from_slice::<$t>(b).ok();
                let expected = serde_json::from_slice::<$t>(b).ok();
                if got != expected {
                    failures.push(format!(
                        "{text} into {}: jsonstream {got:?}, serde_json {expected:?}",
                        stringify!($t)
                    ));
                }
            };
        }
        check!(HashMap<u32, u8>);
        check!(BTreeMap<i128, u8>);
        check!(BTreeMap<u128, u8>);
        check!(BTreeMap<i64, u8>);
        check!(BTreeMap<bool, u8>);
        check!(BTreeMap<String, u8>);
    }
    assert_no_failures("map keys", &failures);
}

// ------------------------------------------------------------------------------------------
// Strings with escapes, read in one window and a byte at a time
// ------------------------------------------------------------------------------------------

/// Pieces of string content: plain runs long and short (so that escapes fall in every lane of
/// the kernel's blocks), UTF-8, the two-byte escapes, `\u` escapes, and what is an error (a
/// control byte, an unknown escape, a lone surrogate, invalid UTF-8).
fn arb_escaped_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => "[a-z ]{0,40}".prop_map(String::into_bytes),
        2 => "[é€😀]{1,3}".prop_map(String::into_bytes),
        8 => prop::sample::select(vec![
            &br#"\n"#[..], br#"\""#, br#"\\"#, br#"\/"#, br#"\b"#, br#"\f"#, br#"\r"#, br#"\t"#,
        ])
        .prop_map(<[u8]>::to_vec),
        2 => prop::sample::select(vec![&br#"\u00e9"#[..], br#"\ud83d\ude00"#, br#"\u0000"#])
            .prop_map(<[u8]>::to_vec),
        1 => prop::sample::select(vec![
            &b"\x01"[..], b"\n", br#"\x"#, br#"\ud800"#, b"\xff", b"\xc3", b"\xe2\x82",
        ])
        .prop_map(<[u8]>::to_vec),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    /// A string read from a slice, where the kernel unescapes runs and two-byte escapes in one
    /// pass, gives what it gives a byte at a time, where the general path reads every piece:
    /// the same value, or the same error at the same place; and serde_json's outcome.
    #[test]
    fn escaped_strings_in_one_window_and_byte_by_byte(
        pieces in vec(arb_escaped_piece(), 0..40),
        closed in prop::bool::weighted(0.9),
    ) {
        let mut doc = b"[\"".to_vec();
        doc.extend(pieces.concat());
        if closed {
            doc.extend_from_slice(b"\"]");
        }
        same_as_serde_json::<Vec<String>>(&doc)?;
        let whole = jsonstream::from_slice::<Vec<String>>(&doc);
        let bytes: jsonstream::Result<Vec<String>> =
            jsonstream::from_reader(OneByteReader::new(&doc[..]));
        let text = String::from_utf8_lossy(&doc);
        match (whole, bytes) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.to_string(), b.to_string(), "{}", text);
                prop_assert_eq!(a.offset(), b.offset(), "{}", text);
            }
            (a, b) => prop_assert!(false, "{text}: slice {a:?}, byte by byte {b:?}"),
        }
    }
}
