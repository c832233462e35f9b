//! Derive macros `Dump` and `Load` for [`jsonstream`](https://docs.rs/jsonstream): structs
//! and enums written into a `JsonWriter` and read from a `JsonReader`, with blob
//! fields streamed from an `io::Read` and into a sink, and sequence fields streamed element
//! by element.
//!
//! Use them through the `jsonstream` crate (`use jsonstream::{Dump, Load};`), whose
//! documentation describes the attributes.

// Each derive parses its input and attributes (`ast`, `attr`), collecting every error in a
// context (`ctxt`) so that all of them are reported at once, checks what no single attribute
// can (`valid`), then expands (`dump`, `load`) inside an anonymous `const` (`dummy`).

mod ast;
mod attr;
mod bound;
mod case;
mod ctxt;
mod dummy;
mod dump;
mod load;
mod valid;

use std::fmt;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `jsonstream::Dump`.
#[proc_macro_derive(Dump, attributes(jsonstream, serde))]
pub fn derive_dump(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Derive::Dump).into()
}

/// Derives `jsonstream::Load`.
#[proc_macro_derive(Load, attributes(jsonstream, serde))]
pub fn derive_load(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Derive::Load).into()
}

/// Which of the two derives is expanding.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Derive {
    Dump,
    Load,
}

impl fmt::Display for Derive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Derive::Dump => "Dump",
            Derive::Load => "Load",
        })
    }
}

fn expand(input: &DeriveInput, derive: Derive) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::new();
    let cont = ast::Container::from_ast(&cx, input);
    valid::check(&cx, &cont, derive);
    if let Err(err) = cx.check() {
        return err.into_compile_error();
    }
    match derive {
        Derive::Dump => dump::expand(&cont),
        Derive::Load => load::expand(&cont),
    }
}
