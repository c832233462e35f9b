//! PBJSON writing: every vector of `data/pbjson/vectors.jsonl` (what the reference encoder,
//! the Python package `pbjson` 1.19.0, writes for each value) written byte for byte by
//! `pbjson::to_vec`; the serde data model's edges (integers of 128 bits, maps of unknown
//! length from `#[serde(flatten)]`, enums, lying `Serialize` impls, keys too long, the depth
//! limit); the push writer's and the collection writers' checks. (Bounded memory:
//! `pbjson_memory.rs`, a binary of its own for its counting allocator.)
//!
//! The vectors are written as their [`ExactValue`]s: members in document order (the reference
//! writes a `dict` in insertion order; `serde_json::Value` without `preserve_order` sorts its
//! keys), integers beyond 64 bits as `i128`/`u128`, floats correctly rounded, bytes with
//! `serialize_bytes`. Where `serde_json::Value` holds the same JSON value in the same order
//! (all but [`NOT_AS_VALUE`]), it is written too and must give the same bytes.

use std::io;

use jsonstream::pbjson::{self, PbFormat, PbWriter};
use jsonstream::{
    iter_seq, ArrayWriter, Category, LimitKind, ObjectWriter, DEFAULT_MAX_WRITE_DEPTH,
};
use jsonstream_tests::pbjson_vectors::{hex, vectors, ExactValue, VECTOR_COUNT};
use jsonstream_tests::readers::{OneByteReader, ShortReader};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::Value;

/// The vector of a Python generator, which the reference writes as an array of unknown length.
const GENERATOR: &str = "terminated array (generator)";

/// The JSON vectors that `serde_json::Value` cannot hold as the reference wrote them: keys out
/// of sorted order, integers beyond 64 bits, and the generator.
const NOT_AS_VALUE: [&str; 8] = [
    "toast",
    "region",
    "int -9223372036854775809",
    "int 18446744073709551616",
    "int 1267650600228229401496703205376",
    "dict 16 keys",
    "repeated keys across dicts",
    GENERATOR,
];

#[test]
fn every_vector_is_written_as_the_reference_writes_it() {
    let mut checked = 0;
    let mut also_as_value = 0;
    let mut not_as_value = Vec::new();
    for vector in vectors() {
        let name = &vector.name;
        let value = vector.value();
        let written = if name == GENERATOR {
            // The reference writes a generator as an array of unknown length.
            let ExactValue::Array(elements) = &value else {
                panic!("{name}: not an array")
            };
            pbjson::to_vec(&iter_seq(elements.iter())).unwrap()
        } else {
            pbjson::to_vec(&value).unwrap()
        };
        assert_eq!(hex(&written), hex(&vector.bytes), "{name}");
        if let Some(json) = vector.json() {
            // serde_json's own `Value`, where it holds the same value in the same order.
            let as_value: Value = serde_json::from_str(json).unwrap();
            let same_order =
                serde_json::to_string(&as_value).unwrap() == serde_json::to_string(&value).unwrap();
            if same_order && name != GENERATOR {
                assert_eq!(
                    hex(&pbjson::to_vec(&as_value).unwrap()),
                    hex(&vector.bytes),
                    "{name} (Value)"
                );
                also_as_value += 1;
            } else {
                not_as_value.push(name.to_owned());
            }
        }
        checked += 1;
    }
    assert_eq!(checked, VECTOR_COUNT);
    assert_eq!(not_as_value, NOT_AS_VALUE);
    assert_eq!(also_as_value, 112 - NOT_AS_VALUE.len());
}

#[test]
fn a_lazy_sequence_is_a_terminated_array_inside_a_struct_too() {
    #[derive(Serialize)]
    struct Dataset<'a> {
        name: &'static str,
        points: jsonstream::IterSeq<'a, (u8, u8)>,
    }
    let dataset = Dataset {
        name: "squares",
        points: iter_seq((1..=2).map(|x| (x, x * x))),
    };
    let mut out = Vec::new();
    pbjson::dump(&dataset, &mut out).unwrap();
    assert_eq!(
        hex(&out),
        concat!(
            "e2",
            "046e616d65",
            "8773717561726573",
            "06706f696e7473",
            "0c",
            "c221012101",
            "c221022104",
            "0f"
        )
    );
}

#[test]
fn integers_of_128_bits_at_their_extremes() {
    let extremes = (
        u128::MAX,
        i128::MIN,
        i128::MAX,
        1u128 << 64,
        -(1i128 << 64),
        -(1i128 << 64) - 1,
        0u128,
    );
    // The reference's bytes for [2**128-1, -2**127, 2**127-1, 2**64, -2**64, -2**64-1, 0].
    assert_eq!(
        hex(&pbjson::to_vec(&extremes).unwrap()),
        concat!(
            "c7",
            "3010ffffffffffffffffffffffffffffffff",
            "501080000000000000000000000000000000",
            "30107fffffffffffffffffffffffffffffff",
            "29010000000000000000",
            "49010000000000000000",
            "49010000000000000001",
            "20"
        )
    );
}

#[test]
fn flattened_structs_are_collected_until_their_count_is_known() {
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Inner {
        c: u8,
        #[serde(flatten)]
        more: BTreeMap<&'static str, u8>,
    }
    #[derive(Serialize)]
    struct Outer {
        a: u8,
        #[serde(flatten)]
        extra: BTreeMap<&'static str, u8>,
        inner: Inner,
    }
    struct Members<'a>(&'a [(&'static str, u8)]);
    impl Serialize for Members<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
    let outer = Outer {
        a: 1,
        extra: BTreeMap::from([("b", 2)]),
        inner: Inner {
            c: 3,
            more: BTreeMap::from([("d", 4)]),
        },
    };
    let mut writer = PbWriter::new(Vec::new());
    writer.begin_array(Some(2)).unwrap();
    writer.value(&outer).unwrap();
    writer.value(&Members(&[("d", 5), ("a", 6)])).unwrap();
    writer.end_array().unwrap();
    // The reference, for [{"a":1,"b":2,"inner":{"c":3,"d":4}}, {"d":5,"a":6}]: the keys
    // memoized while the flattened maps were collected are the ones written, in that order.
    assert_eq!(
        hex(&writer.finish().unwrap()),
        "c2e3016121010162210205696e6e6572e20163210301642104e2842105802106"
    );
}

#[test]
fn enums_are_externally_tagged_as_serde_json_tags_them() {
    #[derive(Serialize)]
    enum E {
        Unit,
        Newtype(Inner),
        Tuple(u8, i8),
        Struct { x: bool },
    }
    #[derive(Serialize)]
    struct Inner {
        x: (f64, Option<u8>),
    }
    assert_eq!(pbjson::to_vec(&E::Unit).unwrap(), b"\x84Unit");
    // The reference's bytes for {"Newtype": {"x": [1.5, None]}}.
    assert_eq!(
        hex(&pbjson::to_vec(&E::Newtype(Inner { x: (1.5, None) })).unwrap()),
        "e1074e657774797065e10178c2621d5d02"
    );
    assert_eq!(
        pbjson::to_vec(&E::Tuple(1, -1)).unwrap(),
        b"\xe1\x05Tuple\xc2\x21\x01\x41\x01"
    );
    assert_eq!(
        pbjson::to_vec(&E::Struct { x: true }).unwrap(),
        b"\xe1\x06Struct\xe1\x01x\x01"
    );
}

/// A sequence or map whose `Serialize` declares `declared` items and gives `given`.
struct Liar {
    map: bool,
    declared: usize,
    given: usize,
}

impl Serialize for Liar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.map {
            let mut map = serializer.serialize_map(Some(self.declared))?;
            for i in 0..self.given {
                map.serialize_entry(&i, &i)?;
            }
            map.end()
        } else {
            let mut seq = serializer.serialize_seq(Some(self.declared))?;
            for i in 0..self.given {
                seq.serialize_element(&i)?;
            }
            seq.end()
        }
    }
}

#[test]
fn a_serialize_impl_that_lies_about_its_length_is_an_error() {
    for map in [false, true] {
        let what = if map { "member" } else { "element" };
        for (declared, given, message) in [
            (3, 2, format!("declared 3 {what}s, given 2")),
            (2, 3, format!("declared 2 {what}s, given more")),
            (1, 0, format!("declared 1 {what}, given 0")),
            (0, 1, format!("declared 0 {what}s, given more")),
        ] {
            let liar = Liar {
                map,
                declared,
                given,
            };
            let err = pbjson::to_vec(&[liar]).unwrap_err();
            assert_eq!(err.category(), Category::Syntax);
            assert_eq!(err.to_string(), message);
        }
        let honest = Liar {
            map,
            declared: 2,
            given: 2,
        };
        assert!(pbjson::to_vec(&honest).is_ok());
    }

    // A struct that declares one field and serializes two.
    struct TwoFields;
    impl Serialize for TwoFields {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("TwoFields", 1)?;
            s.serialize_field("a", &1)?;
            s.serialize_field("b", &2)?;
            s.end()
        }
    }
    let err = pbjson::to_vec(&TwoFields).unwrap_err();
    assert_eq!(err.to_string(), "declared 1 member, given more");

    // A map that gives a key without its value, or a value without a key.
    struct KeyKey;
    impl Serialize for KeyKey {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(2))?;
            map.serialize_key("a")?;
            map.serialize_key("b")?;
            map.end()
        }
    }
    let err = pbjson::to_vec(&KeyKey).unwrap_err();
    assert_eq!(err.to_string(), "expected a value, found a key");
    struct KeyOnly;
    impl Serialize for KeyOnly {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_key("a")?;
            map.end()
        }
    }
    let err = pbjson::to_vec(&KeyOnly).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected a value, found the end of the map"
    );
}

#[test]
fn keys_over_127_bytes_are_an_error() {
    use std::collections::BTreeMap;

    let fits = "k".repeat(127);
    let out = pbjson::to_vec(&BTreeMap::from([(fits.as_str(), 1)])).unwrap();
    assert_eq!(&out[..2], b"\xe1\x7f");
    for long in ["k".repeat(128), "é".repeat(64), "x".repeat(100_000)] {
        let err = pbjson::to_vec(&BTreeMap::from([(long.as_str(), 1)])).unwrap_err();
        assert_eq!(err.category(), Category::Data);
        assert_eq!(
            err.to_string(),
            format!(
                "key of {} bytes: PBJSON keys are at most 127 bytes",
                long.len()
            )
        );
    }
    // A field name is held to the same limit.
    #[derive(Serialize)]
    struct Long {
        #[serde(
            rename = "a_field_name_of_more_than_one_hundred_and_twenty_seven_bytes_which_no_pbjson_key_can_be_since_the_length_byte_of_a_key_stops_at_127"
        )]
        field: u8,
    }
    assert!(pbjson::to_vec(&Long { field: 1 }).unwrap_err().is_data());
}

#[test]
fn non_string_keys_become_their_text_as_serde_json_makes_them() {
    use std::collections::BTreeMap;

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Color {
        Red,
    }
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Id(u32);

    let ints = BTreeMap::from([(-1i128, 1), (i128::from(u64::MAX), 2)]);
    assert_eq!(
        pbjson::to_vec(&ints).unwrap(),
        b"\xe2\x02-1\x21\x01\x1418446744073709551615\x21\x02"
    );
    assert_eq!(
        pbjson::to_vec(&BTreeMap::from([(Color::Red, ())])).unwrap(),
        b"\xe1\x03Red\x02"
    );
    assert_eq!(
        pbjson::to_vec(&BTreeMap::from([(Id(7), ())])).unwrap(),
        b"\xe1\x017\x02"
    );
    let mut floats = Vec::new();
    {
        let mut writer = PbWriter::new(&mut floats);
        writer.begin_object(2).unwrap();
        writer.map_key(&1.5f64).unwrap();
        writer.null_value().unwrap();
        writer.map_key(&false).unwrap();
        writer.null_value().unwrap();
        writer.end_object().unwrap();
        writer.finish().unwrap();
    }
    assert_eq!(floats, b"\xe2\x031.5\x02\x05false\x02");
    // The same text as JSON gets, for every kind of key.
    let json = jsonstream::to_vec(&BTreeMap::from([(Id(7), ())])).unwrap();
    assert_eq!(json, br#"{"7":null}"#);

    let mut writer = PbWriter::new(Vec::new());
    writer.begin_object(1).unwrap();
    let err = writer.map_key(&f64::NAN).unwrap_err();
    assert_eq!(
        err.to_string(),
        "float key must be finite (got NaN or +/-inf)"
    );
    let err = pbjson::to_vec(&BTreeMap::from([(vec![1], 1)])).unwrap_err();
    assert_eq!(err.to_string(), "key must be a string");
}

#[test]
fn blob_text_is_collected_then_written_with_its_length() {
    let blob = jsonstream::Blob::text(&b"line 1\nline 2"[..]);
    assert_eq!(pbjson::to_vec(&blob).unwrap(), b"\x8dline 1\nline 2");
    let err = pbjson::to_vec(&jsonstream::Blob::text(&b"ab\xff"[..])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 at byte 2 of the string value"
    );
}

/// `[[…[null]…]]`, `depth` arrays, dropped iteratively.
fn nested(depth: usize) -> Vec<Value> {
    let mut value = Value::Null;
    for _ in 0..depth {
        value = Value::Array(vec![value]);
    }
    vec![value]
}

/// Drops a deep value without recursing.
fn drop_deep(mut values: Vec<Value>) {
    while let Some(mut value) = values.pop() {
        if let Value::Array(elements) = &mut value {
            values.append(elements);
        }
    }
}

#[test]
fn values_deeper_than_the_limit_are_an_error_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let at_limit = nested(DEFAULT_MAX_WRITE_DEPTH);
            let out = pbjson::to_vec(&at_limit[0]).unwrap();
            assert_eq!(out.len(), DEFAULT_MAX_WRITE_DEPTH + 1);
            drop_deep(at_limit);

            let beyond = nested(DEFAULT_MAX_WRITE_DEPTH + 1);
            let err = pbjson::to_vec(&beyond[0]).unwrap_err();
            assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
            let mut writer = PbWriter::new(Vec::new()).max_depth(DEFAULT_MAX_WRITE_DEPTH + 1);
            writer.value(&beyond[0]).unwrap();
            drop_deep(beyond);
        })
        .unwrap()
        .join()
        .unwrap();
    // A variant with content is a level.
    #[derive(Serialize)]
    enum E {
        V(Vec<u8>),
    }
    let mut ser = pbjson::Serializer::new(Vec::new()).max_depth(1);
    let err = E::V(vec![]).serialize(&mut ser).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
}

#[test]
fn the_push_writer_checks_structure_and_counts() {
    let mut w = PbWriter::new(Vec::new());
    assert_eq!(
        w.end_array().unwrap_err().to_string(),
        "expected a value, found the end of an array"
    );
    assert!(w.key("a").is_err());
    w.begin_object(2).unwrap();
    assert!(w.null_value().is_err());
    w.key("a").unwrap();
    assert!(w.key("b").is_err());
    w.begin_array(None).unwrap();
    assert!(w.end_object().is_err());
    for i in 0..3 {
        w.value(&i).unwrap();
    }
    w.end_array().unwrap();
    assert_eq!(
        w.end_object().unwrap_err().to_string(),
        "declared 2 members, given 1"
    );
    w.key("b").unwrap();
    w.binary(b"\x00\x01").unwrap();
    assert_eq!(
        w.key("c").unwrap_err().to_string(),
        "declared 2 members, given more"
    );
    w.end_object().unwrap();
    assert!(w.begin_array(None).is_err());
    assert_eq!(
        w.finish().unwrap(),
        b"\xe2\x01a\x0c\x20\x21\x01\x21\x02\x0f\x01b\xa2\x00\x01"
    );

    // Too long for a header: refused before anything is written.
    let mut w = PbWriter::new(Vec::new());
    let err = w.begin_array(Some(1 << 32)).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    let err = w.begin_object(1 << 32).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    w.begin_array(Some(0)).unwrap();
    w.end_array().unwrap();
    assert_eq!(w.finish().unwrap(), b"\xc0");
}

#[test]
fn binary_from_and_str_from_copy_exactly_their_length_through_any_reads() {
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 7) as u8).collect();
    let len = data.len() as u64;
    let expected = {
        let mut w = PbWriter::new(Vec::new());
        w.binary(&data).unwrap();
        w.finish().unwrap()
    };
    let mut w = PbWriter::new(Vec::new());
    w.binary_from(OneByteReader::new(&data[..]), len).unwrap();
    assert_eq!(w.finish().unwrap(), expected);
    let mut w = PbWriter::new(Vec::new());
    w.binary_from(ShortReader::new(&data[..], &[1, 7, 4096, 3]), len)
        .unwrap();
    assert_eq!(w.finish().unwrap(), expected);

    // Short input: an error, and the writer refuses to finish the document.
    let mut w = PbWriter::new(Vec::new());
    w.begin_array(Some(1)).unwrap();
    let err = w
        .binary_from(OneByteReader::new(&data[..10]), 11)
        .unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!(err.to_string(), "declared 11 bytes, given 10");
    assert!(w.end_array().is_err());
    assert_eq!(
        w.finish().unwrap_err().to_string(),
        "an earlier error left the writer unusable"
    );
    // Extra input.
    let mut w = PbWriter::new(Vec::new());
    let err = w
        .binary_from(OneByteReader::new(&data[..]), len - 1)
        .unwrap_err();
    assert_eq!(err.to_string(), "declared 4999 bytes, given more");

    // Text split at every byte, multi-byte characters across reads.
    let text = "€uro, ünïcödé, 😀 ".repeat(100);
    let mut w = PbWriter::new(Vec::new());
    w.str_from(OneByteReader::new(text.as_bytes()), text.len() as u64)
        .unwrap();
    assert_eq!(w.finish().unwrap(), pbjson::to_vec(&text).unwrap());
    let mut w = PbWriter::new(Vec::new());
    let bad = [&text.as_bytes()[..10], b"\xc3(", &text.as_bytes()[..10]].concat();
    let err = w
        .str_from(OneByteReader::new(&bad[..]), bad.len() as u64)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 at byte 10 of the string value"
    );
}

#[test]
fn collection_writers_write_pbjson() {
    #[derive(Serialize)]
    struct Record {
        id: u64,
        tags: Vec<&'static str>,
    }
    let mut records = ArrayWriter::pbjson(Vec::new());
    for id in 0..3 {
        records
            .push(&Record {
                id,
                tags: vec!["a"],
            })
            .unwrap();
    }
    let out = records.finish().unwrap();
    let reference = pbjson::to_vec(&iter_seq((0..3).map(|id| Record {
        id,
        tags: vec!["a"],
    })))
    .unwrap();
    assert_eq!(out, reference);
    assert_eq!(out[0], 0x0c);
    assert_eq!(*out.last().unwrap(), 0x0f);

    let empty: ArrayWriter<_, PbFormat> = ArrayWriter::pbjson(Vec::new());
    assert_eq!(empty.finish().unwrap(), b"\x0c\x0f");

    // Dropped unfinished, the array stays unterminated.
    let mut out = Vec::new();
    let mut records = ArrayWriter::pbjson(&mut out);
    records.push(&1).unwrap();
    drop(records);
    assert_eq!(out, b"\x0c\x21\x01");

    let mut totals = ObjectWriter::pbjson(Vec::new(), 2);
    totals.push("apples", &3).unwrap();
    totals.push("pears", &5).unwrap();
    let err = totals.push("plums", &7).unwrap_err();
    assert_eq!(err.to_string(), "declared 2 members, given more");
    assert_eq!(
        totals.finish().unwrap(),
        b"\xe2\x06apples\x21\x03\x05pears\x21\x05"
    );
    let mut short = ObjectWriter::pbjson(Vec::new(), 3);
    short.push("a", &1).unwrap();
    assert_eq!(
        short.finish().unwrap_err().to_string(),
        "declared 3 members, given 1"
    );
    let empty: ObjectWriter<_, PbFormat> = ObjectWriter::pbjson(Vec::new(), 0);
    assert_eq!(empty.finish().unwrap(), b"\xe0");

    let mut deep = ArrayWriter::pbjson(Vec::new()).max_depth(1);
    deep.push(&serde_json::json!([1])).unwrap();
    assert_eq!(
        deep.push(&serde_json::json!([[1]])).unwrap_err().limit(),
        Some(LimitKind::WriteDepth)
    );
}

#[test]
fn io_errors_of_the_writer_are_reported() {
    struct Full;
    impl io::Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let err = pbjson::dump(&vec![0u8; 100_000], Full).unwrap_err();
    assert!(err.is_io());
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
}

/// A writer that takes at most `chunk` bytes a call, answers every third call with
/// `Interrupted`, and fails for good once it holds `capacity` bytes.
struct Narrow {
    out: Vec<u8>,
    chunk: usize,
    calls: usize,
    capacity: usize,
}

impl Narrow {
    fn new(chunk: usize, capacity: usize) -> Self {
        Narrow {
            out: Vec::new(),
            chunk,
            calls: 0,
            capacity,
        }
    }
}

impl io::Write for Narrow {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            return Err(io::ErrorKind::Interrupted.into());
        }
        if self.out.len() == self.capacity {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "full"));
        }
        let n = buf
            .len()
            .min(self.chunk)
            .min(self.capacity - self.out.len());
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes that serialize as bytes (PBJSON's binary values).
struct Binary(Vec<u8>);

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

#[derive(Serialize)]
struct Inner {
    name: String,
    score: f64,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, Value>,
}

#[derive(Serialize)]
struct Outer {
    id: u64,
    #[serde(flatten)]
    inner: Inner,
    blob: Binary,
    items: Vec<Inner>,
}

/// A document with every kind of token, struct field names (which the memo finds by
/// address), maps of unknown length inside one another, values longer than the output
/// buffer, and more distinct keys than the memo holds.
fn every_kind_of_token() -> Vec<Outer> {
    let inner = |i: usize| Inner {
        name: "n".repeat(i * 37 % 3000),
        score: i as f64 / 7.0 - 3.0,
        extra: (0..i % 5)
            .map(|j| {
                (
                    format!("key {}", (i * 31 + j) % 200),
                    Value::from(j as f64 * 1e-7),
                )
            })
            .collect(),
    };
    (0..60)
        .map(|i| Outer {
            id: (i as u64) << (i % 64),
            inner: inner(i),
            blob: Binary(vec![i as u8; i * 1000]),
            items: (0..i % 4).map(inner).collect(),
        })
        .collect()
}

#[test]
fn dump_writes_the_bytes_of_to_vec_through_any_writer() {
    let value = every_kind_of_token();
    let bytes = pbjson::to_vec(&value).unwrap();
    assert!(bytes.len() > 200_000, "{}", bytes.len());

    let mut dumped = Vec::new();
    pbjson::dump(&value, &mut dumped).unwrap();
    assert_eq!(dumped, bytes);
    for chunk in [1, 7, 4096, 100_000] {
        let mut narrow = Narrow::new(chunk, usize::MAX);
        pbjson::dump(&value, &mut narrow).unwrap();
        assert_eq!(narrow.out, bytes, "chunk {chunk}");
    }
}

#[test]
fn a_writer_that_fails_midway_gets_a_prefix_and_the_error() {
    let value = every_kind_of_token();
    let bytes = pbjson::to_vec(&value).unwrap();
    for capacity in [0, 1, 100, 8191, 8192, 8193, 50_000, bytes.len() - 1] {
        let mut narrow = Narrow::new(5000, capacity);
        let err = pbjson::dump(&value, &mut narrow).unwrap_err();
        assert!(err.is_io(), "{err}");
        assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
        assert_eq!(narrow.out, bytes[..capacity], "capacity {capacity}");
    }
}
