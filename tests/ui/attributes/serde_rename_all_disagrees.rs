use jsonstream::Dump;
use serde::Serialize;

#[derive(Serialize, Dump)]
#[serde(rename_all = "camelCase")]
#[jsonstream(rename_all = "kebab-case")]
struct Point {
    first_x: i32,
}

fn main() {}
