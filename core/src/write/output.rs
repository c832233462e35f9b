//! Where the serde [`Serializer`](crate::Serializer) puts its bytes: any `io::Write`, or the
//! `Vec` of [`to_vec`](crate::to_vec), into whose spare capacity strings are escaped in place
//! (`kernel::escape_into`) rather than handed over piece by piece, and numbers copied without a
//! call to `memcpy` (`kernel::push_bytes`).

use std::io;

use crate::kernel::escape_into::push_escaped;
use crate::kernel::push_bytes::push_bytes;
use crate::lex::escape::write_escaped;

/// The output of a [`Serializer`](crate::Serializer): every [`io::Write`] is one.
///
/// Sealed, and not nameable outside the crate: its only other implementation is the in-memory
/// output of [`to_vec`](crate::to_vec).
pub trait Output: private::Sealed {
    /// What formatters write whitespace and punctuation into.
    #[doc(hidden)]
    type Writer: io::Write;

    /// The writer for the formatters and raw text.
    #[doc(hidden)]
    fn writer(&mut self) -> &mut Self::Writer;

    /// Writes `bytes` as they are.
    #[doc(hidden)]
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()>;

    /// Writes `s` escaped as the content of a JSON string, in quotes if `quoted`.
    #[doc(hidden)]
    fn write_escaped(&mut self, s: &str, quoted: bool) -> io::Result<()>;
}

mod private {
    pub trait Sealed {}
    impl<W: std::io::Write> Sealed for W {}
    impl Sealed for super::InMemory {}
}

impl<W: io::Write> Output for W {
    type Writer = W;

    #[inline]
    fn writer(&mut self) -> &mut W {
        self
    }

    #[inline]
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }

    #[inline]
    fn write_escaped(&mut self, s: &str, quoted: bool) -> io::Result<()> {
        write_escaped(self, s, quoted)
    }
}

/// The output of [`to_vec`](crate::to_vec): a `Vec` that strings are escaped into directly.
/// Not an `io::Write` itself, so that it can be an [`Output`] of its own.
pub(crate) struct InMemory(pub(crate) Vec<u8>);

impl Output for InMemory {
    type Writer = Vec<u8>;

    #[inline]
    fn writer(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }

    #[inline]
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        push_bytes(&mut self.0, bytes);
        Ok(())
    }

    #[inline]
    fn write_escaped(&mut self, s: &str, quoted: bool) -> io::Result<()> {
        push_escaped(&mut self.0, s, quoted);
        Ok(())
    }
}
