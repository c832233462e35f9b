//! A typed import of a large CSV file into a JSON array, in bounded memory, that
//! reports bad rows by line number and goes on.
//!
//! 1. **generate**: a CSV file of 1,000,000 data rows (`--rows N`) in a temporary directory,
//!    with quoted fields (commas, quotes, a line break), empty optional fields, and a few
//!    deliberately bad rows: a missing field, an extra field, an unparsable integer, a decimal
//!    comma, an unparsable boolean, an empty required field. The generator keeps the
//!    checksum of the good records and the line of each bad row, for the check.
//! 2. **import**: the `csv` crate reads one record at a time into a reused buffer and
//!    deserializes it as a typed [`Record`] (serde); good records are pushed into a
//!    [`jsonstream::ArrayWriter`] over a file written under a temporary name and renamed only
//!    when the array is complete ([`FileSink`]); bad rows are reported with their line
//!    number (the line where the record starts) and the import goes on. A report is written
//!    next to the output with `#[derive(Dump)]`: counts, checksum and the rejected rows.
//! 3. **validate**: `jsonstream::stream::<Record, _>` reads the array back one record at a
//!    time (count and checksum), and the report is loaded back (`#[derive(Load)]`); both are
//!    compared with what the generator wrote. Exit code 1 on any mismatch.
//!
//! Each phase prints rows/s, MB/s and its peak resident memory, which does not grow with the
//! number of rows.
//!
//! ```text
//! cargo run --release -p jsonstream-examples --example csv_import -- --rows 5_000_000
//! ```
//!
//! Options: `--rows N` (data rows, default 1,000,000), `--keep` (leave the CSV, JSON and
//! report files in a directory and print its path).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jsonstream::blob::{BlobSink, FileSink};
use jsonstream::{ArrayWriter, Dump, Load};
use jsonstream_examples::cli::{self, Opt};
use jsonstream_examples::mem::{self, mb, mib, Measured};
use jsonstream_examples::{BoxError, TempDir};
use serde::{Deserialize, Serialize};

/// One row: typed, with required and optional fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: u64,
    /// Required: not blank ([`Record::blank_field`]).
    name: String,
    /// Required: not blank.
    email: String,
    /// Empty in the CSV: `None` (`null` in the JSON).
    country: Option<String>,
    amount: f64,
    quantity: u32,
    active: bool,
}

const HEADER: [&str; 7] = [
    "id", "name", "email", "country", "amount", "quantity", "active",
];

impl Record {
    /// The first required field that is blank, if any. (Checked after deserializing: an
    /// error raised inside a `deserialize_with` function reaches `csv` without the field's
    /// index, so the report could not name the field.)
    fn blank_field(&self) -> Option<&'static str> {
        [("name", &self.name), ("email", &self.email)]
            .into_iter()
            .find(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| field)
    }
}

/// A rejected row: where it starts in the CSV, which field (if one), and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BadRow {
    line: u64,
    field: Option<String>,
    reason: String,
}

/// The import's report, written next to its output. `rejected` is any sequence of bad rows
/// when dumped (here the rows borrowed from the importer), a collection when loaded.
#[derive(Dump, Load)]
struct ImportReport<R> {
    source: String,
    output: String,
    rows: u64,
    imported: u64,
    checksum: String,
    #[jsonstream(seq)]
    rejected: R,
}

// ---------------------------------------------------------------------------------------
// The data: row `i` is a pure function of `i`, so that the generator knows what to expect.

const NAMES: &[&str] = &[
    "Ada Lovelace",
    "Alan Turing",
    "O'Brien, Pat",
    "Zoë \"Z\" Müller",
    "José Martí",
    "Grace Hopper",
    "李小龙",
    "Edsger W. Dijkstra",
];
const COUNTRIES: &[&str] = &["", "FR", "DE", "US", "JP", "BR", "", "NG"];

fn hash(i: u64) -> u64 {
    let mut z = i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^ (z >> 31)
}

/// The row whose name has a line break: the rows after it start one line further down.
fn multiline_row(rows: u64) -> u64 {
    rows / 3
}

/// The good record of row `i`.
fn make_record(i: u64, rows: u64) -> Record {
    let h = hash(i);
    let name = if i == multiline_row(rows) {
        "Line\nBreak & Sons".to_owned()
    } else {
        NAMES[(h % NAMES.len() as u64) as usize].to_owned()
    };
    let country = COUNTRIES[((h >> 8) % COUNTRIES.len() as u64) as usize];
    let cents = (h >> 16) % 10_000_000;
    Record {
        id: i + 1,
        name,
        email: format!("user{}@example.com", i + 1),
        country: (!country.is_empty()).then(|| country.to_owned()),
        amount: cents as f64 / 100.0,
        quantity: ((h >> 40) % 500) as u32,
        active: h & 1 == 1,
    }
}

/// The fields of a good row as CSV text (the amount from its cents, exactly).
fn fields(r: &Record) -> [String; 7] {
    let cents = (r.amount * 100.0).round() as u64;
    [
        r.id.to_string(),
        r.name.clone(),
        r.email.clone(),
        r.country.clone().unwrap_or_default(),
        format!("{}.{:02}", cents / 100, cents % 100),
        r.quantity.to_string(),
        r.active.to_string(),
    ]
}

/// The kinds of bad rows, and the field each one breaks (`None`: the row's shape).
const BAD_KINDS: [(&str, Option<&str>); 7] = [
    ("missing field", None),
    ("unparsable integer", Some("quantity")),
    ("empty required field", Some("email")),
    ("extra field", None),
    ("decimal comma", Some("amount")),
    ("unparsable boolean", Some("active")),
    ("blank required field", Some("name")),
];

/// Which kind of bad row row `i` is, if any: one of each kind, spread over the file.
fn bad_kind(i: u64, rows: u64) -> Option<usize> {
    let n = BAD_KINDS.len() as u64;
    (0..n)
        .find(|&k| i == (k + 1) * rows / (n + 1) && i != multiline_row(rows))
        .map(|k| k as usize)
}

/// Breaks the fields of a good row as the bad kind `kind` says.
fn break_row(mut row: Vec<String>, kind: usize) -> Vec<String> {
    match kind {
        0 => {
            row.pop();
        }
        1 => row[5] = "3O".to_owned(),
        2 => row[2] = String::new(),
        3 => row.push("surplus".to_owned()),
        4 => row[4] = row[4].replace('.', ","),
        5 => row[6] = "yes".to_owned(),
        _ => row[1] = "   ".to_owned(),
    }
    row
}

/// Order-dependent FNV-style summary of records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Checksum {
    count: u64,
    hash: u64,
}

impl Checksum {
    fn add(&mut self, r: &Record) {
        let mut h = self.hash ^ self.count;
        let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x0000_0100_0000_01B3);
        mix(r.id);
        for text in [&r.name, &r.email, r.country.as_deref().unwrap_or("\u{0}")] {
            text.bytes().for_each(|b| mix(u64::from(b)));
            mix(0xFF);
        }
        mix(r.amount.to_bits());
        mix(u64::from(r.quantity));
        mix(u64::from(r.active));
        self.hash = h;
        self.count += 1;
    }
}

impl std::fmt::Display for Checksum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} records, {:016x}", self.count, self.hash)
    }
}

/// What the generator wrote: the good records' checksum and the bad rows' lines and fields.
struct Generated {
    bytes: u64,
    good: Checksum,
    bad: Vec<(u64, Option<String>)>,
}

/// Writes the CSV file: a header, then `rows` data rows, some of them bad.
fn generate(path: &Path, rows: u64) -> Result<Generated, BoxError> {
    let file = BufWriter::with_capacity(1 << 16, File::create(path)?);
    // Flexible: the bad rows have too few or too many fields.
    let mut csv = csv::WriterBuilder::new().flexible(true).from_writer(file);
    csv.write_record(HEADER)?;
    let (mut line, mut good, mut bad) = (2, Checksum::default(), Vec::new());
    for i in 0..rows {
        let record = make_record(i, rows);
        let row = fields(&record);
        let lines = 1 + row
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        match bad_kind(i, rows) {
            Some(kind) => {
                csv.write_record(break_row(row.to_vec(), kind))?;
                bad.push((line, BAD_KINDS[kind].1.map(str::to_owned)));
            }
            None => {
                csv.write_record(&row)?;
                good.add(&record);
            }
        }
        line += lines;
    }
    csv.into_inner()
        .map_err(|e| e.into_error())?
        .into_inner()
        .map_err(|e| e.into_error())?;
    Ok(Generated {
        bytes: fs::metadata(path)?.len(),
        good,
        bad,
    })
}

// ---------------------------------------------------------------------------------------
// The import.

/// What the import did.
struct Imported {
    rows: u64,
    good: Checksum,
    rejected: Vec<BadRow>,
}

/// How many bad rows are printed as they are found (all are in the report).
const SHOWN: usize = 10;

/// Imports the CSV at `source` into a JSON array at `output`, and writes the report at
/// `report`. Bad rows are reported and skipped; an I/O error (or a file whose header is not
/// the expected one) stops the import, leaving no output file.
fn import(source: &Path, output: &Path, report: &Path) -> Result<Imported, BoxError> {
    let mut csv = csv::ReaderBuilder::new().from_path(source)?;
    let header = csv.byte_headers()?.clone();
    if header.iter().ne(HEADER.iter().map(|h| h.as_bytes())) {
        return Err(format!(
            "{}: unexpected header {:?}, expected {}",
            source.display(),
            String::from_utf8_lossy(header.as_slice()),
            HEADER.join(",")
        )
        .into());
    }
    let mut records = ArrayWriter::new(FileSink::create(output)?);
    let mut imported = Imported {
        rows: 0,
        good: Checksum::default(),
        rejected: Vec::new(),
    };
    let mut row = csv::ByteRecord::new();
    loop {
        let bad = match csv.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => match row.deserialize::<Record>(Some(&header)) {
                Ok(record) => match record.blank_field() {
                    None => {
                        records.push(&record)?;
                        imported.good.add(&record);
                        None
                    }
                    Some(field) => Some(BadRow {
                        line: row.position().map_or(0, csv::Position::line),
                        field: Some(field.to_owned()),
                        reason: "required value is blank".to_owned(),
                    }),
                },
                Err(e) => Some(bad_row(&e, &header, &row)),
            },
            Err(e) if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) => {
                Some(bad_row(&e, &header, &row))
            }
            Err(e) => return Err(e.into()),
        };
        imported.rows += 1;
        if let Some(bad) = bad {
            if imported.rejected.len() < SHOWN {
                let field = bad.field.as_deref().map(|f| format!("field `{f}`: "));
                println!(
                    "  line {}: {}{}",
                    bad.line,
                    field.unwrap_or_default(),
                    bad.reason
                );
            }
            imported.rejected.push(bad);
        }
    }
    // Complete the array, then rename the file: only a complete output has its name.
    records.finish()?.finish()?;

    let summary = ImportReport {
        source: file_name(source),
        output: file_name(output),
        rows: imported.rows,
        imported: imported.good.count,
        checksum: format!("{:016x}", imported.good.hash),
        rejected: &imported.rejected,
    };
    let mut file = FileSink::create(report)?;
    jsonstream::dump_pretty(summary, &mut file)?;
    file.finish()?;
    Ok(imported)
}

/// The file name of `path` (the report sits next to the files it names).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The report of a row that `err` rejected.
fn bad_row(err: &csv::Error, header: &csv::ByteRecord, row: &csv::ByteRecord) -> BadRow {
    let line = err
        .position()
        .or(row.position())
        .map_or(0, csv::Position::line);
    let (field, reason) = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (None, format!("expected {expected_len} fields, found {len}")),
        csv::ErrorKind::Deserialize { err, .. } => {
            let index = err.field().and_then(|i| usize::try_from(i).ok());
            let name = index.and_then(|i| header.get(i));
            let value = index.and_then(|i| row.get(i));
            let reason = match value {
                Some(value) => format!(
                    "{} (value {:?})",
                    err.kind(),
                    String::from_utf8_lossy(value)
                ),
                None => err.kind().to_string(),
            };
            (
                name.map(|n| String::from_utf8_lossy(n).into_owned()),
                reason,
            )
        }
        _ => (None, err.to_string()),
    };
    BadRow {
        line,
        field,
        reason,
    }
}

// ---------------------------------------------------------------------------------------
// The check.

/// Reads the array back one record at a time, and the report.
fn validate(
    output: &Path,
    report: &Path,
) -> Result<(Checksum, ImportReport<Vec<BadRow>>), BoxError> {
    let mut read = Checksum::default();
    for record in jsonstream::stream::<Record, _>(File::open(output)?) {
        read.add(&record?);
    }
    let report = jsonstream::load(File::open(report)?)?;
    Ok((read, report))
}

fn report<T>(phase: &str, measured: &Measured<T>, rows: u64, bytes: u64, what: &str) {
    println!(
        "{phase:<9} {:>7.3} s   {:>5.2} M rows/s   {:>6.1} MB/s   {}   ({what})",
        measured.elapsed.as_secs_f64(),
        measured.per_second(rows as f64) / 1e6,
        measured.per_second(mb(bytes)),
        measured.memory(),
    );
}

fn check(label: &str, ok: bool, failures: &mut u32) {
    if !ok {
        eprintln!("check failed: {label}");
        *failures += 1;
    }
}

struct Args {
    rows: u64,
    keep: bool,
}

fn run(args: &Args) -> Result<bool, BoxError> {
    let dir = TempDir::new("csv-import")?;
    let (source, output, report_path) = (
        dir.join("orders.csv"),
        dir.join("orders.json"),
        dir.join("orders.report.json"),
    );
    println!("import {} CSV rows into a JSON array", args.rows);

    let generated = mem::measure(|| generate(&source, args.rows))?;
    let csv_bytes = generated.value.bytes;
    report("generate", &generated, args.rows, csv_bytes, "CSV written");

    println!("import: bad rows (line: field: reason)");
    let imported = mem::measure(|| import(&source, &output, &report_path))?;
    let json_bytes = fs::metadata(&output)?.len();
    report(
        "import",
        &imported,
        imported.value.rows,
        csv_bytes,
        "CSV read",
    );

    let validated = mem::measure(|| validate(&output, &report_path))?;
    let (read, loaded_report) = &validated.value;
    report(
        "validate",
        &validated,
        read.count,
        json_bytes,
        "JSON streamed",
    );

    let (expected, imported) = (&generated.value, &imported.value);
    println!(
        "files: CSV {} ({csv_bytes} bytes); JSON {} ({json_bytes} bytes); report {} bytes",
        mib(csv_bytes),
        mib(json_bytes),
        fs::metadata(&report_path)?.len()
    );
    println!(
        "rows: {} read, {} imported, {} rejected",
        imported.rows,
        imported.good.count,
        imported.rejected.len()
    );
    println!("checksum: generated {}", expected.good);
    println!("          imported  {}", imported.good);
    println!("          read back {read}");

    let mut failures = 0;
    check(
        "every row was read",
        imported.rows == args.rows,
        &mut failures,
    );
    check(
        "the imported records are the generated good ones",
        imported.good == expected.good,
        &mut failures,
    );
    check(
        "the JSON array reads back as the imported records",
        *read == imported.good,
        &mut failures,
    );
    let rejected: Vec<(u64, Option<String>)> = imported
        .rejected
        .iter()
        .map(|bad| (bad.line, bad.field.clone()))
        .collect();
    check(
        "the rejected rows are the generated bad ones (lines and fields)",
        rejected == expected.bad,
        &mut failures,
    );
    check(
        "the report loads back as written",
        loaded_report.rows == imported.rows
            && loaded_report.imported == imported.good.count
            && loaded_report.checksum == format!("{:016x}", imported.good.hash)
            && loaded_report.rejected == imported.rejected,
        &mut failures,
    );
    println!(
        "peak RSS of the whole run (largest phase peak): {}",
        mib(mem::run_peak_bytes())
    );
    if args.keep {
        let kept = std::env::temp_dir().join("jsonstream-csv-import");
        keep(dir.path(), &kept)?;
        println!("kept the files in {}", kept.display());
    }
    if failures == 0 {
        println!("verify: ok");
    } else {
        println!("verify: {failures} checks failed");
    }
    Ok(failures == 0)
}

/// Moves the files of `dir` into `kept` (created if needed).
fn keep(dir: &Path, kept: &PathBuf) -> io::Result<()> {
    fs::create_dir_all(kept)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let to = kept.join(entry.file_name());
        fs::rename(entry.path(), &to).or_else(|_| fs::copy(entry.path(), &to).map(drop))?;
    }
    io::stdout().flush()
}

fn main() -> ExitCode {
    let mut args = Args {
        rows: 1_000_000,
        keep: false,
    };
    let usage = "usage: csv_import [--rows N (default 1_000_000)] [--keep]";
    let options = &mut [
        Opt::Value("--rows", &mut args.rows),
        Opt::Switch("--keep", &mut args.keep),
    ];
    if let Err(stop) = cli::parse(usage, options) {
        return stop.exit("csv_import");
    }
    cli::exit("csv_import", run(&args))
}
