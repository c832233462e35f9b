//! The push writer of PBJSON: a document token by token into any `io::Write`, its structure
//! and its counts checked as it goes.

use std::fmt;
use std::io;

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::io_retry::read_retrying;
use crate::pbjson::header;
use crate::pbjson::ser::{check_len, Count, Serializer};
use crate::write::encode::{Encoder, Encoding, READ_CHUNK};

/// A push writer of one PBJSON document into any [`io::Write`], the counterpart of
/// [`JsonWriter`](crate::JsonWriter).
///
/// Tokens are written as they are pushed: [`begin_array`](Self::begin_array) (with its length,
/// or `None` for an array that ends with a terminator), [`begin_object`](Self::begin_object)
/// (with its member count: PBJSON writes it first), [`key`](Self::key), values, and the ends.
/// Any serde value can be written in the middle of the document with [`value`](Self::value),
/// as [`pbjson::dump`](crate::pbjson::dump) writes it, sharing the document's key memo; a
/// string or binary value of any size is copied from an [`io::Read`] with
/// [`str_from`](Self::str_from) and [`binary_from`](Self::binary_from), given its length.
///
/// The structure is checked as it goes: a value where a key is due, a key where a value is
/// due, an end that closes nothing open, a second top-level value, an element or member more
/// than its container declared, or an end before the declared count is reached is an error of
/// [`Category::Syntax`](crate::Category::Syntax), and nothing is written for it (the writer
/// stays usable). [`finish`](Self::finish) checks that the document is complete.
///
/// Output goes through a bounded buffer (8 KiB) to `W`; the document is never held. After an
/// I/O error, a failed serde value or key, or a copied value whose source fails or does not
/// give its length, the writer refuses everything: what it wrote is an incomplete document,
/// and it stays one. Dropping the writer without calling `finish` hands what is buffered to
/// `W` and writes nothing more.
///
/// # Examples
///
/// ```
/// use jsonstream::pbjson::PbWriter;
///
/// let mut writer = PbWriter::new(Vec::new());
/// writer.begin_object(3)?;
/// writer.key("id")?;
/// writer.value(&42)?;
/// writer.key("tags")?;
/// writer.value(&["a", "b"])?;
/// writer.key("text")?;
/// writer.str_from(&b"from any io::Read"[..], 17)?;
/// writer.end_object()?;
/// let out = writer.finish()?;
/// assert_eq!(out, b"\xe3\x02id\x21\x2a\x04tags\xc2\x81a\x81b\x04text\x90\x11from any io::Read");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct PbWriter<W: io::Write> {
    ser: Serializer<W>,
    /// The open containers, innermost last.
    open: Vec<Open>,
    expect: Expect,
}

/// An open array or object and its count.
#[derive(Copy, Clone, Debug)]
struct Open {
    object: bool,
    count: Count,
}

/// What the writer accepts next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Expect {
    /// The top-level value.
    Value,
    /// An element or the end of the array.
    Element,
    /// A key or the end of the object.
    Key,
    /// The value of the member whose key was written.
    MemberValue,
    /// Nothing: the document is complete.
    Done,
    /// Nothing: an error left the document incomplete.
    Failed,
}

impl<W: io::Write> PbWriter<W> {
    /// A writer of one PBJSON document into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.bool_value(true)?;
    /// assert_eq!(writer.finish()?, [0x01]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        PbWriter {
            ser: Serializer::new(writer),
            open: Vec::new(),
            expect: Expect::Value,
        }
    }

    /// Sets how many levels of arrays and objects a serde value written with
    /// [`value`](Self::value) may nest, counted from where the value starts (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH)), as
    /// [`JsonWriter::max_depth`](crate::JsonWriter::max_depth). The arrays and objects pushed
    /// with [`begin_array`](Self::begin_array) and [`begin_object`](Self::begin_object) are not
    /// counted.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::LimitKind;
    ///
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new()).max_depth(1);
    /// writer.begin_array(None)?;
    /// writer.begin_array(None)?; // pushed: not counted
    /// writer.value(&[1, 2])?; // one level: within the limit
    /// let err = writer.value(&[[3]]).unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.ser.set_max_depth(max_depth);
        self
    }

    /// Begins an array value of `len` elements, or, with `None`, of elements that follow until
    /// [`end_array`](Self::end_array) writes the terminator (`0C` … `0F`).
    ///
    /// # Errors
    ///
    /// An error if no value is due here, or if `len` is more than a header can say
    /// (4,294,967,295); an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_array(Some(2))?;
    /// writer.value(&1)?;
    /// writer.begin_array(None)?;
    /// writer.value(&2)?;
    /// writer.end_array()?;
    /// writer.end_array()?;
    /// assert_eq!(writer.finish()?, b"\xc2\x21\x01\x0c\x21\x02\x0f");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn begin_array(&mut self, len: Option<u64>) -> Result<()> {
        check_len(len.unwrap_or(0))?;
        self.begin_value()?;
        let written = match len {
            Some(len) => self.ser.write_header(header::ARRAY, len),
            None => self.ser.begin_terminated(),
        };
        self.guard(written)?;
        self.open.push(Open {
            object: false,
            count: Count::new(len),
        });
        self.expect = Expect::Element;
        Ok(())
    }

    /// Ends the current array: writes the terminator of an array begun without a length, and
    /// checks that one begun with a length got all its elements.
    ///
    /// # Errors
    ///
    /// An error if the innermost open value is not an array, or if it got fewer elements than
    /// it declared; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_array(Some(2))?;
    /// writer.value(&1)?;
    /// let err = writer.end_array().unwrap_err();
    /// assert_eq!(err.to_string(), "declared 2 elements, given 1");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn end_array(&mut self) -> Result<()> {
        if self.expect != Expect::Element {
            return Err(self.misplaced("the end of an array"));
        }
        let count = self.innermost_count();
        count.complete("element")?;
        if count.is_open_ended() {
            let written = self.ser.end_terminated();
            self.guard(written)?;
        }
        self.close();
        Ok(())
    }

    /// Begins an object value of `len` members (PBJSON writes the count first).
    ///
    /// # Errors
    ///
    /// An error if no value is due here, or if `len` is more than a header can say; an I/O
    /// error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_object(1)?;
    /// writer.key("a")?;
    /// writer.null_value()?;
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, b"\xe1\x01a\x02");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn begin_object(&mut self, len: u64) -> Result<()> {
        check_len(len)?;
        self.begin_value()?;
        let written = self.ser.write_header(header::OBJECT, len);
        self.guard(written)?;
        self.open.push(Open {
            object: true,
            count: Count::new(Some(len)),
        });
        self.expect = Expect::Key;
        Ok(())
    }

    /// Ends the current object, which must have got all its members.
    ///
    /// # Errors
    ///
    /// An error if the innermost open value is not an object, if a key was written without
    /// its value, or if the object got fewer members than it declared.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_object(1)?;
    /// writer.key("a")?;
    /// let err = writer.end_object().unwrap_err();
    /// assert_eq!(err.to_string(), "expected a value, found the end of an object");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn end_object(&mut self) -> Result<()> {
        if self.expect != Expect::Key {
            return Err(self.misplaced("the end of an object"));
        }
        self.innermost_count().complete("member")?;
        self.close();
        Ok(())
    }

    /// Writes the key of the next member of the current object, through the document's key
    /// memo (one byte for a key among the first 128 distinct ones, when it comes again).
    ///
    /// # Errors
    ///
    /// An error if no key is due here (outside an object, after a key, or after the declared
    /// members); a key longer than 127 bytes, or an I/O error, either of which leaves the
    /// writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_array(Some(2))?;
    /// for id in 1..=2 {
    ///     writer.begin_object(1)?;
    ///     writer.key("id")?; // spelled out once, then the memo's index 0
    ///     writer.value(&id)?;
    ///     writer.end_object()?;
    /// }
    /// writer.end_array()?;
    /// assert_eq!(writer.finish()?, b"\xc2\xe1\x02id\x21\x01\xe1\x80\x21\x02");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn key(&mut self, key: &str) -> Result<()> {
        self.map_key(key)
    }

    /// Writes the key of the next member from a map's key, converted as serde_json converts
    /// the keys of a map: a string as it is; an integer, a `bool`, a `char` or a finite float
    /// as its text.
    ///
    /// # Errors
    ///
    /// As [`key`](Self::key); also an error if `key` is of another kind (a sequence, a map, a
    /// non-finite float…), which leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_object(1)?;
    /// writer.map_key(&7u32)?;
    /// writer.string_value("seven")?;
    /// writer.end_object()?;
    /// assert_eq!(writer.finish()?, b"\xe1\x017\x85seven");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn map_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<()> {
        if self.expect != Expect::Key {
            return Err(self.misplaced("a key"));
        }
        self.count_one("member")?;
        let written = self.ser.write_map_key(key);
        self.guard(written)?;
        self.expect = Expect::MemberValue;
        Ok(())
    }

    /// Writes any serde value, as [`pbjson::dump`](crate::pbjson::dump) would write it, at the
    /// current place in the document.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an error from serializing `value` (see
    /// [`Serializer`](crate::pbjson::Serializer)), which leaves the writer unusable; an I/O
    /// error.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::BTreeMap;
    ///
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.value(&BTreeMap::from([("a", 1.5)]))?;
    /// assert_eq!(writer.finish()?, b"\xe1\x01a\x62\x1d\x5d");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.begin_value()?;
        let written = value.serialize(&mut self.ser);
        self.guard(written)?;
        self.end_value();
        Ok(())
    }

    /// Writes a string value.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; a string longer than 4,294,967,295 bytes; an I/O
    /// error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.string_value("café")?;
    /// assert_eq!(writer.finish()?, b"\x85caf\xc3\xa9");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn string_value(&mut self, value: &str) -> Result<()> {
        self.value(value)
    }

    /// Writes `true` or `false`.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.bool_value(false)?;
    /// assert_eq!(writer.finish()?, [0x00]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn bool_value(&mut self, value: bool) -> Result<()> {
        self.value(&value)
    }

    /// Writes `null`.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.null_value()?;
    /// assert_eq!(writer.finish()?, [0x02]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn null_value(&mut self) -> Result<()> {
        self.value(&())
    }

    /// Writes a binary value (`AL`), which JSON has no counterpart of.
    ///
    /// # Errors
    ///
    /// An error if no value is due here; more than 4,294,967,295 bytes; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.binary(&[0xff, 0x00])?;
    /// assert_eq!(writer.finish()?, [0xa2, 0xff, 0x00]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn binary(&mut self, value: &[u8]) -> Result<()> {
        check_len(value.len() as u64)?;
        self.begin_value()?;
        let written = self.ser.write_binary(value);
        self.guard(written)?;
        self.end_value();
        Ok(())
    }

    /// Writes a binary value of exactly `len` bytes read from `reader`, chunk by chunk (at
    /// most 64 KiB at a time): the value is never held. `reader` must give `len` bytes and then
    /// end.
    ///
    /// # Errors
    ///
    /// An error if no value is due here, or if `len` is more than a header can say; then,
    /// leaving the writer unusable (the header is written): an error reading `reader`
    /// ([`Category::Io`](crate::Category::Io)); fewer than `len` bytes, or more
    /// ([`Category::Syntax`](crate::Category::Syntax)); an I/O error writing.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.binary_from(&[1u8, 2, 3][..], 3)?;
    /// assert_eq!(writer.finish()?, [0xa3, 1, 2, 3]);
    ///
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// let err = writer.binary_from(&[1u8, 2][..], 3).unwrap_err();
    /// assert_eq!(err.to_string(), "declared 3 bytes, given 2");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn binary_from<R: io::Read>(&mut self, reader: R, len: u64) -> Result<()> {
        self.copy_value(reader, len, header::BINARY, None)
    }

    /// Writes a string value of exactly `len` bytes of UTF-8 text read from `reader`, chunk by
    /// chunk (at most 64 KiB at a time), checked as UTF-8 across the chunks: the value is never
    /// held. `reader` must give `len` bytes and then end.
    ///
    /// # Errors
    ///
    /// As [`binary_from`](Self::binary_from); also invalid UTF-8, naming the byte offset in the
    /// string value, which leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.str_from("😀".as_bytes(), 4)?;
    /// assert_eq!(writer.finish()?, b"\x84\xf0\x9f\x98\x80");
    ///
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// let err = writer.str_from(&b"ab\xff"[..], 3).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte 2 of the string value");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn str_from<R: io::Read>(&mut self, reader: R, len: u64) -> Result<()> {
        let mut text = Encoder::new(Encoding::Text);
        self.copy_value(reader, len, header::STRING, Some(&mut text))
    }

    /// Hands everything buffered to `W` and flushes `W`.
    ///
    /// # Errors
    ///
    /// An I/O error, which leaves the writer unusable.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut out = Vec::new();
    /// let mut writer = jsonstream::pbjson::PbWriter::new(&mut out);
    /// writer.begin_array(None)?;
    /// writer.flush()?;
    /// writer.end_array()?;
    /// writer.finish()?;
    /// assert_eq!(out, [0x0c, 0x0f]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn flush(&mut self) -> Result<()> {
        let flushed = self.ser.flush();
        self.guard(flushed)
    }

    /// Checks that the document is complete, hands everything buffered to `W`, and returns
    /// `W` (not flushed).
    ///
    /// # Errors
    ///
    /// An error if the top-level value is missing or incomplete (a container open, or short of
    /// its count), or if an earlier error left the writer unusable; an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut writer = jsonstream::pbjson::PbWriter::new(Vec::new());
    /// writer.begin_object(2)?;
    /// let err = writer.finish().unwrap_err();
    /// assert_eq!(err.to_string(), "the top-level value is not complete");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn finish(self) -> Result<W> {
        match self.expect {
            Expect::Done => self.ser.into_inner(),
            Expect::Failed => Err(Error::new(ErrorCode::WriterUnusable)),
            _ => Err(Error::new(ErrorCode::DocumentIncomplete)),
        }
    }

    /// Writes a value of `len` bytes copied from `reader`: binary, or text checked by `text`.
    fn copy_value<R: io::Read>(
        &mut self,
        mut reader: R,
        len: u64,
        ty: u8,
        text: Option<&mut Encoder>,
    ) -> Result<()> {
        check_len(len)?;
        self.begin_value()?;
        let copied = self.copy_exact(&mut reader, len, ty, text);
        self.guard(copied)?;
        self.end_value();
        Ok(())
    }

    /// Writes the header, then exactly `len` bytes of `reader`, passing text through `text`.
    fn copy_exact<R: io::Read>(
        &mut self,
        reader: &mut R,
        len: u64,
        ty: u8,
        mut text: Option<&mut Encoder>,
    ) -> Result<()> {
        self.ser.write_header(ty, len)?;
        let mut buf = vec![0; READ_CHUNK.min(len as usize)];
        let mut left = len;
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = read_retrying(reader, &mut buf[..want]).map_err(Error::io)?;
            if n == 0 {
                return Err(short_or_long(len, Some(len - left)));
            }
            let chunk = &buf[..n];
            let ser = &mut self.ser;
            match text.as_deref_mut() {
                Some(text) => text.feed(chunk, &mut |text| ser.write_raw(text.as_bytes()))?,
                None => ser.write_raw(chunk)?,
            }
            left -= n as u64;
        }
        if let Some(text) = text {
            text.finish(&mut |_| Ok::<(), Error>(()))?;
        }
        if read_retrying(reader, &mut [0]).map_err(Error::io)? > 0 {
            return Err(short_or_long(len, None));
        }
        Ok(())
    }

    /// The count of the innermost open container (a key, an element or an end is due only
    /// inside one).
    fn innermost_count(&self) -> Count {
        self.open.last().map_or(Count::new(None), |open| open.count)
    }

    /// Counts one more element or member of the innermost open container.
    #[inline]
    fn count_one(&mut self, what: &'static str) -> Result<()> {
        match self.open.last_mut() {
            Some(open) => open.count.one_more(what),
            None => Ok(()),
        }
    }

    /// Checks that a value may come here, counting it in its array.
    #[inline]
    fn begin_value(&mut self) -> Result<()> {
        match self.expect {
            Expect::Value | Expect::MemberValue => Ok(()),
            Expect::Element => self.count_one("element"),
            Expect::Key | Expect::Done | Expect::Failed => Err(self.misplaced("a value")),
        }
    }

    /// Moves on after a complete value.
    #[inline]
    fn end_value(&mut self) {
        self.expect = match self.open.last() {
            None => Expect::Done,
            Some(Open { object: false, .. }) => Expect::Element,
            Some(Open { object: true, .. }) => Expect::Key,
        };
    }

    /// Leaves the innermost container, which is a complete value in its parent.
    fn close(&mut self) {
        self.open.pop();
        self.end_value();
    }

    #[cold]
    fn misplaced(&self, found: &'static str) -> Error {
        let expected = match self.expect {
            Expect::Value | Expect::MemberValue => "a value",
            Expect::Element => "a value or the end of the array",
            Expect::Key => "a key or the end of the object",
            Expect::Done => "the end of the document",
            Expect::Failed => return Error::new(ErrorCode::WriterUnusable),
        };
        Error::new(ErrorCode::Misplaced { expected, found })
    }

    /// Passes `result` on, leaving the writer unusable if it is an error.
    #[inline]
    fn guard(&mut self, result: Result<()>) -> Result<()> {
        if result.is_err() {
            self.expect = Expect::Failed;
        }
        result
    }
}

/// A source that gave `given` bytes of `len` (`None`: more).
#[cold]
fn short_or_long(len: u64, given: Option<u64>) -> Error {
    Error::new(ErrorCode::CountMismatch {
        what: "byte",
        declared: len,
        given,
    })
}

impl<W: io::Write> fmt::Debug for PbWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PbWriter")
            .field("depth", &self.open.len())
            .field("expect", &self.expect)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io_retry::Trickle;

    #[test]
    fn counts_are_enforced_and_structure_errors_leave_the_writer_usable() {
        let mut w = PbWriter::new(Vec::new());
        w.begin_array(Some(2)).unwrap();
        assert_eq!(
            w.key("a").unwrap_err().to_string(),
            "expected a value or the end of the array, found a key"
        );
        w.value(&1).unwrap();
        assert_eq!(
            w.end_array().unwrap_err().to_string(),
            "declared 2 elements, given 1"
        );
        w.begin_object(1).unwrap();
        assert_eq!(
            w.end_array().unwrap_err().to_string(),
            "expected a key or the end of the object, found the end of an array"
        );
        w.key("k").unwrap();
        assert!(w.key("k").is_err());
        w.null_value().unwrap();
        let err = w.key("more").unwrap_err();
        assert!(err.is_syntax());
        assert_eq!(err.to_string(), "declared 1 member, given more");
        w.end_object().unwrap();
        assert_eq!(
            w.value(&3).unwrap_err().to_string(),
            "declared 2 elements, given more"
        );
        w.end_array().unwrap();
        assert_eq!(
            w.null_value().unwrap_err().to_string(),
            "expected the end of the document, found a value"
        );
        assert_eq!(w.finish().unwrap(), b"\xc2\x21\x01\xe1\x01k\x02");
    }

    #[test]
    fn an_unfinished_document_is_refused() {
        let w = PbWriter::new(Vec::new());
        assert!(w.finish().is_err());
        let mut w = PbWriter::new(Vec::new());
        w.begin_array(None).unwrap();
        w.value(&1).unwrap();
        assert_eq!(
            w.finish().unwrap_err().to_string(),
            "the top-level value is not complete"
        );
    }

    #[test]
    fn a_failed_value_leaves_the_writer_unusable() {
        let mut w = PbWriter::new(Vec::new());
        w.begin_object(1).unwrap();
        let err = w.key(&"k".repeat(128)).unwrap_err();
        assert!(err.is_data());
        assert_eq!(
            w.key("k").unwrap_err().to_string(),
            "an earlier error left the writer unusable"
        );
        assert!(w.finish().is_err());
    }

    #[test]
    fn binary_from_copies_exactly_its_length_through_one_byte_reads() {
        let data: Vec<u8> = (0..=255).collect();
        let mut w = PbWriter::new(Vec::new());
        w.binary_from(Trickle::new(&data), 256).unwrap();
        let out = w.finish().unwrap();
        assert_eq!(&out[..2], b"\xb1\x00");
        assert_eq!(&out[2..], &data[..]);
        assert_eq!(out.len(), 2 + 256);
    }

    #[test]
    fn binary_from_refuses_short_and_long_sources() {
        let mut w = PbWriter::new(Vec::new());
        let err = w.binary_from(Trickle::new(b"ab"), 3).unwrap_err();
        assert!(err.is_syntax());
        assert_eq!(err.to_string(), "declared 3 bytes, given 2");
        assert!(w.finish().is_err());

        let mut w = PbWriter::new(Vec::new());
        let err = w.binary_from(Trickle::new(b"abcd"), 3).unwrap_err();
        assert_eq!(err.to_string(), "declared 3 bytes, given more");

        let mut w = PbWriter::new(Vec::new());
        let err = w
            .binary_from(&b""[..], u64::from(u32::MAX) + 1)
            .unwrap_err();
        assert!(err.is_data());
        w.binary_from(&b""[..], 0).unwrap();
        assert_eq!(w.finish().unwrap(), [0xa0]);
    }

    #[test]
    fn str_from_checks_utf8_across_reads() {
        let text = "a\u{e9}\u{20ac}\u{1F600}z";
        let mut w = PbWriter::new(Vec::new());
        w.str_from(Trickle::new(text.as_bytes()), text.len() as u64)
            .unwrap();
        let out = w.finish().unwrap();
        assert_eq!(out[0], 0x80 | text.len() as u8);
        assert_eq!(&out[1..], text.as_bytes());

        // Cut inside the last character: the declared length ends in the middle of it.
        let mut w = PbWriter::new(Vec::new());
        let err = w
            .str_from(Trickle::new("ab\u{20ac}".as_bytes()), 4)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid UTF-8 at byte 2 of the string value"
        );
    }

    #[test]
    fn a_reading_error_is_an_io_error() {
        struct Failing;
        impl io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut w = PbWriter::new(Vec::new());
        let err = w.binary_from(Failing, 1).unwrap_err();
        assert!(err.is_io());
        assert_eq!(err.to_string(), "disk on fire");
    }
}
