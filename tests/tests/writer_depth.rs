//! The writer's depth limit: a serde value nested deeper than the limit is an error of
//! `Category::Limit` (`LimitKind::WriteDepth`) on every writing path, before a stack overflow;
//! at the default limit every path succeeds on a 2 MiB thread stack (the default of spawned
//! threads and of the test harness's threads), with serde_json's bytes; the push writer's own
//! nesting is not limited.
//!
//! Deep values are built iteratively and dropped iteratively ([`Deep`]): serde_json's `Value`
//! drops recursively and would overflow the stack itself.

use std::io;

use jsonstream::{
    ArrayWriter, Category, Dump, JsonWriter, LimitKind, ObjectWriter, Serializer,
    DEFAULT_MAX_WRITE_DEPTH,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// The stack of threads spawned without a size, and of the test harness's threads.
const DEFAULT_THREAD_STACK: usize = 2 << 20;

/// A value that drops its nesting iteratively.
struct Deep<T: Unnest>(T);

impl<T: Unnest> Drop for Deep<T> {
    fn drop(&mut self) {
        let mut pending = self.0.unnest();
        while let Some(mut next) = pending.pop() {
            pending.extend(next.unnest());
        }
    }
}

impl<T: Unnest> std::ops::Deref for Deep<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Takes the children out of a value, leaving it shallow.
trait Unnest: Sized {
    fn unnest(&mut self) -> Vec<Self>;
}

impl Unnest for Value {
    fn unnest(&mut self) -> Vec<Value> {
        match self {
            Value::Array(elements) => std::mem::take(elements),
            Value::Object(members) => std::mem::take(members)
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `[[…[null]…]]`, `depth` arrays.
fn arrays(depth: usize) -> Deep<Value> {
    Deep((0..depth).fold(Value::Null, |v, _| Value::Array(vec![v])))
}

/// `{"a":{"a":…{"a":null}…}}`, `depth` objects.
fn objects(depth: usize) -> Deep<Value> {
    Deep((0..depth).fold(Value::Null, |v, _| {
        Value::Object(Map::from_iter([("a".to_string(), v)]))
    }))
}

/// `[{"a":[{"a":…}]}]`: arrays and objects alternating, `depth` levels.
fn mixed(depth: usize) -> Deep<Value> {
    Deep((0..depth).fold(Value::Null, |v, level| {
        if level % 2 == 0 {
            Value::Object(Map::from_iter([("a".to_string(), v)]))
        } else {
            Value::Array(vec![v])
        }
    }))
}

/// An enum whose variants with content nest: each is one object level, and a tuple or struct
/// variant's content one more.
#[derive(Serialize)]
enum Nest {
    Leaf,
    Newtype(Box<Nest>),
    Tuple(Box<Nest>, u8),
    Struct { inner: Box<Nest> },
}

impl Unnest for Nest {
    fn unnest(&mut self) -> Vec<Nest> {
        match std::mem::replace(self, Nest::Leaf) {
            Nest::Leaf => Vec::new(),
            Nest::Newtype(inner) | Nest::Tuple(inner, _) | Nest::Struct { inner } => vec![*inner],
        }
    }
}

/// Newtype, tuple and struct variants in turn, nesting `depth` levels of JSON in all (a
/// tuple or struct variant is two levels: the variant's object and its content).
fn variants(depth: usize) -> Deep<Nest> {
    let mut nest = Nest::Leaf;
    let mut levels = 0;
    let mut turn = 0;
    while levels < depth {
        let inner = Box::new(nest);
        nest = match turn % 3 {
            0 => {
                levels += 1;
                Nest::Newtype(inner)
            }
            _ if depth - levels < 2 => {
                levels += 1;
                Nest::Newtype(inner)
            }
            1 => {
                levels += 2;
                Nest::Tuple(inner, 0)
            }
            _ => {
                levels += 2;
                Nest::Struct { inner }
            }
        };
        turn += 1;
    }
    Deep(nest)
}

/// Runs `f` on a thread with `stack` bytes of stack, passing its panic on.
fn on_stack<R: Send>(stack: usize, f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(scope, f)
            .unwrap()
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// What a writing path wrote, as its length and a hash: a deep value's pretty form grows with
/// the square of its depth (the indentation), so it is not held here.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Digest {
    len: u64,
    hash: u64,
}

/// An `io::Write` that keeps only a [`Digest`] of what it is given.
#[derive(Default)]
struct Digester {
    len: u64,
    hasher: std::hash::DefaultHasher,
}

impl Digester {
    /// A digester that was given `prefix` already.
    fn after(prefix: &[u8]) -> Self {
        let mut digester = Digester::default();
        io::Write::write_all(&mut digester, prefix).unwrap();
        digester
    }

    fn digest(&self) -> Digest {
        Digest {
            len: self.len,
            hash: std::hash::Hasher::finish(&self.hasher),
        }
    }
}

impl io::Write for Digester {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        std::hash::Hasher::write(&mut self.hasher, buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn digest_of(bytes: &[u8]) -> Digest {
    Digester::after(bytes).digest()
}

/// How a path lays its output out, for the expected bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Compact,
    Pretty,
    /// As the only element of a compact array.
    InArray,
    /// As the value of the only member, `"k"`, of a compact object.
    InObject,
}

type Outcome = jsonstream::Result<Digest>;

/// Every way a serde value gets written, compact and pretty: what each wrote, and how it lays
/// the value out.
fn every_path<T: Serialize + ?Sized>(value: &T) -> Vec<(&'static str, Layout, Outcome)> {
    let mut out = Digester::default();
    let serialized = value
        .serialize(&mut Serializer::new(&mut out))
        .map(|()| out.digest());
    let mut out = Digester::default();
    let dumped = jsonstream::dump(value, &mut out).map(|()| out.digest());
    let mut writer = JsonWriter::new(Digester::default());
    let written = writer
        .value(value)
        .and_then(|()| writer.finish())
        .map(|out| out.digest());
    let mut array = ArrayWriter::new(Digester::default());
    let pushed = array
        .push(value)
        .and_then(|()| array.finish())
        .map(|out| out.digest());
    let mut object = ObjectWriter::new(Digester::default());
    let member = object
        .push("k", value)
        .and_then(|()| object.finish())
        .map(|out| out.digest());
    let mut paths = vec![
        (
            "to_vec",
            Layout::Compact,
            jsonstream::to_vec(value).map(|v| digest_of(&v)),
        ),
        (
            "to_string",
            Layout::Compact,
            jsonstream::to_string(value).map(|s| digest_of(s.as_bytes())),
        ),
        ("Serializer::new", Layout::Compact, serialized),
        ("dump", Layout::Compact, dumped),
        ("JsonWriter::value", Layout::Compact, written),
        ("ArrayWriter::push", Layout::InArray, pushed),
        ("ObjectWriter::push", Layout::InObject, member),
    ];
    let mut out = Digester::default();
    let serialized = value
        .serialize(&mut Serializer::pretty(&mut out))
        .map(|()| out.digest());
    let mut out = Digester::default();
    let dumped = jsonstream::dump_pretty(value, &mut out).map(|()| out.digest());
    let mut writer = JsonWriter::pretty(Digester::default());
    let written = writer
        .value(value)
        .and_then(|()| writer.finish())
        .map(|out| out.digest());
    paths.extend([
        (
            "to_string_pretty",
            Layout::Pretty,
            jsonstream::to_string_pretty(value).map(|s| digest_of(s.as_bytes())),
        ),
        ("Serializer::pretty", Layout::Pretty, serialized),
        ("dump_pretty", Layout::Pretty, dumped),
        ("JsonWriter::pretty", Layout::Pretty, written),
    ]);
    paths
}

/// serde_json's output for `value` in `layout`.
fn serde_json_digest<T: Serialize + ?Sized>(value: &T, layout: Layout) -> Digest {
    let (prefix, suffix): (&[u8], &[u8]) = match layout {
        Layout::Compact | Layout::Pretty => (b"", b""),
        Layout::InArray => (b"[", b"]"),
        Layout::InObject => (br#"{"k":"#, b"}"),
    };
    let mut out = Digester::after(prefix);
    match layout {
        Layout::Pretty => serde_json::to_writer_pretty(&mut out, value).unwrap(),
        _ => serde_json::to_writer(&mut out, value).unwrap(),
    }
    io::Write::write_all(&mut out, suffix).unwrap();
    out.digest()
}

fn assert_too_deep(how: &str, result: Outcome, limit: usize) {
    let err = result.err().unwrap_or_else(|| panic!("{how}: no error"));
    assert_eq!(err.category(), Category::Limit, "{how}: {err}");
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth), "{how}: {err}");
    assert_eq!(
        err.to_string(),
        format!("value nested deeper than the writing limit of {limit}"),
        "{how}"
    );
}

#[test]
fn a_value_nested_100k_levels_is_an_error_not_a_stack_overflow() {
    // On the test thread itself: the limit stops the recursion long before the stack ends.
    let deep = arrays(100_000);
    let err = jsonstream::to_vec(&*deep).unwrap_err();
    assert_eq!(err.category(), Category::Limit);
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    assert_eq!(
        err.to_string(),
        "value nested deeper than the writing limit of 1000"
    );
    for (how, _, result) in every_path(&*deep) {
        assert_too_deep(how, result, DEFAULT_MAX_WRITE_DEPTH);
    }
    for deep in [objects(100_000), mixed(100_000)] {
        for (how, _, result) in every_path(&*deep) {
            assert_too_deep(how, result, DEFAULT_MAX_WRITE_DEPTH);
        }
    }
    for (how, _, result) in every_path(&*variants(100_000)) {
        assert_too_deep(how, result, DEFAULT_MAX_WRITE_DEPTH);
    }
}

#[test]
fn the_default_limit_is_exact_and_fits_a_2_mib_stack() {
    assert_eq!(DEFAULT_MAX_WRITE_DEPTH, 1_000);
    type Build = fn(usize) -> Deep<Value>;
    for (shape, build) in [
        ("arrays", arrays as Build),
        ("objects", objects),
        ("mixed", mixed),
    ] {
        let value = build(DEFAULT_MAX_WRITE_DEPTH);
        let paths = on_stack(DEFAULT_THREAD_STACK, || every_path(&*value));
        // serde_json's bytes, computed where its recursion has room.
        on_stack(64 << 20, || {
            for (how, layout, result) in paths {
                let out = result.unwrap_or_else(|err| panic!("{shape}, {how}: {err}"));
                assert_eq!(out, serde_json_digest(&*value, layout), "{shape}, {how}");
            }
        });
        // One level more: an error on every path.
        let value = build(DEFAULT_MAX_WRITE_DEPTH + 1);
        for (how, _, result) in on_stack(DEFAULT_THREAD_STACK, || every_path(&*value)) {
            assert_too_deep(&format!("{shape}, {how}"), result, DEFAULT_MAX_WRITE_DEPTH);
        }
    }
    let value = variants(DEFAULT_MAX_WRITE_DEPTH);
    let paths = on_stack(DEFAULT_THREAD_STACK, || every_path(&*value));
    on_stack(64 << 20, || {
        for (how, layout, result) in paths {
            assert_eq!(
                result.unwrap(),
                serde_json_digest(&*value, layout),
                "variants, {how}"
            );
        }
    });
    let value = variants(DEFAULT_MAX_WRITE_DEPTH + 1);
    for (how, _, result) in on_stack(DEFAULT_THREAD_STACK, || every_path(&*value)) {
        assert_too_deep(&format!("variants, {how}"), result, DEFAULT_MAX_WRITE_DEPTH);
    }
}

/// Serializes `value` with `max_depth` as the limit.
fn limited<T: Serialize + ?Sized>(value: &T, max_depth: usize) -> jsonstream::Result<Vec<u8>> {
    let mut serializer = Serializer::new(Vec::new()).max_depth(max_depth);
    value.serialize(&mut serializer)?;
    Ok(serializer.into_inner())
}

/// Checks that `value` nests exactly `depth` levels: written whole (serde_json's bytes) with a
/// limit of `depth`, an error with a limit of `depth - 1`.
fn assert_depth<T: Serialize + ?Sized>(value: &T, depth: usize) {
    let full = serde_json::to_vec(value).unwrap();
    let text = String::from_utf8_lossy(&full).into_owned();
    assert_eq!(limited(value, depth + 1).unwrap(), full, "{text}");
    assert_eq!(limited(value, depth).unwrap(), full, "{text}");
    if depth > 0 {
        let err = limited(value, depth - 1).unwrap_err();
        assert_eq!(err.limit(), Some(LimitKind::WriteDepth), "{text}");
        assert_eq!(
            err.to_string(),
            format!(
                "value nested deeper than the writing limit of {}",
                depth - 1
            )
        );
    }
}

#[test]
fn the_limit_counts_levels_of_arrays_and_objects() {
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct Newtype<T>(T);
    #[derive(Serialize)]
    struct Point {
        x: u8,
    }
    #[derive(Serialize)]
    struct Pair(u8, u8);

    // Scalars, options, newtypes and unit variants are no level.
    assert_depth(&1, 0);
    assert_depth("text", 0);
    assert_depth(&Unit, 0);
    assert_depth(&Some(Newtype(2)), 0);
    assert_depth(&Nest::Leaf, 0);
    // Every kind of array and object is one, empty ones too.
    assert_depth(&Vec::<u8>::new(), 1);
    assert_depth(&serde_json::json!({}), 1);
    assert_depth(&[1, 2], 1);
    assert_depth(&(1, "a"), 1);
    assert_depth(&Point { x: 1 }, 1);
    assert_depth(&Pair(1, 2), 1);
    assert_depth(&b"bytes"[..], 1);
    assert_depth(&serde_json::json!({"a": [1, {"b": []}]}), 4);
    assert_depth(&Some(vec![Newtype(vec![1])]), 2);
    // A variant with content is an object; a tuple or struct variant's content one more.
    assert_depth(&Nest::Newtype(Box::new(Nest::Leaf)), 1);
    assert_depth(&Nest::Tuple(Box::new(Nest::Leaf), 1), 2);
    assert_depth(
        &Nest::Struct {
            inner: Box::new(Nest::Leaf),
        },
        2,
    );
    assert_depth(&*variants(7), 7);
    assert_depth(&*mixed(9), 9);
    // No limit at all.
    assert_eq!(limited(&[[[1]]], usize::MAX).unwrap(), b"[[[1]]]");
}

#[test]
fn the_limit_is_checked_before_anything_of_the_level_is_written() {
    let mut out = Vec::new();
    let mut serializer = Serializer::new(&mut out).max_depth(2);
    let err = serde_json::json!([[[1]], 2])
        .serialize(&mut serializer)
        .unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    assert_eq!(out, b"[[");

    // A JsonWriter is unusable after it: the document stays visibly incomplete.
    let mut out = Vec::new();
    let mut writer = JsonWriter::new(&mut out).max_depth(1);
    writer.begin_array().unwrap();
    writer.value(&[1]).unwrap();
    assert!(writer.value(&[[2]]).is_err());
    assert!(writer.value(&3).is_err());
    assert!(writer.end_array().is_err());
    assert!(writer.finish().is_err());
    assert_eq!(out, b"[[1],[");
    assert!(jsonstream::from_slice::<Value>(&out).unwrap_err().is_eof());
}

#[test]
fn each_written_value_is_counted_from_where_it_starts() {
    // The push writer's own nesting is iterative and not limited: a value at the bottom of a
    // million pushed arrays gets the whole limit.
    const PUSHED: usize = 1_000_000;
    let mut writer = JsonWriter::new(io::sink()).max_depth(3);
    for _ in 0..PUSHED {
        writer.begin_array().unwrap();
    }
    writer.value(&[[[1]]]).unwrap();
    let err = writer.value(&[[[[1]]]]).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));

    let mut writer = JsonWriter::new(io::sink());
    for _ in 0..PUSHED {
        writer.begin_array().unwrap();
    }
    for _ in 0..PUSHED {
        writer.end_array().unwrap();
    }
    writer.finish().unwrap();

    // Collection writers: each item on its own; their own `[` or `{` does not count.
    let mut rows = ArrayWriter::new(Vec::new()).max_depth(2);
    rows.push(&serde_json::json!([[1]])).unwrap();
    rows.push(&serde_json::json!([[2]])).unwrap();
    let err = rows.push(&serde_json::json!([[[3]]])).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    let mut members = ObjectWriter::new(Vec::new()).max_depth(2);
    members.push("a", &serde_json::json!([[1]])).unwrap();
    let err = members.push("b", &serde_json::json!([[[1]]])).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));

    // A serializer used again after a complete value starts again from zero.
    let mut serializer = Serializer::new(Vec::new()).max_depth(2);
    for _ in 0..3 {
        [[1]].serialize(&mut serializer).unwrap();
    }
    assert_eq!(serializer.into_inner(), b"[[1]][[1]][[1]]");
}

#[test]
fn derived_dump_values_are_counted_through_their_serde_fields() {
    #[derive(Dump)]
    struct Document<'a> {
        title: &'a str,
        body: &'a Value,
    }
    let body = arrays(DEFAULT_MAX_WRITE_DEPTH + 1);
    let mut out = Vec::new();
    let err = jsonstream::dump(
        Document {
            title: "deep",
            body: &body,
        },
        &mut out,
    )
    .unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::WriteDepth));

    let mut writer = JsonWriter::new(Vec::new()).max_depth(DEFAULT_MAX_WRITE_DEPTH + 1);
    Document {
        title: "deep",
        body: &body,
    }
    .dump_to(&mut writer)
    .unwrap();
    let out = writer.finish().unwrap();
    assert!(out.starts_with(br#"{"title":"deep","body":[[[["#));
}

/// How deep each writing path gets on a 2 MiB stack without a limit, to choose the default:
/// `JSONSTREAM_PROBE="arrays serializer 20000" cargo test --test writer_depth -- --ignored probe`
/// either passes or dies of a stack overflow. Shapes: `arrays`, `objects`, `variants`; paths:
/// `serializer`, `pretty`, `writer` (a `JsonWriter`).
#[test]
#[ignore = "a measuring tool: it overflows the stack on purpose"]
fn probe_stack_depth() {
    let probe = std::env::var("JSONSTREAM_PROBE").expect("JSONSTREAM_PROBE=\"shape path depth\"");
    let [shape, path, depth] = probe.split(' ').collect::<Vec<_>>()[..] else {
        panic!("JSONSTREAM_PROBE=\"shape path depth\"");
    };
    let depth: usize = depth.parse().unwrap();
    fn write<T: Serialize + ?Sized>(value: &T, path: &str) -> jsonstream::Result<()> {
        match path {
            "serializer" => value.serialize(&mut Serializer::new(io::sink()).max_depth(usize::MAX)),
            "pretty" => value.serialize(&mut Serializer::pretty(io::sink()).max_depth(usize::MAX)),
            "writer" => JsonWriter::new(io::sink())
                .max_depth(usize::MAX)
                .value(value),
            _ => panic!("unknown path {path}"),
        }
    }
    on_stack(DEFAULT_THREAD_STACK, || match shape {
        "arrays" => write(&*arrays(depth), path),
        "objects" => write(&*objects(depth), path),
        "variants" => write(&*variants(depth), path),
        _ => panic!("unknown shape {shape}"),
    })
    .unwrap();
}
