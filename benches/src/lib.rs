//! Shared pieces of the jsonstream benches (`benches/benches/`).
//!
//! * typed serde models of the three classic documents of the
//!   [json-benchmark](https://github.com/serde-rs/json-benchmark) suite:
//!   [`canada`] (`canada.json`, GeoJSON, number heavy), [`citm`]
//!   (`citm_catalog.json`, integer-keyed maps and small objects) and [`twitter`]
//!   (`twitter.json`, string heavy, non-ASCII and escapes);
//! * [`records`]: a deterministic generator of a large JSON array of flat records, the
//!   "iterate records" job of the design;
//! * [`statuses`]: an array of many twitter statuses in a file, for the parallel benches;
//! * [`placement`]: how far apart the cores running two threads are, for the parallel benches;
//! * [`text`]: the large string of the string benches, plain or with escapes;
//! * [`data`]: where the benches find the documents; [`temp_file`]: where they write large ones;
//! * [`difference`]: where a reader's value differs from the reference reader's.
//!
//! The models are written for these benches (not copied from another suite); every field
//! present in the documents is declared, so every library under test does the same work.

pub mod canada;
pub mod citm;
pub mod data;
pub mod difference;
pub mod placement;
pub mod records;
pub mod statuses;
pub mod temp_file;
pub mod text;
pub mod twitter;
