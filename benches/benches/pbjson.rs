//! PBJSON benches: `jsonstream::pbjson` against serde_json, MessagePack (`rmp_serde`), CBOR
//! (`ciborium`) and the Python reference (the package `pbjson` with its C speedups), side by
//! side in one run.
//!
//! Inputs, each as a typed Rust value (serde derives, `benches/src/`):
//!
//! * `records`: `$JSONSTREAM_BENCH_RECORDS` (default 200,000) generated records, the values of
//!   the `read` bench's records document (`Vec<Record>`);
//! * `canada`, `citm_catalog`, `twitter`: the json-benchmark documents, read once with
//!   serde_json into their typed models (groups whose document is missing are skipped).
//!
//! Groups, one pair per input; throughput is in bytes of the input's compact JSON (as
//! `serde_json::to_vec` writes it), the same yardstick for every format:
//!
//! * `pbjson_encode/<input>`: `jsonstream::pbjson::to_vec(&value)`, `serde_json::to_vec`,
//!   `rmp_serde::to_vec_named` (structs as maps with their field names, like JSON),
//!   `ciborium::into_writer` into a `Vec` (with the same 128-byte initial capacity as the
//!   others' `to_vec`), and the reference's `pbjson.dumps`;
//! * `pbjson_decode/<input>`: `jsonstream::pbjson::from_slice::<T>`, `serde_json::from_slice`,
//!   `rmp_serde::from_slice`, `ciborium::from_reader(&bytes[..])`, each on its own format's
//!   encoding of the value, and the reference's `pbjson.loads` (into Python objects), with
//!   Python's garbage collector on (as a program has it) and off (the decoder's own cost: the
//!   collections that its allocations trigger cost more than the decoding on large inputs);
//!   and, as the floor of every Rust decoder, the value cloned and dropped (`T::clone`): the
//!   same allocations and copies of strings, nothing read (a decoder also grows its `Vec`s,
//!   which the clone sizes exactly, so the floor is a little below what any decoder can reach).
//!
//! Every Rust result is dropped inside the timed loop; so is every Python one.
//!
//! Before the groups run, the bench prints the encoded size of each input in each format (a
//! Markdown table), and checks each decoder once: one that fails is reported and not timed, one
//! whose value differs from the input is reported and still timed (serde_json's default float
//! parser is 1 ULP off on some of canada's numbers).
//!
//! The reference runs when `$PBJSON_PYTHON` names a Python interpreter that has the `pbjson`
//! package (e.g. `/work/pbvenv/bin/python`); otherwise its contenders are skipped with a notice.
//! The bench writes each input's compact JSON to a temporary folder and starts
//! `benches/python/pbjson_reference.py --serve` on those files once; the script `json.load`s
//! them, refuses to run without the C speedups, and times `ITERS` calls of `dumps` or `loads`
//! on request with `time.perf_counter_ns` (criterion's `iter_custom`), so the reference is
//! measured in the same run and the same way as the Rust contenders, without process start-up.
//! Its encoding of each input is compared once with `jsonstream::pbjson::to_vec`'s bytes.
//!
//! ```text
//! PBJSON_PYTHON=/work/pbvenv/bin/python cargo bench -p jsonstream-benches --bench pbjson
//! cargo bench -p jsonstream-benches --bench pbjson -- records        # some groups
//! cargo bench -p jsonstream-benches --bench pbjson -- --measurement-time 2 --warm-up-time 1
//! ```
//!
//! Without `--bench` on its command line (as under `cargo test --benches`) it generates at most
//! 1,000 records, as a smoke test.

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{self, Record};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::ffi::OsString;
use std::fmt::Debug;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

/// Environment variable naming the Python interpreter of the reference.
const PYTHON_ENV: &str = "PBJSON_PYTHON";

/// The reference's timing script.
const REFERENCE_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/pbjson_reference.py");

/// Name of the reference's contenders.
const REFERENCE_DUMPS: &str = "python pbjson.dumps (C speedups)";
const REFERENCE_LOADS: &str = "python pbjson.loads (C speedups)";
const REFERENCE_LOADS_NO_GC: &str = "python pbjson.loads, gc off (C speedups)";

/// Name of the decoders' floor: the value cloned and dropped, the same allocations without
/// reading anything.
const ALLOCATION_FLOOR: &str = "floor: clone of the value (no reading)";

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

fn new_group<'a>(c: &'a mut Criterion, name: &str, len: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(len));
    // Each iteration encodes or decodes a whole input: milliseconds to a quarter of a second.
    group.sampling_mode(SamplingMode::Flat);
    group
}

/// `value` as CBOR, into a `Vec` of the same initial capacity as the others' `to_vec`.
fn cbor_to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    ciborium::into_writer(value, &mut out).expect("ciborium::into_writer");
    out
}

/// One input, and its encoding in each format.
struct Input<T> {
    name: &'static str,
    value: T,
    json: Vec<u8>,
    pbjson: Vec<u8>,
    msgpack: Vec<u8>,
    cbor: Vec<u8>,
}

impl<T: Serialize> Input<T> {
    fn new(name: &'static str, value: T) -> Self {
        Input {
            name,
            json: serde_json::to_vec(&value).expect("serde_json::to_vec"),
            pbjson: jsonstream::pbjson::to_vec(&value).expect("jsonstream::pbjson::to_vec"),
            msgpack: rmp_serde::to_vec_named(&value).expect("rmp_serde::to_vec_named"),
            cbor: cbor_to_vec(&value),
            value,
        }
    }
}

/// An input of any type, as the bench uses it.
trait Case {
    fn name(&self) -> &'static str;
    fn json(&self) -> &[u8];
    fn pbjson(&self) -> &[u8];
    /// Sizes of the encodings: JSON, PBJSON, MessagePack, CBOR.
    fn sizes(&self) -> [usize; 4];
    fn encode_group(&self, c: &mut Criterion, reference: Option<&mut Reference>);
    fn decode_group(&self, c: &mut Criterion, reference: Option<&mut Reference>);
}

/// Checks a decoder's `result` against the input; false when it cannot be timed.
fn check<T: PartialEq>(group: &str, variant: &str, result: Result<T, String>, input: &T) -> bool {
    match result {
        Err(e) => {
            eprintln!("{group}/{variant}: FAILED, not timed: {e}");
            false
        }
        Ok(value) => {
            if &value != input {
                eprintln!("{group}/{variant}: value differs from the input (timed all the same)");
            }
            true
        }
    }
}

impl<T: Serialize + DeserializeOwned + Clone + PartialEq + Debug> Case for Input<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn json(&self) -> &[u8] {
        &self.json
    }

    fn pbjson(&self) -> &[u8] {
        &self.pbjson
    }

    fn sizes(&self) -> [usize; 4] {
        [
            self.json.len(),
            self.pbjson.len(),
            self.msgpack.len(),
            self.cbor.len(),
        ]
    }

    fn encode_group(&self, c: &mut Criterion, reference: Option<&mut Reference>) {
        let value = &self.value;
        let mut group = new_group(
            c,
            &format!("pbjson_encode/{}", self.name),
            self.json.len() as u64,
        );
        group.bench_function("jsonstream::pbjson::to_vec", |b| {
            b.iter(|| jsonstream::pbjson::to_vec(black_box(value)).unwrap())
        });
        group.bench_function("serde_json::to_vec", |b| {
            b.iter(|| serde_json::to_vec(black_box(value)).unwrap())
        });
        group.bench_function("rmp_serde::to_vec_named", |b| {
            b.iter(|| rmp_serde::to_vec_named(black_box(value)).unwrap())
        });
        group.bench_function("ciborium::into_writer(Vec)", |b| {
            b.iter(|| cbor_to_vec(black_box(value)))
        });
        if let Some(reference) = reference {
            group.bench_function(REFERENCE_DUMPS, |b| {
                b.iter_custom(|iters| reference.time("encode", self.name, iters))
            });
        }
        group.finish();
    }

    fn decode_group(&self, c: &mut Criterion, reference: Option<&mut Reference>) {
        let name = format!("pbjson_decode/{}", self.name);
        let mut group = new_group(c, &name, self.json.len() as u64);
        let pbjson = &self.pbjson[..];
        if check(
            &name,
            "jsonstream",
            jsonstream::pbjson::from_slice::<T>(pbjson).map_err(|e| e.to_string()),
            &self.value,
        ) {
            group.bench_function("jsonstream::pbjson::from_slice", |b| {
                b.iter(|| jsonstream::pbjson::from_slice::<T>(black_box(pbjson)).unwrap())
            });
        }
        let json = &self.json[..];
        if check(
            &name,
            "serde_json",
            serde_json::from_slice::<T>(json).map_err(|e| e.to_string()),
            &self.value,
        ) {
            group.bench_function("serde_json::from_slice", |b| {
                b.iter(|| serde_json::from_slice::<T>(black_box(json)).unwrap())
            });
        }
        let msgpack = &self.msgpack[..];
        if check(
            &name,
            "rmp_serde",
            rmp_serde::from_slice::<T>(msgpack).map_err(|e| e.to_string()),
            &self.value,
        ) {
            group.bench_function("rmp_serde::from_slice", |b| {
                b.iter(|| rmp_serde::from_slice::<T>(black_box(msgpack)).unwrap())
            });
        }
        let cbor = &self.cbor[..];
        if check(
            &name,
            "ciborium",
            ciborium::from_reader::<T, _>(cbor).map_err(|e| e.to_string()),
            &self.value,
        ) {
            group.bench_function("ciborium::from_reader(&[u8])", |b| {
                b.iter(|| ciborium::from_reader::<T, _>(black_box(cbor)).unwrap())
            });
        }
        // No decoder that builds the value can beat making and dropping it.
        let value = &self.value;
        group.bench_function(ALLOCATION_FLOOR, |b| b.iter(|| black_box(value).clone()));
        if let Some(reference) = reference {
            group.bench_function(REFERENCE_LOADS, |b| {
                b.iter_custom(|iters| reference.time("decode", self.name, iters))
            });
            group.bench_function(REFERENCE_LOADS_NO_GC, |b| {
                b.iter_custom(|iters| reference.time("decode-nogc", self.name, iters))
            });
        }
        group.finish();
    }
}

/// A temporary folder, removed with its files on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<Self> {
        let path =
            std::env::temp_dir().join(format!("jsonstream-bench-pbjson-{}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The reference's timing script, started once with every input loaded, answering one
/// command at a time (`benches/python/pbjson_reference.py`).
struct Reference {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Reference {
    /// Starts the script on the JSON files (named by their stem) with `$PBJSON_PYTHON`;
    /// `None`, with a notice, when the variable is unset or the script does not start.
    fn start(files: &[PathBuf]) -> Option<Reference> {
        let python = std::env::var_os(PYTHON_ENV).filter(|p| !p.is_empty());
        let Some(python) = python else {
            eprintln!(
                "pbjson reference: skipped; set {PYTHON_ENV} to a Python with the pbjson \
                 package (e.g. {PYTHON_ENV}=/work/pbvenv/bin/python)"
            );
            return None;
        };
        match Self::spawn(&python, files) {
            Ok(reference) => Some(reference),
            Err(e) => {
                eprintln!(
                    "pbjson reference: skipped, {} {REFERENCE_SCRIPT} did not start: {e}",
                    Path::new(&python).display()
                );
                None
            }
        }
    }

    fn spawn(python: &OsString, files: &[PathBuf]) -> Result<Reference, String> {
        let mut child = Command::new(python)
            .arg(REFERENCE_SCRIPT)
            .arg("--serve")
            .args(files)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut reference = Reference {
            child,
            stdin,
            stdout,
        };
        let ready = reference.read_line()?;
        if !ready.starts_with("ready") {
            return Err(format!("unexpected greeting {ready:?}"));
        }
        eprintln!("pbjson reference: {}", ready.trim_start_matches("ready "));
        Ok(reference)
    }

    fn read_line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) => Err("the script exited".to_owned()),
            Ok(_) => Ok(line.trim_end().to_owned()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Sends one command; its answer, or the error the script answered.
    fn ask(&mut self, command: &str) -> Result<String, String> {
        writeln!(self.stdin, "{command}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| e.to_string())?;
        let answer = self.read_line()?;
        match answer.strip_prefix("error ") {
            Some(error) => Err(error.to_owned()),
            None => Ok(answer),
        }
    }

    /// Time of `iters` calls of `op` (`encode` or `decode`) on input `name`, as the script
    /// measured it.
    fn time(&mut self, op: &str, name: &str, iters: u64) -> Duration {
        let answer = self
            .ask(&format!("{op} {name} {iters}"))
            .unwrap_or_else(|e| panic!("pbjson reference: {op} {name}: {e}"));
        let nanos = answer
            .parse()
            .unwrap_or_else(|_| panic!("pbjson reference: {op} {name}: answered {answer:?}"));
        Duration::from_nanos(nanos)
    }

    /// The reference's encoding of input `name`, through a file at `path`.
    fn encoding(&mut self, name: &str, path: &Path) -> Result<Vec<u8>, String> {
        self.ask(&format!("dump {name} {}", path.display()))?;
        std::fs::read(path).map_err(|e| e.to_string())
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit").and_then(|()| self.stdin.flush());
        let _ = self.child.wait();
    }
}

/// Says how the reference's encoding of an input compares with jsonstream's (`ours`, also
/// written to `path`), and whether the reference reads `ours` back as the input.
fn compare_encodings(
    reference: &mut Reference,
    name: &str,
    ours: &[u8],
    theirs: &[u8],
    path: &Path,
) {
    if ours == theirs {
        eprintln!("{name}: the reference's PBJSON is byte for byte jsonstream's");
        return;
    }
    let first = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    eprintln!(
        "{name}: the reference's PBJSON differs from jsonstream's: {} against {} bytes, first \
         difference at offset {first}",
        theirs.len(),
        ours.len()
    );
    let check = std::fs::write(path, ours)
        .map_err(|e| e.to_string())
        .and_then(|()| reference.ask(&format!("check {name} {}", path.display())));
    match check {
        Ok(answer) => eprintln!(
            "{name}: the reference reads jsonstream's PBJSON as the input: {}",
            if answer == "equal" { "yes" } else { "NO" }
        ),
        Err(e) => eprintln!("{name}: the reference cannot read jsonstream's PBJSON: {e}"),
    }
}

/// Prints the sizes of every input in every format as a Markdown table.
fn print_sizes(cases: &[Box<dyn Case>], reference_sizes: &[Option<usize>]) {
    println!("\nEncoded sizes (bytes):\n");
    println!(
        "| input | JSON (serde_json) | PBJSON (jsonstream) | PBJSON (reference) | MessagePack \
         (rmp_serde, named) | CBOR (ciborium) | PBJSON / MessagePack | PBJSON / JSON |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (case, reference) in cases.iter().zip(reference_sizes) {
        let [json, pbjson, msgpack, cbor] = case.sizes();
        let reference = reference.map_or_else(|| "—".to_owned(), |n| n.to_string());
        println!(
            "| {} | {json} | {pbjson} | {reference} | {msgpack} | {cbor} | {:.3} | {:.3} |",
            case.name(),
            pbjson as f64 / msgpack as f64,
            pbjson as f64 / json as f64,
        );
    }
    println!();
}

/// The typed model of a json-benchmark document, read with serde_json; `None` (with a notice)
/// when the document is missing.
fn document<T: DeserializeOwned>(name: &'static str, file: &str) -> Option<T> {
    let path = data::document_or_skip(&format!("pbjson_*/{name}"), file)?;
    let bytes = std::fs::read(&path).expect("read bench document");
    Some(serde_json::from_slice(&bytes).expect("serde_json reads the bench document"))
}

fn pbjson_benches(c: &mut Criterion) {
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let count = if smoke {
        records::records_count().min(1_000)
    } else {
        records::records_count()
    };
    let records: Vec<Record> = records::generate(count);
    let mut cases: Vec<Box<dyn Case>> = vec![Box::new(Input::new("records", records))];
    if let Some(value) = document::<Canada>("canada", "canada.json") {
        cases.push(Box::new(Input::new("canada", value)));
    }
    if let Some(value) = document::<Catalog>("citm_catalog", "citm_catalog.json") {
        cases.push(Box::new(Input::new("citm_catalog", value)));
    }
    if let Some(value) = document::<Twitter>("twitter", "twitter.json") {
        cases.push(Box::new(Input::new("twitter", value)));
    }

    let dir = TempDir::new().expect("create a temporary folder");
    let files: Vec<PathBuf> = cases
        .iter()
        .map(|case| {
            let path = dir.0.join(format!("{}.json", case.name()));
            std::fs::write(&path, case.json()).expect("write an input's JSON");
            path
        })
        .collect();
    let mut reference = Reference::start(&files);
    let mut reference_sizes = vec![None; cases.len()];
    if let Some(python) = &mut reference {
        for (case, size) in cases.iter().zip(&mut reference_sizes) {
            let path = dir.0.join(format!("{}.pbjson", case.name()));
            match python.encoding(case.name(), &path) {
                Ok(theirs) => {
                    let ours = dir.0.join(format!("{}.jsonstream.pbjson", case.name()));
                    compare_encodings(python, case.name(), case.pbjson(), &theirs, &ours);
                    *size = Some(theirs.len());
                }
                Err(e) => eprintln!("{}: the reference cannot encode it: {e}", case.name()),
            }
        }
    }
    print_sizes(&cases, &reference_sizes);

    for case in &cases {
        case.encode_group(c, reference.as_mut());
        case.decode_group(c, reference.as_mut());
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = pbjson_benches
}
criterion_main!(benches);
