#![no_main]
//! Fuzz target `reading_paths`: see `jsonstream_tests::checks::check_reading_paths`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_reading_paths(data));
