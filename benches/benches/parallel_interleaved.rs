//! The readers of the `parallel` bench (`parallel_readers/mod.rs`) timed interleaved
//! (`interleaved/mod.rs`), with the placement of the machine's cores measured before each
//! round: the round trip of a cache line between two threads (`jsonstream_benches::placement`).
//! On a virtual machine the host may move the vCPUs while the bench runs, and the parallel
//! readers' times depend on how far apart their cores are where the sequential ones' do not.
//! Each group prints its table over all rounds, then one over the rounds of each placement:
//! cores close (a round trip under `placement::FAR`) and far apart.
//!
//! `serde_json::from_slice` is left out (a second or two a round; the `parallel` bench has it).
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench parallel_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! The inputs are large: as in the other interleaved benches they get a fifth of `--rounds`
//! (default 60, so 12; at least 5), each round of both taking about 7 s. Without `--bench` on
//! the command line (as under `cargo test --benches`) it runs one round on 1,000 records and
//! 200 statuses, as a smoke test.

mod interleaved;
mod parallel_readers;

use std::path::Path;
use std::time::Duration;

use interleaved::{print_table, time_rounds, Options, Variant};
use jsonstream_benches::data::document_or_skip;
use jsonstream_benches::placement::{self, FAR};
use jsonstream_benches::records::{Record, TempRecords};
use jsonstream_benches::statuses::TempStatuses;
use jsonstream_benches::twitter::Status;
use parallel_readers::{fold_record, fold_status, par_count, Answers, Fold, Reader, READERS};
use serde::de::DeserializeOwned;

/// Every reader but serde_json's, over the array in the file at `path`, timed round by round
/// with the placement measured before each round; prints the tables.
fn group<T, F>(options: &Options, name: &str, path: &Path, fold: F)
where
    T: DeserializeOwned + Send + 'static,
    F: Fold<T>,
{
    let len = std::fs::metadata(path).expect("the document's size").len() as usize;
    let answers = Answers::of(path, fold);
    let variants: Vec<Variant<'_>> = READERS
        .into_iter()
        .filter(|&reader| reader != Reader::SerdeJson)
        .map(|reader| {
            let expected = answers.of_reader(reader);
            Variant {
                name: reader.label(),
                run: Box::new(move || match reader.run(path, &[], fold) {
                    sum if sum == expected => Ok(()),
                    sum => Err(format!("folded to {sum}, not {expected}")),
                }),
            }
        })
        .collect();
    let mut trips = Vec::new();
    let times = time_rounds(name, &variants, options.large_rounds(), || {
        trips.push(placement::round_trip());
    });
    let bases = [Reader::Stream.label()];
    print_table(name, len, &variants, &times, &bases);
    println!("\nround trips: {}", describe(&trips));
    for (placement, far) in [("cores close", false), ("cores far apart", true)] {
        let rounds: Vec<usize> = (0..trips.len())
            .filter(|&r| (trips[r] >= FAR) == far)
            .collect();
        if rounds.is_empty() {
            continue;
        }
        let picked: Vec<Vec<f64>> = times
            .iter()
            .map(|variant| rounds.iter().map(|&r| variant[r]).collect())
            .collect();
        let trips: Vec<Duration> = rounds.iter().map(|&r| trips[r]).collect();
        let title = format!("{name}, {placement} (round trip {})", describe(&trips));
        print_table(&title, len, &variants, &picked, &bases);
    }
}

/// The range and median of some round trips, in ns.
fn describe(trips: &[Duration]) -> String {
    let mut ns: Vec<u128> = trips.iter().map(Duration::as_nanos).collect();
    ns.sort_unstable();
    match (ns.first(), ns.last()) {
        (Some(low), Some(high)) => format!("{low}-{high} ns, median {} ns", ns[ns.len() / 2]),
        _ => "none".to_owned(),
    }
}

fn main() {
    interleaved::run(|options| {
        let smoke = options.smoke;
        if !options.skips("par_records") {
            let count = match smoke {
                true => 1_000,
                false => par_count("JSONSTREAM_BENCH_PAR_RECORDS", 1_000_000),
            };
            let file = TempRecords::create(count).expect("generate the records document");
            group::<Record, _>(options, "par_records", file.path(), fold_record);
        }
        if !options.skips("par_statuses") {
            let Some(twitter) = document_or_skip("par_statuses", "twitter.json") else {
                return;
            };
            let count = match smoke {
                true => 200,
                false => par_count("JSONSTREAM_BENCH_PAR_STATUSES", 100_000),
            };
            let file = TempStatuses::create(&twitter, count).expect("write the statuses document");
            group::<Status, _>(options, "par_statuses", file.path(), fold_status);
        }
    });
}
