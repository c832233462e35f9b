use jsonstream::{Dump, Load};

#[derive(Dump, Load)]
#[jsonstream(rename_all = "lowercase")]
enum Level {
    Low,
    #[jsonstream(rename = "low")]
    Minimum,
    High,
}

fn main() {}
