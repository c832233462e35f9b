//! JSON ⇄ PBJSON conversion: the reference's bytes, values that survive both ways, chunk
//! invariance, and a generated gigabyte converted both ways in a few MiB of heap.

use std::io::{self, Write as _};

use jsonstream::pbjson::{self, ToJson};
use jsonstream::{Category, ReaderOptions};
use jsonstream_tests::alloc::{serial, CountingAlloc};
use jsonstream_tests::compare::value_diff;
use jsonstream_tests::huge::{target_bytes, RecordArrayReader, FIRST_RECORD_ID, RECORD_TEXT};
use jsonstream_tests::pbjson_vectors::{exact_diff, vectors, ExactValue};
use jsonstream_tests::readers::Schedule;
use serde_json::Value;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fn to_pbjson(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    pbjson::json_to_pbjson(json, &mut out).unwrap();
    out
}

fn to_json(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    pbjson::pbjson_to_json(bytes, &mut out).unwrap();
    out
}

/// Every vector without an array converts to exactly the reference's bytes; with arrays, to
/// the same value (arrays are written terminated, their length being unknown while they are
/// read). Back to JSON, every vector gives its value.
#[test]
fn json_converts_to_the_reference_bytes() {
    let vectors = vectors();
    let json_vectors: Vec<_> = vectors
        .iter()
        .filter_map(|v| Some((v, v.json()?)))
        .collect();
    assert!(json_vectors.len() > 100);
    let mut exact = 0;
    for (v, json) in json_vectors {
        let (name, reference) = (&v.name, &v.bytes);
        let ours = to_pbjson(json.as_bytes());
        if json.contains('[') {
            let ours: Value = pbjson::from_slice(&ours).unwrap();
            let theirs: Value = pbjson::from_slice(reference).unwrap();
            assert_eq!(value_diff(&ours, &theirs), None, "{name}");
        } else {
            assert_eq!(ours, *reference, "{name}");
            exact += 1;
        }
        // Exactly the vector's value: member order, integers of any width, float bits.
        let back = to_json(reference);
        let back = ExactValue::from_json(std::str::from_utf8(&back).unwrap()).unwrap();
        assert_eq!(exact_diff(&back, &v.value()), None, "{name}");
    }
    assert!(exact > 80, "{exact} vectors compared byte for byte");
}

#[test]
fn numbers_convert_as_python_reads_them() {
    for (json, want) in [
        ("-0", &[0x20][..]),
        ("-0.0", &[0x61, 0xB0]),
        ("1E2", &[0x62, 0x10, 0x0D]),
        ("1e400", &[0x03]),
        ("-1e400", &[0x04]),
        ("18446744073709551616", &[0x29, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("-18446744073709551616", &[0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
    ] {
        assert_eq!(to_pbjson(json.as_bytes()), want, "{json}");
    }
    // Back to JSON, integers of any width are exact.
    let wide = "123456789012345678901234567890123456789012345678901234567890";
    assert_eq!(to_json(&to_pbjson(wide.as_bytes())), wide.as_bytes());
}

#[test]
fn binary_becomes_base64_and_non_finite_floats_are_refused() {
    let bytes = [0xC2, 0xA3, 0xFF, 0x00, 0x01, 0x05];
    let mut out = Vec::new();
    let err = pbjson::pbjson_to_json(&bytes[..], &mut out).unwrap_err();
    assert_eq!(
        (err.category(), err.offset(), err.path()),
        (Category::Data, 5, "$[1]")
    );
    out.clear();
    ToJson::new()
        .non_finite_as_null(true)
        .run(&bytes[..], &mut out)
        .unwrap();
    assert_eq!(out, br#"["/wAB",null]"#);
}

/// A fault inside a streamed string is reported as the reader reports it, not as an I/O error
/// of the JSON writer that was reading the string.
#[test]
fn errors_inside_streamed_strings_keep_their_position() {
    let mut out = Vec::new();
    let err = pbjson::pbjson_to_json(&[0xC1, 0x82, b'a', 0xFF][..], &mut out).unwrap_err();
    assert_eq!(err.category(), Category::Syntax);
    assert_eq!((err.offset(), err.path()), (1, "$[0]"));
    let err = pbjson::pbjson_to_json(&[0xC1, 0x82, b'a'][..], &mut out).unwrap_err();
    assert_eq!((err.category(), err.offset()), (Category::Eof, 3));
}

#[test]
fn conversions_read_alike_through_any_reads() {
    let json = br#"{"a": [1, -2.5e-8, "x\u00e9", {"b": null}], "c": [], "d": {}, "e": true}"#;
    let pb = to_pbjson(json);
    let back = to_json(&pb);
    for schedule in Schedule::fixed() {
        for window in [4, 5, 16] {
            let options = ReaderOptions::new().window_size(window);
            let mut out = Vec::new();
            pbjson::FromJson::new()
                .reader_options(options.clone())
                .run(schedule.reader(json), &mut out)
                .unwrap();
            assert_eq!(out, pb, "{schedule:?} {window}");
            out.clear();
            ToJson::new()
                .reader_options(options)
                .run(schedule.reader(&pb), &mut out)
                .unwrap();
            assert_eq!(out, back, "{schedule:?} {window}");
        }
    }
}

/// A reader that counts the bytes passing through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: io::Read> io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// A generated JSON array of [`target_bytes`] (1 GiB by default) goes to PBJSON and back to
/// JSON through pipes, each stage on its own thread, and every record arrives intact: the
/// heap of all three stages together stays a few MiB.
#[test]
fn a_gigabyte_converts_both_ways_in_a_few_mib() {
    #[derive(serde::Deserialize)]
    struct Record {
        id: u64,
        name: String,
        flags: (bool, bool, Option<bool>),
        score: f64,
        text: String,
    }
    let _serial = serial();
    let base = ALLOC.reset_peak();
    let (pb_in, mut pb_out) = io::pipe().unwrap();
    let (json_in, mut json_out) = io::pipe().unwrap();
    let generator = RecordArrayReader::new(target_bytes());
    let to_pb = std::thread::spawn(move || {
        pbjson::json_to_pbjson(generator, &mut pb_out).unwrap();
    });
    let pb_count = std::thread::spawn(move || {
        let mut counted = Counted {
            inner: pb_in,
            bytes: 0,
        };
        pbjson::pbjson_to_json(&mut counted, &mut json_out).unwrap();
        json_out.flush().unwrap();
        counted.bytes
    });
    let mut records = 0;
    for record in jsonstream::stream::<Record, _>(json_in) {
        let record = record.unwrap();
        let id = FIRST_RECORD_ID + records;
        assert_eq!(record.id, id);
        assert_eq!(record.name, format!("rec-{id}"));
        assert_eq!(record.flags, (true, false, None));
        assert_eq!((record.score, record.text.as_str()), (0.5, RECORD_TEXT));
        records += 1;
    }
    to_pb.join().unwrap();
    let pbjson_bytes = pb_count.join().unwrap();
    let peak = ALLOC.peak() - base;
    assert!(records > target_bytes() / 200, "{records} records");
    assert!(
        pbjson_bytes < target_bytes(),
        "{pbjson_bytes} bytes of PBJSON"
    );
    assert!(peak < 4 << 20, "{peak} bytes of heap at the peak");
    eprintln!("{records} records, {pbjson_bytes} bytes of PBJSON, peak heap {peak} bytes");
}
