//! Round trips of string content through the writers and back through the reader: every escape
//! class, multi-byte UTF-8 split at every position across `write` calls, base64 of every length
//! mod 3 split everywhere, blobs from chunked sources, and maps of blobs.

use std::io::{Read, Write};

use jsonstream::{blob, Blob, JsonReader, JsonWriter};
use jsonstream_tests::compare::value_diff;
use jsonstream_tests::readers::{read_all, OneByteReader, Schedule, ShortReader};
use jsonstream_tests::reference::base64_encode;
use jsonstream_tests::strategies::{arb_schedule, arb_string, arb_value, config};
use proptest::prelude::*;

/// Strings covering every escape class: quotes, backslash, each control byte, DEL, `/`,
/// U+2028/2029, and 2-, 3- and 4-byte UTF-8 next to escapes and plain bytes.
fn escape_classes() -> Vec<String> {
    let mut cases: Vec<String> = (0u8..0x20).map(|b| format!("a{}b", b as char)).collect();
    cases.extend(
        [
            "",
            "\"",
            "\\",
            "\\\"",
            "\"\\\"",
            "/",
            "\u{7f}",
            "\u{2028}\u{2029}",
            "é",
            "€",
            "😀",
            "\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
            "é\"€\\😀\n\u{1}",
            "long plain run of ascii text that spans several eight-byte words\"then\\escapes",
        ]
        .map(str::to_owned),
    );
    cases.push((0u8..0x80).map(char::from).collect());
    cases
}

/// The document `[s]` written by `write`, checked against serde_json's bytes and read back
/// through the reader in three ways.
fn check_round_trip(s: &str, out: &[u8], how: &str) {
    let expected = serde_json::to_vec(&[s]).unwrap();
    assert_eq!(
        out,
        &expected[..],
        "{how}: {:?} gave {:?}",
        s,
        String::from_utf8_lossy(out)
    );
    let back: Vec<String> = jsonstream::from_slice(out).unwrap();
    assert_eq!(back, [s], "{how}");
    for schedule in [Schedule::OneByte, Schedule::Sizes(vec![2, 3, 1, 7])] {
        let mut reader = JsonReader::new(schedule.reader(out));
        reader.begin_array().unwrap();
        let mut text = Vec::new();
        reader.string_reader().unwrap().copy_to(&mut text).unwrap();
        reader.end_array().unwrap();
        reader.finish().unwrap();
        assert_eq!(text, s.as_bytes(), "{how}, string_reader");
    }
}

/// Writes `[s]` with `s`'s bytes cut at `cuts` into separate `write` calls.
fn write_split(s: &[u8], cuts: &[usize]) -> std::io::Result<Vec<u8>> {
    let mut writer = JsonWriter::new(Vec::new());
    writer.begin_array().unwrap();
    let mut string = writer.string_writer().unwrap();
    let mut start = 0;
    for &cut in cuts.iter().chain([&s.len()]) {
        string.write_all(&s[start..cut])?;
        start = cut;
    }
    string.finish().map_err(std::io::Error::from)?;
    writer.end_array().unwrap();
    Ok(writer.finish().unwrap())
}

#[test]
fn every_escape_class_round_trips_through_every_writer() {
    for s in escape_classes() {
        check_round_trip(
            &s,
            &write_split(s.as_bytes(), &[]).unwrap(),
            "string_writer",
        );

        let mut writer = JsonWriter::new(Vec::new());
        writer.begin_array().unwrap();
        writer.string_value(&s).unwrap();
        writer.end_array().unwrap();
        check_round_trip(&s, &writer.finish().unwrap(), "string_value");

        let mut writer = JsonWriter::new(Vec::new());
        writer.begin_array().unwrap();
        writer.blob_text(OneByteReader::new(s.as_bytes())).unwrap();
        writer.end_array().unwrap();
        check_round_trip(&s, &writer.finish().unwrap(), "blob_text");

        let blob = [Blob::text(OneByteReader::new(s.as_bytes()))];
        check_round_trip(&s, &jsonstream::to_vec(&blob).unwrap(), "Blob::text");
        let blob = [Blob::text(ShortReader::new(s.as_bytes(), &[3, 1, 2]))];
        check_round_trip(
            &s,
            &serde_json::to_vec(&blob).unwrap(),
            "Blob::text, serde_json",
        );
        check_round_trip(&s, &jsonstream::to_vec(&[&s]).unwrap(), "to_vec");
    }
}

#[test]
fn utf8_split_at_every_position_across_writes() {
    let s = "a\u{e9}b\u{20ac}\"\u{1F600}\\\u{7ff}\n\u{10ffff}\u{800}z";
    let bytes = s.as_bytes();
    for i in 0..=bytes.len() {
        for j in i..=bytes.len() {
            let out = write_split(bytes, &[i, j]).unwrap();
            check_round_trip(s, &out, &format!("cut at {i} and {j}"));
        }
    }
    // One byte per write.
    let cuts: Vec<usize> = (1..bytes.len()).collect();
    check_round_trip(s, &write_split(bytes, &cuts).unwrap(), "one byte per write");
}

#[test]
fn invalid_utf8_is_an_invalid_data_error_naming_the_offset() {
    let cases: [(&[u8], u64); 5] = [
        (b"ab\xffcd", 2),
        (b"\xc3\xa9\xe2\x82(", 2),
        (b"ok\xed\xa0\x80", 2),
        (b"\xf0\x9f\x98\x80\xf0\x9f\x98", 4),
        (b"x\xc3", 1),
    ];
    for (bytes, offset) in cases {
        let message = format!("invalid UTF-8 at byte {offset} of the string value");
        for cut in 0..=bytes.len() {
            let err = write_split(bytes, &[cut]).unwrap_err();
            assert_eq!(
                err.kind(),
                std::io::ErrorKind::InvalidData,
                "{bytes:?} {cut}"
            );
            assert_eq!(err.to_string(), message, "{bytes:?} cut at {cut}");
        }
        let err = jsonstream::to_vec(&Blob::text(OneByteReader::new(bytes))).unwrap_err();
        assert_eq!(err.to_string(), message);
        let err = JsonWriter::new(Vec::new())
            .blob_text(OneByteReader::new(bytes))
            .unwrap_err();
        assert_eq!(err.to_string(), message);
        assert!(err.is_syntax());
    }
}

/// Reads the base64 string value of `json` back to bytes with the reader.
fn decode(json: &[u8]) -> Vec<u8> {
    let mut reader = JsonReader::new(OneByteReader::new(json));
    let decoded = read_all(reader.base64_reader().unwrap()).unwrap();
    reader.finish().unwrap();
    decoded
}

#[test]
fn base64_of_every_length_and_every_split() {
    let data: Vec<u8> = (0..=255u8).rev().cycle().take(100).collect();
    for len in 0..=24 {
        let data = &data[..len];
        let expected = format!("\"{}\"", base64_encode(data));
        for i in 0..=len {
            for j in i..=len {
                let mut writer = JsonWriter::new(Vec::new());
                let mut string = writer.base64_writer().unwrap();
                for part in [&data[..i], &data[i..j], &data[j..]] {
                    string.write_all(part).unwrap();
                }
                string.finish().unwrap();
                let out = writer.finish().unwrap();
                assert_eq!(String::from_utf8_lossy(&out), expected, "{len} cut {i} {j}");
                assert_eq!(decode(&out), data);
            }
        }
        let blob = Blob::base64(OneByteReader::new(data));
        assert_eq!(jsonstream::to_string(&blob).unwrap(), expected);
        let blob = Blob::base64(OneByteReader::new(data));
        assert_eq!(serde_json::to_string(&blob).unwrap(), expected);
    }
}

#[test]
fn large_blobs_round_trip_across_chunk_boundaries() {
    let text: String = (0..200_000u32)
        .map(|i| match i % 97 {
            0 => '"',
            1 => '\\',
            2 => '\n',
            3 => '\u{1}',
            4..=10 => '\u{e9}',
            11..=13 => '\u{20ac}',
            14 => '\u{1F600}',
            _ => char::from(b'a' + (i % 26) as u8),
        })
        .collect();
    let bytes = text.as_bytes();
    let sizes = [1 << 16, (1 << 16) + 1, 4093, 3];
    for size in sizes {
        let mut writer = JsonWriter::new(Vec::new());
        writer.begin_array().unwrap();
        writer.blob_text(ShortReader::new(bytes, &[size])).unwrap();
        writer.end_array().unwrap();
        check_round_trip(&text, &writer.finish().unwrap(), "large blob_text");

        let mut writer = JsonWriter::new(Vec::new());
        writer
            .blob_base64(ShortReader::new(bytes, &[size]))
            .unwrap();
        let out = writer.finish().unwrap();
        assert_eq!(out, format!("\"{}\"", base64_encode(bytes)).as_bytes());
        assert_eq!(decode(&out), bytes);
    }
}

#[test]
fn maps_of_blobs_round_trip() {
    let entries: Vec<(String, Vec<u8>)> = escape_classes()
        .into_iter()
        .enumerate()
        .map(|(i, s)| (format!("key \"{i}\"\n{s}"), s.into_bytes()))
        .collect();
    let sources = entries
        .iter()
        .map(|(k, v)| (k, ShortReader::new(&v[..], &[1, 5, 2])));
    let json = blob::dump_map(Vec::new(), sources).unwrap();
    let expected: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .map(|(k, v)| (k.clone(), String::from_utf8(v.clone()).unwrap().into()))
        .collect();
    let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(parsed, serde_json::Value::Object(expected));

    for schedule in Schedule::fixed() {
        let loaded = blob::load_map(schedule.reader(&json), |_| Ok(Vec::new())).unwrap();
        assert_eq!(loaded, entries, "{schedule:?}");
    }

    let binary: Vec<(String, Vec<u8>)> = (0..8)
        .map(|n| {
            (
                format!("bin{n}"),
                (0..n * 7).map(|b| (b * 37) as u8).collect(),
            )
        })
        .collect();
    let sources = binary.iter().map(|(k, v)| (k, &v[..]));
    let json = blob::dump_map_base64(Vec::new(), sources).unwrap();
    for schedule in Schedule::fixed() {
        let loaded = blob::load_map_base64(schedule.reader(&json), |_| Ok(Vec::new())).unwrap();
        assert_eq!(loaded, binary, "{schedule:?}");
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Whatever is dumped reads back, through every input path, as the value serde_json reads
    /// from it (with `float_roundtrip`: the dumped value itself).
    #[test]
    fn dumped_values_read_back(value in arb_value(), schedule in arb_schedule()) {
        let mut out = Vec::new();
        jsonstream::dump(&value, &mut out).unwrap();
        let expected: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let back: serde_json::Value = jsonstream::from_reader(schedule.reader(&out)).unwrap();
        prop_assert!(value_diff(&back, &expected).is_none(), "{:?}", schedule);
        let mut pretty = Vec::new();
        jsonstream::dump_pretty(&value, &mut pretty).unwrap();
        let back: serde_json::Value = jsonstream::from_slice(&pretty).unwrap();
        prop_assert!(value_diff(&back, &expected).is_none());
    }

    /// Text written through a string writer in arbitrary pieces reads back the same.
    #[test]
    fn text_in_arbitrary_pieces_reads_back(
        s in arb_string(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let bytes = s.as_bytes();
        let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let out = write_split(bytes, &cuts).unwrap();
        let mut reader = JsonReader::from_slice(&out);
        reader.begin_array().unwrap();
        let mut text = String::new();
        reader.string_reader().unwrap().read_to_string(&mut text).unwrap();
        prop_assert_eq!(text, s);
    }
}
