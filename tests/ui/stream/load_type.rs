// A `Load` type is not `Deserialize`: `stream` refuses it and points to `Loader::stream`.
use jsonstream::Load;

#[derive(Load)]
struct Upload {
    name: String,
    #[jsonstream(blob = "base64")]
    content: Vec<u8>,
}

fn main() {
    let file = &b"[]"[..];
    for upload in jsonstream::stream::<Upload, _>(file) {
        let _ = upload;
    }
}
