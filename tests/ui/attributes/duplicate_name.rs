use jsonstream::Load;

#[derive(Load)]
struct Point {
    #[jsonstream(rename = "y")]
    x: i32,
    y: i32,
}

fn main() {}
