use jsonstream::{Dump, Load};

#[derive(Dump, Load)]
struct Meters(#[jsonstream(skip)] f64);

#[derive(Dump)]
enum Reading {
    Raw(#[jsonstream(skip)] Vec<u8>),
    // Two fields: one may be skipped.
    Pair(u8, #[jsonstream(skip)] u8),
}

fn main() {}
