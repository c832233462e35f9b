//! The shapes serde's derive gives a type, read from a [`JsonReader`] for derived `Load`
//! impls: structs (from an object or an array), tuples, unit structs and externally tagged
//! enums, with the errors serde's derive gives on the serde path (`invalid type: null, expected
//! struct Name`, `missing field`, `unknown variant`…), located as there.

use std::convert::Infallible;

use serde::de::{Deserializer, Error as _, Unexpected, Visitor};

use crate::error::{Error, ErrorCode, Result};
use crate::read::reader::JsonReader;
use crate::read::Read;

/// Reads the next member name of an object and returns its index in `names`; `None` for a
/// name not there, or an error if unknown fields are denied.
pub fn field_index<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    names: &'static [&'static str],
    deny_unknown: bool,
) -> Result<Option<usize>> {
    let name = json.next_key()?;
    let index = names.iter().position(|known| *known == name);
    if index.is_none() && deny_unknown {
        // Where serde_json places it: right after the key (its key reader places the
        // error, before the object's end is looked at).
        let err = Error::unknown_field(name, names);
        return Err(json.fix_position(err));
    }
    Ok(index)
}

/// The error for a field that appears twice, placed where serde_json places it (past the
/// `}` if it comes next).
#[cold]
pub fn duplicate_field<'de, S: Read<'de>>(json: &mut JsonReader<S>, field: &'static str) -> Error {
    json.past_end_of(b'}', Error::duplicate_field(field))
}

/// The error for a blob or sequence field absent from the document (without a default).
#[cold]
pub fn missing_field<'de, S: Read<'de>>(json: &JsonReader<S>, field: &'static str) -> Error {
    json.fix_position(Error::missing_field(field))
}

/// How the fields of a struct with named fields are written.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Members {
    /// `{"name": value, …}`, in any order.
    Named,
    /// `[value, …]`, in the order of the fields (serde reads a struct from either).
    Positional,
}

/// Reads the `{` or `[` of a struct with named fields, described as `expecting` (`"struct
/// Name"`).
pub fn begin_struct<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    expecting: &'static str,
) -> Result<Members> {
    enter(json, true, true, expecting)
}

/// Reads the `{` of a map described as `expecting`.
pub(crate) fn begin_map<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    expecting: &'static str,
) -> Result<()> {
    enter(json, true, false, expecting).map(drop)
}

/// Reads the `[` of a tuple struct, a tuple variant or a sequence, described as `expecting`.
pub fn begin_tuple<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    expecting: &'static str,
) -> Result<()> {
    enter(json, false, true, expecting).map(drop)
}

/// Enters the object (its members then `Named`) or array (`Positional`) that comes next, if
/// it may be one; any other value is a data error in serde's words ("invalid type: null,
/// expected struct Name"), located as on the serde path.
fn enter<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    object: bool,
    array: bool,
    expecting: &'static str,
) -> Result<Members> {
    match json.peek_value()? {
        b'{' if object => json.begin_object().map(|()| Members::Named),
        b'[' if array => json.begin_array().map(|()| Members::Positional),
        b => Err(json.invalid_type(b, &expecting)),
    }
}

/// The error for a tuple whose array ends after `len` elements, fewer than `expecting`
/// (`"tuple struct Name with 3 elements"`) says.
#[cold]
pub fn missing_element<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    len: usize,
    expecting: &'static str,
) -> Error {
    json.past_end_of(b']', Error::invalid_length(len, &expecting))
}

/// Reads the `]` of a tuple; another element is an error, as on the serde path.
pub fn end_tuple<'de, S: Read<'de>>(json: &mut JsonReader<S>) -> Result<()> {
    json.end_seq()
}

/// Reads the `null` of a unit struct described as `expecting`.
pub fn unit_struct<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    expecting: &'static str,
) -> Result<()> {
    Deserializer::deserialize_unit(json, Unit(expecting))
}

/// A visitor of `null`, described as its `&str`.
struct Unit(&'static str);

impl<'de> Visitor<'de> for Unit {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

/// How an externally tagged enum value names its variant.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Tag {
    /// `"Variant"`: a unit variant.
    Bare,
    /// `{"Variant": content}`: the content is next, then the `}` ([`end_variant`]).
    Wrapped,
}

/// Reads the variant of an externally tagged enum: its index in `variants`, and whether its
/// content follows.
pub fn variant<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    variants: &'static [&'static str],
) -> Result<(usize, Tag)> {
    let (name, tag) = match json.peek_value()? {
        b'"' => (json.next_str()?, Tag::Bare),
        b'{' => {
            json.begin_variant()?;
            (json.next_key()?, Tag::Wrapped)
        }
        // serde_json's words for anything but a string or an object.
        _ => return Err(json.error(ErrorCode::ExpectedValue)),
    };
    match variants.iter().position(|known| *known == name) {
        Some(index) => {
            if tag == Tag::Bare {
                // As on the serde path: the whitespace after the name is read.
                json.skip_whitespace()?;
            }
            Ok((index, tag))
        }
        None => {
            let err = Error::unknown_variant(name, variants);
            Err(json.fix_position(err))
        }
    }
}

/// [`variant`] of an enum without variants: always an error.
pub fn no_variant<'de, S: Read<'de>>(
    json: &mut JsonReader<S>,
    expecting: &'static str,
) -> Result<Infallible> {
    // No name is one of no variants, so `variant` fails.
    let (index, _) = variant(json, &[])?;
    Err(json.fix_position(Error::invalid_value(
        Unexpected::Unsigned(index as u64),
        &expecting,
    )))
}

/// The content of a unit variant written as `{"Variant": null}`.
pub fn unit_variant<'de, S: Read<'de>>(json: &mut JsonReader<S>) -> Result<()> {
    json.deserialize_next()
}

/// The error for a variant with fields written as a bare name; `expecting` is `"tuple
/// variant"`, `"newtype variant"` or `"struct variant"`.
#[cold]
pub fn bare_variant<'de, S: Read<'de>>(json: &JsonReader<S>, expecting: &'static str) -> Error {
    json.fix_position(Error::invalid_type(Unexpected::UnitVariant, &expecting))
}

/// Reads the `}` after the content of a variant.
pub fn end_variant<'de, S: Read<'de>>(json: &mut JsonReader<S>) -> Result<()> {
    json.end_variant()
}
