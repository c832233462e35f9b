use jsonstream::Load;

// A running statistic: `Extend<f64> + Default`, not a collection to iterate, so its element
// type must be named with `item`.
#[derive(Default)]
struct Mean {
    sum: f64,
    count: u64,
}

impl Extend<f64> for Mean {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, values: I) {
        for value in values {
            self.sum += value;
            self.count += 1;
        }
    }
}

#[derive(Load)]
struct Series {
    #[jsonstream(seq)]
    mean: Mean,
}

fn main() {}
