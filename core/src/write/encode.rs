//! The content of one string value arriving in chunks of bytes: UTF-8 text checked across chunk
//! boundaries, or arbitrary bytes encoded as base64 across 3-byte groups.
//!
//! Shared by the string writers of [`JsonWriter`](crate::JsonWriter) and by
//! [`Blob`](crate::Blob), which only differ in where the resulting text goes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::lex::utf8::assume_valid;

/// Bytes read from a blob's source per `read` call.
pub(crate) const READ_CHUNK: usize = 64 * 1024;

/// Bytes encoded to base64 text per call of the engine: whole groups, 4 KiB of text.
const BASE64_CHUNK: usize = 3 * 1024;

/// Why content could not be passed on.
pub(crate) enum ContentError<E> {
    /// Text mode: the bytes are not UTF-8; the first byte of the bad sequence is at this offset
    /// of the string value.
    InvalidUtf8(u64),
    /// The receiver of the text failed.
    Sink(E),
}

/// Turns chunks of bytes into the text of one string value (to be escaped by the caller).
pub(crate) enum Encoder {
    /// UTF-8 text, passed on as it is.
    Text(Utf8Chunks),
    /// Arbitrary bytes, passed on as base64 (standard alphabet, padded).
    Base64(Base64Groups),
}

impl Encoder {
    pub(crate) fn text() -> Self {
        Encoder::Text(Utf8Chunks::default())
    }

    pub(crate) fn base64() -> Self {
        Encoder::Base64(Base64Groups::default())
    }

    /// Passes the text of `bytes` to `emit`, keeping back what depends on the next chunk: the
    /// incomplete start of a UTF-8 sequence, or a partial base64 group.
    #[inline]
    pub(crate) fn feed<E>(
        &mut self,
        bytes: &[u8],
        emit: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), ContentError<E>> {
        match self {
            Encoder::Text(text) => text.feed(bytes, emit),
            Encoder::Base64(groups) => groups.feed(bytes, emit).map_err(ContentError::Sink),
        }
    }

    /// Passes on what was kept back at the end of the content.
    pub(crate) fn finish<E>(
        &mut self,
        emit: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), ContentError<E>> {
        match self {
            Encoder::Text(text) => text.finish(),
            Encoder::Base64(groups) => groups.finish(emit).map_err(ContentError::Sink),
        }
    }
}

/// UTF-8 text in chunks that may split a character: at most three bytes are carried over.
#[derive(Default)]
pub(crate) struct Utf8Chunks {
    carry: [u8; 4],
    carry_len: usize,
    /// Offset in the value of the first carried byte (of the next byte if none is carried).
    offset: u64,
}

impl Utf8Chunks {
    fn feed<E>(
        &mut self,
        mut bytes: &[u8],
        emit: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), ContentError<E>> {
        // Complete the carried character one byte at a time: it needs at most three.
        while self.carry_len > 0 {
            let Some((&byte, rest)) = bytes.split_first() else {
                return Ok(());
            };
            bytes = rest;
            self.carry[self.carry_len] = byte;
            self.carry_len += 1;
            match std::str::from_utf8(&self.carry[..self.carry_len]) {
                Ok(c) => {
                    emit(c).map_err(ContentError::Sink)?;
                    self.offset += self.carry_len as u64;
                    self.carry_len = 0;
                }
                Err(e) if e.error_len().is_some() => {
                    return Err(ContentError::InvalidUtf8(self.offset))
                }
                Err(_) => {}
            }
        }
        let (valid, invalid) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => (
                assume_valid(&bytes[..e.valid_up_to()]),
                Some((e.valid_up_to(), e.error_len())),
            ),
        };
        if !valid.is_empty() {
            emit(valid).map_err(ContentError::Sink)?;
        }
        self.offset += valid.len() as u64;
        match invalid {
            None => Ok(()),
            Some((_, Some(_))) => Err(ContentError::InvalidUtf8(self.offset)),
            Some((at, None)) => {
                // An incomplete sequence at the end: at most three bytes.
                let tail = &bytes[at..];
                self.carry[..tail.len()].copy_from_slice(tail);
                self.carry_len = tail.len();
                Ok(())
            }
        }
    }

    fn finish<E>(&self) -> Result<(), ContentError<E>> {
        if self.carry_len > 0 {
            return Err(ContentError::InvalidUtf8(self.offset));
        }
        Ok(())
    }
}

/// Bytes in chunks, encoded as base64 by whole 3-byte groups: at most two bytes are carried.
pub(crate) struct Base64Groups {
    carry: [u8; 3],
    carry_len: usize,
    /// The text of one call of the engine, kept to reuse its allocation.
    text: String,
}

impl Default for Base64Groups {
    fn default() -> Self {
        Base64Groups {
            carry: [0; 3],
            carry_len: 0,
            text: String::with_capacity(BASE64_CHUNK / 3 * 4),
        }
    }
}

impl Base64Groups {
    fn feed<E>(
        &mut self,
        mut bytes: &[u8],
        emit: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.carry_len > 0 {
            let take = (3 - self.carry_len).min(bytes.len());
            self.carry[self.carry_len..self.carry_len + take].copy_from_slice(&bytes[..take]);
            self.carry_len += take;
            bytes = &bytes[take..];
            if self.carry_len < 3 {
                return Ok(());
            }
            self.carry_len = 0;
            let group = self.carry;
            self.encode(&group, emit)?;
        }
        let whole = bytes.len() / 3 * 3;
        for groups in bytes[..whole].chunks(BASE64_CHUNK) {
            self.encode(groups, emit)?;
        }
        let tail = &bytes[whole..];
        self.carry[..tail.len()].copy_from_slice(tail);
        self.carry_len = tail.len();
        Ok(())
    }

    fn finish<E>(&mut self, emit: &mut impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let tail = self.carry;
        let len = std::mem::take(&mut self.carry_len);
        self.encode(&tail[..len], emit)
    }

    fn encode<E>(
        &mut self,
        bytes: &[u8],
        emit: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.text.clear();
        STANDARD.encode_string(bytes, &mut self.text);
        emit(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` cut at `cuts`, collecting the text; `Err` holds the offset reported.
    fn run(mut encoder: Encoder, input: &[u8], cuts: &[usize]) -> Result<String, u64> {
        let mut text = String::new();
        let mut emit = |s: &str| {
            text.push_str(s);
            Ok::<(), ()>(())
        };
        let mut start = 0;
        for &cut in cuts.iter().chain([&input.len()]) {
            let fed = encoder.feed(&input[start..cut], &mut emit);
            start = cut;
            if let Err(ContentError::InvalidUtf8(offset)) = fed {
                return Err(offset);
            }
        }
        match encoder.finish(&mut emit) {
            Err(ContentError::InvalidUtf8(offset)) => Err(offset),
            _ => Ok(text),
        }
    }

    #[test]
    fn text_split_anywhere_comes_out_whole() {
        let input = "a\u{e9}\u{20ac}\u{1F600}z\u{7ff}\u{10000}";
        let bytes = input.as_bytes();
        for i in 0..=bytes.len() {
            for j in i..=bytes.len() {
                assert_eq!(run(Encoder::text(), bytes, &[i, j]).as_deref(), Ok(input));
            }
        }
    }

    #[test]
    fn invalid_text_names_the_offset_of_the_bad_sequence() {
        let cases: [(&[u8], u64); 6] = [
            (b"ab\xffcd", 2),
            (b"ab\xe2\x82", 2),
            (b"\xe2\x82(", 0),
            (b"abc\xed\xa0\x80", 3),
            (b"\xf0\x9f\x98\x80\x80", 4),
            (b"xy\xc3", 2),
        ];
        for (input, offset) in cases {
            for cut in 0..=input.len() {
                assert_eq!(
                    run(Encoder::text(), input, &[cut]),
                    Err(offset),
                    "{input:?} {cut}"
                );
            }
        }
    }

    #[test]
    fn base64_of_every_length_and_split() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3 * BASE64_CHUNK + 7).collect();
        for len in (0..12).chain([BASE64_CHUNK - 1, BASE64_CHUNK, 3 * BASE64_CHUNK + 7]) {
            let expected = STANDARD.encode(&data[..len]);
            for cut in [0, 1, 2, len / 2, len.saturating_sub(1), len] {
                let cut = cut.min(len);
                for cut2 in [cut, (cut + 1).min(len), (cut + 2).min(len)] {
                    let text = run(Encoder::base64(), &data[..len], &[cut, cut2]);
                    assert_eq!(text.as_deref(), Ok(expected.as_str()), "{len} {cut} {cut2}");
                }
            }
        }
    }
}
