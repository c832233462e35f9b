use jsonstream::Dump;

#[derive(Dump)]
struct Upload<'a> {
    #[jsonstream(blob = "hex")]
    content: &'a [u8],
}

fn main() {}
