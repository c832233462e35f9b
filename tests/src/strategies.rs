//! Proptest strategies for JSON documents, values, strings, numbers, edits, read schedules and
//! window sizes, PBJSON documents (length forms, integer and float edges, the key memo), and
//! the proptest configurations the tests run with.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Number, Value};

use crate::readers::Schedule;

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
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as this text.
    Num(String),
    /// A string, escaped as the style says when written.
    Str(String),
    /// Elements in order.
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

/// One [`Edit`] anywhere, of [`arb_edit_byte`] bytes.
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

/// A [`Schedule`] of read sizes.
pub fn arb_schedule() -> impl Strategy<Value = Schedule> {
    prop_oneof![
        Just(Schedule::Whole),
        Just(Schedule::OneByte),
        Just(Schedule::Interrupted),
        Just(Schedule::InterruptedOneByte),
        arb_sizes().prop_map(Schedule::Sizes),
        arb_sizes().prop_map(Schedule::InterruptedSizes),
    ]
}

/// A window size: 1..=16 mostly (1 to 3 are read as [`MIN_WINDOW`](crate::window::MIN_WINDOW)),
/// sometimes the default (`None`).
pub fn arb_window() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![4 => (1usize..=16).prop_map(Some), 1 => Just(None)]
}

/// Integers at the edges of every PBJSON integer length: 0, ±1, 2^(8k) − 1, 2^(8k) and
/// 2^(8k) + 1 for k = 1 to 7 and their negatives, and the limits of `i64` and `u64`.
pub fn pbjson_int_edges() -> Vec<Number> {
    let mut edges: Vec<Number> = vec![
        0u64.into(),
        1u64.into(),
        (-1i64).into(),
        i64::MAX.into(),
        (i64::MAX as u64 + 1).into(),
        (u64::MAX - 1).into(),
        u64::MAX.into(),
        i64::MIN.into(),
        (i64::MIN + 1).into(),
    ];
    for k in 1..8 {
        let b = 1i64 << (8 * k);
        for n in [b - 1, b, b + 1] {
            edges.push(n.into());
            edges.push((-n).into());
        }
    }
    edges
}

/// Floats at the edges of PBJSON's packed decimal form: zeros of both signs, the smallest
/// and largest subnormals and normals, the largest finite, the switches of Python's `repr`
/// between fixed and exponent notation (1e-4 / 1e-5, 1e16), 17-digit values, `0.1 + 0.2`.
pub fn pbjson_float_edges() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        f64::from_bits(0x000F_FFFF_FFFF_FFFF),
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        0.1 + 0.2,
        0.1,
        0.5,
        -0.5,
        0.7,
        1.0,
        -1.0,
        4.5,
        10.0,
        100.0,
        1e15,
        9999999999999998.0,
        1e16,
        -1e16,
        12345678901234568.0,
        1e21,
        1e22,
        1e23,
        1e-4,
        -1e-4,
        9.999999999999999e-5,
        1e-5,
        1.5e-5,
        123456789012345.6,
        2065163909706024.2,
        9007199254740992.0,
        1e300,
        1e-300,
        -2.5e-8,
        std::f64::consts::PI,
        2.2250738585072014e-308,
        1.7976931348623157e308,
    ]
}

/// Finite floats of every magnitude: random bit patterns, subnormals, decimals of up to 17
/// digits around every power of ten, halfway cases of the shortest digits, and
/// [`pbjson_float_edges`].
pub fn arb_pbjson_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<u64>().prop_map(f64::from_bits).prop_filter("finite", |f| f.is_finite()),
        1 => (any::<bool>(), 1u64..(1 << 52)).prop_map(|(negative, bits)| {
            let f = f64::from_bits(bits);
            if negative { -f } else { f }
        }),
        2 => (any::<bool>(), 1u64..100_000_000_000_000_000, -340i32..=308).prop_filter_map(
            "finite",
            |(negative, digits, exp)| {
                let f: f64 = format!("{}{digits}e{exp}", if negative { "-" } else { "" })
                    .parse()
                    .ok()?;
                f.is_finite().then_some(f)
            }
        ),
        1 => (-1000i64..1000, -8i32..20).prop_map(|(m, e)| m as f64 * 10f64.powi(e)),
        // Halfway cases of the 17th digit (2^50 + k + 0.25: …24.25 reads back from …24.2 and
        // …24.3), where shortest-digit routines may choose differently; Python's repr picks
        // the even digit (Rust's `{:e}` does not, zmij does).
        1 => (any::<bool>(), (1u64 << 50)..(1 << 52), 1u8..4).prop_map(|(negative, k, q)| {
            let f = k as f64 + f64::from(q) * 0.25;
            if negative { -f } else { f }
        }),
        2 => prop::sample::select(pbjson_float_edges()),
    ]
}

/// Numbers for PBJSON documents: those of [`arb_number`], the integer edges of every length
/// and the floats of [`arb_pbjson_float`].
pub fn arb_pbjson_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        2 => arb_number(),
        2 => prop::sample::select(pbjson_int_edges()),
        3 => arb_pbjson_float().prop_filter_map("finite", Number::from_f64),
    ]
}

/// A string of exactly `len` bytes of UTF-8: `fill` repeated, then `x` for what is left.
pub fn string_of_bytes(len: usize, fill: char) -> String {
    let mut s = String::with_capacity(len);
    while s.len() + fill.len_utf8() <= len {
        s.push(fill);
    }
    while s.len() < len {
        s.push('x');
    }
    s
}

/// Strings for PBJSON documents: [`arb_string`]s (astral characters included), and strings
/// whose UTF-8 length is at the edges of the one- and two-byte length forms (15/16,
/// 2047/2048 bytes) in one- to four-byte characters.
pub fn arb_pbjson_string() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => arb_string(),
        1 => (
            prop::sample::select(vec![15usize, 16, 127, 128, 2047, 2048]),
            prop::sample::select(vec!['x', 'é', '€', '😀']),
        )
            .prop_map(|(len, fill)| string_of_bytes(len, fill)),
    ]
}

/// The keys PBJSON documents draw from: 340 distinct keys of at most 127 bytes (more than the
/// 128 of the key memo), with the empty key, keys of exactly 127 bytes in one- to four-byte
/// characters, and keys that look like the reference harness's `$` tags.
pub fn pbjson_key_pool() -> Vec<String> {
    let mut pool: Vec<String> = [
        "",
        "a",
        "b",
        "id",
        "name",
        "$binary",
        "$float",
        "$int",
        "$object",
        "$",
        "\"",
        "\\",
        "\u{0}",
        "é",
        "😀",
        "key with spaces",
        "\u{2028}",
    ]
    .map(str::to_owned)
    .to_vec();
    pool.push("k".repeat(127));
    pool.push(string_of_bytes(127, 'é'));
    pool.push(string_of_bytes(127, '€'));
    pool.push(string_of_bytes(127, '😀'));
    let mut i = 0;
    while pool.len() < 340 {
        pool.push(match i % 4 {
            0 => format!("k{i}"),
            1 => format!("field_{i}"),
            2 => format!("ключ{i}"),
            _ => format!("鍵{i}😀"),
        });
        i += 1;
    }
    pool
}

/// A key: mostly from [`pbjson_key_pool`] (so that keys repeat across a document's objects),
/// sometimes any [`arb_string`] (at most 48 bytes).
pub fn arb_pbjson_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(pbjson_key_pool()),
        1 => arb_string(),
    ]
}

fn pbjson_leaf() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        4 => arb_pbjson_number().prop_map(Value::Number),
        3 => arb_pbjson_string().prop_map(Value::String),
    ]
}

/// An object of `keys` distinct keys of the pool (100 to 300 for a wide one), leaf values.
fn arb_pbjson_object_of(keys: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Value> {
    let most = *keys.end();
    (
        prop::sample::subsequence(pbjson_key_pool(), keys),
        vec(pbjson_leaf(), most),
    )
        .prop_map(|(keys, values)| Value::Object(keys.into_iter().zip(values).collect()))
}

/// Nested PBJSON values: arrays and objects (keys from [`arb_pbjson_key`]) of up to 9
/// members, objects of 14 to 17 keys, arrays of 15 or 16 elements, leaves of
/// [`arb_pbjson_number`] and [`arb_pbjson_string`].
pub fn arb_pbjson_value() -> impl Strategy<Value = Value> {
    pbjson_leaf().prop_recursive(5, 96, 10, |inner| {
        prop_oneof![
            4 => vec(inner.clone(), 0..10).prop_map(Value::Array),
            4 => vec((arb_pbjson_key(), inner.clone()), 0..10)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
            1 => arb_pbjson_object_of(14..=17),
            1 => (prop::sample::select(vec![15usize, 16]), inner)
                .prop_map(|(n, v)| Value::Array(vec![v; n])),
        ]
    })
}

/// A chain of 1 to 98 arrays and single-member objects around a leaf.
pub fn arb_pbjson_deep() -> impl Strategy<Value = Value> {
    (
        vec(prop::option::of(arb_pbjson_key()), 1..99),
        pbjson_leaf(),
    )
        .prop_map(|(levels, leaf)| {
            levels.into_iter().fold(leaf, |inner, level| match level {
                None => Value::Array(vec![inner]),
                Some(key) => Value::Object(std::iter::once((key, inner)).collect()),
            })
        })
}

/// PBJSON documents: nested values; arrays of wide objects (100 to 300 keys of the 340-key
/// pool, so that the 128-key memo fills and later keys are spelled out again) next to
/// nested values that reuse the keys; deep chains.
pub fn arb_pbjson_doc() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => arb_pbjson_value(),
        2 => vec(
            prop_oneof![arb_pbjson_object_of(100..=300), arb_pbjson_value()],
            1..4
        )
        .prop_map(Value::Array),
        1 => arb_pbjson_deep(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply() {
        let b = b"[1,2]".to_vec();
        assert_eq!(apply_edits(b.clone(), &[Edit::Delete(1)]), b"[,2]");
        assert_eq!(apply_edits(b.clone(), &[Edit::Insert(5, b'x')]), b"[1,2]x");
        assert_eq!(apply_edits(b.clone(), &[Edit::Replace(6, b'x')]), b"[x,2]");
        assert_eq!(apply_edits(b.clone(), &[Edit::Truncate(3)]), b"[1,");
        assert_eq!(
            apply_edits(Vec::new(), &[Edit::Delete(3), Edit::Replace(1, 0)]),
            b""
        );
    }

    fn depth_and_longest_key(v: &Value) -> (usize, usize) {
        match v {
            Value::Array(items) => items
                .iter()
                .map(depth_and_longest_key)
                .fold((1, 0), |a, b| (a.0.max(b.0 + 1), a.1.max(b.1))),
            Value::Object(map) => map.iter().fold((1, 0), |a, (k, v)| {
                let b = depth_and_longest_key(v);
                (a.0.max(b.0 + 1), a.1.max(b.1).max(k.len()))
            }),
            _ => (0, 0),
        }
    }

    #[test]
    fn pbjson_pool_and_edges() {
        let pool = pbjson_key_pool();
        let distinct: std::collections::HashSet<&String> = pool.iter().collect();
        assert_eq!(distinct.len(), 340);
        assert!(pool.iter().all(|k| k.len() <= 127));
        assert_eq!(pool.iter().filter(|k| k.len() == 127).count(), 4);
        for (len, fill) in [(2047, '😀'), (16, '€'), (15, 'é')] {
            assert_eq!(string_of_bytes(len, fill).len(), len);
        }
        assert!(pbjson_float_edges().iter().all(|f| f.is_finite()));
    }

    proptest! {
        #![proptest_config(config(64))]

        /// PBJSON documents nest less than 100 levels and have no key over 127 bytes.
        #[test]
        fn pbjson_docs_fit_the_format(doc in arb_pbjson_doc()) {
            let (depth, key) = depth_and_longest_key(&doc);
            prop_assert!(depth < 100 && key <= 127, "depth {depth}, key {key}");
        }
    }

    proptest! {
        #![proptest_config(config(256))]

        /// Styled documents are valid JSON whatever the style.
        #[test]
        fn styled_documents_are_valid_json(doc in arb_doc(), style in arb_style()) {
            let text = doc.write(&style);
            let r = serde_json::from_slice::<serde::de::IgnoredAny>(&text);
            prop_assert!(r.is_ok(), "{}: {:?}", String::from_utf8_lossy(&text), r);
        }
    }
}
