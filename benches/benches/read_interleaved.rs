//! The readers of the `read` bench, timed interleaved (`interleaved/mod.rs`). The ratios are
//! to serde_json's, sonic-rs's and simd-json's readers of bytes in memory, to
//! `serde_json::from_reader` and to `std::fs::read` followed by each peer's slice reader (for
//! `lines`, JSON Lines read value by value: to serde_json's `StreamDeserializer`; for `small`,
//! one record read 10,000 times: to serde_json's readers of a slice and of an `io::Read`).
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench read_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! Without `--bench` on the command line (as under `cargo test --benches`) it runs one round
//! on at most 1,000 records and a 1 MiB string, as a smoke test.

mod common;
mod interleaved;

use common::{
    check, check_checksum, in_memory, line_streams, lines_count, one_shot, records_count, streams,
    SliceLoader, CANADA_VALUE, DOCUMENTS, REFERENCE, SIMD_JSON_SLICE, STRING_5PCT,
};
use interleaved::{measure, Options, Variant};
use jsonstream_benches::canada::Canada;
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::records::{make_record, Record, Rng, TempRecords};
use jsonstream_benches::text::{text, TEXT_LEN};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::path::Path;

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

fn measure_one_shot(name: &str, len: usize, variants: &[Variant<'_>], rounds: usize) {
    measure(name, len, variants, rounds, &ONE_SHOT_BASES);
}

/// Times the one-shot readers of the json-benchmark document `file` into `T`.
fn document<T: DeserializeOwned + PartialEq + Serialize>(
    options: &Options,
    (name, file): (&str, &str),
) {
    if options.skips(name) {
        return;
    }
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let variants = document_variants::<T>(name, &path, &bytes);
    measure_one_shot(name, bytes.len(), &variants, options.rounds);
}

/// Times the readers of bytes in memory on one large JSON string into a `String`.
fn string(options: &Options) {
    let (name, per_mille) = STRING_5PCT;
    if options.skips(name) {
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
    measure_one_shot(name, doc.len(), &variants, options.large_rounds());
}

/// Times the readers of one small document (a record of the `records` group, about 120
/// bytes), each variant reading it 10,000 times: what a reader costs around a few bytes (its
/// buffers, its set-up), as for the body of a request.
fn small(options: &Options) {
    const REPEAT: usize = 10_000;
    let name = "small";
    if options.skips(name) {
        return;
    }
    let record = make_record(1234, &mut Rng::new(7));
    let doc = serde_json::to_vec(&record).expect("a record as JSON");
    let loaders: [(&'static str, SliceLoader<Record>); 4] = [
        (REFERENCE, |bytes| {
            serde_json::from_slice(bytes).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_slice", |bytes| {
            jsonstream::from_slice(bytes).map_err(|e| e.to_string())
        }),
        ("serde_json::from_reader(&[u8])", |bytes| {
            serde_json::from_reader(bytes).map_err(|e| e.to_string())
        }),
        ("jsonstream::from_reader(&[u8])", |bytes| {
            jsonstream::from_reader(bytes).map_err(|e| e.to_string())
        }),
    ];
    let mut variants = Vec::new();
    for (variant, load) in loaders {
        if check(name, variant, load(&doc), &record) {
            let doc = &doc[..];
            variants.push(Variant {
                name: variant,
                run: Box::new(move || {
                    for _ in 0..REPEAT {
                        drop(black_box(load(black_box(doc))?));
                    }
                    Ok(())
                }),
            });
        }
    }
    let bases = [REFERENCE, "serde_json::from_reader(&[u8])"];
    measure(name, doc.len() * REPEAT, &variants, options.rounds, &bases);
}

fn records(options: &Options) {
    let name = "records";
    if options.skips(name) {
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
    measure_one_shot(name, bytes.len(), &variants, options.large_rounds());
}

fn lines(options: &Options) {
    let name = "lines";
    if options.skips(name) {
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
    measure(
        name,
        file.len as usize,
        &variants,
        options.large_rounds(),
        &["serde_json::StreamDeserializer(BufReader<File>)"],
    );
}

fn main() {
    interleaved::run(|options| {
        document::<Canada>(options, DOCUMENTS[0]);
        document::<Catalog>(options, DOCUMENTS[1]);
        document::<Twitter>(options, DOCUMENTS[2]);
        document::<serde_json::Value>(options, CANADA_VALUE);
        string(options);
        small(options);
        records(options);
        lines(options);
    });
}
