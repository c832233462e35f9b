use jsonstream::Dump;

#[derive(Dump)]
struct Series {
    #[jsonstream(seq)]
    count: u32,
}

fn main() {}
