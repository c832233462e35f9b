//! `jsonstream pack`: every file under the given paths into one JSON object
//! `{"relative/path": "content", …}` (or the same object in PBJSON, where a file that is not
//! text is a binary value), each file streamed into its value.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use jsonstream::pbjson::PbWriter;
use jsonstream::{blob, JsonWriter};

use crate::error::{CliError, CliResult};
use crate::files::{display_name, Output, OutputOptions, Source};
use crate::format::{FileFormat, Format};
use crate::progress::{Interruptible, Mode, Progress};

/// The ending of the key of a file packed in base64: a NUL, which no file name has, then
/// `base64`. `photo.png` packed in base64 is the member `"photo.png\u0000base64": "iVBO…"`.
pub const BASE64_SUFFIX: &str = "\0base64";

/// How file contents become string values.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// Valid UTF-8 as text, anything else in base64.
    Auto,
    /// Every file as text; a file that is not UTF-8 is an error.
    Text,
    /// Every file in base64.
    Base64,
}

/// A file to pack: its key and where it is.
struct Entry {
    key: String,
    path: PathBuf,
    size: u64,
}

/// Packs the files under `paths` into `output`.
pub fn run(
    paths: &[PathBuf],
    output: &Path,
    to: Option<&str>,
    encoding: Encoding,
    options: OutputOptions,
    mode: Mode,
) -> CliResult {
    let format = FileFormat::of(output, to, "--to")?;
    if !matches!(format.format, Format::Json | Format::Pbjson) {
        return Err(CliError::Usage(format!(
            "{}: pack writes JSON or PBJSON; name the output .json or .pbj (then .zst or .gz \
             if compressed)",
            display_name(output)
        )));
    }
    let entries = entries(paths)?;
    let total = entries.iter().map(|entry| entry.size).sum();
    let progress = Progress::new(mode, Some(total), "pack");
    let mut out = Output::create(output, format, options)?;
    let name = out.name();
    let mut bundle = match format.format {
        Format::Pbjson => Bundle::Pbjson(Box::new(PbWriter::new(&mut out))),
        _ => Bundle::Json(JsonWriter::new(&mut out)),
    };
    bundle
        .begin(entries.len())
        .map_err(|err| CliError::writing(&name, &name, err))?;
    for entry in &entries {
        let path = display_name(&entry.path);
        let text = match encoding {
            Encoding::Base64 => false,
            Encoding::Text => true,
            Encoding::Auto => is_utf8(&entry.path)?,
        };
        let file = File::open(&entry.path).map_err(|err| CliError::io(&entry.path, err))?;
        let source = progress.reader(Source(file));
        bundle
            .file(&entry.key, text, source, entry.size)
            .map_err(|err| CliError::writing(&name, &path, err))?;
    }
    bundle
        .finish()
        .map_err(|err| CliError::writing(&name, &name, err))?;
    out.finish()?;
    progress.finish();
    Ok(())
}

/// The object being packed, in either format.
enum Bundle<W: io::Write> {
    /// A JSON object: text as strings, other files in base64 under keys ending in
    /// [`BASE64_SUFFIX`].
    Json(JsonWriter<W>),
    /// A PBJSON object: text as strings, other files as binary values, keys as they are
    /// (boxed: the writer holds its key memo).
    Pbjson(Box<PbWriter<W>>),
}

impl<W: io::Write> Bundle<W> {
    fn begin(&mut self, files: usize) -> jsonstream::Result<()> {
        match self {
            Bundle::Json(json) => json.begin_object(),
            Bundle::Pbjson(pbjson) => pbjson.begin_object(files as u64),
        }
    }

    /// Writes the member of one file of `size` bytes, read from `source`: its text, or (not
    /// `text`) its bytes.
    fn file(
        &mut self,
        key: &str,
        text: bool,
        source: impl Read,
        size: u64,
    ) -> jsonstream::Result<()> {
        match self {
            Bundle::Json(json) if text => json
                .key(key)
                .and_then(|()| json.blob_text(source).map(drop)),
            Bundle::Json(json) => json
                .key(&format!("{key}{BASE64_SUFFIX}"))
                .and_then(|()| json.blob_base64(source).map(drop)),
            Bundle::Pbjson(pbjson) => {
                pbjson.key(key)?;
                if text {
                    pbjson.str_from(source, size)
                } else {
                    pbjson.binary_from(source, size)
                }
            }
        }
    }

    fn finish(self) -> jsonstream::Result<()> {
        match self {
            Bundle::Json(mut json) => json.end_object().and_then(|()| json.finish().map(drop)),
            Bundle::Pbjson(mut pbjson) => {
                pbjson.end_object().and_then(|()| pbjson.finish().map(drop))
            }
        }
    }
}

/// The files to pack, sorted by key: a file given is packed under its name, the files
/// under a directory given under their paths relative to it; every key one that unpack
/// accepts, and no key twice.
fn entries(paths: &[PathBuf]) -> CliResult<Vec<Entry>> {
    let mut entries = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|err| CliError::io(path, err))?;
        if meta.is_dir() {
            walk(path, "", &mut entries)?;
        } else if meta.is_file() {
            let key = utf8_name(path, path.file_name().unwrap_or(path.as_os_str()))?;
            entries.push(Entry {
                key,
                path: path.clone(),
                size: meta.len(),
            });
        } else {
            return Err(not_a_file(path));
        }
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    for pair in entries.windows(2) {
        if pair[0].key == pair[1].key {
            return Err(CliError::Usage(format!(
                "{} and {} would both be packed as `{}`",
                pair[0].path.display(),
                pair[1].path.display(),
                pair[0].key
            )));
        }
    }
    for entry in &entries {
        blob::relative_path(&entry.key).map_err(|err| {
            CliError::Invalid(format!(
                "{}: unpack could not restore it: {err}",
                entry.path.display()
            ))
        })?;
    }
    Ok(entries)
}

/// Adds the files under `dir` to `entries`, keyed `prefix` + their path under `dir`.
fn walk(dir: &Path, prefix: &str, entries: &mut Vec<Entry>) -> CliResult {
    let listing = fs::read_dir(dir).map_err(|err| CliError::io(dir, err))?;
    for item in listing {
        let item = item.map_err(|err| CliError::io(dir, err))?;
        let path = item.path();
        let key = format!("{prefix}{}", utf8_name(&path, &item.file_name())?);
        let kind = item.file_type().map_err(|err| CliError::io(&path, err))?;
        if kind.is_dir() {
            walk(&path, &format!("{key}/"), entries)?;
            continue;
        }
        // A link to a file is packed as the file; links to directories are not followed
        // (they could loop), and other kinds of files have no content to pack.
        let meta = fs::metadata(&path).map_err(|err| CliError::io(&path, err))?;
        if kind.is_symlink() && meta.is_dir() {
            return Err(CliError::Invalid(format!(
                "{}: a symbolic link to a directory, which pack does not follow",
                path.display()
            )));
        }
        if !meta.is_file() {
            return Err(not_a_file(&path));
        }
        entries.push(Entry {
            key,
            path,
            size: meta.len(),
        });
    }
    Ok(())
}

fn utf8_name(path: &Path, name: &std::ffi::OsStr) -> CliResult<String> {
    name.to_str().map(str::to_owned).ok_or_else(|| {
        CliError::Invalid(format!(
            "{}: the name is not UTF-8, so it cannot be a JSON key",
            path.display()
        ))
    })
}

fn not_a_file(path: &Path) -> CliError {
    CliError::Invalid(format!(
        "{}: not a regular file or directory (a device, socket or pipe has no content to pack)",
        path.display()
    ))
}

/// True if the file at `path` is valid UTF-8 text, read in chunks (so it is read twice
/// when packed: this costs no memory, whatever its size).
fn is_utf8(path: &Path) -> CliResult<bool> {
    let file = File::open(path).map_err(|err| CliError::io(path, err))?;
    let mut file = Interruptible(file);
    let mut buf = vec![0; 64 << 10];
    // Bytes of a character cut by the end of the last chunk, moved to the front.
    let mut carried = 0;
    loop {
        let n = match file.read(&mut buf[carried..]) {
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(CliError::io(path, err)),
        };
        if n == 0 {
            return Ok(carried == 0);
        }
        let chunk = &buf[..carried + n];
        match std::str::from_utf8(chunk) {
            Ok(_) => carried = 0,
            Err(err) if err.error_len().is_none() => {
                let valid = err.valid_up_to();
                let len = chunk.len();
                buf.copy_within(valid..len, 0);
                carried = len - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}
