//! Maps of blobs, `{key: content, …}`: written from `(key, io::Read)` pairs, read into sinks.

use std::io;

use crate::blob::sink::{copy_value, roll_back, BlobSink};
use crate::error::{Error, Result};
use crate::read::reader::JsonReader;
use crate::read::Read;
use crate::write::encode::Encoding;
use crate::write::writer::JsonWriter;

/// Writes `{key: content, …}` into `writer`: one member per entry, in order, each value a
/// string whose UTF-8 text is read from the entry's source chunk by chunk and escaped. Returns
/// the writer (not flushed: finish a compression encoder yourself).
///
/// Memory stays a few buffers of 64 KiB whatever the sizes of the sources, which may be of
/// unknown length (files, decoders, sockets).
///
/// # Errors
///
/// An error reading a source ([`Category::Io`](crate::Category::Io)); invalid UTF-8 in a
/// source, naming the byte offset; an I/O error writing. What was written is then an
/// incomplete document.
///
/// # Examples
///
/// ```
/// let entries = vec![("big", &b"text\twith tab"[..]), ("small", &b""[..])];
/// let json = jsonstream::blob::dump_map(Vec::new(), entries)?;
/// assert_eq!(json, br#"{"big":"text\twith tab","small":""}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump_map<W, I, K, R>(writer: W, entries: I) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    dump_entries(writer, entries, Encoding::Text)
}

/// As [`dump_map`], with each value the base64 encoding (standard alphabet, padded) of any
/// bytes read from its source.
///
/// # Errors
///
/// As [`dump_map`], without UTF-8 errors.
///
/// # Examples
///
/// ```
/// let json = jsonstream::blob::dump_map_base64(Vec::new(), [("bin", &[0u8, 255][..])])?;
/// assert_eq!(json, br#"{"bin":"AP8="}"#);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump_map_base64<W, I, K, R>(writer: W, entries: I) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    dump_entries(writer, entries, Encoding::Base64)
}

fn dump_entries<W, I, K, R>(writer: W, entries: I, encoding: Encoding) -> Result<W>
where
    W: io::Write,
    I: IntoIterator<Item = (K, R)>,
    K: AsRef<str>,
    R: io::Read,
{
    let mut json = JsonWriter::new(writer);
    json.begin_object()?;
    for (key, source) in entries {
        json.key(key.as_ref())?;
        json.blob(source, encoding)?;
    }
    json.end_object()?;
    json.finish()
}

/// Reads a JSON object from `reader` whose values are strings, copying each value, unescaped,
/// into the sink that `factory` opens for its key; returns the keys and the finished sinks
/// ([`BlobSink::finish`]) in document order.
///
/// Nothing is held whole: the reader's window (64 KiB), one key, and the sinks' own content.
/// The rest of the input after the object must be whitespace.
///
/// # Errors
///
/// An error in the document (not an object, a value that is not a string, invalid JSON), with
/// its offset, line, column and path (`$.key`); an error of `factory`, of a sink's `write`, or
/// of a sink's `finish` ([`Category::Io`](crate::Category::Io)), located at the value. A sink
/// being written when an error happens is dropped unfinished, and the sinks finished before
/// it are rolled back ([`BlobSink::rollback`]: a [`FileSink`](crate::blob::FileSink)'s file is
/// removed), so that a document that fails leaves nothing behind.
///
/// # Examples
///
/// ```
/// let json = br#"{"greeting": "hello\nworld", "empty": ""}"#;
/// let loaded = jsonstream::blob::load_map(&json[..], |_key| Ok(Vec::new()))?;
/// assert_eq!(loaded[0], ("greeting".to_string(), b"hello\nworld".to_vec()));
/// assert_eq!(loaded[1], ("empty".to_string(), Vec::new()));
///
/// let err = jsonstream::blob::load_map(&br#"{"n": 1}"#[..], |_| Ok(Vec::new())).unwrap_err();
/// assert_eq!(err.to_string(), "expected a string, found `1` at line 1 column 7, path $.n");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load_map<R, S, F>(reader: R, factory: F) -> Result<Vec<(String, S::Output)>>
where
    R: io::Read,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    load_entries(JsonReader::new(reader), factory, Encoding::Text)
}

/// As [`load_map`], with each value base64 text (standard alphabet, padding optional) whose
/// decoded bytes are copied into the sink.
///
/// # Errors
///
/// As [`load_map`]; also an error for a value that is not valid base64.
///
/// # Examples
///
/// ```
/// let loaded = jsonstream::blob::load_map_base64(&br#"{"bin": "AP8="}"#[..], |_| Ok(Vec::new()))?;
/// assert_eq!(loaded, [("bin".to_string(), vec![0, 255])]);
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn load_map_base64<R, S, F>(reader: R, factory: F) -> Result<Vec<(String, S::Output)>>
where
    R: io::Read,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    load_entries(JsonReader::new(reader), factory, Encoding::Base64)
}

/// The members of the object that `json` reads, each value copied (unescaped, or decoded from
/// `encoding`) into the sink that `factory` opens for its key; the rest must be whitespace. On
/// an error, the sinks finished so far are rolled back.
pub(crate) fn load_entries<'de, Src, S, F>(
    mut json: JsonReader<Src>,
    factory: F,
    encoding: Encoding,
) -> Result<Vec<(String, S::Output)>>
where
    Src: Read<'de>,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    let mut entries = Vec::new();
    match copy_entries(&mut json, factory, encoding, &mut entries) {
        Ok(()) => Ok(entries),
        Err(err) => {
            let rollbacks = entries.iter().filter_map(|(_, output)| S::rollback(output));
            Err(roll_back(rollbacks.collect(), err))
        }
    }
}

/// The work of [`load_entries`], pushing each finished entry into `entries`.
fn copy_entries<'de, Src, S, F>(
    json: &mut JsonReader<Src>,
    mut factory: F,
    encoding: Encoding,
    entries: &mut Vec<(String, S::Output)>,
) -> Result<()>
where
    Src: Read<'de>,
    S: BlobSink,
    F: FnMut(&str) -> io::Result<S>,
{
    json.begin_object()?;
    while json.has_next()? {
        let key = json.next_key()?.to_owned();
        // At the value, so that the factory's and the sink's errors are located there.
        json.peek_value()?;
        let mut sink = factory(&key).map_err(|err| json.fix_position(Error::io(err)))?;
        copy_value(json, &mut sink, encoding).map_err(|err| json.fix_position(err))?;
        let value = sink
            .finish()
            .map_err(|err| json.fix_position(Error::io(err)))?;
        entries.push((key, value));
    }
    json.end_object()?;
    json.end_document()
}
