//! Checks of the parsed input that no single attribute can make: combinations, shapes that a
//! derive does not support, names that collide.

use std::collections::BTreeMap;

use crate::ast::{Container, Data, Field, Style};
use crate::attr::Mode;
use crate::ctxt::Ctxt;
use crate::Derive;

pub(crate) fn check(cx: &Ctxt, cont: &Container<'_>, derive: Derive) {
    if derive == Derive::Load {
        for param in cont.generics.lifetimes() {
            if param.lifetime.ident == "de" {
                cx.error_spanned_by(
                    &param.lifetime,
                    "#[derive(Load)] names the input's lifetime `'de`: rename this lifetime",
                );
            }
        }
    }
    match &cont.data {
        Data::Union => cx.error_spanned_by(
            cont.ident,
            format!(
                "#[derive({derive})] is not supported on unions: a union's value cannot be known"
            ),
        ),
        Data::Enum(variants) => {
            let mut names = BTreeMap::new();
            for variant in variants {
                let name = variant.attrs.name.of(derive);
                if names.insert(name, variant.ident).is_some() {
                    cx.error_spanned_by(
                        variant.ident,
                        format!("two variants are named `{name}` in the document"),
                    );
                }
                check_fields(cx, &variant.fields, variant.style, derive);
            }
        }
        Data::Struct(style, fields) => check_fields(cx, fields, *style, derive),
    }
}

fn check_fields(cx: &Ctxt, fields: &[Field<'_>], style: Style, derive: Derive) {
    let mut names = BTreeMap::new();
    for field in fields {
        let attrs = &field.attrs;
        if let (true, Some(mode)) = (attrs.skip, &attrs.mode_tokens) {
            cx.error_spanned_by(mode, "`blob` and `seq` have no effect on a `skip` field");
        }
        if let Some(item) = &attrs.item_tokens {
            if !matches!(attrs.mode, Mode::Seq { .. }) {
                cx.error_spanned_by(
                    item,
                    "`item` is the element type of a `seq` field: add `seq`",
                );
            }
        }
        if matches!(style, Style::Tuple | Style::Newtype) {
            if let Some(rename) = &attrs.rename {
                cx.error_spanned_by(rename, "a tuple field has no name to rename");
            }
            if style == Style::Newtype && attrs.skip {
                cx.error_spanned_by(
                    field.ty,
                    "the one field of a newtype is its value: it cannot be skipped",
                );
            }
        }
        if attrs.skip {
            continue;
        }
        let name = attrs.name.of(derive);
        if style == Style::Named && names.insert(name, &field.member).is_some() {
            cx.error_spanned_by(
                &field.member,
                format!("two fields are named `{name}` in the document"),
            );
        }
    }
}
