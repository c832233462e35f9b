//! Bounds on what a reader materializes.

/// Bounds on the resources one document may make a reader use.
///
/// Every limit has its own [`LimitKind`](crate::LimitKind) when exceeded, reported as an error of
/// [`Category::Limit`](crate::Category::Limit) at the offset where the offending token starts.
/// Strings that are streamed ([`JsonReader::string_reader`](crate::JsonReader::string_reader))
/// and values that are skipped are not subject to the string limit: they are never held.
///
/// `usize::MAX` (for the document, `None`) means no limit, on every input path.
///
/// # Examples
///
/// ```
/// use jsonstream::{Limits, LimitKind, ReaderOptions};
///
/// let options = ReaderOptions::new().limits(Limits { max_depth: 2, ..Limits::default() });
/// let err = options.from_slice::<serde_json::Value>(b"[[[1]]]").unwrap_err();
/// assert_eq!(err.limit(), Some(LimitKind::Depth));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How many levels of arrays and objects may nest: `max_depth` levels are accepted, one
    /// more is an error. Default 127, serde_json's limit (its recursion limit of 128 accepts 127
    /// levels), so that both accept the same documents. `usize::MAX`: no limit.
    ///
    /// A serde target (`serde_json::Value`, a derived type, …) is read recursively, one call
    /// per level, so a very high limit lets deep input overflow the stack. Skipping
    /// ([`skip_value`](crate::JsonReader::skip_value), `IgnoredAny`, ignored fields), the way
    /// to a stream's array ([`stream_at`](crate::stream_at)) and the token API stay iterative
    /// at any depth.
    pub max_depth: usize,
    /// Longest number text, in bytes. Default 4096. `usize::MAX`: no limit.
    pub max_number_len: usize,
    /// Longest object key, in bytes of the unescaped key. Default 1 MiB. `usize::MAX`: no
    /// limit.
    pub max_key_len: usize,
    /// Longest string value that is materialized (read into memory), in unescaped bytes.
    /// Default 1 GiB. `usize::MAX`: no limit.
    pub max_string_len: usize,
    /// Largest document, in bytes of input including trailing whitespace. Default `None`: no
    /// limit (as is `Some(u64::MAX)`).
    pub max_document_len: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 127,
            max_number_len: 4096,
            max_key_len: 1 << 20,
            max_string_len: 1 << 30,
            max_document_len: None,
        }
    }
}
