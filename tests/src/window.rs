//! The window sizes the reading tests run, and the smallest window the reader really uses.

use jsonstream::{Limits, ReaderOptions};

/// The smallest window an `io::Read` is read through: `ReaderOptions::window_size` takes any
/// size from 1, and the reader raises sizes below this one to it (room for an incomplete
/// UTF-8 sequence of 3 bytes and one new byte). `reader_api.rs`
/// (`window_sizes_below_the_minimum_are_raised`) asserts it.
pub const MIN_WINDOW: usize = 4;

/// The window sizes the reader tests run: 1 to 8, some odd sizes, and the default (`None`).
///
/// Sizes 1 to 3 are below [`MIN_WINDOW`]; the reader reads them as windows of 4 bytes, so they
/// check that requests below the minimum are served correctly, not windows smaller than 4.
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

/// Reader options with window `w` (`None`: the default window) and `limits`: the options of
/// both sides of a comparison between a slice (where the window does not apply) and an
/// `io::Read` under the same limits.
pub fn limited(w: Option<usize>, limits: Limits) -> ReaderOptions {
    options(w).limits(limits)
}
