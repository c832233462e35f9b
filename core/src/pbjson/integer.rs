//! [`Integer`]: a PBJSON integer of any width, as its sign and big-endian magnitude.

use std::fmt;

use crate::lex::word::up_to_eight;

/// An integer as PBJSON holds it: a sign and the big-endian bytes of the magnitude, of any
/// length (the reference writes Python integers of any size). [`PbReader`](super::PbReader)
/// hands them out so; the conversions say whether the value fits.
///
/// `Display` writes the exact decimal value, however wide.
///
/// # Examples
///
/// ```
/// // 2**64, which no Rust integer type below u128 holds.
/// let bytes = [0x29, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];
/// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
/// let n = reader.next_integer()?;
/// assert_eq!(n.to_u64(), None);
/// assert_eq!(n.to_u128(), Some(1 << 64));
/// assert_eq!(n.to_string(), "18446744073709551616");
/// # Ok::<(), jsonstream::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Integer<'a> {
    negative: bool,
    /// Without leading zero bytes.
    magnitude: &'a [u8],
}

impl<'a> Integer<'a> {
    pub(crate) fn new(negative: bool, magnitude: &'a [u8]) -> Self {
        let zeros = magnitude.iter().take_while(|&&b| b == 0).count();
        let magnitude = &magnitude[zeros..];
        Integer {
            negative: negative && !magnitude.is_empty(),
            magnitude,
        }
    }

    /// True for a value below zero (a negative zero, which the format can spell, is zero).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x40]);
    /// assert!(!reader.next_integer()?.is_negative());
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The big-endian bytes of the absolute value, without leading zeros (empty for zero).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x42, 0x01, 0x00]);
    /// assert_eq!(reader.next_integer()?.magnitude(), [1, 0]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn magnitude(&self) -> &'a [u8] {
        self.magnitude
    }

    /// The absolute value, if it fits 128 bits.
    fn abs(&self) -> Option<u128> {
        if self.magnitude.len() > 16 {
            return None;
        }
        Some(
            self.magnitude
                .iter()
                .fold(0u128, |acc, &b| acc << 8 | u128::from(b)),
        )
    }

    /// The value as a `u64`, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x21, 0xFF]);
    /// assert_eq!(reader.next_integer()?.to_u64(), Some(255));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn to_u64(&self) -> Option<u64> {
        self.to_u128().and_then(|v| u64::try_from(v).ok())
    }

    /// The value as an `i64`, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x41, 0x05]);
    /// assert_eq!(reader.next_integer()?.to_i64(), Some(-5));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn to_i64(&self) -> Option<i64> {
        self.to_i128().and_then(|v| i64::try_from(v).ok())
    }

    /// The value as a `u128`, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x41, 0x01]);
    /// assert_eq!(reader.next_integer()?.to_u128(), None);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn to_u128(&self) -> Option<u128> {
        if self.negative {
            return None;
        }
        self.abs()
    }

    /// The value as an `i128`, if it is one (`i128::MIN` included).
    ///
    /// # Examples
    ///
    /// ```
    /// let bytes = jsonstream::pbjson::to_vec(&i128::MIN)?;
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&bytes);
    /// assert_eq!(reader.next_integer()?.to_i128(), Some(i128::MIN));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn to_i128(&self) -> Option<i128> {
        let abs = self.abs()?;
        if self.negative {
            0i128.checked_sub_unsigned(abs)
        } else {
            i128::try_from(abs).ok()
        }
    }

    /// The value as the nearest `f64` (correctly rounded, ties to even), if it is finite.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut reader = jsonstream::pbjson::PbReader::from_slice(&[0x41, 0x02]);
    /// assert_eq!(reader.next_integer()?.to_f64(), Some(-2.0));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn to_f64(&self) -> Option<f64> {
        let bits = self.bit_len();
        let abs = if bits <= 64 {
            self.abs()? as u64 as f64
        } else {
            // The top 64 bits, with a sticky bit for any ones below them: rounding them to 53
            // bits rounds the whole value (the bits below 64 can only break a tie).
            let shift = bits - 64;
            let (top, sticky) = self.top_bits(shift);
            let top = (top | u64::from(sticky)) as f64;
            let scaled = top * 2f64.powi(i32::try_from(shift).ok()?);
            if scaled.is_infinite() {
                return None;
            }
            scaled
        };
        Some(if self.negative { -abs } else { abs })
    }

    /// The number of significant bits.
    fn bit_len(&self) -> u64 {
        match self.magnitude.first() {
            None => 0,
            Some(&b) => (self.magnitude.len() as u64 - 1) * 8 + u64::from(8 - b.leading_zeros()),
        }
    }

    /// The value shifted right by `shift` bits (which leaves 64), and whether any bit shifted
    /// out was one.
    fn top_bits(&self, shift: u64) -> (u64, bool) {
        let mut top = 0u64;
        let mut sticky = false;
        let len = self.magnitude.len() as u64;
        for (i, &b) in self.magnitude.iter().enumerate() {
            // Bit 0 of this byte is bit `pos` of the value.
            let pos = (len - 1 - i as u64) * 8;
            for bit in (0..8).rev() {
                let one = b >> bit & 1 == 1;
                if pos + bit >= shift {
                    top = top << 1 | u64::from(one);
                } else {
                    sticky |= one;
                }
            }
        }
        (top, sticky)
    }
}

impl fmt::Display for Integer<'_> {
    /// The exact decimal value, however wide.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(abs) = self.abs() {
            if self.negative {
                f.write_str("-")?;
            }
            return write!(f, "{abs}");
        }
        // Repeated division by 10^19 of base-2^32 limbs, most significant first.
        let mut limbs: Vec<u32> = Vec::with_capacity(self.magnitude.len() / 4 + 1);
        let head = self.magnitude.len() % 4;
        if head > 0 {
            limbs.push(
                self.magnitude[..head]
                    .iter()
                    .fold(0, |acc, &b| acc << 8 | u32::from(b)),
            );
        }
        for chunk in self.magnitude[head..].chunks_exact(4) {
            limbs.push(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
        const CHUNK: u64 = 10_000_000_000_000_000_000;
        let mut parts = Vec::new();
        while limbs.iter().any(|&l| l != 0) {
            let mut rem = 0u128;
            for limb in &mut limbs {
                let cur = rem << 32 | u128::from(*limb);
                *limb = (cur / u128::from(CHUNK)) as u32;
                rem = cur % u128::from(CHUNK);
            }
            parts.push(rem as u64);
            let zeros = limbs.iter().take_while(|&&l| l == 0).count();
            limbs.drain(..zeros);
        }
        if self.negative {
            f.write_str("-")?;
        }
        let mut parts = parts.iter().rev();
        if let Some(first) = parts.next() {
            write!(f, "{first}")?;
        }
        for part in parts {
            write!(f, "{part:019}")?;
        }
        Ok(())
    }
}

/// The big-endian magnitude, without leading zero bytes, of the decimal `digits` (ASCII
/// digits only).
pub(crate) fn magnitude_of_decimal(digits: &[u8]) -> Vec<u8> {
    // Base-2^32 limbs, least significant first; nine digits at a time.
    let mut limbs: Vec<u32> = Vec::with_capacity(digits.len() / 9 + 1);
    for chunk in digits.chunks(9) {
        let scale = 10u64.pow(chunk.len() as u32);
        let mut carry = chunk
            .iter()
            .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
        for limb in &mut limbs {
            let v = u64::from(*limb) * scale + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let bytes: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes[zeros..].to_vec()
}

/// The value of a big-endian magnitude of at most eight bytes (0 for none), without a step
/// per byte (whose loop exit mispredicts on integers of varying lengths).
#[inline]
pub(crate) fn small_magnitude(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.len() <= 8);
    match bytes.len() {
        0 => 0,
        n => high_aligned(bytes) >> (64 - 8 * n),
    }
}

/// Up to eight bytes as a big-endian word, the first in the highest byte, zeros after the
/// last (a float's codes, an integer's magnitude).
#[inline]
pub(crate) fn high_aligned(bytes: &[u8]) -> u64 {
    up_to_eight(bytes).swap_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_magnitudes_read_as_a_byte_at_a_time() {
        for bytes in crate::test_rng::byte_strings(0x2545_F491_4F6C_DD1D, 8, 1_000) {
            let want = bytes.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
            assert_eq!(small_magnitude(&bytes), want, "{bytes:x?}");
        }
    }

    #[test]
    fn wide_values_print_exactly_and_round_correctly() {
        let mut two_to_200 = vec![1u8];
        two_to_200.extend([0; 25]);
        let n = Integer::new(false, &two_to_200);
        assert_eq!(
            n.to_string(),
            "1606938044258990275541962092341162602522202993782792835301376"
        );
        assert_eq!(n.to_f64(), Some(2f64.powi(200)));
        // 2^64 + 1 rounds to 2^64; 2^70 - 1 rounds up to 2^70.
        let n = Integer::new(true, &[1, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(n.to_string(), "-18446744073709551617");
        assert_eq!(n.to_f64(), Some(-(2f64.powi(64))));
        let n = Integer::new(
            false,
            &[0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        );
        assert_eq!(n.to_f64(), Some(2f64.powi(70)));
        // 2^77 + 2^24 + 1 is just over half an ulp (2^25) above 2^77: it rounds up, though
        // the one is below the top 64 bits; without it, the tie goes to the even 2^77.
        let mut tie = vec![0x20, 0, 0, 0, 0, 0, 0x01, 0, 0, 0x01];
        let n = Integer::new(false, &tie);
        assert_eq!(n.to_f64(), Some(2f64.powi(77) + 2f64.powi(25)));
        tie[9] = 0;
        let n = Integer::new(false, &tie);
        assert_eq!(n.to_f64(), Some(2f64.powi(77)));
        let huge = vec![0xFF; 200];
        assert_eq!(Integer::new(false, &huge).to_f64(), None);
    }

    #[test]
    fn decimal_text_becomes_its_magnitude() {
        for text in [
            "0",
            "255",
            "256",
            "18446744073709551616",
            "1267650600228229401496703205376",
        ] {
            let magnitude = magnitude_of_decimal(text.as_bytes());
            assert_eq!(Integer::new(false, &magnitude).to_string(), text);
            assert_ne!(magnitude.first(), Some(&0));
        }
        assert_eq!(magnitude_of_decimal(b"65536"), [1, 0, 0]);
    }

    #[test]
    fn narrow_conversions_check_their_range() {
        let min = Integer::new(true, &[0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(min.to_i64(), Some(i64::MIN));
        assert_eq!(min.to_u64(), None);
        let zero = Integer::new(true, &[0, 0]);
        assert_eq!((zero.is_negative(), zero.to_u64()), (false, Some(0)));
        assert_eq!(zero.to_string(), "0");
    }
}
