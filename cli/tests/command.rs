//! The command as a whole: help with examples for every subcommand, usage errors, progress
//! on stderr only when asked or on a terminal, and Ctrl-C leaving no output.

mod common;

use std::fs;
use std::io::Write;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use common::{files_in, jsonstream};
use predicates::prelude::*;
use tempfile::TempDir;

const SUBCOMMANDS: [&str; 6] = ["pack", "unpack", "convert", "validate", "select", "fmt"];

#[test]
fn every_subcommand_has_help_with_examples() {
    for subcommand in SUBCOMMANDS {
        jsonstream()
            .args([subcommand, "--help"])
            .assert()
            .success()
            .stderr("")
            .stdout(
                predicate::str::contains("Examples:").and(predicate::str::contains(format!(
                    "  jsonstream {subcommand} "
                ))),
            );
    }
    jsonstream()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exit codes: 0 success, 1 invalid input, 2 usage error, 3 I/O error",
        ));
    jsonstream()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("jsonstream "));
}

#[test]
fn usage_errors_exit_with_2_on_stderr() {
    for args in [
        &[][..],
        &["nonsense"],
        &["pack"],
        &["pack", "dir"],
        &["pack", "dir", "-o", "x.json", "--text", "--base64"],
        &["unpack", "x.json"],
        &["convert", "x.json"],
        &["validate"],
        &["select", "x.json", "--count", "--array"],
        &["fmt", "x.json", "--pretty", "--compact"],
        &["--quiet", "--progress", "validate", "x.json"],
    ] {
        Command::cargo_bin("jsonstream")
            .unwrap()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::is_empty().not());
    }
}

#[test]
fn progress_is_drawn_when_asked_and_never_into_a_pipe_otherwise() {
    let work = TempDir::new().unwrap();
    let src = work.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.txt"), "x".repeat(1 << 20)).unwrap();
    let forced = Command::cargo_bin("jsonstream")
        .unwrap()
        .arg("--progress")
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(work.path().join("a.json"))
        .assert()
        .success();
    let drawn = String::from_utf8(forced.get_output().stderr.clone()).unwrap();
    assert!(
        drawn.starts_with("pack [") && drawn.contains("MiB"),
        "{drawn:?}"
    );
    // Not a terminal, not asked: nothing on stderr (and --quiet never draws).
    Command::cargo_bin("jsonstream")
        .unwrap()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(work.path().join("b.json"))
        .assert()
        .success()
        .stderr("");
    jsonstream()
        .arg("pack")
        .arg(&src)
        .arg("-o")
        .arg(work.path().join("c.json"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn ctrl_c_stops_the_command_and_leaves_no_output() {
    let work = TempDir::new().unwrap();
    let out = work.path().join("out.json");
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("jsonstream"))
        .args(["--quiet", "convert", "-", "--from", "json"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"[1, 2, ").unwrap();
    stdin.flush().unwrap();
    // The output exists under its temporary name only.
    let started = std::time::Instant::now();
    while files_in(work.path()).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(files_in(work.path())[0].ends_with(".jsonstream-partial"));
    let killed = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // The command notices at its next read.
    std::thread::sleep(Duration::from_millis(200));
    let _ = stdin.write_all(b"3]");
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    assert_eq!(files_in(work.path()), Vec::<String>::new());
}
