//! The PBJSON writers against each other and against what reads back, on typed values of
//! every serde shape built from bytes (the `writers` check's values).

use jsonstream::pbjson::{self, PbFormat, PbReader, PbWriter, ToJson, Token};
use jsonstream::{ArrayWriter, Category, ObjectWriter};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::pbjson::hex;
use super::writers::{build, ShortWriter, W};
use crate::readers::ShortReader;

/// A value in PBJSON's data model, as it reads back: integers as their exact decimal text,
/// floats as their bits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum M {
    Null,
    Bool(bool),
    Int(String),
    Float(u64),
    Str(String),
    Bin(Vec<u8>),
    Arr(Vec<M>),
    Obj(Vec<(String, M)>),
}

impl M {
    fn has_binary(&self) -> bool {
        match self {
            M::Bin(_) => true,
            M::Arr(items) => items.iter().any(M::has_binary),
            M::Obj(members) => members.iter().any(|(_, v)| v.has_binary()),
            _ => false,
        }
    }

    /// The `serde_json::Value` that `pbjson::from_slice` reads (for a value without binary):
    /// integers beyond 64 bits as the nearest `f64`, infinities and NaN as `null`, the last of
    /// repeated keys.
    fn to_value(&self) -> Value {
        match self {
            M::Null => Value::Null,
            M::Bool(b) => Value::Bool(*b),
            M::Int(text) => match (text.parse::<u64>(), text.parse::<i64>()) {
                (Ok(u), _) => Value::from(u),
                (_, Ok(i)) => Value::from(i),
                _ => Value::from(text.parse::<f64>().expect("an integer's text")),
            },
            M::Float(bits) => serde_json::Number::from_f64(f64::from_bits(*bits))
                .map_or(Value::Null, Value::Number),
            M::Str(s) => Value::from(s.as_str()),
            M::Bin(_) => unreachable!("no Value holds binary"),
            M::Arr(items) => Value::Array(items.iter().map(M::to_value).collect()),
            M::Obj(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// A map of one entry with the key `k`, whose text serde_json's map key rules give.
struct OneKey<'a>(&'a W);

impl Serialize for OneKey<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.0, &())?;
        m.end()
    }
}

/// The text serde_json makes of the map key `k`, or its error message.
fn key_text(k: &W) -> Result<String, String> {
    let json = serde_json::to_string(&OneKey(k)).map_err(|e| e.to_string())?;
    let map: serde_json::Map<String, Value> =
        serde_json::from_str(&json).expect("serde_json reads what it writes");
    Ok(map.keys().next().expect("one key").clone())
}

/// A key as PBJSON writes it: at most 127 bytes.
fn pb_key(key: String) -> Result<String, String> {
    if key.len() > 127 {
        return Err(format!(
            "key of {} bytes: PBJSON keys are at most 127 bytes",
            key.len()
        ));
    }
    Ok(key)
}

/// The `f64` that an `f32` reads back as: its shortest digits, as serde_json writes them (where
/// two shortest texts are as close, as -3067594.25 is to `-3067594.2` and `-3067594.3`, Rust's
/// `Display` may pick the other one).
fn f32_as_f64(v: f32) -> f64 {
    let text = serde_json::to_string(&v).expect("a finite f32 is written");
    text.parse().expect("a float's text")
}

fn float_bits(value: f64) -> u64 {
    if value.is_nan() {
        f64::NAN.to_bits()
    } else {
        value.to_bits()
    }
}

/// What `w` reads back as once written (`pbjson::to_vec`'s table), or the error message
/// writing it must fail with: the first key serde_json refuses, or the first key over 127
/// bytes, in the order of writing.
fn model(w: &W) -> Result<M, String> {
    let obj = |name: &str, content: M| M::Obj(vec![(name.to_owned(), content)]);
    let items = |items: &[W]| items.iter().map(model).collect::<Result<Vec<M>, String>>();
    let fields = |fields: &[(&str, W)]| {
        fields
            .iter()
            .map(|(k, v)| Ok((pb_key((*k).to_owned())?, model(v)?)))
            .collect::<Result<Vec<(String, M)>, String>>()
    };
    Ok(match w {
        W::Bool(b) => M::Bool(*b),
        W::I8(v) => M::Int(v.to_string()),
        W::I16(v) => M::Int(v.to_string()),
        W::I32(v) => M::Int(v.to_string()),
        W::I64(v) => M::Int(v.to_string()),
        W::I128(v) => M::Int(v.to_string()),
        W::U8(v) => M::Int(v.to_string()),
        W::U16(v) => M::Int(v.to_string()),
        W::U32(v) => M::Int(v.to_string()),
        W::U64(v) => M::Int(v.to_string()),
        W::U128(v) => M::Int(v.to_string()),
        // An f32 is written with its own shortest digits, which read back as an f64.
        W::F32(v) if v.is_finite() => M::Float(f32_as_f64(*v).to_bits()),
        W::F32(v) => M::Float(float_bits(f64::from(*v))),
        W::F64(v) => M::Float(float_bits(*v)),
        W::Char(c) => M::Str(c.to_string()),
        W::Str(s) => M::Str(s.clone()),
        W::Bytes(b) => M::Bin(b.clone()),
        W::None | W::Unit | W::UnitStruct => M::Null,
        W::UnitVariant(name) => M::Str((*name).to_owned()),
        W::Some(v) | W::NewtypeStruct(v) => model(v)?,
        W::NewtypeVariant(name, v) => obj(name, model(v)?),
        W::Seq(_, v) | W::Tuple(v) | W::TupleStruct(v) => M::Arr(items(v)?),
        W::TupleVariant(name, v) => obj(name, M::Arr(items(v)?)),
        W::Map(_, entries) => M::Obj(
            entries
                .iter()
                .map(|(k, v)| Ok((pb_key(key_text(k)?)?, model(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        W::Struct(f) => M::Obj(fields(f)?),
        W::StructVariant(name, f) => obj(name, M::Obj(fields(f)?)),
    })
}

/// The value of a PBJSON document, read token by token (`next_token`), or the error.
fn read_back(bytes: &[u8]) -> Result<M, String> {
    let mut reader = PbReader::from_slice(bytes);
    // Open containers, with the key of the member each is the value of.
    let mut stack: Vec<(M, Option<String>)> = Vec::new();
    let mut key: Option<String> = None;
    loop {
        let token = reader.next_token().map_err(|e| e.to_string())?;
        let value = match token {
            None => return Err("the document ended before its value".to_owned()),
            Some(Token::BeginArray(_)) => {
                stack.push((M::Arr(Vec::new()), key.take()));
                continue;
            }
            Some(Token::BeginObject(_)) => {
                stack.push((M::Obj(Vec::new()), key.take()));
                continue;
            }
            Some(Token::Key(k)) => {
                key = Some(k.to_owned());
                continue;
            }
            Some(Token::EndArray | Token::EndObject) => {
                let (value, outer_key) = stack.pop().expect("an open container");
                key = outer_key;
                value
            }
            Some(Token::Custom) => return Err("a custom byte was written".to_owned()),
            Some(Token::String(s)) => M::Str(s.to_owned()),
            Some(Token::Binary(b)) => M::Bin(b.to_vec()),
            Some(Token::Integer(n)) => M::Int(n.to_string()),
            Some(Token::Float(f)) => M::Float(f.to_bits()),
            Some(Token::Bool(b)) => M::Bool(b),
            Some(Token::Null) => M::Null,
        };
        match stack.last_mut() {
            None => {
                return match reader.next_token() {
                    Ok(None) => Ok(value),
                    other => Err(format!("after the value: {other:?}")),
                }
            }
            Some((M::Arr(items), _)) => items.push(value),
            Some((M::Obj(members), _)) => {
                members.push((key.take().expect("a key before the value"), value));
            }
            Some(_) => unreachable!("only containers are stacked"),
        }
    }
}

/// `w` with the text of every string map key repeated `times` times, so that keys reach past
/// 127 bytes.
fn stretch_keys(w: &W, times: usize) -> W {
    let all = |items: &[W]| items.iter().map(|i| stretch_keys(i, times)).collect();
    let fields = |fields: &[(&'static str, W)]| {
        fields
            .iter()
            .map(|(k, v)| (*k, stretch_keys(v, times)))
            .collect()
    };
    match w {
        W::Some(v) => W::Some(Box::new(stretch_keys(v, times))),
        W::NewtypeStruct(v) => W::NewtypeStruct(Box::new(stretch_keys(v, times))),
        W::NewtypeVariant(n, v) => W::NewtypeVariant(n, Box::new(stretch_keys(v, times))),
        W::Seq(len, v) => W::Seq(*len, all(v)),
        W::Tuple(v) => W::Tuple(all(v)),
        W::TupleStruct(v) => W::TupleStruct(all(v)),
        W::TupleVariant(n, v) => W::TupleVariant(n, all(v)),
        W::Map(len, entries) => W::Map(
            *len,
            entries
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        W::Str(s) => W::Str(s.repeat(times)),
                        k => k.clone(),
                    };
                    (k, stretch_keys(v, times))
                })
                .collect(),
        ),
        W::Struct(f) => W::Struct(fields(f)),
        W::StructVariant(n, f) => W::StructVariant(n, fields(f)),
        scalar => scalar.clone(),
    }
}

/// `w` with every `f32` value (not key) as the `f64` it reads back as: what
/// `pbjson_to_json` writes is serde_json's JSON of that (serde_json lays an `f32` out as an
/// `f32`: `2.3677012e+14`, where the `f64` of the same digits is `236770120000000.0`).
fn widen_f32(w: &W) -> W {
    let all = |items: &[W]| items.iter().map(widen_f32).collect();
    let fields =
        |fields: &[(&'static str, W)]| fields.iter().map(|(k, v)| (*k, widen_f32(v))).collect();
    match w {
        W::F32(v) if v.is_finite() => W::F64(f32_as_f64(*v)),
        W::F32(v) => W::F64(f64::from(*v)),
        W::Some(v) => W::Some(Box::new(widen_f32(v))),
        W::NewtypeStruct(v) => W::NewtypeStruct(Box::new(widen_f32(v))),
        W::NewtypeVariant(n, v) => W::NewtypeVariant(n, Box::new(widen_f32(v))),
        W::Seq(len, v) => W::Seq(*len, all(v)),
        W::Tuple(v) => W::Tuple(all(v)),
        W::TupleStruct(v) => W::TupleStruct(all(v)),
        W::TupleVariant(n, v) => W::TupleVariant(n, all(v)),
        W::Map(len, entries) => W::Map(
            *len,
            entries
                .iter()
                .map(|(k, v)| (k.clone(), widen_f32(v)))
                .collect(),
        ),
        W::Struct(f) => W::Struct(fields(f)),
        W::StructVariant(n, f) => W::StructVariant(n, fields(f)),
        scalar => scalar.clone(),
    }
}

/// Pushes `w` into a `PbWriter` token by token: containers with `begin_*`/`end_*`, keys with
/// `key` and `map_key`, strings and bytes with `string_value` and `binary`, or (with `copy`)
/// copied by `str_from` and `binary_from` from a reader giving short reads of `copy` sizes,
/// other scalars with `bool_value`, `null_value` and `value`.
fn push(w: &mut PbWriter<Vec<u8>>, v: &W, copy: Option<[usize; 3]>) -> jsonstream::Result<()> {
    let n = |items: &[W]| items.len() as u64;
    match v {
        W::Str(s) => match copy {
            Some(sizes) => w.str_from(ShortReader::new(s.as_bytes(), &sizes), s.len() as u64),
            None => w.string_value(s),
        },
        W::Bytes(b) => match copy {
            Some(sizes) => w.binary_from(ShortReader::new(&b[..], &sizes), b.len() as u64),
            None => w.binary(b),
        },
        W::Bool(b) => w.bool_value(*b),
        W::None | W::Unit | W::UnitStruct => w.null_value(),
        W::Some(x) | W::NewtypeStruct(x) => push(w, x, copy),
        W::NewtypeVariant(name, x) => {
            w.begin_object(1)?;
            w.key(name)?;
            push(w, x, copy)?;
            w.end_object()
        }
        W::Seq(known, items) => {
            w.begin_array(known.then_some(n(items)))?;
            items.iter().try_for_each(|i| push(w, i, copy))?;
            w.end_array()
        }
        W::Tuple(items) | W::TupleStruct(items) => {
            w.begin_array(Some(n(items)))?;
            items.iter().try_for_each(|i| push(w, i, copy))?;
            w.end_array()
        }
        W::TupleVariant(name, items) => {
            w.begin_object(1)?;
            w.key(name)?;
            w.begin_array(Some(n(items)))?;
            items.iter().try_for_each(|i| push(w, i, copy))?;
            w.end_array()?;
            w.end_object()
        }
        W::Map(_, entries) => {
            w.begin_object(entries.len() as u64)?;
            for (k, v) in entries {
                w.map_key(k)?;
                push(w, v, copy)?;
            }
            w.end_object()
        }
        W::Struct(fields) => push_fields(w, fields, copy),
        W::StructVariant(name, fields) => {
            w.begin_object(1)?;
            w.key(name)?;
            push_fields(w, fields, copy)?;
            w.end_object()
        }
        scalar => w.value(scalar),
    }
}

fn push_fields(
    w: &mut PbWriter<Vec<u8>>,
    fields: &[(&str, W)],
    copy: Option<[usize; 3]>,
) -> jsonstream::Result<()> {
    w.begin_object(fields.len() as u64)?;
    for (k, v) in fields {
        w.key(k)?;
        push(w, v, copy)?;
    }
    w.end_object()
}

type Written = Result<Vec<u8>, String>;

fn ours(r: jsonstream::Result<Vec<u8>>) -> Written {
    r.map_err(|e| e.to_string())
}

fn show(r: &Written) -> String {
    match r {
        Ok(bytes) => format!("Ok({})", hex(bytes)),
        Err(e) => format!("Err({e:?})"),
    }
}

/// PBJSON writers (fuzz target `pbjson_writers`): the typed value built from `data` (the
/// `writers` check's values; the high four bits of the first byte repeat the text of string
/// map keys 1 to 16 times, so that keys pass 127 bytes; bit 4 of the second byte makes the
/// pushed strings and bytes come from readers) is written
///
/// - by `pbjson::to_vec`, by `pbjson::dump` into a writer taking 1 to 8 bytes a call, by
///   `PbWriter::value`, and pushed into a `PbWriter` token by token: the same bytes, or the
///   same error;
/// - for a sequence, its elements pushed into `ArrayWriter::pbjson` and written through
///   `iter_seq`: the bytes `to_vec` writes for the sequence of unknown length; for a struct
///   or a map with string keys, its members pushed into `ObjectWriter::pbjson`: `to_vec`'s
///   bytes;
///
/// and the bytes read back (`next_token`) to the value in PBJSON's data model (integers
/// exactly, floats bit for bit, an `f32` as its shortest digits as serde_json writes them,
/// binary values, keys as serde_json turns map keys into text); `pbjson::from_slice::<Value>`
/// reads that value, or refuses binary with a data error; converted to JSON (`null` for
/// infinities and NaN), the bytes are serde_json's JSON of the value (its `f32`s as the `f64`s
/// they read back as). Writing fails exactly when the value has no PBJSON form: serde_json's
/// message for a key it refuses, the documented error for a key
/// over 127 bytes.
///
/// # Errors
///
/// A description of the first disagreement.
pub fn pbjson_writers(data: &[u8]) -> Result<(), String> {
    let (head, value) = build(data);
    let sizes = head.map(|b| usize::from(b % 9));
    let value = stretch_keys(&value, 1 + usize::from(head[0] >> 4));
    let copy = (head[1] & 0x10 != 0).then_some(sizes);
    let check = |what: &str, got: Written, expected: &Written| {
        if &got == expected {
            Ok(())
        } else {
            Err(format!(
                "{what} of {value:?}:\n  got      {}\n  expected {} (to_vec)",
                show(&got),
                show(expected)
            ))
        }
    };

    let expected = ours(pbjson::to_vec(&value));
    let mut short = ShortWriter::new(sizes);
    let dumped = pbjson::dump(&value, &mut short).map(|()| short.out);
    check("dump (short writes)", ours(dumped), &expected)?;
    let mut w = PbWriter::new(Vec::new());
    let written = w.value(&value).and_then(|()| w.finish());
    check("PbWriter::value", ours(written), &expected)?;
    let mut w = PbWriter::new(Vec::new());
    let pushed = push(&mut w, &value, copy).and_then(|()| w.finish());
    check("PbWriter pushes", ours(pushed), &expected)?;

    // Collection writers, for a top-level sequence or object.
    if let W::Seq(_, items) | W::Tuple(items) | W::TupleStruct(items) = &value {
        let terminated = ours(pbjson::to_vec(&W::Seq(false, items.clone())));
        let mut w: ArrayWriter<_, PbFormat> = ArrayWriter::pbjson(Vec::new());
        let got = items
            .iter()
            .try_for_each(|item| w.push(item))
            .and_then(|()| w.finish());
        check("ArrayWriter::pbjson", ours(got), &terminated)?;
        let lazy = jsonstream::iter_seq(items.iter());
        check("iter_seq", ours(pbjson::to_vec(&lazy)), &terminated)?;
    }
    let members: Option<Vec<(&str, &W)>> = match &value {
        W::Struct(fields) => Some(fields.iter().map(|(k, v)| (*k, v)).collect()),
        W::Map(_, entries) => entries
            .iter()
            .map(|(k, v)| match k {
                W::Str(k) => Some((k.as_str(), v)),
                _ => None,
            })
            .collect(),
        _ => None,
    };
    if let Some(members) = members {
        let mut w: ObjectWriter<_, PbFormat> =
            ObjectWriter::pbjson(Vec::new(), members.len() as u64);
        let got = members
            .iter()
            .try_for_each(|(k, v)| w.push(k, v))
            .and_then(|()| w.finish());
        check("ObjectWriter::pbjson", ours(got), &expected)?;
    }

    // What reads back.
    let want = model(&value);
    let bytes = match (&expected, &want) {
        (Ok(bytes), Ok(_)) => bytes,
        (Err(e), Err(m)) if e == m => return Ok(()),
        _ => {
            return Err(format!(
                "to_vec of {value:?}: {}, where the value in PBJSON is {want:?}",
                show(&expected)
            ))
        }
    };
    let want = want.expect("checked above");
    let got = read_back(bytes);
    if got.as_ref() != Ok(&want) {
        return Err(format!(
            "to_vec of {value:?}: {} reads back as {got:?}, not {want:?}",
            hex(bytes)
        ));
    }
    let read: Result<Value, jsonstream::Error> = pbjson::from_slice(bytes);
    if want.has_binary() {
        if !matches!(&read, Err(e) if e.category() == Category::Data) {
            return Err(format!(
                "from_slice::<Value> of {} (with binary): {read:?}",
                hex(bytes)
            ));
        }
    } else {
        let read = read.map_err(|e| format!("from_slice::<Value> of {}: {e}", hex(bytes)))?;
        if let Some(d) = crate::compare::value_diff(&read, &want.to_value()) {
            return Err(format!(
                "from_slice::<Value> of {} (to_vec of {value:?}): {d}",
                hex(bytes)
            ));
        }
        let mut json = Vec::new();
        let converted = ToJson::new()
            .non_finite_as_null(true)
            .run(&bytes[..], &mut json)
            .map(|()| json);
        let serde = serde_json::to_vec(&widen_f32(&value)).map_err(|e| e.to_string());
        if ours(converted) != serde {
            let mut json = Vec::new();
            let converted = ToJson::new()
                .non_finite_as_null(true)
                .run(&bytes[..], &mut json)
                .map(|()| String::from_utf8_lossy(&json).into_owned());
            return Err(format!(
                "pbjson_to_json of {} (to_vec of {value:?}): {converted:?}, serde_json writes {:?}",
                hex(bytes),
                serde.map(|b| String::from_utf8_lossy(&b).into_owned())
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_make_a_value() {
        for data in [
            &b""[..],
            b"\x00",
            b"\x13\x15\x0e\x03abc",
            &[0xff; 64],
            &[30, 2, 31, 3, 1, 2, 3],
            // A map (24) of 2 entries, string keys (0) "ab" and "cd" repeated 16 times
            // (0xF0): 32 bytes each; u8 values (6); strings copied from readers (0x10).
            &[
                0xf0, 0x10, 0, 24, 2, 0, 2, b'a', b'b', 6, 1, 0, 2, b'c', b'd', 6, 2,
            ],
        ] {
            pbjson_writers(data).unwrap();
        }
    }

    #[test]
    fn f32_values_are_compared_as_the_f64_they_read_back_as() {
        // A sequence (19) of one f32 (11) 2.3677012e14, which serde_json writes as
        // `2.3677012e+14` and pbjson_to_json (an f64 then) as `236770120000000.0`.
        let mut data = vec![0, 0, 0, 19, 1, 11];
        data.extend_from_slice(&2.3677012e14f32.to_le_bytes());
        pbjson_writers(&data).unwrap();
        // -3067594.25, as close to `-3067594.2` as to `-3067594.3`: serde_json (and PBJSON)
        // write the first, Rust's `Display` the second.
        let mut data = vec![0, 0, 0, 19, 1, 11];
        data.extend_from_slice(&0xca3b_3b29_u32.to_le_bytes()); // -3067594.25f32
        pbjson_writers(&data).unwrap();
    }

    #[test]
    fn long_keys_are_the_documented_error() {
        // A map (24) of one entry: the string key (0) "abcdefghijk" (11 bytes) repeated 12
        // times (0xB0: 1 + 11), 132 bytes; its value a u8 (6) 1.
        let mut data = vec![0xb0, 0, 0, 24, 1, 0, 11];
        data.extend_from_slice(b"abcdefghijk");
        data.extend_from_slice(&[6, 1]);
        let (head, value) = build(&data);
        let value = stretch_keys(&value, 1 + usize::from(head[0] >> 4));
        assert_eq!(
            pbjson::to_vec(&value).unwrap_err().to_string(),
            "key of 132 bytes: PBJSON keys are at most 127 bytes"
        );
        pbjson_writers(&data).unwrap();
    }
}
