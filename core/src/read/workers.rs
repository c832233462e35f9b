//! The decoding side of the parallel streams: a pool of threads, each decoding whole batches
//! of elements (the bytes of a stretch of input and where each element is in them) and handing
//! the values back to the stream, which yields them in document order, and decodes batches
//! itself rather than wait.

use std::any::Any;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;

use crate::kernel::whitespace;
use crate::read::limits::Limits;
use crate::read::par_stream::{Resume, Shared};
use crate::read::reader::JsonReader;
use crate::read::stream::StreamElement;
use crate::read::SliceRead;

/// A stretch of input that holds whole elements: every byte the reader consumed from
/// `resume` on (elements and what is between them), and where each element is.
pub(crate) struct Batch {
    /// The batch's place among the stream's batches, from 0.
    pub(crate) seq: u64,
    pub(crate) bytes: Vec<u8>,
    /// Where each element is in `bytes` (with the whitespace around it, for the elements of
    /// an array), each decoded as a whole document.
    pub(crate) spans: Vec<Range<usize>>,
    /// The containers around the elements (the same for all in a stream), which count towards
    /// the depth limit.
    pub(crate) depth: usize,
    /// Where the reader was at the first byte, to read the batch again sequentially.
    pub(crate) resume: Resume,
}

impl Batch {
    /// Gives the batch's memory back to the reading thread, emptied, for its next batch; if
    /// the reading thread has gone, it is not needed.
    pub(crate) fn recycle(mut self, to: &Sender<Batch>) {
        self.bytes.clear();
        self.spans.clear();
        let _ = to.send(self);
    }
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

    /// A slot with nothing to claim: sent to wake a decoding thread that waits for a job.
    pub(crate) fn empty() -> Self {
        Slot {
            state: Mutex::new(SlotState::Taken),
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

    /// Leaves a claimed batch, decoded, for the stream.
    pub(crate) fn finish(&self, decoded: Decoded<T>) {
        self.set(SlotState::Done(decoded));
    }

    /// Marks a claimed batch as gone, its elements consumed where they were decoded.
    pub(crate) fn discard(&self) {
        self.set(SlotState::Taken);
    }

    fn set(&self, state: SlotState<T>) {
        *self.lock() = state;
        self.done.notify_all();
    }
}

impl<T: StreamElement> Slot<T> {
    /// Decodes a claimed batch and leaves the result for the stream.
    pub(crate) fn decode(&self, batch: Batch, decoding: &Decoding) {
        self.finish(decoding.decode(batch));
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
        let mut values = Vec::with_capacity(batch.spans.len());
        let outcome = self
            .decode_each(&batch, |value| {
                values.push(value);
                true
            })
            .map(|()| values);
        Decoded { batch, outcome }
    }

    /// Decodes the elements of `batch` in order, each read on its own as one whole document
    /// with the limits it has in the stream (by one reader, whose buffers serve them all), and
    /// hands each to `each`, until it returns false.
    ///
    /// # Errors
    ///
    /// [`Failure::Invalid`] if the stream has stopped or an element is not a valid `T` (its
    /// error would not be the stream's), [`Failure::Panicked`] if a `Deserialize`
    /// implementation or `each` panicked.
    pub(crate) fn decode_each<T: StreamElement>(
        &self,
        batch: &Batch,
        mut each: impl FnMut(T) -> bool,
    ) -> Result<(), Failure> {
        if self.shared.stopped() {
            return Err(Failure::Invalid);
        }
        let limits = Limits {
            max_depth: self.limits.max_depth.saturating_sub(batch.depth),
            ..self.limits
        };
        let decoded = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut json = JsonReader::with_source(SliceRead::new(&batch.bytes, None), limits);
            for span in &batch.spans {
                // The whitespace before an element of an array (a byte or two, mostly) is
                // skipped here by the inlined kernel: cheaper than the reader's out-of-line
                // skip, which a reader calls once per run of whitespace.
                let blank = whitespace::skip(&batch.bytes[span.clone()]);
                json.source_mut().select(span.start + blank..span.end);
                let value = json.deserialize_next().ok()?;
                json.end_document().ok()?;
                json.restart();
                if !each(value) {
                    break;
                }
            }
            Some(())
        }));
        match decoded {
            Ok(Some(())) => Ok(()),
            Ok(None) => Err(Failure::Invalid),
            Err(payload) => Err(Failure::Panicked(payload)),
        }
    }
}

/// Why a batch was not decoded to its end.
pub(crate) enum Failure {
    /// An element is not a valid `T`, or the stream stopped before the batch was decoded.
    Invalid,
    /// A `Deserialize` implementation panicked.
    Panicked(Box<dyn Any + Send>),
}

/// A batch with what became of it.
pub(crate) struct Decoded<T> {
    pub(crate) batch: Batch,
    /// Every element, in order, or why not.
    pub(crate) outcome: Result<Vec<T>, Failure>,
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
            .spawn(move || {
                while let Some(slot) = next_job(&jobs) {
                    if let Some(batch) = slot.claim() {
                        slot.decode(batch, &decoding);
                    }
                }
            })
            .expect("cannot start a decoding thread");
    }
}

/// The next job of a pool of decoding threads sharing `jobs`; `None` once the channel closed.
pub(crate) fn next_job<T>(jobs: &Mutex<Receiver<Arc<Slot<T>>>>) -> Option<Arc<Slot<T>>> {
    jobs.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .recv()
        .ok()
}
