//! Members of a `#[derive(Load)]` struct in the document: unknown members skipped without
//! error (scalars, big nested values, huge strings, names close to known ones), missing
//! members ("missing field", `Option` as `None`, defaults), duplicate members ("duplicate
//! field"), wrong types; every error with its message, category, position and JSON path, also
//! inside nested values (`$.inner.x`, `$.more[1].data`); limits and reuse of a `Loader`.

use jsonstream::{Category, LimitKind, Limits, Load, Loader, ReaderOptions};
use jsonstream_tests::readers::{OneByteReader, Schedule};
use jsonstream_tests::snapshot::{snap, ErrInfo};

/// Loads `T` from `input` through every fixed schedule; all must give the same outcome as
/// the slice, which is returned (values compared with `PartialEq`, errors in full).
fn outcome<T>(input: &[u8]) -> Result<T, ErrInfo>
where
    T: jsonstream::LoadOwned + PartialEq + std::fmt::Debug,
{
    let expected = snap(jsonstream::load_slice::<T>(input));
    for schedule in Schedule::fixed() {
        let got = snap(jsonstream::load::<T, _>(schedule.reader(input)));
        assert_eq!(
            got,
            expected,
            "{schedule:?} on {:?}",
            String::from_utf8_lossy(input)
        );
    }
    expected
}

/// The error of loading `T` from `input` (the same through every schedule).
#[track_caller]
fn error<T>(input: &[u8]) -> ErrInfo
where
    T: jsonstream::LoadOwned + PartialEq + std::fmt::Debug,
{
    match outcome::<T>(input) {
        Ok(value) => panic!(
            "{:?} loaded as {value:?}, expected an error",
            String::from_utf8_lossy(input)
        ),
        Err(err) => err,
    }
}

/// Asserts `err` is `display` (which ends with its position and path), of `category`.
#[track_caller]
fn assert_error(err: &ErrInfo, category: Category, display: &str) {
    assert_eq!(err.display, display);
    assert_eq!(err.category, category, "{display}");
    let expected_path = display
        .split(", path ")
        .nth(1)
        .map_or("$".to_owned(), str::to_owned);
    assert_eq!(err.path, expected_path, "{display}");
}

#[derive(Load, Debug, PartialEq, Default)]
struct Inner {
    x: u32,
    #[jsonstream(blob)]
    data: Vec<u8>,
}

#[derive(Load, Debug, PartialEq)]
struct Outer {
    id: u32,
    inner: Inner,
    #[jsonstream(seq)]
    more: Vec<Inner>,
    opt: Option<Inner>,
    plain: Vec<Inner>,
    #[jsonstream(rename = "a key")]
    keyed: Option<Inner>,
    #[jsonstream(seq)]
    grid: Vec<Vec<u8>>,
}

fn inner(x: u32, data: &[u8]) -> Inner {
    Inner {
        x,
        data: data.to_vec(),
    }
}

// ---------------------------------------------------------------------------------------------
// Unknown members
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_members_of_every_kind_are_skipped() {
    let json = br#"{
        "u-null": null, "u-true": true, "u-num": -1.5e300, "u-str": "x\"\\\u00e9\ud83d\ude00",
        "id": 1,
        "u-obj": {"id": 2, "inner": {"x": 3}, "deep": [[[{"a": [1, {"b": null}]}]]]},
        "inner": {"x": 4, "unknown": [1, 2], "data": "d", "also": {"x": 5}},
        "u-arr": [{"more": []}, [], {}, "", 0],
        "more": [{"x": 6, "data": "", "y": {}}],
        "opt": null, "plain": [], "grid": [],
        "ID": 7, "Id": 8, "i": 9, "idd": 10, "id ": 11, " id": 12, "inner2": 13, "": 14,
        "a ke": 15, "a key ": 16
    }"#;
    let loaded = outcome::<Outer>(json).unwrap();
    assert_eq!(
        loaded,
        Outer {
            id: 1,
            inner: inner(4, b"d"),
            more: vec![inner(6, b"")],
            opt: None,
            plain: Vec::new(),
            keyed: None,
            grid: Vec::new(),
        }
    );
}

#[test]
fn big_unknown_values_are_skipped_without_error() {
    // A huge string with escapes, a long array, a deeply nested value, a long key.
    let huge: String = "abc\\n\\u00e9 \\\"q\\\" \u{1F600} ".repeat(40_000);
    let long_array = (0..20_000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let deep = format!("{}1{}", "[".repeat(120), "]".repeat(120));
    let long_key = "k".repeat(100_000);
    let json = format!(
        r#"{{"huge": "{huge}", "id": 1, "array": [{long_array}], "inner": {{"deep": {deep}, "x": 2, "data": ""}},
            "{long_key}": {{"more": [{{"huge": "{huge}"}}]}}, "more": [], "plain": [], "grid": [[1, 2], []]}}"#
    );
    assert!(json.len() > 1_000_000);
    let loaded = jsonstream::load_slice::<Outer>(json.as_bytes()).unwrap();
    assert_eq!((loaded.id, loaded.inner.x), (1, 2));
    assert_eq!(loaded.grid, [vec![1, 2], vec![]]);
    for schedule in [Schedule::Whole, Schedule::Sizes(vec![1000, 7, 65_536])] {
        let got = jsonstream::load::<Outer, _>(schedule.reader(json.as_bytes())).unwrap();
        assert_eq!(got, loaded, "{schedule:?}");
    }
    // One byte at a time, once (a million reads).
    assert_eq!(
        jsonstream::load::<Outer, _>(OneByteReader::new(json.as_bytes())).unwrap(),
        loaded
    );
}

#[test]
fn unknown_member_values_must_still_be_valid_json() {
    let err = error::<Outer>(br#"{"id": 1, "unknown": [1, 2,], "inner": {"x": 1, "data": ""}}"#);
    assert_error(
        &err,
        Category::Syntax,
        "trailing comma at line 1 column 28, path $.unknown[2]",
    );
    let err = error::<Outer>(br#"{"unknown": {"a": tru}}"#);
    assert_error(
        &err,
        Category::Syntax,
        "expected ident at line 1 column 22, path $.unknown.a",
    );
    let err = error::<Outer>(br#"{"unknown": "abc"#);
    assert_error(
        &err,
        Category::Eof,
        "EOF while parsing a string at line 1 column 16, path $.unknown",
    );
}

// ---------------------------------------------------------------------------------------------
// Missing members
// ---------------------------------------------------------------------------------------------

#[derive(Load, Debug, PartialEq)]
struct Required {
    a: u32,
    #[jsonstream(blob)]
    b: Vec<u8>,
    #[jsonstream(seq)]
    c: Vec<u8>,
    inner: Inner,
    #[jsonstream(rename = "E")]
    e: String,
}

#[derive(Load, Debug, PartialEq)]
struct Optional {
    plain: Option<String>,
    nested: Option<Inner>,
    boxed: Option<Box<Inner>>,
    nested_twice: Option<Option<u32>>,
    #[jsonstream(default, blob)]
    blob: Vec<u8>,
    #[jsonstream(default, seq)]
    seq: Vec<u32>,
    #[jsonstream(default)]
    inner: Inner,
}

#[test]
fn missing_members_name_the_field_in_the_document() {
    // Every kind of field: plain, blob, seq, nested Load type, renamed. The error is located
    // at the end of the object (`}`) with the object's path.
    let full = br#"{"a": 1, "b": "", "c": [], "inner": {"x": 1, "data": ""}, "E": ""}"#;
    assert!(outcome::<Required>(full).is_ok());
    let cases: [(&[u8], &str); 6] = [
        (
            br#"{"b": "", "c": [], "inner": {"x": 1, "data": ""}, "E": ""}"#,
            "a",
        ),
        (
            br#"{"a": 1, "c": [], "inner": {"x": 1, "data": ""}, "E": ""}"#,
            "b",
        ),
        (
            br#"{"a": 1, "b": "", "inner": {"x": 1, "data": ""}, "E": ""}"#,
            "c",
        ),
        (br#"{"a": 1, "b": "", "c": [], "E": ""}"#, "inner"),
        (
            br#"{"a": 1, "b": "", "c": [], "inner": {"x": 1, "data": ""}, "e": ""}"#,
            "E",
        ),
        (b"{}", "a"),
    ];
    for (input, field) in cases {
        let err = error::<Required>(input);
        assert_eq!(err.category, Category::Data, "{field}");
        assert_eq!(err.path, "$", "{field}");
        assert_eq!(err.line, 1);
        assert!(
            err.display
                .starts_with(&format!("missing field `{field}` at line 1 column ")),
            "{}",
            err.display
        );
        // At the end of the object, give or take the `}` itself.
        let end = input.len() as u64;
        assert!(
            err.offset == end || err.offset == end - 1,
            "{} at offset {}",
            err.display,
            err.offset
        );
    }

    // Inside a nested value: the path of the nested object.
    let err =
        error::<Required>(br#"{"a": 1, "b": "", "c": [], "inner": {"data": "", "y": 2}, "E": ""}"#);
    assert!(err
        .display
        .starts_with("missing field `x` at line 1 column "));
    assert_eq!(err.path, "$.inner");
    let err = error::<Outer>(
        br#"{"id": 1, "inner": {"x": 1, "data": ""}, "more": [{"x": 1, "data": ""}, {"x": 2}], "plain": [], "grid": []}"#,
    );
    assert!(err
        .display
        .starts_with("missing field `data` at line 1 column "));
    assert_eq!(err.path, "$.more[1]");
    assert_eq!(err.category, Category::Data);
}

#[test]
fn missing_options_are_none_and_defaults_are_used() {
    assert_eq!(
        outcome::<Optional>(b"{}").unwrap(),
        Optional {
            plain: None,
            nested: None,
            boxed: None,
            nested_twice: None,
            blob: Vec::new(),
            seq: Vec::new(),
            inner: Inner::default(),
        }
    );
    let json = br#"{"plain": null, "nested": null, "boxed": null, "nested_twice": null}"#;
    let loaded = outcome::<Optional>(json).unwrap();
    assert_eq!(
        (
            loaded.plain,
            loaded.nested,
            loaded.boxed,
            loaded.nested_twice
        ),
        (None, None, None, None)
    );
    let json = br#"{"plain": "p", "nested": {"x": 1, "data": "n"}, "boxed": {"x": 2, "data": ""},
        "nested_twice": 3, "blob": "b", "seq": [4], "inner": {"x": 5, "data": "i"}}"#;
    assert_eq!(
        outcome::<Optional>(json).unwrap(),
        Optional {
            plain: Some("p".to_owned()),
            nested: Some(inner(1, b"n")),
            boxed: Some(Box::new(inner(2, b""))),
            nested_twice: Some(Some(3)),
            blob: b"b".to_vec(),
            seq: vec![4],
            inner: inner(5, b"i"),
        }
    );
    // An Option of a Load type still needs its own required fields.
    let err = error::<Optional>(br#"{"nested": {"x": 1}}"#);
    assert!(err
        .display
        .starts_with("missing field `data` at line 1 column "));
    assert_eq!(err.path, "$.nested");
}

// ---------------------------------------------------------------------------------------------
// Duplicate members
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_members_are_errors_at_the_second_name() {
    let cases: [(&[u8], &str); 10] = [
        (
            br#"{"a": 1, "a": 1}"#,
            "duplicate field `a` at line 1 column 12, path $.a",
        ),
        (
            br#"{"b": "x", "a": 1, "b": "x"}"#,
            "duplicate field `b` at line 1 column 22, path $.b",
        ),
        (
            br#"{"c": [], "c": [1]}"#,
            "duplicate field `c` at line 1 column 13, path $.c",
        ),
        (
            br#"{"inner": {"x": 1, "data": ""}, "inner": {}}"#,
            "duplicate field `inner` at line 1 column 39, path $.inner",
        ),
        (
            br#"{"E": "", "E": ""}"#,
            "duplicate field `E` at line 1 column 13, path $.E",
        ),
        (
            br#"{"inner": {"x": 1, "data": "", "x": 2}}"#,
            "duplicate field `x` at line 1 column 34, path $.inner.x",
        ),
        (
            br#"{"inner": {"x": 1, "data": "", "data": ""}}"#,
            "duplicate field `data` at line 1 column 37, path $.inner.data",
        ),
        // As serde_json places it: past the whitespace after the key, and past a `}`
        // that comes next (the object's end, which it reads before placing the error).
        (
            b"{\"a\": 1,\n  \"a\"\n: 1}",
            "duplicate field `a` at line 3 column 0, path $.a",
        ),
        (
            br#"{"a": 1, "a" }"#,
            "duplicate field `a` at line 1 column 14, path $.a",
        ),
        (
            br#"{"a": 1, "a"}"#,
            "duplicate field `a` at line 1 column 13, path $.a",
        ),
    ];
    for (input, display) in cases {
        let err = error::<Required>(input);
        assert_error(&err, Category::Data, display);
    }
    // Options: `null` counts as given.
    let err = error::<Optional>(br#"{"plain": null, "plain": "p"}"#);
    assert_error(
        &err,
        Category::Data,
        "duplicate field `plain` at line 1 column 23, path $.plain",
    );
    let err = error::<Optional>(br#"{"nested": null, "nested": null}"#);
    assert_error(
        &err,
        Category::Data,
        "duplicate field `nested` at line 1 column 25, path $.nested",
    );
    // In a seq element and a Vec element.
    let err = error::<Outer>(br#"{"more": [{"x": 1, "data": ""}, {"data": "", "data": ""}]}"#);
    assert_error(
        &err,
        Category::Data,
        "duplicate field `data` at line 1 column 51, path $.more[1].data",
    );
    let err = error::<Outer>(br#"{"plain": [{"x": 1, "x": 1}]}"#);
    assert_error(
        &err,
        Category::Data,
        "duplicate field `x` at line 1 column 23, path $.plain[0].x",
    );
    // The names of a duplicate are compared after unescaping.
    let err = error::<Required>(br#"{"a": 1, "\u0061": 1}"#);
    assert_error(
        &err,
        Category::Data,
        "duplicate field `a` at line 1 column 17, path $.a",
    );
}

// ---------------------------------------------------------------------------------------------
// Wrong values, with paths through nested values
// ---------------------------------------------------------------------------------------------

/// An error case: a member added to a document, the text that ends right where the error is
/// located (its last occurrence), the error's category, message and path.
type Located<'a> = (String, &'a str, Category, &'a str, &'a str);

#[track_caller]
fn assert_located(cases: &[Located<'_>]) {
    for (input, before, category, message, path) in cases {
        let offset = input.rfind(before).expect("marker in input") + before.len();
        // A data error at the column of the marker's last byte, the last one read; a syntax
        // error at the byte after it, which is at fault (as serde_json says).
        let column = match category {
            Category::Data => offset,
            _ => offset + 1,
        };
        let display = format!("{message} at line 1 column {column}, path {path}");
        let err = error::<Outer>(input.as_bytes());
        assert_error(&err, *category, &display);
        assert_eq!(err.offset, offset as u64, "{display}");
    }
}

#[test]
fn errors_inside_nested_values_carry_their_path() {
    let base = |member: &str| {
        format!(
            r#"{{"id": 1, "inner": {{"x": 1, "data": ""}}, {member}, "more": [], "plain": []}}"#
        )
    };
    assert_located(&[
        (
            base(r#""opt": {"x": "1", "data": ""}"#),
            r#""x": "1""#,
            Category::Data,
            "invalid type: string \"1\", expected u32",
            "$.opt.x",
        ),
        (
            base(r#""more": [{"x": 1, "data": ""}, {"x": 2, "data": 5}]"#),
            r#""data": 5"#,
            Category::Data,
            "invalid type: integer `5`, expected a string",
            "$.more[1].data",
        ),
        (
            base(r#""plain": [{"x": 1, "data": ""}, {"x": -2, "data": ""}]"#),
            r#""x": -2"#,
            Category::Data,
            "invalid value: integer `-2`, expected u32",
            "$.plain[1].x",
        ),
        (
            base(r#""a key": {"x": 1, "data": "\x"}"#),
            r#""data": "\"#,
            Category::Syntax,
            "invalid escape",
            "$[\"a key\"].data",
        ),
        (
            base(r#""grid": [[1], [2, 256]]"#),
            "256",
            Category::Data,
            "invalid value: integer `256`, expected u8",
            "$.grid[1][1]",
        ),
        (
            base(r#""grid": [[1], [2, [3]]]"#),
            "[2, ",
            Category::Data,
            "invalid type: sequence, expected u8",
            "$.grid[1][1]",
        ),
    ]);
}

#[test]
fn values_of_the_wrong_kind_for_load_fields() {
    // A valid value of the wrong kind for a Load struct or a seq is a data error in serde's
    // words, at the value, with its path; a blob is read with the pull reader, whose error
    // says what it expected and found.
    let cases: [(&[u8], Category, &str); 9] = [
        (
            b"\"x\"",
            Category::Data,
            "invalid type: string \"x\", expected struct Outer at line 1 column 3",
        ),
        // A struct may be an array of its fields, as serde reads it: this one is too short.
        (
            b"[]",
            Category::Data,
            "invalid length 0, expected struct Outer with 7 elements at line 1 column 2",
        ),
        (
            b"null",
            Category::Data,
            "invalid type: null, expected struct Outer at line 1 column 4",
        ),
        (
            br#"{"id": 1, "inner": null}"#,
            Category::Data,
            "invalid type: null, expected struct Inner at line 1 column 23, path $.inner",
        ),
        (
            br#"{"id": 1, "inner": {"x": 1, "data": null}}"#,
            Category::Data,
            "invalid type: null, expected a string at line 1 column 40, path $.inner.data",
        ),
        (
            br#"{"id": 1, "inner": {"x": 1, "data": ["a"]}}"#,
            Category::Data,
            "invalid type: sequence, expected a string at line 1 column 36, path $.inner.data",
        ),
        (
            br#"{"id": 1, "more": {}}"#,
            Category::Data,
            "invalid type: map, expected a sequence at line 1 column 18, path $.more",
        ),
        (
            br#"{"id": 1, "more": "[]"}"#,
            Category::Data,
            "invalid type: string \"[]\", expected a sequence at line 1 column 22, path $.more",
        ),
        // A plain Vec of a Load type is read the same way.
        (
            br#"{"id": 1, "plain": {}}"#,
            Category::Data,
            "invalid type: map, expected a sequence at line 1 column 19, path $.plain",
        ),
    ];
    for (input, category, display) in cases {
        let err = error::<Outer>(input);
        assert_error(&err, category, display);
    }
}

// ---------------------------------------------------------------------------------------------
// Ends of input, limits, loaders
// ---------------------------------------------------------------------------------------------

#[test]
fn truncated_documents_are_eof_errors_with_the_path() {
    let full = br#"{"id": 1, "inner": {"x": 1, "data": "abc"}, "more": [{"x": 2, "data": "d"}], "plain": [], "grid": [[1]]}"#;
    assert!(outcome::<Outer>(full).is_ok());
    for end in 0..full.len() {
        let err = error::<Outer>(&full[..end]);
        assert_eq!(
            err.category,
            Category::Eof,
            "{:?}: {}",
            String::from_utf8_lossy(&full[..end]),
            err.display
        );
        assert!(
            err.display.starts_with("EOF while parsing"),
            "{}",
            err.display
        );
        assert_eq!(err.offset, end as u64, "{}", err.display);
    }
    let err = error::<Outer>(br#"{"id": 1, "inner": {"x": 1, "data": "ab"#);
    assert_error(
        &err,
        Category::Eof,
        "EOF while parsing a string at line 1 column 39, path $.inner.data",
    );
    let err = error::<Outer>(br#"{"id": 1, "more": [{"x": 2, "data": "d"}, "#);
    assert_error(
        &err,
        Category::Eof,
        "EOF while parsing a value at line 1 column 42, path $.more[1]",
    );
    // In a key, the key as far as it was read.
    let err = error::<Outer>(br#"{"id": 1, "inner": {"x": 1, "da"#);
    assert_error(
        &err,
        Category::Eof,
        "EOF while parsing a string at line 1 column 31, path $.inner.da",
    );
}

#[test]
fn trailing_characters_after_the_object_are_an_error() {
    let err = error::<Inner>(br#"{"x": 1, "data": ""} {"x": 2}"#);
    assert_error(
        &err,
        Category::Syntax,
        "trailing characters at line 1 column 22",
    );
    assert_eq!(
        outcome::<Inner>(b" \n{\"x\": 1, \"data\": \"\"}\n\t ").unwrap(),
        inner(1, b"")
    );
}

#[test]
fn loader_options_apply_to_derived_types() {
    let text = "t".repeat(1000);
    let json = format!(r#"{{"x": 1, "data": "{text}"}}"#);
    let strict = || {
        ReaderOptions::new().limits(Limits {
            max_string_len: 16,
            max_key_len: 8,
            max_depth: 3,
            ..Limits::default()
        })
    };
    // A blob is streamed: the limit on materialized strings does not apply to it.
    let loaded: Inner = Loader::new()
        .options(strict())
        .load_slice(json.as_bytes())
        .unwrap();
    assert_eq!(loaded.data.len(), 1000);
    let loaded: Inner = Loader::new()
        .options(strict().window_size(7))
        .load(json.as_bytes())
        .unwrap();
    assert_eq!(loaded.data.len(), 1000);

    // A String field is materialized: it is.
    #[derive(Load, Debug)]
    struct Text {
        #[allow(dead_code)]
        text: String,
    }
    let json = format!(r#"{{"text": "{text}"}}"#);
    let err = Loader::new()
        .options(strict())
        .load_slice::<Text>(json.as_bytes())
        .unwrap_err();
    assert_eq!(err.category(), Category::Limit);
    assert_eq!(err.limit(), Some(LimitKind::StringLength));
    assert_eq!(err.path(), "$.text");

    // Keys, also unknown ones; depth, also in skipped values.
    let err = Loader::new()
        .options(strict())
        .load_slice::<Inner>(br#"{"x": 1, "data": "", "long_key_": 0}"#)
        .unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::KeyLength));
    let err = Loader::new()
        .options(strict())
        .load_slice::<Inner>(br#"{"x": 1, "data": "", "u": [[[1]]]}"#)
        .unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::Depth));
    assert_eq!(err.path(), "$.u[0][0]");
}

#[test]
fn a_loader_is_reusable_after_an_error() {
    let mut loader = Loader::new();
    let err = loader.load_slice::<Inner>(br#"{"x": "a"}"#).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    let err = loader
        .load::<Inner, _>(&br#"{"x": 1, "data": "ab"#[..])
        .unwrap_err();
    assert_eq!(err.category(), Category::Eof);
    let loaded: Inner = loader.load_slice(br#"{"x": 1, "data": "ok"}"#).unwrap();
    assert_eq!(loaded, inner(1, b"ok"));
    let loaded: Inner = loader.load(&br#"{"data": "ok2", "x": 2}"#[..]).unwrap();
    assert_eq!(loaded, inner(2, b"ok2"));
}

// ---------------------------------------------------------------------------------------------
// seq fields: errors in elements
// ---------------------------------------------------------------------------------------------

#[test]
fn seq_element_errors_stop_the_load_with_the_element_path() {
    let base = |more: &str| format!(r#"{{"id": 1, "more": {more}}}"#);
    assert_located(&[
        (
            base(r#"[{"x": 1, "data": ""}, {"x": 1, "data": ""}, {"x": true, "data": ""}]"#),
            "true",
            Category::Data,
            "invalid type: boolean `true`, expected u32",
            "$.more[2].x",
        ),
        (
            base(r#"[{"x": 1, "data": ""}, 5]"#),
            ", 5",
            Category::Data,
            "invalid type: integer `5`, expected struct Inner",
            "$.more[1]",
        ),
        (
            base(r#"[{"x": 1, "data": ""},]"#),
            "},",
            Category::Syntax,
            "trailing comma",
            "$.more[1]",
        ),
        (
            base(r#"[{"x": 1, "data": ""} {"x": 1, "data": ""}]"#),
            r#""data": ""} "#,
            Category::Syntax,
            "expected `,` or `]`",
            "$.more[0]",
        ),
    ]);
}
