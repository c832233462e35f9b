#![no_main]
//! Fuzz target `value_differential`: see `jsonstream_tests::checks::check_value_differential`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonstream_tests::checks::check_value_differential(data));
