//! The serde [`Serializer`] of PBJSON: any `Serialize` value straight into an `io::Write`, with
//! the bytes the reference encoder writes.

use std::fmt::{self, Display};
use std::io::{self, Write as _};

use serde::ser::{self, Error as _, Serialize};

use crate::error::{Error, ErrorCode, LimitKind, Result};
use crate::model::raw::{self, RawText};
use crate::pbjson::float::{pack_f32, F64Packer, Packed};
use crate::pbjson::from_json;
use crate::pbjson::header::{self, MAX_KEY_LEN, MAX_LEN};
use crate::pbjson::memo::KeyIndex;
use crate::write::buffer::OutBuf;
use crate::write::key::{KeySink, MapKeySerializer};
use crate::write::ser::DEFAULT_MAX_WRITE_DEPTH;

/// A serde `Serializer` that writes one PBJSON document into any [`io::Write`], byte for byte
/// as the reference encoder (the Python package `pbjson`) writes the same value.
///
/// Output goes through a bounded buffer (8 KiB) to `W`, so `W` needs no buffering of its own;
/// [`into_inner`](Self::into_inner) hands the rest over. Memory is O(1) in the size of the
/// document, with two exceptions that the format forces, since a header states its length
/// before the content:
///
/// - a map of unknown length (`serialize_map(None)`, which `#[serde(flatten)]` uses) is
///   collected in memory until its end, when its member count is known; memory is bounded by
///   that one object (and the maps of unknown length inside it);
/// - a string given through [`collect_str`](serde::Serializer::collect_str) (a
///   [`Blob`](crate::Blob), a `Display` type) is collected into a `String` first. Stream a
///   large value with [`PbWriter::str_from`](crate::pbjson::PbWriter::str_from) or
///   [`binary_from`](crate::pbjson::PbWriter::binary_from), which take its length up front.
///
/// How values are written:
///
/// | serde | PBJSON |
/// |---|---|
/// | `bool`, unit, `None`, unit struct | `00`/`01`, `02` |
/// | integers of every width (`i128`, `u128` too) | `2L`/`4L` + the magnitude, big-endian |
/// | finite `f32`/`f64` | `6L` + the shortest decimal text, packed |
/// | `inf`, `-inf`, `NaN` | `03`, `04`, `05` |
/// | `char`, `str`, unit variant | `8L` + UTF-8 |
/// | bytes (`serialize_bytes`, `serde_bytes`) | `AL` + the bytes |
/// | sequence, tuple, tuple struct | `CL` + elements; of unknown length `0C` … `0F` |
/// | map, struct | `EL` + members |
/// | newtype, tuple or struct variant | `E1` + the variant's name + its content |
/// | [`RawJson`](crate::RawJson) (and serde_json's `RawValue`, feature `serde_json`) | the value its text holds, as [`json_to_pbjson`](crate::pbjson::json_to_pbjson) writes it |
///
/// Map keys are written as serde_json writes them (a string as it is; an integer, a `bool`, a
/// `char` or a finite float as its text; anything else is an error) through the document's
/// key memo: the first 128 distinct keys get an index, and are one byte when they come again.
/// The memo belongs to the serializer: one `Serializer` writes one document (a second value
/// serialized with it would continue that document's memo).
///
/// Counts are checked: a sequence or map that gives another number of elements or members
/// than the length it declared is an error of [`Category::Syntax`](crate::Category::Syntax)
/// (more: before the extra one is written), never a document whose header lies. A key longer
/// than 127 bytes, or a string, bytes, sequence or map longer than 4,294,967,295 (the most a
/// header can say), is an error of [`Category::Data`](crate::Category::Data).
///
/// As the JSON [`Serializer`](crate::Serializer), it refuses values nested deeper than
/// [`max_depth`](Self::max_depth) levels (default [`DEFAULT_MAX_WRITE_DEPTH`]). After an error
/// the output is an incomplete document: discard it.
///
/// # Examples
///
/// ```
/// use serde::Serialize;
///
/// let mut serializer = jsonstream::pbjson::Serializer::new(Vec::new());
/// (1, "two", [3.5]).serialize(&mut serializer)?;
/// assert_eq!(serializer.into_inner()?, b"\xc3\x21\x01\x83two\xc1\x62\x3d\x5d");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub struct Serializer<W: io::Write> {
    /// Where tokens go: the buffer in front of the writer, or, while a map of unknown length
    /// is being written, a buffer in memory that collects its members.
    out: OutBuf<W>,
    /// The outputs set aside while maps of unknown length are collected, outermost first:
    /// the members of each are written into the one before it, after their header, when the
    /// map ends.
    pending: Vec<OutBuf<W>>,
    memo: KeyIndex,
    floats: F64Packer,
    /// Arrays and objects open in the serde value being written.
    depth: usize,
    max_depth: usize,
}

impl<W: io::Write> Serializer<W> {
    /// A serializer of one PBJSON document into `writer`.
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// let mut serializer = jsonstream::pbjson::Serializer::new(Vec::new());
    /// Some(true).serialize(&mut serializer)?;
    /// assert_eq!(serializer.into_inner()?, [0x01]);
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn new(writer: W) -> Self {
        Serializer::with_output(OutBuf::new(writer))
    }

    fn with_output(out: OutBuf<W>) -> Self {
        Serializer {
            out,
            pending: Vec::new(),
            memo: KeyIndex::default(),
            floats: F64Packer::default(),
            depth: 0,
            max_depth: DEFAULT_MAX_WRITE_DEPTH,
        }
    }

    /// Sets how many levels of arrays and objects a value may nest (default
    /// [`DEFAULT_MAX_WRITE_DEPTH`]), as [`Serializer::max_depth`](crate::Serializer::max_depth)
    /// does for JSON: a level more is an error of [`Category::Limit`](crate::Category::Limit)
    /// ([`LimitKind::WriteDepth`]), before anything of it is written. An enum variant with
    /// content counts as a level. `usize::MAX` means no limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use jsonstream::{pbjson, LimitKind};
    /// use serde::Serialize;
    ///
    /// let mut serializer = pbjson::Serializer::new(Vec::new()).max_depth(2);
    /// [[1]].serialize(&mut serializer)?;
    ///
    /// let mut serializer = pbjson::Serializer::new(Vec::new()).max_depth(2);
    /// let err = [[[1]]].serialize(&mut serializer).unwrap_err();
    /// assert_eq!(err.limit(), Some(LimitKind::WriteDepth));
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// [`max_depth`](Self::max_depth) in place, for the [`PbWriter`](crate::pbjson::PbWriter)
    /// around this serializer.
    pub(crate) fn set_max_depth(&mut self, max_depth: usize) {
        self.max_depth = max_depth;
    }

    /// Hands what is buffered to the writer and returns it (not flushed: e.g. a compression
    /// encoder still needs its own `finish`).
    ///
    /// # Errors
    ///
    /// An I/O error writing what was buffered.
    ///
    /// # Examples
    ///
    /// ```
    /// use serde::Serialize;
    ///
    /// let mut serializer = jsonstream::pbjson::Serializer::new(Vec::new());
    /// "hi".serialize(&mut serializer)?;
    /// assert_eq!(serializer.into_inner()?, b"\x82hi");
    /// # Ok::<(), jsonstream::Error>(())
    /// ```
    pub fn into_inner(self) -> Result<W> {
        self.out.into_inner().map_err(Error::io)
    }

    /// Hands what is buffered on to `W` and flushes it.
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(Error::io)
    }

    /// Counts a level of nesting that a serde value opens, unless it is one too many.
    #[inline(always)]
    fn enter(&mut self) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(Error::new(ErrorCode::Limit(
                LimitKind::WriteDepth,
                self.max_depth as u64,
            )));
        }
        self.depth += 1;
        Ok(())
    }

    /// Counts a level of nesting closed.
    #[inline(always)]
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Writes `bytes` as they are.
    ///
    /// Inlined into every caller: most write a few bytes of a length known where they are
    /// written, for which the output buffer's copy is then one or two moves.
    #[inline(always)]
    pub(crate) fn write_raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(Error::io)
    }

    /// Writes a value of one byte.
    #[inline(always)]
    fn write_byte(&mut self, byte: u8) -> Result<()> {
        self.write_raw(&[byte])
    }

    /// Writes `head[..head_len]` and `body` as one token: the room for both is made once.
    #[inline(always)]
    fn write_token<const N: usize>(
        &mut self,
        head: [u8; N],
        head_len: usize,
        body: &[u8],
    ) -> Result<()> {
        self.out
            .write_parts(head, head_len, body)
            .map_err(Error::io)
    }

    /// Writes the header of a value of major type `ty` and length `len`, in its shortest form.
    ///
    /// # Errors
    ///
    /// [`ErrorCode::TooLong`] past [`MAX_LEN`] (and nothing is written).
    #[inline]
    pub(crate) fn write_header(&mut self, ty: u8, len: u64) -> Result<()> {
        self.write_value(ty, len, &[])
    }

    /// Writes a value of major type `ty` whose content is `body` and whose length is `len`
    /// (`body`'s, or its count of elements or members, which follow it).
    ///
    /// # Errors
    ///
    /// [`ErrorCode::TooLong`] past [`MAX_LEN`] (and nothing is written).
    #[inline(always)]
    fn write_value(&mut self, ty: u8, len: u64, body: &[u8]) -> Result<()> {
        if len < header::SHORT_LEN {
            let (head, n) = header::encode_short(ty, len);
            self.write_token(head, n, body)
        } else {
            self.write_long_value(ty, len, body)
        }
    }

    /// [`write_value`](Self::write_value) with a header of three or five bytes, kept out of
    /// line so that the common case stays small where it is inlined.
    #[inline(never)]
    fn write_long_value(&mut self, ty: u8, len: u64, body: &[u8]) -> Result<()> {
        check_len(len)?;
        let (head, n) = header::encode(ty, len);
        self.write_token(head, n, body)
    }

    /// Writes a string value.
    #[inline(always)]
    pub(crate) fn write_str(&mut self, value: &str) -> Result<()> {
        self.write_value(header::STRING, value.len() as u64, value.as_bytes())
    }

    /// Writes a binary value.
    pub(crate) fn write_binary(&mut self, value: &[u8]) -> Result<()> {
        self.write_value(header::BINARY, value.len() as u64, value)
    }

    /// Writes an object key: its index in the memo if it has one, else its length and bytes
    /// (the memo gives it an index while it has room).
    ///
    /// # Errors
    ///
    /// [`ErrorCode::KeyTooLong`] past 127 bytes (and the key is not memoized).
    #[inline]
    pub(crate) fn write_key(&mut self, key: &str) -> Result<()> {
        check_key_len(key)?;
        let index = self.memo.index_or_insert(key);
        self.write_indexed_key(key, index)
    }

    /// [`write_key`](Self::write_key) for a struct's field name, which the memo caches by its
    /// address: a name met before is found without being hashed or compared.
    #[inline(always)]
    fn write_field_key(&mut self, key: &'static str) -> Result<()> {
        match self.memo.cached_field(key) {
            Some(Some(index)) => self.write_byte(header::KEY_INDEX | index),
            Some(None) => self.write_spelled_key(key),
            None => self.write_uncached_field_key(key),
        }
    }

    /// [`write_field_key`](Self::write_field_key) of a name not in the cache: through the memo,
    /// and into the cache once it has an index.
    #[inline(never)]
    fn write_uncached_field_key(&mut self, key: &'static str) -> Result<()> {
        check_key_len(key)?;
        let index = self.memo.uncached_field_index_or_insert(key);
        self.write_indexed_key(key, index)
    }

    /// Writes a key spelled out (out of line: the key index, one byte, is the common case).
    #[inline(never)]
    fn write_spelled_key(&mut self, key: &str) -> Result<()> {
        self.write_indexed_key(key, None)
    }

    /// Writes a key as its memo `index`, or spelled out without one.
    #[inline(always)]
    fn write_indexed_key(&mut self, key: &str, index: Option<u8>) -> Result<()> {
        match index {
            Some(index) => self.write_byte(header::KEY_INDEX | index),
            None => self.write_token([key.len() as u8], 1, key.as_bytes()),
        }
    }

    /// Writes a map key of any type, as serde_json turns it into text ([`MapKeySerializer`]).
    #[inline]
    pub(crate) fn write_map_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<()> {
        key.serialize(MapKeySerializer(self))
    }

    /// Writes an integer: `INT` or `NEG_INT` and `magnitude` in as few big-endian bytes as
    /// hold it (none for 0).
    #[inline]
    fn write_int(&mut self, ty: u8, magnitude: u64) -> Result<()> {
        let len = 8 - magnitude.leading_zeros() as usize / 8;
        // The magnitude's `len` bytes first (rotated past its leading zero bytes), so that the
        // token is one fixed-size copy whatever its length.
        let mut bytes = [0; 9];
        bytes[0] = ty | len as u8;
        bytes[1..].copy_from_slice(&magnitude.rotate_right(8 * len as u32).to_be_bytes());
        self.write_token(bytes, len + 1, &[])
    }

    /// [`write_int`](Self::write_int) for a magnitude of up to 16 bytes.
    fn write_int128(&mut self, ty: u8, magnitude: u128) -> Result<()> {
        match u64::try_from(magnitude) {
            Ok(small) => self.write_int(ty, small),
            Err(_) => {
                let len = 16 - magnitude.leading_zeros() as usize / 8;
                self.write_magnitude(ty, &magnitude.to_be_bytes()[16 - len..])
            }
        }
    }

    /// Writes an integer of any width: `INT` or `NEG_INT` and its big-endian `magnitude`
    /// (without leading zero bytes).
    pub(crate) fn write_magnitude(&mut self, ty: u8, magnitude: &[u8]) -> Result<()> {
        self.write_value(ty, magnitude.len() as u64, magnitude)
    }

    /// Writes a finite float, its packed decimal text.
    #[inline]
    fn write_float(&mut self, packed: Packed) -> Result<()> {
        let (token, len) = packed.token();
        self.write_token(*token, len, &[])
    }

    /// Starts an object whose member count is not known yet: its members are collected until
    /// [`end_collected`](Self::end_collected).
    pub(crate) fn begin_collected(&mut self) {
        let outer = std::mem::replace(&mut self.out, OutBuf::in_memory());
        self.pending.push(outer);
    }

    /// Ends the innermost collected object: writes its header, for `count` members, and the
    /// members into the output it was collected for.
    pub(crate) fn end_collected(&mut self, count: u64) -> Result<()> {
        let members = match self.pending.pop() {
            Some(outer) => std::mem::replace(&mut self.out, outer).into_bytes(),
            None => Vec::new(),
        };
        self.write_value(header::OBJECT, count, &members)
    }

    /// Writes `0C`: an array of unknown length begins.
    pub(crate) fn begin_terminated(&mut self) -> Result<()> {
        self.write_byte(header::TERMINATED_ARRAY)
    }

    /// Writes `0F`: the array of unknown length ends.
    pub(crate) fn end_terminated(&mut self) -> Result<()> {
        self.write_byte(header::TERMINATOR)
    }

    /// Writes the start of an externally tagged variant with content: an object of one
    /// member, whose key is the variant's name.
    fn begin_variant(&mut self, variant: &str) -> Result<()> {
        self.enter()?;
        self.write_header(header::OBJECT, 1)?;
        self.write_key(variant)
    }

    /// Writes the value whose JSON text a raw value (`value`, which serializes as that text)
    /// holds, converted as [`json_to_pbjson`](crate::pbjson::json_to_pbjson) converts it.
    fn raw_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(RawText(|text: &str| from_json::convert_text(text, self)))
    }

    /// Opens an array or object of `len` elements or members (`None`: unknown).
    #[inline(always)]
    fn begin_compound(&mut self, ty: u8, len: Option<usize>) -> Result<Compound<'_, W>> {
        self.enter()?;
        let declared = len.map(|len| len as u64);
        match declared {
            Some(len) => self.write_header(ty, len)?,
            None if ty == header::ARRAY => self.begin_terminated()?,
            None => self.begin_collected(),
        }
        Ok(Compound {
            ser: self,
            count: Count::new(declared),
            key_due: true,
            #[cfg(feature = "serde_json")]
            serde_json_raw_value: false,
        })
    }
}

/// The one-byte value of a float that is not finite: `inf`, `-inf` or `NaN`.
#[inline]
fn non_finite(value: f64) -> Option<u8> {
    if value.is_finite() {
        None
    } else if value.is_nan() {
        Some(header::NAN)
    } else if value > 0.0 {
        Some(header::INFINITY)
    } else {
        Some(header::NEG_INFINITY)
    }
}

/// Refuses a key that PBJSON cannot hold: longer than [`MAX_KEY_LEN`].
#[inline]
fn check_key_len(key: &str) -> Result<()> {
    if key.len() > MAX_KEY_LEN {
        return Err(Error::new(ErrorCode::KeyTooLong(key.len() as u64)));
    }
    Ok(())
}

/// Refuses a length that no header can say: more than [`MAX_LEN`].
#[inline]
pub(crate) fn check_len(len: u64) -> Result<()> {
    if len > MAX_LEN {
        return Err(Error::new(ErrorCode::TooLong(len)));
    }
    Ok(())
}

/// The text that `value` displays, collected: PBJSON writes a string's length first.
fn display_to_string<T: ?Sized + Display>(value: &T) -> Result<String> {
    let mut text = String::new();
    fmt::write(&mut text, format_args!("{value}"))
        .map_err(|_| Error::custom("a Display implementation returned an error"))?;
    Ok(text)
}

/// PBJSON keys: every key is text through the memo, whatever it was converted from.
impl<W: io::Write> KeySink for &mut Serializer<W> {
    #[inline]
    fn str_key(self, key: &str) -> Result<()> {
        self.write_key(key)
    }

    fn text_key(self, text: &str) -> Result<()> {
        self.write_key(text)
    }

    fn display_key<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.write_key(&display_to_string(value)?)
    }
}

macro_rules! unsigned {
    ($($method:ident: $ty:ty,)*) => {
        $(
            #[inline]
            fn $method(self, value: $ty) -> Result<()> {
                self.write_int(header::INT, u64::from(value))
            }
        )*
    };
}

macro_rules! signed {
    ($($method:ident: $ty:ty,)*) => {
        $(
            #[inline]
            fn $method(self, value: $ty) -> Result<()> {
                let ty = if value < 0 { header::NEG_INT } else { header::INT };
                self.write_int(ty, u64::from(value.unsigned_abs()))
            }
        )*
    };
}

impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    #[inline]
    fn serialize_bool(self, value: bool) -> Result<()> {
        self.write_byte(if value { header::TRUE } else { header::FALSE })
    }

    unsigned! {
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
    }

    signed! {
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
    }

    fn serialize_u128(self, value: u128) -> Result<()> {
        self.write_int128(header::INT, value)
    }

    fn serialize_i128(self, value: i128) -> Result<()> {
        let ty = if value < 0 {
            header::NEG_INT
        } else {
            header::INT
        };
        self.write_int128(ty, value.unsigned_abs())
    }

    #[inline]
    fn serialize_f32(self, value: f32) -> Result<()> {
        match non_finite(f64::from(value)) {
            Some(constant) => self.write_byte(constant),
            None => self.write_float(pack_f32(value)),
        }
    }

    #[inline]
    fn serialize_f64(self, value: f64) -> Result<()> {
        match non_finite(value) {
            Some(constant) => self.write_byte(constant),
            None => {
                let packed = self.floats.pack(value);
                self.write_float(packed)
            }
        }
    }

    #[inline]
    fn serialize_char(self, value: char) -> Result<()> {
        self.write_str(value.encode_utf8(&mut [0; 4]))
    }

    #[inline(always)]
    fn serialize_str(self, value: &str) -> Result<()> {
        self.write_str(value)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        self.write_binary(value)
    }

    #[inline]
    fn serialize_unit(self) -> Result<()> {
        self.write_byte(header::NULL)
    }

    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.write_str(variant)
    }

    /// A [`RawJson`](crate::RawJson) is the value its text holds; any other newtype its
    /// content.
    #[inline]
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == raw::NAME {
            return self.raw_value(value);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.begin_variant(variant)?;
        value.serialize(&mut *self)?;
        self.leave();
        Ok(())
    }

    #[inline]
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        self.begin_compound(header::ARRAY, len)
    }

    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.begin_variant(variant)?;
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        self.begin_compound(header::OBJECT, len)
    }

    /// serde_json's `RawValue` (feature `serde_json`) is the value its text holds; any other
    /// struct an object.
    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        #[cfg(feature = "serde_json")]
        if name == raw::SERDE_JSON_TOKEN {
            return Ok(Compound {
                ser: self,
                count: Count::new(None),
                key_due: true,
                serde_json_raw_value: true,
            });
        }
        let _ = name;
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.begin_variant(variant)?;
        self.serialize_map(Some(len))
    }

    /// Collects the text `value` displays into a `String` (PBJSON writes its length first),
    /// then writes it.
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.write_str(&display_to_string(value)?)
    }
}

/// How many elements or members an array or object got, against what its header declared.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Count {
    /// `None`: a terminated array, or an object counted as it comes.
    declared: Option<u64>,
    given: u64,
}

impl Count {
    pub(crate) fn new(declared: Option<u64>) -> Self {
        Count { declared, given: 0 }
    }

    /// Counts one more element or member (`what`, singular, for the error), unless the header declared
    /// fewer.
    #[inline]
    pub(crate) fn one_more(&mut self, what: &'static str) -> Result<()> {
        if self.declared == Some(self.given) {
            return Err(Error::new(ErrorCode::CountMismatch {
                what,
                declared: self.given,
                given: None,
            }));
        }
        self.given += 1;
        Ok(())
    }

    /// Checks that as many came as the header declared.
    #[inline]
    pub(crate) fn complete(&self, what: &'static str) -> Result<()> {
        match self.declared {
            Some(declared) if declared != self.given => Err(Error::new(ErrorCode::CountMismatch {
                what,
                declared,
                given: Some(self.given),
            })),
            _ => Ok(()),
        }
    }

    /// The header gave no count.
    pub(crate) fn is_open_ended(&self) -> bool {
        self.declared.is_none()
    }

    /// How many came.
    fn given(&self) -> u64 {
        self.given
    }
}

/// An array or object being serialized. Not to be named: it is public only because it is an
/// associated type of the `Serializer` implementation.
#[doc(hidden)]
pub struct Compound<'a, W: io::Write> {
    ser: &'a mut Serializer<W>,
    count: Count,
    /// A map's next call is to be `serialize_key` (not `serialize_value`).
    key_due: bool,
    /// Not an object: the one field of serde_json's `RawValue`, its text.
    #[cfg(feature = "serde_json")]
    serde_json_raw_value: bool,
}

impl<W: io::Write> Compound<'_, W> {
    #[inline(always)]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.count.one_more("element")?;
        value.serialize(&mut *self.ser)
    }

    #[inline(always)]
    fn end_array(&mut self) -> Result<()> {
        self.count.complete("element")?;
        if self.count.is_open_ended() {
            self.ser.end_terminated()?;
        }
        self.ser.leave();
        Ok(())
    }

    #[inline(always)]
    fn member<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.count.one_more("member")?;
        self.ser.write_field_key(key)?;
        value.serialize(&mut *self.ser)
    }

    #[inline(always)]
    fn end_object(&mut self) -> Result<()> {
        if !self.key_due {
            return Err(misplaced("a value", "the end of the map"));
        }
        self.count.complete("member")?;
        if self.count.is_open_ended() {
            self.ser.end_collected(self.count.given())?;
        }
        self.ser.leave();
        Ok(())
    }
}

#[cold]
fn misplaced(expected: &'static str, found: &'static str) -> Error {
    Error::new(ErrorCode::Misplaced { expected, found })
}

impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_array()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.end_array()?;
        self.ser.leave();
        Ok(())
    }
}

impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        if !self.key_due {
            return Err(misplaced("a value", "a key"));
        }
        self.count.one_more("member")?;
        self.key_due = false;
        self.ser.write_map_key(key)
    }

    #[inline]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.key_due {
            return Err(misplaced("a key", "a value"));
        }
        self.key_due = true;
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        #[cfg(feature = "serde_json")]
        if self.serde_json_raw_value {
            if key != raw::SERDE_JSON_TOKEN {
                return Err(Error::custom("expected RawValue"));
            }
            return self.ser.raw_value(value);
        }
        self.member(key, value)
    }

    #[inline]
    fn end(mut self) -> Result<()> {
        #[cfg(feature = "serde_json")]
        if self.serde_json_raw_value {
            return Ok(());
        }
        self.end_object()
    }
}

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(key, value)
    }

    fn end(mut self) -> Result<()> {
        self.end_object()?;
        self.ser.leave();
        Ok(())
    }
}

/// Serializes `value` as a PBJSON document into a new `Vec`, with the bytes the reference
/// encoder writes.
///
/// # Errors
///
/// As [`dump`], without I/O errors.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
///
/// let map = BTreeMap::from([("a", 1), ("b", -2)]);
/// assert_eq!(jsonstream::pbjson::to_vec(&map)?, b"\xe2\x01a\x21\x01\x01b\x41\x02");
/// assert_eq!(jsonstream::pbjson::to_vec(&[0.5, f64::NAN])?, b"\xc2\x61\xd5\x05");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    // No writer: the output buffer grows into the `Vec` returned.
    let mut serializer = Serializer::<io::Sink>::with_output(OutBuf::in_memory());
    value.serialize(&mut serializer)?;
    Ok(serializer.out.into_bytes())
}

/// Serializes `value` as a PBJSON document into `writer`, through a bounded buffer (8 KiB): the
/// document is never held, so a value with an [`iter_seq`](crate::iter_seq) of a million
/// records takes the memory of one (see [`Serializer`] for the two cases the format makes
/// collect: maps of unknown length and `collect_str`).
///
/// # Errors
///
/// An I/O error; an error from the value's `Serialize` implementation; a length it declared
/// and did not keep to; a map key that is not a string, a number, a `bool` or a `char`, or
/// that is longer than 127 bytes; a string, bytes, sequence or map longer than 4,294,967,295;
/// a value nested deeper than [`DEFAULT_MAX_WRITE_DEPTH`].
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// let squares = jsonstream::iter_seq((1..=3).map(|n| n * n));
/// jsonstream::pbjson::dump(&squares, &mut out)?;
/// assert_eq!(out, b"\x0c\x21\x01\x21\x04\x21\x09\x0f");
/// # Ok::<(), jsonstream::Error>(())
/// ```
pub fn dump<T: ?Sized + Serialize, W: io::Write>(value: &T, writer: W) -> Result<()> {
    let mut serializer = Serializer::new(writer);
    value.serialize(&mut serializer)?;
    serializer.into_inner()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(value: &(impl ?Sized + Serialize)) -> String {
        to_vec(value)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn integers_of_every_width_take_as_few_bytes_as_hold_them() {
        assert_eq!(hex(&0u8), "20");
        assert_eq!(hex(&0i64), "20");
        assert_eq!(hex(&255u8), "21ff");
        assert_eq!(hex(&-1i8), "4101");
        assert_eq!(hex(&i8::MIN), "4180");
        assert_eq!(hex(&i64::MIN), "488000000000000000");
        assert_eq!(hex(&u64::MAX), "28ffffffffffffffff");
        assert_eq!(hex(&(u128::from(u64::MAX) + 1)), "29010000000000000000");
        assert_eq!(hex(&u128::MAX), format!("3010{}", "ff".repeat(16)));
        assert_eq!(
            hex(&i128::MIN),
            format!("5010{}", "8".to_owned() + &"0".repeat(31))
        );
        assert_eq!(
            hex(&i128::MAX),
            format!("3010{}", "7".to_owned() + &"f".repeat(31))
        );
        assert_eq!(hex(&(1u128 << 64)), "29010000000000000000");
        assert_eq!(hex(&0u128), "20");
        assert_eq!(hex(&-1i128), "4101");
    }

    #[test]
    fn floats_and_their_constants() {
        assert_eq!(hex(&0.0), "60");
        assert_eq!(hex(&-0.0), "61b0");
        assert_eq!(hex(&0.1f32), "61d1");
        assert_eq!(hex(&f64::INFINITY), "03");
        assert_eq!(hex(&f32::NEG_INFINITY), "04");
        assert_eq!(hex(&f64::NAN), "05");
    }

    #[test]
    fn enums_are_externally_tagged() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            Newtype(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        assert_eq!(hex(&E::Unit), "84556e6974");
        assert_eq!(
            hex(&E::Newtype(1)),
            "e1074e65777479706521 01".replace(' ', "")
        );
        assert_eq!(hex(&E::Tuple(1, 2)), "e1055475706c65c221012102");
        assert_eq!(
            hex(&[E::Struct { a: 1 }, E::Struct { a: 2 }]),
            "c2e106537472756374e101612101e180e1812102"
        );
    }

    #[test]
    fn map_keys_are_converted_as_serde_json_converts_them() {
        use std::collections::BTreeMap;
        assert_eq!(
            hex(&BTreeMap::from([(7u8, 1), (9, 2)])),
            "e20137210101392102"
        );
        assert_eq!(hex(&BTreeMap::from([(true, ())])), "e1047472756502");
        assert_eq!(hex(&BTreeMap::from([('c', ())])), "e1016302");
        let err = to_vec(&BTreeMap::from([((), 1)])).unwrap_err();
        assert_eq!(err.to_string(), "key must be a string");
    }

    #[test]
    fn a_key_over_127_bytes_is_an_error_and_not_memoized() {
        let long = "k".repeat(128);
        let mut ser = Serializer::new(Vec::new());
        let err = ser.write_key(&long).unwrap_err();
        assert!(err.is_data());
        assert_eq!(
            err.to_string(),
            "key of 128 bytes: PBJSON keys are at most 127 bytes"
        );
        ser.write_key("a").unwrap();
        ser.write_key("a").unwrap();
        assert_eq!(ser.into_inner().unwrap(), b"\x01a\x80");
    }

    #[test]
    fn lengths_past_the_largest_header_are_errors() {
        let mut ser = Serializer::new(Vec::new());
        let err = ser.write_header(header::STRING, MAX_LEN + 1).unwrap_err();
        assert!(err.is_data());
        assert_eq!(
            err.to_string(),
            "length 4294967296 is more than a PBJSON header can say (at most 4294967295)"
        );
        ser.write_header(header::STRING, MAX_LEN).unwrap();
        assert_eq!(ser.into_inner().unwrap(), b"\x9f\xff\xff\xff\xff");
    }

    #[test]
    fn maps_of_unknown_length_are_collected_and_keep_the_memo_in_order() {
        #[derive(serde::Serialize)]
        struct Inner {
            b: u8,
            c: u8,
        }
        #[derive(serde::Serialize)]
        struct Outer {
            a: u8,
            #[serde(flatten)]
            inner: Inner,
        }
        // `flatten` serializes a map of unknown length: counted at its end.
        let records = [
            Outer {
                a: 1,
                inner: Inner { b: 2, c: 3 },
            },
            Outer {
                a: 4,
                inner: Inner { b: 5, c: 6 },
            },
        ];
        assert_eq!(
            hex(&records),
            "c2e3016121010162210201632103e3802104812105822106"
        );
    }
}
