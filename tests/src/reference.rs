//! Reference answers computed without jsonstream: base64 text and its decoding, line and column
//! of an offset.

/// Standard base64 with padding (RFC 4648 section 4).
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        if chunk.len() > 1 {
            out.push(ALPHABET[(n >> 6) as usize & 63] as char);
        } else {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(ALPHABET[n as usize & 63] as char);
        } else {
            out.push('=');
        }
    }
    out
}

/// Decodes standard base64 (RFC 4648 section 4) as jsonstream's base64 readers do: padding
/// optional, but if present exactly what completes the last quantum; unused bits of the last
/// character zero; no other character, no whitespace. `None` if `text` is not such base64.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let data_len = text.iter().rposition(|&c| c != b'=').map_or(0, |p| p + 1);
    let padding = text.len() - data_len;
    let rest = data_len % 4;
    let padding_ok =
        padding == 0 || (text.len().is_multiple_of(4) && padding == 4 - rest && rest >= 2);
    if rest == 1 || !padding_ok {
        return None;
    }
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    for chunk in text[..data_len].chunks(4) {
        let mut n = 0u32;
        for &c in chunk {
            n = (n << 6) | sextet(c)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&n.to_be_bytes()[1..]),
            3 => {
                if n & 0b11 != 0 {
                    return None;
                }
                out.extend_from_slice(&((n >> 2) as u16).to_be_bytes());
            }
            _ => {
                if n & 0b1111 != 0 {
                    return None;
                }
                out.push((n >> 4) as u8);
            }
        }
    }
    Some(out)
}

/// Line (1-based) and column (1-based, in bytes) of byte `offset` of `input`.
pub fn line_col(input: &[u8], offset: usize) -> (u64, u64) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (offset - line_start) as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn base64_decodes_what_it_encodes_and_nothing_else() {
        for len in 0..10 {
            let data: Vec<u8> = (0..len).map(|i| (i * 97 + 3) as u8).collect();
            let text = base64_encode(&data);
            assert_eq!(base64_decode(text.as_bytes()), Some(data.clone()));
            let unpadded = text.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded.as_bytes()), Some(data));
        }
        for bad in [
            "A", "A===", "AAAAA", "AP 8=", "A!AA", "-_8=", "AR==", "AA=", "AA===", "=", "AA==AA==",
        ] {
            assert_eq!(base64_decode(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(base64_decode(b"+/8="), Some(vec![251, 255]));
    }

    #[test]
    fn line_col_counts_bytes() {
        let t = b"ab\ncd\n\xc3\xa9x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 2), (1, 3));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (3, 3));
        assert_eq!(line_col(t, t.len()), (3, 4));
    }
}
