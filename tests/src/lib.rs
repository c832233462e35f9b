//! What the jsonstream integration tests share: readers that cut input into unusual pieces,
//! huge generated documents, a counting allocator, comparable snapshots of results, errors and
//! token streams, exact value comparison, an order-preserving value (what a reformatter must
//! write), reference answers, the PBJSON reference vectors and their exact values, the PBJSON
//! reference implementation (Python) as an oracle, the JSONTestSuite files, proptest
//! strategies, the window sizes the reader tests run, and the checks that the fuzz targets,
//! their replay test and the chunk-invariance tests run.
//!
//! Each test binary under `tests/` uses the parts it needs; the modules' own unit tests check
//! that the helpers do what they promise.

pub mod alloc;
pub mod checks;
pub mod compare;
pub mod huge;
pub mod ordered;
pub mod pbjson_reference;
pub mod pbjson_vectors;
pub mod readers;
pub mod reference;
pub mod snapshot;
pub mod strategies;
pub mod stream_inputs;
pub mod suite;
pub mod temp_dir;
pub mod window;
