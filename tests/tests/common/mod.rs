//! Helpers shared by the integration tests: chunked readers, a lazy document generator, a
//! counting allocator, comparable snapshots of results, errors and token streams.
//!
//! Every test binary includes this module with `mod common;` and uses a part of it.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jsonstream::{Category, LimitKind};

// ---------------------------------------------------------------------------------------------
// Chunked readers
// ---------------------------------------------------------------------------------------------

/// Returns at most one byte per `read` call.
#[derive(Debug)]
pub struct OneByteReader<R> {
    inner: R,
}

impl<R: Read> OneByteReader<R> {
    pub fn new(inner: R) -> Self {
        OneByteReader { inner }
    }
}

impl<R: Read> Read for OneByteReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.inner.read(&mut buf[..1])
    }
}

/// Fails every other call (starting with the first) with `ErrorKind::Interrupted`; the calls in
/// between are passed to the inner reader.
#[derive(Debug)]
pub struct InterruptedReader<R> {
    inner: R,
    interrupt_next: bool,
    /// How many `Interrupted` errors were returned, to prove the reader was exercised.
    pub interruptions: usize,
}

impl<R: Read> InterruptedReader<R> {
    pub fn new(inner: R) -> Self {
        InterruptedReader {
            inner,
            interrupt_next: true,
            interruptions: 0,
        }
    }
}

impl<R: Read> Read for InterruptedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.interrupt_next {
            self.interrupt_next = false;
            self.interruptions += 1;
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "interrupted (test)",
            ));
        }
        self.interrupt_next = true;
        self.inner.read(buf)
    }
}

/// Short reads: call `i` returns at most `sizes[i % sizes.len()]` bytes. Sizes of 0 are read as
/// 1 (a 0-byte read would mean end of input).
#[derive(Debug)]
pub struct ShortReader<R> {
    inner: R,
    sizes: Vec<usize>,
    next: usize,
}

impl<R: Read> ShortReader<R> {
    pub fn new(inner: R, sizes: &[usize]) -> Self {
        let mut sizes: Vec<usize> = sizes.iter().map(|&s| s.max(1)).collect();
        if sizes.is_empty() {
            sizes.push(1);
        }
        ShortReader {
            inner,
            sizes,
            next: 0,
        }
    }
}

impl<R: Read> Read for ShortReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(buf.len());
        self.inner.read(&mut buf[..n])
    }
}

/// Passes `ok_bytes` bytes through, then fails with a non-retryable error of kind `Other`.
#[derive(Debug)]
pub struct FailingReader<R> {
    inner: R,
    remaining: usize,
}

/// The message of the error [`FailingReader`] returns.
pub const FAILING_READER_MESSAGE: &str = "the disk is on fire (test)";

impl<R: Read> FailingReader<R> {
    pub fn new(inner: R, ok_bytes: usize) -> Self {
        FailingReader {
            inner,
            remaining: ok_bytes,
        }
    }
}

impl<R: Read> Read for FailingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            return Err(io::Error::other(FAILING_READER_MESSAGE));
        }
        let n = self.remaining.min(buf.len());
        let n = self.inner.read(&mut buf[..n])?;
        if n == 0 {
            return Err(io::Error::other(FAILING_READER_MESSAGE));
        }
        self.remaining -= n;
        Ok(n)
    }
}

/// A way of cutting an input into `read` results, for chunk-invariance tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// The plain `&[u8]` reader: everything it is asked for.
    Whole,
    /// One byte per call.
    OneByte,
    /// `Interrupted` every other call, otherwise everything asked for.
    Interrupted,
    /// `Interrupted` every other call, one byte otherwise.
    InterruptedOneByte,
    /// Short reads of these sizes, cycled.
    Sizes(Vec<usize>),
    /// Short reads of these sizes, cycled, with `Interrupted` every other call.
    InterruptedSizes(Vec<usize>),
}

impl Schedule {
    /// A reader over `data` that follows this schedule.
    pub fn reader<'a>(&self, data: &'a [u8]) -> Box<dyn Read + 'a> {
        match self {
            Schedule::Whole => Box::new(data),
            Schedule::OneByte => Box::new(OneByteReader::new(data)),
            Schedule::Interrupted => Box::new(InterruptedReader::new(data)),
            Schedule::InterruptedOneByte => {
                Box::new(InterruptedReader::new(OneByteReader::new(data)))
            }
            Schedule::Sizes(sizes) => Box::new(ShortReader::new(data, sizes)),
            Schedule::InterruptedSizes(sizes) => {
                Box::new(InterruptedReader::new(ShortReader::new(data, sizes)))
            }
        }
    }

    /// The fixed schedules every chunk-invariance test runs.
    pub fn fixed() -> Vec<Schedule> {
        vec![
            Schedule::Whole,
            Schedule::OneByte,
            Schedule::Interrupted,
            Schedule::InterruptedOneByte,
            Schedule::Sizes(vec![2, 3, 1, 7]),
            Schedule::InterruptedSizes(vec![5, 1, 13]),
        ]
    }
}

/// Reads everything from `r`, retrying `Interrupted`, into a `Vec` (for checking the readers).
pub fn read_all(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A lazily generated large document
// ---------------------------------------------------------------------------------------------

/// First record id; all ids have 10 digits for any document below ~800 GB, so records have a
/// fixed length.
pub const FIRST_RECORD_ID: u64 = 1_000_000_000;

/// A `Read` that produces `[record, record, ...]` of at least `target_len` bytes, one record at
/// a time, never holding more than a few KiB.
///
/// Record `i` is
/// `{"id":<FIRST_RECORD_ID+i>,"name":"rec-<id>","flags":[true,false,null],"score":0.5,"text":"a\"b\\c\n\u00e9😀"}`
/// (the text decodes to `a"b\c` newline `é😀`).
#[derive(Debug)]
pub struct RecordArrayReader {
    target_len: u64,
    produced: u64,
    records: u64,
    buf: Vec<u8>,
    pos: usize,
    state: GenState,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum GenState {
    Start,
    Records,
    Closed,
}

/// The decoded `text` field of every generated record.
pub const RECORD_TEXT: &str = "a\"b\\c\n\u{e9}\u{1F600}";

impl RecordArrayReader {
    pub fn new(target_len: u64) -> Self {
        RecordArrayReader {
            target_len,
            produced: 0,
            records: 0,
            buf: Vec::with_capacity(16 * 1024),
            pos: 0,
            state: GenState::Start,
        }
    }

    /// Records produced so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    fn push_record(&mut self) {
        let id = FIRST_RECORD_ID + self.records;
        if self.records > 0 {
            self.buf.push(b',');
        }
        let mut digits = [0u8; 20];
        let mut n = id;
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let digits = &digits[i..];
        self.buf.extend_from_slice(b"{\"id\":");
        self.buf.extend_from_slice(digits);
        self.buf.extend_from_slice(b",\"name\":\"rec-");
        self.buf.extend_from_slice(digits);
        self.buf.extend_from_slice(
            "\",\"flags\":[true,false,null],\"score\":0.5,\"text\":\"a\\\"b\\\\c\\n\\u00e9\u{1F600}\"}"
                .as_bytes(),
        );
        self.records += 1;
    }

    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        match self.state {
            GenState::Start => {
                self.buf.push(b'[');
                self.state = GenState::Records;
            }
            GenState::Records => {
                let mut planned = self.produced;
                while self.buf.len() < 8 * 1024 {
                    if planned >= self.target_len {
                        self.buf.push(b']');
                        self.state = GenState::Closed;
                        break;
                    }
                    let before = self.buf.len();
                    self.push_record();
                    planned += (self.buf.len() - before) as u64;
                }
            }
            GenState::Closed => {}
        }
    }
}

impl Read for RecordArrayReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.state == GenState::Closed {
                return Ok(0);
            }
            self.refill();
        }
        let n = (self.buf.len() - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        self.produced += n as u64;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------------
// Huge documents for the memory tests
// ---------------------------------------------------------------------------------------------

/// Size of the generated document: `JSONSTREAM_MEMORY_TEST_BYTES`, default 1 GiB.
pub fn target_bytes() -> u64 {
    std::env::var("JSONSTREAM_MEMORY_TEST_BYTES")
        .ok()
        .map(|s| {
            s.trim()
                .parse()
                .expect("JSONSTREAM_MEMORY_TEST_BYTES is a number")
        })
        .unwrap_or(1 << 30)
}

/// `"` + at least `len` bytes of text with escapes and multi-byte UTF-8 (whole repetitions of
/// a pattern) + `"`, generated lazily.
pub struct HugeString {
    body_len: u64,
    pos: u64,
}

pub const PATTERN: &[u8] = "abc \\\"q\\\" \\n é€😀 \\u00e9 \\ud83d\\ude00 xyz\\\\ ".as_bytes();

pub fn huge_string(len: u64) -> HugeString {
    let p = PATTERN.len() as u64;
    HugeString {
        body_len: len.div_ceil(p) * p,
        pos: 0,
    }
}

impl Read for HugeString {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let total = self.body_len + 2;
        if self.pos >= total || out.is_empty() {
            return Ok(0);
        }
        if self.pos == 0 || self.pos == total - 1 {
            out[0] = b'"';
            self.pos += 1;
            return Ok(1);
        }
        let body_pos = self.pos - 1;
        let p = (body_pos % PATTERN.len() as u64) as usize;
        let n = (PATTERN.len() - p)
            .min(out.len())
            .min((self.body_len - body_pos) as usize);
        out[..n].copy_from_slice(&PATTERN[p..p + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------------

/// Holds the lock that makes the measuring tests of one binary run one at a time (each binary
/// compiles this module, so each has its own lock).
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A global allocator over [`System`] that counts the bytes currently allocated and the peak.
///
/// Only the test binary that measures memory installs it:
/// `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc::new();`
pub struct CountingAlloc {
    current: AtomicUsize,
    peak: AtomicUsize,
}

impl CountingAlloc {
    pub const fn new() -> Self {
        CountingAlloc {
            current: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// Bytes allocated now.
    pub fn current(&self) -> usize {
        self.current.load(Ordering::SeqCst)
    }

    /// Highest number of bytes allocated at once since the last [`reset_peak`](Self::reset_peak).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// Sets the peak to the current allocation and returns it (the baseline of a measurement).
    pub fn reset_peak(&self) -> usize {
        let now = self.current();
        self.peak.store(now, Ordering::SeqCst);
        now
    }

    fn added(&self, size: usize) {
        let now = self.current.fetch_add(size, Ordering::SeqCst) + size;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    fn removed(&self, size: usize) {
        self.current.fetch_sub(size, Ordering::SeqCst);
    }
}

impl Default for CountingAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract holds exactly as it does for `System`; the counters are side effects.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            self.added(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            self.added(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) };
        self.removed(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            self.added(new_size);
            self.removed(layout.size());
        }
        p
    }
}

// ---------------------------------------------------------------------------------------------
// Comparable snapshots
// ---------------------------------------------------------------------------------------------

/// Everything an error says, in a comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrInfo {
    pub category: Category,
    pub limit: Option<LimitKind>,
    pub offset: u64,
    pub line: u64,
    pub column: u64,
    pub path: String,
    pub display: String,
}

impl From<&jsonstream::Error> for ErrInfo {
    fn from(e: &jsonstream::Error) -> Self {
        ErrInfo {
            category: e.category(),
            limit: e.limit(),
            offset: e.offset(),
            line: e.line(),
            column: e.column(),
            path: e.path().to_owned(),
            display: e.to_string(),
        }
    }
}

impl From<jsonstream::Error> for ErrInfo {
    fn from(e: jsonstream::Error) -> Self {
        ErrInfo::from(&e)
    }
}

/// A result with its error turned into an [`ErrInfo`].
pub fn snap<T>(r: jsonstream::Result<T>) -> Result<T, ErrInfo> {
    r.map_err(ErrInfo::from)
}

/// An owned [`jsonstream::Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Key(String),
    Str(String),
    Num(String),
    Bool(bool),
    Null,
}

impl From<&jsonstream::Token<'_>> for Tok {
    fn from(t: &jsonstream::Token<'_>) -> Self {
        use jsonstream::Token;
        match t {
            Token::BeginObject => Tok::BeginObject,
            Token::EndObject => Tok::EndObject,
            Token::BeginArray => Tok::BeginArray,
            Token::EndArray => Tok::EndArray,
            Token::Key(k) => Tok::Key((*k).to_owned()),
            Token::String(s) => Tok::Str((*s).to_owned()),
            Token::Number(n) => Tok::Num((*n).to_owned()),
            Token::Bool(b) => Tok::Bool(*b),
            Token::Null => Tok::Null,
        }
    }
}

/// A token with the reader's offset, line and column right after it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokAt {
    pub tok: Tok,
    pub offset: u64,
    pub line: u64,
    pub column: u64,
}

/// The whole token stream of a reader: the tokens and, if reading failed, the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRun {
    pub tokens: Vec<TokAt>,
    pub error: Option<ErrInfo>,
}

impl TokenRun {
    pub fn toks(&self) -> Vec<Tok> {
        self.tokens.iter().map(|t| t.tok.clone()).collect()
    }
}

/// Calls `next_token` on a `JsonReader` until it returns `None` or an error (at most `limit`
/// tokens, so a reader that never ends fails the test instead of hanging it). Evaluates to a
/// [`TokenRun`].
#[macro_export]
macro_rules! token_run {
    ($reader:expr) => {
        $crate::token_run!($reader, 50_000_000usize)
    };
    ($reader:expr, $limit:expr) => {{
        #[allow(unused_mut)]
        let mut reader = $reader;
        let mut tokens = ::std::vec::Vec::new();
        let limit: usize = $limit;
        let error = loop {
            let step = match reader.next_token() {
                Ok(Some(t)) => Ok(Some($crate::common::Tok::from(&t))),
                Ok(None) => Ok(None),
                Err(e) => Err($crate::common::ErrInfo::from(&e)),
            };
            match step {
                Ok(Some(tok)) => {
                    tokens.push($crate::common::TokAt {
                        tok,
                        offset: reader.offset(),
                        line: reader.line(),
                        column: reader.column(),
                    });
                    assert!(tokens.len() <= limit, "more than {} tokens", limit);
                }
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        $crate::common::TokenRun { tokens, error }
    }};
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// Compares two `serde_json::Value`s exactly: numbers must have the same representation
/// (u64, i64 or f64) and floats the same bits. Returns a description of the first difference.
pub fn value_diff(a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    fn walk(a: &serde_json::Value, b: &serde_json::Value, path: &mut String) -> Option<String> {
        use serde_json::Value as V;
        match (a, b) {
            (V::Null, V::Null) => None,
            (V::Bool(x), V::Bool(y)) if x == y => None,
            (V::String(x), V::String(y)) if x == y => None,
            (V::Number(x), V::Number(y)) => {
                let same = match (x.as_u64(), y.as_u64()) {
                    (Some(p), Some(q)) => p == q,
                    (None, None) => match (x.as_i64(), y.as_i64()) {
                        (Some(p), Some(q)) => p == q,
                        (None, None) => match (x.as_f64(), y.as_f64()) {
                            (Some(p), Some(q)) => p.to_bits() == q.to_bits(),
                            _ => false,
                        },
                        _ => false,
                    },
                    _ => false,
                };
                if same && x.is_f64() == y.is_f64() {
                    None
                } else {
                    Some(format!("{path}: number {x:?} vs {y:?}"))
                }
            }
            (V::Array(x), V::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path}: array of {} vs {}", x.len(), y.len()));
                }
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    if let Some(d) = walk(p, q, path) {
                        return Some(d);
                    }
                    path.truncate(len);
                }
                None
            }
            (V::Object(x), V::Object(y)) => {
                let kx: Vec<&String> = x.keys().collect();
                let ky: Vec<&String> = y.keys().collect();
                if kx != ky {
                    return Some(format!("{path}: keys {kx:?} vs {ky:?}"));
                }
                for (k, p) in x {
                    let len = path.len();
                    let _ = write!(path, "[{k:?}]");
                    if let Some(d) = walk(p, &y[k], path) {
                        return Some(d);
                    }
                    path.truncate(len);
                }
                None
            }
            _ => Some(format!("{path}: {a} vs {b}")),
        }
    }
    walk(a, b, &mut String::from("$"))
}

/// Asserts [`value_diff`] finds no difference.
#[track_caller]
pub fn assert_same_value(actual: &serde_json::Value, expected: &serde_json::Value, what: &str) {
    if let Some(d) = value_diff(actual, expected) {
        panic!("{what}: values differ at {d}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSONTestSuite
// ---------------------------------------------------------------------------------------------

/// The vendored `JSONTestSuite/test_parsing` folder.
pub fn test_suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/JSONTestSuite/test_parsing")
}

/// `(file name, contents)` of the suite files whose name starts with `prefix`, sorted by name.
pub fn suite_files(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = test_suite_dir();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            if name.starts_with(prefix) && name.ends_with(".json") {
                let bytes = std::fs::read(&path).expect("read test file");
                Some((name, bytes))
            } else {
                None
            }
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {prefix}*.json in {}", dir.display());
    files
}

/// Panics with all `failures`, one a line, if there are any.
#[track_caller]
pub fn assert_no_failures(what: &str, failures: &[String]) {
    if !failures.is_empty() {
        panic!(
            "{what}: {} failure(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------------------------

/// Standard base64 with padding (RFC 4648 section 4).
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        if chunk.len() > 1 {
            out.push(ALPHABET[(n >> 6) as usize & 63] as char);
        } else {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(ALPHABET[n as usize & 63] as char);
        } else {
            out.push('=');
        }
    }
    out
}

/// Line (1-based) and column (1-based, in bytes) of byte `offset` of `input`.
pub fn line_col(input: &[u8], offset: usize) -> (u64, u64) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (offset - line_start) as u64 + 1)
}

/// Proptest configuration: `cases` cases (proptest's `proptest!` lets `PROPTEST_CASES` from
/// the environment override it), no regression files (a failure prints its minimal input).
pub fn config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// Proptest configuration for expensive properties run by a `TestRunner` of their own: the
/// number of cases is `JSONSTREAM_LARGE_CASES` from the environment, else `default`
/// (`PROPTEST_CASES` does not apply, so that raising it for the cheap properties stays
/// affordable).
pub fn config_large(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("JSONSTREAM_LARGE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    config(cases)
}

/// The window sizes every reader test runs: 1..=8, some odd sizes, and the default (`None`).
pub fn windows() -> Vec<Option<usize>> {
    let mut w: Vec<Option<usize>> = (1..=8).map(Some).collect();
    w.extend([Some(13), Some(64), None]);
    w
}

/// Reader options with window `w` (`None`: the default window).
pub fn options(w: Option<usize>) -> jsonstream::ReaderOptions {
    match w {
        Some(w) => jsonstream::ReaderOptions::new().window_size(w),
        None => jsonstream::ReaderOptions::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Generators (proptest)
// ---------------------------------------------------------------------------------------------

/// Generators of JSON documents for property tests.
pub mod gen {
    use proptest::collection::vec;
    use proptest::prelude::*;
    use serde_json::{Number, Value};

    /// Characters of strings: mostly ASCII, with controls, quotes, backslashes, the BMP edges,
    /// line separators and astral characters.
    pub fn arb_char() -> impl Strategy<Value = char> {
        prop_oneof![
            6 => proptest::char::range('a', 'z'),
            2 => any::<char>(),
            1 => proptest::char::range('\0', '\x1f'),
            2 => prop::sample::select(vec![
                '"', '\\', '/', ' ', '\u{7f}', '\u{80}', '\u{e9}', '\u{7ff}', '\u{800}',
                '\u{d7ff}', '\u{e000}', '\u{fffd}', '\u{ffff}', '\u{2028}', '\u{2029}',
                '\u{10000}', '\u{1F600}', '\u{10FFFF}',
            ]),
            1 => proptest::char::range('\u{10000}', '\u{10FFFF}'),
        ]
    }

    /// Strings of [`arb_char`].
    pub fn arb_string() -> impl Strategy<Value = String> {
        vec(arb_char(), 0..12).prop_map(|chars| chars.into_iter().collect())
    }

    /// Numbers serde_json can hold: u64, i64 and finite f64 of every size.
    pub fn arb_number() -> impl Strategy<Value = Number> {
        prop_oneof![
            any::<u64>().prop_map(Number::from),
            any::<i64>().prop_map(Number::from),
            (0u64..1000).prop_map(Number::from),
            prop::sample::select(vec![
                u64::MAX,
                u64::MAX - 1,
                i64::MAX as u64,
                i64::MAX as u64 + 1,
                1 << 53,
                (1 << 53) + 1,
            ])
            .prop_map(Number::from),
            prop::sample::select(vec![i64::MIN, i64::MIN + 1, -1, -(1 << 53) - 1])
                .prop_map(Number::from),
            any::<f64>().prop_filter_map("finite", Number::from_f64),
            (-1000i32..1000, -330i32..310).prop_filter_map("finite", |(m, e)| {
                Number::from_f64(f64::from(m) * 10f64.powi(e))
            }),
            prop::sample::select(vec![
                0.0,
                -0.0,
                0.1,
                0.5,
                1.5,
                f64::MIN_POSITIVE,
                5e-324,
                f64::MAX,
                f64::MIN,
                f64::EPSILON,
                1e21,
                1e22,
                9007199254740993.0,
            ])
            .prop_filter_map("finite", Number::from_f64),
        ]
    }

    /// Nested `serde_json::Value`s.
    pub fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            arb_number().prop_map(Value::Number),
            arb_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..8).prop_map(Value::Array),
                vec((arb_string(), inner), 0..8)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    /// Text of a JSON number: sign, integer part, fraction and exponent of every length
    /// (also more than 19 digits, exponents with leading zeros, and edge values).
    pub fn arb_number_text() -> impl Strategy<Value = String> {
        let int = prop_oneof![
            1 => Just("0".to_owned()),
            3 => "[1-9][0-9]{0,5}",
            3 => "[1-9][0-9]{14,30}",
        ];
        let frac = prop::option::of(prop_oneof!["[0-9]{1,3}", "[0-9]{15,30}"]);
        let exp = prop::option::of((
            prop::sample::select(vec!["e", "E"]),
            prop::sample::select(vec!["", "+", "-"]),
            prop_oneof![4 => "[0-9]{1,3}", 1 => "0{0,20}[0-9]{1,4}"],
        ));
        let generated = (any::<bool>(), int, frac, exp).prop_map(|(neg, int, frac, exp)| {
            let mut s = String::new();
            if neg {
                s.push('-');
            }
            s.push_str(&int);
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some((e, sign, digits)) = exp {
                s.push_str(e);
                s.push_str(sign);
                s.push_str(&digits);
            }
            s
        });
        let edges = prop::sample::select(vec![
            "0",
            "-0",
            "0.0",
            "-0.0e0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "9223372036854775807",
            "9223372036854775808",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
            "9007199254740993",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "-1e309",
            "1e-400",
            "0.30000000000000004",
            "123456789012345678901234567890e-10",
            "0.000000000000000000000000000000000000001e39",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "7.2057594037927933e16",
            "1e0000000000000000000000001",
            "-1E-0",
        ])
        .prop_map(str::to_owned);
        prop_oneof![4 => generated, 1 => edges]
    }

    /// A JSON document as a tree with its number texts, so that it can be written with any
    /// number spelling, whitespace and escape style.
    #[derive(Debug, Clone)]
    pub enum Doc {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Doc>),
        /// Members in order; keys may repeat.
        Obj(Vec<(String, Doc)>),
    }

    /// Documents with number texts from [`arb_number_text`], strings from [`arb_string`].
    pub fn arb_doc() -> impl Strategy<Value = Doc> {
        let leaf = prop_oneof![
            Just(Doc::Null),
            any::<bool>().prop_map(Doc::Bool),
            arb_number_text().prop_map(Doc::Num),
            arb_string().prop_map(Doc::Str),
        ];
        leaf.prop_recursive(6, 48, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Doc::Arr),
                vec((arb_string(), inner), 0..6).prop_map(Doc::Obj),
            ]
        })
    }

    /// Style choices for [`Doc::write`]: whitespace and escaping, consumed in turn (cycled).
    pub fn arb_style() -> impl Strategy<Value = Vec<u8>> {
        vec(any::<u8>(), 1..32)
    }

    struct Styles<'a> {
        bytes: &'a [u8],
        next: usize,
    }

    impl Styles<'_> {
        fn next(&mut self) -> u8 {
            let b = self.bytes[self.next % self.bytes.len()];
            self.next += 1;
            b
        }

        fn ws(&self, out: &mut Vec<u8>, choice: u8) {
            // Mostly nothing; sometimes some of the four JSON whitespace bytes.
            if choice < 160 {
                return;
            }
            let ws: &[u8] = match choice % 6 {
                0 => b" ",
                1 => b"\n",
                2 => b"\t",
                3 => b"\r\n",
                4 => b"  \n   ",
                _ => b" \t\r\n",
            };
            out.extend_from_slice(ws);
        }
    }

    fn write_str(s: &str, styles: &mut Styles<'_>, out: &mut Vec<u8>) {
        out.push(b'"');
        for c in s.chars() {
            let choice = styles.next();
            let short = choice.is_multiple_of(2);
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\x08' if short => out.extend_from_slice(b"\\b"),
                '\x0c' if short => out.extend_from_slice(b"\\f"),
                '\n' if short => out.extend_from_slice(b"\\n"),
                '\r' if short => out.extend_from_slice(b"\\r"),
                '\t' if short => out.extend_from_slice(b"\\t"),
                '/' if short => out.extend_from_slice(b"\\/"),
                c if (c as u32) < 0x20 || choice % 4 == 1 => {
                    // \u escapes, as surrogate pairs for astral characters, in either case.
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let esc = if choice % 8 < 4 {
                            format!("\\u{unit:04x}")
                        } else {
                            format!("\\u{unit:04X}")
                        };
                        out.extend_from_slice(esc.as_bytes());
                    }
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        out.push(b'"');
    }

    impl Doc {
        /// The document as JSON text, with whitespace and escapes chosen by `style`.
        pub fn write(&self, style: &[u8]) -> Vec<u8> {
            let mut styles = Styles {
                bytes: if style.is_empty() { &[0] } else { style },
                next: 0,
            };
            let mut out = Vec::new();
            let c = styles.next();
            styles.ws(&mut out, c);
            self.write_into(&mut styles, &mut out);
            let c = styles.next();
            styles.ws(&mut out, c);
            out
        }

        fn write_into(&self, styles: &mut Styles<'_>, out: &mut Vec<u8>) {
            match self {
                Doc::Null => out.extend_from_slice(b"null"),
                Doc::Bool(true) => out.extend_from_slice(b"true"),
                Doc::Bool(false) => out.extend_from_slice(b"false"),
                Doc::Num(n) => out.extend_from_slice(n.as_bytes()),
                Doc::Str(s) => write_str(s, styles, out),
                Doc::Arr(items) => {
                    out.push(b'[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        let c = styles.next();
                        styles.ws(out, c);
                        item.write_into(styles, out);
                        let c = styles.next();
                        styles.ws(out, c);
                    }
                    if items.is_empty() {
                        let c = styles.next();
                        styles.ws(out, c);
                    }
                    out.push(b']');
                }
                Doc::Obj(members) => {
                    out.push(b'{');
                    for (i, (k, v)) in members.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        let c = styles.next();
                        styles.ws(out, c);
                        write_str(k, styles, out);
                        let c = styles.next();
                        styles.ws(out, c);
                        out.push(b':');
                        let c = styles.next();
                        styles.ws(out, c);
                        v.write_into(styles, out);
                        let c = styles.next();
                        styles.ws(out, c);
                    }
                    if members.is_empty() {
                        let c = styles.next();
                        styles.ws(out, c);
                    }
                    out.push(b'}');
                }
            }
        }
    }

    /// One random edit of a document's bytes.
    #[derive(Debug, Clone)]
    pub enum Edit {
        /// Delete the byte at (position % len).
        Delete(usize),
        /// Insert a byte at (position % (len + 1)).
        Insert(usize, u8),
        /// Replace the byte at (position % len).
        Replace(usize, u8),
        /// Keep only the first (position % (len + 1)) bytes.
        Truncate(usize),
    }

    /// Bytes that are likely to matter to a JSON parser, and some that are not.
    pub fn arb_edit_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            3 => prop::sample::select(b"{}[]:,\"\\ \n0123456789-+.eEtrufalsn/".to_vec()),
            1 => any::<u8>(),
            1 => prop::sample::select(vec![0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf5, 0xff]),
        ]
    }

    pub fn arb_edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            any::<usize>().prop_map(Edit::Delete),
            (any::<usize>(), arb_edit_byte()).prop_map(|(p, b)| Edit::Insert(p, b)),
            (any::<usize>(), arb_edit_byte()).prop_map(|(p, b)| Edit::Replace(p, b)),
            any::<usize>().prop_map(Edit::Truncate),
        ]
    }

    /// Applies the edits in order.
    pub fn apply_edits(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
        for edit in edits {
            match *edit {
                Edit::Delete(p) if !bytes.is_empty() => {
                    let p = p % bytes.len();
                    bytes.remove(p);
                }
                Edit::Insert(p, b) => {
                    let p = p % (bytes.len() + 1);
                    bytes.insert(p, b);
                }
                Edit::Replace(p, b) if !bytes.is_empty() => {
                    let p = p % bytes.len();
                    bytes[p] = b;
                }
                Edit::Truncate(p) => {
                    let p = p % (bytes.len() + 1);
                    bytes.truncate(p);
                }
                _ => {}
            }
        }
        bytes
    }

    /// A document's bytes: valid (about half the time) or corrupted by up to 3 edits.
    pub fn arb_input() -> impl Strategy<Value = Vec<u8>> {
        (arb_doc(), arb_style(), vec(arb_edit(), 0..4), any::<bool>()).prop_map(
            |(doc, style, edits, keep)| {
                let bytes = doc.write(&style);
                if keep {
                    bytes
                } else {
                    apply_edits(bytes, &edits)
                }
            },
        )
    }

    /// Read-size sequences for short reads.
    pub fn arb_sizes() -> impl Strategy<Value = Vec<usize>> {
        vec(prop_oneof![3 => 1usize..4, 1 => 4usize..64], 1..8)
    }

    /// A [`Schedule`](super::Schedule) of read sizes.
    pub fn arb_schedule() -> impl Strategy<Value = super::Schedule> {
        use super::Schedule;
        prop_oneof![
            Just(Schedule::Whole),
            Just(Schedule::OneByte),
            Just(Schedule::Interrupted),
            Just(Schedule::InterruptedOneByte),
            arb_sizes().prop_map(Schedule::Sizes),
            arb_sizes().prop_map(Schedule::InterruptedSizes),
        ]
    }

    /// A window size: 1..=16 mostly, sometimes the default (`None`).
    pub fn arb_window() -> impl Strategy<Value = Option<usize>> {
        prop_oneof![4 => (1usize..=16).prop_map(Some), 1 => Just(None)]
    }
}
