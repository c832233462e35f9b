//! Recycled buffers of the parallel streams, written over once before they are filled.
//!
//! A batch's buffers go round: filled on one thread (the spans by the reading thread, the tape
//! by a decoding thread), read on another (the one that makes the values), and handed back to
//! be filled again. When the two threads run on cores that do not share a cache, every store
//! of the filling thread into a line the other core still holds waits until that core lets the
//! line go; buffers filled an item at a time take those waits one line after another. Writing
//! the memory over first, in one sweep, takes the lines all at once. A sweep covers what the
//! buffer held the last time (and an eighth more): batches are cut to about the same size, and
//! the rest of a buffer grown by an outsized batch is left alone.

/// Writes `fill` over the memory of the first `len` items of `items` (within its capacity)
/// and leaves it empty, as it found it.
pub(crate) fn sweep<T: Clone>(items: &mut Vec<T>, len: usize, fill: T) {
    debug_assert!(items.is_empty(), "a buffer is swept before it is filled");
    items.resize(with_margin(len).min(items.capacity()), fill);
    items.clear();
}

/// [`sweep`] for text: NUL bytes over the first `len` bytes of `text`'s memory.
pub(crate) fn sweep_text(text: &mut String, len: usize) {
    const NULS: &str = match std::str::from_utf8(&[0; 4096]) {
        Ok(nuls) => nuls,
        Err(_) => panic!("NUL bytes are UTF-8"),
    };
    debug_assert!(text.is_empty(), "a buffer is swept before it is filled");
    let mut left = with_margin(len).min(text.capacity());
    while left > 0 {
        let run = left.min(NULS.len());
        text.push_str(&NULS[..run]);
        left -= run;
    }
    text.clear();
}

/// `len` and an eighth more.
fn with_margin(len: usize) -> usize {
    len.saturating_add(len / 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_leaves_the_buffer_empty_with_its_capacity() {
        let mut items: Vec<u64> = Vec::with_capacity(100);
        let capacity = items.capacity();
        sweep(&mut items, 64, 0);
        assert!(items.is_empty());
        assert_eq!(items.capacity(), capacity);
        // More than the capacity: the buffer does not grow.
        sweep(&mut items, 1000, 0);
        assert_eq!(items.capacity(), capacity);

        let mut text = String::with_capacity(10_000);
        let capacity = text.capacity();
        sweep_text(&mut text, 9_000);
        assert!(text.is_empty());
        assert_eq!(text.capacity(), capacity);
        sweep_text(&mut text, usize::MAX);
        assert_eq!(text.capacity(), capacity);
    }
}
