use jsonstream::Load;

// A running statistic that forgot `Extend<f64>` and `Default`.
struct Mean {
    sum: f64,
    count: u64,
}

#[derive(Load)]
struct Series {
    #[jsonstream(seq, item = "f64")]
    mean: Mean,
}

fn main() {}
