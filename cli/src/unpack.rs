//! `jsonstream unpack`: the inverse of pack, value by value, chunk by chunk: each member of
//! the object becomes the file its key names. Every file is written under a temporary name
//! and all get their names only once the whole input was read and checked: a truncated or
//! corrupt input (or Ctrl-C) leaves no file.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use jsonstream::blob::{self, FileSinks};
use jsonstream::JsonReader;

use crate::error::{CliError, CliResult};
use crate::files::Input;
use crate::format::Format;
use crate::pack::BASE64_SUFFIX;
use crate::progress::{Mode, Progress};

/// Unpacks `input` into the directory `dir`.
pub fn run(input: &Input, dir: &Path, force: bool, mode: Mode) -> CliResult {
    if input.format.format != Format::Json {
        return Err(CliError::Usage(format!(
            "{}: unpack reads JSON (.json, .json.zst, .json.gz)",
            input.name()
        )));
    }
    let progress = Progress::new(mode, input.size(), "unpack");
    let name = input.name();
    let mut reader = JsonReader::new(input.open(&progress)?);
    fs::create_dir_all(dir).map_err(|err| CliError::io(dir, err))?;
    let mut files = FileSinks::new(dir).nested(true);
    // Complete files under their temporary names, published at the end.
    let mut staged = Vec::new();
    let json = |err| CliError::json(&name, err);
    reader.begin_object().map_err(json)?;
    while reader.has_next().map_err(json)? {
        let key = reader.next_key().map_err(json)?.to_owned();
        let (file, base64) = match key.strip_suffix(BASE64_SUFFIX) {
            Some(file) => (file, true),
            None => (key.as_str(), false),
        };
        // Refused, or already there: nothing is written for it.
        let at = |reader: &JsonReader<_>, why: String| {
            CliError::Invalid(format!(
                "{name}: {why} at line {} column {}, path {} (byte {})",
                reader.line(),
                reader.column(),
                reader.path(),
                reader.offset()
            ))
        };
        let mut sink = files.sink(file).map_err(|err| match err.kind() {
            io::ErrorKind::InvalidInput | io::ErrorKind::AlreadyExists => {
                at(&reader, err.to_string())
            }
            _ => CliError::io(&dir.join(file), err),
        })?;
        let path = dir.join(blob::relative_path(file).map_err(|err| at(&reader, err.to_string()))?);
        if !force && path.symlink_metadata().is_ok() {
            return Err(CliError::Usage(format!(
                "{} exists; give --force to replace the files that {name} names",
                path.display()
            )));
        }
        if base64 {
            let decoded = reader.base64_reader().map_err(json)?;
            copy_decoded(decoded, &mut sink, &name, &path)?;
        } else {
            let copied = reader.string_reader().map_err(json)?.copy_to(&mut sink);
            copied.map_err(|err| CliError::writing(&path.display().to_string(), &name, err))?;
        }
        staged.push(sink.complete().map_err(|err| CliError::io(&path, err))?);
    }
    reader.end_object().map_err(json)?;
    reader.finish().map_err(json)?;
    for file in staged {
        let path = file.path().to_owned();
        file.commit().map_err(|err| CliError::io(&path, err))?;
    }
    progress.finish();
    Ok(())
}

/// Copies a base64 value, decoded, into `sink`: errors reading are the input's (`name`),
/// errors writing the file's (`path`).
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
