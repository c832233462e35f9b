//! Numbers: the RFC 8259 grammar, and conversion with the same results as serde_json.
//!
//! Conversion follows serde_json's default (not `float_roundtrip`) rules exactly, so that every
//! number gives the same `u64`, `i64` or `f64` bits as `serde_json::from_slice`: the significand
//! is accumulated in a `u64` while it fits (digits past that only move the exponent), and the
//! float is `significand * 10^exponent` computed with one multiplication or division by a
//! correctly rounded power of ten.

#[path = "number_pow10.rs"]
mod pow10;

use self::pow10::POW10;

/// A number as serde sees it.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum ParserNumber {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// Why a number's text was rejected.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// The text is not a JSON number; the index of the first byte that cannot continue it
    /// (the text length if it ended too early).
    Invalid(usize),
    /// Valid grammar, but the magnitude overflows `f64`.
    OutOfRange,
}

/// Bytes that can appear in a number's text. The scanner takes the longest run of these as one
/// number; no valid document has a number directly followed by one of them.
#[inline]
pub(crate) fn is_number_byte(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
}

/// Parses the whole of `text` as a JSON number.
pub(crate) fn parse(text: &[u8]) -> Result<ParserNumber, NumberError> {
    let mut i = 0;
    let negative = text.first() == Some(&b'-');
    if negative {
        i = 1;
    }

    // Integer part: `0` or a non-zero digit followed by digits.
    let mut significand: u64 = 0;
    let mut exponent: i32 = 0;
    let mut overflowed = false;
    match text.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while let Some(&c @ b'0'..=b'9') = text.get(i) {
                let digit = u64::from(c - b'0');
                if overflowed || would_overflow(significand, digit) {
                    // Digits past u64 precision only scale the value.
                    overflowed = true;
                    exponent += 1;
                } else {
                    significand = significand * 10 + digit;
                }
                i += 1;
            }
        }
        _ => return Err(NumberError::Invalid(i)),
    }
    if i == text.len() && !overflowed {
        return Ok(integer(negative, significand));
    }

    // Fraction: digits are appended while they fit; the rest are ignored.
    if text.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut truncated = false;
        while let Some(&c @ b'0'..=b'9') = text.get(i) {
            let digit = u64::from(c - b'0');
            if truncated || would_overflow(significand, digit) {
                truncated = true;
            } else {
                significand = significand * 10 + digit;
                exponent -= 1;
            }
            i += 1;
        }
        if i == start {
            return Err(NumberError::Invalid(i));
        }
    }

    // Exponent.
    if let Some(b'e' | b'E') = text.get(i) {
        i += 1;
        let positive_exp = match text.get(i) {
            Some(b'+') => {
                i += 1;
                true
            }
            Some(b'-') => {
                i += 1;
                false
            }
            _ => true,
        };
        let start = i;
        let mut exp: i32 = 0;
        let mut exp_overflowed = false;
        while let Some(&c @ b'0'..=b'9') = text.get(i) {
            let digit = i32::from(c - b'0');
            if exp_overflowed || exp >= i32::MAX / 10 && (exp > i32::MAX / 10 || digit > 7) {
                exp_overflowed = true;
            } else {
                exp = exp * 10 + digit;
            }
            i += 1;
        }
        if i == start {
            return Err(NumberError::Invalid(i));
        }
        if i != text.len() {
            return Err(NumberError::Invalid(i));
        }
        if exp_overflowed {
            // An exponent beyond i32: infinity is an error, anything else rounds to zero.
            return if significand != 0 && positive_exp {
                Err(NumberError::OutOfRange)
            } else {
                Ok(ParserNumber::F64(if negative { -0.0 } else { 0.0 }))
            };
        }
        exponent = if positive_exp {
            exponent.saturating_add(exp)
        } else {
            exponent.saturating_sub(exp)
        };
    } else if i != text.len() {
        return Err(NumberError::Invalid(i));
    }
    from_parts(negative, significand, exponent).map(ParserNumber::F64)
}

#[inline]
fn would_overflow(significand: u64, digit: u64) -> bool {
    significand >= u64::MAX / 10 && (significand > u64::MAX / 10 || digit > u64::MAX % 10)
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

fn from_parts(negative: bool, significand: u64, mut exponent: i32) -> Result<f64, NumberError> {
    let mut f = significand as f64;
    loop {
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&pow) => {
                if exponent >= 0 {
                    f *= pow;
                    if f.is_infinite() {
                        return Err(NumberError::OutOfRange);
                    }
                } else {
                    f /= pow;
                }
                break;
            }
            None => {
                if f == 0.0 {
                    break;
                }
                if exponent >= 0 {
                    return Err(NumberError::OutOfRange);
                }
                f /= 1e308;
                exponent += 308;
            }
        }
    }
    Ok(if negative { -f } else { f })
}

/// The value of `text` if it is a JSON integer (no fraction, no exponent) that fits `i128`.
/// `None` if it has a fraction or exponent; `Some(Err)` if it is an integer out of range.
pub(crate) fn parse_i128(text: &[u8]) -> Option<Result<i128, NumberError>> {
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
            None => return Some(Err(NumberError::OutOfRange)),
        };
    }
    Some(Ok(value))
}

/// The value of `text` if it is a JSON integer that fits `u128`; see [`parse_i128`].
pub(crate) fn parse_u128(text: &[u8]) -> Option<Result<u128, NumberError>> {
    let (negative, digits) = split_integer(text)?;
    let mut value: u128 = 0;
    for &c in digits {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(c - b'0')))
        {
            Some(v) => v,
            None => return Some(Err(NumberError::OutOfRange)),
        };
    }
    if negative && value != 0 {
        return Some(Err(NumberError::OutOfRange));
    }
    Some(Ok(value))
}

/// Sign and digits of an integer text already checked by [`parse`].
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

    #[test]
    fn integers_keep_their_kind() {
        assert_eq!(parse(b"0"), Ok(ParserNumber::U64(0)));
        assert_eq!(parse(b"-1"), Ok(ParserNumber::I64(-1)));
        assert_eq!(
            parse(b"18446744073709551615"),
            Ok(ParserNumber::U64(u64::MAX))
        );
        assert_eq!(
            parse(b"-9223372036854775808"),
            Ok(ParserNumber::I64(i64::MIN))
        );
        assert!(
            matches!(parse(b"-0"), Ok(ParserNumber::F64(f)) if f == 0.0 && f.is_sign_negative())
        );
        assert!(matches!(
            parse(b"18446744073709551616"),
            Ok(ParserNumber::F64(_))
        ));
    }

    #[test]
    fn grammar_errors_point_at_the_offending_byte() {
        assert_eq!(parse(b"01"), Err(NumberError::Invalid(1)));
        assert_eq!(parse(b"-"), Err(NumberError::Invalid(1)));
        assert_eq!(parse(b"1."), Err(NumberError::Invalid(2)));
        assert_eq!(parse(b"1.e5"), Err(NumberError::Invalid(2)));
        assert_eq!(parse(b"1e"), Err(NumberError::Invalid(2)));
        assert_eq!(parse(b"1e+"), Err(NumberError::Invalid(3)));
        assert_eq!(parse(b"1-2"), Err(NumberError::Invalid(1)));
        assert_eq!(parse(b"+1"), Err(NumberError::Invalid(0)));
        assert_eq!(parse(b"1.5e3.2"), Err(NumberError::Invalid(5)));
    }

    #[test]
    fn out_of_range_floats_are_errors_and_tiny_ones_are_zero() {
        assert_eq!(parse(b"1e400"), Err(NumberError::OutOfRange));
        assert_eq!(parse(b"1e99999999999"), Err(NumberError::OutOfRange));
        assert_eq!(parse(b"0e99999999999"), Ok(ParserNumber::F64(0.0)));
        assert_eq!(parse(b"1e-99999999999"), Ok(ParserNumber::F64(0.0)));
        assert_eq!(parse(b"1e-400"), Ok(ParserNumber::F64(0.0)));
    }

    #[test]
    fn wide_integers() {
        assert_eq!(
            parse_u128(b"340282366920938463463374607431768211455"),
            Some(Ok(u128::MAX))
        );
        assert_eq!(
            parse_u128(b"340282366920938463463374607431768211456"),
            Some(Err(NumberError::OutOfRange))
        );
        assert_eq!(
            parse_i128(b"-170141183460469231731687303715884105728"),
            Some(Ok(i128::MIN))
        );
        assert_eq!(parse_u128(b"-1"), Some(Err(NumberError::OutOfRange)));
        assert_eq!(parse_u128(b"1.0"), None);
    }
}
