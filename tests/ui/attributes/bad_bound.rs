use jsonstream::Dump;

#[derive(Dump)]
#[jsonstream(bound(write = "T: Clone"))]
struct Wrapper<T> {
    #[jsonstream(bound = "T: not a bound")]
    value: T,
}

fn main() {}
