use jsonstream::Dump;
use serde::Serialize;

#[derive(Serialize, Dump)]
struct Point {
    #[serde(rename = "abscissa")]
    #[jsonstream(rename = "x")]
    x: i32,
}

fn main() {}
