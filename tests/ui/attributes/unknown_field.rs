use jsonstream::Load;

#[derive(Load)]
struct Upload {
    #[jsonstream(blobb)]
    content: Vec<u8>,
}

fn main() {}
