use jsonstream::Load;

#[derive(Load)]
struct Pair(i32, i32);

fn main() {}
