//! PBJSON arrays and objects read by recursive descent under serde, as `read::descent` reads
//! JSON's: each array or object keeps its place (elements or members left, the element's
//! index, the member's key) in a local of its own instead of the pull reader's frames and
//! nesting, which stay as they were where the descent began (the nesting counts the levels
//! below for the depth limit). Each value is read as the value after a custom byte is: already
//! counted, so the pull reader's own counting is passed over.
//!
//! The path is paid for only on errors, as on the JSON side: an error gets the path of where
//! the descent began, and each level it unwinds through inserts its step right after that
//! place. Each level's state changes where the pull reader's would: an array names its element
//! until it is found to have no more, an object names its last key until the next one is read
//! or it is found to have no more members.

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::{Error, ErrorCode, LimitKind, Result};
use crate::pbjson::header;
use crate::pbjson::reader::{Due, KeyRead, PbReader};
use crate::read::de::{KeySource, MapKey};
use crate::read::descent::LevelKey;
use crate::read::{Read, Reference};

/// An array's place.
pub(super) struct ArrayLevel {
    /// Elements left in a counted array; `None` for a terminated one.
    left: Option<u64>,
    index: u64,
    first: bool,
    /// Found to have no more elements: the path names the array itself.
    ended: bool,
}

/// An object's place.
pub(super) struct ObjectLevel<'de> {
    /// Members left.
    left: u64,
    /// A key was read: its value is due.
    value_due: bool,
    key: LevelKey<'de>,
    /// Where this object's key begins in the reader's `descent_keys`.
    key_start: usize,
}

/// The elements of an array, for serde's `SeqAccess`.
struct Elements<'a, S> {
    de: &'a mut PbReader<S>,
    level: &'a mut ArrayLevel,
}

/// The members of an object, for serde's `MapAccess`.
struct Members<'a, 'de, S> {
    de: &'a mut PbReader<S>,
    level: &'a mut ObjectLevel<'de>,
}

impl<'de, S: Read<'de>> PbReader<S> {
    /// Reads the array whose head (of `len` elements, `None` if terminated) was just read, its
    /// elements given to `visitor`.
    pub(super) fn seq_value<V: Visitor<'de>>(
        &mut self,
        len: Option<u64>,
        visitor: V,
    ) -> Result<V::Value> {
        let depth = self.open_level()?;
        let mut level = ArrayLevel {
            left: len,
            index: 0,
            first: true,
            ended: false,
        };
        let value = match visitor.visit_seq(Elements {
            de: self,
            level: &mut level,
        }) {
            Ok(value) => self.end_elements(&level).map(|()| value),
            Err(err) => Err(err),
        };
        self.nesting.ascend();
        match value {
            Ok(value) => {
                self.value_done();
                Ok(value)
            }
            Err(err) => Err(self.array_step(err, depth, &level)),
        }
    }

    /// Reads the object whose head (of `count` members) was just read, its members given to
    /// `visitor`.
    pub(super) fn map_value<V: Visitor<'de>>(
        &mut self,
        count: u64,
        visitor: V,
    ) -> Result<V::Value> {
        let depth = self.open_level()?;
        let mut level = ObjectLevel {
            left: count,
            value_due: false,
            key: LevelKey::None,
            key_start: self.descent_keys.len(),
        };
        self.due = Due::Key;
        let value = match visitor.visit_map(Members {
            de: self,
            level: &mut level,
        }) {
            Ok(value) => self.end_members(&level).map(|()| value),
            Err(err) => Err(err),
        };
        self.nesting.ascend();
        let value = match value {
            Ok(value) => {
                self.value_done();
                Ok(value)
            }
            Err(err) => Err(self.object_step(err, depth, &level)),
        };
        self.descent_keys.truncate(level.key_start);
        value
    }

    /// Opens a level within the depth limit; returns the depth of the nesting, where this
    /// level's step goes in a path.
    #[inline]
    fn open_level(&mut self) -> Result<usize> {
        let max = self.limits.max_depth;
        if self.nesting.open_depth() >= max {
            return Err(self.value_error(ErrorCode::Limit(LimitKind::Depth, max as u64)));
        }
        self.nesting.descend();
        Ok(self.nesting.depth())
    }

    /// The next value is read as one already counted by its container (the level counts it).
    #[inline(always)]
    fn value_due(&mut self) {
        self.due = Due::Value;
        self.wrapped = true;
    }

    /// Whether the array has more elements: a count left, or no terminator next.
    #[inline(always)]
    fn more_elements(&mut self, level: &ArrayLevel) -> Result<bool> {
        match level.left {
            Some(left) => Ok(left > 0),
            None => match self.peek_byte()? {
                Some(b) => Ok(b != header::TERMINATOR),
                None => Err(self.error(ErrorCode::EofWhileParsingArray)),
            },
        }
    }

    /// The end of an array whose visitor took all the elements it wanted.
    fn end_elements(&mut self, level: &ArrayLevel) -> Result<()> {
        match level.left {
            Some(0) => Ok(()),
            None if self.peek_byte()? == Some(header::TERMINATOR) => {
                self.src.consume(1);
                Ok(())
            }
            _ => Err(self.end_error("the end of the array", "another element")),
        }
    }

    /// Reads the key of the next member, which `level` says is there.
    #[inline]
    fn member_key(&mut self, level: &mut ObjectLevel<'de>) -> Result<Reference<'de, '_, str>> {
        if level.left == 0 || level.value_due {
            let expected = if level.value_due {
                "a value"
            } else {
                "the end of the object"
            };
            return Err(self.misplaced_as(expected, "a key"));
        }
        level.left -= 1;
        level.value_due = true;
        let (slot, key_start) = (&mut level.key, level.key_start);
        self.read_key(|_, descent_keys, key| {
            *slot = match key {
                KeyRead::Memo(index) => LevelKey::Memo(index),
                // A borrowed key is kept as it is, inline; a copied one is copied out of line.
                KeyRead::Spelled(key @ Reference::Borrowed(_)) => {
                    LevelKey::of(key, descent_keys, key_start)
                }
                KeyRead::Spelled(key) => copied_key(key, descent_keys, key_start),
            }
        })
    }

    /// The value of the member whose key was read is next.
    #[inline]
    fn member_value(&mut self, level: &mut ObjectLevel<'de>) -> Result<()> {
        if !level.value_due {
            let expected = if level.left == 0 {
                "the end of the object"
            } else {
                "a key"
            };
            return Err(self.misplaced_as(expected, "a value"));
        }
        level.value_due = false;
        self.value_due();
        Ok(())
    }

    /// The end of an object whose visitor took all the members it wanted.
    fn end_members(&mut self, level: &ObjectLevel<'de>) -> Result<()> {
        if level.left > 0 || level.value_due {
            return Err(self.end_error("the end of the object", "another member"));
        }
        Ok(())
    }

    #[cold]
    fn misplaced_as(&self, expected: &'static str, found: &'static str) -> Error {
        self.error(ErrorCode::Misplaced { expected, found })
    }

    /// `err` on its way out of an array: located here if it is not yet, with the element's
    /// index in its path unless the array was found to have no more.
    #[cold]
    fn array_step(&self, err: Error, depth: usize, level: &ArrayLevel) -> Error {
        let err = self.fix_position(err);
        if level.ended {
            return err;
        }
        let at = self.path_len_at(depth);
        err.insert_path_step(at, &format!("[{}]", level.index))
    }

    /// `err` on its way out of an object: located here if it is not yet, with the last key
    /// read in its path.
    #[cold]
    fn object_step(&self, err: Error, depth: usize, level: &ObjectLevel<'de>) -> Error {
        let err = self.fix_position(err);
        let held = &self.descent_keys[level.key_start..];
        level.key.step(err, self.path_len_at(depth), held, |index| {
            self.keys.get(usize::from(index)).unwrap_or_default()
        })
    }

    /// Where the steps of a descent that began at `depth` go in a path.
    fn path_len_at(&self, depth: usize) -> usize {
        self.nesting.path_len_at(depth, |index| {
            self.keys.get(usize::from(index)).unwrap_or_default()
        })
    }
}

/// The level's record of a key copied out of the input (spelled out, not from the memo, and
/// not borrowed), out of line: with the copy apart, the recording of the other keys inlines
/// into the key's read (records 2-4 % faster to read, twitter 9 %).
#[inline(never)]
fn copied_key<'de>(
    key: &Reference<'de, '_, str>,
    descent_keys: &mut Vec<u8>,
    key_start: usize,
) -> LevelKey<'de> {
    LevelKey::of(key, descent_keys, key_start)
}

impl<'de, S: Read<'de>> de::SeqAccess<'de> for Elements<'_, S> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.de.more_elements(self.level)? {
            self.level.ended = true;
            return Ok(None);
        }
        let level = &mut *self.level;
        if let Some(left) = &mut level.left {
            *left -= 1;
        }
        if !level.first {
            level.index += 1;
        }
        level.first = false;
        self.de.value_due();
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.level.left.and_then(|left| self.de.size_hint(left))
    }
}

impl<'de, S: Read<'de>> de::MapAccess<'de> for Members<'_, 'de, S> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.level.left == 0 {
            self.level.key = LevelKey::None;
            return Ok(None);
        }
        seed.deserialize(MapKey { de: self }).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.member_value(self.level)?;
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.level.left)
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
        false
    }

    fn fix_position_at(&self, err: Error, offset: u64) -> Error {
        self.de.fix_position_at(err, offset)
    }
}
