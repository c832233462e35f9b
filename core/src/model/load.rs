//! [`Load`]: values read straight from a [`JsonReader`], with blob fields streamed into sinks
//! that a [`Loader`] opens.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::io;

use serde::de::{Deserialize, Error as _};

use crate::blob::{copy_value, roll_back, BlobField, BlobSink, BlobValue, Encoding, Rollback};
use crate::error::{Error, Result};
use crate::read::options::ReaderOptions;
use crate::read::pointer::{Items, Walk};
use crate::read::reader::JsonReader;
use crate::read::stream::{sealed, ArrayStream, ReadElement, ValueStream};
use crate::read::{IoRead, Read, SliceRead};

/// A value that reads itself from a [`JsonReader`], in bounded memory.
///
/// `#[derive(Load)]` implements it for structs and enums (the shapes that `#[derive(Dump)]`
/// writes) whose fields are read as they come: ordinary fields through `Deserialize`, or
/// `Load` for fields of `Load` types (also inside an `Option`, a `Box`, a `Vec`, a tuple or
/// the values of a map); blob fields (`#[jsonstream(blob)]`) unescaped chunk by chunk into a
/// [`BlobSink`] that becomes the field's value; sequence fields (`#[jsonstream(seq)]`) handed
/// to their collection's [`Extend`] one element at a time. Unknown fields are skipped
/// without being held.
///
/// `'de` is the lifetime of the input, as in `serde::Deserialize<'de>`: a type with a
/// `&'de str` field can borrow from a slice. [`LoadOwned`] types load from any `io::Read`.
///
/// # Examples
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// use jsonstream::Load;
///
/// #[derive(Load)]
/// struct Upload {
///     name: String,
///     #[jsonstream(blob = "base64")]
///     content: Vec<u8>,
///     #[jsonstream(seq)]
///     tags: Vec<String>,
/// }
///
/// let json = br#"{"tags": ["a", "b"], "content": "AAEC", "name": "data.bin", "extra": [1]}"#;
/// let upload: Upload = jsonstream::load(&json[..])?;
/// assert_eq!(upload.name, "data.bin");
/// assert_eq!(upload.content, [0, 1, 2]);
/// assert_eq!(upload.tags, ["a", "b"]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded",
    label = "not `Load`",
    note = "derive `Load` for types with blob or sequence fields; a `Deserialize` type is read with `jsonstream::from_reader`"
)]
pub trait Load<'de>: Sized {
    /// Reads the next value of `json` as `Self`; blob fields go into sinks that `loader`
    /// opens.
    ///
    /// # Errors
    ///
    /// An error in the document, or a value that does not fit `Self`, located (offset, line,
    /// column, path); an error opening, writing or finishing a blob sink
    /// ([`Category::Io`](crate::Category::Io)), located at the blob. A sink being written
    /// when an error happens is dropped unfinished. (The sinks finished before it are rolled
    /// back by the loader's entry point that read the value, [`Loader::load`] or
    /// [`Loader::stream`], not by `load_from`.)
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self>;

    /// The value of a struct field of this type that is absent from the document (and has
    /// no default): an error naming the field, except for `Option`, which is `None` (as with
    /// serde).
    ///
    /// # Errors
    ///
    /// The "missing field" error.
    fn missing_field(field: &'static str) -> Result<Self> {
        Err(Error::missing_field(field))
    }
}

/// A [`Load`] type that borrows nothing from its input, so that it loads from any
/// `io::Read`: `for<'de> Load<'de>`, as `serde::de::DeserializeOwned`.
pub trait LoadOwned: for<'de> Load<'de> {}

impl<T: for<'de> Load<'de>> LoadOwned for T {}

impl<'de, T: Load<'de>> Load<'de> for Option<T> {
    /// `None` for `null`, else the value.
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self> {
        if json.peek_value()? == b'n' {
            json.next_null()?;
            return Ok(None);
        }
        T::load_from(json, loader).map(Some)
    }

    /// `None`.
    fn missing_field(_field: &'static str) -> Result<Self> {
        Ok(None)
    }
}

impl<'de, T: Load<'de>> Load<'de> for Box<T> {
    /// The value, boxed.
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self> {
        T::load_from(json, loader).map(Box::new)
    }
}

impl<'de, T: Load<'de>> Load<'de> for Vec<T> {
    /// The elements of an array, each loaded in turn (all of them held: to handle them one
    /// at a time, make the field a `#[jsonstream(seq)]` of a collection of your own).
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self> {
        let mut elements = Vec::new();
        crate::read::shape::begin_tuple(json, "a sequence")?;
        while json.has_next()? {
            elements.push(T::load_from(json, loader)?);
        }
        json.end_array()?;
        Ok(elements)
    }
}

impl<'de, K, V> Load<'de> for BTreeMap<K, V>
where
    K: Deserialize<'de> + Ord,
    V: Load<'de>,
{
    /// The members of an object, keys read as `serde_json` reads map keys (`"1"` into a
    /// `u32`), values loaded in turn; of two equal keys, the later is kept.
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self> {
        load_map(json, loader)
    }
}

impl<'de, K, V, H> Load<'de> for HashMap<K, V, H>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Load<'de>,
    H: BuildHasher + Default,
{
    /// As for a `BTreeMap`.
    fn load_from<S: Read<'de>>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<Self> {
        load_map(json, loader)
    }
}

/// Reads an object into a map, entry by entry.
fn load_map<'de, M, K, V, S>(json: &mut JsonReader<S>, loader: &mut Loader<'_>) -> Result<M>
where
    M: Default + Extend<(K, V)>,
    K: Deserialize<'de>,
    V: Load<'de>,
    S: Read<'de>,
{
    let mut map = M::default();
    crate::read::shape::begin_map(json, "a map")?;
    while json.has_next()? {
        let key = json.deserialize_key()?;
        let value = V::load_from(json, loader)?;
        map.extend([(key, value)]);
    }
    json.end_object()?;
    Ok(map)
}

/// `Load` for tuples of `Load` types, read from arrays of exactly their length as serde reads
/// tuples.
macro_rules! load_tuples {
    ($($len:literal ($($index:tt $element:ident),+))+) => {$(
        impl<'de, $($element: Load<'de>),+> Load<'de> for ($($element,)+) {
            /// The elements of an array of exactly this length, each loaded in turn.
            fn load_from<S: Read<'de>>(
                json: &mut JsonReader<S>,
                loader: &mut Loader<'_>,
            ) -> Result<Self> {
                const EXPECTING: &str = concat!("a tuple of size ", $len);
                crate::read::shape::begin_tuple(json, EXPECTING)?;
                let value = ($(
                    {
                        if !json.has_next()? {
                            return Err(crate::read::shape::missing_element(json, $index, EXPECTING));
                        }
                        $element::load_from(json, loader)?
                    },
                )+);
                crate::read::shape::end_tuple(json)?;
                Ok(value)
            }
        }
    )+};
}

load_tuples! {
    1 (0 A)
    2 (0 A, 1 B)
    3 (0 A, 1 B, 2 C)
    4 (0 A, 1 B, 2 C, 3 D)
    5 (0 A, 1 B, 2 C, 3 D, 4 E)
    6 (0 A, 1 B, 2 C, 3 D, 4 E, 5 G)
    7 (0 A, 1 B, 2 C, 3 D, 4 E, 5 G, 6 H)
    8 (0 A, 1 B, 2 C, 3 D, 4 E, 5 G, 6 H, 7 I)
}

/// Loads [`Load`] values: the reader options, and the factories that open sinks for blob
/// fields whose sink needs context known only at run time.
///
/// A loader reads a whole document ([`load`](Self::load), [`load_slice`](Self::load_slice))
/// or a stream of records, each loaded with its blob fields streamed into sinks and its seq
/// fields into their collections ([`stream`](Self::stream), [`stream_at`](Self::stream_at),
/// [`stream_values`](Self::stream_values)).
///
/// **A value that fails leaves nothing behind.** When loading a value fails after some of its
/// blob sinks finished (a bad field after a blob, a truncated array, trailing characters), the
/// loader rolls back every sink finished within that value ([`BlobSink::rollback`]: a
/// [`FileSink`](crate::blob::FileSink)'s file is removed) before it returns the error: the
/// whole document for `load`, the one record for the streams, whose records already yielded
/// stay. Until a value is complete, the loader keeps the rollback step of each of its finished
/// sinks that has one (a path per file). A rollback step that fails is added to the error's
/// message. `Load::load_from` called directly rolls back nothing.
///
/// # Examples
///
/// Blob fields of type `PathBuf` are loaded into files of a directory chosen at run time:
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// use std::path::PathBuf;
///
/// use jsonstream::blob::FileSinks;
/// use jsonstream::{Load, Loader};
///
/// #[derive(Load)]
/// struct Archive {
///     #[jsonstream(blob)]
///     readme: PathBuf,
///     #[jsonstream(blob)]
///     license: PathBuf,
/// }
///
/// let dir = std::env::temp_dir().join(format!("jsonstream-loader-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let json = br##"{"readme": "# Title\n", "license": "MIT"}"##;
/// let mut files = FileSinks::new(&dir); // refuses a second value for one name
/// let archive: Archive = Loader::new()
///     .sinks(|field| files.sink(field.name()))
///     .load(&json[..])?;
/// assert_eq!(archive.readme, dir.join("readme"));
/// assert_eq!(std::fs::read_to_string(&archive.license)?, "MIT");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct Loader<'a> {
    options: ReaderOptions,
    factories: Vec<Factory<'a>>,
    /// While a value is being loaded, the rollback steps of the sinks finished within it.
    finished: Option<Vec<Rollback>>,
}

/// A sink factory for blob fields of one type.
struct Factory<'a> {
    output: TypeId,
    open: Box<OpenSink<'a>>,
}

type OpenSink<'a> = dyn FnMut(&BlobField<'_>) -> io::Result<Box<dyn AnySink + 'a>> + 'a;

/// A [`BlobSink`] whose output type is known only at run time.
trait AnySink: io::Write {
    /// The finished output, and its rollback step.
    fn finish_any(self: Box<Self>) -> io::Result<(Box<dyn Any>, Option<Rollback>)>;
}

impl<S: BlobSink> AnySink for S
where
    S::Output: 'static,
{
    fn finish_any(self: Box<Self>) -> io::Result<(Box<dyn Any>, Option<Rollback>)> {
        let output = (*self).finish()?;
        let rollback = S::rollback(&output);
        Ok((Box::new(output), rollback))
    }
}

impl<'a> Loader<'a> {
    /// A loader with the default [`ReaderOptions`] and no sink factories: blob fields open
    /// their type's own sink ([`BlobValue::open_sink`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads with `options` (window size, limits).
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// use jsonstream::{LimitKind, Limits, Load, Loader, ReaderOptions};
    ///
    /// #[derive(Load)]
    /// struct Node {
    ///     children: serde_json::Value,
    /// }
    ///
    /// let options = ReaderOptions::new().limits(Limits { max_depth: 4, ..Limits::default() });
    /// let json = br#"{"children": [[[[1]]]]}"#;
    /// let err = Loader::new().options(options).load_slice::<Node>(json).err().unwrap();
    /// assert_eq!(err.limit(), Some(LimitKind::Depth));
    /// ```
    pub fn options(mut self, options: ReaderOptions) -> Self {
        self.options = options;
        self
    }

    /// Opens the sink of every blob field whose type is `S::Output` with `factory`, instead
    /// of [`BlobValue::open_sink`]; replaces an earlier factory for the same type. The
    /// factory gets the field's name and path, e.g. to name a file.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// use jsonstream::{Load, Loader};
    ///
    /// #[derive(Load)]
    /// struct Page {
    ///     #[jsonstream(blob)]
    ///     html: Vec<u8>,
    /// }
    ///
    /// let page: Page = Loader::new()
    ///     .sinks(|_field| Ok(Vec::with_capacity(1 << 10)))
    ///     .load_slice(br#"{"html": "<p>"}"#)?;
    /// assert_eq!(page.html, b"<p>");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn sinks<S, F>(mut self, mut factory: F) -> Self
    where
        S: BlobSink + 'a,
        S::Output: 'static,
        F: FnMut(&BlobField<'_>) -> io::Result<S> + 'a,
    {
        let output = TypeId::of::<S::Output>();
        self.factories.retain(|f| f.output != output);
        self.factories.push(Factory {
            output,
            open: Box::new(move |field| Ok(Box::new(factory(field)?))),
        });
        self
    }

    /// Reads a whole document from `reader` as `T` with this loader's options and sinks; the
    /// rest of the input after the value must be whitespace. (Without options or sinks,
    /// [`jsonstream::load`](crate::load) does the same.)
    ///
    /// # Errors
    ///
    /// As [`Load::load_from`]; an error if anything but whitespace follows. The sinks finished
    /// before the error are rolled back (see [`Loader`]).
    pub fn load<T: LoadOwned, R: io::Read>(&mut self, reader: R) -> Result<T> {
        let json = self.options.reader(reader);
        self.load_whole(json)
    }

    /// Reads a whole document from `bytes` as `T`, which may borrow from `bytes`.
    ///
    /// # Errors
    ///
    /// As [`load`](Loader::load).
    pub fn load_slice<'de, T: Load<'de>>(&mut self, bytes: &'de [u8]) -> Result<T> {
        let json = self.options.slice_reader(bytes);
        self.load_whole(json)
    }

    fn load_whole<'de, T: Load<'de>, S: Read<'de>>(
        &mut self,
        mut json: JsonReader<S>,
    ) -> Result<T> {
        self.load_value(&mut json, JsonReader::end_document)
    }

    /// Iterates over the elements of the top-level array in `reader`, loading each as `T`
    /// with this loader's options and sinks: the [`Load`] counterpart of
    /// [`stream`](crate::stream), for records with blob fields streamed into sinks (into a
    /// file each, with a [`FileSinks`](crate::blob::FileSinks) factory) and seq fields into
    /// their collections.
    ///
    /// The stream borrows the loader. Memory is bounded by the window plus the record being
    /// loaded (without its blobs, which go to their sinks). After the closing `]`, the rest of
    /// the input must be whitespace, else the last item is an error. After an error the
    /// iterator yields `None`.
    ///
    /// # Errors
    ///
    /// Each item is an error if the input is not valid JSON, if the top-level value is not an
    /// array, or if an element does not fit `T`, located (offset, line, column, path such as
    /// `$[1234].content`); an I/O error of a sink or a factory, located at the blob. The sinks
    /// finished within the element that failed are rolled back; the elements yielded before
    /// stay as they are.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// use jsonstream::{Load, Loader};
    ///
    /// #[derive(Load)]
    /// struct Upload {
    ///     name: String,
    ///     #[jsonstream(blob = "base64")]
    ///     content: Vec<u8>,
    /// }
    ///
    /// let file = &br#"[{"name": "a", "content": "AAE="}, {"name": "b", "content": ""}]"#[..];
    /// let mut loader = Loader::new().sinks(|_field| Ok(Vec::with_capacity(1 << 10)));
    /// let mut sizes = Vec::new();
    /// for upload in loader.stream::<Upload, _>(file) {
    ///     let upload = upload?;
    ///     sizes.push((upload.name, upload.content.len()));
    /// }
    /// assert_eq!(sizes, [("a".to_string(), 2), ("b".to_string(), 0)]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream<T: LoadOwned, R: io::Read>(
        &mut self,
        reader: R,
    ) -> ArrayStream<IoRead<R>, T, &mut Loader<'a>> {
        ArrayStream::new(
            self.options.reader(reader),
            Walk::document(Items::Elements),
            self,
        )
    }

    /// [`stream`](Self::stream) over bytes in memory; elements may borrow from them.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// #[derive(jsonstream::Load)]
    /// struct Tag<'a> {
    ///     name: &'a str,
    /// }
    ///
    /// let json = br#"[{"name": "x"}, {"name": "y"}]"#;
    /// let mut loader = jsonstream::Loader::new();
    /// let names: Vec<&str> = loader
    ///     .stream_slice::<Tag<'_>>(json)
    ///     .map(|tag| tag.map(|tag| tag.name))
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(names, ["x", "y"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_slice<'de, T: Load<'de>>(
        &mut self,
        bytes: &'de [u8],
    ) -> ArrayStream<SliceRead<'de>, T, &mut Loader<'a>> {
        ArrayStream::new(
            self.options.slice_reader(bytes),
            Walk::document(Items::Elements),
            self,
        )
    }

    /// Iterates over the elements of the array found at the JSON Pointer `pointer`, loading
    /// each as `T`: [`stream_at`](crate::stream_at) for [`Load`] types, finding the array
    /// exactly as it does (everything before it skipped without being kept, everything after
    /// it still read and checked).
    ///
    /// # Errors
    ///
    /// As [`stream`](Self::stream); also an error item if the pointer is malformed, names no
    /// value, or names a value that is not an array.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// #[derive(jsonstream::Load)]
    /// struct Attachment {
    ///     #[jsonstream(blob)]
    ///     text: Vec<u8>,
    /// }
    ///
    /// let json = &br#"{"id": 7, "attachments": [{"text": "one"}, {"text": "two"}]}"#[..];
    /// let mut loader = jsonstream::Loader::new();
    /// let texts: Vec<Vec<u8>> = loader
    ///     .stream_at::<Attachment, _>(json, "/attachments")
    ///     .map(|a| a.map(|a| a.text))
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(texts, [b"one".to_vec(), b"two".to_vec()]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_at<T: LoadOwned, R: io::Read>(
        &mut self,
        reader: R,
        pointer: &str,
    ) -> ArrayStream<IoRead<R>, T, &mut Loader<'a>> {
        ArrayStream::new(
            self.options.reader(reader),
            Walk::at(pointer, Items::Elements),
            self,
        )
    }

    /// Iterates over every top-level value in `reader` (JSON Lines, NDJSON), loading each as
    /// `T`: [`stream_values`](crate::stream_values) for [`Load`] types.
    ///
    /// # Errors
    ///
    /// As [`stream_values`](crate::stream_values) and [`stream`](Self::stream): the sinks
    /// finished within the value that failed are rolled back; the values yielded before stay.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// #[derive(jsonstream::Load)]
    /// struct Page {
    ///     url: String,
    ///     #[jsonstream(blob)]
    ///     html: Vec<u8>,
    /// }
    ///
    /// let lines = &b"{\"url\": \"/a\", \"html\": \"<p>\"}\n{\"url\": \"/b\", \"html\": 1}\n"[..];
    /// let mut loader = jsonstream::Loader::new();
    /// let mut pages = loader.stream_values::<Page, _>(lines);
    /// assert_eq!(pages.next().unwrap()?.html, b"<p>");
    /// let err = pages.next().unwrap().err().unwrap();
    /// assert_eq!((err.line(), err.path()), (2, "$.html"));
    /// assert!(pages.next().is_none());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_values<T: LoadOwned, R: io::Read>(
        &mut self,
        reader: R,
    ) -> ValueStream<IoRead<R>, T, &mut Loader<'a>> {
        ValueStream::new(self.options.reader(reader), self)
    }

    /// [`stream_values`](Self::stream_values) over bytes in memory; values may borrow from
    /// them.
    ///
    /// # Examples
    ///
    #[cfg_attr(feature = "derive", doc = "```")]
    #[cfg_attr(not(feature = "derive"), doc = "```ignore")]
    /// #[derive(jsonstream::Load)]
    /// struct Word<'a>(&'a str);
    ///
    /// let mut loader = jsonstream::Loader::new();
    /// let words: Vec<&str> = loader
    ///     .stream_values_slice::<Word<'_>>(b"\"a\"\n\"b\"\n")
    ///     .map(|word| word.map(|word| word.0))
    ///     .collect::<jsonstream::Result<_>>()?;
    /// assert_eq!(words, ["a", "b"]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn stream_values_slice<'de, T: Load<'de>>(
        &mut self,
        bytes: &'de [u8],
    ) -> ValueStream<SliceRead<'de>, T, &mut Loader<'a>> {
        ValueStream::new(self.options.slice_reader(bytes), self)
    }

    /// Loads the next value of `json` as a `T`, then checks what follows it with `end`; if
    /// either fails, rolls back the sinks finished within the value. Within a value being
    /// loaded (a `Load` implementation that loads a document of its own), the sinks finished
    /// are the outer value's.
    fn load_value<'de, T: Load<'de>, S: Read<'de>>(
        &mut self,
        json: &mut JsonReader<S>,
        end: impl FnOnce(&mut JsonReader<S>) -> Result<()>,
    ) -> Result<T> {
        let outer = self.finished.replace(Vec::new());
        let mut scope = ValueScope {
            loader: self,
            outer,
        };
        let loaded = T::load_from(json, &mut *scope.loader).and_then(|value| {
            end(json)?;
            Ok(value)
        });
        let finished = scope.loader.finished.take().unwrap_or_default();
        match loaded {
            Ok(value) => {
                if let Some(outer) = &mut scope.outer {
                    outer.extend(finished);
                }
                Ok(value)
            }
            Err(err) => Err(roll_back(finished, err)),
        }
    }

    /// Reads the next value of `json`, a string, into the sink for a blob field named
    /// `name` of type `T`, and returns the finished value.
    pub(crate) fn load_blob<'de, T: BlobValue, S: Read<'de>>(
        &mut self,
        json: &mut JsonReader<S>,
        name: &str,
        encoding: Encoding,
    ) -> Result<T> {
        // A blob is a string: any other value is the error that the serde path gives for a
        // `String` field, and no sink is opened for it.
        match json.peek_value()? {
            b'"' => {}
            b => return Err(json.invalid_type(b, &"a string")),
        }
        self.copy_blob(json, name, encoding)
            .map_err(|err| json.fix_position(err))
    }

    fn copy_blob<'de, T: BlobValue, S: Read<'de>>(
        &mut self,
        json: &mut JsonReader<S>,
        name: &str,
        encoding: Encoding,
    ) -> Result<T> {
        let path = || json.path();
        let field = BlobField::with_lazy_path(name, &path);
        let output = TypeId::of::<T>();
        let (value, rollback) = match self.factories.iter_mut().find(|f| f.output == output) {
            None => {
                let mut sink = T::open_sink(&field).map_err(Error::io)?;
                copy_value(json, &mut sink, encoding)?;
                let value = sink.finish().map_err(Error::io)?;
                let rollback = T::Sink::rollback(&value);
                (value, rollback)
            }
            Some(factory) => {
                let mut sink = (factory.open)(&field).map_err(Error::io)?;
                copy_value(json, &mut sink, encoding)?;
                let (finished, rollback) = sink.finish_any().map_err(Error::io)?;
                // The factory was registered for `T`'s type id, so its output is a `T`.
                let value = finished.downcast::<T>().map(|value| *value).map_err(|_| {
                    Error::custom("a sink factory returned a value of another type")
                })?;
                (value, rollback)
            }
        };
        if let (Some(finished), Some(rollback)) = (&mut self.finished, rollback) {
            finished.push(rollback);
        }
        Ok(value)
    }
}

/// The loading of one value by a loader: gives the loader back the rollback steps of the
/// value around it when dropped, also when a panic unwinds through the loading, so that a
/// loader used after a caught panic is not left inside a value that ended.
struct ValueScope<'l, 'a> {
    loader: &'l mut Loader<'a>,
    outer: Option<Vec<Rollback>>,
}

impl Drop for ValueScope<'_, '_> {
    fn drop(&mut self) {
        self.loader.finished = self.outer.take();
    }
}

impl sealed::Sealed for &mut Loader<'_> {}

/// A loader reads the elements of [`Loader::stream`] and the other streams of `Load` values.
impl<'de, T: Load<'de>> ReadElement<'de, T> for &mut Loader<'_> {
    fn read_element<S: Read<'de>>(&mut self, json: &mut JsonReader<S>) -> Result<T> {
        self.load_value(json, |_| Ok(()))
    }
}

impl std::fmt::Debug for Loader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader")
            .field("options", &self.options)
            .field("factories", &self.factories.len())
            .finish()
    }
}

/// Reads a whole document from `reader` as `T`, a [`Load`] type, with the default
/// [`Loader`]: blob fields stream into their sinks, sequence fields into their collections,
/// and memory stays bounded by the window (64 KiB) plus what `T` itself keeps.
///
/// This is the way to load a derived type with the defaults; [`load_slice`] reads bytes in
/// memory (and lets `T` borrow from them); a [`Loader`] adds reader options and sink
/// factories ([`Loader::load`], [`Loader::load_slice`]) and streams of records
/// ([`Loader::stream`]).
///
/// # Errors
///
/// As [`Load::load_from`]; an error if anything but whitespace follows the value. The sinks
/// finished before the error are rolled back (see [`Loader`]).
///
/// # Examples
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// #[derive(jsonstream::Load)]
/// struct Series {
///     name: String,
///     #[jsonstream(seq)]
///     data: Vec<f64>,
/// }
///
/// let series: Series = jsonstream::load(&br#"{"name": "t", "data": [1.5, 2]}"#[..])?;
/// assert_eq!(series.data, [1.5, 2.0]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load<T: LoadOwned, R: io::Read>(reader: R) -> Result<T> {
    Loader::new().load(reader)
}

/// Reads a whole document from `bytes` as `T`, a [`Load`] type, with the default [`Loader`];
/// string fields of type `&'de str` borrow from `bytes`.
///
/// # Errors
///
/// As [`load`].
///
/// # Examples
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// #[derive(jsonstream::Load)]
/// struct Tag<'a> {
///     name: &'a str,
/// }
///
/// let tag: Tag<'_> = jsonstream::load_slice(br#"{"name": "borrowed"}"#)?;
/// assert_eq!(tag.name, "borrowed");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load_slice<'de, T: Load<'de>>(bytes: &'de [u8]) -> Result<T> {
    Loader::new().load_slice(bytes)
}

/// Reads the next value of `json`, a string, into the sink for the blob field `name`.
pub fn load_blob<'de, T: BlobValue, S: Read<'de>>(
    json: &mut JsonReader<S>,
    loader: &mut Loader<'_>,
    name: &str,
    encoding: Encoding,
) -> Result<T> {
    loader.load_blob(json, name, encoding)
}
