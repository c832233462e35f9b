//! Streams whose elements are decoded on several threads and yielded in document order.
//!
//! One thread reads the input through an ordinary [`JsonReader`], which checks everything
//! that is not an element (the way to the arrays a pointer reaches, the end of each array and
//! of the document) and moves past the elements without validating them: those of an array
//! with the [`Splitter`](crate::read::framer::Splitter), many in one scan up to the `,` where
//! the batch is full (each element then being what lies between two separators, whitespace
//! included), and each top-level value with the [`Framer`](crate::read::framer::Framer).
//! Every byte it consumes is kept in the current [`Batch`], with where each element is; full
//! batches go to a pool of decoding threads (`workers`), which read their elements onto the
//! batch's tape (`tape`), and the stream makes its values from the tapes batch after batch, in
//! the order the batches were cut, each value as it is asked for: a value is then allocated on
//! the thread that will most likely free it. While the batch it needs is being read, the
//! stream's own thread reads the next ones no decoder has claimed yet, rather than wait. An
//! element the tape cannot give is read from its bytes.
//!
//! Exactly the sequential stream's answers: when an element of a batch is not a valid `T` (or
//! the reading thread meets an error, or the end of the input inside an element), the stream
//! stops the other threads and reads the input again sequentially from the start of that
//! batch, past the elements it already yielded, with an ordinary [`ArrayStream`] or
//! [`ValueStream`] resumed where the reading thread was: the same nesting, position and walk,
//! over a [`Replay`] of the bytes held from there on and then the rest of the input. Every
//! error is therefore the sequential stream's own, with its offset, line, column and path,
//! after the same elements.

use std::collections::VecDeque;
use std::io;
use std::marker::PhantomData;
use std::panic;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use crate::error::{Error, Position, Result};
use crate::read::nesting::Nesting;
use crate::read::options::ReaderOptions;
use crate::read::par_for_each;
use crate::read::pointer::Walk;
use crate::read::reader::JsonReader;
use crate::read::resumed::Resumed;
use crate::read::source::{Replay, Stashing, Tapped};
use crate::read::stream::StreamElement;
use crate::read::sweep::sweep;
use crate::read::tape::Tape;
use crate::read::workers::{self, Batch, Decoded, Decoding, Failure, Slot};
use crate::read::IoRead;

/// An iterator of the elements of a JSON array (or of the arrays a pointer reaches, or of the
/// top-level values of JSON Lines), decoded on several threads and yielded in document order.
///
/// Made by [`par_stream`](crate::par_stream), [`par_stream_at`](crate::par_stream_at),
/// [`par_stream_values`](crate::par_stream_values) and their
/// [`ReaderOptions`](crate::ReaderOptions) counterparts. It yields exactly what the
/// sequential stream ([`stream`](crate::stream), [`stream_at`](crate::stream_at),
/// [`stream_values`](crate::stream_values)) yields for the same input: the same elements, and
/// the same error (message, offset, line, column, path) after the same elements. After an
/// error, or the last element, it yields `None`.
///
/// Memory is bounded by [`ReaderOptions::in_flight_bytes`]: the input read ahead of the
/// element being yielded, and the elements decoded from it, plus the element being read (an
/// element larger than the budget is read and decoded alone).
///
/// Dropping the stream stops its threads: the reading thread after its current `read` call,
/// the decoding threads after their current batch.
pub struct ParStream<R, T> {
    state: State<R, T>,
}

enum State<R, T> {
    Parallel(Pipeline<R, T>),
    /// Reading on sequentially from a batch that held an error.
    Sequential(Sequential<R, T>),
    Finished,
}

/// What a parallel stream yields: the elements of the arrays a walk reaches, or every
/// top-level value.
#[derive(Clone)]
pub(crate) enum Shape {
    Elements(Walk),
    Values,
}

/// Where a reader was at the start of a batch: `nesting` is `None` at the start of the input.
pub(crate) struct Resume {
    pub(crate) position: Position,
    pub(crate) nesting: Option<Nesting>,
}

impl Resume {
    pub(crate) const START: Resume = Resume {
        position: Position {
            offset: 0,
            line: 1,
            column: 1,
        },
        nesting: None,
    };
}

/// What the threads of one stream share: the bytes in flight (cut into batches and not yet
/// yielded, with their tapes), and whether the stream has stopped them.
pub(crate) struct Shared {
    in_flight: Mutex<usize>,
    room: Condvar,
    stop: AtomicBool,
    budget: usize,
    /// Bytes of tape per 16 bytes of input in the batch recorded last: what the reading thread
    /// counts in for the tape of a batch it cuts, until the batch is recorded and its tape's
    /// size known.
    tape_per_16: AtomicUsize,
}

impl Shared {
    pub(crate) fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    pub(crate) fn stop(&self) {
        let _in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.stop.store(true, Ordering::Relaxed);
        self.room.notify_all();
    }

    /// What a batch of `bytes` bytes counts in flight until its tape is recorded.
    fn with_tape(&self, bytes: usize) -> usize {
        let per_16 = self.tape_per_16.load(Ordering::Relaxed);
        bytes.saturating_add((bytes / 16).saturating_mul(per_16))
    }

    /// Counts a batch whose tape is recorded (or that has none: `par_try_for_each` decodes
    /// batches without) at its actual size instead of the estimate, without waiting.
    pub(crate) fn settle(&self, batch: &mut Batch) {
        let tape = batch.tape.heap_bytes();
        if batch.bytes.len() >= 16 {
            let per_16 = tape.saturating_mul(16) / batch.bytes.len();
            self.tape_per_16.store(per_16, Ordering::Relaxed);
        }
        let actual = batch.bytes.len() + tape;
        if actual > batch.in_flight {
            let mut in_flight = self
                .in_flight
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *in_flight += actual - batch.in_flight;
        } else {
            self.release(batch.in_flight - actual);
        }
        batch.in_flight = actual;
    }

    /// Waits until `bytes` more fit in the budget (or nothing is in flight, or the stream
    /// stopped), and counts them in.
    fn reserve(&self, bytes: usize) {
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        while *in_flight > 0 && *in_flight + bytes > self.budget && !self.stopped() {
            in_flight = self
                .room
                .wait(in_flight)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *in_flight += bytes;
    }

    pub(crate) fn release(&self, bytes: usize) {
        if bytes > 0 {
            let mut in_flight = self
                .in_flight
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *in_flight -= bytes;
            self.room.notify_all();
        }
    }
}

/// What the reading thread sends the stream, in document order.
pub(crate) enum Framed<R> {
    /// A batch sent to the decoders.
    Batch(Arc<Slot>),
    /// The reading thread is done: what it read after the last batch, and the input.
    Rest(Rest<R>),
}

/// The end of the reading thread.
pub(crate) struct Rest<R> {
    /// True if the input was read to its end and checked: nothing after the batches sent.
    complete: bool,
    /// Where the bytes not sent in a batch start.
    resume: Resume,
    /// The bytes read and not sent, in order.
    bytes: [Vec<u8>; 2],
    /// The error the input gave after them.
    error: Option<io::Error>,
    input: R,
}

pub(crate) struct Pipeline<R, T> {
    framed: Receiver<Framed<R>>,
    /// Batches received ahead of the one being yielded, to decode while waiting for it.
    pending: VecDeque<Arc<Slot>>,
    /// The end of the reading thread, once received ahead.
    rest: Option<Rest<R>>,
    reading: Option<JoinHandle<()>>,
    /// The batch whose values are being yielded, and the index of the next.
    current: Option<(Box<Batch>, usize)>,
    /// The decoding threads' end of the jobs the reading thread sends, until the threads are
    /// started: by the first batch the stream takes, or by
    /// [`par_try_for_each`](ParStream::par_try_for_each), whose threads are its own.
    decoders: Option<Receiver<Arc<Slot>>>,
    /// The other end, to wake decoding threads that wait for a job.
    pub(crate) jobs: Sender<Arc<Slot>>,
    /// Decoding threads when the elements are consumed where they are decoded
    /// (`par_try_for_each`).
    pub(crate) workers: usize,
    /// Decoding threads when the stream is iterated.
    iterated_workers: usize,
    pub(crate) decoding: Arc<Decoding>,
    /// Bytes of the batch whose values are being yielded: in flight until they all are.
    held: usize,
    pub(crate) recycle: Sender<Batch>,
    pub(crate) shared: Arc<Shared>,
    shape: Shape,
    options: ReaderOptions,
    /// The values' type: the stream makes them from the tapes.
    _values: PhantomData<fn() -> T>,
}

/// Bytes of tape per 16 bytes of input counted for the first batch: records of short fields
/// make about three times their size of tape.
const INITIAL_TAPE_PER_16: usize = 48;

/// The most bytes of tape a byte of input makes (`0,` is a number's two 8-byte words).
const MAX_TAPE_PER_BYTE: usize = 8;

/// The sequential stream a parallel one becomes after an error in a batch.
pub(crate) type Sequential<R, T> = Resumed<IoRead<Replay<R>>, T>;

impl<R, T> ParStream<R, T>
where
    R: io::Read + Send + 'static,
    T: StreamElement + Send + 'static,
{
    /// Starts the reading thread and the decoders.
    ///
    /// # Panics
    ///
    /// If a thread cannot be started.
    pub(crate) fn new(options: &ReaderOptions, input: R, shape: Shape) -> Self {
        let shared = Arc::new(Shared {
            in_flight: Mutex::new(0),
            room: Condvar::new(),
            stop: AtomicBool::new(false),
            budget: options.in_flight_bytes,
            tape_per_16: AtomicUsize::new(INITIAL_TAPE_PER_16),
        });
        let workers = options.worker_count();
        let (jobs, decoder_jobs) = mpsc::channel();
        // A few batches per decoder in flight (with their tapes), so that none waits for the
        // next.
        let batch_bytes = (options.in_flight_bytes
            / (4 * workers * (1 + INITIAL_TAPE_PER_16 / 16)))
            .clamp(1, 1 << 20);
        let usual_batch = usual_batch_bytes(batch_bytes, options.window_size);
        let decoding = Arc::new(Decoding::new(
            options.limits,
            Arc::clone(&shared),
            usual_batch,
        ));
        let (framed_tx, framed) = mpsc::channel();
        let (recycle, recycled) = mpsc::channel();
        let reading = Reading {
            shape: shape.clone(),
            options: options.clone(),
            batch_bytes,
            shared: Arc::clone(&shared),
            jobs: jobs.clone(),
            framed: framed_tx,
            recycled,
        };
        let reading = thread::Builder::new()
            .name("jsonstream-reader".into())
            .spawn(move || reading.run(input))
            .expect("cannot start the reading thread");
        ParStream {
            state: State::Parallel(Pipeline {
                framed,
                pending: VecDeque::new(),
                rest: None,
                reading: Some(reading),
                current: None,
                decoders: Some(decoder_jobs),
                jobs,
                workers,
                iterated_workers: options.iterated_worker_count(),
                decoding,
                held: 0,
                recycle,
                shared,
                shape,
                options: options.clone(),
                _values: PhantomData,
            }),
        }
    }
}

impl<R, T> ParStream<R, T>
where
    R: io::Read + Send + 'static,
    T: StreamElement + Send + 'static,
{
    /// Hands every element to `f` on the threads that decode them, in no particular order,
    /// until the end of the input, the first error in it, or the first error of `f`.
    ///
    /// No element crosses threads: each is decoded, handed to `f` and dropped on one thread,
    /// so all of the work is spread, where iterating leaves the making of each value and the
    /// loop's body to the thread that iterates.
    /// `f` sees exactly the elements that the iterator would yield before its first error,
    /// each once: a batch of elements is handed out only once every earlier one is known to be
    /// valid. Called on a stream that has already yielded items, the rest are handed to `f` on
    /// this thread, in order.
    ///
    /// # Errors
    ///
    /// The first error of the input (as the iterator would yield it, converted by `From`), or
    /// the first error `f` returned; after an error of `f`, no more elements are handed out,
    /// but calls already under way on other threads finish.
    ///
    /// # Panics
    ///
    /// If `f` or a `Deserialize` implementation panics, the other threads stop handing out
    /// elements and the panic goes on in this thread. If a thread cannot be started.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let input = std::io::Cursor::new(b"[1, 2, 3, 4, 5, 6]".to_vec());
    /// let sum = AtomicU64::new(0);
    /// jsonstream::par_stream::<u64, _>(input).par_try_for_each(|n| {
    ///     sum.fetch_add(n, Ordering::Relaxed);
    ///     Ok::<(), jsonstream::Error>(())
    /// })?;
    /// assert_eq!(sum.into_inner(), 21);
    ///
    /// // The elements before an error, and then the error.
    /// let input = std::io::Cursor::new(b"[1, 2, true, 4]".to_vec());
    /// let sum = AtomicU64::new(0);
    /// let err = jsonstream::par_stream::<u64, _>(input)
    ///     .par_try_for_each(|n| {
    ///         sum.fetch_add(n, Ordering::Relaxed);
    ///         Ok::<(), jsonstream::Error>(())
    ///     })
    ///     .unwrap_err();
    /// assert_eq!(err.path(), "$[2]");
    /// assert_eq!(sum.into_inner(), 3);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn par_try_for_each<E, F>(self, f: F) -> std::result::Result<(), E>
    where
        E: From<Error> + Send,
        F: Fn(T) -> std::result::Result<(), E> + Sync,
    {
        match self.state {
            State::Parallel(mut pipeline) if pipeline.decoders.is_some() => {
                let jobs = pipeline.decoders.take().expect("checked just above");
                par_for_each::run(pipeline, jobs, f)
            }
            state => ParStream { state }.try_for_each(|item| f(item?)),
        }
    }

    /// Hands every element to `f` on the threads that decode them, in no particular order, as
    /// [`par_try_for_each`](Self::par_try_for_each) does, up to the first error of the input.
    ///
    /// # Errors
    ///
    /// The first error of the input: `f` has then seen exactly the elements before it.
    ///
    /// # Panics
    ///
    /// As [`par_try_for_each`](Self::par_try_for_each).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Mutex;
    ///
    /// let input = std::io::Cursor::new(br#"["a", "bb", "ccc"]"#.to_vec());
    /// let lengths = Mutex::new(Vec::new());
    /// jsonstream::par_stream::<String, _>(input)
    ///     .par_for_each(|text| lengths.lock().unwrap().push(text.len()))?;
    /// let mut lengths = lengths.into_inner().unwrap();
    /// lengths.sort();
    /// assert_eq!(lengths, [1, 2, 3]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn par_for_each<F>(self, f: F) -> Result<()>
    where
        F: Fn(T) + Sync,
    {
        self.par_try_for_each(|value| {
            f(value);
            Ok(())
        })
    }
}

impl<R, T> Iterator for ParStream<R, T>
where
    R: io::Read + Send + 'static,
    T: StreamElement + Send + 'static,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        loop {
            match &mut self.state {
                State::Parallel(pipeline) => {
                    match pipeline.next_value() {
                        Some(Taken::Value(value)) => return Some(Ok(value)),
                        Some(Taken::Replay(sequential)) => {
                            self.state = State::Sequential(*sequential);
                            continue;
                        }
                        Some(Taken::Last(item)) => {
                            self.state = State::Finished;
                            return item;
                        }
                        None => {}
                    }
                    if let Some(jobs) = pipeline.decoders.take() {
                        workers::spawn(pipeline.iterated_workers, jobs, &pipeline.decoding);
                    }
                    match pipeline.next_batch() {
                        Some(Next::Values) => {}
                        Some(Next::Replay(sequential)) => {
                            self.state = State::Sequential(*sequential);
                        }
                        None => self.state = State::Finished,
                    }
                }
                State::Sequential(sequential) => {
                    let item = sequential.next();
                    if !matches!(item, Some(Ok(_))) {
                        self.state = State::Finished;
                    }
                    return item;
                }
                State::Finished => return None,
            }
        }
    }
}

impl<R, T> std::iter::FusedIterator for ParStream<R, T>
where
    R: io::Read + Send + 'static,
    T: StreamElement + Send + 'static,
{
}

impl<R, T> Drop for Pipeline<R, T> {
    fn drop(&mut self) {
        self.shared.stop();
    }
}

enum Next<R, T> {
    Values,
    Replay(Box<Sequential<R, T>>),
}

/// What the batch being yielded gives next.
enum Taken<R, T> {
    Value(T),
    /// An element that is not a valid `T`: the sequential stream from it on.
    Replay(Box<Sequential<R, T>>),
    /// The sequential stream, resumed before the elements already yielded, did not yield
    /// them again: what it yielded instead, the stream's last item.
    Last(Option<Result<T>>),
}

impl<R: io::Read, T: StreamElement> Pipeline<R, T> {
    /// The next value of the current batch, made from its tape (or its bytes, where the tape
    /// cannot give it); `None` once the batch is done (or if there is none).
    fn next_value(&mut self) -> Option<Taken<R, T>> {
        let (batch, next) = self.current.as_mut()?;
        let i = *next;
        if i == batch.spans.len() {
            let (batch, _) = self.current.take()?;
            batch.recycle(&self.recycle);
            return None;
        }
        *next += 1;
        let value = batch
            .tape
            .element(i, &batch.bytes)
            .or_else(|| self.decoding.decode_one(batch, i));
        if let Some(value) = value {
            return Some(Taken::Value(value));
        }
        let (batch, _) = self.current.take()?;
        let mut sequential = self.replay(batch.resume, batch.bytes);
        for _ in 0..i {
            match sequential.next() {
                Some(Ok(_)) => {}
                other => return Some(Taken::Last(other)),
            }
        }
        Some(Taken::Replay(Box::new(sequential)))
    }

    /// Takes the next batch, to yield its values; `None` after the last one.
    fn next_batch(&mut self) -> Option<Next<R, T>> {
        self.shared.release(std::mem::take(&mut self.held));
        match self.next_message() {
            Framed::Batch(slot) => {
                let Decoded { batch, outcome } = self.resolve(&slot);
                match outcome {
                    Ok(()) => {
                        self.held = batch.in_flight;
                        self.current = Some((Box::new(batch), 0));
                        Some(Next::Values)
                    }
                    Err(Failure::Invalid) => Some(Next::Replay(Box::new(
                        self.replay(batch.resume, batch.bytes),
                    ))),
                    Err(Failure::Panicked(payload)) => panic::resume_unwind(payload),
                }
            }
            Framed::Rest(rest) => self
                .after_batches(rest)
                .map(|sequential| Next::Replay(Box::new(sequential))),
        }
    }

    /// What comes after the last batch: nothing if the input was read to its end, else the
    /// sequential stream from where the reading thread stopped.
    pub(crate) fn after_batches(&mut self, rest: Rest<R>) -> Option<Sequential<R, T>> {
        if rest.complete {
            return None;
        }
        let Rest {
            resume,
            bytes: [held, unread],
            error,
            input,
            ..
        } = rest;
        let replay = Replay::new(VecDeque::from([held, unread]), error, input);
        Some(self.sequential(resume, replay))
    }

    /// The next message of the reading thread, in document order: received ahead, or now.
    /// The reading thread always ends with its [`Rest`], unless it panicked (in a `read` of
    /// the input): then the panic goes on here.
    pub(crate) fn next_message(&mut self) -> Framed<R> {
        if let Some(slot) = self.pending.pop_front() {
            return Framed::Batch(slot);
        }
        if let Some(rest) = self.rest.take() {
            return Framed::Rest(rest);
        }
        match self.framed.recv() {
            Ok(framed) => framed,
            Err(_) => match self.reading.take().map(JoinHandle::join) {
                Some(Err(payload)) => panic::resume_unwind(payload),
                _ => unreachable!("the reading thread ended without its rest"),
            },
        }
    }

    /// The batch of `slot`, decoded: here if no thread has claimed it, else by the thread
    /// that did, while this one decodes the batches after it that no thread has claimed.
    fn resolve(&mut self, slot: &Slot) -> Decoded {
        loop {
            if let Some(batch) = slot.claim() {
                slot.record(batch, &self.decoding);
            }
            if let Some(decoded) = slot.take(false) {
                return decoded;
            }
            if !self.help() {
                return slot.take(true).expect("a claimed batch is decoded");
            }
        }
    }

    /// Decodes the first batch received ahead that no thread has claimed; false if there is
    /// none.
    fn help(&mut self) -> bool {
        while self.rest.is_none() {
            match self.framed.try_recv() {
                Ok(Framed::Batch(slot)) => self.pending.push_back(slot),
                Ok(Framed::Rest(rest)) => self.rest = Some(rest),
                Err(_) => break,
            }
        }
        for slot in &self.pending {
            if let Some(batch) = slot.claim() {
                slot.record(batch, &self.decoding);
                return true;
            }
        }
        false
    }

    /// Stops the other threads and reads on sequentially from `resume`, where `bytes` (and
    /// then the bytes of every later batch) start.
    pub(crate) fn replay(&mut self, resume: Resume, bytes: Vec<u8>) -> Sequential<R, T> {
        self.shared.stop();
        let mut chunks = VecDeque::from([bytes]);
        loop {
            match self.next_message() {
                Framed::Batch(slot) => {
                    let batch = match slot.claim() {
                        Some(batch) => batch,
                        None => slot.take(true).expect("a claimed batch is decoded").batch,
                    };
                    chunks.push_back(batch.bytes);
                }
                Framed::Rest(rest) => {
                    chunks.extend(rest.bytes);
                    let replay = Replay::new(chunks, rest.error, rest.input);
                    return self.sequential(resume, replay);
                }
            }
        }
    }

    /// The sequential stream of the same shape over `replay`, resumed at `resume`.
    fn sequential(&mut self, resume: Resume, replay: Replay<R>) -> Sequential<R, T> {
        self.shared.stop();
        let options = &self.options;
        let limit = options.limits.max_document_len;
        let src = IoRead::resume(replay, options.window_size, limit, resume.position);
        Resumed::new(options, &self.shape, resume.nesting, src)
    }
}

/// The reading thread: frames the elements of the input into batches for the decoders.
struct Reading<R> {
    shape: Shape,
    options: ReaderOptions,
    /// A batch is cut after the element that makes it this long.
    batch_bytes: usize,
    shared: Arc<Shared>,
    jobs: Sender<Arc<Slot>>,
    framed: Sender<Framed<R>>,
    recycled: Receiver<Batch>,
}

/// The reader of the reading thread: every byte it consumes goes to the current batch.
type BatchReader<'a, R> = JsonReader<Tapped<'a, IoRead<Stashing<R>>, Vec<u8>>>;

impl<R: io::Read> Reading<R> {
    fn run(mut self, input: R) {
        let limits = self.options.limits;
        let mut src = IoRead::new(
            Stashing::new(input),
            self.options.window_size,
            limits.max_document_len,
        );
        let (complete, resume, held) = self.frame(&mut src);
        let (unread, stashing) = src.into_parts();
        let (input, error) = stashing.into_parts();
        let rest = Rest {
            complete,
            resume,
            bytes: [held, unread],
            error,
            input,
        };
        // The stream may be gone: then nobody wants the rest.
        let _ = self.framed.send(Framed::Rest(rest));
    }

    /// Frames elements into batches and sends them, until the end of the input (true), an
    /// error, the end of the input inside an element, or the stream stopping (false); returns
    /// where the bytes not sent start, and those bytes.
    fn frame(&mut self, src: &mut IoRead<Stashing<R>>) -> (bool, Resume, Vec<u8>) {
        let mut json = JsonReader::with_source(Tapped::new(src, Vec::new()), self.options.limits);
        let mut walk = match &self.shape {
            Shape::Elements(walk) => Some(walk.clone()),
            Shape::Values => None,
        };
        let mut batch = Batch {
            seq: 0,
            bytes: Vec::new(),
            spans: Vec::new(),
            depth: 0,
            resume: Resume::START,
            tape: Tape::default(),
            in_flight: 0,
        };
        // The offset of the batch's first byte.
        let mut start = 0;
        let ended = loop {
            if self.shared.stopped() {
                break false;
            }
            let more = match &mut walk {
                Some(walk) => walk.next_item(&mut json),
                None => json.next_document().map(|first| first.is_some()),
            };
            match more {
                Ok(true) => {}
                Ok(false) => break true,
                Err(_) => break false,
            }
            if walk.is_some() && !json.in_object() {
                // The elements of an array: as many as fit in the batch, in one scan.
                let cut = start + self.batch_bytes as u64;
                let Ok(true) = json.frame_elements(cut, start, &mut batch.spans) else {
                    break false;
                };
            } else {
                let Ok(Some(element)) = json.frame_value() else {
                    break false;
                };
                batch
                    .spans
                    .push((element.start - start) as usize..(element.end - start) as usize);
            }
            batch.depth = json.depth();
            if json.offset() - start >= self.batch_bytes as u64
                && !self.send(&mut json, &mut batch, &mut start)
            {
                break false;
            }
        };
        let complete =
            ended && (batch.spans.is_empty() || self.send(&mut json, &mut batch, &mut start));
        let held = cut(&mut json, Vec::new());
        (complete, batch.resume, held)
    }

    /// Cuts `batch` where `json` is, sends it to the decoders, and starts the next one in its
    /// place; false if the stream is gone.
    fn send(&mut self, json: &mut BatchReader<'_, R>, batch: &mut Batch, start: &mut u64) -> bool {
        let window = self.options.window_size;
        let mut next = self
            .recycled
            .try_recv()
            .ok()
            // A batch grown by a large element goes, rather than stay at its size.
            .filter(|next| {
                let usual = usual_batch_bytes(self.batch_bytes, window);
                next.bytes.capacity() <= usual
                    && next.tape.heap_bytes() <= MAX_TAPE_PER_BYTE * usual
            })
            .unwrap_or_else(|| Batch {
                // A batch is cut after the element that makes it `batch_bytes` long; the bytes
                // come a window at most at a time.
                seq: 0,
                bytes: Vec::with_capacity(self.batch_bytes + window),
                spans: Vec::new(),
                depth: 0,
                resume: Resume::START,
                tape: Tape::default(),
                in_flight: 0,
            });
        // The spans are pushed one at a time, into a recycled batch read on other cores.
        sweep(&mut next.spans, batch.spans.len(), 0..0);
        let resume = Resume {
            position: json.position(),
            nesting: Some(json.nesting_snapshot()),
        };
        *start = json.offset();
        let mut full = Batch {
            seq: batch.seq,
            bytes: cut(json, next.bytes),
            spans: std::mem::replace(&mut batch.spans, next.spans),
            depth: batch.depth,
            resume: std::mem::replace(&mut batch.resume, resume),
            tape: std::mem::take(&mut next.tape),
            in_flight: 0,
        };
        batch.seq += 1;
        full.in_flight = self.shared.with_tape(full.bytes.len());
        self.shared.reserve(full.in_flight);
        let slot = Arc::new(Slot::new(full));
        self.framed.send(Framed::Batch(Arc::clone(&slot))).is_ok() && self.jobs.send(slot).is_ok()
    }
}

/// The most bytes a batch holds unless one of its elements is outsized: a batch is cut after
/// the element that makes it `batch_bytes` long, and the bytes come a window at most at a time.
fn usual_batch_bytes(batch_bytes: usize, window: usize) -> usize {
    2 * batch_bytes + window
}

/// The bytes `json` consumed since the last cut; `next` takes them from here on.
fn cut<R: io::Read>(json: &mut BatchReader<'_, R>, next: Vec<u8>) -> Vec<u8> {
    match json.source_mut().cut(next) {
        Ok(bytes) => bytes,
        Err(_) => unreachable!("writing to a Vec does not fail"),
    }
}
