//! Wall time and memory of the phases of an example, from `/proc/self/status`.
//!
//! Before each phase the kernel's high-water mark of the resident set (VmHWM) is reset to
//! the current resident set by writing `5` to `/proc/self/clear_refs`, so that the peak of a
//! phase is its own, not that of an earlier phase. Where the reset is not allowed, the peak
//! is the process-wide one so far, and [`Measured::memory`] says so.

use std::fs;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A memory figure of this process from `/proc/self/status` (`"VmRSS:"`, `"VmHWM:"`), in KiB.
pub fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resets the peak resident set (VmHWM) to the current one; false where not allowed.
pub fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The largest phase peak so far, in KiB.
static RUN_PEAK_KIB: AtomicU64 = AtomicU64::new(0);

/// The peak resident set of the whole run: the largest peak of the measured phases, or the
/// process's high-water mark if larger.
pub fn run_peak_bytes() -> u64 {
    let hwm = status_kib("VmHWM:").unwrap_or(0);
    RUN_PEAK_KIB.load(Ordering::Relaxed).max(hwm) * 1024
}

/// A phase's result with its wall time and memory.
#[derive(Debug)]
pub struct Measured<T> {
    /// What the phase returned.
    pub value: T,
    /// Its wall time.
    pub elapsed: Duration,
    /// The resident set when it began, in bytes.
    pub start_bytes: u64,
    /// The highest resident set during it, in bytes.
    pub peak_bytes: u64,
    /// Whether the peak is the phase's own (the reset worked), not the process-wide one.
    pub own_peak: bool,
}

impl<T> Measured<T> {
    /// What the phase added to the resident set at its peak, in bytes.
    pub fn added_bytes(&self) -> u64 {
        self.peak_bytes.saturating_sub(self.start_bytes)
    }

    /// `amount` per second of the phase's wall time.
    pub fn per_second(&self, amount: f64) -> f64 {
        amount / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// `rss@start … peak … peak-start …`, aligned.
    pub fn memory(&self) -> String {
        format!(
            "rss@start {:>10}   peak {:>10}{}   peak-start {:>10}",
            mib(self.start_bytes),
            mib(self.peak_bytes),
            if self.own_peak { "" } else { " (process-wide)" },
            mib(self.added_bytes()),
        )
    }
}

/// Runs one phase, measuring its wall time and memory.
///
/// # Errors
///
/// The phase's error.
pub fn measure<T, E>(run: impl FnOnce() -> Result<T, E>) -> Result<Measured<T>, E> {
    let own_peak = reset_peak();
    let start_kib = status_kib("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    let value = run()?;
    let elapsed = started.elapsed();
    let peak_kib = status_kib("VmHWM:").unwrap_or(0);
    RUN_PEAK_KIB.fetch_max(peak_kib, Ordering::Relaxed);
    Ok(Measured {
        value,
        elapsed,
        start_bytes: start_kib * 1024,
        peak_bytes: peak_kib * 1024,
        own_peak,
    })
}

/// Bytes in MiB, e.g. `12.3 MiB`.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Bytes in (decimal) megabytes, for throughputs in MB/s.
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
