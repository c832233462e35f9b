//! The window sizes the reading tests run.

use jsonstream::ReaderOptions;

/// The window sizes every reader test runs: 1..=8, some odd sizes, and the default (`None`).
pub fn windows() -> Vec<Option<usize>> {
    let mut w: Vec<Option<usize>> = (1..=8).map(Some).collect();
    w.extend([Some(13), Some(64), None]);
    w
}

/// Reader options with window `w` (`None`: the default window).
pub fn options(w: Option<usize>) -> ReaderOptions {
    match w {
        Some(w) => ReaderOptions::new().window_size(w),
        None => ReaderOptions::new(),
    }
}
