//! Sequences generated while they are written: an iterator that serializes as a JSON array.

use std::cell::Cell;
use std::fmt;

use serde::ser::{Error as _, Serialize, SerializeSeq, Serializer};

/// Makes an iterator serializable, once, as a sequence whose elements are generated while they
/// are written: [`dump`](crate::dump) of a struct holding an `IterSeq` of a million points
/// never holds more than one point.
///
/// Any serde serializer can write it (it is a sequence of unknown length). The iterator is
/// consumed by the first serialization: serializing the same `IterSeq` again is an error, not
/// an empty array.
///
/// The iterator is boxed, so that a struct holding an `IterSeq` names only its item type (and
/// `#[derive(Serialize)]` needs no extra bounds); that costs one dynamic call per item.
///
/// # Examples
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Point {
///     x: u32,
///     y: u32,
/// }
///
/// #[derive(Serialize)]
/// struct Dataset<'a> {
///     name: &'static str,
///     points: jsonstream::IterSeq<'a, Point>,
/// }
///
/// let dataset = Dataset {
///     name: "squares",
///     points: jsonstream::iter_seq((0..3).map(|x| Point { x, y: x * x })),
/// };
/// let mut out = Vec::new();
/// jsonstream::dump(&dataset, &mut out)?;
/// assert_eq!(
///     out,
///     br#"{"name":"squares","points":[{"x":0,"y":0},{"x":1,"y":1},{"x":2,"y":4}]}"#
/// );
/// assert!(jsonstream::dump(&dataset, &mut Vec::new()).is_err()); // consumed
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct IterSeq<'a, T> {
    iter: Cell<Option<Box<dyn Iterator<Item = T> + 'a>>>,
}

/// Wraps `iter` in an [`IterSeq`]: a value that serializes as a sequence of the items it
/// yields, generated one at a time while they are written.
///
/// # Examples
///
/// ```
/// let squares = jsonstream::iter_seq((1..=3).map(|n| n * n));
/// assert_eq!(jsonstream::to_string(&squares)?, "[1,4,9]");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn iter_seq<'a, I>(iter: I) -> IterSeq<'a, I::Item>
where
    I: IntoIterator,
    I::IntoIter: 'a,
    I::Item: Serialize,
{
    IterSeq {
        iter: Cell::new(Some(Box::new(iter.into_iter()))),
    }
}

impl<T: Serialize> Serialize for IterSeq<'_, T> {
    /// Serializes the items as a sequence of unknown length.
    ///
    /// # Errors
    ///
    /// An error if this `IterSeq` was serialized before; any error of the serializer.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(iter) = self.iter.take() else {
            return Err(S::Error::custom(
                "the lazy sequence was already serialized: its iterator can be consumed only once",
            ));
        };
        let mut seq = serializer.serialize_seq(None)?;
        for item in iter {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

impl<T> fmt::Debug for IterSeq<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterSeq").finish_non_exhaustive()
    }
}
