//! Proptest strategies for JSON documents, values, strings, numbers, edits, read schedules and
//! window sizes, and the proptest configurations the tests run with.

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
