//! `jsonstream pack` and `unpack`: a generated tree restored byte for byte in every encoding
//! and compression, through files and pipes; every key that would escape the directory
//! refused with nothing written for it; truncated and corrupt bundles refused without a
//! partial file; outputs never replaced without `--force`; memory bounded whatever the file
//! sizes.

mod common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command as StdCommand;

use common::{files_in, jsonstream, make_tree, names, read_tree, run_measuring_peak};
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn a_tree_is_restored_byte_for_byte_in_every_encoding_and_compression() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    make_tree(&src);
    let original = read_tree(&src);
    for encoding in ["--auto", "--base64"] {
        for ending in ["json", "json.zst", "json.gz", "pbj", "pbj.zst", "pbjson.gz"] {
            let bundle = work.path().join(format!("bundle{encoding}.{ending}"));
            jsonstream()
                .arg("pack")
                .arg(&src)
                .arg("-o")
                .arg(&bundle)
                .arg(encoding)
                .assert()
                .success()
                .stdout("");
            let out = work.path().join(format!("out{encoding}-{ending}"));
            jsonstream()
                .arg("unpack")
                .arg(&bundle)
                .arg("-o")
                .arg(&out)
                .assert()
                .success()
                .stdout("");
            assert_eq!(read_tree(&out), original, "{encoding} {ending}");
        }
    }
}

#[test]
fn keys_are_sorted_relative_paths_and_text_stays_text() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    make_tree(&src);
    let single = work.path().join("single.txt");
    fs::write(&single, "alone").unwrap();
    let bundle = work.path().join("b.json");
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg(&single)
        .arg("-o")
        .arg(&bundle)
        .assert()
        .success();
    let members: Vec<(String, String)> = jsonstream_tests_entries(&fs::read(&bundle).unwrap());
    let keys: Vec<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(keys.contains(&"single.txt"));
    assert!(keys.contains(&"a/b/c/d/deep.json"));
    assert!(keys.contains(&"d\u{e9}j\u{e0} vu/\u{1F600} emoji.md"));
    // Valid UTF-8 is text (a file cut inside a character is not); the rest is base64.
    let value = |key: &str| {
        members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        value("with space.txt"),
        Some("tab\there \"quoted\" back\\slash \u{1}")
    );
    assert_eq!(value("empty"), Some(""));
    assert_eq!(value("bin/nul.dat"), Some("\0".repeat(17).as_str()));
    assert_eq!(value("bin/invalid-utf8.txt"), None);
    assert_eq!(
        value("bin/invalid-utf8.txt\0base64"),
        Some("dmFsaWQgdGhlbiD//iBpbnZhbGlk")
    );
    assert!(value("bin/cut-char.txt\0base64").is_some());

    // --text refuses a file that is not UTF-8, naming it and the byte, and leaves nothing.
    let refused = work.path().join("text.json");
    jsonstream()
        .arg("pack")
        .arg("--text")
        .arg(&src)
        .arg("-o")
        .arg(&refused)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("all-bytes.bin")
                .and(predicate::str::contains("invalid UTF-8 at byte 128")),
        );
    assert!(!files_in(work.path())
        .iter()
        .any(|name| name.contains("text.json")));
}

/// The members of a JSON object as `(key, string value)` pairs, read by serde_json in order.
fn jsonstream_tests_entries(json: &[u8]) -> Vec<(String, String)> {
    use jsonstream_tests::ordered::OrderedValue;
    match serde_json::from_slice(json).unwrap() {
        OrderedValue::Object(members) => members
            .into_iter()
            .map(|(key, value)| match value {
                OrderedValue::String(s) => (key, s),
                other => panic!("{key}: {other:?}"),
            })
            .collect(),
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn a_bundle_goes_through_pipes() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    make_tree(&src);
    let packed = jsonstream()
        .arg("pack")
        .arg(&src)
        .args(["-o", "-", "--to", "json.zst"])
        .assert()
        .success();
    let bundle = packed.get_output().stdout.clone();
    let out = work.path().join("out");
    jsonstream()
        .args(["unpack", "-", "--from", "json.zst", "-o"])
        .arg(&out)
        .write_stdin(bundle)
        .assert()
        .success();
    assert_eq!(read_tree(&out), read_tree(&src));
    // `-` without a format is a usage error.
    jsonstream()
        .arg("pack")
        .arg(&src)
        .args(["-o", "-"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn every_key_that_would_escape_the_directory_is_refused() {
    let work = TempDir::new().unwrap();
    let outside = work.path().join("outside");
    fs::create_dir(&outside).unwrap();
    for (key, why) in [
        ("/tmp/absolute", "absolute"),
        ("../escape", "`..`"),
        ("a/../../escape", "`..`"),
        ("./a", "`.`"),
        ("a\\\\..\\\\escape", "backslash"),
        ("a\\u0000b", "NUL"),
        ("C:escape", "drive prefix"),
        ("c:/windows/escape", "drive prefix"),
        ("a//b", "empty component"),
        ("link/escape", "symbolic link"),
        ("x.jsonstream-partial", "temporary"),
    ] {
        let dir = work.path().join("dir");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
        let bundle = work.path().join("evil.json");
        fs::write(
            &bundle,
            format!(r#"{{"ok.txt": "fine", "{key}": "escaped"}}"#),
        )
        .unwrap();
        jsonstream()
            .arg("unpack")
            .arg(&bundle)
            .arg("-o")
            .arg(&dir)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains(why)
                    .and(predicate::str::contains("evil.json"))
                    .and(predicate::str::contains("line 1 column")),
            );
        // Nothing for the refused key, anywhere (nor for the rest: unpack publishes its
        // files only when the whole input was read without error).
        assert_eq!(names(&dir), ["link"], "{key}");
        assert!(names(&outside).is_empty(), "{key}: {:?}", names(&outside));
    }
    assert!(!Path::new("/tmp/absolute").exists());
}

#[test]
fn truncated_and_corrupt_bundles_leave_no_file() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    make_tree(&src);
    for ending in ["json", "json.zst", "json.gz", "pbj"] {
        let bundle = work.path().join(format!("whole.{ending}"));
        jsonstream()
            .arg("pack")
            .arg(&src)
            .arg("-o")
            .arg(&bundle)
            .assert()
            .success();
        let whole = fs::read(&bundle).unwrap();
        let middle = whole.len() / 2;
        let mut corrupt = whole.clone();
        match ending {
            // A raw control character inside a string value.
            "json" => corrupt[middle] = 0x01,
            // A byte after the complete object (a changed byte inside a binary value would
            // be other content, not an error).
            "pbj" => corrupt.push(0x00),
            _ => corrupt[middle] ^= 0x55,
        }
        for (how, bytes) in [
            ("cut", &whole[..whole.len() * 2 / 3]),
            ("cut-before-the-end", &whole[..whole.len() - 1]),
            ("corrupt", &corrupt[..]),
        ] {
            let input = work.path().join(format!("{how}.{ending}"));
            fs::write(&input, bytes).unwrap();
            let out = work.path().join(format!("out-{how}-{ending}"));
            jsonstream()
                .arg("unpack")
                .arg(&input)
                .arg("-o")
                .arg(&out)
                .assert()
                .code(1)
                .stderr(predicate::str::contains(format!("{how}.{ending}: ")));
            // Not even the files before the damage: nothing is published before the whole
            // input was read and checked; no temporary file is left either.
            assert_eq!(files_in(&out), Vec::<String>::new(), "{how} {ending}");
        }
    }
}

#[test]
fn outputs_are_replaced_only_with_force() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.txt"), "new").unwrap();
    let bundle = work.path().join("b.json");
    fs::write(&bundle, "old bundle").unwrap();
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(&bundle)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&bundle).unwrap(), "old bundle");
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(&bundle)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&bundle).unwrap(), r#"{"a.txt":"new"}"#);

    let out = work.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("a.txt"), "old").unwrap();
    jsonstream()
        .arg("unpack")
        .arg(&bundle)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "old");
    assert_eq!(files_in(&out), ["a.txt"]);
    jsonstream()
        .arg("unpack")
        .arg(&bundle)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "new");
    // A key given twice is refused: the second would replace the first's file.
    fs::write(&bundle, r#"{"a.txt": "one", "a.txt": "two"}"#).unwrap();
    let twice = work.path().join("twice");
    jsonstream()
        .arg("unpack")
        .arg(&bundle)
        .arg("-o")
        .arg(&twice)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("second value"));
    assert_eq!(files_in(&twice), Vec::<String>::new());
}

#[test]
fn what_pack_cannot_restore_is_refused_up_front() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("ok.txt"), "fine").unwrap();
    let out = work.path().join("b.json");
    for (name, why) in [
        (&b"back\\slash"[..], "backslash"),
        (b"bad-\xff-name", "not UTF-8"),
    ] {
        let odd = src.join(std::ffi::OsStr::from_bytes(name));
        fs::write(&odd, "x").unwrap();
        jsonstream()
            .arg("pack")
            .arg(&src)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why));
        assert!(!out.exists());
        fs::remove_file(&odd).unwrap();
    }
    std::os::unix::fs::symlink(&src, src.join("loop")).unwrap();
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link to a directory"));
    fs::remove_file(src.join("loop")).unwrap();
    jsonstream()
        .arg("pack")
        .arg(work.path().join("missing"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3);
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(work.path().join("b.ndjson"))
        .assert()
        .code(2);
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(work.path().join("no/such/dir/b.json"))
        .assert()
        .code(3);
    assert!(!out.exists());
}

/// 64 MiB of files (large and small, text and binary) packed and unpacked with the resident
/// set under 32 MiB, whatever the sizes; the bench script measures 1 GB the same way.
#[test]
fn memory_stays_bounded_whatever_the_file_sizes() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    fs::create_dir(&src).unwrap();
    let line = "the quick brown fox jumps over the lazy dog \"0123456789\"\n";
    for i in 0..2 {
        fs::write(
            src.join(format!("big{i}.txt")),
            line.repeat((24 << 20) / line.len()),
        )
        .unwrap();
    }
    fs::write(
        src.join("big.bin"),
        (0..=255u8).cycle().take(12 << 20).collect::<Vec<u8>>(),
    )
    .unwrap();
    for i in 0..20 {
        fs::write(src.join(format!("small{i}.txt")), line.repeat(2000)).unwrap();
    }
    let binary = assert_cmd::cargo::cargo_bin("jsonstream");
    let bundle = work.path().join("b.json.zst");
    let mut pack = StdCommand::new(&binary);
    pack.arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(&bundle)
        .args(["--level", "1"]);
    let (status, pack_peak) = run_measuring_peak(pack);
    assert!(status.success());
    let out = work.path().join("out");
    let mut unpack = StdCommand::new(&binary);
    unpack.arg("unpack").arg(&bundle).arg("-o").arg(&out);
    let (status, unpack_peak) = run_measuring_peak(unpack);
    assert!(status.success());
    assert_eq!(read_tree(&out), read_tree(&src));
    eprintln!("peak resident set: pack {pack_peak} bytes, unpack {unpack_peak} bytes");
    assert!(pack_peak < 32 << 20, "pack: {pack_peak} bytes");
    assert!(unpack_peak < 32 << 20, "unpack: {unpack_peak} bytes");
}
