//! Where base64 text (standard alphabet, padding optional) goes wrong: the first offending
//! symbol, found by the rules alone, so that the same fault is found at the same place however
//! the text was cut into pieces.

use crate::error::Base64Fault;

/// The value of a symbol of the standard alphabet.
fn symbol(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The first fault of `text`, which starts a 4-symbol group, and the index of the symbol to
/// blame (`text.len()` for a text that ends too early). `finished`: the text ends here; if
/// not, an incomplete last group is no fault, and neither is a group that more text could
/// still complete.
pub(crate) fn first_fault(text: &[u8], finished: bool) -> Option<(usize, Base64Fault)> {
    // The place in the current group, and how many of its places are padding.
    let mut place = 0;
    let mut padding = 0;
    for (i, &b) in text.iter().enumerate() {
        if padding > 0 && place == 0 {
            // A padded group ended the text.
            return Some((i, Base64Fault::AfterPadding(b)));
        }
        if b == b'=' {
            // Padding may fill the third and fourth places only, and no bits may be left in
            // the symbol before it.
            if place < 2 {
                return Some((i, Base64Fault::Padding));
            }
            if padding == 0 {
                let last = text[i - 1];
                let unused = if place == 2 { 0b1111 } else { 0b11 };
                if symbol(last).is_some_and(|v| v & unused != 0) {
                    return Some((i - 1, Base64Fault::LastSymbol(last)));
                }
            }
            padding += 1;
        } else if padding > 0 {
            return Some((i, Base64Fault::AfterPadding(b)));
        } else if symbol(b).is_none() {
            return Some((i, Base64Fault::Byte(b)));
        }
        place = (place + 1) % 4;
    }
    if !finished {
        return None;
    }
    match (place, padding) {
        (0, _) => None,
        // A group ends after one symbol, or inside its padding.
        (1, _) | (_, 1..) => Some((text.len(), Base64Fault::Truncated)),
        // Unpadded: no bits may be left in the last symbol.
        _ => {
            let last = text[text.len() - 1];
            let unused = if place == 2 { 0b1111 } else { 0b11 };
            let left = symbol(last).is_some_and(|v| v & unused != 0);
            left.then_some((text.len() - 1, Base64Fault::LastSymbol(last)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine as _;

    /// Every text of up to 6 symbols from a small set that reaches every rule: faulty exactly
    /// when the decoder that reads the strings rejects it (or it is partly padded); and the fault of a text is found at
    /// the same place in every longer text that starts with it.
    #[test]
    fn faults_are_the_decoders_rejections() {
        let engine = GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
        );
        let set = *b"AQR/=!";
        let mut texts = vec![Vec::new()];
        for len in 1..=6 {
            let shorter: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == len - 1)
                .cloned()
                .collect();
            for t in shorter {
                for &b in &set {
                    let mut longer = t.clone();
                    longer.push(b);
                    texts.push(longer);
                }
            }
        }
        for text in &texts {
            let fault = first_fault(text, true);
            // The decoder takes a partly padded last group (`AA=`); padding is whole or absent.
            let partly_padded = text.contains(&b'=') && text.len() % 4 != 0;
            let rejected = engine.decode(text).is_err() || partly_padded;
            assert_eq!(
                fault.is_some(),
                rejected,
                "{:?}: {fault:?}",
                String::from_utf8_lossy(text)
            );
            // A fault found before the end is where it is, whatever follows.
            if let Some(fault) = first_fault(text, false) {
                assert_eq!(Some(fault), first_fault(text, true));
                for more in texts.iter().filter(|t| t.len() <= 2) {
                    let longer = [&text[..], more].concat();
                    for finished in [false, true] {
                        assert_eq!(first_fault(&longer, finished), Some(fault), "{longer:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn faults_name_the_symbol_to_blame() {
        let cases: [(&[u8], usize, Base64Fault); 8] = [
            (b"AB!D", 2, Base64Fault::Byte(b'!')),
            (b"A===", 1, Base64Fault::Padding),
            (b"====", 0, Base64Fault::Padding),
            (b"AA==AA==", 4, Base64Fault::AfterPadding(b'A')),
            (b"AAA==", 4, Base64Fault::AfterPadding(b'=')),
            (b"AR==", 1, Base64Fault::LastSymbol(b'R')),
            (b"AAAAA", 5, Base64Fault::Truncated),
            (b"AA=", 3, Base64Fault::Truncated),
        ];
        for (text, at, fault) in cases {
            assert_eq!(first_fault(text, true), Some((at, fault)), "{text:?}");
        }
        // Unfinished, a group that may go on is no fault yet.
        assert_eq!(first_fault(b"AAAAA", false), None);
        assert_eq!(first_fault(b"AR", false), None);
        assert_eq!(first_fault(b"AA=", false), None);
        assert_eq!(
            first_fault(b"AR=", false),
            Some((1, Base64Fault::LastSymbol(b'R')))
        );
    }
}
