//! The input of a parallel stream read again from a point in it, sequentially: the bytes
//! already read from there on, then the rest of the input, with the same I/O error at the same
//! byte as the first time, so that the sequential reader meets exactly what the input gave.

use std::collections::VecDeque;
use std::io;

/// An [`io::Read`] that gives `chunks` in order, then the error the input gave after them (if
/// it gave one), then what `rest` gives.
pub(crate) struct Replay<R> {
    chunks: VecDeque<Vec<u8>>,
    /// Bytes of the front chunk already given.
    given: usize,
    error: Option<io::Error>,
    rest: R,
}

impl<R> Replay<R> {
    pub(crate) fn new(chunks: VecDeque<Vec<u8>>, error: Option<io::Error>, rest: R) -> Self {
        Replay {
            chunks,
            given: 0,
            error,
            rest,
        }
    }
}

impl<R: io::Read> io::Read for Replay<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while let Some(front) = self.chunks.front() {
            let unread = &front[self.given..];
            if !unread.is_empty() {
                let n = unread.len().min(buf.len());
                buf[..n].copy_from_slice(&unread[..n]);
                self.given += n;
                return Ok(n);
            }
            self.chunks.pop_front();
            self.given = 0;
        }
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.rest.read(buf)
    }
}

/// An [`io::Read`] that keeps the first error of `inner` (other than `Interrupted`, which
/// readers retry) for a [`Replay`], and gives an error from then on.
pub(crate) struct Stashing<R> {
    inner: R,
    error: Option<io::Error>,
}

impl<R> Stashing<R> {
    pub(crate) fn new(inner: R) -> Self {
        Stashing { inner, error: None }
    }

    /// The reader, and the error it gave, if it gave one.
    pub(crate) fn into_parts(self) -> (R, Option<io::Error>) {
        (self.inner, self.error)
    }
}

impl<R: io::Read> io::Read for Stashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.error.is_some() {
            return Err(io::Error::other(
                "the input failed; the error is kept for a replay",
            ));
        }
        match self.inner.read(buf) {
            Err(error) if error.kind() != io::ErrorKind::Interrupted => {
                self.error = Some(error);
                self.read(buf)
            }
            read => read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_replay_gives_its_chunks_then_the_error_then_the_rest() {
        let chunks = VecDeque::from([b"ab".to_vec(), Vec::new(), b"cde".to_vec()]);
        let mut replay = Replay::new(chunks, Some(io::Error::other("gone")), &b"fg"[..]);
        let mut buf = [0u8; 2];
        let mut got = Vec::new();
        let error = loop {
            match replay.read(&mut buf) {
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(error) => break error,
            }
        };
        assert_eq!(
            (got.as_slice(), error.to_string().as_str()),
            (&b"abcde"[..], "gone")
        );
        let mut rest = Vec::new();
        replay.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"fg");
    }

    #[test]
    fn stashing_keeps_the_first_hard_error_and_passes_interruptions() {
        struct Failing(u8);
        impl io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                self.0 += 1;
                match self.0 {
                    1 => Err(io::ErrorKind::Interrupted.into()),
                    2 => Err(io::Error::other("first")),
                    _ => Err(io::Error::other("later")),
                }
            }
        }
        let mut stashing = Stashing::new(Failing(0));
        let mut buf = [0u8; 4];
        let kinds: Vec<io::ErrorKind> = (0..3)
            .map(|_| stashing.read(&mut buf).unwrap_err().kind())
            .collect();
        assert_eq!(kinds[0], io::ErrorKind::Interrupted);
        let (inner, error) = stashing.into_parts();
        assert_eq!(
            (inner.0, error.unwrap().to_string()),
            (2, "first".to_string())
        );
    }
}
