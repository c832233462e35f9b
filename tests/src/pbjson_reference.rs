//! The PBJSON reference implementation, the Python package `pbjson` 1.19.0, as a test oracle:
//! [`run`] sends a batch of [`Request`]s to `tests/python/pbjson_reference.py` (one launch of the
//! Python named by [`PYTHON_ENV`] per batch) and returns one [`Response`] per request.
//!
//! Values cross as [`ExactValue`]s (`crate::pbjson_vectors`), the values the reference holds:
//! integers of any size, floats by their bits (NaN and the infinities included), text, bytes,
//! arrays and objects with their member order, in the script's tagged JSON (this module's
//! `impl ExactValue`). Without [`PYTHON_ENV`], or when the process fails, [`run`] panics with what to
//! do or with the process's stderr: a test that needs the reference never passes without it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::pbjson_vectors::{hex, unhex, ExactValue};
use crate::reference::{base64_decode, base64_encode};

/// Environment variable naming the Python that runs the reference (one with `pbjson==1.19.0`
/// installed, C speedups included); without it, [`python`] makes a venv of its own.
pub const PYTHON_ENV: &str = "PBJSON_PYTHON";

/// The Python of the venv that [`python`] makes when [`PYTHON_ENV`] is not set.
fn own_venv() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("pbjson-venv")
}

/// Whether `python` has the reference: pbjson 1.19.0 with its C speedups.
fn has_reference(python: &Path) -> bool {
    let ready = "import sys, pbjson, pbjson.decoder as d; \
                 sys.exit(pbjson.__version__ != '1.19.0' or d.c_decoder is None)";
    std::process::Command::new(python)
        .args(["-c", ready])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The Python that runs the reference: the one named by [`PYTHON_ENV`], else that of a venv
/// in the target directory (`pbjson-venv`), made with `python3 -m venv` and
/// `pip install pbjson==1.19.0` the first time (which needs PyPI). Panics, saying how to set
/// it up, if neither gives a Python with the reference.
pub fn python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Some(path) = std::env::var_os(PYTHON_ENV).filter(|p| !p.is_empty()) {
                let path = PathBuf::from(path);
                assert!(
                    has_reference(&path),
                    "{PYTHON_ENV}={} has no pbjson 1.19.0 with its C speedups",
                    path.display()
                );
                return path;
            }
            let venv = own_venv();
            let python = venv.join("bin/python");
            if !has_reference(&python) {
                let run = |program: &std::path::Path, args: &[&str]| {
                    let status = std::process::Command::new(program).args(args).status();
                    assert!(
                        status.as_ref().is_ok_and(|s| s.success()),
                        "{} {args:?}: {status:?}; the PBJSON interop tests need a Python with \
                         pbjson==1.19.0: name one in {PYTHON_ENV}",
                        program.display()
                    );
                };
                let venv_arg = venv.to_string_lossy().into_owned();
                run("python3".as_ref(), &["-m", "venv", "--clear", &venv_arg]);
                run(
                    &python,
                    &[
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                        "pbjson==1.19.0",
                    ],
                );
                assert!(
                    has_reference(&python),
                    "pbjson 1.19.0 installed without its C speedups"
                );
            }
            python
        })
        .clone()
}

/// The script that answers the requests.
pub fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/pbjson_reference.py")
}

/// The script's tagged JSON (module docs of the script).
impl ExactValue {
    /// Reads a line of the script's output: JSON whose members keep their order, numbers
    /// held only as integers (the script tags every float).
    pub fn parse_tagged_json(line: &str) -> Result<ExactValue, String> {
        let value: ExactValue =
            serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
        if let Some(f) = value.first_float() {
            return Err(format!("untagged float {f:?} in a response"));
        }
        Ok(value)
    }

    fn first_float(&self) -> Option<f64> {
        match self {
            ExactValue::Float(f) => Some(*f),
            ExactValue::Array(items) => items.iter().find_map(ExactValue::first_float),
            ExactValue::Object(members) => members.iter().find_map(|(_, v)| v.first_float()),
            _ => None,
        }
    }

    /// The value of (part of) a response of the script, as [`ExactValue::parse_tagged_json`]
    /// read it: tags undone (module docs of the script).
    pub fn untag(&self) -> Result<ExactValue, String> {
        Ok(match self {
            ExactValue::Array(items) => ExactValue::Array(
                items
                    .iter()
                    .map(ExactValue::untag)
                    .collect::<Result<_, _>>()?,
            ),
            ExactValue::Object(members) => {
                if let [(key, inner)] = &members[..] {
                    let text = || match inner {
                        ExactValue::Str(t) => Ok(t.as_str()),
                        other => Err(format!("{key} holds {other:?}, not a string")),
                    };
                    match key.as_str() {
                        "$float" => {
                            let t = text()?;
                            return t
                                .parse::<f64>()
                                .map(ExactValue::Float)
                                .map_err(|e| format!("$float {t:?}: {e}"));
                        }
                        "$int" => return Ok(ExactValue::Int(text()?.to_owned())),
                        "$binary" => {
                            let t = text()?;
                            return base64_decode(t.as_bytes())
                                .map(ExactValue::Bytes)
                                .ok_or_else(|| format!("$binary {t:?} is not base64"));
                        }
                        "$object" => {
                            let ExactValue::Object(members) = inner else {
                                return Err(format!("$object holds {inner:?}"));
                            };
                            return members
                                .iter()
                                .map(|(k, v)| Ok((k.clone(), v.untag()?)))
                                .collect::<Result<_, String>>()
                                .map(ExactValue::Object);
                        }
                        k if k.starts_with('$') => return Err(format!("unknown tag {k}")),
                        _ => {}
                    }
                }
                ExactValue::Object(
                    members
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), v.untag()?)))
                        .collect::<Result<_, String>>()?,
                )
            }
            other => other.clone(),
        })
    }

    /// Appends the value as the script's tagged JSON, members in order: every float tagged
    /// with Rust's shortest round-trip text (which Python's `float()` reads exactly), integers
    /// beyond 64 bits tagged, bytes as base64.
    pub fn write_tagged(&self, out: &mut String) {
        match self {
            ExactValue::Null => out.push_str("null"),
            ExactValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ExactValue::Int(digits) => {
                if digits.parse::<u64>().is_ok() || digits.parse::<i64>().is_ok() {
                    out.push_str(digits);
                } else {
                    let _ = write!(out, r#"{{"$int":"{digits}"}}"#);
                }
            }
            ExactValue::Float(f) => {
                let _ = write!(out, r#"{{"$float":"{f:?}"}}"#);
            }
            ExactValue::Str(s) => out.push_str(&serde_json::to_string(s).expect("string")),
            ExactValue::Bytes(b) => {
                let _ = write!(out, r#"{{"$binary":"{}"}}"#, base64_encode(b));
            }
            ExactValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_tagged(out);
                }
                out.push(']');
            }
            ExactValue::Object(members) => {
                let wrap = members.len() == 1 && members[0].0.starts_with('$');
                if wrap {
                    out.push_str(r#"{"$object":"#);
                }
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).expect("string"));
                    out.push(':');
                    v.write_tagged(out);
                }
                out.push('}');
                if wrap {
                    out.push('}');
                }
            }
        }
    }
}

/// One question for the reference.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// The bytes a conforming writer writes for the value: the reference's pure-Python
    /// encoder's, with FORMAT.md's one correction (-0.0 as `61 b0`, where the reference writes
    /// `61 bd`, which no decoder reads).
    Encode(&'a ExactValue),
    /// The reference's pure-Python encoder's bytes exactly, -0.0 as `61 bd`.
    EncodeUncorrected(&'a ExactValue),
    /// The JSON text read by Python's `json` module, then encoded as [`Request::Encode`] does.
    EncodeJson(&'a str),
    /// [`Request::EncodeJson`] with every array in the terminated form (`0C` … `0F`), as a
    /// streaming converter writes arrays (their length is not known until they end): the
    /// reference's encoder writes an iterator without a length so.
    EncodeJsonStreamed(&'a str),
    /// The bytes decoded by the pure-Python decoder and by the C speedups decoder.
    Decode(&'a [u8]),
    /// The bytes decoded by the C speedups decoder only (the pure-Python decoder is quadratic
    /// in the number of tokens).
    DecodeC(&'a [u8]),
    /// The JSON text read by Python's `json` module: integers exact, floats correctly rounded.
    ReadJson(&'a str),
}

/// The reference's answer to one [`Request`].
#[derive(Debug, Clone)]
pub enum Response {
    /// To an encode request: the bytes, or why the reference could not encode.
    Encoded(Result<Vec<u8>, String>),
    /// To a decode request: each decoder's value or error (`None`: that decoder was not asked).
    Decoded {
        /// The pure-Python decoder.
        py: Option<Result<ExactValue, String>>,
        /// The C speedups decoder.
        c: Option<Result<ExactValue, String>>,
    },
    /// To [`Request::ReadJson`]: the value, or Python's error.
    Read(Result<ExactValue, String>),
}

impl Response {
    /// The bytes of an encode response; panics on any other response.
    pub fn encoded(&self) -> &Result<Vec<u8>, String> {
        match self {
            Response::Encoded(r) => r,
            other => panic!("not an encode response: {other:?}"),
        }
    }

    /// The values of a decode response, as `(decoder name, result)`; panics on any other.
    pub fn decoded(&self) -> Vec<(&'static str, &Result<ExactValue, String>)> {
        match self {
            Response::Decoded { py, c } => [("pure-Python", py), ("C speedups", c)]
                .into_iter()
                .filter_map(|(name, r)| r.as_ref().map(|r| (name, r)))
                .collect(),
            other => panic!("not a decode response: {other:?}"),
        }
    }

    /// The value of a [`Request::ReadJson`] response; panics on any other.
    pub fn read(&self) -> &Result<ExactValue, String> {
        match self {
            Response::Read(r) => r,
            other => panic!("not a json response: {other:?}"),
        }
    }
}

/// The request's line of JSON (without the newline).
fn request_line(request: &Request<'_>) -> String {
    let json = |s: &str| serde_json::to_string(s).expect("string");
    match request {
        Request::Encode(v) | Request::EncodeUncorrected(v) => {
            let mut line = String::from(r#"{"op":"encode","doc":"#);
            v.write_tagged(&mut line);
            if matches!(request, Request::Encode(_)) {
                line.push_str(r#","fix_negative_zero":true"#);
            }
            line.push('}');
            line
        }
        Request::EncodeJson(text) => format!(
            r#"{{"op":"encode_json","json":{},"fix_negative_zero":true}}"#,
            json(text)
        ),
        Request::EncodeJsonStreamed(text) => format!(
            r#"{{"op":"encode_json","json":{},"fix_negative_zero":true,"terminated_arrays":true}}"#,
            json(text)
        ),
        Request::Decode(bytes) => format!(r#"{{"op":"decode","hex":"{}"}}"#, hex(bytes)),
        Request::DecodeC(bytes) => {
            format!(
                r#"{{"op":"decode","hex":"{}","decoders":["c"]}}"#,
                hex(bytes)
            )
        }
        Request::ReadJson(text) => format!(r#"{{"op":"json","json":{}}}"#, json(text)),
    }
}

/// The response to `request` in the line `line`; `Err` if the line is not such a response (a
/// bug of the harness, not an answer of the reference).
fn parse_response(request: &Request<'_>, line: &str) -> Result<Response, String> {
    let value = ExactValue::parse_tagged_json(line)?;
    let text = |key: &str| match value.get(key) {
        Some(ExactValue::Str(t)) => Some(t.clone()),
        _ => None,
    };
    // A value under `key` or an error under `error_key`: the reference's answer either way.
    let answer =
        |key: &str, error_key: &str| -> Result<Option<Result<ExactValue, String>>, String> {
            match (value.get(key), text(error_key)) {
                (Some(v), _) => Ok(Some(Ok(v.untag()?))),
                (None, Some(e)) => Ok(Some(Err(e))),
                (None, None) => Ok(None),
            }
        };
    match request {
        Request::Encode(_)
        | Request::EncodeUncorrected(_)
        | Request::EncodeJson(_)
        | Request::EncodeJsonStreamed(_) => match (text("hex"), text("error")) {
            (Some(h), _) => Ok(Response::Encoded(Ok(unhex(&h)?))),
            (None, Some(e)) => Ok(Response::Encoded(Err(e))),
            _ => Err("neither hex nor error".to_owned()),
        },
        Request::Decode(_) | Request::DecodeC(_) => {
            let (py, c) = (answer("py", "py_error")?, answer("c", "c_error")?);
            if c.is_none() || py.is_some() != matches!(request, Request::Decode(_)) {
                return Err("not the decoders asked for".to_owned());
            }
            Ok(Response::Decoded { py, c })
        }
        Request::ReadJson(_) => answer("value", "error")?
            .map(Response::Read)
            .ok_or_else(|| "neither value nor error".to_owned()),
    }
}

/// Runs the requests in one launch of the reference and returns the responses in order.
///
/// Panics, with the process's stderr, if the Python cannot be started, exits unsuccessfully,
/// or answers with anything but one well-formed response per request.
pub fn run(requests: &[Request<'_>]) -> Vec<Response> {
    run_with(&python(), &script(), requests)
}

/// [`run`] with another Python or script (the harness's own tests use a failing one).
pub fn run_with(python: &Path, script: &Path, requests: &[Request<'_>]) -> Vec<Response> {
    let mut input = String::new();
    for request in requests {
        input.push_str(&request_line(request));
        input.push('\n');
    }
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} ({PYTHON_ENV}): {e}", python.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written by another thread while this one reads the answers, so that neither side can
    // block the other on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for the reference ({}): {e}", python.display()));
    let written = writer.join().expect("writer thread");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let fail = |what: String| -> ! {
        panic!(
            "the PBJSON reference ({} {}) {what}\n--- its stderr ---\n{stderr}\n---",
            python.display(),
            script.display()
        )
    };
    if !output.status.success() {
        fail(format!("failed: {}", output.status));
    }
    if let Err(e) = written {
        fail(format!("did not take its input: {e}"));
    }
    let stdout = String::from_utf8(output.stdout)
        .unwrap_or_else(|e| fail(format!("wrote output that is not UTF-8: {e}")));
    let lines: Vec<&str> = stdout.lines().collect();
    if lines.len() != requests.len() {
        fail(format!(
            "gave {} responses to {} requests",
            lines.len(),
            requests.len()
        ));
    }
    requests
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(i, (request, line))| {
            parse_response(request, line).unwrap_or_else(|e| {
                let shown: String = line.chars().take(300).collect();
                fail(format!("gave a bad response to request {i}: {e}: {shown}"))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pbjson_vectors::exact_diff;

    #[test]
    fn tagged_text_reads_back_as_the_same_value() {
        let value = ExactValue::Array(vec![
            ExactValue::Null,
            ExactValue::Bool(true),
            ExactValue::int(-7),
            ExactValue::int(u64::MAX),
            ExactValue::int(i64::MIN),
            ExactValue::Int("-18446744073709551616".into()),
            ExactValue::Float(-0.0),
            ExactValue::Float(5e-324),
            ExactValue::Float(1e16),
            ExactValue::Float(f64::INFINITY),
            ExactValue::Float(f64::NEG_INFINITY),
            ExactValue::Float(f64::NAN),
            ExactValue::Str("é😀\"\\\n".into()),
            ExactValue::Bytes(vec![0, 1, 0xfe, 0xff]),
            ExactValue::Object(vec![(
                "$binary".into(),
                ExactValue::Str("not a tag".into()),
            )]),
            ExactValue::Object(vec![
                ("b".into(), ExactValue::int(1)),
                ("a".into(), ExactValue::Null),
            ]),
        ]);
        let mut text = String::new();
        value.write_tagged(&mut text);
        let back = ExactValue::parse_tagged_json(&text)
            .unwrap()
            .untag()
            .unwrap();
        assert_eq!(exact_diff(&value, &back), None, "{text}");
    }
}
