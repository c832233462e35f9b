use jsonstream::Load;

#[derive(Load)]
struct Series {
    #[jsonstream(seq)]
    first: Option<f64>,
}

fn main() {}
