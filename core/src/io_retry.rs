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

/// A source that is interrupted before every read and then gives one byte: the hardest input
/// for the code that reads through [`read_retrying`], shared by its unit tests.
#[cfg(test)]
pub(crate) struct Trickle<'a> {
    bytes: &'a [u8],
    interrupted: bool,
}

#[cfg(test)]
impl<'a> Trickle<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Trickle {
            bytes,
            interrupted: false,
        }
    }
}

#[cfg(test)]
impl io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupted = !self.interrupted;
        if self.interrupted {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let Some((&byte, rest)) = self.bytes.split_first() else {
            return Ok(0);
        };
        buf[0] = byte;
        self.bytes = rest;
        Ok(1)
    }
}
