//! The decoding side of the parallel streams: a pool of threads, each reading whole batches
//! of elements (the bytes of a stretch of input and where each element is in them) into the
//! batch's tape, from which the stream makes the values in document order (see `tape`); the
//! stream's thread records batches itself rather than wait. `par_try_for_each` decodes the
//! values on these threads instead (`Decoding::decode_each`).

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
use crate::read::tape::Tape;
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
    /// The first elements, as many as were valid, read for the iterating stream.
    pub(crate) tape: Tape,
    /// The bytes counted in flight for the batch and its tape (see `Shared::settle`).
    pub(crate) in_flight: usize,
}

impl Batch {
    /// Gives the batch's memory back to the reading thread, emptied, for its next batch; if
    /// the reading thread has gone, it is not needed.
    pub(crate) fn recycle(mut self, to: &Sender<Batch>) {
        self.bytes.clear();
        self.spans.clear();
        self.tape.clear();
        let _ = to.send(self);
    }
}

/// A batch on its way through the stream: cut by the reading thread, decoded by whichever
/// thread claims it first (a decoding thread, or the stream's own while it waits), and taken
/// by the stream in document order.
pub(crate) struct Slot {
    state: Mutex<SlotState>,
    done: Condvar,
}

enum SlotState {
    Queued(Batch),
    Decoding,
    Done(Decoded),
    Taken,
}

impl Slot {
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

    fn lock(&self) -> MutexGuard<'_, SlotState> {
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
    pub(crate) fn take(&self, wait: bool) -> Option<Decoded> {
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
    pub(crate) fn finish(&self, decoded: Decoded) {
        self.set(SlotState::Done(decoded));
    }

    /// Marks a claimed batch as gone, its elements consumed where they were decoded.
    pub(crate) fn discard(&self) {
        self.set(SlotState::Taken);
    }

    fn set(&self, state: SlotState) {
        *self.lock() = state;
        self.done.notify_all();
    }

    /// Records a claimed batch on its tape and leaves it for the stream.
    pub(crate) fn record(&self, batch: Batch, decoding: &Decoding) {
        self.finish(decoding.record(batch));
    }
}

/// What every thread that decodes batches of one stream needs: the limits, and whether the
/// stream has stopped.
pub(crate) struct Decoding {
    limits: Limits,
    shared: Arc<Shared>,
    /// The largest batch recorded on a tape: a larger one holds an outsized element, which the
    /// stream reads from its bytes, so that its strings are not held twice.
    largest_taped: usize,
}

impl Decoding {
    pub(crate) fn new(limits: Limits, shared: Arc<Shared>, largest_taped: usize) -> Self {
        Decoding {
            limits,
            shared,
            largest_taped,
        }
    }

    /// Records the first elements of `batch` on its tape, up to the first one that is not
    /// valid, unless the stream has stopped (or the batch is too large to be taped).
    fn record(&self, mut batch: Batch) -> Decoded {
        let mut tape = std::mem::take(&mut batch.tape);
        let outcome = if batch.bytes.len() <= self.largest_taped {
            tape.take_memory();
            self.read_each(&batch, |json| Some(tape.push(json, &batch.bytes)))
        } else {
            Ok(())
        };
        batch.tape = tape;
        self.shared.settle(&mut batch);
        Decoded { batch, outcome }
    }

    /// Decodes the elements of `batch` in order and hands each to `each`, until it returns
    /// false.
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
        self.read_each(batch, |json| read_element(json).map(&mut each))
    }

    /// Element `i` of `batch`, read on its own as `decode_each` reads it; `None` if it is not
    /// a valid `T`.
    pub(crate) fn decode_one<T: StreamElement>(&self, batch: &Batch, i: usize) -> Option<T> {
        let mut json = self.reader(batch);
        select(&mut json, &batch.bytes, batch.spans[i].clone());
        read_element(&mut json)
    }

    /// A reader of the elements of `batch`, each with the limits it has in the stream: the
    /// stream's, less the depth of the containers around it.
    fn reader<'b>(&self, batch: &'b Batch) -> JsonReader<SliceRead<'b>> {
        let limits = Limits {
            max_depth: self.limits.max_depth.saturating_sub(batch.depth),
            ..self.limits
        };
        JsonReader::with_source(SliceRead::new(&batch.bytes, None), limits)
    }

    /// Reads the elements of `batch` in order, each on its own as one whole document with the
    /// limits it has in the stream (by one reader, whose buffers serve them all), with `read`:
    /// until it returns `Some(false)` (done) or `None` (the element is not valid); a panic is
    /// caught, for the stream's thread to go on with.
    fn read_each<'b>(
        &self,
        batch: &'b Batch,
        mut read: impl FnMut(&mut JsonReader<SliceRead<'b>>) -> Option<bool>,
    ) -> Result<(), Failure> {
        if self.shared.stopped() {
            return Err(Failure::Invalid);
        }
        let decoded = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut json = self.reader(batch);
            for span in &batch.spans {
                select(&mut json, &batch.bytes, span.clone());
                if !read(&mut json)? {
                    break;
                }
                json.restart();
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

/// Points `json` at the element in `span` of `bytes`.
fn select(json: &mut JsonReader<SliceRead<'_>>, bytes: &[u8], span: Range<usize>) {
    // The whitespace before an element of an array (a byte or two, mostly) is skipped here by
    // the inlined kernel: cheaper than the reader's out-of-line skip, which a reader calls
    // once per run of whitespace.
    let blank = whitespace::skip(&bytes[span.clone()]);
    json.source_mut().select(span.start + blank..span.end);
}

/// The element `json` is pointed at, as a `T`, if it is one and nothing follows it.
fn read_element<'de, T: StreamElement>(json: &mut JsonReader<SliceRead<'de>>) -> Option<T> {
    let value = json.deserialize_next().ok()?;
    json.end_document().ok()?;
    Some(value)
}

/// Why a batch was not decoded to its end.
pub(crate) enum Failure {
    /// An element is not a valid `T`, or the stream stopped before the batch was decoded.
    Invalid,
    /// A `Deserialize` implementation panicked.
    Panicked(Box<dyn Any + Send>),
}

/// A batch with what became of it.
pub(crate) struct Decoded {
    pub(crate) batch: Batch,
    /// Whether it was read to its end (on its tape, for the iterating stream), or why not.
    pub(crate) outcome: Result<(), Failure>,
}

/// Starts `count` threads that decode the batches of `jobs` (those no other thread claimed
/// first) until it closes.
///
/// # Panics
///
/// If a thread cannot be started.
pub(crate) fn spawn(count: usize, jobs: Receiver<Arc<Slot>>, decoding: &Arc<Decoding>) {
    let jobs = Arc::new(Mutex::new(jobs));
    for _ in 0..count {
        let jobs = Arc::clone(&jobs);
        let decoding = Arc::clone(decoding);
        thread::Builder::new()
            .name("jsonstream-decoder".into())
            .spawn(move || {
                while let Some(slot) = next_job(&jobs) {
                    if let Some(batch) = slot.claim() {
                        slot.record(batch, &decoding);
                    }
                }
            })
            .expect("cannot start a decoding thread");
    }
}

/// The next job of a pool of decoding threads sharing `jobs`; `None` once the channel closed.
pub(crate) fn next_job(jobs: &Mutex<Receiver<Arc<Slot>>>) -> Option<Arc<Slot>> {
    jobs.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .recv()
        .ok()
}
