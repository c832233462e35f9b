use jsonstream::Dump;

#[derive(Dump)]
struct Upload {
    #[jsonstream(blob)]
    size: u32,
}

fn main() {}
