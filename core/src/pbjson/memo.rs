//! The key memo: one per document, shared by every object in it. The first 128 keys a
//! document spells out get the indices 0 to 127, and later uses of them are one byte
//! (`0x80 | index`).

use std::collections::HashMap;

use super::header::MEMO_SIZE;

/// The writing side: which keys have an index.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    indices: HashMap<Box<str>, u8>,
}

impl KeyIndex {
    /// The index of `key`, if it has one; otherwise it gets the next one while the memo has
    /// room, and `None` says the key is to be spelled out.
    #[inline]
    pub(crate) fn index_or_insert(&mut self, key: &str) -> Option<u8> {
        if let Some(&index) = self.indices.get(key) {
            return Some(index);
        }
        if self.indices.len() < MEMO_SIZE {
            let index = self.indices.len() as u8;
            self.indices.insert(key.into(), index);
        }
        None
    }
}

/// The reading side: the keys by index, in one string.
#[derive(Debug, Default)]
pub(crate) struct KeyTable {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
}

impl KeyTable {
    /// Records a key that was spelled out. As in the reference, every spelled-out key takes
    /// the next index while there is one, even a key that already has one (the reference
    /// never writes such a document, but reads it so).
    #[inline]
    pub(crate) fn spelled(&mut self, key: &str) {
        if self.ends.len() < MEMO_SIZE {
            self.text.push_str(key);
            self.ends.push(self.text.len());
        }
    }

    /// How many keys have an index.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The key with index `index`, if there is one yet.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_128_distinct_keys_get_indices() {
        let mut memo = KeyIndex::default();
        for i in 0..200 {
            assert_eq!(memo.index_or_insert(&format!("k{i}")), None);
        }
        assert_eq!(memo.index_or_insert("k0"), Some(0));
        assert_eq!(memo.index_or_insert("k127"), Some(127));
        assert_eq!(memo.index_or_insert("k128"), None);
        assert_eq!(memo.index_or_insert("k128"), None);
    }

    #[test]
    fn every_spelled_out_key_takes_an_index_while_there_is_room() {
        let mut table = KeyTable::default();
        table.spelled("a");
        table.spelled("a");
        table.spelled("");
        assert_eq!(table.get(0), Some("a"));
        assert_eq!(table.get(1), Some("a"));
        assert_eq!(table.get(2), Some(""));
        assert_eq!(table.get(3), None);
        for i in 0..200 {
            table.spelled(&format!("k{i}"));
        }
        assert_eq!(table.get(127), Some("k124"));
        assert_eq!(table.get(128), None);
    }
}
