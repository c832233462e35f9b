#![no_main]
//! Fuzz target `writers`: see `jsonstream_tests::checks::check_writers`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_writers(data));
