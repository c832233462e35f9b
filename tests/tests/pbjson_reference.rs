//! The PBJSON test harness checked against the reference implementation alone (no jsonstream):
//! `tests/python/pbjson_reference.py` reproduces every vendored vector with the pure-Python
//! encoder and reads every one back with both decoders, reads JSON exactly, writes -0.0 as
//! FORMAT.md corrects it, and a reference process that fails makes the test fail with its
//! stderr. Needs `PBJSON_PYTHON` (see `jsonstream_tests::pbjson_reference`).

use jsonstream_tests::compare::assert_no_failures;
use jsonstream_tests::pbjson_reference::{python, run, run_with, script, Request, Response};
use jsonstream_tests::pbjson_vectors::{exact_diff, vectors, ExactValue, Vector};
use jsonstream_tests::temp_dir::TempDir;

/// `0C … 0F`: the vector of a Python generator, which the reference writes as an array of
/// unknown length; a list of the same values is written with its length.
fn is_terminated_array(bytes: &[u8]) -> bool {
    bytes.first() == Some(&0x0C)
}

/// Every vector: the reference's encoder writes its bytes (a JSON text as Python's `json` module
/// reads it), both decoders read them back to the value, and Python's reading of a JSON text
/// is the one [`ExactValue::from_json`] gives.
#[test]
fn the_script_reproduces_every_vector() {
    let vectors = vectors();
    let values: Vec<ExactValue> = vectors.iter().map(Vector::value).collect();
    // Per vector: the indices of its encode, JSON read and decode requests.
    let mut requests = Vec::new();
    let mut slots = Vec::new();
    let mut add = |request| {
        requests.push(request);
        requests.len() - 1
    };
    for (v, value) in vectors.iter().zip(&values) {
        let (encode, read) = match v.json() {
            Some(json) => (
                add(Request::EncodeJson(json)),
                Some(add(Request::ReadJson(json))),
            ),
            None => (add(Request::Encode(value)), None),
        };
        let decode = (!v.head_only).then(|| add(Request::Decode(&v.bytes)));
        slots.push((encode, read, decode));
    }
    let responses = run(&requests);
    let mut failures = Vec::new();
    let mut decoded = 0;
    for ((v, value), (encode, read, decode)) in vectors.iter().zip(&values).zip(slots) {
        let expected = match read {
            Some(i) => {
                let python = responses[i].read().clone().expect("vector JSON");
                if let Some(d) = exact_diff(&python, value) {
                    failures.push(format!("{}: Python's json vs from_json: {d}", v.name));
                }
                python
            }
            None => value.clone(),
        };
        match responses[encode].encoded() {
            Ok(bytes) if *bytes == v.bytes => {}
            Ok(bytes) if is_terminated_array(&v.bytes) => {
                assert_eq!(bytes[0], 0xC0 | 3, "{}: a list of 3", v.name);
            }
            other => failures.push(format!("{}: encoded {other:?}", v.name)),
        }
        for (decoder, result) in decode.map(|i| responses[i].decoded()).unwrap_or_default() {
            decoded += 1;
            match result {
                Ok(got) => {
                    if let Some(d) = exact_diff(&expected, got) {
                        failures.push(format!("{}: {decoder} decoder: {d}", v.name));
                    }
                }
                Err(e) => failures.push(format!("{}: {decoder} decoder: {e}", v.name)),
            }
        }
    }
    assert_no_failures("vectors through the reference", &failures);
    assert_eq!(
        decoded,
        2 * 114,
        "two decoders for every vector but the two long strings"
    );
}

#[test]
fn negative_zero_as_the_reference_writes_it_and_as_corrected() {
    let zero = ExactValue::Float(-0.0);
    let nested = ExactValue::Array(vec![
        ExactValue::Float(-0.0),
        ExactValue::Float(0.0),
        ExactValue::Object(vec![("z".into(), ExactValue::Float(-0.0))]),
    ]);
    let responses = run(&[
        Request::EncodeUncorrected(&zero),
        Request::Decode(&[0x61, 0xbd]),
        Request::Encode(&zero),
        Request::Decode(&[0x61, 0xb0]),
        Request::Encode(&nested),
        Request::EncodeJson("[-0.0, 0.0, {\"z\": -0.0}]"),
    ]);
    assert_eq!(responses[0].encoded().as_deref(), Ok(&[0x61, 0xbd][..]));
    for (decoder, result) in responses[1].decoded() {
        assert!(result.is_err(), "{decoder} reads 61bd: {result:?}");
    }
    assert_eq!(responses[2].encoded().as_deref(), Ok(&[0x61, 0xb0][..]));
    for (decoder, result) in responses[3].decoded() {
        let value = result.as_ref().unwrap_or_else(|e| panic!("{decoder}: {e}"));
        assert_eq!(exact_diff(value, &zero), None, "{decoder}");
    }
    let corrected = [0xc3, 0x61, 0xb0, 0x60, 0xe1, 0x01, b'z', 0x61, 0xb0];
    assert_eq!(responses[4].encoded().as_deref(), Ok(&corrected[..]));
    assert_eq!(responses[5].encoded().as_deref(), Ok(&corrected[..]));
}

/// FORMAT.md: the C decoder reads past the end of truncated input, the pure-Python one stops
/// short; the harness never asks either to agree on such input.
#[test]
fn the_reference_decoders_differ_on_truncated_input() {
    let responses = run(&[Request::Decode(&[0x85, b'a', b'b', b'c', b'd'])]);
    let decoded = responses[0].decoded();
    let text = |i: usize| match &decoded[i].1 {
        Ok(ExactValue::Str(s)) => s.clone(),
        other => panic!("{}: {other:?}", decoded[i].0),
    };
    assert_eq!((text(0), text(1)), ("abcd".to_owned(), "abcd\0".to_owned()));
}

#[test]
fn tagged_values_cross_exactly() {
    let value = ExactValue::Array(vec![
        ExactValue::Int("1267650600228229401496703205376".into()),
        ExactValue::Int("-18446744073709551616".into()),
        ExactValue::int(u64::MAX),
        ExactValue::int(i64::MIN),
        ExactValue::Float(f64::INFINITY),
        ExactValue::Float(f64::NEG_INFINITY),
        ExactValue::Float(f64::NAN),
        ExactValue::Float(2.638344616030823e-256),
        ExactValue::Float(5e-324),
        ExactValue::Bytes((0..=255).collect()),
        ExactValue::Object(vec![("$float".into(), ExactValue::Str("1".into()))]),
        ExactValue::Str("😀\u{0}\u{2028}".into()),
    ]);
    let encoded = run(&[Request::Encode(&value)]);
    let bytes = encoded[0].encoded().clone().expect("encodes");
    let responses = run(&[
        Request::Decode(&bytes),
        Request::DecodeC(&bytes),
        Request::ReadJson("[2.638344616030823e-256, 123456789012345678901234567890, -0.0, 1E+2]"),
    ]);
    for response in &responses[..2] {
        for (decoder, result) in response.decoded() {
            let got = result.as_ref().unwrap_or_else(|e| panic!("{decoder}: {e}"));
            assert_eq!(exact_diff(&value, got), None, "{decoder}");
        }
    }
    assert_eq!(responses[1].decoded().len(), 1, "C decoder only");
    let read = responses[2].read().as_ref().expect("reads JSON");
    let expected = ExactValue::Array(vec![
        ExactValue::Float(2.638344616030823e-256),
        ExactValue::Int("123456789012345678901234567890".into()),
        ExactValue::Float(-0.0),
        ExactValue::Float(100.0),
    ]);
    assert_eq!(exact_diff(read, &expected), None);
}

#[test]
fn keys_over_127_bytes_are_refused_not_corrupted() {
    let value = ExactValue::Object(vec![("k".repeat(128), ExactValue::Null)]);
    let responses = run(&[Request::Encode(&value)]);
    let error = responses[0].encoded().as_ref().expect_err("refused");
    assert!(error.contains("128 bytes"), "{error}");
}

fn panic_message(result: std::thread::Result<Vec<Response>>) -> String {
    let payload = result.expect_err("the harness panics");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn a_failing_reference_fails_with_its_stderr() {
    let dir = TempDir::new("pbjson-reference-failing");
    let crash = dir.file("crash.py");
    std::fs::write(
        &crash,
        "import sys\nsys.stderr.write('boom: no pbjson here\\n')\nsys.exit(3)\n",
    )
    .unwrap();
    let silent = dir.file("silent.py");
    std::fs::write(&silent, "import sys\nsys.stdin.read()\n").unwrap();
    let request = [Request::Decode(&[0x02])];

    let message = panic_message(std::panic::catch_unwind(|| {
        run_with(&python(), &crash, &request)
    }));
    assert!(
        message.contains("boom: no pbjson here") && message.contains('3'),
        "{message}"
    );

    let message = panic_message(std::panic::catch_unwind(|| {
        run_with(&python(), &silent, &request)
    }));
    assert!(
        message.contains("gave 0 responses to 1 requests"),
        "{message}"
    );

    let nowhere = dir.file("no-such-python");
    let message = panic_message(std::panic::catch_unwind(|| {
        run_with(&nowhere, &script(), &request)
    }));
    assert!(
        message.contains("cannot start") && message.contains("PBJSON_PYTHON"),
        "{message}"
    );
}
