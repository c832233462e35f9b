//! The writers against serde_json, on typed values of every serde shape built from bytes.

use std::io;

use serde::ser::{
    SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant,
};
use serde::{Serialize, Serializer};

use super::shown;
use crate::reference::base64_encode;

/// A value that serializes through one serde data-model call per node.
#[derive(Debug, Clone)]
pub(crate) enum W {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    I128(i128),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    U128(u128),
    F32(f32),
    F64(f64),
    Char(char),
    Str(String),
    Bytes(Vec<u8>),
    None,
    Some(Box<W>),
    Unit,
    UnitStruct,
    UnitVariant(&'static str),
    NewtypeStruct(Box<W>),
    NewtypeVariant(&'static str, Box<W>),
    /// A sequence; `true`: with its length told in advance.
    Seq(bool, Vec<W>),
    Tuple(Vec<W>),
    TupleStruct(Vec<W>),
    TupleVariant(&'static str, Vec<W>),
    /// A map; `true`: with its length told in advance. Keys may be of any kind.
    Map(bool, Vec<(W, W)>),
    Struct(Vec<(&'static str, W)>),
    StructVariant(&'static str, Vec<(&'static str, W)>),
}

/// Field and variant names: plain, empty, and with characters that must be escaped.
const NAMES: [&str; 8] = ["a", "b", "", "id", "q\"", "back\\slash", "\u{1}\n", "é😀"];

/// The bytes as a source of choices; zeros once they are used up.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        for b in &mut a {
            *b = self.u8();
        }
        a
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    fn name(&mut self) -> &'static str {
        NAMES[usize::from(self.u8()) % NAMES.len()]
    }

    fn string(&mut self) -> String {
        let len = usize::from(self.u8() % 12);
        (0..len)
            .map(|_| {
                let b = self.u8();
                if b < 0x80 {
                    char::from(b)
                } else {
                    let [x, y] = self.array();
                    let code = (u32::from(b & 0x1f) << 16) | (u32::from(x) << 8) | u32::from(y);
                    char::from_u32(code % 0x11_0000).unwrap_or('\u{fffd}')
                }
            })
            .collect()
    }

    fn items(&mut self, depth: usize) -> Vec<W> {
        let len = usize::from(self.u8() % 5);
        (0..len).map(|_| self.value(depth + 1)).collect()
    }

    fn value(&mut self, depth: usize) -> W {
        let kind = self.u8();
        // Beyond 6 levels, or out of bytes, only scalars.
        let kind = if depth >= 6 || self.done() {
            kind % 16
        } else {
            kind % 31
        };
        match kind {
            0 => W::Bool(self.u8() & 1 == 1),
            1 => W::I8(i8::from_le_bytes(self.array())),
            2 => W::I16(i16::from_le_bytes(self.array())),
            3 => W::I32(i32::from_le_bytes(self.array())),
            4 => W::I64(i64::from_le_bytes(self.array())),
            5 => W::I128(i128::from_le_bytes(self.array())),
            6 => W::U8(self.u8()),
            7 => W::U16(u16::from_le_bytes(self.array())),
            8 => W::U32(u32::from_le_bytes(self.array())),
            9 => W::U64(u64::from_le_bytes(self.array())),
            10 => W::U128(u128::from_le_bytes(self.array())),
            11 => W::F32(f32::from_le_bytes(self.array())),
            12 => W::F64(f64::from_le_bytes(self.array())),
            13 => W::Char(self.string().chars().next().unwrap_or('\0')),
            14 => W::Str(self.string()),
            15 => match self.u8() % 5 {
                0 => W::None,
                1 => W::Unit,
                2 => W::UnitStruct,
                3 => W::UnitVariant(self.name()),
                _ => {
                    let len = usize::from(self.u8() % 8);
                    W::Bytes((0..len).map(|_| self.u8()).collect())
                }
            },
            16 => W::Some(Box::new(self.value(depth + 1))),
            17 => W::NewtypeStruct(Box::new(self.value(depth + 1))),
            18 => W::NewtypeVariant(self.name(), Box::new(self.value(depth + 1))),
            19 | 20 => W::Seq(kind == 19, self.items(depth)),
            21 => W::Tuple(self.items(depth)),
            22 => W::TupleStruct(self.items(depth)),
            23 => W::TupleVariant(self.name(), self.items(depth)),
            24..=26 => {
                let len = usize::from(self.u8() % 4);
                let entries = (0..len)
                    .map(|_| {
                        // Mostly keys that JSON can have: strings, numbers, chars, bools.
                        let key = match self.u8() % 4 {
                            0 => W::Str(self.string()),
                            _ => self.value(6),
                        };
                        (key, self.value(depth + 1))
                    })
                    .collect();
                W::Map(kind != 26, entries)
            }
            27 | 28 => {
                let fields = self.fields(depth);
                W::Struct(fields)
            }
            _ => {
                let name = self.name();
                let fields = self.fields(depth);
                W::StructVariant(name, fields)
            }
        }
    }

    fn fields(&mut self, depth: usize) -> Vec<(&'static str, W)> {
        let len = usize::from(self.u8() % 4);
        (0..len)
            .map(|_| (self.name(), self.value(depth + 1)))
            .collect()
    }
}

impl Serialize for W {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            W::Bool(v) => s.serialize_bool(*v),
            W::I8(v) => s.serialize_i8(*v),
            W::I16(v) => s.serialize_i16(*v),
            W::I32(v) => s.serialize_i32(*v),
            W::I64(v) => s.serialize_i64(*v),
            W::I128(v) => s.serialize_i128(*v),
            W::U8(v) => s.serialize_u8(*v),
            W::U16(v) => s.serialize_u16(*v),
            W::U32(v) => s.serialize_u32(*v),
            W::U64(v) => s.serialize_u64(*v),
            W::U128(v) => s.serialize_u128(*v),
            W::F32(v) => s.serialize_f32(*v),
            W::F64(v) => s.serialize_f64(*v),
            W::Char(v) => s.serialize_char(*v),
            W::Str(v) => s.serialize_str(v),
            W::Bytes(v) => s.serialize_bytes(v),
            W::None => s.serialize_none(),
            W::Some(v) => s.serialize_some(v),
            W::Unit => s.serialize_unit(),
            W::UnitStruct => s.serialize_unit_struct("Unit"),
            W::UnitVariant(name) => s.serialize_unit_variant("E", 0, name),
            W::NewtypeStruct(v) => s.serialize_newtype_struct("N", v),
            W::NewtypeVariant(name, v) => s.serialize_newtype_variant("E", 1, name, v),
            W::Seq(len, items) => {
                let mut seq = s.serialize_seq(len.then_some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            W::Tuple(items) => {
                let mut t = s.serialize_tuple(items.len())?;
                for item in items {
                    t.serialize_element(item)?;
                }
                t.end()
            }
            W::TupleStruct(items) => {
                let mut t = s.serialize_tuple_struct("T", items.len())?;
                for item in items {
                    t.serialize_field(item)?;
                }
                t.end()
            }
            W::TupleVariant(name, items) => {
                let mut t = s.serialize_tuple_variant("E", 2, name, items.len())?;
                for item in items {
                    t.serialize_field(item)?;
                }
                t.end()
            }
            W::Map(len, entries) => {
                let mut m = s.serialize_map(len.then_some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            W::Struct(fields) => {
                let mut st = s.serialize_struct("S", fields.len())?;
                for (name, v) in fields {
                    st.serialize_field(name, v)?;
                }
                st.end()
            }
            W::StructVariant(name, fields) => {
                let mut st = s.serialize_struct_variant("E", 3, name, fields.len())?;
                for (field, v) in fields {
                    st.serialize_field(field, v)?;
                }
                st.end()
            }
        }
    }
}

/// The value that `data` builds (see `W`), and the three bytes before it, which a check reads
/// as it likes (the sizes of short writes).
pub(crate) fn build(data: &[u8]) -> ([u8; 3], W) {
    let mut bytes = Bytes { data, at: 0 };
    let head = bytes.array();
    (head, bytes.value(0))
}

/// An `io::Write` that takes at most `sizes[i % len]` bytes on call `i`.
pub(crate) struct ShortWriter {
    pub(crate) out: Vec<u8>,
    sizes: [usize; 3],
    calls: usize,
}

impl ShortWriter {
    /// A writer taking `sizes` bytes a call, cycled (0 is taken as 1).
    pub(crate) fn new(sizes: [usize; 3]) -> Self {
        ShortWriter {
            out: Vec::new(),
            sizes,
            calls: 0,
        }
    }
}

impl io::Write for ShortWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.sizes[self.calls % 3].max(1).min(buf.len());
        self.calls += 1;
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// serde_json's bytes of `value`, or its error message.
fn serde_json_bytes<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<Vec<u8>, String> {
    let r = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    };
    r.map_err(|e| e.to_string())
}

fn ours(r: jsonstream::Result<Vec<u8>>) -> Result<Vec<u8>, String> {
    r.map_err(|e| e.to_string())
}

fn show(r: &Result<Vec<u8>, String>) -> String {
    match r {
        Ok(bytes) => format!("Ok({})", shown(bytes)),
        Err(e) => format!("Err({e:?})"),
    }
}

/// A map whose entries are serialized in order, duplicates included.
struct Entries<'a>(&'a [(String, W)]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Writers (fuzz target `writers`): the typed value built from `data` (see `W`) is written
/// by `to_vec`, `to_string`, `dump` into a writer that takes short writes, `to_string_pretty`
/// and `dump_pretty` with exactly serde_json's bytes, or fails with serde_json's error message;
/// its elements pushed into an `ArrayWriter` (compact and pretty) and through `iter_seq`, and
/// the members of a struct or string-keyed map into an `ObjectWriter`, give serde_json's bytes
/// of the same array or object; its strings and bytes as a text and a base64 `Blob` give
/// serde_json's bytes of the string and of its base64 text.
///
/// # Errors
///
/// A description of the first disagreement.
pub fn writers(data: &[u8]) -> Result<(), String> {
    let (head, value) = build(data);
    let sizes = head.map(|b| usize::from(b % 9));
    let check = |what: &str, got: Result<Vec<u8>, String>, expected: &Result<Vec<u8>, String>| {
        if &got == expected {
            Ok(())
        } else {
            Err(format!(
                "{what} of {value:?}:\n  jsonstream {}\n  serde_json {}",
                show(&got),
                show(expected)
            ))
        }
    };

    let expected = serde_json_bytes(&value, false);
    check("to_vec", ours(jsonstream::to_vec(&value)), &expected)?;
    check(
        "to_string",
        ours(jsonstream::to_string(&value).map(String::into_bytes)),
        &expected,
    )?;
    let mut short = ShortWriter::new(sizes);
    let dumped = jsonstream::dump(&value, &mut short).map(|()| short.out);
    // After an error, what was written before it is not compared.
    check("dump (short writes)", ours(dumped), &expected)?;

    let expected_pretty = serde_json_bytes(&value, true);
    check(
        "to_string_pretty",
        ours(jsonstream::to_string_pretty(&value).map(String::into_bytes)),
        &expected_pretty,
    )?;
    let mut out = Vec::new();
    let dumped = jsonstream::dump_pretty(&value, &mut out).map(|()| out);
    check("dump_pretty", ours(dumped), &expected_pretty)?;

    // Collection writers and iter_seq, for a top-level sequence or object.
    let elements: Option<&[W]> = match &value {
        W::Seq(_, items) | W::Tuple(items) | W::TupleStruct(items) => Some(items),
        _ => None,
    };
    if let Some(items) = elements {
        for pretty in [false, true] {
            let expected = serde_json_bytes(items, pretty);
            let got = if pretty {
                let mut w = jsonstream::ArrayWriter::with_formatter(
                    Vec::new(),
                    jsonstream::PrettyFormatter::new(),
                );
                items
                    .iter()
                    .try_for_each(|item| w.push(item))
                    .and_then(|()| w.finish())
            } else {
                let mut w = jsonstream::ArrayWriter::new(Vec::new());
                items
                    .iter()
                    .try_for_each(|item| w.push(item))
                    .and_then(|()| w.finish())
            };
            check(
                &format!("ArrayWriter (pretty: {pretty})"),
                ours(got),
                &expected,
            )?;
        }
        let lazy = jsonstream::iter_seq(items.iter());
        check(
            "iter_seq",
            ours(jsonstream::to_vec(&lazy)),
            &serde_json_bytes(items, false),
        )?;
    }
    let members: Option<Vec<(String, W)>> = match &value {
        W::Struct(fields) => Some(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        ),
        W::Map(_, entries) => entries
            .iter()
            .map(|(k, v)| match k {
                W::Str(k) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect(),
        _ => None,
    };
    if let Some(members) = members {
        let expected = serde_json_bytes(&Entries(&members), false);
        let mut w = jsonstream::ObjectWriter::new(Vec::new());
        let got = members
            .iter()
            .try_for_each(|(k, v)| w.push(k, v))
            .and_then(|()| w.finish());
        check("ObjectWriter", ours(got), &expected)?;
    }

    // Blobs: a text blob is the string; a base64 blob is the string of its base64 text.
    let raw: Option<Vec<u8>> = match &value {
        W::Str(s) => Some(s.clone().into_bytes()),
        W::Bytes(b) => Some(b.clone()),
        _ => None,
    };
    if let Some(raw) = raw {
        let got = ours(jsonstream::to_vec(&jsonstream::Blob::base64(&raw[..])));
        check(
            "Blob::base64",
            got,
            &serde_json_bytes(&base64_encode(&raw), false),
        )?;
        let got = ours(jsonstream::to_vec(&jsonstream::Blob::text(&raw[..])));
        match std::str::from_utf8(&raw) {
            Ok(text) => check("Blob::text", got, &serde_json_bytes(text, false))?,
            Err(_) => {
                if got.is_ok() {
                    return Err(format!(
                        "Blob::text of invalid UTF-8 {raw:?}: {}",
                        show(&got)
                    ));
                }
            }
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
            b"\x13\x05\x0e\x03abc",
            &[0xff; 64],
            &[30, 2, 31, 3, 1, 2, 3],
        ] {
            writers(data).unwrap();
        }
    }
}
