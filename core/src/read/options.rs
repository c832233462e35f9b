//! How a reader reads (window size and limits), and every reading entry point of the crate
//! with these options, in one place: the free functions use the defaults.

use std::io;

use serde::de::{Deserialize, DeserializeOwned};

use crate::blob::map::load_entries;
use crate::blob::BlobSink;
use crate::error::Result;
use crate::read::limits::Limits;
use crate::read::par_stream::{ParStream, Shape};
use crate::read::pointer::{Items, Walk};
use crate::read::reader::JsonReader;
use crate::read::stream::{
    ArrayStream, Deserialized, EntryStream, ItemStream, ItemValues, KeyedValues, StreamElement,
    ValueStream,
};
use crate::read::{IoRead, SliceRead};
use crate::write::encode::Encoding;

/// How a reader reads: its window size and its [`Limits`].
///
/// Every reading entry point of the crate has a method of the same name here that uses these
/// options; the free functions use [`ReaderOptions::default`].
///
/// # Examples
///
/// ```
/// use jsonstream::ReaderOptions;
///
/// let options = ReaderOptions::new().window_size(4096);
/// let sum: u64 = options
///     .stream::<u64, _>(&b"[1, 2, 3]"[..])
///     .map(|n| n.unwrap())
///     .sum();
/// assert_eq!(sum, 6);
/// ```
#[derive(Clone, Debug)]
pub struct ReaderOptions {
    pub(crate) window_size: usize,
    pub(crate) limits: Limits,
    /// Decoding threads of the parallel streams; `None`: one per core, less one for the
    /// iterating thread of a stream that is iterated.
    pub(crate) workers: Option<usize>,
    pub(crate) in_flight_bytes: usize,
}

/// Default size of the sliding window over an `io::Read`: the most it grows to (it starts at
/// 4 KiB and grows while reads fill it, see [`ReaderOptions::window_size`]).
pub const DEFAULT_WINDOW_SIZE: usize = 64 * 1024;

/// Default budget of the parallel streams: input read ahead of the element being yielded, with
/// what the decoding threads read from it.
pub const DEFAULT_IN_FLIGHT_BYTES: usize = 4 << 20;

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            window_size: DEFAULT_WINDOW_SIZE,
            limits: Limits::default(),
            workers: None,
            in_flight_bytes: DEFAULT_IN_FLIGHT_BYTES,
        }
    }
}

impl ReaderOptions {
    /// The default options: a 64 KiB window and [`Limits::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the size of the sliding window through which an `io::Read` is read.
    ///
    /// The window is the one buffer the reader holds; a token longer than the window is
    /// assembled in a separate scratch buffer only when it must be materialized. The window
    /// starts at 4 KiB (or `bytes`, if smaller) and grows fourfold, up to `bytes`, each time a
    /// read fills it: a small document is read through a small buffer, a large file in reads
    /// of `bytes`. A window smaller than 4 bytes is made 4 bytes long: it must hold an
    /// incomplete UTF-8 sequence (3 bytes) carried over a refill, plus one byte read. Slices
    /// are read in place and have no window. An async stream reads the bytes it has received
    /// in place, and reads two windows at a time (`jsonstream::tokio`, behind the `tokio`
    /// feature).
    ///
    /// # Panics
    ///
    /// Panics if `bytes` is 0.
    pub fn window_size(mut self, bytes: usize) -> Self {
        assert!(bytes > 0, "the window size must be at least one byte");
        self.window_size = bytes;
        self
    }

    /// Sets the [`Limits`].
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits in force.
    pub fn get_limits(&self) -> &Limits {
        &self.limits
    }

    /// Sets how many threads decode the elements of a parallel stream
    /// ([`par_stream`](Self::par_stream) and the others). The default is one per core
    /// ([`std::thread::available_parallelism`]) for
    /// [`par_for_each`](crate::ParStream::par_for_each), and one fewer (at least one) when the
    /// stream is iterated, since the iterating thread makes the values; the stream has one more
    /// thread, which reads the input and finds where the elements are.
    ///
    /// # Panics
    ///
    /// Panics if `threads` is 0.
    pub fn workers(mut self, threads: usize) -> Self {
        assert!(
            threads > 0,
            "a parallel stream needs at least one decoding thread"
        );
        self.workers = Some(threads);
        self
    }

    /// Sets the memory budget of a parallel stream: the bytes of input it reads ahead of the
    /// element being yielded, with what the decoding threads read from them (each element
    /// checked and parsed into a compact form, about three times the size of its text for
    /// records of short fields, from which the iterating thread makes the values). Default
    /// [`DEFAULT_IN_FLIGHT_BYTES`] (4 MiB). The input is cut into batches, at element
    /// boundaries, so that each decoding thread has a few in flight (at most 1 MiB each); an
    /// element larger than that is read alone, and decoded from its text.
    ///
    /// # Panics
    ///
    /// Panics if `bytes` is 0.
    pub fn in_flight_bytes(mut self, bytes: usize) -> Self {
        assert!(bytes > 0, "the in-flight budget must be at least one byte");
        self.in_flight_bytes = bytes;
        self
    }

    /// The decoding threads of a parallel stream whose elements are consumed where they are
    /// decoded (`par_for_each`).
    pub(crate) fn worker_count(&self) -> usize {
        self.workers.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
    }

    /// The decoding threads of a parallel stream that is iterated: one core is left to the
    /// iterating thread, which makes every value and runs the loop's body (on 2 cores, one
    /// decoding thread measured 1.1x to 1.2x the speed of two).
    pub(crate) fn iterated_worker_count(&self) -> usize {
        self.workers
            .unwrap_or_else(|| self.worker_count().saturating_sub(1).max(1))
    }
}

impl ReaderOptions {
    /// A [`JsonReader`] over any [`io::Read`] with these options.
    pub fn reader<R: io::Read>(&self, reader: R) -> JsonReader<IoRead<R>> {
        let src = IoRead::new(reader, self.window_size, self.limits.max_document_len);
        JsonReader::with_source(src, self.limits)
    }

    /// A [`JsonReader`] over bytes in memory with these options.
    pub fn slice_reader<'a>(&self, bytes: &'a [u8]) -> JsonReader<SliceRead<'a>> {
        let src = SliceRead::new(bytes, self.limits.max_document_len);
        JsonReader::with_source(src, self.limits)
    }

    /// [`stream`](crate::stream) with these options.
    pub fn stream<T: StreamElement, R: io::Read>(&self, reader: R) -> ArrayStream<IoRead<R>, T> {
        ArrayStream::new(
            self.reader(reader),
            Walk::document(Items::Elements),
            Deserialized,
        )
    }

    /// [`stream`](crate::stream) over bytes in memory; elements may borrow from them.
    pub fn stream_slice<'a, T: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
    ) -> ArrayStream<SliceRead<'a>, T> {
        ArrayStream::new(
            self.slice_reader(bytes),
            Walk::document(Items::Elements),
            Deserialized,
        )
    }

    /// [`stream_at`](crate::stream_at) with these options.
    pub fn stream_at<T: StreamElement, R: io::Read>(
        &self,
        reader: R,
        pointer: &str,
    ) -> ArrayStream<IoRead<R>, T> {
        ArrayStream::new(
            self.reader(reader),
            Walk::at(pointer, Items::Elements),
            Deserialized,
        )
    }

    /// [`stream_at`](crate::stream_at) over bytes in memory; elements may borrow from them.
    ///
    /// # Examples
    ///
    /// ```
    /// let input = br#"{"pages": [{"words": ["a", "b"]}, {"words": ["c"]}]}"#;
    /// let words: Vec<&str> = jsonstream::ReaderOptions::new()
    ///     .stream_at_slice(input, "/pages/*/words")
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(words, ["a", "b", "c"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_at_slice<'a, T: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
        pointer: &str,
    ) -> ArrayStream<SliceRead<'a>, T> {
        ArrayStream::new(
            self.slice_reader(bytes),
            Walk::at(pointer, Items::Elements),
            Deserialized,
        )
    }

    /// [`stream_entries`](crate::stream_entries) with these options.
    pub fn stream_entries<V: StreamElement, R: io::Read>(
        &self,
        reader: R,
    ) -> EntryStream<IoRead<R>, V> {
        EntryStream::new(
            self.reader(reader),
            Walk::document(Items::Members),
            KeyedValues,
        )
    }

    /// [`stream_entries_at`](crate::stream_entries_at) with these options.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{LimitKind, Limits, ReaderOptions};
    ///
    /// let options = ReaderOptions::new().limits(Limits { max_key_len: 8, ..Limits::default() });
    /// let input = &br#"{"env": {"HOME": "/root", "A_VERY_LONG_NAME": "x"}}"#[..];
    /// let mut env = options.stream_entries_at::<String, _>(input, "/env");
    /// assert_eq!(env.next().unwrap()?, ("HOME".to_string(), "/root".to_string()));
    /// assert_eq!(env.next().unwrap().unwrap_err().limit(), Some(LimitKind::KeyLength));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_entries_at<V: StreamElement, R: io::Read>(
        &self,
        reader: R,
        pointer: &str,
    ) -> EntryStream<IoRead<R>, V> {
        EntryStream::new(
            self.reader(reader),
            Walk::at(pointer, Items::Members),
            KeyedValues,
        )
    }

    /// [`stream_entries_at`](crate::stream_entries_at) over bytes in memory; values may
    /// borrow from them. (The pointer `""` gives the members of the top-level object.)
    ///
    /// # Examples
    ///
    /// ```
    /// let input = br#"{"a": "x", "b": "y"}"#;
    /// let entries: Vec<(String, &str)> = jsonstream::ReaderOptions::new()
    ///     .stream_entries_at_slice(input, "")
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(entries, [("a".to_string(), "x"), ("b".to_string(), "y")]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_entries_at_slice<'a, V: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
        pointer: &str,
    ) -> EntryStream<SliceRead<'a>, V> {
        EntryStream::new(
            self.slice_reader(bytes),
            Walk::at(pointer, Items::Members),
            KeyedValues,
        )
    }

    /// [`stream_items_at`](crate::stream_items_at) with these options.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Item, Limits, ReaderOptions};
    ///
    /// let options = ReaderOptions::new().limits(Limits { max_depth: 3, ..Limits::default() });
    /// let input = &br#"{"a": [1, [2]], "b": {"c": [[3]]}}"#[..];
    /// let mut items = options.stream_items_at::<serde_json::Value, _>(input, "/*");
    /// assert_eq!(items.next().unwrap()?, Item::Element(serde_json::json!(1)));
    /// assert_eq!(items.next().unwrap()?, Item::Element(serde_json::json!([2])));
    /// let err = items.next().unwrap().unwrap_err();
    /// assert_eq!(err.path(), "$.b.c[0]");
    /// assert!(items.next().is_none());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_items_at<V: StreamElement, R: io::Read>(
        &self,
        reader: R,
        pointer: &str,
    ) -> ItemStream<IoRead<R>, V> {
        ItemStream::new(
            self.reader(reader),
            Walk::at(pointer, Items::Either),
            ItemValues,
        )
    }

    /// [`stream_items_at`](crate::stream_items_at) over bytes in memory; values may borrow
    /// from them.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::Item;
    ///
    /// let input = br#"{"tags": ["red", "blue"]}"#;
    /// let tags: Vec<Item<&str>> = jsonstream::ReaderOptions::new()
    ///     .stream_items_at_slice(input, "/tags")
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(tags, [Item::Element("red"), Item::Element("blue")]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_items_at_slice<'a, V: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
        pointer: &str,
    ) -> ItemStream<SliceRead<'a>, V> {
        ItemStream::new(
            self.slice_reader(bytes),
            Walk::at(pointer, Items::Either),
            ItemValues,
        )
    }

    /// [`stream_values`](crate::stream_values) with these options. The document size limit
    /// ([`Limits::max_document_len`]) applies to the whole input, all values together.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, ReaderOptions};
    ///
    /// let options = ReaderOptions::new().limits(Limits { max_depth: 1, ..Limits::default() });
    /// let mut values = options.stream_values::<serde_json::Value, _>(&b"[1]\n[[2]]\n"[..]);
    /// assert_eq!(values.next().unwrap()?, serde_json::json!([1]));
    /// let err = values.next().unwrap().unwrap_err();
    /// assert_eq!(err.line(), 2);
    /// assert!(values.next().is_none());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_values<T: StreamElement, R: io::Read>(
        &self,
        reader: R,
    ) -> ValueStream<IoRead<R>, T> {
        ValueStream::new(self.reader(reader), Deserialized)
    }

    /// [`stream_values`](crate::stream_values) over bytes in memory; values may borrow from
    /// them.
    ///
    /// # Examples
    ///
    /// ```
    /// let input = b"\"a\"\n\"b\"\n";
    /// let words: Vec<&str> = jsonstream::ReaderOptions::new()
    ///     .stream_values_slice::<&str>(input)
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(words, ["a", "b"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_values_slice<'a, T: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
    ) -> ValueStream<SliceRead<'a>, T> {
        ValueStream::new(self.slice_reader(bytes), Deserialized)
    }

    /// [`par_stream`](crate::par_stream) with these options.
    ///
    /// # Panics
    ///
    /// If the stream's threads cannot be started.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::ReaderOptions;
    ///
    /// let options = ReaderOptions::new().workers(2).in_flight_bytes(1 << 20);
    /// let input = std::io::Cursor::new(b"[1, 2, 3]".to_vec());
    /// let sum: u64 = options.par_stream::<u64, _>(input).map(|n| n.unwrap()).sum();
    /// assert_eq!(sum, 6);
    /// ```
    pub fn par_stream<T, R>(&self, reader: R) -> ParStream<R, T>
    where
        T: StreamElement + Send + 'static,
        R: io::Read + Send + 'static,
    {
        ParStream::new(
            self,
            reader,
            Shape::Elements(Walk::document(Items::Elements)),
        )
    }

    /// [`par_stream_at`](crate::par_stream_at) with these options.
    ///
    /// # Panics
    ///
    /// If the stream's threads cannot be started.
    pub fn par_stream_at<T, R>(&self, reader: R, pointer: &str) -> ParStream<R, T>
    where
        T: StreamElement + Send + 'static,
        R: io::Read + Send + 'static,
    {
        ParStream::new(
            self,
            reader,
            Shape::Elements(Walk::at(pointer, Items::Elements)),
        )
    }

    /// [`par_stream_values`](crate::par_stream_values) with these options.
    ///
    /// # Panics
    ///
    /// If the stream's threads cannot be started.
    pub fn par_stream_values<T, R>(&self, reader: R) -> ParStream<R, T>
    where
        T: StreamElement + Send + 'static,
        R: io::Read + Send + 'static,
    {
        ParStream::new(self, reader, Shape::Values)
    }

    /// [`from_reader`](crate::from_reader) with these options.
    ///
    /// # Errors
    ///
    /// As [`from_reader`](crate::from_reader).
    pub fn from_reader<R: io::Read, T: DeserializeOwned>(&self, reader: R) -> Result<T> {
        let mut reader = self.reader(reader);
        let value = reader.deserialize_next()?;
        reader.finish()?;
        Ok(value)
    }

    /// [`from_slice`](crate::from_slice) with these options.
    ///
    /// # Errors
    ///
    /// As [`from_slice`](crate::from_slice).
    pub fn from_slice<'a, T: Deserialize<'a>>(&self, bytes: &'a [u8]) -> Result<T> {
        let mut reader = self.slice_reader(bytes);
        let value = reader.deserialize_next()?;
        reader.finish()?;
        Ok(value)
    }

    /// [`blob::load_map`](crate::blob::load_map) with these options.
    ///
    /// # Errors
    ///
    /// As [`blob::load_map`](crate::blob::load_map).
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Limits, ReaderOptions};
    ///
    /// let options = ReaderOptions::new().limits(Limits { max_key_len: 8, ..Limits::default() });
    /// let json = br#"{"a.txt": "one", "a-very-long-name.txt": "two"}"#;
    /// let err = options.load_map(&json[..], |_key| Ok(Vec::new())).unwrap_err();
    /// assert_eq!(err.limit(), Some(jsonstream::LimitKind::KeyLength));
    /// ```
    pub fn load_map<R, S, F>(&self, reader: R, factory: F) -> Result<Vec<(String, S::Output)>>
    where
        R: io::Read,
        S: BlobSink,
        F: FnMut(&str) -> io::Result<S>,
    {
        load_entries(self.reader(reader), factory, Encoding::Text)
    }

    /// [`blob::load_map_base64`](crate::blob::load_map_base64) with these options.
    ///
    /// # Errors
    ///
    /// As [`blob::load_map_base64`](crate::blob::load_map_base64).
    pub fn load_map_base64<R, S, F>(
        &self,
        reader: R,
        factory: F,
    ) -> Result<Vec<(String, S::Output)>>
    where
        R: io::Read,
        S: BlobSink,
        F: FnMut(&str) -> io::Result<S>,
    {
        load_entries(self.reader(reader), factory, Encoding::Base64)
    }
}

impl<R: io::Read> JsonReader<IoRead<R>> {
    /// A reader over any [`io::Read`], with the default [`ReaderOptions`].
    ///
    /// No `BufReader` is needed: the reader has its own window.
    pub fn new(reader: R) -> Self {
        ReaderOptions::default().reader(reader)
    }
}

impl<'a> JsonReader<SliceRead<'a>> {
    /// A reader over bytes in memory, with the default [`ReaderOptions`].
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        ReaderOptions::default().slice_reader(bytes)
    }

    /// A reader over a string in memory, with the default [`ReaderOptions`].
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &'a str) -> Self {
        Self::from_slice(s.as_bytes())
    }
}
