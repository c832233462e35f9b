//! Generated data and hashes of byte streams: the generator of large texts
//! ([`generate_text`]), a fast deterministic generator ([`SplitMix64`]), and [`HashSink`],
//! which digests whatever is written into it.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::io::{self, Write};

use crate::compressed::{Compressed, ZstdBuffer};

/// A fast deterministic generator (SplitMix64), standing in for `os.urandom`.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fills `out` with random bytes.
    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// The length and hash of a byte stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    /// Its length in bytes.
    pub len: u64,
    /// Its hash (SipHash with fixed keys).
    pub hash: u64,
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "len {}, hash {:016x}", self.len, self.hash)
    }
}

/// An `io::Write` that digests what is written into it: `Hasher::write` is streaming, so the
/// digest does not depend on how the stream is cut into writes.
#[derive(Debug, Default)]
pub struct HashSink {
    len: u64,
    hasher: DefaultHasher,
}

impl HashSink {
    /// An empty stream's sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// The digest of what was written so far.
    pub fn digest(&self) -> Digest {
        Digest {
            len: self.len,
            hash: self.hasher.finish(),
        }
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

/// One text of `size_mb` MiB: `size_mb * 1024` runs of 1024 bytes each (base64 of 15 random
/// bytes, then base64 of 3 random bytes repeated 251 times; no newline), zstd-compressed at
/// `level` as it is generated. Returns the compressed text and the digest of the text itself.
///
/// # Errors
///
/// An error of the zstd encoder.
pub fn generate_text(
    size_mb: u64,
    level: i32,
    rng: &mut SplitMix64,
) -> io::Result<(Compressed, Digest)> {
    let mut encoder = ZstdBuffer::new(level)?;
    let mut hash = HashSink::new();
    let mut piece = Vec::with_capacity(64 * 1024);
    let (mut head, mut tail, mut tail64) = ([0u8; 15], [0u8; 3], Vec::with_capacity(4));
    let runs = size_mb * 1024;
    for i in 0..runs {
        rng.fill(&mut head);
        rng.fill(&mut tail);
        base64_into(&head, &mut piece);
        tail64.clear();
        base64_into(&tail, &mut tail64);
        for _ in 0..251 {
            piece.extend_from_slice(&tail64);
        }
        if piece.len() >= 63 * 1024 || i + 1 == runs {
            encoder.write_all(&piece)?;
            hash.write_all(&piece)?;
            piece.clear();
        }
    }
    Ok((encoder.into_compressed()?, hash.digest()))
}
