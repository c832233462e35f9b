//! `#[derive(Dump)]`: a struct as an object (or array, or its one field, or `null`), an enum
//! externally tagged, as serde writes them; each field written as its mode says.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use crate::ast::{Container, Data, Field, Style};
use crate::attr::{Encoding, Mode};
use crate::{bound, dummy};

pub(crate) fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = &cont.attrs.krate;
    let ident = cont.ident;
    let generics = bound::with_predicates(cont.generics, bounds(cont));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &cont.data {
        Data::Struct(style, fields) => {
            let pattern = pattern(quote!(Self), *style, fields);
            let write = write_fields(*style, fields);
            quote! {
                let #pattern = self;
                #write
            }
        }
        Data::Enum(variants) => {
            let arms = variants.iter().map(|variant| {
                let variant_ident = variant.ident;
                let pattern = pattern(quote!(Self::#variant_ident), variant.style, &variant.fields);
                let name = &variant.attrs.name.dump;
                let write = if variant.style == Style::Unit {
                    quote!(__json.string_value(#name)?;)
                } else {
                    let fields = write_fields(variant.style, &variant.fields);
                    quote! {
                        __json.begin_object()?;
                        __json.key(#name)?;
                        #fields
                        __json.end_object()?;
                    }
                };
                quote!(#pattern => { #write })
            });
            quote!(match self { #(#arms)* })
        }
        Data::Union => unreachable!("unions are rejected by the checks"),
    };
    let code = quote! {
        #[automatically_derived]
        impl #impl_generics __jsonstream::Dump for #ident #ty_generics #where_clause {
            fn dump_to<__W: ::std::io::Write, __F: __jsonstream::Formatter>(
                self,
                __json: &mut __jsonstream::JsonWriter<__W, __F>,
            ) -> __jsonstream::Result<()> {
                #[allow(unused_imports)]
                use __jsonstream::__private::{ViaBytes as _, ViaDump as _, ViaRead as _, ViaSerialize as _};
                #body
                ::core::result::Result::Ok(())
            }
        }
    };
    dummy::wrap_in_const(krate, code)
}

/// The variable a field is bound to.
fn var(index: usize) -> syn::Ident {
    format_ident!("__f{}", index)
}

/// `Self { a: __f0, b: _ }`, `Self(__f0, _)` or `Self`: the fields moved out of `self`.
fn pattern(path: TokenStream, style: Style, fields: &[Field<'_>]) -> TokenStream {
    let bindings = fields.iter().enumerate().map(|(index, field)| {
        let binding = if field.attrs.skip {
            quote!(_)
        } else {
            let var = var(index);
            quote!(#var)
        };
        match style {
            Style::Named => {
                let member = &field.member;
                quote!(#member: #binding)
            }
            _ => binding,
        }
    });
    match style {
        Style::Named => quote!(#path { #(#bindings),* }),
        Style::Tuple | Style::Newtype => quote!(#path(#(#bindings),*)),
        Style::Unit => quote!(#path),
    }
}

/// Statements writing the bound fields: an object, an array, the one field of a newtype, or
/// `null`.
fn write_fields(style: Style, fields: &[Field<'_>]) -> TokenStream {
    let written = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| !field.attrs.skip);
    match style {
        Style::Named => {
            let members = written.map(|(index, field)| {
                let name = &field.attrs.name.dump;
                let value = write_value(index, field);
                quote! {
                    __json.key(#name)?;
                    #value
                }
            });
            quote! {
                __json.begin_object()?;
                #(#members)*
                __json.end_object()?;
            }
        }
        Style::Newtype => {
            let values = written.map(|(index, field)| write_value(index, field));
            quote!(#(#values)*)
        }
        Style::Tuple => {
            let values = written.map(|(index, field)| write_value(index, field));
            quote! {
                __json.begin_array()?;
                #(#values)*
                __json.end_array()?;
            }
        }
        Style::Unit => quote!(__json.null_value()?;),
    }
}

/// A statement writing the field bound to `__f{index}` as its mode says, located at the
/// field's type for errors.
fn write_value(index: usize, field: &Field<'_>) -> TokenStream {
    let span = field.type_span();
    // An unmet bound is reported at the argument whose type it is about.
    let mut var = var(index);
    var.set_span(span);
    match &field.attrs.mode {
        Mode::Value => quote_spanned! {span=>
            (&__jsonstream::__private::probe(&#var)).__dump_kind().dump(#var, __json)?;
        },
        Mode::Blob(encoding) => {
            let encoding = match encoding {
                Encoding::Text => quote!(Text),
                Encoding::Base64 => quote!(Base64),
            };
            quote_spanned! {span=>
                (&__jsonstream::__private::probe(&#var)).__blob_kind().dump(
                    #var,
                    __json,
                    __jsonstream::__private::Encoding::#encoding,
                )?;
            }
        }
        Mode::Seq { .. } => quote_spanned! {span=>
            __json.begin_array()?;
            for __item in #var {
                (&__jsonstream::__private::probe(&__item)).__dump_kind().dump(__item, __json)?;
            }
            __json.end_array()?;
        },
    }
}

/// What fields of generic types need to be written.
fn bounds(cont: &Container<'_>) -> Vec<TokenStream> {
    if let Some(bound) = &cont.attrs.bound.dump {
        return bound.iter().map(|p| quote!(#p)).collect();
    }
    let mut predicates = Vec::new();
    for field in cont.fields().filter(|field| !field.attrs.skip) {
        if let Some(bound) = &field.attrs.bound.dump {
            predicates.extend(bound.iter().map(|p| quote!(#p)));
            continue;
        }
        if !bound::mentions_param(cont.generics, field.ty) {
            continue;
        }
        let ty = field.ty;
        predicates.push(match &field.attrs.mode {
            Mode::Value => quote!(#ty: __jsonstream::__private::serde::Serialize),
            Mode::Blob(_) => quote!(#ty: ::std::io::Read),
            Mode::Seq { .. } => quote! {
                #ty: ::core::iter::IntoIterator<
                    Item: __jsonstream::__private::serde::Serialize
                >
            },
        });
    }
    predicates
}
