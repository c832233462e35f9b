//! Pack large texts into one compressed JSON map and load them back, in bounded memory.
//!
//! 1. **generate**: 5 large and 20 small texts (base64 of random bytes, in runs of 1 KiB),
//!    each zstd-compressed (level 1) into a buffer in memory; the hash and length of each
//!    text are kept for the check.
//! 2. **pack**: [`blob::dump_map`] writes `{"big1": "…", …, "small20": "…"}` into a zstd
//!    encoder over a file in a temporary directory, the sources being zstd decoders over the
//!    compressed buffers; the file is written under a temporary name and renamed when complete
//!    ([`FileSink`]).
//! 3. **load**: [`blob::load_map`] reads the file back through a zstd decoder, each value
//!    unescaped chunk by chunk into a zstd encoder over a `Vec<u8>` (the sink `ZstdBuffer` of
//!    `jsonstream_examples::compressed`, shared with the `bundle` example),
//!    so the loaded values are compressed buffers, never a decompressed text.
//!    The compressed inputs are freed before this phase (only their hashes are kept).
//! 4. **verify**: every loaded buffer is decompressed as a stream into a hasher and compared
//!    with the generated text's hash and length (no value is ever held decompressed).
//!
//! For each phase it prints the wall time and the memory: `rss@start` (resident set when the
//! phase begins, e.g. the compressed buffers already held), `peak` (the highest resident set
//! during the phase: the kernel's high-water mark, VmHWM, is reset before each phase by writing
//! `5` to `/proc/self/clear_refs`) and `peak-start` (what the phase itself added at its peak).
//! Where the reset is not allowed, `peak` is the process-wide high-water mark so far and is
//! marked so.
//!
//! ```text
//! cargo run --release -p jsonstream-examples --example pack_texts -- --big-mb 500
//! ```
//!
//! Options: `--big-mb N` (size of each large text in MiB, default 20; BENCHMARKS.md measures
//! 500), `--small-mb N` (each small text, default 1), `--keep` (leave the packed file and
//! print its path, e.g. to time `zstd -dc FILE | zstd -1 -c > /dev/null` on it).

use std::fs::{self, File};
use std::path::Path;
use std::process::ExitCode;

use jsonstream::blob::{self, BlobSink, FileSink};
use jsonstream_examples::cli::{self, Opt};
use jsonstream_examples::compressed::{Compressed, ZstdBuffer};
use jsonstream_examples::mem::{self, mib};
use jsonstream_examples::text::{generate_text, Digest, SplitMix64};
use jsonstream_examples::{keep_file, BoxError, TempDir};

const BIG: usize = 5;
const SMALL: usize = 20;
const LEVEL: i32 = 1;

const USAGE: &str =
    "usage: pack_texts [--big-mb N (default 20)] [--small-mb N (default 1)] [--keep]";

/// A generated text: its key, its zstd-compressed bytes, and the digest of the text.
type Text = (String, Compressed, Digest);

/// Times one phase and prints its wall time and memory.
fn phase<T>(name: &str, run: impl FnOnce() -> Result<T, BoxError>) -> Result<T, BoxError> {
    let measured = mem::measure(run)?;
    println!(
        "{name:<9} {:>8.2} s   {}",
        measured.elapsed.as_secs_f64(),
        measured.memory()
    );
    Ok(measured.value)
}

struct Args {
    big_mb: u64,
    small_mb: u64,
    keep: bool,
}

/// Writes the map into a zstd-compressed file, under a temporary name until it is complete.
fn pack(path: &Path, texts: &[Text]) -> Result<u64, BoxError> {
    let encoder = zstd::stream::write::Encoder::new(FileSink::create(path)?, LEVEL)?;
    let mut sources = Vec::with_capacity(texts.len());
    for (key, compressed, _) in texts {
        sources.push((key, compressed.reader()?));
    }
    // On an error the sink is dropped unfinished, which removes the partial file.
    let encoder = blob::dump_map(encoder, sources)?;
    encoder.finish()?.finish()?;
    Ok(fs::metadata(path)?.len())
}

fn load(path: &Path) -> Result<Vec<(String, Compressed)>, BoxError> {
    let decoder = zstd::stream::read::Decoder::new(File::open(path)?)?;
    Ok(blob::load_map(decoder, |_key| ZstdBuffer::new(LEVEL))?)
}

fn verify(texts: &[Text], loaded: &[(String, Compressed)]) -> Result<usize, BoxError> {
    if loaded.len() != texts.len() {
        return Err(format!("{} values loaded, {} packed", loaded.len(), texts.len()).into());
    }
    let mut bad = 0;
    for ((key, _, expected), (loaded_key, compressed)) in texts.iter().zip(loaded) {
        let digest = compressed.digest()?;
        if key != loaded_key || digest != *expected {
            eprintln!("mismatch: {key} ({expected}) loaded as {loaded_key} ({digest})");
            bad += 1;
        }
    }
    Ok(bad)
}

fn run(args: &Args) -> Result<bool, BoxError> {
    let dir = TempDir::new("pack-texts")?;
    let path = dir.join("data.json.zst");
    println!(
        "pack_texts: {BIG} texts of {} MiB and {SMALL} of {} MiB, zstd level {LEVEL}",
        args.big_mb, args.small_mb
    );

    let texts = phase("generate", || {
        let mut rng = SplitMix64(0x5eed_0000);
        let mut texts = Vec::new();
        let sizes = (1..=BIG)
            .map(|i| (format!("big{i}"), args.big_mb))
            .chain((1..=SMALL).map(|i| (format!("small{i}"), args.small_mb)));
        for (key, size_mb) in sizes {
            let (compressed, digest) = generate_text(size_mb, LEVEL, &mut rng)?;
            texts.push((key, compressed, digest));
        }
        Ok(texts)
    })?;
    let text_len: u64 = texts.iter().map(|t| t.2.len).sum();
    let input_len: u64 = texts.iter().map(|t| t.1.len() as u64).sum();

    let packed_len = phase("pack", || pack(&path, &texts))?;
    // The compressed inputs are not needed any more (verify compares with the digests): free
    // them, so that the load phase starts from a small resident set.
    let texts: Vec<Text> = texts
        .into_iter()
        .map(|(key, _, digest)| (key, Compressed::default(), digest))
        .collect();
    let loaded = phase("load", || load(&path))?;
    let loaded_len: u64 = loaded.iter().map(|(_, v)| v.len() as u64).sum();
    let bad = phase("verify", || verify(&texts, &loaded))?;

    println!(
        "sizes: text {} ({text_len} bytes); compressed inputs {}; packed file {} ({packed_len} bytes); loaded buffers {}",
        mib(text_len),
        mib(input_len),
        mib(packed_len),
        mib(loaded_len)
    );
    println!(
        "peak RSS of the whole run (largest phase peak): {}",
        mib(mem::run_peak_bytes())
    );
    if args.keep {
        let kept = keep_file(&path, "jsonstream-pack-texts.json.zst")?;
        println!("kept the packed file: {}", kept.display());
    }
    if bad == 0 {
        println!("verify: all {} values round-trip", loaded.len());
    } else {
        println!("verify: {bad} of {} values differ", loaded.len());
    }
    Ok(bad == 0)
}

fn main() -> ExitCode {
    let mut args = Args {
        big_mb: 20,
        small_mb: 1,
        keep: false,
    };
    let options = &mut [
        Opt::Value("--big-mb", &mut args.big_mb),
        Opt::Value("--small-mb", &mut args.small_mb),
        Opt::Switch("--keep", &mut args.keep),
    ];
    if let Err(stop) = cli::parse(USAGE, options) {
        return stop.exit("pack_texts");
    }
    cli::exit("pack_texts", run(&args))
}
