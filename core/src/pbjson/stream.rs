//! [`ArrayStream`]: the elements of a top-level PBJSON array, deserialized one at a time.

use std::io;
use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeOwned};

use crate::error::Result;
use crate::pbjson::reader::PbReader;
use crate::read::stream::State;
use crate::read::{IoRead, Read, SliceRead};
use crate::ReaderOptions;

/// An iterator of the elements of a top-level PBJSON array (of known length or terminated),
/// deserialized one at a time as `T`. Made by [`stream`](super::stream) and
/// [`ReaderOptions::pbjson_stream`].
///
/// Memory is bounded by the reader's window plus the element being deserialized. After the
/// array, the input must end: trailing bytes are the last item, an error. After any error the
/// iterator is finished (it yields `None`).
pub struct ArrayStream<S, T> {
    reader: PbReader<S>,
    state: State,
    _marker: PhantomData<fn() -> T>,
}

impl<S, T> ArrayStream<S, T> {
    pub(crate) fn new(reader: PbReader<S>) -> Self {
        ArrayStream {
            reader,
            state: State::Start,
            _marker: PhantomData,
        }
    }

    /// The reader underneath, e.g. for its [`offset`](PbReader::offset) or
    /// [`path`](PbReader::path).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[1, 2])?;
    /// let mut numbers = jsonstream::pbjson::stream::<u8, _>(&bytes[..]);
    /// numbers.next();
    /// assert_eq!(numbers.reader().path(), "$[0]");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn reader(&self) -> &PbReader<S> {
        &self.reader
    }
}

impl<'de, S: Read<'de>, T: Deserialize<'de>> ArrayStream<S, T> {
    fn step(&mut self) -> Result<Option<T>> {
        if self.state == State::Start {
            self.reader.begin_array()?;
            self.state = State::Elements;
        }
        if self.reader.has_next()? {
            return self.reader.deserialize_next().map(Some);
        }
        self.reader.end_array()?;
        self.reader.end_document()?;
        Ok(None)
    }
}

impl<'de, S: Read<'de>, T: Deserialize<'de>> Iterator for ArrayStream<S, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.state == State::Finished {
            return None;
        }
        let item = self.step().transpose();
        self.state.settle(item)
    }
}

impl<'de, S: Read<'de>, T: Deserialize<'de>> std::iter::FusedIterator for ArrayStream<S, T> {}

impl ReaderOptions {
    /// [`pbjson::stream`](super::stream) with these options.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&[1, 2, 3])?;
    /// let options = jsonstream::ReaderOptions::new().window_size(4);
    /// let sum: u32 = options.pbjson_stream::<u32, _>(&bytes[..]).map(Result::unwrap).sum();
    /// assert_eq!(sum, 6);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_stream<T: DeserializeOwned, R: io::Read>(
        &self,
        reader: R,
    ) -> ArrayStream<IoRead<R>, T> {
        ArrayStream::new(self.pbjson_reader(reader))
    }

    /// [`pbjson::stream`](super::stream) over bytes in memory, with these options; elements
    /// may borrow from `bytes`.
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&["a", "b"])?;
    /// let options = jsonstream::ReaderOptions::new();
    /// let words: Vec<&str> = options
    ///     .pbjson_stream_slice(&bytes)
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(words, ["a", "b"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_stream_slice<'a, T: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
    ) -> ArrayStream<SliceRead<'a>, T> {
        ArrayStream::new(self.pbjson_slice_reader(bytes))
    }

    /// [`pbjson::from_reader`](super::from_reader) with these options.
    ///
    /// # Errors
    ///
    /// As [`pbjson::from_reader`](super::from_reader), and an error of
    /// [`Category::Limit`](crate::Category::Limit) for input beyond the limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, ReaderOptions};
    ///
    /// let bytes = jsonstream::pbjson::to_vec(&vec![0u8; 100])?;
    /// let options = ReaderOptions::new().limits(Limits {
    ///     max_document_len: Some(50),
    ///     ..Limits::default()
    /// });
    /// assert!(options.pbjson_from_reader::<_, Vec<u8>>(&bytes[..]).is_err());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_from_reader<R: io::Read, T: DeserializeOwned>(&self, reader: R) -> Result<T> {
        let mut reader = self.pbjson_reader(reader);
        let value = reader.deserialize_next()?;
        reader.finish()?;
        Ok(value)
    }

    /// [`pbjson::from_slice`](super::from_slice) with these options.
    ///
    /// # Errors
    ///
    /// As [`pbjson::from_slice`](super::from_slice), and an error of
    /// [`Category::Limit`](crate::Category::Limit) for input beyond the limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, LimitKind, ReaderOptions};
    ///
    /// let bytes = jsonstream::pbjson::to_vec(&[[1]])?;
    /// let options = ReaderOptions::new().limits(Limits { max_depth: 1, ..Limits::default() });
    /// let err = options.pbjson_from_slice::<Vec<Vec<u8>>>(&bytes).unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::Depth));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn pbjson_from_slice<'a, T: Deserialize<'a>>(&self, bytes: &'a [u8]) -> Result<T> {
        let mut reader = self.pbjson_slice_reader(bytes);
        let value = reader.deserialize_next()?;
        reader.finish()?;
        Ok(value)
    }
}
