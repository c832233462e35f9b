use jsonstream::Load;

#[derive(Load)]
struct Upload {
    #[jsonstream(skip, blob)]
    content: Vec<u8>,
    #[jsonstream(seq, skip)]
    sizes: Vec<u32>,
}

fn main() {}
