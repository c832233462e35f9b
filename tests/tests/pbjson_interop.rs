//! `jsonstream::pbjson` against the reference implementation, the Python package `pbjson`
//! 1.19.0, run by `tests/python/pbjson_reference.py` from `$PBJSON_PYTHON` (without it every
//! test here fails, saying how to set it up; `.ci/run` does). See
//! `jsonstream_tests::pbjson_reference`.
//!
//! For property-generated documents (`strategies::arb_pbjson_doc`: every integer length edge,
//! floats of every magnitude, length forms, more keys than the 128-key memo holds, nesting to
//! 98 levels), in batches of one reference launch each:
//! - (a) `to_vec` writes the bytes of the reference's pure-Python encoder (with FORMAT.md's
//!   one correction: -0.0 as `61 b0`);
//! - (b) the reference's pure-Python and C decoders read our bytes back to the document;
//! - (c) `from_slice` and `from_reader` (under every read schedule) read the reference's bytes
//!   to the document, number kinds and float bits included; what we read re-encodes to the
//!   same bytes (member order and memo);
//! - (d) `json_to_pbjson` of the document's JSON text writes the reference's encoding of that
//!   text (Python's `json` module reading it), and `pbjson_to_json` of that gives back the
//!   document.
//!
//! JSON texts are compared as Python's `json` module reads them: integers exact (at any
//! width, which `serde_json::Value` cannot hold), floats correctly rounded (as jsonstream and
//! serde_json with `float_roundtrip` read them).
//!
//! Values beyond JSON have tests of their own: binary values (`AL`, read with `visit_bytes`,
//! base64 text in JSON), integers beyond 64 bits (read as the nearest `f64` into a
//! `serde_json::Value`), non-finite floats, the vendored vectors, the bench documents.

use jsonstream::pbjson;
use jsonstream_tests::compare::{assert_no_failures, value_diff};
use jsonstream_tests::pbjson_reference::{run, Request, Response};
use jsonstream_tests::pbjson_vectors::{data_dir, exact_diff, hex, vectors, ExactValue};
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::reference::base64_encode;
use jsonstream_tests::strategies::{arb_pbjson_doc, config, string_of_bytes};
use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{json, Value};

/// Documents per reference launch, and launches: 256 generated documents in all.
const BATCH: usize = 32;
const BATCHES: u32 = 8;

/// A byte string, written with `serialize_bytes` and read with `deserialize_byte_buf` (what
/// `serde_bytes::ByteBuf` does, without its leniency for sequences and strings).
#[derive(Debug, Clone, PartialEq)]
struct Bytes(Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        struct BytesVisitor;
        impl Visitor<'_> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a PBJSON binary value")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

/// A record with binary fields, as an application would declare it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    name: String,
    data: Bytes,
    parts: Vec<Bytes>,
}

impl Record {
    /// The record as the reference holds it: a dict in field order, `bytes` values.
    fn py_value(&self) -> ExactValue {
        ExactValue::Object(vec![
            ("name".into(), ExactValue::Str(self.name.clone())),
            ("data".into(), ExactValue::Bytes(self.data.0.clone())),
            (
                "parts".into(),
                ExactValue::Array(
                    self.parts
                        .iter()
                        .map(|p| ExactValue::Bytes(p.0.clone()))
                        .collect(),
                ),
            ),
        ])
    }

    /// The record as `pbjson_to_json` writes it: bytes as standard base64 with padding.
    fn json_value(&self) -> Value {
        let parts: Vec<String> = self.parts.iter().map(|p| base64_encode(&p.0)).collect();
        json!({"name": self.name, "data": base64_encode(&self.data.0), "parts": parts})
    }
}

fn json_to_pbjson(json: impl std::io::Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    pbjson::json_to_pbjson(json, &mut out).map_err(|e| format!("json_to_pbjson: {e}"))?;
    Ok(out)
}

fn pbjson_to_json(bytes: impl std::io::Read) -> Result<String, String> {
    let mut out = Vec::new();
    pbjson::pbjson_to_json(bytes, &mut out).map_err(|e| format!("pbjson_to_json: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("pbjson_to_json wrote invalid UTF-8: {e}"))
}

/// Where our bytes and the reference's differ: the first differing byte with some context,
/// and the first differing value as our reader reads both.
fn bytes_diff(ours: &[u8], reference: &[u8]) -> String {
    let at = ours
        .iter()
        .zip(reference)
        .take_while(|(a, b)| a == b)
        .count();
    let window = |b: &[u8]| hex(&b[at.saturating_sub(8)..(at + 8).min(b.len())]);
    let values = match (
        pbjson::from_slice::<ExactValue>(ours),
        pbjson::from_slice::<ExactValue>(reference),
    ) {
        (Ok(a), Ok(b)) => exact_diff(&a, &b)
            .map(|d| format!("as read, ours vs the reference's: {d}"))
            .unwrap_or_else(|| "the same values as read (member order or key memo?)".into()),
        (a, b) => format!(
            "reading ours: {:?}; reading the reference's: {:?}",
            a.err().map(|e| e.to_string()),
            b.err().map(|e| e.to_string())
        ),
    };
    format!(
        "{} bytes vs the reference's {}; first difference at byte {at}: …{}… vs …{}… \
         ({values})",
        ours.len(),
        reference.len(),
        window(ours),
        window(reference)
    )
}

/// The start of a document's JSON text, to name it in failures.
fn short(text: &str) -> String {
    let shown: String = text.chars().take(160).collect();
    if shown.len() < text.len() {
        format!("{shown}… ({} bytes)", text.len())
    } else {
        shown
    }
}

/// Checks (a) to (d) of the module docs for every document in one reference launch; the
/// pure-Python decoder only if `pure_python` (it is quadratic in the number of tokens).
/// Returns the failures.
fn check_docs(docs: &[Value], pure_python: bool) -> Vec<String> {
    let schedules = Schedule::fixed();
    let expected: Vec<ExactValue> = docs.iter().map(ExactValue::from).collect();
    let texts: Vec<String> = docs
        .iter()
        .map(|d| serde_json::to_string(d).unwrap())
        .collect();
    let ours: Vec<Result<Vec<u8>, String>> = docs
        .iter()
        .map(|d| pbjson::to_vec(d).map_err(|e| format!("to_vec: {e}")))
        .collect();
    let transcoded: Vec<Result<Vec<u8>, String>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| json_to_pbjson(schedules[i % schedules.len()].reader(t.as_bytes())))
        .collect();
    let back: Vec<Result<String, String>> = transcoded
        .iter()
        .map(|t| t.clone().and_then(|b| pbjson_to_json(&b[..])))
        .collect();

    let mut requests = Vec::new();
    let mut add = |request| {
        requests.push(request);
        requests.len() - 1
    };
    let slots: Vec<(usize, Option<usize>, usize, Option<usize>)> = (0..docs.len())
        .map(|i| {
            let decode = ours[i].as_deref().ok().map(|b| {
                add(if pure_python {
                    Request::Decode(b)
                } else {
                    Request::DecodeC(b)
                })
            });
            let read_back = back[i].as_deref().ok().map(|t| add(Request::ReadJson(t)));
            (
                add(Request::Encode(&expected[i])),
                decode,
                add(Request::EncodeJsonStreamed(&texts[i])),
                read_back,
            )
        })
        .collect();
    let responses = run(&requests);

    let mut failures = Vec::new();
    for (i, (encode, decode, encode_json, read_back)) in slots.into_iter().enumerate() {
        let mut fail =
            |what: String| failures.push(format!("doc {i} {}: {what}", short(&texts[i])));
        let reference = match responses[encode].encoded() {
            Ok(bytes) => bytes,
            Err(e) => {
                fail(format!(
                    "the reference cannot encode it (a harness bug): {e}"
                ));
                continue;
            }
        };
        // (a) our bytes are the reference's.
        match &ours[i] {
            Ok(bytes) if bytes == reference => {}
            Ok(bytes) => fail(format!("(a) to_vec: {}", bytes_diff(bytes, reference))),
            Err(e) => fail(format!("(a) {e}")),
        }
        // (b) both reference decoders read our bytes as the document.
        for (decoder, result) in decode.map(|d| responses[d].decoded()).unwrap_or_default() {
            match result {
                Ok(value) => {
                    if let Some(d) = exact_diff(&expected[i], value) {
                        fail(format!("(b) the {decoder} decoder reads our bytes: {d}"));
                    }
                }
                Err(e) => fail(format!("(b) the {decoder} decoder rejects our bytes: {e}")),
            }
        }
        // (c) we read the reference's bytes as the document, from a slice and from readers.
        let schedule = &schedules[i % schedules.len()];
        let read = [
            ("from_slice", pbjson::from_slice::<Value>(reference)),
            (
                "from_reader",
                pbjson::from_reader::<_, Value>(schedule.reader(reference)),
            ),
        ];
        for (how, result) in read {
            match result {
                Ok(value) => {
                    if let Some(d) = value_diff(&docs[i], &value) {
                        fail(format!(
                            "(c) {how} ({schedule:?}) of the reference's bytes: {d}"
                        ));
                    }
                }
                Err(e) => fail(format!(
                    "(c) {how} ({schedule:?}) of the reference's bytes: {e}"
                )),
            }
        }
        match pbjson::from_slice::<ExactValue>(reference).map(|v| pbjson::to_vec(&v)) {
            Ok(Ok(again)) if again == *reference => {}
            Ok(Ok(again)) => fail(format!("(c) re-encoded: {}", bytes_diff(&again, reference))),
            Ok(Err(e)) | Err(e) => fail(format!("(c) read and re-encoded: {e}")),
        }
        // (d) JSON text to PBJSON as the reference encodes the text, and back to the document.
        match (&transcoded[i], responses[encode_json].encoded()) {
            (Ok(ours), Ok(theirs)) if ours == theirs => {}
            (Ok(ours), Ok(theirs)) => {
                fail(format!("(d) json_to_pbjson: {}", bytes_diff(ours, theirs)))
            }
            (Err(e), _) => fail(format!("(d) {e}")),
            (_, Err(e)) => fail(format!("(d) the reference cannot encode the text: {e}")),
        }
        match (&back[i], read_back.map(|r| responses[r].read())) {
            (Ok(_), Some(Ok(value))) => {
                if let Some(d) = exact_diff(&expected[i], value) {
                    fail(format!(
                        "(d) pbjson_to_json(json_to_pbjson(text)), read exactly: {d}"
                    ));
                }
            }
            (Ok(text), Some(Err(e))) => fail(format!(
                "(d) pbjson_to_json wrote bad JSON ({e}): {}",
                short(text)
            )),
            (Err(e), _) => fail(format!("(d) {e}")),
            (Ok(_), None) => unreachable!("a read request for every text"),
        }
    }
    failures
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each shrinking step launches the reference once.
        max_shrink_iters: 64,
        ..config(BATCHES)
    })]

    /// (a) to (d) of the module docs for 256 generated documents.
    #[test]
    fn generated_documents_match_the_reference(docs in vec(arb_pbjson_doc(), BATCH)) {
        let failures = check_docs(&docs, true);
        prop_assert!(
            failures.is_empty(),
            "{} failure(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
}

/// Every length form at its edges (FORMAT.md: 15/16, 2047/2048, 458751/458752) for strings
/// (in one- to four-byte characters); 15/16 and 2047/2048 for arrays and objects (2048
/// distinct keys: most of them after the memo is full, twice) and an array of 458752
/// elements; checked as the generated documents are. (Binary values: their own test.)
#[test]
fn length_forms_match_the_reference() {
    let mut docs = Vec::new();
    for len in [0, 15, 16, 2047, 2048, 458751, 458752] {
        docs.push(Value::String(string_of_bytes(len, 'x')));
    }
    for fill in ['é', '€', '😀'] {
        docs.push(json!([
            string_of_bytes(2047, fill),
            string_of_bytes(2048, fill)
        ]));
    }
    docs.push(Value::String(string_of_bytes(458752, '😀')));
    for len in [15, 16, 2047, 2048] {
        docs.push(Value::Array((0..len).map(|i| json!(i)).collect()));
        let object: serde_json::Map<String, Value> =
            (0..len).map(|i| (format!("key {i}"), json!(i))).collect();
        docs.push(json!([object.clone(), object]));
    }
    assert_no_failures("length forms", &check_docs(&docs, true));

    // The five-byte form for arrays: the C decoder only (the pure-Python one would copy the
    // rest of the input 458,752 times).
    let big = [Value::Array(vec![json!(null); 458752])];
    assert_no_failures("long array", &check_docs(&big, false));
}

/// Binary values (`AL`) of every length form: `to_vec` of `serialize_bytes` writes the
/// reference's encoding of `bytes`, both reference decoders read ours as `bytes`, we read the
/// reference's with `visit_bytes` (into a typed record and into an [`ExactValue`] through
/// `deserialize_any`), and `pbjson_to_json` writes them as standard base64 with padding.
#[test]
fn binary_values_match_the_reference() {
    let pattern = |len: usize| Bytes((0..len).map(|i| (i * 131 % 251) as u8).collect());
    let records: Vec<Record> = [0, 1, 2, 3, 15, 16, 255, 256, 2047, 2048, 458751, 458752]
        .into_iter()
        .map(|len| Record {
            name: format!("{len} bytes"),
            data: pattern(len),
            parts: vec![
                Bytes(Vec::new()),
                pattern(len % 7),
                Bytes((0..=255).collect()),
            ],
        })
        .collect();
    let expected: Vec<ExactValue> = records.iter().map(Record::py_value).collect();
    let ours: Vec<Vec<u8>> = records
        .iter()
        .map(|r| pbjson::to_vec(r).unwrap_or_else(|e| panic!("to_vec({}): {e}", r.name)))
        .collect();
    let lone = ExactValue::Bytes(vec![0, 0xff, 0x80]);
    let mut requests: Vec<Request<'_>> = Vec::new();
    for (value, bytes) in expected.iter().zip(&ours) {
        requests.push(Request::Encode(value));
        // The pure-Python decoder copies the rest of its input at every token: should our
        // bytes be wrong (many tokens), it would take minutes on the longest values.
        requests.push(if bytes.len() < 100_000 {
            Request::Decode(bytes)
        } else {
            Request::DecodeC(bytes)
        });
    }
    requests.push(Request::Encode(&lone));
    let responses = run(&requests);

    let mut failures = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let name = &record.name;
        let reference = responses[2 * i]
            .encoded()
            .as_ref()
            .expect("the reference encodes bytes");
        if ours[i] != *reference {
            failures.push(format!(
                "{name}: to_vec: {}",
                bytes_diff(&ours[i], reference)
            ));
        }
        for (decoder, result) in responses[2 * i + 1].decoded() {
            match result.as_ref().map(|v| exact_diff(&expected[i], v)) {
                Ok(None) => {}
                Ok(Some(d)) => failures.push(format!("{name}: the {decoder} decoder: {d}")),
                Err(e) => failures.push(format!("{name}: the {decoder} decoder: {e}")),
            }
        }
        match pbjson::from_slice::<Record>(reference) {
            Ok(read) if read == *record => {}
            other => failures.push(format!(
                "{name}: from_slice::<Record>: {:?}",
                other.map(|r| r.name)
            )),
        }
        match pbjson::from_reader::<_, Record>(Schedule::Sizes(vec![1, 7, 4096]).reader(reference))
        {
            Ok(read) if read == *record => {}
            other => failures.push(format!(
                "{name}: from_reader::<Record>: {:?}",
                other.map(|r| r.name)
            )),
        }
        match pbjson::from_slice::<ExactValue>(reference) {
            Ok(read) => {
                if let Some(d) = exact_diff(&expected[i], &read) {
                    failures.push(format!(
                        "{name}: from_slice::<ExactValue> (deserialize_any): {d}"
                    ));
                }
            }
            Err(e) => failures.push(format!("{name}: from_slice::<ExactValue>: {e}")),
        }
        match pbjson_to_json(&reference[..]).map(|t| serde_json::from_str::<Value>(&t)) {
            Ok(Ok(v)) => {
                if let Some(d) = value_diff(&record.json_value(), &v) {
                    failures.push(format!("{name}: pbjson_to_json: {d}"));
                }
            }
            other => failures.push(format!("{name}: pbjson_to_json: {other:?}")),
        }
    }
    let reference = responses[2 * records.len()]
        .encoded()
        .as_ref()
        .expect("encodes");
    match pbjson::to_vec(&Bytes(vec![0, 0xff, 0x80])) {
        Ok(ours) if ours == *reference => {}
        other => failures.push(format!("top-level bytes: {other:?} vs {reference:?}")),
    }
    assert_no_failures("binary values", &failures);
}

/// The `f64` a `serde_json::Value` holds for an integer beyond 64 bits: the nearest one
/// (correctly rounded, as Python's `float()` of the integer).
fn wide_int_as_read(digits: &str) -> Value {
    Value::from(digits.parse::<f64>().unwrap())
}

/// Integers beyond 64 bits, which the reference writes exactly: we read them as the nearest
/// `f64` (into a `serde_json::Value`), and `pbjson_to_json` writes either their exact digits
/// or a float text of that `f64` (read exactly). Only integers of 64 bits are promised exactly
/// into a `Value`; those are in the generated documents.
#[test]
fn wide_integers_read_as_the_nearest_float() {
    let mut ints: Vec<ExactValue> = [
        "18446744073709551616",
        "18446744073709551617",
        "4722366482869645213695",
        "4722366482869645213696",
        "4722366482869645213697",
        "-9223372036854775809",
        "-18446744073709551615",
        "-18446744073709551616",
        "-18446744073709551617",
        "1267650600228229401496703205376",
        "-1267650600228229401496703205376",
        "1000000000000000000000000000000",
        "16242000066381924557110",
        "46792617285847371862172299",
        "340282366920938463463374607431768211455",
        "-170141183460469231731687303715884105728",
        "340282366920938463463374607431768211456",
    ]
    .map(|d| ExactValue::Int(d.to_owned()))
    .to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in (9..=40).chain([64, 100, 127]) {
        let magnitude: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8 | 1
            })
            .collect();
        ints.push(ExactValue::int_from_magnitude(len % 2 == 0, &magnitude));
    }
    let requests: Vec<Request<'_>> = ints.iter().map(Request::Encode).collect();
    let responses: Vec<Response> = run(&requests);
    let mut failures = Vec::new();
    for (int, response) in ints.iter().zip(&responses) {
        let ExactValue::Int(digits) = int else {
            unreachable!()
        };
        let reference = response
            .encoded()
            .as_ref()
            .expect("the reference encodes integers");
        let expected = wide_int_as_read(digits);
        let nearest: f64 = digits.parse().unwrap();
        match pbjson::from_slice::<Value>(reference) {
            Ok(v) => {
                if let Some(d) = value_diff(&expected, &v) {
                    failures.push(format!(
                        "{digits}: from_slice::<Value>: {d} (the nearest f64 is {nearest:?})"
                    ));
                }
            }
            Err(e) => failures.push(format!("{digits}: from_slice::<Value>: {e}")),
        }
        match pbjson_to_json(&reference[..]) {
            Ok(text) if text.trim() == digits => {}
            Ok(text) => match (text.trim().parse::<f64>(), expected.as_f64()) {
                (Ok(f), Some(e)) if f.to_bits() == e.to_bits() => {}
                _ => failures.push(format!(
                    "{digits}: pbjson_to_json wrote {text:?}, neither the digits nor {expected}"
                )),
            },
            Err(e) => failures.push(format!("{digits}: {e}")),
        }
    }
    assert_no_failures("integers beyond 64 bits", &failures);
}

/// Infinities and NaN: `to_vec` writes the reference's one-byte tokens, and `from_slice`
/// reads them back as `f64`s.
#[test]
fn non_finite_floats_match_the_reference() {
    let values = [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1.5];
    let expected = ExactValue::Array(values.iter().map(|&f| ExactValue::Float(f)).collect());
    let responses = run(&[Request::Encode(&expected)]);
    let reference = responses[0].encoded().as_ref().expect("encodes");
    assert_eq!(reference[..4], [0xc4, 0x03, 0x04, 0x05]);
    assert_eq!(pbjson::to_vec(&values.to_vec()).unwrap(), *reference);
    let read: Vec<f64> = pbjson::from_slice(reference).unwrap();
    assert_eq!(read[..2], [f64::INFINITY, f64::NEG_INFINITY]);
    assert!(read[2].is_nan() && read[3] == 1.5);
}

fn has_wide_int(value: &ExactValue) -> bool {
    match value {
        ExactValue::Int(d) => d.parse::<u64>().is_err() && d.parse::<i64>().is_err(),
        ExactValue::Array(items) => items.iter().any(has_wide_int),
        ExactValue::Object(members) => members.iter().any(|(_, v)| has_wide_int(v)),
        _ => false,
    }
}

/// The vendored vectors: `to_vec` writes each one's bytes (but the two beyond 64 bits, which
/// no serde integer type the API promises holds, and the generator's array of unknown
/// length), and `from_slice` reads each (the array of unknown length included) as the value.
#[test]
fn vectors_match() {
    let vectors = vectors();
    let requests: Vec<Request<'_>> = vectors
        .iter()
        .filter_map(|v| v.json().map(Request::ReadJson))
        .collect();
    let mut read = run(&requests).into_iter();
    let mut failures = Vec::new();
    for v in &vectors {
        // JSON text as Python's `json` module reads it.
        let value = match v.json() {
            Some(_) => read.next().unwrap().read().clone().expect("vector JSON"),
            None => v.value(),
        };
        let name = &v.name;
        let ours = match &value {
            ExactValue::Bytes(b) => pbjson::to_vec(&Bytes(b.clone())),
            value => pbjson::to_vec(value),
        };
        let encodes = !has_wide_int(&value) && v.bytes[0] != 0x0C;
        match ours {
            Ok(ours) if encodes && ours != v.bytes => {
                failures.push(format!("{name}: to_vec: {}", bytes_diff(&ours, &v.bytes)));
            }
            Err(e) if encodes => failures.push(format!("{name}: to_vec: {e}")),
            _ => {}
        }
        let result = match &value {
            ExactValue::Bytes(b) => match pbjson::from_slice::<Bytes>(&v.bytes) {
                Ok(read) if read.0 == *b => Ok(None),
                Ok(read) => Ok(Some(format!("{} bytes read", read.0.len()))),
                Err(e) => Err(e),
            },
            value => pbjson::from_slice::<Value>(&v.bytes)
                .map(|read| value_diff(&value.to_json_value().expect("JSON"), &read)),
        };
        match result {
            Ok(None) => {}
            Ok(Some(d)) => failures.push(format!("{name}: from_slice: {d}")),
            Err(e) => failures.push(format!("{name}: from_slice: {e}")),
        }
    }
    assert_no_failures("vectors", &failures);
}

/// FORMAT.md: a key over 127 bytes cannot be encoded; the reference writes a corrupt
/// document, an encoder here returns an error (also when converting JSON).
#[test]
fn keys_over_127_bytes_are_errors() {
    for key in [
        "k".repeat(128),
        string_of_bytes(128, 'é'),
        string_of_bytes(200, '😀'),
    ] {
        let doc = json!([{"ok": 1}, {key.clone(): 1}]);
        assert!(
            pbjson::to_vec(&doc).is_err(),
            "to_vec, key of {} bytes",
            key.len()
        );
        let text = serde_json::to_vec(&doc).unwrap();
        assert!(
            json_to_pbjson(&text[..]).is_err(),
            "json_to_pbjson, key of {} bytes",
            key.len()
        );
    }
    let longest = json!({"k".repeat(127): 1});
    assert!(pbjson::to_vec(&longest).is_ok());
}

/// The bench documents (vendored in `data/bench-data`): `json_to_pbjson` writes the
/// reference's encoding of each text (read by Python's `json` module), `from_slice` reads that
/// as the text's value, and `pbjson_to_json` gives back a text of the same value (both texts
/// read exactly, by Python's `json` module).
#[test]
fn bench_documents_transcode_as_the_reference_encodes_them() {
    let names = ["canada.json", "citm_catalog.json", "twitter.json"];
    let dir = data_dir().join("bench-data");
    let texts: Vec<String> = names
        .iter()
        .map(|n| {
            let path = dir.join(n);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        })
        .collect();
    let ours: Vec<Vec<u8>> = texts
        .iter()
        .zip(names)
        .map(|(t, n)| json_to_pbjson(t.as_bytes()).unwrap_or_else(|e| panic!("{n}: {e}")))
        .collect();
    let back: Vec<String> = ours
        .iter()
        .zip(names)
        .map(|(b, n)| pbjson_to_json(&b[..]).unwrap_or_else(|e| panic!("{n}: {e}")))
        .collect();
    let mut requests = Vec::new();
    for (text, back) in texts.iter().zip(&back) {
        requests.extend([
            Request::EncodeJsonStreamed(text),
            Request::ReadJson(text),
            Request::ReadJson(back),
        ]);
    }
    let responses = run(&requests);
    let mut failures = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let reference = responses[3 * i]
            .encoded()
            .as_ref()
            .expect("the reference encodes it");
        let value = responses[3 * i + 1]
            .read()
            .as_ref()
            .expect("Python reads it");
        if ours[i] != *reference {
            failures.push(format!(
                "{name}: json_to_pbjson: {}",
                bytes_diff(&ours[i], reference)
            ));
        }
        match pbjson::from_slice::<Value>(&ours[i]) {
            Ok(read) => {
                if let Some(d) = value_diff(&value.to_json_value().expect("JSON"), &read) {
                    failures.push(format!("{name}: from_slice of ours: {d}"));
                }
            }
            Err(e) => failures.push(format!("{name}: from_slice of ours: {e}")),
        }
        match responses[3 * i + 2].read() {
            Ok(round_trip) => {
                if let Some(d) = exact_diff(value, round_trip) {
                    failures.push(format!("{name}: pbjson_to_json(json_to_pbjson(text)): {d}"));
                }
            }
            Err(e) => failures.push(format!("{name}: pbjson_to_json wrote bad JSON: {e}")),
        }
    }
    assert_no_failures("bench documents", &failures);
}
