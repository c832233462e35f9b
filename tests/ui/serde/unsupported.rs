use jsonstream::{Dump, Load};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Dump, Load)]
#[serde(tag = "type", deny_unknown_fields)]
enum Event {
    #[serde(rename_all = "camelCase")]
    Click { x_pos: i32 },
    #[serde(skip)]
    Hidden,
}

#[derive(Serialize, Dump)]
struct Page {
    #[serde(flatten)]
    meta: Meta,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(with = "serde_bytes_like")]
    raw: Vec<u8>,
}

#[derive(Serialize, Dump)]
#[serde(transparent)]
struct Meta {
    title: String,
}

mod serde_bytes_like {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

fn main() {}
