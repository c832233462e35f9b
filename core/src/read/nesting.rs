//! Where the reader is: the open arrays and objects, what may come next, and the JSON path.

use std::fmt::Write as _;

/// What the reader expects next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// A value: the top-level one, an element after `,`, or a member value after `:`.
    Value,
    /// After `[`: the first element or `]`.
    FirstElementOrEnd,
    /// After an element: `,` or `]`.
    CommaOrEndOfArray,
    /// After `{`: the first key or `}`.
    FirstKeyOrEnd,
    /// After a member: `,` or `}`.
    CommaOrEndOfObject,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`, then the member's value. (The colon is read lazily so that the key's
    /// bytes are still in the window when the key is handed out.)
    Colon,
    /// The top-level value is complete.
    Done,
    /// A string reader was dropped and the rest of its string could not be skipped.
    Unusable,
}

#[derive(Copy, Clone, Debug)]
enum Frame {
    /// Outside every container.
    Root,
    /// `index` is the element being read (or last read); `current` is false once the end of
    /// the array was seen, so that the path names the array itself.
    Array { index: u64, current: bool },
    /// The current key, if one has been read: `keys[key_start..]`, or a key of a PBJSON
    /// document's memo.
    Object { key_start: usize, key: Key },
}

/// Where the current key of an object is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// No key has been read, or the member is complete.
    None,
    /// In the key text of the nesting.
    Text,
    /// Key `index` of a PBJSON document's memo: not copied, found when a path is made.
    Memo(u8),
}

/// The stack of open containers, with the current key of each object kept for the path.
///
/// The innermost container is kept apart from the others (`top`) because every value touches
/// it: counting elements and deciding what comes next never goes through the stack.
#[derive(Debug)]
pub(crate) struct Nesting {
    top: Frame,
    /// The containers around `top`, outermost first (starting with `Root`).
    outer: Vec<Frame>,
    keys: String,
    expect: Expect,
    /// What is due after a value in `top`: kept with `top`, so that completing a value (every
    /// scalar) is one copy rather than a `match` on the frame.
    after_value: Expect,
    /// Arrays and objects open around the current value that a serde descent reads with its
    /// own state (see `read::descent`): not in the stack, counted for the depth limit.
    descent: usize,
}

impl Clone for Nesting {
    fn clone(&self) -> Self {
        Nesting {
            top: self.top,
            outer: self.outer.clone(),
            keys: self.keys.clone(),
            expect: self.expect,
            after_value: self.after_value,
            descent: self.descent,
        }
    }

    /// Reuses the stack and the keys' buffer: an async stream snapshots its reader's nesting
    /// after every element.
    fn clone_from(&mut self, source: &Self) {
        self.top = source.top;
        self.outer.clone_from(&source.outer);
        self.keys.clone_from(&source.keys);
        self.expect = source.expect;
        self.after_value = source.after_value;
        self.descent = source.descent;
    }
}

impl Nesting {
    pub(crate) fn new() -> Self {
        Nesting {
            top: Frame::Root,
            outer: Vec::new(),
            keys: String::new(),
            expect: Expect::Value,
            after_value: Expect::Done,
            descent: 0,
        }
    }

    /// What may come next.
    #[inline]
    pub(crate) fn expect(&self) -> Expect {
        self.expect
    }

    /// A `:` was read: the member's value is due.
    #[inline]
    pub(crate) fn colon_read(&mut self) {
        self.expect = Expect::Value;
    }

    /// After `[`, something other than `]` follows: the first element is due.
    #[inline]
    pub(crate) fn element_due(&mut self) {
        self.expect = Expect::Value;
    }

    /// After `{`, a `"` follows: the first key is due.
    #[inline]
    pub(crate) fn key_due(&mut self) {
        self.expect = Expect::Key;
    }

    /// In a stream of top-level values, after one (or before the first): the next top-level
    /// value is due.
    pub(crate) fn next_document(&mut self) {
        debug_assert!(matches!(self.top, Frame::Root));
        self.expect = Expect::Value;
    }

    /// The reader was left inside a string value it cannot skip: nothing more may be read.
    pub(crate) fn poison(&mut self) {
        self.expect = Expect::Unusable;
    }

    /// How many containers are open.
    #[inline]
    pub(crate) fn depth(&self) -> usize {
        self.outer.len()
    }

    /// How many containers are open, with those a serde descent reads: what the depth limit
    /// counts.
    #[inline]
    pub(crate) fn open_depth(&self) -> usize {
        self.outer.len() + self.descent
    }

    /// A serde descent opened an array or object.
    #[inline]
    pub(crate) fn descend(&mut self) {
        self.descent += 1;
    }

    /// A serde descent left an array or object (complete, or on an error).
    #[inline]
    pub(crate) fn ascend(&mut self) {
        self.descent -= 1;
    }

    #[inline]
    fn push(&mut self, frame: Frame) {
        self.outer.push(std::mem::replace(&mut self.top, frame));
        self.after_value = self.after_value_in_top();
    }

    /// What is due after a value in `top`.
    #[inline]
    fn after_value_in_top(&self) -> Expect {
        match self.top {
            Frame::Root => Expect::Done,
            Frame::Array { .. } => Expect::CommaOrEndOfArray,
            Frame::Object { .. } => Expect::CommaOrEndOfObject,
        }
    }

    #[inline]
    pub(crate) fn push_array(&mut self) {
        self.push(Frame::Array {
            index: 0,
            current: true,
        });
        self.expect = Expect::FirstElementOrEnd;
    }

    #[inline]
    pub(crate) fn push_object(&mut self) {
        self.push(Frame::Object {
            key_start: self.keys.len(),
            key: Key::None,
        });
        self.expect = Expect::FirstKeyOrEnd;
    }

    /// Closes the innermost container; the container itself is a completed value.
    #[inline]
    pub(crate) fn pop(&mut self) {
        if let Frame::Object { key_start, .. } = self.top {
            self.keys.truncate(key_start);
        }
        self.top = self.outer.pop().unwrap_or(Frame::Root);
        self.after_value = self.after_value_in_top();
        self.value_done();
    }

    /// A value is complete: what comes next depends on the container around it.
    #[inline]
    pub(crate) fn value_done(&mut self) {
        self.expect = self.after_value;
    }

    /// A `,` in an array: the next element has the next index.
    #[inline]
    pub(crate) fn next_element(&mut self) {
        if let Frame::Array { index, .. } = &mut self.top {
            *index += 1;
        }
        self.expect = Expect::Value;
    }

    /// A `,` in an object: the previous key no longer names the position.
    #[inline]
    pub(crate) fn next_member(&mut self) {
        if let Frame::Object { key_start, key } = &mut self.top {
            self.keys.truncate(*key_start);
            *key = Key::None;
        }
        self.expect = Expect::Key;
    }

    /// The end of the innermost container was seen: the path names the container itself.
    #[inline]
    pub(crate) fn at_end(&mut self) {
        match &mut self.top {
            Frame::Array { current, .. } => *current = false,
            Frame::Object { key_start, key } => {
                self.keys.truncate(*key_start);
                *key = Key::None;
            }
            Frame::Root => {}
        }
    }

    /// Records the key just read as the current key of the innermost object.
    #[inline]
    pub(crate) fn set_key(&mut self, key: &str) {
        if let Frame::Object {
            key_start,
            key: current,
        } = &mut self.top
        {
            self.keys.truncate(*key_start);
            self.keys.push_str(key);
            *current = Key::Text;
        }
        self.expect = Expect::Colon;
    }

    /// Records key `index` of a PBJSON document's memo as the current key of the innermost
    /// object (its text is looked up only if a path is made).
    #[inline]
    pub(crate) fn set_memo_key(&mut self, index: u8) {
        if let Frame::Object { key_start, key } = &mut self.top {
            if *key == Key::Text {
                self.keys.truncate(*key_start);
            }
            *key = Key::Memo(index);
        }
        self.expect = Expect::Colon;
    }

    /// True if the innermost container is an object.
    #[inline]
    pub(crate) fn in_object(&self) -> bool {
        matches!(self.top, Frame::Object { .. })
    }

    /// The JSON path of the current position: `$`, `$.a[3].b`, `$["not an identifier"]`.
    pub(crate) fn path(&self) -> String {
        self.path_with(|_| "")
    }

    /// The path of a key being read in the innermost object: the object's path with `partial`,
    /// the key as far as it was read, as the last step.
    pub(crate) fn path_in_key(&self, partial: &str) -> String {
        let mut path = self.path();
        push_key(&mut path, partial);
        path
    }

    /// [`path`](Self::path), with the text of memo keys from `memo_key`.
    pub(crate) fn path_with<'k>(&'k self, memo_key: impl Fn(u8) -> &'k str) -> String {
        self.path_of_frames(usize::MAX, memo_key)
    }

    /// The length of the path's start that the containers open at `depth` make: where the
    /// steps of a serde descent that began at that depth belong in the path of an error.
    pub(crate) fn path_len_at<'k>(
        &'k self,
        depth: usize,
        memo_key: impl Fn(u8) -> &'k str,
    ) -> usize {
        self.path_of_frames(depth + 1, memo_key).len()
    }

    /// The path made by the outermost `count` frames.
    fn path_of_frames<'k>(&'k self, count: usize, memo_key: impl Fn(u8) -> &'k str) -> String {
        let mut path = String::from("$");
        let frames: Vec<Frame> = self.outer.iter().chain([&self.top]).copied().collect();
        // Each object's key runs up to the next object's key_start (or the end).
        let mut key_end = self.keys.len();
        let mut ends = vec![0; frames.len()];
        for (i, frame) in frames.iter().enumerate().rev() {
            if let Frame::Object { key_start, .. } = *frame {
                ends[i] = key_end;
                key_end = key_start;
            }
        }
        for (frame, end) in frames.into_iter().zip(ends).take(count) {
            match frame {
                Frame::Root => {}
                Frame::Array { index, current } => {
                    if current {
                        let _ = write!(path, "[{index}]");
                    }
                }
                Frame::Object { key_start, key } => match key {
                    Key::None => {}
                    Key::Text => push_key(&mut path, &self.keys[key_start..end]),
                    Key::Memo(index) => push_key(&mut path, memo_key(index)),
                },
            }
        }
        path
    }
}

/// Appends `.key`, or `["key"]` when the key is not a plain identifier.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        crate::lex::escape::push_quoted(path, key);
        path.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_indices_and_keys() {
        let mut n = Nesting::new();
        assert_eq!(n.path(), "$");
        n.push_object();
        assert_eq!(n.path(), "$");
        n.set_key("records");
        n.push_array();
        n.next_element();
        n.next_element();
        n.push_object();
        n.set_key("first name");
        assert_eq!(n.path(), "$.records[2][\"first name\"]");
        n.next_member();
        n.set_key("id");
        assert_eq!(n.path(), "$.records[2].id");
        n.pop();
        assert_eq!(n.path(), "$.records[2]");
        n.pop();
        assert_eq!(n.path(), "$.records");
        n.next_member();
        assert_eq!(n.path(), "$");
        assert_eq!(n.path_in_key("rec"), "$.rec");
        n.set_key("a");
        n.push_object();
        assert_eq!(n.path_in_key("b c"), "$.a[\"b c\"]");
    }

    #[test]
    fn memo_keys_are_looked_up_when_a_path_is_made() {
        let memo = ["records", "first name"];
        let mut n = Nesting::new();
        n.push_object();
        n.set_memo_key(0);
        n.push_array();
        n.push_object();
        n.set_key("id");
        assert_eq!(n.path_with(|i| memo[usize::from(i)]), "$.records[0].id");
        n.set_memo_key(1);
        assert_eq!(
            n.path_with(|i| memo[usize::from(i)]),
            "$.records[0][\"first name\"]"
        );
        n.set_key("x");
        assert_eq!(n.path_with(|i| memo[usize::from(i)]), "$.records[0].x");
    }
}
