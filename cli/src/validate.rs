//! `jsonstream validate`: each file checked strictly (RFC 8259 for JSON and JSON Lines, the
//! PBJSON format by its ending) under the reader's limits, one line of report per file.

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::rc::Rc;

use jsonstream::pbjson::PbReader;
use jsonstream::{JsonReader, Limits, ReaderOptions, ValueType};

use crate::error::{CliError, CliResult};
use crate::files::Input;
use crate::format::Format;
use crate::progress::{Mode, Progress};
use crate::record::Record;

/// The reader's limits, as given on the command line.
#[derive(Copy, Clone, Debug, Default, clap::Args)]
pub struct LimitArgs {
    /// Deepest nesting of arrays and objects [default: 127]
    #[arg(long, value_name = "LEVELS")]
    pub max_depth: Option<usize>,
    /// Longest string value, in bytes; given, strings are held to be measured
    /// [default: no limit, strings are streamed]
    #[arg(long, value_name = "BYTES")]
    pub max_string: Option<usize>,
    /// Longest object key, in bytes [default: 1048576]
    #[arg(long, value_name = "BYTES")]
    pub max_key: Option<usize>,
    /// Longest number, in bytes of its text [default: 4096]
    #[arg(long, value_name = "BYTES")]
    pub max_number: Option<usize>,
    /// Largest document, in bytes [default: no limit]
    #[arg(long, value_name = "BYTES")]
    pub max_document: Option<u64>,
}

impl LimitArgs {
    fn options(&self) -> ReaderOptions {
        let defaults = Limits::default();
        ReaderOptions::new().limits(Limits {
            max_depth: self.max_depth.unwrap_or(defaults.max_depth),
            max_number_len: self.max_number.unwrap_or(defaults.max_number_len),
            max_key_len: self.max_key.unwrap_or(defaults.max_key_len),
            max_string_len: self.max_string.unwrap_or(defaults.max_string_len),
            max_document_len: self.max_document.or(defaults.max_document_len),
        })
    }
}

/// Validates every input, reporting each; the error of the first invalid or unreadable one
/// decides the exit code (an I/O error wins over invalid input).
pub fn run(inputs: &[Input], limits: LimitArgs, mode: Mode) -> CliResult {
    let mut worst: Option<CliError> = None;
    for input in inputs {
        match validate(input, limits, mode) {
            Ok((bytes, values)) => {
                let line = format!("{}: ok, {bytes} bytes, {values} values", input.name());
                writeln!(io::stdout(), "{line}")
                    .map_err(|err| CliError::Io(format!("-: {err}")))?;
            }
            Err(CliError::Interrupted) => return Err(CliError::Interrupted),
            Err(err) => {
                eprintln!("{err}");
                let replace = match (&worst, &err) {
                    (None, _) => true,
                    (Some(CliError::Io(_)), _) => false,
                    (Some(_), CliError::Io(_)) => true,
                    _ => false,
                };
                if replace {
                    worst = Some(err);
                }
            }
        }
    }
    worst.map_or(Ok(()), |err| Err(CliError::Reported(err.exit_code())))
}

/// The size in bytes (decompressed) and the number of values of one input.
fn validate(input: &Input, limits: LimitArgs, mode: Mode) -> CliResult<(u64, u64)> {
    let progress = Progress::new(mode, input.size(), "validate");
    let read = Rc::new(Cell::new(0));
    let source = Counted {
        inner: input.open(&progress)?,
        read: Rc::clone(&read),
    };
    let options = limits.options();
    let hold_strings = limits.max_string.is_some();
    let checked = match input.format.format {
        Format::Json => {
            let mut reader = options.reader(source);
            count_values(&mut reader, hold_strings).and_then(|values| {
                reader.finish()?;
                Ok(values)
            })
        }
        Format::Pbjson => {
            let mut reader = options.pbjson_reader(source);
            count_values(&mut reader, hold_strings).and_then(|values| {
                reader.finish()?;
                Ok(values)
            })
        }
        Format::Ndjson => options
            .stream_values::<Record, _>(source)
            .map(|record| record.map(|record| record.values()))
            .sum(),
    };
    let values = checked.map_err(|err| CliError::json(&input.name(), err))?;
    progress.finish();
    Ok((read.get(), values))
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// What a reader found as the next value.
enum Next {
    Array,
    Object,
    Scalar,
}

/// A reader walked value by value (JSON or PBJSON).
trait Walk {
    fn has_next(&mut self) -> jsonstream::Result<bool>;
    fn key(&mut self) -> jsonstream::Result<()>;
    /// Begins the next value if it is an array or object; reads any other value whole
    /// (a string held only if `hold_strings`, so that the string limit applies).
    fn next(&mut self, hold_strings: bool) -> jsonstream::Result<Next>;
    fn end(&mut self, object: bool) -> jsonstream::Result<()>;
}

/// Reads the document's value, returning how many values it is (itself and every value in
/// it), holding one key (and a string, if asked) at a time.
fn count_values(reader: &mut impl Walk, hold_strings: bool) -> jsonstream::Result<u64> {
    // The open containers, innermost last: true for an object.
    let mut open: Vec<bool> = Vec::new();
    let mut values = 0;
    loop {
        if let Some(&object) = open.last() {
            if !reader.has_next()? {
                reader.end(object)?;
                open.pop();
                if open.is_empty() {
                    return Ok(values);
                }
                continue;
            }
            if object {
                reader.key()?;
            }
        }
        values += 1;
        match reader.next(hold_strings)? {
            Next::Array => open.push(false),
            Next::Object => open.push(true),
            Next::Scalar if open.is_empty() => return Ok(values),
            Next::Scalar => {}
        }
    }
}

impl<R: Read> Walk for JsonReader<jsonstream::read::IoRead<R>> {
    fn has_next(&mut self) -> jsonstream::Result<bool> {
        JsonReader::has_next(self)
    }

    fn key(&mut self) -> jsonstream::Result<()> {
        self.next_key().map(drop)
    }

    fn next(&mut self, hold_strings: bool) -> jsonstream::Result<Next> {
        match self.peek()? {
            ValueType::Array => self.begin_array().map(|()| Next::Array),
            ValueType::Object => self.begin_object().map(|()| Next::Object),
            ValueType::String if hold_strings => self.next_str().map(|_| Next::Scalar),
            _ => self.skip_value().map(|()| Next::Scalar),
        }
    }

    fn end(&mut self, object: bool) -> jsonstream::Result<()> {
        if object {
            self.end_object()
        } else {
            self.end_array()
        }
    }
}

impl<R: Read> Walk for PbReader<jsonstream::read::IoRead<R>> {
    fn has_next(&mut self) -> jsonstream::Result<bool> {
        PbReader::has_next(self)
    }

    fn key(&mut self) -> jsonstream::Result<()> {
        self.next_key().map(drop)
    }

    fn next(&mut self, hold_strings: bool) -> jsonstream::Result<Next> {
        use jsonstream::pbjson::ValueType as PbType;
        match self.peek()? {
            PbType::Array => self.begin_array().map(|_| Next::Array),
            PbType::Object => self.begin_object().map(|_| Next::Object),
            PbType::String if hold_strings => self.next_str().map(|_| Next::Scalar),
            PbType::Binary if hold_strings => self.next_binary().map(|_| Next::Scalar),
            _ => self.skip_value().map(|()| Next::Scalar),
        }
    }

    fn end(&mut self, object: bool) -> jsonstream::Result<()> {
        if object {
            self.end_object()
        } else {
            self.end_array()
        }
    }
}
