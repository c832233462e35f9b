//! A JSON value that keeps the members of every object in document order, duplicates
//! included: what serde_json writes for a document read into it is what a streaming
//! reformatter must write (a `serde_json::Value` sorts keys and drops duplicates).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// One JSON value; numbers as a `serde_json::Value` holds them (`u64`, `i64` or `f64`).
#[derive(Clone, Debug, PartialEq)]
pub enum OrderedValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A non-negative integer that fits `u64`.
    U64(u64),
    /// A negative integer that fits `i64`.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<OrderedValue>),
    /// An object's members, in document order.
    Object(Vec<(String, OrderedValue)>),
}

impl Serialize for OrderedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrderedValue::Null => serializer.serialize_unit(),
            OrderedValue::Bool(b) => serializer.serialize_bool(*b),
            OrderedValue::U64(n) => serializer.serialize_u64(*n),
            OrderedValue::I64(n) => serializer.serialize_i64(*n),
            OrderedValue::F64(n) => serializer.serialize_f64(*n),
            OrderedValue::String(s) => serializer.serialize_str(s),
            OrderedValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            OrderedValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for OrderedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = OrderedValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<OrderedValue, E> {
        Ok(OrderedValue::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<OrderedValue, E> {
        Ok(OrderedValue::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<OrderedValue, E> {
        Ok(OrderedValue::U64(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<OrderedValue, E> {
        // As serde_json's Value: a non-negative i64 is a u64.
        Ok(u64::try_from(n).map_or(OrderedValue::I64(n), OrderedValue::U64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<OrderedValue, E> {
        Ok(OrderedValue::F64(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<OrderedValue, E> {
        Ok(OrderedValue::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<OrderedValue, E> {
        Ok(OrderedValue::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OrderedValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(OrderedValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedValue, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(OrderedValue::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_their_order_and_duplicates() {
        let json = r#"{"b": 1, "a": [-2, 2.5, "x", null, true], "b": {}}"#;
        let value: OrderedValue = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"b":1,"a":[-2,2.5,"x",null,true],"b":{}}"#
        );
    }

    #[test]
    fn numbers_are_those_of_a_serde_json_value() {
        for text in ["0", "-0", "1e2", "-5", "18446744073709551616", "1.5"] {
            let ours: OrderedValue = serde_json::from_str(text).unwrap();
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&value).unwrap(),
                "{text}"
            );
        }
    }
}
