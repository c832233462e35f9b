use jsonstream::Dump;

#[derive(Dump)]
struct Pair(#[jsonstream(rename = "first")] i32, i32);

fn main() {}
