//! Every crate's `to_vec` (jsonstream, serde_json, sonic-rs, simd-json), timed interleaved
//! (`interleaved/mod.rs`), with ratios to each peer's `to_vec`:
//!
//! * `to_vec_twitter`, `to_vec_citm_catalog`: the typed models of `benches/src/{twitter,citm}.rs`
//!   (read with serde_json from the json-benchmark documents; skipped when one is missing);
//! * `to_vec_plain`, `to_vec_5pct`: the 64 MiB strings of the `write` bench, plain ASCII and
//!   with 5 % of the bytes needing an escape; beside the plain one, the least any `to_vec` of
//!   it does ([`COPY`]: its bytes copied between quotes into a new `Vec` of the right size).
//!
//! ```text
//! cargo bench -p jsonstream-benches --bench write_interleaved [-- [--rounds N] [FILTER]]
//! ```
//!
//! Without `--bench` on the command line (as under `cargo test --benches`) it runs one round
//! on 1 MiB strings, as a smoke test.

mod interleaved;
mod writers;

use interleaved::{measure, Options, Variant};
use jsonstream_benches::citm::Catalog;
use jsonstream_benches::data;
use jsonstream_benches::text::{text, ESCAPES_5PCT, TEXT_LEN};
use jsonstream_benches::twitter::Twitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use writers::{check_output, to_vecs, ToVec, REFERENCE};

/// The string written without an escape: what the plain string's `to_vec` cannot do less than.
const COPY: &str = "copy between quotes";

/// The variants the ratios are to.
const BASES: [&str; 4] = [REFERENCE, "sonic_rs/to_vec", "simd_json/to_vec", COPY];

/// [`COPY`]: `s` between quotes in a new `Vec`, copied as it is (right only when nothing in it
/// needs an escape, which the output check confirms).
fn copy_between_quotes(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(out)
}

/// Times every `to_vec` of `value` in the group `name`, and `extra` beside them, each checked
/// once against serde_json's bytes.
fn group<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    rounds: usize,
    extra: &[(&'static str, ToVec<T>)],
) {
    let expected = serde_json::to_vec(value).expect("serde_json writes the value");
    let mut variants = Vec::new();
    for (variant, to_vec) in to_vecs::<T>().into_iter().chain(extra.iter().copied()) {
        if check_output(name, variant, to_vec(value), &expected) {
            variants.push(Variant {
                name: variant,
                run: Box::new(move || to_vec(black_box(value)).map(|out| drop(black_box(out)))),
            });
        }
    }
    measure(name, expected.len(), &variants, rounds, &BASES);
}

fn document<T: DeserializeOwned + Serialize>(options: &Options, name: &str, file: &str) {
    if options.skips(name) {
        return;
    }
    let Some(path) = data::document_or_skip(name, file) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read bench document");
    let value: T = serde_json::from_slice(&bytes).expect("serde_json reads the document");
    group(name, &value, options.rounds, &[]);
}

fn strings(options: &Options) {
    for (name, per_mille) in [("to_vec_plain", 0), ("to_vec_5pct", ESCAPES_5PCT)] {
        if options.skips(name) {
            continue;
        }
        let len = if options.smoke { 1 << 20 } else { TEXT_LEN };
        let extra: &[(&str, ToVec<str>)] = match per_mille {
            0 => &[(COPY, copy_between_quotes)],
            _ => &[],
        };
        // Each pass over 64 MiB takes 0.03 to 0.1 s per variant.
        group(
            name,
            text(len, per_mille).as_str(),
            options.large_rounds(),
            extra,
        );
    }
}

fn main() {
    interleaved::run(|options| {
        document::<Twitter>(options, "to_vec_twitter", "twitter.json");
        document::<Catalog>(options, "to_vec_citm_catalog", "citm_catalog.json");
        strings(options);
    });
}
