//! Inputs and outputs: files or `-` (stdin, stdout), decompressed and compressed by their
//! format, and outputs written under a temporary name until they are complete.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use jsonstream::blob::{BlobSink, FileSink};

use crate::error::{CliError, CliResult};
use crate::format::{Compression, FileFormat};
use crate::progress::{Interruptible, Progress};

/// The name of a path in messages: `-` for stdin and stdout.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// A file to read (`-`: standard input) and its format.
pub struct Input {
    pub path: PathBuf,
    pub format: FileFormat,
}

impl Input {
    /// The input at `path`, in the format `from` names or its name's ending says.
    pub fn new(path: &Path, from: Option<&str>) -> CliResult<Input> {
        Ok(Input {
            path: path.to_owned(),
            format: FileFormat::of(path, from, "--from")?,
        })
    }

    /// The name of the input in messages.
    pub fn name(&self) -> String {
        display_name(&self.path)
    }

    fn is_stdin(&self) -> bool {
        self.path == Path::new("-")
    }

    /// The size of the file in bytes (as stored, compressed or not); `None` for stdin.
    pub fn size(&self) -> Option<u64> {
        if self.is_stdin() {
            return None;
        }
        self.path.metadata().ok().map(|meta| meta.len())
    }

    /// Opens the input, its bytes counted by `progress`, decompressed if its format says so.
    pub fn open(&self, progress: &Progress) -> CliResult<Box<dyn Read>> {
        let raw: Box<dyn Read> = if self.is_stdin() {
            Box::new(io::stdin().lock())
        } else {
            let file = File::open(&self.path).map_err(|err| CliError::io(&self.path, err))?;
            Box::new(file)
        };
        let raw = Source(progress.reader(Interruptible(raw)));
        let decoded: Box<dyn Read> = match self.format.compression {
            Compression::None => Box::new(raw),
            Compression::Zstd => {
                let decoder =
                    zstd::Decoder::new(raw).map_err(|err| CliError::io(&self.path, err))?;
                Box::new(Decoded("zstd", decoder))
            }
            Compression::Gzip => Box::new(Decoded("gzip", flate2::read::MultiGzDecoder::new(raw))),
        };
        Ok(decoded)
    }
}

/// The reader of a file itself: its errors are marked as its own, so that an error of a
/// decompressor, or of a writer fed from it, can be told from an error of the file.
pub struct Source<R>(pub R);

/// True for an error of a [`Source`]: reading the file itself failed.
pub fn is_from_source(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<SourceError>())
}

/// An I/O error of the file under a decompressor.
#[derive(Debug)]
struct SourceError(io::Error);

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SourceError {}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|err| {
            if err.kind() == io::ErrorKind::Interrupted {
                err
            } else {
                io::Error::new(err.kind(), SourceError(err))
            }
        })
    }
}

/// A decompressor whose own errors (corrupt or truncated data) are `InvalidData`.
struct Decoded<D>(&'static str, D);

impl<D: Read> Read for Decoded<D> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.1.read(buf).map_err(|err| {
            if is_from_source(&err) || err.kind() == io::ErrorKind::Interrupted {
                err
            } else {
                let name = self.0;
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the {name} data is corrupt or truncated: {err}"),
                )
            }
        })
    }
}

/// How outputs are written: over an existing file or not, and at which compression level.
#[derive(Copy, Clone, Debug)]
pub struct OutputOptions {
    pub force: bool,
    pub level: Option<i32>,
}

/// A file being written (`-`: standard output), compressed as its format says. A file is
/// written under a temporary name in its directory and renamed by [`finish`](Self::finish);
/// dropped before that, it leaves nothing.
pub struct Output {
    path: PathBuf,
    encoder: Encoder,
}

enum Target {
    File(FileSink),
    Stdout(BufWriter<io::Stdout>),
}

enum Encoder {
    Plain(Target),
    Zstd(zstd::Encoder<'static, Target>),
    Gzip(flate2::write::GzEncoder<Target>),
}

/// The default levels: zstd's and gzip's own.
const ZSTD_DEFAULT_LEVEL: i32 = 3;
const GZIP_DEFAULT_LEVEL: i32 = 6;

impl Output {
    /// Starts writing `path` in `format`.
    ///
    /// # Errors
    ///
    /// A usage error for an existing file without `--force`, or a `--level` that the format's
    /// compression does not have; an I/O error creating the temporary file.
    pub fn create(path: &Path, format: FileFormat, options: OutputOptions) -> CliResult<Output> {
        let level = match (format.compression, options.level) {
            (Compression::None, None) => 0,
            (Compression::None, Some(_)) => {
                return Err(CliError::Usage(format!(
                    "--level applies to compressed outputs (.zst, .gz), not to {}",
                    display_name(path)
                )))
            }
            (Compression::Zstd, level) => {
                let level = level.unwrap_or(ZSTD_DEFAULT_LEVEL);
                check_level(level, zstd::compression_level_range(), "zstd")?
            }
            (Compression::Gzip, level) => {
                check_level(level.unwrap_or(GZIP_DEFAULT_LEVEL), 0..=9, "gzip")?
            }
        };
        let target = if path == Path::new("-") {
            Target::Stdout(BufWriter::with_capacity(64 << 10, io::stdout()))
        } else {
            if !options.force && path.symlink_metadata().is_ok() {
                return Err(CliError::Usage(format!(
                    "{} exists; give --force to replace it",
                    path.display()
                )));
            }
            Target::File(FileSink::create(path).map_err(|err| CliError::io(path, err))?)
        };
        let encoder = match format.compression {
            Compression::None => Encoder::Plain(target),
            Compression::Zstd => {
                let mut encoder =
                    zstd::Encoder::new(target, level).map_err(|err| CliError::io(path, err))?;
                // A checksum, so that a corrupt file is an error rather than other content.
                encoder
                    .include_checksum(true)
                    .map_err(|err| CliError::io(path, err))?;
                Encoder::Zstd(encoder)
            }
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                target,
                flate2::Compression::new(level as u32),
            )),
        };
        Ok(Output {
            path: path.to_owned(),
            encoder,
        })
    }

    /// The name of the output in messages.
    pub fn name(&self) -> String {
        display_name(&self.path)
    }

    /// Completes the output: ends the compressed stream, flushes, and gives a file its name.
    pub fn finish(self) -> CliResult<()> {
        let path = self.path;
        let finished = (|| {
            let target = match self.encoder {
                Encoder::Plain(target) => target,
                Encoder::Zstd(encoder) => encoder.finish()?,
                Encoder::Gzip(encoder) => encoder.finish()?,
            };
            match target {
                Target::File(sink) => sink.finish().map(drop),
                Target::Stdout(mut stdout) => stdout.flush(),
            }
        })();
        finished.map_err(|err| CliError::io(&path, err))
    }
}

fn check_level(level: i32, range: std::ops::RangeInclusive<i32>, name: &str) -> CliResult<i32> {
    if range.contains(&level) {
        Ok(level)
    } else {
        Err(CliError::Usage(format!(
            "--level {level}: {name} levels are {} to {}",
            range.start(),
            range.end()
        )))
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::File(sink) => sink.write(buf),
            Target::Stdout(stdout) => stdout.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::File(sink) => sink.write_all(buf),
            Target::Stdout(stdout) => stdout.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::File(sink) => sink.flush(),
            Target::Stdout(stdout) => stdout.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.encoder {
            Encoder::Plain(target) => target.write(buf),
            Encoder::Zstd(encoder) => encoder.write(buf),
            Encoder::Gzip(encoder) => encoder.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.encoder {
            Encoder::Plain(target) => target.write_all(buf),
            Encoder::Zstd(encoder) => encoder.write_all(buf),
            Encoder::Gzip(encoder) => encoder.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.encoder {
            Encoder::Plain(target) => target.flush(),
            Encoder::Zstd(encoder) => encoder.flush(),
            Encoder::Gzip(encoder) => encoder.flush(),
        }
    }
}
