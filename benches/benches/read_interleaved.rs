//! The readers of the `read` bench, timed interleaved: each round runs every reader once
//! (in a rotating order), so that load which comes and goes on a shared machine slows all of
//! them alike. Prints, per document, a Markdown table of the median time, MB/s (10^6 bytes
//! per second) and the median over rounds of each reader's speed ratio to
//! `serde_json::from_slice` and to `serde_json::from_reader(BufReader)` within the same round
//! (for `lines`, JSON Lines read value by value: to serde_json's `StreamDeserializer`).
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench read_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! Without `--bench` on the command line (as under `cargo test --benches`) it runs one round
//! on at most 1,000 records, as a smoke test.

mod common;

use common::{check, line_streams, lines_count, one_shot, records_count, streams, DOCUMENTS};
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

/// The readers the ratios are to, for the one-shot documents.
const ONE_SHOT_BASES: [&str; 2] = [
    "serde_json::from_slice",
    "serde_json::from_reader(BufReader)",
];

fn measure(name: &str, len: usize, variants: &[Variant<'_>], rounds: usize) {
    measure_against(name, len, variants, rounds, &ONE_SHOT_BASES);
}

/// Times `variants` interleaved; the ratios are to the variants named by `bases` (a prefix of
/// their names).
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
    let base = |label: &str| {
        let prefix = label.split('(').next().unwrap_or(label);
        variants.iter().position(|v| v.name.starts_with(prefix))
    };
    let bases: Vec<Option<usize>> = labels.iter().map(|label| base(label)).collect();
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
    let mut header = "| reader | median time | MB/s |".to_owned();
    let mut rule = "|---|---:|---:|".to_owned();
    for label in labels {
        header.push_str(&format!(" vs {label} |"));
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
        for &b in &bases {
            row.push_str(&format!(" {} |", ratio(b, i)));
        }
        println!("{row}");
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

fn lines(options: &Options) {
    let name = "lines";
    if options.filter.as_deref().is_some_and(|f| !name.contains(f)) {
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
    // Each pass over the default file takes about a second per reader.
    let rounds = if options.smoke {
        1
    } else {
        (options.rounds / 5).max(5)
    };
    measure_against(
        name,
        file.len as usize,
        &variants,
        rounds,
        &["serde_json::StreamDeserializer(BufReader<File>)"],
    );
}

fn main() {
    let options = parse_args();
    document::<Canada>(&options, 0);
    document::<Catalog>(&options, 1);
    document::<Twitter>(&options, 2);
    records(&options);
    lines(&options);
}
