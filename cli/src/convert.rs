//! `jsonstream convert`: JSON ⇄ PBJSON ⇄ NDJSON, streaming as far as each pair allows.

use std::io::{self, Read, Write};

use jsonstream::pbjson::{FromJson, ToJson};
use jsonstream::{ArrayWriter, JsonReader, JsonWriter, LinesWriter, PrettyFormatter};

use crate::error::{CliError, CliResult};
use crate::files::{Input, Output, OutputOptions};
use crate::format::{FileFormat, Format};
use crate::progress::{Mode, Progress};
use crate::record::Record;

/// Converts `input` into the file at `output` in `format`.
pub fn run(
    input: &Input,
    output: &std::path::Path,
    format: FileFormat,
    pretty: bool,
    options: OutputOptions,
    mode: Mode,
) -> CliResult {
    if pretty && format.format != Format::Json {
        return Err(CliError::Usage(format!(
            "--pretty applies to JSON output, not to {format}"
        )));
    }
    let progress = Progress::new(mode, input.size(), "convert");
    let source = input.open(&progress)?;
    let mut out = Output::create(output, format, options)?;
    let (from, to) = (input.name(), out.name());
    let failed = |err| CliError::writing(&to, &from, err);
    match (input.format.format, format.format) {
        (Format::Json, Format::Json) => {
            let reader = JsonReader::new(source);
            if pretty {
                copy_document(reader, JsonWriter::pretty(&mut out))
            } else {
                copy_document(reader, JsonWriter::new(&mut out))
            }
            .map_err(failed)?;
        }
        (Format::Json, Format::Ndjson) => json_to_lines(source, &mut out).map_err(failed)?,
        (Format::Json, Format::Pbjson) => FromJson::new().run(source, &mut out).map_err(failed)?,
        (Format::Pbjson, Format::Json) => {
            ToJson::new()
                .pretty(pretty)
                .run(source, &mut out)
                .map_err(failed)?;
        }
        (Format::Pbjson, Format::Pbjson) => pbjson_copy(source, &mut out).map_err(failed)?,
        (Format::Pbjson, Format::Ndjson) => {
            let records = jsonstream::pbjson::stream::<Record, _>(source);
            write_lines(records, &mut out).map_err(failed)?;
        }
        (Format::Ndjson, to) => {
            let records = jsonstream::stream_values::<Record, _>(source);
            match to {
                Format::Ndjson => write_lines(records, &mut out),
                Format::Json if pretty => write_array(
                    records,
                    RecordArray::Pretty(ArrayWriter::with_formatter(
                        &mut out,
                        PrettyFormatter::new(),
                    )),
                ),
                Format::Json => {
                    write_array(records, RecordArray::Compact(ArrayWriter::new(&mut out)))
                }
                Format::Pbjson => {
                    write_array(records, RecordArray::Pbjson(ArrayWriter::pbjson(&mut out)))
                }
            }
            .map_err(failed)?;
        }
    }
    out.finish()?;
    progress.finish();
    Ok(())
}

/// Copies the whole document of `reader` into `writer`, in constant memory.
pub fn copy_document<R: Read, W: Write, F: jsonstream::Formatter>(
    mut reader: JsonReader<jsonstream::read::IoRead<R>>,
    mut writer: JsonWriter<W, F>,
) -> jsonstream::Result<()> {
    writer.copy_value(&mut reader)?;
    reader.finish()?;
    writer.finish().map(drop)
}

/// The elements of the top-level array, one per line, each copied in constant memory.
fn json_to_lines<R: Read, W: Write>(source: R, out: &mut W) -> jsonstream::Result<()> {
    let mut reader = JsonReader::new(source);
    let mut lines = LinesWriter::new(out);
    reader.begin_array()?;
    while reader.has_next()? {
        lines.copy_value(&mut reader)?;
    }
    reader.end_array()?;
    reader.finish()?;
    lines.finish().map(drop)
}

/// Writes the records one per line.
pub fn write_lines<W: Write>(
    records: impl Iterator<Item = jsonstream::Result<Record>>,
    out: &mut W,
) -> jsonstream::Result<()> {
    let mut lines = LinesWriter::new(out);
    for record in records {
        lines.push(&record?)?;
    }
    lines.finish().map(drop)
}

/// Writes the records as the elements of one array.
pub fn write_array<W: Write>(
    records: impl Iterator<Item = jsonstream::Result<Record>>,
    mut array: RecordArray<W>,
) -> jsonstream::Result<()> {
    for record in records {
        match &mut array {
            RecordArray::Compact(json) => json.push(&record?)?,
            RecordArray::Pretty(json) => json.push(&record?)?,
            RecordArray::Pbjson(pbjson) => pbjson.push(&record?)?,
        }
    }
    match array {
        RecordArray::Compact(json) => json.finish().map(drop),
        RecordArray::Pretty(json) => json.finish().map(drop),
        RecordArray::Pbjson(pbjson) => pbjson.finish().map(drop),
    }
}

/// The array writer that [`write_array`] writes records with: the library's JSON writers take
/// `Dump` items and its PBJSON writer `Serialize` ones, so no one generic `push` serves both.
pub enum RecordArray<W: Write> {
    /// Compact JSON.
    Compact(ArrayWriter<W>),
    /// Pretty JSON.
    Pretty(ArrayWriter<W, PrettyFormatter<'static>>),
    /// PBJSON.
    Pbjson(ArrayWriter<W, jsonstream::pbjson::PbFormat>),
}

/// PBJSON to PBJSON: the bytes as they are, checked as they pass.
fn pbjson_copy<R: Read, W: Write>(source: R, out: &mut W) -> jsonstream::Result<()> {
    let mut reader = jsonstream::pbjson::PbReader::new(Tee { source, out });
    reader.skip_value()?;
    reader.finish()
}

/// A reader that writes everything it reads into `out`.
struct Tee<R, W> {
    source: R,
    out: W,
}

impl<R: Read, W: Write> Read for Tee<R, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.source.read(buf)?;
        self.out.write_all(&buf[..n])?;
        Ok(n)
    }
}
