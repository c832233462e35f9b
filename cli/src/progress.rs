//! Progress on stderr (bytes done, rate, time left; a spinner when the size is unknown), and
//! Ctrl-C: the first one stops the command cleanly, the second at once.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// Set by the first Ctrl-C; every input read then fails, so that the command stops as it does
/// on any error, its outputs removed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// True once Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Makes Ctrl-C stop the command: the first stops it at its next read (outputs are removed as
/// on any error), the second exits at once (temporary files may then be left, never a file
/// under its final name).
pub fn handle_ctrl_c() {
    let handler = || {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    };
    // Without a handler (none can be installed), Ctrl-C ends the process as by default:
    // still nothing under a final name.
    let _ = ctrlc::set_handler(handler);
}

/// When progress is shown.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// When stderr is a terminal.
    Auto,
    /// Never (`--quiet`).
    Never,
    /// Always (`--progress`), also into a file or a pipe: a line a second at most.
    Always,
}

/// The progress of one command: bytes of input read, out of `total` if known.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Progress over `total` bytes of input (a spinner when `None`), labelled `what`.
    pub fn new(mode: Mode, total: Option<u64>, what: &str) -> Progress {
        let target = match mode {
            Mode::Auto => ProgressDrawTarget::stderr(),
            Mode::Never => ProgressDrawTarget::hidden(),
            Mode::Always => ProgressDrawTarget::term_like(Box::<StderrLines>::default()),
        };
        let bar = ProgressBar::with_draw_target(total, target);
        let style = match total {
            Some(_) => ProgressStyle::with_template(
                "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
            ),
            None => ProgressStyle::with_template(
                "{msg} {spinner} {binary_bytes} {binary_bytes_per_sec} {elapsed}",
            ),
        };
        bar.set_style(
            style
                .expect("the templates are valid")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        if total.is_none() {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress { bar }
    }

    /// `reader`, counted as input read, and failing once Ctrl-C was pressed.
    pub fn reader<R: Read>(&self, reader: R) -> impl Read {
        self.bar.wrap_read(Interruptible(reader))
    }

    /// Clears the progress once the command is done.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.abandon();
        }
    }
}

/// A reader that fails once Ctrl-C was pressed.
pub struct Interruptible<R>(pub R);

impl<R: Read> Read for Interruptible<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if interrupted() {
            return Err(io::Error::other("interrupted by Ctrl-C"));
        }
        self.0.read(buf)
    }
}

/// Progress drawn as plain lines on stderr, at most one a second, for `--progress` where
/// stderr is not a terminal (a log file): no cursor moves, no blank lines.
#[derive(Debug, Default)]
struct StderrLines {
    last: Mutex<Option<Instant>>,
}

impl StderrLines {
    fn line(&self, text: &str) -> io::Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|at| at.elapsed() < Duration::from_secs(1)) {
            return Ok(());
        }
        *last = Some(Instant::now());
        writeln!(io::stderr(), "{}", text.trim_end())
    }
}

impl TermLike for StderrLines {
    fn width(&self) -> u16 {
        100
    }

    fn move_cursor_up(&self, _n: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _n: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _n: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _n: usize) -> io::Result<()> {
        Ok(())
    }

    fn write_line(&self, line: &str) -> io::Result<()> {
        self.line(line)
    }

    fn write_str(&self, text: &str) -> io::Result<()> {
        self.line(text)
    }

    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }

    fn flush(&self) -> io::Result<()> {
        io::stderr().flush()
    }
}
