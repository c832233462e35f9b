//! zstd-compressed buffers in memory: [`Compressed`], a blob field type of `Load` structs, and
//! [`ZstdBuffer`], the [`BlobSink`] that compresses a blob into one as it is loaded (in
//! Python terms, an `io.BytesIO` behind a `ZstdCompressor.stream_writer`).

use std::io::{self, Write};

use jsonstream::blob::{BlobField, BlobSink, BlobValue};

use crate::text::{Digest, HashSink};

/// The zstd level of [`Compressed`] blob fields loaded without a sink factory: 1, the level
/// the examples compress at.
pub const DEFAULT_LEVEL: i32 = 1;

/// One zstd frame in memory: a text held compressed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compressed(pub Vec<u8>);

impl Compressed {
    /// The compressed size in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no compressed bytes at all (not even an empty frame).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A reader of the decompressed text: a blob source for `Dump`.
    ///
    /// # Errors
    ///
    /// An error creating the zstd decoder.
    pub fn reader(&self) -> io::Result<zstd::stream::read::Decoder<'_, &[u8]>> {
        zstd::stream::read::Decoder::with_buffer(&self.0[..])
    }

    /// The digest of the decompressed text, decompressed as a stream (never held whole).
    ///
    /// # Errors
    ///
    /// An error decompressing.
    pub fn digest(&self) -> io::Result<Digest> {
        let mut hash = HashSink::new();
        io::copy(&mut self.reader()?, &mut hash)?;
        Ok(hash.digest())
    }
}

/// A [`BlobSink`] that compresses what is written into it into a buffer in memory, and
/// becomes that buffer ([`Compressed`]) when finished.
pub struct ZstdBuffer(zstd::stream::write::Encoder<'static, Vec<u8>>);

impl ZstdBuffer {
    /// An empty buffer compressing at `level`.
    ///
    /// # Errors
    ///
    /// An error creating the zstd encoder (such as a level out of range).
    pub fn new(level: i32) -> io::Result<Self> {
        zstd::stream::write::Encoder::new(Vec::new(), level).map(ZstdBuffer)
    }

    /// Ends the frame and returns the compressed bytes, trimmed to size.
    ///
    /// # Errors
    ///
    /// An error of the zstd encoder.
    pub fn into_compressed(self) -> io::Result<Compressed> {
        let mut bytes = self.0.finish()?;
        bytes.shrink_to_fit();
        Ok(Compressed(bytes))
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
    type Output = Compressed;

    fn finish(self) -> io::Result<Compressed> {
        self.into_compressed()
    }
}

impl BlobValue for Compressed {
    type Sink = ZstdBuffer;

    /// A buffer at [`DEFAULT_LEVEL`]; a `Loader` with a factory for `Compressed` may choose
    /// another level.
    fn open_sink(_field: &BlobField<'_>) -> io::Result<ZstdBuffer> {
        ZstdBuffer::new(DEFAULT_LEVEL)
    }
}
