//! Parallel consumption ([`ParStream::par_try_for_each`]): every element handed to a closure
//! on the thread that decoded it, so that no value crosses threads. Its allocations are then
//! freed where they were made, which keeps a general-purpose allocator on its per-thread fast
//! path; a value that crosses threads costs glibc's `malloc` more than its decoding on small
//! elements.
//!
//! The elements of a batch are handed out only once every earlier batch is known to be valid,
//! so the closure sees exactly the elements before the first error. A decoding thread hands
//! out each element as soon as it is decoded if the batches before are valid; until then it
//! holds them (holding many small values costs `malloc` more than one at a time), and if it
//! finishes the batch first, it waits for them: batches are taken in order, so the first one
//! not yet valid is always being decoded, and the wait ends.
//!
//! The calling thread follows the batches in document order. At a batch that holds an error
//! (or at the end of the input inside an element) it waits until every earlier batch is
//! consumed, then reads on sequentially from there, as [`ParStream`] does, and hands the
//! elements to the closure itself, up to the error.
//!
//! [`ParStream`]: crate::ParStream
//! [`ParStream::par_try_for_each`]: crate::ParStream::par_try_for_each

use std::any::Any;
use std::collections::BTreeSet;
use std::io;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;

use crate::error::Error;
use crate::read::par_stream::{Framed, Pipeline, Sequential, Shared};
use crate::read::stream::StreamElement;
use crate::read::workers::{next_job, Batch, Decoded, Decoding, Failure, Slot};

/// Hands every element of `pipeline` (whose decoding threads have not started, `jobs` being
/// their end of the jobs) to `f`, on threads of its own; none after an error in the input, or
/// after `f` fails.
pub(crate) fn run<R, T, E, F>(
    mut pipeline: Pipeline<R, T>,
    jobs: Receiver<Arc<Slot>>,
    f: F,
) -> Result<(), E>
where
    R: io::Read,
    T: StreamElement + Send,
    E: From<Error> + Send,
    F: Fn(T) -> Result<(), E> + Sync,
{
    let crew = Crew {
        jobs: Mutex::new(jobs),
        decoding: Arc::clone(&pipeline.decoding),
        shared: Arc::clone(&pipeline.shared),
        recycle: pipeline.recycle.clone(),
        ledger: Ledger::new(),
        f,
        _elements: PhantomData,
    };
    let wake = pipeline.jobs.clone();
    let followed = thread::scope(|scope| {
        for _ in 0..pipeline.workers {
            scope.spawn(|| crew.work());
        }
        // The decoding threads end once this thread is done, however it ends.
        let _finish = Finish {
            ledger: &crew.ledger,
            wake,
            workers: pipeline.workers,
        };
        follow(&mut pipeline, &crew.ledger, &crew.f)
    });
    match followed {
        Some(result) => result,
        None => match crew.ledger.take_abort() {
            Some(Abort::Failed(error)) => Err(error),
            Some(Abort::Panicked(payload)) => panic::resume_unwind(payload),
            None => unreachable!("the threads stop early only for a reason"),
        },
    }
}

/// Follows the batches in document order until the last one, or the one that holds an error,
/// from which it reads on sequentially; `None` if the decoding threads stopped early (`f`
/// failed or something panicked: the ledger says which).
fn follow<R, T, E, F>(
    pipeline: &mut Pipeline<R, T>,
    ledger: &Ledger<E>,
    f: &F,
) -> Option<Result<(), E>>
where
    R: io::Read,
    T: StreamElement,
    E: From<Error>,
    F: Fn(T) -> Result<(), E>,
{
    let mut seq = 0;
    let (sequential, consumed) = loop {
        match pipeline.next_message() {
            Framed::Batch(slot) => match ledger.resolve(seq)? {
                None => seq += 1,
                Some(consumed) => {
                    ledger.wait_consumed(seq)?;
                    let Some(Decoded { batch, .. }) = slot.take(true) else {
                        unreachable!("a batch found invalid is left in its slot")
                    };
                    break (Some(pipeline.replay(batch.resume, batch.bytes)), consumed);
                }
            },
            Framed::Rest(rest) => {
                ledger.wait_consumed(seq)?;
                break (pipeline.after_batches(rest), 0);
            }
        }
    };
    Some(sequential.map_or(Ok(()), |sequential| {
        consume_in_turn(sequential, consumed, f)
    }))
}

/// Hands the elements of a sequential stream to `f` up to its end or its first error, but
/// for the first `consumed`, which `f` has seen.
fn consume_in_turn<R, T, E, F>(
    mut sequential: Sequential<R, T>,
    consumed: usize,
    f: &F,
) -> Result<(), E>
where
    R: io::Read,
    T: StreamElement,
    E: From<Error>,
    F: Fn(T) -> Result<(), E>,
{
    for _ in 0..consumed {
        match sequential.next() {
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => return Ok(()),
        }
    }
    sequential.try_for_each(|item| f(item?))
}

/// What the decoding threads of one `par_try_for_each` share.
struct Crew<T, E, F> {
    jobs: Mutex<Receiver<Arc<Slot>>>,
    decoding: Arc<Decoding>,
    shared: Arc<Shared>,
    recycle: Sender<Batch>,
    ledger: Ledger<E>,
    f: F,
    /// The elements' type, which `f` takes.
    _elements: PhantomData<fn(T)>,
}

impl<T, E, F> Crew<T, E, F>
where
    T: StreamElement,
    F: Fn(T) -> Result<(), E>,
{
    /// A decoding thread: decodes the batches no other thread took, and hands their elements
    /// to `f` once every earlier batch is valid.
    fn work(&self) {
        // The values decoded before the batches ahead are valid, kept from batch to batch:
        // allocating a vector each time would make glibc's `malloc` consolidate the small
        // blocks the last batch freed.
        let mut held = Vec::new();
        while let Some(slot) = next_job(&self.jobs) {
            if self.ledger.finished() {
                return;
            }
            if let Some(batch) = slot.claim() {
                self.decode_and_consume(&slot, batch, &mut held);
            }
        }
    }

    /// Decodes `batch`, handing its elements to `f` as soon as every earlier batch is valid
    /// (holding them in `held` until then), and records what became of it.
    fn decode_and_consume(&self, slot: &Slot, mut batch: Batch, held: &mut Vec<T>) {
        // No tape: the values are decoded here.
        self.shared.settle(&mut batch);
        let seq = batch.seq;
        let mut consumed = 0;
        let mut cleared = false;
        let decoded = self.decoding.decode_each(&batch, |value| {
            if !cleared && self.ledger.may_consume(seq) {
                cleared = true;
                if !self.consume(held, &mut consumed) {
                    return false;
                }
            }
            if cleared {
                self.hand(value, &mut consumed)
            } else {
                held.push(value);
                true
            }
        });
        match decoded {
            Ok(()) => {
                self.ledger.valid(seq);
                if !cleared && self.ledger.wait_to_consume(seq) {
                    let handed =
                        panic::catch_unwind(AssertUnwindSafe(|| self.consume(held, &mut consumed)));
                    if let Err(payload) = handed {
                        self.ledger.abort(Abort::Panicked(payload));
                    }
                }
                held.clear();
                if self.ledger.aborted() || consumed == batch.spans.len() {
                    self.done(slot, batch);
                } else {
                    // Not to be consumed, after an invalid batch: kept for the sequential
                    // reading, which needs its bytes.
                    slot.finish(Decoded {
                        batch,
                        outcome: Err(Failure::Invalid),
                    });
                }
            }
            Err(Failure::Invalid) => {
                held.clear();
                slot.finish(Decoded {
                    batch,
                    outcome: Err(Failure::Invalid),
                });
                self.ledger.invalid(seq, consumed);
            }
            Err(Failure::Panicked(payload)) => {
                held.clear();
                self.ledger.abort(Abort::Panicked(payload));
                self.done(slot, batch);
            }
        }
    }

    /// Hands the `held` values to `f`, in order; false if it failed or the threads stop.
    fn consume(&self, held: &mut Vec<T>, consumed: &mut usize) -> bool {
        held.drain(..).all(|value| self.hand(value, consumed))
    }

    /// Hands `value` to `f`; false if it failed or the threads stop.
    fn hand(&self, value: T, consumed: &mut usize) -> bool {
        if self.ledger.aborted() {
            return false;
        }
        match (self.f)(value) {
            Ok(()) => {
                *consumed += 1;
                true
            }
            Err(error) => {
                self.ledger.abort(Abort::Failed(error));
                false
            }
        }
    }

    /// Releases a batch whose elements are consumed (or whose threads stop).
    fn done(&self, slot: &Slot, batch: Batch) {
        slot.discard();
        self.shared.release(batch.in_flight);
        batch.recycle(&self.recycle);
        self.ledger.consumed();
    }
}

/// Why the threads stopped before the end.
enum Abort<E> {
    /// `f` returned this error.
    Failed(E),
    /// `f` or a `Deserialize` implementation panicked.
    Panicked(Box<dyn Any + Send>),
}

/// What is known about the batches, in document order.
struct Ledger<E> {
    state: Mutex<LedgerState<E>>,
    changed: Condvar,
    /// `state.cleared`, for the decoding threads to check at every element.
    cleared: AtomicU64,
    /// Set with `state.abort`, for the decoding threads to check at every element.
    aborted: AtomicBool,
}

struct LedgerState<E> {
    /// Batches `0..cleared` are valid: the elements of batch `cleared` may be consumed.
    cleared: u64,
    /// Valid batches after `cleared` (a batch between is not decoded yet).
    ahead: BTreeSet<u64>,
    /// The first batch known to hold an error, and how many of its elements were consumed.
    invalid: Option<(u64, usize)>,
    /// How many batches are done with: consumed, or left when the threads stopped.
    consumed: u64,
    abort: Option<Abort<E>>,
    /// The calling thread is done: the decoding threads end.
    finished: bool,
}

impl<E> Ledger<E> {
    fn new() -> Self {
        Ledger {
            state: Mutex::new(LedgerState {
                cleared: 0,
                ahead: BTreeSet::new(),
                invalid: None,
                consumed: 0,
                abort: None,
                finished: false,
            }),
            changed: Condvar::new(),
            cleared: AtomicU64::new(0),
            aborted: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> MutexGuard<'_, LedgerState<E>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits on `state` until `done` holds.
    fn wait_until<'a>(
        &self,
        mut state: MutexGuard<'a, LedgerState<E>>,
        mut done: impl FnMut(&LedgerState<E>) -> bool,
    ) -> MutexGuard<'a, LedgerState<E>> {
        while !done(&state) {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state
    }

    /// Whether every batch before `seq` is valid, so that its elements may be consumed.
    fn may_consume(&self, seq: u64) -> bool {
        self.cleared.load(Ordering::Acquire) >= seq
    }

    /// Records batch `seq` as valid to its end.
    fn valid(&self, seq: u64) {
        let mut state = self.lock();
        let LedgerState { cleared, ahead, .. } = &mut *state;
        ahead.insert(seq);
        while ahead.remove(cleared) {
            *cleared += 1;
        }
        self.cleared.store(*cleared, Ordering::Release);
        self.changed.notify_all();
    }

    /// Waits until every batch before `seq` is valid: true then; false if one is not, or the
    /// threads stop, and batch `seq` is not to be consumed.
    fn wait_to_consume(&self, seq: u64) -> bool {
        let state = self.wait_until(self.lock(), |state| {
            state.cleared >= seq
                || state.invalid.is_some_and(|(invalid, _)| invalid < seq)
                || state.abort.is_some()
                || state.finished
        });
        state.cleared >= seq && state.abort.is_none() && !state.finished
    }

    /// Records batch `seq` as holding an error after `consumed` elements.
    fn invalid(&self, seq: u64, consumed: usize) {
        let mut state = self.lock();
        if state.invalid.is_none_or(|(invalid, _)| seq < invalid) {
            state.invalid = Some((seq, consumed));
        }
        self.changed.notify_all();
    }

    fn consumed(&self) {
        self.lock().consumed += 1;
        self.changed.notify_all();
    }

    /// Stops every thread, for `abort` (unless another reason came first).
    fn abort(&self, abort: Abort<E>) {
        let mut state = self.lock();
        if state.abort.is_none() {
            state.abort = Some(abort);
        }
        self.aborted.store(true, Ordering::Relaxed);
        self.changed.notify_all();
    }

    fn aborted(&self) -> bool {
        self.aborted.load(Ordering::Relaxed)
    }

    fn take_abort(&self) -> Option<Abort<E>> {
        self.lock().abort.take()
    }

    fn finished(&self) -> bool {
        self.lock().finished
    }

    fn finish(&self) {
        self.lock().finished = true;
        self.changed.notify_all();
    }

    /// Waits until batch `seq` is known valid (`None`) or invalid (how many of its elements
    /// were consumed); `None` outside if the threads stopped first.
    fn resolve(&self, seq: u64) -> Option<Option<usize>> {
        let state = self.wait_until(self.lock(), |state| {
            state.cleared > seq
                || state.invalid.is_some_and(|(invalid, _)| invalid == seq)
                || state.abort.is_some()
        });
        match (&state.abort, state.invalid) {
            (Some(_), _) => None,
            (None, Some((invalid, consumed))) if invalid == seq => Some(Some(consumed)),
            (None, _) => Some(None),
        }
    }

    /// Waits until the batches before `seq` are done with; `None` if the threads stopped
    /// first.
    fn wait_consumed(&self, seq: u64) -> Option<()> {
        let state = self.wait_until(self.lock(), |state| {
            state.consumed >= seq || state.abort.is_some()
        });
        state.abort.is_none().then_some(())
    }
}

/// Ends the decoding threads when dropped: they finish, and those waiting for a job get one
/// with nothing to claim.
struct Finish<'a, E> {
    ledger: &'a Ledger<E>,
    wake: Sender<Arc<Slot>>,
    workers: usize,
}

impl<E> Drop for Finish<'_, E> {
    fn drop(&mut self) {
        self.ledger.finish();
        for _ in 0..self.workers {
            // No decoding thread waits once the reading thread is gone.
            let _ = self.wake.send(Arc::new(Slot::empty()));
        }
    }
}
