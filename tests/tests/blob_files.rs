//! Blobs loaded into files: `FileSink` never writes over a file that is not its own (its
//! temporary file is created exclusively, under a name no key can take) and leaves no
//! temporary file after any failure; a load that fails removes the files it finished too
//! (rollback); `FileSinks` refuses a second value for a name in one load unless told to
//! replace, in `load_map` and through a `Loader`'s sink factory; nested sinks stay inside
//! their directory; staged files are published only when committed.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use jsonstream::blob::{self, BlobField, BlobSink, FileSink, FileSinks, Rollback};
use jsonstream::{Category, Load, Loader};
use jsonstream_tests::temp_dir::TempDir;

/// The ending of every temporary file's name.
const TEMPORARY: &str = ".jsonstream-partial";

/// The names in `dir`, sorted, after checking that none is a temporary file's.
fn names_without_temporaries(dir: &TempDir) -> Vec<String> {
    let names = dir.names();
    assert!(
        names.iter().all(|name| !name.ends_with(TEMPORARY)),
        "a temporary file is left: {names:?}"
    );
    names
}

/// The issue's case: a key that was the old temporary name of another key's file.
#[test]
fn a_key_that_looks_like_a_temporary_name_keeps_its_file() {
    let json = br#"{"a.partial":"FIRST","a":"SECOND"}"#;
    for how in ["FileSinks", "FileSink::in_dir"] {
        let dir = TempDir::new("issue");
        let mut files = FileSinks::new(dir.path());
        let loaded = match how {
            "FileSinks" => blob::load_map(&json[..], |key| files.sink(key)),
            _ => blob::load_map(&json[..], |key| FileSink::in_dir(dir.path(), key)),
        }
        .unwrap();
        assert_eq!(
            loaded,
            [
                ("a.partial".to_string(), dir.file("a.partial")),
                ("a".to_string(), dir.file("a")),
            ],
            "{how}"
        );
        assert_eq!(names_without_temporaries(&dir), ["a", "a.partial"], "{how}");
        assert_eq!(dir.read("a.partial"), "FIRST", "{how}");
        assert_eq!(dir.read("a"), "SECOND", "{how}");
    }
}

#[test]
fn files_already_in_the_directory_are_not_touched_unless_named() {
    let dir = TempDir::new("existing");
    // What the old temporary names were, a temporary name of today's form, and a file the
    // load replaces (its own name: replaced, as documented).
    fs::write(dir.file("a.txt.partial"), "old partial").unwrap();
    fs::write(
        dir.file(".a.txt.0123456789abcdef.jsonstream-partial"),
        "left",
    )
    .unwrap();
    fs::write(dir.file("a.txt"), "before the load").unwrap();
    let mut files = FileSinks::new(dir.path());
    let loaded = blob::load_map(&br#"{"a.txt": "loaded"}"#[..], |key| files.sink(key)).unwrap();
    assert_eq!(loaded, [("a.txt".to_string(), dir.file("a.txt"))]);
    assert_eq!(dir.read("a.txt"), "loaded");
    assert_eq!(dir.read("a.txt.partial"), "old partial");
    assert_eq!(
        dir.read(".a.txt.0123456789abcdef.jsonstream-partial"),
        "left"
    );
    assert_eq!(dir.names().len(), 3);
}

#[test]
fn a_sink_writes_under_a_hidden_temporary_name_of_its_own() {
    let dir = TempDir::new("temporary");
    let path = dir.file("out.txt");
    let mut first = FileSink::create(&path).unwrap();
    let mut second = FileSink::create(&path).unwrap();
    first.write_all(b"first").unwrap();
    second.write_all(b"second").unwrap();
    first.flush().unwrap();
    second.flush().unwrap();
    // Two sinks for one path: two temporary files, neither under the final name.
    let names = dir.names();
    assert_eq!(names.len(), 2, "{names:?}");
    for name in &names {
        assert!(name.starts_with(".out.txt."), "{name}");
        assert!(name.ends_with(TEMPORARY), "{name}");
        // `.out.txt.` + 16 hex digits + the ending.
        assert_eq!(
            name.len(),
            ".out.txt.".len() + 16 + TEMPORARY.len(),
            "{name}"
        );
        // No key can name it.
        let err = FileSink::in_dir(dir.path(), name).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
    assert_eq!(first.finish().unwrap(), path);
    assert_eq!(dir.read("out.txt"), "first");
    // On its own, a second sink for a path replaces the file when it finishes.
    assert_eq!(second.finish().unwrap(), path);
    assert_eq!(dir.names(), ["out.txt"]);
    assert_eq!(dir.read("out.txt"), "second");
}

#[test]
fn keys_that_a_temporary_file_could_have_are_refused() {
    let dir = TempDir::new("refused");
    for key in [
        ".a.0123456789abcdef.jsonstream-partial",
        "a.jsonstream-partial",
        ".A.0123456789ABCDEF.JSONSTREAM-PARTIAL",
    ] {
        let err = FileSink::in_dir(dir.path(), key).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{key}");
        let err = FileSinks::new(dir.path()).sink(key).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{key}");

        let json = format!(r#"{{"ok": "1", "{key}": "2"}}"#);
        let mut files = FileSinks::new(dir.path());
        let err = blob::load_map(json.as_bytes(), |key| files.sink(key)).unwrap_err();
        assert_eq!(err.category(), Category::Io);
        assert_eq!(
            err.to_string(),
            format!(
                "`{key}` ends with `.jsonstream-partial`, the ending of temporary files \
                 at line 1 column {}, path $[\"{key}\"]",
                json.len() - 4
            )
        );
        // The load failed: the file it finished (`ok`) is removed too.
        assert!(names_without_temporaries(&dir).is_empty());
    }
}

#[test]
fn a_duplicate_key_is_an_error_unless_replacing() {
    let json = br#"{"a": "first", "b": "other", "a": "second"}"#;
    let dir = TempDir::new("duplicate");
    let mut files = FileSinks::new(dir.path());
    let err = blob::load_map(&json[..], |key| files.sink(key)).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(
        err.to_string(),
        "a second value for the file `a` in this load (FileSinks::replace lets it replace the \
         first) at line 1 column 34, path $.a"
    );
    // The load failed: the files it finished are removed; no temporary file.
    assert!(names_without_temporaries(&dir).is_empty());

    let dir = TempDir::new("replace");
    let mut files = FileSinks::new(dir.path()).replace(true);
    let loaded = blob::load_map(&json[..], |key| files.sink(key)).unwrap();
    assert_eq!(
        loaded,
        [
            ("a".to_string(), dir.file("a")),
            ("b".to_string(), dir.file("b")),
            ("a".to_string(), dir.file("a")),
        ]
    );
    assert_eq!(names_without_temporaries(&dir), ["a", "b"]);
    assert_eq!(dir.read("a"), "second");

    // A `FileSinks` kept for a second load refuses the names of the first.
    let mut files = FileSinks::new(dir.path());
    blob::load_map(&br#"{"c": "1"}"#[..], |key| files.sink(key)).unwrap();
    let err = blob::load_map(&br#"{"c": "2"}"#[..], |key| files.sink(key)).unwrap_err();
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(dir.read("c"), "1");
}

/// A sink around a `FileSink` whose writes fail after `room` bytes, as a full disk would.
struct FullDisk {
    file: FileSink,
    room: usize,
}

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() > self.room {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        self.room -= buf.len();
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl BlobSink for FullDisk {
    type Output = PathBuf;

    fn finish(self) -> io::Result<PathBuf> {
        self.file.finish()
    }

    /// A wrapper delegates its rollback to the sink it wraps.
    fn rollback(path: &PathBuf) -> Option<Rollback> {
        FileSink::rollback(path)
    }
}

#[test]
fn no_temporary_file_is_left_after_any_failure() {
    // (case, document): the complete values before the failure are rolled back too.
    let documents: [(&str, &[u8]); 7] = [
        ("EOF inside a value", br#"{"a": "complete", "b": "cut sho"#),
        (
            "invalid escape inside a value",
            br#"{"a": "complete", "b": "bad \q escape"}"#,
        ),
        (
            "a value that is not a string",
            br#"{"a": "complete", "b": 12}"#,
        ),
        (
            "invalid document after the values",
            br#"{"a": "complete", "b": "complete"} trailing"#,
        ),
        (
            "a missing comma after a value",
            br#"{"a": "complete" "b": "x"}"#,
        ),
        ("a refused key", br#"{"a": "complete", "../b": "x"}"#),
        ("a duplicate key", br#"{"a": "complete", "a": "again"}"#),
    ];
    for (case, json) in documents {
        let dir = TempDir::new("failures");
        let mut files = FileSinks::new(dir.path());
        assert!(
            blob::load_map(json, |key| files.sink(key)).is_err(),
            "{case}"
        );
        assert!(names_without_temporaries(&dir).is_empty(), "{case}");
    }

    // A factory that fails.
    let dir = TempDir::new("factory");
    let mut files = FileSinks::new(dir.path());
    let err = blob::load_map(&br#"{"a": "1", "b": "2"}"#[..], |key| match key {
        "b" => Err(io::Error::other("no sink for b")),
        _ => files.sink(key),
    })
    .unwrap_err();
    assert_eq!(err.path(), "$.b");
    assert!(names_without_temporaries(&dir).is_empty());

    // A sink whose writes fail half way (text and base64).
    let dir = TempDir::new("write");
    let mut files = FileSinks::new(dir.path());
    let big = "x".repeat(100_000);
    let json = format!(r#"{{"a": "small", "b": "{big}"}}"#);
    let err = blob::load_map(json.as_bytes(), |key| {
        Ok(FullDisk {
            file: files.sink(key)?,
            room: 50_000,
        })
    })
    .unwrap_err();
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
    assert!(names_without_temporaries(&dir).is_empty());
    let json = br#"{"a": "AAEC", "b": "AAECAwQFBgcICQ=="}"#;
    let mut files = FileSinks::new(dir.path()).replace(true);
    let err = blob::load_map_base64(&json[..], |key| {
        Ok(FullDisk {
            file: files.sink(key)?,
            room: 5,
        })
    })
    .unwrap_err();
    assert_eq!(err.path(), "$.b");
    assert!(names_without_temporaries(&dir).is_empty());

    // Renaming fails: the final name is a directory.
    let dir = TempDir::new("rename");
    fs::create_dir(dir.file("taken")).unwrap();
    let mut files = FileSinks::new(dir.path());
    let err = blob::load_map(&br#"{"taken": "x"}"#[..], |key| files.sink(key)).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert_eq!(names_without_temporaries(&dir), ["taken"]);

    // A sink dropped half way, and one never written.
    let dir = TempDir::new("drop");
    let mut files = FileSinks::new(dir.path());
    let mut sink = files.sink("half").unwrap();
    sink.write_all(&[b'x'; 100_000]).unwrap();
    assert_eq!(dir.names().len(), 1);
    drop(sink);
    drop(files.sink("empty").unwrap());
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

#[derive(Load, Debug)]
struct Archive {
    #[jsonstream(blob)]
    readme: PathBuf,
    #[jsonstream(seq)]
    attachments: Vec<Attachment>,
}

#[derive(Load, Debug)]
struct Attachment {
    #[jsonstream(blob)]
    body: PathBuf,
}

/// A `Loader`'s factory named by the field: two fields of one name are two values for one
/// file, an error with `FileSinks` (where `FileSink::in_dir` silently kept the last).
#[test]
fn derived_blob_fields_of_one_name_are_an_error_unless_replacing() {
    let json = br#"{"readme": "r", "attachments": [{"body": "first"}, {"body": "second"}]}"#;
    let dir = TempDir::new("derive");
    let mut files = FileSinks::new(dir.path());
    let err = Loader::new()
        .sinks(|field: &BlobField<'_>| files.sink(field.name()))
        .load_slice::<Archive>(json)
        .unwrap_err();
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(err.path(), "$.attachments[1].body");
    // The load failed: the files it finished are removed.
    assert!(names_without_temporaries(&dir).is_empty());

    // Named by the path, which is unique: every file is there.
    let dir = TempDir::new("derive-path");
    let mut files = FileSinks::new(dir.path());
    let archive = Loader::new()
        .sinks(|field: &BlobField<'_>| files.sink(&field.path().replace(['$', '[', ']'], "_")))
        .load_slice::<Archive>(json)
        .unwrap();
    let bodies: Vec<String> = archive
        .attachments
        .iter()
        .map(|a| fs::read_to_string(&a.body).unwrap())
        .collect();
    assert_eq!(bodies, ["first", "second"]);
    assert_eq!(fs::read_to_string(&archive.readme).unwrap(), "r");

    // Replacing, as asked: both paths are the one file, which holds the last body.
    let dir = TempDir::new("derive-replace");
    let mut files = FileSinks::new(dir.path()).replace(true);
    let archive = Loader::new()
        .sinks(|field: &BlobField<'_>| files.sink(field.name()))
        .load_slice::<Archive>(json)
        .unwrap();
    assert_eq!(archive.attachments[0].body, archive.attachments[1].body);
    assert_eq!(dir.read("body"), "second");
    assert_eq!(names_without_temporaries(&dir), ["body", "readme"]);
}

#[test]
fn relative_paths_stay_inside_the_directory_on_any_system() {
    for good in [
        "a",
        "a/b.txt",
        "d\u{e9}j\u{e0} vu/\u{1F600} x",
        "12:30.log",
        ".hidden/x",
        "a/b/c/d",
    ] {
        assert_eq!(
            blob::relative_path(good).unwrap(),
            std::path::Path::new(good),
            "{good:?}"
        );
    }
    for (bad, why) in [
        ("", "an empty component"),
        ("/etc/passwd", "it is absolute"),
        ("//server/share", "it is absolute"),
        ("..", "a `.` or `..` component"),
        ("../x", "a `.` or `..` component"),
        ("a/../../x", "a `.` or `..` component"),
        ("./a", "a `.` or `..` component"),
        ("a/.", "a `.` or `..` component"),
        ("a//b", "an empty component"),
        ("a/", "an empty component"),
        ("a\\b", "a backslash"),
        ("..\\x", "a backslash"),
        ("a\0b", "a NUL character"),
        ("C:x", "a drive prefix"),
        ("c:/windows", "a drive prefix"),
        ("a:b", "a drive prefix"),
    ] {
        let err = blob::relative_path(bad).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
        assert!(err.to_string().contains(why), "{bad:?}: {err}");
    }
    let err = blob::relative_path("a/b.jsonstream-partial").unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn nested_sinks_make_subdirectories_and_refuse_links_and_files_on_the_way() {
    let dir = TempDir::new("nested");
    let json = br#"{"top.txt": "1", "a/b/c.txt": "2", "a/d.txt": "3"}"#;
    let mut files = FileSinks::new(dir.path()).nested(true);
    let loaded = blob::load_map(&json[..], |key| files.sink(key)).unwrap();
    assert_eq!(loaded[1].1, dir.path().join("a/b/c.txt"));
    assert_eq!(
        fs::read_to_string(dir.path().join("a/b/c.txt")).unwrap(),
        "2"
    );
    assert_eq!(fs::read_to_string(dir.path().join("a/d.txt")).unwrap(), "3");
    // Without `nested`, a path is refused, and the failed load rolls back the `top.txt` it
    // had rewritten before the refusal: neither the old nor the new one is left.
    let err = blob::load_map(&json[..], |key| FileSinks::new(dir.path()).sink(key)).unwrap_err();
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::InvalidInput);
    assert!(!dir.path().join("top.txt").exists());

    // A link on the way is not followed: nothing is written where it points.
    let outside = TempDir::new("nested-outside");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
    fs::write(dir.path().join("plain"), "a file").unwrap();
    for (key, why) in [
        ("link/x.txt", "a symbolic link"),
        ("plain/x.txt", "not a directory"),
    ] {
        let json = format!(r#"{{"{key}": "escaped"}}"#);
        let mut files = FileSinks::new(dir.path()).nested(true);
        let err = blob::load_map(json.as_bytes(), |key| files.sink(key)).unwrap_err();
        let io = err.io_error().unwrap();
        assert_eq!(io.kind(), io::ErrorKind::InvalidInput, "{key}");
        assert!(io.to_string().contains(why), "{key}: {io}");
        assert_eq!(err.path(), format!("$[\"{key}\"]"));
    }
    assert!(outside.names().is_empty(), "{:?}", outside.names());
    assert_eq!(names_without_temporaries(&dir), ["a", "link", "plain"]);
}

#[test]
fn staged_files_are_published_when_committed_and_removed_otherwise() {
    let dir = TempDir::new("staged");
    let mut staged = Vec::new();
    for name in ["a.txt", "b.txt", "c.txt"] {
        let mut sink = FileSink::in_dir(dir.path(), name).unwrap();
        sink.write_all(name.as_bytes()).unwrap();
        staged.push(sink.complete().unwrap());
    }
    // Complete, under temporary names only.
    assert_eq!(dir.names().len(), 3);
    assert!(dir.names().iter().all(|name| name.ends_with(TEMPORARY)));
    let c = staged.pop().unwrap();
    assert_eq!(c.path(), dir.file("c.txt"));
    for file in staged {
        file.commit().unwrap();
    }
    drop(c);
    assert_eq!(names_without_temporaries(&dir), ["a.txt", "b.txt"]);
    assert_eq!(dir.read("b.txt"), "b.txt");
    // A commit that cannot rename removes the file.
    let mut sink = FileSink::in_dir(dir.path(), "d.txt").unwrap();
    sink.write_all(b"d").unwrap();
    let d = sink.complete().unwrap();
    fs::create_dir(dir.file("d.txt")).unwrap();
    fs::write(dir.file("d.txt").join("inside"), "x").unwrap();
    assert!(d.commit().is_err());
    assert_eq!(names_without_temporaries(&dir), ["a.txt", "b.txt", "d.txt"]);
}
