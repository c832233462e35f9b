//! Map keys as serde_json writes them, for every format: which keys are allowed and the text
//! each becomes is decided here once; a [`KeySink`] says where the text goes.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use crate::error::{Error, ErrorCode, Result};

/// Where the text of a map key goes: the JSON serializer (in quotes, escaped as needed) or the
/// PBJSON one (through the key memo).
pub(crate) trait KeySink: Sized {
    /// A key that is a string: a `str`, a `char`, a unit variant's name.
    fn str_key(self, key: &str) -> Result<()>;

    /// A key that is the text of an integer, a `bool` or a finite float: ASCII that needs no
    /// escaping.
    fn text_key(self, text: &str) -> Result<()>;

    /// A key that is the text `value` displays (`collect_str`).
    fn display_key<T: ?Sized + Display>(self, value: &T) -> Result<()>;
}

/// Serializes a map key as serde_json does: a string as it is; an integer, a `bool` or a
/// finite float as its JSON text; a newtype or `Some` as what it holds; anything else is an
/// error.
pub(crate) struct MapKeySerializer<K>(pub(crate) K);

fn key_must_be_a_string() -> Error {
    Error::new(ErrorCode::ExpectedKey)
}

macro_rules! integer_keys {
    ($($method:ident: $ty:ty,)*) => {
        $(
            fn $method(self, value: $ty) -> Result<()> {
                self.0.text_key(itoa::Buffer::new().format(value))
            }
        )*
    };
}

macro_rules! unsupported_keys {
    ($($method:ident($($arg:ty),*) -> $ret:ty,)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<$ret> {
                Err(key_must_be_a_string())
            }
        )*
    };
}

impl<K: KeySink> MapKeySerializer<K> {
    fn float_key(self, finite: bool, text: &str) -> Result<()> {
        if !finite {
            return Err(Error::new(ErrorCode::FloatKeyMustBeFinite));
        }
        self.0.text_key(text)
    }
}

impl<K: KeySink> ser::Serializer for MapKeySerializer<K> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    #[inline]
    fn serialize_str(self, value: &str) -> Result<()> {
        self.0.str_key(value)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.0.str_key(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.0.text_key(if value { "true" } else { "false" })
    }

    integer_keys! {
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        let finite = value.is_finite();
        self.float_key(finite, zmij::Buffer::new().format_finite(value))
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        let finite = value.is_finite();
        self.float_key(finite, zmij::Buffer::new().format_finite(value))
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.0.str_key(value.encode_utf8(&mut [0; 4]))
    }

    unsupported_keys! {
        serialize_bytes(&[u8]) -> (),
        serialize_unit() -> (),
        serialize_unit_struct(&'static str) -> (),
        serialize_none() -> (),
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeStructVariant,
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _variant_index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.0.display_key(value)
    }
}
