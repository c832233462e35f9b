//! One record (an element of an array, a line of JSON Lines) held while it passes through:
//! members in document order, duplicates kept, numbers as serde_json's `Value` holds them, so
//! that it is written as it was read.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

/// One JSON value, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    String(String),
    Array(Vec<Record>),
    /// The members, in document order.
    Object(Vec<(String, Record)>),
}

impl Record {
    /// How many values this is: itself and every value inside it.
    pub fn values(&self) -> u64 {
        match self {
            Record::Array(items) => 1 + items.iter().map(Record::values).sum::<u64>(),
            Record::Object(members) => {
                1 + members.iter().map(|(_, value)| value.values()).sum::<u64>()
            }
            _ => 1,
        }
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Record::Null => serializer.serialize_unit(),
            Record::Bool(b) => serializer.serialize_bool(*b),
            Record::U64(n) => serializer.serialize_u64(*n),
            Record::I64(n) => serializer.serialize_i64(*n),
            // JSON has no infinities or NaN (PBJSON has): refused, as converting a whole
            // PBJSON document to JSON refuses them, rather than written as `null`.
            Record::F64(n) if !n.is_finite() => Err(S::Error::custom(
                "an infinity or NaN, which JSON cannot hold",
            )),
            Record::F64(n) => serializer.serialize_f64(*n),
            Record::String(s) => serializer.serialize_str(s),
            Record::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Record::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Record, E> {
        Ok(Record::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Record, E> {
        Ok(Record::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Record, E> {
        Ok(Record::U64(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Record, E> {
        Ok(u64::try_from(n).map_or(Record::I64(n), Record::U64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Record, E> {
        Ok(Record::F64(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Record, E> {
        Ok(Record::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Record, E> {
        Ok(Record::String(s))
    }

    /// PBJSON's binary values become base64 strings, as in a whole PBJSON document
    /// converted to JSON.
    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Record, E> {
        use base64::Engine as _;
        Ok(Record::String(
            base64::engine::general_purpose::STANDARD.encode(bytes),
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Record, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Record::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Record::Object(members))
    }
}
