//! `jsonstream`: the jsonstream library's streaming from a shell. Files far larger than
//! memory are packed, unpacked, converted, validated, selected from and reformatted in
//! constant memory, and every error says where: file, byte offset, line, column, JSON path.
//!
//! Exit codes: 0 success, 1 invalid input, 2 usage error, 3 I/O error, 130 Ctrl-C.

mod convert;
mod error;
mod files;
mod format;
mod pack;
mod progress;
mod record;
mod reformat;
mod select;
mod unpack;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::error::CliResult;
use crate::files::{Input, OutputOptions};
use crate::format::FileFormat;
use crate::progress::Mode;

/// Streaming JSON tools: pack files into one JSON map and back, convert JSON, PBJSON and JSON
/// Lines, validate, select and reformat, in constant memory whatever the file sizes.
#[derive(Parser)]
#[command(name = "jsonstream", version, propagate_version = true)]
#[command(after_help = "\
Formats are named by the file's ending: .json, .ndjson or .jsonl, .pbj or .pbjson, each \
optionally followed by .zst (zstd) or .gz (gzip). `-` is stdin or stdout, with --from or --to \
naming its format (e.g. --to ndjson.zst). The format is never guessed from the content.

Exit codes: 0 success, 1 invalid input, 2 usage error, 3 I/O error, 130 interrupted.

Examples:
  jsonstream pack texts/ -o texts.json.zst
  jsonstream unpack texts.json.zst -o restored/
  jsonstream convert data.json data.pbj
  jsonstream validate *.json
  jsonstream select twitter.json --pointer /statuses --count
  jsonstream fmt compact.json -o pretty.json")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Show no progress
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Show progress on stderr even when it is not a terminal
    #[arg(long, global = true, conflicts_with = "quiet")]
    progress: bool,
}

#[derive(Subcommand)]
enum Command {
    Pack(PackArgs),
    Unpack(UnpackArgs),
    Convert(ConvertArgs),
    Validate(ValidateArgs),
    Select(SelectArgs),
    Fmt(FmtArgs),
}

/// How an output file is written.
#[derive(Args)]
struct OutputArgs {
    /// Replace the output if it exists
    #[arg(short, long)]
    force: bool,
    /// Compression level of a .zst (1 to 22, default 3) or .gz (0 to 9, default 6) output
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    level: Option<i32>,
}

impl OutputArgs {
    fn options(&self) -> OutputOptions {
        OutputOptions {
            force: self.force,
            level: self.level,
        }
    }
}

/// Pack files into one JSON object {"relative/path": "content", …}
///
/// Every file under the given paths becomes one member: a file given is packed under its name,
/// the files under a directory given under their paths relative to it, with `/` between
/// directories, sorted. Each file is streamed into its value: memory stays a few MiB, whatever
/// the file sizes. Empty directories are not packed.
///
/// With --auto (the default), a file of valid UTF-8 is a text value and any other file a
/// base64 value whose key ends with a NUL and `base64` (`"logo.png\u0000base64": "iVBO…"`), a
/// name no file can have; unpack restores the exact bytes of every file. Into PBJSON (.pbj), a
/// file that is not text is a binary value under its own key (--base64: every file).
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream pack texts/ -o texts.json.zst
  jsonstream pack report.txt images/ -o bundle.json --level 19 --force
  jsonstream pack images/ -o images.pbj
  jsonstream pack data/ -o - --to json.gz > data.json.gz")]
struct PackArgs {
    /// Files and directories to pack
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The output: .json or .pbj, then .zst or .gz if compressed (`-`: stdout, with --to)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// The output's format when `-o -` (json, pbj, json.zst, pbj.gz, …)
    #[arg(long, value_name = "FORMAT")]
    to: Option<String>,
    /// Text for valid UTF-8, base64 for anything else
    #[arg(long, group = "encoding")]
    auto: bool,
    /// Every file as text (an error for a file that is not UTF-8)
    #[arg(long, group = "encoding")]
    text: bool,
    /// Every file in base64 (into PBJSON: every file as a binary value)
    #[arg(long, group = "encoding")]
    base64: bool,
    #[command(flatten)]
    output_args: OutputArgs,
}

/// Unpack a JSON (or PBJSON) object of files into a directory: the inverse of pack
///
/// Each member becomes the file its key names, written value by value, chunk by chunk, under
/// a temporary name: all the files get their names only once the whole input was read and
/// checked, so a truncated or corrupt input (or Ctrl-C) leaves no file. Keys that would
/// escape the directory are refused with an error and nothing is written for them: absolute
/// paths, `..`, backslashes, NUL, drive prefixes, and directories on the way that are
/// symbolic links. Subdirectories are made as needed (and stay after an error).
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream unpack texts.json.zst -o restored/
  jsonstream unpack - --from json.gz -o restored/ < bundle.json.gz
  jsonstream unpack images.pbj -o images/
  jsonstream unpack bundle.json -o existing/ --force")]
struct UnpackArgs {
    /// The packed file (`-`: stdin, with --from)
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// The directory to write the files into (made if missing)
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// The input's format when it is `-` or its name does not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    /// Replace files that exist in the directory
    #[arg(short, long)]
    force: bool,
}

/// Convert between JSON, PBJSON and JSON Lines, streaming
///
/// A JSON Lines side is the elements of the top-level array, one per line. JSON to JSON Lines
/// and JSON to JSON stream every value (strings too) in constant memory; JSON Lines and PBJSON
/// to anything hold one record at a time; JSON to PBJSON holds the largest object (PBJSON
/// writes an object's size before its members).
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream convert data.json data.pbj
  jsonstream convert data.pbj.zst data.json --pretty
  jsonstream convert records.json records.ndjson.gz
  cat records.ndjson | jsonstream convert - --from ndjson - --to json")]
struct ConvertArgs {
    /// The input file (`-`: stdin, with --from)
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// The output file (`-`: stdout, with --to)
    #[arg(value_name = "OUT")]
    output: PathBuf,
    /// The input's format when it is `-` or its name does not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    /// The output's format when it is `-` or its name does not say
    #[arg(long, value_name = "FORMAT")]
    to: Option<String>,
    /// Indent JSON output (two spaces)
    #[arg(long)]
    pretty: bool,
    #[command(flatten)]
    output_args: OutputArgs,
}

/// Validate files: strict RFC 8259 JSON or JSON Lines, or PBJSON, by their endings
///
/// Prints one line per file: `ok` with its size (decompressed) and how many values it holds
/// (every value at every depth) on stdout, or the error with its position on stderr. Exits
/// with 1 if any file is invalid (3 if one cannot be read). Strings are streamed, never
/// held, unless --max-string is given.
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream validate *.json
  jsonstream validate big.json.zst --max-depth 32 --max-string 1000000
  curl -s https://example.com/feed | jsonstream validate - --from json")]
struct ValidateArgs {
    /// The files to check (`-`: stdin, with --from)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The format of `-` and of files whose names do not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    #[command(flatten)]
    limits: validate::LimitArgs,
}

/// Stream the items at a JSON Pointer: the elements of an array, the members of an object
///
/// Items are read and written one at a time: whatever precedes them is skipped without being
/// kept, whatever follows them is still checked. An element is written as it is; a member as
/// an object of that one member, {"key": value}, in document order (a repeated key each
/// time). A `*` step matches every element or member value (`/layers/*/features`: the
/// features of every layer); each value the whole pointer reaches may be an array or an
/// object, and anything else there is an error.
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream select twitter.json --pointer /statuses > statuses.ndjson
  jsonstream select twitter.json --pointer /statuses --array -o statuses.json
  jsonstream select twitter.json --pointer /search_metadata   # one {\"key\": value} a line
  jsonstream select map.json --pointer '/layers/*/features' --count
  jsonstream select records.json.zst --count")]
struct SelectArgs {
    /// The JSON input (`-`: stdin, with --from)
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// JSON Pointer (RFC 6901) of the array or object: `/statuses`, `/data/0/items`,
    /// `/layers/*/features` (`*`: every element or member value; `~2`: a key `*`); empty for
    /// the top-level value
    #[arg(long, short, default_value = "", value_name = "POINTER")]
    pointer: String,
    /// One item per line (JSON Lines); the default on stdout
    #[arg(long, conflicts_with = "array")]
    ndjson: bool,
    /// One JSON array of the items
    #[arg(long)]
    array: bool,
    /// Print how many items there are, nothing else
    #[arg(long, conflicts_with_all = ["ndjson", "array", "output"])]
    count: bool,
    /// The output (`-`: stdout)
    #[arg(short, long, default_value = "-", value_name = "OUT")]
    output: PathBuf,
    /// The input's format when it is `-` or its name does not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    #[command(flatten)]
    output_args: OutputArgs,
}

/// Reformat JSON, pretty or compact, in constant memory
///
/// The output is byte for byte what serde_json's `to_writer_pretty` (or `to_writer`) writes
/// for the document's value, members in their order: integers as they are, other numbers in
/// their shortest form (`1e2` becomes `100.0`), strings escaped as serde_json escapes them.
#[derive(Args)]
#[command(after_help = "\
Examples:
  jsonstream fmt compact.json -o pretty.json
  jsonstream fmt big.json.zst --compact -o - --to json.zst > small.json.zst
  cat data.json | jsonstream fmt - --from json")]
struct FmtArgs {
    /// The JSON input (`-`: stdin, with --from)
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// The output (`-`: stdout)
    #[arg(short, long, default_value = "-", value_name = "OUT")]
    output: PathBuf,
    /// Indent by two spaces (the default)
    #[arg(long, conflicts_with = "compact")]
    pretty: bool,
    /// No whitespace at all
    #[arg(long)]
    compact: bool,
    /// The input's format when it is `-` or its name does not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<String>,
    /// The output's format when it is `-` and compressed, or its name does not say
    #[arg(long, value_name = "FORMAT")]
    to: Option<String>,
    #[command(flatten)]
    output_args: OutputArgs,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // Help and version are not errors; everything else clap refuses is usage.
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    progress::handle_ctrl_c();
    let mode = if cli.quiet {
        Mode::Never
    } else if cli.progress {
        Mode::Always
    } else {
        Mode::Auto
    };
    match run(cli.command, mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = err.to_string();
            if !message.is_empty() {
                let _ = writeln!(std::io::stderr(), "jsonstream: {message}");
            }
            ExitCode::from(err.exit_code())
        }
    }
}

fn run(command: Command, mode: Mode) -> CliResult {
    match command {
        Command::Pack(args) => {
            let encoding = if args.text {
                pack::Encoding::Text
            } else if args.base64 {
                pack::Encoding::Base64
            } else {
                pack::Encoding::Auto
            };
            pack::run(
                &args.paths,
                &args.output,
                args.to.as_deref(),
                encoding,
                args.output_args.options(),
                mode,
            )
        }
        Command::Unpack(args) => {
            let input = Input::new(&args.input, args.from.as_deref())?;
            unpack::run(&input, &args.output, args.force, mode)
        }
        Command::Convert(args) => {
            let input = Input::new(&args.input, args.from.as_deref())?;
            let format = FileFormat::of(&args.output, args.to.as_deref(), "--to")?;
            convert::run(
                &input,
                &args.output,
                format,
                args.pretty,
                args.output_args.options(),
                mode,
            )
        }
        Command::Validate(args) => {
            let inputs = args
                .files
                .iter()
                .map(|file| Input::new(file, args.from.as_deref()))
                .collect::<CliResult<Vec<_>>>()?;
            validate::run(&inputs, args.limits, mode)
        }
        Command::Select(args) => {
            let input = Input::new(&args.input, args.from.as_deref())?;
            let layout = match (args.ndjson, args.array) {
                (true, _) => Some(select::Layout::Lines),
                (_, true) => Some(select::Layout::Array),
                _ => None,
            };
            let selection = select::Selection {
                pointer: &args.pointer,
                layout,
                count: args.count,
            };
            select::run(
                &input,
                selection,
                &args.output,
                args.output_args.options(),
                mode,
            )
        }
        Command::Fmt(args) => {
            let input = Input::new(&args.input, args.from.as_deref())?;
            reformat::run(
                &input,
                &args.output,
                args.to.as_deref(),
                !args.compact,
                args.output_args.options(),
                mode,
            )
        }
    }
}
