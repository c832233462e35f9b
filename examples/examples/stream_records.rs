//! The main job: iterate the records of a JSON array far larger than memory should hold.
//!
//! Generates a JSON array of records (default 1,000,000, about 130 MB) into a temporary
//! file, streams it back one typed record at a time with
//! `jsonstream::stream::<Record, _>(File::open(path)?)`, checks that every record came back
//! (count and an order-dependent checksum), and prints the throughput and the peak resident
//! memory of the process, which stays small whatever the number of records.
//!
//! ```text
//! cargo run --release -p jsonstream-examples --example stream_records -- --records 5000000
//! ```

use jsonstream_examples::cli::{self, Opt};
use jsonstream_examples::mem::{self, mb, mib};
use jsonstream_examples::TempDir;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// One element of the array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: u64,
    name: String,
    email: String,
    score: f64,
    tags: Vec<String>,
    active: bool,
}

const DEFAULT_RECORDS: u64 = 1_000_000;
const NAMES: &[&str] = &[
    "Ada Lovelace",
    "Alan Turing",
    "Barbara Liskov",
    "Claude Shannon",
    "Grace Hopper",
    "Edsger Dijkstra",
    "José Martí",
    "Zoë \"Z\" Müller",
];
const TAGS: &[&str] = &[
    "admin", "beta", "customer", "eu", "us", "gold", "trial", "api",
];

/// The record number `id`: a pure function of `id`, so that writer and reader agree.
fn make_record(id: u64) -> Record {
    let h = id.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let name = NAMES[(h % NAMES.len() as u64) as usize];
    Record {
        id,
        name: name.to_owned(),
        email: format!("user{id}@example.com"),
        score: (h >> 20) as f64 % 1_000_000.0 / 100.0,
        tags: (0..h % 4)
            .map(|i| TAGS[((h >> (8 * i)) % TAGS.len() as u64) as usize].to_owned())
            .collect(),
        active: h & 0b11 != 0,
    }
}

/// Order-dependent FNV-style summary of the records seen.
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
        r.name
            .bytes()
            .chain(r.email.bytes())
            .for_each(|b| mix(u64::from(b)));
        mix(r.score.to_bits());
        for tag in &r.tags {
            tag.bytes().for_each(|b| mix(u64::from(b)));
            mix(0xFF);
        }
        mix(u64::from(r.active));
        self.hash = h;
        self.count += 1;
    }
}

/// Writes `[rec, rec, …]` with a plain `io::Write` loop, one record at a time.
fn write_records(path: &Path, count: u64) -> io::Result<Checksum> {
    let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
    let mut checksum = Checksum::default();
    out.write_all(b"[")?;
    for id in 0..count {
        let record = make_record(id);
        out.write_all(if id == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &record)?;
        checksum.add(&record);
    }
    out.write_all(b"\n]\n")?;
    out.into_inner().map_err(|e| e.into_error())?;
    Ok(checksum)
}

/// Streams the array back: memory holds one record at a time, never the file.
fn read_records(path: &Path) -> io::Result<Checksum> {
    let mut checksum = Checksum::default();
    for record in jsonstream::stream::<Record, _>(File::open(path)?) {
        checksum.add(&record?);
    }
    Ok(checksum)
}

fn per_second(amount: f64, elapsed: Duration) -> f64 {
    amount / elapsed.as_secs_f64().max(1e-9)
}

fn run(count: u64) -> io::Result<bool> {
    let dir = TempDir::new("stream-records")?;
    let path = dir.join("records.json");

    let start = Instant::now();
    let written = write_records(&path, count)?;
    let write_time = start.elapsed();
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "wrote    {count} records, {:.1} MB in {:.3} s ({:.1} MB/s) to {}",
        mb(bytes),
        write_time.as_secs_f64(),
        per_second(mb(bytes), write_time),
        path.display()
    );

    let start = Instant::now();
    let read = read_records(&path)?;
    let read_time = start.elapsed();
    println!(
        "streamed {} records, {:.1} MB in {:.3} s: {:.0} records/s, {:.1} MB/s",
        read.count,
        mb(bytes),
        read_time.as_secs_f64(),
        per_second(read.count as f64, read_time),
        per_second(mb(bytes), read_time)
    );

    let ok = read == written;
    if ok {
        println!("checksum ok: {} records, {:#018x}", read.count, read.hash);
    } else {
        eprintln!(
            "checksum MISMATCH: wrote {} records ({:#018x}), read {} ({:#018x})",
            written.count, written.hash, read.count, read.hash
        );
    }
    println!(
        "peak RSS (VmHWM): {}",
        mem::status_kib("VmHWM:").map_or_else(|| "n/a".to_owned(), |kib| mib(kib * 1024))
    );
    Ok(ok)
}

fn main() -> ExitCode {
    let mut count = DEFAULT_RECORDS;
    let usage = format!("usage: stream_records [--records N]   (default {DEFAULT_RECORDS})");
    if let Err(stop) = cli::parse(&usage, &mut [Opt::Value("--records", &mut count)]) {
        return stop.exit("stream_records");
    }
    cli::exit("stream_records", run(count).map_err(Into::into))
}
