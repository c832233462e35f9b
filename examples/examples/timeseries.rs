//! A `TimeSeries` with `#[derive(Dump, Load)]`: a series of a million data points dumped
//! from a lazy iterator and loaded back into a running statistic, neither ever holding the
//! points.
//!
//! ```text
//! #[derive(Dump, Load)]
//! struct TimeSeries<D> {
//!     name: String,
//!     #[jsonstream(seq, item = "DataPoint")]
//!     data: D,
//! }
//! ```
//!
//! 1. **dump**: `TimeSeries { name, data: (0..n).map(point) }` is dumped into a file in a
//!    temporary directory, each point generated while it is written (O(1) memory, whatever
//!    `n`). The file is written under a temporary name and renamed when complete
//!    ([`FileSink`]). A [`Stats`] of the points is kept along the way, for the check.
//! 2. **load → stats**: the file is loaded as `TimeSeries<Stats>`: the `data` array is
//!    handed to `Stats`'s `Extend<DataPoint>` one point at a time (count, mean, min, max and
//!    variance by Welford's method, and an order-dependent checksum). Memory stays that of
//!    the reader's window, whatever the number of points.
//! 3. **load → Vec**: loaded once more as `TimeSeries<Vec<DataPoint>>`, which holds every
//!    point, as a program that needs them all at once does: the count and the first point
//!    are checked, and the statistic of the vector must be the same again.
//!
//! Each phase prints its wall time, throughput and memory (`peak` is the phase's highest
//! resident set: the kernel's high-water mark is reset before each phase); the run fails
//! (exit code 1) if a loaded statistic differs from the dumped one, bit for bit.
//!
//! ```text
//! cargo run --release -p jsonstream-examples --example timeseries -- --points 10_000_000
//! ```
//!
//! Options: `--points N` (default 1,000,000), `--keep` (leave the file and print its path).

use std::fs::{self, File};
use std::path::Path;
use std::process::ExitCode;

use jsonstream::blob::{BlobSink, FileSink};
use jsonstream::{Dump, Load, LoadOwned};
use jsonstream_examples::cli::{self, Opt};
use jsonstream_examples::mem::{self, mb, mib, Measured};
use jsonstream_examples::text::SplitMix64;
use jsonstream_examples::{keep_file, BoxError, TempDir};
use serde::{Deserialize, Serialize};

/// One reading, an ordinary serde type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct DataPoint {
    timestamp: u64,
    value: f64,
}

/// The series. `data` is any iterator of points when it is dumped, and any collection that
/// can be extended with points when it is loaded (`item` names the element type, which a
/// statistic cannot tell by itself).
#[derive(Dump, Load)]
struct TimeSeries<D> {
    name: String,
    #[jsonstream(seq, item = "DataPoint")]
    data: D,
}

/// A running statistic of data points: what a list of points is often loaded for, without
/// the list.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stats {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the mean (Welford).
    m2: f64,
    min: f64,
    max: f64,
    first: Option<DataPoint>,
    /// Order-dependent FNV-style hashes of the timestamps and of the values' bits.
    timestamps: u64,
    values: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            count: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            first: None,
            timestamps: FNV_OFFSET,
            values: FNV_OFFSET,
        }
    }
}

const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;

fn fnv(hash: u64, word: u64) -> u64 {
    (hash ^ word).wrapping_mul(0x0000_0100_0000_01B3)
}

impl Stats {
    fn push(&mut self, point: DataPoint) {
        self.count += 1;
        let delta = point.value - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (point.value - self.mean);
        self.min = self.min.min(point.value);
        self.max = self.max.max(point.value);
        self.first.get_or_insert(point);
        self.timestamps = fnv(self.timestamps, point.timestamp);
        self.values = fnv(self.values, point.value.to_bits());
    }

    /// Population standard deviation.
    fn std_dev(&self) -> f64 {
        (self.m2 / self.count as f64).sqrt()
    }

    /// Whether `self` and `other` saw the same timestamps and values equal to within
    /// `tolerance` (relative) in their mean, extremes and deviation.
    fn agrees_with(&self, other: &Stats, tolerance: f64) -> bool {
        // Equal (infinite extremes of an empty series), both undefined (its deviation), or
        // close.
        let close = |a: f64, b: f64| {
            a == b
                || (a.is_nan() && b.is_nan())
                || (a - b).abs() <= tolerance * a.abs().max(b.abs())
        };
        self.count == other.count
            && self.timestamps == other.timestamps
            && self.first.map(|p| p.timestamp) == other.first.map(|p| p.timestamp)
            && close(self.mean, other.mean)
            && close(self.min, other.min)
            && close(self.max, other.max)
            && close(self.std_dev(), other.std_dev())
    }
}

impl Extend<DataPoint> for Stats {
    fn extend<I: IntoIterator<Item = DataPoint>>(&mut self, points: I) {
        for point in points {
            self.push(point);
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "count {}, mean {:.9}, min {:.9}, max {:.9}, std dev {:.9}, hashes {:016x} {:016x}",
            self.count,
            self.mean,
            self.min,
            self.max,
            self.std_dev(),
            self.timestamps,
            self.values
        )
    }
}

/// How many loaded values are not bit for bit the dumped ones.
fn inexact_values(loaded: &[DataPoint], dumped: impl Iterator<Item = DataPoint>) -> usize {
    loaded
        .iter()
        .zip(dumped)
        .filter(|(loaded, dumped)| loaded.value.to_bits() != dumped.value.to_bits())
        .count()
}

/// A sensor reading every second from 2026-01-01: a daily cycle, a slow drift, noise, and a
/// spike now and then; values with few and many significant digits alike.
fn sensor(points: u64) -> impl Iterator<Item = DataPoint> {
    const START: u64 = 1_767_225_600;
    let mut rng = SplitMix64(0x5eed_0001);
    (0..points).map(move |i| {
        let day = (i % 86_400) as f64 / 86_400.0;
        let noise = rng.next_f64() - 0.5;
        let mut value = 20.0 + 5.0 * (day * std::f64::consts::TAU).sin() + i as f64 * 1e-6 + noise;
        if rng.next_f64() < 0.001 {
            value *= 3.0;
        }
        if i % 100 == 0 {
            value = (value * 100.0).round() / 100.0;
        }
        DataPoint {
            timestamp: START + i,
            value,
        }
    })
}

const NAME: &str = "sensor_readings";

/// Dumps the series into `path` (under a temporary name until complete); returns the
/// statistic of what was dumped and the file's size.
fn dump(path: &Path, points: u64) -> Result<(Stats, u64), BoxError> {
    let mut dumped = Stats::default();
    let series = TimeSeries {
        name: NAME.to_owned(),
        data: sensor(points).inspect(|point| dumped.push(*point)),
    };
    let mut file = FileSink::create(path)?;
    // On an error the sink is dropped unfinished, which removes the partial file.
    jsonstream::dump(series, &mut file)?;
    file.finish()?;
    Ok((dumped, fs::metadata(path)?.len()))
}

/// Loads the file as `T`: the points go wherever `T`'s `data` says.
fn load<T: LoadOwned>(path: &Path) -> Result<T, BoxError> {
    Ok(jsonstream::load(File::open(path)?)?)
}

fn report<T>(phase: &str, measured: &Measured<T>, what: &str, points: u64, bytes: u64) {
    println!(
        "{phase:<12} {:>7.3} s   {:>5.1} M points/s   {:>6.1} MB/s   {}   ({what})",
        measured.elapsed.as_secs_f64(),
        measured.per_second(points as f64) / 1e6,
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
    points: u64,
    keep: bool,
}

fn run(args: &Args) -> Result<bool, BoxError> {
    let dir = TempDir::new("timeseries")?;
    let path = dir.join("sensor_data.json");
    println!("a TimeSeries of {} points", args.points);

    let dumped = mem::measure(|| dump(&path, args.points))?;
    let (expected, bytes) = dumped.value;
    report("dump", &dumped, "lazy iterator -> file", args.points, bytes);

    let streamed = mem::measure(|| load::<TimeSeries<Stats>>(&path))?;
    report(
        "load->stats",
        &streamed,
        "data streamed into Stats",
        args.points,
        bytes,
    );

    let held = mem::measure(|| load::<TimeSeries<Vec<DataPoint>>>(&path))?;
    report("load->Vec", &held, "every point held", args.points, bytes);

    let (stats, vec) = (&streamed.value, &held.value);
    println!("file: {} ({bytes} bytes)", mib(bytes));
    println!("dumped:  {expected}");
    println!("loaded:  {}", stats.data);
    println!("Loaded series: {}", vec.name);
    match vec.data.first() {
        Some(first) => println!("First point: {} (value {})", first.timestamp, first.value),
        None => println!("First point: none"),
    }

    // The values are floats of up to 17 significant digits, written in their shortest form
    // that reads back as the same `f64`, and read correctly rounded: every one comes back bit
    // for bit.
    let inexact = inexact_values(&vec.data, sensor(args.points));
    println!(
        "values not read back as the same f64: {inexact} of {}",
        vec.data.len()
    );
    let mut failures = 0;
    check("the name round-trips", stats.name == NAME, &mut failures);
    check(
        "the streamed statistic agrees with the dumped one",
        stats.data.agrees_with(&expected, 1e-12),
        &mut failures,
    );
    check(
        "the loaded Vec holds every point",
        vec.data.len() as u64 == args.points && vec.name == NAME,
        &mut failures,
    );
    check(
        "the first point round-trips",
        vec.data.first().copied() == expected.first,
        &mut failures,
    );
    let mut of_vec = Stats::default();
    of_vec.extend(vec.data.iter().copied());
    check(
        "the statistic of the loaded Vec is the streamed one, bit for bit",
        of_vec == stats.data,
        &mut failures,
    );
    check(
        "every value read back bit for bit",
        inexact == 0,
        &mut failures,
    );
    println!(
        "peak RSS of the whole run (largest phase peak): {}",
        mib(mem::run_peak_bytes())
    );
    if args.keep {
        let kept = keep_file(&path, "jsonstream-timeseries.json")?;
        println!("kept the file: {}", kept.display());
    }
    if failures == 0 {
        println!("verify: ok");
    } else {
        println!("verify: {failures} checks failed");
    }
    Ok(failures == 0)
}

fn main() -> ExitCode {
    let mut args = Args {
        points: 1_000_000,
        keep: false,
    };
    let usage = "usage: timeseries [--points N (default 1_000_000)] [--keep]";
    let options = &mut [
        Opt::Value("--points", &mut args.points),
        Opt::Switch("--keep", &mut args.keep),
    ];
    if let Err(stop) = cli::parse(usage, options) {
        return stop.exit("timeseries");
    }
    cli::exit("timeseries", run(&args))
}
