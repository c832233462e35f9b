//! `#[derive(Load)]`: a struct with named fields read from an object, its members in any
//! order, each field read as its mode says: blobs into sinks, sequences into collections.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{GenericParam, Lifetime, LifetimeParam};

use crate::ast::{Container, Data, Field};
use crate::attr::{Default, Encoding, Mode};
use crate::bound;

pub(crate) fn expand(cont: &Container<'_>) -> TokenStream {
    let Data::Struct(_, fields) = &cont.data else {
        unreachable!("only structs with named fields are loaded, as the checks ensure")
    };
    let krate = &cont.attrs.krate;
    let ident = cont.ident;
    let (_, ty_generics, _) = cont.generics.split_for_impl();
    let mut predicates = bound::de_outlives(cont.generics);
    predicates.extend(bounds(cont, fields));
    let mut generics = bound::with_predicates(cont.generics, predicates);
    let de = Lifetime::new("'de", Span::call_site());
    generics
        .params
        .insert(0, GenericParam::Lifetime(LifetimeParam::new(de)));
    let (impl_generics, _, where_clause) = generics.split_for_impl();

    let read: Vec<(usize, &Field<'_>)> = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| !field.attrs.skip)
        .collect();
    let names = read.iter().map(|(_, field)| &field.attrs.name.load);
    let slots = read.iter().map(|&(index, field)| {
        let var = var(index);
        let ty = field.ty;
        quote!(let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = read.iter().enumerate().map(|(position, &(index, field))| {
        let var = var(index);
        let name = &field.attrs.name.load;
        let value = read_value(field);
        quote! {
            ::core::option::Option::Some(#position) => {
                if ::core::option::Option::is_some(&#var) {
                    return ::core::result::Result::Err(
                        __jsonstream::__private::duplicate_field(__json, #name),
                    );
                }
                #var = ::core::option::Option::Some(#value);
            }
        }
    });
    let finished = read.iter().map(|&(index, field)| {
        let var = var(index);
        let missing = missing_value(field);
        quote! {
            let #var = match #var {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #missing,
            };
        }
    });
    let members = fields.iter().enumerate().map(|(index, field)| {
        let member = &field.member;
        if field.attrs.skip {
            let default = default_value(&field.attrs.default);
            quote!(#member: #default)
        } else {
            let var = var(index);
            quote!(#member: #var)
        }
    });
    let deny_unknown = cont.attrs.deny_unknown_fields;

    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_attributes, unused_qualifications, clippy::all)]
        const _: () = {
            use #krate as __jsonstream;

            #[automatically_derived]
            impl #impl_generics __jsonstream::Load<'de> for #ident #ty_generics #where_clause {
                fn load_from<__S: __jsonstream::read::Read<'de>>(
                    __json: &mut __jsonstream::JsonReader<__S>,
                    __loader: &mut __jsonstream::Loader<'_>,
                ) -> __jsonstream::Result<Self> {
                    #[allow(unused_imports)]
                    use __jsonstream::__private::{ViaDeserialize as _, ViaLoad as _};
                    const __FIELDS: &[&str] = &[#(#names),*];
                    #(#slots)*
                    __json.begin_object()?;
                    while __json.has_next()? {
                        match __jsonstream::__private::field_index(__json, __FIELDS, #deny_unknown)? {
                            #(#arms)*
                            _ => __json.skip_value()?,
                        }
                    }
                    __json.end_object()?;
                    #(#finished)*
                    ::core::result::Result::Ok(Self { #(#members),* })
                }
            }
        };
    }
}

/// The variable a field is read into.
fn var(index: usize) -> syn::Ident {
    format_ident!("__f{}", index)
}

/// An expression reading the next value of `__json` as the field's mode says, located at
/// the field's type for errors.
fn read_value(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    let span = field.type_span();
    let name = &field.attrs.name.load;
    match &field.attrs.mode {
        Mode::Value => quote_spanned! {span=>
            (&__jsonstream::__private::Probe::<#ty>::new()).__load_kind().load(__json, __loader)?
        },
        Mode::Blob(encoding) => {
            let encoding = match encoding {
                Encoding::Text => quote!(Text),
                Encoding::Base64 => quote!(Base64),
            };
            quote_spanned! {span=>
                __jsonstream::__private::load_blob::<#ty, __S>(
                    __json,
                    __loader,
                    #name,
                    __jsonstream::__private::Encoding::#encoding,
                )?
            }
        }
        Mode::Seq { item } => {
            let element = element_type(field, item.as_deref());
            quote_spanned! {span=> {
                let mut __collection: #ty = ::core::default::Default::default();
                __jsonstream::__private::load_seq::<#element, _, _, _>(
                    __json,
                    __loader,
                    &mut __collection,
                    |__json, __loader| {
                        (&__jsonstream::__private::Probe::<#element>::new())
                            .__load_kind()
                            .load(__json, __loader)
                    },
                )?;
                __collection
            }}
        }
    }
}

/// The element type of a `seq` field: `item = "…"`, else the collection's
/// `IntoIterator::Item`.
fn element_type(field: &Field<'_>, item: Option<&syn::Type>) -> TokenStream {
    let ty = field.ty;
    match item {
        Some(item) => quote!(#item),
        None => {
            let span = field.type_span();
            quote_spanned!(span=> <#ty as ::core::iter::IntoIterator>::Item)
        }
    }
}

/// An expression for a field absent from the document.
fn missing_value(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    let span = field.type_span();
    let name = &field.attrs.name.load;
    match (&field.attrs.default, &field.attrs.mode) {
        (Default::None, Mode::Value) => quote_spanned! {span=>
            (&__jsonstream::__private::Probe::<#ty>::new()).__load_kind().missing(__json, #name)?
        },
        (Default::None, _) => quote! {
            return ::core::result::Result::Err(__jsonstream::__private::missing_field(__json, #name))
        },
        (default, _) => default_value(default),
    }
}

fn default_value(default: &Default) -> TokenStream {
    match default {
        Default::Path(path) => quote!(#path()),
        Default::None | Default::Trait => quote!(::core::default::Default::default()),
    }
}

/// What fields of generic types need to be read.
fn bounds(cont: &Container<'_>, fields: &[Field<'_>]) -> Vec<TokenStream> {
    if let Some(bound) = &cont.attrs.bound.load {
        return bound.iter().map(|p| quote!(#p)).collect();
    }
    let mut predicates = Vec::new();
    for field in fields {
        if let Some(bound) = &field.attrs.bound.load {
            predicates.extend(bound.iter().map(|p| quote!(#p)));
            continue;
        }
        let ty = field.ty;
        let generic = bound::mentions_param(cont.generics, ty);
        let needs_default = matches!(field.attrs.default, Default::Trait)
            || (field.attrs.skip && matches!(field.attrs.default, Default::None));
        if generic && needs_default {
            predicates.push(quote!(#ty: ::core::default::Default));
        }
        if field.attrs.skip {
            continue;
        }
        match &field.attrs.mode {
            Mode::Value if generic => {
                predicates.push(quote!(#ty: __jsonstream::__private::serde::Deserialize<'de>));
            }
            Mode::Blob(_) if generic => {
                predicates.push(quote!(#ty: __jsonstream::blob::BlobValue));
            }
            Mode::Seq { item } => {
                // The element type is generic if it is named with a type parameter, or if it
                // is the `IntoIterator::Item` of a generic collection.
                let element_generic = match item {
                    Some(item) => bound::mentions_param(cont.generics, item),
                    None => generic,
                };
                let element = element_type(field, item.as_deref());
                if generic {
                    if item.is_none() {
                        predicates.push(quote!(#ty: ::core::iter::IntoIterator));
                    }
                    predicates.push(quote! {
                        #ty: ::core::default::Default + ::core::iter::Extend<#element>
                    });
                }
                if element_generic {
                    predicates
                        .push(quote!(#element: __jsonstream::__private::serde::Deserialize<'de>));
                }
            }
            _ => {}
        }
    }
    predicates
}
