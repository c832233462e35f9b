//! `#[derive(Load)]`: the shapes that `Dump` writes, read back as serde reads them: a struct
//! with named fields from an object, its members in any order; a tuple struct from an array,
//! a newtype as its field, a unit struct from `null`; an enum externally tagged. Each field is
//! read as its mode says: blobs into sinks, sequences into collections.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{GenericParam, Lifetime, LifetimeParam};

use crate::ast::{Container, Data, Field, Style, Variant};
use crate::attr::{Default, Encoding, Mode};
use crate::{bound, dummy};

pub(crate) fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = &cont.attrs.krate;
    let ident = cont.ident;
    let (_, ty_generics, _) = cont.generics.split_for_impl();
    let mut predicates = bound::de_outlives(cont.generics);
    predicates.extend(bounds(cont));
    let mut generics = bound::with_predicates(cont.generics, predicates);
    let de = Lifetime::new("'de", Span::call_site());
    generics
        .params
        .insert(0, GenericParam::Lifetime(LifetimeParam::new(de)));
    let (impl_generics, _, where_clause) = generics.split_for_impl();

    let body = match &cont.data {
        Data::Struct(style, fields) => {
            let shape = Shape {
                path: quote!(Self),
                style: *style,
                fields,
                name: match style {
                    Style::Named => format!("struct {ident}"),
                    Style::Tuple | Style::Newtype => format!("tuple struct {ident}"),
                    Style::Unit => format!("unit struct {ident}"),
                },
            };
            shape.read(cont)
        }
        Data::Enum(variants) => read_enum(cont, variants),
        Data::Union => unreachable!("unions are rejected by the checks"),
    };

    let code = quote! {
        #[automatically_derived]
        impl #impl_generics __jsonstream::Load<'de> for #ident #ty_generics #where_clause {
            fn load_from<__S: __jsonstream::read::Read<'de>>(
                __json: &mut __jsonstream::JsonReader<__S>,
                __loader: &mut __jsonstream::Loader<'_>,
            ) -> __jsonstream::Result<Self> {
                #[allow(unused_imports)]
                use __jsonstream::__private::{ViaDeserialize as _, ViaLoad as _};
                ::core::result::Result::Ok(#body)
            }
        }
    };
    dummy::wrap_in_const(krate, code)
}

/// The variable a field is read into.
fn var(index: usize) -> syn::Ident {
    format_ident!("__f{}", index)
}

/// A struct or a variant with fields: what to construct, from what.
struct Shape<'a> {
    /// `Self` or `Self::Variant`.
    path: TokenStream,
    style: Style,
    fields: &'a [Field<'a>],
    /// What serde calls it in errors: `struct Name`, `tuple variant Name::Variant`, …
    name: String,
}

impl Shape<'_> {
    /// An expression reading the next value of `__json` as this shape.
    fn read(&self, cont: &Container<'_>) -> TokenStream {
        match self.style {
            Style::Named => self.read_named(cont),
            Style::Newtype => self.read_newtype(),
            Style::Tuple => self.read_tuple(),
            Style::Unit => {
                let path = &self.path;
                let name = &self.name;
                quote! {{
                    __jsonstream::__private::unit_struct(__json, #name)?;
                    #path
                }}
            }
        }
    }

    /// The fields that are read, with their index among all the fields.
    fn read_fields(&self) -> Vec<(usize, &Field<'_>)> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.attrs.skip)
            .collect()
    }

    /// `Self { a: __f0, b: <default> }` or `Self(__f0, <default>)`, from the variables.
    fn construct(&self) -> TokenStream {
        let path = &self.path;
        let values = self.fields.iter().enumerate().map(|(index, field)| {
            let value = if field.attrs.skip {
                default_value(&field.attrs.default)
            } else {
                let var = var(index);
                quote!(#var)
            };
            match self.style {
                Style::Named => {
                    let member = &field.member;
                    quote!(#member: #value)
                }
                _ => value,
            }
        });
        match self.style {
            Style::Named => quote!(#path { #(#values),* }),
            _ => quote!(#path(#(#values),*)),
        }
    }

    /// An object whose members come in any order, or, as serde reads a struct, an array of
    /// the fields in order.
    fn read_named(&self, cont: &Container<'_>) -> TokenStream {
        let read = self.read_fields();
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
        let deny_unknown = cont.attrs.deny_unknown_fields;
        let name = &self.name;
        let construct = self.construct();
        let elements = self.read_elements();
        quote! {
            match __jsonstream::__private::begin_struct(__json, #name)? {
                __jsonstream::__private::Members::Named => {
                    const __FIELDS: &[&str] = &[#(#names),*];
                    #(#slots)*
                    while __json.has_next()? {
                        match __jsonstream::__private::field_index(__json, __FIELDS, #deny_unknown)? {
                            #(#arms)*
                            _ => __json.skip_value()?,
                        }
                    }
                    // After the `}`, so that a missing field is reported where serde_json
                    // reports it.
                    __json.end_object()?;
                    #(#finished)*
                    #construct
                }
                __jsonstream::__private::Members::Positional => #elements,
            }
        }
    }

    /// An array of the fields in order.
    fn read_tuple(&self) -> TokenStream {
        let name = &self.name;
        let elements = self.read_elements();
        quote! {{
            __jsonstream::__private::begin_tuple(__json, #name)?;
            #elements
        }}
    }

    /// After the `[`: the fields in order, each element read as its mode says, then the `]`,
    /// then the value. A field with a default may be absent at the end, as with serde.
    fn read_elements(&self) -> TokenStream {
        let read = self.read_fields();
        let expecting = format!("{} with {} elements", self.name, read.len());
        let elements = read.iter().enumerate().map(|(position, &(index, field))| {
            let var = var(index);
            let value = read_value(field);
            let absent = match &field.attrs.default {
                Default::None => quote! {
                    return ::core::result::Result::Err(
                        __jsonstream::__private::missing_element(__json, #position, #expecting),
                    )
                },
                default => default_value(default),
            };
            quote! {
                let #var = if __json.has_next()? { #value } else { #absent };
            }
        });
        let construct = self.construct();
        quote! {{
            #(#elements)*
            __jsonstream::__private::end_tuple(__json)?;
            #construct
        }}
    }

    /// The one field, as the value itself.
    fn read_newtype(&self) -> TokenStream {
        let value = read_value(&self.fields[0]);
        let path = &self.path;
        quote!(#path(#value))
    }
}

/// An expression reading an externally tagged enum: `"Variant"` for a unit variant,
/// `{"Variant": content}` for any.
fn read_enum(cont: &Container<'_>, variants: &[Variant<'_>]) -> TokenStream {
    let ident = cont.ident;
    let expecting = format!("enum {ident}");
    if variants.is_empty() {
        return quote!(match __jsonstream::__private::no_variant(__json, #expecting)? {});
    }
    let names = variants.iter().map(|variant| &variant.attrs.name.load);
    let last = variants.len() - 1;
    let arms = variants.iter().enumerate().map(|(index, variant)| {
        let variant_ident = variant.ident;
        // The last arm takes every index, so that the match needs no unreachable arm.
        let pattern = if index == last {
            quote!(_)
        } else {
            quote!(#index)
        };
        let read = if variant.style == Style::Unit {
            quote! {{
                if __tag == __jsonstream::__private::Tag::Wrapped {
                    __jsonstream::__private::unit_variant(__json)?;
                    __jsonstream::__private::end_variant(__json)?;
                }
                Self::#variant_ident
            }}
        } else {
            let kind = match variant.style {
                Style::Named => "struct variant",
                Style::Newtype => "newtype variant",
                _ => "tuple variant",
            };
            let shape = Shape {
                path: quote!(Self::#variant_ident),
                style: variant.style,
                fields: &variant.fields,
                name: format!("{kind} {ident}::{variant_ident}"),
            };
            let value = shape.read(cont);
            quote! {{
                if __tag == __jsonstream::__private::Tag::Bare {
                    return ::core::result::Result::Err(
                        __jsonstream::__private::bare_variant(__json, #kind),
                    );
                }
                let __value = #value;
                __jsonstream::__private::end_variant(__json)?;
                __value
            }}
        };
        quote!((#pattern, __tag) => #read)
    });
    quote! {{
        const __VARIANTS: &[&str] = &[#(#names),*];
        match __jsonstream::__private::variant(__json, __VARIANTS)? {
            #(#arms)*
        }
    }}
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
fn bounds(cont: &Container<'_>) -> Vec<TokenStream> {
    if let Some(bound) = &cont.attrs.bound.load {
        return bound.iter().map(|p| quote!(#p)).collect();
    }
    let mut predicates = Vec::new();
    for field in cont.fields() {
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
