//! The decoding side of the parallel streams: a pool of threads, each decoding whole batches
//! of elements (the bytes of a stretch of input and where each element is in them) and handing
//! the values back to the stream, which yields them in document order, and decodes batches
//! itself rather than wait.

use std::any::Any;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
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
    /// Where each element is in `bytes`.
    pub(crate) spans: Vec<Range<usize>>,
    /// The containers around the elements (the same for all in a stream), which count towards
    /// the depth limit.
    pub(crate) depth: usize,
    /// Where the reader was at the first byte, to read the batch again sequentially.
    pub(crate) resume: Resume,
}

/// A batch on its way through the stream: cut by the reading thread, decoded by whichever
/// thread claims it first (a decoding thread, or the stream's own while it waits), and taken
/// by the stream in document order.
pub(crate) struct Slot<T> {
    state: Mutex<SlotState<T>>,
    done: Condvar,
}

enum SlotState<T> {
    Queued(Batch),
    Decoding,
    Done(Decoded<T>),
    Taken,
}

impl<T> Slot<T> {
    pub(crate) fn new(batch: Batch) -> Self {
        Slot {
            state: Mutex::new(SlotState::Queued(batch)),
            done: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SlotState<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The batch, to decode, if no thread has claimed it yet.
    pub(crate) fn claim(&self) -> Option<Batch> {
        let mut state = self.lock();
        match std::mem::replace(&mut *state, SlotState::Decoding) {
            SlotState::Queued(batch) => Some(batch),
            other => {
                *state = other;
                None
            }
        }
    }

    /// The decoded batch, once some thread has decoded it; `None` if it is still queued (the
    /// caller decodes it) — or, with `wait` false, still being decoded.
    pub(crate) fn take(&self, wait: bool) -> Option<Decoded<T>> {
        let mut state = self.lock();
        loop {
            match std::mem::replace(&mut *state, SlotState::Taken) {
                SlotState::Done(decoded) => return Some(decoded),
                SlotState::Decoding if wait => {
                    *state = SlotState::Decoding;
                    state = self
                        .done
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                other => {
                    *state = other;
                    return None;
                }
            }
        }
    }
}

impl<T: StreamElement> Slot<T> {
    /// Decodes a claimed batch and leaves the result for the stream.
    pub(crate) fn decode(&self, batch: Batch, decoding: &Decoding) {
        let decoded = decoding.decode(batch);
        *self.lock() = SlotState::Done(decoded);
        self.done.notify_all();
    }
}

/// What every thread that decodes batches of one stream needs: the limits, and whether the
/// stream has stopped.
pub(crate) struct Decoding {
    limits: Limits,
    shared: Arc<Shared>,
}

impl Decoding {
    pub(crate) fn new(limits: Limits, shared: Arc<Shared>) -> Self {
        Decoding { limits, shared }
    }

    /// Decodes `batch`, unless the stream has stopped; a panic is caught, for the stream's
    /// thread to go on with.
    fn decode<T: StreamElement>(&self, batch: Batch) -> Decoded<T> {
        let outcome = if self.shared.stopped() {
            Outcome::Failed
        } else {
            match panic::catch_unwind(AssertUnwindSafe(|| values(&batch, self.limits))) {
                Ok(Some(values)) => Outcome::Values(values),
                Ok(None) => Outcome::Failed,
                Err(payload) => Outcome::Panicked(payload),
            }
        };
        Decoded { batch, outcome }
    }
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

/// Starts `count` threads that decode the batches of `jobs` (those no other thread claimed
/// first) until it closes.
///
/// # Panics
///
/// If a thread cannot be started.
pub(crate) fn spawn<T: StreamElement + Send + 'static>(
    count: usize,
    jobs: Receiver<Arc<Slot<T>>>,
    decoding: &Arc<Decoding>,
) {
    let jobs = Arc::new(Mutex::new(jobs));
    for _ in 0..count {
        let jobs = Arc::clone(&jobs);
        let decoding = Arc::clone(decoding);
        thread::Builder::new()
            .name("jsonstream-decoder".into())
            .spawn(move || loop {
                let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok(slot) = job else {
                    return;
                };
                if let Some(batch) = slot.claim() {
                    slot.decode(batch, &decoding);
                }
            })
            .expect("cannot start a decoding thread");
    }
}

/// The elements of `batch`, each read on its own as one whole document with the limits it has
/// in the stream (by one reader, whose buffers serve them all); `None` if one is not a valid
/// `T` (its error would not be the stream's).
fn values<T: StreamElement>(batch: &Batch, limits: Limits) -> Option<Vec<T>> {
    let limits = Limits {
        max_depth: limits.max_depth.saturating_sub(batch.depth),
        ..limits
    };
    let mut json = JsonReader::with_source(SliceRead::new(&batch.bytes, None), limits);
    let mut values = Vec::with_capacity(batch.spans.len());
    for span in &batch.spans {
        json.source_mut().select(span.clone());
        values.push(json.deserialize_next().ok()?);
        json.end_document().ok()?;
        json.restart();
    }
    Some(values)
}
