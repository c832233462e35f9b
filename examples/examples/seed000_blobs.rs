//! Seed 000, end to end: a JSON map of huge text files, packed and loaded in bounded memory.
//!
//! 1. **generate**: 5 large and 20 small texts like the seed's `gen_v` (lines of base64 of
//!    random bytes, 1 KiB per line), each zstd-compressed (level 1) into a buffer in memory;
//!    the hash and length of each text are kept for the check.
//! 2. **pack**: [`blob::dump_map`] writes `{"big1": "…", …, "small20": "…"}` into a zstd
//!    encoder over a file in a temporary directory, the sources being zstd decoders over the
//!    compressed buffers; the file is written under a temporary name and renamed when complete.
//! 3. **load**: [`blob::load_map`] reads the file back through a zstd decoder, each value
//!    unescaped chunk by chunk into a zstd encoder over a `Vec<u8>` (the [`ZstdBuffer`] sink),
//!    so the loaded values are compressed buffers, as in the seed's `read_data`.
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
//! cargo run --release -p jsonstream-examples --example seed000_blobs -- --big-mb 500
//! ```
//!
//! Options: `--big-mb N` (size of each large text in MiB, default 20; the seed uses 500),
//! `--small-mb N` (each small text, default 1), `--keep` (leave the packed file and print its
//! path, e.g. to time `zstd -dc FILE | zstd -1 -c > /dev/null` on it).

use std::fs::{self, File};
use std::hash::Hasher;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use jsonstream::blob::{self, BlobSink};

const DEFAULT_BIG_MB: u64 = 20;
const DEFAULT_SMALL_MB: u64 = 1;
const BIG: usize = 5;
const SMALL: usize = 20;
const LEVEL: i32 = 1;

/// A zstd-compressed buffer in memory as a [`BlobSink`]: the content is compressed as it is
/// written, and the finished value is the compressed bytes (the seed's `io.BytesIO` holding a
/// `ZstdCompressor.stream_writer`'s output).
struct ZstdBuffer(zstd::stream::write::Encoder<'static, Vec<u8>>);

impl ZstdBuffer {
    fn new() -> io::Result<Self> {
        zstd::stream::write::Encoder::new(Vec::new(), LEVEL).map(ZstdBuffer)
    }
}

impl Write for ZstdBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl BlobSink for ZstdBuffer {
    type Output = Vec<u8>;

    fn finish(self) -> io::Result<Vec<u8>> {
        let mut compressed = self.0.finish()?;
        compressed.shrink_to_fit();
        Ok(compressed)
    }
}

/// Length and hash of a byte stream (SipHash with fixed keys: `Hasher::write` is streaming, so
/// the hash does not depend on how the stream is cut into writes).
struct HashSink {
    len: u64,
    hasher: std::collections::hash_map::DefaultHasher,
}

impl HashSink {
    fn new() -> Self {
        HashSink {
            len: 0,
            hasher: std::collections::hash_map::DefaultHasher::new(),
        }
    }

    fn digest(&self) -> (u64, u64) {
        (self.len, self.hasher.finish())
    }
}

impl Write for HashSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.len += buf.len() as u64;
        self.hasher.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A fast deterministic generator (SplitMix64) standing in for `os.urandom`.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 of `bytes` (a multiple of 3 long, so never padded) appended to `out`.
fn base64_into(bytes: &[u8], out: &mut Vec<u8>) {
    for group in bytes.chunks_exact(3) {
        let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        for shift in [18, 12, 6, 0] {
            out.push(BASE64[(n >> shift & 63) as usize]);
        }
    }
}

/// One text as the seed's `gen_v(size_mb)`: `size_mb * 1024` runs of 1024 bytes each
/// (base64 of 15 random bytes, then base64 of 3 random bytes repeated 251 times; no newline,
/// as in the seed), zstd-compressed at level 1. Returns the compressed bytes and the length
/// and hash of the text.
fn gen_v(size_mb: u64, rng: &mut SplitMix64) -> io::Result<(Vec<u8>, (u64, u64))> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), LEVEL)?;
    let mut hash = HashSink::new();
    let mut piece = Vec::with_capacity(64 * 1024);
    let (mut head, mut tail, mut tail64) = ([0u8; 15], [0u8; 3], Vec::with_capacity(4));
    for i in 0..size_mb * 1024 {
        rng.fill(&mut head);
        rng.fill(&mut tail);
        base64_into(&head, &mut piece);
        tail64.clear();
        base64_into(&tail, &mut tail64);
        for _ in 0..251 {
            piece.extend_from_slice(&tail64);
        }
        if piece.len() >= 63 * 1024 || i + 1 == size_mb * 1024 {
            encoder.write_all(&piece)?;
            hash.write_all(&piece)?;
            piece.clear();
        }
    }
    let mut compressed = encoder.finish()?;
    compressed.shrink_to_fit();
    Ok((compressed, hash.digest()))
}

/// A generated text: its key, its zstd-compressed bytes, and its length and hash.
type Text = (String, Vec<u8>, (u64, u64));

/// Any error, for the phases.
type BoxError = Box<dyn std::error::Error>;

/// Memory figures of this process from /proc/self/status, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resets the peak resident set (VmHWM) to the current one; false where not allowed.
fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The largest peak resident set of the phases so far, in KiB.
static RUN_PEAK_KIB: AtomicU64 = AtomicU64::new(0);

/// Times one phase and prints its wall time and memory.
fn phase<T>(
    name: &str,
    run: impl FnOnce() -> Result<T, Box<dyn std::error::Error>>,
) -> Result<T, Box<dyn std::error::Error>> {
    let reset = reset_peak();
    let start_kib = status_kib("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    let result = run()?;
    let elapsed = started.elapsed();
    let peak_kib = status_kib("VmHWM:").unwrap_or(0);
    RUN_PEAK_KIB.fetch_max(peak_kib, Ordering::Relaxed);
    println!(
        "{name:<9} {:>8.2} s   rss@start {:>10}   peak {:>10}{}   peak-start {:>10}",
        elapsed.as_secs_f64(),
        mib(start_kib * 1024),
        mib(peak_kib * 1024),
        if reset { "" } else { " (process-wide)" },
        mib(peak_kib.saturating_sub(start_kib) * 1024),
    );
    Ok(result)
}

/// A temporary directory, removed with its content when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

struct Args {
    big_mb: u64,
    small_mb: u64,
    keep: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        big_mb: DEFAULT_BIG_MB,
        small_mb: DEFAULT_SMALL_MB,
        keep: false,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let target = match flag.as_str() {
            "--big-mb" => &mut args.big_mb,
            "--small-mb" => &mut args.small_mb,
            "--keep" if inline.is_none() => {
                args.keep = true;
                continue;
            }
            "-h" | "--help" => {
                return Err(
                    "usage: seed000_blobs [--big-mb N (default 20)] [--small-mb N (default 1)] [--keep]"
                        .to_owned(),
                )
            }
            _ => return Err(format!("unknown argument `{arg}` (try --help)")),
        };
        let value = match inline {
            Some(value) => value,
            None => argv.next().ok_or(format!("{flag} needs a value"))?,
        };
        *target = value.parse().map_err(|e| format!("{flag} {value}: {e}"))?;
    }
    Ok(args)
}

fn pack(path: &Path, texts: &[Text]) -> Result<u64, Box<dyn std::error::Error>> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file = BufWriter::with_capacity(128 * 1024, File::create(&partial)?);
    let encoder = zstd::stream::write::Encoder::new(file, LEVEL)?;
    let mut sources = Vec::with_capacity(texts.len());
    for (key, compressed, _) in texts {
        sources.push((
            key,
            zstd::stream::read::Decoder::with_buffer(&compressed[..])?,
        ));
    }
    let result = blob::dump_map(encoder, sources)
        .map_err(Box::<dyn std::error::Error>::from)
        .and_then(|encoder| Ok(encoder.finish()?))
        .and_then(|file| Ok(file.into_inner().map_err(io::IntoInnerError::into_error)?));
    match result {
        Ok(file) => {
            drop(file);
            fs::rename(&partial, path)?;
            Ok(fs::metadata(path)?.len())
        }
        Err(e) => {
            let _ = fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn load(path: &Path) -> Result<Vec<(String, Vec<u8>)>, BoxError> {
    let decoder = zstd::stream::read::Decoder::new(File::open(path)?)?;
    Ok(blob::load_map(decoder, |_key| ZstdBuffer::new())?)
}

fn verify(
    texts: &[Text],
    loaded: &[(String, Vec<u8>)],
) -> Result<usize, Box<dyn std::error::Error>> {
    if loaded.len() != texts.len() {
        return Err(format!("{} values loaded, {} packed", loaded.len(), texts.len()).into());
    }
    let mut bad = 0;
    for ((key, _, expected), (loaded_key, compressed)) in texts.iter().zip(loaded) {
        let mut hash = HashSink::new();
        let mut decoder = zstd::stream::read::Decoder::with_buffer(&compressed[..])?;
        io::copy(&mut decoder, &mut hash)?;
        if key != loaded_key || hash.digest() != *expected {
            eprintln!(
                "mismatch: {key} (len {}, hash {:016x}) loaded as {loaded_key} (len {}, hash {:016x})",
                expected.0,
                expected.1,
                hash.digest().0,
                hash.digest().1
            );
            bad += 1;
        }
    }
    Ok(bad)
}

fn run(args: &Args) -> Result<bool, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("jsonstream-seed000-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    let dir = TempDir(dir);
    let path = dir.0.join("data.json.zst");
    println!(
        "seed 000: {BIG} texts of {} MiB and {SMALL} of {} MiB, zstd level {LEVEL}",
        args.big_mb, args.small_mb
    );

    let texts = phase("generate", || {
        let mut rng = SplitMix64(0x5eed_0000);
        let mut texts = Vec::new();
        let sizes = (1..=BIG)
            .map(|i| (format!("big{i}"), args.big_mb))
            .chain((1..=SMALL).map(|i| (format!("small{i}"), args.small_mb)));
        for (key, size_mb) in sizes {
            let (compressed, digest) = gen_v(size_mb, &mut rng)?;
            texts.push((key, compressed, digest));
        }
        Ok(texts)
    })?;
    let text_len: u64 = texts.iter().map(|t| t.2 .0).sum();
    let input_len: u64 = texts.iter().map(|t| t.1.len() as u64).sum();

    let packed_len = phase("pack", || pack(&path, &texts))?;
    // The compressed inputs are not needed any more (verify compares with the hashes): free
    // them, so that the load phase starts from a small resident set.
    let texts: Vec<Text> = texts
        .into_iter()
        .map(|(key, _, digest)| (key, Vec::new(), digest))
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
        mib(RUN_PEAK_KIB.load(Ordering::Relaxed) * 1024)
    );
    if args.keep {
        let kept = std::env::temp_dir().join("jsonstream-seed000.json.zst");
        fs::rename(&path, &kept).or_else(|_| fs::copy(&path, &kept).map(drop))?;
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
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("seed000_blobs: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("seed000_blobs: {e}");
            ExitCode::FAILURE
        }
    }
}
