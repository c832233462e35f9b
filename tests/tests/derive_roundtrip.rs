//! Round trips of `#[derive(Dump, Load)]` types through every attribute: `rename`,
//! `rename_all` (all eight rules, on fields and on enum variants), `default`,
//! `default = "path"`, `skip`, `seq` (into `Vec`, `VecDeque`, `BTreeSet`, `BTreeMap`, custom
//! `Extend` collections; from lazy iterators), `deny_unknown_fields`, `crate = "..."`; nested
//! types (in a field, an `Option`, a `Box`, a `Vec`, a `seq`), generics and lifetimes, the
//! 24 orders of a struct's members, and hygiene (`#![no_implicit_prelude]` with shadowing
//! names).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use jsonstream::{Category, Dump, Load};
use jsonstream_tests::readers::{InterruptedReader, OneByteReader};
use jsonstream_tests::snapshot::dumped;
use serde::{Deserialize, Serialize};

/// [`dumped`], as text.
fn dumped_str<T: Dump>(value: T) -> String {
    String::from_utf8(dumped(value)).expect("dump writes UTF-8")
}

/// Loads `T` from `bytes` from a slice, from a one-byte reader and from an `Interrupted`
/// reader; all three must agree. Returns the value.
fn load_all_ways<T>(bytes: &[u8]) -> T
where
    T: jsonstream::LoadOwned + PartialEq + std::fmt::Debug,
{
    let from_slice = jsonstream::load_slice::<T>(bytes)
        .unwrap_or_else(|err| panic!("load_slice of {:?}: {err}", String::from_utf8_lossy(bytes)));
    let one_byte = jsonstream::load::<T, _>(OneByteReader::new(bytes)).expect("one-byte reader");
    assert_eq!(one_byte, from_slice, "one-byte reader");
    let interrupted: T = jsonstream::load(InterruptedReader::new(bytes)).expect("interrupted");
    assert_eq!(interrupted, from_slice, "interrupted reader");
    from_slice
}

// ---------------------------------------------------------------------------------------------
// rename
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Renamed {
    #[jsonstream(rename = "ID")]
    id: u32,
    #[jsonstream(rename = "the body", blob)]
    body: Vec<u8>,
    #[jsonstream(seq, rename = "tag-list")]
    tags: Vec<String>,
    #[jsonstream(rename = "quote\"d\\")]
    quoted: bool,
    #[jsonstream(rename = "na\u{ef}ve \u{1F600}")]
    naive: u8,
    r#type: u8,
}

fn renamed() -> Renamed {
    Renamed {
        id: 1,
        body: b"b".to_vec(),
        tags: vec!["x".to_owned()],
        quoted: true,
        naive: 2,
        r#type: 3,
    }
}

#[test]
fn rename_writes_and_reads_the_new_names() {
    let json = dumped_str(renamed());
    assert_eq!(
        json,
        "{\"ID\":1,\"the body\":\"b\",\"tag-list\":[\"x\"],\"quote\\\"d\\\\\":true,\
         \"na\u{ef}ve \u{1F600}\":2,\"type\":3}"
    );
    assert_eq!(load_all_ways::<Renamed>(json.as_bytes()), renamed());
}

#[test]
fn rename_matches_names_after_unescaping() {
    // The same names, written with escapes that `dump` does not use.
    let json = br#"{"\u0049D": 1, "the\u0020body": "b", "tag\u002dlist": ["x"],
        "quote\u0022d\u005c": true, "na\u00efve \ud83d\ude00": 2, "\u0074ype": 3}"#;
    assert_eq!(load_all_ways::<Renamed>(json), renamed());
}

#[test]
fn rename_makes_the_rust_name_unknown() {
    let json = br#"{"id": 1, "ID": 5, "body": "x", "the body": "b", "tags": 0, "tag-list": ["x"],
        "quoted": 0, "quote\"d\\": true, "naive": 0, "na\u00efve \ud83d\ude00": 2, "type": 3}"#;
    let loaded = load_all_ways::<Renamed>(json);
    assert_eq!(loaded.id, 5);
    assert_eq!(loaded, Renamed { id: 5, ..renamed() });
    let err = jsonstream::load_slice::<Renamed>(br#"{"id": 1}"#).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert!(
        err.to_string()
            .starts_with("missing field `ID` at line 1 column "),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// rename_all: the eight rules, on fields and on variants, with #[jsonstream] and with #[serde]
// ---------------------------------------------------------------------------------------------

/// One test per rule: the names of three fields (`outcome_id`, `x_y_z`, `a`) and three
/// variants (`VeryAlive`, `A`, `HTTPCode`) in that rule. An explicit `rename` wins over the
/// rule; the fields of a struct variant are not renamed by the enum's rule (as with serde).
macro_rules! rename_all_case {
    ($test:ident, $rule:literal, [$f1:literal, $f2:literal, $f3:literal], [$v1:literal, $v2:literal, $v3:literal]) => {
        #[test]
        fn $test() {
            #[derive(Dump, Load, Debug, PartialEq, Clone)]
            #[jsonstream(rename_all = $rule)]
            struct Fields {
                outcome_id: u32,
                x_y_z: u32,
                a: u32,
                #[jsonstream(rename = "As_Is")]
                renamed: u32,
                #[jsonstream(seq)]
                seq_field: Vec<u8>,
            }

            #[derive(Dump, Load, Debug, PartialEq, Clone)]
            #[allow(clippy::upper_case_acronyms)]
            #[jsonstream(rename_all = $rule)]
            enum Variants {
                VeryAlive,
                A(u32, u32),
                HTTPCode {
                    status_code: u32,
                },
                #[jsonstream(rename = "As_Is")]
                Renamed(u8),
            }

            // The same with serde's attribute, for both derives.
            #[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
            #[serde(rename_all = $rule)]
            struct SerdeFields {
                outcome_id: u32,
                x_y_z: u32,
                a: u32,
                #[serde(rename = "As_Is")]
                renamed: u32,
            }

            #[derive(Serialize, Deserialize, Dump, Load, Debug, PartialEq, Clone)]
            #[allow(clippy::upper_case_acronyms)]
            #[serde(rename_all = $rule)]
            enum SerdeVariants {
                VeryAlive,
                A(u32, u32),
                HTTPCode {
                    status_code: u32,
                },
                #[serde(rename = "As_Is")]
                Renamed(u8),
            }

            let seq_name = match $rule {
                "lowercase" | "snake_case" => "seq_field",
                "UPPERCASE" | "SCREAMING_SNAKE_CASE" => "SEQ_FIELD",
                "PascalCase" => "SeqField",
                "camelCase" => "seqField",
                "kebab-case" => "seq-field",
                "SCREAMING-KEBAB-CASE" => "SEQ-FIELD",
                other => unreachable!("{other}"),
            };
            let fields = Fields {
                outcome_id: 1,
                x_y_z: 2,
                a: 3,
                renamed: 4,
                seq_field: vec![5],
            };
            let json = dumped_str(fields.clone());
            let expected = format!(
                r#"{{"{}":1,"{}":2,"{}":3,"As_Is":4,"{}":[5]}}"#,
                $f1, $f2, $f3, seq_name
            );
            assert_eq!(json, expected);
            assert_eq!(load_all_ways::<Fields>(json.as_bytes()), fields);

            let variants = [
                (Variants::VeryAlive, format!(r#""{}""#, $v1)),
                (Variants::A(1, 2), format!(r#"{{"{}":[1,2]}}"#, $v2)),
                (
                    Variants::HTTPCode { status_code: 200 },
                    format!(r#"{{"{}":{{"status_code":200}}}}"#, $v3),
                ),
                (Variants::Renamed(7), r#"{"As_Is":7}"#.to_owned()),
            ];
            for (variant, expected) in variants {
                assert_eq!(dumped_str(variant.clone()), expected);
                assert_eq!(load_all_ways::<Variants>(expected.as_bytes()), variant);
            }

            let serde_fields = SerdeFields {
                outcome_id: 1,
                x_y_z: 2,
                a: 3,
                renamed: 4,
            };
            let json = dumped(serde_fields.clone());
            assert_eq!(json, serde_json::to_vec(&serde_fields).unwrap());
            assert_eq!(
                String::from_utf8_lossy(&json),
                format!(r#"{{"{}":1,"{}":2,"{}":3,"As_Is":4}}"#, $f1, $f2, $f3)
            );
            assert_eq!(load_all_ways::<SerdeFields>(&json), serde_fields);
            for variant in [
                SerdeVariants::VeryAlive,
                SerdeVariants::A(1, 2),
                SerdeVariants::HTTPCode { status_code: 200 },
                SerdeVariants::Renamed(7),
            ] {
                let serde_bytes = serde_json::to_vec(&variant).unwrap();
                assert_eq!(dumped(variant.clone()), serde_bytes);
                assert_eq!(load_all_ways::<SerdeVariants>(&serde_bytes), variant);
            }
        }
    };
}

rename_all_case!(
    rename_all_lowercase,
    "lowercase",
    ["outcome_id", "x_y_z", "a"],
    ["veryalive", "a", "httpcode"]
);
rename_all_case!(
    rename_all_uppercase,
    "UPPERCASE",
    ["OUTCOME_ID", "X_Y_Z", "A"],
    ["VERYALIVE", "A", "HTTPCODE"]
);
rename_all_case!(
    rename_all_pascal_case,
    "PascalCase",
    ["OutcomeId", "XYZ", "A"],
    ["VeryAlive", "A", "HTTPCode"]
);
rename_all_case!(
    rename_all_camel_case,
    "camelCase",
    ["outcomeId", "xYZ", "a"],
    ["veryAlive", "a", "hTTPCode"]
);
rename_all_case!(
    rename_all_snake_case,
    "snake_case",
    ["outcome_id", "x_y_z", "a"],
    ["very_alive", "a", "h_t_t_p_code"]
);
rename_all_case!(
    rename_all_screaming_snake_case,
    "SCREAMING_SNAKE_CASE",
    ["OUTCOME_ID", "X_Y_Z", "A"],
    ["VERY_ALIVE", "A", "H_T_T_P_CODE"]
);
rename_all_case!(
    rename_all_kebab_case,
    "kebab-case",
    ["outcome-id", "x-y-z", "a"],
    ["very-alive", "a", "h-t-t-p-code"]
);
rename_all_case!(
    rename_all_screaming_kebab_case,
    "SCREAMING-KEBAB-CASE",
    ["OUTCOME-ID", "X-Y-Z", "A"],
    ["VERY-ALIVE", "A", "H-T-T-P-CODE"]
);

// ---------------------------------------------------------------------------------------------
// default and default = "path"
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// Calls of `seven` on this thread: the tests run in parallel, each on its own thread, and
    /// other tests load `Defaults` too, so a count shared by all of them is not exact.
    static SEVEN_CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn seven() -> u32 {
    SEVEN_CALLS.with(|calls| calls.set(calls.get() + 1));
    7
}

fn default_tags() -> Vec<String> {
    vec!["none".to_owned()]
}

mod defaults {
    pub fn name() -> String {
        "anonymous".to_owned()
    }

    pub struct Holder;

    impl Holder {
        pub fn body() -> Vec<u8> {
            b"(empty)".to_vec()
        }
    }
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Defaults {
    id: u32,
    #[jsonstream(default)]
    count: u32,
    #[jsonstream(default = "seven")]
    seven: u32,
    #[jsonstream(default = "defaults::name")]
    name: String,
    #[jsonstream(default = "defaults::Holder::body", blob)]
    body: Vec<u8>,
    #[jsonstream(default, blob = "base64")]
    raw: Vec<u8>,
    #[jsonstream(default = "default_tags", seq)]
    tags: Vec<String>,
    #[jsonstream(default)]
    opt: Option<u32>,
    #[jsonstream(default)]
    nested: Option<Box<Defaults>>,
}

#[test]
fn defaults_fill_absent_fields_only() {
    let before = SEVEN_CALLS.with(std::cell::Cell::get);
    let loaded = jsonstream::load_slice::<Defaults>(br#"{"id": 1}"#).unwrap();
    assert_eq!(SEVEN_CALLS.with(std::cell::Cell::get), before + 1);
    let expected = Defaults {
        id: 1,
        count: 0,
        seven: 7,
        name: "anonymous".to_owned(),
        body: b"(empty)".to_vec(),
        raw: Vec::new(),
        tags: vec!["none".to_owned()],
        opt: None,
        nested: None,
    };
    assert_eq!(loaded, expected);

    let full = Defaults {
        id: 2,
        count: 3,
        seven: 8,
        name: "given".to_owned(),
        body: b"text".to_vec(),
        raw: vec![0, 255],
        tags: Vec::new(),
        opt: Some(4),
        nested: Some(Box::new(expected.clone())),
    };
    let json = dumped_str(full.clone());
    assert_eq!(
        json,
        r#"{"id":2,"count":3,"seven":8,"name":"given","body":"text","raw":"AP8=","tags":[],"opt":4,"nested":{"id":1,"count":0,"seven":7,"name":"anonymous","body":"(empty)","raw":"","tags":["none"],"opt":null,"nested":null}}"#
    );
    let before = SEVEN_CALLS.with(std::cell::Cell::get);
    assert_eq!(
        jsonstream::load_slice::<Defaults>(json.as_bytes()).unwrap(),
        full
    );
    assert_eq!(
        SEVEN_CALLS.with(std::cell::Cell::get),
        before,
        "a default function is called only for an absent field"
    );

    // `default` does not make a field optional in the value: `null` is still a `u32` error,
    // the one the serde path gives (its wording is the library's, checked elsewhere).
    let err = jsonstream::load_slice::<Defaults>(br#"{"id": 1, "count": null}"#).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    let serde_err = jsonstream::from_slice::<BTreeMap<String, u32>>(br#"{"id": 1, "count": null}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), serde_err.to_string());
    assert!(
        err.to_string()
            .ends_with(", expected u32 at line 1 column 23, path $.count"),
        "{err}"
    );
}

#[test]
fn default_of_a_nested_field_is_per_level() {
    let loaded =
        jsonstream::load_slice::<Defaults>(br#"{"id": 1, "nested": {"id": 2, "count": 5}}"#)
            .unwrap();
    let nested = loaded.nested.expect("nested");
    assert_eq!((nested.id, nested.count, nested.seven), (2, 5, 7));
    assert_eq!(nested.tags, ["none"]);
    assert_eq!(loaded.count, 0);
}

// ---------------------------------------------------------------------------------------------
// skip
// ---------------------------------------------------------------------------------------------

/// Neither `Serialize` nor `Deserialize`: a skipped field needs neither.
#[derive(Debug, PartialEq, Default)]
struct NotSerde {
    hits: u32,
}

fn level() -> u8 {
    3
}

#[derive(Dump, Load, Debug, PartialEq)]
struct Skips {
    id: u32,
    #[jsonstream(skip)]
    cache: NotSerde,
    #[jsonstream(skip, default = "level")]
    level: u8,
    #[jsonstream(skip)]
    scratch: Vec<String>,
}

#[derive(Load, Debug, PartialEq)]
#[jsonstream(deny_unknown_fields)]
struct SkipsStrict {
    id: u32,
    #[jsonstream(skip)]
    cache: NotSerde,
}

#[test]
fn skip_is_not_written_and_loads_as_its_default() {
    let value = Skips {
        id: 1,
        cache: NotSerde { hits: 9 },
        level: 200,
        scratch: vec!["x".to_owned()],
    };
    assert_eq!(dumped_str(value), r#"{"id":1}"#);
    let loaded = load_all_ways::<Skips>(br#"{"id": 1}"#);
    assert_eq!(
        loaded,
        Skips {
            id: 1,
            cache: NotSerde { hits: 0 },
            level: 3,
            scratch: Vec::new(),
        }
    );
}

#[test]
fn skip_makes_a_member_of_that_name_unknown() {
    let json = br#"{"cache": {"hits": 5}, "id": 1, "level": 9, "scratch": ["a", "b"]}"#;
    let loaded = load_all_ways::<Skips>(json);
    assert_eq!((loaded.cache.hits, loaded.level), (0, 3));
    assert!(loaded.scratch.is_empty());

    let err =
        jsonstream::load_slice::<SkipsStrict>(br#"{"id": 1, "cache": {"hits": 5}}"#).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.to_string(),
        "unknown field `cache`, expected `id` at line 1 column 17, path $.cache"
    );
    // Right after the key even when the object ends next, as serde_json places it.
    let err = jsonstream::load_slice::<SkipsStrict>(br#"{"id": 1, "cache" }"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown field `cache`, expected `id` at line 1 column 17, path $.cache"
    );
}

// ---------------------------------------------------------------------------------------------
// seq
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Collections {
    #[jsonstream(seq)]
    vec: Vec<u32>,
    #[jsonstream(seq)]
    deque: VecDeque<String>,
    #[jsonstream(seq)]
    set: BTreeSet<i64>,
    /// Entries as `[key, value]` pairs: the map's `IntoIterator` and `Extend` item.
    #[jsonstream(seq)]
    pairs: BTreeMap<String, u32>,
    #[jsonstream(seq)]
    nested: Vec<Vec<u8>>,
}

#[test]
fn seq_fields_round_trip_through_std_collections() {
    let value = Collections {
        vec: vec![3, 1, 2],
        deque: VecDeque::from(["b".to_owned(), "a\n".to_owned()]),
        set: BTreeSet::from([-5, 0, 9]),
        pairs: BTreeMap::from([("x".to_owned(), 1), ("y".to_owned(), 2)]),
        nested: vec![vec![], vec![1, 2]],
    };
    let json = dumped_str(value.clone());
    assert_eq!(
        json,
        r#"{"vec":[3,1,2],"deque":["b","a\n"],"set":[-5,0,9],"pairs":[["x",1],["y",2]],"nested":[[],[1,2]]}"#
    );
    assert_eq!(load_all_ways::<Collections>(json.as_bytes()), value);

    // A set keeps one of each, in order, whatever the array holds.
    let json = br#"{"vec":[],"deque":[],"set":[3,1,3,2,1],"pairs":[["k",1],["k",2]],"nested":[]}"#;
    let loaded = load_all_ways::<Collections>(json);
    assert_eq!(loaded.set, BTreeSet::from([1, 2, 3]));
    assert_eq!(loaded.pairs, BTreeMap::from([("k".to_owned(), 2)]));
}

/// A running statistic: not a collection, never holds the elements.
#[derive(Default, Debug, PartialEq)]
struct Summary {
    count: usize,
    total: u64,
    max: u64,
    extend_calls: usize,
}

impl Extend<u64> for Summary {
    fn extend<I: IntoIterator<Item = u64>>(&mut self, iter: I) {
        self.extend_calls += 1;
        for value in iter {
            self.count += 1;
            self.total += value;
            self.max = self.max.max(value);
        }
    }
}

#[derive(Load, Debug, PartialEq)]
struct Summed {
    name: String,
    #[jsonstream(seq, item = "u64")]
    values: Summary,
    /// A `String` is `Extend<char>`: an array of one-character strings.
    #[jsonstream(seq, item = "char")]
    letters: String,
    /// And `Extend<String>`: an array of strings, concatenated.
    #[jsonstream(seq, item = "String")]
    joined: String,
}

#[test]
fn seq_item_extends_a_custom_collection_with_one_call() {
    let json = br#"{"values": [4, 10, 1], "letters": ["a", "\u00e9", "z"], "joined": ["ab", "", "c"], "name": "n"}"#;
    let loaded = load_all_ways::<Summed>(json);
    assert_eq!(
        loaded,
        Summed {
            name: "n".to_owned(),
            values: Summary {
                count: 3,
                total: 15,
                max: 10,
                extend_calls: 1,
            },
            letters: "a\u{e9}z".to_owned(),
            joined: "abc".to_owned(),
        }
    );

    let json = br#"{"values": [], "letters": [], "joined": [], "name": ""}"#;
    let loaded = load_all_ways::<Summed>(json);
    assert_eq!(
        loaded.values.extend_calls, 1,
        "extend is called for an empty array too"
    );
    assert_eq!(loaded.values.count, 0);
}

/// Takes the first two elements its `extend` is given and leaves the rest unasked.
#[derive(Default, Debug, PartialEq)]
struct FirstTwo(Vec<u32>);

impl Extend<u32> for FirstTwo {
    fn extend<I: IntoIterator<Item = u32>>(&mut self, iter: I) {
        self.0.extend(iter.into_iter().take(2));
    }
}

#[derive(Load, Debug, PartialEq)]
struct Partial {
    #[jsonstream(seq, item = "u32")]
    head: FirstTwo,
    after: String,
}

#[test]
fn seq_elements_left_unasked_are_skipped() {
    // The elements after the second are never read as `u32`: they are skipped, whatever their
    // type, and the members after the array are read.
    let json = br#"{"head": [1, 2, "three", {"four": [4]}, null], "after": "ok"}"#;
    let loaded = load_all_ways::<Partial>(json);
    assert_eq!(
        loaded,
        Partial {
            head: FirstTwo(vec![1, 2]),
            after: "ok".to_owned(),
        }
    );
    // Skipped elements are still checked as JSON.
    let err = jsonstream::load_slice::<Partial>(br#"{"head": [1, 2, 3, [}], "after": "ok"}"#)
        .unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!(
        err.to_string(),
        "expected value at line 1 column 21, path $.head[3][0]"
    );
    // An element that is asked for must fit.
    let err = jsonstream::load_slice::<Partial>(br#"{"head": [1, "two", 3], "after": "ok"}"#)
        .unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.to_string(),
        "invalid type: string \"two\", expected u32 at line 1 column 18, path $.head[1]"
    );
}

/// Dumps sequences from any `IntoIterator`, consumed while written.
#[derive(Dump)]
struct Lazy<I, J, K> {
    #[jsonstream(seq)]
    squares: I,
    #[jsonstream(seq)]
    words: J,
    #[jsonstream(seq)]
    nothing: K,
}

#[test]
fn seq_dumps_lazy_iterators() {
    let pulled = std::cell::Cell::new(0);
    let value = Lazy {
        squares: (1..=4u32).map(|n| {
            pulled.set(pulled.get() + 1);
            n * n
        }),
        words: ["a", "b\"c"].iter().chain(std::iter::once(&"d")),
        nothing: std::iter::empty::<bool>(),
    };
    assert_eq!(pulled.get(), 0, "nothing is generated before dump");
    assert_eq!(
        dumped_str(value),
        r#"{"squares":[1,4,9,16],"words":["a","b\"c","d"],"nothing":[]}"#
    );
    assert_eq!(pulled.get(), 4);

    // The dumped sequences load into collections.
    #[derive(Load, Debug, PartialEq)]
    struct Loaded {
        #[jsonstream(seq)]
        squares: Vec<u32>,
        #[jsonstream(seq)]
        words: VecDeque<String>,
        #[jsonstream(seq)]
        nothing: BTreeSet<bool>,
    }
    let json = dumped(Lazy {
        squares: (0..3u32).map(|n| n * 10),
        words: vec!["x".to_owned()],
        nothing: Some(true),
    });
    assert_eq!(
        load_all_ways::<Loaded>(&json),
        Loaded {
            squares: vec![0, 10, 20],
            words: VecDeque::from(["x".to_owned()]),
            nothing: BTreeSet::from([true]),
        }
    );
}

// ---------------------------------------------------------------------------------------------
// deny_unknown_fields
// ---------------------------------------------------------------------------------------------

#[derive(Load, Debug, PartialEq)]
#[jsonstream(deny_unknown_fields)]
struct Strict {
    a: u32,
    #[jsonstream(rename = "B", default)]
    b: u32,
}

#[derive(Load, Debug, PartialEq)]
#[jsonstream(deny_unknown_fields)]
struct StrictThree {
    a: u32,
    #[jsonstream(blob)]
    b: Vec<u8>,
    #[jsonstream(seq)]
    c: Vec<u8>,
}

#[derive(Load, Debug, PartialEq)]
#[jsonstream(deny_unknown_fields)]
struct StrictEmpty {}

#[derive(Load, Debug, PartialEq)]
struct Lenient {}

#[test]
fn deny_unknown_fields_names_the_member_and_the_known_names() {
    assert_eq!(
        load_all_ways::<Strict>(br#"{"B": 2, "a": 1}"#),
        Strict { a: 1, b: 2 }
    );
    assert_eq!(
        load_all_ways::<Strict>(br#"{"a": 1}"#),
        Strict { a: 1, b: 0 }
    );

    let cases: [(&[u8], &str); 4] = [
        (
            br#"{"a": 1, "b": 2}"#,
            "unknown field `b`, expected `a` or `B` at line 1 column 12, path $.b",
        ),
        (
            br#"{"x\ny": 1}"#,
            "unknown field `x\ny`, expected `a` or `B` at line 1 column 7, path $[\"x\\ny\"]",
        ),
        (
            br#"{"a":1,"c":[],"b":"","zz":0}"#,
            "unknown field `zz`, expected one of `a`, `b`, `c` at line 1 column 25, path $.zz",
        ),
        (
            br#"{"x": 1}"#,
            "unknown field `x`, there are no fields at line 1 column 4, path $.x",
        ),
    ];
    let results = [
        jsonstream::load_slice::<Strict>(cases[0].0).map(drop),
        jsonstream::load_slice::<Strict>(cases[1].0).map(drop),
        jsonstream::load_slice::<StrictThree>(cases[2].0).map(drop),
        jsonstream::load_slice::<StrictEmpty>(cases[3].0).map(drop),
    ];
    for ((input, expected), result) in cases.iter().zip(results) {
        let err = result.unwrap_err();
        assert_eq!(err.category(), Category::Data, "{expected}");
        assert_eq!(err.to_string(), *expected);
        // Located right after the member's name.
        let name_end = input.iter().rposition(|&b| b == b':').unwrap();
        assert_eq!(err.offset(), name_end as u64, "{expected}");
    }

    assert_eq!(load_all_ways::<StrictEmpty>(b"{}"), StrictEmpty {});
    assert_eq!(
        load_all_ways::<Lenient>(br#"{"x": [1, {"y": null}]}"#),
        Lenient {}
    );
}

// ---------------------------------------------------------------------------------------------
// crate = "..."
// ---------------------------------------------------------------------------------------------

mod reexport {
    pub use jsonstream;
}

#[derive(reexport::jsonstream::Dump, reexport::jsonstream::Load, Debug, PartialEq, Clone)]
#[jsonstream(crate = "reexport::jsonstream")]
struct ViaReexport {
    id: u32,
    #[jsonstream(blob = "base64")]
    data: Vec<u8>,
    #[jsonstream(seq)]
    items: Vec<String>,
}

mod deeper {
    pub mod inner {
        use crate::reexport::jsonstream as js;

        #[derive(js::Dump, js::Load, Debug, PartialEq, Clone)]
        #[jsonstream(crate = "crate::reexport::jsonstream", rename_all = "camelCase")]
        pub struct ViaCratePath {
            pub some_id: u32,
            #[jsonstream(blob)]
            pub text_body: Vec<u8>,
        }

        #[derive(js::Dump, Clone)]
        #[jsonstream(crate = "super::super::reexport::jsonstream")]
        pub enum ViaSuperPath {
            Unit,
            Pair(u8, u8),
        }
    }
}

#[test]
fn crate_attribute_points_the_expansion_at_a_reexport() {
    let value = ViaReexport {
        id: 1,
        data: vec![0xfb, 0xff],
        items: vec!["i".to_owned()],
    };
    let json = dumped_str(value.clone());
    assert_eq!(json, r#"{"id":1,"data":"+/8=","items":["i"]}"#);
    assert_eq!(load_all_ways::<ViaReexport>(json.as_bytes()), value);

    let value = deeper::inner::ViaCratePath {
        some_id: 2,
        text_body: b"t".to_vec(),
    };
    let json = dumped_str(value.clone());
    assert_eq!(json, r#"{"someId":2,"textBody":"t"}"#);
    assert_eq!(
        load_all_ways::<deeper::inner::ViaCratePath>(json.as_bytes()),
        value
    );

    assert_eq!(dumped_str(deeper::inner::ViaSuperPath::Unit), r#""Unit""#);
    assert_eq!(
        dumped_str(deeper::inner::ViaSuperPath::Pair(1, 2)),
        r#"{"Pair":[1,2]}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Nested types
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Leaf {
    name: String,
    #[jsonstream(blob = "base64")]
    bytes: Vec<u8>,
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Branch {
    leaf: Leaf,
    #[jsonstream(blob)]
    text: Vec<u8>,
    maybe: Option<Leaf>,
    boxed: Box<Leaf>,
    #[jsonstream(seq)]
    leaves: Vec<Leaf>,
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Tree {
    branch: Branch,
    #[jsonstream(seq)]
    branches: Vec<Branch>,
    none: Option<Branch>,
}

/// Plain (non-`seq`) vectors of derived types.
#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Forest {
    trees: Vec<Tree>,
    maybe_leaves: Option<Vec<Leaf>>,
    boxed: Box<Option<Leaf>>,
}

fn leaf(name: &str, bytes: &[u8]) -> Leaf {
    Leaf {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    }
}

fn branch(n: u8) -> Branch {
    Branch {
        leaf: leaf(&format!("l{n}"), &[n]),
        text: format!("text {n}\n").into_bytes(),
        maybe: (n & 1 == 0).then(|| leaf("even", &[0, n])),
        boxed: Box::new(leaf("boxed", &[])),
        leaves: (0..n).map(|i| leaf(&format!("s{i}"), &[i; 4])).collect(),
    }
}

fn tree() -> Tree {
    Tree {
        branch: branch(2),
        branches: vec![branch(0), branch(1), branch(3)],
        none: None,
    }
}

#[test]
fn nested_types_round_trip_at_every_position() {
    let value = tree();
    let json = dumped_str(value.clone());
    assert!(
        json.starts_with(
            r#"{"branch":{"leaf":{"name":"l2","bytes":"Ag=="},"text":"text 2\n","maybe":{"name":"even","bytes":"AAI="},"boxed":{"name":"boxed","bytes":""},"leaves":[{"name":"s0","bytes":"AAAAAA=="},{"name":"s1","bytes":"AQEBAQ=="}]},"branches":[{"leaf":{"name":"l0","bytes":"AA=="},"text":"text 0\n","maybe":{"name":"even","bytes":"AAA="},"boxed":{"name":"boxed","bytes":""},"leaves":[]},"#
        ),
        "{json}"
    );
    assert!(json.ends_with(r#"],"none":null}"#), "{json}");
    assert_eq!(load_all_ways::<Tree>(json.as_bytes()), value);

    // The same document pretty-printed loads the same.
    let mut pretty = Vec::new();
    jsonstream::dump_pretty(tree(), &mut pretty).unwrap();
    let pretty_value: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
    let compact_value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(pretty_value, compact_value);
    assert!(
        pretty.starts_with(
            b"{\n  \"branch\": {\n    \"leaf\": {\n      \"name\": \"l2\",\n      \"bytes\": \"Ag==\"\n    },\n    \"text\": \"text 2\\n\",\n"
        ),
        "{}",
        String::from_utf8_lossy(&pretty)
    );
    assert!(pretty.ends_with(b"  ],\n  \"none\": null\n}"));
    assert_eq!(load_all_ways::<Tree>(&pretty), value);

    // The Load-only forest: plain vectors and options of Load types.
    let forest_json = format!(
        r#"{{"trees": [{json}, {json}], "maybe_leaves": [{{"name": "m", "bytes": "AQID"}}], "boxed": null}}"#
    );
    let forest = load_all_ways::<Forest>(forest_json.as_bytes());
    assert_eq!(forest.trees, [tree(), tree()]);
    assert_eq!(forest.maybe_leaves, Some(vec![leaf("m", &[1, 2, 3])]));
    assert_eq!(*forest.boxed, None);
    assert_eq!(
        dumped_str(forest.clone()),
        format!(
            r#"{{"trees":[{json},{json}],"maybe_leaves":[{{"name":"m","bytes":"AQID"}}],"boxed":null}}"#
        )
    );
    let forest =
        load_all_ways::<Forest>(br#"{"trees": [], "boxed": {"name": "b", "bytes": "/w"}}"#);
    assert_eq!(forest.maybe_leaves, None);
    assert_eq!(*forest.boxed, Some(leaf("b", &[255])));
}

// ---------------------------------------------------------------------------------------------
// Generics and lifetimes
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
struct DataPoint {
    t: u64,
    v: f64,
}

#[derive(Dump, Load, Debug, PartialEq)]
struct TimeSeries<D> {
    name: String,
    #[jsonstream(seq, item = "DataPoint")]
    data: D,
}

/// Count, mean and maximum of the values, without holding them.
#[derive(Default, Debug, PartialEq)]
struct Running {
    count: u64,
    sum: f64,
    max: f64,
    last_t: u64,
}

impl Extend<DataPoint> for Running {
    fn extend<I: IntoIterator<Item = DataPoint>>(&mut self, iter: I) {
        for point in iter {
            self.count += 1;
            self.sum += point.v;
            self.max = self.max.max(point.v);
            self.last_t = point.t;
        }
    }
}

#[test]
fn generic_time_series_dumps_an_iterator_and_loads_a_vec_or_a_statistic() {
    let series = TimeSeries {
        name: "temperature".to_owned(),
        data: (0..5u64).map(|t| DataPoint {
            t: 100 + t,
            v: t as f64 * 1.5 - 2.0,
        }),
    };
    let json = dumped_str(series);
    assert_eq!(
        json,
        r#"{"name":"temperature","data":[{"t":100,"v":-2.0},{"t":101,"v":-0.5},{"t":102,"v":1.0},{"t":103,"v":2.5},{"t":104,"v":4.0}]}"#
    );

    let as_vec = load_all_ways::<TimeSeries<Vec<DataPoint>>>(json.as_bytes());
    assert_eq!(as_vec.name, "temperature");
    assert_eq!(as_vec.data.len(), 5);
    assert_eq!(as_vec.data[4], DataPoint { t: 104, v: 4.0 });

    let stats = load_all_ways::<TimeSeries<Running>>(json.as_bytes());
    assert_eq!(
        stats.data,
        Running {
            count: 5,
            sum: 5.0,
            max: 4.0,
            last_t: 104,
        }
    );

    // The Vec loaded back dumps to the same bytes (a Vec is an IntoIterator too).
    assert_eq!(dumped_str(as_vec), json);
}

#[derive(Dump, Load, Debug, PartialEq)]
struct Borrowed<'a> {
    name: &'a str,
    #[jsonstream(seq)]
    words: Vec<&'a str>,
    count: u32,
}

#[test]
fn lifetimes_borrow_from_the_slice_and_dump_back() {
    let json = br#"{"name": "borrowed", "words": ["a", "bc"], "count": 2}"#;
    let loaded = jsonstream::load_slice::<Borrowed<'_>>(json).unwrap();
    assert_eq!(loaded.name, "borrowed");
    assert_eq!(loaded.words, ["a", "bc"]);
    let range = json.as_ptr_range();
    for s in [loaded.name, loaded.words[0], loaded.words[1]] {
        assert!(
            range.contains(&s.as_ptr()),
            "{s:?} is borrowed from the input"
        );
    }
    assert_eq!(
        dumped_str(loaded),
        r#"{"name":"borrowed","words":["a","bc"],"count":2}"#
    );

    // A string with an escape cannot be borrowed: the same error as serde gives.
    let err =
        jsonstream::load_slice::<Borrowed<'_>>(br#"{"name": "a\nb", "words": [], "count": 0}"#)
            .unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.to_string(),
        "invalid type: string \"a\\nb\", expected a borrowed string at line 1 column 15, path $.name"
    );
}

#[derive(Load, Debug, PartialEq)]
struct BorrowedLeaf<'a> {
    s: &'a str,
}

#[derive(Load, Debug, PartialEq)]
struct BorrowedTree<'a> {
    leaf: BorrowedLeaf<'a>,
    #[jsonstream(seq)]
    leaves: Vec<BorrowedLeaf<'a>>,
    plain: Vec<BorrowedLeaf<'a>>,
    maybe: Option<BorrowedLeaf<'a>>,
}

#[test]
fn nested_borrowing_types_borrow_at_every_level() {
    let json = br#"{"leaf": {"s": "a"}, "leaves": [{"s": "b"}], "plain": [{"s": "c"}], "maybe": {"s": "d"}}"#;
    let tree = jsonstream::load_slice::<BorrowedTree<'_>>(json).unwrap();
    let strs = [
        tree.leaf.s,
        tree.leaves[0].s,
        tree.plain[0].s,
        tree.maybe.as_ref().unwrap().s,
    ];
    assert_eq!(strs, ["a", "b", "c", "d"]);
    let range = json.as_ptr_range();
    assert!(strs.iter().all(|s| range.contains(&s.as_ptr())));
}

/// Generic enums, default type parameters, where clauses, const generics, `Self::` paths.
#[derive(Dump, Load, Debug, PartialEq, Clone)]
enum Either<L, R> {
    Left(L),
    Right {
        value: R,
        #[jsonstream(seq)]
        more: Vec<R>,
    },
    Neither,
}

#[derive(Dump, Load, Debug, PartialEq)]
struct WithDefaults<T = u32, const N: usize = 2>
where
    T: Clone,
{
    value: T,
    #[jsonstream(seq)]
    fixed: Vec<u8>,
    #[jsonstream(default = "Self::fallback")]
    fallback: u8,
}

impl<T: Clone, const N: usize> WithDefaults<T, N> {
    fn fallback() -> u8 {
        N as u8 * 10
    }
}

#[test]
fn generic_enums_and_parameters_with_defaults() {
    assert_eq!(dumped_str(Either::<u8, String>::Left(1)), r#"{"Left":1}"#);
    assert_eq!(
        dumped_str(Either::<u8, &str>::Right {
            value: "v",
            more: vec!["w"],
        }),
        r#"{"Right":{"value":"v","more":["w"]}}"#
    );
    assert_eq!(dumped_str(Either::<(), ()>::Neither), r#""Neither""#);
    assert_eq!(
        load_all_ways::<Either<u8, String>>(br#"{"Left": 1}"#),
        Either::Left(1)
    );
    assert_eq!(
        load_all_ways::<Either<u8, String>>(br#"{"Right": {"more": ["w"], "value": "v"}}"#),
        Either::Right {
            value: "v".to_owned(),
            more: vec!["w".to_owned()],
        }
    );
    assert_eq!(
        load_all_ways::<Either<(), ()>>(br#""Neither""#),
        Either::Neither
    );
    let borrowed =
        jsonstream::load_slice::<Either<u8, &str>>(br#"{"Right": {"value": "v", "more": []}}"#);
    assert_eq!(
        borrowed.unwrap(),
        Either::Right {
            value: "v",
            more: Vec::new(),
        }
    );

    let value: WithDefaults = WithDefaults {
        value: 5,
        fixed: vec![1, 2],
        fallback: 0,
    };
    assert_eq!(
        dumped_str(value),
        r#"{"value":5,"fixed":[1,2],"fallback":0}"#
    );
    let loaded =
        jsonstream::load_slice::<WithDefaults<String, 3>>(br#"{"value": "s", "fixed": [1, 2, 3]}"#)
            .unwrap();
    assert_eq!(
        loaded,
        WithDefaults {
            value: "s".to_owned(),
            fixed: vec![1, 2, 3],
            fallback: 30,
        }
    );
}

#[derive(Dump, Load, Debug, PartialEq)]
struct GenericBlob<B> {
    label: String,
    #[jsonstream(blob = "base64")]
    data: B,
}

#[test]
fn generic_blob_dumps_from_a_reader_and_loads_into_bytes() {
    let bytes: Vec<u8> = (0..=255u8).rev().collect();
    let json = dumped(GenericBlob {
        label: "all".to_owned(),
        data: &bytes[..],
    });
    let loaded = load_all_ways::<GenericBlob<Vec<u8>>>(&json);
    assert_eq!(loaded.label, "all");
    assert_eq!(loaded.data, bytes);

    // Any io::Read: a chain of two readers.
    let json = dumped(GenericBlob {
        label: String::new(),
        data: std::io::Read::chain(&b"ab"[..], &b"cd"[..]),
    });
    assert_eq!(json, br#"{"label":"","data":"YWJjZA=="}"#);
    assert_eq!(
        load_all_ways::<GenericBlob<Vec<u8>>>(&json).data,
        b"abcd".to_vec()
    );
}

// ---------------------------------------------------------------------------------------------
// Tuple structs and variants: skip, default, trailing elements
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Row(
    u32,
    #[jsonstream(skip, default = "level")] u8,
    String,
    #[jsonstream(default = "nine")] u32,
    #[jsonstream(default, seq)] Vec<u8>,
);

fn nine() -> u32 {
    9
}

#[derive(Dump, Load, Debug, PartialEq, Clone)]
enum Cell {
    Pair(
        u8,
        #[jsonstream(skip)] Vec<String>,
        #[jsonstream(default)] u8,
    ),
    Empty(),
    Unit,
}

#[test]
fn tuple_fields_skip_and_default_as_serde_does() {
    let row = Row(1, 200, "a".to_owned(), 2, vec![3]);
    assert_eq!(dumped_str(row.clone()), r#"[1,"a",2,[3]]"#);
    assert_eq!(
        load_all_ways::<Row>(br#"[1,"a",2,[3]]"#),
        Row(1, level(), "a".to_owned(), 2, vec![3])
    );
    // Absent trailing elements with a default take it; a skipped field takes its own.
    let short = Row(1, level(), "a".to_owned(), 9, Vec::new());
    assert_eq!(load_all_ways::<Row>(br#"[1, "a"]"#), short);
    assert_eq!(
        load_all_ways::<Row>(br#"[1, "a", 8]"#),
        Row(1, level(), "a".to_owned(), 8, Vec::new())
    );
    let err = jsonstream::load_slice::<Row>(br#"[1]"#).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.to_string(),
        "invalid length 1, expected tuple struct Row with 4 elements at line 1 column 3"
    );
    let err = jsonstream::load_slice::<Row>(br#"[1, "a", 2, [], 5]"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "trailing characters at line 1 column 17, path $[4]"
    );

    let cell = Cell::Pair(1, vec!["cached".to_owned()], 2);
    assert_eq!(dumped_str(cell), r#"{"Pair":[1,2]}"#);
    assert_eq!(
        load_all_ways::<Cell>(br#"{"Pair":[1,2]}"#),
        Cell::Pair(1, Vec::new(), 2)
    );
    assert_eq!(
        load_all_ways::<Cell>(br#"{"Pair":[1]}"#),
        Cell::Pair(1, Vec::new(), 0)
    );
    assert_eq!(dumped_str(Cell::Empty()), r#"{"Empty":[]}"#);
    assert_eq!(load_all_ways::<Cell>(br#"{"Empty":[]}"#), Cell::Empty());
    assert_eq!(load_all_ways::<Cell>(br#"{"Unit":null}"#), Cell::Unit);
    let err = jsonstream::load_slice::<Cell>(br#"{"Pair":[]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid length 0, expected tuple variant Cell::Pair with 2 elements at line 1 column 10, path $.Pair"
    );
    let err = jsonstream::load_slice::<Cell>(br#"{"Unit":null,"Empty":[]}"#).unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
}

// ---------------------------------------------------------------------------------------------
// Field order
// ---------------------------------------------------------------------------------------------

#[derive(Dump, Load, Debug, PartialEq, Clone)]
struct Four {
    id: u32,
    #[jsonstream(blob)]
    body: Vec<u8>,
    #[jsonstream(seq)]
    tags: Vec<String>,
    leaf: Leaf,
}

/// All orders of `items`.
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            all.push(tail);
        }
    }
    all
}

#[test]
fn all_24_member_orders_load_the_same_value() {
    let expected = Four {
        id: 7,
        body: "line\n\u{e9}\"".as_bytes().to_vec(),
        tags: vec!["a".to_owned(), "b".to_owned()],
        leaf: leaf("x", &[1, 2, 3]),
    };
    let members = [
        r#""id": 7"#,
        r#""body": "line\n\u00e9\"""#,
        r#""tags": ["a", "b"]"#,
        r#""leaf": {"bytes": "AQID", "name": "x"}"#,
    ];
    let orders = permutations(&members);
    assert_eq!(orders.len(), 24);
    let mut seen = BTreeSet::new();
    for order in orders {
        let json = format!("{{{}}}", order.join(", "));
        assert!(seen.insert(json.clone()));
        assert_eq!(load_all_ways::<Four>(json.as_bytes()), expected, "{json}");
        // With unknown members between them.
        let json = format!(
            r#"{{"u0": [{{}}], {}, "u1": "x", {}, "u2": null, {}, "u3": {{"id": 1}}, {}}}"#,
            order[0], order[1], order[2], order[3]
        );
        assert_eq!(load_all_ways::<Four>(json.as_bytes()), expected, "{json}");
    }
    assert_eq!(seen.len(), 24);
}

// ---------------------------------------------------------------------------------------------
// Hygiene
// ---------------------------------------------------------------------------------------------

/// Everything a careless expansion could pick up by name is shadowed here, and nothing of the
/// prelude is in scope.
#[allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]
mod hygiene {
    #![no_implicit_prelude]

    pub struct Result;
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Ok;
    pub struct Err;
    pub struct Vec;
    pub struct String;
    pub struct Box;
    pub struct Default;
    pub struct Iterator;
    pub struct IntoIterator;
    pub struct Extend;
    pub struct Error;
    pub struct Self_;
    pub mod std {}
    pub mod core {}
    pub mod jsonstream {}
    pub mod serde {}
    pub mod alloc {}
    pub trait Dump {}
    pub trait Load {}
    pub trait Serialize {}
    pub trait Deserialize {}
    pub trait Read {}
    pub trait Write {}
    pub trait Formatter {}
    pub trait BlobValue {}

    pub fn seven() -> u32 {
        7
    }

    #[derive(
        ::jsonstream::Dump, ::jsonstream::Load, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    #[jsonstream(rename_all = "camelCase")]
    pub struct Record {
        pub some_name: ::std::string::String,
        #[jsonstream(blob = "base64")]
        pub data: ::std::vec::Vec<u8>,
        #[jsonstream(blob)]
        pub text: ::std::vec::Vec<u8>,
        #[jsonstream(seq)]
        pub list: ::std::vec::Vec<u32>,
        pub opt: ::core::option::Option<u32>,
        #[jsonstream(default)]
        pub def: u32,
        #[jsonstream(skip)]
        pub skipped: u32,
        #[jsonstream(default = "seven")]
        pub seven: u32,
        pub boxed: ::std::boxed::Box<u32>,
        pub nested: ::core::option::Option<::std::boxed::Box<Record>>,
    }

    pub struct Tag;
    pub struct Members;
    pub struct Infallible;

    #[derive(
        ::jsonstream::Dump, ::jsonstream::Load, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    pub enum Shape {
        Unit,
        Newtype(u32),
        Tuple(u32, ::std::string::String),
        Struct {
            x: i8,
            #[jsonstream(blob)]
            label: ::std::vec::Vec<u8>,
        },
    }

    #[derive(::jsonstream::Dump, ::jsonstream::Load)]
    pub enum Never {}

    #[derive(::jsonstream::Dump, ::jsonstream::Load)]
    pub struct Generic<T, B> {
        pub value: T,
        #[jsonstream(blob)]
        pub blob: B,
        #[jsonstream(seq, item = "u8")]
        pub seq: ::std::vec::Vec<u8>,
    }

    #[derive(
        ::jsonstream::Dump, ::jsonstream::Load, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    pub struct Tuple(pub u8, pub ::std::string::String);

    #[derive(
        ::jsonstream::Dump, ::jsonstream::Load, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    pub struct Unit;
}

#[test]
fn hygiene_no_implicit_prelude_and_shadowed_names() {
    let record = hygiene::Record {
        some_name: "n".to_owned(),
        data: vec![1, 2],
        text: b"t".to_vec(),
        list: vec![3],
        opt: None,
        def: 1,
        skipped: 5,
        seven: 8,
        boxed: Box::new(9),
        nested: None,
    };
    let json = dumped_str(record);
    assert_eq!(
        json,
        r#"{"someName":"n","data":"AQI=","text":"t","list":[3],"opt":null,"def":1,"seven":8,"boxed":9,"nested":null}"#
    );
    let loaded = load_all_ways::<hygiene::Record>(json.as_bytes());
    assert_eq!(loaded.skipped, 0);
    assert_eq!(loaded.seven, 8);
    let loaded = load_all_ways::<hygiene::Record>(
        br#"{"someName":"","data":"","text":"","list":[],"boxed":0,"nested":{"someName":"in","data":"","text":"","list":[],"boxed":1}}"#,
    );
    assert_eq!((loaded.def, loaded.seven, loaded.opt), (0, 7, None));
    assert_eq!(loaded.nested.expect("nested").some_name, "in");

    let shapes = [
        (hygiene::Shape::Unit, r#""Unit""#),
        (hygiene::Shape::Newtype(1), r#"{"Newtype":1}"#),
        (
            hygiene::Shape::Tuple(2, "s".to_owned()),
            r#"{"Tuple":[2,"s"]}"#,
        ),
        (
            hygiene::Shape::Struct {
                x: -1,
                label: b"l".to_vec(),
            },
            r#"{"Struct":{"x":-1,"label":"l"}}"#,
        ),
    ];
    for (shape, expected) in shapes {
        let loaded = load_all_ways::<hygiene::Shape>(expected.as_bytes());
        assert_eq!(loaded, shape);
        assert_eq!(dumped_str(shape), expected);
    }
    assert!(jsonstream::load_slice::<hygiene::Never>(b"\"x\"").is_err());

    let json = dumped_str(hygiene::Generic {
        value: "v",
        blob: &b"b"[..],
        seq: vec![1],
    });
    assert_eq!(json, r#"{"value":"v","blob":"b","seq":[1]}"#);
    let loaded: hygiene::Generic<String, Vec<u8>> = jsonstream::load(json.as_bytes()).unwrap();
    assert_eq!(
        (loaded.value, loaded.blob, loaded.seq),
        ("v".to_owned(), b"b".to_vec(), vec![1])
    );
    assert_eq!(dumped_str(hygiene::Tuple(1, "x".to_owned())), r#"[1,"x"]"#);
    assert_eq!(
        load_all_ways::<hygiene::Tuple>(br#"[1,"x"]"#),
        hygiene::Tuple(1, "x".to_owned())
    );
    assert_eq!(dumped_str(hygiene::Unit), "null");
    assert_eq!(load_all_ways::<hygiene::Unit>(b"null"), hygiene::Unit);
}

#[derive(Dump, Load, Debug, PartialEq)]
struct GenericItem<B> {
    #[jsonstream(blob)]
    b: B,
}

#[derive(Load)]
struct ManyItems<C> {
    #[jsonstream(seq, item = "GenericItem<Vec<u8>>")]
    items: C,
}

#[derive(Dump)]
struct OuterItem<B> {
    #[jsonstream(bound = "GenericItem<B>: jsonstream::Dump")]
    inner: GenericItem<B>,
}

#[derive(Dump)]
#[jsonstream(bound(dump = "B: AsRef<[u8]>"))]
struct BytesDoc<B> {
    #[jsonstream(blob)]
    body: B,
}

/// A seq whose element type names no type parameter needs no bound on it, so it may be a
/// `Load`-only type; `bound` replaces the inferred bounds where they would be wrong (a generic
/// field of a `Dump`-only type, a generic blob field holding bytes).
#[test]
fn bound_replaces_the_inferred_bounds() {
    let many: ManyItems<Vec<GenericItem<Vec<u8>>>> =
        jsonstream::load(&br#"{"items":[{"b":"x"},{"b":""}]}"#[..]).unwrap();
    assert_eq!(
        many.items,
        [
            GenericItem { b: b"x".to_vec() },
            GenericItem { b: Vec::new() }
        ]
    );

    let mut out = Vec::new();
    let outer = OuterItem {
        inner: GenericItem { b: &b"read"[..] },
    };
    jsonstream::dump(outer, &mut out).unwrap();
    assert_eq!(out, br#"{"inner":{"b":"read"}}"#);

    out.clear();
    jsonstream::dump(
        BytesDoc {
            body: b"held".to_vec(),
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(out, br#"{"body":"held"}"#);
}
