//! The job of `pack_texts` as a derived struct: a `#[derive(Dump, Load)]` bundle of large
//! texts, each a blob field, packed from zstd decoders into a zstd-compressed JSON file and
//! loaded back into zstd-compressed buffers, never holding a text decompressed.
//!
//! ```text
//! #[derive(Dump, Load)]
//! struct Bundle<B> {
//!     manifest: Manifest,          // an ordinary serde field: names, lengths and hashes
//!     #[jsonstream(blob)]
//!     big1: B,                     // … big5, small1 … small4
//! }
//! ```
//!
//! `B` is a zstd decoder (an `io::Read`) when the bundle is dumped, and a [`Compressed`]
//! buffer when it is loaded. Where `pack_texts` has a map with keys known only at run time
//! (`blob::dump_map`/`load_map`), this is the same document shape with its keys fixed by a
//! type: 5 large texts and 4 small ones (`pack_texts` has 20 small ones; 4 keep the struct
//! readable, and the small ones are not where the memory goes).
//!
//! 1. **generate**: the texts, as in `pack_texts`, each zstd-compressed into memory;
//!    their lengths and hashes go into the manifest.
//! 2. **pack**: `jsonstream::dump(Bundle<Decoder>, encoder)` into a zstd encoder over a
//!    file in a temporary directory, under a temporary name until complete ([`FileSink`]):
//!    each blob field is read from its decoder chunk by chunk while it is written.
//!    The compressed inputs are freed after this phase (only the manifest is kept).
//! 3. **load**: `Loader::new().sinks(factory).load::<Bundle<Compressed>, _>(decoder)`:
//!    each blob field is unescaped chunk by chunk into a zstd encoder over a `Vec<u8>`
//!    (the [`ZstdBuffer`] sink), opened by the factory at the level of `--level`.
//! 4. **verify**: each loaded buffer is decompressed as a stream into a hasher and compared
//!    with the manifest that was generated and with the one loaded from the file.
//!
//! Each phase prints its wall time and memory (as `pack_texts` does: `peak` is the phase's
//! highest resident set, `peak-start` what the phase added at its peak).
//!
//! ```text
//! cargo run --release -p jsonstream-examples --example bundle -- --big-mb 500
//! ```
//!
//! Options: `--big-mb N` (each large text in MiB, default 20; BENCHMARKS.md measures
//! `pack_texts` at 500), `--small-mb N` (each small text, default 1), `--level N` (zstd
//! level of the loaded buffers, default 1), `--keep` (leave the packed file and print its
//! path).

use std::fs::{self, File};
use std::path::Path;
use std::process::ExitCode;

use jsonstream::blob::{BlobSink, FileSink};
use jsonstream::{Dump, Load, Loader};
use jsonstream_examples::cli::{self, Opt};
use jsonstream_examples::compressed::{Compressed, ZstdBuffer};
use jsonstream_examples::mem::{self, mib};
use jsonstream_examples::text::{generate_text, Digest, SplitMix64};
use jsonstream_examples::{keep_file, BoxError, TempDir};
use serde::{Deserialize, Serialize};

/// What the bundle holds: for each text, its name, length and hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    texts: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    name: String,
    len: u64,
    hash: String,
}

impl Entry {
    fn new(name: &str, digest: Digest) -> Self {
        Entry {
            name: name.to_owned(),
            len: digest.len,
            hash: format!("{:016x}", digest.hash),
        }
    }
}

/// The packed file. Each text is a blob field: a JSON string streamed from a reader when
/// dumped, into a sink when loaded.
#[derive(Dump, Load)]
struct Bundle<B> {
    manifest: Manifest,
    #[jsonstream(blob)]
    big1: B,
    #[jsonstream(blob)]
    big2: B,
    #[jsonstream(blob)]
    big3: B,
    #[jsonstream(blob)]
    big4: B,
    #[jsonstream(blob)]
    big5: B,
    #[jsonstream(blob)]
    small1: B,
    #[jsonstream(blob)]
    small2: B,
    #[jsonstream(blob)]
    small3: B,
    #[jsonstream(blob)]
    small4: B,
}

/// The blob fields' names, in order.
const TEXTS: [&str; 9] = [
    "big1", "big2", "big3", "big4", "big5", "small1", "small2", "small3", "small4",
];
const BIG: usize = 5;
const FORMAT: u32 = 1;
/// zstd level of the generated texts and of the packed file, as in `pack_texts`.
const LEVEL: i32 = 1;

impl<B> Bundle<B> {
    fn new(manifest: Manifest, texts: [B; 9]) -> Self {
        let [big1, big2, big3, big4, big5, small1, small2, small3, small4] = texts;
        Bundle {
            manifest,
            big1,
            big2,
            big3,
            big4,
            big5,
            small1,
            small2,
            small3,
            small4,
        }
    }

    /// The texts, in the order of [`TEXTS`].
    fn texts(&self) -> [&B; 9] {
        [
            &self.big1,
            &self.big2,
            &self.big3,
            &self.big4,
            &self.big5,
            &self.small1,
            &self.small2,
            &self.small3,
            &self.small4,
        ]
    }
}

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

/// Dumps the bundle, its texts read from decoders over `texts`, into a zstd-compressed
/// file; returns the file's size.
fn pack(path: &Path, manifest: &Manifest, texts: &[Compressed]) -> Result<u64, BoxError> {
    let mut readers = Vec::with_capacity(texts.len());
    for text in texts {
        readers.push(text.reader()?);
    }
    let readers: [_; 9] = readers.try_into().map_err(|_| "nine texts expected")?;
    let bundle = Bundle::new(manifest.clone(), readers);
    let mut encoder = zstd::stream::write::Encoder::new(FileSink::create(path)?, LEVEL)?;
    // On an error the sink is dropped unfinished, which removes the partial file.
    jsonstream::dump(bundle, &mut encoder)?;
    encoder.finish()?.finish()?;
    Ok(fs::metadata(path)?.len())
}

/// Loads the bundle, each text into a compressed buffer at `level`; returns it with the
/// JSON paths of the blob fields in the order their sinks were opened.
fn load(path: &Path, level: i32) -> Result<(Bundle<Compressed>, Vec<String>), BoxError> {
    let mut opened = Vec::new();
    let decoder = zstd::stream::read::Decoder::new(File::open(path)?)?;
    let bundle = Loader::new()
        .sinks(|field| {
            opened.push(field.path().to_owned());
            ZstdBuffer::new(level)
        })
        .load::<Bundle<Compressed>, _>(decoder)?;
    Ok((bundle, opened))
}

/// Compares the loaded manifest with the generated one, and each loaded text with it;
/// returns the number of mismatches.
fn verify(manifest: &Manifest, loaded: &Bundle<Compressed>) -> usize {
    let mut bad = 0;
    if loaded.manifest != *manifest {
        eprintln!("mismatch: the loaded manifest differs from the generated one");
        bad += 1;
    }
    for (entry, text) in manifest.texts.iter().zip(loaded.texts()) {
        match text.digest() {
            Ok(digest) if Entry::new(&entry.name, digest) == *entry => {}
            Ok(digest) => {
                eprintln!("mismatch: {} loaded as {digest}", entry.name);
                bad += 1;
            }
            Err(e) => {
                eprintln!("mismatch: {} does not decompress: {e}", entry.name);
                bad += 1;
            }
        }
    }
    bad
}

struct Args {
    big_mb: u64,
    small_mb: u64,
    level: i32,
    keep: bool,
}

fn run(args: &Args) -> Result<bool, BoxError> {
    let levels = zstd::compression_level_range();
    if !levels.contains(&args.level) {
        return Err(format!("--level {}: zstd levels are {levels:?}", args.level).into());
    }
    let dir = TempDir::new("bundle")?;
    let path = dir.join("bundle.json.zst");
    println!(
        "bundle: {BIG} texts of {} MiB and {} of {} MiB as blob fields; packed at zstd level \
         {LEVEL}, loaded into buffers at level {}",
        args.big_mb,
        TEXTS.len() - BIG,
        args.small_mb,
        args.level
    );

    let (manifest, texts) = phase("generate", || {
        let mut rng = SplitMix64(0x5eed_b0d1);
        let mut entries = Vec::new();
        let mut texts = Vec::new();
        for (i, name) in TEXTS.iter().enumerate() {
            let size_mb = if i < BIG { args.big_mb } else { args.small_mb };
            let (compressed, digest) = generate_text(size_mb, LEVEL, &mut rng)?;
            entries.push(Entry::new(name, digest));
            texts.push(compressed);
        }
        let manifest = Manifest {
            format: FORMAT,
            texts: entries,
        };
        Ok((manifest, texts))
    })?;
    let text_len: u64 = manifest.texts.iter().map(|e| e.len).sum();
    let input_len: u64 = texts.iter().map(|t| t.len() as u64).sum();

    let packed_len = phase("pack", || pack(&path, &manifest, &texts))?;
    // Free the compressed inputs: the load phase starts from a small resident set, and the
    // check compares with the manifest only.
    drop(texts);
    let (loaded, opened) = phase("load", || load(&path, args.level))?;
    let loaded_len: u64 = loaded.texts().iter().map(|t| t.len() as u64).sum();
    let bad = phase("verify", || Ok(verify(&manifest, &loaded)))?;

    println!(
        "sizes: text {} ({text_len} bytes); compressed inputs {}; packed file {} \
         ({packed_len} bytes); loaded buffers {}",
        mib(text_len),
        mib(input_len),
        mib(packed_len),
        mib(loaded_len)
    );
    println!(
        "sinks opened by the loader's factory: {}",
        opened.join(", ")
    );
    println!(
        "peak RSS of the whole run (largest phase peak): {}",
        mib(mem::run_peak_bytes())
    );
    if args.keep {
        let kept = keep_file(&path, "jsonstream-bundle.json.zst")?;
        println!("kept the packed file: {}", kept.display());
    }
    if bad == 0 {
        println!(
            "verify: the manifest and all {} texts round-trip",
            TEXTS.len()
        );
    } else {
        println!("verify: {bad} mismatches");
    }
    Ok(bad == 0)
}

fn main() -> ExitCode {
    let mut args = Args {
        big_mb: 20,
        small_mb: 1,
        level: 1,
        keep: false,
    };
    let usage = "usage: bundle [--big-mb N (default 20)] [--small-mb N (default 1)] \
                 [--level N (default 1)] [--keep]";
    let options = &mut [
        Opt::Value("--big-mb", &mut args.big_mb),
        Opt::Value("--small-mb", &mut args.small_mb),
        Opt::Value("--level", &mut args.level),
        Opt::Switch("--keep", &mut args.keep),
    ];
    if let Err(stop) = cli::parse(usage, options) {
        return stop.exit("bundle");
    }
    cli::exit("bundle", run(&args))
}
