//! [`Load`]: values read straight from a [`JsonReader`], with blob fields streamed into sinks
//! that a [`Loader`] opens.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::io;

use serde::de::{Deserialize, Error as _};

use crate::blob::{copy_value, BlobField, BlobSink, BlobValue, Encoding};
use crate::error::{Error, Result};
use crate::read::options::ReaderOptions;
use crate::read::reader::JsonReader;
use crate::read::Read;

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
    /// when an error happens is dropped unfinished.
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
}

/// A sink factory for blob fields of one type.
struct Factory<'a> {
    output: TypeId,
    open: Box<OpenSink<'a>>,
}

type OpenSink<'a> = dyn FnMut(&BlobField<'_>) -> io::Result<Box<dyn AnySink + 'a>> + 'a;

/// A [`BlobSink`] whose output type is known only at run time.
trait AnySink: io::Write {
    fn finish_any(self: Box<Self>) -> io::Result<Box<dyn Any>>;
}

impl<S: BlobSink> AnySink for S
where
    S::Output: 'static,
{
    fn finish_any(self: Box<Self>) -> io::Result<Box<dyn Any>> {
        Ok(Box::new((*self).finish()?))
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
    /// As [`Load::load_from`]; an error if anything but whitespace follows.
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
        let value = T::load_from(&mut json, self)?;
        json.finish()?;
        Ok(value)
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
        let path = json.path();
        let field = BlobField::new(name, &path);
        let output = TypeId::of::<T>();
        match self.factories.iter_mut().find(|f| f.output == output) {
            None => {
                let mut sink = T::open_sink(&field).map_err(Error::io)?;
                copy_value(json, &mut sink, encoding)?;
                sink.finish().map_err(Error::io)
            }
            Some(factory) => {
                let mut sink = (factory.open)(&field).map_err(Error::io)?;
                copy_value(json, &mut sink, encoding)?;
                let finished = sink.finish_any().map_err(Error::io)?;
                // The factory was registered for `T`'s type id, so its output is a `T`.
                finished
                    .downcast::<T>()
                    .map(|value| *value)
                    .map_err(|_| Error::custom("a sink factory returned a value of another type"))
            }
        }
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
/// factories ([`Loader::load`], [`Loader::load_slice`]).
///
/// # Errors
///
/// As [`Load::load_from`]; an error if anything but whitespace follows the value.
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
