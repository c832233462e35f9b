//! The readers that the parallel benches (`parallel`, `parallel_interleaved`) compare, each
//! folding every element of an array in a file into a `u64`, so that a run is checked against
//! the sequential stream's answer.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use jsonstream::ReaderOptions;
use jsonstream_benches::records::{Checksum, Record};
use jsonstream_benches::twitter::Status;
use serde::de::DeserializeOwned;

/// What folds an element into the running `u64`.
pub trait Fold<T>: Fn(&mut u64, &T) + Copy + Sync {}

impl<T, F: Fn(&mut u64, &T) + Copy + Sync> Fold<T> for F {}

/// One way of reading the elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// `jsonstream::stream(File)`.
    Stream,
    /// `par_stream(File)` with this many decoding threads (`None`: the default).
    ParStream(Option<usize>),
    /// `par_stream(File).par_for_each`: each element folded from 0 on the thread that decoded
    /// it, the results summed (the order is lost).
    ParForEach,
    /// `jsonstream::tokio::stream` over a `tokio::fs::File`, on a current-thread runtime: the
    /// async stream against the blocking one.
    Tokio,
    /// `serde_json::from_slice` of the bytes in memory into a `Vec`, then folded.
    SerdeJson,
}

impl Reader {
    /// Its name in the reports.
    pub fn label(self) -> &'static str {
        match self {
            Reader::Stream => "jsonstream::stream(File)",
            Reader::ParStream(Some(1)) => "jsonstream::par_stream(File), 1 decoding thread",
            Reader::ParStream(Some(2)) => "jsonstream::par_stream(File), 2 decoding threads",
            Reader::ParStream(Some(_)) => "jsonstream::par_stream(File), n decoding threads",
            Reader::ParStream(None) => "jsonstream::par_stream(File)",
            Reader::ParForEach => "jsonstream::par_stream(File).par_for_each",
            Reader::Tokio => "jsonstream::tokio::stream(tokio File)",
            Reader::SerdeJson => "serde_json::from_slice",
        }
    }

    /// Reads the array in the file at `path` (or its `bytes`, already in memory, for
    /// serde_json) and folds its elements with `fold`.
    ///
    /// # Panics
    ///
    /// If the file cannot be read or an element is not a `T`.
    pub fn run<T, F>(self, path: &Path, bytes: &[u8], fold: F) -> u64
    where
        T: DeserializeOwned + Send + 'static,
        F: Fold<T>,
    {
        let file = || File::open(path).expect("open the document");
        let mut sum = 0;
        match self {
            Reader::Stream => {
                for element in jsonstream::stream::<T, _>(file()) {
                    fold(&mut sum, &element.expect("an element"));
                }
            }
            Reader::ParStream(workers) => {
                let options = match workers {
                    Some(n) => ReaderOptions::new().workers(n),
                    None => ReaderOptions::new(),
                };
                for element in options.par_stream::<T, _>(file()) {
                    fold(&mut sum, &element.expect("an element"));
                }
            }
            Reader::ParForEach => {
                let total = AtomicU64::new(0);
                jsonstream::par_stream::<T, _>(file())
                    .par_for_each(|element| {
                        total.fetch_add(digest(fold, &element), Ordering::Relaxed);
                    })
                    .expect("the elements");
                sum = total.into_inner();
            }
            Reader::Tokio => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                runtime.block_on(async {
                    let file = tokio::fs::File::open(path).await;
                    let mut elements = jsonstream::tokio::stream::<T, _>(file.expect("open"));
                    while let Some(element) = elements.next().await {
                        fold(&mut sum, &element.expect("an element"));
                    }
                });
            }
            Reader::SerdeJson => {
                let elements: Vec<T> =
                    serde_json::from_slice(std::hint::black_box(bytes)).expect("the array");
                for element in &elements {
                    fold(&mut sum, element);
                }
            }
        }
        sum
    }
}

/// What each reader must give over one input, from the sequential stream.
#[derive(Clone, Copy, Debug)]
pub struct Answers {
    /// The fold of the elements in order.
    ordered: u64,
    /// The sum of each element's own digest (the fold from 0), as [`Reader::ParForEach`]
    /// gives it.
    digests: u64,
}

impl Answers {
    /// The answers for the array in the file at `path`.
    pub fn of<T, F>(path: &Path, fold: F) -> Self
    where
        T: DeserializeOwned + Send + 'static,
        F: Fold<T>,
    {
        Answers {
            ordered: Reader::Stream.run(path, &[], fold),
            digests: Reader::Stream.run(path, &[], |sum: &mut u64, element: &T| {
                *sum = sum.wrapping_add(digest(fold, element));
            }),
        }
    }

    /// What `reader` must give.
    pub fn of_reader(self, reader: Reader) -> u64 {
        match reader {
            Reader::ParForEach => self.digests,
            _ => self.ordered,
        }
    }
}

/// `fold` of one element, from 0.
fn digest<T>(fold: impl Fold<T>, element: &T) -> u64 {
    let mut sum = 0;
    fold(&mut sum, element);
    sum
}

/// The records' fold: their checksum (every field, byte by byte), chained.
pub fn fold_record(sum: &mut u64, record: &Record) {
    let mut checksum = Checksum {
        count: 0,
        hash: *sum,
    };
    checksum.add(record);
    *sum = checksum.hash;
}

/// The statuses' fold: their ids and the lengths of their texts.
pub fn fold_status(sum: &mut u64, status: &Status) {
    *sum = sum
        .wrapping_mul(31)
        .wrapping_add(status.id ^ status.text.len() as u64);
}

/// The readers compared, in the order of the reports.
pub const READERS: [Reader; 7] = [
    Reader::Stream,
    Reader::ParStream(Some(1)),
    Reader::ParStream(Some(2)),
    Reader::ParStream(None),
    Reader::ParForEach,
    Reader::Tokio,
    Reader::SerdeJson,
];

/// The number of elements of a parallel bench's input: `$env` if set, else `default`.
///
/// # Panics
///
/// If `$env` is not a count.
pub fn par_count(env: &str, default: u64) -> u64 {
    std::env::var(env).map_or(default, |text| {
        text.trim().replace('_', "").parse().expect("a count")
    })
}
