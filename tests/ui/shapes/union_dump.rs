use jsonstream::Dump;

#[derive(Dump)]
union Number {
    int: i64,
    float: f64,
}

fn main() {}
