//! The PBJSON reference implementation, the Python package `pbjson` 1.19.0, as a test oracle:
//! [`run`] sends a batch of [`Request`]s to `tests/python/pbjson_reference.py` (one launch of the
//! Python named by [`PYTHON_ENV`] per batch) and returns one [`Response`] per request.
//!
//! Values cross as [`PyValue`]s, the values the reference holds: integers of any size, floats
//! by their bits (NaN and the infinities included), text, bytes, arrays and objects with their
//! member order. Without [`PYTHON_ENV`], or when the process fails, [`run`] panics with what to
//! do or with the process's stderr: a test that needs the reference never passes without it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::reference::{base64_decode, base64_encode};

/// Environment variable naming the Python that runs the reference (one with `pbjson==1.19.0`
/// installed, C speedups included); without it, [`python`] makes a venv of its own.
pub const PYTHON_ENV: &str = "PBJSON_PYTHON";

/// The Python of the venv that [`python`] makes when [`PYTHON_ENV`] is not set.
fn own_venv() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("pbjson-venv")
}

/// Whether `python` has the reference: pbjson 1.19.0 with its C speedups.
fn has_reference(python: &Path) -> bool {
    let ready = "import sys, pbjson, pbjson.decoder as d; \
                 sys.exit(pbjson.__version__ != '1.19.0' or d.c_decoder is None)";
    std::process::Command::new(python)
        .args(["-c", ready])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The Python that runs the reference: the one named by [`PYTHON_ENV`], else that of a venv
/// in the target directory (`pbjson-venv`), made with `python3 -m venv` and
/// `pip install pbjson==1.19.0` the first time (which needs PyPI). Panics, saying how to set
/// it up, if neither gives a Python with the reference.
pub fn python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Some(path) = std::env::var_os(PYTHON_ENV).filter(|p| !p.is_empty()) {
                let path = PathBuf::from(path);
                assert!(
                    has_reference(&path),
                    "{PYTHON_ENV}={} has no pbjson 1.19.0 with its C speedups",
                    path.display()
                );
                return path;
            }
            let venv = own_venv();
            let python = venv.join("bin/python");
            if !has_reference(&python) {
                let run = |program: &std::path::Path, args: &[&str]| {
                    let status = std::process::Command::new(program).args(args).status();
                    assert!(
                        status.as_ref().is_ok_and(|s| s.success()),
                        "{} {args:?}: {status:?}; the PBJSON interop tests need a Python with \
                         pbjson==1.19.0: name one in {PYTHON_ENV}",
                        program.display()
                    );
                };
                let venv_arg = venv.to_string_lossy().into_owned();
                run("python3".as_ref(), &["-m", "venv", "--clear", &venv_arg]);
                run(
                    &python,
                    &[
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                        "pbjson==1.19.0",
                    ],
                );
                assert!(
                    has_reference(&python),
                    "pbjson 1.19.0 installed without its C speedups"
                );
            }
            python
        })
        .clone()
}

/// The script that answers the requests.
pub fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/pbjson_reference.py")
}

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
    /// The reference's encoding, whole or (`head_only`) its first bytes.
    pub bytes: Vec<u8>,
    /// Only the first bytes of the encoding are given (the long strings).
    pub head_only: bool,
}

impl Vector {
    /// The value, but for [`VectorInput::Json`], which Python's `json` module has to read
    /// ([`Request::ReadJson`]).
    pub fn value(&self) -> Option<PyValue> {
        match &self.input {
            VectorInput::Json(_) => None,
            VectorInput::Bytes(b) => Some(PyValue::Bytes(b.clone())),
            VectorInput::Repeat(c, n) => Some(PyValue::Str(c.to_string().repeat(*n))),
        }
    }
}

/// The vectors of `data/pbjson/vectors.jsonl`, in order.
pub fn vectors() -> Vec<Vector> {
    let path = data_dir().join("pbjson/vectors.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let vectors: Vec<Vector> = text
        .lines()
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
            let (hex, head_only) = match (field("hex"), field("hex_head")) {
                (Some(h), _) => (h, false),
                (None, Some(h)) => (h, true),
                _ => panic!("{name}: no hex"),
            };
            let bytes = unhex(hex).unwrap_or_else(|e| panic!("{name}: {e}"));
            Vector {
                name,
                input,
                bytes,
                head_only,
            }
        })
        .collect();
    assert_eq!(vectors.len(), 116, "{}", path.display());
    vectors
}

/// A value as the reference holds it.
#[derive(Debug, Clone)]
pub enum PyValue {
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
    Array(Vec<PyValue>),
    /// A `dict`, members in order.
    Object(Vec<(String, PyValue)>),
}

impl PyValue {
    /// An integer.
    pub fn int(n: impl Into<i128>) -> PyValue {
        PyValue::Int(n.into().to_string())
    }

    /// The integer whose magnitude is `magnitude` (big-endian bytes), negated if `negative`.
    pub fn int_from_magnitude(negative: bool, magnitude: &[u8]) -> PyValue {
        let digits = decimal_digits(magnitude);
        if negative && digits != "0" {
            PyValue::Int(format!("-{digits}"))
        } else {
            PyValue::Int(digits)
        }
    }

    /// The value a document read into a `serde_json::Value` holds: integers of 64 bits (`i64`
    /// or `u64`) as they are; wider integers as the nearest `f64` (an error beyond the `f64`
    /// range, as `pbjson::from_slice` gives); other floats by their
    /// bits (a non-finite one becomes `null`, as serde_json's `Value` makes it). `Err` for
    /// bytes, which a `Value` cannot hold, and for integers beyond the `f64` range.
    pub fn to_json_value(&self) -> Result<Value, String> {
        Ok(match self {
            PyValue::Null => Value::Null,
            PyValue::Bool(b) => Value::Bool(*b),
            PyValue::Int(digits) => {
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
            PyValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            PyValue::Str(s) => Value::String(s.clone()),
            PyValue::Bytes(_) => return Err("bytes have no serde_json::Value".to_owned()),
            PyValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(PyValue::to_json_value)
                    .collect::<Result<_, _>>()?,
            ),
            PyValue::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), v.to_json_value()?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }

    /// Reads a line of the script's output: JSON whose members keep their order, numbers
    /// held only as integers (the script tags every float).
    pub fn parse_tagged_json(line: &str) -> Result<PyValue, String> {
        let value: PyValue = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
        if let Some(f) = value.first_float() {
            return Err(format!("untagged float {f:?} in a response"));
        }
        Ok(value)
    }

    fn first_float(&self) -> Option<f64> {
        match self {
            PyValue::Float(f) => Some(*f),
            PyValue::Array(items) => items.iter().find_map(PyValue::first_float),
            PyValue::Object(members) => members.iter().find_map(|(_, v)| v.first_float()),
            _ => None,
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&PyValue> {
        match self {
            PyValue::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of (part of) a response of the script, as [`PyValue::parse_tagged_json`]
    /// read it: tags undone (module docs of the script).
    pub fn untag(&self) -> Result<PyValue, String> {
        Ok(match self {
            PyValue::Array(items) => {
                PyValue::Array(items.iter().map(PyValue::untag).collect::<Result<_, _>>()?)
            }
            PyValue::Object(members) => {
                if let [(key, inner)] = &members[..] {
                    let text = || match inner {
                        PyValue::Str(t) => Ok(t.as_str()),
                        other => Err(format!("{key} holds {other:?}, not a string")),
                    };
                    match key.as_str() {
                        "$float" => {
                            let t = text()?;
                            return t
                                .parse::<f64>()
                                .map(PyValue::Float)
                                .map_err(|e| format!("$float {t:?}: {e}"));
                        }
                        "$int" => return Ok(PyValue::Int(text()?.to_owned())),
                        "$binary" => {
                            let t = text()?;
                            return base64_decode(t.as_bytes())
                                .map(PyValue::Bytes)
                                .ok_or_else(|| format!("$binary {t:?} is not base64"));
                        }
                        "$object" => {
                            let PyValue::Object(members) = inner else {
                                return Err(format!("$object holds {inner:?}"));
                            };
                            return members
                                .iter()
                                .map(|(k, v)| Ok((k.clone(), v.untag()?)))
                                .collect::<Result<_, String>>()
                                .map(PyValue::Object);
                        }
                        k if k.starts_with('$') => return Err(format!("unknown tag {k}")),
                        _ => {}
                    }
                }
                PyValue::Object(
                    members
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), v.untag()?)))
                        .collect::<Result<_, String>>()?,
                )
            }
            other => other.clone(),
        })
    }

    /// Appends the value as the script's tagged JSON, members in order: every float tagged
    /// with Rust's shortest round-trip text (which Python's `float()` reads exactly), integers
    /// beyond 64 bits tagged, bytes as base64.
    pub fn write_tagged(&self, out: &mut String) {
        match self {
            PyValue::Null => out.push_str("null"),
            PyValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            PyValue::Int(digits) => {
                if digits.parse::<u64>().is_ok() || digits.parse::<i64>().is_ok() {
                    out.push_str(digits);
                } else {
                    let _ = write!(out, r#"{{"$int":"{digits}"}}"#);
                }
            }
            PyValue::Float(f) => {
                let _ = write!(out, r#"{{"$float":"{f:?}"}}"#);
            }
            PyValue::Str(s) => out.push_str(&serde_json::to_string(s).expect("string")),
            PyValue::Bytes(b) => {
                let _ = write!(out, r#"{{"$binary":"{}"}}"#, base64_encode(b));
            }
            PyValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_tagged(out);
                }
                out.push(']');
            }
            PyValue::Object(members) => {
                let wrap = members.len() == 1 && members[0].0.starts_with('$');
                if wrap {
                    out.push_str(r#"{"$object":"#);
                }
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).expect("string"));
                    out.push(':');
                    v.write_tagged(out);
                }
                out.push('}');
                if wrap {
                    out.push('}');
                }
            }
        }
    }
}

impl From<&Value> for PyValue {
    /// The value Python's `json` module reads from the JSON text of `value`.
    fn from(value: &Value) -> PyValue {
        match value {
            Value::Null => PyValue::Null,
            Value::Bool(b) => PyValue::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) if !n.is_f64() => PyValue::int(u),
                (_, Some(i), _) if !n.is_f64() => PyValue::int(i),
                (_, _, Some(f)) => PyValue::Float(f),
                _ => unreachable!("a serde_json number is u64, i64 or f64"),
            },
            Value::String(s) => PyValue::Str(s.clone()),
            Value::Array(items) => PyValue::Array(items.iter().map(PyValue::from).collect()),
            Value::Object(map) => PyValue::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), PyValue::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Serializes as the reference's types map to serde's: integers as `i64`/`u64` when they fit,
/// else `i128`/`u128` (an error beyond 128 bits), bytes with `serialize_bytes`, objects as maps
/// in member order.
impl Serialize for PyValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PyValue::Null => serializer.serialize_unit(),
            PyValue::Bool(b) => serializer.serialize_bool(*b),
            PyValue::Int(digits) => {
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
            PyValue::Float(f) => serializer.serialize_f64(*f),
            PyValue::Str(s) => serializer.serialize_str(s),
            PyValue::Bytes(b) => serializer.serialize_bytes(b),
            PyValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            PyValue::Object(members) => {
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
/// [`PyValue::Bytes`], `i128`/`u128` and `f64` are kept as given, members keep their order.
impl<'de> Deserialize<'de> for PyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PyValue, D::Error> {
        struct PyVisitor;

        impl<'de> Visitor<'de> for PyVisitor {
            type Value = PyValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any PBJSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<PyValue, E> {
                Ok(PyValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<PyValue, E> {
                Ok(PyValue::int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<PyValue, E> {
                Ok(PyValue::int(v))
            }
            fn visit_i128<E>(self, v: i128) -> Result<PyValue, E> {
                Ok(PyValue::int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<PyValue, E> {
                Ok(PyValue::Int(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<PyValue, E> {
                Ok(PyValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<PyValue, E> {
                Ok(PyValue::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<PyValue, E> {
                Ok(PyValue::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<PyValue, E> {
                Ok(PyValue::Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<PyValue, E> {
                Ok(PyValue::Bytes(v))
            }
            fn visit_unit<E>(self) -> Result<PyValue, E> {
                Ok(PyValue::Null)
            }
            fn visit_none<E>(self) -> Result<PyValue, E> {
                Ok(PyValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<PyValue, D::Error> {
                PyValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PyValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(PyValue::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PyValue, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, PyValue>()? {
                    members.push((k, v));
                }
                Ok(PyValue::Object(members))
            }
        }

        deserializer.deserialize_any(PyVisitor)
    }
}

/// Compares two values exactly: integers by value, floats by bits (any NaN equals any NaN),
/// objects member by member in order. Returns a description of the first difference.
pub fn py_diff(a: &PyValue, b: &PyValue) -> Option<String> {
    fn walk(a: &PyValue, b: &PyValue, path: &mut String) -> Option<String> {
        use PyValue as P;
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
                    let keys = |m: &[(String, PyValue)]| -> Vec<String> {
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
fn brief(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) if s.len() > 40 => format!("string of {} bytes", s.len()),
        PyValue::Bytes(b) => format!("bytes of length {}", b.len()),
        PyValue::Array(items) => format!("array of {}", items.len()),
        PyValue::Object(members) => format!("object of {}", members.len()),
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

/// One question for the reference.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// The bytes a conforming writer writes for the value: the reference's pure-Python
    /// encoder's, with FORMAT.md's one correction (-0.0 as `61 b0`, where the reference writes
    /// `61 bd`, which no decoder reads).
    Encode(&'a PyValue),
    /// The reference's pure-Python encoder's bytes exactly, -0.0 as `61 bd`.
    EncodeUncorrected(&'a PyValue),
    /// The JSON text read by Python's `json` module, then encoded as [`Request::Encode`] does.
    EncodeJson(&'a str),
    /// [`Request::EncodeJson`] with every array in the terminated form (`0C` … `0F`), as a
    /// streaming converter writes arrays (their length is not known until they end): the
    /// reference's encoder writes an iterator without a length so.
    EncodeJsonStreamed(&'a str),
    /// The bytes decoded by the pure-Python decoder and by the C speedups decoder.
    Decode(&'a [u8]),
    /// The bytes decoded by the C speedups decoder only (the pure-Python decoder is quadratic
    /// in the number of tokens).
    DecodeC(&'a [u8]),
    /// The JSON text read by Python's `json` module: integers exact, floats correctly rounded
    /// (serde_json's default reader is not: it is no oracle for float text).
    ReadJson(&'a str),
}

/// The reference's answer to one [`Request`].
#[derive(Debug, Clone)]
pub enum Response {
    /// To an encode request: the bytes, or why the reference could not encode.
    Encoded(Result<Vec<u8>, String>),
    /// To a decode request: each decoder's value or error (`None`: that decoder was not asked).
    Decoded {
        /// The pure-Python decoder.
        py: Option<Result<PyValue, String>>,
        /// The C speedups decoder.
        c: Option<Result<PyValue, String>>,
    },
    /// To [`Request::ReadJson`]: the value, or Python's error.
    Read(Result<PyValue, String>),
}

impl Response {
    /// The bytes of an encode response; panics on any other response.
    pub fn encoded(&self) -> &Result<Vec<u8>, String> {
        match self {
            Response::Encoded(r) => r,
            other => panic!("not an encode response: {other:?}"),
        }
    }

    /// The values of a decode response, as `(decoder name, result)`; panics on any other.
    pub fn decoded(&self) -> Vec<(&'static str, &Result<PyValue, String>)> {
        match self {
            Response::Decoded { py, c } => [("pure-Python", py), ("C speedups", c)]
                .into_iter()
                .filter_map(|(name, r)| r.as_ref().map(|r| (name, r)))
                .collect(),
            other => panic!("not a decode response: {other:?}"),
        }
    }

    /// The value of a [`Request::ReadJson`] response; panics on any other.
    pub fn read(&self) -> &Result<PyValue, String> {
        match self {
            Response::Read(r) => r,
            other => panic!("not a json response: {other:?}"),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!("odd hex length {}", text.len()));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|e| format!("hex: {e}")))
        .collect()
}

/// The request's line of JSON (without the newline).
fn request_line(request: &Request<'_>) -> String {
    let json = |s: &str| serde_json::to_string(s).expect("string");
    match request {
        Request::Encode(v) | Request::EncodeUncorrected(v) => {
            let mut line = String::from(r#"{"op":"encode","doc":"#);
            v.write_tagged(&mut line);
            if matches!(request, Request::Encode(_)) {
                line.push_str(r#","fix_negative_zero":true"#);
            }
            line.push('}');
            line
        }
        Request::EncodeJson(text) => format!(
            r#"{{"op":"encode_json","json":{},"fix_negative_zero":true}}"#,
            json(text)
        ),
        Request::EncodeJsonStreamed(text) => format!(
            r#"{{"op":"encode_json","json":{},"fix_negative_zero":true,"terminated_arrays":true}}"#,
            json(text)
        ),
        Request::Decode(bytes) => format!(r#"{{"op":"decode","hex":"{}"}}"#, hex(bytes)),
        Request::DecodeC(bytes) => {
            format!(
                r#"{{"op":"decode","hex":"{}","decoders":["c"]}}"#,
                hex(bytes)
            )
        }
        Request::ReadJson(text) => format!(r#"{{"op":"json","json":{}}}"#, json(text)),
    }
}

/// The response to `request` in the line `line`; `Err` if the line is not such a response (a
/// bug of the harness, not an answer of the reference).
fn parse_response(request: &Request<'_>, line: &str) -> Result<Response, String> {
    let value = PyValue::parse_tagged_json(line)?;
    let text = |key: &str| match value.get(key) {
        Some(PyValue::Str(t)) => Some(t.clone()),
        _ => None,
    };
    // A value under `key` or an error under `error_key`: the reference's answer either way.
    let answer = |key: &str, error_key: &str| -> Result<Option<Result<PyValue, String>>, String> {
        match (value.get(key), text(error_key)) {
            (Some(v), _) => Ok(Some(Ok(v.untag()?))),
            (None, Some(e)) => Ok(Some(Err(e))),
            (None, None) => Ok(None),
        }
    };
    match request {
        Request::Encode(_)
        | Request::EncodeUncorrected(_)
        | Request::EncodeJson(_)
        | Request::EncodeJsonStreamed(_) => match (text("hex"), text("error")) {
            (Some(h), _) => Ok(Response::Encoded(Ok(unhex(&h)?))),
            (None, Some(e)) => Ok(Response::Encoded(Err(e))),
            _ => Err("neither hex nor error".to_owned()),
        },
        Request::Decode(_) | Request::DecodeC(_) => {
            let (py, c) = (answer("py", "py_error")?, answer("c", "c_error")?);
            if c.is_none() || py.is_some() != matches!(request, Request::Decode(_)) {
                return Err("not the decoders asked for".to_owned());
            }
            Ok(Response::Decoded { py, c })
        }
        Request::ReadJson(_) => answer("value", "error")?
            .map(Response::Read)
            .ok_or_else(|| "neither value nor error".to_owned()),
    }
}

/// Runs the requests in one launch of the reference and returns the responses in order.
///
/// Panics, with the process's stderr, if the Python cannot be started, exits unsuccessfully,
/// or answers with anything but one well-formed response per request.
pub fn run(requests: &[Request<'_>]) -> Vec<Response> {
    run_with(&python(), &script(), requests)
}

/// [`run`] with another Python or script (the harness's own tests use a failing one).
pub fn run_with(python: &Path, script: &Path, requests: &[Request<'_>]) -> Vec<Response> {
    let mut input = String::new();
    for request in requests {
        input.push_str(&request_line(request));
        input.push('\n');
    }
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} ({PYTHON_ENV}): {e}", python.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written by another thread while this one reads the answers, so that neither side can
    // block the other on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for the reference ({}): {e}", python.display()));
    let written = writer.join().expect("writer thread");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let fail = |what: String| -> ! {
        panic!(
            "the PBJSON reference ({} {}) {what}\n--- its stderr ---\n{stderr}\n---",
            python.display(),
            script.display()
        )
    };
    if !output.status.success() {
        fail(format!("failed: {}", output.status));
    }
    if let Err(e) = written {
        fail(format!("did not take its input: {e}"));
    }
    let stdout = String::from_utf8(output.stdout)
        .unwrap_or_else(|e| fail(format!("wrote output that is not UTF-8: {e}")));
    let lines: Vec<&str> = stdout.lines().collect();
    if lines.len() != requests.len() {
        fail(format!(
            "gave {} responses to {} requests",
            lines.len(),
            requests.len()
        ));
    }
    requests
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(i, (request, line))| {
            parse_response(request, line).unwrap_or_else(|e| {
                let shown: String = line.chars().take(300).collect();
                fail(format!("gave a bad response to request {i}: {e}: {shown}"))
            })
        })
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
        assert!(matches!(PyValue::int_from_magnitude(true, &[0]), PyValue::Int(d) if d == "0"));
    }

    #[test]
    fn tagged_text_reads_back_as_the_same_value() {
        let value = PyValue::Array(vec![
            PyValue::Null,
            PyValue::Bool(true),
            PyValue::int(-7),
            PyValue::int(u64::MAX),
            PyValue::int(i64::MIN),
            PyValue::Int("-18446744073709551616".into()),
            PyValue::Float(-0.0),
            PyValue::Float(5e-324),
            PyValue::Float(1e16),
            PyValue::Float(f64::INFINITY),
            PyValue::Float(f64::NEG_INFINITY),
            PyValue::Float(f64::NAN),
            PyValue::Str("é😀\"\\\n".into()),
            PyValue::Bytes(vec![0, 1, 0xfe, 0xff]),
            PyValue::Object(vec![("$binary".into(), PyValue::Str("not a tag".into()))]),
            PyValue::Object(vec![
                ("b".into(), PyValue::int(1)),
                ("a".into(), PyValue::Null),
            ]),
        ]);
        let mut text = String::new();
        value.write_tagged(&mut text);
        let back = PyValue::parse_tagged_json(&text).unwrap().untag().unwrap();
        assert_eq!(py_diff(&value, &back), None, "{text}");
    }

    #[test]
    fn py_diff_sees_float_bits_int_values_and_kinds() {
        let f = PyValue::Float;
        assert!(py_diff(&f(0.0), &f(-0.0)).is_some());
        assert!(py_diff(&f(f64::NAN), &f(-f64::NAN)).is_none());
        assert!(py_diff(&f(1.0), &PyValue::int(1)).is_some());
        assert!(py_diff(
            &PyValue::Bytes(vec![1]),
            &PyValue::Array(vec![PyValue::int(1)])
        )
        .is_some());
        let list = |v: Vec<PyValue>| PyValue::Array(v);
        assert!(py_diff(&list(vec![f(1.0), f(2.0)]), &list(vec![f(1.0), f(3.0)])).is_some());
        let deep = |x: f64| {
            PyValue::Object(vec![
                ("a".into(), PyValue::Null),
                ("b".into(), list(vec![f(0.5), f(x)])),
            ])
        };
        assert_eq!(
            py_diff(&deep(1.0), &deep(2.0)).as_deref(),
            Some("$[\"b\"][1]: float 1.0 vs 2.0")
        );
        let ab = PyValue::Object(vec![("a".into(), f(1.0)), ("b".into(), PyValue::Null)]);
        let ba = PyValue::Object(vec![("b".into(), PyValue::Null), ("a".into(), f(1.0))]);
        assert_eq!(py_diff(&ab, &ab.clone()), None);
        assert_eq!(
            py_diff(&ab, &ba).as_deref(),
            Some("$: member 0: key \"a\" vs \"b\"")
        );
    }

    #[test]
    fn json_values_follow_the_documented_rules() {
        let wide = PyValue::Int("18446744073709551616".into());
        assert_eq!(
            wide.to_json_value().unwrap(),
            serde_json::json!(18446744073709551616.0)
        );
        assert_eq!(
            PyValue::int(-1).to_json_value().unwrap(),
            serde_json::json!(-1)
        );
        assert!(PyValue::Bytes(vec![]).to_json_value().is_err());
        let v = serde_json::json!({"a": [1, -2, 2.5, -0.0, "x", null, true]});
        assert_eq!(PyValue::from(&v).to_json_value().unwrap(), v);
    }
}
