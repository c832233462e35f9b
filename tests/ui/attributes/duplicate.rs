use jsonstream::Dump;

#[derive(Dump)]
#[jsonstream(rename_all = "camelCase", rename_all = "snake_case")]
struct Point {
    #[jsonstream(rename = "x", rename = "abscissa")]
    x: i32,
    #[jsonstream(seq)]
    #[jsonstream(blob)]
    values: Vec<u8>,
}

fn main() {}
