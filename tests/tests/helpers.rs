//! Tests of the test helpers themselves: the chunked readers deliver exactly their input in the
//! promised pieces, the generators produce what they claim, base64 matches RFC 4648.

mod common;

use std::io::{self, Read};

use common::gen::{apply_edits, arb_doc, arb_style, Edit};
use common::{
    base64_encode, line_col, read_all, InterruptedReader, OneByteReader, RecordArrayReader,
    Schedule, ShortReader,
};
use proptest::prelude::*;

fn data() -> Vec<u8> {
    (0..1000u32).map(|i| (i * 7 % 256) as u8).collect()
}

#[test]
fn one_byte_reader_returns_single_bytes() {
    let d = data();
    let mut r = OneByteReader::new(&d[..]);
    let mut buf = [0u8; 16];
    let mut out = Vec::new();
    loop {
        let n = r.read(&mut buf).unwrap();
        assert!(n <= 1);
        if n == 0 {
            break;
        }
        out.push(buf[0]);
    }
    assert_eq!(out, d);
}

#[test]
fn interrupted_reader_interrupts_every_other_call() {
    let d = data();
    let mut r = InterruptedReader::new(&d[..]);
    let mut buf = [0u8; 100];
    let mut out = Vec::new();
    for call in 0.. {
        match r.read(&mut buf) {
            Err(e) => {
                assert_eq!(e.kind(), io::ErrorKind::Interrupted);
                assert_eq!(call % 2, 0, "interrupted on even calls");
            }
            Ok(0) => break,
            Ok(n) => {
                assert_eq!(call % 2, 1);
                out.extend_from_slice(&buf[..n]);
            }
        }
    }
    assert_eq!(out, d);
    assert!(r.interruptions >= 10);
}

#[test]
fn short_reader_follows_its_sizes() {
    let d = data();
    let mut r = ShortReader::new(&d[..], &[1, 0, 5, 3]);
    let mut buf = [0u8; 64];
    let mut sizes = Vec::new();
    let mut out = Vec::new();
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        sizes.push(n);
        out.extend_from_slice(&buf[..n]);
    }
    assert_eq!(out, d);
    assert_eq!(&sizes[..8], &[1, 1, 5, 3, 1, 1, 5, 3]);
}

#[test]
fn every_schedule_delivers_the_input() {
    let d = data();
    for s in Schedule::fixed() {
        assert_eq!(read_all(s.reader(&d)).unwrap(), d, "{s:?}");
    }
}

#[test]
fn failing_reader_fails_after_its_bytes() {
    let d = data();
    let mut r = common::FailingReader::new(&d[..], 10);
    let mut buf = [0u8; 4];
    let mut n = 0;
    let err = loop {
        match r.read(&mut buf) {
            Ok(k) => n += k,
            Err(e) => break e,
        }
    };
    assert_eq!(n, 10);
    assert_eq!(err.kind(), io::ErrorKind::Other);
}

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
            assert_eq!(rec["id"], common::FIRST_RECORD_ID + i as u64);
            assert_eq!(rec["text"], common::RECORD_TEXT);
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
fn line_col_counts_bytes() {
    let t = b"ab\ncd\n\xc3\xa9x";
    assert_eq!(line_col(t, 0), (1, 1));
    assert_eq!(line_col(t, 2), (1, 3));
    assert_eq!(line_col(t, 3), (2, 1));
    assert_eq!(line_col(t, 8), (3, 3));
    assert_eq!(line_col(t, t.len()), (3, 4));
}

#[test]
fn value_diff_sees_number_kinds_and_float_bits() {
    use serde_json::json;
    assert!(common::value_diff(&json!(1), &json!(1)).is_none());
    assert!(common::value_diff(&json!(1), &json!(1.0)).is_some());
    assert!(common::value_diff(&json!(1), &json!(-1)).is_some());
    assert!(common::value_diff(&json!(0.0), &json!(-0.0)).is_some());
    assert!(common::value_diff(&json!({"a": [1, 2]}), &json!({"a": [1, 3]})).is_some());
    assert!(common::value_diff(&json!({"a": 1}), &json!({"b": 1})).is_some());
}

#[test]
fn edits_apply() {
    let b = b"[1,2]".to_vec();
    assert_eq!(apply_edits(b.clone(), &[Edit::Delete(1)]), b"[,2]");
    assert_eq!(apply_edits(b.clone(), &[Edit::Insert(5, b'x')]), b"[1,2]x");
    assert_eq!(apply_edits(b.clone(), &[Edit::Replace(6, b'x')]), b"[x,2]");
    assert_eq!(apply_edits(b.clone(), &[Edit::Truncate(3)]), b"[1,");
    assert_eq!(
        apply_edits(Vec::new(), &[Edit::Delete(3), Edit::Replace(1, 0)]),
        b""
    );
}

proptest! {
    #![proptest_config(common::config(256))]

    /// Styled documents are valid JSON whatever the style.
    #[test]
    fn styled_documents_are_valid_json(doc in arb_doc(), style in arb_style()) {
        let text = doc.write(&style);
        let r = serde_json::from_slice::<serde::de::IgnoredAny>(&text);
        prop_assert!(r.is_ok(), "{}: {:?}", String::from_utf8_lossy(&text), r);
    }
}
