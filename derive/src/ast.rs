//! The derive input as the expansion sees it: the shape of the type, its fields and
//! variants, each with its parsed attributes.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Member, Type};

use crate::attr;
use crate::ctxt::Ctxt;

pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: attr::Container,
    pub(crate) data: Data<'a>,
    pub(crate) generics: &'a syn::Generics,
}

pub(crate) enum Data<'a> {
    Struct(Style, Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
    Union,
}

#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Style {
    /// `{ a: A, b: B }`
    Named,
    /// `(A, B)` or `()`.
    Tuple,
    /// `(A)`: a newtype, written as its one field.
    Newtype,
    /// No fields.
    Unit,
}

pub(crate) struct Field<'a> {
    /// `a` or `0`.
    pub(crate) member: Member,
    pub(crate) attrs: attr::Field,
    pub(crate) ty: &'a Type,
}

impl Field<'_> {
    /// Where the code that needs something of the field's type is located, so that an error
    /// about what the type lacks points at it; the code resolves at the call site, as all
    /// the expansion.
    pub(crate) fn type_span(&self) -> Span {
        Span::call_site().located_at(self.ty.span())
    }
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: attr::Variant,
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
}

impl<'a> Container<'a> {
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let attrs = attr::Container::from_ast(cx, input);
        let data = match &input.data {
            syn::Data::Struct(data) => {
                let (style, fields) = fields_from_ast(cx, &data.fields, &attrs.rename_all);
                Data::Struct(style, fields)
            }
            syn::Data::Enum(data) => Data::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        // `rename_all` on an enum renames its variants, as with serde.
                        let (style, fields) =
                            fields_from_ast(cx, &variant.fields, &attr::Both::default());
                        Variant {
                            ident: &variant.ident,
                            attrs: attr::Variant::from_ast(cx, variant, &attrs.rename_all),
                            style,
                            fields,
                        }
                    })
                    .collect(),
            ),
            syn::Data::Union(_) => Data::Union,
        };
        Container {
            ident: &input.ident,
            attrs,
            data,
            generics: &input.generics,
        }
    }
}

impl Container<'_> {
    /// Every field, of the struct or of all the variants.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &Field<'_>> {
        let (fields, variants): (&[Field<'_>], &[Variant<'_>]) = match &self.data {
            Data::Struct(_, fields) => (fields, &[]),
            Data::Enum(variants) => (&[], variants),
            Data::Union => (&[], &[]),
        };
        fields
            .iter()
            .chain(variants.iter().flat_map(|variant| &variant.fields))
    }
}

fn fields_from_ast<'a>(
    cx: &Ctxt,
    fields: &'a syn::Fields,
    rules: &attr::Both<crate::case::RenameRule>,
) -> (Style, Vec<Field<'a>>) {
    let style = match fields {
        syn::Fields::Named(_) => Style::Named,
        syn::Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => Style::Newtype,
        syn::Fields::Unnamed(_) => Style::Tuple,
        syn::Fields::Unit => Style::Unit,
    };
    let fields = fields
        .iter()
        .enumerate()
        .map(|(index, field)| Field {
            member: match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(index.into()),
            },
            attrs: attr::Field::from_ast(cx, index, field, rules),
            ty: &field.ty,
        })
        .collect();
    (style, fields)
}
