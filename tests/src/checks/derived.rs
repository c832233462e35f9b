//! `Load` of a derived struct with blob and seq fields against the serde path.
//!
//! The types are declared twice with the same names and fields: in `with_load` with
//! `#[derive(Load)]`, blob and `seq` fields; in `with_serde` with `#[derive(Deserialize)]`, a text
//! blob as a `String`'s bytes and a base64 blob as a string decoded by the reference decoder.
//! Loaded values are compared through their `Debug` text, which is the same for both when the
//! values are.

use jsonstream::{Category, LimitKind, Limits};

use super::reading::Header;
use super::shown;
use crate::snapshot::{snap, ErrInfo};

// The fields are read through `Debug` only.
#[allow(dead_code)]
mod with_load {
    use jsonstream::Load;

    #[derive(Load, Debug)]
    pub struct Doc {
        pub title: String,
        #[jsonstream(blob)]
        pub text: Vec<u8>,
        #[jsonstream(blob = "base64")]
        pub data: Vec<u8>,
        #[jsonstream(seq)]
        pub entries: Vec<Entry>,
        pub meta: Option<Meta>,
        #[jsonstream(default)]
        pub n: u8,
        pub kind: Kind,
    }

    #[derive(Load, Debug)]
    pub struct Entry {
        pub id: u32,
        #[jsonstream(blob)]
        pub note: Vec<u8>,
        pub tags: Option<Vec<String>>,
    }

    #[derive(Load, Debug)]
    pub struct Meta {
        #[jsonstream(seq)]
        pub revisions: Vec<i64>,
        pub score: f64,
    }

    #[derive(Load, Debug)]
    pub enum Kind {
        Plain,
        Sized(u16),
        Pair(u8, String),
        Raw {
            #[jsonstream(blob = "base64")]
            raw: Vec<u8>,
            x: Option<f32>,
        },
    }
}

#[allow(dead_code)]
mod with_serde {
    use std::fmt;

    use serde::{Deserialize, Deserializer};

    use crate::reference::base64_decode;

    /// A text blob read by serde: the string's bytes.
    pub struct Text(Vec<u8>);

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            String::deserialize(d).map(|s| Text(s.into_bytes()))
        }
    }

    impl fmt::Debug for Text {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }

    /// A base64 blob read by serde: the string decoded, or an error with the words that start
    /// jsonstream's base64 readers' ("invalid base64 in string", once the string is read).
    pub struct B64(Vec<u8>);

    impl<'de> Deserialize<'de> for B64 {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let text = String::deserialize(d)?;
            base64_decode(text.as_bytes())
                .map(B64)
                .ok_or_else(|| serde::de::Error::custom("invalid base64 in string"))
        }
    }

    impl fmt::Debug for B64 {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }

    #[derive(Deserialize, Debug)]
    pub struct Doc {
        pub title: String,
        pub text: Text,
        pub data: B64,
        pub entries: Vec<Entry>,
        pub meta: Option<Meta>,
        #[serde(default)]
        pub n: u8,
        pub kind: Kind,
    }

    #[derive(Deserialize, Debug)]
    pub struct Entry {
        pub id: u32,
        pub note: Text,
        pub tags: Option<Vec<String>>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Meta {
        pub revisions: Vec<i64>,
        pub score: f64,
    }

    #[derive(Deserialize, Debug)]
    pub enum Kind {
        Plain,
        Sized(u16),
        Pair(u8, String),
        Raw { raw: B64, x: Option<f32> },
    }
}

/// The serde path's error for an invalid base64 string is a data error (a custom message)
/// once the string is read; `Load`'s is a syntax error at the symbol to blame, naming it: in
/// the same string, so before the serde path's position (on the same line or an earlier one:
/// the data error is placed after the whitespace that follows the string, and a raw line feed
/// in the string is an error at column 0 of the next line), with the same path.
/// An error in the string's own syntax after that symbol, or the document limit reached in
/// the rest of the string, is the serde path's error, which reads the whole string before
/// decoding it.
fn same_error(load: &ErrInfo, serde: &ErrInfo) -> bool {
    if load.display.starts_with("invalid base64 in string: ") {
        let later_in_string = serde.display.starts_with("invalid base64 in string")
            || matches!(serde.category, Category::Syntax | Category::Eof)
            || serde.limit == Some(LimitKind::DocumentLength);
        later_in_string
            && load.category == Category::Syntax
            && load.path == serde.path
            && load.line <= serde.line
            && load.offset < serde.offset
    } else {
        load == serde
    }
}

fn same(load: &Result<String, ErrInfo>, serde: &Result<String, ErrInfo>) -> bool {
    match (load, serde) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => same_error(a, b),
        _ => false,
    }
}

/// Derived `Load` (fuzz target `derived_load`): the document after the [`Header`] of `data`,
/// loaded as a `#[derive(Load)]` struct (text and base64 blobs, `seq` fields of numbers and of
/// derived structs with blobs, an optional nested struct, a defaulted field and an enum with a
/// blob in a variant) by `load_slice` and by `Loader::load` through the header's schedule and
/// window, every path with the header's limits: the two give the same value or the same
/// error, and what `from_slice` gives for a serde mirror of the struct: the same value, or
/// the same error (message, offset, line, column, path; a base64 error is a syntax error for
/// `Load` and a data error for the mirror). With a string limit, the mirror is not compared:
/// `Load` streams blobs into their sinks, which the string limit does not bound, and the
/// mirror holds them as strings, which it does.
///
/// # Errors
///
/// A description of the first disagreement.
pub fn derived_load(data: &[u8]) -> Result<(), String> {
    let (header, doc) = Header::split(data);
    let ctx = || {
        format!(
            "document {}, schedule {:?}, window {:?}, limits {:?}",
            shown(doc),
            header.schedule,
            header.window,
            header.limits
        )
    };
    let loader = || jsonstream::Loader::new().options(header.options());
    let from_slice = snap(loader().load_slice::<with_load::Doc>(doc)).map(|v| format!("{v:?}"));
    let from_reader = snap(loader().load::<with_load::Doc, _>(header.schedule.reader(doc)))
        .map(|v| format!("{v:?}"));
    if from_reader != from_slice {
        return Err(format!(
            "Loader::load vs load_slice:\n  reader {from_reader:?}\n  slice  {from_slice:?}\n  {}",
            ctx()
        ));
    }
    if header.limits.max_string_len != Limits::default().max_string_len {
        // Blobs are not held, strings are: no mirror to compare with.
        return Ok(());
    }
    let serde_path =
        snap(header.options().from_slice::<with_serde::Doc>(doc)).map(|v| format!("{v:?}"));
    // `Loader::load` gives what `load_slice` gives.
    if !same(&from_slice, &serde_path) {
        return Err(format!(
            "load_slice vs the serde path:\n  Load  {from_slice:?}\n  serde {serde_path:?}\n  {}",
            ctx()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_load_alike() {
        let docs: [&[u8]; 5] = [
            br#"{"title":"t","text":"a\nb","data":"AAEC","entries":[{"id":1,"note":"n","tags":null}],"meta":{"revisions":[1,-2],"score":0.5},"kind":{"Raw":{"raw":"/w==","x":1.5}}}"#,
            br#"{"kind":"Plain","data":"","text":"","title":"","entries":[],"n":3}"#,
            br#"{"title":"t","text":"","data":"A","entries":[],"kind":"Plain"}"#,
            br#"{"title":"t","text":"","data":"","entries":[{"id":1}],"kind":"Plain"}"#,
            br#"{"title":"t","text":"","data":"","entries":[],"kind":{"Pair":[1,"x"]}} x"#,
        ];
        for doc in docs {
            let mut data = [0u8; super::super::HEADER_LEN].to_vec();
            data.extend_from_slice(doc);
            derived_load(&data).unwrap();
            data[0] = 1;
            data[1] = 4;
            derived_load(&data).unwrap();
            // With every limit (schedule `Interrupted`).
            for k in 0..=super::super::MAX_LIMITS_SELECTOR {
                data[0] = 6 * k + 2;
                derived_load(&data).unwrap();
            }
        }
    }
}
