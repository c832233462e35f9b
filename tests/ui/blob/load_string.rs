use jsonstream::Load;

#[derive(Load)]
struct Upload {
    #[jsonstream(blob)]
    content: String,
}

fn main() {}
