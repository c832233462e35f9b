//! The one place where bytes already checked as UTF-8 become a `str` without being checked
//! again.

/// Views `bytes` as a `str`. The caller has validated them: the scanner checks every run of a
/// string's raw bytes (`lex::utf8`), escapes are encoded from `char`s, number text is ASCII by
/// its grammar, and a parallel stream's tape replays a string where the reader borrowed it as a
/// `str` from the same bytes (`read::tape`).
#[inline]
pub(crate) fn assume_valid(bytes: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: every caller passes bytes that were validated as UTF-8 (see above); a second
    // validation would double the cost of reading strings.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_bytes_are_the_same_text() {
        for text in ["", "plain", "é", "日本語", "\u{10FFFF}", "a\"b\\c\n"] {
            let viewed = assume_valid(text.as_bytes());
            assert_eq!(viewed, text);
            assert_eq!(viewed.as_ptr(), text.as_ptr());
        }
    }
}
