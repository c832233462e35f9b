//! Comparing results: values exactly (number kinds and float bits), and many checks at once.

use std::fmt::Write as _;

use serde_json::Value;

/// Compares two `Value`s exactly: numbers must have the same representation (u64, i64 or f64)
/// and floats the same bits. Returns a description of the first difference.
pub fn value_diff(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, path: &mut String) -> Option<String> {
        use Value as V;
        match (a, b) {
            (V::Null, V::Null) => None,
            (V::Bool(x), V::Bool(y)) if x == y => None,
            (V::String(x), V::String(y)) if x == y => None,
            (V::Number(x), V::Number(y)) => {
                let same = match (x.as_u64(), y.as_u64()) {
                    (Some(p), Some(q)) => p == q,
                    (None, None) => match (x.as_i64(), y.as_i64()) {
                        (Some(p), Some(q)) => p == q,
                        (None, None) => match (x.as_f64(), y.as_f64()) {
                            (Some(p), Some(q)) => p.to_bits() == q.to_bits(),
                            _ => false,
                        },
                        _ => false,
                    },
                    _ => false,
                };
                if same && x.is_f64() == y.is_f64() {
                    None
                } else {
                    Some(format!("{path}: number {x:?} vs {y:?}"))
                }
            }
            (V::Array(x), V::Array(y)) => {
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
            (V::Object(x), V::Object(y)) => {
                let kx: Vec<&String> = x.keys().collect();
                let ky: Vec<&String> = y.keys().collect();
                if kx != ky {
                    return Some(format!("{path}: keys {kx:?} vs {ky:?}"));
                }
                for (k, p) in x {
                    let len = path.len();
                    let _ = write!(path, "[{k:?}]");
                    if let Some(d) = walk(p, &y[k], path) {
                        return Some(d);
                    }
                    path.truncate(len);
                }
                None
            }
            _ => Some(format!("{path}: {a} vs {b}")),
        }
    }
    walk(a, b, &mut String::from("$"))
}

/// Panics with all `failures`, one a line, if there are any.
#[track_caller]
pub fn assert_no_failures(what: &str, failures: &[String]) {
    if !failures.is_empty() {
        panic!(
            "{what}: {} failure(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_diff_sees_number_kinds_and_float_bits() {
        use serde_json::json;
        assert!(value_diff(&json!(1), &json!(1)).is_none());
        assert!(value_diff(&json!(1), &json!(1.0)).is_some());
        assert!(value_diff(&json!(1), &json!(-1)).is_some());
        assert!(value_diff(&json!(0.0), &json!(-0.0)).is_some());
        assert!(value_diff(&json!({"a": [1, 2]}), &json!({"a": [1, 3]})).is_some());
        assert!(value_diff(&json!({"a": 1}), &json!({"b": 1})).is_some());
    }
}

/// What an error said and where (message, offset, line, column, JSON path), for tests that
/// read one document two ways and expect the same error.
#[derive(Debug, PartialEq, Eq)]
pub struct ErrorPlace {
    /// `Display` of the error.
    pub message: String,
    /// Byte offset.
    pub offset: u64,
    /// Line (1-based; 0 for binary input).
    pub line: u64,
    /// Column (1-based; 0 for binary input).
    pub column: u64,
    /// JSON path.
    pub path: String,
}

impl ErrorPlace {
    /// The place of `err`.
    pub fn of(err: &jsonstream::Error) -> ErrorPlace {
        ErrorPlace {
            message: err.to_string(),
            offset: err.offset(),
            line: err.line(),
            column: err.column(),
            path: err.path().to_owned(),
        }
    }
}
