use jsonstream::Load;

struct Point {
    x: i32,
}

#[derive(Load)]
struct Shape {
    name: String,
    center: Point,
}

fn main() {}
