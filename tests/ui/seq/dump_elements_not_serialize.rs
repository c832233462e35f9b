use jsonstream::Dump;

struct Point {
    x: i32,
}

#[derive(Dump)]
struct Series {
    #[jsonstream(seq)]
    points: Vec<Point>,
}

fn main() {}
