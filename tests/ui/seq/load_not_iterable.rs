use jsonstream::Load;

#[derive(Load)]
struct Series {
    #[jsonstream(seq)]
    count: u32,
}

fn main() {}
