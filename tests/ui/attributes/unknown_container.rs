use jsonstream::Dump;

#[derive(Dump)]
#[jsonstream(rename_al = "camelCase")]
struct Point {
    x: i32,
}

fn main() {}
