//! Hardening of the reading side (faults found by fuzzing):
//!
//! 1. a limit of `usize::MAX` (or `u64::MAX` for the document) means "no limit", on every path;
//! 2. the default depth limit accepts exactly what serde_json accepts;
//! 3. what a string reader hands out before an error, and where the reader stands afterwards,
//!    do not depend on the sizes of the reads;
//! 4. `line()`/`column()` are tracked incrementally and are right at every element.
//!
//! Self-contained: the few chunked readers it needs are defined here.

use std::io::{self, Read};

use jsonstream::{Category, JsonReader, LimitKind, Limits, ReaderOptions};
use serde::de::IgnoredAny;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Chunked readers and the paths every check runs
// ---------------------------------------------------------------------------------------------

/// At most one byte per `read`.
struct OneByte<R>(R);

impl<R: Read> Read for OneByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(1);
        self.0.read(&mut buf[..n])
    }
}

/// `Interrupted` on every other call, starting with the first.
struct Interrupting<R> {
    inner: R,
    interrupt: bool,
}

impl<R: Read> Read for Interrupting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "test"));
        }
        self.inner.read(buf)
    }
}

/// Short reads: call `i` returns at most `SIZES[i % SIZES.len()]` bytes.
struct Short<R> {
    inner: R,
    next: usize,
}

const SIZES: [usize; 5] = [2, 3, 1, 7, 4];

impl<R: Read> Read for Short<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(SIZES[self.next % SIZES.len()]);
        self.next += 1;
        self.inner.read(&mut buf[..n])
    }
}

/// How the input reaches the reader, apart from the slice.
#[derive(Debug, Clone, Copy)]
enum Feed {
    /// Everything asked for.
    Whole,
    OneByte,
    /// `Interrupted` every other call, one byte otherwise.
    Interrupted,
    Short,
}

/// A reader path over an `io::Read`: how the input is fed and the window size.
#[derive(Debug, Clone, Copy)]
struct Path {
    feed: Feed,
    window: usize,
}

impl Path {
    fn reader<'a>(self, data: &'a [u8]) -> Box<dyn Read + 'a> {
        match self.feed {
            Feed::Whole => Box::new(data),
            Feed::OneByte => Box::new(OneByte(data)),
            Feed::Interrupted => Box::new(Interrupting {
                inner: OneByte(data),
                interrupt: false,
            }),
            Feed::Short => Box::new(Short {
                inner: data,
                next: 0,
            }),
        }
    }
}

/// Windows of 1 to 8 bytes with one-byte and whole reads, `Interrupted` and short reads, and
/// the default window.
fn paths() -> Vec<Path> {
    let mut paths = Vec::new();
    for window in 1..=8 {
        for feed in [Feed::OneByte, Feed::Whole] {
            paths.push(Path { feed, window });
        }
    }
    for window in [3, 5, jsonstream::DEFAULT_WINDOW_SIZE] {
        paths.push(Path {
            feed: Feed::Interrupted,
            window,
        });
        paths.push(Path {
            feed: Feed::Short,
            window,
        });
    }
    paths.push(Path {
        feed: Feed::Whole,
        window: jsonstream::DEFAULT_WINDOW_SIZE,
    });
    paths
}

/// Runs the generic function `$f` (taking a `JsonReader` and returning a comparable outcome)
/// over the slice and over every [`Path`]; evaluates to `Vec<(name of the path, outcome)>`.
macro_rules! on_every_path {
    ($doc:expr, $options:expr, $f:expr) => {{
        let doc: &[u8] = $doc;
        let options: &ReaderOptions = $options;
        let mut outcomes = vec![("slice".to_string(), $f(options.slice_reader(doc)))];
        for path in paths() {
            let reader = options
                .clone()
                .window_size(path.window)
                .reader(path.reader(doc));
            outcomes.push((format!("{path:?}"), $f(reader)));
        }
        outcomes
    }};
}

/// Everything an error says, comparably.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrInfo {
    display: String,
    category: Category,
    limit: Option<LimitKind>,
    offset: u64,
    line: u64,
    column: u64,
    path: String,
}

impl From<jsonstream::Error> for ErrInfo {
    fn from(e: jsonstream::Error) -> Self {
        ErrInfo {
            display: e.to_string(),
            category: e.category(),
            limit: e.limit(),
            offset: e.offset(),
            line: e.line(),
            column: e.column(),
            path: e.path().to_owned(),
        }
    }
}

fn snap<T>(r: jsonstream::Result<T>) -> Result<T, ErrInfo> {
    r.map_err(ErrInfo::from)
}

/// The whole document as a `serde_json::Value`, printed (floats with their exact bits).
fn value<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<String, ErrInfo> {
    let v: Value = snap(r.deserialize_next())?;
    snap(r.finish())?;
    Ok(format!("{v:?}"))
}

/// The whole document skipped as `IgnoredAny`.
fn ignored<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<u64, ErrInfo> {
    let IgnoredAny = snap(r.deserialize_next())?;
    let offset = r.offset();
    snap(r.finish())?;
    Ok(offset)
}

/// The whole document skipped with `skip_value`.
fn skipped<'de, S: jsonstream::read::Read<'de>>(mut r: JsonReader<S>) -> Result<u64, ErrInfo> {
    snap(r.skip_value())?;
    let offset = r.offset();
    snap(r.finish())?;
    Ok(offset)
}

/// A token (printed) with the reader's offset, line and column right after it.
type TokenAt = (String, u64, u64, u64);

/// Every token with the offset, line and column after it; the error that ended them, if any.
fn tokens<'de, S: jsonstream::read::Read<'de>>(
    mut r: JsonReader<S>,
) -> (Vec<TokenAt>, Option<ErrInfo>) {
    let mut out = Vec::new();
    loop {
        match r.next_token() {
            Ok(Some(token)) => {
                let token = format!("{token:?}");
                out.push((token, r.offset(), r.line(), r.column()));
            }
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e.into())),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. A limit of usize::MAX is no limit
// ---------------------------------------------------------------------------------------------

/// Each limit alone at its "no limit" value, then all of them.
fn unlimited() -> Vec<(&'static str, Limits)> {
    let d = Limits::default();
    vec![
        (
            "max_depth",
            Limits {
                max_depth: usize::MAX,
                ..d
            },
        ),
        (
            "max_number_len",
            Limits {
                max_number_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_key_len",
            Limits {
                max_key_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_string_len",
            Limits {
                max_string_len: usize::MAX,
                ..d
            },
        ),
        (
            "max_document_len",
            Limits {
                max_document_len: Some(u64::MAX),
                ..d
            },
        ),
        (
            "all",
            Limits {
                max_depth: usize::MAX,
                max_number_len: usize::MAX,
                max_key_len: usize::MAX,
                max_string_len: usize::MAX,
                max_document_len: None,
            },
        ),
    ]
}

/// Documents within the default limits, valid and not: numbers (at the end of the input, in
/// arrays, split by every window), keys and strings with escapes, nesting.
fn documents_within_defaults() -> Vec<Vec<u8>> {
    let mut docs: Vec<Vec<u8>> = [
        "1",
        "12345",
        "[12345]",
        "-0.5e-3",
        "[1, 22, 333, 4444, 55555, 666666, 7777777, 1e300, -12.5E+2]",
        r#"{"key": "value", "n": -1.5e10, "a": [true, false, null], "e": {}}"#,
        r#""a\u00e9\n\ud83d\ude00 text""#,
        r#"{"long key with escapes \" \\ \u0041": "x", "k2": "a string value"}"#,
        "[[[[[[]]]]], {\"a\": [{}]}]",
        "[1,]",
        "[01]",
        "{\"a\" 1}",
        "\"abc",
        "[1.]",
        "12345x",
        "[-]",
        "\"\\x\"",
        "[1e]",
        "{\"k\": 123",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    docs.push(format!("[{}]", "7".repeat(4096)).into_bytes());
    docs.push(format!("{{\"{}\": 1}}", "k".repeat(300)).into_bytes());
    docs
}

#[test]
fn limits_at_usize_max_are_no_limit_on_every_path() {
    let default = ReaderOptions::new();
    for doc in documents_within_defaults() {
        let want_value = value(default.slice_reader(&doc));
        let want_ignored = ignored(default.slice_reader(&doc));
        let want_skipped = skipped(default.slice_reader(&doc));
        let want_tokens = tokens(default.slice_reader(&doc));
        for (name, limits) in unlimited() {
            let options = ReaderOptions::new().limits(limits);
            let ctx =
                |path: &str| format!("{name} = MAX, {path}, {}", String::from_utf8_lossy(&doc));
            for (path, got) in on_every_path!(&doc, &options, value) {
                assert_eq!(got, want_value, "value: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, ignored) {
                assert_eq!(got, want_ignored, "IgnoredAny: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, skipped) {
                assert_eq!(got, want_skipped, "skip_value: {}", ctx(&path));
            }
            for (path, got) in on_every_path!(&doc, &options, tokens) {
                assert_eq!(got, want_tokens, "tokens: {}", ctx(&path));
            }
        }
    }
}

/// Beyond the default limits, a limit of `usize::MAX` accepts what a large finite limit does.
#[test]
fn limits_at_usize_max_accept_beyond_the_defaults() {
    let big = 1 << 40;
    let cases: Vec<(Vec<u8>, Limits, Limits)> = vec![
        (
            format!("{}1{}", "[".repeat(1000), "]".repeat(1000)).into_bytes(),
            Limits {
                max_depth: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_depth: big,
                ..Limits::default()
            },
        ),
        (
            format!("[{}, 1]", "9".repeat(10_000)).into_bytes(),
            Limits {
                max_number_len: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_number_len: big,
                ..Limits::default()
            },
        ),
        (
            format!("{{\"{}\\n\": 1}}", "k".repeat(100_000)).into_bytes(),
            Limits {
                max_key_len: usize::MAX,
                ..Limits::default()
            },
            Limits {
                max_key_len: big,
                ..Limits::default()
            },
        ),
    ];
    for (doc, unlimited, finite) in cases {
        let finite = ReaderOptions::new().limits(finite);
        let unlimited = ReaderOptions::new().limits(unlimited);
        let want_ignored = ignored(finite.slice_reader(&doc));
        assert!(want_ignored.is_ok(), "{want_ignored:?}");
        let want_tokens = tokens(finite.slice_reader(&doc));
        for (path, got) in on_every_path!(&doc, &unlimited, ignored) {
            assert_eq!(got, want_ignored, "IgnoredAny, {path}");
        }
        for (path, got) in on_every_path!(&doc, &unlimited, tokens) {
            assert_eq!(got, want_tokens, "tokens, {path}");
        }
    }
    // A string longer than its default limit (1 GiB) is too big for a test: 1 MiB + 1 with the
    // limit at its default minus (1 GiB - 1 MiB), against usize::MAX.
    let doc = format!("[\"{}\\t\"]", "s".repeat(1 << 20)).into_bytes();
    let small = ReaderOptions::new().limits(Limits {
        max_string_len: 1 << 20,
        ..Limits::default()
    });
    let err = value(small.slice_reader(&doc)).unwrap_err();
    assert_eq!(err.limit, Some(LimitKind::StringLength), "{err:?}");
    let unlimited = ReaderOptions::new().limits(Limits {
        max_string_len: usize::MAX,
        ..Limits::default()
    });
    for (path, got) in on_every_path!(&doc, &unlimited, value) {
        assert!(got.is_ok(), "{path}: {got:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. The depth boundary is serde_json's
// ---------------------------------------------------------------------------------------------

/// What opens a level of nesting (`[` or `{"a":`), by level.
type Opening = fn(usize) -> &'static str;

/// `depth` levels of `open` around `1`, closed.
fn nested(depth: usize, open: Opening) -> Vec<u8> {
    let mut doc = String::new();
    for level in 0..depth {
        doc.push_str(open(level));
    }
    doc.push('1');
    for level in (0..depth).rev() {
        doc.push(if open(level).starts_with('[') {
            ']'
        } else {
            '}'
        });
    }
    doc.into_bytes()
}

#[test]
fn default_depth_limit_accepts_what_serde_json_accepts() {
    let shapes: [(&str, Opening); 4] = [
        ("arrays", |_| "["),
        ("objects", |_| "{\"a\":"),
        (
            "mixed",
            |level| if level % 2 == 0 { "[" } else { "{\"a\":" },
        ),
        ("mixed, objects outside", |level| {
            if level % 3 == 0 {
                "{\"a\":"
            } else {
                "["
            }
        }),
    ];
    let options = ReaderOptions::new();
    for (shape, open) in shapes {
        for depth in 126..=130 {
            let doc = nested(depth, open);
            let serde_json_accepts = serde_json::from_slice::<Value>(&doc).is_ok();
            let ctx = format!("{shape}, depth {depth}");
            // The error is at the bracket that opens the first level past the limit.
            let opening = (0..depth)
                .map(|level| open(level).len())
                .collect::<Vec<_>>();
            let at = opening.iter().take(127).sum::<usize>() as u64;
            let check = |path: &str, err: Option<&ErrInfo>| match (serde_json_accepts, err) {
                (true, None) => {}
                (false, Some(e)) => {
                    assert_eq!(
                        (e.category, e.limit, e.offset),
                        (Category::Limit, Some(LimitKind::Depth), at),
                        "{ctx}, {path}: {e:?}"
                    );
                }
                (accepts, err) => {
                    panic!("{ctx}, {path}: serde_json accepts: {accepts}, jsonstream: {err:?}")
                }
            };
            for (path, got) in on_every_path!(&doc, &options, value) {
                check(&format!("Value, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, ignored) {
                check(&format!("IgnoredAny, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, skipped) {
                check(&format!("skip_value, {path}"), got.as_ref().err());
            }
            for (path, got) in on_every_path!(&doc, &options, tokens) {
                check(&format!("tokens, {path}"), got.1.as_ref());
            }
            // The number in the limits is the number of levels accepted.
            let exact = ReaderOptions::new().limits(Limits {
                max_depth: depth,
                ..Limits::default()
            });
            assert!(
                value(exact.slice_reader(&doc)).is_ok(),
                "{ctx}, max_depth {depth}"
            );
            let under = ReaderOptions::new().limits(Limits {
                max_depth: depth - 1,
                ..Limits::default()
            });
            let err = value(under.slice_reader(&doc)).unwrap_err();
            assert_eq!(err.limit, Some(LimitKind::Depth), "{ctx}: {err:?}");
        }
    }
    assert_eq!(Limits::default().max_depth, 127);
}
