//! JSON Pointers (RFC 6901): finding a value without materializing what comes before it.

use crate::error::{ErrorCode, Result};
use crate::read::reader::{JsonReader, ValueType};
use crate::read::Read;

/// Splits a pointer into its unescaped reference tokens (`~1` is `/`, `~0` is `~`).
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape).collect()
}

fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
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

impl<'de, S: Read<'de>> JsonReader<S> {
    /// Moves the reader to the value at `pointer`, skipping everything before it. Returns the
    /// depth of the container holding it (0 for the top-level value).
    pub(crate) fn seek(&mut self, pointer: &str) -> Result<usize> {
        let not_found = || ErrorCode::PointerNotFound(pointer.into());
        let tokens = match tokens(pointer) {
            Some(tokens) => tokens,
            None => return Err(self.error(ErrorCode::InvalidPointer(pointer.into()))),
        };
        for token in &tokens {
            match self.peek()? {
                ValueType::Object => {
                    self.begin_object()?;
                    loop {
                        if !self.has_next()? {
                            return Err(self.error(not_found()));
                        }
                        if self.next_key()? == token {
                            break;
                        }
                        self.skip_value()?;
                    }
                }
                ValueType::Array => {
                    let Some(wanted) = index(token) else {
                        return Err(self.error(not_found()));
                    };
                    self.begin_array()?;
                    for _ in 0..wanted {
                        if !self.has_next()? {
                            return Err(self.error(not_found()));
                        }
                        self.skip_value()?;
                    }
                    if !self.has_next()? {
                        return Err(self.error(not_found()));
                    }
                }
                _ => return Err(self.error(not_found())),
            }
        }
        Ok(tokens.len())
    }

    /// Reads the rest of every open container, checking it, down to the top level.
    pub(crate) fn close_all(&mut self) -> Result<()> {
        while self.depth() > 0 {
            if self.has_next()? {
                if self.in_object() {
                    self.next_key()?;
                }
                self.skip_value()?;
            } else if self.in_object() {
                self.end_object()?;
            } else {
                self.end_array()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unescaped() {
        assert_eq!(tokens(""), Some(vec![]));
        assert_eq!(tokens("/"), Some(vec![String::new()]));
        assert_eq!(
            tokens("/a~1b/c~0d/0"),
            Some(vec!["a/b".into(), "c~d".into(), "0".into()])
        );
        assert_eq!(tokens("a"), None);
        assert_eq!(tokens("/a~2"), None);
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
