use jsonstream::Dump;

#[derive(Dump)]
#[jsonstream(rename_all = "camel_case")]
struct Point {
    first_x: i32,
}

fn main() {}
