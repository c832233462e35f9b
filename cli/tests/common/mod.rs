//! What the tests of the `jsonstream` command share: the command, generated trees of files,
//! comparisons of trees, and the peak memory of a run.

#![allow(dead_code)] // Each test binary uses its own part.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, ExitStatus, Stdio};
use std::time::Duration;

use assert_cmd::Command;

/// The `jsonstream` binary of this package, with no progress drawn.
pub fn jsonstream() -> Command {
    let mut command = Command::cargo_bin("jsonstream").unwrap();
    command.arg("--quiet");
    command
}

/// A tree of files of every kind pack must restore exactly: text, binary (invalid UTF-8,
/// NULs, every byte value), empty files, names with spaces and non-ASCII characters, nested
/// directories, a text that ends in the middle of nothing (no final newline) and JSON's
/// special characters.
pub fn make_tree(root: &Path) {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("plain.txt", b"first line\nsecond line\n".to_vec()),
        ("empty", Vec::new()),
        (
            "with space.txt",
            b"tab\there \"quoted\" back\\slash \x01".to_vec(),
        ),
        (
            "d\u{e9}j\u{e0} vu/\u{1F600} emoji.md",
            "caf\u{e9} \u{2028} \u{1F600}".as_bytes().to_vec(),
        ),
        (
            "bin/all-bytes.bin",
            (0..=255u8).cycle().take(70_000).collect(),
        ),
        (
            "bin/invalid-utf8.txt",
            b"valid then \xff\xfe invalid".to_vec(),
        ),
        (
            "bin/cut-char.txt",
            b"ends in a cut character \xe2\x82".to_vec(),
        ),
        ("bin/nul.dat", vec![0; 17]),
        ("a/b/c/d/deep.json", br#"{"nested": [1, 2, 3]}"#.to_vec()),
        ("a/b/empty-too", Vec::new()),
        ("a/.hidden", b"hidden".to_vec()),
        (
            "big/large.txt",
            "0123456789abcdef\n".repeat(40_000).into_bytes(),
        ),
    ];
    for (name, content) in files {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
}

/// Every file under `root`, by its `/`-separated path, with its bytes.
pub fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_str().unwrap());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, "", &mut files);
    files
}

/// Every path under `root` (files and directories), relative to it, sorted.
pub fn names(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            out.push(name.clone());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            }
        }
    }
    let mut names = Vec::new();
    if root.exists() {
        walk(root, "", &mut names);
    }
    names.sort();
    names
}

/// The files and directories under `root` that are not directories, sorted: what a failed
/// run must not leave (its temporary files included).
pub fn files_in(root: &Path) -> Vec<String> {
    names(root)
        .into_iter()
        .filter(|name| !root.join(name).is_dir())
        .collect()
}

/// A file in the tests package's data.
pub fn test_data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(path)
}

/// Runs `command` to its end and returns its status and its peak resident set in bytes,
/// sampled from `/proc/PID/status` (VmHWM, the kernel's high-water mark) every millisecond
/// once it runs the program; the mark only grows, so the last sample before the exit is the
/// peak.
pub fn run_measuring_peak(mut command: StdCommand) -> (ExitStatus, u64) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let name_file = format!("/proc/{}/comm", child.id());
    let program = Path::new(command.get_program())
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let mut peak_kib = 0;
    loop {
        // Only once the child runs the program: before its `exec`, it may share the memory
        // of this process, whose mark is not the program's.
        let running = fs::read_to_string(&name_file).is_ok_and(|name| name.trim_end() == program);
        if let Some(status) = running
            .then(|| fs::read_to_string(&status_file).ok())
            .flatten()
        {
            if let Some(line) = status.lines().find(|line| line.starts_with("VmHWM:")) {
                let kib: u64 = line[6..]
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap();
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                peak_kib > 0,
                "the run ended before its memory could be read"
            );
            return (status, peak_kib * 1024);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
