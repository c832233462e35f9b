//! A sequential stream resumed where another reader of the same input left off: between two
//! items, with the same nesting, position and walk, over a source that gives the bytes from
//! there on. The async streams rebuild one after their input ran dry.

use crate::error::Result;
use crate::read::nesting::Nesting;
use crate::read::options::ReaderOptions;
use crate::read::par_stream::Shape;
use crate::read::reader::JsonReader;
use crate::read::stream::{ArrayStream, Deserialized, ValueStream};
use crate::read::Read;

/// The sequential stream of a [`Shape`]: the elements a walk reaches, or every top-level value.
pub(crate) enum Resumed<S, T> {
    Elements(ArrayStream<S, T>),
    Values(ValueStream<S, T>),
}

impl<S, T> Resumed<S, T> {
    /// The stream of `shape` reading `src`, which starts where `nesting` was left (`None`: at
    /// the start of the input).
    pub(crate) fn new<'de>(
        options: &ReaderOptions,
        shape: &Shape,
        nesting: Option<Nesting>,
        src: S,
    ) -> Self
    where
        S: Read<'de>,
    {
        let limits = options.limits;
        let (reader, started) = match nesting {
            None => (JsonReader::with_source(src, limits), false),
            Some(nesting) => (JsonReader::resume(src, limits, nesting), true),
        };
        match shape {
            Shape::Elements(walk) => {
                let walk = if started {
                    walk.resumed()
                } else {
                    walk.clone()
                };
                Resumed::Elements(ArrayStream::new(reader, walk, Deserialized))
            }
            Shape::Values => Resumed::Values(ValueStream::new(reader, Deserialized)),
        }
    }

    #[cfg(feature = "tokio")]
    pub(crate) fn reader_mut(&mut self) -> &mut JsonReader<S> {
        match self {
            Resumed::Elements(stream) => stream.reader_mut(),
            Resumed::Values(stream) => stream.reader_mut(),
        }
    }

    /// Sets `nesting` to the reader's now, for another stream to resume from here (between two
    /// items), reusing its memory; returns the offset of here. (Line and column are left to
    /// be counted when a stream resumes: they cost a scan of every element's bytes.)
    #[cfg(feature = "tokio")]
    pub(crate) fn checkpoint<'de>(&mut self, nesting: &mut Option<Nesting>) -> u64
    where
        S: Read<'de>,
    {
        let reader = self.reader_mut();
        match nesting {
            Some(nesting) => reader.nesting_snapshot_into(nesting),
            None => *nesting = Some(reader.nesting_snapshot()),
        }
        reader.offset()
    }
}

impl<'de, S: Read<'de>, T: serde::Deserialize<'de>> Iterator for Resumed<S, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self {
            Resumed::Elements(stream) => stream.next(),
            Resumed::Values(stream) => stream.next(),
        }
    }
}
