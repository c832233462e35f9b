//! `jsonstream unpack`: the inverse of pack, value by value, chunk by chunk: each member of
//! the object (JSON or PBJSON) becomes the file its key names. Every file is written under a temporary name
//! and all get their names only once the whole input was read and checked: a truncated or
//! corrupt input (or Ctrl-C) leaves no file.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use jsonstream::blob::{self, FileSink, FileSinks};
use jsonstream::pbjson::{PbReader, ValueType};
use jsonstream::read::IoRead;
use jsonstream::JsonReader;

use crate::error::{CliError, CliResult};
use crate::files::Input;
use crate::format::Format;
use crate::pack::BASE64_SUFFIX;
use crate::progress::{Mode, Progress};

/// Unpacks `input` into the directory `dir`.
pub fn run(input: &Input, dir: &Path, force: bool, mode: Mode) -> CliResult {
    let pbjson = match input.format.format {
        Format::Json => false,
        Format::Pbjson => true,
        _ => {
            return Err(CliError::Usage(format!(
                "{}: unpack reads JSON or PBJSON (.json or .pbj, then .zst or .gz if compressed)",
                input.name()
            )))
        }
    };
    let progress = Progress::new(mode, input.size(), "unpack");
    let name = input.name();
    let source = input.open(&progress)?;
    let mut bundle = if pbjson {
        Bundle::Pbjson(PbReader::new(source))
    } else {
        Bundle::Json(JsonReader::new(source))
    };
    fs::create_dir_all(dir).map_err(|err| CliError::io(dir, err))?;
    let mut files = FileSinks::new(dir).nested(true);
    // Complete files under their temporary names, published at the end.
    let mut staged = Vec::new();
    let failed = |err| CliError::json(&name, err);
    bundle.begin().map_err(failed)?;
    while bundle.has_next().map_err(failed)? {
        let key = bundle.next_key().map_err(failed)?;
        let (file, base64) = match key.strip_suffix(BASE64_SUFFIX) {
            Some(file) if !pbjson => (file, true),
            _ => (key.as_str(), false),
        };
        // Refused, or already there: nothing is written for it.
        let at = |bundle: &Bundle<_>, why: String| {
            CliError::Invalid(format!("{name}: {why} at {}", bundle.location()))
        };
        let mut sink = files.sink(file).map_err(|err| match err.kind() {
            io::ErrorKind::InvalidInput | io::ErrorKind::AlreadyExists => {
                at(&bundle, err.to_string())
            }
            _ => CliError::io(&dir.join(file), err),
        })?;
        let path = dir.join(blob::relative_path(file).map_err(|err| at(&bundle, err.to_string()))?);
        if !force && path.symlink_metadata().is_ok() {
            return Err(CliError::Usage(format!(
                "{} exists; give --force to replace the files that {name} names",
                path.display()
            )));
        }
        bundle.copy_value(base64, &mut sink, &name, &path)?;
        staged.push(sink.complete().map_err(|err| CliError::io(&path, err))?);
    }
    bundle.finish().map_err(failed)?;
    for file in staged {
        let path = file.path().to_owned();
        file.commit().map_err(|err| CliError::io(&path, err))?;
    }
    progress.finish();
    Ok(())
}

/// The packed object being read, in either format.
enum Bundle<R: Read> {
    Json(JsonReader<IoRead<R>>),
    Pbjson(PbReader<IoRead<R>>),
}

impl<R: Read> Bundle<R> {
    fn begin(&mut self) -> jsonstream::Result<()> {
        match self {
            Bundle::Json(json) => json.begin_object(),
            Bundle::Pbjson(pbjson) => pbjson.begin_object().map(drop),
        }
    }

    fn has_next(&mut self) -> jsonstream::Result<bool> {
        match self {
            Bundle::Json(json) => json.has_next(),
            Bundle::Pbjson(pbjson) => pbjson.has_next(),
        }
    }

    fn next_key(&mut self) -> jsonstream::Result<String> {
        match self {
            Bundle::Json(json) => json.next_key().map(str::to_owned),
            Bundle::Pbjson(pbjson) => pbjson.next_key().map(str::to_owned),
        }
    }

    /// Where the reader is, for a message: line, column, path and byte in JSON; byte and
    /// path in PBJSON (binary input has no lines).
    fn location(&self) -> String {
        match self {
            Bundle::Json(json) => format!(
                "line {} column {}, path {} (byte {})",
                json.line(),
                json.column(),
                json.path(),
                json.offset()
            ),
            Bundle::Pbjson(pbjson) => format!("byte {}, path {}", pbjson.offset(), pbjson.path()),
        }
    }

    /// Copies the next value, a file's content, into `sink`: a string's text, a base64
    /// string decoded (JSON), or a binary value's bytes (PBJSON). Errors reading are the
    /// input's (`name`), errors writing the file's (`path`).
    fn copy_value(
        &mut self,
        base64: bool,
        sink: &mut FileSink,
        name: &str,
        path: &Path,
    ) -> CliResult {
        let failed = |err| CliError::json(name, err);
        match self {
            Bundle::Json(json) if base64 => {
                copy_decoded(json.base64_reader().map_err(failed)?, sink, name, path)
            }
            Bundle::Json(json) => {
                let copied = json.string_reader().map_err(failed)?.copy_to(sink);
                copied
                    .map(drop)
                    .map_err(|err| CliError::writing(&path.display().to_string(), name, err))
            }
            Bundle::Pbjson(pbjson) => {
                let content = match pbjson.peek().map_err(failed)? {
                    ValueType::String => pbjson.string_reader(),
                    ValueType::Binary => pbjson.binary_reader(),
                    other => {
                        return Err(CliError::Invalid(format!(
                            "{name}: a file's content must be a string or a binary value, not {other:?}, at byte {}, path {}",
                            pbjson.offset(),
                            pbjson.path()
                        )))
                    }
                };
                copy_decoded(content.map_err(failed)?, sink, name, path)
            }
        }
    }

    fn finish(self) -> jsonstream::Result<()> {
        match self {
            Bundle::Json(mut json) => json.end_object().and_then(|()| json.finish()),
            Bundle::Pbjson(mut pbjson) => pbjson.end_object().and_then(|()| pbjson.finish()),
        }
    }
}

/// Copies a value's content (a base64 string decoded, or a PBJSON string or binary value)
/// into `sink`: errors reading are the input's (`name`), errors writing the file's (`path`).
fn copy_decoded(
    mut decoded: impl Read,
    sink: &mut impl Write,
    name: &str,
    path: &Path,
) -> CliResult {
    let mut buf = vec![0; 64 << 10];
    loop {
        let n = match decoded.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => {
                return Err(match err.downcast::<jsonstream::Error>() {
                    Ok(err) => CliError::json(name, err),
                    Err(err) => CliError::io(Path::new(name), err),
                })
            }
        };
        sink.write_all(&buf[..n])
            .map_err(|err| CliError::io(path, err))?;
    }
}
