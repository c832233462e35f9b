//! Arrays and objects read by recursive descent under serde.
//!
//! When serde drives the reading, the shape of the target says what comes next, so an array's
//! elements are read by the loop of [`Elements`] and an object's members by that of
//! [`Members`], each keeping its place (the element's index, the member's key, what is due) in
//! a local of its own rather than in the reader's [`Nesting`](super::nesting::Nesting), whose
//! state machine the token API needs. The nesting stays as it was where the descent began,
//! counting the levels below only for the depth limit.
//!
//! The path is paid for only on errors: an error is built with the path of the place where the
//! descent began, and each level it passes through on its way out inserts its own step (`[3]`,
//! `.name`) right after that place. Levels further out insert at the same place or before it,
//! so the steps end up in document order, and the path is the one the nesting would have given.
//! Each level's state changes exactly where the nesting's would, so that errors keep their
//! paths: an array names its element until its `]` is seen, and the index moves at the `,`; an
//! object names its key from the key to the `,` or `}` after the member.

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::{Error, ErrorCode, Result};
use crate::kernel::checked_str::assume_valid;
use crate::kernel::push_bytes::push_bytes;
use crate::read::de::{KeySource, MapKey};
use crate::read::nesting::push_key;
use crate::read::reader::JsonReader;
use crate::read::{Read, Reference};

/// An array's place: the index of the element being read, and whether its end was seen.
///
/// What is due needs no state of its own: serde reads each element right after being told
/// that one follows, so at every call of `next_element` either nothing was read yet (`first`)
/// or an element was, and once the `]` was seen it is seen again. Plain flags rather than an
/// enum of states: a `match` on a state that alternates element after element becomes a jump
/// table, whose indirect branch is mispredicted about as often.
pub(crate) struct ArrayLevel {
    index: u64,
    first: bool,
    /// The `]` was seen: the path names the array itself.
    ended: bool,
}

/// The key of the member being read (or last read), for the path of an error: by both
/// formats' descents.
pub(crate) enum LevelKey<'de> {
    None,
    /// Entry of a PBJSON document's key memo.
    Memo(u8),
    /// Borrowed from the input: nothing to keep.
    Borrowed(&'de str),
    /// Copied into the reader's buffer of descent keys, from the object's start in it on.
    Held,
}

impl<'de> LevelKey<'de> {
    /// The key copied from `key` into `held` (the reader's buffer of descent keys, this
    /// object's part from `key_start` on) unless it is borrowed from the input.
    #[inline]
    pub(crate) fn of(key: &Reference<'de, '_, str>, held: &mut Vec<u8>, key_start: usize) -> Self {
        match *key {
            Reference::Borrowed(key) => LevelKey::Borrowed(key),
            Reference::Copied(key) => {
                held.truncate(key_start);
                push_bytes(held, key.as_bytes());
                LevelKey::Held
            }
        }
    }

    /// `err` with this key as a step of its path at byte `at` (nothing if there is no key):
    /// `held` is this object's part of the buffer of descent keys, `memo` looks up memo keys.
    #[cold]
    pub(crate) fn step<'k>(
        &'k self,
        err: Error,
        at: usize,
        held: &'k [u8],
        memo: impl Fn(u8) -> &'k str,
    ) -> Error {
        let key = match *self {
            LevelKey::None => return err,
            LevelKey::Memo(index) => memo(index),
            LevelKey::Borrowed(key) => key,
            // Whole keys, each checked as UTF-8 when it was read.
            LevelKey::Held => assume_valid(held),
        };
        let mut step = String::new();
        push_key(&mut step, key);
        err.insert_path_step(at, &step)
    }
}

/// An object's place: what is due, and the key of the member being read.
pub(crate) struct ObjectLevel<'de> {
    first: bool,
    /// A member follows (its `"` or a `,` was read): its key is due.
    key_due: bool,
    /// A key was read: the `:` and the member's value are due.
    value_due: bool,
    key: LevelKey<'de>,
    /// Where this object's key begins in the reader's `descent_keys`.
    key_start: usize,
}

/// The elements of an array, for serde's `SeqAccess`.
pub(crate) struct Elements<'a, S> {
    de: &'a mut JsonReader<S>,
    level: &'a mut ArrayLevel,
}

/// The members of an object, for serde's `MapAccess`.
pub(crate) struct Members<'a, 'de, S> {
    de: &'a mut JsonReader<S>,
    level: &'a mut ObjectLevel<'de>,
}

impl<'de, S: Read<'de>> JsonReader<S> {
    /// Reads the array whose `[` is the current byte, its elements given to `visitor`.
    pub(crate) fn seq_value<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let depth = self.open_level()?;
        let mut level = ArrayLevel {
            index: 0,
            first: true,
            ended: false,
        };
        let value = match visitor.visit_seq(Elements {
            de: self,
            level: &mut level,
        }) {
            Ok(value) => self.end_elements(&mut level).map(|()| value),
            Err(err) => Err(self.past_end_of(b']', err)),
        };
        self.nesting_mut().ascend();
        match value {
            Ok(value) => {
                self.nesting_mut().value_done();
                Ok(value)
            }
            Err(err) => Err(self.array_step(err, depth, &level)),
        }
    }

    /// Reads the object whose `{` is the current byte, its members given to `visitor`.
    pub(crate) fn map_value<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let depth = self.open_level()?;
        let mut level = ObjectLevel {
            first: true,
            key_due: false,
            value_due: false,
            key: LevelKey::None,
            key_start: self.descent_keys.len(),
        };
        let value = match visitor.visit_map(Members {
            de: self,
            level: &mut level,
        }) {
            Ok(value) => self.end_members(&mut level).map(|()| value),
            Err(err) => Err(self.past_end_of(b'}', err)),
        };
        self.nesting_mut().ascend();
        let value = match value {
            Ok(value) => {
                self.nesting_mut().value_done();
                Ok(value)
            }
            Err(err) => Err(self.object_step(err, depth, &level)),
        };
        self.descent_keys.truncate(level.key_start);
        value
    }

    /// Consumes the `[` or `{` at the current byte, within the depth limit; returns the depth
    /// of the nesting, where this level's step goes in a path.
    #[inline]
    fn open_level(&mut self) -> Result<usize> {
        self.check_depth()?;
        self.scan.consume(1);
        self.nesting_mut().descend();
        Ok(self.depth())
    }

    /// Inside an array: true if another element follows (consuming the `,` before it).
    #[inline(always)]
    fn next_element(&mut self, level: &mut ArrayLevel) -> Result<bool> {
        match self.scan.peek_nonws()? {
            Some(b']') => {
                level.ended = true;
                Ok(false)
            }
            Some(b',') if !level.first => {
                self.scan.consume(1);
                level.index += 1;
                if self.scan.peek_nonws()? == Some(b']') {
                    return Err(self.error(ErrorCode::TrailingComma));
                }
                Ok(true)
            }
            // The element's first byte, checked by the element's reader.
            Some(_) if level.first => {
                level.first = false;
                Ok(true)
            }
            Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfArray)),
            None => Err(self.error(ErrorCode::EofWhileParsingArray)),
        }
    }

    /// Reads the `]` of an array whose visitor took all the elements it wanted: another
    /// element is an error, in serde_json's words.
    fn end_elements(&mut self, level: &mut ArrayLevel) -> Result<()> {
        // Anything but `,` or `]` there is "trailing characters" too.
        let more = self.next_element(level).map_err(|err| match err.code() {
            ErrorCode::ExpectedCommaOrEndOfArray => err.with_code(ErrorCode::TrailingCharacters),
            _ => err,
        });
        if more? {
            return Err(self.error(ErrorCode::TrailingCharacters));
        }
        self.scan.consume(1);
        Ok(())
    }

    /// Inside an object: true if another member follows (consuming the `,` before it). Can be
    /// called again without effect.
    #[inline(always)]
    fn next_member(&mut self, level: &mut ObjectLevel<'de>) -> Result<bool> {
        if level.key_due | level.value_due {
            return Ok(true);
        }
        match self.scan.peek_nonws()? {
            Some(b'}') => {
                level.key = LevelKey::None;
                Ok(false)
            }
            Some(b',') if !level.first => {
                self.scan.consume(1);
                level.key = LevelKey::None;
                level.key_due = true;
                if self.scan.peek_nonws()? == Some(b'}') {
                    return Err(self.error(ErrorCode::TrailingComma));
                }
                Ok(true)
            }
            Some(b'"') if level.first => {
                level.first = false;
                level.key_due = true;
                Ok(true)
            }
            Some(_) if level.first => Err(self.error(ErrorCode::ExpectedKey)),
            Some(_) => Err(self.error(ErrorCode::ExpectedCommaOrEndOfObject)),
            None => Err(self.error(ErrorCode::EofWhileParsingObject)),
        }
    }

    /// Reads the key of the member whose start `next_member` found.
    #[inline]
    fn member_key(&mut self, level: &mut ObjectLevel<'de>) -> Result<Reference<'de, '_, str>> {
        if !level.key_due {
            let found = self.found();
            return Err(self.error(ErrorCode::Expected("a key", found)));
        }
        let span = self.key_text()?;
        level.key_due = false;
        level.value_due = true;
        let key = self.scan.str_ref(span);
        level.key = LevelKey::of(&key, &mut self.descent_keys, level.key_start);
        Ok(key)
    }

    /// Reads the `:` after a key: the member's value is next.
    #[inline]
    fn member_colon(&mut self, level: &mut ObjectLevel<'de>) -> Result<()> {
        if !level.value_due {
            // A value asked for where a key is due: the call is wrong, not the next byte.
            return Err(self.scan.error_after(ErrorCode::ExpectedKey));
        }
        match self.scan.peek_nonws()? {
            Some(b':') => self.scan.consume_colon(),
            Some(_) => return Err(self.error(ErrorCode::ExpectedColon)),
            None => return Err(self.error(ErrorCode::EofWhileParsingObject)),
        }
        level.value_due = false;
        self.nesting_mut().colon_read();
        Ok(())
    }

    /// Reads the `}` of an object whose visitor took all the members it wanted.
    fn end_members(&mut self, level: &mut ObjectLevel<'de>) -> Result<()> {
        if level.value_due {
            let found = self.found();
            return Err(self.error(ErrorCode::Expected("`}`", found)));
        }
        if self.next_member(level)? {
            return Err(self.error(ErrorCode::MoreMembers));
        }
        self.scan.consume(1);
        Ok(())
    }

    /// `err` on its way out of an array: with the element's index in its path, unless the
    /// array's end was seen.
    #[cold]
    fn array_step(&self, err: Error, depth: usize, level: &ArrayLevel) -> Error {
        if level.ended {
            return err;
        }
        let at = self.nesting().path_len_at(depth, |_| "");
        err.insert_path_step(at, &format!("[{}]", level.index))
    }

    /// `err` on its way out of an object: with the member's key in its path, if one was read.
    #[cold]
    fn object_step(&self, err: Error, depth: usize, level: &ObjectLevel<'de>) -> Error {
        let at = self.nesting().path_len_at(depth, |_| "");
        let held = &self.descent_keys[level.key_start..];
        level.key.step(err, at, held, |_| "")
    }
}

impl<'de, S: Read<'de>> de::SeqAccess<'de> for Elements<'_, S> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.de.next_element(self.level)? {
            return Ok(None);
        }
        self.de.nesting_mut().element_due();
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de, S: Read<'de>> de::MapAccess<'de> for Members<'_, 'de, S> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.de.next_member(self.level)? {
            return Ok(None);
        }
        seed.deserialize(MapKey { de: self }).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.member_colon(self.level)?;
        seed.deserialize(&mut *self.de)
    }
}

impl<'de, S: Read<'de>> KeySource<'de> for Members<'_, 'de, S> {
    #[inline]
    fn next_key_ref(&mut self) -> Result<Reference<'de, '_, str>> {
        self.de.member_key(self.level)
    }

    fn offset(&self) -> u64 {
        self.de.offset()
    }

    fn error_at(&self, code: ErrorCode, offset: u64) -> Error {
        self.de.error_at(code, offset)
    }

    fn last_key_escaped(&self) -> bool {
        self.de.last_str_escaped()
    }

    fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        self.de.fix_position_at(err, offset)
    }
}
