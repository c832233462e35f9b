//! Floats as the reference writes them: the shortest round-trip decimal text, laid out as
//! Python's `repr` lays it out, packed four bits a character (FORMAT.md).
//!
//! The shortest digits come from `zmij` (as on the JSON side), or, for a float of at most 15
//! significant digits, from scaling it to an integer ([`pack_short`]); only the layout is
//! Python's: exponent form below 1e-4 and from 1e16 on, with a sign and at least two exponent
//! digits; then the one leading `0` and a trailing `.0` are dropped. The codes are packed a
//! word at a time. Reading turns the codes into a significand and an exponent, rounded by the
//! decimal conversion that JSON numbers use: fixed notation in two words without a loop over
//! the codes ([`read_fixed`]), anything else code by code ([`scan`]), and what neither takes
//! through the standard library's parser.

use crate::lex::float;
use crate::lex::number::{self, POW10};
use crate::lex::word::repeat;
use crate::pbjson::header;
use crate::pbjson::integer::high_aligned;
use crate::write::buffer::copy;

/// The four-bit codes of the characters a packed float may hold; `0`–`9` are themselves.
const PLUS: u8 = 0xA;
const MINUS: u8 = 0xB;
const POINT: u8 = 0xD;
const EXP: u8 = 0xE;

/// The code of each character a packed float holds (digits, `+`, `-`, `.`, `e`); the other
/// entries are never looked up.
const CODE_OF: [u8; 256] = {
    let mut codes = [0; 256];
    let mut digit = 0;
    while digit < 10 {
        codes[b'0' as usize + digit] = digit as u8;
        digit += 1;
    }
    codes[b'+' as usize] = PLUS;
    codes[b'-' as usize] = MINUS;
    codes[b'.' as usize] = POINT;
    codes[b'e' as usize] = EXP;
    codes
};

/// A float as PBJSON writes it: its header and its packed payload, at most 24 characters
/// (`-1.7976931348623157e+308`) two to a byte, so the header is always one byte.
pub(crate) struct Packed {
    /// The header, the payload, then scratch.
    bytes: [u8; 16],
    len: usize,
}

impl Packed {
    /// The bytes of the value: `bytes[..len]` of the returned `(bytes, len)`, whose scratch
    /// after them lets the whole array be copied at once.
    #[inline]
    pub(crate) fn token(&self) -> (&[u8; 16], usize) {
        (&self.bytes, self.len)
    }

    /// The payload, after the header.
    #[cfg(test)]
    fn payload(&self) -> &[u8] {
        &self.bytes[1..self.len]
    }
}

/// Packs `count` (at most 24) four-bit codes, one a byte in `words` (the first code in the
/// lowest byte of the first word), two to a byte, the first in the high four bits, behind a
/// float's header. The code after an odd count is its pad (a `.`, as the reference pads).
#[inline]
fn pack_codes(words: [u64; 3], count: usize) -> Packed {
    let payload_len = count.div_ceil(2);
    let mut bytes = [0; 16];
    bytes[0] = header::FLOAT | payload_len as u8;
    for (word, out) in words.iter().zip(bytes[1..13].chunks_exact_mut(4)) {
        // Each pair of codes into one byte of a 16-bit lane, then the lanes' low bytes
        // together.
        let pairs = (word & repeat_u16(0x00FF)) << 4 | (word >> 8) & repeat_u16(0x00FF);
        let pairs = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF;
        let pairs = (pairs | pairs >> 16) as u32;
        out.copy_from_slice(&pairs.to_le_bytes());
    }
    Packed {
        bytes,
        len: 1 + payload_len,
    }
}

/// A 16-bit lane repeated in a word.
const fn repeat_u16(lane: u16) -> u64 {
    let [lo, hi] = lane.to_le_bytes();
    u64::from_le_bytes([lo, hi, lo, hi, lo, hi, lo, hi])
}

/// The codes of eight characters of a float's fixed notation (digits, `.`, `-`), one a byte.
#[inline]
fn fixed_codes(chars: u64) -> u64 {
    // Digits become 0 to 9; `.` becomes 0x1E and `-` 0x1D, the only ones with bit 4 set: from
    // their low four bits, `.` (E) loses 1 to be D, `-` (D, odd) loses 2 to be B.
    let x = chars ^ repeat(b'0');
    let other = (x >> 4) & repeat(1);
    (x & repeat(0x0F)) - other - (other & x)
}

/// The text of a float as the reference packs it (at most 24 characters), being laid out as
/// codes.
struct Text {
    codes: [u8; 24],
    len: usize,
}

impl Text {
    fn new() -> Self {
        Text {
            codes: [POINT; 24],
            len: 0,
        }
    }

    #[inline]
    fn push(&mut self, c: u8) {
        self.codes[self.len] = CODE_OF[usize::from(c)];
        self.len += 1;
    }

    #[inline]
    fn extend(&mut self, chars: &[u8]) {
        for &c in chars {
            self.push(c);
        }
    }

    #[inline]
    fn pack(&self) -> Packed {
        pack_codes(words(&self.codes, 0), self.len)
    }
}

/// The three words of `bytes[start..start + 24]`.
#[inline]
fn words(bytes: &[u8], start: usize) -> [u64; 3] {
    let word = |i: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[start + 8 * i..start + 8 * i + 8]);
        u64::from_le_bytes(word)
    };
    [word(0), word(1), word(2)]
}

/// Packs the finite `f64`s of one document: by [`pack_short`] when their digits allow, else
/// from `zmij`'s shortest text.
///
/// A document of floats of 16 or 17 digits (coordinates, measurements) fails the short path
/// on almost every float, which costs a fifth of packing one: after four failures in a row,
/// it is tried only on one float in 32, until it succeeds again. The bytes are the same
/// either way.
#[derive(Debug, Default)]
pub(crate) struct F64Packer {
    /// Floats since the short path last succeeded.
    misses: u32,
}

impl F64Packer {
    /// A finite `f64`, packed.
    #[inline]
    pub(crate) fn pack(&mut self, value: f64) -> Packed {
        if self.misses < 4 || self.misses.is_multiple_of(32) {
            if let Some(packed) = pack_short(value) {
                self.misses = 0;
                return packed;
            }
        }
        self.misses = self.misses.wrapping_add(1);
        pack_text(value, value.abs())
    }
}

/// A finite `f32`, packed: its own shortest digits (`0.1f32` is written `0.1`), as
/// serde_json writes an `f32`.
pub(crate) fn pack_f32(value: f32) -> Packed {
    pack_text(value, f64::from(value.abs()))
}

/// A finite float of absolute value `magnitude`, packed from `zmij`'s shortest text of it.
fn pack_text<F: zmij::Float>(value: F, magnitude: f64) -> Packed {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(value);
    if (1e-4..1e16).contains(&magnitude) {
        pack_positional(text)
    } else {
        relayout(text)
    }
}

/// The powers of ten from 1e-4 to 1e15 (nearest `f64`s).
const DECADES: [f64; 20] = [
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15,
];

/// Packs a float of 1e-4 ≤ |v| < 1e15 whose shortest digits are at most 15, straight from
/// those digits, without `zmij` and without text; `None` for any other float.
///
/// The digits come from scaling: with `e` the power of ten of the first digit, the integer
/// `m` nearest to |v| × 10^(14 - e) holds 15 digits. If `m / 10^(14 - e)` (both exact, so
/// one correctly rounded division) gives |v| back, that decimal of at most 15 significant
/// digits rounds to v, and it is the only one that does: two such decimals of the same decade
/// are at least 10^(e - 14) apart, more than the width of the interval that rounds to v (at
/// most 2^-52 |v|). So its digits, without trailing zeros, are v's shortest digits, which
/// Python's `repr` writes (a float of 16 or 17 digits fails the check). They are laid out as
/// `repr` lays them out (`1234.5`, `.001`, `100`), one code a byte, and packed in pairs.
#[inline]
fn pack_short(value: f64) -> Option<Packed> {
    let magnitude = value.abs();
    if !(1e-4..1e15).contains(&magnitude) {
        return None;
    }
    // floor(e2 × log10 2) from the binary exponent e2 is `e` or one less.
    let e2 = (magnitude.to_bits() >> 52) as i32 - 1023;
    let guess = (e2 * 1233) >> 12;
    let exponent = guess + i32::from(magnitude >= DECADES[(guess + 5) as usize]);
    let scale = (14 - exponent) as usize;
    let power = float::EXACT_POW10[scale];
    let digits = (magnitude * power + 0.5) as i64 as u64;
    if !(100_000_000_000_000..1_000_000_000_000_000).contains(&digits)
        || digits as f64 / power != magnitude
    {
        return None;
    }
    // The fifteen digits, one a byte, from `digit[1]` (`digit[0]` is the leading zero of
    // the first eight), zeros after them.
    let high = digits8((digits / 100_000_000) as u32);
    let low = digits8((digits % 100_000_000) as u32);
    let mut digit = [0; 32];
    digit[..8].copy_from_slice(&high.to_le_bytes());
    digit[8..16].copy_from_slice(&low.to_le_bytes());
    // Without its trailing zeros (the highest bytes that are 0); the first digit is not 0.
    let trailing_zeros = match low {
        0 => 8 + high.leading_zeros() / 8,
        _ => low.leading_zeros() / 8,
    };
    let significant = 15 - trailing_zeros as usize;
    // `int_len` digits before the point (none below 1), and after it `zeros` zeros (below
    // 0.1) then the rest of the significant digits; a whole number has no point. The codes
    // are laid out by overlapping stores, each later one overwriting what an earlier one
    // put too far.
    let int_len = 15usize.saturating_sub(scale);
    let zeros = scale.saturating_sub(15);
    let negative = usize::from(value.is_sign_negative());
    let mut codes = [POINT; 40];
    codes[0] = MINUS;
    codes[negative..negative + 16].copy_from_slice(&digit[1..17]);
    let point = negative + int_len;
    codes[point..point + 4].copy_from_slice(&[POINT, 0, 0, 0]);
    let fraction = point + 1 + zeros;
    codes[fraction..fraction + 16].copy_from_slice(&digit[1 + int_len..17 + int_len]);
    let count = if significant <= int_len {
        point
    } else {
        negative + significant + 1 + zeros
    };
    codes[count] = POINT;
    Some(pack_codes(words(&codes, 0), count))
}

/// The decimal digits of `n` < 10^8, one a byte, the first in the lowest byte. Splits into
/// halves, quarters and single digits in lanes of one word (divisions by 100 and 10 as
/// multiplications, exact for these ranges).
#[inline]
fn digits8(n: u32) -> u64 {
    let n = u64::from(n);
    let halves = ((n % 10_000) << 32) | (n / 10_000);
    let hundreds = ((halves * 5243) >> 19) & 0x0000_007F_0000_007F;
    let quarters = hundreds | (halves - hundreds * 100) << 16;
    let tens = ((quarters * 103) >> 10) & repeat_u16(0x000F);
    tens | (quarters - tens * 10) << 8
}

/// Packs `zmij`'s shortest text of a float of 1e-4 ≤ |v| < 1e16, which Python's `repr`
/// writes positionally (its shortest digits are in that range too: a float's shortest digits
/// round to it, and those of the floats nearest 1e-4 and 1e16 are `1`): `123.25`, `0.0001`,
/// `100.0`. Where `zmij` also writes it positionally, the two texts are the same, and packing
/// drops only one leading `0` (`0.5` is `.5`) and a trailing `.0` (`100.0` is `100`): the
/// characters are packed as they are, eight at a time. A text with an exponent (`zmij` writes
/// an `f32` from 1e13 on so) goes through [`relayout`].
#[inline]
fn pack_positional(shortest: &str) -> Packed {
    let text = shortest.as_bytes();
    let n = text.len();
    // The text, then `.`s: the pad of an odd count, and room to read whole words.
    let mut chars = [b'.'; 32];
    copy(&mut chars[..n], text);
    // Of the characters of a text, only `e` has bit 6 (digits, `+`, `-` and `.` are 0x2B to
    // 0x39).
    if words(&chars, 0)
        .iter()
        .any(|&word| word & repeat(0x40) != 0)
    {
        return relayout(shortest);
    }
    // Without a trailing `.0` (whose `.` is then the pad), and without the leading `0` of
    // `0.5`, whose place takes the sign.
    let end = if text.ends_with(b".0") { n - 2 } else { n };
    let negative = usize::from(chars[0] == b'-');
    let start = if chars[negative] == b'0' {
        chars[negative] = b'-';
        1
    } else {
        0
    };
    pack_codes(words(&chars, start).map(fixed_codes), end - start)
}

/// Re-lays out any of `zmij`'s shortest texts (`-1.5e-7`, `0.0001`, `1e+16`, `100.0`,
/// `0.000004225929` for an `f32`) as the reference packs Python's `repr` of the same value:
/// the significant digits and the power of ten of the first, then Python's layout of them.
fn relayout(text: &str) -> Packed {
    let mut packed = Text::new();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.as_bytes()),
        None => (false, text.as_bytes()),
    };
    // The significant digits, and the power of ten of the first one.
    let mut digits = [0u8; 24];
    let mut n = 0;
    let exponent: i32;
    if let Some(e) = text.iter().position(|&b| b == b'e') {
        for &b in text[..e].iter().filter(|b| b.is_ascii_digit()) {
            digits[n] = b;
            n += 1;
        }
        exponent = parse_exponent(&text[e + 1..]);
    } else {
        let point = text.iter().position(|&b| b == b'.').unwrap_or(text.len());
        let mut leading_zeros = 0;
        for &b in text.iter().filter(|b| b.is_ascii_digit()) {
            if n == 0 && b == b'0' {
                leading_zeros += 1;
            } else {
                digits[n] = b;
                n += 1;
            }
        }
        exponent = if n == 0 {
            // Zero: `0.0` packs to nothing, `-0.0` to `-0` (the reference's own `-` alone
            // reads back nowhere).
            if negative {
                packed.extend(b"-0");
            }
            return packed.pack();
        } else if text[0] == b'0' {
            // `0.000123`: the zeros before the first digit, the one before the point included.
            -leading_zeros
        } else {
            point as i32 - 1
        };
    }
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    let digits = &digits[..n];
    if negative {
        packed.push(b'-');
    }
    if !(-4..16).contains(&exponent) {
        packed.push(digits[0]);
        if digits.len() > 1 {
            packed.push(b'.');
            packed.extend(&digits[1..]);
        }
        packed.extend(if exponent < 0 { b"e-" } else { b"e+" });
        let mut buf = itoa::Buffer::new();
        let abs = buf.format(exponent.unsigned_abs());
        if abs.len() < 2 {
            packed.push(b'0');
        }
        packed.extend(abs.as_bytes());
    } else if exponent < 0 {
        // `0.000123`, without its leading `0`.
        packed.push(b'.');
        for _ in 0..(-exponent - 1) {
            packed.push(b'0');
        }
        packed.extend(digits);
    } else {
        let int_len = exponent as usize + 1;
        if digits.len() > int_len {
            packed.extend(&digits[..int_len]);
            packed.push(b'.');
            packed.extend(&digits[int_len..]);
        } else {
            // A whole number, without its `.0`.
            packed.extend(digits);
            for _ in digits.len()..int_len {
                packed.push(b'0');
            }
        }
    }
    packed.pack()
}

/// The exponent after `e` in `zmij`'s text: an optional sign and decimal digits.
fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    let abs = digits
        .iter()
        .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
    if negative {
        -abs
    } else {
        abs
    }
}

/// Why a float payload does not read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadFloat {
    /// A four-bit code that stands for no character (`C` or `F`).
    Code(u8),
    /// The characters are not a number (`1e`, `-`, `1.2.3`).
    Text,
}

/// Reads a float payload as the reference does: unpack the codes, drop one trailing `.` (the
/// pad, or a real one), read no characters as `0`, and the text as a decimal number, correctly
/// rounded.
pub(crate) fn unpack(payload: &[u8]) -> Result<f64, BadFloat> {
    let decimal = read_fixed(payload).or_else(|| scan(payload));
    match decimal
        .and_then(|(negative, digits, exponent)| float::from_decimal(negative, digits, exponent))
    {
        Some(value) => Ok(value),
        None => unpack_text(payload),
    }
}

/// Each four-bit lane of a word: its top bit; its value 7; the code of a point.
const LANE_TOPS: u64 = repeat(0x88);
const LANE_SEVENS: u64 = repeat(0x77);
const LANE_POINTS: u64 = repeat(POINT << 4 | POINT);

/// The payload of a float in fixed notation (`-12.75`, `.001`, `100`: what Python's `repr`
/// writes from 1e-4 to below 1e16) read without a loop over its codes, as `(negative, digits,
/// exponent)` of `± digits × 10^exponent`: an optional `-`, the point among the first 16
/// codes (so every value from 1e-3 to below 1e14), at most 19 digits. `None` for anything
/// else (an exponent, a `+`, a longer integer part, more digits), which [`scan`] reads.
///
/// The codes sit in two words, four bits a lane, the first code in the highest lane. The
/// digits before the point and those after it are each shifted into the low lanes of a word
/// of their own, checked to be digits there, and converted as binary-coded decimals.
#[inline]
fn read_fixed(payload: &[u8]) -> Option<(bool, u64, i32)> {
    let n = payload.len();
    if n == 0 || n > 12 {
        return None;
    }
    let (first, second) = match payload.split_at(n.min(8)) {
        (first, []) => (high_aligned(first), 0),
        (first, second) => (high_aligned(first), high_aligned(second)),
    };
    // One trailing point is dropped: the pad, or a real one.
    let total = 2 * n;
    let last = match total {
        ..=16 => first >> (64 - 4 * total),
        _ => second >> (128 - 4 * total),
    };
    let count = total - usize::from(last & 0xF == u64::from(POINT));
    let negative = first >> 60 == u64::from(MINUS);
    let start = usize::from(negative);
    // The first point among the first 16 codes (16 for none); one at `count` is the pad.
    let off_point = first ^ LANE_POINTS;
    let points = !(((off_point & LANE_SEVENS) + LANE_SEVENS) | off_point) & LANE_TOPS;
    let point = (points.leading_zeros() / 4) as usize;
    let (int_len, fraction_len) = if point < count.min(16) {
        (point - start, count - point - 1)
    } else if count <= 16 {
        (count - start, 0)
    } else {
        // No point among the first 16 codes of more.
        return None;
    };
    if int_len + fraction_len == 0 || int_len + fraction_len > 19 {
        return None;
    }
    let int_bcd = low_lanes(first << (4 * start), int_len);
    // The fraction's first 16 codes, from both words, and the codes after those (of a value
    // below 1000 only).
    let after = point + 1;
    let fraction_codes = match after {
        ..16 => first << (4 * after) | second >> (64 - 4 * after),
        _ => second,
    };
    let fraction_bcd = low_lanes(fraction_codes, fraction_len.min(16));
    if not_digits(int_bcd) | not_digits(fraction_bcd) != 0 {
        return None;
    }
    let mut fraction = decimal_of_bcd(fraction_bcd);
    if fraction_len > 16 {
        // The point is among the first 8 codes, so these are in the second word.
        let more = fraction_len - 16;
        let more_bcd = low_lanes(second << (4 * after), more);
        if not_digits(more_bcd) != 0 {
            return None;
        }
        fraction = fraction * POW10[more] + decimal_of_bcd(more_bcd);
    }
    let digits = decimal_of_bcd(int_bcd) * POW10[fraction_len] + fraction;
    Some((negative, digits, -(fraction_len as i32)))
}

/// The first `len` (at most 16) lanes of `codes`, moved to the lowest lanes; 0 for none.
#[inline]
fn low_lanes(codes: u64, len: usize) -> u64 {
    codes.checked_shr(64 - 4 * len as u32).unwrap_or(0)
}

/// The lanes holding a code of 10 or more, by their top bit: it is set, and so is one of the
/// two below it.
#[inline]
fn not_digits(codes: u64) -> u64 {
    codes & (codes << 1 | codes << 2) & LANE_TOPS
}

/// The value of the sixteen decimal digits of `bcd`, four bits each, the first in the highest.
#[inline]
fn decimal_of_bcd(bcd: u64) -> u64 {
    // Pairs, then pairs of pairs, then halves: each lane's value is below 10^(its digits).
    let v = (bcd >> 4 & 0x0F0F_0F0F_0F0F_0F0F) * 10 + (bcd & 0x0F0F_0F0F_0F0F_0F0F);
    let v = (v >> 8 & 0x00FF_00FF_00FF_00FF) * 100 + (v & 0x00FF_00FF_00FF_00FF);
    let v = (v >> 16 & 0x0000_FFFF_0000_FFFF) * 10_000 + (v & 0x0000_FFFF_0000_FFFF);
    (v >> 32) * 100_000_000 + (v & 0xFFFF_FFFF)
}

/// The characters of each payload byte's two codes; `?` for a code that stands for none.
const CHARS_OF: [[u8; 2]; 256] = {
    let mut table = [[0; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = [
            char_or_unknown(byte as u8 >> 4),
            char_or_unknown(byte as u8 & 0x0F),
        ];
        byte += 1;
    }
    table
};

const fn char_or_unknown(code: u8) -> u8 {
    match code {
        0..=9 => b'0' + code,
        PLUS => b'+',
        MINUS => b'-',
        POINT => b'.',
        EXP => b'e',
        _ => b'?',
    }
}

/// The common payload scanned as text: `[-]digits[.digits][e[±]digits]` (after the pad is
/// dropped) with at most 19 significant digits, as `(negative, digits, exponent)` of
/// `± digits × 10^exponent`. `None` for anything else (more digits, a long payload, a `+`
/// first, a malformed text), which [`unpack_text`] reads or refuses.
#[inline]
fn scan(payload: &[u8]) -> Option<(bool, u64, i32)> {
    // Python's `repr` of a float takes at most 24 characters.
    let mut chars = [0u8; 32];
    let text = chars.get_mut(..payload.len() * 2)?;
    for (pair, &byte) in text.chunks_exact_mut(2).zip(payload) {
        pair.copy_from_slice(&CHARS_OF[usize::from(byte)]);
    }
    let text = match text {
        [rest @ .., b'.'] => &*rest,
        all => &*all,
    };
    let negative = text.first() == Some(&b'-');
    let mut i = usize::from(negative);
    // Leading zeros are not significant: skip them, in the fraction too while no other digit
    // came, counting the fraction's among its digits.
    let zeros = |i: usize| text[i..].iter().take_while(|&&c| c == b'0').count();
    let integer_zeros = zeros(i);
    i += integer_zeros;
    let mut digits = 0u64;
    let integer_start = i;
    i = digit_run(text, i, &mut digits);
    let mut significant = i - integer_start;
    let mut fraction = 0;
    if text.get(i) == Some(&b'.') {
        i += 1;
        let fraction_start = i;
        if significant == 0 {
            i += zeros(i);
        }
        let significant_start = i;
        i = digit_run(text, i, &mut digits);
        significant += i - significant_start;
        fraction = (i - fraction_start) as i32;
    }
    if significant > 19 || (integer_zeros + significant == 0 && fraction == 0) {
        return None;
    }
    let mut exponent = 0i32;
    if text.get(i) == Some(&b'e') {
        i += 1;
        let negative_exponent = text.get(i) == Some(&b'-');
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent_start = i;
        while let Some(digit) = text
            .get(i)
            .map(|c| c.wrapping_sub(b'0'))
            .filter(|&d| d <= 9)
        {
            exponent = exponent.saturating_mul(10).saturating_add(i32::from(digit));
            i += 1;
        }
        if i == exponent_start {
            return None;
        }
        if negative_exponent {
            exponent = -exponent;
        }
    }
    // Saturating: an exponent already held at the edge of `i32` must not wrap around.
    (i == text.len()).then_some((negative, digits, exponent.saturating_sub(fraction)))
}

/// Appends the ASCII digits at `text[i..]` to `digits` (eight at a time where it can) and
/// returns the index after them; the value wraps if they are more than 19, which the caller
/// refuses.
#[inline]
fn digit_run(text: &[u8], mut i: usize, digits: &mut u64) -> usize {
    while let Some(eight) = number::eight_digits(text, i) {
        *digits = digits.wrapping_mul(100_000_000).wrapping_add(eight);
        i += 8;
    }
    while let Some(digit) = text
        .get(i)
        .map(|c| c.wrapping_sub(b'0'))
        .filter(|&d| d <= 9)
    {
        *digits = digits.wrapping_mul(10).wrapping_add(u64::from(digit));
        i += 1;
    }
    i
}

/// Reads a payload through its text and the standard library's parser: every payload that
/// [`scan`] does not take, and the rare number that it takes but cannot round alone.
#[cold]
fn unpack_text(payload: &[u8]) -> Result<f64, BadFloat> {
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let text: &mut [u8] = if payload.len() * 2 <= stack.len() {
        &mut stack[..payload.len() * 2]
    } else {
        heap.resize(payload.len() * 2, 0);
        &mut heap
    };
    for (pair, &byte) in text.chunks_exact_mut(2).zip(payload) {
        pair[0] = char_of(byte >> 4)?;
        pair[1] = char_of(byte & 0x0F)?;
    }
    let text = match text {
        [] => return Ok(0.0),
        [rest @ .., b'.'] => rest,
        all => all,
    };
    // Only ASCII digits, signs, `.` and `e` were written, so the text is UTF-8; and with no
    // letters but `e`, Rust's float grammar is Python's (`.5`, `5.`, `1e+5`; not `.` or `e5`).
    std::str::from_utf8(text)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or(BadFloat::Text)
}

#[inline]
fn char_of(code: u8) -> Result<u8, BadFloat> {
    match code {
        0..=9 => Ok(b'0' + code),
        PLUS => Ok(b'+'),
        MINUS => Ok(b'-'),
        POINT => Ok(b'.'),
        EXP => Ok(b'e'),
        _ => Err(BadFloat::Code(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One `f64` packed as the first of a document.
    fn pack_f64(value: f64) -> Packed {
        F64Packer::default().pack(value)
    }

    fn hex(value: f64) -> String {
        pack_f64(value)
            .payload()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn floats_pack_as_the_reference_packs_them() {
        for (value, want) in [
            (0.0, ""),
            (-0.0, "b0"),
            (0.5, "d5"),
            (1.0, "1d"),
            (-1.0, "b1"),
            (4.5, "4d5d"),
            (0.30000000000000004, "d30000000000000004"),
            (1e300, "1ea300"),
            (1e-300, "1eb300"),
            (1e16, "1ea16d"),
            (1e15, "1000000000000000"),
            (123456789012345.6, "123456789012345d6d"),
            (1e-5, "1eb05d"),
            (0.0001, "d0001d"),
            (-2.5e-8, "b2d5eb08"),
            (5e-324, "5eb324"),
            (f64::MAX, "1d7976931348623157ea308d"),
            (12.5, "12d5"),
            (100.0, "100d"),
            (-0.0006700757927128536, "bd0006700757927128536d"),
            (2380191.8634710764, "2380191d8634710764"),
        ] {
            assert_eq!(hex(value), want, "{value:?}");
            let back = unpack(pack_f64(value).payload()).unwrap();
            assert_eq!(back.to_bits(), value.to_bits(), "{value:?}");
        }
    }

    /// The bytes of a packed float, header included.
    fn token(packed: &Packed) -> &[u8] {
        let (bytes, len) = packed.token();
        &bytes[..len]
    }

    #[test]
    fn the_positional_fast_path_packs_as_the_general_layout_does() {
        // One packer for all: it goes in and out of trying the short path first.
        let mut packer = F64Packer::default();
        let mut same_f64 = |value: f64| {
            let general = relayout(zmij::Buffer::new().format_finite(value));
            assert_eq!(token(&packer.pack(value)), token(&general), "{value:?}");
        };
        let same_f32 = |value: f32| {
            let general = relayout(zmij::Buffer::new().format_finite(value));
            assert_eq!(token(&pack_f32(value)), token(&general), "{value:?}");
        };
        // Random bit patterns (every magnitude), random digits at every power of ten around
        // the fast paths' edges, and decimals of 1 to 17 random digits at every scale, as
        // `f64` and as `f32`: a million and a half floats.
        let mut next = crate::test_rng::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut short = 0;
        for i in 0..200_000u64 {
            let x = next();
            let scaled = (x >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((i % 44) as i32 - 22);
            let decimal = (x % 10u64.pow(1 + (i % 17) as u32)) as f64 / 10f64.powi((i % 23) as i32);
            for value in [f64::from_bits(x), scaled, -scaled, decimal, -decimal] {
                if value.is_finite() {
                    same_f64(value);
                    short += usize::from(pack_short(value).is_some());
                }
            }
            for value in [f32::from_bits(x as u32), scaled as f32] {
                if value.is_finite() {
                    same_f32(value);
                }
            }
        }
        // The floats next to every power of ten, the edges of both layouts included.
        for exponent in -8..=18 {
            let (mut up, mut down) = (10f64.powi(exponent), 10f64.powi(exponent));
            let (mut up32, mut down32) = (10f32.powi(exponent), 10f32.powi(exponent));
            for _ in 0..1000 {
                for value in [up, down, -up, -down] {
                    same_f64(value);
                }
                for value in [up32, down32, -up32, -down32] {
                    same_f32(value);
                }
                (up, down) = (up.next_up(), down.next_down());
                (up32, down32) = (up32.next_up(), down32.next_down());
            }
        }
        // The digits' fast path took a good share (the decimals of up to 15 digits in range).
        assert!(short > 120_000, "{short}");
    }

    /// The scanned reading gives what the general parser gives, bit for bit, and takes nearly
    /// every payload the reference writes.
    #[test]
    fn scanned_payloads_read_as_the_parser_reads_them() {
        let mut next = crate::test_rng::xorshift(0x9E37_79B9_7F4A_7C15);
        let (mut scanned, mut fixed) = (0, 0);
        for i in 0..200_000 {
            let value = match i % 5 {
                0 => f64::from_bits(next()),
                1 => (next() % 1_000_000_000) as f64 / 1000.0,
                2 => (next() % 100_000) as f64 * 0.37 + 0.5,
                3 => f64::from_bits(next() >> 12), // subnormals
                _ => -((next() % 10_000_000) as f64) / 10f64.powi((next() % 23) as i32),
            };
            if !value.is_finite() {
                continue;
            }
            let packed = pack_f64(value);
            let payload = packed.payload();
            let general = unpack_text(payload).unwrap();
            assert_eq!(general.to_bits(), value.to_bits(), "{value:?}");
            if let Some(direct) = scan(payload).and_then(|(negative, digits, exponent)| {
                float::from_decimal(negative, digits, exponent)
            }) {
                scanned += 1;
                assert_eq!(direct.to_bits(), general.to_bits(), "{value:?}");
            }
            if (1e-3..1e14).contains(&value.abs()) {
                assert!(read_fixed(payload).is_some(), "{value:?}");
                fixed += 1;
            }
            assert_eq!(unpack(payload).unwrap().to_bits(), value.to_bits());
        }
        assert!(scanned > 150_000, "{scanned} read directly");
        assert!(fixed > 80_000, "{fixed} in fixed notation");
        // Texts the reference never writes but reads: scanned or not, the same value.
        for text in [
            "5.",
            "5.e3",
            "1e+5",
            "-0",
            ".5",
            "00012.5000e-2",
            "1e-400",
            "1e400",
            // Exponents beyond `i32` with fraction digits (one wrapped to infinity).
            "1.25e-99999999999",
            "-7.5e-2147483648",
            "1.25e99999999999",
        ] {
            let payload = pack_text(text);
            let direct = scan(&payload)
                .and_then(|(negative, digits, exponent)| {
                    float::from_decimal(negative, digits, exponent)
                })
                .expect(text);
            assert_eq!(
                direct.to_bits(),
                text.parse::<f64>().unwrap().to_bits(),
                "{text}"
            );
            assert_eq!(
                unpack(&payload).unwrap().to_bits(),
                direct.to_bits(),
                "{text}"
            );
        }
        for bad in [
            &[0xDD][..],
            &[0xBD],
            &[0x1D, 0x2D, 0x3D],
            &[0xD0, 0xDD],
            &[0x1E],
        ] {
            assert_eq!(scan(bad), None, "{bad:x?}");
        }
    }

    /// Every payload that the fixed-notation reading takes reads to what the general parser
    /// reads: random codes, mostly digits, with a sign, a point, a pad, and now and then a
    /// code that fixed notation does not hold (a second point or sign, `+`, `e`, `C`, `F`).
    #[test]
    fn fixed_notation_reads_as_the_parser_reads_it() {
        let mut next = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
        let mut taken = 0;
        for _ in 0..300_000 {
            let len = 1 + (next() % 25) as usize;
            let mut codes: Vec<u8> = (0..len).map(|_| (next() % 10) as u8).collect();
            if next().is_multiple_of(3) {
                codes[0] = MINUS;
            }
            if !next().is_multiple_of(4) {
                codes[(next() % len as u64) as usize] = POINT;
            }
            if next().is_multiple_of(8) {
                codes[(next() % len as u64) as usize] = (next() % 16) as u8;
            }
            if codes.len() % 2 == 1 {
                codes.push(POINT);
            }
            let payload: Vec<u8> = codes.chunks(2).map(|pair| pair[0] << 4 | pair[1]).collect();
            let Some((negative, digits, exponent)) = read_fixed(&payload) else {
                continue;
            };
            taken += 1;
            let general = unpack_text(&payload).unwrap_or_else(|_| panic!("{payload:x?}"));
            if let Some(direct) = float::from_decimal(negative, digits, exponent) {
                assert_eq!(direct.to_bits(), general.to_bits(), "{payload:x?}");
            }
            assert_eq!(
                scan(&payload),
                Some((negative, digits, exponent)),
                "{payload:x?}"
            );
        }
        assert!(taken > 150_000, "{taken} read in fixed notation");
    }

    /// Packs a text of float characters (padded with `.` as the writer pads).
    fn pack_text(text: &str) -> Vec<u8> {
        let mut codes: Vec<u8> = text.bytes().map(|c| CODE_OF[usize::from(c)]).collect();
        if codes.len() % 2 == 1 {
            codes.push(POINT);
        }
        codes.chunks(2).map(|pair| pair[0] << 4 | pair[1]).collect()
    }

    #[test]
    fn f32_keeps_its_own_shortest_digits() {
        assert_eq!(pack_f32(0.1).payload(), [0xD1]);
        // `zmij` writes this `f32` positionally; Python's layout has an exponent.
        assert_eq!(
            pack_f32(4.225929e-6).payload(),
            [0x4D, 0x22, 0x59, 0x29, 0xEB, 0x06]
        );
        assert_eq!(unpack(pack_f32(0.1).payload()).unwrap() as f32, 0.1);
    }

    #[test]
    fn payloads_that_are_not_numbers_are_refused() {
        assert_eq!(unpack(&[0x1C]), Err(BadFloat::Code(0xC)));
        assert_eq!(unpack(&[0xFD]), Err(BadFloat::Code(0xF)));
        assert_eq!(unpack(&[0x1E]), Err(BadFloat::Text)); // "1e"
        assert_eq!(unpack(&[0xBD]), Err(BadFloat::Text)); // "-" after the pad is dropped
        assert_eq!(unpack(&[0xDD]), Err(BadFloat::Text)); // "."
        assert_eq!(unpack(&[0x1D, 0x2D, 0x3D]), Err(BadFloat::Text)); // "1.2.3"
        assert_eq!(unpack(&[0x5D]).unwrap(), 5.0); // "5" after the pad
        assert_eq!(unpack(&[0x12, 0xDD]).unwrap(), 12.0); // "12." after the pad
    }
}
