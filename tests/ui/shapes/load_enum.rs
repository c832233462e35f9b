use jsonstream::Load;

#[derive(Load)]
enum Shape {
    Circle { radius: f64 },
    Square { side: f64 },
}

fn main() {}
