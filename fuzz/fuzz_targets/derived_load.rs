#![no_main]
//! Fuzz target `derived_load`: see `jsonstream_tests::checks::check_derived_load`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_derived_load(data));
