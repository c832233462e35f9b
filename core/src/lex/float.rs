//! Decimal to `f64`, correctly rounded: the value of `w × 10^q` for a significand `w` that
//! holds every significant digit of the number (at most 19).
//!
//! Small exact cases take Clinger's fast path (both operands exact in an `f64`, so one
//! correctly rounded operation). The rest take the Eisel-Lemire algorithm: `w` times a 128-bit
//! approximation of `5^q`, whose high bits decide the rounding unless the product lies too
//! close to a halfway point. That rare undecided case gives `None`, and the caller parses the
//! number's text with the standard library, which is always right (and slower).

#[path = "float_pow5.rs"]
mod pow5;

use self::pow5::{POW5_128, SMALLEST_POWER_OF_FIVE};

/// Explicit fraction bits of an `f64`.
const FRACTION_BITS: i32 = 52;
/// The biased exponent of infinity.
const INFINITE_EXPONENT: i32 = 0x7FF;
/// Below this power of ten, any 19-digit significand rounds to zero.
const SMALLEST_POWER_OF_TEN: i32 = -342;
/// Above this power of ten, any non-zero significand overflows to infinity.
const LARGEST_POWER_OF_TEN: i32 = 308;
/// Only for these `q` can `w × 5^q` fall exactly halfway between two floats (5^q must be
/// small enough for the product to be exact).
const ROUND_TO_EVEN_POWERS: std::ops::RangeInclusive<i32> = -4..=23;
/// For these `q` a truncated product with all ones below its top bits is still exact enough.
const SAFE_POWERS: std::ops::RangeInclusive<i32> = -27..=55;
/// Powers of ten exact in an `f64` (5^22 < 2^53).
pub(crate) const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The `f64` nearest to `w × 10^q` (ties to even), negated if `negative`; `None` only when
/// the fast algorithms cannot decide and the text must be parsed in full.
///
/// `w` must hold all the significant digits: a number with more than 19 is not for this
/// function.
#[inline]
pub(crate) fn from_decimal(negative: bool, w: u64, q: i32) -> Option<f64> {
    let magnitude = match clinger(w, q) {
        Some(value) => value,
        None => f64::from_bits(eisel_lemire(w, q)?),
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `w × 10^q` when `w` and `10^|q|` are exact in an `f64` (also when `q` is a little above
/// 22 but the excess digits fit in `w`): one correctly rounded multiplication or division.
#[inline]
fn clinger(w: u64, q: i32) -> Option<f64> {
    const EXACT_INTEGERS: u64 = 1 << 53;
    if w > EXACT_INTEGERS {
        return None;
    }
    match q {
        0..=22 => Some(w as f64 * EXACT_POW10[q as usize]),
        -22..=-1 => Some(w as f64 / EXACT_POW10[q.unsigned_abs() as usize]),
        23..=37 => {
            // `1.5e30` as `15_000_000 × 10^22`, when the zeros still fit.
            let shifted = w.checked_mul(EXACT_POW10[(q - 22) as usize] as u64)?;
            (shifted <= EXACT_INTEGERS).then(|| shifted as f64 * EXACT_POW10[22])
        }
        _ => None,
    }
}

/// The bits of the positive `f64` nearest to `w × 10^q`, or `None` if the 128-bit product is
/// too close to a halfway point to tell.
fn eisel_lemire(w: u64, q: i32) -> Option<u64> {
    const INFINITY: u64 = (INFINITE_EXPONENT as u64) << FRACTION_BITS;
    if w == 0 || q < SMALLEST_POWER_OF_TEN {
        return Some(0);
    }
    if q > LARGEST_POWER_OF_TEN {
        return Some(INFINITY);
    }
    let leading_zeros = w.leading_zeros();
    let w = w << leading_zeros;
    let (low, high) = product(w, q);
    if low == u64::MAX && !SAFE_POWERS.contains(&q) {
        // The true product may carry into the bits kept: undecided.
        return None;
    }
    // Keep 54 bits (the fraction, the hidden bit and one for rounding) below the top bit.
    let top = (high >> 63) as i32;
    let shift = top + 64 - FRACTION_BITS - 3;
    let mut mantissa = high >> shift;
    let mut exponent = binary_exponent(q) + top - leading_zeros as i32 + 1023;
    if exponent <= 0 {
        // Subnormal (or zero): shift the extra bits out, rounding half up; the result may
        // round up into the smallest normal, whose exponent is then 1.
        if 1 - exponent >= 64 {
            return Some(0);
        }
        mantissa >>= 1 - exponent;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        let exponent = u64::from(mantissa >= 1 << FRACTION_BITS);
        return Some(exponent << FRACTION_BITS | mantissa);
    }
    if low <= 1
        && ROUND_TO_EVEN_POWERS.contains(&q)
        && mantissa & 3 == 1
        && mantissa << shift == high
    {
        // Exactly halfway with an even neighbour below: do not round up.
        mantissa &= !1;
    }
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if mantissa >= 2 << FRACTION_BITS {
        // Rounding carried into a new top bit.
        mantissa = 1 << FRACTION_BITS;
        exponent += 1;
    }
    if exponent >= INFINITE_EXPONENT {
        return Some(INFINITY);
    }
    mantissa &= !(1 << FRACTION_BITS);
    Some((exponent as u64) << FRACTION_BITS | mantissa)
}

/// The high 128 bits of `w × 5^q` (as low, high words), from the table's truncated `5^q`:
/// the second, lower word of the table is used only when the first product's bits below the
/// ones kept are all ones, where a carry from below could change them.
#[inline]
fn product(w: u64, q: i32) -> (u64, u64) {
    const BELOW_KEPT: u64 = u64::MAX >> (FRACTION_BITS + 3);
    let (high5, low5) = POW5_128[(q - SMALLEST_POWER_OF_FIVE) as usize];
    let first = u128::from(w) * u128::from(high5);
    let (mut low, mut high) = (first as u64, (first >> 64) as u64);
    if high & BELOW_KEPT == BELOW_KEPT {
        let carry_in = ((u128::from(w) * u128::from(low5)) >> 64) as u64;
        low = low.wrapping_add(carry_in);
        if carry_in > low {
            high += 1;
        }
    }
    (low, high)
}

/// `floor(log2(10^q)) + 63`, by a fixed-point multiplication exact over the table's range.
#[inline]
fn binary_exponent(q: i32) -> i32 {
    ((q * (152_170 + 65_536)) >> 16) + 63
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::xorshift;

    fn std_value(negative: bool, w: u64, q: i32) -> f64 {
        let sign = if negative { "-" } else { "" };
        format!("{sign}{w}e{q}").parse().unwrap()
    }

    /// Checks the reading of `w × 10^q` (both signs); false if it was left undecided.
    fn check(w: u64, q: i32) -> bool {
        [false, true].into_iter().all(|negative| {
            let value = from_decimal(negative, w, q);
            if let Some(value) = value {
                let expected = std_value(negative, w, q);
                assert_eq!(value.to_bits(), expected.to_bits(), "{w}e{q}");
            }
            value.is_some()
        })
    }

    /// Every entry of the table is used by some power of ten, each with significands of every
    /// length, and every reading agrees with the standard library's.
    #[test]
    fn every_power_of_ten_reads_as_std_reads_it() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let (mut decided, mut undecided) = (0, 0);
        for q in SMALLEST_POWER_OF_TEN - 5..=LARGEST_POWER_OF_TEN + 5 {
            for digits in 1..=19u32 {
                let w = next() % 10u64.pow(digits);
                for w in [w, w | 1, 10u64.pow(digits - 1)] {
                    if check(w, q) {
                        decided += 1;
                    } else {
                        undecided += 1;
                    }
                }
            }
        }
        assert!(
            undecided * 1000 < decided,
            "{undecided} undecided, {decided} decided"
        );
    }

    /// Halfway cases and their neighbours: `2^53 + 1` and friends written in decimal, at the
    /// edges of the round-to-even range, subnormals and the largest finite values.
    #[test]
    fn halfway_and_edge_values_read_as_std_reads_them() {
        let halfway = (1u64 << 53) + 1;
        for w in [halfway, halfway + 2, halfway - 2, 90_071_992_547_409_930] {
            for q in -30..=30 {
                check(w, q);
            }
        }
        let edges: &[(u64, i32)] = &[
            (49_406_564_584_124_654, -340), // the smallest subnormal, 5e-324
            (24_703_282_292_062_327, -340), // just below half of it
            (24_703_282_292_062_328, -340), // just above half of it
            (22_250_738_585_072_011, -324), // the largest subnormal
            (22_250_738_585_072_014, -324), // the smallest normal
            (17_976_931_348_623_157, 292),  // f64::MAX
            (17_976_931_348_623_159, 292),  // rounds to infinity
            (1, -343),
            (u64::MAX, -343),
            (1, 309),
            (u64::MAX, 0),
            (10_000_000_000_000_000_000, -19),
        ];
        for &(w, q) in edges {
            assert!(check(w, q), "{w}e{q} undecided");
        }
    }

    /// Random doubles written with their shortest digits read back bit-identical, and nearly
    /// every one is decided without the standard library.
    #[test]
    fn shortest_digits_of_random_doubles_read_back_exactly() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut undecided = 0;
        for _ in 0..200_000 {
            let value = f64::from_bits(next() >> 1);
            if !value.is_finite() {
                continue;
            }
            let text = format!("{value:e}");
            let (digits, exponent) = text.split_once('e').unwrap();
            let q = exponent.parse::<i32>().unwrap() - digits.len().saturating_sub(2) as i32;
            let w = digits.replace('.', "").parse::<u64>().unwrap();
            match from_decimal(false, w, q) {
                Some(read) => assert_eq!(read.to_bits(), value.to_bits(), "{text}"),
                None => undecided += 1,
            }
        }
        assert!(undecided < 10, "{undecided} undecided");
    }
}
