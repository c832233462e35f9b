//! What the differential tests of the parallel and async streams share: the shape of stream
//! asked for, how the input reaches it, the documents (valid or corrupted), and the items of
//! the blocking stream they are compared with.

use std::io::Read;

use jsonstream::{Limits, ReaderOptions};
use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::DeserializeOwned;

use crate::readers::{FailingReader, Schedule};
use crate::snapshot::{drain, ErrInfo};
use crate::strategies::{apply_edits, arb_doc, arb_schedule, Doc, Edit};

/// What a stream is asked for: the elements of the top-level array, of the arrays at a
/// pointer, or the top-level values.
#[derive(Clone, Debug)]
pub enum Shape {
    /// `stream`.
    Array,
    /// `stream_at` with this pointer.
    At(&'static str),
    /// `stream_values`.
    Values,
}

/// How the input reaches the stream.
#[derive(Clone, Debug)]
pub struct Input {
    /// The sizes of the reads.
    pub schedule: Schedule,
    /// A non-retryable error after this many bytes.
    pub fail_after: Option<usize>,
}

impl Input {
    /// `inner` read as this input says.
    pub fn wrap<'a, R: Read + Send + 'a>(&self, inner: R) -> Box<dyn Read + Send + 'a> {
        match self.fail_after {
            Some(n) => self.schedule.wrap(FailingReader::new(inner, n)),
            None => self.schedule.wrap(inner),
        }
    }
}

/// Any read schedule, sometimes with a failure after a few hundred bytes at most.
pub fn arb_input() -> impl Strategy<Value = Input> {
    (
        arb_schedule(),
        prop_oneof![4 => Just(None), 1 => (0usize..300).prop_map(Some)],
    )
        .prop_map(|(schedule, fail_after)| Input {
            schedule,
            fail_after,
        })
}

/// A document's bytes, laid out by `style`, kept valid or corrupted by `edits`.
pub fn corrupted(doc: Doc, style: &[u8], edits: &[Edit], keep: bool) -> Vec<u8> {
    let bytes = doc.write(style);
    if keep {
        bytes
    } else {
        apply_edits(bytes, edits)
    }
}

/// The items of the blocking stream of `shape` over `bytes` as `input` delivers them.
pub fn blocking_items<T: DeserializeOwned>(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
) -> Vec<Result<T, ErrInfo>> {
    let reader = input.wrap(bytes);
    match shape {
        Shape::Array => drain(options.stream::<T, _>(reader)),
        Shape::At(pointer) => drain(options.stream_at::<T, _>(reader, pointer)),
        Shape::Values => drain(options.stream_values::<T, _>(reader)),
    }
}

/// A stream's options: sometimes limits on the depth and the document size, sometimes a small
/// window.
pub fn arb_options() -> impl Strategy<Value = ReaderOptions> {
    (
        prop_oneof![3 => Just(None), 1 => (1usize..6).prop_map(Some)],
        prop_oneof![3 => Just(None), 1 => (0u64..300).prop_map(Some)],
        prop_oneof![3 => Just(None), 1 => (4usize..40).prop_map(Some)],
    )
        .prop_map(|(depth, document, window)| {
            let limits = Limits {
                max_depth: depth.unwrap_or(Limits::default().max_depth),
                max_document_len: document,
                ..Limits::default()
            };
            let options = ReaderOptions::new().limits(limits);
            match window {
                Some(window) => options.window_size(window),
                None => options,
            }
        })
}

/// [`arb_options`] for a parallel stream: also an in-flight budget from a few bytes (a batch
/// per element or so) to the default.
pub fn arb_parallel_options() -> impl Strategy<Value = ReaderOptions> {
    (
        prop_oneof![3 => 1usize..400, 1 => Just(jsonstream::DEFAULT_IN_FLIGHT_BYTES)],
        arb_options(),
    )
        .prop_map(|(budget, options)| options.in_flight_bytes(budget))
}

/// Top-level values, each followed by a separator of JSON Lines (or none).
pub fn arb_lines() -> impl Strategy<Value = Vec<(Doc, &'static str)>> {
    vec(
        (arb_doc(), prop::sample::select(vec!["\n", "\r\n", " ", ""])),
        0..8,
    )
}

/// The bytes of `values` laid out by `style`, each followed by its separator, kept valid or
/// corrupted by `edits`.
pub fn lines_bytes(values: Vec<(Doc, &str)>, style: &[u8], edits: &[Edit], keep: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (value, separator) in values {
        bytes.extend(value.write(style));
        bytes.extend_from_slice(separator.as_bytes());
    }
    if keep {
        bytes
    } else {
        apply_edits(bytes, edits)
    }
}
