use jsonstream::Load;

#[derive(Load)]
union Number {
    int: i64,
    float: f64,
}

fn main() {}
