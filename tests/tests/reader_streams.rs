//! Typed streams: `stream` over a top-level array, `stream_at` over the array at a JSON
//! Pointer, `stream_entries` over a top-level object, `stream_entries_at` and
//! `stream_items_at` over the objects (or either) at a pointer; errors end a stream (fused)
//! with the path of the element.

use jsonstream::{Category, Item};
use jsonstream_tests::readers::{InterruptedReader, OneByteReader, ShortReader};
use jsonstream_tests::snapshot::{drain, snap, ErrInfo};
use jsonstream_tests::window::options;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

/// The stream of `T` over `input`, through every reader kind and several windows; all must give
/// the same items (errors included). Returns them.
fn stream_all_ways<T>(input: &[u8]) -> Vec<Result<T, ErrInfo>>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let reference = drain(jsonstream::stream::<T, _>(input));
    let mut others = vec![
        (
            "stream_slice",
            drain(jsonstream::ReaderOptions::new().stream_slice::<T>(input)),
        ),
        (
            "one byte",
            drain(jsonstream::stream::<T, _>(OneByteReader::new(input))),
        ),
        (
            "interrupted",
            drain(jsonstream::stream::<T, _>(InterruptedReader::new(input))),
        ),
    ];
    for w in [1, 2, 3, 5, 8] {
        others.push((
            "window",
            drain(options(Some(w)).stream::<T, _>(ShortReader::new(input, &[1, 2, 7]))),
        ));
    }
    for (how, items) in others {
        assert_eq!(
            items,
            reference,
            "{how} differs on {:?}",
            String::from_utf8_lossy(input)
        );
    }
    reference
}

/// Same for `stream_at`, with the slice path too.
fn stream_at_all_ways<T>(input: &[u8], pointer: &str) -> Vec<Result<T, ErrInfo>>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let reference = drain(jsonstream::stream_at::<T, _>(input, pointer));
    let mut others = vec![
        (
            "stream_at_slice",
            drain(jsonstream::ReaderOptions::new().stream_at_slice::<T>(input, pointer)),
        ),
        (
            "one byte",
            drain(jsonstream::stream_at::<T, _>(
                OneByteReader::new(input),
                pointer,
            )),
        ),
        (
            "interrupted",
            drain(jsonstream::stream_at::<T, _>(
                InterruptedReader::new(input),
                pointer,
            )),
        ),
        (
            "interrupted, one byte",
            drain(jsonstream::stream_at::<T, _>(
                InterruptedReader::new(OneByteReader::new(input)),
                pointer,
            )),
        ),
    ];
    for w in [1, 2, 3, 5, 8] {
        others.push((
            "window",
            drain(options(Some(w)).stream_at::<T, _>(OneByteReader::new(input), pointer)),
        ));
    }
    for (how, items) in others {
        assert_eq!(
            items,
            reference,
            "{how} differs on {:?} at {pointer:?}",
            String::from_utf8_lossy(input)
        );
    }
    reference
}

/// Same for `stream_entries_at`.
fn entries_at_all_ways<V>(input: &[u8], pointer: &str) -> Vec<Result<(String, V), ErrInfo>>
where
    V: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let reference = drain(jsonstream::stream_entries_at::<V, _>(input, pointer));
    let mut others = vec![
        (
            "stream_entries_at_slice",
            drain(jsonstream::ReaderOptions::new().stream_entries_at_slice::<V>(input, pointer)),
        ),
        (
            "interrupted, one byte",
            drain(jsonstream::stream_entries_at::<V, _>(
                InterruptedReader::new(OneByteReader::new(input)),
                pointer,
            )),
        ),
    ];
    for w in [1, 2, 3, 5, 8] {
        others.push((
            "window",
            drain(
                options(Some(w))
                    .stream_entries_at::<V, _>(ShortReader::new(input, &[1, 2, 7]), pointer),
            ),
        ));
    }
    for (how, items) in others {
        assert_eq!(
            items,
            reference,
            "{how} differs on {:?} at {pointer:?}",
            String::from_utf8_lossy(input)
        );
    }
    reference
}

/// Same for `stream_items_at`, with the one-byte and interrupted paths each alone too.
fn items_at_all_ways<V>(input: &[u8], pointer: &str) -> Vec<Result<Item<V>, ErrInfo>>
where
    V: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let reference = drain(jsonstream::stream_items_at::<V, _>(input, pointer));
    let mut others = vec![
        (
            "stream_items_at_slice",
            drain(jsonstream::ReaderOptions::new().stream_items_at_slice::<V>(input, pointer)),
        ),
        (
            "one byte",
            drain(jsonstream::stream_items_at::<V, _>(
                OneByteReader::new(input),
                pointer,
            )),
        ),
        (
            "interrupted",
            drain(jsonstream::stream_items_at::<V, _>(
                InterruptedReader::new(input),
                pointer,
            )),
        ),
        (
            "interrupted, one byte",
            drain(jsonstream::stream_items_at::<V, _>(
                InterruptedReader::new(OneByteReader::new(input)),
                pointer,
            )),
        ),
    ];
    for w in [1, 2, 3, 5, 8] {
        others.push((
            "window",
            drain(
                options(Some(w))
                    .stream_items_at::<V, _>(ShortReader::new(input, &[1, 2, 7]), pointer),
            ),
        ));
    }
    for (how, items) in others {
        assert_eq!(
            items,
            reference,
            "{how} differs on {:?} at {pointer:?}",
            String::from_utf8_lossy(input)
        );
    }
    reference
}

fn oks<T: Clone>(items: &[Result<T, ErrInfo>]) -> Vec<T> {
    items
        .iter()
        .map(|i| i.clone().expect("an Ok item"))
        .collect()
}

/// The items are `n` Ok values followed by one error, which is returned.
#[track_caller]
fn ok_then_error<T: std::fmt::Debug + Clone>(items: &[Result<T, ErrInfo>], n: usize) -> ErrInfo {
    assert_eq!(items.len(), n + 1, "{n} items and an error: {items:?}");
    assert!(items[..n].iter().all(Result::is_ok), "{items:?}");
    items[n].clone().expect_err("the last item is an error")
}

#[test]
fn stream_empty_one_many() {
    assert!(stream_all_ways::<u32>(b"[]").is_empty());
    assert!(stream_all_ways::<u32>(b" [ \n ] \n").is_empty());
    assert_eq!(oks(&stream_all_ways::<u32>(b"[7]")), vec![7]);
    let many: Vec<u64> = (0..2000).map(|i| i * 7919).collect();
    let text = serde_json::to_vec(&many).unwrap();
    assert_eq!(oks(&stream_all_ways::<u64>(&text)), many);
}

#[test]
fn stream_nested_elements() {
    let doc = json!([
        {"a": [1, {"b": null}], "c": "x\"y"},
        [[]],
        "s",
        1.5,
        null,
        -12345678901234567890i128 as f64,
        {"deep": [[[[{"x": [true, false]}]]]]},
        "\u{1F600}é",
    ]);
    for text in [
        serde_json::to_vec(&doc).unwrap(),
        serde_json::to_vec_pretty(&doc).unwrap(),
    ] {
        let items = oks(&stream_all_ways::<Value>(&text));
        assert_eq!(Value::Array(items), doc);
    }
}

#[test]
fn stream_whitespace_everywhere() {
    let text = b" \n\t\r[ \n\t1 ,\r\n 2\t,\n\n3 \r]\t \n";
    assert_eq!(oks(&stream_all_ways::<u8>(text)), vec![1, 2, 3]);
    let text = b"[\n  {\n    \"k\" : [ 1 , 2 ]\n  } ,\n  { \"k\" : [ ] }\n]\n";
    #[derive(Debug, PartialEq, Clone, Deserialize)]
    struct K {
        k: Vec<u8>,
    }
    assert_eq!(
        oks(&stream_all_ways::<K>(text)),
        vec![K { k: vec![1, 2] }, K { k: vec![] }]
    );
}

#[test]
fn stream_trailing_garbage_is_an_error_then_none() {
    for (text, n, at) in [
        (&b"[1,2] x"[..], 2, 6),
        (b"[1,2]]", 2, 5),
        (b"[1,2] [3]", 2, 6),
        (b"[1,2]\n,", 2, 6),
        (b"[] 0", 0, 3),
    ] {
        let items = stream_all_ways::<u32>(text);
        let err = ok_then_error(&items, n);
        assert_eq!(err.category, Category::Syntax, "{err:?}");
        // The error is where the garbage starts.
        assert_eq!(
            err.offset,
            at,
            "{:?}: {err:?}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn stream_error_inside_element_k_has_its_path() {
    #[derive(Debug, PartialEq, Clone, Deserialize)]
    struct A {
        a: u32,
    }
    // Data error in element 2.
    let items = stream_all_ways::<A>(br#"[{"a":1},{"a":2},{"a":"x"},{"a":4}]"#);
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Data, "{err:?}");
    assert_eq!(err.path, "$[2].a");
    assert!(err.display.ends_with(", path $[2].a"), "{}", err.display);

    // Syntax error deep in element 2.
    let items = stream_all_ways::<Value>(b"[1,2,[3,{\"k\":[tru]}],4]");
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Syntax, "{err:?}");
    assert_eq!(err.path, "$[2][1].k[0]");
    assert!(
        (14..=17).contains(&err.offset),
        "at the bad literal: {err:?}"
    );

    // Missing field: the error is about element 1 itself.
    let items = stream_all_ways::<A>(br#"[{"a":1},{"b":2},{"a":3}]"#);
    let err = ok_then_error(&items, 1);
    assert_eq!(err.category, Category::Data);
    assert!(err.path.starts_with("$[1]"), "{err:?}");
    assert!(err.display.contains("missing field `a`"), "{}", err.display);

    // End of input inside element 3.
    let items = stream_all_ways::<Value>(b"[1,2,3,[4,");
    let err = ok_then_error(&items, 3);
    assert_eq!(err.category, Category::Eof);
    assert!(err.path.starts_with("$[3]"), "{err:?}");

    // Trailing comma, missing comma.
    let err = ok_then_error(&stream_all_ways::<u8>(b"[1,2,]"), 2);
    assert_eq!(err.category, Category::Syntax);
    let err = ok_then_error(&stream_all_ways::<u8>(b"[1 2]"), 1);
    assert_eq!(err.category, Category::Syntax);
    assert_eq!(err.offset, 3);
}

#[test]
fn stream_over_a_non_array_is_an_error() {
    for text in [&br#"{"a":1}"#[..], b"5", b"\"[1]\"", b"", b"  ", b"nul"] {
        let items = stream_all_ways::<Value>(text);
        let err = ok_then_error(&items, 0);
        assert_ne!(err.category, Category::Io, "{err:?}");
    }
}

#[test]
fn stream_at_statuses() {
    let doc = br#"{
        "meta": {"count": 2, "statuses": "not this one"},
        "statuses": [{"id": 1, "text": "a"}, {"id": 2, "text": "b\u00e9"}],
        "after": [1, 2, {"x": "y"}]
    }"#;
    #[derive(Debug, PartialEq, Clone, Deserialize)]
    struct Status {
        id: u32,
        text: String,
    }
    let items = stream_at_all_ways::<Status>(doc, "/statuses");
    assert_eq!(
        oks(&items),
        vec![
            Status {
                id: 1,
                text: "a".into()
            },
            Status {
                id: 2,
                text: "bé".into()
            }
        ]
    );
}

#[test]
fn stream_at_nested_pointers_escapes_and_indices() {
    let doc = br#"{
        "x": [1, {"a": 0}],
        "a": {"z": 1, "b": {"c": [true, false]}},
        "a/b": [1],
        "m~n": [2],
        "~1": [3],
        "\u00e9\/": [4],
        "": [5],
        "data": [[0], [1, 2, 3], {"items": [6]}],
        "pages": [{"items": [7]}, {"items": [8, 9]}],
        "num": {"1": [10]}
    }"#;
    let cases: &[(&str, Value)] = &[
        ("/a/b/c", json!([true, false])),
        ("/a~1b", json!([1])),
        ("/m~0n", json!([2])),
        ("/~01", json!([3])),
        ("/é~1", json!([4])),
        ("/", json!([5])),
        ("/data/1", json!([1, 2, 3])),
        ("/data/0", json!([0])),
        ("/data/2/items", json!([6])),
        ("/pages/1/items", json!([8, 9])),
        ("/num/1", json!([10])),
    ];
    for (pointer, expected) in cases {
        let items = stream_at_all_ways::<Value>(doc, pointer);
        assert_eq!(Value::Array(oks(&items)), *expected, "pointer {pointer:?}");
    }
    // The empty pointer is the whole document.
    let items = stream_at_all_ways::<u8>(b"[1, 2]", "");
    assert_eq!(oks(&items), vec![1, 2]);
}

#[test]
fn stream_at_absent_or_not_an_array_is_an_error() {
    let doc = br#"{"a": {"b": 1, "s": "str", "arr": [[1]]}, "list": [1, 2]}"#;
    for pointer in [
        "/nope",
        "/a/nope",
        "/a/b/c",
        "/a/arr/5",
        "/a/arr/01",
        "/a/arr/-",
        "/list/2",
        "/a~2",
    ] {
        let items = stream_at_all_ways::<Value>(doc, pointer);
        let err = ok_then_error(&items, 0);
        assert_ne!(err.category, Category::Io, "{pointer}: {err:?}");
        assert_ne!(err.category, Category::Eof, "{pointer}: {err:?}");
    }
    for pointer in ["/a", "/a/b", "/a/s", "/a/arr/0/0"] {
        let items = stream_at_all_ways::<Value>(doc, pointer);
        let err = ok_then_error(&items, 0);
        assert_eq!(err.category, Category::Data, "{pointer}: {err:?}");
    }
    // A pointer must start with `/`.
    let items = stream_at_all_ways::<Value>(doc, "list");
    ok_then_error(&items, 0);
}

#[test]
fn stream_at_validates_what_comes_after_the_array() {
    let items = stream_at_all_ways::<u8>(br#"{"s":[1,2],"x":tru}"#, "/s");
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Syntax);
    assert!(
        (15..=18).contains(&err.offset),
        "at the bad literal: {err:?}"
    );

    let items = stream_at_all_ways::<u8>(br#"{"s":[1,2]} x"#, "/s");
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Syntax);
    assert_eq!(err.offset, 12);

    let items = stream_at_all_ways::<u8>(br#"{"s":[1,2]"#, "/s");
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Eof);

    let items = stream_at_all_ways::<u8>(br#"{"s":[1,2],"s2":[1,}"#, "/s");
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Syntax);

    // And what comes before it.
    let items = stream_at_all_ways::<u8>(br#"{"before":[1,,2],"s":[1,2]}"#, "/s");
    let err = ok_then_error(&items, 0);
    assert_eq!(err.category, Category::Syntax);

    // Well-formed after: just the elements.
    let items = stream_at_all_ways::<u8>(br#"{"s":[1,2],"x":[{"y":"]"}]}  "#, "/s");
    assert_eq!(oks(&items), vec![1, 2]);
}

#[test]
fn stream_at_error_inside_element_has_its_path() {
    let items = stream_at_all_ways::<u32>(br#"{"a":{"s b":[1,"x",3]}}"#, "/a/s b");
    let err = ok_then_error(&items, 1);
    assert_eq!(err.category, Category::Data);
    assert_eq!(err.path, r#"$.a["s b"][1]"#);
}

#[test]
fn stream_entries_over_an_object() {
    fn entries<V: DeserializeOwned + PartialEq + std::fmt::Debug>(
        input: &[u8],
    ) -> Vec<Result<(String, V), ErrInfo>> {
        let reference = drain(jsonstream::stream_entries::<V, _>(input));
        for w in [1, 2, 3, 7] {
            let other = drain(
                options(Some(w))
                    .stream_entries::<V, _>(InterruptedReader::new(OneByteReader::new(input))),
            );
            assert_eq!(other, reference, "window {w}");
        }
        reference
    }
    let items = entries::<u32>(br#"{"a":1,"b":2,"c":3}"#);
    assert_eq!(
        oks(&items),
        vec![
            ("a".to_owned(), 1),
            ("b".to_owned(), 2),
            ("c".to_owned(), 3)
        ]
    );
    assert!(entries::<u32>(b" { } ").is_empty());

    let items = entries::<Value>(
        br#"{ "a\nb" : {"x":[1,2]} , "\u00e9\ud83d\ude00": null, "dup": 1, "dup": 2 }"#,
    );
    assert_eq!(
        oks(&items),
        vec![
            ("a\nb".to_owned(), json!({"x": [1, 2]})),
            ("é😀".to_owned(), Value::Null),
            ("dup".to_owned(), json!(1)),
            ("dup".to_owned(), json!(2)),
        ]
    );

    let items = entries::<u32>(br#"{"a":1,"b":"x","c":3}"#);
    let err = ok_then_error(&items, 1);
    assert_eq!(err.category, Category::Data);
    assert_eq!(err.path, "$.b");

    let items = entries::<u32>(br#"{"a":1} x"#);
    let err = ok_then_error(&items, 1);
    assert_eq!(err.category, Category::Syntax);

    let items = entries::<u32>(br#"{"a":1,"b":2"#);
    let err = ok_then_error(&items, 2);
    assert_eq!(err.category, Category::Eof);

    for text in [&b"[1,2]"[..], b"1", b"\"s\"", b"{1:2}"] {
        let items = entries::<Value>(text);
        ok_then_error(&items, 0);
    }
}

/// A stream only reads as far as it was asked: the items come before the reader sees the bad
/// tail (the stream is lazy).
#[test]
fn streams_are_lazy() {
    let mut data = b"[1,2,3".to_vec();
    data.extend_from_slice(&vec![b' '; 1 << 20]);
    data.extend_from_slice(b"x");
    let counting = CountingReader {
        inner: &data[..],
        read: std::rc::Rc::new(std::cell::Cell::new(0)),
    };
    let read = counting.read.clone();
    let mut stream = options(Some(64)).stream::<u8, _>(counting);
    assert_eq!(stream.next().map(snap), Some(Ok(1)));
    assert!(
        read.get() < 1024,
        "read {} bytes for the first item",
        read.get()
    );
    assert_eq!(stream.next().map(snap), Some(Ok(2)));
    assert_eq!(stream.next().map(snap), Some(Ok(3)));
    let err = stream.next().expect("an error").expect_err("error");
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!(err.offset(), data.len() as u64 - 1);
    assert!(stream.next().is_none());
}

struct CountingReader<'a> {
    inner: &'a [u8],
    read: std::rc::Rc<std::cell::Cell<usize>>,
}

impl std::io::Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

/// A document shaped like a GeoJSON collection of layers.
const LAYERS: &[u8] = br#"{
    "name": "map",
    "layers": [
        {"name": "roads", "features": [{"id": 1}, {"id": 2}]},
        {"name": "no features"},
        {"name": "empty", "features": []},
        "not a layer",
        {"features": [{"id": 3}], "after": {"features": "not these"}},
        [{"features": [99]}]
    ],
    "features": [0]
}"#;

fn ids(items: &[Result<Value, ErrInfo>]) -> Vec<u64> {
    oks(items)
        .iter()
        .map(|f| f["id"].as_u64().expect("an id"))
        .collect()
}

#[test]
fn stream_at_wildcard_over_an_array_skips_values_that_lack_the_rest_of_the_path() {
    let items = stream_at_all_ways::<Value>(LAYERS, "/layers/*/features");
    assert_eq!(ids(&items), [1, 2, 3]);
    // The element's own path says which layer it came from.
    let mut stream = jsonstream::stream_at::<Value, _>(LAYERS, "/layers/*/features");
    let mut paths = Vec::new();
    while let Some(item) = stream.next() {
        item.unwrap();
        paths.push(stream.reader().path());
    }
    assert_eq!(
        paths,
        [
            "$.layers[0].features[0]",
            "$.layers[0].features[1]",
            "$.layers[4].features[0]"
        ]
    );
    // An index after a wildcard, and a wildcard at the end (every element of every array).
    let items = stream_at_all_ways::<Value>(LAYERS, "/layers/*/features/0");
    let err = ok_then_error(&items, 0);
    assert_eq!(
        err.path, "$.layers[0].features[0]",
        "an object, not an array"
    );
    let items = stream_at_all_ways::<Value>(br#"{"a": [[1, 2], [], 3, [4]]}"#, "/a/*");
    assert_eq!(
        ok_then_error(&items, 2).path,
        "$.a[2]",
        "3 is reached and is not an array"
    );
    let items = stream_at_all_ways::<u8>(br#"{"a": [[[1, 2]], [], [[3]], [[]]]}"#, "/a/*/*");
    assert_eq!(oks(&items), [1, 2, 3]);
}

#[test]
fn stream_at_wildcard_over_an_object_takes_every_member_value_in_document_order() {
    let doc = br#"{"by_day": {"tue": [3], "mon": [1, 2], "x": 5, "tue": [4]}, "*": [9]}"#;
    let items = stream_at_all_ways::<u8>(doc, "/by_day/*");
    let err = ok_then_error(&items, 3);
    assert_eq!(err.path, "$.by_day.x");
    assert_eq!(err.category, Category::Data);
    assert_eq!(
        err.display,
        "value at JSON Pointer `/by_day/*` is not an array at line 1 column 45, path $.by_day.x"
    );
    assert_eq!(oks(&items[..3]), [3, 1, 2]);
    // Repeated keys are each matched (serde_json's `Value` would keep the last one only).
    let doc = br#"{"by_day": {"tue": [3], "mon": [1, 2], "tue": [4]}}"#;
    assert_eq!(
        oks(&stream_at_all_ways::<u8>(doc, "/by_day/*")),
        [3, 1, 2, 4]
    );
    // The top level is matched too; `*` over an object and then over an array.
    let doc = br#"{"a": [[1], [2, 3]], "b": [], "c": [[4]]}"#;
    assert_eq!(oks(&stream_at_all_ways::<u8>(doc, "/*/*")), [1, 2, 3, 4]);
    assert_eq!(
        oks(&stream_at_all_ways::<u8>(b"[[1], {\"k\": [2]}]", "/*/k")),
        [2]
    );
}

#[test]
fn stream_at_several_wildcards_and_deep_nesting() {
    let doc = json!({
        "a": [
            {"b": [{"c": [1, 2]}, {"x": [0]}, {"c": [3]}]},
            {"b": {"k1": {"c": [4]}, "k2": {"c": []}, "k3": {"c": [5]}}},
            {"b": "scalar"},
            {"nob": []},
            {"b": []}
        ]
    });
    let text = serde_json::to_vec_pretty(&doc).unwrap();
    assert_eq!(
        oks(&stream_at_all_ways::<u8>(&text, "/a/*/b/*/c")),
        [1, 2, 3, 4, 5]
    );

    // 120 levels (the default limit is 127): in each array but the last two, the deeper array
    // and a number that lacks the rest of the path.
    let depth = 120;
    let mut text = "[".repeat(depth);
    text.push_str("7, 8]]");
    for level in 2..depth {
        text.push_str(&format!(", {level}]"));
    }
    let pointer = "/*".repeat(depth - 1);
    assert_eq!(
        oks(&stream_at_all_ways::<u32>(text.as_bytes(), &pointer)),
        [7, 8]
    );
    // Deeper than the depth limit is an error, not a stack overflow.
    let limited = jsonstream::ReaderOptions::new().limits(jsonstream::Limits {
        max_depth: 100,
        ..jsonstream::Limits::default()
    });
    let items = drain(limited.stream_at_slice::<u32>(text.as_bytes(), &pointer));
    let err = ok_then_error(&items, 0);
    assert_eq!(err.category, Category::Limit);
}

#[test]
fn stream_at_empty_arrays_and_objects_under_wildcards_yield_nothing() {
    for (doc, pointer) in [
        (&br#"{"a": []}"#[..], "/a/*"),
        (br#"{"a": {}}"#, "/a/*"),
        (br#"{"a": [[], {}, []]}"#, "/a/*/*"),
        (br#"{"a": [{"b": []}, {"b": []}]}"#, "/a/*/b"),
        (br#"{"a": [1, "x", null, true, {}]}"#, "/a/*/b"),
        (b"[]", "/*"),
        (b"{}", "/*"),
    ] {
        assert!(
            stream_at_all_ways::<Value>(doc, pointer).is_empty(),
            "{pointer} on {}",
            String::from_utf8_lossy(doc)
        );
    }
}

#[test]
fn stream_at_steps_before_the_first_wildcard_must_exist() {
    let doc = br#"{"a": {"n": 5, "list": [1]}, "s": "x"}"#;
    for (pointer, path) in [
        ("/nope/*", "$"),
        ("/a/nope/*/x", "$.a"),
        ("/a/n/*", "$.a.n"),
        ("/s/*", "$.s"),
        ("/a/list/3/*", "$.a.list"),
        ("/a/list/0/*", "$.a.list[0]"),
    ] {
        let err = ok_then_error(&stream_at_all_ways::<Value>(doc, pointer), 0);
        assert_eq!(err.category, Category::Data, "{pointer}");
        assert_eq!(err.path, path, "{pointer}");
        assert!(
            err.display
                .starts_with(&format!("JSON Pointer `{pointer}` not found at ")),
            "{pointer}: {}",
            err.display
        );
    }
}

#[test]
fn stream_at_a_literal_star_key_is_tilde_two() {
    let doc = br#"{"*": [1], "a*": [2], "**": [3], "~*/": [4], "*b": {"*": [5]}}"#;
    for (pointer, expected) in [
        ("/~2", vec![1]),
        ("/a~2", vec![2]),
        ("/a*", vec![2]),
        ("/**", vec![3]),
        ("/~2~2", vec![3]),
        ("/~0~2~1", vec![4]),
        ("/*b/~2", vec![5]),
        ("/~2b/*", vec![5]),
    ] {
        assert_eq!(
            oks(&stream_at_all_ways::<u8>(doc, pointer)),
            expected,
            "{pointer}"
        );
    }
    // `/*` is every member value: `"*b"` holds an object, an error after the arrays.
    let items = stream_at_all_ways::<u8>(doc, "/*");
    assert_eq!(ok_then_error(&items, 4).path, r#"$["*b"]"#);
}

#[test]
fn stream_at_a_malformed_pointer_is_an_error_before_anything_is_read() {
    for (pointer, why) in [
        ("layers", "a pointer is empty or starts with `/`"),
        ("*", "a pointer is empty or starts with `/`"),
        (
            "/a~",
            "`~` must be followed by `0` (`~`), `1` (`/`) or `2` (`*`)",
        ),
        (
            "/a~3/b",
            "`~` must be followed by `0` (`~`), `1` (`/`) or `2` (`*`)",
        ),
        (
            "/*/~*",
            "`~` must be followed by `0` (`~`), `1` (`/`) or `2` (`*`)",
        ),
    ] {
        // Even on a document that is not JSON: the pointer is checked first. Nothing of the
        // document is to blame, so a first line feed (which a slice holds and one-byte reads
        // have not read) does not move the error.
        for doc in [LAYERS, b"not json", b"\n[1]"] {
            let err = ok_then_error(&stream_at_all_ways::<Value>(doc, pointer), 0);
            assert_eq!(err.category, Category::Data);
            assert_eq!((err.offset, err.line, err.column), (0, 1, 0));
            assert_eq!(
                err.display,
                format!("invalid JSON Pointer `{pointer}`: {why} at line 1 column 0")
            );
            let err = ok_then_error(&entries_at_all_ways::<Value>(doc, pointer), 0);
            assert!(err.display.starts_with("invalid JSON Pointer"), "{err:?}");
        }
    }
}

#[test]
fn stream_at_wildcard_errors_name_real_indices_and_keys() {
    #[derive(Debug, PartialEq, Clone, Deserialize)]
    struct Feature {
        id: u32,
    }
    let mut layers: Vec<Value> = (0..4)
        .map(|l| json!({"features": (0..9).map(|f| json!({"id": l * 10 + f})).collect::<Vec<_>>()}))
        .collect();
    layers[3]["features"][7]["id"] = json!("seven");
    let text = serde_json::to_vec(&json!({"layers": layers})).unwrap();
    let items = stream_at_all_ways::<Feature>(&text, "/layers/*/features");
    let err = ok_then_error(&items, 3 * 9 + 7);
    assert_eq!(err.category, Category::Data);
    assert_eq!(err.path, "$.layers[3].features[7].id");
    // Every value the whole pointer reaches must be an array, wildcards or not.
    let items = stream_at_all_ways::<u32>(&text, "/layers/*/features/*/id");
    let err = ok_then_error(&items, 0);
    assert_eq!(err.path, "$.layers[0].features[0].id");
    let items = stream_entries_at_paths(&text, "/layers/*/features/*");
    assert_eq!(items.len(), 4 * 9 - 1 + 1);
    assert_eq!(items[3 * 9 + 7].0, "$.layers[3].features[7].id");
}

/// The paths of the members that `stream_entries_at` yields (slice path), until its end or
/// first error.
fn stream_entries_at_paths(input: &[u8], pointer: &str) -> Vec<(String, Value)> {
    let mut stream =
        jsonstream::ReaderOptions::new().stream_entries_at_slice::<Value>(input, pointer);
    let mut paths = Vec::new();
    while let Some(Ok((_, value))) = stream.next() {
        paths.push((stream.reader().path(), value));
    }
    paths
}

#[test]
fn stream_at_reads_and_checks_the_rest_after_the_last_match() {
    // After the last element: a bad literal later in the document.
    let doc = br#"{"layers": [{"features": [1]}, {"x": 1}], "after": [tru]}"#;
    let err = ok_then_error(&stream_at_all_ways::<u8>(doc, "/layers/*/features"), 1);
    assert_eq!(err.category, Category::Syntax);
    assert_eq!(err.path, "$.after[0]");
    // In a skipped value under the wildcard, after the last match.
    let doc = br#"{"layers": [{"features": [1]}, {"other": [1,,2]}]}"#;
    let err = ok_then_error(&stream_at_all_ways::<u8>(doc, "/layers/*/features"), 1);
    assert_eq!(err.category, Category::Syntax);
    assert_eq!(err.path, "$.layers[1].other[1]");
    // In a matched layer, after its features.
    let doc = br#"{"layers": [{"features": [1], "z": {"a" 1}}]}"#;
    let err = ok_then_error(&stream_at_all_ways::<u8>(doc, "/layers/*/features"), 1);
    assert_eq!(err.category, Category::Syntax);
    // Trailing characters, and a document cut short.
    let doc = br#"{"layers": [{"features": [1]}]} ]"#;
    let err = ok_then_error(&stream_at_all_ways::<u8>(doc, "/layers/*/features"), 1);
    assert_eq!((err.category, err.offset), (Category::Syntax, 32));
    let doc = br#"{"layers": [{"features": [1]}, {"features": [2]"#;
    let err = ok_then_error(&stream_at_all_ways::<u8>(doc, "/layers/*/features"), 2);
    assert_eq!(err.category, Category::Eof);
}

#[test]
fn stream_entries_at_an_object_at_a_pointer() {
    let doc = br#"{
        "meta": {"skip": [1, {"a": 2}]},
        "env": {"HOME": "/root", "": "empty key", "HOME": "again"},
        "users": [
            {"name": "a", "settings": {"theme": "dark", "lang": "en"}},
            {"name": "b"},
            {"name": "c", "settings": {}},
            {"name": "d", "settings": {"theme": "light"}}
        ]
    }"#;
    let items = entries_at_all_ways::<String>(doc, "/env");
    assert_eq!(
        oks(&items),
        [
            ("HOME".to_owned(), "/root".to_owned()),
            (String::new(), "empty key".to_owned()),
            ("HOME".to_owned(), "again".to_owned()),
        ]
    );
    let items = entries_at_all_ways::<String>(doc, "/users/*/settings");
    assert_eq!(
        oks(&items),
        [
            ("theme".to_owned(), "dark".to_owned()),
            ("lang".to_owned(), "en".to_owned()),
            ("theme".to_owned(), "light".to_owned()),
        ]
    );
    let paths: Vec<String> = stream_entries_at_paths(doc, "/users/*/settings")
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        paths,
        [
            "$.users[0].settings.theme",
            "$.users[0].settings.lang",
            "$.users[3].settings.theme"
        ]
    );
    // The top-level object: the pointer "".
    let items = entries_at_all_ways::<Value>(br#"{"a": 1, "b": [2]}"#, "");
    assert_eq!(
        oks(&items),
        [("a".to_owned(), json!(1)), ("b".to_owned(), json!([2]))]
    );

    // Not an object, absent, and errors after the members.
    for (pointer, path, message) in [
        ("/users", "$.users", "is not an object"),
        ("/users/0/name", "$.users[0].name", "is not an object"),
        ("/nope", "$", "not found"),
        ("/meta/skip/1/a", "$.meta.skip[1].a", "is not an object"),
    ] {
        let err = ok_then_error(&entries_at_all_ways::<Value>(doc, pointer), 0);
        assert_eq!(err.category, Category::Data, "{pointer}");
        assert_eq!(err.path, path, "{pointer}");
        assert!(err.display.contains(message), "{pointer}: {}", err.display);
    }
    let items = entries_at_all_ways::<u8>(br#"{"o": {"a": 1, "b": "x"}}"#, "/o");
    assert_eq!(ok_then_error(&items, 1).path, "$.o.b");
    let items = entries_at_all_ways::<u8>(br#"{"o": {"a": 1}, "p": nul}"#, "/o");
    assert_eq!(ok_then_error(&items, 1).category, Category::Syntax);
    let items = entries_at_all_ways::<u8>(br#"[{"a": 1}, [], {"b": 2}]"#, "/*");
    assert_eq!(ok_then_error(&items, 1).path, "$[1]");
}

fn element<V>(value: V) -> Item<V> {
    Item::Element(value)
}

fn member<V>(key: &str, value: V) -> Item<V> {
    Item::Member(key.to_owned(), value)
}

#[test]
fn stream_items_at_an_array_or_an_object_whichever_is_there() {
    let doc = br#"{
        "before": {"skip": [1, {"a": 2}]},
        "list": [1, [2], {"k": 3}],
        "map": {"x": 1, "": [2], "x": {"k": 3}},
        "empty": [], "none": {},
        "after": [true]
    }"#;
    assert_eq!(
        oks(&items_at_all_ways::<Value>(doc, "/list")),
        [
            element(json!(1)),
            element(json!([2])),
            element(json!({"k": 3}))
        ]
    );
    // Members in document order, a repeated key each time.
    assert_eq!(
        oks(&items_at_all_ways::<Value>(doc, "/map")),
        [
            member("x", json!(1)),
            member("", json!([2])),
            member("x", json!({"k": 3}))
        ]
    );
    assert!(items_at_all_ways::<Value>(doc, "/empty").is_empty());
    assert!(items_at_all_ways::<Value>(doc, "/none").is_empty());
    // The pointer "": the top-level value, an object or an array.
    let keys: Vec<Option<String>> = oks(&items_at_all_ways::<Value>(doc, ""))
        .iter()
        .map(|item| item.key().map(str::to_owned))
        .collect();
    assert_eq!(
        keys,
        ["before", "list", "map", "empty", "none", "after"].map(|k| Some(k.to_owned()))
    );
    assert_eq!(
        oks(&items_at_all_ways::<u8>(b" [4, 5] ", "")),
        [element(4), element(5)]
    );
    // The same items, with keys, as the streams that take one kind.
    for pointer in ["/list", "/map/x~1", "/before/skip"] {
        let arrays = stream_at_all_ways::<Value>(doc, pointer);
        let items = items_at_all_ways::<Value>(doc, pointer);
        assert_eq!(
            items,
            arrays
                .into_iter()
                .map(|a| a.map(Item::Element))
                .collect::<Vec<_>>()
        );
    }
    for pointer in ["/map", "/before", "/list/2"] {
        let entries = entries_at_all_ways::<Value>(doc, pointer);
        let items = items_at_all_ways::<Value>(doc, pointer);
        assert_eq!(
            items,
            entries
                .into_iter()
                .map(|e| e.map(|(k, v)| Item::Member(k, v)))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn stream_items_at_wildcards_reach_arrays_and_objects_alike() {
    let doc = br#"{"shards": [
        {"hits": [1, 2]},
        {"hits": {"a": 3, "b": 4}},
        {"misses": 0},
        7,
        {"hits": []},
        {"hits": {}},
        {"hits": [5]}
    ]}"#;
    assert_eq!(
        oks(&items_at_all_ways::<u8>(doc, "/shards/*/hits")),
        [
            element(1),
            element(2),
            member("a", 3),
            member("b", 4),
            element(5)
        ]
    );
    // Every item's path says which container it came from.
    let mut items =
        jsonstream::ReaderOptions::new().stream_items_at_slice::<u8>(doc, "/shards/*/hits");
    let mut paths = Vec::new();
    while let Some(item) = items.next() {
        item.unwrap();
        paths.push(items.reader().path());
    }
    assert_eq!(
        paths,
        [
            "$.shards[0].hits[0]",
            "$.shards[0].hits[1]",
            "$.shards[1].hits.a",
            "$.shards[1].hits.b",
            "$.shards[6].hits[0]"
        ]
    );
    // Wildcards at the end: the items of every value the first one matches, which must all
    // be containers.
    assert_eq!(
        oks(&items_at_all_ways::<u8>(
            br#"{"o": {"a": [1], "b": {"c": 2}}, "z": 0}"#,
            "/o/*"
        )),
        [element(1), member("c", 2)]
    );
    assert_eq!(
        oks(&items_at_all_ways::<u8>(
            br#"[[[1], {"a": 2}], {"b": {"c": 3}}]"#,
            "/*/*"
        )),
        [element(1), member("a", 2), member("c", 3)]
    );
    let items = items_at_all_ways::<Value>(doc, "/shards/*");
    let err = ok_then_error(&items, 3);
    assert_eq!(
        oks(&items[..3]),
        [
            member("hits", json!([1, 2])),
            member("hits", json!({"a": 3, "b": 4})),
            member("misses", json!(0))
        ]
    );
    assert_eq!(err.category, Category::Data);
    assert_eq!(err.path, "$.shards[3]");
    assert_eq!(
        err.display,
        "value at JSON Pointer `/shards/*` is neither an array nor an object \
         at line 5 column 9, path $.shards[3]"
    );
}

#[test]
fn stream_items_at_errors_say_where_and_end_the_stream() {
    let doc = br#"{"n": 1, "s": "x", "t": true, "z": null, "a": [1, 2], "o": {"k": 1}}"#;
    for (pointer, path) in [("/n", "$.n"), ("/s", "$.s"), ("/t", "$.t"), ("/z", "$.z")] {
        let err = ok_then_error(&items_at_all_ways::<Value>(doc, pointer), 0);
        assert_eq!(err.category, Category::Data, "{pointer}");
        assert_eq!(err.path, path, "{pointer}");
        assert!(
            err.display.starts_with(&format!(
                "value at JSON Pointer `{pointer}` is neither an array nor an object at line 1"
            )),
            "{pointer}: {}",
            err.display
        );
    }
    let err = ok_then_error(&items_at_all_ways::<Value>(b"12", ""), 0);
    assert_eq!(
        err.display,
        "value at JSON Pointer `` is neither an array nor an object at line 1 column 1"
    );
    // Absent, malformed, and an index into an object.
    for (pointer, path, message) in [
        ("/nope", "$", "JSON Pointer `/nope` not found"),
        ("/a/2", "$.a", "JSON Pointer `/a/2` not found"),
        ("/o/k/x", "$.o.k", "JSON Pointer `/o/k/x` not found"),
        ("a", "$", "invalid JSON Pointer `a`"),
        ("/a~", "$", "invalid JSON Pointer `/a~`"),
    ] {
        let err = ok_then_error(&items_at_all_ways::<Value>(doc, pointer), 0);
        assert_eq!(err.category, Category::Data, "{pointer}");
        assert_eq!(err.path, path, "{pointer}");
        assert!(err.display.contains(message), "{pointer}: {}", err.display);
    }
    // A value that does not fit `V`, of an element and of a member.
    let err = ok_then_error(&items_at_all_ways::<u8>(br#"{"a": [1, "x"]}"#, "/a"), 1);
    assert_eq!(err.path, "$.a[1]");
    let err = ok_then_error(
        &items_at_all_ways::<u8>(br#"{"o": {"k": 1, "l": -1}}"#, "/o"),
        1,
    );
    assert_eq!(err.path, "$.o.l");
    // The rest of the document is read and checked after the last item.
    let err = ok_then_error(
        &items_at_all_ways::<u8>(br#"{"o": {"k": 1}, "p": [}"#, "/o"),
        1,
    );
    assert_eq!(
        (err.category, err.path.as_str()),
        (Category::Syntax, "$.p[0]")
    );
    let err = ok_then_error(&items_at_all_ways::<u8>(br#"[1, 2] x"#, ""), 2);
    assert_eq!(err.category, Category::Syntax);
    let err = ok_then_error(&items_at_all_ways::<u8>(br#"{"o": {"k": 1}"#, "/o"), 1);
    assert_eq!(err.category, Category::Eof);
    // Keys are bounded as in `stream_entries_at`.
    let limited = jsonstream::ReaderOptions::new().limits(jsonstream::Limits {
        max_key_len: 3,
        ..jsonstream::Limits::default()
    });
    let items =
        drain(limited.stream_items_at_slice::<u8>(br#"{"o": {"abc": 1, "abcd": 2}}"#, "/o"));
    assert_eq!(ok_then_error(&items, 1).category, Category::Limit);
}

mod wildcard_differential {
    //! `stream_at`, `stream_entries_at` and `stream_items_at` against serde_json: the document
    //! parsed whole into a `Value`, the pointer resolved by hand over it
    //! (`reference::pointer_outcome`).

    use super::*;
    use jsonstream_tests::reference::{path_key, pointer_outcome, PointerOutcome, Takes};
    use jsonstream_tests::strategies::config;
    use proptest::prelude::*;

    /// Keys that pointers name, including a literal `*` and keys that need escapes.
    const KEYS: &[&str] = &["a", "b", "c", "*", "~/", ""];
    /// Steps of pointers: keys (escaped), indices, wildcards, and a malformed one.
    const STEPS: &[&str] = &[
        "a", "b", "c", "~2", "~0~1", "", "0", "1", "01", "*", "*", "*", "~3",
    ];

    /// Documents of nested arrays and objects (the top level is one of them).
    fn arb_tree() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u16>().prop_map(|n| json!(n)),
            "[a-z\"\\\\é]{0,3}".prop_map(Value::String),
        ];
        let container = |inner: BoxedStrategy<Value>| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..5).prop_map(
                    |members| Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect()
                    )
                ),
            ]
        };
        let tree = leaf.prop_recursive(5, 96, 5, move |inner| container(inner.boxed()));
        container(tree.boxed())
    }

    /// The shape of a document whose arrays hold values of one shape, as real data does: a
    /// leaf, an array, or an object with some optional members.
    #[derive(Debug, Clone)]
    enum Shape {
        Leaf,
        Array(Box<Shape>),
        Object(Vec<(&'static str, Shape, bool)>),
    }

    fn arb_shape() -> impl Strategy<Value = Shape> {
        Just(Shape::Leaf).prop_recursive(5, 32, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|s| Shape::Array(Box::new(s))),
                prop::collection::vec((prop::sample::select(KEYS), inner, any::<bool>()), 1..4)
                    .prop_map(Shape::Object),
            ]
        })
    }

    /// A value of `shape`; one in 24 is a leaf whatever the shape.
    fn arb_instance(shape: &Shape) -> BoxedStrategy<Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<u16>().prop_map(|n| json!(n)),
            "[a-z]{0,2}".prop_map(Value::String),
        ];
        let value = match shape {
            Shape::Leaf => return leaf.boxed(),
            Shape::Array(element) => prop::collection::vec(arb_instance(element), 0..4)
                .prop_map(Value::Array)
                .boxed(),
            Shape::Object(members) => members
                .iter()
                .map(|&(key, ref shape, optional)| {
                    let value = arb_instance(shape);
                    let value = if optional {
                        prop::option::weighted(0.7, value).boxed()
                    } else {
                        value.prop_map(Some).boxed()
                    };
                    value.prop_map(move |v| v.map(|v| (key.to_string(), v)))
                })
                .collect::<Vec<_>>()
                .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
                .boxed(),
        };
        prop_oneof![23 => value, 1 => leaf].boxed()
    }

    fn arb_doc() -> impl Strategy<Value = Value> {
        prop_oneof![
            arb_tree(),
            arb_shape()
                .prop_filter("a container", |s| !matches!(s, Shape::Leaf))
                .prop_flat_map(|shape| arb_instance(&shape)),
        ]
    }

    /// A document and a pointer: one in four drawn at random, the others a path down the
    /// document with some steps made wildcards, mostly ending at a container of a kind the
    /// stream takes.
    fn arb_case(takes: Takes) -> impl Strategy<Value = (Value, String)> {
        let random = prop::collection::vec(prop::sample::select(STEPS), 0..5)
            .prop_map(|steps| steps.iter().map(|s| format!("/{s}")).collect::<String>());
        let path = prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 8);
        let guided = prop::bool::weighted(0.75);
        let end = any::<prop::sample::Index>();
        (arb_doc(), random, path, guided, end).prop_map(move |(doc, random, path, guided, end)| {
            if !guided {
                return (doc, random);
            }
            let mut pointer = String::new();
            // The pointers along the path that reach a container of the kind wanted.
            let mut ends = Vec::new();
            let mut at = &doc;
            for (choice, wildcard) in path {
                if takes.takes(at) {
                    ends.push(pointer.clone());
                }
                let step = match at {
                    Value::Array(elements) if !elements.is_empty() => {
                        let i = choice.index(elements.len());
                        at = &elements[i];
                        i.to_string()
                    }
                    Value::Object(members) if !members.is_empty() => {
                        let (key, value) = members.iter().nth(choice.index(members.len())).unwrap();
                        at = value;
                        match key.as_str() {
                            "*" => "~2".to_owned(),
                            key => key.replace('~', "~0").replace('/', "~1"),
                        }
                    }
                    // Past the end of the document's paths, sometimes one step more.
                    _ if choice.index(4) == 0 => choice.get(STEPS).to_string(),
                    _ => break,
                };
                pointer.push('/');
                pointer.push_str(if wildcard { "*" } else { &step });
            }
            if ends.is_empty() || end.index(4) == 0 {
                ends.push(pointer);
            }
            let pointer = ends.swap_remove(end.index(ends.len()));
            (doc, pointer)
        })
    }

    /// An item: its path, its key (a member's) and its value.
    type Got = (String, Option<String>, Value);

    /// An expected item, or an error's path and a piece of its message.
    type Expected = Result<Got, (String, &'static str)>;

    /// What a stream over the items of the containers `pointer` reaches must give, from the
    /// reference: arrays' elements, objects' members, or both, as `takes` says.
    fn expected(doc: &Value, pointer: &str, takes: Takes) -> Vec<Expected> {
        let reached = match pointer_outcome(doc, pointer) {
            PointerOutcome::Malformed => return vec![Err(("$".into(), "invalid JSON Pointer"))],
            PointerOutcome::NotFound(path) => return vec![Err((path, "not found"))],
            PointerOutcome::Reached(reached) => reached,
        };
        let mut items = Vec::new();
        for (path, value) in reached {
            match value {
                Value::Array(elements) if takes.takes(value) => {
                    items.extend(
                        elements
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Ok((format!("{path}[{i}]"), None, v.clone()))),
                    );
                }
                Value::Object(map) if takes.takes(value) => items.extend(
                    map.iter()
                        .map(|(k, v)| Ok((path_key(&path, k), Some(k.clone()), v.clone()))),
                ),
                _ => {
                    items.push(Err((path, takes.refusal())));
                    break;
                }
            }
        }
        items
    }

    /// A stream's items with the path of each (the reader's path just after it).
    fn items_with_paths<I, T>(
        mut stream: I,
        path: impl Fn(&I) -> String,
        key_value: impl Fn(T) -> (Option<String>, Value),
    ) -> Vec<Result<Got, ErrInfo>>
    where
        I: Iterator<Item = jsonstream::Result<T>>,
    {
        let mut items = Vec::new();
        while let Some(item) = stream.next() {
            items.push(match item {
                Ok(item) => {
                    let (key, value) = key_value(item);
                    Ok((path(&stream), key, value))
                }
                Err(e) => Err(ErrInfo::from(e)),
            });
        }
        items
    }

    /// An item of `stream_items_at` as the reference gives it.
    fn key_and_value(item: Item<Value>) -> (Option<String>, Value) {
        match item {
            Item::Element(value) => (None, value),
            Item::Member(key, value) => (Some(key), value),
        }
    }

    fn check(got: &[Result<Got, ErrInfo>], expected: &[Expected]) -> Result<(), TestCaseError> {
        prop_assert_eq!(got.len(), expected.len(), "{:?}\n  vs {:?}", got, expected);
        for (g, e) in got.iter().zip(expected) {
            match (g, e) {
                (Ok(g), Ok(e)) => prop_assert_eq!(g, e),
                (Err(g), Err((path, message))) => {
                    prop_assert_eq!(g.category, Category::Data, "{:?}", g);
                    prop_assert_eq!(&g.path, path, "{:?}", g);
                    prop_assert!(g.display.contains(message), "{:?} vs {:?}", g, message);
                }
                _ => prop_assert!(false, "{:?} vs {:?}", g, e),
            }
        }
        Ok(())
    }

    /// Items and paths of `stream_at` on the slice path (after checking that every path gives
    /// the same items) against the reference.
    fn stream_at_against_the_reference(
        doc: &Value,
        text: &[u8],
        pointer: &str,
    ) -> Result<(), TestCaseError> {
        let expected = expected(doc, pointer, Takes::Arrays);
        let items = stream_at_all_ways::<Value>(text, pointer);
        prop_assert_eq!(items.len(), expected.len());
        let stream = jsonstream::ReaderOptions::new().stream_at_slice::<Value>(text, pointer);
        let got = items_with_paths(stream, |s| s.reader().path(), |v| (None, v));
        check(&got, &expected)
    }

    /// Documents shaped for `/a/*/b/*/c`: `a` an array or object of values that mostly have a
    /// `b`, itself an array or object of values that mostly have a `c`, mostly an array.
    fn arb_nested() -> impl Strategy<Value = Value> {
        fn some(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(("[a-c*]{1,2}", inner), 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
            .boxed()
        }
        fn member(key: &'static str, inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
            prop_oneof![
                6 => inner.prop_map(move |v| json!({ key: v, "x": 0 })),
                1 => Just(json!({"x": [1]})),
                1 => Just(json!(2)),
                1 => Just(json!([])),
            ]
            .boxed()
        }
        let c = prop_oneof![
            8 => prop::collection::vec(any::<u8>().prop_map(|n| json!(n)), 1..4).prop_map(Value::Array),
            1 => Just(json!({"k": 1})),
            1 => Just(Value::Null),
        ];
        let b = some(member("c", c.boxed()));
        let a = some(member("b", b));
        prop_oneof![
            8 => a.prop_map(|a| json!({"a": a, "z": [true]})),
            1 => Just(json!({"z": []})),
            1 => Just(json!({"a": 3})),
        ]
    }

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn stream_at_matches_the_reference((doc, pointer) in arb_case(Takes::Arrays), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_vec_pretty(&doc) } else { serde_json::to_vec(&doc) }.unwrap();
            stream_at_against_the_reference(&doc, &text, &pointer)?;
        }

        #[test]
        fn several_wildcards_match_the_reference(
            doc in arb_nested(),
            pointer in prop::sample::select(vec!["/a/*/b/*/c", "/*/*/b/*/c", "/a/*/*/*/c", "/a/*/b/0/c", "/a/*/b/*", "/a/*/b/*/c/*"]),
        ) {
            let text = serde_json::to_vec(&doc).unwrap();
            stream_at_against_the_reference(&doc, &text, pointer)?;
        }

        #[test]
        fn stream_entries_at_matches_the_reference((doc, pointer) in arb_case(Takes::Objects)) {
            let text = serde_json::to_vec(&doc).unwrap();
            let expected = expected(&doc, &pointer, Takes::Objects);
            let items = entries_at_all_ways::<Value>(&text, &pointer);
            prop_assert_eq!(items.len(), expected.len());
            let stream = jsonstream::ReaderOptions::new().stream_entries_at_slice::<Value>(&text, &pointer);
            let got = items_with_paths(stream, |s| s.reader().path(), |(k, v)| (Some(k), v));
            check(&got, &expected)?;
        }

        #[test]
        fn stream_items_at_matches_the_reference((doc, pointer) in arb_case(Takes::Both), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_vec_pretty(&doc) } else { serde_json::to_vec(&doc) }.unwrap();
            let expected = expected(&doc, &pointer, Takes::Both);
            let items = items_at_all_ways::<Value>(&text, &pointer);
            prop_assert_eq!(items.len(), expected.len());
            let stream = jsonstream::ReaderOptions::new().stream_items_at_slice::<Value>(&text, &pointer);
            let got = items_with_paths(stream, |s| s.reader().path(), key_and_value);
            check(&got, &expected)?;
        }

        #[test]
        fn several_wildcards_reach_items_as_the_reference_says(
            doc in arb_nested(),
            pointer in prop::sample::select(vec!["/a/*/b/*/c", "/*/*/b/*/c", "/a/*/*/*/c", "/a/*/b/*", "/a/*/b/*/c/*"]),
        ) {
            let text = serde_json::to_vec(&doc).unwrap();
            let expected = expected(&doc, pointer, Takes::Both);
            let stream = jsonstream::ReaderOptions::new().stream_items_at_slice::<Value>(&text, pointer);
            let got = items_with_paths(stream, |s| s.reader().path(), key_and_value);
            check(&got, &expected)?;
        }
    }
}
