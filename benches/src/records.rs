//! A large generated JSON array of flat records, the design's "iterate records" job.
//!
//! [`write_records`] writes `[{"id":0,"name":…,"email":…,"score":…,"tags":[…],"active":…},
//! …]` deterministically (same bytes for the same count on every machine), one record per
//! line; [`write_lines`] writes the same records as JSON Lines. Names are mostly ASCII; some are non-ASCII and a few need escapes (`"`), so string
//! handling is not only the fast path.

use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::temp_file::TempFile;

/// Default number of records in the bench document (about 27 MB of JSON).
pub const DEFAULT_RECORDS: u64 = 200_000;

/// Environment variable overriding the number of generated records.
pub const RECORDS_ENV: &str = "JSONSTREAM_BENCH_RECORDS";

/// Seed of the generator of [`write_records`] and [`generate`].
const SEED: u64 = 0x5EED_0001_C0FF_EE00;

/// Number of records to generate: `$JSONSTREAM_BENCH_RECORDS` (underscores allowed) or
/// [`DEFAULT_RECORDS`].
///
/// # Panics
///
/// If the variable is set and is not a count.
pub fn records_count() -> u64 {
    match std::env::var(RECORDS_ENV) {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .expect("JSONSTREAM_BENCH_RECORDS: a count"),
        Err(_) => DEFAULT_RECORDS,
    }
}

/// One element of the generated array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Sequence number, `0..count`.
    pub id: u64,
    /// Person name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// A decimal score with up to three fraction digits.
    pub score: f64,
    /// Zero to four tags.
    pub tags: Vec<String>,
    /// A flag.
    pub active: bool,
}

const FIRST: &[&str] = &[
    "Ada", "Alan", "Barbara", "Claude", "Dennis", "Edsger", "Frances", "Grace", "Hedy", "Ivan",
    "John", "Ken", "Linus", "Margaret", "Niklaus", "Radia", "José", "Zoë", "Łukasz", "Søren",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Turing",
    "Liskov",
    "Shannon",
    "Ritchie",
    "Dijkstra",
    "Allen",
    "Hopper",
    "Lamarr",
    "Sutherland",
    "McCarthy",
    "Thompson",
    "Torvalds",
    "Hamilton",
    "Wirth",
    "Perlman",
    "Müller",
    "O'Brien",
    "Nakamura 中村",
    "Ångström",
];
const TAGS: &[&str] = &[
    "admin", "beta", "customer", "dev", "eu", "us", "apac", "gold", "silver", "bronze", "trial",
    "churned", "vip", "mobile", "desktop", "api",
];

/// Deterministic xorshift64* generator (no dependency, same sequence everywhere).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator with the given non-zero seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The record number `id` drawn from `rng`.
pub fn make_record(id: u64, rng: &mut Rng) -> Record {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let name = if rng.below(64) == 0 {
        format!("{first} \"{}\" {last}", rng.pick(TAGS))
    } else {
        format!("{first} {last}")
    };
    let email = format!(
        "{}.{}{id}@example.com",
        first.to_ascii_lowercase(),
        rng.pick(&LAST[..16]).to_ascii_lowercase()
    );
    let score = rng.below(10_000_000) as f64 / 1000.0;
    let tag_count = rng.below(5);
    let tags = (0..tag_count).map(|_| rng.pick(TAGS).to_owned()).collect();
    let active = rng.below(3) != 0;
    Record {
        id,
        name,
        email,
        score,
        tags,
        active,
    }
}

/// Order-dependent summary of a sequence of records, to check that a reader saw exactly what
/// was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checksum {
    /// Number of records folded in.
    pub count: u64,
    /// Running hash of every field.
    pub hash: u64,
}

impl Checksum {
    /// Folds `record` into the checksum.
    pub fn add(&mut self, record: &Record) {
        let mut h = self.hash ^ self.count.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x0000_0100_0000_01B3);
        mix(record.id);
        record.name.bytes().for_each(|b| mix(u64::from(b)));
        record.email.bytes().for_each(|b| mix(u64::from(b)));
        mix(record.score.to_bits());
        for tag in &record.tags {
            tag.bytes().for_each(|b| mix(u64::from(b)));
            mix(0xFF);
        }
        mix(u64::from(record.active));
        self.hash = h;
        self.count += 1;
    }
}

/// Writes a JSON array of `count` records into `out`; returns their checksum.
pub fn write_records<W: Write>(mut out: W, count: u64) -> io::Result<Checksum> {
    let mut rng = Rng::new(SEED);
    let mut checksum = Checksum::default();
    out.write_all(b"[")?;
    for id in 0..count {
        let record = make_record(id, &mut rng);
        out.write_all(if id == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &record)?;
        checksum.add(&record);
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(checksum)
}

/// The `count` records of [`write_records`], in memory (the same values, in the same order).
pub fn generate(count: u64) -> Vec<Record> {
    let mut rng = Rng::new(SEED);
    (0..count).map(|id| make_record(id, &mut rng)).collect()
}

/// Writes `count` records as JSON Lines (NDJSON) into `out`, one record and `\n` per line, the
/// records of [`write_records`]; returns their checksum.
pub fn write_lines<W: Write>(mut out: W, count: u64) -> io::Result<Checksum> {
    let mut rng = Rng::new(SEED);
    let mut checksum = Checksum::default();
    for id in 0..count {
        let record = make_record(id, &mut rng);
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
        checksum.add(&record);
    }
    out.flush()?;
    Ok(checksum)
}

/// A generated records document in a temporary file, removed on drop.
#[derive(Debug)]
pub struct TempRecords {
    file: TempFile,
    /// Number of records in the file.
    pub count: u64,
    /// Size of the file in bytes.
    pub len: u64,
    /// Checksum of the records in the file.
    pub checksum: Checksum,
}

impl TempRecords {
    /// Generates `count` records into a new file in the system temporary folder.
    pub fn create(count: u64) -> io::Result<Self> {
        Self::create_with(count, "json", |out, count| write_records(out, count))
    }

    /// Generates `count` records as JSON Lines ([`write_lines`]) into a new file in the system
    /// temporary folder.
    pub fn create_lines(count: u64) -> io::Result<Self> {
        Self::create_with(count, "ndjson", |out, count| write_lines(out, count))
    }

    fn create_with(
        count: u64,
        extension: &str,
        write: fn(&mut BufWriter<File>, u64) -> io::Result<Checksum>,
    ) -> io::Result<Self> {
        let (file, mut out) = TempFile::create(&format!("records-{count}.{extension}"))?;
        let checksum = write(&mut out, count)?;
        drop(out.into_inner().map_err(|e| e.into_error())?);
        let len = std::fs::metadata(file.path())?.len();
        Ok(TempRecords {
            file,
            count,
            len,
            checksum,
        })
    }

    /// Path of the file.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}
