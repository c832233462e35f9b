use jsonstream::Load;

#[derive(Load)]
struct Nothing;

fn main() {}
