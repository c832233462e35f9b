//! Reading from an [`io::Read`] the way every reader of this crate does: a read that was
//! interrupted (by a signal) is tried again, as `io::Read::read_exact` and `io::copy` do.

use std::io;

/// Reads once from `reader` into `buf`, trying again while the read is
/// [`Interrupted`](io::ErrorKind::Interrupted); returns the number of bytes read (0 at the end).
///
/// # Errors
///
/// Any other error of `reader`.
pub(crate) fn read_retrying<R: io::Read + ?Sized>(
    reader: &mut R,
    buf: &mut [u8],
) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            read => return read,
        }
    }
}
