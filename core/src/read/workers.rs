//! The decoding side of the parallel streams: a pool of threads, each decoding whole batches
//! of elements (the bytes of a stretch of input and where each element is in them) and handing
//! the values back to the stream, which yields them in document order.

use std::any::Any;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crate::read::limits::Limits;
use crate::read::par_stream::{Resume, Shared};
use crate::read::reader::JsonReader;
use crate::read::stream::StreamElement;
use crate::read::SliceRead;

/// A stretch of input that holds whole elements: every byte the reader consumed from
/// `resume` on (elements and what is between them), and where each element is.
pub(crate) struct Batch {
    pub(crate) bytes: Vec<u8>,
    pub(crate) spans: Vec<Span>,
    /// Where the reader was at the first byte, to read the batch again sequentially.
    pub(crate) resume: Resume,
}

/// One element of a [`Batch`].
pub(crate) struct Span {
    pub(crate) bytes: Range<usize>,
    /// The containers around the element, which count towards the depth limit.
    pub(crate) depth: usize,
}

/// A batch to decode, and where its values go.
pub(crate) struct Job<T> {
    pub(crate) batch: Batch,
    pub(crate) reply: SyncSender<Decoded<T>>,
}

/// A batch with what became of it.
pub(crate) struct Decoded<T> {
    pub(crate) batch: Batch,
    pub(crate) outcome: Outcome<T>,
}

pub(crate) enum Outcome<T> {
    /// Every element, in order.
    Values(Vec<T>),
    /// An element is not a valid `T`, or the stream stopped before the batch was decoded:
    /// the batch is to be read sequentially.
    Failed,
    /// A `Deserialize` implementation panicked: the panic goes on in the stream's thread.
    Panicked(Box<dyn Any + Send>),
}

/// Starts `count` threads that decode the batches of `jobs` until it closes.
///
/// # Panics
///
/// If a thread cannot be started.
pub(crate) fn spawn<T: StreamElement + Send + 'static>(
    count: usize,
    limits: Limits,
    jobs: Receiver<Job<T>>,
    shared: &Arc<Shared>,
) {
    let jobs = Arc::new(Mutex::new(jobs));
    for _ in 0..count {
        let jobs = Arc::clone(&jobs);
        let shared = Arc::clone(shared);
        thread::Builder::new()
            .name("jsonstream-decoder".into())
            .spawn(move || loop {
                let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok(Job { batch, reply }) = job else {
                    return;
                };
                let outcome = if shared.stopped() {
                    Outcome::Failed
                } else {
                    match panic::catch_unwind(AssertUnwindSafe(|| decode(&batch, limits))) {
                        Ok(Some(values)) => Outcome::Values(values),
                        Ok(None) => Outcome::Failed,
                        Err(payload) => Outcome::Panicked(payload),
                    }
                };
                // The stream may be gone: then nobody wants the values.
                let _ = reply.send(Decoded { batch, outcome });
            })
            .expect("cannot start a decoding thread");
    }
}

/// The elements of `batch`, each read on its own as one whole document with the limits it has
/// in the stream; `None` if one is not a valid `T` (its error would not be the stream's).
pub(crate) fn decode<T: StreamElement>(batch: &Batch, limits: Limits) -> Option<Vec<T>> {
    let mut values = Vec::with_capacity(batch.spans.len());
    for span in &batch.spans {
        let limits = Limits {
            max_depth: limits.max_depth.saturating_sub(span.depth),
            ..limits
        };
        let src = SliceRead::new(&batch.bytes[span.bytes.clone()], None);
        let mut json = JsonReader::with_source(src, limits);
        values.push(json.deserialize_next().ok()?);
        json.finish().ok()?;
    }
    Some(values)
}
