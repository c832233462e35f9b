use jsonstream::Load;

// Every mistake is reported, not only the first one.
#[derive(Load)]
#[jsonstream(rename_all = "camelcase", deny_unknown)]
struct Upload {
    #[jsonstream(blob = "hex")]
    content: Vec<u8>,
    #[jsonstream(item = "u32")]
    sizes: Vec<u32>,
    #[jsonstream(skip, seq)]
    cache: Vec<u8>,
    #[jsonstream(renamed = "id")]
    key: String,
}

fn main() {}
