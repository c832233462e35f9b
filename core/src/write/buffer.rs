//! The bounded output buffer in front of the writer of [`dump`](crate::dump),
//! [`JsonWriter`](crate::JsonWriter) and the PBJSON serializer, which also serves as the
//! growing output of [`pbjson::to_vec`](crate::pbjson::to_vec).

use std::io;

/// Bytes of output collected before they are handed to the writer.
pub(crate) const BUFFER_SIZE: usize = 8 * 1024;

/// The buffer's size before its first write grows it.
const FIRST_SIZE: usize = 256;

/// The most room an in-memory buffer zeroes at a time.
const ZEROED_AHEAD: usize = 64 * 1024;

/// A write buffer of [`BUFFER_SIZE`] bytes in front of `W`, like `std::io::BufWriter` but with
/// the short copies that JSON tokens are made of done inline rather than by calls to `memcpy`
/// (a call per token costs more than the token).
///
/// The buffer starts small and doubles up to its size as output arrives, so that a small
/// document does not pay for allocating and zeroing 8 KiB. A buffer made by
/// [`in_memory`](Self::in_memory) has no writer: it keeps doubling and holds everything
/// written, which [`into_bytes`](Self::into_bytes) hands over without a copy.
///
/// Dropping it hands what is buffered to `W`, ignoring errors (as `BufWriter` does): output
/// that was accepted is not lost, and an unfinished document stays visibly unfinished.
pub(crate) struct OutBuf<W: io::Write> {
    /// Zeroed up to its length, which is the room the buffer has (at most [`BUFFER_SIZE`]
    /// with a writer).
    buf: Vec<u8>,
    len: usize,
    /// `None`: the buffer is the output (made by `in_memory`, or taken by `into_inner`).
    inner: Option<W>,
}

impl<W: io::Write> OutBuf<W> {
    pub(crate) fn new(inner: W) -> Self {
        OutBuf {
            buf: Vec::new(),
            len: 0,
            inner: Some(inner),
        }
    }

    /// A buffer without a writer: it grows to hold everything written. Its first room is
    /// allocated zeroed at once (cheaper than growing an empty `Vec`).
    pub(crate) fn in_memory() -> Self {
        OutBuf {
            buf: vec![0; FIRST_SIZE],
            len: 0,
            inner: None,
        }
    }

    /// The bytes written into a buffer made by [`in_memory`](Self::in_memory).
    pub(crate) fn into_bytes(mut self) -> Vec<u8> {
        let mut bytes = std::mem::take(&mut self.buf);
        bytes.truncate(std::mem::take(&mut self.len));
        bytes
    }

    /// Hands what is buffered to `W` and returns `W` (not flushed).
    pub(crate) fn into_inner(mut self) -> io::Result<W> {
        self.flush_buf()?;
        self.inner.take().ok_or_else(taken)
    }

    /// Hands what is buffered to `W` (without flushing `W`) and lends `W`.
    #[cfg(feature = "tokio")]
    pub(crate) fn hand_over(&mut self) -> io::Result<&mut W> {
        self.flush_buf()?;
        self.inner.as_mut().ok_or_else(taken)
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        // Emptied first: after an error the output is incomplete anyway, and a retry from
        // `drop` must not write the same bytes twice.
        let len = std::mem::take(&mut self.len);
        if len == 0 {
            return Ok(());
        }
        self.inner
            .as_mut()
            .ok_or_else(taken)?
            .write_all(&self.buf[..len])
    }

    /// Writes `head[..head_len]` and then `body`, checking the room once for both: `head` is
    /// copied whole (a fixed-size move), the bytes past `head_len` to be overwritten.
    #[inline(always)]
    pub(crate) fn write_parts<const N: usize>(
        &mut self,
        head: [u8; N],
        head_len: usize,
        body: &[u8],
    ) -> io::Result<()> {
        debug_assert!(head_len <= N);
        match self.buf.get_mut(self.len..self.len + N + body.len()) {
            Some(dst) => {
                dst[..N].copy_from_slice(&head);
                copy(&mut dst[head_len..head_len + body.len()], body);
                self.len += head_len + body.len();
                Ok(())
            }
            None => self.write_parts_cold(&head[..head_len], body),
        }
    }

    #[cold]
    fn write_parts_cold(&mut self, head: &[u8], body: &[u8]) -> io::Result<()> {
        io::Write::write_all(self, head)?;
        io::Write::write_all(self, body)
    }

    #[cold]
    fn write_cold(&mut self, data: &[u8]) -> io::Result<()> {
        let end = self.len + data.len();
        if self.inner.is_none() || end <= BUFFER_SIZE {
            // Room by growing: up to the buffer's size in front of a writer; in memory,
            // without bound, but zeroed at most `ZEROED_AHEAD` bytes at a time (the `Vec`'s
            // capacity still doubles), so that the zeros are still in the cache when the
            // output overwrites them.
            let room = match self.inner {
                Some(_) => end.next_power_of_two().clamp(FIRST_SIZE, BUFFER_SIZE),
                None => end.max(self.buf.len() + self.buf.len().clamp(FIRST_SIZE, ZEROED_AHEAD)),
            };
            self.buf.resize(room, 0);
            self.buf[self.len..end].copy_from_slice(data);
            self.len = end;
            return Ok(());
        }
        self.buf.resize(BUFFER_SIZE, 0);
        self.flush_buf()?;
        if data.len() >= self.buf.len() {
            return self.inner.as_mut().ok_or_else(taken)?.write_all(data);
        }
        self.buf[..data.len()].copy_from_slice(data);
        self.len = data.len();
        Ok(())
    }
}

impl<W: io::Write> io::Write for OutBuf<W> {
    #[inline]
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        let end = self.len + data.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                copy(dst, data);
                self.len = end;
                Ok(())
            }
            None => self.write_cold(data),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_buf()?;
        self.inner.as_mut().ok_or_else(taken)?.flush()
    }
}

impl<W: io::Write> Drop for OutBuf<W> {
    fn drop(&mut self) {
        let _ = self.flush_buf();
    }
}

/// The error for a buffer without its writer. Never seen: only `into_inner` takes the writer,
/// and it consumes the buffer (whose `drop` then has nothing to write).
#[cold]
fn taken() -> io::Error {
    io::Error::other("the output buffer has no writer")
}

/// Copies `src` into `dst` (of the same length): up to 32 bytes with two fixed-size moves
/// that may overlap, longer slices with `copy_from_slice`.
#[inline(always)]
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n > 32 {
        dst.copy_from_slice(src);
    } else if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..].copy_from_slice(&src[n - 4..]);
    } else if n > 0 {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[test]
    fn writes_of_every_size_arrive_in_order() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3 * BUFFER_SIZE).collect();
        for size in (0..=40).chain([BUFFER_SIZE - 1, BUFFER_SIZE, BUFFER_SIZE + 1]) {
            let mut out = OutBuf::new(Vec::new());
            let mut expected = Vec::new();
            for (i, piece) in data.chunks(size.max(1)).enumerate() {
                let piece = if size == 0 { &piece[..0] } else { piece };
                out.write_all(piece).unwrap();
                expected.extend_from_slice(piece);
                if i % 7 == 0 {
                    out.write_all(b"|").unwrap();
                    expected.push(b'|');
                }
            }
            assert_eq!(out.into_inner().unwrap(), expected, "size {size}");
        }
    }

    #[test]
    fn tokens_of_every_size_arrive_in_order_with_a_writer_and_in_memory() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3 * BUFFER_SIZE).collect();
        for size in (0..=40).chain([BUFFER_SIZE - 6, BUFFER_SIZE, BUFFER_SIZE + 1]) {
            let mut buffered = OutBuf::new(Vec::new());
            let mut in_memory = OutBuf::<io::Sink>::in_memory();
            let mut expected = Vec::new();
            for (i, body) in data.chunks(size.max(1)).enumerate() {
                let body = if size == 0 { &body[..0] } else { body };
                let head = [i as u8, 0xAA, 0xBB, 0xCC, 0xDD];
                let head_len = i % 6;
                buffered.write_parts(head, head_len, body).unwrap();
                in_memory.write_parts(head, head_len, body).unwrap();
                expected.extend_from_slice(&head[..head_len]);
                expected.extend_from_slice(body);
            }
            assert_eq!(buffered.into_inner().unwrap(), expected, "size {size}");
            assert_eq!(in_memory.into_bytes(), expected, "size {size}");
        }
    }

    #[test]
    fn dropping_hands_over_what_is_buffered() {
        let mut sink = Vec::new();
        let mut out = OutBuf::new(&mut sink);
        out.write_all(b"[1,").unwrap();
        drop(out);
        assert_eq!(sink, b"[1,");
    }
}
