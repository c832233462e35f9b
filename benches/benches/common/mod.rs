//! The readers under test, shared by the `read` (criterion) and `read_interleaved` benches.

pub use jsonstream_benches::records::records_count;
use jsonstream_benches::records::{Checksum, Record};
use serde::de::DeserializeOwned;
use std::fmt::Debug;
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

/// Reads one value: from the file at the path, or from the bytes already in memory.
pub type Loader<T> = fn(&Path, &[u8]) -> Result<T, String>;

/// Reads a records file one record at a time, folding each into a checksum.
pub type Streamer = fn(&Path) -> Result<Checksum, String>;

fn open(path: &Path) -> Result<File, String> {
    File::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The one-shot readers of a whole document, in the order they appear in the reports.
pub fn one_shot<T: DeserializeOwned>() -> Vec<(&'static str, Loader<T>)> {
    vec![
        ("serde_json::from_slice", |_, bytes| {
            serde_json::from_slice(bytes).map_err(|e| e.to_string())
        }),
        ("serde_json::from_reader(BufReader<File>)", |path, _| {
            serde_json::from_reader(BufReader::new(open(path)?)).map_err(|e| e.to_string())
        }),
        ("struson::deserialize_next(File)", |path, _| {
            let mut reader = JsonStreamReader::new(open(path)?);
            let value = reader.deserialize_next().map_err(|e| e.to_string())?;
            reader
                .consume_trailing_whitespace()
                .map_err(|e| e.to_string())?;
            Ok(value)
        }),
        ("jsonstream::from_reader(File)", |path, _| {
            jsonstream::from_reader(open(path)?).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_slice", |_, bytes| {
            jsonstream::from_slice(bytes).map_err(|e| e.to_string())
        }),
    ]
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

/// Checks `result` of `variant` against `reference`; false when the variant cannot be timed.
///
/// A failure is reported and the variant is skipped; a different value is reported and the
/// variant is still timed (struson's floats in `canada.json` are 1 ULP away from
/// serde_json's in about a tenth of the numbers).
pub fn check<T: PartialEq + Debug>(
    group: &str,
    variant: &str,
    result: Result<T, String>,
    reference: &T,
) -> bool {
    match result {
        Err(e) => {
            eprintln!("{group}/{variant}: FAILED, not timed: {e}");
            false
        }
        Ok(value) => {
            if &value != reference {
                eprintln!("{group}/{variant}: value differs from serde_json::from_slice's");
            }
            true
        }
    }
}
