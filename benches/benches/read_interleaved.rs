//! The readers of the `read` bench, timed interleaved: each round runs every reader once
//! (in a rotating order), so that load which comes and goes on a shared machine slows all of
//! them alike. Prints, per document, a Markdown table of the median time, MB/s (10^6 bytes
//! per second) and the median over rounds of each reader's speed ratio to
//! `serde_json::from_slice` and to `serde_json::from_reader(BufReader)` within the same round.
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench read_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! Without `--bench` on the command line (as under `cargo test --benches`) it runs one round
//! on at most 1,000 records, as a smoke test.

mod common;

use common::{check, one_shot, records_count, streams, DOCUMENTS};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
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

fn one_shot_variants<'a, T: DeserializeOwned + PartialEq + Debug + 'a>(
    name: &str,
    path: &'a Path,
    bytes: &'a [u8],
) -> Vec<Variant<'a>> {
    let reference: T = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("{name}: serde_json cannot read {}: {e}", path.display());
            return Vec::new();
        }
    };
    let mut variants = Vec::new();
    for (variant, load) in one_shot::<T>() {
        if check(name, variant, load(path, bytes), &reference) {
            variants.push(Variant {
                name: variant,
                run: Box::new(move || load(path, bytes).map(|value| drop(black_box(value)))),
            });
        }
    }
    variants
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn measure(name: &str, len: usize, variants: &[Variant<'_>], rounds: usize) {
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
    let base = |label: &str| variants.iter().position(|v| v.name.starts_with(label));
    let from_slice = base("serde_json::from_slice");
    let from_reader = base("serde_json::from_reader");
    let ratio = |b: Option<usize>, i: usize| {
        b.map_or("-".to_owned(), |b| {
            let r = median((0..rounds).map(|r| times[b][r] / times[i][r]).collect());
            format!("{r:.2}x")
        })
    };
    println!(
        "\n### {name} ({:.2} MB, {rounds} rounds)\n",
        len as f64 / 1e6
    );
    println!("| reader | median time | MB/s | vs serde_json::from_slice | vs serde_json::from_reader(BufReader) |");
    println!("|---|---:|---:|---:|---:|");
    for (i, variant) in variants.iter().enumerate() {
        let t = median(times[i].clone());
        println!(
            "| `{}` | {:.2} ms | {:.0} | {} | {} |",
            variant.name,
            t * 1e3,
            len as f64 / t / 1e6,
            ratio(from_slice, i),
            ratio(from_reader, i)
        );
    }
}

fn document<T: DeserializeOwned + PartialEq + Debug>(options: &Options, index: usize) {
    let (name, file) = DOCUMENTS[index];
    if options.filter.as_deref().is_some_and(|f| !name.contains(f)) {
        return;
    }
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let variants = one_shot_variants::<T>(name, &path, &bytes);
    measure(name, bytes.len(), &variants, options.rounds);
}

fn records(options: &Options) {
    let name = "records";
    if options.filter.as_deref().is_some_and(|f| !name.contains(f)) {
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
    let mut variants = one_shot_variants::<Vec<Record>>(name, path, &bytes);
    for (variant, run) in streams() {
        if check(name, variant, run(path), &file.checksum) {
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
    let rounds = if options.smoke {
        1
    } else {
        (options.rounds / 5).max(5)
    };
    measure(name, bytes.len(), &variants, rounds);
}

fn main() {
    let options = parse_args();
    document::<Canada>(&options, 0);
    document::<Catalog>(&options, 1);
    document::<Twitter>(&options, 2);
    records(&options);
}
