//! Typed streams: `stream` over a top-level array, `stream_at` over the array at a JSON
//! Pointer, `stream_entries` over a top-level object; errors end a stream (fused) with the
//! path of the element.

use jsonstream::Category;
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

/// Same for `stream_at`.
fn stream_at_all_ways<T>(input: &[u8], pointer: &str) -> Vec<Result<T, ErrInfo>>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let reference = drain(jsonstream::stream_at::<T, _>(input, pointer));
    let mut others = vec![
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
