//! Inferred bounds: a field whose type mentions a type parameter needs, from that type, what
//! the generated code does with it (`Serialize`, `io::Read`, `IntoIterator`, …). Fields of
//! concrete types need nothing: the compiler checks them where they are used.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{Generics, Type, WherePredicate};

/// Whether `ty` mentions one of the type parameters of `generics`.
pub(crate) fn mentions_param(generics: &Generics, ty: &Type) -> bool {
    let params: BTreeSet<String> = generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    !params.is_empty() && mentions(&params, ty.to_token_stream())
}

fn mentions(params: &BTreeSet<String>, tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident.to_string()),
        TokenTree::Group(group) => mentions(params, group.stream()),
        _ => false,
    })
}

/// `generics` with `predicates` added to its where clause.
pub(crate) fn with_predicates(generics: &Generics, predicates: Vec<TokenStream>) -> Generics {
    let mut generics = generics.clone();
    let clause = generics.make_where_clause();
    for predicate in predicates {
        let predicate: WherePredicate = syn::parse_quote!(#predicate);
        clause.predicates.push(predicate);
    }
    generics
}

/// `'de: 'a` for every lifetime `'a` of `generics`, so that a field may borrow from the
/// input for as long as the type's lifetimes.
pub(crate) fn de_outlives(generics: &Generics) -> Vec<TokenStream> {
    generics
        .lifetimes()
        .map(|param| {
            let lifetime = &param.lifetime;
            quote!('de: #lifetime)
        })
        .collect()
}
