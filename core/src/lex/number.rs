//! Numbers: the RFC 8259 grammar, and conversion to what serde sees.
//!
//! Integers give the same `u64` or `i64` as serde_json (a float beyond them). Floats are
//! correctly rounded, as serde_json gives them with its `float_roundtrip` feature: the
//! significand is accumulated in a `u64` (eight digits at a time where it can) and rounded
//! with its power of ten by [`float::from_decimal`]; a number of more than 19 digits, or one
//! that the fast algorithms leave undecided, is parsed whole by the standard library.

use crate::lex::float;

/// A number as serde sees it.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum ParserNumber {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// A number read from the start of some text.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) struct Parsed {
    /// The value (when converting), or `None` if it overflows `f64`.
    pub(crate) value: Option<ParserNumber>,
    /// How many bytes of the text the number took.
    pub(crate) len: usize,
}

/// Bytes that can appear in a number's text. A number followed by one of them is invalid (no
/// valid document has that), which keeps the error the same wherever a refill splits the text.
#[inline]
pub(crate) fn is_number_byte(b: u8) -> bool {
    NUMBER_BYTES[usize::from(b)]
}

/// [`is_number_byte`] as one load: it runs after every number.
static NUMBER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E');
        b += 1;
    }
    table
};

/// Parses the JSON number at the start of `text`, stopping at the first byte that cannot
/// continue it. `Err(i)` if the grammar needs something else at index `i` (`text.len()` if the
/// text ended too early). With `CONVERT` false only the grammar is checked (`value` is a
/// placeholder), which is what skipping needs.
///
/// One pass: the digits of the integer part and the fraction are accumulated into one `u64`
/// (eight at a time while whole words are digits) without overflow checks, and counted. Up to
/// [`MAX_EXACT_DIGITS`] digits the accumulated significand is exact; beyond, [`wide`] converts
/// the text on a cold path.
#[inline(always)]
pub(crate) fn parse_prefix<const CONVERT: bool>(text: &[u8]) -> Result<Parsed, usize> {
    let negative = text.first() == Some(&b'-');
    let mut i = usize::from(negative);

    // Integer part: `0` or a non-zero digit followed by digits.
    let mut significand: u64 = 0;
    let int_start = i;
    match text.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = integer_digits::<CONVERT>(text, i, &mut significand),
        _ => return Err(i),
    }
    let mut count = i - int_start;

    let mut is_float = false;
    let mut fraction = 0;
    if text.get(i) == Some(&b'.') {
        is_float = true;
        i += 1;
        let start = i;
        i = digits::<CONVERT>(text, i, &mut significand);
        if i == start {
            return Err(i);
        }
        fraction = i - start;
        count += fraction;
    }

    // Exponent.
    let mut exponent: i32 = 0;
    let mut exp_overflowed = false;
    let mut positive_exp = true;
    if let Some(b'e' | b'E') = text.get(i) {
        is_float = true;
        i += 1;
        match text.get(i) {
            Some(b'+') => i += 1,
            Some(b'-') => {
                positive_exp = false;
                i += 1;
            }
            _ => {}
        }
        let start = i;
        while let Some(&c @ b'0'..=b'9') = text.get(i) {
            if CONVERT {
                match exponent_step(exponent, c) {
                    Some(next) if !exp_overflowed => exponent = next,
                    _ => exp_overflowed = true,
                }
            }
            i += 1;
        }
        if i == start {
            return Err(i);
        }
        if !positive_exp {
            exponent = -exponent;
        }
    }

    let value = if !CONVERT {
        Some(ParserNumber::U64(0))
    } else if count > MAX_EXACT_DIGITS {
        wide(negative, &text[int_start..i], is_float)
    } else if !is_float {
        Some(integer(negative, significand))
    } else if exp_overflowed {
        // An exponent beyond i32: infinity is out of range, anything else rounds to zero.
        (significand == 0 || !positive_exp).then_some(ParserNumber::F64(if negative {
            -0.0
        } else {
            0.0
        }))
    } else {
        let exponent = exponent.saturating_sub(fraction as i32);
        float::from_decimal(negative, significand, exponent)
            .or_else(|| parse_whole(&text[..i]))
            .filter(|value| value.is_finite())
            .map(ParserNumber::F64)
    };
    Ok(Parsed { value, len: i })
}

/// The exponent with the digit `c` appended, `None` beyond `i32`.
#[inline]
fn exponent_step(exponent: i32, c: u8) -> Option<i32> {
    exponent.checked_mul(10)?.checked_add(i32::from(c - b'0'))
}

/// Where serde_json reports a number `text` out of range: after the exponent digit that
/// takes the exponent beyond `i32` (it reads no further), else after the number.
#[cold]
pub(crate) fn out_of_range_end(text: &[u8]) -> usize {
    let Some(e) = text.iter().position(|&b| matches!(b, b'e' | b'E')) else {
        return text.len();
    };
    let mut exponent: i32 = 0;
    for (i, &c) in text.iter().enumerate().skip(e + 1) {
        if c.is_ascii_digit() {
            match exponent_step(exponent, c) {
                Some(next) => exponent = next,
                None => return i + 1,
            }
        }
    }
    text.len()
}

/// Parses the whole of `text` as a JSON number: `None` if it is not exactly one number.
pub(crate) fn parse_exact(text: &[u8]) -> Option<Parsed> {
    parse_prefix::<true>(text)
        .ok()
        .filter(|parsed| parsed.len == text.len())
}

/// Digits that a `u64` always holds: any 19 digits are below `10^19 < 2^64`.
const MAX_EXACT_DIGITS: usize = 19;

/// Reads the digits at `text[i..]` into `significand` (wrapping: the caller counts them and
/// trusts the result only up to [`MAX_EXACT_DIGITS`]); returns the index after them. Without
/// `CONVERT` only the index matters.
///
/// Eight bytes at a time while whole words are digits; the last word, which holds the byte
/// after the digits, gives the count of digits left and their value without a loop. The
/// index moves by constants while the words are digits, so the CPU predicts how long runs go
/// on; only the last step's length is computed from the bytes. Near the end of the text,
/// where no whole word is left, one byte at a time.
#[inline]
fn digits<const CONVERT: bool>(text: &[u8], mut i: usize, significand: &mut u64) -> usize {
    while let Some(word) = word_at(text, i) {
        let n = leading_digits(word);
        if n < 8 {
            if CONVERT {
                *significand = significand
                    .wrapping_mul(POW10[n])
                    .wrapping_add(first_digits_value(word, n));
            }
            return i + n;
        }
        if CONVERT {
            *significand = significand
                .wrapping_mul(100_000_000)
                .wrapping_add(digits_value(word));
        }
        i += 8;
    }
    while one_digit::<CONVERT>(text, i, significand) {
        i += 1;
    }
    i
}

/// `10^n` for every count of digits that a `u64` always holds: those of a word here, and
/// those of a PBJSON float's payload.
pub(crate) const POW10: [u64; MAX_EXACT_DIGITS + 1] = {
    let mut powers = [1; MAX_EXACT_DIGITS + 1];
    let mut n = 1;
    while n <= MAX_EXACT_DIGITS {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// Appends the digit at `text[i]` to `significand` (without `CONVERT`, only tells whether
/// there is one); `false` if `text[i]` is no digit.
#[inline(always)]
fn one_digit<const CONVERT: bool>(text: &[u8], i: usize, significand: &mut u64) -> bool {
    let Some(&c @ b'0'..=b'9') = text.get(i) else {
        return false;
    };
    if CONVERT {
        *significand = significand
            .wrapping_mul(10)
            .wrapping_add(u64::from(c - b'0'));
    }
    true
}

/// [`digits`] for an integer part. Most are short (a coordinate's degrees, a count), so the
/// first four digits are read one by one and a short one never sets up the word test (on
/// coordinates, 6 % fewer instructions); a longer one goes on eight digits at a time from the
/// fifth (a 9-digit id pays a few instructions more than from its first).
#[inline(always)]
fn integer_digits<const CONVERT: bool>(text: &[u8], mut i: usize, significand: &mut u64) -> usize {
    for _ in 0..4 {
        if !one_digit::<CONVERT>(text, i, significand) {
            return i;
        }
        i += 1;
    }
    digits::<CONVERT>(text, i, significand)
}

/// The eight bytes at `text[i..]`, the first in the lowest byte; `None` if fewer are left.
#[inline]
fn word_at(text: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = text.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// A non-zero byte for each byte of `word` that is no ASCII digit (and perhaps for the byte
/// after one), zero for each digit before the first that is not.
#[inline]
fn non_digits(word: u64) -> u64 {
    // A digit is 0x30..=0x39: high nibble 3, and adding 6 does not carry into it. (A byte of
    // 0xfa or more carries into the next byte, but is itself no digit.)
    let high = 0xf0f0_f0f0_f0f0_f0f0;
    let digits = 0x3030_3030_3030_3030;
    ((word & high) ^ digits) | ((word.wrapping_add(0x0606_0606_0606_0606) & high) ^ digits)
}

/// Whether all eight bytes of `word` are ASCII digits.
#[inline]
fn all_digits(word: u64) -> bool {
    non_digits(word) == 0
}

/// How many of the bytes of `word`, from the first (the lowest), are ASCII digits.
#[inline]
fn leading_digits(word: u64) -> usize {
    (non_digits(word).trailing_zeros() / 8) as usize
}

/// The value of the first `n` (below 8) bytes of `word`, ASCII digits: they are moved to the
/// top of the word, below zero bytes that count as leading zeros.
#[inline]
fn first_digits_value(word: u64, n: usize) -> u64 {
    // In two shifts, as the whole shift is 64 bits when `n` is 0.
    digits_value((word << 8) << (8 * (7 - n)))
}

/// The value of the eight ASCII digits of `word`, the first in the lowest byte.
#[inline]
fn digits_value(word: u64) -> u64 {
    // Combine pairs, then quads, then the two halves.
    let v = word & 0x0f0f_0f0f_0f0f_0f0f;
    let v = (v * 10 + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v * 100 + (v >> 16)) & 0x0000_ffff_0000_ffff;
    (v * 10_000 + (v >> 32)) & 0xffff_ffff
}

/// The value of the eight bytes at `text[i..]` if they are all ASCII digits.
#[inline]
pub(crate) fn eight_digits(text: &[u8], i: usize) -> Option<u64> {
    let word = word_at(text, i)?;
    all_digits(word).then(|| digits_value(word))
}

/// The value of a number of more than [`MAX_EXACT_DIGITS`] digits, `text` its digits and
/// what follows them (no sign): an integer that fits a `u64` keeps its kind, as in serde_json;
/// anything else is the correctly rounded float of the whole text.
#[cold]
#[inline(never)]
fn wide(negative: bool, text: &[u8], is_float: bool) -> Option<ParserNumber> {
    if !is_float {
        let exact = text.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        });
        if let Some(significand) = exact {
            return Some(integer(negative, significand));
        }
    }
    let value = parse_whole(text)?;
    let value = if negative { -value } else { value };
    value.is_finite().then_some(ParserNumber::F64(value))
}

fn integer(negative: bool, significand: u64) -> ParserNumber {
    if !negative {
        return ParserNumber::U64(significand);
    }
    let value = (significand as i64).wrapping_neg();
    if value >= 0 {
        // `-0`, or below i64::MIN: a float, as serde_json does.
        ParserNumber::F64(-(significand as f64))
    } else {
        ParserNumber::I64(value)
    }
}

/// The correctly rounded value of a float's whole text (JSON's grammar is a part of Rust's),
/// for the numbers that [`float::from_decimal`] does not take.
#[cold]
fn parse_whole(text: &[u8]) -> Option<f64> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// The `f32` nearest to a number's text (rounded once, not through an `f64`); `None` if it
/// is beyond the range of `f32`.
pub(crate) fn parse_f32(text: &[u8]) -> Option<f32> {
    let value: f32 = std::str::from_utf8(text).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

/// The value of `text` if it is a JSON integer (no fraction, no exponent) that fits `i128`.
/// `None` if it has a fraction or exponent; `Some(None)` if it is an integer out of range.
pub(crate) fn parse_i128(text: &[u8]) -> Option<Option<i128>> {
    let (negative, digits) = split_integer(text)?;
    let mut value: i128 = 0;
    for &c in digits {
        let digit = i128::from(c - b'0');
        value = match value.checked_mul(10).and_then(|v| {
            if negative {
                v.checked_sub(digit)
            } else {
                v.checked_add(digit)
            }
        }) {
            Some(v) => v,
            None => return Some(None),
        };
    }
    Some(Some(value))
}

/// The value of `text` if it is a JSON integer that fits `u128`; see [`parse_i128`].
pub(crate) fn parse_u128(text: &[u8]) -> Option<Option<u128>> {
    let (negative, digits) = split_integer(text)?;
    let mut value: u128 = 0;
    for &c in digits {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(c - b'0')))
        {
            Some(v) => v,
            None => return Some(None),
        };
    }
    if negative {
        // Even `-0`, as serde_json.
        return Some(None);
    }
    Some(Some(value))
}

/// Sign and digits of an integer text already checked by [`parse_prefix`].
fn split_integer(text: &[u8]) -> Option<(bool, &[u8])> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    digits
        .iter()
        .all(u8::is_ascii_digit)
        .then_some((negative, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<ParserNumber> {
        parse_exact(text.as_bytes()).and_then(|p| p.value)
    }

    fn stop(text: &str) -> Result<usize, usize> {
        parse_prefix::<false>(text.as_bytes()).map(|p| p.len)
    }

    #[test]
    fn integers_keep_their_kind() {
        assert_eq!(value("0"), Some(ParserNumber::U64(0)));
        assert_eq!(value("-1"), Some(ParserNumber::I64(-1)));
        assert_eq!(
            value("18446744073709551615"),
            Some(ParserNumber::U64(u64::MAX))
        );
        assert_eq!(
            value("-9223372036854775808"),
            Some(ParserNumber::I64(i64::MIN))
        );
        assert!(
            matches!(value("-0"), Some(ParserNumber::F64(f)) if f == 0.0 && f.is_sign_negative())
        );
        assert!(matches!(
            value("18446744073709551616"),
            Some(ParserNumber::F64(_))
        ));
    }

    #[test]
    fn numbers_stop_where_the_grammar_does() {
        assert_eq!(stop("01"), Ok(1));
        assert_eq!(stop("1-2"), Ok(1));
        assert_eq!(stop("1.5e3.2"), Ok(5));
        assert_eq!(stop("12]"), Ok(2));
        assert_eq!(stop("-"), Err(1));
        assert_eq!(stop("1."), Err(2));
        assert_eq!(stop("1.e5"), Err(2));
        assert_eq!(stop("1e"), Err(2));
        assert_eq!(stop("1e+"), Err(3));
        assert_eq!(stop("+1"), Err(0));
        assert_eq!(stop("-x"), Err(1));
    }

    #[test]
    fn out_of_range_floats_have_no_value_and_tiny_ones_are_zero() {
        assert_eq!(value("1e400"), None);
        assert_eq!(value("1e99999999999"), None);
        assert_eq!(value("0e99999999999"), Some(ParserNumber::F64(0.0)));
        assert_eq!(value("1e-99999999999"), Some(ParserNumber::F64(0.0)));
        assert_eq!(value("1e-400"), Some(ParserNumber::F64(0.0)));
        assert_eq!(value("1.5"), Some(ParserNumber::F64(1.5)));
    }

    #[test]
    fn eight_digit_chunks() {
        assert_eq!(eight_digits(b"12345678", 0), Some(12_345_678));
        assert_eq!(eight_digits(b"x00000009", 1), Some(9));
        assert_eq!(eight_digits(b"1234567", 0), None);
        assert_eq!(eight_digits(b"1234567:", 0), None);
        assert_eq!(eight_digits(b"1234/678", 0), None);
        assert_eq!(eight_digits(b"12345.78", 0), None);
    }

    #[test]
    fn words_of_digits() {
        let word = |text: &[u8]| word_at(text, 0).unwrap();
        assert!(all_digits(word(b"12345678")));
        assert!(all_digits(word(b"00000000")));
        assert!(!all_digits(word(b"1234567:")));
        assert!(!all_digits(word(b"/2345678")));
        // Bytes that carry when 6 is added, in the word's middle and at its end.
        assert!(!all_digits(word(b"9\xfa345678")));
        assert!(!all_digits(word(b"9999999\xff")));
        for byte in 0..=255u8 {
            let mut text = *b"12345678";
            text[3] = byte;
            assert_eq!(all_digits(word(&text)), byte.is_ascii_digit(), "{byte:#x}");
        }
        assert_eq!(digits_value(word(b"90817263")), 90_817_263);
        assert_eq!(digits_value(word(b"00000009")), 9);
    }

    #[test]
    fn the_digits_that_begin_a_word() {
        let word = |text: &[u8]| word_at(text, 0).unwrap();
        for (text, n, value) in [
            (b"12345678", 8, None),
            (b"1234567,", 7, Some(1_234_567)),
            (b"0012]   ", 4, Some(12)),
            (b"9e+10   ", 1, Some(9)),
            (b".5000000", 0, Some(0)),
            (b"07\xfa99999", 2, Some(7)),
        ] {
            let w = word(&text[..8]);
            assert_eq!(leading_digits(w), n, "{:?}", text);
            if let Some(value) = value {
                assert_eq!(first_digits_value(w, n), value, "{:?}", text);
            }
        }
        // Every count, and every byte after the digits.
        for n in 0..8 {
            for byte in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
                let mut text = *b"98765432";
                text[n] = byte;
                let w = word(&text);
                assert_eq!(leading_digits(w), n, "{text:?}");
                let expected = std::str::from_utf8(&text[..n])
                    .unwrap()
                    .parse()
                    .unwrap_or(0);
                assert_eq!(first_digits_value(w, n), expected, "{text:?}");
            }
        }
    }

    /// A number reads the same whatever follows it: the last word of its digits holds the
    /// bytes after them.
    #[test]
    fn what_follows_a_number_does_not_change_it() {
        for digits in 1..=24 {
            let fraction: String = (0..digits)
                .map(|k| char::from(b'0' + (k * 7 % 10) as u8))
                .collect();
            for number in [
                format!("3.{fraction}"),
                format!("-{fraction}"),
                format!("0.{fraction}e-7"),
            ] {
                let alone = parse_prefix::<true>(number.as_bytes());
                for after in [",", "]", "}", " ", "\n", ",1234567890123", "]]]]]]]]]", "x"] {
                    let text = format!("{number}{after}");
                    assert_eq!(parse_prefix::<true>(text.as_bytes()), alone, "{text}");
                    assert_eq!(
                        parse_prefix::<false>(text.as_bytes()).map(|p| p.len),
                        alone.map(|p| p.len),
                        "{text}"
                    );
                }
            }
        }
    }

    /// The same value as serde_json (with `float_roundtrip`), bit for bit, or both out of range.
    fn assert_reads_as_serde_json(text: &str) {
        let expected = serde_json::from_str::<serde_json::Value>(text).ok();
        let actual = value(text).map(|n| match n {
            ParserNumber::F64(f) => serde_json::Value::from(f),
            ParserNumber::U64(n) => serde_json::Value::from(n),
            ParserNumber::I64(n) => serde_json::Value::from(n),
        });
        assert_eq!(actual, expected, "{text}");
        if let (Some(a), Some(b)) = (
            actual.as_ref().and_then(serde_json::Value::as_f64),
            expected.as_ref().and_then(serde_json::Value::as_f64),
        ) {
            assert_eq!(a.to_bits(), b.to_bits(), "{text}");
        }
    }

    #[test]
    fn every_digit_count_reads_as_serde_json_reads_it() {
        // Integer parts and fractions of 0 to 24 random digits (around the 19 digits that are
        // accumulated without checks, and the chunks of eight and four), with and without an
        // exponent and a sign.
        let mut next = crate::test_rng::xorshift(0x2545_f491_4f6c_dd1d);
        let mut digit = |first: bool| {
            let d = (next() % 10) as u8;
            char::from(b'0' + if first { d.max(1) } else { d })
        };
        // Under miri, every third length (each case runs serde_json's parser too).
        let step = if cfg!(miri) { 3 } else { 1 };
        for int_len in (1..=24).step_by(step) {
            for frac_len in (0..=24).step_by(step) {
                for variant in 0..4 {
                    let mut text = String::new();
                    if variant & 1 == 1 {
                        text.push('-');
                    }
                    for k in 0..int_len {
                        text.push(digit(k == 0));
                    }
                    if frac_len > 0 {
                        text.push('.');
                        (0..frac_len).for_each(|_| text.push(digit(false)));
                    }
                    if variant & 2 == 2 {
                        text.push_str(&format!("e-{}", int_len * 13 % 40));
                    }
                    assert_reads_as_serde_json(&text);
                }
            }
        }
        for text in [
            "9999999999999999999",
            "10000000000000000000",
            "-9223372036854775809",
            "-9999999999999999999",
            "0.0000000000000000001",
            "0.00000000000000000001",
            "1.00000000000000000000000000001",
        ] {
            assert_reads_as_serde_json(text);
        }
    }

    #[test]
    fn floats_are_correctly_rounded() {
        // Around the point where eight-digit chunks stop, where digits stop counting, and
        // numbers that serde_json's default parser reads an ulp off.
        for text in [
            "184467440736999999999",
            "184467440735999999999",
            "18446744073709551615",
            "18446744073709551616",
            "1844674407370955161.5",
            "0.18446744073709551619",
            "184467440735.123456789012",
            "99999999999999999999.99999999",
            "-65.613616999999977",
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "0.000000000000000000000000000001234567890123456789",
            "2.1791803807280727e-21",
            "0.8842769151059735",
            "9007199254740993",
            "9007199254740993.0",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327e-324",
        ] {
            // serde_json with `float_roundtrip` (a dev-dependency feature here).
            let expected = serde_json::from_str::<serde_json::Value>(text).unwrap();
            let actual = match value(text) {
                Some(ParserNumber::F64(f)) => serde_json::Value::from(f),
                Some(ParserNumber::U64(n)) => serde_json::Value::from(n),
                Some(ParserNumber::I64(n)) => serde_json::Value::from(n),
                None => panic!("{text} out of range"),
            };
            assert_eq!(actual, expected, "{text}");
            if let (Some(a), Some(b)) = (actual.as_f64(), expected.as_f64()) {
                assert_eq!(a.to_bits(), b.to_bits(), "{text}");
                assert_eq!(
                    a.to_bits(),
                    text.parse::<f64>().unwrap().to_bits(),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn wide_integers() {
        let max = "340282366920938463463374607431768211455";
        assert_eq!(parse_u128(max.as_bytes()), Some(Some(u128::MAX)));
        let over = "340282366920938463463374607431768211456";
        assert_eq!(parse_u128(over.as_bytes()), Some(None));
        let min = "-170141183460469231731687303715884105728";
        assert_eq!(parse_i128(min.as_bytes()), Some(Some(i128::MIN)));
        assert_eq!(parse_u128(b"-1"), Some(None));
        assert_eq!(parse_u128(b"-0"), Some(None));
        assert_eq!(parse_i128(b"-0"), Some(Some(0)));
        assert_eq!(parse_u128(b"1.0"), None);
    }
}
