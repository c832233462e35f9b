//! The runner of the interleaved benches (`read_interleaved`, `write_interleaved`): each round
//! runs every variant once, so that load which comes and goes on a shared machine slows all of
//! them alike, in an order shuffled afresh each round, so that no variant always runs after
//! the same one (a variant pays for what the one before it left behind: dirty cache lines to
//! write back, the allocator's state). Prints the load average (`/proc/loadavg`) at the start and
//! the end and, per group, a Markdown table of the median time, MB/s (10^6 bytes per second)
//! and the median over rounds of each variant's speed ratio to each base variant within the
//! same round (the base's time over the variant's, so above 1 means the variant is faster).
//!
//! Command line: `[--rounds N] [FILTER...]` after `--` (a group runs if its name contains any
//! of the filters, or if there is none). Without `--bench` on it (as under
//! `cargo test --benches`) a bench runs one round on small inputs, as a smoke test.

use std::time::Instant;

use jsonstream_benches::records::Rng;

/// Default number of rounds for small inputs (a few ms per variant each).
const DEFAULT_ROUNDS: usize = 60;

/// One variant, ready to run over its input.
pub struct Variant<'a> {
    /// Its name in the reports.
    pub name: &'static str,
    /// Runs it once; an error stops the bench.
    pub run: Box<dyn Fn() -> Result<(), String> + 'a>,
}

/// What the command line asks for.
pub struct Options {
    /// Rounds for small inputs.
    pub rounds: usize,
    /// Only the groups whose name contains one of these (all groups if empty).
    filters: Vec<String>,
    /// One round on small inputs, as a smoke test.
    pub smoke: bool,
}

impl Options {
    fn from_args() -> Self {
        let mut options = Options {
            rounds: DEFAULT_ROUNDS,
            filters: Vec::new(),
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
                _ => options.filters.push(arg),
            }
        }
        if options.smoke {
            options.rounds = 1;
        }
        options
    }

    /// Whether the group `name` is filtered out.
    pub fn skips(&self, name: &str) -> bool {
        !self.filters.is_empty() && !self.filters.iter().any(|f| name.contains(f.as_str()))
    }

    /// Rounds for large inputs (a tenth of a second or more per variant): a fifth of
    /// `--rounds`, at least 5.
    pub fn large_rounds(&self) -> usize {
        if self.smoke {
            1
        } else {
            (self.rounds / 5).max(5)
        }
    }
}

/// Parses the command line and runs `groups`, between the load averages at start and end.
pub fn run(groups: impl FnOnce(&Options)) {
    let options = Options::from_args();
    println!("load average at start: {}", load_average());
    warm_allocator();
    groups(&options);
    println!("\nload average at end: {}", load_average());
}

/// Puts the allocator in the state of a program that has run a while, the same for every
/// group and variant. glibc's `malloc` maps a block above a threshold (128 KiB at first) from
/// the kernel, fresh pages that fault in one by one when written, and raises that threshold to
/// the size of the largest such block freed (up to 32 MiB). Without this, whether a variant's
/// large buffers (a copy of the input, a parser's tape) cost page faults depended on which
/// groups had run before it: simd-json took 1.0 ms on twitter after the canada group, 1.9 to
/// 3.2 ms with twitter's group alone.
fn warm_allocator() {
    const LARGEST_DYNAMIC_THRESHOLD: usize = 31 << 20;
    drop(std::hint::black_box(vec![1u8; LARGEST_DYNAMIC_THRESHOLD]));
}

/// The load average as `/proc/loadavg` gives it (1, 5 and 15 minutes, running/total tasks).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |e| format!("unknown (/proc/loadavg: {e})"),
        |text| text.trim().to_owned(),
    )
}

/// The seed of the rounds' orders: fixed, so that two runs of a bench run the same orders.
const ORDER_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// Shuffles the order of the variants of a round (Fisher-Yates).
fn shuffle(order: &mut [usize], rng: &mut Rng) {
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Times `variants` of the group `name` over `len` bytes interleaved, for `rounds` rounds,
/// and prints their table; the ratios are to the variants named by `bases` (those of them that
/// are among the variants).
// Unused by `parallel_interleaved`, which prints tables of its own from `time_rounds`.
#[allow(dead_code)]
pub fn measure(name: &str, len: usize, variants: &[Variant<'_>], rounds: usize, bases: &[&str]) {
    let times = time_rounds(name, variants, rounds, || {});
    print_table(name, len, variants, &times, bases);
}

/// Runs `variants` of the group `name` interleaved for `rounds` rounds, `before_round` before
/// each; returns each variant's time in each round (seconds, `times[variant][round]`).
pub fn time_rounds(
    name: &str,
    variants: &[Variant<'_>],
    rounds: usize,
    mut before_round: impl FnMut(),
) -> Vec<Vec<f64>> {
    let n = variants.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(ORDER_SEED);
    for _ in 0..rounds {
        shuffle(&mut order, &mut rng);
        before_round();
        for &i in &order {
            let start = Instant::now();
            (variants[i].run)().unwrap_or_else(|e| panic!("{name}/{}: {e}", variants[i].name));
            times[i].push(start.elapsed().as_secs_f64());
        }
    }
    times
}

/// Prints the table of the group `name` over `len` bytes from the times of [`time_rounds`]
/// (or of some of its rounds); the ratios are to the variants named by `bases` (those of them
/// that are among the variants).
pub fn print_table(
    name: &str,
    len: usize,
    variants: &[Variant<'_>],
    times: &[Vec<f64>],
    bases: &[&str],
) {
    let rounds = times.first().map_or(0, Vec::len);
    if rounds == 0 {
        return;
    }
    let bases: Vec<(&str, usize)> = bases
        .iter()
        .filter_map(|&label| Some((label, variants.iter().position(|v| v.name == label)?)))
        .collect();
    let ratio =
        |b: usize, i: usize| median((0..rounds).map(|r| times[b][r] / times[i][r]).collect());
    println!(
        "\n### {name} ({:.2} MB, {rounds} rounds)\n",
        len as f64 / 1e6
    );
    let mut header = "| variant | median time | MB/s |".to_owned();
    let mut rule = "|---|---:|---:|".to_owned();
    for (label, _) in &bases {
        header.push_str(&format!(" vs `{label}` |"));
        rule.push_str("---:|");
    }
    println!("{header}\n{rule}");
    for (i, variant) in variants.iter().enumerate() {
        let t = median(times[i].clone());
        let mut row = format!(
            "| `{}` | {:.3} ms | {:.0} |",
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
