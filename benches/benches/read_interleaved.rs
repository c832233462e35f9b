//! The readers of the `read` bench, timed interleaved: each round runs every reader once
//! (in a rotating order), so that load which comes and goes on a shared machine slows all of
//! them alike. Prints the load average (`/proc/loadavg`) at the start and the end and, per
//! document, a Markdown table of the median time, MB/s (10^6 bytes per second) and the median
//! over rounds of each reader's speed ratio to each peer's reader within the same round (the
//! peer's time over the reader's, so above 1 means the reader is faster): to serde_json's,
//! sonic-rs's and simd-json's readers of bytes in memory, to `serde_json::from_reader` and to
//! `std::fs::read` followed by each peer's slice reader (for `lines`, JSON Lines read value by
//! value: to serde_json's `StreamDeserializer`).
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench read_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! Without `--bench` on the command line (as under `cargo test --benches`) it runs one round
//! on at most 1,000 records, as a smoke test.

mod common;

use common::{
    check, check_checksum, in_memory, line_streams, lines_count, one_shot, records_count, streams,
    CANADA_VALUE, DOCUMENTS, REFERENCE, SIMD_JSON_SLICE, STRING_5PCT,
};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::text::{text, TEXT_LEN};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// Default number of rounds for the json-benchmark documents (a few ms per reader each).
const DEFAULT_ROUNDS: usize = 60;

/// One reader, ready to run over its document.
struct Variant<'a> {
    name: &'static str,
    run: Box<dyn Fn() -> Result<(), String> + 'a>,
}

struct Options {
    rounds: usize,
    filter: Option<String>,
    smoke: bool,
}

fn parse_args() -> Options {
    let mut options = Options {
        rounds: DEFAULT_ROUNDS,
        filter: None,
        smoke: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => options.smoke = false,
            "--rounds" => {
                let value = args.next().expect("--rounds needs a value");
                options.rounds = value.parse().expect("--rounds: a count");
            }
            _ if arg.starts_with("--") => {} // options of other harnesses
            _ => options.filter = Some(arg),
        }
    }
    if options.smoke {
        options.rounds = 1;
    }
    options
}

/// A reader of a whole document, ready to run.
type Load<'a, T> = Box<dyn Fn() -> Result<T, String> + 'a>;

/// The `loaders` whose value is checked to be [`REFERENCE`]'s value of `bytes`, as variants.
fn one_shot_variants<'a, T: DeserializeOwned + PartialEq + Serialize + 'a>(
    name: &str,
    bytes: &[u8],
    loaders: Vec<(&'static str, Load<'a, T>)>,
) -> Vec<Variant<'a>> {
    let reference: T = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("{name}: {REFERENCE} cannot read the document: {e}");
            return Vec::new();
        }
    };
    let mut variants = Vec::new();
    for (variant, load) in loaders {
        if check(name, variant, load(), &reference) {
            variants.push(Variant {
                name: variant,
                run: Box::new(move || load().map(|value| drop(black_box(value)))),
            });
        }
    }
    variants
}

/// Every one-shot reader of the document in the file at `path`, whose bytes are `bytes`.
fn document_variants<'a, T: DeserializeOwned + PartialEq + Serialize + 'a>(
    name: &str,
    path: &'a Path,
    bytes: &'a [u8],
) -> Vec<Variant<'a>> {
    let loaders = one_shot::<T>().into_iter().map(|(variant, loader)| {
        let load: Load<'a, T> = Box::new(move || loader.load(path, bytes));
        (variant, load)
    });
    one_shot_variants(name, bytes, loaders.collect())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The readers the ratios of the one-shot reports are to: each peer's reader of bytes in
/// memory, then its reader of a file.
const ONE_SHOT_BASES: [&str; 7] = [
    REFERENCE,
    "sonic_rs::from_slice",
    SIMD_JSON_SLICE,
    "serde_json::from_reader(BufReader<File>)",
    "std::fs::read + serde_json::from_slice",
    "std::fs::read + sonic_rs::from_slice",
    "std::fs::read + simd_json::serde::from_slice",
];

fn measure(name: &str, len: usize, variants: &[Variant<'_>], rounds: usize) {
    measure_against(name, len, variants, rounds, &ONE_SHOT_BASES);
}

/// Times `variants` interleaved; the ratios are to the variants named by `labels` (those of
/// them that are among the variants).
fn measure_against(
    name: &str,
    len: usize,
    variants: &[Variant<'_>],
    rounds: usize,
    labels: &[&str],
) {
    let n = variants.len();
    if n == 0 {
        return;
    }
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (k + round) % n;
            let start = Instant::now();
            (variants[i].run)().unwrap_or_else(|e| panic!("{name}/{}: {e}", variants[i].name));
            times[i].push(start.elapsed().as_secs_f64());
        }
    }
    let bases: Vec<(&str, usize)> = labels
        .iter()
        .filter_map(|&label| Some((label, variants.iter().position(|v| v.name == label)?)))
        .collect();
    let ratio =
        |b: usize, i: usize| median((0..rounds).map(|r| times[b][r] / times[i][r]).collect());
    println!(
        "\n### {name} ({:.2} MB, {rounds} rounds)\n",
        len as f64 / 1e6
    );
    let mut header = "| reader | median time | MB/s |".to_owned();
    let mut rule = "|---|---:|---:|".to_owned();
    for (label, _) in &bases {
        header.push_str(&format!(" vs `{label}` |"));
        rule.push_str("---:|");
    }
    println!("{header}\n{rule}");
    for (i, variant) in variants.iter().enumerate() {
        let t = median(times[i].clone());
        let mut row = format!(
            "| `{}` | {:.2} ms | {:.0} |",
            variant.name,
            t * 1e3,
            len as f64 / t / 1e6
        );
        for &(_, b) in &bases {
            row.push_str(&format!(" {:.2}x |", ratio(b, i)));
        }
        println!("{row}");
    }
}

fn skipped(options: &Options, name: &str) -> bool {
    options.filter.as_deref().is_some_and(|f| !name.contains(f))
}

/// Times the one-shot readers of the json-benchmark document `file` into `T`.
fn document<T: DeserializeOwned + PartialEq + Serialize>(
    options: &Options,
    (name, file): (&str, &str),
) {
    if skipped(options, name) {
        return;
    }
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let variants = document_variants::<T>(name, &path, &bytes);
    measure(name, bytes.len(), &variants, options.rounds);
}

/// Times the readers of bytes in memory on one large JSON string into a `String`.
fn string(options: &Options) {
    let (name, per_mille) = STRING_5PCT;
    if skipped(options, name) {
        return;
    }
    let len = if options.smoke { 1 << 20 } else { TEXT_LEN };
    let doc = serde_json::to_vec(&text(len, per_mille)).expect("a string as JSON");
    let loaders = in_memory::<String>().into_iter().map(|(variant, load)| {
        let doc = &doc[..];
        let load: Load<'_, String> = Box::new(move || load(doc));
        (variant, load)
    });
    let variants = one_shot_variants(name, &doc, loaders.collect());
    // Each pass over 64 MiB takes 0.05 to 0.2 s per reader.
    measure(name, doc.len(), &variants, large_rounds(options));
}

/// Rounds for the large generated documents: a fifth of `--rounds`, at least 5.
fn large_rounds(options: &Options) -> usize {
    if options.smoke {
        1
    } else {
        (options.rounds / 5).max(5)
    }
}

fn records(options: &Options) {
    let name = "records";
    if skipped(options, name) {
        return;
    }
    let count = if options.smoke {
        records_count().min(1_000)
    } else {
        records_count()
    };
    let file = TempRecords::create(count).expect("generate the records document");
    let path = file.path();
    let bytes = std::fs::read(path).expect("read the records document");
    let mut variants = document_variants::<Vec<Record>>(name, path, &bytes);
    for (variant, run) in streams() {
        if check_checksum(name, variant, run(path), &file.checksum) {
            let expected = file.checksum;
            variants.push(Variant {
                name: variant,
                run: Box::new(move || match run(path)? {
                    checksum if checksum == expected => Ok(()),
                    _ => Err("checksum mismatch".to_owned()),
                }),
            });
        }
    }
    // Each pass over the default document takes 0.1 to 0.5 s per reader.
    measure(name, bytes.len(), &variants, large_rounds(options));
}

fn lines(options: &Options) {
    let name = "lines";
    if skipped(options, name) {
        return;
    }
    let count = if options.smoke {
        lines_count().min(1_000)
    } else {
        lines_count()
    };
    let file = TempRecords::create_lines(count).expect("generate the JSON Lines document");
    let path = file.path();
    let mut variants = Vec::new();
    for (variant, run) in line_streams() {
        if check_checksum(name, variant, run(path), &file.checksum) {
            let expected = file.checksum;
            variants.push(Variant {
                name: variant,
                run: Box::new(move || match run(path)? {
                    checksum if checksum == expected => Ok(()),
                    _ => Err("checksum mismatch".to_owned()),
                }),
            });
        }
    }
    // Each pass over the default file takes about a second per reader.
    measure_against(
        name,
        file.len as usize,
        &variants,
        large_rounds(options),
        &["serde_json::StreamDeserializer(BufReader<File>)"],
    );
}

/// The load average as `/proc/loadavg` gives it (1, 5 and 15 minutes, running/total tasks).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |e| format!("unknown (/proc/loadavg: {e})"),
        |text| text.trim().to_owned(),
    )
}

fn main() {
    let options = parse_args();
    println!("load average at start: {}", load_average());
    document::<Canada>(&options, DOCUMENTS[0]);
    document::<Catalog>(&options, DOCUMENTS[1]);
    document::<Twitter>(&options, DOCUMENTS[2]);
    document::<serde_json::Value>(&options, CANADA_VALUE);
    string(&options);
    records(&options);
    lines(&options);
    println!("\nload average at end: {}", load_average());
}
