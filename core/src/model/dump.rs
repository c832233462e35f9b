//! [`Dump`]: values written straight into a [`JsonWriter`], and the [`dump`] functions that
//! write one as a whole document.

use std::collections::{BTreeMap, HashMap};
use std::io;

use serde::Serialize;

use crate::error::Result;
use crate::write::format::Formatter;
use crate::write::writer::JsonWriter;

/// A value that writes itself as one JSON value into a [`JsonWriter`], consuming itself.
///
/// Every `&T` with `T: Serialize` is `Dump` (it writes what `serde_json` would write), so
/// [`dump(&value, writer)`](dump) works for any serde value. `#[derive(Dump)]` implements it
/// for application types that hold what serde cannot write without holding it: blob fields
/// read from an [`io::Read`] while they are written (`#[jsonstream(blob)]`), sequence fields
/// from any `IntoIterator` written element by element (`#[jsonstream(seq)]`), and fields of
/// other `Dump` types (also inside an `Option`, a `Box`, a `Vec`, a tuple or the values of a
/// map). It takes `self` by value because its sources are consumed: a reader is read to its
/// end, an iterator runs out. To dump data you keep, derive on a struct of references
/// (`&'a [Point]` is a sequence, `&'a [u8]` a reader).
///
/// # Examples
///
#[cfg_attr(feature = "derive", doc = "```")]
#[cfg_attr(not(feature = "derive"), doc = "```ignore")]
/// use jsonstream::Dump;
///
/// #[derive(Dump)]
/// struct Report<B, I> {
///     title: String,
///     #[jsonstream(blob)]
///     body: B,
///     #[jsonstream(seq)]
///     squares: I,
/// }
///
/// let report = Report {
///     title: "squares".to_string(),
///     body: &b"the text\n"[..],             // any io::Read: read while it is written
///     squares: (1..=3).map(|n: u32| n * n), // any IntoIterator: generated while it is written
/// };
/// let mut out = Vec::new();
/// jsonstream::dump(report, &mut out)?;
/// assert_eq!(out, br#"{"title":"squares","body":"the text\n","squares":[1,4,9]}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be dumped",
    label = "not `Dump`",
    note = "a `Serialize` value is dumped by reference: pass `&value`; derive `Dump` for types with blob or sequence fields"
)]
pub trait Dump: Sized {
    /// Writes `self` as the next value of `json`.
    ///
    /// # Errors
    ///
    /// An error if no value is due in `json` here; an error reading a blob source or from a
    /// `Serialize` implementation; an I/O error. Each leaves `json` unusable: what was
    /// written is an incomplete document.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{Dump, JsonWriter};
    ///
    /// let mut json = JsonWriter::new(Vec::new());
    /// json.begin_array()?;
    /// (&"text").dump_to(&mut json)?;
    /// json.end_array()?;
    /// assert_eq!(json.finish()?, br#"["text"]"#);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    fn dump_to<W: io::Write, F: Formatter>(self, json: &mut JsonWriter<W, F>) -> Result<()>;
}

impl<T: ?Sized + Serialize> Dump for &T {
    /// Writes the value as its `Serialize` implementation says, the bytes of `serde_json`.
    fn dump_to<W: io::Write, F: Formatter>(self, json: &mut JsonWriter<W, F>) -> Result<()> {
        json.value(self)
    }
}

impl<T: Dump> Dump for Option<T> {
    /// Writes `null` for `None`, the value for `Some`.
    fn dump_to<W: io::Write, F: Formatter>(self, json: &mut JsonWriter<W, F>) -> Result<()> {
        match self {
            None => json.null_value(),
            Some(value) => value.dump_to(json),
        }
    }
}

impl<T: Dump> Dump for Box<T> {
    /// Writes the boxed value.
    fn dump_to<W: io::Write, F: Formatter>(self, json: &mut JsonWriter<W, F>) -> Result<()> {
        (*self).dump_to(json)
    }
}

impl<T: Dump> Dump for Vec<T> {
    /// Writes an array of the elements, each dumped in turn (for elements generated while
    /// they are written, make the field a `#[jsonstream(seq)]` of an iterator).
    fn dump_to<W: io::Write, F: Formatter>(self, json: &mut JsonWriter<W, F>) -> Result<()> {
        json.begin_array()?;
        for element in self {
            element.dump_to(json)?;
        }
        json.end_array()
    }
}

/// `Dump` for maps whose values are `Dump`, written as objects with serde_json's keys.
macro_rules! dump_maps {
    ($($map:ident<K, V $(, $hasher:ident)?>)+) => {$(
        impl<K: Serialize, V: Dump $(, $hasher)?> Dump for $map<K, V $(, $hasher)?> {
            /// Writes an object of the entries, in the map's order, each value dumped in turn;
            /// keys as `serde_json` writes them ([`JsonWriter::map_key`]).
            fn dump_to<W: io::Write, F: Formatter>(
                self,
                json: &mut JsonWriter<W, F>,
            ) -> Result<()> {
                json.begin_object()?;
                for (key, value) in self {
                    json.map_key(&key)?;
                    value.dump_to(json)?;
                }
                json.end_object()
            }
        }
    )+};
}

dump_maps! {
    BTreeMap<K, V>
    HashMap<K, V, H>
}

/// `Dump` for tuples of `Dump` types, written as arrays as serde writes tuples.
macro_rules! dump_tuples {
    ($(($($index:tt $element:ident),+))+) => {$(
        impl<$($element: Dump),+> Dump for ($($element,)+) {
            /// Writes an array of the elements, each dumped in turn.
            fn dump_to<W: io::Write, F: Formatter>(
                self,
                json: &mut JsonWriter<W, F>,
            ) -> Result<()> {
                json.begin_array()?;
                $(self.$index.dump_to(json)?;)+
                json.end_array()
            }
        }
    )+};
}

dump_tuples! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 G)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 G, 6 H)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 G, 6 H, 7 I)
}

/// Writes `value` as compact JSON into `writer`: for a serde value (`dump(&value, writer)`),
/// the same bytes as `serde_json::to_writer`; for a `#[derive(Dump)]` type, its blob and
/// sequence fields read and generated while they are written.
///
/// The output goes through a bounded buffer (8 KiB) to `writer`, so that many small pieces
/// become few large writes; the document is never held in memory, whatever its size (with
/// [`iter_seq`](crate::iter_seq), [`Blob`](crate::Blob) and `Dump`, neither are its sequences
/// and long strings). All output is handed to `writer` before `dump` returns; `writer` itself
/// is not flushed. Pass `&mut writer` to keep using it afterwards.
///
/// # Errors
///
/// An I/O error of `writer`; an error from `value`'s `Serialize` implementation or reading one
/// of its blob sources; a map key that JSON cannot have (not a string, number, boolean or
/// char; a non-finite float); a serde value nested deeper than
/// [`DEFAULT_MAX_WRITE_DEPTH`](crate::DEFAULT_MAX_WRITE_DEPTH) levels of arrays and objects
/// ([`LimitKind::WriteDepth`](crate::LimitKind::WriteDepth); for another limit, write
/// through a [`JsonWriter::max_depth`] or a [`Serializer::max_depth`](crate::Serializer::max_depth)).
/// On error, what was written so far is an incomplete document.
///
/// # Examples
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Point {
///     x: i32,
///     y: i32,
/// }
///
/// let mut file = Vec::new(); // any io::Write: a File, a socket, a zstd encoder…
/// jsonstream::dump(&[Point { x: 1, y: 2 }], &mut file)?;
/// assert_eq!(file, br#"[{"x":1,"y":2}]"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump<T: Dump, W: io::Write>(value: T, writer: W) -> Result<()> {
    dump_with(value, JsonWriter::new(writer))
}

/// Writes `value` as pretty-printed JSON into `writer`, with the same bytes as
/// `serde_json::to_writer_pretty` for a serde value; otherwise as [`dump`].
///
/// # Errors
///
/// As [`dump`].
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// jsonstream::dump_pretty(&serde_json::json!({"a": [1]}), &mut out)?;
/// assert_eq!(out, b"{\n  \"a\": [\n    1\n  ]\n}");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump_pretty<T: Dump, W: io::Write>(value: T, writer: W) -> Result<()> {
    dump_with(value, JsonWriter::pretty(writer))
}

fn dump_with<T: Dump, W: io::Write>(
    value: T,
    mut json: JsonWriter<W, impl Formatter>,
) -> Result<()> {
    value.dump_to(&mut json)?;
    json.finish().map(drop)
}
