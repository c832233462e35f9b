//! Reference answers computed without jsonstream: base64 text and its decoding, line and column
//! of an offset, JSON paths, and what a JSON Pointer with wildcards reaches in a document
//! (and which of the values reached a stream takes the items of).

use serde_json::Value;

/// Standard base64 with padding (RFC 4648 section 4).
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        if chunk.len() > 1 {
            out.push(ALPHABET[(n >> 6) as usize & 63] as char);
        } else {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(ALPHABET[n as usize & 63] as char);
        } else {
            out.push('=');
        }
    }
    out
}

/// Decodes standard base64 (RFC 4648 section 4) as jsonstream's base64 readers do: padding
/// optional, but if present exactly what completes the last quantum; unused bits of the last
/// character zero; no other character, no whitespace. `None` if `text` is not such base64.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let data_len = text.iter().rposition(|&c| c != b'=').map_or(0, |p| p + 1);
    let padding = text.len() - data_len;
    let rest = data_len % 4;
    let padding_ok =
        padding == 0 || (text.len().is_multiple_of(4) && padding == 4 - rest && rest >= 2);
    if rest == 1 || !padding_ok {
        return None;
    }
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    for chunk in text[..data_len].chunks(4) {
        let mut n = 0u32;
        for &c in chunk {
            n = (n << 6) | sextet(c)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&n.to_be_bytes()[1..]),
            3 => {
                if n & 0b11 != 0 {
                    return None;
                }
                out.extend_from_slice(&((n >> 2) as u16).to_be_bytes());
            }
            _ => {
                if n & 0b1111 != 0 {
                    return None;
                }
                out.push((n >> 4) as u8);
            }
        }
    }
    Some(out)
}

/// Line (1-based) and column (1-based, in bytes) of byte `offset` of `input`.
pub fn line_col(input: &[u8], offset: usize) -> (u64, u64) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (offset - line_start) as u64 + 1)
}

/// The JSON path of a member `key` of the object at `path`, as jsonstream writes paths:
/// `$.key` for a plain identifier, `$["any key"]` (a JSON string) otherwise.
pub fn path_key(path: &str, key: &str) -> String {
    let mut chars = key.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        let quoted = serde_json::to_string(key).expect("a string serializes");
        format!("{path}[{quoted}]")
    }
}

/// One step of a jsonstream JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PointerStep {
    Token(String),
    Any,
}

/// The steps of a pointer as `stream_at` documents them: RFC 6901, with a whole `*` step a
/// wildcard and `~2` a literal `*`; `None` if malformed.
fn pointer_steps(pointer: &str) -> Option<Vec<PointerStep>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    let mut steps = Vec::new();
    for token in rest.split('/') {
        if token == "*" {
            steps.push(PointerStep::Any);
            continue;
        }
        // Every `~` must begin one of the three escapes; `~01` is `~1`, so `~1` is undone
        // first and `~0` last.
        let mut rest = token;
        while let Some(at) = rest.find('~') {
            if !matches!(rest.as_bytes().get(at + 1), Some(b'0' | b'1' | b'2')) {
                return None;
            }
            rest = &rest[at + 2..];
        }
        let key = token
            .replace("~1", "/")
            .replace("~2", "*")
            .replace("~0", "~");
        steps.push(PointerStep::Token(key));
    }
    Some(steps)
}

/// What a pointer reaches in a document, by the rules `stream_at` documents.
#[derive(Debug, Clone, PartialEq)]
pub enum PointerOutcome<'v> {
    /// The pointer is malformed.
    Malformed,
    /// A step up to the first wildcard names nothing; the path of the value it was applied to.
    NotFound(String),
    /// The values the whole pointer reaches, in document order, with their paths (of any
    /// type: the caller decides what it wants of them).
    Reached(Vec<(String, &'v Value)>),
}

/// Which containers a stream over the values a pointer reaches takes the items of; a value
/// reached that it does not take is an error.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Takes {
    /// The elements of arrays (`stream_at`).
    Arrays,
    /// The members of objects (`stream_entries_at`).
    Objects,
    /// Both (`stream_items_at`).
    Both,
}

impl Takes {
    /// True if the stream takes the items of `value`.
    pub fn takes(self, value: &Value) -> bool {
        match self {
            Takes::Arrays => value.is_array(),
            Takes::Objects => value.is_object(),
            Takes::Both => value.is_array() || value.is_object(),
        }
    }

    /// What the error for a value reached that the stream does not take says.
    pub fn refusal(self) -> &'static str {
        match self {
            Takes::Arrays => "is not an array",
            Takes::Objects => "is not an object",
            Takes::Both => "is neither an array nor an object",
        }
    }
}

/// What `pointer` reaches in `doc`, found by hand over a [`Value`] (its members in the order
/// of its map, which is the document's order when the document was written from it).
pub fn pointer_outcome<'v>(doc: &'v Value, pointer: &str) -> PointerOutcome<'v> {
    let Some(steps) = pointer_steps(pointer) else {
        return PointerOutcome::Malformed;
    };
    let mut reached = Vec::new();
    match follow(doc, "$".to_owned(), &steps, false, &mut reached) {
        Ok(()) => PointerOutcome::Reached(reached),
        Err(path) => PointerOutcome::NotFound(path),
    }
}

/// Follows `steps` from `value` at `path`; `Err` with the path of a value that the next step
/// (not under a wildcard) cannot apply to.
fn follow<'v>(
    value: &'v Value,
    path: String,
    steps: &[PointerStep],
    under_wildcard: bool,
    reached: &mut Vec<(String, &'v Value)>,
) -> Result<(), String> {
    let Some((step, rest)) = steps.split_first() else {
        reached.push((path, value));
        return Ok(());
    };
    let next: Vec<(String, &Value)> = match (step, value) {
        (PointerStep::Any, Value::Array(elements)) => elements
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{path}[{i}]"), v))
            .collect(),
        (PointerStep::Any, Value::Object(members)) => members
            .iter()
            .map(|(k, v)| (path_key(&path, k), v))
            .collect(),
        (PointerStep::Token(key), Value::Object(members)) => members
            .get(key)
            .map(|v| (path_key(&path, key), v))
            .into_iter()
            .collect(),
        (PointerStep::Token(token), Value::Array(elements)) => {
            let canonical = token == "0"
                || (!token.is_empty()
                    && !token.starts_with('0')
                    && token.bytes().all(|b| b.is_ascii_digit()));
            let index = if canonical {
                token.parse::<usize>().ok()
            } else {
                None
            };
            index
                .and_then(|i| elements.get(i).map(|v| (format!("{path}[{i}]"), v)))
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    };
    let enters = matches!(
        (step, value),
        (PointerStep::Any, Value::Array(_) | Value::Object(_))
    );
    if next.is_empty() && !enters && !under_wildcard {
        return Err(path);
    }
    let under = under_wildcard || *step == PointerStep::Any;
    for (p, v) in next {
        follow(v, p, rest, under, reached)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn base64_decodes_what_it_encodes_and_nothing_else() {
        for len in 0..10 {
            let data: Vec<u8> = (0..len).map(|i| (i * 97 + 3) as u8).collect();
            let text = base64_encode(&data);
            assert_eq!(base64_decode(text.as_bytes()), Some(data.clone()));
            let unpadded = text.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded.as_bytes()), Some(data));
        }
        for bad in [
            "A", "A===", "AAAAA", "AP 8=", "A!AA", "-_8=", "AR==", "AA=", "AA===", "=", "AA==AA==",
        ] {
            assert_eq!(base64_decode(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(base64_decode(b"+/8="), Some(vec![251, 255]));
    }

    #[test]
    fn line_col_counts_bytes() {
        let t = b"ab\ncd\n\xc3\xa9x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 2), (1, 3));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (3, 3));
        assert_eq!(line_col(t, t.len()), (3, 4));
    }

    #[test]
    fn paths_quote_keys_that_are_not_identifiers() {
        assert_eq!(path_key("$", "a_1"), "$.a_1");
        assert_eq!(path_key("$[0]", "_"), "$[0]._");
        assert_eq!(path_key("$", "1a"), r#"$["1a"]"#);
        assert_eq!(path_key("$", ""), r#"$[""]"#);
        assert_eq!(path_key("$", "a \"b\"\n"), r#"$["a \"b\"\n"]"#);
    }

    #[test]
    fn pointers_reach_what_stream_at_documents() {
        let doc = serde_json::json!({
            "a": [{"b": [1]}, {"c": 2}, {"b": 3}, 4],
            "*": {"~/": [5]},
            "o": {"x": {"b": [6]}, "y": {"b": []}},
            "e": []
        });
        let paths = |pointer: &str| match pointer_outcome(&doc, pointer) {
            PointerOutcome::Reached(r) => r.into_iter().map(|(p, _)| p).collect::<Vec<_>>(),
            other => panic!("{pointer}: {other:?}"),
        };
        assert_eq!(paths(""), ["$"]);
        assert_eq!(paths("/a/*/b"), ["$.a[0].b", "$.a[2].b"]);
        assert_eq!(paths("/o/*/b"), ["$.o.x.b", "$.o.y.b"]);
        assert_eq!(
            paths("/*/*/b"),
            ["$.a[0].b", "$.a[2].b", "$.o.x.b", "$.o.y.b"]
        );
        assert_eq!(paths("/a/*/b/*"), ["$.a[0].b[0]"]);
        assert_eq!(paths("/~2/~0~1"), [r#"$["*"]["~/"]"#]);
        assert_eq!(paths("/e/*/x"), Vec::<String>::new());
        assert_eq!(paths("/a/0/b/0"), ["$.a[0].b[0]"]);
        let outcome = |pointer: &str| pointer_outcome(&doc, pointer);
        assert_eq!(outcome("/a/7/b"), PointerOutcome::NotFound("$.a".into()));
        assert_eq!(outcome("/a/01"), PointerOutcome::NotFound("$.a".into()));
        assert_eq!(outcome("/nope/*"), PointerOutcome::NotFound("$".into()));
        assert_eq!(outcome("/a/3/*"), PointerOutcome::NotFound("$.a[3]".into()));
        assert_eq!(
            outcome("/*"),
            PointerOutcome::Reached(
                doc.as_object()
                    .unwrap()
                    .values()
                    .zip(["$[\"*\"]", "$.a", "$.e", "$.o"])
                    .map(|(v, p)| (p.to_owned(), v))
                    .collect()
            )
        );
        for bad in ["a", "/~", "/a~3", "/~*"] {
            assert_eq!(outcome(bad), PointerOutcome::Malformed, "{bad}");
        }
    }
}
