//! Where a reader's value differs from the reference reader's: what the benches report
//! before timing a reader whose value is not the reference's (floats rounded differently,
//! most often), instead of only saying that it differs.

use serde_json::Value;
use std::fmt::Write as _;

/// How `value` differs from `reference`: the number of differing leaves (scalars, or whole
/// subtrees whose shape differs) out of the reference's leaves, the largest distance in
/// units in the last place between floats that differ, and the first difference with its
/// JSON path. `None` when they are equal.
///
/// # Examples
///
/// ```
/// use jsonstream_benches::difference::describe;
/// use serde_json::json;
///
/// let reference = json!({"x": [1.0, 0.1, "a"]});
/// let value = json!({"x": [1.0, f64::from_bits(0.1f64.to_bits() + 1), "a"]});
/// assert_eq!(
///     describe(&value, &reference).unwrap(),
///     "1 of 3 leaves differ (floats up to 1 ULP apart); first at .x[1]: \
///      0.10000000000000002 where the reference has 0.1"
/// );
/// assert_eq!(describe(&reference, &reference), None);
/// ```
pub fn describe(value: &Value, reference: &Value) -> Option<String> {
    let mut walk = Walk::default();
    walk.compare(value, reference, &mut String::new());
    let (path, first_value, first_reference) = walk.first?;
    let mut text = format!("{} of {} leaves differ", walk.differing, walk.leaves);
    if walk.max_ulps > 0 {
        write!(text, " (floats up to {} ULP apart)", walk.max_ulps).unwrap();
    }
    let path = if path.is_empty() { "." } else { &path };
    write!(
        text,
        "; first at {path}: {} where the reference has {}",
        excerpt(&first_value),
        excerpt(&first_reference)
    )
    .unwrap();
    Some(text)
}

/// The state of one comparison.
#[derive(Default)]
struct Walk {
    leaves: u64,
    differing: u64,
    max_ulps: u64,
    first: Option<(String, Value, Value)>,
}

impl Walk {
    fn compare(&mut self, value: &Value, reference: &Value, path: &mut String) {
        match (value, reference) {
            (Value::Array(items), Value::Array(expected)) if items.len() == expected.len() => {
                for (i, (item, expected)) in items.iter().zip(expected).enumerate() {
                    let len = path.len();
                    write!(path, "[{i}]").unwrap();
                    self.compare(item, expected, path);
                    path.truncate(len);
                }
            }
            (Value::Object(members), Value::Object(expected))
                if members.len() == expected.len()
                    && expected.keys().all(|key| members.contains_key(key)) =>
            {
                for (key, expected) in expected {
                    let len = path.len();
                    write!(path, ".{key}").unwrap();
                    self.compare(&members[key], expected, path);
                    path.truncate(len);
                }
            }
            _ => {
                self.leaves += 1;
                if value != reference {
                    self.differing += 1;
                    if let (Some(a), Some(b)) = (float(value), float(reference)) {
                        self.max_ulps = self.max_ulps.max(ulps(a, b));
                    }
                    if self.first.is_none() {
                        self.first = Some((path.clone(), value.clone(), reference.clone()));
                    }
                }
            }
        }
    }
}

/// The number, if it is a float (not an integer).
fn float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) if n.is_f64() => n.as_f64(),
        _ => None,
    }
}

/// Distance between two finite floats in units in the last place.
fn ulps(a: f64, b: f64) -> u64 {
    // Maps the floats onto integers whose order is the floats' order.
    fn key(x: f64) -> i128 {
        let bits = x.to_bits() as i64;
        i128::from(if bits < 0 { i64::MIN - bits } else { bits })
    }
    (key(a) - key(b)).unsigned_abs() as u64
}

/// The value as compact JSON, cut to a readable length.
fn excerpt(value: &Value) -> String {
    const MAX: usize = 80;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], text.len()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_every_differing_leaf_and_the_largest_float_distance() {
        let reference = json!([[1.5, 2.5, 3.5], {"a": 1, "b": "x"}]);
        let value = json!([
            [f64::from_bits(1.5f64.to_bits() + 3), 2.5, f64::from_bits(3.5f64.to_bits() - 1)],
            {"a": 2, "b": "x"}
        ]);
        assert_eq!(
            describe(&value, &reference).unwrap(),
            "3 of 5 leaves differ (floats up to 3 ULP apart); first at [0][0]: \
             1.5000000000000007 where the reference has 1.5"
        );
    }

    #[test]
    fn a_different_shape_is_one_difference_at_its_path() {
        let reference = json!({"a": [1, 2], "b": {"c": true}});
        let value = json!({"a": [1, 2, 3], "b": {"d": true}});
        assert_eq!(
            describe(&value, &reference).unwrap(),
            "2 of 2 leaves differ; first at .a: [1,2,3] where the reference has [1,2]"
        );
    }

    #[test]
    fn floats_across_zero_are_counted_through_zero() {
        let tiny = f64::from_bits(1);
        assert_eq!(ulps(tiny, -tiny), 2);
        assert_eq!(ulps(-0.0, 0.0), 0);
    }

    #[test]
    fn long_values_are_cut() {
        let reference = Value::String("a".repeat(200));
        let value = Value::String("b".repeat(200));
        let text = describe(&value, &reference).unwrap();
        assert!(text.starts_with(&format!(
            "1 of 1 leaves differ; first at .: \"{}…",
            "b".repeat(79)
        )));
        assert!(text.ends_with("(202 bytes)"));
    }
}
