use jsonstream::Load;

#[derive(Load)]
struct Upload {
    #[jsonstream(blob = "base64")]
    size: u32,
}

fn main() {}
