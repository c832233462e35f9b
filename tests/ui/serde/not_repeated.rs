use jsonstream::{Dump, Load};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Dump, Load)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(skip)]
    cache: Vec<u8>,
    #[serde(default)]
    retries: u32,
    #[serde(default = "one")]
    #[jsonstream(default = "one")]
    workers: u32,
    #[serde(skip)]
    #[jsonstream(skip)]
    scratch: Vec<u8>,
}

#[derive(Serialize, Deserialize, Dump, Load)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[jsonstream(deny_unknown_fields)]
struct Repeated {
    #[serde(alias = "old_name")]
    new_name: u32,
}

fn one() -> u32 {
    1
}

fn main() {}
