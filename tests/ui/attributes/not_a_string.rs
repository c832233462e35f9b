use jsonstream::Load;

#[derive(Load)]
struct Point {
    #[jsonstream(rename = x)]
    x: i32,
    #[jsonstream(default = 0)]
    y: i32,
}

fn main() {}
