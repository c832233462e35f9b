//! JSON Pointers (RFC 6901) with a `*` wildcard step, and the walk that takes a reader to
//! every array or object a pointer reaches without materializing anything else.
//!
//! The syntax is RFC 6901's (`~0` is `~`, `~1` is `/`), with two additions: a step that is
//! exactly `*` matches every element of an array and every member value of an object, and `~2`
//! is a literal `*`. RFC 6901 has no `~2`, so no pointer it accepts changes meaning except one
//! with a whole `*` step, whose key is now spelt `~2`.

use crate::error::{ErrorCode, Result};
use crate::read::reader::{JsonReader, ValueType};
use crate::read::Read;

/// One step of a pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A member's key, unescaped; in an array, an index if it is one (RFC 6901 leaves the
    /// choice to the value met).
    Token(String),
    /// `*`: every element of an array, every member value of an object.
    Any,
}

/// Splits a pointer into its steps, or says why it is malformed.
fn parse(pointer: &str) -> std::result::Result<Vec<Step>, &'static str> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err("a pointer is empty or starts with `/`");
    };
    rest.split('/')
        .map(|token| match token {
            "*" => Ok(Step::Any),
            _ => unescape(token).map(Step::Token),
        })
        .collect()
}

fn unescape(token: &str) -> std::result::Result<String, &'static str> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                Some('2') => out.push('*'),
                _ => return Err("`~` must be followed by `0` (`~`), `1` (`/`) or `2` (`*`)"),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// An array index token: `0` or digits without a leading zero.
fn index(token: &str) -> Option<u64> {
    let plain = token.bytes().all(|b| b.is_ascii_digit()) && !token.is_empty();
    let canonical = token == "0" || !token.starts_with('0');
    if plain && canonical {
        token.parse().ok()
    } else {
        None
    }
}

/// What a walk hands out of each container its pointer reaches.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Items {
    /// The elements of arrays.
    Elements,
    /// The members of objects.
    Members,
    /// The elements of arrays and the members of objects, whichever each container reached
    /// is: the caller tells them apart by [`JsonReader::in_object`].
    Either,
}

/// A walk through one document to the items (elements or members) of every container that a
/// pointer reaches, in document order, for the streams (`ArrayStream`, `EntryStream`,
/// `ItemStream`) and anything else that reads items its own way (`Load` types): each
/// [`next_item`](Self::next_item) leaves the reader just before one, and the caller reads it.
/// The reader starts at the beginning of its document; the walk reads it to its end.
///
/// Everything else is skipped without being kept, and checked: the walk reads the document to
/// its end. Under a wildcard, a value that lacks the rest of the path (a missing key, an index
/// past the end, a scalar where a step should enter) is skipped; a value that the whole
/// pointer reaches must be the container asked for, wildcard or not.
#[derive(Clone)]
pub(crate) struct Walk {
    /// The pointer as given, for messages; `None` for the top-level value itself, whose errors
    /// are the reader's own (`expected an array, found …`).
    pointer: Option<Box<str>>,
    steps: std::result::Result<Vec<Step>, &'static str>,
    /// The index of the first wildcard step: a step after it that finds nothing skips the
    /// value, one up to it is an error.
    first_any: Option<usize>,
    items: Items,
    started: bool,
}

impl Walk {
    /// A walk to the items of the top-level value.
    pub(crate) fn document(items: Items) -> Self {
        Walk {
            pointer: None,
            steps: Ok(Vec::new()),
            first_any: None,
            items,
            started: false,
        }
    }

    /// A walk to the items of every container that `pointer` reaches. A malformed pointer is
    /// the error of the first [`next_item`](Self::next_item).
    pub(crate) fn at(pointer: &str, items: Items) -> Self {
        let steps = parse(pointer);
        let first_any = match &steps {
            Ok(steps) => steps.iter().position(|s| *s == Step::Any),
            Err(_) => None,
        };
        Walk {
            first_any,
            pointer: Some(pointer.into()),
            steps,
            items,
            started: false,
        }
    }

    /// The same walk, for a reader that is already on its way: between two items of a
    /// container the pointer reaches, where a copy of this walk has left another reader.
    pub(crate) fn resumed(&self) -> Walk {
        Walk {
            started: true,
            ..self.clone()
        }
    }

    /// Moves `reader` to the next item: returns true with the next element's value due (in an
    /// array) or the next member's key due (in an object), false once the document has been
    /// read to its end. After the caller has read the item, it calls again.
    ///
    /// # Errors
    ///
    /// A malformed pointer; a step that finds nothing outside a wildcard's reach; a value
    /// reached by the whole pointer that is not the container asked for; any error in the
    /// document, up to its end.
    pub(crate) fn next_item<'de, S: Read<'de>>(
        &mut self,
        reader: &mut JsonReader<S>,
    ) -> Result<bool> {
        let steps = match &self.steps {
            Ok(steps) => steps,
            Err(reason) => {
                return Err(reader.error(ErrorCode::InvalidPointer(self.pointer(), reason)));
            }
        };
        if !self.started {
            self.started = true;
            if self.descend(steps, reader)? {
                return Ok(true);
            }
        }
        self.advance(steps, reader)
    }

    /// From just before a value (the top-level one, or the one a step found, at the level of
    /// the reader's depth), follows the steps down to the first item of a container that the
    /// pointer reaches. False if there is none below this value; the reader is then just after
    /// the value or inside one of its containers, and [`advance`](Self::advance) goes on.
    fn descend<'de, S: Read<'de>>(
        &self,
        steps: &[Step],
        reader: &mut JsonReader<S>,
    ) -> Result<bool> {
        loop {
            let level = reader.depth();
            let Some(step) = steps.get(level) else {
                return self.enter_container(reader);
            };
            let found = match (step, reader.peek()?) {
                (Step::Any, ValueType::Array) => {
                    reader.begin_array()?;
                    if !reader.has_next()? {
                        return Ok(false);
                    }
                    continue;
                }
                (Step::Any, ValueType::Object) => {
                    reader.begin_object()?;
                    if !reader.has_next()? {
                        return Ok(false);
                    }
                    reader.next_key()?;
                    continue;
                }
                (Step::Token(key), ValueType::Object) => {
                    reader.begin_object()?;
                    find_member(reader, key)?
                }
                (Step::Token(token), ValueType::Array) => match index(token) {
                    Some(wanted) => {
                        reader.begin_array()?;
                        find_element(reader, wanted)?
                    }
                    None => false,
                },
                _ => false,
            };
            if !found {
                if !self.under_wildcard(level) {
                    return Err(reader.error(ErrorCode::PointerNotFound(self.pointer())));
                }
                // The value lacks the rest of the path: skipped, if it was not entered.
                if reader.depth() == level {
                    reader.skip_value()?;
                }
                return Ok(false);
            }
        }
    }

    /// True if the value at `level` was reached through a wildcard: a step from it that finds
    /// nothing skips it rather than failing.
    fn under_wildcard(&self, level: usize) -> bool {
        self.first_any.is_some_and(|any| any < level)
    }

    /// The pointer as given, for messages.
    fn pointer(&self) -> Box<str> {
        self.pointer.clone().unwrap_or_default()
    }

    /// Opens the container that the whole pointer reached; true if it has a first item.
    fn enter_container<'de, S: Read<'de>>(&self, reader: &mut JsonReader<S>) -> Result<bool> {
        let array = match (self.items, &self.pointer) {
            // The top-level value of `stream` and `stream_entries`: the reader's own error
            // (`expected `[`, found …`) says what is there instead.
            (Items::Elements, None) => true,
            (Items::Members, None) => false,
            (items, _) => match (items, reader.peek()?) {
                (Items::Elements | Items::Either, ValueType::Array) => true,
                (Items::Members | Items::Either, ValueType::Object) => false,
                (Items::Elements, _) => {
                    return Err(reader.error(ErrorCode::NotAnArray(self.pointer())))
                }
                (Items::Members, _) => {
                    return Err(reader.error(ErrorCode::NotAnObject(self.pointer())))
                }
                (Items::Either, _) => {
                    // Of `Category::Data`, as `NotAnArray` and `NotAnObject` are.
                    let message = format!(
                        "value at JSON Pointer `{}` is neither an array nor an object",
                        self.pointer()
                    );
                    return Err(reader.error(ErrorCode::Message(message.into())));
                }
            },
        };
        if array {
            reader.begin_array()?;
        } else {
            reader.begin_object()?;
        }
        reader.has_next()
    }

    /// From inside the containers the walk has entered, after a complete value (an item, a
    /// value that lacked the rest of the path, a step's match), goes on to the next item: the
    /// next one of the innermost container reached, else below the next value that a wildcard
    /// matches; closes every container on the way, reading (and checking) the rest of each.
    fn advance<'de, S: Read<'de>>(
        &self,
        steps: &[Step],
        reader: &mut JsonReader<S>,
    ) -> Result<bool> {
        loop {
            let depth = reader.depth();
            if depth == 0 {
                reader.end_document()?;
                return Ok(false);
            }
            // The container at `depth` was entered by step `depth - 1`, or is a container
            // reached (no step).
            match steps.get(depth - 1) {
                None => {
                    if reader.has_next()? {
                        return Ok(true);
                    }
                }
                Some(Step::Any) => {
                    if reader.has_next()? {
                        if reader.in_object() {
                            reader.next_key()?;
                        }
                        if self.descend(steps, reader)? {
                            return Ok(true);
                        }
                        continue;
                    }
                }
                Some(Step::Token(_)) => {
                    // The one value of this step is complete: the rest is read and checked.
                    while reader.has_next()? {
                        if reader.in_object() {
                            reader.next_key()?;
                        }
                        reader.skip_value()?;
                    }
                }
            }
            if reader.in_object() {
                reader.end_object()?;
            } else {
                reader.end_array()?;
            }
        }
    }
}

/// In an object just opened: reads up to the member named `key`, true with its value due;
/// false at the end of the object.
fn find_member<'de, S: Read<'de>>(reader: &mut JsonReader<S>, key: &str) -> Result<bool> {
    while reader.has_next()? {
        if reader.next_key()? == key {
            return Ok(true);
        }
        reader.skip_value()?;
    }
    Ok(false)
}

/// In an array just opened: skips up to element `wanted`, true with it due; false at the end
/// of the array.
fn find_element<'de, S: Read<'de>>(reader: &mut JsonReader<S>, wanted: u64) -> Result<bool> {
    for _ in 0..wanted {
        if !reader.has_next()? {
            return Ok(false);
        }
        reader.skip_value()?;
    }
    reader.has_next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(s: &str) -> Step {
        Step::Token(s.into())
    }

    #[test]
    fn steps_are_unescaped() {
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(parse("/"), Ok(vec![token("")]));
        assert_eq!(
            parse("/a~1b/c~0d/0"),
            Ok(vec![token("a/b"), token("c~d"), token("0")])
        );
        assert_eq!(parse("/~01"), Ok(vec![token("~1")]));
    }

    #[test]
    fn a_whole_star_step_is_a_wildcard_and_tilde_two_a_star() {
        assert_eq!(
            parse("/a/*/b/*"),
            Ok(vec![token("a"), Step::Any, token("b"), Step::Any])
        );
        assert_eq!(parse("/~2"), Ok(vec![token("*")]));
        assert_eq!(
            parse("/a*/**/*b"),
            Ok(vec![token("a*"), token("**"), token("*b")])
        );
        assert_eq!(parse("/a~2b/~0~2~1"), Ok(vec![token("a*b"), token("~*/")]));
        assert_eq!(parse("/*/"), Ok(vec![Step::Any, token("")]));
    }

    #[test]
    fn malformed_pointers_say_why() {
        for pointer in ["a", "*", "a/b", "~0"] {
            assert!(
                parse(pointer).unwrap_err().contains("starts with `/`"),
                "{pointer}"
            );
        }
        for pointer in ["/~", "/a~3", "/~~0", "/a/b~", "/~*"] {
            assert!(
                parse(pointer).unwrap_err().contains("`~` must be"),
                "{pointer}"
            );
        }
    }

    /// What a caller of the walk reads at each item: the element's number, or the member's
    /// key and number, with the path just after it.
    fn walk_items(json: &str, pointer: &str, items: Items) -> Result<Vec<String>> {
        let mut reader = JsonReader::from_str(json);
        let mut walk = Walk::at(pointer, items);
        let mut seen = Vec::new();
        while walk.next_item(&mut reader)? {
            let key = if reader.in_object() {
                format!("{}=", reader.next_key()?)
            } else {
                String::new()
            };
            let n = reader.next_number_str()?.to_owned();
            seen.push(format!("{key}{n} {}", reader.path()));
        }
        Ok(seen)
    }

    #[test]
    fn a_walk_leaves_the_reader_before_each_item() {
        let json = r#"{"a": [{"b": [1, 2]}, 3, {"b": {"k": 4}}, {"b": []}], "z": [{"b": 0}]}"#;
        assert_eq!(
            walk_items(json, "/a/*/b", Items::Elements)
                .unwrap_err()
                .to_string(),
            "value at JSON Pointer `/a/*/b` is not an array at line 1 column 32, path $.a[2].b"
        );
        assert_eq!(
            walk_items(json, "/a/0/b", Items::Elements).unwrap(),
            ["1 $.a[0].b[0]", "2 $.a[0].b[1]"]
        );
        assert_eq!(
            walk_items(json, "/*/*/b", Items::Members)
                .unwrap_err()
                .path(),
            "$.a[0].b"
        );
        assert_eq!(
            walk_items(json, "/a/2/*", Items::Members).unwrap(),
            ["k=4 $.a[2].b.k"]
        );
        let err = walk_items(json, "/a/1/*", Items::Elements).unwrap_err();
        assert_eq!(
            err.to_string(),
            "JSON Pointer `/a/1/*` not found at line 1 column 23, path $.a[1]"
        );
        // The document is read to its end, and checked.
        let err = walk_items(r#"{"a": [[1]], "b": x}"#, "/a/*", Items::Elements).unwrap_err();
        assert_eq!(err.path(), "$.b");
    }

    #[test]
    fn a_walk_to_either_enters_arrays_and_objects_alike() {
        let json = r#"{"a": [{"b": [1, 2]}, 3, {"b": {"k": 4}}, {"b": []}], "z": [{"b": 0}]}"#;
        assert_eq!(
            walk_items(json, "/a/*/b", Items::Either).unwrap(),
            ["1 $.a[0].b[0]", "2 $.a[0].b[1]", "k=4 $.a[2].b.k"]
        );
        assert_eq!(
            walk_items(json, "/a/3/b", Items::Either).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            walk_items(r#"{"b": 4}"#, "", Items::Either).unwrap(),
            ["b=4 $.b"]
        );
        assert_eq!(walk_items("[5]", "", Items::Either).unwrap(), ["5 $[0]"]);
        let err = walk_items(json, "/*/*/b", Items::Either).unwrap_err();
        assert_eq!(
            err.to_string(),
            "value at JSON Pointer `/*/*/b` is neither an array nor an object \
             at line 1 column 67, path $.z[0].b"
        );
        let err = walk_items("7", "", Items::Either).unwrap_err();
        assert_eq!(err.path(), "$");
    }

    #[test]
    fn indices_are_canonical() {
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("12"), Some(12));
        assert_eq!(index("012"), None);
        assert_eq!(index("-"), None);
        assert_eq!(index(""), None);
    }
}
