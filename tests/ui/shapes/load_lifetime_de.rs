use jsonstream::Load;

#[derive(Load)]
struct Borrowed<'de> {
    name: &'de str,
}

fn main() {}
