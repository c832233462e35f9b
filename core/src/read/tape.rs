//! The elements of a batch read into a flat tape by a decoding thread, and deserialized from it
//! on the thread that takes them: the parallel stream's values are then allocated and freed on
//! one thread (a value allocated on one thread and freed on another takes the slow path of most
//! allocators, which cost `par_stream` more than its second core brought).
//!
//! A decoding thread reads each element with the reader's own `deserialize_any`, which checks
//! it in full (grammar, limits, UTF-8) and hands over every scalar as serde sees it: numbers
//! already parsed, strings unescaped, and whether each string was borrowed from the input or
//! unescaped. The tape records that: one entry per scalar, array and object (which knows its
//! length and where it ends); a string borrowed from the input as where it is in the input (the
//! batch's bytes, which travel with the tape), an unescaped one copied into the tape's text.
//! Only the unescaped strings are copied twice: a borrowed one is copied once, from the
//! input into the value, as when reading it from its text.
//!
//! The stream's thread then deserializes a `T` from the tape with exactly the visits the
//! reader would make for the element's text: the same `visit_*` calls with the same values,
//! and none where the reader would fail. Whatever the tape cannot replay exactly (a number's
//! text for `i128` or `u128` beyond 64 bits, an `f32` on the midpoint of two `f32`s, raw
//! values) and any error fail the replay; the element is then read from its text, by the
//! reader, for the exact value or error.

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::error::{Error, ErrorCode, Result};
use crate::lex::utf8::assume_valid;
use crate::model::raw;
use crate::read::de::{visit_str, KeySource, MapKey, UnitOnly, VariantAccess};
use crate::read::reader::JsonReader;
use crate::read::sweep::{sweep, sweep_text};
use crate::read::{Read, Reference};

/// One scalar, array or object of a tape.
#[derive(Copy, Clone, Debug)]
enum Entry {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    /// A string (value or key): whether the reader unescaped it, and where it is: in the
    /// tape's text if so, else in the input, where the reader borrowed it.
    Str {
        at: u32,
        len: u32,
        unescaped: bool,
    },
    /// An array of `len` elements, whose words run up to word `end`.
    Seq {
        len: u32,
        end: u32,
    },
    /// An object of `len` members (a key's string entry and a value each), up to `end`.
    Map {
        len: u32,
        end: u32,
    },
}

/// How an entry is kept: one 64-bit word, the kind in bits 0-2, a flag in bit 3 (a bool's
/// value, or whether a string was unescaped), a string's or container's length in bits 4-31,
/// and a string's offset (in the text if unescaped, else in the input) or a container's end in
/// bits 32-63; a number takes a second word, its bits. Half the size of an `Entry`: a tape is
/// written on one core and read on another, and every byte of it crosses between them.
mod word {
    pub(super) const NULL: u64 = 0;
    pub(super) const BOOL: u64 = 1;
    pub(super) const U64: u64 = 2;
    pub(super) const I64: u64 = 3;
    pub(super) const F64: u64 = 4;
    pub(super) const STR: u64 = 5;
    pub(super) const SEQ: u64 = 6;
    pub(super) const MAP: u64 = 7;
    pub(super) const KIND: u64 = 0b111;
    pub(super) const FLAG: u64 = 1 << 3;
    /// The longest string or container a word holds.
    pub(super) const MAX_LEN: u32 = (1 << 28) - 1;

    #[inline]
    pub(super) fn new(kind: u64, flag: bool, len: u32, high: u32) -> u64 {
        debug_assert!(len <= MAX_LEN);
        kind | (u64::from(flag) << 3) | (u64::from(len) << 4) | (u64::from(high) << 32)
    }

    #[inline]
    pub(super) fn len(word: u64) -> u32 {
        (word >> 4) as u32 & MAX_LEN
    }

    #[inline]
    pub(super) fn high(word: u64) -> u32 {
        (word >> 32) as u32
    }
}

/// The elements of a batch as words (see `word`): element `i` starts at word `starts[i]`.
#[derive(Default)]
pub(crate) struct Tape {
    words: Vec<u64>,
    /// The strings that the reader unescaped.
    text: String,
    starts: Vec<u32>,
    /// The input the elements were read from, as its address and length: the strings
    /// borrowed from it are read there again, so a replay must be given the same bytes.
    input: Option<(usize, usize)>,
    /// The words and the bytes of text the tape held when it was last cleared: as much as the
    /// next recording sweeps (see `sweep`).
    held: (usize, usize),
}

/// How a tape knows its input again.
fn identity(input: &[u8]) -> (usize, usize) {
    (input.as_ptr() as usize, input.len())
}

impl Tape {
    /// Empties the tape, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.held = (self.words.len(), self.text.len());
        self.words.clear();
        self.text.clear();
        self.starts.clear();
        self.input = None;
    }

    /// Writes the memory of the words and the text over once, as far as the tape held them
    /// before, in one sweep before a batch is recorded on it: the tape was last read on another
    /// core, mostly (see `sweep`).
    pub(crate) fn take_memory(&mut self) {
        sweep(&mut self.words, self.held.0, 0);
        sweep_text(&mut self.text, self.held.1);
    }

    /// The heap memory the tape holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * std::mem::size_of::<u64>()
            + self.text.capacity()
            + self.starts.capacity() * std::mem::size_of::<u32>()
    }

    /// How many elements the tape holds: the first ones of the batch.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Appends the value `json` is pointed at, within `input` (all the elements of a tape are
    /// read from one input), as an element; false (the tape as it was) if it is not one valid
    /// value, or too large for a tape's offsets.
    pub(crate) fn push<'de, S: Read<'de>>(
        &mut self,
        json: &mut JsonReader<S>,
        input: &'de [u8],
    ) -> bool {
        if *self.input.get_or_insert(identity(input)) != identity(input) {
            return false;
        }
        let (words, text) = (self.words.len(), self.text.len());
        let Ok(start) = u32::try_from(words) else {
            return false;
        };
        let recorded = Recorder { tape: self, input }.deserialize(&mut *json);
        if recorded.is_ok() && json.end_document().is_ok() {
            self.starts.push(start);
            true
        } else {
            self.words.truncate(words);
            self.text.truncate(text);
            false
        }
    }

    /// Element `i` as a `T`, made with the visits that reading its text would make, its
    /// borrowed strings taken from `input`; `None` if it cannot be made that way (see the
    /// module's docs), if the tape does not hold it, or if `input` is not the bytes the tape
    /// was recorded from.
    pub(crate) fn element<T: de::DeserializeOwned>(&self, i: usize, input: &[u8]) -> Option<T> {
        if self.input != Some(identity(input)) {
            return None;
        }
        let mut replay = Replay {
            tape: self,
            input,
            next: *self.starts.get(i)? as usize,
        };
        T::deserialize(&mut replay).ok()
    }
}

/// Records the value it deserializes (with `deserialize_any`) from `input` on the tape.
struct Recorder<'a, 'de> {
    tape: &'a mut Tape,
    input: &'de [u8],
}

impl<'de> Recorder<'_, 'de> {
    /// Records a string that the reader borrowed from the input: where it is there.
    fn borrowed<E: de::Error>(&mut self, s: &'de str) -> std::result::Result<(), E> {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize);
        let within = offset <= self.input.len() && s.len() <= self.input.len() - offset;
        if !within {
            return Err(E::custom("a borrowed string outside the input"));
        }
        self.string(offset, s.len(), false)
    }

    /// Records a string that the reader unescaped: a copy in the tape's text.
    fn unescaped<E: de::Error>(&mut self, s: &str) -> std::result::Result<(), E> {
        let at = self.tape.text.len();
        self.tape.text.push_str(s);
        self.string(at, s.len(), true)
    }

    /// Records a string of `len` bytes at `at` (of the text if `unescaped`, else of the input).
    fn string<E: de::Error>(
        &mut self,
        at: usize,
        len: usize,
        unescaped: bool,
    ) -> std::result::Result<(), E> {
        // Offsets are `u32`s: the string must end within the first 4 GiB.
        let (Ok(_), Ok(at), Some(len)) = (
            u32::try_from(at + len),
            u32::try_from(at),
            u32::try_from(len).ok().filter(|&len| len <= word::MAX_LEN),
        ) else {
            return Err(E::custom(
                "a tape's strings are limited to 4 GiB, a string to 256 MiB",
            ));
        };
        self.tape
            .words
            .push(word::new(word::STR, unescaped, len, at));
        Ok(())
    }

    /// Reserves the entry of a container, to be filled in by `close` once its end is known.
    fn open(&mut self) -> usize {
        self.tape.words.push(word::NULL);
        self.tape.words.len() - 1
    }

    fn close<E: de::Error>(
        &mut self,
        at: usize,
        len: usize,
        map: bool,
    ) -> std::result::Result<(), E> {
        let (Some(len), Ok(end)) = (
            u32::try_from(len).ok().filter(|&len| len <= word::MAX_LEN),
            u32::try_from(self.tape.words.len()),
        ) else {
            return Err(E::custom(
                "a tape is limited to 2^32 words, a container to 2^28 items",
            ));
        };
        let kind = if map { word::MAP } else { word::SEQ };
        self.tape.words[at] = word::new(kind, false, len, end);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Recorder<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> std::result::Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Recorder<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        self.tape.words.push(word::NULL);
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<(), E> {
        self.tape.words.push(word::new(word::BOOL, v, 0, 0));
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<(), E> {
        self.tape.words.extend([word::U64, v]);
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<(), E> {
        self.tape.words.extend([word::I64, v.cast_unsigned()]);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<(), E> {
        self.tape.words.extend([word::F64, v.to_bits()]);
        Ok(())
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> std::result::Result<(), E> {
        self.borrowed(v)
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> std::result::Result<(), E> {
        self.unescaped(v)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(mut self, mut seq: A) -> std::result::Result<(), A::Error> {
        let at = self.open();
        let mut len = 0;
        while seq
            .next_element_seed(Recorder {
                tape: &mut *self.tape,
                input: self.input,
            })?
            .is_some()
        {
            len += 1;
        }
        self.close(at, len, false)
    }

    fn visit_map<A: de::MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        let at = self.open();
        let mut len = 0;
        while map
            .next_key_seed(Recorder {
                tape: &mut *self.tape,
                input: self.input,
            })?
            .is_some()
        {
            map.next_value_seed(Recorder {
                tape: &mut *self.tape,
                input: self.input,
            })?;
            len += 1;
        }
        self.close(at, len, true)
    }
}

/// Deserializes from a tape, from word `next` on.
struct Replay<'t> {
    tape: &'t Tape,
    /// The input the tape was recorded from.
    input: &'t [u8],
    next: usize,
}

/// The replay cannot give what reading the text would: the element is read from its text.
#[cold]
fn unlike_text() -> Error {
    Error::new(ErrorCode::ExpectedValue)
}

impl<'t> Replay<'t> {
    #[inline]
    fn entry(&mut self) -> Result<Entry> {
        let (entry, words) = self.entry_at(self.next)?;
        self.next += words;
        Ok(entry)
    }

    #[inline]
    fn peek(&self) -> Result<Entry> {
        self.entry_at(self.next).map(|(entry, _)| entry)
    }

    /// The entry at word `i`, and how many words it takes.
    #[inline]
    fn entry_at(&self, i: usize) -> Result<(Entry, usize)> {
        let w = *self.tape.words.get(i).ok_or_else(unlike_text)?;
        let (len, high, flag) = (word::len(w), word::high(w), w & word::FLAG != 0);
        let entry = match w & word::KIND {
            word::NULL => Entry::Null,
            word::BOOL => Entry::Bool(flag),
            word::STR => Entry::Str {
                at: high,
                len,
                unescaped: flag,
            },
            word::SEQ => Entry::Seq { len, end: high },
            word::MAP => Entry::Map { len, end: high },
            kind => {
                let bits = *self.tape.words.get(i + 1).ok_or_else(unlike_text)?;
                let number = match kind {
                    word::U64 => Entry::U64(bits),
                    word::I64 => Entry::I64(bits.cast_signed()),
                    _ => Entry::F64(f64::from_bits(bits)),
                };
                return Ok((number, 2));
            }
        };
        Ok((entry, 1))
    }

    #[inline]
    fn str_ref(&self, at: u32, len: u32, unescaped: bool) -> Reference<'t, 't, str> {
        let span = at as usize..at as usize + len as usize;
        if unescaped {
            Reference::Copied(&self.tape.text[span])
        } else {
            // The reader validated these bytes as UTF-8 when it borrowed them as a `str`, and
            // `element` checked that they are the input the tape was recorded from (a batch's
            // bytes do not change while its tape is held).
            Reference::Borrowed(assume_valid(&self.input[span]))
        }
    }

    /// The number of the next entry, visited as the reader visits a number it parsed.
    fn number<V: Visitor<'t>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::U64(n) => visitor.visit_u64(n),
            Entry::I64(n) => visitor.visit_i64(n),
            Entry::F64(n) => visitor.visit_f64(n),
            _ => Err(unlike_text()),
        }
    }

    fn seq<V: Visitor<'t>>(&mut self, len: u32, end: u32, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(Elements {
            replay: &mut *self,
            left: len,
        })?;
        // The reader fails on elements its visitor did not take.
        self.ended_at(end)?;
        Ok(value)
    }

    fn map<V: Visitor<'t>>(&mut self, len: u32, end: u32, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_map(Members {
            replay: &mut *self,
            left: len,
        })?;
        self.ended_at(end)?;
        Ok(value)
    }

    #[inline]
    fn ended_at(&self, end: u32) -> Result<()> {
        if self.next == end as usize {
            Ok(())
        } else {
            Err(unlike_text())
        }
    }
}

/// An `f32` from the `f64` that a decimal rounds to, if rounding that `f64` gives the `f32`
/// the decimal rounds to: it does unless the `f64` lies exactly halfway between two `f32`s
/// (every such midpoint is an `f64`, so a decimal and its `f64` are on the same side of it),
/// or past the largest `f32`.
fn single(x: f64) -> Option<f32> {
    #[allow(clippy::cast_possible_truncation)]
    let f = x as f32;
    if !f.is_finite() {
        return None;
    }
    let back = f64::from(f);
    if back == x {
        return Some(f);
    }
    // The `f32` on the other side of `x`: one step away from zero if `x` is farther out.
    let bits = f.to_bits();
    let other = f32::from_bits(if x.abs() > back.abs() {
        bits + 1
    } else {
        bits - 1
    });
    let midpoint = (back + f64::from(other)) / 2.0;
    (x != midpoint).then_some(f)
}

macro_rules! number {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
            self.number(visitor)
        }
    )*};
}

impl<'t> Deserializer<'t> for &mut Replay<'t> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Null => visitor.visit_unit(),
            Entry::Bool(b) => visitor.visit_bool(b),
            Entry::U64(n) => visitor.visit_u64(n),
            Entry::I64(n) => visitor.visit_i64(n),
            Entry::F64(n) => visitor.visit_f64(n),
            Entry::Str { at, len, unescaped } => {
                visit_str(self.str_ref(at, len, unescaped), visitor)
            }
            Entry::Seq { len, end } => self.seq(len, end, visitor),
            Entry::Map { len, end } => self.map(len, end, visitor),
        }
    }

    number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f64
    }

    fn deserialize_f32<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::U64(n) => visitor.visit_u64(n),
            Entry::I64(n) => visitor.visit_i64(n),
            Entry::F64(x) => match single(x) {
                Some(f) => visitor.visit_f64(f64::from(f)),
                None => Err(unlike_text()),
            },
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_i128<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::U64(n) => visitor.visit_i128(i128::from(n)),
            Entry::I64(n) => visitor.visit_i128(i128::from(n)),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_u128<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::U64(n) => visitor.visit_u128(u128::from(n)),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_bool<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Bool(b) => visitor.visit_bool(b),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_char<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Str { at, len, unescaped } => {
                visit_str(self.str_ref(at, len, unescaped), visitor)
            }
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_string<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Str { at, len, unescaped } => match self.str_ref(at, len, unescaped) {
                Reference::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
                Reference::Copied(s) => visitor.visit_bytes(s.as_bytes()),
            },
            Entry::Seq { len, end } => self.seq(len, end, visitor),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            Entry::Null => {
                self.next += 1;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Null => visitor.visit_unit(),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'t>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'t>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        // Raw values are their text, which a tape does not keep.
        if name == raw::NAME {
            return Err(unlike_text());
        }
        #[cfg(feature = "serde_json")]
        if name == raw::SERDE_JSON_TOKEN {
            return Err(unlike_text());
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Seq { len, end } => self.seq(len, end, visitor),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_tuple<V: Visitor<'t>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'t>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        match self.entry()? {
            Entry::Map { len, end } => self.map(len, end, visitor),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_struct<V: Visitor<'t>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.entry()? {
            Entry::Map { len, end } => self.map(len, end, visitor),
            Entry::Seq { len, end } => self.seq(len, end, visitor),
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_enum<V: Visitor<'t>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek()? {
            Entry::Str { .. } => visitor.visit_enum(UnitVariant { replay: self }),
            // The reader takes `{"Variant": value}`, one member and no more.
            Entry::Map { len: 1, end } => {
                self.next += 1;
                let value = visitor.visit_enum(VariantAccess { de: &mut *self })?;
                self.ended_at(end)?;
                Ok(value)
            }
            _ => Err(unlike_text()),
        }
    }

    fn deserialize_identifier<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value> {
        self.next = match self.entry()? {
            Entry::Seq { end, .. } | Entry::Map { end, .. } => end as usize,
            _ => self.next,
        };
        visitor.visit_unit()
    }
}

/// Keys, read into typed map keys by the reader's own rules (`MapKey`).
impl<'t> KeySource<'t> for Replay<'t> {
    #[inline]
    fn next_key_ref(&mut self) -> Result<Reference<'t, '_, str>> {
        match self.entry()? {
            Entry::Str { at, len, unescaped } => Ok(self.str_ref(at, len, unescaped)),
            _ => Err(unlike_text()),
        }
    }

    fn offset(&self) -> u64 {
        // Only for the positions of errors, which fail the replay: any offset past a quote.
        1
    }

    fn error_at(&self, _code: ErrorCode, _offset: u64) -> Error {
        unlike_text()
    }

    fn last_key_escaped(&self) -> bool {
        // A key is one word, the last one read.
        match self.entry_at(self.next.wrapping_sub(1)) {
            Ok((Entry::Str { unescaped, .. }, _)) => unescaped,
            _ => false,
        }
    }

    fn fix_position_at(&self, _err: Error, _offset: u64) -> Error {
        unlike_text()
    }
}

struct Elements<'a, 't> {
    replay: &'a mut Replay<'t>,
    left: u32,
}

impl<'t> de::SeqAccess<'t> for Elements<'_, 't> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'t>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.replay).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

struct Members<'a, 't> {
    replay: &'a mut Replay<'t>,
    left: u32,
}

impl<'t> de::MapAccess<'t> for Members<'_, 't> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'t>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(MapKey {
            de: &mut *self.replay,
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'t>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.replay)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// An enum written as a bare string: a unit variant.
struct UnitVariant<'a, 't> {
    replay: &'a mut Replay<'t>,
}

impl<'t> de::EnumAccess<'t> for UnitVariant<'_, 't> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'t>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        Ok((seed.deserialize(&mut *self.replay)?, UnitOnly))
    }
}

#[cfg(test)]
mod tests;
