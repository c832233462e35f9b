//! How a derived type's field is written and read, chosen at compile time.
//!
//! A field's type decides how it is written and read: through `Dump`/`Load` if it has them
//! (nested derived types), else through `Serialize`/`Deserialize`; a blob field is read
//! from as an `io::Read` if it is one, else as the bytes it holds. The macro cannot see trait
//! impls, so the choice is made by method resolution on a [`Probe`] of the type ("autoref
//! specialization"): the `Dump`/`Load` impls are on `Probe<T>`, the serde ones on `&Probe<T>`,
//! and a call on `&Probe<T>` finds the first that applies. The last resort applies to every
//! type and its tag requires the trait through a helper trait ([`DumpValue`], …): a type that
//! has neither gets that trait's error, which names both, rather than "no method found".

use std::io;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error as _, Visitor};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::dump::Dump;
use crate::model::load::{Load, Loader};
use crate::read::reader::JsonReader;
use crate::read::Read;
use crate::write::encode::Encoding;
use crate::write::format::Formatter;
use crate::write::writer::JsonWriter;

/// A type, as a value to resolve methods on.
pub struct Probe<T>(PhantomData<fn() -> T>);

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Probe<T> {
    /// The probe of `T`.
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

/// The probe of the type of `value`.
pub fn probe<T>(_value: &T) -> Probe<T> {
    Probe::new()
}

/// `T` is written with `Dump`.
pub trait ViaDump {
    /// How to write it.
    fn __dump_kind(&self) -> DumpTag {
        DumpTag
    }
}

impl<T: Dump> ViaDump for Probe<T> {}

/// `T` is written with `Serialize`.
pub trait ViaSerialize {
    /// How to write it.
    fn __dump_kind(&self) -> SerializeTag {
        SerializeTag
    }
}

impl<T> ViaSerialize for &Probe<T> {}

/// `Serialize`, as required of a value that is not `Dump`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be dumped: it is neither `Dump` nor `Serialize`",
    label = "neither `Dump` nor `Serialize`",
    note = "derive `serde::Serialize` (or `jsonstream::Dump`) for it"
)]
pub trait DumpValue: Serialize {}

impl<T: Serialize> DumpValue for T {}

/// Writes with `Dump`.
#[derive(Copy, Clone)]
pub struct DumpTag;

impl DumpTag {
    /// Writes `value` as the next value of `json`.
    pub fn dump<T: Dump, W: io::Write, F: Formatter>(
        self,
        value: T,
        json: &mut JsonWriter<W, F>,
    ) -> Result<()> {
        value.dump_to(json)
    }
}

/// Writes with `Serialize`.
#[derive(Copy, Clone)]
pub struct SerializeTag;

impl SerializeTag {
    /// Writes `value` as the next value of `json`.
    pub fn dump<T: DumpValue, W: io::Write, F: Formatter>(
        self,
        value: T,
        json: &mut JsonWriter<W, F>,
    ) -> Result<()> {
        json.value(&value)
    }
}

/// A blob field of type `T` is read from as an `io::Read`.
pub trait ViaRead {
    /// How to write it.
    fn __blob_kind(&self) -> ReadTag {
        ReadTag
    }
}

impl<T: io::Read> ViaRead for Probe<T> {}

/// A blob field of type `T` holds its bytes (`Vec<u8>`, `String`, …).
pub trait ViaBytes {
    /// How to write it.
    fn __blob_kind(&self) -> BytesTag {
        BytesTag
    }
}

impl<T> ViaBytes for &Probe<T> {}

/// `AsRef<[u8]>`, as required of a blob that is not an `io::Read`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be dumped as a blob: it is neither an `io::Read` nor bytes",
    label = "neither `io::Read` nor `AsRef<[u8]>`",
    note = "a blob field of a `Dump` type is read from (`File`, `&[u8]`, `Box<dyn Read>`, …) or holds its bytes (`Vec<u8>`, `String`, …)"
)]
pub trait DumpBytes: AsRef<[u8]> {}

impl<T: AsRef<[u8]>> DumpBytes for T {}

/// Writes a blob read from an `io::Read`.
#[derive(Copy, Clone)]
pub struct ReadTag;

impl ReadTag {
    /// Writes the content of `source` as the next value of `json`, a string.
    pub fn dump<T: io::Read, W: io::Write, F: Formatter>(
        self,
        source: T,
        json: &mut JsonWriter<W, F>,
        encoding: Encoding,
    ) -> Result<()> {
        json.blob(source, encoding).map(drop)
    }
}

/// Writes a blob held in memory.
#[derive(Copy, Clone)]
pub struct BytesTag;

impl BytesTag {
    /// Writes `bytes` as the next value of `json`, a string.
    pub fn dump<T: DumpBytes, W: io::Write, F: Formatter>(
        self,
        bytes: T,
        json: &mut JsonWriter<W, F>,
        encoding: Encoding,
    ) -> Result<()> {
        ReadTag.dump(bytes.as_ref(), json, encoding)
    }
}

/// `T` is read with `Load`.
pub trait ViaLoad<'de> {
    /// How to read it.
    fn __load_kind(&self) -> LoadTag {
        LoadTag
    }
}

impl<'de, T: Load<'de>> ViaLoad<'de> for Probe<T> {}

/// `T` is read with `Deserialize`.
pub trait ViaDeserialize {
    /// How to read it.
    fn __load_kind(&self) -> DeserializeTag {
        DeserializeTag
    }
}

impl<T> ViaDeserialize for &Probe<T> {}

/// `Deserialize`, as required of a value that is not `Load`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded: it is neither `Load` nor `Deserialize`",
    label = "neither `Load` nor `Deserialize`",
    note = "derive `serde::Deserialize` (or `jsonstream::Load`) for it"
)]
pub trait LoadValue<'de>: Deserialize<'de> {}

impl<'de, T: Deserialize<'de>> LoadValue<'de> for T {}

/// Reads with `Load`.
#[derive(Copy, Clone)]
pub struct LoadTag;

impl LoadTag {
    /// Reads the next value of `json`.
    pub fn load<'de, T: Load<'de>, S: Read<'de>>(
        self,
        json: &mut JsonReader<S>,
        loader: &mut Loader<'_>,
    ) -> Result<T> {
        T::load_from(json, loader)
    }

    /// The value of the absent field `field`.
    pub fn missing<'de, T: Load<'de>, S: Read<'de>>(
        self,
        json: &JsonReader<S>,
        field: &'static str,
    ) -> Result<T> {
        T::missing_field(field).map_err(|err| json.fix_position(err))
    }
}

/// Reads with `Deserialize`.
#[derive(Copy, Clone)]
pub struct DeserializeTag;

impl DeserializeTag {
    /// Reads the next value of `json`.
    pub fn load<'de, T: LoadValue<'de>, S: Read<'de>>(
        self,
        json: &mut JsonReader<S>,
        _loader: &mut Loader<'_>,
    ) -> Result<T> {
        json.deserialize_next()
    }

    /// The value of the absent field `field`: `None` for an `Option`, as serde_derive does.
    pub fn missing<'de, T: LoadValue<'de>, S: Read<'de>>(
        self,
        json: &JsonReader<S>,
        field: &'static str,
    ) -> Result<T> {
        T::deserialize(MissingField(field)).map_err(|err| json.fix_position(err))
    }
}

/// A deserializer for an absent field: `None` to an `Option`, "missing field" to all else.
struct MissingField(&'static str);

impl<'de> Deserializer<'de> for MissingField {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
