use jsonstream::Load;

#[derive(Load)]
struct Series {
    #[jsonstream(item = "f64")]
    data: Vec<f64>,
}

fn main() {}
