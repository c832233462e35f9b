//! `jsonstream select`: the items at a JSON Pointer (the elements of an array, the members of
//! an object, whichever the document has there), streamed one at a time into JSON Lines or an
//! array, or counted, without holding the document.

use std::io::{self, Write};
use std::path::Path;

use jsonstream::{ArrayWriter, Item};
use serde::de::IgnoredAny;

use crate::convert::{write_array, write_lines, RecordArray};
use crate::error::{CliError, CliResult};
use crate::files::Input;
use crate::files::{Output, OutputOptions};
use crate::format::{Compression, FileFormat, Format};
use crate::progress::{Mode, Progress};
use crate::record::Record;

/// How the selected items are written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One item per line.
    Lines,
    /// One JSON array of the items.
    Array,
}

/// What to do with the items at the pointer.
pub struct Selection<'a> {
    pub pointer: &'a str,
    /// `None`: as the output's ending says (JSON Lines on stdout).
    pub layout: Option<Layout>,
    pub count: bool,
}

/// Selects from `input` into `output` (`-`: stdout).
pub fn run(
    input: &Input,
    selection: Selection<'_>,
    output: &Path,
    options: OutputOptions,
    mode: Mode,
) -> CliResult {
    if input.format.format != Format::Json {
        return Err(CliError::Usage(format!(
            "{}: select reads JSON (.json, .json.zst, .json.gz)",
            input.name()
        )));
    }
    let progress = Progress::new(mode, input.size(), "select");
    let source = input.open(&progress)?;
    let name = input.name();
    // The input may be stdin, read once: the library says, item by item, whether the pointer
    // reached an array or an object.
    if selection.count {
        let mut count = 0u64;
        for item in jsonstream::stream_items_at::<IgnoredAny, _>(source, selection.pointer) {
            item.map_err(|err| CliError::json(&name, err))?;
            count += 1;
        }
        progress.finish();
        return writeln!(io::stdout(), "{count}").map_err(|err| CliError::Io(format!("-: {err}")));
    }
    let layout = match (selection.layout, output == Path::new("-")) {
        (Some(layout), _) => layout,
        (None, true) => Layout::Lines,
        (None, false) => match FileFormat::of(output, None, "--ndjson or --array")?.format {
            Format::Json => Layout::Array,
            _ => Layout::Lines,
        },
    };
    let wanted = match layout {
        Layout::Lines => Format::Ndjson,
        Layout::Array => Format::Json,
    };
    let format = if output == Path::new("-") {
        FileFormat {
            format: wanted,
            compression: Compression::None,
        }
    } else {
        FileFormat::of(output, None, "--ndjson or --array")?
    };
    if format.format != wanted {
        return Err(CliError::Usage(format!(
            "{}: the name says {format}, the layout asked for is {}",
            output.display(),
            FileFormat {
                format: wanted,
                compression: format.compression
            }
        )));
    }
    let mut out = Output::create(output, format, options)?;
    let to = out.name();
    let records = jsonstream::stream_items_at::<Record, _>(source, selection.pointer)
        .map(|item| item.map(as_record));
    let written = match layout {
        Layout::Lines => write_lines(records, &mut out),
        Layout::Array => write_array(records, RecordArray::Compact(ArrayWriter::new(&mut out))),
    };
    written.map_err(|err| CliError::writing(&to, &name, err))?;
    out.finish()?;
    progress.finish();
    Ok(())
}

/// An item as it is written: an element as it is, a member as the object of that one member,
/// `{"key": value}`, which says its key and is a JSON value on a line of its own.
fn as_record(item: Item<Record>) -> Record {
    match item {
        Item::Element(value) => value,
        Item::Member(key, value) => Record::Object(vec![(key, value)]),
    }
}
