//! The value differential: jsonstream and serde_json read the same bytes.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{shown, Known};
use crate::compare::value_diff;

/// The bytes as one document, read by `jsonstream::from_slice` and `serde_json::from_slice`
/// into `Value` (numbers compared exactly: kind and float bits), integers of every width,
/// floats (bits), strings, and maps with string, integer and bool keys: both succeed with the
/// same value or both fail; when both fail with a data error (but for a map with keys that are
/// not strings), with the same message (the text before " at line").
///
/// # Errors
///
/// A description of the first disagreement.
pub fn value_differential(data: &[u8], known: Known) -> Result<(), String> {
    let ours = jsonstream::from_slice::<Value>(data);
    let theirs = serde_json::from_slice::<Value>(data);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            if let Some(d) = value_diff(a, b) {
                return Err(format!("Value of {}: {d}", shown(data)));
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e))
            if known.depth
                && e.to_string().starts_with("recursion limit exceeded")
                && nesting_depth(data) == 128 => {}
        _ => {
            return Err(format!(
                "Value of {}: jsonstream {ours:?}, serde_json {theirs:?}",
                shown(data)
            ))
        }
    }

    // Data error messages are compared for scalars and sequences; for maps only outcomes and
    // values (serde_json's messages for keys that do not fit are its own).
    same::<u64>(data, true, known)?;
    same::<i64>(data, true, known)?;
    same::<u8>(data, true, known)?;
    same::<i32>(data, true, known)?;
    same::<u128>(data, true, known)?;
    same::<i128>(data, true, known)?;
    same_bits::<f64>(data, f64::to_bits, known)?;
    same_bits::<f32>(data, |f| u64::from(f.to_bits()), known)?;
    same::<bool>(data, true, known)?;
    same::<()>(data, true, known)?;
    same::<String>(data, true, known)?;
    same::<char>(data, true, known)?;
    same::<Option<u16>>(data, true, known)?;
    same::<Vec<i8>>(data, true, known)?;
    same::<(u8, bool)>(data, true, known)?;
    same::<BTreeMap<String, u8>>(data, true, known)?;
    same::<BTreeMap<u32, u8>>(data, false, known)?;
    same::<BTreeMap<i128, u8>>(data, false, known)?;
    same::<BTreeMap<u128, ()>>(data, false, known)?;
    same::<BTreeMap<i8, ()>>(data, false, known)?;
    same::<BTreeMap<bool, ()>>(data, false, known)?;
    Ok(())
}

/// The text of an error message before its position.
fn message(e: &impl ToString) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn same<T: DeserializeOwned + PartialEq + Debug>(
    data: &[u8],
    messages: bool,
    known: Known,
) -> Result<(), String> {
    compare(
        data,
        jsonstream::from_slice::<T>(data),
        serde_json::from_slice::<T>(data),
        |a, b| a == b,
        messages.then_some(known),
    )
}

fn same_bits<T: DeserializeOwned + Copy + Debug>(
    data: &[u8],
    bits: fn(T) -> u64,
    known: Known,
) -> Result<(), String> {
    compare(
        data,
        jsonstream::from_slice::<T>(data),
        serde_json::from_slice::<T>(data),
        |a, b| bits(*a) == bits(*b),
        Some(known),
    )
}

fn compare<T: Debug>(
    data: &[u8],
    ours: jsonstream::Result<T>,
    theirs: serde_json::Result<T>,
    equal: impl Fn(&T, &T) -> bool,
    messages: Option<Known>,
) -> Result<(), String> {
    let ty = std::any::type_name::<T>();
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if equal(a, b) => Ok(()),
        (Err(a), Err(b)) => {
            let Some(known) = messages else {
                return Ok(());
            };
            let data_errors = a.category() == jsonstream::Category::Data
                && b.classify() == serde_json::error::Category::Data;
            let (ours, theirs) = (message(a), message(b));
            let tolerated = known.float_message && same_but_float_text(&ours, &theirs);
            if data_errors && ours != theirs && !tolerated {
                return Err(format!(
                    "{ty} from {}: data error messages differ: jsonstream `{a}`, serde_json `{b}`",
                    shown(data)
                ));
            }
            Ok(())
        }
        _ => Err(format!(
            "{ty} from {}: jsonstream {ours:?}, serde_json {theirs:?}",
            shown(data)
        )),
    }
}

/// Whether two messages differ only in the text of the float in "floating point `…`", both
/// texts being the same `f64` (the `float-message` known fault).
fn same_but_float_text(a: &str, b: &str) -> bool {
    const MARK: &str = "floating point `";
    let split = |m: &str| -> Option<(String, f64, String)> {
        let start = m.find(MARK)? + MARK.len();
        let len = m[start..].find('`')?;
        let value = m[start..start + len].parse().ok()?;
        Some((m[..start].to_owned(), value, m[start + len..].to_owned()))
    };
    match (split(a), split(b)) {
        (Some((p1, x, s1)), Some((p2, y, s2))) => {
            p1 == p2 && s1 == s2 && x.to_bits() == y.to_bits()
        }
        _ => false,
    }
}

/// How deeply arrays and objects nest in `data` (brackets inside strings not counted; the
/// document need not be valid).
pub(crate) fn nesting_depth(data: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &b in data {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_skips_strings() {
        assert_eq!(nesting_depth(b"1"), 0);
        assert_eq!(nesting_depth(b"[[],{\"a\":[1]}]"), 3);
        assert_eq!(nesting_depth(b"[\"[[[\\\"[\"]"), 1);
    }

    #[test]
    fn float_texts_compare_by_value() {
        let ours = "invalid type: floating point `100000000000000000000`, expected u8";
        assert!(same_but_float_text(
            ours,
            "invalid type: floating point `1e+20`, expected u8"
        ));
        assert!(!same_but_float_text(
            ours,
            "invalid type: floating point `1e+21`, expected u8"
        ));
        assert!(!same_but_float_text(
            ours,
            "invalid value: floating point `1e+20`, expected u8"
        ));
        assert!(!same_but_float_text(
            "floating point `-0`",
            "floating point `0.0`"
        ));
    }

    #[test]
    fn agreeing_documents_pass() {
        for doc in [
            &b"[1, 2.5, -0.0, \"x\"]"[..],
            b"{\"1\": 2}",
            b"[1,",
            b"",
            b"\"\\ud800\"",
        ] {
            value_differential(doc, Known::NONE).unwrap();
        }
    }
}
