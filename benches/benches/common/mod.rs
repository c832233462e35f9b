//! The readers under test, shared by the `read` (criterion) and `read_interleaved` benches:
//! jsonstream's and its peers' (serde_json, struson, sonic-rs, simd-json).

use jsonstream_benches::difference;
pub use jsonstream_benches::records::records_count;
use jsonstream_benches::records::{Checksum, Record};
use jsonstream_benches::text::ESCAPES_5PCT;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use struson::reader::{JsonReader as _, JsonStreamReader};

/// The json-benchmark documents: group name and file name.
pub const DOCUMENTS: [(&str, &str); 3] = [
    ("canada", "canada.json"),
    ("citm_catalog", "citm_catalog.json"),
    ("twitter", "twitter.json"),
];

/// `canada.json` read into a `serde_json::Value`: group name and file name.
pub const CANADA_VALUE: (&str, &str) = ("canada_value", "canada.json");

/// The string read into a `String`: group name and escapes per thousand bytes of
/// [`text`](jsonstream_benches::text::text) (the `5pct` text of the `write` bench).
pub const STRING_5PCT: (&str, u64) = ("string_5pct", ESCAPES_5PCT);

/// Reads one value from the bytes of a document already in memory.
pub type SliceLoader<T> = fn(&[u8]) -> Result<T, String>;

/// Reads one value from the document in the file at the path.
pub type FileLoader<T> = fn(&Path) -> Result<T, String>;

/// A one-shot reader of a whole document.
pub enum Loader<T> {
    /// Reads the bytes already in memory.
    Slice(SliceLoader<T>),
    /// Reads the file.
    File(FileLoader<T>),
}

impl<T> Loader<T> {
    /// Reads the document, which is in the file at `path` and in `bytes`.
    pub fn load(&self, path: &Path, bytes: &[u8]) -> Result<T, String> {
        match self {
            Loader::Slice(load) => load(bytes),
            Loader::File(load) => load(path),
        }
    }
}

/// Reads a records file one record at a time, folding each into a checksum.
pub type Streamer = fn(&Path) -> Result<Checksum, String>;

fn open(path: &Path) -> Result<File, String> {
    File::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Name of the reference reader: every reader's value is checked against its value.
pub const REFERENCE: &str = "serde_json::from_slice";

/// Name of simd-json's reader of bytes in memory. simd-json parses in place, so the bytes are
/// first copied into a buffer it may change, as a caller holding `&[u8]` must do; the copy is
/// timed.
pub const SIMD_JSON_SLICE: &str = "simd_json::serde::from_slice(&mut bytes.to_vec())";

/// The readers of a whole document in memory, in the order they appear in the reports.
pub fn in_memory<T: DeserializeOwned>() -> Vec<(&'static str, SliceLoader<T>)> {
    vec![
        (REFERENCE, |bytes| {
            serde_json::from_slice(bytes).map_err(|e| e.to_string())
        }),
        ("sonic_rs::from_slice", |bytes| {
            sonic_rs::from_slice(bytes).map_err(|e| e.to_string())
        }),
        (SIMD_JSON_SLICE, |bytes| {
            simd_json::serde::from_slice(&mut bytes.to_vec()).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_slice", |bytes| {
            jsonstream::from_slice(bytes).map_err(|e| e.to_string())
        }),
    ]
}

/// The readers of a whole document in a file, in the order they appear in the reports: the
/// peers' readers of a file, and their slice readers after `std::fs::read` (how a caller uses
/// a parser that has no reader of its own).
pub fn from_file<T: DeserializeOwned>() -> Vec<(&'static str, FileLoader<T>)> {
    vec![
        ("serde_json::from_reader(BufReader<File>)", |path| {
            serde_json::from_reader(BufReader::new(open(path)?)).map_err(|e| e.to_string())
        }),
        ("struson::deserialize_next(File)", |path| {
            let mut reader = JsonStreamReader::new(open(path)?);
            let value = reader.deserialize_next().map_err(|e| e.to_string())?;
            reader
                .consume_trailing_whitespace()
                .map_err(|e| e.to_string())?;
            Ok(value)
        }),
        ("std::fs::read + serde_json::from_slice", |path| {
            serde_json::from_slice(&read(path)?).map_err(|e| e.to_string())
        }),
        ("std::fs::read + sonic_rs::from_slice", |path| {
            sonic_rs::from_slice(&read(path)?).map_err(|e| e.to_string())
        }),
        ("std::fs::read + simd_json::serde::from_slice", |path| {
            simd_json::serde::from_slice(&mut read(path)?).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_reader(File)", |path| {
            jsonstream::from_reader(open(path)?).map_err(|e| e.to_string())
        }),
    ]
}

/// Every one-shot reader: [`in_memory`], then [`from_file`].
pub fn one_shot<T: DeserializeOwned>() -> Vec<(&'static str, Loader<T>)> {
    let slices = in_memory().into_iter().map(|(n, l)| (n, Loader::Slice(l)));
    let files = from_file().into_iter().map(|(n, l)| (n, Loader::File(l)));
    slices.chain(files).collect()
}

/// The element-at-a-time readers of the records array.
pub fn streams() -> [(&'static str, Streamer); 4] {
    [
        ("struson::array_loop(File)", struson_array_loop),
        ("jsonstream::stream(File)", jsonstream_stream),
        ("jsonstream::par_stream(File), 1 decoding thread", |path| {
            jsonstream_par_stream(path, Some(1))
        }),
        ("jsonstream::par_stream(File)", |path| {
            jsonstream_par_stream(path, None)
        }),
    ]
}

/// Environment variable overriding the number of generated JSON Lines records.
pub const LINES_ENV: &str = "JSONSTREAM_BENCH_LINES";

/// Default number of JSON Lines records (about 135 MB).
pub const DEFAULT_LINES: u64 = 1_000_000;

/// Number of JSON Lines records to generate: `$JSONSTREAM_BENCH_LINES` or the default.
pub fn lines_count() -> u64 {
    match std::env::var(LINES_ENV) {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .expect("JSONSTREAM_BENCH_LINES: a count"),
        Err(_) => DEFAULT_LINES,
    }
}

/// The value-at-a-time readers of a JSON Lines file of records.
pub fn line_streams() -> [(&'static str, Streamer); 2] {
    [
        (
            "serde_json::StreamDeserializer(BufReader<File>)",
            serde_json_stream_deserializer,
        ),
        ("jsonstream::stream_values(File)", jsonstream_stream_values),
    ]
}

/// serde_json's `StreamDeserializer` over a `BufReader` of the file.
fn serde_json_stream_deserializer(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    let reader = BufReader::new(open(path)?);
    for record in serde_json::Deserializer::from_reader(reader).into_iter::<Record>() {
        checksum.add(&record.map_err(|e| e.to_string())?);
    }
    Ok(checksum)
}

/// `jsonstream::stream_values` over the file: one record at a time.
fn jsonstream_stream_values(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    for record in jsonstream::stream_values::<Record, _>(open(path)?) {
        checksum.add(&record.map_err(|e| e.to_string())?);
    }
    Ok(checksum)
}

/// `jsonstream::stream` over the file: one record at a time.
fn jsonstream_stream(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    for record in jsonstream::stream::<Record, _>(open(path)?) {
        checksum.add(&record.map_err(|e| e.to_string())?);
    }
    Ok(checksum)
}

/// `jsonstream::par_stream` over the file, with this many decoding threads (`None`: one per
/// core), records folded in document order.
fn jsonstream_par_stream(path: &Path, workers: Option<usize>) -> Result<Checksum, String> {
    let options = match workers {
        Some(n) => jsonstream::ReaderOptions::new().workers(n),
        None => jsonstream::ReaderOptions::new(),
    };
    let mut checksum = Checksum::default();
    for record in options.par_stream::<Record, _>(open(path)?) {
        checksum.add(&record.map_err(|e| e.to_string())?);
    }
    Ok(checksum)
}

/// struson's pull reader over the file: `begin_array`, `has_next`/`deserialize_next`.
fn struson_array_loop(path: &Path) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    let mut reader = JsonStreamReader::new(open(path)?);
    reader.begin_array().map_err(|e| e.to_string())?;
    while reader.has_next().map_err(|e| e.to_string())? {
        let record: Record = reader.deserialize_next().map_err(|e| e.to_string())?;
        checksum.add(&record);
    }
    reader.end_array().map_err(|e| e.to_string())?;
    reader
        .consume_trailing_whitespace()
        .map_err(|e| e.to_string())?;
    Ok(checksum)
}

/// Checks the value `result` of `variant` against the reference reader's; false when the
/// variant cannot be timed.
///
/// A failure is reported and the variant is skipped; a different value is reported with where
/// and how much it differs, and the variant is still timed (struson's floats in `canada.json`
/// are 1 ULP away from serde_json's default ones in about a tenth of the numbers).
pub fn check<T: PartialEq + Serialize>(
    group: &str,
    variant: &str,
    result: Result<T, String>,
    reference: &T,
) -> bool {
    checked(group, variant, result, reference, |value, reference| {
        let as_value = |v: &T| serde_json::to_value(v).unwrap_or_else(|e| e.to_string().into());
        let how = difference::describe(&as_value(value), &as_value(reference));
        let how = how.unwrap_or_else(|| "equal as JSON values, not as Rust values".to_owned());
        format!("value differs from {REFERENCE}'s: {how}")
    })
}

/// Checks the checksum `result` of the streaming reader `variant` against the records
/// written; false when the variant cannot be timed (as [`check`]).
pub fn check_checksum(
    group: &str,
    variant: &str,
    result: Result<Checksum, String>,
    reference: &Checksum,
) -> bool {
    checked(group, variant, result, reference, |value, reference| {
        format!("checksum {value:?} differs from the records written: {reference:?}")
    })
}

fn checked<T: PartialEq>(
    group: &str,
    variant: &str,
    result: Result<T, String>,
    reference: &T,
    describe: impl FnOnce(&T, &T) -> String,
) -> bool {
    match result {
        Err(e) => {
            eprintln!("{group}/{variant}: FAILED, not timed: {e}");
            false
        }
        Ok(value) => {
            if &value != reference {
                eprintln!("{group}/{variant}: {}", describe(&value, reference));
            }
            true
        }
    }
}
