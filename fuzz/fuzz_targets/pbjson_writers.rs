#![no_main]
//! Fuzz target `pbjson_writers`: see `jsonstream_tests::checks::check_pbjson_writers`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_pbjson_writers(data));
