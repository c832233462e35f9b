//! Typed iterators over the elements of an array, the members of an object, or either (one
//! [`ArrayStream`] over a walk, generic over how it reads each item: deserialized by serde,
//! with its key, or loaded by a [`Loader`](crate::Loader)), and over top-level values.

use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeOwned};

use crate::error::Result;
use crate::read::pointer::Walk;
use crate::read::reader::JsonReader;
use crate::read::Read;

/// What [`stream`](crate::stream) and the other typed streams of an `io::Read` deserialize:
/// every `serde::de::DeserializeOwned` type, and nothing else.
///
/// It adds nothing to `DeserializeOwned`; it exists so that the compiler's error for a type
/// that is not `Deserialize` can point a `#[derive(Load)]` type to
/// [`Loader::stream`](crate::Loader::stream), which streams its blob and sequence fields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `Deserialize`: `jsonstream::stream` and the other serde streams cannot read it",
    label = "not `Deserialize`",
    note = "a `#[derive(jsonstream::Load)]` type is streamed with `jsonstream::Loader::new().stream::<{Self}, _>(reader)` (also `stream_at`, `stream_values`): its blob fields into sinks, its seq fields into their collections",
    note = "for a `Load` type, do not derive `serde::Deserialize` to get here: serde's derive reads a blob or seq field as an ordinary value, held whole (a `PathBuf` blob would be named by the blob's text)"
)]
pub trait StreamElement: DeserializeOwned {}

#[diagnostic::do_not_recommend]
impl<T: DeserializeOwned> StreamElement for T {}

/// How a stream reads each of its elements as a `T`: deserialized by serde ([`Deserialized`],
/// the default; [`KeyedValues`] and [`ItemValues`] for members with their keys), or loaded by
/// a [`Loader`](crate::Loader) (`&mut Loader`), with its blob fields streamed into sinks.
/// Sealed: implemented by this crate only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot read `{T}` as a stream element",
    label = "`{T}` is not what `{Self}` reads",
    note = "the serde streams (`jsonstream::stream`, `stream_at`, `stream_values`, …) read `Deserialize` types; `Loader::stream`, `Loader::stream_at` and `Loader::stream_values` read `#[derive(jsonstream::Load)]` types, their blob and seq fields streamed"
)]
pub trait ReadElement<'de, T>: sealed::Sealed {
    /// Reads the next value of `json` as a `T`.
    #[doc(hidden)]
    fn read_element<S: Read<'de>>(&mut self, json: &mut JsonReader<S>) -> Result<T>;
}

pub(crate) mod sealed {
    /// Only this crate's element readers read stream elements.
    pub trait Sealed {}
}

/// The [`ReadElement`] of the streams of serde values: each element deserialized with its
/// `Deserialize` implementation.
#[derive(Copy, Clone, Debug, Default)]
pub struct Deserialized;

impl sealed::Sealed for Deserialized {}

#[diagnostic::do_not_recommend]
impl<'de, T: Deserialize<'de>> ReadElement<'de, T> for Deserialized {
    #[inline]
    fn read_element<S: Read<'de>>(&mut self, json: &mut JsonReader<S>) -> Result<T> {
        json.deserialize_next()
    }
}

/// The [`ReadElement`] of [`EntryStream`]: each member's key, and its value deserialized.
#[derive(Copy, Clone, Debug, Default)]
pub struct KeyedValues;

impl sealed::Sealed for KeyedValues {}

#[diagnostic::do_not_recommend]
impl<'de, V: Deserialize<'de>> ReadElement<'de, (String, V)> for KeyedValues {
    #[inline]
    fn read_element<S: Read<'de>>(&mut self, json: &mut JsonReader<S>) -> Result<(String, V)> {
        let key = json.next_key()?.to_owned();
        Ok((key, json.deserialize_next()?))
    }
}

/// The [`ReadElement`] of [`ItemStream`]: an element deserialized, or a member's key and its
/// value deserialized, whichever container the item is in.
#[derive(Copy, Clone, Debug, Default)]
pub struct ItemValues;

impl sealed::Sealed for ItemValues {}

#[diagnostic::do_not_recommend]
impl<'de, V: Deserialize<'de>> ReadElement<'de, Item<V>> for ItemValues {
    #[inline]
    fn read_element<S: Read<'de>>(&mut self, json: &mut JsonReader<S>) -> Result<Item<V>> {
        if json.in_object() {
            KeyedValues
                .read_element(json)
                .map(|(key, value)| Item::Member(key, value))
        } else {
            json.deserialize_next().map(Item::Element)
        }
    }
}

/// An iterator of the elements of one JSON array, or of every array a wildcard pointer
/// reaches, read one at a time as `T`: deserialized by serde, or, with `E` a `&mut`
/// [`Loader`](crate::Loader), loaded as a [`Load`](crate::Load) type. The same iterator, with
/// another `E`, yields the members of objects ([`EntryStream`]) or the items of either
/// ([`ItemStream`]).
///
/// Made by [`stream`](crate::stream), [`stream_at`](crate::stream_at), their
/// [`ReaderOptions`](crate::ReaderOptions) counterparts, and [`Loader::stream`](crate::Loader::stream)
/// and [`Loader::stream_at`](crate::Loader::stream_at). Memory is bounded by the reader's
/// window plus the element being read: elements already yielded are gone, and whatever is not
/// an element is skipped without being kept.
///
/// After the last element, the rest of the document is still read and checked; an error there
/// is the last item. After any error the iterator is finished (it yields `None`).
pub struct ArrayStream<S, T, E = Deserialized> {
    reader: JsonReader<S>,
    walk: Walk,
    state: State,
    elements: E,
    _marker: PhantomData<fn() -> T>,
}

/// Where a stream is: before its container, in it, or done (after its end or an error).
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum State {
    Start,
    Elements,
    Finished,
}

impl State {
    /// Passes on the item just read; the stream ends with its last value or its first error.
    pub(crate) fn settle<T>(&mut self, item: Option<Result<T>>) -> Option<Result<T>> {
        if !matches!(item, Some(Ok(_))) {
            *self = State::Finished;
        }
        item
    }
}

impl<S, T, E> ArrayStream<S, T, E> {
    pub(crate) fn new(reader: JsonReader<S>, walk: Walk, elements: E) -> Self {
        ArrayStream {
            reader,
            walk,
            state: State::Elements,
            elements,
            _marker: PhantomData,
        }
    }

    /// The reader underneath, e.g. for its [`offset`](JsonReader::offset), or for the
    /// [`path`](JsonReader::path) of the element just yielded (`$.layers[3].features[7]`:
    /// which array a wildcard pointer took it from).
    ///
    /// # Examples
    ///
    /// ```
    /// let input = &br#"{"layers": [{"features": [1]}, {"features": [2, 3]}]}"#[..];
    /// let mut features = jsonstream::stream_at::<u32, _>(input, "/layers/*/features");
    /// let mut paths = Vec::new();
    /// while let Some(feature) = features.next() {
    ///     feature?;
    ///     paths.push(features.reader().path());
    /// }
    /// assert_eq!(paths, ["$.layers[0].features[0]", "$.layers[1].features[0]", "$.layers[1].features[1]"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn reader(&self) -> &JsonReader<S> {
        &self.reader
    }

    #[cfg(feature = "tokio")]
    pub(crate) fn reader_mut(&mut self) -> &mut JsonReader<S> {
        &mut self.reader
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> ArrayStream<S, T, E> {
    fn step(&mut self) -> Result<Option<T>> {
        if self.walk.next_item(&mut self.reader)? {
            return self.elements.read_element(&mut self.reader).map(Some);
        }
        Ok(None)
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> Iterator for ArrayStream<S, T, E> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.state == State::Finished {
            return None;
        }
        let item = self.step().transpose();
        self.state.settle(item)
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> std::iter::FusedIterator
    for ArrayStream<S, T, E>
{
}

/// An iterator of the members of a JSON object, or of every object a wildcard pointer
/// reaches, as `(key, value)` pairs, values deserialized one at a time as `V`: an
/// [`ArrayStream`] whose items are members. Made by [`stream_entries`](crate::stream_entries),
/// [`stream_entries_at`](crate::stream_entries_at) and their
/// [`ReaderOptions`](crate::ReaderOptions) counterparts.
///
/// Memory and errors are as for [`ArrayStream`]: repeated keys are yielded each time, in
/// document order. [`reader`](ArrayStream::reader) gives the path of the member just yielded
/// (`$.users[2].settings.theme`: which object a wildcard pointer took it from):
///
/// ```
/// let input = &br#"{"users": [{"settings": {"theme": "dark"}}]}"#[..];
/// let mut settings = jsonstream::stream_entries_at::<String, _>(input, "/users/*/settings");
/// let (key, value) = settings.next().unwrap()?;
/// assert_eq!((key.as_str(), value.as_str()), ("theme", "dark"));
/// assert_eq!(settings.reader().path(), "$.users[0].settings.theme");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub type EntryStream<S, V> = ArrayStream<S, (String, V), KeyedValues>;

/// One item of a container that a pointer reaches, as [`ItemStream`] yields it: an element of
/// an array, or a member of an object with its key.
///
/// # Examples
///
/// ```
/// use jsonstream::Item;
///
/// let input = &br#"{"ids": [7], "names": {"a": 8}}"#[..];
/// let items = jsonstream::stream_items_at::<u32, _>(input, "/*")
///     .collect::<jsonstream::Result<Vec<_>>>()?;
/// assert_eq!(items, [Item::Element(7), Item::Member("a".to_string(), 8)]);
/// assert_eq!(items[0].key(), None);
/// assert_eq!(items[1].key(), Some("a"));
/// assert_eq!(items.iter().map(Item::value).sum::<u32>(), 15);
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item<V> {
    /// An element of an array.
    Element(V),
    /// A member of an object: its key and its value.
    Member(String, V),
}

impl<V> Item<V> {
    /// The key of a member; `None` for an element.
    pub fn key(&self) -> Option<&str> {
        match self {
            Item::Element(_) => None,
            Item::Member(key, _) => Some(key),
        }
    }

    /// The element, or the member's value.
    pub fn value(&self) -> &V {
        match self {
            Item::Element(value) | Item::Member(_, value) => value,
        }
    }

    /// The element, or the member's value, without its key.
    ///
    /// # Examples
    ///
    /// ```
    /// let input = &br#"[[1, 2], {"three": 3}]"#[..];
    /// let numbers = jsonstream::stream_items_at::<u8, _>(input, "/*")
    ///     .map(|item| item.map(jsonstream::Item::into_value))
    ///     .collect::<jsonstream::Result<Vec<_>>>()?;
    /// assert_eq!(numbers, [1, 2, 3]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn into_value(self) -> V {
        match self {
            Item::Element(value) | Item::Member(_, value) => value,
        }
    }
}

/// An iterator of the items of the array or object found at a pointer, or of every array and
/// object a wildcard pointer reaches: the elements of arrays and the members of objects, in
/// document order, each an [`Item`] with its value deserialized as `V`; an [`ArrayStream`]
/// whose items are either. Made by [`stream_items_at`](crate::stream_items_at) and its
/// [`ReaderOptions`](crate::ReaderOptions) counterparts, for when the document, not the
/// program, says which kind of container is there.
///
/// Memory and errors are as for [`ArrayStream`]; members are yielded as
/// [`EntryStream`] yields them, repeated keys each time. [`reader`](ArrayStream::reader)
/// gives the path of the item just yielded (`$.groups.admins[0]`, `$.groups.owners.ada`:
/// which container it came from):
///
/// ```
/// let input = &br#"{"groups": {"admins": ["bob"], "owners": {"ada": "x"}}}"#[..];
/// let mut items = jsonstream::stream_items_at::<String, _>(input, "/groups/*");
/// let mut paths = Vec::new();
/// while let Some(item) = items.next() {
///     item?;
///     paths.push(items.reader().path());
/// }
/// assert_eq!(paths, ["$.groups.admins[0]", "$.groups.owners.ada"]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub type ItemStream<S, V> = ArrayStream<S, Item<V>, ItemValues>;

/// An iterator of every top-level value of the input, read one at a time as `T` (deserialized
/// by serde, or loaded by a [`Loader`](crate::Loader), as for [`ArrayStream`]): JSON Lines,
/// NDJSON, or any concatenation of JSON values separated by whitespace. Made by
/// [`stream_values`](crate::stream_values), its [`ReaderOptions`](crate::ReaderOptions)
/// counterparts, and [`Loader::stream_values`](crate::Loader::stream_values).
///
/// Values are what serde_json's `StreamDeserializer` reads: whitespace (`\n`, `\r\n`, spaces,
/// tabs, any amount) separates them, and values that end themselves (arrays, objects,
/// strings) need nothing between them (`{}{}`, `[1][2]`, `"a""b"`, `1"a"`); a number or
/// literal must be followed by whitespace, one of `"[]{},:` or the end (`1 2` is two values,
/// `12` one, `truex` an error). An empty input (or only whitespace) has no values; the last
/// value needs no newline after it.
///
/// Memory is bounded as for [`ArrayStream`]: the reader's window plus the value being read.
/// After any error the iterator is finished (it yields `None`).
///
/// Errors carry their byte offset, line, column and the path within the value (`$` for the
/// value itself, `$.name` inside it). In JSON Lines, where no record holds a raw newline, the
/// line of an error is the record's index plus one.
pub struct ValueStream<S, T, E = Deserialized> {
    reader: JsonReader<S>,
    state: State,
    offset: u64,
    elements: E,
    _marker: PhantomData<fn() -> T>,
}

impl<S, T, E> ValueStream<S, T, E> {
    pub(crate) fn new(reader: JsonReader<S>, elements: E) -> Self {
        ValueStream {
            reader,
            state: State::Elements,
            offset: 0,
            elements,
            _marker: PhantomData,
        }
    }

    /// The reader underneath, e.g. for its [`line`](JsonReader::line).
    pub fn reader(&self) -> &JsonReader<S> {
        &self.reader
    }

    /// The byte offset just after the last value yielded (before the whitespace that follows
    /// it), as serde_json's `StreamDeserializer::byte_offset`: 0 before the first value, the
    /// length of the input once the stream has ended. After an error in a value, the start of
    /// that value; after an error just past a complete one (`truex`), the end of the value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut values = jsonstream::stream_values::<u32, _>(&b"1 22\n"[..]);
    /// assert_eq!(values.byte_offset(), 0);
    /// values.next();
    /// assert_eq!(values.byte_offset(), 1);
    /// values.next();
    /// assert_eq!(values.byte_offset(), 4);
    /// assert!(values.next().is_none());
    /// assert_eq!(values.byte_offset(), 5);
    /// ```
    pub fn byte_offset(&self) -> u64 {
        self.offset
    }

    #[cfg(feature = "tokio")]
    pub(crate) fn reader_mut(&mut self) -> &mut JsonReader<S> {
        &mut self.reader
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> ValueStream<S, T, E> {
    fn step(&mut self) -> Result<Option<T>> {
        let Some(first) = self.reader.next_document()? else {
            self.offset = self.reader.offset();
            return Ok(None);
        };
        self.offset = self.reader.offset();
        let value = self.elements.read_element(&mut self.reader)?;
        self.offset = self.reader.offset();
        if !matches!(first, b'[' | b'{' | b'"') {
            self.reader.end_of_bare_value()?;
        }
        Ok(Some(value))
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> Iterator for ValueStream<S, T, E> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.state == State::Finished {
            return None;
        }
        let item = self.step().transpose();
        self.state.settle(item)
    }
}

impl<'de, S: Read<'de>, T, E: ReadElement<'de, T>> std::iter::FusedIterator
    for ValueStream<S, T, E>
{
}
