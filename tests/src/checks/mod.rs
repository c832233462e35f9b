//! The checks the fuzz targets run (`fuzz/fuzz_targets/`), one public function per target, each
//! taking the fuzzer's bytes and panicking with a description of the first disagreement:
//!
//! - [`check_value_differential`]: the bytes as a document, read into `Value` and typed
//!   scalars and maps by jsonstream and by serde_json: the same outcome, the same value, the
//!   same message for a data error.
//! - [`check_reading_paths`]: a [`Header`] (read schedule, window size, limits, JSON Pointer
//!   and walk choices) and a document; every reading path (`from_reader`, `stream`,
//!   `stream_at`, `stream_entries_at`, `stream_items_at`, `stream_entries`, the token API with
//!   `skip_value`, `deserialize_next` and the string and base64 readers) through that
//!   schedule and window gives what the slice path gives with the same limits: values,
//!   handed-out bytes, positions and errors (message, category, offset, line, column, path).
//! - [`check_writers`]: a typed value of every serde shape built from the bytes, written by
//!   `to_vec`, `dump` (into a writer taking short writes), the pretty variants, `ArrayWriter`,
//!   `ObjectWriter`, `iter_seq` and `Blob`: serde_json's bytes, or serde_json's error message.
//! - [`check_derived_load`]: a [`Header`] and a document loaded as a `#[derive(Load)]` struct
//!   with text and base64 blobs, `seq` fields, nested types and an enum: what jsonstream's
//!   serde path reads for a serde mirror of the struct (value, or the same error).
//!
//! - [`check_pbjson_reading`]: a [`Header`] and a PBJSON document; every PBJSON reading path
//!   (`from_reader`, `IgnoredAny`, tokens, `skip_value`, `stream`, `pbjson_to_json`, the token
//!   API with the string and binary readers) through that schedule and window gives what the
//!   slice path gives; the paths agree on validity; a valid document reads back the same
//!   through JSON and through `pbjson::to_vec`.
//! - [`check_pbjson_writers`]: a typed value of every serde shape (as for `check_writers`)
//!   written by `pbjson::to_vec`, `dump`, `PbWriter` (whole and pushed token by token),
//!   `ArrayWriter::pbjson`, `ObjectWriter::pbjson` and `iter_seq`: the same bytes, which read
//!   back to the value (or the documented error where it has no PBJSON form).
//!
//! `tests/tests/fuzz_replay.rs` runs every check over the committed corpus and regression
//! inputs (`fuzz/corpus/<target>/`, `fuzz/regressions/<target>/`) on stable, strictly. See `FUZZING.md` at the root of the repository.

mod derived;
mod pbjson;
mod pbjson_writers;
mod reading;
mod value;
mod walk;
mod writers;

pub use self::derived::derived_load;
pub use self::pbjson::pbjson_reading;
pub use self::pbjson_writers::pbjson_writers;
pub use self::reading::{
    agree_with_slice, agree_with_slice_limited, reading_paths, Header, HEADER_LEN,
    MAX_LIMITS_SELECTOR,
};
pub use self::value::value_differential;
pub use self::writers::writers;

/// The value differential against serde_json (fuzz target `value_differential`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_value_differential(data: &[u8]) {
    fail_on(value_differential(data));
}

/// Every reading path against the slice path (fuzz target `reading_paths`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_reading_paths(data: &[u8]) {
    fail_on(reading_paths(data));
}

/// The writers against serde_json (fuzz target `writers`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_writers(data: &[u8]) {
    fail_on(writers(data));
}

/// `Load` of a derived struct against the serde path (fuzz target `derived_load`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_derived_load(data: &[u8]) {
    fail_on(derived_load(data));
}

/// Every PBJSON reading path against the slice path, and round trips of valid documents
/// (fuzz target `pbjson_reading`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_pbjson_reading(data: &[u8]) {
    fail_on(pbjson_reading(data));
}

/// The PBJSON writers against each other and against what reads back (fuzz target
/// `pbjson_writers`).
///
/// # Panics
///
/// On the first disagreement, with a description of it.
pub fn check_pbjson_writers(data: &[u8]) {
    fail_on(pbjson_writers(data));
}

#[track_caller]
fn fail_on(result: Result<(), String>) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The bytes as text for a failure message, cut to `max` characters at each end.
pub(crate) fn shown(bytes: &[u8]) -> String {
    const MAX: usize = 600;
    let text = format!("{:?}", String::from_utf8_lossy(bytes));
    if text.chars().count() <= 2 * MAX {
        return text;
    }
    let head: String = text.chars().take(MAX).collect();
    let tail: String = {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len() - MAX..].iter().collect()
    };
    format!("{head}…{tail} ({} bytes)", bytes.len())
}
