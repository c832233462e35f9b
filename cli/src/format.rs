//! Which format a file is in, from its name's ending or from `--from`/`--to`: never guessed
//! from the content.

use std::fmt;
use std::path::Path;

use crate::error::{CliError, CliResult};

/// The document formats the tool reads and writes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON document (`.json`).
    Json,
    /// JSON Lines: one value per line (`.ndjson`, `.jsonl`).
    Ndjson,
    /// Packed Binary JSON (`.pbj`, `.pbjson`).
    Pbjson,
}

/// How a file is compressed: by a last ending `.zst` or `.gz`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// zstd (`.zst`).
    Zstd,
    /// gzip (`.gz`).
    Gzip,
}

/// A file's format and compression.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct FileFormat {
    pub format: Format,
    pub compression: Compression,
}

/// The endings, for messages.
pub const KNOWN: &str =
    "json, ndjson, jsonl, pbj or pbjson, each optionally followed by .zst or .gz";

impl FileFormat {
    /// The format named by `name`, an ending without its first dot (`json`, `ndjson.zst`,
    /// `pbj.gz`), in any case.
    pub fn from_name(name: &str) -> Option<FileFormat> {
        let name = name.to_ascii_lowercase();
        let (base, compression) = if let Some(base) = name.strip_suffix(".zst") {
            (base, Compression::Zstd)
        } else if let Some(base) = name.strip_suffix(".gz") {
            (base, Compression::Gzip)
        } else {
            (name.as_str(), Compression::None)
        };
        let format = match base {
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            "pbj" | "pbjson" => Format::Pbjson,
            _ => return None,
        };
        Some(FileFormat {
            format,
            compression,
        })
    }

    /// The format of the file at `path` (`-`: standard input or output), named by `given`
    /// (`--from`/`--to`) or else by the path's ending; `flag` names the option for messages.
    pub fn of(path: &Path, given: Option<&str>, flag: &str) -> CliResult<FileFormat> {
        if let Some(name) = given {
            return FileFormat::from_name(name).ok_or_else(|| {
                CliError::Usage(format!("{flag} {name}: unknown format; use {KNOWN}"))
            });
        }
        if path == Path::new("-") {
            return Err(CliError::Usage(format!(
                "`-` needs {flag} to name its format ({KNOWN})"
            )));
        }
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // The ending: after the first dot of the name past its first character (`.x.json`
        // is hidden, not `x.json`), with a compression ending the last.
        let candidates = file_name
            .char_indices()
            .filter(|&(i, c)| c == '.' && i > 0)
            .map(|(i, _)| &file_name[i + 1..]);
        for ending in candidates {
            if let Some(format) = FileFormat::from_name(ending) {
                return Ok(format);
            }
        }
        Err(CliError::Usage(format!(
            "{}: the name does not say the format; name the file with an ending ({KNOWN}) \
             or give {flag}",
            path.display()
        )))
    }
}

impl fmt::Display for FileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.format {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Pbjson => "pbjson",
        })?;
        f.write_str(match self.compression {
            Compression::None => "",
            Compression::Zstd => ".zst",
            Compression::Gzip => ".gz",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(path: &str) -> Option<FileFormat> {
        FileFormat::of(Path::new(path), None, "--from").ok()
    }

    #[test]
    fn endings_name_the_format_and_compression() {
        let json = |compression| FileFormat {
            format: Format::Json,
            compression,
        };
        assert_eq!(of("a.json"), Some(json(Compression::None)));
        assert_eq!(of("dir.v2/a.b.JSON.ZST"), Some(json(Compression::Zstd)));
        assert_eq!(of("a.json.gz"), Some(json(Compression::Gzip)));
        assert_eq!(of("a.jsonl").unwrap().format, Format::Ndjson);
        assert_eq!(of("a.ndjson.zst").unwrap().format, Format::Ndjson);
        assert_eq!(of("a.pbj").unwrap().format, Format::Pbjson);
        assert_eq!(of("a.pbjson.gz").unwrap().compression, Compression::Gzip);
        for unknown in ["a", "a.txt", "a.zst", "a.json.bz2", ".json", "-", "json"] {
            assert_eq!(of(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_given_name_wins_over_the_ending() {
        let given = FileFormat::of(Path::new("-"), Some("ndjson.gz"), "--to").unwrap();
        assert_eq!(given.to_string(), "ndjson.gz");
        let given = FileFormat::of(Path::new("a.json"), Some("pbj"), "--to").unwrap();
        assert_eq!(given.format, Format::Pbjson);
        assert!(FileFormat::of(Path::new("-"), Some("xml"), "--to").is_err());
    }
}
