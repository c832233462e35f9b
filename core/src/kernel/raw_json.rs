//! The only conversions between `str` and [`RawJson`]: `RawJson` is `#[repr(transparent)]`
//! over `str`, so a pointer to one is a pointer to the other, with the same length. Callers
//! (in `model::raw`) pass checked text only: the text of one value that a reader of this crate
//! read in full.

use crate::model::raw::RawJson;

pub(crate) fn borrowed(json: &str) -> &RawJson {
    // SAFETY: `RawJson` is `repr(transparent)` over `str`: same layout, same metadata.
    unsafe { &*(json as *const str as *const RawJson) }
}

pub(crate) fn boxed(json: Box<str>) -> Box<RawJson> {
    // SAFETY: as above; the allocation is handed from one box to the other unchanged.
    unsafe { Box::from_raw(Box::into_raw(json) as *mut RawJson) }
}

pub(crate) fn unboxed(raw: Box<RawJson>) -> Box<str> {
    // SAFETY: as above, the other way.
    unsafe { Box::from_raw(Box::into_raw(raw) as *mut str) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The casts keep the text and its length, and hand the allocation back and forth (run
    /// under miri, which checks the layouts and the frees).
    #[test]
    fn casts_keep_the_text() {
        let text = String::from("[1, \"two\"]");
        assert_eq!(borrowed(&text).get(), "[1, \"two\"]");
        let boxed = boxed(text.into_boxed_str());
        assert_eq!(boxed.get(), "[1, \"two\"]");
        assert_eq!(&*unboxed(boxed), "[1, \"two\"]");
        assert_eq!(borrowed("").get(), "");
    }
}
