//! The `to_vec` of jsonstream and of its peers, shared by the `write` (criterion) and
//! `write_interleaved` benches.

use serde::Serialize;

/// Writes a value as compact JSON into a new `Vec`.
pub type ToVec<T> = fn(&T) -> Result<Vec<u8>, String>;

/// Name of the reference: every variant's output is checked against its bytes.
pub const REFERENCE: &str = "serde_json/to_vec";

/// Every crate's `to_vec`, the reference first, in the order they appear in the reports.
pub fn to_vecs<T: Serialize + ?Sized>() -> [(&'static str, ToVec<T>); 4] {
    [
        (REFERENCE, |value| {
            serde_json::to_vec(value).map_err(|e| e.to_string())
        }),
        ("jsonstream/to_vec", |value| {
            jsonstream::to_vec(value).map_err(|e| e.to_string())
        }),
        ("sonic_rs/to_vec", |value| {
            sonic_rs::to_vec(value).map_err(|e| e.to_string())
        }),
        ("simd_json/to_vec", |value| {
            simd_json::serde::to_vec(value).map_err(|e| e.to_string())
        }),
    ]
}

/// Checks the `output` of `variant` against the reference's bytes `expected`; false when
/// the variant cannot be timed. A failure is reported and the variant is skipped; different
/// bytes are reported (where they first differ) and the variant is still timed.
pub fn check_output(
    group: &str,
    variant: &str,
    output: Result<Vec<u8>, String>,
    expected: &[u8],
) -> bool {
    match output {
        Err(e) => {
            eprintln!("{group}/{variant}: FAILED, not timed: {e}");
            false
        }
        Ok(bytes) => {
            if bytes != expected {
                let at = bytes
                    .iter()
                    .zip(expected)
                    .take_while(|(a, b)| a == b)
                    .count();
                let excerpt =
                    |b: &[u8]| String::from_utf8_lossy(&b[at..(at + 40).min(b.len())]).into_owned();
                eprintln!(
                    "{group}/{variant}: output differs from {REFERENCE}'s ({} bytes against {}), \
                     first at byte {at}: {:?} where {REFERENCE} has {:?}",
                    bytes.len(),
                    expected.len(),
                    excerpt(&bytes),
                    excerpt(expected),
                );
            }
            true
        }
    }
}
