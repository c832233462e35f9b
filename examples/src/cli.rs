//! Command-line options (`--name N`, `--name=N`, switches, `-h`) and the exit code of a run.

use std::fmt::Display;
use std::process::ExitCode;
use std::str::FromStr;

use crate::BoxError;

/// A value an option sets from its text.
pub trait SetFromStr {
    /// Parses `text` into `self`.
    ///
    /// # Errors
    ///
    /// The parse error, as text.
    fn set_from_str(&mut self, text: &str) -> Result<(), String>;
}

impl<T: FromStr> SetFromStr for T
where
    T::Err: Display,
{
    fn set_from_str(&mut self, text: &str) -> Result<(), String> {
        // Digit separators are welcome: `--rows 1_000_000`.
        *self = text.replace('_', "").parse().map_err(|e| format!("{e}"))?;
        Ok(())
    }
}

/// One option of an example.
pub enum Opt<'a> {
    /// `--name VALUE` or `--name=VALUE`.
    Value(&'static str, &'a mut dyn SetFromStr),
    /// `--name`, which sets the flag.
    Switch(&'static str, &'a mut bool),
}

/// Why the options do not lead to a run.
#[derive(Debug)]
pub enum Stop {
    /// `-h` or `--help`: the usage, to print.
    Help(String),
    /// A bad argument: the message.
    Bad(String),
}

impl Stop {
    /// Prints the usage (exit code 0) or the error (exit code 2) for `program`.
    pub fn exit(self, program: &str) -> ExitCode {
        match self {
            Stop::Help(usage) => {
                println!("{usage}");
                ExitCode::SUCCESS
            }
            Stop::Bad(message) => {
                eprintln!("{program}: {message}");
                ExitCode::from(2)
            }
        }
    }
}

/// Parses the process arguments into `options`; `usage` is the text for `--help`.
///
/// # Errors
///
/// [`Stop::Help`] for `-h`/`--help`; [`Stop::Bad`] for an unknown argument, a missing or
/// unparsable value.
pub fn parse(usage: &str, options: &mut [Opt<'_>]) -> Result<(), Stop> {
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        if arg == "-h" || arg == "--help" {
            return Err(Stop::Help(usage.to_owned()));
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let option = options.iter_mut().find(|option| match option {
            Opt::Value(name, _) | Opt::Switch(name, _) => *name == flag,
        });
        match option {
            Some(Opt::Switch(_, on)) if inline.is_none() => **on = true,
            Some(Opt::Value(_, target)) => {
                let value = match inline {
                    Some(value) => value,
                    None => argv
                        .next()
                        .ok_or_else(|| Stop::Bad(format!("{flag} needs a value")))?,
                };
                target
                    .set_from_str(&value)
                    .map_err(|e| Stop::Bad(format!("{flag} {value}: {e}")))?;
            }
            _ => return Err(Stop::Bad(format!("unknown argument `{arg}` (try --help)"))),
        }
    }
    Ok(())
}

/// The exit code of a run: success if it ran and its checks passed, failure if a check
/// failed (the run printed why) or an error stopped it (printed here).
pub fn exit(program: &str, outcome: Result<bool, BoxError>) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{program}: {e}");
            ExitCode::FAILURE
        }
    }
}
