//! Reading PBJSON: every reference vector, strictness where the reference is lax, errors with
//! offsets and paths, chunk invariance, and forged lengths that cost no memory.

use std::io::Read as _;

use jsonstream::pbjson::{self, PbReader, Token};
use jsonstream::{Category, LimitKind, Limits, ReaderOptions};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::compare::value_diff;
use jsonstream_tests::pbjson_vectors::{vectors, ExactValue, VectorInput};
use jsonstream_tests::readers::Schedule;
use jsonstream_tests::window::{options, windows};
use serde_json::Value;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Everything a reader makes of `bytes`: its tokens (with the offset after each), then `Ok` or
/// the error with its offset and path.
fn tokens<'de, S: jsonstream::read::Read<'de>>(mut reader: PbReader<S>) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match reader.next_token() {
            Ok(Some(token)) => {
                let token = format!("{token:?}");
                out.push(format!("{token} @{}", reader.offset()));
            }
            Ok(None) => {
                out.push("end".into());
                return out;
            }
            Err(e) => {
                out.push(format!("{e} @{} {}", e.offset(), e.path()));
                return out;
            }
        }
    }
}

#[test]
fn every_vector_reads_to_its_value() {
    for v in vectors() {
        match v.value() {
            ExactValue::Bytes(want) => {
                let mut reader = PbReader::from_slice(&v.bytes);
                assert_eq!(reader.next_binary().unwrap(), &want[..], "{}", v.name);
                reader.finish().unwrap();
            }
            ExactValue::Str(want) if v.head_only => {
                let got: String = pbjson::from_reader(&v.bytes[..]).unwrap();
                assert!(got == want, "{}: {} bytes read", v.name, got.len());
            }
            want => {
                // Number kinds and float bits compared; integers beyond 64 bits as the nearest
                // f64, as a `Value` holds them.
                let want = want.to_json_value().unwrap();
                let got: Value =
                    pbjson::from_slice(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
                assert_eq!(value_diff(&got, &want), None, "{}", v.name);
                let got: Value = pbjson::from_reader(&v.bytes[..]).unwrap();
                assert_eq!(value_diff(&got, &want), None, "{}", v.name);
            }
        }
    }
}

#[test]
fn every_vector_reads_alike_through_any_reads_and_window() {
    let schedules = Schedule::fixed();
    for v in vectors().iter().filter(|v| v.bytes.len() < 10_000) {
        let want = tokens(PbReader::from_slice(&v.bytes));
        assert_eq!(want.last().unwrap(), "end", "{}", v.name);
        for w in windows() {
            for schedule in &schedules {
                let reader = options(w).pbjson_reader(schedule.reader(&v.bytes));
                assert_eq!(tokens(reader), want, "{} {schedule:?} window {w:?}", v.name);
            }
        }
    }
}

#[test]
fn every_proper_prefix_is_an_end_of_input_error() {
    for v in vectors().iter().filter(|v| v.bytes.len() < 3000) {
        for cut in 0..v.bytes.len() {
            let prefix = &v.bytes[..cut];
            let err = pbjson::from_slice::<serde_json::Value>(prefix);
            let binary = matches!(v.input, VectorInput::Bytes(_));
            let err = match err {
                Err(e) => e,
                Ok(_) if binary => unreachable!("binary is no Value"),
                Ok(value) => panic!("{} cut at {cut}: read {value}", v.name),
            };
            if !binary {
                assert_eq!(
                    err.category(),
                    Category::Eof,
                    "{} cut at {cut}: {err}",
                    v.name
                );
            }
            let skipped = PbReader::from_slice(prefix).skip_value().unwrap_err();
            assert_eq!(skipped.category(), Category::Eof, "{} cut at {cut}", v.name);
            let last = tokens(options(Some(4)).pbjson_reader(prefix));
            assert!(last.last().unwrap().contains("EOF"), "{}: {last:?}", v.name);
        }
    }
}

#[test]
fn bytes_after_the_document_are_an_error() {
    for doc in [&[0x01, 0x00][..], &[0xC0, 0x0F], &[0x21, 0x05, 0x21]] {
        let err = pbjson::from_slice::<Value>(doc).unwrap_err();
        assert_eq!(err.offset(), doc.len() as u64 - 1, "{doc:?}");
        assert!(err.to_string().contains("after the end"), "{err}");
        let err = pbjson::from_reader::<_, Value>(doc).unwrap_err();
        assert_eq!(err.offset(), doc.len() as u64 - 1, "{doc:?}");
    }
}

#[test]
fn errors_name_the_offset_and_the_path() {
    // {"a": [1, 2, 3, {"b": "\xff"}]}
    let doc = [
        0xE1, 0x01, b'a', 0xC4, 0x21, 1, 0x21, 2, 0x21, 3, 0xE1, 0x01, b'b', 0x81, 0xFF,
    ];
    for err in [
        pbjson::from_slice::<Value>(&doc).unwrap_err(),
        pbjson::from_reader::<_, Value>(&doc[..]).unwrap_err(),
        PbReader::from_slice(&doc).skip_value().unwrap_err(),
    ] {
        assert_eq!(err.path(), "$.a[3].b");
        assert_eq!(err.offset(), 13);
        assert_eq!((err.line(), err.column()), (0, 0));
        assert_eq!(
            err.to_string(),
            "invalid unicode code point at byte 13, path $.a[3].b"
        );
    }
    // A key that is not UTF-8, and an index that names no key yet.
    let err = pbjson::from_slice::<Value>(&[0xE1, 0x01, 0xC0, 0x02]).unwrap_err();
    assert_eq!((err.offset(), err.category()), (1, Category::Syntax));
    let err =
        pbjson::from_slice::<Value>(&[0xC2, 0xE1, 0x01, b'k', 0x02, 0xE1, 0x81, 0x02]).unwrap_err();
    assert_eq!(err.offset(), 6);
    assert_eq!(err.path(), "$[1]");
    assert!(err.to_string().contains("key index 1"), "{err}");
    // A key from the memo names the path too.
    let doc = [0xC2, 0xE1, 0x01, b'k', 0x21, 0x01, 0xE1, 0x80, 0x06];
    let err = pbjson::from_slice::<Value>(&doc).unwrap_err();
    assert_eq!((err.offset(), err.path()), (8, "$[1].k"));
}

#[test]
fn bytes_that_start_no_value_are_refused() {
    for b in (0x06..=0x0B).chain([0x0D, 0x0F]).chain(0x10..=0x1F) {
        let err = pbjson::from_slice::<Value>(&[b]).unwrap_err();
        assert_eq!(
            (err.offset(), err.category()),
            (0, Category::Syntax),
            "{b:#x}"
        );
        assert!(PbReader::from_slice(&[b]).skip_value().is_err());
    }
    // Float payloads that are no number.
    for doc in [
        &[0x61, 0x1C][..],
        &[0x61, 0xEA],
        &[0x61, 0xDD],
        &[0x63, 0x1D, 0x2D, 0x3D],
    ] {
        let err = pbjson::from_slice::<Value>(doc).unwrap_err();
        assert!(err.to_string().starts_with("invalid packed float"), "{err}");
    }
}

#[test]
fn over_long_forms_read_as_the_reference_reads_them() {
    // A 3 in every length form, an integer with leading zero bytes, a string with a 5-byte
    // length.
    for doc in [
        &[0x90, 0x01, 0x01][..],
        &[0x98, 0x00, 0x01, 0x01],
        &[0x9F, 0, 0, 0, 1, 0x01],
    ] {
        let mut reader = PbReader::from_slice(doc);
        assert_eq!(reader.next_token().unwrap(), Some(Token::String("\u{1}")));
    }
    assert_eq!(pbjson::from_slice::<u8>(&[0x23, 0, 0, 5]).unwrap(), 5);
    assert_eq!(pbjson::from_slice::<i8>(&[0x40]).unwrap(), 0);
    assert_eq!(
        pbjson::from_slice::<Vec<u8>>(&[0xD0, 0x01, 0x20]).unwrap(),
        [0]
    );
}

#[test]
fn the_custom_byte_wraps_a_value() {
    let doc = [0xC2, 0x0E, 0x21, 0x05, 0x0E, 0x0E, 0x81, b'x'];
    let value: Value = pbjson::from_slice(&doc).unwrap();
    assert_eq!(value, serde_json::json!([5, "x"]));
    let all = tokens(PbReader::from_slice(&doc));
    assert_eq!(
        all,
        [
            "BeginArray(Some(2)) @1",
            "Custom @2",
            "Integer(Integer { negative: false, magnitude: [5] }) @4",
            "Custom @5",
            "Custom @6",
            "String(\"x\") @8",
            "EndArray @8",
            "end"
        ]
    );
    // It wraps a value: not a terminator, not nothing.
    assert!(pbjson::from_slice::<Value>(&[0x0C, 0x0E, 0x0F]).is_err());
    assert!(pbjson::from_slice::<Value>(&[0x0E]).unwrap_err().is_eof());
}

#[test]
fn integers_of_every_width() {
    let doc = pbjson::to_vec(&(u64::MAX, i64::MIN, u128::MAX, i128::MIN)).unwrap();
    let back: (u64, i64, u128, i128) = pbjson::from_slice(&doc).unwrap();
    assert_eq!(back, (u64::MAX, i64::MIN, u128::MAX, i128::MIN));
    // 2^64 reads as an f64 into a Value (as serde_json reads that JSON integer) and exactly
    // into a u128; 2^128 fits no typed target.
    let two_64 = [0x29, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    let json: Value = serde_json::from_str("18446744073709551616").unwrap();
    assert_eq!(pbjson::from_slice::<Value>(&two_64).unwrap(), json);
    assert_eq!(pbjson::from_slice::<u128>(&two_64).unwrap(), 1 << 64);
    let err = pbjson::from_slice::<u64>(&two_64).unwrap_err();
    assert_eq!(err.category(), Category::Data);
    let mut two_128 = vec![0x30, 0x11, 1];
    two_128.extend([0; 16]);
    let err = pbjson::from_slice::<u128>(&two_128).unwrap_err();
    assert!(err.to_string().contains("too wide"), "{err}");
    let mut reader = PbReader::from_slice(&two_128);
    let n = reader.next_integer().unwrap();
    assert_eq!(n.to_string(), "340282366920938463463374607431768211456");
}

#[test]
fn limits_apply_on_every_path() {
    let deep = pbjson::to_vec(&serde_json::json!([[[[1]]]])).unwrap();
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let options = ReaderOptions::new().limits(limits);
    let errors = [
        options.pbjson_from_slice::<Value>(&deep).unwrap_err(),
        options
            .pbjson_from_reader::<_, Value>(&deep[..])
            .unwrap_err(),
        options.pbjson_slice_reader(&deep).skip_value().unwrap_err(),
        options
            .pbjson_stream::<Value, _>(&deep[..])
            .find_map(Result::err)
            .unwrap(),
    ];
    for err in errors {
        assert_eq!(err.limit(), Some(LimitKind::Depth), "{err}");
        assert_eq!(err.offset(), 3);
    }
    let long = pbjson::to_vec("0123456789").unwrap();
    let options = ReaderOptions::new().limits(Limits {
        max_string_len: 9,
        ..Limits::default()
    });
    let err = options.pbjson_from_slice::<String>(&long).unwrap_err();
    assert_eq!(err.limit(), Some(LimitKind::StringLength));
    // Streamed and skipped strings are not held, so the string limit does not apply to them.
    let mut text = String::new();
    let mut reader = options.pbjson_slice_reader(&long);
    reader
        .string_reader()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "0123456789");
    options.pbjson_slice_reader(&long).skip_value().unwrap();
    // Integers of every width are held to the number limit (in bytes of their magnitude),
    // by serde as by the token API.
    let options = ReaderOptions::new().limits(Limits {
        max_number_len: 1,
        ..Limits::default()
    });
    for (n, ok) in [(255u64, true), (256, false), (u64::MAX, false)] {
        let doc = pbjson::to_vec(&n).unwrap();
        let serde = options.pbjson_from_slice::<Value>(&doc);
        let tokens = options.pbjson_slice_reader(&doc).next_integer().map(|_| ());
        assert_eq!(serde.is_ok(), ok, "{n}: {serde:?}");
        assert_eq!(tokens.is_ok(), ok, "{n}: {tokens:?}");
        if let Err(err) = serde {
            assert_eq!(err.limit(), Some(LimitKind::NumberLength), "{n}");
            assert_eq!(err.offset(), 0);
        }
    }
}

/// A binary reader dropped at the end of its value, right at the document limit with bytes
/// past it: the next call gives the limit, through any reads, as on a slice (through an
/// `io::Read` it said the input ended, once the dropped reader's refill had hit the limit).
#[test]
fn the_document_limit_after_a_dropped_binary_reader() {
    // A terminated array holding a binary value of 8 bytes, then 0x0F, past the limit.
    let doc = [0x0C, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8, 0x0F];
    let limits = Limits {
        max_document_len: Some(10),
        ..Limits::default()
    };
    let options = ReaderOptions::new().limits(limits).window_size(4);
    let mut slice = options.pbjson_slice_reader(&doc);
    slice.begin_array().unwrap();
    let mut head = [0; 3];
    slice
        .binary_reader()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    let want = slice.has_next().unwrap_err();
    assert_eq!(want.limit(), Some(LimitKind::DocumentLength), "{want}");
    for schedule in Schedule::fixed() {
        let mut reader = options.pbjson_reader(schedule.reader(&doc));
        reader.begin_array().unwrap();
        let mut bytes = reader.binary_reader().unwrap();
        bytes.read_exact(&mut head).unwrap();
        drop(bytes);
        let got = reader.has_next().unwrap_err();
        assert_eq!(
            (got.to_string(), got.offset()),
            (want.to_string(), want.offset()),
            "{schedule:?}"
        );
    }
}

#[test]
fn streams_yield_elements_and_check_the_end() {
    let doc = pbjson::to_vec(&serde_json::json!([{"id": 1}, {"id": 2}])).unwrap();
    #[derive(serde::Deserialize)]
    struct Record {
        id: u64,
    }
    for schedule in Schedule::fixed() {
        let ids: Vec<u64> = pbjson::stream::<Record, _>(schedule.reader(&doc))
            .map(|r| r.unwrap().id)
            .collect();
        assert_eq!(ids, [1, 2]);
    }
    // Terminated arrays too; trailing bytes are the last item.
    let doc = [0x0C, 0x21, 0x01, 0x21, 0x02, 0x0F, 0x02];
    let items: Vec<_> = pbjson::stream::<u8, _>(&doc[..]).collect();
    assert_eq!(items.len(), 3);
    assert_eq!(*items[0].as_ref().unwrap(), 1);
    assert_eq!(items[2].as_ref().unwrap_err().offset(), 6);
}

#[test]
fn large_values_stream_through_a_small_window() {
    let text: String = "ü€𝄞x".repeat(10_000);
    let blob: Vec<u8> = (0..=255).cycle().take(100_000).collect();
    let mut doc = pbjson::to_vec(&(text.as_str(), 7)).unwrap();
    // [text, 7] then a binary value in a second document of its own.
    let mut bin = vec![0xBF];
    bin.extend((blob.len() as u32).to_be_bytes());
    bin.extend(&blob);
    for schedule in Schedule::fixed() {
        let options = ReaderOptions::new().window_size(16);
        let mut reader = options.pbjson_reader(schedule.reader(&doc));
        reader.begin_array().unwrap();
        let mut got = String::new();
        reader
            .string_reader()
            .unwrap()
            .read_to_string(&mut got)
            .unwrap();
        assert_eq!(got, text);
        assert_eq!(reader.next_u64().unwrap(), 7);
        reader.end_array().unwrap();
        reader.finish().unwrap();

        let mut reader = options.pbjson_reader(schedule.reader(&bin));
        let mut got = Vec::new();
        reader
            .binary_reader()
            .unwrap()
            .read_to_end(&mut got)
            .unwrap();
        assert_eq!(got, blob);
        reader.finish().unwrap();
    }
    // A reader dropped early skips the rest; invalid UTF-8 in the middle is an error.
    let mut reader = PbReader::from_slice(&doc);
    reader.begin_array().unwrap();
    let mut first = [0u8; 5];
    reader
        .string_reader()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    assert_eq!(reader.next_u64().unwrap(), 7);
    let at = 5 + 3 * 1000;
    doc[at] = 0xFF;
    let mut reader = options(Some(8)).pbjson_reader(&doc[..]);
    reader.begin_array().unwrap();
    let err = std::io::copy(&mut reader.string_reader().unwrap(), &mut std::io::sink());
    assert_eq!(err.unwrap_err().kind(), std::io::ErrorKind::InvalidData);
}

/// Headers that claim up to 2^32 - 1 bytes or elements, followed by a few bytes: every path
/// fails at the end of the input, having allocated about what arrived, not what was claimed.
#[test]
fn forged_lengths_cost_only_the_bytes_that_arrive() {
    let _serial = serial();
    for first in [0x3F, 0x5F, 0x7F, 0x9F, 0xBF, 0xDF, 0xFF] {
        for len in [u32::MAX, 1 << 31, 1 << 20] {
            let mut doc = vec![first];
            doc.extend(len.to_be_bytes());
            doc.extend([0x21; 64]);
            let base = ALLOC.reset_peak();
            let errors = [
                pbjson::from_slice::<Value>(&doc).unwrap_err(),
                pbjson::from_reader::<_, Value>(&doc[..]).unwrap_err(),
                pbjson::from_slice::<Vec<u8>>(&doc).unwrap_err(),
                pbjson::from_reader::<_, String>(&doc[..]).unwrap_err(),
                PbReader::from_slice(&doc).skip_value().unwrap_err(),
                PbReader::new(&doc[..]).skip_value().unwrap_err(),
                pbjson::stream::<Value, _>(&doc[..])
                    .find_map(Result::err)
                    .unwrap(),
            ];
            let used = ALLOC.peak() - base;
            // The reader's own window (64 KiB) and a few small buffers; nothing near `len`.
            assert!(used < 200 << 10, "{first:#x} {len}: {used} bytes");
            // Each fails where the input ends, or (read as a target of another type) at the
            // header.
            for err in errors {
                assert!(
                    err.is_eof() || err.offset() <= 5 || err.limit().is_some(),
                    "{first:#x} {len}: {err}"
                );
            }
        }
    }
}

#[test]
fn enums_of_every_shape_read_back() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, String),
        Struct { x: i64, y: Option<bool> },
    }
    let all = vec![
        Shape::Unit,
        Shape::Newtype(7),
        Shape::Tuple(1, "a".into()),
        Shape::Struct { x: -3, y: None },
    ];
    let bytes = pbjson::to_vec(&all).unwrap();
    assert_eq!(pbjson::from_slice::<Vec<Shape>>(&bytes).unwrap(), all);
    assert_eq!(
        pbjson::from_reader::<_, Vec<Shape>>(&bytes[..]).unwrap(),
        all
    );
    // An object of no member names no variant; a unit variant takes no content.
    assert!(pbjson::from_slice::<Shape>(&[0xE0]).is_err());
    let err = pbjson::from_slice::<Shape>(&pbjson::to_vec("Newtype").unwrap()).unwrap_err();
    assert_eq!(err.category(), Category::Data);
}
