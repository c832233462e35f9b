use jsonstream::Dump;

#[derive(Dump)]
enum Shape {
    #[jsonstream(skip)]
    Circle(f64),
    Square(f64),
}

fn main() {}
