use jsonstream::Load;

struct Point {
    x: i32,
}

#[derive(Load)]
struct Series {
    #[jsonstream(seq)]
    points: Vec<Point>,
}

fn main() {}
