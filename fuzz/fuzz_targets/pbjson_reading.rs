#![no_main]
//! Fuzz target `pbjson_reading`: see `jsonstream_tests::checks::check_pbjson_reading`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_pbjson_reading(data));
