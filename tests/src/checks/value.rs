//! The value differential: jsonstream and serde_json read the same bytes.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::shown;
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
pub fn value_differential(data: &[u8]) -> Result<(), String> {
    let ours = jsonstream::from_slice::<Value>(data);
    let theirs = serde_json::from_slice::<Value>(data);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            if let Some(d) = value_diff(a, b) {
                return Err(format!("Value of {}: {d}", shown(data)));
            }
        }
        (Err(_), Err(_)) => {}
        _ => {
            return Err(format!(
                "Value of {}: jsonstream {ours:?}, serde_json {theirs:?}",
                shown(data)
            ))
        }
    }

    // Data error messages are compared for scalars and sequences; for maps only outcomes and
    // values (serde_json's messages for keys that do not fit are its own).
    same::<u64>(data, true)?;
    same::<i64>(data, true)?;
    same::<u8>(data, true)?;
    same::<i32>(data, true)?;
    same::<u128>(data, true)?;
    same::<i128>(data, true)?;
    same_bits::<f64>(data, f64::to_bits)?;
    same_bits::<f32>(data, |f| u64::from(f.to_bits()))?;
    same::<bool>(data, true)?;
    same::<()>(data, true)?;
    same::<String>(data, true)?;
    same::<char>(data, true)?;
    same::<Option<u16>>(data, true)?;
    same::<Vec<i8>>(data, true)?;
    same::<(u8, bool)>(data, true)?;
    same::<BTreeMap<String, u8>>(data, true)?;
    same::<BTreeMap<u32, u8>>(data, false)?;
    same::<BTreeMap<i128, u8>>(data, false)?;
    same::<BTreeMap<u128, ()>>(data, false)?;
    same::<BTreeMap<i8, ()>>(data, false)?;
    same::<BTreeMap<bool, ()>>(data, false)?;
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
) -> Result<(), String> {
    compare(
        data,
        jsonstream::from_slice::<T>(data),
        serde_json::from_slice::<T>(data),
        |a, b| a == b,
        messages,
    )
}

fn same_bits<T: DeserializeOwned + Copy + Debug>(
    data: &[u8],
    bits: fn(T) -> u64,
) -> Result<(), String> {
    compare(
        data,
        jsonstream::from_slice::<T>(data),
        serde_json::from_slice::<T>(data),
        |a, b| bits(*a) == bits(*b),
        true,
    )
}

fn compare<T: Debug>(
    data: &[u8],
    ours: jsonstream::Result<T>,
    theirs: serde_json::Result<T>,
    equal: impl Fn(&T, &T) -> bool,
    messages: bool,
) -> Result<(), String> {
    let ty = std::any::type_name::<T>();
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if equal(a, b) => Ok(()),
        (Err(a), Err(b)) => {
            if !messages {
                return Ok(());
            }
            let data_errors = a.category() == jsonstream::Category::Data
                && b.classify() == serde_json::error::Category::Data;
            let (ours, theirs) = (message(a), message(b));
            if data_errors && ours != theirs {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreeing_documents_pass() {
        for doc in [
            &b"[1, 2.5, -0.0, \"x\"]"[..],
            b"{\"1\": 2}",
            b"[1,",
            b"",
            b"\"\\ud800\"",
        ] {
            value_differential(doc).unwrap();
        }
    }
}
