use jsonstream::Dump;

struct Point {
    x: i32,
}

#[derive(Dump)]
struct Shape {
    name: String,
    center: Point,
}

fn main() {}
