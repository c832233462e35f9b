//! Compile-fail tests of `#[derive(Dump, Load)]` and of their use: every case under
//! `tests/ui/<topic>/` must fail to build with the errors of its `.stderr`, which point at the
//! user's code.
//! `TRYBUILD=overwrite cargo test -p jsonstream-tests --test derive_ui` rewrites them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/attributes/*.rs");
    t.compile_fail("ui/blob/*.rs");
    t.compile_fail("ui/seq/*.rs");
    t.compile_fail("ui/serde/*.rs");
    t.compile_fail("ui/shapes/*.rs");
    t.compile_fail("ui/stream/*.rs");
    t.compile_fail("ui/value/*.rs");
}
