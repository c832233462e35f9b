//! The PBJSON reference vectors, `data/pbjson/vectors.jsonl` ([`vectors`]), and the value
//! they hold, [`ExactValue`]: the values of PBJSON's data model (which is Python's: the
//! reference implementation is the Python package `pbjson`) held exactly, integers of any size,
//! floats by their bits, bytes, object members in order. [`ExactValue::from_json`] reads JSON
//! text as Python's `json` module does, without Python; [`exact_diff`] compares two values.
//!
//! The tests that need no Python (`pbjson_read`, `pbjson_write`, `pbjson_transcode`) use this
//! module alone; the reference harness, [`crate::pbjson_reference`], passes these values to
//! and from the reference.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::reference::base64_decode;

/// The vendored test data of the PBJSON tests: `data/pbjson/vectors.jsonl` (the reference's
/// encodings, from `shared/pbjson`) and `data/bench-data/` (the json-benchmark documents).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// What a vector encodes.
#[derive(Debug, Clone)]
pub enum VectorInput {
    /// A JSON text (read by Python's `json` module when the vector was made).
    Json(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A string of one character repeated.
    Repeat(char, usize),
}

/// One case of `data/pbjson/vectors.jsonl`.
#[derive(Debug, Clone)]
pub struct Vector {
    /// Its name.
    pub name: String,
    /// The value.
    pub input: VectorInput,
    /// The reference's encoding, whole. For `head_only` vectors, the file gives its first bytes
    /// (the string's header) and the rest is the string's UTF-8 text, added here.
    pub bytes: Vec<u8>,
    /// The file gives only the first bytes of the encoding (the long strings).
    pub head_only: bool,
}

impl Vector {
    /// The value, as the reference holds it; JSON text read by [`ExactValue::from_json`] (as
    /// Python's `json` module reads it). Panics, naming the vector, if the text is not JSON.
    pub fn value(&self) -> ExactValue {
        match &self.input {
            VectorInput::Json(text) => ExactValue::from_json(text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", self.name)),
            VectorInput::Bytes(b) => ExactValue::Bytes(b.clone()),
            VectorInput::Repeat(c, n) => ExactValue::Str(c.to_string().repeat(*n)),
        }
    }

    /// The JSON text of a [`VectorInput::Json`] vector.
    pub fn json(&self) -> Option<&str> {
        match &self.input {
            VectorInput::Json(text) => Some(text),
            _ => None,
        }
    }
}

/// The number of vectors in the file: a vector not read is a failure.
pub const VECTOR_COUNT: usize = 116;

/// The vectors of `data/pbjson/vectors.jsonl`, in order; panics unless there are
/// [`VECTOR_COUNT`].
pub fn vectors() -> Vec<Vector> {
    let path = data_dir().join("pbjson/vectors.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let vectors: Vec<Vector> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a vector is JSON");
            let field = |k: &str| v.get(k).and_then(Value::as_str);
            let name = field("name").expect("name").to_owned();
            let input = if let Some(json) = field("json") {
                VectorInput::Json(json.to_owned())
            } else if let Some(b64) = field("base64") {
                VectorInput::Bytes(base64_decode(b64.as_bytes()).expect("base64"))
            } else {
                let of = &v["string_of"];
                let c = of["char"]
                    .as_str()
                    .and_then(|c| c.chars().next())
                    .expect("char");
                VectorInput::Repeat(c, of["count"].as_u64().expect("count") as usize)
            };
            let (hex, head_only) = match (field("hex"), field("hex_head"), &input) {
                (Some(h), None, _) => (h, false),
                (None, Some(h), VectorInput::Repeat(..)) => (h, true),
                _ => panic!("{name}: not one of hex and (for string_of) hex_head"),
            };
            let mut bytes = unhex(hex).unwrap_or_else(|e| panic!("{name}: {e}"));
            if let (VectorInput::Repeat(c, n), true) = (&input, head_only) {
                bytes.extend(c.to_string().repeat(*n).bytes());
            }
            Vector {
                name,
                input,
                bytes,
                head_only,
            }
        })
        .collect();
    assert_eq!(vectors.len(), VECTOR_COUNT, "{}", path.display());
    vectors
}

/// A value as the reference (Python) holds it: a PBJSON value, exactly. Compared with
/// [`exact_diff`]; serialized with members in order and integers beyond 64 bits exactly (up to
/// 128 bits).
#[derive(Debug, Clone)]
pub enum ExactValue {
    /// `None`
    Null,
    /// `True` or `False`.
    Bool(bool),
    /// An `int` of any size, as its decimal text (`-` and digits, no leading zero).
    Int(String),
    /// A `float`, NaN and the infinities included.
    Float(f64),
    /// A `str`.
    Str(String),
    /// `bytes` (PBJSON's binary type).
    Bytes(Vec<u8>),
    /// A `list`.
    Array(Vec<ExactValue>),
    /// A `dict`, members in order.
    Object(Vec<(String, ExactValue)>),
}

impl ExactValue {
    /// An integer.
    pub fn int(n: impl Into<i128>) -> ExactValue {
        ExactValue::Int(n.into().to_string())
    }

    /// The integer whose magnitude is `magnitude` (big-endian bytes), negated if `negative`.
    pub fn int_from_magnitude(negative: bool, magnitude: &[u8]) -> ExactValue {
        let digits = decimal_digits(magnitude);
        if negative && digits != "0" {
            ExactValue::Int(format!("-{digits}"))
        } else {
            ExactValue::Int(digits)
        }
    }

    /// The value of a JSON text as Python's `json` module reads it: object members in
    /// document order (a repeated key keeps its first place and takes its last value, as a
    /// `dict` does), integers of any size exactly, every other number (with a fraction or an
    /// exponent) the correctly rounded `float` (`str::parse::<f64>`; beyond the range, an
    /// infinity), which is how jsonstream's JSON reader rounds them too; this reads the
    /// numbers' text from jsonstream's tokens. `Err` if the text is not one JSON document.
    pub fn from_json(text: &str) -> Result<ExactValue, String> {
        use jsonstream::Token;
        let mut reader = jsonstream::JsonReader::from_str(text);
        // The open containers, each with the key it takes in the one around it.
        let mut open: Vec<(ExactValue, Option<String>)> = Vec::new();
        let mut key: Option<String> = None;
        let document = loop {
            let token = reader.next_token().map_err(|e| e.to_string())?;
            let value = match token.ok_or("no value")? {
                Token::BeginArray => {
                    open.push((ExactValue::Array(Vec::new()), key.take()));
                    continue;
                }
                Token::BeginObject => {
                    open.push((ExactValue::Object(Vec::new()), key.take()));
                    continue;
                }
                Token::Key(k) => {
                    key = Some(k.to_owned());
                    continue;
                }
                Token::EndArray | Token::EndObject => {
                    let (value, outer_key) = open.pop().expect("the reader balances containers");
                    key = outer_key;
                    value
                }
                Token::String(s) => ExactValue::Str(s.to_owned()),
                Token::Number(n) if n.contains(['.', 'e', 'E']) => {
                    ExactValue::Float(n.parse().map_err(|e| format!("{n}: {e}"))?)
                }
                // JSON has no leading zeros; Python's -0 is 0.
                Token::Number("-0") => ExactValue::int(0),
                Token::Number(n) => ExactValue::Int(n.to_owned()),
                Token::Bool(b) => ExactValue::Bool(b),
                Token::Null => ExactValue::Null,
            };
            match open.last_mut() {
                None => break value,
                Some((ExactValue::Array(items), _)) => items.push(value),
                Some((ExactValue::Object(members), _)) => {
                    let k = key
                        .take()
                        .expect("the reader gives a key before each member");
                    match members.iter_mut().find(|(m, _)| *m == k) {
                        Some((_, earlier)) => *earlier = value,
                        None => members.push((k, value)),
                    }
                }
                Some(_) => unreachable!("only containers are open"),
            }
        };
        reader.finish().map_err(|e| e.to_string())?;
        Ok(document)
    }

    /// The value a document read into a `serde_json::Value` holds: integers of 64 bits (`i64`
    /// or `u64`) as they are; wider integers as the nearest `f64` (an error beyond the `f64`
    /// range, as `pbjson::from_slice` gives); other floats by their
    /// bits (a non-finite one becomes `null`, as serde_json's `Value` makes it). `Err` for
    /// bytes, which a `Value` cannot hold, and for integers beyond the `f64` range.
    pub fn to_json_value(&self) -> Result<Value, String> {
        Ok(match self {
            ExactValue::Null => Value::Null,
            ExactValue::Bool(b) => Value::Bool(*b),
            ExactValue::Int(digits) => {
                if let Ok(n) = digits.parse::<u64>() {
                    Value::from(n)
                } else if let Ok(n) = digits.parse::<i64>() {
                    Value::from(n)
                } else {
                    let nearest: f64 = digits.parse().map_err(|e| format!("{digits}: {e}"))?;
                    serde_json::Number::from_f64(nearest)
                        .map(Value::Number)
                        .ok_or_else(|| format!("integer {digits} beyond the f64 range"))?
                }
            }
            ExactValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            ExactValue::Str(s) => Value::String(s.clone()),
            ExactValue::Bytes(_) => return Err("bytes have no serde_json::Value".to_owned()),
            ExactValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(ExactValue::to_json_value)
                    .collect::<Result<_, _>>()?,
            ),
            ExactValue::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), v.to_json_value()?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&ExactValue> {
        match self {
            ExactValue::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl From<&Value> for ExactValue {
    /// The value Python's `json` module reads from the JSON text of `value`.
    fn from(value: &Value) -> ExactValue {
        match value {
            Value::Null => ExactValue::Null,
            Value::Bool(b) => ExactValue::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) if !n.is_f64() => ExactValue::int(u),
                (_, Some(i), _) if !n.is_f64() => ExactValue::int(i),
                (_, _, Some(f)) => ExactValue::Float(f),
                _ => unreachable!("a serde_json number is u64, i64 or f64"),
            },
            Value::String(s) => ExactValue::Str(s.clone()),
            Value::Array(items) => ExactValue::Array(items.iter().map(ExactValue::from).collect()),
            Value::Object(map) => ExactValue::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), ExactValue::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Serializes as the reference's types map to serde's: integers as `i64`/`u64` when they fit,
/// else `i128`/`u128` (an error beyond 128 bits), bytes with `serialize_bytes`, objects as maps
/// in member order.
impl Serialize for ExactValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ExactValue::Null => serializer.serialize_unit(),
            ExactValue::Bool(b) => serializer.serialize_bool(*b),
            ExactValue::Int(digits) => {
                if let Ok(n) = digits.parse::<u64>() {
                    serializer.serialize_u64(n)
                } else if let Ok(n) = digits.parse::<i64>() {
                    serializer.serialize_i64(n)
                } else if let Ok(n) = digits.parse::<u128>() {
                    serializer.serialize_u128(n)
                } else if let Ok(n) = digits.parse::<i128>() {
                    serializer.serialize_i128(n)
                } else {
                    Err(serde::ser::Error::custom(format!(
                        "integer {digits} is beyond 128 bits"
                    )))
                }
            }
            ExactValue::Float(f) => serializer.serialize_f64(*f),
            ExactValue::Str(s) => serializer.serialize_str(s),
            ExactValue::Bytes(b) => serializer.serialize_bytes(b),
            ExactValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            ExactValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Reads whatever a self-describing deserializer presents: byte sequences become
/// [`ExactValue::Bytes`], `i128`/`u128` and `f64` are kept as given, members keep their order.
impl<'de> Deserialize<'de> for ExactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ExactValue, D::Error> {
        struct ExactVisitor;

        impl<'de> Visitor<'de> for ExactVisitor {
            type Value = ExactValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any PBJSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<ExactValue, E> {
                Ok(ExactValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ExactValue, E> {
                Ok(ExactValue::int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ExactValue, E> {
                Ok(ExactValue::int(v))
            }
            fn visit_i128<E>(self, v: i128) -> Result<ExactValue, E> {
                Ok(ExactValue::int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<ExactValue, E> {
                Ok(ExactValue::Int(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ExactValue, E> {
                Ok(ExactValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<ExactValue, E> {
                Ok(ExactValue::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<ExactValue, E> {
                Ok(ExactValue::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<ExactValue, E> {
                Ok(ExactValue::Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<ExactValue, E> {
                Ok(ExactValue::Bytes(v))
            }
            fn visit_unit<E>(self) -> Result<ExactValue, E> {
                Ok(ExactValue::Null)
            }
            fn visit_none<E>(self) -> Result<ExactValue, E> {
                Ok(ExactValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ExactValue, D::Error> {
                ExactValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ExactValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ExactValue::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ExactValue, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, ExactValue>()? {
                    members.push((k, v));
                }
                Ok(ExactValue::Object(members))
            }
        }

        deserializer.deserialize_any(ExactVisitor)
    }
}

/// Compares two values exactly: integers by value, floats by bits (any NaN equals any NaN),
/// objects member by member in order. Returns a description of the first difference.
pub fn exact_diff(a: &ExactValue, b: &ExactValue) -> Option<String> {
    fn walk(a: &ExactValue, b: &ExactValue, path: &mut String) -> Option<String> {
        use ExactValue as P;
        match (a, b) {
            (P::Null, P::Null) => None,
            (P::Bool(x), P::Bool(y)) if x == y => None,
            (P::Int(x), P::Int(y)) if x == y => None,
            (P::Float(x), P::Float(y))
                if x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()) =>
            {
                None
            }
            (P::Float(x), P::Float(y)) => Some(format!("{path}: float {x:?} vs {y:?}")),
            (P::Str(x), P::Str(y)) if x == y => None,
            (P::Str(x), P::Str(y)) => Some(format!(
                "{path}: strings of {} and {} bytes differ from byte {}",
                x.len(),
                y.len(),
                x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count()
            )),
            (P::Bytes(x), P::Bytes(y)) if x == y => None,
            (P::Bytes(x), P::Bytes(y)) => Some(format!(
                "{path}: bytes of length {} and {} differ",
                x.len(),
                y.len()
            )),
            (P::Array(x), P::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path}: array of {} vs {}", x.len(), y.len()));
                }
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    if let Some(d) = walk(p, q, path) {
                        return Some(d);
                    }
                    path.truncate(len);
                }
                None
            }
            (P::Object(x), P::Object(y)) => {
                if x.len() != y.len() {
                    let keys = |m: &[(String, ExactValue)]| -> Vec<String> {
                        m.iter().take(20).map(|(k, _)| k.clone()).collect()
                    };
                    return Some(format!(
                        "{path}: object of {} vs {} members (keys {:?} vs {:?}…)",
                        x.len(),
                        y.len(),
                        keys(x),
                        keys(y)
                    ));
                }
                for (i, ((kp, p), (kq, q))) in x.iter().zip(y).enumerate() {
                    if kp != kq {
                        return Some(format!("{path}: member {i}: key {kp:?} vs {kq:?}"));
                    }
                    let len = path.len();
                    let _ = write!(path, "[{kp:?}]");
                    if let Some(d) = walk(p, q, path) {
                        return Some(d);
                    }
                    path.truncate(len);
                }
                None
            }
            _ => Some(format!("{path}: {} vs {}", brief(a), brief(b))),
        }
    }
    walk(a, b, &mut String::from("$"))
}

/// A short description of a value for difference messages.
fn brief(v: &ExactValue) -> String {
    match v {
        ExactValue::Str(s) if s.len() > 40 => format!("string of {} bytes", s.len()),
        ExactValue::Bytes(b) => format!("bytes of length {}", b.len()),
        ExactValue::Array(items) => format!("array of {}", items.len()),
        ExactValue::Object(members) => format!("object of {}", members.len()),
        other => format!("{other:?}"),
    }
}

/// Decimal text of a big-endian magnitude of any length.
pub fn decimal_digits(magnitude: &[u8]) -> String {
    // Base 10^9 limbs, least significant first.
    let mut limbs: Vec<u32> = Vec::new();
    for &byte in magnitude {
        let mut carry = u64::from(byte);
        for limb in &mut limbs {
            let v = u64::from(*limb) * 256 + carry;
            *limb = (v % 1_000_000_000) as u32;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    let mut out = match limbs.last() {
        Some(top) => top.to_string(),
        None => return "0".to_owned(),
    };
    for limb in limbs.iter().rev().skip(1) {
        let _ = write!(out, "{limb:09}");
    }
    out
}

/// Lowercase hex digits of `bytes`, two a byte.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The bytes of hex text, two digits a byte (either case).
pub fn unhex(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!("odd hex length {}", text.len()));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|e| format!("hex: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_of_magnitudes() {
        assert_eq!(decimal_digits(&[]), "0");
        assert_eq!(decimal_digits(&[0]), "0");
        assert_eq!(decimal_digits(&[1, 0]), "256");
        assert_eq!(decimal_digits(&[0xff; 8]), u64::MAX.to_string());
        assert_eq!(
            decimal_digits(&[1, 0, 0, 0, 0, 0, 0, 0, 0]),
            "18446744073709551616"
        );
        assert_eq!(decimal_digits(&[0xff; 16]), u128::MAX.to_string());
        let mut big = vec![0x10];
        big.extend([0; 12]);
        assert_eq!(decimal_digits(&big), "1267650600228229401496703205376"); // 2**100
        assert!(
            matches!(ExactValue::int_from_magnitude(true, &[0]), ExactValue::Int(d) if d == "0")
        );
    }

    #[test]
    fn exact_diff_sees_float_bits_int_values_and_kinds() {
        let f = ExactValue::Float;
        assert!(exact_diff(&f(0.0), &f(-0.0)).is_some());
        assert!(exact_diff(&f(f64::NAN), &f(-f64::NAN)).is_none());
        assert!(exact_diff(&f(1.0), &ExactValue::int(1)).is_some());
        assert!(exact_diff(
            &ExactValue::Bytes(vec![1]),
            &ExactValue::Array(vec![ExactValue::int(1)])
        )
        .is_some());
        let list = |v: Vec<ExactValue>| ExactValue::Array(v);
        assert!(exact_diff(&list(vec![f(1.0), f(2.0)]), &list(vec![f(1.0), f(3.0)])).is_some());
        let deep = |x: f64| {
            ExactValue::Object(vec![
                ("a".into(), ExactValue::Null),
                ("b".into(), list(vec![f(0.5), f(x)])),
            ])
        };
        assert_eq!(
            exact_diff(&deep(1.0), &deep(2.0)).as_deref(),
            Some("$[\"b\"][1]: float 1.0 vs 2.0")
        );
        let ab = ExactValue::Object(vec![("a".into(), f(1.0)), ("b".into(), ExactValue::Null)]);
        let ba = ExactValue::Object(vec![("b".into(), ExactValue::Null), ("a".into(), f(1.0))]);
        assert_eq!(exact_diff(&ab, &ab.clone()), None);
        assert_eq!(
            exact_diff(&ab, &ba).as_deref(),
            Some("$: member 0: key \"a\" vs \"b\"")
        );
    }

    #[test]
    fn json_values_follow_the_documented_rules() {
        let wide = ExactValue::Int("18446744073709551616".into());
        assert_eq!(
            wide.to_json_value().unwrap(),
            serde_json::json!(18446744073709551616.0)
        );
        assert_eq!(
            ExactValue::int(-1).to_json_value().unwrap(),
            serde_json::json!(-1)
        );
        assert!(ExactValue::Bytes(vec![]).to_json_value().is_err());
        let v = serde_json::json!({"a": [1, -2, 2.5, -0.0, "x", null, true]});
        assert_eq!(ExactValue::from(&v).to_json_value().unwrap(), v);
    }
    #[test]
    fn json_text_is_read_as_python_reads_it() {
        let read = |text: &str| ExactValue::from_json(text).unwrap();
        let f = ExactValue::Float;
        let doc = read(
            r#"{"b": [1, -0, -0.0, 1E2, 2.5e-1, 1e400, -1e400], "a": "x\u00e9",
                "wide": -1267650600228229401496703205376, "n": null, "t": true, "b": {}}"#,
        );
        let expected = ExactValue::Object(vec![
            ("b".into(), ExactValue::Object(vec![])),
            ("a".into(), ExactValue::Str("xé".into())),
            (
                "wide".into(),
                ExactValue::Int("-1267650600228229401496703205376".into()),
            ),
            ("n".into(), ExactValue::Null),
            ("t".into(), ExactValue::Bool(true)),
        ]);
        assert_eq!(exact_diff(&doc, &expected), None);
        let numbers = read("[1, -0, -0.0, 1E2, 2.5e-1, 1e400, -1e400, 18446744073709551616]");
        let expected = ExactValue::Array(vec![
            ExactValue::int(1),
            ExactValue::int(0),
            f(-0.0),
            f(100.0),
            f(0.25),
            f(f64::INFINITY),
            f(f64::NEG_INFINITY),
            ExactValue::Int("18446744073709551616".into()),
        ]);
        assert_eq!(exact_diff(&numbers, &expected), None);
        // Correctly rounded (the vector "float random 33", which serde_json's default reader
        // reads an ulp off).
        let text = "2.1791803807280727e-21";
        assert_eq!(exact_diff(&read(text), &f(2.1791803807280727e-21)), None);
        for bad in ["", "[1,]", "1 2", "{\"a\" 1}", "[1"] {
            assert!(ExactValue::from_json(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_vectors_are_read_whole() {
        let vectors = vectors();
        let long: Vec<&Vector> = vectors.iter().filter(|v| v.head_only).collect();
        assert_eq!(long.len(), 2);
        for v in long {
            let ExactValue::Str(s) = v.value() else {
                panic!("{}: not a string", v.name)
            };
            assert!(v.bytes.ends_with(s.as_bytes()), "{}", v.name);
            assert!(v.bytes.len() <= s.len() + 5, "{}", v.name);
        }
        assert_eq!(unhex("00fFa1").unwrap(), [0, 0xff, 0xa1]);
        assert_eq!(hex(&[0, 0xff, 0xa1]), "00ffa1");
        assert!(unhex("abc").is_err());
    }
}
