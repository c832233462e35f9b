//! Derive macros for [`jsonstream`](https://docs.rs/jsonstream).
//!
//! The `Dump` and `Load` derives are not implemented yet; this crate reserves the name and the
//! re-export path (`jsonstream::{Dump, Load}`) that the derive issue fills in.
