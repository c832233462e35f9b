//! `jsonstream fmt`: a JSON document reformatted, compact or pretty, token by token: the bytes
//! serde_json writes for the same value, in constant memory.

use std::path::Path;

use jsonstream::{JsonReader, JsonWriter};

use crate::convert::copy_document;
use crate::error::{CliError, CliResult};
use crate::files::{Input, Output, OutputOptions};
use crate::format::{FileFormat, Format};
use crate::progress::{Mode, Progress};

/// Reformats `input` into `output` (`-`: stdout), pretty or compact.
pub fn run(
    input: &Input,
    output: &Path,
    to: Option<&str>,
    pretty: bool,
    options: OutputOptions,
    mode: Mode,
) -> CliResult {
    let format = if output == Path::new("-") && to.is_none() {
        FileFormat::from_name("json").expect("json is a format")
    } else {
        FileFormat::of(output, to, "--to")?
    };
    if input.format.format != Format::Json || format.format != Format::Json {
        return Err(CliError::Usage(
            "fmt reads and writes JSON (.json, .json.zst, .json.gz); convert changes formats"
                .into(),
        ));
    }
    let progress = Progress::new(mode, input.size(), "fmt");
    let reader = JsonReader::new(input.open(&progress)?);
    let mut out = Output::create(output, format, options)?;
    let (from, to) = (input.name(), out.name());
    if pretty {
        copy_document(reader, JsonWriter::pretty(&mut out))
    } else {
        copy_document(reader, JsonWriter::new(&mut out))
    }
    .map_err(|err| CliError::writing(&to, &from, err))?;
    out.finish()?;
    progress.finish();
    Ok(())
}
