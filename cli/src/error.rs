//! What went wrong, as the exit code and the message on stderr say it.

use std::fmt;
use std::io;
use std::path::Path;

use jsonstream::Category;

use crate::{files, progress};

/// An error that ends the command, with its exit code.
#[derive(Debug)]
pub enum CliError {
    /// The command line asks for something impossible (exit code 2).
    Usage(String),
    /// An input is not what the command reads: invalid JSON, a key that would escape the
    /// output directory, a file that is not UTF-8 text for `--text` (exit code 1).
    Invalid(String),
    /// Reading or writing a file failed (exit code 3).
    Io(String),
    /// Stopped by Ctrl-C (exit code 130, as a shell reports SIGINT).
    Interrupted,
    /// Errors already reported on stderr, one per input; the exit code of the worst.
    Reported(u8),
}

/// The result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

impl CliError {
    /// The process's exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Io(_) => 3,
            CliError::Interrupted => 130,
            CliError::Reported(code) => *code,
        }
    }

    /// An error of the library about the input `name`: its message with the byte offset,
    /// line, column and JSON path it carries; its exit code by its category.
    pub fn json(name: &str, err: jsonstream::Error) -> CliError {
        if progress::interrupted() {
            return CliError::Interrupted;
        }
        let mut message = format!("{name}: {err}");
        // Text input has lines; the library's message names the line and column, and the
        // byte offset is added here. (Binary input's message names the byte already.)
        if err.line() > 0 {
            message.push_str(&format!(" (byte {})", err.offset()));
        }
        match err.io_error() {
            Some(io) if !is_invalid_input(io) => CliError::Io(message),
            Some(_) => CliError::Invalid(message),
            None if err.category() == Category::Io => CliError::Io(message),
            None => CliError::Invalid(message),
        }
    }

    /// An error of the library while writing the output `name`, or while reading an input
    /// that has its own name in `input` (when the error is about it).
    pub fn writing(name: &str, input: &str, err: jsonstream::Error) -> CliError {
        match err.io_error() {
            Some(io) if !files::is_from_source(io) && !is_invalid_input(io) => {
                if progress::interrupted() {
                    return CliError::Interrupted;
                }
                CliError::Io(format!("{name}: {io}"))
            }
            _ => CliError::json(input, err),
        }
    }

    /// An I/O error on the file at `path`.
    pub fn io(path: &Path, err: io::Error) -> CliError {
        if progress::interrupted() {
            return CliError::Interrupted;
        }
        let message = format!("{}: {err}", path.display());
        if is_invalid_input(&err) {
            CliError::Invalid(message)
        } else {
            CliError::Io(message)
        }
    }
}

/// I/O errors that say the data is wrong rather than the file system: a name refused as a
/// path, text that is not UTF-8, a key given twice.
fn is_invalid_input(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::AlreadyExists
    )
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Invalid(message) | CliError::Io(message) => {
                f.write_str(message)
            }
            CliError::Interrupted => f.write_str("interrupted: no output was left under its name"),
            CliError::Reported(_) => Ok(()),
        }
    }
}
