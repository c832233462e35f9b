//! Huge JSON documents generated lazily while they are read, so that the tests can stream
//! gigabytes without holding them, and the sizes the memory tests use.

use std::io::{self, Read};

/// The number in the environment variable `name`, else `default` (panics if it is set to
/// something else than a number).
pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |s| {
        s.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} is a number"))
    })
}

/// Size of the generated documents and blobs: `JSONSTREAM_MEMORY_TEST_BYTES`, default 1 GiB.
pub fn target_bytes() -> u64 {
    env_u64("JSONSTREAM_MEMORY_TEST_BYTES", 1 << 30)
}

/// First record id; all ids have 10 digits for any document below ~800 GB, so records have a
/// fixed length.
pub const FIRST_RECORD_ID: u64 = 1_000_000_000;

/// A `Read` that produces `[record, record, ...]` of at least `target_len` bytes, one record at
/// a time, never holding more than a few KiB.
///
/// Record `i` is
/// `{"id":<FIRST_RECORD_ID+i>,"name":"rec-<id>","flags":[true,false,null],"score":0.5,"text":"a\"b\\c\n\u00e9😀"}`
/// (the text decodes to `a"b\c` newline `é😀`).
#[derive(Debug)]
pub struct RecordArrayReader {
    target_len: u64,
    produced: u64,
    records: u64,
    buf: Vec<u8>,
    pos: usize,
    state: GenState,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum GenState {
    Start,
    Records,
    Closed,
}

/// The decoded `text` field of every generated record.
pub const RECORD_TEXT: &str = "a\"b\\c\n\u{e9}\u{1F600}";

impl RecordArrayReader {
    /// A generator of at least `target_len` bytes (the array closes after the record that
    /// reaches it).
    pub fn new(target_len: u64) -> Self {
        RecordArrayReader {
            target_len,
            produced: 0,
            records: 0,
            buf: Vec::with_capacity(16 * 1024),
            pos: 0,
            state: GenState::Start,
        }
    }

    /// Records produced so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    fn push_record(&mut self) {
        let id = FIRST_RECORD_ID + self.records;
        if self.records > 0 {
            self.buf.push(b',');
        }
        let mut digits = [0u8; 20];
        let mut n = id;
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let digits = &digits[i..];
        self.buf.extend_from_slice(b"{\"id\":");
        self.buf.extend_from_slice(digits);
        self.buf.extend_from_slice(b",\"name\":\"rec-");
        self.buf.extend_from_slice(digits);
        self.buf.extend_from_slice(
            "\",\"flags\":[true,false,null],\"score\":0.5,\"text\":\"a\\\"b\\\\c\\n\\u00e9\u{1F600}\"}"
                .as_bytes(),
        );
        self.records += 1;
    }

    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        match self.state {
            GenState::Start => {
                self.buf.push(b'[');
                self.state = GenState::Records;
            }
            GenState::Records => {
                let mut planned = self.produced;
                while self.buf.len() < 8 * 1024 {
                    if planned >= self.target_len {
                        self.buf.push(b']');
                        self.state = GenState::Closed;
                        break;
                    }
                    let before = self.buf.len();
                    self.push_record();
                    planned += (self.buf.len() - before) as u64;
                }
            }
            GenState::Closed => {}
        }
    }
}

impl Read for RecordArrayReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.state == GenState::Closed {
                return Ok(0);
            }
            self.refill();
        }
        let n = (self.buf.len() - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        self.produced += n as u64;
        Ok(n)
    }
}

/// `"` + at least `len` bytes of text with escapes and multi-byte UTF-8 (whole repetitions of
/// [`PATTERN`]) + `"`, generated lazily; made by [`huge_string`].
#[derive(Debug)]
pub struct HugeString {
    body_len: u64,
    pos: u64,
}

/// The JSON string body [`HugeString`] repeats: every escape class, multi-byte UTF-8 and a
/// surrogate pair.
pub const PATTERN: &[u8] = "abc \\\"q\\\" \\n é€😀 \\u00e9 \\ud83d\\ude00 xyz\\\\ ".as_bytes();

/// A [`HugeString`] whose body is at least `len` bytes long.
pub fn huge_string(len: u64) -> HugeString {
    let p = PATTERN.len() as u64;
    HugeString {
        body_len: len.div_ceil(p) * p,
        pos: 0,
    }
}

impl Read for HugeString {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let total = self.body_len + 2;
        if self.pos >= total || out.is_empty() {
            return Ok(0);
        }
        if self.pos == 0 || self.pos == total - 1 {
            out[0] = b'"';
            self.pos += 1;
            return Ok(1);
        }
        let body_pos = self.pos - 1;
        let p = (body_pos % PATTERN.len() as u64) as usize;
        let n = (PATTERN.len() - p)
            .min(out.len())
            .min((self.body_len - body_pos) as usize);
        out[..n].copy_from_slice(&PATTERN[p..p + n]);
        self.pos += n as u64;
        Ok(n)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::readers::{read_all, OneByteReader};

    #[test]
    fn record_array_reader_generates_valid_records() {
        for target in [0, 1, 100, 5000, 100_000] {
            let mut r = RecordArrayReader::new(target);
            let mut text = Vec::new();
            r.read_to_end(&mut text).unwrap();
            assert!(text.len() as u64 >= target);
            let v: Vec<serde_json::Value> = serde_json::from_slice(&text).unwrap();
            assert_eq!(v.len() as u64, r.records());
            assert_eq!(text.len() as u64, r.produced());
            for (i, rec) in v.iter().enumerate() {
                assert_eq!(rec["id"], FIRST_RECORD_ID + i as u64);
                assert_eq!(rec["text"], RECORD_TEXT);
            }
        }
        // One byte at a time gives the same bytes.
        let mut whole = Vec::new();
        RecordArrayReader::new(3000)
            .read_to_end(&mut whole)
            .unwrap();
        let one = read_all(OneByteReader::new(RecordArrayReader::new(3000))).unwrap();
        assert_eq!(one, whole);
    }
}
