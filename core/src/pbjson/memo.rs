//! The key memo: one per document, shared by every object in it. The first 128 keys a
//! document spells out get the indices 0 to 127, and later uses of them are one byte
//! (`0x80 | index`).

use super::header::MEMO_SIZE;

/// Slots of the writer's table: twice the keys it can hold, so that probes stay short.
const SLOTS: usize = 2 * MEMO_SIZE;

/// Pairs of slots of the writer's cache of field names by address: room for the names that
/// have an index, and more.
const FIELD_PAIRS: usize = 128;

/// The writing side: which keys have an index.
///
/// A key is looked up once per member written, so this is on the hot path of every object: an
/// open-addressing table of [`SLOTS`] bytes (each 0, or a key's index plus one) over the keys
/// themselves, found by a [`Fingerprint`]. It holds at most [`MEMO_SIZE`] keys, so even keys
/// chosen to collide cost at most that many comparisons each.
#[derive(Debug)]
pub(crate) struct KeyIndex {
    slots: [u8; SLOTS],
    /// The keys by index.
    keys: Vec<Key>,
    /// The text of the keys, one after the other.
    text: String,
    /// Struct field names whose index the memo has settled, found by their address (see
    /// [`cached_field`](Self::cached_field)): [`FIELD_PAIRS`] pairs of slots, allocated when
    /// the first name is cached (a name's second use), so that a small document that uses
    /// each name once does not pay for them.
    fields: Box<[[Field; 2]]>,
}

/// A field name in the cache: the address and length of a `&'static str`, and its index
/// (`None`: the memo was full without it, so it is spelled out for the rest of the
/// document). An address of 0 (which no reference has) marks an empty slot.
#[derive(Copy, Clone, Debug, Default)]
struct Field {
    addr: usize,
    /// Keys are at most 127 bytes long (longer ones are refused before the memo).
    len: u32,
    index: Option<u8>,
}

/// A key of the memo: where its text is, and the last word of its [`Fingerprint`].
#[derive(Debug)]
struct Key {
    start: usize,
    end: usize,
    last: u64,
}

impl Default for KeyIndex {
    fn default() -> Self {
        KeyIndex {
            slots: [0; SLOTS],
            keys: Vec::new(),
            text: String::new(),
            fields: Box::new([]),
        }
    }
}

impl KeyIndex {
    /// The index of `key`, if it has one; otherwise it gets the next one while the memo has
    /// room, and `None` says the key is to be spelled out.
    #[inline]
    pub(crate) fn index_or_insert(&mut self, key: &str) -> Option<u8> {
        let print = Fingerprint::of(key.as_bytes());
        let mut slot = print.slot;
        loop {
            match self.slots[slot] {
                0 => break,
                taken => {
                    let index = taken - 1;
                    if print.matches(&self.keys[usize::from(index)], &self.text, key) {
                        return Some(index);
                    }
                    slot = (slot + 1) % SLOTS;
                }
            }
        }
        if self.keys.len() < MEMO_SIZE {
            if self.keys.is_empty() {
                // Room for the keys of a typical record at once, rather than growing by
                // reallocation for each of its first keys.
                self.keys.reserve(16);
                self.text.reserve(128);
            }
            let start = self.text.len();
            self.text.push_str(key);
            self.keys.push(Key {
                start,
                end: self.text.len(),
                last: print.last,
            });
            self.slots[slot] = self.keys.len() as u8;
        }
        None
    }
}

impl KeyIndex {
    /// The index of a struct's field name (`Some(None)`: it has none for good), if it is in
    /// the cache of names by address.
    ///
    /// A `&'static str` is never freed, so its address and length name the same text for as
    /// long as the program runs: a hit needs no hashing of the text and no comparison. The
    /// cache is two-way, over pairs of slots picked by a multiplicative hash of the address
    /// (field names are often next to one another in memory, a few bytes apart).
    #[inline(always)]
    pub(crate) fn cached_field(&self, key: &'static str) -> Option<Option<u8>> {
        let (addr, pair) = field_pair(key);
        let [first, second] = self.fields.get(pair)?;
        if first.addr == addr && first.len as usize == key.len() {
            Some(first.index)
        } else if second.addr == addr && second.len as usize == key.len() {
            Some(second.index)
        } else {
            None
        }
    }

    /// [`index_or_insert`](Self::index_or_insert) for a field name that is not in the cache,
    /// caching the answer once it is settled (the name has an index, or the memo is full
    /// without it): in its pair's first slot if that is empty, else in place of the second
    /// (the first keeps the name that came first).
    pub(crate) fn uncached_field_index_or_insert(&mut self, key: &'static str) -> Option<u8> {
        let full = self.keys.len() == MEMO_SIZE;
        let index = self.index_or_insert(key);
        if index.is_none() && !full {
            // Given an index just now: cached when it comes again.
            return None;
        }
        if self.fields.is_empty() {
            self.fields = vec![[Field::default(); 2]; FIELD_PAIRS].into_boxed_slice();
        }
        let (addr, pair) = field_pair(key);
        let pair = &mut self.fields[pair];
        let slot = if pair[0].addr == 0 { 0 } else { 1 };
        pair[slot] = Field {
            addr,
            len: key.len() as u32,
            index,
        };
        index
    }
}

/// The address of a field name, and its pair of slots in the cache.
#[inline(always)]
fn field_pair(key: &'static str) -> (usize, usize) {
    let addr = key.as_ptr() as usize;
    let hash = (addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (addr, (hash >> (64 - FIELD_PAIRS.trailing_zeros())) as usize)
}

/// What a key is looked up by: its slot, from a hash of all its bytes (FxHash's multiply, a
/// word at a time), and its last word, which holds the whole key when it is at most 8 bytes
/// long. (Words are read whole, never assembled from a variable number of bytes: that would
/// cost a copy and a stall per key.)
struct Fingerprint {
    slot: usize,
    /// The last 8 bytes (overlapping the word before them); of a shorter key, all its bytes,
    /// as two overlapping halves of 4 or (under 4 bytes) its first, middle and last byte.
    last: u64,
}

impl Fingerprint {
    #[inline]
    fn of(key: &[u8]) -> Self {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
        let n = key.len();
        let mut hash = n as u64;
        let last = match n {
            0 => 0,
            1..=3 => u64::from(key[0]) | u64::from(key[n / 2]) << 8 | u64::from(key[n - 1]) << 16,
            4..=7 => u64::from(read_u32(key)) | u64::from(read_u32(&key[n - 4..])) << 32,
            _ => {
                for start in (0..n - 8).step_by(8) {
                    hash = mix(hash, read_u64(&key[start..]));
                }
                read_u64(&key[n - 8..])
            }
        };
        Fingerprint {
            slot: (mix(hash, last) >> 56) as usize,
            last,
        }
    }

    /// Whether `key`, of this fingerprint, is `known` (whose text is in `text`): keys of up to
    /// 8 bytes are equal when their lengths and last words are.
    #[inline]
    fn matches(&self, known: &Key, text: &str, key: &str) -> bool {
        known.last == self.last
            && known.end - known.start == key.len()
            && (key.len() <= 8 || text[known.start..known.end] == *key)
    }
}

#[inline]
fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

#[inline]
fn read_u32(bytes: &[u8]) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(word)
}

/// The reading side: the keys by index, each a string of its own (so that looking one up
/// is one bounds check, with no character boundaries to check in a shared text).
#[derive(Debug, Default)]
pub(crate) struct KeyTable {
    keys: Vec<Box<str>>,
}

impl KeyTable {
    /// Records a key that was spelled out. As in the reference, every spelled-out key takes
    /// the next index while there is one, even a key that already has one (the reference
    /// never writes such a document, but reads it so).
    #[inline]
    pub(crate) fn spelled(&mut self, key: &str) {
        if self.keys.len() < MEMO_SIZE {
            self.keys.push(key.into());
        }
    }

    /// How many keys have an index.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The key with index `index`, if there is one yet.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&str> {
        self.keys.get(index).map(|key| &**key)
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
    fn keys_that_share_a_slot_are_told_apart() {
        // Keys whose hashes all give the same slot, then others around them.
        let slot = Fingerprint::of(b"k0").slot;
        let same_slot: Vec<String> = (0..)
            .map(|i| format!("k{i}"))
            .filter(|key| Fingerprint::of(key.as_bytes()).slot == slot)
            .take(8)
            .collect();
        let others: Vec<String> = (0..120)
            .map(|i| format!("a longer key, number {i}"))
            .collect();
        let keys: Vec<&String> = same_slot.iter().chain(&others).collect();
        let mut memo = KeyIndex::default();
        for key in &keys {
            assert_eq!(memo.index_or_insert(key), None);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(memo.index_or_insert(key), Some(i as u8), "{key}");
        }
        assert_eq!(memo.slots.iter().filter(|&&s| s != 0).count(), MEMO_SIZE);
        // Full: a new key, even one of the crowded slot, is spelled out every time.
        let late = (0..)
            .map(|i| format!("k{i}"))
            .filter(|key| Fingerprint::of(key.as_bytes()).slot == slot)
            .nth(8)
            .unwrap();
        assert_eq!(memo.index_or_insert(&late), None);
        assert_eq!(memo.index_or_insert(&late), None);
    }

    #[test]
    fn keys_that_differ_in_any_one_byte_are_different_keys() {
        // Every length up to 20, and each key again with one byte changed at each position.
        let mut keys = Vec::new();
        for len in 0..=20 {
            let key: String = "abcdefghijklmnopqrstu"[..len].to_owned();
            for at in 0..len {
                let mut changed = key.clone().into_bytes();
                changed[at] = b'Z';
                keys.push(String::from_utf8(changed).unwrap());
            }
            keys.push(key);
        }
        keys.truncate(MEMO_SIZE);
        let mut memo = KeyIndex::default();
        for key in &keys {
            assert_eq!(memo.index_or_insert(key), None, "{key}");
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(memo.index_or_insert(key), Some(i as u8), "{key}");
        }
    }

    /// What the serializer does with a field name: the cache, else the memo.
    fn field(memo: &mut KeyIndex, key: &'static str) -> Option<u8> {
        memo.cached_field(key)
            .unwrap_or_else(|| memo.uncached_field_index_or_insert(key))
    }

    #[test]
    fn field_names_are_cached_by_address_and_length() {
        const TEXT: &str = "identifier";
        let names: Vec<&'static str> = (0..200)
            .map(|i| &*Box::leak(format!("field{i}").into_boxed_str()))
            .collect();
        let mut memo = KeyIndex::default();
        // Names that start at the same address, and the same text at two addresses.
        for (key, index) in [(&TEXT[..2], 0), (&TEXT[..3], 1), (TEXT, 2)] {
            assert_eq!(field(&mut memo, key), None, "{key}");
            assert_eq!(field(&mut memo, key), Some(index), "{key}");
        }
        let copy: &'static str = Box::leak(TEXT[..2].to_owned().into_boxed_str());
        assert_eq!(field(&mut memo, copy), Some(0));
        assert_eq!(memo.cached_field(copy), Some(Some(0)));
        // More names than the cache has slots, and than the memo has room for, many times
        // over: each always gets the memo's answer.
        for round in 0..3 {
            for (i, &name) in names.iter().enumerate() {
                let want = (i + 3 < MEMO_SIZE && round > 0).then_some(i as u8 + 3);
                assert_eq!(field(&mut memo, name), want, "{name}, round {round}");
            }
        }
        // Names the full memo has no index for are cached as such.
        assert!(names[MEMO_SIZE..]
            .iter()
            .any(|name| memo.cached_field(name) == Some(None)));
        for key in [&TEXT[..2], &TEXT[..3], TEXT, copy] {
            assert_eq!(memo.index_or_insert(key), field(&mut memo, key), "{key}");
        }
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
